"""Not collected by itself (its name does not start with ``test_``): ``test_gui_fit.py`` runs it in a child
pytest with ``QT_SCALE_FACTOR`` set (Qt reads it once, before the QApplication exists) on an offscreen screen of
1366×768 physical pixels, and reads back the logical screen and the minimum size of every window, as JSON."""

from __future__ import annotations

import json
import os

import pytest

from qa_desk.core import closure
from qa_desk.core import investigation as inv
from qa_desk.ui.i18n import set_language
from tests import flows

OUT = os.environ.get("QA_DESK_DPI_OUT")


@pytest.fixture(autouse=True)
def only_as_a_child():
    if not OUT:
        pytest.skip("run by tests/test_gui_fit.py in a child process with QT_SCALE_FACTOR set")


def _size(widget) -> list[int]:
    hint = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    return [hint.width(), hint.height()]


def _complaints(people) -> dict[str, dict]:
    s = people["inspector"]
    investigating = flows.triaged(people, flows.triage_input(nature="medical"), adverse_event=True)
    inv.start(s, investigating["id"])
    closed = flows.closable(people)
    closure.close(s, closed["id"])
    return {"registered": flows.registered(people), "investigating": investigating, "closed": closed}


def _complaint_windows(qtbot, people, found: dict, lang: str) -> None:
    from qa_desk.ui.complaint_window import ComplaintWindow

    for stage, c in _complaints(people).items():
        w = ComplaintWindow(people["inspector"], c["id"])
        qtbot.addWidget(w)
        w.show()
        sizes = []
        for i in range(w.tabs.count()):  # the widest tab decides
            w.tabs.setCurrentIndex(i)
            sizes.append(_size(w))
        found[f"complaint window ({stage}, {lang})"] = [max(x for x, _ in sizes), max(y for _, y in sizes)]


def _main_windows(qtbot, people, db_path, tmp_path, found: dict, lang: str) -> None:
    from qa_desk.ui.main_window import MainWindow

    for who in ("reception", "inspector", "qahead", "admin"):
        w = MainWindow(people[who], str(db_path), drafts_folder=str(tmp_path))
        qtbot.addWidget(w)
        w.show()
        found[f"main window ({who}, {lang})"] = _size(w)
        parts = {f"page {key}": w.stack.widget(row) for row, key in enumerate(w.page_keys)}
        parts.update({"status bar": w.statusBar(), "menu bar": w.menuBar()})
        for name, part in parts.items():  # which part decides, when the window does not fit
            found[f"  part of main window ({who}, {lang}): {name}"] = _size(part)


def _dialogs(qtbot, people, found: dict, lang: str) -> None:
    from qa_desk.core import complaints
    from qa_desk.ui.correction_dialog import CorrectionDialog
    from qa_desk.ui.sign_dialog import SignDialog

    c = flows.investigated(people)
    s = people["inspector"]
    for name, dlg in (("signature dialog", SignDialog(s, c["id"], meaning="proposed", action="propose",
                                                       sign=lambda g: None)),
                      ("correction dialog", CorrectionDialog(s, complaints.read(s, c["id"])))):
        qtbot.addWidget(dlg)
        found[f"{name} ({lang})"] = _size(dlg)


def _viewer(qtbot, found: dict) -> None:
    from qa_desk.ui.attachment_viewer import show_attachment
    from tests.test_attachment_viewer import png_bytes

    viewer, _ = show_attachment({"filename": "photo.png", "mime": "image/png"}, png_bytes(1600, 1200))
    qtbot.addWidget(viewer)
    found["attachment viewer (size it opens at)"] = [viewer.width(), viewer.height()]
    found["attachment viewer"] = _size(viewer)


def test_measure(qtbot, qapp, people, db_path, tmp_path):
    from qa_desk.ui.fonts import install_app_font

    install_app_font(qapp)  # the font the app itself uses, as a user sees it
    screen = qapp.primaryScreen()
    found: dict = {}
    for lang in ("zh_CN", "en"):
        set_language(lang)
        _main_windows(qtbot, people, db_path, tmp_path, found, lang)
        _complaint_windows(qtbot, people, found, lang)
        _dialogs(qtbot, people, found, lang)
    _viewer(qtbot, found)
    geometry = screen.availableGeometry()
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"ratio": screen.devicePixelRatio(), "screen": [geometry.width(), geometry.height()],
                   "windows": found}, f, ensure_ascii=False)
