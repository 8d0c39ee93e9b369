"""Languages: every screen string goes through Qt's translation system and has a finished zh_CN translation.

Three nets, each able to fail on its own:
- the catalogues against the code (lupdate run afresh finds no string the committed .ts lacks, the .qm are
  compiled from the .ts as committed, placeholders and markup survive translation);
- the code itself (no Chinese screen text written around the catalogue);
- the running application (every window, page, tab, menu, header and button of the real GUI, walked in
  zh_CN, shows no English word that is not a name, a code or data).
"""

from __future__ import annotations

import ast
import re
import shutil

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QWidget,
    QWizardPage,
)

from qa_desk.core.drafts import DraftStore  # noqa: E402
from qa_desk.ui import translations  # noqa: E402
from qa_desk.ui.i18n import LANGUAGES, language, set_language, tr  # noqa: E402
from tests import flows  # noqa: E402

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?\w+")


@pytest.fixture
def zh(qapp):
    set_language("zh_CN")
    yield
    set_language("zh_CN")
    QSettings("QA Desk", "QA Desk").remove("ui/language")  # a failed test must not leave later ones in English


def _key(m: translations.Message) -> tuple[str, str]:
    return m.source, m.comment


# --- the catalogues against the code -----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_holds_every_string_the_code_shows(tmp_path, lang):
    committed = translations.ts_path(lang)
    fresh = tmp_path / committed.name
    shutil.copy(committed, fresh)
    translations.lupdate(fresh, lang)
    before = {_key(m) for m in translations.messages(committed)}
    after = {_key(m) for m in translations.messages(fresh)}
    assert after - before == set(), f"new screen text not in {committed.name}: run python -m qa_desk.ui.translations"
    assert before - after == set(), f"{committed.name} keeps text the code no longer shows: run the same command"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_keeps_placeholders_and_markup(lang):
    found = translations.messages(translations.ts_path(lang))
    assert len(found) > 400
    unfinished = [m.source for m in found if not m.finished or not m.translation.strip()]
    assert unfinished == [], f"{lang}: no finished translation for {unfinished[:5]}"
    for m in found:
        assert sorted(PLACEHOLDER.findall(m.translation)) == sorted(PLACEHOLDER.findall(m.source)), m.source
        assert sorted(TAG.findall(m.translation)) == sorted(TAG.findall(m.source)), m.source
        if lang == "zh_CN":
            assert CJK.search(m.translation), f"zh_CN translation of {m.source!r} has no Chinese: {m.translation!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_is_the_committed_source(tmp_path, lang):
    ts = translations.ts_path(lang)
    qm = tmp_path / "fresh.qm"
    translations.lrelease(ts, qm)
    assert qm.read_bytes() == ts.with_suffix(".qm").read_bytes(), \
        f"{ts.with_suffix('.qm').name} is stale: run python -m qa_desk.ui.translations"


def test_a_catalogue_missing_a_translation_is_caught(tmp_path):
    """The checks above really look: blank one Chinese translation and the update lists it as unfinished."""
    for lang in LANGUAGES:
        shutil.copy(translations.ts_path(lang), tmp_path)
    ts = translations.ts_path("zh_CN", tmp_path)
    text = ts.read_text(encoding="utf-8")
    ts.write_text(text.replace("<translation>登录</translation>",
                               '<translation type="unfinished"></translation>', 1), encoding="utf-8")
    missing = translations.update(tmp_path)
    assert [m.source for m in missing] == ["Log in"]
    assert (tmp_path / "qa_desk_zh_CN.qm").exists()


# --- the code ----------------------------------------------------------------------------------------------
PUNCTUATION_ONLY = re.compile(r"^[\s、，；：。（）]*$")
LANGUAGE_NAMES = {"简体中文", "中文"}


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}


def _bilingual_by_contract(tree: ast.AST) -> set[int]:
    """Strings inside DomainError(...): the core's error type carries zh and en itself (the CLI needs both)."""
    inside = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "DomainError":
            inside |= {id(x) for x in ast.walk(n)}
    return inside


def test_screen_code_writes_no_chinese_around_the_catalogue():
    offenders = []
    for path in translations.sources():
        if path.name == "screenshots.py":  # demo input typed into the forms for the README pictures
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree) | _bilingual_by_contract(tree)
        for n in ast.walk(tree):
            if (isinstance(n, ast.Constant) and isinstance(n.value, str) and CJK.search(n.value)
                    and id(n) not in skip and not PUNCTUATION_ONLY.match(n.value) and n.value not in LANGUAGE_NAMES):
                offenders.append(f"{path.name}:{n.lineno} {n.value!r}")
    assert offenders == [], "Chinese screen text belongs in the zh_CN catalogue: " + "; ".join(offenders)


def test_the_old_pair_helper_is_gone():
    for path in translations.sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n.lineno for n in ast.walk(tree)
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "T"]
        assert calls == [], f"{path.name} lines {calls}"


# --- the running application -------------------------------------------------------------------------------
def test_language_switch_swaps_catalogues_at_once(qapp, zh):
    assert tr("Log in") == "登录"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's own catalogue, loaded beside ours
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    set_language("en")
    assert language() == "en" and tr("Log in") == "Log in"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    set_language("zh_CN")
    assert tr("Log in") == "登录"


def visible_texts(root: QWidget, *, chrome_only: bool = False) -> list[tuple[str, str]]:
    """Every text a user can see or hover in ``root`` and its children, hidden pages and tabs included.

    ``chrome_only``: only what never holds record data (titles, buttons, tabs, menus, column headers)."""
    out: list[tuple[str, str]] = []

    def add(w, text, chrome=True):
        if text and (chrome or not chrome_only):
            out.append((f"{type(w).__name__}#{w.objectName()}", text))

    for w in [root, *root.findChildren(QWidget)]:
        if w.isWindow():
            add(w, w.windowTitle())
        add(w, w.toolTip(), False)
        if isinstance(w, QLabel):
            add(w, w.text(), False)
        elif isinstance(w, QAbstractButton):
            add(w, w.text())
        elif isinstance(w, QGroupBox):
            add(w, w.title())
        elif isinstance(w, (QLineEdit, QPlainTextEdit)):
            add(w, w.placeholderText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, w.itemText(i), False)
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, w.tabText(i))
        elif isinstance(w, QWizardPage):
            add(w, w.title())
            add(w, w.subTitle())
        elif isinstance(w, QMenu):
            add(w, w.title())
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                add(w, w.item(i).text(), False)
        if isinstance(w, QTableView) and w.model() is not None:
            for c in range(w.horizontalHeader().count()):
                add(w, w.model().headerData(c, Qt.Orientation.Horizontal))
    for a in root.findChildren(QAction):
        add(a, a.text())
    return [(where, str(text)) for where, text in out]


# Latin words a Chinese screen may show: names, codes, units and the users' own data in these tests.
ALLOWED = {"qa", "desk", "sha", "capa", "pdf", "excel", "xlsx", "csv", "zip", "qr", "gmp", "sop", "mb", "kb",
           "yyyy", "mm", "dd", "hh", "ss", "ok", "english", "admin", "inspector", "qahead", "qavp", "headvp",
           "reception", "png", "jpeg", "jpg", "id", "utc", "iso", "wqy", "mg", "ml", "wenquanyi", "micro", "hei", "backups", "app"}
WORD = re.compile(r"[A-Za-z]{2,}")


def english_left(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text).replace("&nbsp;", " ")
    # paths, e-mail, hashes, {placeholders} the user types, comma-separated file headers such as date,kind,name,
    # and the method name 5-Why, which Chinese QA forms use as it is
    text = re.sub(r"\S*[/\\]\S*|\S+@\S+|\b[0-9a-f]{8,}\b|\{\w+\}|\w+(?:,\w+)+|\b5-Why\b", " ", text)
    return [w for w in WORD.findall(text) if w.lower() not in ALLOWED and not w.isupper()]


def assert_all_chinese(root: QWidget, data_words: set[str]) -> int:
    texts = visible_texts(root)
    bad = [(where, text) for where, text in texts
           if [w for w in english_left(text) if w.lower() not in data_words]]
    assert bad == [], "visible text with no zh_CN translation:\n" + "\n".join(f"  {w}: {t!r}" for w, t in bad[:20])
    return len(texts)


@pytest.fixture
def rich(people):
    """A complaint under investigation with checklist, findings and a CAPA: most tabs have rows to show."""
    return flows.investigated(people)


def _data_words(people) -> set[str]:
    """Latin words that come from the test data (product, batch, units), not from the interface."""
    rows = people["admin"].db.conn.execute("SELECT product_name, strength, batch_no, unit, package_form "
                                           "FROM complaints").fetchall()
    return {w.lower() for r in rows for v in r if v for w in WORD.findall(str(v))}


def test_every_window_shows_chinese_in_zh_cn(qtbot, zh, people, rich, db_path, tmp_path):
    from qa_desk.ui.complaint_window import ComplaintWindow
    from qa_desk.ui.import_dialog import ImportDialog
    from qa_desk.ui.intake.wizard import IntakeWizard
    from qa_desk.ui.lock import LockDialog
    from qa_desk.ui.login import FirstRunDialog, LoginDialog
    from qa_desk.ui.main_window import MainWindow
    from qa_desk.ui.password_dialog import PasswordDialog
    from qa_desk.ui.sign_dialog import SignDialog

    data = _data_words(people)
    shown = 0
    windows = []
    for who in ("headvp", "admin", "reception"):
        w = MainWindow(people[who], str(db_path), drafts_folder=str(tmp_path))
        windows.append(w)
    windows += [ComplaintWindow(people["inspector"], rich["id"]),
                ComplaintWindow(people["headvp"], rich["id"]),
                IntakeWizard(people["inspector"], DraftStore(str(db_path), "inspector", str(tmp_path))),
                SignDialog(people["inspector"], rich["id"], meaning="proposed",
                           action=tr("propose the conclusion for review"), sign=lambda pw: None),
                LockDialog(people["inspector"]), PasswordDialog(people["inspector"]),
                ImportDialog(people["inspector"], str(db_path)), LoginDialog(people["admin"]),
                FirstRunDialog(people["admin"])]
    for w in windows:
        qtbot.addWidget(w)
        shown += assert_all_chinese(w, data)
    assert shown > 1000  # the walk reaches the whole interface, not a handful of labels


def test_the_walk_catches_an_untranslated_string(qtbot, zh):
    """Without a catalogue entry a string stays English, and the walk names it."""
    w = QWidget()
    qtbot.addWidget(w)
    label = QLabel(tr("A sentence nobody translated"), w)
    label.setObjectName("stray")
    with pytest.raises(AssertionError, match="stray"):
        assert_all_chinese(w, set())


def test_main_window_switches_language_at_once(qtbot, zh, people, rich, db_path, tmp_path):
    from qa_desk.ui.main_window import MainWindow

    w = MainWindow(people["headvp"], str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.nav.setCurrentRow(w.page_keys.index("register"))
    opened = w.open_complaint(rich["id"])
    assert w.nav.item(0).text() == "分诊"
    w.set_language("en")
    qtbot.waitUntil(lambda: w.nav.isVisible())  # the new pages show on the next turn of the event loop
    qtbot.wait(50)  # and the old build is deleted (deferred deletes run in the event loop)
    assert language() == "en"
    assert [w.nav.item(i).text() for i in range(2)] == ["Triage", "My tasks"]
    assert [a.text() for a in w.menuBar().actions()] == ["File", "Settings"]
    assert w.page_keys[w.nav.currentRow()] == "register"  # the user stays on the page they were on
    assert opened.isVisible() and opened.tabs.tabText(0) == "接收记录"  # kept, unsaved input and all
    status = [lbl for lbl in w.statusBar().findChildren(QLabel) if not lbl.isHidden()]
    assert len(status) == 3 and status[0].text().startswith("User: ")
    shortcuts = [a.shortcut().toString() for a in w.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert sorted(shortcuts) == sorted(set(shortcuts)) and len(shortcuts) >= 3  # no shortcut made ambiguous
    refresh = next(a for a in w.findChildren(QAction) if a.text() == "Refresh")
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    with qtbot.waitSignal(refresh.triggered, timeout=2_000):
        qtbot.keyClick(w, refresh.shortcut()[0].key(), refresh.shortcut()[0].keyboardModifiers())
    triage = w.triage
    w.set_language("en")  # the language already shown: nothing is rebuilt
    assert w.triage is triage
    w.set_language("zh_CN")
    assert w.nav.item(0).text() == "分诊" and w.user_label.text().startswith("用户")
    assert QSettings("QA Desk", "QA Desk").value("ui/language") == "zh_CN"  # remembered for the next start


def test_qt_own_buttons_are_chinese(qtbot, zh):
    """Qt's standard buttons (the restore confirmation's Yes/No) come from Qt's catalogue, loaded beside ours."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    box = QMessageBox(QMessageBox.Icon.Question, "QA Desk", "?", yes | no)
    qtbot.addWidget(box)
    texts = [box.button(b).text() for b in (yes, no)]
    assert all(CJK.search(t) for t in texts), texts


def test_every_window_chrome_is_english_in_en(qtbot, zh, people, rich, db_path, tmp_path):
    """English complete: titles, buttons, tabs, menus and headers carry no Chinese (record data may)."""
    from qa_desk.ui.complaint_window import ComplaintWindow
    from qa_desk.ui.intake.wizard import IntakeWizard
    from qa_desk.ui.main_window import MainWindow

    set_language("en")
    products = [r[0] for r in people["admin"].db.conn.execute("SELECT product_name FROM complaints")]

    def strip_names(text: str) -> str:  # a window title names its record's product; menus name the languages
        for name in [*products, *LANGUAGE_NAMES]:
            text = text.replace(name, "")
        return text

    windows = [MainWindow(people[who], str(db_path), drafts_folder=str(tmp_path)) for who in ("headvp", "admin")]
    for w in windows:  # a page is built when first shown: show each
        for row in range(w.nav.count()):
            w.nav.setCurrentRow(row)
    windows += [ComplaintWindow(people["headvp"], rich["id"]),
                IntakeWizard(people["inspector"], DraftStore(str(db_path), "inspector", str(tmp_path)))]
    checked = 0
    for w in windows:
        qtbot.addWidget(w)
        texts = visible_texts(w, chrome_only=True)
        bad = [(where, t) for where, t in texts if CJK.search(strip_names(t))]
        assert bad == [], bad[:10]
        checked += len(texts)
    assert checked > 200
