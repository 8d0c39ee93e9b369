"""Archive packages: one closed complaint, or all closed complaints of a year, as a zip that needs no QA Desk to
be read — the PDF records, the attachments, the data as an Excel sheet, a README, and a manifest of SHA-256
checksums (``MANIFEST.sha256`` in the format ``sha256sum -c`` reads, and ``manifest.json``). ``check`` tells
whether anything in a package changed, went missing or was added."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from qa_desk.core import complaints
from qa_desk.core.errors import refuse
from qa_desk.core.session import Session
from qa_desk.documents import forms, pdf, register
from qa_desk.store.files import file_sha256

ARCHIVABLE = ("closed", "archived")
README = """QA Desk archive package / QA Desk 归档包

{what}
Created {at} by {who}.

Each folder holds one complaint: its printed records (PDF, with the form code and version, every
electronic signature and a QR code of the record's SHA-256) and its attachments. data.xlsx holds the
register rows of these complaints. MANIFEST.sha256 lists the SHA-256 of every file: on any computer,
`sha256sum -c MANIFEST.sha256` (or `qa-desk archive-package --check FILE.zip`) tells whether anything changed.

每个文件夹为一条投诉：其打印记录（PDF，含表单编号与版本、全部电子签名及记录 SHA-256 二维码）与附件。
data.xlsx 为这些投诉的台帐数据。MANIFEST.sha256 列出每个文件的 SHA-256，可用 sha256sum -c 校验。
"""


def _safe(name: str) -> str:
    """A file name that stays inside its folder on every system."""
    base = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", Path(name.replace("\\", "/")).name).strip(" .")
    return base[:120] or "attachment"


def _select(session: Session, number: str | None, year: int | None) -> list[dict]:
    if number:
        c = complaints.by_number(session.db, number)
        if c["status"] not in ARCHIVABLE:
            raise refuse("not_closed", f"投诉 {number} 尚未结案（{c['status']}），不能打包归档。",
                         f"Complaint {number} is not closed ({c['status']}); only closed records are packaged.")
        return [c]
    rows = [dict(r) for r in session.db.conn.execute(
        f"SELECT * FROM complaints WHERE year = ? AND status IN ({','.join('?' * len(ARCHIVABLE))}) ORDER BY seq",
        (year, *ARCHIVABLE))]
    if not rows:
        raise refuse("nothing_to_package", f"{year} 年没有已结案的投诉。", f"There are no closed complaints from {year}.")
    return rows


def make(session: Session, out: Path, *, number: str | None = None, year: int | None = None,
         progress: Callable[[int, int], None] | None = None) -> dict:
    session.require("archive_package")
    chosen = _select(session, number, year)
    files: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="qa-desk-package-") as tmp:
        work = Path(tmp)
        for i, c in enumerate(chosen):
            folder = work / c["number"]
            for form in forms.COMPLAINT_FORMS:
                if form == "hold" and not session.db.conn.execute(
                        "SELECT 1 FROM batch_holds WHERE complaint_id = ?", (c["id"],)).fetchone():
                    continue
                spec = pdf.form(form)
                name = f"{c['number']}/{spec['code']}-{form}.pdf"
                files[name] = forms.print_complaint(session, c["id"], form, folder / f"{spec['code']}-{form}.pdf",
                                                    masked=False)
            for a in session.db.conn.execute("SELECT id, filename, sha256, content FROM attachments "
                                             "WHERE complaint_id = ? ORDER BY id", (c["id"],)):
                if hashlib.sha256(a["content"]).hexdigest() != a["sha256"]:
                    raise refuse("attachment_changed", f"{c['number']} 的附件 {a['filename']} 与登记时的校验值不符。",
                                 f"Attachment {a['filename']} of {c['number']} no longer matches its checksum.")
                rel = f"{c['number']}/attachments/{a['id']}-{_safe(a['filename'])}"
                (work / rel).parent.mkdir(parents=True, exist_ok=True)
                (work / rel).write_bytes(a["content"])
                files[rel] = work / rel
            if progress:
                progress(i + 1, len(chosen))
        register.export(session, work / "data.xlsx", register.RegisterFilter(ids=[c["id"] for c in chosen]),
                        unmasked=True)
        files["data.xlsx"] = work / "data.xlsx"
        what = f"Complaint {number}" if number else f"All closed complaints of {year} ({len(chosen)})"
        (work / "README.txt").write_text(README.format(what=what, at=session.now().isoformat(),
                                                       who=session.actor.display_name), encoding="utf-8")
        files["README.txt"] = work / "README.txt"
        sums = {name: file_sha256(path) for name, path in sorted(files.items())}
        manifest = {"what": what, "created_at": session.now().isoformat(), "created_by": session.actor.username,
                    "complaints": [c["number"] for c in chosen], "files": sums}
        tmp_zip = out.with_name(out.name + ".part")
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as z:
            for name, path in sorted(files.items()):
                z.write(path, name)
            z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            z.writestr("MANIFEST.sha256", "".join(f"{h}  {n}\n" for n, h in sums.items()))
        tmp_zip.replace(out)
    digest = file_sha256(out)
    with session.write() as tx:
        tx.log("archive_package", new={"file": out.name, "sha256": digest, "complaints": manifest["complaints"]})
    return {"complaints": len(chosen), "files": len(sums), "sha256": digest}



def check(path: Path) -> list[str]:
    """What changed in a package since it was made (empty when nothing did)."""
    try:
        with zipfile.ZipFile(path) as z:
            listed = {}
            for line in z.read("MANIFEST.sha256").decode("utf-8").splitlines():
                digest, _, name = line.partition("  ")
                listed[name] = digest
            present = set(z.namelist()) - {"MANIFEST.sha256", "manifest.json"}
            problems = [f"missing: {n}" for n in sorted(set(listed) - present)]
            problems += [f"not in the manifest: {n}" for n in sorted(present - set(listed))]
            for name in sorted(set(listed) & present):
                if hashlib.sha256(z.read(name)).hexdigest() != listed[name]:
                    problems.append(f"changed: {name}")
            return problems
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        return [f"not a QA Desk archive package: {exc}"]
