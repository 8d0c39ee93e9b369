"""Attachments shown inside the app (issue 14, item 5): a photo with fit and zoom, a PDF in QtPdf's view (imported
only when a PDF is opened), the system's viewer for the rest and, with a sentence and never a traceback, for a
PDF when QtPdf cannot be loaded; every showing is the core's audited read."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import QPushButton

from qa_desk.ui import attachment_viewer as V
from qa_desk.ui.attachments_panel import AttachmentsPanel
from qa_desk.ui.i18n import set_language
from tests import flows


def png_bytes(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#4a90d9"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def pdf_bytes(pages: int = 2) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for n in range(pages):
        c.drawString(72, 720, f"Batch record scan, page {n + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture(autouse=True)
def english():
    set_language("en")


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """What was handed to the system's viewer (nothing is launched)."""
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True)
    return urls


def panel_with(qtbot, people, files) -> AttachmentsPanel:
    c = flows.registered(people, attachments=files)
    panel = AttachmentsPanel(people["inspector"], c["id"], may_add=True)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def views_logged(session) -> int:
    return session.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'view' AND tbl = 'attachments'"
                                   ).fetchone()[0]


def test_a_photo_opens_in_the_app_fitted_and_zooms(qtbot, people, opened):
    panel = panel_with(qtbot, people, [("photo.png", png_bytes(1600, 1200))])
    viewer = panel.view_item(panel.files.item(0))
    assert isinstance(viewer, V.AttachmentViewer) and viewer.isVisible() and opened == []
    assert views_logged(people["inspector"]) == 1  # the showing is the core's audited read
    pane = viewer.pane
    assert isinstance(pane, V.ImagePane)
    room = pane.viewport().size()
    assert pane.label.width() <= room.width() and pane.label.height() <= room.height()  # fitted, whole photo
    assert pane.factor < 1
    fitted = pane.factor
    viewer.findChild(QPushButton, "zoom_in").click()
    assert pane.factor == pytest.approx(fitted * V.ZOOM_STEP) and not pane.fitting
    viewer.findChild(QPushButton, "actual_size").click()
    assert (pane.label.width(), pane.label.height()) == (1600, 1200)
    assert pane.horizontalScrollBar().maximum() > 0  # bigger than the window: it scrolls
    viewer.findChild(QPushButton, "fit").click()
    assert pane.factor == pytest.approx(fitted) and pane.fitting
    viewer.findChild(QPushButton, "open_system").click()  # still possible from the viewer
    assert len(opened) == 1 and open(opened[0], "rb").read() == viewer.data


def test_a_pdf_opens_in_qtpdf_inside_the_app(qtbot, people, opened):
    modules, reason = V.pdf_modules()
    if modules is None:
        pytest.skip(f"QtPdf cannot be loaded here: {reason}")
    panel = panel_with(qtbot, people, [("scan.pdf", pdf_bytes(2))])
    viewer = panel.view_item(panel.files.item(0))
    assert isinstance(viewer, V.AttachmentViewer) and opened == [] and not panel.note.isVisible()
    pane = viewer.pane
    assert isinstance(pane, V.PdfPane) and pane.document.pageCount() == 2
    view_class = modules[1]
    assert pane.view.zoomMode() == view_class.ZoomMode.FitToWidth
    viewer.findChild(QPushButton, "zoom_in").click()
    assert pane.view.zoomMode() == view_class.ZoomMode.Custom and pane.view.zoomFactor() > 0
    zoomed = pane.view.zoomFactor()
    viewer.findChild(QPushButton, "zoom_out").click()
    assert pane.view.zoomFactor() == pytest.approx(zoomed / V.ZOOM_STEP)
    viewer.findChild(QPushButton, "fit").click()
    assert pane.view.zoomMode() == view_class.ZoomMode.FitInView


def test_without_qtpdf_a_pdf_goes_to_the_system_viewer_with_a_sentence(qtbot, people, opened, monkeypatch):
    monkeypatch.setitem(sys.modules, "PySide6.QtPdf", None)  # as on an installation without the Addons wheel
    monkeypatch.setitem(sys.modules, "PySide6.QtPdfWidgets", None)
    data = pdf_bytes(1)
    panel = panel_with(qtbot, people, [("scan.pdf", data)])
    assert panel.view_item(panel.files.item(0)) is None
    assert len(opened) == 1 and open(opened[0], "rb").read() == data
    assert panel.note.isVisible() and "Qt PDF module is not installed" in panel.note.text()
    assert "PySide6.QtPdf" in panel.note.text() and not panel.errors.text()


def test_an_unreadable_pdf_and_other_files_go_to_the_system_viewer(qtbot, people, opened):
    panel = panel_with(qtbot, people, [("scan.pdf", b"%PDF-1.4 evidence"), ("notes.docx", b"PK\x03\x04 word")])
    assert panel.view_item(panel.files.item(0)) is None and len(opened) == 1
    if V.pdf_modules()[0] is not None:
        assert "could not read this PDF" in panel.note.text()
    assert panel.view_item(panel.files.item(1)) is None and len(opened) == 2
    assert not panel.note.isVisible()  # the user's own choice of a file the app does not show: nothing to say


def test_the_temporary_file_cannot_leave_its_private_folder(qtbot, opened):
    path = V.open_in_system({"filename": "../../..\\evil\u202egnp.exe"}, b"x")
    assert path.parent.name.startswith("qa-desk-") and path.name.count("/") == 0 and ".." not in path.name
    assert "\u202e" not in path.name and opened == [str(path)]
    if sys.platform != "win32":
        assert path.parent.stat().st_mode & 0o077 == 0  # only the user reads it


def test_a_photo_named_pdf_is_shown_as_a_photo(qapp):
    assert V.kind_of({"mime": "application/pdf"}, png_bytes(4, 4)) is V.Kind.IMAGE
    assert V.kind_of({"mime": "image/png"}, b"%PDF-1.7 ...") is V.Kind.PDF
    assert V.kind_of({"mime": "application/zip"}, b"PK\x03\x04") is V.Kind.OTHER


def test_qtpdf_is_imported_only_when_a_pdf_is_opened():
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "from PySide6.QtWidgets import QApplication; app = QApplication([])\n"
            "import qa_desk.ui.main_window, qa_desk.ui.complaint_window, qa_desk.ui.attachments_panel\n"
            "print(any(m.startswith('PySide6.QtPdf') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr
