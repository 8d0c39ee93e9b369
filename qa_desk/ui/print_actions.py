"""Printing from the GUI: a record to PDF, shown in the system's PDF viewer (preview and print there);
a selection of complaints into one PDF, off the GUI thread; the blank receipt form for paper intake.

Records are printed only by a user the core lets (``print_record``); the pages offer the buttons from
``session.may`` and the core refuses (audited) whatever reaches it anyway. The blank form is for everybody."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox

from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.documents import forms
from qa_desk.ui import jobs
from qa_desk.ui.i18n import language, tr

FORM_LABELS = [("receipt", QT_TR_NOOP("Receipt record")), ("investigation", QT_TR_NOOP("Investigation record")),
               ("capa", QT_TR_NOOP("Risk, CAPA and change record")), ("reply", QT_TR_NOOP("Reply letter")),
               ("hold", QT_TR_NOOP("Batch hold notice"))]
OPEN_IN_VIEWER = True  # tests switch this off: no external viewer on a CI machine


def choose_form(parent) -> str | None:
    labels = [tr(label) for _, label in FORM_LABELS]
    label, ok = QInputDialog.getItem(parent, tr("Print"), tr("Form"), labels, 0, False)
    return FORM_LABELS[labels.index(label)][0] if ok else None


def show(path: Path) -> None:
    if OPEN_IN_VIEWER:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def print_record(parent, session: Session, complaint_id: int, form: str, out: Path | None = None) -> Path | None:
    """Write the record (audited) and open it for preview and printing."""
    out = out or Path(tempfile.mkdtemp(prefix="qa-desk-")) / f"{form}.pdf"
    try:
        forms.print_complaint(session, complaint_id, form, out)
    except DomainError as exc:
        QMessageBox.warning(parent, "QA Desk", exc.message(language()))
        return None
    show(out)
    return out


def print_blank(parent, session: Session, out: Path | None = None) -> Path | None:
    """The blank receipt form (no record in it), for taking a complaint on paper when the desk is busy."""
    out = out or Path(tempfile.mkdtemp(prefix="qa-desk-")) / "blank-receipt.pdf"
    try:
        forms.blank_receipt(session, out)
    except DomainError as exc:
        QMessageBox.warning(parent, "QA Desk", exc.message(language()))
        return None
    show(out)
    return out


def batch_print(parent, db_path: str, session: Session, ids: list[int], form: str, out: Path | None = None,
                on_done=None, on_cancelled=None) -> jobs.Job | None:
    if not ids:
        QMessageBox.information(parent, "QA Desk", tr("Select complaints in the table first."))
        return None
    out = out or jobs.ask_save_path(parent, tr("Save PDF"), f"{form}.pdf", "PDF (*.pdf)")
    if out is None:
        return None

    def done(path):
        show(path)
        if on_done:
            on_done(path)

    return jobs.start(parent, db_path, session, tr("Printing {ids} records…").format(ids=len(ids)),
                      lambda s, progress, cancelled: forms.print_many(s, ids, form, out, progress=progress,
                                                                      cancelled=cancelled),
                      done, lambda msg: QMessageBox.warning(parent, "QA Desk", msg), on_cancelled)
