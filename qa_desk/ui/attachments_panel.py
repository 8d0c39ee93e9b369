"""The evidence beside the record (issue 14, item 5): the complaint's attachments with thumbnails, shown inside
the app (photos, PDFs; ``attachment_viewer``) or in the system's viewer (anything), and a file added after intake
with a reason. The core lists, reads (audited) and adds; this panel only shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
)

from qa_desk.core import attachments
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.attachment_viewer import AttachmentViewer, open_in_system, show_attachment, thumbnail
from qa_desk.ui.i18n import tr
from qa_desk.ui.widgets import error_label, error_text, local_time

THUMB = 96
# Thumbnails by content (SHA-256) and size: the list is filled again after every save, and a photo's bytes
# never change, so each is decoded once per session (a vector image or a bomb is kept as None: no thumbnail).
_THUMBS: dict[tuple[str, int], QImage | None] = {}
THUMBS_KEPT = 500


class AttachmentsPanel(QGroupBox):
    def __init__(self, session: Session, complaint_id: int, *, may_add: bool, on_added=None, parent=None) -> None:
        super().__init__(tr("Attachments (evidence)"), parent)
        self.setObjectName("attachments")
        self.session, self.cid, self.on_added = session, complaint_id, on_added
        self.files = QListWidget()
        self.files.setObjectName("attachment_list")
        self.files.setViewMode(QListWidget.ViewMode.IconMode)
        self.files.setIconSize(QSize(THUMB, THUMB))
        self.files.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.files.setWrapping(True)
        self.files.setFixedHeight(THUMB + 56)
        self.files.itemActivated.connect(self.view_item)
        self.errors = error_label("attachment_errors")
        self.note = QLabel()
        self.note.setObjectName("attachment_note")
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        self.empty = QLabel(tr("No files attached."))
        add = QPushButton(tr("Add a file…"))
        add.setObjectName("add_attachment")
        add.setVisible(may_add)
        add.clicked.connect(lambda: self.choose())
        viewer = QPushButton(tr("View the selected file"))
        viewer.setObjectName("view_attachment")
        viewer.clicked.connect(lambda: self.view_item(self.files.currentItem()))
        opener = QPushButton(tr("Open in the system viewer"))
        opener.setObjectName("open_attachment")
        opener.clicked.connect(lambda: self.open_item(self.files.currentItem()))
        bar = QHBoxLayout()
        bar.addWidget(viewer)
        bar.addWidget(opener)
        bar.addWidget(add)
        bar.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.empty)
        box.addWidget(self.files)
        box.addLayout(bar)
        box.addWidget(self.note)
        box.addWidget(self.errors)
        self.fill()

    def fill(self) -> None:
        self.files.clear()
        listed = attachments.for_complaint(self.session, self.cid, thumbnails=True)
        for a in listed:
            item = QListWidgetItem(self._icon(a), a["filename"])
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            item.setToolTip(tr("{name} · {size} KB · added by {who} at {time}").format(
                name=a["filename"], size=max(1, (a["size"] or 0) // 1024), who=a["added_by"] or "—",
                time=local_time(a["added_at"])))
            self.files.addItem(item)
        self.empty.setVisible(not listed)
        self.files.setVisible(bool(listed))

    def _icon(self, a: dict) -> QIcon:
        ratio = self.devicePixelRatioF()  # drawn at the screen's own density: sharp at 125 % / 150 %
        side = round(THUMB * ratio)
        key = (a["sha256"], side)
        if key not in _THUMBS and a["image"]:
            _THUMBS[key] = thumbnail(bytes(a["image"]), side)
            while len(_THUMBS) > THUMBS_KEPT:
                _THUMBS.pop(next(iter(_THUMBS)))
        image = _THUMBS.get(key)
        if image is None:
            return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        small = QPixmap.fromImage(image)
        small.setDevicePixelRatio(ratio)
        return QIcon(small)

    def _read(self, item: QListWidgetItem | None) -> tuple[dict, bytes] | None:
        """The file's bytes through the core's audited read, or the refusal said under the list."""
        if item is None:
            return None
        try:
            found = attachments.content(self.session, item.data(Qt.ItemDataRole.UserRole))
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return None
        self.errors.setText("")
        return found

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def view_item(self, item: QListWidgetItem | None) -> AttachmentViewer | None:
        """Show the file inside the app (a photo, a PDF); what the app cannot show goes to the system's viewer,
        with a word when that was not the user's choice (QtPdf missing, an unreadable PDF)."""
        found = self._read(item)
        if found is None:
            return None
        viewer, note = show_attachment(*found, parent=self)
        self._say(note)
        return viewer

    def open_item(self, item: QListWidgetItem | None) -> Path | None:
        """Write the file to a private temporary folder and hand it to the system's viewer."""
        found = self._read(item)
        if found is None:
            return None
        self._say("")
        return open_in_system(*found)

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Add a file to the complaint"))
        if not name:
            return
        reason, ok = QInputDialog.getText(self, tr("Add a file"), tr("Why is it added now (required)?"))
        if ok:
            self.add(Path(name), reason)

    def add(self, path: Path, reason: str) -> bool:
        try:
            attachments.add(self.session, self.cid, path.name, path.read_bytes(), reason=reason)
        except (DomainError, OSError) as exc:
            self.errors.setText(error_text(exc) if isinstance(exc, DomainError) else str(exc))
            return False
        self.errors.setText("")
        self.fill()
        if self.on_added:
            self.on_added()
        return True
