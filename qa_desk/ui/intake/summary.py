"""The wizard's last page: everything that will be saved, in words (labels, never keys or codes), with the class
and priority the core will store when the suggestion is adopted, and the attachments with their sizes."""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtWidgets import QTextBrowser

from qa_desk.ui.i18n import language, tr
from qa_desk.ui.intake.base import Page
from qa_desk.ui.widgets import local_time

VOCAB = {"channel": "channel", "complainant_type": "complainant_type", "nature": "nature", "category": "category",
         "severity_class": "class", "priority": "priority", "defect_type": "defect_type", "ack_method": "ack_method"}
# a field shown only when the choice it depends on makes it part of the record
SHOWN_WHEN = {
    "ack_method": lambda v: v.get("acknowledged"),
    "report_type": lambda v: v.get("reportable"),
    "scope_reason": lambda v: not v.get("in_scope", True),
    "no_investigation_reason": lambda v: not v.get("investigate", True),
    "class_override_reason": lambda v: v.get("class_override_reason"),
    "priority_reason": lambda v: v.get("priority_reason"),
    "unit": lambda v: False,  # shown with the quantity
}


def size_text(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{max(1, round(size / 1024))} KB"


class SummaryPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, tr("Check and save"))
        self.view = QTextBrowser()
        self.view.setObjectName("summary")
        self.view.setMinimumHeight(260)
        self.extra.addWidget(self.view, 1)
        outer = self.layout()  # the summary takes the page's height, not the stretch under the form
        outer.setStretch(outer.indexOf(self.extra), 1)
        for i in range(outer.count()):
            if outer.itemAt(i).spacerItem() is not None:
                outer.setStretch(i, 0)

    def initializePage(self) -> None:  # noqa: N802
        rows = []
        for title, pairs in self.sections():
            rows.append(f"<tr><th colspan=2 align=left style='background:#eceff1'>{html.escape(title)}</th></tr>")
            rows += [f"<tr><td>{html.escape(label)}</td><td>{html.escape(value)}</td></tr>" for label, value in pairs]
        self.view.setHtml("<table cellpadding=3 width='100%'>" + "".join(rows) + "</table>")

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(page title, [(label, value in words)]) for every page, as the core will store it."""
        v = self.wiz.collect()
        triaged = self.wiz.checked_triage()
        out = []
        for page in self.wiz.content_pages():
            pairs = [(page.labels[name], self.shown(name, v, triaged) or "—") for name in page.fields
                     if SHOWN_WHEN.get(name, lambda _v: True)(v)]
            if getattr(page, "see_others", False):  # the initial check, for QA: the duplicates ticked
                pairs.append((tr("Linked to"), "、".join(page.linked_numbers()) or tr("none")))
            if hasattr(page, "files"):  # the complaint page
                pairs += self.attachment_rows(page.files)
            out.append((page.title(), pairs))
        return out

    def shown(self, name: str, v: dict, triaged: dict | None) -> str:
        """One value in words: a vocabulary's label, yes/no, the class and priority the core will derive."""
        pol, lang, value = self.wiz.session.policy, language(), v.get(name)
        if name in ("severity_class", "priority") and value is None and triaged:
            derived = triaged.get("class" if name == "severity_class" else "priority")
            shown = tr("{label} (suggested)") if name == "severity_class" else tr("{label} (from the class)")
            return shown.format(label=pol.label(VOCAB[name], derived, lang)) if derived else ""
        if name in VOCAB:
            return pol.label(VOCAB[name], value, lang)
        if name == "report_type" and value in pol.reports:
            return pol.reports[value]["zh" if lang == "zh_CN" else "en"]
        if isinstance(value, bool):
            return tr("yes") if value else tr("no")
        if name == "received_at" and value:
            return local_time(value)
        if name == "quantity" and value:
            return f"{value} {v.get('unit') or ''}".strip()
        return "" if value is None else str(value)

    @staticmethod
    def attachment_rows(paths: list[str]) -> list[tuple[str, str]]:
        if not paths:
            return [(tr("Attachments"), tr("none"))]
        rows = []
        for p in paths:
            try:
                size = size_text(os.path.getsize(p))
            except OSError:
                size = tr("the file cannot be read")
            rows.append((tr("Attachment"), f"{Path(p).name} ({size})"))
        return rows

    def validatePage(self) -> bool:  # noqa: N802
        return self.wiz.save()
