"""The administrator's settings: company name and logo on the forms, numbering, passwords, locking, retention,
attachments, language. Saved together as one audited action; the core checks every value."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import settings
from qa_desk.core.errors import DomainError, Problem
from qa_desk.core.session import Session
from qa_desk.ui.field_errors import FieldMarks, marked_hint, refusal_text
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import error_label, error_text

TEXT_KEYS = ("company_name", "company_name_en", "company_address", "company_address_en", "company_phone",
             "company_email", "number_pattern", "backup_dir")  # the company_* rows: the reply letter's letterhead
NUMBER_KEYS = ("password_min_length", "password_min_classes", "password_expiry_days", "password_history",
               "lockout_attempts", "lockout_minutes", "idle_lock_minutes", "retention_min_years", "attachment_max_mb",
               "backup_keep")
BOOL_KEYS = ("backup_on_exit", "backup_daily")
EDITABLE = frozenset(TEXT_KEYS + NUMBER_KEYS + BOOL_KEYS + ("language",))
CODE_FIELDS = {"bad_pattern": "number_pattern"}  # refusals about one setting that do not quote its name


class SettingsPanel(QGroupBox):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(tr("Settings"), parent)
        self.session = session
        self.setObjectName("settings_panel")
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.editors: dict[str, QWidget] = {}
        for key in TEXT_KEYS:
            edit = QLineEdit()
            edit.setObjectName(f"setting_{key}")
            self.editors[key] = edit
        for key in NUMBER_KEYS:
            spin = QSpinBox()  # the page scrolls: the app's wheel guard keeps the wheel off unfocused values
            spin.setRange(0, 10_000)  # the core checks the allowed range and says it
            spin.setObjectName(f"setting_{key}")
            self.editors[key] = spin
        for key in BOOL_KEYS:
            box = QCheckBox()
            box.setObjectName(f"setting_{key}")
            self.editors[key] = box
        lang = QComboBox()
        lang.setObjectName("setting_language")
        lang.addItem("简体中文", "zh_CN")
        lang.addItem("English", "en")
        self.editors["language"] = lang
        for key, editor in self.editors.items():
            spec = settings.SETTINGS[key]
            form.addRow(spec.zh if language().startswith("zh") else spec.en, editor)
        logo_row = QHBoxLayout()
        self.logo = QLabel()
        self.logo.setObjectName("logo_preview")
        self.logo.setFixedHeight(40)
        choose = QPushButton(tr("Choose logo…"))
        choose.clicked.connect(self.choose_logo)
        remove = QPushButton(tr("Remove logo"))
        remove.clicked.connect(lambda: self.set_logo(None))
        logo_row.addWidget(self.logo)
        logo_row.addWidget(choose)
        logo_row.addWidget(remove)
        logo_row.addStretch(1)
        spec = settings.SETTINGS["company_logo"]
        form.addRow(spec.zh if language().startswith("zh") else spec.en, logo_row)
        outer.addLayout(form)
        save_row = QHBoxLayout()
        self.save_button = QPushButton(tr("Save settings"))
        self.save_button.setObjectName("save_settings")
        self.save_button.clicked.connect(self.save)
        self.saved = QLabel()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved, 1)
        outer.addLayout(save_row)
        self.errors = error_label("settings_errors")
        outer.addWidget(self.errors)
        self.marks = FieldMarks(self, self.editors)
        self.load()

    def load(self) -> None:
        db = self.session.db
        for key, editor in self.editors.items():
            value = settings.get(db, key)
            if isinstance(editor, QLineEdit):
                editor.setText(value)
            elif isinstance(editor, QSpinBox):
                editor.setValue(value)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            else:
                editor.setCurrentIndex(max(0, editor.findData(value)))
        data = settings.logo_bytes(db)
        pix = QPixmap()
        if data and pix.loadFromData(data):
            self.logo.setPixmap(pix.scaledToHeight(36, Qt.SmoothTransformation))
        else:
            self.logo.setText(tr("(no logo)"))

    def values(self) -> dict:
        out = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QLineEdit):
                out[key] = editor.text().strip()
            elif isinstance(editor, QSpinBox):
                out[key] = editor.value()
            elif isinstance(editor, QCheckBox):
                out[key] = editor.isChecked()
            else:
                out[key] = editor.currentData()
        return out

    def save(self) -> bool:
        try:
            changed = settings.put_many(self.session, self.values(), reason="administration page")
        except DomainError as exc:
            self.refused(exc)
            return False
        self.marks.clear()
        self.errors.setText("")
        self.saved.setText(tr("Saved ({changed} changed).").format(changed=len(changed)))
        return True

    def refused(self, exc: DomainError) -> None:
        """The refused value marked at its editor (scrolled to, focused); the message there and below."""
        self.saved.setText("")
        key = None if exc.problems else self.named_setting(exc)
        if key is None:
            self.errors.setText(refusal_text(exc, self.marks.show(exc.problems)))
        elif not self.marks.show([Problem(exc.zh, exc.en, key)]):  # said at the editor
            spec = settings.SETTINGS[key]
            self.errors.setText(tr("The settings were not saved.") + "\n" + marked_hint(
                [spec.zh if language().startswith("zh") else spec.en]))
        else:
            self.errors.setText(exc.message(language()))

    @staticmethod
    def named_setting(exc: DomainError) -> str | None:
        """The setting a refusal without a field is about: the one whose name it quotes (the core words each
        setting's refusal with its name), the longest name when several fit."""
        if exc.code in CODE_FIELDS:
            return CODE_FIELDS[exc.code]
        quoted = [key for key in settings.SETTINGS if key in EDITABLE and (
            f"“{settings.SETTINGS[key].zh}”" in exc.zh or f"“{settings.SETTINGS[key].en}”" in exc.en)]
        return max(quoted, key=lambda k: len(settings.SETTINGS[k].en), default=None)

    def choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Choose the company logo"), "",
                                              tr("Images (*.png *.jpg *.jpeg)"))
        if name:
            self.set_logo(Path(name))

    def set_logo(self, path: Path | None) -> bool:
        try:
            settings.set_logo(self.session, path)
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return False
        except OSError as exc:
            self.errors.setText(tr("Cannot read the file: {exc}").format(exc=exc))
            return False
        self.errors.setText("")
        self.load()
        return True
