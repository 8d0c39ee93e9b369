"""The batch register page and the wizard's use of it (issue 16 item 1), through the real widgets: the table and
its filter, the add/edit dialog with refusals at their fields, the import dialog's dry run and import (off the GUI
thread), the wheel guard, a laptop screen; the wizard completing dates from the register and noting an unknown
batch without refusing it."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWizard

from qa_desk.core import batches as B
from qa_desk.core.drafts import DraftStore
from qa_desk.ui.batches_view import BatchesView
from qa_desk.ui.field_errors import PROPERTY
from qa_desk.ui.i18n import set_language
from qa_desk.ui.intake import pages as P
from qa_desk.ui.intake.wizard import IntakeWizard
from qa_desk.ui.widgets import install_wheel_guard
from tests.gui_helpers import choose, type_text

SCREEN_W, SCREEN_H = 1366, 728
GOOD = {"product_name": "阿莫西林胶囊", "strength": "0.25g", "batch_no": "240105", "manufactured_on": "2024-01-05",
        "expires_on": "2026-01-04", "quantity_released": "120000", "unit": "盒", "released_on": "2024-01-20"}


@pytest.fixture(autouse=True)
def chinese(qapp):
    set_language("zh_CN")
    install_wheel_guard(qapp)


def page(qtbot, session, db_path) -> BatchesView:
    view = BatchesView(session, db_path)
    qtbot.addWidget(view)
    view.resize(SCREEN_W - 170, SCREEN_H - 80)
    view.show()
    return view


def test_the_page_lists_filters_and_is_read_only_for_reception(qtbot, people, db_path):
    s = people["inspector"]
    B.save(s, GOOD)
    B.save(s, {**GOOD, "product_name": "头孢克肟片", "batch_no": "C1"})
    view = page(qtbot, s, db_path)
    assert view.table.rowCount() == 2 and ("(2)" in view.title.text() or "（2）" in view.title.text())
    assert view.add_button.isVisible() and view.import_button.isVisible()
    view.filter.setText("c1")
    qtbot.waitUntil(lambda: view.table.rowCount() == 1)
    assert view.table.item(0, 0).text() == "头孢克肟片" and view.table.item(0, 5).text() == "120,000"
    ro = page(qtbot, people["reception"], db_path)
    assert ro.table.rowCount() == 2 and not ro.add_button.isVisible() and not ro.import_button.isVisible()
    ro.table.cellDoubleClicked.emit(0, 0)
    assert ro.dialog is None  # reading only: no edit dialog
    assert view.minimumSizeHint().width() <= SCREEN_W and view.minimumSizeHint().height() <= SCREEN_H


def test_add_dialog_marks_each_refused_field_then_saves_audited(qtbot, people, db_path):
    s = people["inspector"]
    view = page(qtbot, s, db_path)
    dlg = view.add()
    qtbot.addWidget(dlg)
    assert dlg.minimumSizeHint().height() <= SCREEN_H
    type_text(qtbot, dlg.edits["product_name"], "阿莫西林胶囊")
    type_text(qtbot, dlg.edits["batch_no"], "240105")
    type_text(qtbot, dlg.edits["manufactured_on"], "2024-02-30")
    type_text(qtbot, dlg.edits["quantity_released"], "5000")
    assert not dlg.save()
    assert dlg.edits["manufactured_on"].property(PROPERTY) and dlg.edits["unit"].property(PROPERTY)
    assert not dlg.edits["batch_no"].property(PROPERTY)
    assert "生产日期" in dlg.error.text() and "单位" in dlg.error.text()
    assert B.count(s.db) == 0
    dlg.edits["manufactured_on"].setText("2024-01-05")
    type_text(qtbot, dlg.edits["unit"], "盒")
    assert dlg.save() and B.count(s.db) == 1
    assert view.table.rowCount() == 1
    entry = s.db.conn.execute("SELECT user_id, op, new FROM audit_log WHERE tbl = 'batches'").fetchone()
    assert (entry["user_id"], entry["op"]) == (s.actor.id, "insert")
    assert json.loads(entry["new"])["quantity_released"] == 5000.0


def test_edit_dialog_asks_for_the_reason_of_a_change(qtbot, people, db_path):
    s = people["qahead"]
    B.save(s, GOOD)
    view = page(qtbot, s, db_path)
    view.table.selectRow(0)
    dlg = view.edit_selected()
    qtbot.addWidget(dlg)
    assert dlg.edits["quantity_released"].text() == "120000" and dlg.reason.isVisible()
    dlg.edits["quantity_released"].setText("118000")
    assert not dlg.save() and dlg.reason.property(PROPERTY)
    type_text(qtbot, dlg.reason, "ERP correction")
    assert dlg.save()
    upd = s.db.conn.execute("SELECT reason, old FROM audit_log WHERE tbl = 'batches' AND op = 'update'").fetchone()
    assert upd["reason"] == "ERP correction" and json.loads(upd["old"])["quantity_released"] == 120000.0
    assert view.table.item(0, 5).text() == "118,000"


def _csv(path, rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["产品名称", "规格", "批号", "生产日期", "有效期至", "放行数量", "单位", "放行日期"])
        w.writerows(rows)


def test_import_dialog_shows_the_dry_run_and_refuses_a_file_with_bad_rows(qtbot, people, db_path, tmp_path):
    s = people["inspector"]
    path = tmp_path / "erp.csv"
    _csv(path, [["阿莫西林胶囊", "0.25g", "240105", "2024-01-05", "2026-01-04", "1000", "盒", "2024-01-20"],
                ["阿莫西林胶囊", "0.25g", "240106", "2024-13-05", "2026-01-04", "1000", "盒", "2024-01-20"]])
    view = page(qtbot, s, db_path)
    dlg = view.import_file(path)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10_000)
    assert not dlg.ok.isEnabled()
    assert "有问题 1 行" in dlg.summary.text()
    assert dlg.details.toPlainText().startswith("第 3 行（阿莫西林胶囊 240106）：生产日期")
    assert B.count(s.db) == 0
    # the wheel over the unfocused date-order combo leaves it as it is
    dlg.details.setFocus()
    assert not dlg.order.hasFocus()
    before = dlg.order.currentIndex()
    pos = QPointF(dlg.order.width() / 2, dlg.order.height() / 2)
    QApplication.sendEvent(dlg.order, QWheelEvent(pos, QPointF(dlg.order.mapToGlobal(pos.toPoint())), QPoint(),
                                                  QPoint(0, -120), Qt.MouseButton.NoButton,
                                                  Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                                                  False))
    assert dlg.order.currentIndex() == before
    assert dlg.minimumSizeHint().width() <= SCREEN_W and dlg.minimumSizeHint().height() <= SCREEN_H


def test_import_dialog_imports_an_xlsx_off_the_gui_thread(qtbot, people, db_path, tmp_path):
    s = people["inspector"]
    wb = Workbook()
    ws = wb.active
    ws.append(["Product", "Batch", "Manufactured", "Expiry", "Quantity", "Unit", "Released on"])
    ws.append(["Ceftriaxone for injection", "X100", "2024-03-01", "2026-02-28", 30000, "vial", "2024-03-20"])
    ws.append(["Ceftriaxone for injection", "X101", "01/04/2024", "2026-03-31", 25000, "vial", "2024-04-15"])
    path = tmp_path / "erp.xlsx"
    wb.save(path)
    view = page(qtbot, s, db_path)
    dlg = view.import_file(path)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10_000)
    assert not dlg.ok.isEnabled() and "date order" not in dlg.details.toPlainText()  # zh: 日期顺序
    assert "日期顺序" in dlg.details.toPlainText()
    choose(dlg.order, "dmy")  # the office's ERP writes day first: the dry run runs again
    qtbot.waitUntil(lambda: dlg.plan is not None and not dlg.plan.errors, timeout=10_000)
    assert dlg.ok.isEnabled()
    dlg.ok.click()
    qtbot.waitUntil(lambda: B.count(s.db) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=10_000)
    assert B.find_key(s.db, "Ceftriaxone for injection", "X101")["manufactured_on"] == "2024-04-01"
    assert "新增 2 个批次" in view.status.text()
    users = {r[0] for r in s.db.conn.execute("SELECT user_id FROM audit_log WHERE action = 'batch_import'")}
    assert users == {s.actor.id}


# ------------------------------------------------------------------------------------------- the wizard


def _to_product_page(qtbot, wiz) -> P.ProductPage:
    page = wiz.currentPage()
    choose(page.fields["channel"], "phone")
    wiz.button(QWizard.WizardButton.NextButton).click()
    page = wiz.currentPage()
    choose(page.fields["complainant_type"], "hospital")
    type_text(qtbot, page.fields["complainant_name"], "陈医生")
    type_text(qtbot, page.fields["phone"], "0571-88001234")
    wiz.button(QWizard.WizardButton.NextButton).click()
    page = wiz.currentPage()
    assert isinstance(page, P.ProductPage)
    return page


def test_wizard_completes_dates_of_a_registered_batch_and_notes_an_unknown_one(qtbot, people, db_path, tmp_path):
    B.save(people["inspector"], GOOD)
    s = people["reception"]  # reception registers after hours: the register helps them too
    wiz = IntakeWizard(s, DraftStore(db_path, "reception", tmp_path), restore=False)
    qtbot.addWidget(wiz)
    wiz.show()
    page = _to_product_page(qtbot, wiz)
    type_text(qtbot, page.fields["product_name"], "阿莫西林胶囊")
    type_text(qtbot, page.fields["batch_no"], "240105")
    qtbot.waitUntil(lambda: page.fields["expiry_date"].text() == "2026-01-04", timeout=3000)
    assert page.fields["mfg_date"].text() == "2024-01-05"
    assert page.batch_note.isVisible() and "批号在批次登记中" in page.batch_note.text()
    # another batch the register does not know: the dates it filled go, the note says so, Next is not refused
    page.batch.setText("999999")
    qtbot.waitUntil(lambda: "批号不在批次登记中" in page.batch_note.text(), timeout=3000)
    assert page.fields["mfg_date"].text() == "" and page.fields["expiry_date"].text() == ""
    wiz.button(QWizard.WizardButton.NextButton).click()
    assert not isinstance(wiz.currentPage(), P.ProductPage), page.errors.text()
    assert "批号" not in page.errors.text()


def test_wizard_keeps_a_typed_date_and_notes_the_register_differs(qtbot, people, db_path, tmp_path):
    B.save(people["inspector"], GOOD)
    s = people["inspector"]
    wiz = IntakeWizard(s, DraftStore(db_path, "inspector", tmp_path), restore=False)
    qtbot.addWidget(wiz)
    wiz.show()
    page = _to_product_page(qtbot, wiz)
    type_text(qtbot, page.fields["expiry_date"], "2026-01-31")  # as printed on the complainant's pack
    type_text(qtbot, page.fields["product_name"], "阿莫西林胶囊")
    type_text(qtbot, page.fields["batch_no"], "240105")
    qtbot.waitUntil(lambda: page.fields["mfg_date"].text() == "2024-01-05", timeout=3000)
    assert page.fields["expiry_date"].text() == "2026-01-31"
    assert "批次登记中的有效期至为 2026-01-04，与填写的 2026-01-31 不同" in page.batch_note.text()
