"""The complaint's history: one row per save (when, who, what was done), opened to show that save's changes.

A checklist of forty items saved at once reads as one row ("张伟 判定了 40 个检查项") instead of forty identical
lines; the words, the grouping and the people's names all come from ``qa_desk.core.history``."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from qa_desk.core import history, privacy
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import local_time


class HistoryTab(QTreeWidget):
    """Top level: one save; children: its changes (a save of one change has none)."""

    def __init__(self, session, complaint_id: int) -> None:
        super().__init__()
        self.setObjectName("history")
        self.setColumnCount(3)
        self.setHeaderLabels([tr("When"), tr("Who"), tr("What was done")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        saves = history.saves_for_complaint(session.db, session.policy, complaint_id,
                                            see_personal=privacy.may_see(session))
        lang = language()
        self.addTopLevelItems([self._item(save, lang) for save in saves])
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    @staticmethod
    def _item(save: history.Save, lang: str) -> QTreeWidgetItem:
        top = QTreeWidgetItem([local_time(save.at), save.who, save.text(lang)])
        top.setToolTip(2, save.text(lang))
        for line in save.details:
            child = QTreeWidgetItem(["", "", line.text(lang)])
            child.setToolTip(2, line.text(lang))
            top.addChild(child)
        return top

    def texts(self) -> list[str]:
        """Every row's words, children after their save (what a reader of the tab sees when all is open)."""
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            out.append(top.text(2))
            out += [top.child(j).text(2) for j in range(top.childCount())]
        return out
