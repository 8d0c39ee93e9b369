"""Regenerate the document images in docs/screenshots: page 1 of each printed form, pages 1 and 2 of the
register, page 1 of the monthly review (and its last page, the two signatures) and of the product review
(pdftoppm), and the Excel register as LibreOffice prints it: the top of page 1, page 2 and the first chart page
(headless conversion to PDF, then pdftoppm).

Run: python docs/render_documents.py [OUT_DIR]   (needs poppler-utils; the register image needs LibreOffice)

Everything goes through the real command line on a demo file, as an office would print it; only the signatures
of the monthly review (signed in the app, no command) go through ``qa_desk.core.reviews``, so its render shows
the QA head's "reviewed" and the quality VP's "informed".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

FORMS = ["receipt", "investigation", "capa", "reply", "hold"]


def qa_desk(db: Path, *args: str) -> None:
    env = {**os.environ, "QA_DESK_PASSWORD": "demo"}
    subprocess.run([sys.executable, "-m", "qa_desk", "--db", str(db), *args], check=True, env=env)


def png(pdf: Path, out: Path, page: int = 1, *, dpi: int = 80, crop: tuple[int, int, int, int] | None = None) -> None:
    stem = out.with_suffix("")
    area = [a for flag, v in zip(("-x", "-y", "-W", "-H"), crop, strict=True) for a in (flag, str(v))] if crop else []
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), *area, "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def first_page_with(pdf: Path, text: str) -> int | None:
    for page in range(1, pages(pdf) + 1):
        found = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                               capture_output=True, text=True).stdout
        if text in found:
            return page
    return None


def previous_month(today: date) -> str:
    return f"{today.year - 1}-12" if today.month == 1 else f"{today.year}-{today.month - 1:02d}"


def sign_monthly_review(db: Path, month: str) -> None:
    """The QA head signs the review of ``month`` (reviewed), the quality VP acknowledges it (informed), as in the
    app's signature dialog: the hash of what the dialog showed goes with the QA head's signature. The
    early-warning scan runs first, as on the app's dashboard (and before ``report``): else the signals it raises
    at print time would show as "changed after the review was signed"."""
    from qa_desk.core import reviews, signals, users
    from qa_desk.core.database import open_database
    from qa_desk.core.session import Session

    opened = open_database(db)
    try:
        head = users.login(Session(opened.db), "qahead", "demo")
        signals.scan(head)
        review = reviews.ensure(head, reviews.Kind.MONTHLY, month)
        reviews.sign(head, review["id"], password="demo", meaning=reviews.Meaning.REVIEWED, username="qahead",
                     expected_sha256=reviews.shown_hash(head, review["id"]))
        vp = users.login(Session(opened.db), "qavp", "demo")
        reviews.sign(vp, review["id"], password="demo", meaning=reviews.Meaning.INFORMED, username="qavp")
    finally:
        opened.db.conn.close()


def main() -> None:
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qa-desk-docs-") as tmp:
        work = Path(tmp)
        db = work / "demo.sqlite3"
        qa_desk(db, "demo", "--count", "200", "--seed", "7")
        import sqlite3

        with sqlite3.connect(db) as conn:  # a complaint that went the whole way, with a batch hold
            number = conn.execute(
                "SELECT number FROM complaints c WHERE EXISTS (SELECT 1 FROM batch_holds h WHERE h.complaint_id = c.id)"
                " ORDER BY (SELECT count(*) FROM signatures s WHERE s.complaint_id = c.id) DESC, id LIMIT 1"
            ).fetchone()[0]
        for form in FORMS:
            pdf = work / f"{form}.pdf"
            qa_desk(db, "--user", "qahead", "print", number, "--form", form, "--out", str(pdf))
            png(pdf, out_dir / f"form-{form}.png")
        qa_desk(db, "--user", "qahead", "print", "blank-receipt", "--out", str(work / "blank.pdf"))
        png(work / "blank.pdf", out_dir / "form-blank-receipt.png")
        qa_desk(db, "--user", "qahead", "print", "register", "--out", str(work / "register.pdf"))
        png(work / "register.pdf", out_dir / "form-register.png")
        png(work / "register.pdf", out_dir / "form-register-2.png", page=2)
        month = previous_month(date.today())  # a month that is over: its review can be signed
        sign_monthly_review(db, month)
        qa_desk(db, "--user", "qahead", "report", "monthly", "--month", month, "--out", str(work / "monthly.pdf"))
        png(work / "monthly.pdf", out_dir / "form-monthly-review.png")
        png(work / "monthly.pdf", out_dir / "form-monthly-review-signed.png", page=pages(work / "monthly.pdf"))
        year = str(date.today().year - 1)  # the last full year, on the product with the most complaints in it
        with sqlite3.connect(db) as conn:
            product = conn.execute("SELECT product_name FROM complaints WHERE substr(received_at, 1, 4) = ? AND "
                                   "status != 'voided' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
                                   (year,)).fetchone()[0]
        qa_desk(db, "--user", "qahead", "report", "product-review", "--product", product, "--year", year,
                "--out", str(work / "product.pdf"))
        png(work / "product.pdf", out_dir / "form-product-review.png")
        xlsx = work / "register.xlsx"
        qa_desk(db, "--lang", "zh_CN", "--user", "qahead", "export", "register", "--out", str(xlsx))
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office:
            subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(xlsx)], check=True,
                           capture_output=True, env={**os.environ, "HOME": str(work)})
            # the sheet prints one page wide: show its top-left corner (header row, first rows) at a readable size
            sheets = work / "register.pdf"
            png(sheets, out_dir / "register-libreoffice.png", dpi=220, crop=(80, 90, 1500, 620))
            png(sheets, out_dir / "register-libreoffice-2.png", page=2)  # the next page, whole
            charts = first_page_with(sheets, "投诉统计")  # the statistics sheet: a chart per page
            if charts:
                png(sheets, out_dir / "register-libreoffice-charts.png", page=charts)
        else:
            print("LibreOffice not found: the register image was not regenerated", file=sys.stderr)
    print(f"images written to {out_dir}")


if __name__ == "__main__":
    main()
