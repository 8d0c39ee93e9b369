"""Regenerate the document images in docs/screenshots: page 1 of each printed form (pdftoppm) and the Excel
register as LibreOffice shows it (headless conversion to PDF, then pdftoppm).

Run: python docs/render_documents.py [OUT_DIR]   (needs poppler-utils; the register image needs LibreOffice)

Everything goes through the real command line on a demo file, as an office would print it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
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
        xlsx = work / "register.xlsx"
        qa_desk(db, "--lang", "zh_CN", "--user", "qahead", "export", "register", "--out", str(xlsx))
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office:
            subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(xlsx)], check=True,
                           capture_output=True, env={**os.environ, "HOME": str(work)})
            # the sheet prints one page wide: show its top-left corner at a readable size
            png(work / "register.pdf", out_dir / "register-libreoffice.png", dpi=220, crop=(150, 200, 1500, 620))
        else:
            print("LibreOffice not found: the register image was not regenerated", file=sys.stderr)
    print(f"images written to {out_dir}")


if __name__ == "__main__":
    main()
