"""The main window per role (issue 11 points 5, 8, 10): every page and menu entry comes from the core's
permissions; reception sees its own registrations and nothing else; only a user who may back up ever backs
up (by hand or on exit); every way a login ends writes one logout entry with the user."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWizard

from qa_desk.core import backups, intake, roles, settings
from qa_desk.core.drafts import DraftStore
from qa_desk.core.triage import triage
from qa_desk.ui import backup_panel, jobs
from qa_desk.ui.i18n import set_language, tr
from qa_desk.ui.intake import pages as P
from qa_desk.ui.intake.wizard import IntakeWizard
from qa_desk.ui.main_window import MainWindow
from tests import flows
from tests.gui_helpers import type_text
from tests.test_gui_wizard import _fill, _next

QA_PAGES = ["triage", "tasks", "holds", "archive"]


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def window_for(qtbot, people, who, db_path, tmp_path) -> MainWindow:
    w = MainWindow(people[who], str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(w)
    return w


def action_names(w: MainWindow) -> set[str]:
    """The window's own menu and toolbar actions (Qt's line-edit clear buttons left out)."""
    return {a.objectName() for a in w.findChildren(QAction) if a.objectName() and not a.objectName().startswith("_q_")}


def logouts(session, user_id: int) -> int:
    return session.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'logout' AND user_id = ?",
                                   (user_id,)).fetchone()[0]


@pytest.mark.parametrize("who, pages, actions", [
    ("reception", ["registrations", "batches"], {"new_complaint", "print_blank"}),
    ("inspector", [*QA_PAGES, "registrations", "register", "retention", "trends", "batches"],
     {"new_complaint", "print_blank", "import_ledger"}),
    ("qahead", [*QA_PAGES, "register", "retention", "audit_review", "trends", "batches"],
     {"print_blank", "import_ledger", "backup"}),
    ("qavp", [*QA_PAGES, "register", "retention", "trends", "batches"], {"print_blank"}),
    ("admin", ["admin", "batches"], {"print_blank", "backup"}),
])
def test_pages_and_menu_entries_per_role(qtbot, people, db_path, tmp_path, who, pages, actions):
    w = window_for(qtbot, people, who, db_path, tmp_path)
    assert w.page_keys == pages
    assert action_names(w) == actions | {"refresh", "lock", "log_out", "quit"}
    assert [a.text() for a in w.menuBar().actions()] == ["File", "Settings"]
    # the same answers as the core's own table, whoever the user is
    allowed = {a for a, r in roles.PERMISSIONS.items() if set(r) & set(people[who].actor.roles)}
    assert ("backup" in action_names(w)) == ("backup" in allowed)
    assert ("register" in w.page_keys) == ("register_export" in allowed)
    assert ("admin" in w.page_keys) == ("manage_users" in allowed)
    assert (w.triage is None) == ("view_personal_data" not in allowed)


def test_reception_registers_with_the_wizard_and_sees_it_in_my_registrations(qtbot, people, db_path, tmp_path):
    s = people["reception"]
    w = window_for(qtbot, people, "reception", db_path, tmp_path)
    assert w.registrations.table.rowCount() == 0
    wiz = IntakeWizard(s, DraftStore(db_path, "reception", tmp_path), restore=False, parent=w)
    qtbot.addWidget(wiz)
    wiz.show()
    _fill(qtbot, wiz)
    _next(qtbot, wiz)
    type_text(qtbot, wiz.currentPage().fields["description"], "夜间来电：输液袋渗漏。")
    _next(qtbot, wiz)
    _next(qtbot, wiz)
    wiz.button(QWizard.WizardButton.FinishButton).click()
    number = wiz.saved["number"]
    w.refresh_all()
    table = w.registrations.table
    assert table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    stored = s.db.conn.execute("SELECT received_at, status, receiver_id, owner_id FROM complaints WHERE number = ?",
                               (number,)).fetchone()
    assert stored["receiver_id"] == s.actor.id and stored["owner_id"] is None
    assert row[0] == number and row[2] == "阿莫西林胶囊"
    assert row[1] == stored["received_at"][:16].replace("T", " ")  # the office's time, as every screen shows it
    assert row[3] == s.policy.label("status", stored["status"], "en") and row[4] == tr("QA office")
    table.cellDoubleClicked.emit(0, 0)  # opens the complaint window (which reads the record masked)
    qtbot.addWidget(w.open_windows[-1])
    viewed = s.db.conn.execute("SELECT user_id, complaint_id FROM audit_log WHERE action = 'view'").fetchall()
    assert [tuple(r) for r in viewed] == [(s.actor.id, wiz.saved["id"])]


def test_reception_prints_the_blank_form_from_the_menu(qtbot, people, db_path, tmp_path):
    s = people["reception"]
    w = window_for(qtbot, people, "reception", db_path, tmp_path)
    blank = next(a for a in w.findChildren(QAction) if a.objectName() == "print_blank")
    blank.trigger()
    printed = s.db.conn.execute("SELECT user_id, json_extract(new, '$.blank') FROM audit_log WHERE action = 'print'")
    assert [tuple(r) for r in printed] == [(s.actor.id, 1)]


def test_my_registrations_names_who_took_it_on(qtbot, people, db_path, tmp_path):
    """Once an inspector triages it, reception sees to whom it went; other users' registrations never."""
    rec = people["reception"]
    mine = intake.register(rec, flows.draft(rec))
    flows.registered(people)  # the inspector's own registration: not on reception's list
    triage(people["inspector"], mine["id"], flows.triage_input())
    w = window_for(qtbot, people, "reception", db_path, tmp_path)
    table = w.registrations.table
    assert table.rowCount() == 1 and table.item(0, 0).text() == mine["number"]
    assert table.item(0, 3).text() == rec.policy.label("status", "triaged", "en")
    assert table.item(0, 4).text() == people["inspector"].actor.display_name


def test_reception_wizard_shows_no_other_complaints(qtbot, people, db_path, tmp_path):
    """Another complainant's complaint on the same product: QA sees it listed, reception only the count."""
    flows.registered(people, description="瓶盖破损渗漏，投诉人陈先生 13900001111")
    other = people["inspector"].db.conn.execute("SELECT product_name, batch_no FROM complaints").fetchone()
    for who, listed in (("inspector", True), ("reception", False)):
        wiz = IntakeWizard(people[who], DraftStore(db_path, who, tmp_path), restore=False)
        qtbot.addWidget(wiz)
        wiz.show()
        product = next(p for p in wiz.pages if isinstance(p, P.ProductPage))
        product.fields["product_name"].setText(other["product_name"])
        product.fields["batch_no"].setText(other["batch_no"] or "")
        product.refresh_related()
        assert "1" in product.related_title.text()
        assert product.related.isVisibleTo(product) == listed
        assert (product.related.count() == 1) == listed
        check = next(p for p in wiz.pages if isinstance(p, P.CheckPage))
        type_text(qtbot, wiz.pages[3].fields["description"], "瓶盖破损渗漏")
        check.initializePage()
        texts = [check.dups.item(i).text() for i in range(check.dups.count())]
        assert check.dups.isVisibleTo(check) == listed
        assert not listed or any("瓶盖破损" in t for t in texts)
        assert listed or texts == []


@pytest.mark.parametrize("who, backs_up", [("reception", False), ("inspector", False), ("qavp", False),
                                           ("qahead", True), ("admin", True)])
def test_exit_backup_only_for_who_may_back_up(qtbot, people, db_path, tmp_path, monkeypatch, who, backs_up):
    monkeypatch.setattr(backup_panel.AutoBackup, "enabled", True)
    folder = tmp_path / "exit"
    settings.put_many(people["admin"], {"backup_dir": str(folder), "backup_on_exit": True, "backup_daily": True},
                      reason="test")
    w = window_for(qtbot, people, who, db_path, tmp_path)
    job = w.auto_backup.daily()  # never backed up yet: due at once, for whoever may back up
    assert (job is not None) == backs_up
    if job is not None:
        qtbot.waitUntil(lambda: job not in jobs._running, timeout=20_000)
    w.close()
    entries = people["admin"].db.conn.execute("SELECT user_id, json_extract(new, '$.reason') FROM audit_log "
                                              "WHERE action = 'backup' ORDER BY id").fetchall()
    uid = people[who].actor.id
    assert [tuple(r) for r in entries] == ([(uid, "daily"), (uid, "exit")] if backs_up else [])
    assert bool(backups.listing(folder, db_path.stem)) == backs_up
    refused = people["admin"].db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'refused' AND "
                                              "user_id = ?", (people[who].actor.id,)).fetchone()[0]
    assert refused == 0  # not even tried: nothing for the core to refuse


def test_backup_dialog_from_the_menu_backs_up_for_the_qa_head(qtbot, people, db_path, tmp_path):
    settings.put_many(people["admin"], {"backup_dir": str(tmp_path / "bk")}, reason="test")
    w = window_for(qtbot, people, "qahead", db_path, tmp_path)
    dialog = w.backup()
    qtbot.addWidget(dialog)
    panel = dialog.panel
    assert panel.backup_button.isEnabled() and not panel.restore_button.isEnabled()  # restore: admin only
    panel.backup_now()
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=20_000)
    assert people["qahead"].db.conn.execute("SELECT user_id FROM audit_log WHERE action = 'backup'").fetchone()[0] \
        == people["qahead"].actor.id


def test_closing_the_window_writes_one_logout_with_the_user(qtbot, people, db_path, tmp_path):
    s = people["reception"]
    w = window_for(qtbot, people, "reception", db_path, tmp_path)
    assert logouts(s, s.actor.id) == 0
    w.close()
    w.close()
    rows = s.db.conn.execute("SELECT user_id, username, tbl, record_id FROM audit_log WHERE action = 'logout'")
    assert [tuple(r) for r in rows] == [(s.actor.id, "reception", "users", s.actor.id)]


def test_log_out_then_another_user_logs_in(qtbot, people, db_path, tmp_path, monkeypatch):
    rec, insp = people["reception"], people["inspector"]
    w = window_for(qtbot, people, "reception", db_path, tmp_path)
    w.show()
    monkeypatch.setattr(w, "ask_login", lambda: insp)
    w.log_out()
    assert logouts(rec, rec.actor.id) == 1 and w.session is insp
    assert "triage" in w.page_keys and w.registrations is not None and "backup" not in action_names(w)
    w.close()
    assert logouts(rec, rec.actor.id) == 1 and logouts(rec, insp.actor.id) == 1


def test_log_out_cancelled_quits_without_a_second_logout(qtbot, people, db_path, tmp_path, monkeypatch):
    s = people["qahead"]
    w = window_for(qtbot, people, "qahead", db_path, tmp_path)
    w.show()
    monkeypatch.setattr(w, "ask_login", lambda: None)
    w.log_out()
    assert not w.isVisible() and logouts(s, s.actor.id) == 1


def test_switching_user_at_the_lock_logs_the_first_one_out(qtbot, people, db_path, tmp_path):
    rec, head = people["reception"], people["qahead"]
    w = window_for(qtbot, people, "reception", db_path, tmp_path)
    w.switch_user(head)
    assert logouts(rec, rec.actor.id) == 1 and "backup" in action_names(w) and w.registrations is None
    w.close()
    assert logouts(rec, head.actor.id) == 1 and logouts(rec, rec.actor.id) == 1
