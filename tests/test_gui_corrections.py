"""Issue 14 item 5 through the real widgets: recording the regulatory report (authority, reference, time, and a
confirmation that repeats them) and correcting a saved row with a reason, checked in the database."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QListWidget, QPushButton, QTableWidget

from qa_desk.core import approval, complaints
from qa_desk.core import investigation as inv
from qa_desk.core.verify import verify
from qa_desk.ui.complaint_window import ComplaintWindow
from qa_desk.ui.i18n import set_language
from qa_desk.ui.report_dialog import ReportDialog
from qa_desk.ui.row_correction import RowCorrectionDialog
from qa_desk.ui.tabs.actions_tab import ActionsTab
from qa_desk.ui.tabs.investigation_tab import InvestigationTab
from qa_desk.ui.tabs.reply_tab import ReplyTab
from tests import flows
from tests.conftest import PASSWORDS
from tests.gui_helpers import type_text


@pytest.fixture(autouse=True)
def chinese():
    set_language("zh_CN")


def window(qtbot, session, cid) -> ComplaintWindow:
    w = ComplaintWindow(session, cid)
    qtbot.addWidget(w)
    w.show()
    return w


def with_dialog(kind: type[QDialog], click, fill) -> list[str]:
    """Press a button that opens a modal dialog of ``kind``, let ``fill(dialog)`` work it, and return what the
    dialog said (its error text) when it closed or was given up."""
    seen: list[str] = []

    def find():
        dlg = next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)
        if dlg is None:
            QTimer.singleShot(20, find)
            return
        hint = dlg.minimumSizeHint()
        fits = hint.width() <= 1366 and hint.height() <= 728 and dlg.width() <= 1366 and dlg.height() <= 728
        try:
            fill(dlg)
            seen.append(dlg.error.text() if fits else f"does not fit 1366x728: {dlg.size()}")
        except Exception as exc:  # an assertion inside the dialog fails the test through what it returns
            seen.append(f"{type(exc).__name__}: {exc}")
        finally:
            if dlg.isVisible():
                dlg.reject()

    QTimer.singleShot(0, find)
    click()
    return seen


def record_report(qtbot, button: QPushButton, authority: str, reference: str, hours_ago: int = 0) -> list[str]:
    """Fill the report dialog, go to the confirmation, check that it repeats the values, and record."""
    def fill(dlg: ReportDialog):
        type_text(qtbot, dlg.authority, authority)
        type_text(qtbot, dlg.reference, reference)
        if hours_ago:
            dlg.when.setDateTime(dlg.when.dateTime().addSecs(-3600 * hours_ago))
        dlg.findChild(QPushButton, "report_next").click()
        summary = dlg.findChild(QLabel, "report_summary").text()
        assert authority in summary and reference in summary
        assert dlg.when.dateTime().toString("yyyy-MM-dd HH:mm") in summary
        dlg.findChild(QPushButton, "report_record").click()

    return with_dialog(ReportDialog, button.click, fill)


def test_the_report_is_recorded_through_its_dialog_and_then_corrected(qtbot, people, clock):
    insp = people["inspector"]
    c = flows.investigated(people, flows.triage_input(reportable=True, report_type="cn_quality_serious"))
    clock.sleep(4 * 3600)
    w = window(qtbot, insp, c["id"])
    mark = w.tab(ActionsTab).findChild(QPushButton, "mark_reported")
    assert mark.isEnabled() and w.tab(ActionsTab).findChild(QPushButton, "correct_report") is None
    # without a reference the core refuses and the dialog says why; nothing is recorded
    said = record_report(qtbot, mark, "省药品监督管理局", "")
    assert "报告编号" in said[0]
    assert complaints.get(insp.db, c["id"])["report_submitted_at"] is None
    said = record_report(qtbot, w.tab(ActionsTab).findChild(QPushButton, "mark_reported"), "省药品监督管理局",
                         "ZL-2026-0815", hours_ago=2)
    assert said == [""]
    row = complaints.get(insp.db, c["id"])
    assert (row["report_authority"], row["report_reference"]) == ("省药品监督管理局", "ZL-2026-0815")
    submitted = QDateTime.fromString(row["report_submitted_at"][:19], "yyyy-MM-ddTHH:mm:ss")
    assert abs(submitted.secsTo(QDateTime(insp.now().replace(tzinfo=None))) - 7200) < 120
    assert not w.tab(ActionsTab).findChild(QPushButton, "mark_reported").isEnabled()

    # correct the reference, with a reason, through the row correction dialog
    fix = w.tab(ActionsTab).findChild(QPushButton, "correct_report")
    assert fix.isEnabled()

    def correct(dlg: RowCorrectionDialog):
        assert dlg.edits["report_reference"].text() == "ZL-2026-0815"
        dlg.edits["report_reference"].setText("ZL-2026-0816")
        dlg.save()  # no reason: refused, the dialog stays open and says so
        assert dlg.isVisible() and "理由" in dlg.error.text()
        type_text(qtbot, dlg.reason, "回执号抄错")
        dlg.save()

    assert with_dialog(RowCorrectionDialog, fix.click, correct) == [""]
    assert complaints.get(insp.db, c["id"])["report_reference"] == "ZL-2026-0816"
    entry = insp.db.conn.execute("SELECT field, old, new, reason FROM audit_log WHERE tbl = 'complaints' AND "
                                 "record_id = ? ORDER BY id DESC LIMIT 1", (c["id"],)).fetchone()
    assert (entry["field"], json.loads(entry["old"]), entry["reason"]) == ("report_reference", "ZL-2026-0815",
                                                                         "回执号抄错")
    assert verify(insp.db) == []


def test_a_custody_step_and_a_reply_are_corrected_in_their_tabs_until_approval(qtbot, people, clock):
    insp = people["inspector"]
    c = flows.investigated(people)
    clock.sleep(3 * 3600)
    w = window(qtbot, insp, c["id"])
    t = w.tab(InvestigationTab)
    t.custody_at.setDateTime(t.custody_at.dateTime().addSecs(-3600))  # it happened an hour ago
    type_text(qtbot, t.custody_action, "样品接收")
    type_text(qtbot, t.custody_holder, "张伟")
    t.findChild(QPushButton, "custody_add").click()
    (step,) = inv.custody_for(insp, c["id"])
    assert step["at"] == (insp.now() - timedelta(hours=1)).isoformat(timespec="seconds")
    t = w.tab(InvestigationTab)
    assert t.findChild(QListWidget, "custody").count() == 1
    t.findChild(QListWidget, "custody").setCurrentRow(0)

    def correct(dlg: RowCorrectionDialog):
        assert dlg.edits["holder"].text() == "张伟"
        dlg.edits["holder"].setText("")
        type_text(qtbot, dlg.edits["holder"], "李娜")
        type_text(qtbot, dlg.reason, "交接人写错")
        dlg.save()

    assert with_dialog(RowCorrectionDialog, t.findChild(QPushButton, "custody_correct").click, correct) == [""]
    step = inv.custody_for(insp, c["id"])[0]
    assert step["holder"] == "李娜" and step["at"] == (insp.now() - timedelta(hours=1)).isoformat(timespec="seconds")

    # a reply given half an hour ago, then corrected
    r = w.tab(ReplyTab)
    r.when.setDateTime(r.when.dateTime().addSecs(-1800))
    r.final.setChecked(False)
    type_text(qtbot, r.content, "已收到，正在调查")
    r.findChild(QPushButton, "record_reply").click()
    (reply,) = [dict(x) for x in insp.db.conn.execute("SELECT * FROM replies WHERE complaint_id = ?", (c["id"],))]
    assert reply["replied_at"] == (insp.now() - timedelta(minutes=30)).isoformat(timespec="seconds")
    r = w.tab(ReplyTab)
    r.findChild(QTableWidget, "replies").selectRow(0)

    def fix_reply(dlg: RowCorrectionDialog):
        dlg.edits["content"].setPlainText("已收到，正在调查（电话）")
        type_text(qtbot, dlg.reason, "补记答复方式")
        dlg.save()

    assert with_dialog(RowCorrectionDialog, r.findChild(QPushButton, "reply_correct").click, fix_reply) == [""]
    assert insp.db.conn.execute("SELECT content FROM replies WHERE id = ?", (reply["id"],)).fetchone()[0] == \
        "已收到，正在调查（电话）"

    # once approved, no correction is offered any more
    w.close()
    approval.submit(insp, c["id"], **flows.sign(insp, c["id"], PASSWORDS["inspector"]))
    approval.review(people["qahead"], c["id"], **flows.sign(people["qahead"], c["id"], PASSWORDS["qahead"]))
    assert complaints.get(insp.db, c["id"])["status"] == "approved"
    w = window(qtbot, insp, c["id"])
    for tab, name in ((InvestigationTab, "custody_correct"), (ReplyTab, "reply_correct"),
                      (ActionsTab, "capa_correct")):
        assert not w.tab(tab).findChild(QPushButton, name).isEnabled(), name
    assert verify(insp.db) == []
