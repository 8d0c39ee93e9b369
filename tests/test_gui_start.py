"""The GUI entry: first run creates the administrator, login refuses a wrong password, the main window
shows the user, the file and the overdue count; Chinese renders with the shipped font."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtGui import QFontDatabase  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qa_desk.core import users  # noqa: E402
from qa_desk.ui.fonts import install_app_font  # noqa: E402
from qa_desk.ui.i18n import set_language  # noqa: E402
from qa_desk.ui.login import FirstRunDialog, LoginDialog  # noqa: E402
from qa_desk.ui.main_window import MainWindow  # noqa: E402
from tests import flows  # noqa: E402


def test_shipped_font_is_loaded(qapp):
    family = install_app_font(qapp)
    assert family and "WenQuanYi" in family
    assert family in QFontDatabase.families()
    assert QApplication.font().family() == family


def test_first_run_creates_administrator(qtbot, base):
    set_language("zh_CN")
    dlg = FirstRunDialog(base)
    qtbot.addWidget(dlg)
    dlg.password.setText("short")
    dlg.repeat.setText("short")
    dlg.create()
    assert "8" in dlg.error.text() and users.count(base.db) == 0
    dlg.password.setText("admin-pass-1")
    dlg.repeat.setText("admin-pass-1")
    dlg.create()
    assert users.count(base.db) == 1 and users.find(base.db, "admin")
    assert dlg.session is not None and dlg.session.actor.username == "admin"  # goes on to the office's users


def test_login_then_main_window(qtbot, people, base, tmp_path, db_path):
    set_language("en")
    flows.registered(people)
    dlg = LoginDialog(base)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.user, "inspector")
    qtbot.keyClicks(dlg.password, "wrong")
    dlg.try_login()
    assert "Wrong" in dlg.error.text() and dlg.session is None
    qtbot.keyClicks(dlg.password, "insp-pass-1")
    dlg.try_login()
    assert dlg.session is not None and dlg.session.actor.username == "inspector"
    window = MainWindow(dlg.session, str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(window)
    assert "张伟" in window.user_label.text()
    qtbot.waitUntil(lambda: window.counts_shown, timeout=10_000)
    assert window.overdue_label.text().startswith("Overdue: ")
    assert window.triage.model.rowCount() == 1


def test_admin_imports_next_years_calendar(qtbot, people, tmp_path):
    from datetime import date

    from qa_desk.core.workcal import WorkCalendar
    from qa_desk.ui.admin_view import AdminView

    set_language("zh_CN")
    view = AdminView(people["admin"])
    qtbot.addWidget(view)
    assert "2027 年的法定节假日尚未录入" in view.years.text()
    bad = tmp_path / "bad.csv"
    bad.write_text("2027-01-01,holiday\n2027-02-30,holiday\n", encoding="utf-8")
    view.year.setValue(2027)
    assert not view.import_csv(bad) and "第 2 行" in view.calendar_errors.text()
    good = tmp_path / "2027.csv"
    good.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-07,workday,春节调休\n", encoding="utf-8")
    assert view.import_csv(good)
    assert "尚未录入" not in view.years.text()
    assert WorkCalendar.load(people["admin"].db).is_workday(date(2027, 2, 7))


def test_admin_saves_settings_as_one_action_and_sees_refusals(qtbot, people):
    from qa_desk.core import settings
    from qa_desk.paths import resources_dir
    from qa_desk.ui.settings_panel import SettingsPanel

    panel = SettingsPanel(people["admin"])
    qtbot.addWidget(panel)
    panel.editors["company_name"].setText("示例制药有限公司")
    panel.editors["number_pattern"].setText("no-sequence")
    assert not panel.save() and "{seq}" in panel.errors.text()
    assert settings.get(people["admin"].db, "company_name") == ""  # nothing half-written
    panel.editors["number_pattern"].setText("QA-{year}-{seq:05d}")
    assert panel.save()
    db = people["admin"].db
    assert settings.get(db, "company_name") == "示例制药有限公司"
    assert settings.get(db, "number_pattern") == "QA-{year}-{seq:05d}"
    assert panel.set_logo(resources_dir() / "demo" / "logo.png") and not panel.logo.pixmap().isNull()


def test_password_change_and_admin_unlock_and_reset(qtbot, people, db_path):
    from qa_desk.core import users
    from qa_desk.core.errors import DomainError
    from qa_desk.core.session import Session
    from qa_desk.ui.admin_view import AdminView
    from qa_desk.ui.password_dialog import PasswordDialog

    dlg = PasswordDialog(people["inspector"])
    qtbot.addWidget(dlg)
    dlg.old.setText("insp-pass-1")
    dlg.new.setText("new-pass-22")
    dlg.again.setText("new-pass-2")
    assert not dlg.save() and dlg.errors.text()
    dlg.again.setText("new-pass-22")
    assert dlg.save()
    base = Session(people["admin"].db, clock=people["admin"].clock)
    assert users.login(base, "inspector", "new-pass-22").actor.username == "inspector"
    for _ in range(5):
        try:
            users.login(base, "inspector", "wrong")
        except DomainError:
            pass
    admin_page = AdminView(people["admin"], str(db_path))
    qtbot.addWidget(admin_page)
    row = [admin_page.users.item(i, 0).text() for i in range(admin_page.users.rowCount())].index("inspector")
    admin_page.users.selectRow(row)
    assert admin_page.unlock_selected("called the help desk")
    assert admin_page.reset_selected("temp-pass-33", "forgot the password")
    assert users.find(people["admin"].db, "inspector")["must_change_password"] == 1
