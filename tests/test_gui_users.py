"""User administration and the login flows in the GUI, on a real file that starts with only the first
administrator: the Administration page creates an inspector, refuses the administrator a signer role,
deactivates; a temporary password forces the change-password dialog; the first run goes on to the office's
users; a clock behind the audit trail is warned about and confirmed by an administrator."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox  # noqa: E402

from qa_desk.core import settings, users  # noqa: E402
from qa_desk.core.errors import DomainError  # noqa: E402
from qa_desk.core.session import SYSTEM  # noqa: E402
from qa_desk.store.audit import changes
from qa_desk.ui import app  # noqa: E402
from qa_desk.ui.admin_view import AdminView  # noqa: E402
from qa_desk.ui.i18n import set_language  # noqa: E402
from qa_desk.ui.lock import LockDialog  # noqa: E402
from qa_desk.ui.login import FirstRunDialog, LoginDialog  # noqa: E402
from qa_desk.ui.password_dialog import PasswordDialog  # noqa: E402
from qa_desk.ui.users_dialogs import AddUserDialog, ConfirmClockDialog, FirstUsersDialog  # noqa: E402
from tests.gui_helpers import type_text  # noqa: E402

ADMIN_PW = "Admin-pass-1"
TEMP = "Temp-pass-1"


@pytest.fixture
def admin(base):
    """A file holding only its first administrator, logged in."""
    set_language("en")
    users.create_user(base.as_user(SYSTEM), "admin", "Administrator", ["admin"], ADMIN_PW)
    return users.login(base, "admin", ADMIN_PW)


def answer(qtbot, *handlers):
    """Answer the modal dialogs the code under test opens (exec blocks), one handler per dialog, in order. Each
    handler runs from its own zero-time timer, so one that opens the next modal dialog does not stop the
    polling; a handler that fails closes its dialog, so the test fails instead of hanging."""
    pending, seen, errors = list(handlers), set(), []

    def run(w, handler):
        try:
            handler(w)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test in finished()
            errors.append(exc)
            pending.clear()
            w.reject() if isinstance(w, QDialog) else w.close()

    def poll():
        w = QApplication.activeModalWidget()
        if w is None or id(w) in seen or not pending:
            return
        seen.add(id(w))
        handler = pending.pop(0)
        QTimer.singleShot(0, lambda: run(w, handler))

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(20)
    return timer, pending, errors


def finished(driver):
    timer, pending, errors = driver
    timer.stop()
    if errors:
        raise errors[0]
    assert pending == [], "a dialog the test expected was not shown"


def page_for(qtbot, session) -> AdminView:
    page = AdminView(session)
    qtbot.addWidget(page)
    return page


def add_through_page(qtbot, page, username, display, roles, *, reason="new member of the QA office"):
    qtbot.mouseClick(page.user_buttons["add"], Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert isinstance(dlg, AddUserDialog)
    type_text(qtbot, dlg.username, username)
    type_text(qtbot, dlg.display_name, display)
    type_text(qtbot, dlg.department, "质量保证部")
    type_text(qtbot, dlg.job_title, "QA inspector")
    for role in roles:
        dlg.role_boxes.boxes[role].setChecked(True)
    assert not dlg.ok.isEnabled()  # no reason yet
    type_text(qtbot, dlg.reason_edit, reason)
    assert dlg.ok.isEnabled()
    return dlg


def audit(db, **where):
    cond = " AND ".join(f"{k} = ?" for k in where)
    return [dict(r) for r in db.conn.execute(f"SELECT * FROM audit_log WHERE {cond} ORDER BY id",
                                             tuple(where.values()))]


def test_admin_creates_an_inspector_through_the_page(qtbot, admin):
    page = page_for(qtbot, admin)
    dlg = add_through_page(qtbot, page, "inspector", "张伟", ["inspector"])
    first = dlg.password.text()
    qtbot.mouseClick(dlg.password.generate, Qt.MouseButton.LeftButton)
    temporary = dlg.password.text()
    assert temporary != first and len(temporary) >= 12
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    row = users.find(admin.db, "inspector")
    assert json.loads(row["roles"]) == ["inspector"] and row["must_change_password"] == 1
    assert row["display_name"] == "张伟" and row["department"] == "质量保证部"
    created = audit(admin.db, tbl="users", record_id=row["id"], op="insert")
    assert created[0]["reason"] == "new member of the QA office" and created[0]["username"] == "admin"
    assert temporary in page.user_done.text()  # shown to hand over
    shown = {page.users.item(i, 0).text(): page.users.item(i, 4).text() for i in range(page.users.rowCount())}
    assert shown["inspector"] == admin.policy.label("role", "inspector", "en")
    states = [page.users.item(i, 5).text() for i in range(page.users.rowCount())]
    assert "must change password" in states
    assert users.login(admin.as_user(SYSTEM), "inspector", temporary).actor.username == "inspector"


def test_add_user_refusal_stays_in_the_dialog(qtbot, admin):
    page = page_for(qtbot, admin)
    dlg = add_through_page(qtbot, page, "admin", "Another admin", ["inspector"])  # name used, signer role
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and "never reused" in dlg.username.toolTip()  # said at the user name
    assert "user name" in dlg.error.text() and dlg.username.property("fieldError")
    assert users.count(admin.db) == 1


def test_admin_giving_itself_a_signer_role_is_refused_on_the_page(qtbot, admin):
    page = page_for(qtbot, admin)
    before = admin.db.conn.execute("SELECT roles FROM users WHERE username = 'admin'").fetchone()[0]
    page.select_user("admin")
    qtbot.mouseClick(page.user_buttons["roles"], Qt.MouseButton.LeftButton)
    dlg = page.dialog
    dlg.role_boxes.boxes["quality_vp"].setChecked(True)
    type_text(qtbot, dlg.reason_edit, "I will approve too")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert "administrator account cannot also hold a signer role" in page.user_errors.text()
    assert admin.db.conn.execute("SELECT roles FROM users WHERE username = 'admin'").fetchone()[0] == before
    refused = [json.loads(e["new"]) for e in audit(admin.db, action="refused")]
    assert any(r["action"] == "roles" and r["why"] == "admin_signer" for r in refused)
    # and changing one's own roles without a conflict is refused too
    assert not page.change_roles("admin", ["admin", "reception"], "reception as well")
    assert "Nobody changes their own roles" in page.user_errors.text()
    assert admin.db.conn.execute("SELECT roles FROM users WHERE username = 'admin'").fetchone()[0] == before


def test_new_user_is_made_to_change_the_temporary_password_at_login(qtbot, admin, base):
    users.create_user(admin, "inspector", "张伟", ["inspector"], TEMP, reason="new inspector")

    def log_in(dlg):
        assert isinstance(dlg, LoginDialog)
        dlg.user.setText("inspector")
        dlg.password.setText(TEMP)
        dlg.try_login()

    def change(dlg):
        assert isinstance(dlg, PasswordDialog) and dlg.findChild(type(dlg.rules), "forced_intro").isVisible()
        dlg.old.setText(TEMP)
        dlg.new.setText("short")
        assert "at least 8 characters" in dlg.rules.text()  # the core's rule, as typed
        dlg.again.setText("short")
        assert not dlg.save() and "8" in dlg.errors.text()  # the core's refusal, in the dialog
        dlg.new.setText("Own-pass-22")
        dlg.again.setText("Own-pass-22")
        assert dlg.save()

    driver = answer(qtbot, log_in, change)
    session = app.log_in(base)
    finished(driver)
    assert session is not None and session.actor.username == "inspector"
    assert not users.must_change_password(session)
    assert session.may("triage")
    assert users.login(base, "inspector", "Own-pass-22")


def test_cancelling_the_forced_change_quits(qtbot, admin, base):
    users.create_user(admin, "inspector", "张伟", ["inspector"], TEMP, reason="new inspector")

    def log_in(dlg):
        dlg.user.setText("inspector")
        dlg.password.setText(TEMP)
        dlg.try_login()

    driver = answer(qtbot, log_in, lambda dlg: dlg.reject())
    assert app.log_in(base) is None
    finished(driver)
    assert users.find(base.db, "inspector")["must_change_password"] == 1


def test_deactivate_through_the_page_then_login_is_refused(qtbot, admin, base):
    users.create_user(admin, "inspector", "张伟", ["inspector"], TEMP, reason="new inspector")
    page = page_for(qtbot, admin)
    page.select_user("inspector")
    assert page.user_buttons["deactivate"].isEnabled() and not page.user_buttons["reactivate"].isEnabled()
    qtbot.mouseClick(page.user_buttons["deactivate"], Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert not dlg.ok.isEnabled()  # a reason is required
    type_text(qtbot, dlg.reason_edit, "left the company")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    row = users.find(base.db, "inspector")
    assert row["active"] == 0
    entry = [e for e in audit(base.db, tbl="users", record_id=row["id"], op="update")
             if "active" in {c[0] for c in changes(e)}][0]
    assert entry["reason"] == "left the company"
    assert page.users.item([page.users.item(i, 0).text() for i in range(page.users.rowCount())].index(
        "inspector"), 5).text() == "deactivated"
    with pytest.raises(DomainError) as exc:
        users.login(base, "inspector", TEMP)
    assert exc.value.code == "deactivated"
    assert page.user_buttons["reactivate"].isEnabled()
    assert page.reactivate_selected("came back") and users.find(base.db, "inspector")["active"] == 1


def test_reset_and_unlock_through_the_page(qtbot, admin, base):
    users.create_user(admin, "inspector", "张伟", ["inspector"], TEMP, reason="new inspector")
    for _ in range(settings.get(base.db, "lockout_attempts")):
        with pytest.raises(DomainError):
            users.login(base, "inspector", "wrong")
    page = page_for(qtbot, admin)
    page.select_user("inspector")
    assert "locked until" in page.users.item(page.users.currentRow(), 5).text()
    qtbot.mouseClick(page.user_buttons["unlock"], Qt.MouseButton.LeftButton)
    type_text(qtbot, page.dialog.reason_edit, "called the help desk")
    qtbot.mouseClick(page.dialog.ok, Qt.MouseButton.LeftButton)
    assert users.find(base.db, "inspector")["locked"] == 0
    qtbot.mouseClick(page.user_buttons["reset"], Qt.MouseButton.LeftButton)
    temporary = page.dialog.password.text()
    type_text(qtbot, page.dialog.reason_edit, "forgot the password")
    qtbot.mouseClick(page.dialog.ok, Qt.MouseButton.LeftButton)
    assert temporary in page.user_done.text()
    assert users.must_change_password(users.login(base, "inspector", temporary))


def test_first_run_goes_on_to_the_offices_users(qtbot, base):
    set_language("en")

    def create_admin(dlg):
        assert isinstance(dlg, FirstRunDialog)
        assert any("cannot sign" in label.text() for label in dlg.findChildren(type(dlg.error)))
        dlg.password.setText(ADMIN_PW)
        dlg.repeat.setText(ADMIN_PW)
        dlg.create()

    def office(dlg):
        assert isinstance(dlg, FirstUsersDialog)
        for name, roles in (("inspector", ["inspector"]), ("qahead", ["qa_head"])):
            add = dlg.add()
            add.username.setText(name)
            add.display_name.setText(name.title())
            for role in roles:
                add.role_boxes.boxes[role].setChecked(True)
            assert add.create()
        assert dlg.add_button.text() == "Add another user…" and dlg.list.count() == 2
        dlg.done_button.click()

    driver = answer(qtbot, create_admin, office)
    assert app.first_run(base)
    finished(driver)
    assert users.count(base.db) == 3
    assert all(users.find(base.db, n)["must_change_password"] == 1 for n in ("inspector", "qahead"))
    assert users.find(base.db, "admin")["must_change_password"] == 0
    actions = [r[0] for r in base.db.conn.execute("SELECT action FROM audit_log WHERE username = 'admin'")]
    assert "login" in actions and actions[-1] == "logout"


def test_clock_behind_is_warned_and_confirmed_by_an_administrator(qtbot, admin, base, clock):
    settings.put(admin, "company_name", "Example Pharma", reason="setup")
    newest = base.db.conn.execute("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    clock.set(clock.now() - timedelta(days=1))
    text = app.clock_warning(base)
    assert text and newest.replace("T", " ") in text and clock.now().strftime("%Y-%m-%d %H:%M") in text
    with pytest.raises(DomainError) as exc:
        settings.put(admin, "company_name", "Too early", reason="test")
    assert exc.value.code == "clock_behind"

    def warning(box):
        assert isinstance(box, QMessageBox) and "earlier than the newest entry" in box.text()
        confirm = next(b for b in box.buttons() if "Confirm the clock" in b.text())
        confirm.click()

    def confirm(dlg):
        assert isinstance(dlg, ConfirmClockDialog)
        dlg.username.setText("admin")
        dlg.password.setText("wrong")
        dlg.reason_edit.setText("the clock was set forward by mistake yesterday")
        assert not dlg.confirm() and "Wrong administrator user name or password" in dlg.error.text()
        dlg.password.setText(ADMIN_PW)
        assert dlg.confirm()

    driver = answer(qtbot, warning, confirm)
    assert app.clock_ok(base)
    finished(driver)
    assert app.clock_warning(base) is None
    settings.put(admin, "company_name", "Example Pharma Co.", reason="after the confirmation")
    assert settings.get(base.db, "company_name") == "Example Pharma Co."
    entry = audit(base.db, action="clock_confirmed")[0]
    assert entry["username"] == "admin" and entry["reason"].startswith("the clock was set forward")


def test_clock_warning_quit(qtbot, admin, base, clock):
    settings.put(admin, "company_name", "Example Pharma", reason="setup")
    clock.set(clock.now() - timedelta(days=1))
    driver = answer(qtbot, lambda box: next(b for b in box.buttons() if b.text() == "Quit").click())
    assert not app.clock_ok(base)
    finished(driver)


def test_screen_lock_and_unlock_are_audited_and_use_the_password_check(qtbot, admin, base):
    dlg = LockDialog(admin)
    qtbot.addWidget(dlg)
    assert audit(base.db, action="lock")[-1]["username"] == "admin"
    dlg.password.setText("wrong")
    dlg.try_unlock()
    assert dlg.session is None and "attempts left" in dlg.error.text()
    assert users.find(base.db, "admin")["failed_attempts"] == 1
    dlg.password.setText(ADMIN_PW)
    dlg.try_unlock()
    assert dlg.session is admin and users.find(base.db, "admin")["failed_attempts"] == 0
    assert audit(base.db, action="unlock_screen")[-1]["username"] == "admin"


def test_another_user_takes_over_a_locked_screen(qtbot, admin, base):
    users.create_user(admin, "inspector", "张伟", ["inspector"], TEMP, reason="new inspector")
    dlg = LockDialog(admin)
    qtbot.addWidget(dlg)
    dlg.user.setText("inspector")
    dlg.password.setText(TEMP)

    def change(pw):
        assert isinstance(pw, PasswordDialog)
        pw.old.setText(TEMP)
        pw.new.setText("Own-pass-22")
        pw.again.setText("Own-pass-22")
        assert pw.save()

    driver = answer(qtbot, change)
    dlg.try_unlock()
    finished(driver)
    assert dlg.session is not None and dlg.session.actor.username == "inspector"
    assert not users.must_change_password(dlg.session)
    assert audit(base.db, action="login")[-1]["username"] == "inspector"
    assert audit(base.db, action="logout") == []  # the main window logs the first user out (switch_user)


def test_settings_panel_shows_the_password_settings(qtbot, admin):
    from qa_desk.ui.settings_panel import SettingsPanel

    panel = SettingsPanel(admin)
    qtbot.addWidget(panel)
    for key in ("password_min_classes", "password_expiry_days", "password_history", "lockout_minutes"):
        assert panel.editors[key].value() == settings.get(admin.db, key)
        label = panel.layout().itemAt(0).layout().labelForField(panel.editors[key])
        assert label is not None and label.text() == settings.SETTINGS[key].en
    panel.editors["password_expiry_days"].setValue(180)
    panel.editors["lockout_minutes"].setValue(5000)
    assert not panel.save() and settings.get(admin.db, "password_expiry_days") == 90
    panel.editors["lockout_minutes"].setValue(15)
    assert panel.save()
    assert settings.get(admin.db, "password_expiry_days") == 180 and settings.get(admin.db, "lockout_minutes") == 15


def test_an_enrolled_key_is_endorsed_through_the_page(qtbot, tmp_path, clock):
    """An upgraded first-release file: the inspector enrols a key at login; the administrator types the
    fingerprint the inspector reads out (Settings › My signing key…) and endorses it; verify then holds."""
    from qa_desk.core import keys
    from qa_desk.core.database import open_database
    from qa_desk.core.session import Session
    from qa_desk.core.verify import verify
    from tests.conftest import PASSWORDS
    from tests.test_keys import _first_release_file

    set_language("en")
    path = tmp_path / "old.sqlite3"
    _first_release_file(path)
    base = Session(open_database(path, clock=clock).db, clock=clock)
    admin = users.login(base, "admin", PASSWORDS["admin"])
    inspector = users.login(base, "inspector", PASSWORDS["inspector"])
    fingerprint = keys.my_fingerprint(inspector)
    for s in (admin, inspector):
        s.flush_seal()
    assert [f.kind for f in verify(base.db)] == ["key"]
    page = page_for(qtbot, admin)
    page.select_user("inspector")
    assert page.user_buttons["endorse"].isEnabled()
    assert "awaiting endorsement" in page.users.item(1, 6).text()
    qtbot.mouseClick(page.user_buttons["endorse"], Qt.MouseButton.LeftButton)
    dlg = page.dialog
    type_text(qtbot, dlg.fingerprint, " ".join(fingerprint[i:i + 4] for i in range(0, 32, 4)))
    assert not dlg.ok.isEnabled()  # a reason too
    type_text(qtbot, dlg.reason_edit, "compared in person")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert "endorsed" in page.user_done.text()
    admin.flush_seal()
    assert verify(base.db) == []
