"""The periodic reviews screen (issue 16 item 5) on a real file: the QA head signs August's review through the dialog
(the review record, the audit entries and the signature in the core), the quality VP acknowledges it, an inspector
sees no sign button (and prints), a wrong password is refused at the password field with nothing written, a running
month cannot be signed and the dialog says why, a late entry shows as a changed section; the dialog fits a
1366×728 laptop; the Trends page's toolbar opens it. Every tr() string of the screen has its zh in
/work/ctx/ts/reviews.json (or the catalogue).

Set REVIEW_SHOTS=<folder> to save screenshots of the dialog (zh, with the strings of reviews.json)."""

from __future__ import annotations

import ast
import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTranslator
from PySide6.QtWidgets import QApplication

from qa_desk.core import reviews
from qa_desk.ui.field_errors import PROPERTY
from qa_desk.ui.i18n import set_language
from qa_desk.ui.review_dialog import ReviewDialog
from tests.conftest import CST, PASSWORDS
from tests.flows import triage_input, triaged

SCREEN_W, SCREEN_H = 1366, 728
A, B = "阿莫西林胶囊", "布洛芬缓释胶囊"
ROOT = Path(__file__).resolve().parents[1]
TS = Path(os.environ.get("REVIEW_TS", "/work/ctx/ts/reviews.json"))


@pytest.fixture(autouse=True)
def english():
    """Assertions read the English source text (the zh of these strings is in reviews.json until merged)."""
    set_language("en")
    yield
    set_language("zh_CN")


def add(people, when: str, product: str = A, batch: str = "B0801") -> dict:
    at = datetime.fromisoformat(when).replace(tzinfo=CST)
    return triaged(people, triage_input(), received_at=at, product_name=product, batch_no=batch, mfg_date=None,
                   expiry_date=None)


@pytest.fixture
def crafted(people):
    """August 2026 (the clock: 2026-09-28) has three complaints, September (running) one."""
    add(people, "2026-08-03T09:00:00")
    add(people, "2026-08-20T10:00:00", batch="B0802")
    add(people, "2026-08-25T14:00:00", product=B, batch="X1")
    add(people, "2026-09-10T09:00:00")
    return people


def dialog(qtbot, session, db_path, month: str | None = "2026-08") -> ReviewDialog:
    d = ReviewDialog(session, str(db_path))
    qtbot.addWidget(d)
    d.out_dir = Path(db_path).parent
    if month:
        with qtbot.waitSignal(d.state_loaded, timeout=20_000):
            y, m = map(int, month.split("-"))
            if d.month.date() == QDate(y, m, 1):
                d.reload()
            else:
                d.month.setDate(QDate(y, m, 1))
    d.show()
    return d


def sign_in_dialog(qtbot, d: ReviewDialog, button, username: str, password: str, *, outcome: str = "signed"):
    button.click()
    assert d.panel.isVisible()
    if d.panel.form.username.isVisibleTo(d.panel):
        d.panel.form.username.setText(username)
    d.panel.form.password.setText(password)
    with qtbot.waitSignal(getattr(d, outcome), timeout=30_000) as blocker:
        d.panel.ok.click()
    return blocker.args[0]


def review_audit(db) -> list[str]:
    return [r[0] for r in db.conn.execute("SELECT action FROM audit_log WHERE tbl = 'reviews' ORDER BY id")]


def test_the_qa_head_signs_and_the_vp_acknowledges(qtbot, crafted, db_path):
    head, vp = crafted["qahead"], crafted["qavp"]
    d = dialog(qtbot, head, db_path)
    assert d.state.review is None and d.state.total == 3 and "Not yet created" in d.state_view.toPlainText()
    assert d.sign_button.isVisible() and d.sign_button.isEnabled() and not d.inform_button.isVisible()
    shown = d.state.digest
    assert shown == reviews.content_hash(reviews.content(head, "monthly", "2026-08"))
    row = sign_in_dialog(qtbot, d, d.sign_button, "qahead", PASSWORDS["qahead"])
    assert row["status"] == "reviewed"
    r = reviews.find(head.db, "monthly", "2026-08")
    assert r["status"] == "reviewed" and r["reviewed_by"] == head.actor.id and r["content_sha256"] == shown
    sig = head.db.conn.execute("SELECT step, meaning, signer_name FROM signatures WHERE id = ?",
                               (r["reviewed_signature_id"],)).fetchone()
    assert tuple(sig) == ("periodic_review", "reviewed", "王强")
    assert review_audit(head.db) == ["review_opened", "review_signed"]
    qtbot.waitUntil(lambda: d.state is not None, timeout=20_000)
    assert "Signed by 王强" in d.state_view.toPlainText() and "No: the figures are the ones reviewed." in \
        d.state_view.toPlainText()
    assert not d.sign_button.isEnabled() and "it is signed once" in d.reason.text()
    assert head.signed_in_login  # the next signature of this login asks the password only

    v = dialog(qtbot, vp, db_path)
    assert not v.sign_button.isVisible() and v.inform_button.isVisible() and v.inform_button.isEnabled()
    row = sign_in_dialog(qtbot, v, v.inform_button, "qavp", PASSWORDS["qavp"])
    assert row["status"] == "informed"
    r = reviews.find(vp.db, "monthly", "2026-08")
    assert r["informed_by"] == vp.actor.id and r["informed_signature_id"]
    assert review_audit(vp.db) == ["review_opened", "review_signed", "review_acknowledged"]
    assert [s["valid"] for s in reviews.manifestations(vp.db, r)] == [True, True] and reviews.problems(vp.db) == []
    qtbot.waitUntil(lambda: v.state is not None, timeout=20_000)
    text = v.state_view.toPlainText()
    assert "Signed by 王强" in text and "Signed by 陈静" in text
    assert not v.inform_button.isEnabled() and "acknowledged the review at" in v.reason.text()

    add(crafted, "2026-08-28T09:00:00", product=B, batch="X2")  # a late entry: August's figures change
    v.reload()
    qtbot.waitUntil(lambda: v.state is not None, timeout=20_000)
    assert "total" in v.state.changed and "The figures changed after the review was signed" in \
        v.state_view.toPlainText()


def test_an_inspector_sees_no_sign_button_and_prints(qtbot, crafted, db_path):
    s = crafted["inspector"]
    d = dialog(qtbot, s, db_path)
    assert not d.sign_button.isVisible() and not d.inform_button.isVisible()
    assert d.print_button.isVisible() and d.print_button.isEnabled()
    with qtbot.waitSignal(d.printed, timeout=60_000) as blocker:
        d.print_button.click()
    out = blocker.args[0]
    assert out.exists() and out.read_bytes()[:5] == b"%PDF-" and out.name == "monthly-review-2026-08.pdf"
    assert str(out) in d.status.text()
    entry = s.db.conn.execute("SELECT new FROM audit_log WHERE action = 'print' ORDER BY id DESC LIMIT 1").fetchone()
    assert json.loads(entry[0])["month"] == "2026-08"
    assert reviews.find(s.db, "monthly", "2026-08") is None  # printing creates no review record


def test_a_wrong_password_is_refused_at_the_password_field(qtbot, crafted, db_path):
    head = crafted["qahead"]
    d = dialog(qtbot, head, db_path)
    d.sign_button.click()  # opening the review to sign it creates the record (audited)
    assert review_audit(head.db) == ["review_opened"]
    signatures_before = head.db.conn.execute("SELECT count(*) FROM signatures").fetchone()[0]
    err = sign_in_dialog(qtbot, d, d.sign_button, "qahead", "wrong-pass-9", outcome="refused")
    assert err.code == "bad_password"
    pw = d.panel.form.password
    assert pw.property(PROPERTY) is True and pw.text() == "" and d.panel.isVisible()
    under = d.panel.findChild(type(d.reason), "field_error_sign_password")
    assert under is not None and "password" in under.text().lower()
    assert d.panel.error.text() == "Nothing was signed."
    assert head.db.conn.execute("SELECT count(*) FROM signatures").fetchone()[0] == signatures_before
    assert review_audit(head.db) == ["review_opened"]
    assert reviews.find(head.db, "monthly", "2026-08")["status"] == "open"
    assert not head.signed_in_login
    # the zh text of the core's refusal
    set_language("zh_CN")
    err = sign_in_dialog(qtbot, d, d.sign_button, "qahead", "wrong-pass-9", outcome="refused")
    assert err.code == "bad_password"
    assert "密码错误" in d.panel.findChild(type(d.reason), "field_error_sign_password").text()
    assert review_audit(head.db) == ["review_opened"]


def test_a_running_month_cannot_be_signed_and_the_dialog_says_why(qtbot, crafted, db_path):
    head = crafted["qahead"]
    d = dialog(qtbot, head, db_path, month="2026-09")
    assert d.state.period == "2026-09" and d.state.total == 1
    assert d.sign_button.isVisible() and not d.sign_button.isEnabled()
    assert d.reason.isVisible() and "The period 2026-09 is not over yet" in d.reason.text()
    d.ask(reviews.Meaning.REVIEWED)  # even asked directly, nothing opens and nothing is written
    assert not d.panel.isVisible() and review_audit(head.db) == []
    assert d.print_button.isEnabled()  # printing is not limited
    # the core says the same if a review of the running month reaches it
    r = reviews.ensure(head, "monthly", "2026-09")
    d.reload()
    qtbot.waitUntil(lambda: d.state is not None, timeout=20_000)
    d.panel.ask(reviews.Meaning.REVIEWED, d.state)
    d.panel.form.username.setText("qahead")
    d.panel.form.password.setText(PASSWORDS["qahead"])
    with qtbot.waitSignal(d.refused, timeout=30_000) as blocker:
        d.panel.ok.click()
    assert blocker.args[0].code == "period_not_over" and "is not over" in d.error.text()
    assert reviews.get(head.db, r["id"])["status"] == "open"


def test_the_product_review_and_the_vp_before_the_head(qtbot, crafted, db_path):
    vp = crafted["qavp"]
    d = ReviewDialog(vp, str(db_path), product=B)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.product.count() == 2, timeout=20_000)
    with qtbot.waitSignal(d.state_loaded, timeout=20_000):
        d.kind.setCurrentIndex(d.kind.findData("product"))
    with qtbot.waitSignal(d.state_loaded, timeout=20_000):
        d.year.setValue(2026)
    assert d.state.product == B and d.state.total == 1 and d.state.period == "2026"
    assert not d.month.isVisibleTo(d) and d.year.isVisibleTo(d)
    assert not d.inform_button.isEnabled() and "has not signed this review yet" in d.reason.text()


def test_the_trends_toolbar_opens_the_dialog_and_it_fits(qtbot, crafted, db_path):
    from qa_desk.ui.dashboard_view import DashboardView

    head = crafted["headvp"]  # both roles: both sign buttons, the form with the user name row
    view = DashboardView(head, str(db_path), auto_scan=False)
    qtbot.addWidget(view)
    assert view.reviews_button.text() == "Periodic reviews…"
    view.reviews_button.click()
    d = view.findChild(ReviewDialog)
    assert d is not None
    qtbot.waitUntil(lambda: d.state is not None, timeout=20_000)
    assert d.sign_button.isVisible() and d.inform_button.isVisible()
    d.sign_button.click()
    assert d.panel.isVisible()
    hint = d.minimumSizeHint()
    assert hint.width() <= SCREEN_W and hint.height() <= SCREEN_H, hint
    d.close()


class JsonTranslator(QTranslator):
    """The screen's zh from reviews.json (what the lead merges into the catalogue), for the screenshot."""

    def __init__(self, table: dict[str, str]) -> None:
        super().__init__()
        self.table = table
        self.base = QTranslator()  # the rest from the catalogue (an empty answer would blank the text)
        self.base.load(str(ROOT / "resources" / "translations" / "qa_desk_zh_CN.qm"))

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401 - Qt's signature
        return self.table.get(source) or self.base.translate(context, source, disambiguation, n)

    def isEmpty(self) -> bool:  # noqa: N802
        return False


def test_every_string_has_its_zh_and_the_screenshot(qtbot, crafted, db_path):
    table = json.loads(TS.read_text(encoding="utf-8"))[""] if TS.exists() else {}
    for name in ("review_dialog.py", "review_panel.py"):
        tree = ast.parse((ROOT / "qa_desk" / "ui" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr":
                assert isinstance(node.args[0], ast.Constant), ast.dump(node)
                if TS.exists():
                    assert node.args[0].value in table, node.args[0].value
    shots = os.environ.get("REVIEW_SHOTS")
    if not shots:
        return
    set_language("zh_CN")
    extra = JsonTranslator(table)
    QApplication.instance().installTranslator(extra)
    try:
        head = crafted["qahead"]
        d = dialog(qtbot, head, db_path)
        d.resize(820, 640)
        d.sign_button.click()
        qtbot.wait(100)
        folder = Path(shots)
        folder.mkdir(parents=True, exist_ok=True)
        d.grab().save(str(folder / "review-dialog-zh-sign.png"))
        d.panel.form.username.setText("qahead")
        d.panel.form.password.setText("wrong-pass-9")
        with qtbot.waitSignal(d.refused, timeout=30_000):
            d.panel.ok.click()
        qtbot.wait(100)
        d.grab().save(str(folder / "review-dialog-zh-wrong-password.png"))
        d.panel.form.password.setText(PASSWORDS["qahead"])
        with qtbot.waitSignal(d.signed, timeout=30_000):
            d.panel.ok.click()
        qtbot.waitUntil(lambda: d.state is not None, timeout=20_000)
        qtbot.wait(100)
        d.grab().save(str(folder / "review-dialog-zh-signed.png"))
        r = dialog(qtbot, head, db_path, month="2026-09")
        r.resize(820, 520)
        qtbot.wait(100)
        r.grab().save(str(folder / "review-dialog-zh-running.png"))
    finally:
        QApplication.instance().removeTranslator(extra)
