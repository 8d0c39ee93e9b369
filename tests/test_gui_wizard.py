"""The intake wizard through its real pages: typed end to end, found in the triage view; a killed wizard's
draft comes back; reception never sees the classification page."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtWidgets import QWizard

from qa_desk.core.drafts import DraftStore
from qa_desk.ui.i18n import set_language
from qa_desk.ui.intake import pages as P
from qa_desk.ui.intake.wizard import IntakeWizard
from qa_desk.ui.main_window import MainWindow
from tests.gui_helpers import choose, type_text


@pytest.fixture(autouse=True)
def chinese():
    set_language("zh_CN")


def _next(qtbot, wiz) -> None:
    before = wiz.currentId()
    wiz.button(QWizard.WizardButton.NextButton).click()
    assert wiz.currentId() != before, wiz.currentPage().errors.text()


def _fill(qtbot, wiz) -> None:
    page = wiz.currentPage()
    choose(page.fields["channel"], "phone")
    page.fields["acknowledged"].setChecked(True)
    choose(page.fields["ack_method"], "phone")
    _next(qtbot, wiz)
    page = wiz.currentPage()
    choose(page.fields["complainant_type"], "hospital")
    type_text(qtbot, page.fields["complainant_name"], "陈医生")
    type_text(qtbot, page.fields["complainant_org"], "市第一人民医院")
    type_text(qtbot, page.fields["phone"], "0571-88001234")
    _next(qtbot, wiz)
    page = wiz.currentPage()
    type_text(qtbot, page.fields["product_name"], "阿莫西林胶囊")
    type_text(qtbot, page.fields["strength"], "0.25g")
    type_text(qtbot, page.fields["batch_no"], "240105")
    type_text(qtbot, page.fields["mfg_date"], "2025-01-05")
    type_text(qtbot, page.fields["expiry_date"], "2027-01-04")
    type_text(qtbot, page.fields["quantity"], "2")
    type_text(qtbot, page.fields["unit"], "盒")


def test_whole_complaint_typed_and_found_in_triage(qtbot, people, db_path, tmp_path):
    s = people["inspector"]
    window = MainWindow(s, str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(window)
    wiz = IntakeWizard(s, DraftStore(db_path, "inspector", tmp_path), restore=False)
    qtbot.addWidget(wiz)
    wiz.show()
    _fill(qtbot, wiz)
    # a bad date is caught on the page, inline, before leaving it
    page = wiz.currentPage()
    page.fields["expiry_date"].setText("2024-01-01")
    wiz.button(QWizard.WizardButton.NextButton).click()
    assert isinstance(wiz.currentPage(), P.ProductPage)
    assert "有效期" in page.errors.text()
    page.fields["expiry_date"].setText("2027-01-04")
    _next(qtbot, wiz)
    page = wiz.currentPage()
    type_text(qtbot, page.fields["description"], "胶囊破损，内有黑色异物。")
    type_text(qtbot, page.fields["request"], "要求退货")
    page.fields["sample_available"].setChecked(True)
    _next(qtbot, wiz)
    _next(qtbot, wiz)  # initial check: in scope, no duplicates
    page = wiz.currentPage()
    assert isinstance(page, P.ClassificationPage)
    choose(page.fields["nature"], "quality")
    choose(page.fields["category"], "quality_defect")
    choose(page.fields["defect_type"], "chem_phys_contamination")
    assert "II 类" in page.rule.text()
    wiz.button(QWizard.WizardButton.NextButton).click()
    assert "报告的判定依据" in page.fields["reportability_rationale"].toolTip()  # the core's own rule, at its field
    assert "报告判定依据" in page.errors.text()  # and the page says which field to correct
    type_text(qtbot, page.fields["reportability_rationale"], "无不良反应，无需报告")
    _next(qtbot, wiz)
    assert "阿莫西林胶囊" in wiz.currentPage().view.toPlainText()
    wiz.button(QWizard.WizardButton.FinishButton).click()
    assert wiz.saved is not None
    number = wiz.saved["number"]
    row = s.db.conn.execute("SELECT status, class, batch_no, ack_method FROM complaints WHERE number = ?",
                            (number,)).fetchone()
    assert tuple(row) == ("triaged", "II", "240105", "phone")
    window.refresh_all()
    model = window.triage.model
    numbers = [model.row_for(i)["number"] for i in range(model.rowCount())]
    assert number in numbers
    type_text(qtbot, window.triage.search, "异物")
    window.triage.apply()
    assert [model.row_for(i)["number"] for i in range(model.rowCount())] == [number]
    assert DraftStore(db_path, "inspector", tmp_path).load() is None


KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from PySide6.QtCore import QTimer
    from qa_desk.core import users
    from qa_desk.core.database import open_database
    from qa_desk.core.drafts import DraftStore
    from qa_desk.core.session import Session
    from qa_desk.ui.intake.wizard import IntakeWizard
    from qa_desk.ui.i18n import set_language
    app = QApplication([])
    set_language("zh_CN")
    db_path, folder = sys.argv[1], sys.argv[2]
    s = users.login(Session(open_database(db_path).db), "inspector", "insp-pass-1")
    wiz = IntakeWizard(s, DraftStore(db_path, "inspector", folder), restore=False)
    wiz.show()
    page = wiz.currentPage()
    page.fields["channel"].setCurrentIndex(page.fields["channel"].findData("letter"))
    wiz.next()
    wiz.currentPage().fields["complainant_name"].setText("王女士")
    wiz.currentPage().fields["phone"].setText("13900001111")
    QTimer.singleShot(1500, lambda: os.kill(os.getpid(), signal.SIGKILL))
    app.exec()
""")


def test_killed_wizard_offers_the_draft_back(qtbot, people, db_path, tmp_path):
    script = tmp_path / "kill.py"
    script.write_text(KILL_SCRIPT, encoding="utf-8")
    p = subprocess.run([sys.executable, str(script), str(db_path), str(tmp_path)], capture_output=True,
                       timeout=60, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert p.returncode == -9, p.stderr.decode()
    store = DraftStore(db_path, "inspector", tmp_path)
    assert store.load()["values"]["complainant_name"] == "王女士"
    wiz = IntakeWizard(people["inspector"], store, restore=True)
    qtbot.addWidget(wiz)
    assert wiz.pages[0].fields["channel"].currentData() == "letter"
    assert wiz.pages[1].fields["complainant_name"].text() == "王女士"
    assert wiz.pages[1].fields["phone"].text() == "13900001111"


def test_reception_never_reaches_classification(qtbot, people, db_path, tmp_path):
    s = people["reception"]
    wiz = IntakeWizard(s, DraftStore(db_path, "reception", tmp_path), restore=False)
    qtbot.addWidget(wiz)
    wiz.show()
    assert not any(isinstance(p, P.ClassificationPage) for p in wiz.pages)
    assert "in_scope" not in wiz.pages[4].fields
    _fill(qtbot, wiz)
    _next(qtbot, wiz)
    type_text(qtbot, wiz.currentPage().fields["description"], "夜间来电：输液袋渗漏。")
    _next(qtbot, wiz)
    _next(qtbot, wiz)
    assert isinstance(wiz.currentPage(), P.SummaryPage)
    wiz.button(QWizard.WizardButton.FinishButton).click()
    row = s.db.conn.execute("SELECT status, class, owner_id, receiver_id FROM complaints WHERE number = ?",
                            (wiz.saved["number"],)).fetchone()
    assert tuple(row) == ("acknowledged", None, None, s.actor.id)
