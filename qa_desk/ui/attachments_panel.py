"""The evidence beside the record (issue 14, item 5): the complaint's attachments with thumbnails, opened in the
system's viewer (images, PDFs, anything), and a file added after intake with a reason. The core lists, reads
(audited) and adds; this panel only shows."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
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
from qa_desk.core.filenames import safe_name
from qa_desk.core.session import Session
from qa_desk.ui.i18n import tr
from qa_desk.ui.widgets import error_label, error_text, local_time

THUMB = 96


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
        self.files.itemActivated.connect(self.open_item)
        self.errors = error_label("attachment_errors")
        self.empty = QLabel(tr("No files attached."))
        add = QPushButton(tr("Add a file…"))
        add.setObjectName("add_attachment")
        add.setVisible(may_add)
        add.clicked.connect(lambda: self.choose())
        opener = QPushButton(tr("Open the selected file"))
        opener.clicked.connect(lambda: self.open_item(self.files.currentItem()))
        bar = QHBoxLayout()
        bar.addWidget(opener)
        bar.addWidget(add)
        bar.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.empty)
        box.addWidget(self.files)
        box.addLayout(bar)
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
        if a["image"]:
            pixmap = QPixmap()
            if pixmap.loadFromData(bytes(a["image"])):
                return QIcon(pixmap.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def open_item(self, item: QListWidgetItem | None) -> Path | None:
        """Write the file to a private temporary folder and hand it to the system's viewer (the reading is
        audited by the core)."""
        if item is None:
            return None
        try:
            meta, data = attachments.content(self.session, item.data(Qt.ItemDataRole.UserRole))
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return None
        path = Path(tempfile.mkdtemp(prefix="qa-desk-")) / safe_name(meta["filename"])
        path.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

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
