"""An attachment shown inside the app (issue 14, item 5): a photo with fit and zoom, a PDF with QtPdf, anything
else (or a PDF when QtPdf cannot be loaded) handed to the system's viewer through a private temporary file.

The bytes come from ``attachments.content`` (the audited read) and are given to this module; it never reads the
database. QtPdf lives in the PySide6-Addons wheel, which is large and may be missing from a trimmed installation:
it is imported only when a PDF is opened, and its absence is said in words, never as a traceback.
"""

from __future__ import annotations

import tempfile
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core.filenames import safe_name
from qa_desk.ui.i18n import tr

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.05, 16.0


class Kind(Enum):
    """How a file can be shown: inside the app, or only by the system's viewer."""

    IMAGE = "image"
    PDF = "pdf"
    OTHER = "other"


# Pictures shown inside the app: raster formats only. A vector image (SVG) is a program the renderer runs (a
# 2 KB file of nested <use> takes minutes); it goes to the system's viewer, as any other file does.
RASTER = frozenset({b"png", b"jpeg", b"jpg", b"gif", b"bmp", b"webp", b"tiff", b"tif"})
# The most pixels a picture is decoded or scaled to on screen (a 48-megapixel photo, about 190 MB at 4 bytes a
# pixel): a bomb of a PNG, or zooming in sixteen times, stops there instead of asking for gigabytes.
MAX_PIXELS = 48_000_000


def _reader(data: bytes) -> tuple[QImageReader, QBuffer]:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    return reader, buffer


def raster_size(data: bytes) -> QSize | None:
    """The picture's size when the bytes are a raster image of a format and size the app shows, read from the
    header without decoding it; None otherwise."""
    reader, _buffer = _reader(data)
    if not reader.canRead() or bytes(reader.format()).lower() not in RASTER:
        return None
    size = reader.size()
    if not size.isValid() or size.isEmpty() or size.width() * size.height() > MAX_PIXELS:
        return None
    return size


def thumbnail(data: bytes, side: int) -> QImage | None:
    """A small picture decoded small (a JPEG is decoded at a fraction of its size): a 12-megapixel photo in a few
    milliseconds instead of a full decode."""
    size = raster_size(data)
    if size is None:
        return None
    reader, _buffer = _reader(data)
    reader.setScaledSize(size.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


def kind_of(meta: dict, data: bytes) -> Kind:
    """By the bytes first (a stored MIME type comes from the file's name, which anyone could have chosen)."""
    if data[:5] == b"%PDF-":
        return Kind.PDF
    if raster_size(data) is not None:
        return Kind.IMAGE
    return Kind.PDF if meta.get("mime") == "application/pdf" else Kind.OTHER


def pdf_modules():
    """QtPdf's document and view classes, imported now (not at start: they cost a shared library), or the reason
    they cannot be."""
    try:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView
    except (ImportError, OSError) as exc:  # the wheel missing, or its library not loadable
        return None, str(exc) or type(exc).__name__
    return (QPdfDocument, QPdfView), ""


def write_temporary(meta: dict, data: bytes) -> Path:
    """The file in a new private folder (mode 0700 on POSIX), under a name that cannot leave it."""
    path = Path(tempfile.mkdtemp(prefix="qa-desk-")) / safe_name(meta["filename"] or "attachment")
    path.write_bytes(data)
    return path


def open_in_system(meta: dict, data: bytes) -> Path:
    """Hand the file to the desktop's own viewer (the one the user chose for the type)."""
    path = write_temporary(meta, data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def pdf_missing_text(reason: str) -> str:
    return tr("PDF files cannot be shown inside QA Desk on this computer (the Qt PDF module is not installed: "
              "{reason}). The file was opened in the system's viewer instead.").format(reason=reason)


class ImagePane(QScrollArea):
    """A picture that fits the window until the user zooms; then it scrolls."""

    def __init__(self, data: bytes, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("image_pane")
        self.pixmap = QPixmap()
        self.pixmap.loadFromData(data)
        self.label = QLabel()
        self.label.setObjectName("image")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.label)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fitting, self.factor = True, 1.0
        self.show_at(self.fit_factor())

    def fit_factor(self) -> float:
        if self.pixmap.isNull():
            return 1.0
        room = self.viewport().size()
        return max(ZOOM_MIN, min(room.width() / self.pixmap.width(), room.height() / self.pixmap.height(), 1.0))

    def largest_factor(self) -> float:
        """How far the picture may be zoomed: ZOOM_MAX, or less where the scaled copy would pass MAX_PIXELS."""
        pixels = self.pixmap.width() * self.pixmap.height() * self.devicePixelRatioF() ** 2
        return min(ZOOM_MAX, (MAX_PIXELS / pixels) ** 0.5) if pixels else ZOOM_MAX

    def show_at(self, factor: float) -> None:
        """Scale to ``factor`` of the picture's pixels, drawn at the screen's own pixel density (sharp at 150 %)."""
        self.factor = max(ZOOM_MIN, min(self.largest_factor(), factor))
        if self.pixmap.isNull():
            return
        ratio = self.devicePixelRatioF()
        size = self.pixmap.size() * self.factor
        scaled = self.pixmap.scaled(size * ratio, Qt.AspectRatioMode.KeepAspectRatio,
                                    Qt.TransformationMode.SmoothTransformation)
        scaled.setDevicePixelRatio(ratio)
        self.label.setPixmap(scaled)
        self.label.resize(size)

    def fit(self) -> None:
        self.fitting = True
        self.show_at(self.fit_factor())

    def zoom(self, by: float | None) -> None:
        """``by`` times the current size, or the picture's own size with None."""
        self.fitting = False
        self.show_at(1.0 if by is None else self.factor * by)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        if self.fitting:
            self.show_at(self.fit_factor())


class PdfPane(QWidget):
    """A PDF in QtPdf's own view: all pages one under the other, fit to the width until the user zooms."""

    def __init__(self, data: bytes, modules, parent=None) -> None:
        super().__init__(parent)
        document_class, view_class = modules
        self.view_class = view_class
        self.bytes = QByteArray(data)
        self.buffer = QBuffer(self.bytes, self)  # kept: the document reads pages from it while shown
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = document_class(self)
        self.document.load(self.buffer)
        self.view = view_class(self)
        self.view.setObjectName("pdf_view")
        self.view.setPageMode(view_class.PageMode.MultiPage)
        self.view.setZoomMode(view_class.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view)

    def loaded(self) -> bool:
        return self.document.pageCount() > 0

    def fit(self) -> None:
        self.view.setZoomMode(self.view_class.ZoomMode.FitInView)

    def zoom(self, by: float | None) -> None:
        factor = 1.0 if by is None else self.view.zoomFactor() * by
        if by is not None and self.view.zoomMode() != self.view_class.ZoomMode.Custom:
            factor = self._shown_factor() * by
        self.view.setZoomMode(self.view_class.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))

    def _shown_factor(self) -> float:
        """The zoom a fitting mode shows now (QPdfView keeps 1.0 as its factor while fitting)."""
        page = self.document.pagePointSize(0)
        if page.width() <= 0:
            return 1.0
        points_to_pixels = self.logicalDpiX() / 72.0
        room = self.view.viewport().size()
        across = room.width() / (page.width() * points_to_pixels)
        if self.view.zoomMode() == self.view_class.ZoomMode.FitInView and page.height() > 0:
            return min(across, room.height() / (page.height() * points_to_pixels))
        return across


class AttachmentViewer(QDialog):
    """One file, beside the complaint window (not modal: the user compares the photo with the record)."""

    def __init__(self, meta: dict, data: bytes, pane: QWidget, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("attachment_viewer")
        self.setWindowTitle(tr("Attachment: {name}").format(name=meta["filename"]))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.meta, self.data, self.pane = meta, data, pane
        bar = QHBoxLayout()
        for name, text, keys, slot in (
                ("fit", tr("Fit to window"), "Ctrl+0", pane.fit),
                ("actual_size", tr("Actual size"), "Ctrl+1", lambda: pane.zoom(None)),
                ("zoom_in", tr("Zoom in"), QKeySequence.StandardKey.ZoomIn, lambda: pane.zoom(ZOOM_STEP)),
                ("zoom_out", tr("Zoom out"), QKeySequence.StandardKey.ZoomOut, lambda: pane.zoom(1 / ZOOM_STEP))):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            QShortcut(QKeySequence(keys), self, slot)
            bar.addWidget(button)
        bar.addStretch(1)
        system = QPushButton(tr("Open in the system viewer"))
        system.setObjectName("open_system")
        system.clicked.connect(lambda: open_in_system(self.meta, self.data))
        bar.addWidget(system)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        bar.addWidget(close)
        box = QVBoxLayout(self)
        box.addWidget(pane, 1)
        box.addLayout(bar)
        self._size_to_screen()

    def _size_to_screen(self) -> None:
        """Most of the screen the complaint window is on, never more than it (a 1366×728 laptop at 150 %)."""
        screen = (self.parentWidget().screen() if self.parentWidget() else QApplication.primaryScreen())
        room = screen.availableGeometry().size()
        self.resize(min(1000, room.width() * 9 // 10), min(760, room.height() * 9 // 10))


def show_attachment(meta: dict, data: bytes, parent: QWidget | None = None) -> tuple[AttachmentViewer | None, str]:
    """Show the file inside the app when it can be; otherwise the system's viewer opens it. Returns the viewer
    (None when the system's viewer took it) and a note for the user ("" when nothing needs saying)."""
    kind = kind_of(meta, data)
    if kind is Kind.IMAGE:
        return _shown(AttachmentViewer(meta, data, ImagePane(data), parent)), ""
    if kind is Kind.PDF:
        modules, reason = pdf_modules()
        if modules is None:
            open_in_system(meta, data)
            return None, pdf_missing_text(reason)
        pane = PdfPane(data, modules)
        if pane.loaded():
            return _shown(AttachmentViewer(meta, data, pane, parent)), ""
        pane.deleteLater()
        open_in_system(meta, data)
        return None, tr("QA Desk could not read this PDF ({name}); it was opened in the system's viewer.").format(
            name=meta["filename"])
    open_in_system(meta, data)
    return None, ""


def _shown(viewer: AttachmentViewer) -> AttachmentViewer:
    viewer.show()
    viewer.raise_()
    return viewer
