"""Archive packages: one closed complaint, or all closed complaints of a year, as a zip that needs no QA Desk to
be read — the PDF records, the attachments, the data as an Excel sheet, a README, and a manifest of SHA-256
checksums (``MANIFEST.sha256`` in the format ``sha256sum -c`` reads, and ``manifest.json``).

``manifest.json`` also carries the chain head of the audit trail (``COUNT:HASH``) and the installation's root-key
fingerprint when the package was made, and is signed by the user who made it: ``manifest.sig.json`` holds the
Ed25519 signature over the exact bytes of ``manifest.json``, the signer's public key, its fingerprint and the
user. Every folder and file name in the zip is made by ``filenames.safe_name``, so a number or an attachment
name can never put an entry outside its folder. The zip is written as ``OUT.part``, its audit entry committed,
and only then renamed to ``OUT``.

``check`` (``examine``) tells whether anything in a package changed, went missing or was added, and refuses a
package whose entries could write outside the folder it is unpacked into (``../``, absolute, drive letters,
backslashes, symbolic links, duplicate names) or whose manifest is not signed or does not match its signature
(a manifest regenerated after a change). Given the installation's file it also says whether the signer's key is
one of that installation's keys, whether the root fingerprint is that installation's and whether the file's
audit trail still holds the chain head the package was made at."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from qa_desk.core import anchors, complaints, keys
from qa_desk.core.errors import Problem, refuse
from qa_desk.core.filenames import entry_problem, safe_name, shown
from qa_desk.core.session import Session
from qa_desk.documents import forms, pdf, register
from qa_desk.store import files as files_store
from qa_desk.store.files import file_sha256

ARCHIVABLE = ("closed", "archived")
FORMAT = "qa-desk-archive-package/2"
MANIFEST, SIGNATURE, SUMS = "manifest.json", "manifest.sig.json", "MANIFEST.sha256"
README = """QA Desk archive package / QA Desk 归档包

{what}
Created {at} by {who}.

Each folder holds one complaint: its printed records (PDF, with the form code and version, every
electronic signature and a QR code of the record's SHA-256) and its attachments. data.xlsx holds the
register rows of these complaints. MANIFEST.sha256 lists the SHA-256 of every file: on any computer,
`sha256sum -c MANIFEST.sha256` (or `qa-desk archive-package --check FILE.zip`) tells whether anything changed.
manifest.json lists the same checksums, the audit-trail chain head ({head}) and the installation's root-key
fingerprint ({root}); manifest.sig.json is the Ed25519 signature of {who_user} over manifest.json
(`qa-desk --db FILE archive-package --check FILE.zip` checks it against the installation's keys).

每个文件夹为一条投诉：其打印记录（PDF，含表单编号与版本、全部电子签名及记录 SHA-256 二维码）与附件。
data.xlsx 为这些投诉的台帐数据。MANIFEST.sha256 列出每个文件的 SHA-256，可用 sha256sum -c 校验。
manifest.json 另记审计链链头与本系统根密钥指纹，manifest.sig.json 为制作人对 manifest.json 的签名。
"""


def _folders(chosen: list[dict]) -> dict[int, str]:
    """Complaint id → its folder: the number made safe, distinct even where names differ only in case."""
    out: dict[int, str] = {}
    taken: set[str] = set()
    for c in chosen:
        name = safe_name(c["number"], fallback=f"complaint-{c['id']}")
        if name.casefold() in taken:
            name = safe_name(f"{name}-{c['id']}")
        taken.add(name.casefold())
        out[c["id"]] = name
    return out


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
    if getattr(session, "key", None) is None:  # the manifest must be signed: say so before anything is printed
        raise refuse("no_key", "您的签名密钥未解锁（请重新登录），归档包的清单需要您的签名。",
                     "Your signing key is not unlocked (log in again): the package's manifest needs your signature.")
    out = Path(out)
    if out.is_dir():
        raise refuse("bad_out", f"{out} 是文件夹，请指定 zip 文件名。", f"{out} is a folder; name a zip file.")
    chosen = _select(session, number, year)
    folders = _folders(chosen)
    files: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="qa-desk-package-") as tmp:
        work = Path(tmp)
        for i, c in enumerate(chosen):
            folder = folders[c["id"]]
            (work / folder).mkdir(parents=True, exist_ok=True)
            for form in forms.COMPLAINT_FORMS:
                if form == "hold" and not session.db.conn.execute(
                        "SELECT 1 FROM batch_holds WHERE complaint_id = ?", (c["id"],)).fetchone():
                    continue
                spec = pdf.form(form)
                name = folder + "/" + safe_name(f"{spec['code']}-{form}.pdf")
                files[name] = forms.print_complaint(session, c["id"], form, work / name, masked=False)
            for a in session.db.conn.execute("SELECT id, filename, sha256, content FROM attachments "
                                             "WHERE complaint_id = ? ORDER BY id", (c["id"],)):
                if hashlib.sha256(a["content"]).hexdigest() != a["sha256"]:
                    raise refuse("attachment_changed", f"{c['number']} 的附件 {a['filename']} 与登记时的校验值不符。",
                                 f"Attachment {a['filename']} of {c['number']} no longer matches its checksum.")
                rel = f"{folder}/attachments/" + safe_name(f"{a['id']}-{a['filename']}",
                                                           fallback=f"{a['id']}-attachment")
                (work / rel).parent.mkdir(parents=True, exist_ok=True)
                (work / rel).write_bytes(a["content"])
                files[rel] = work / rel
            if progress:
                progress(i + 1, len(chosen))
        register.export(session, work / "data.xlsx", register.RegisterFilter(ids=[c["id"] for c in chosen]),
                        unmasked=True)
        files["data.xlsx"] = work / "data.xlsx"
        at = session.now().isoformat()
        what = f"Complaint {number}" if number else f"All closed complaints of {year} ({len(chosen)})"
        head, root = str(anchors.chain_head(session.db)), keys.root_fingerprint(session.db)
        (work / "README.txt").write_text(README.format(what=what, at=at, who=session.actor.display_name,
                                                       who_user=session.actor.username, head=head, root=root),
                                         encoding="utf-8")
        files["README.txt"] = work / "README.txt"
        sums = {name: file_sha256(path) for name, path in sorted(files.items())}
        manifest = {"format": FORMAT, "what": what, "created_at": at, "created_by": session.actor.username,
                    "complaints": [c["number"] for c in chosen],
                    "folders": {c["number"]: folders[c["id"]] for c in chosen},
                    "chain_head": head, "root_fingerprint": root, "files": sums}
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        signed = keys.sign_detached(session, manifest_bytes)
        signature = {"signs": MANIFEST, "algorithm": "Ed25519", "sha256": hashlib.sha256(manifest_bytes).hexdigest(),
                     **signed}

        def write(part: Path) -> str:
            with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as z:
                for name, path in sorted(files.items()):
                    z.write(path, name)
                z.writestr(MANIFEST, manifest_bytes)
                z.writestr(SIGNATURE, json.dumps(signature, ensure_ascii=False, indent=2))
                z.writestr(SUMS, "".join(f"{h}  {n}\n" for n, h in sums.items()))
            return file_sha256(part)

        def record(digest: str) -> None:
            _record(session, {"file": out.name, "sha256": digest, "complaints": manifest["complaints"],
                              "chain_head": head, "manifest_sha256": signature["sha256"],
                              "signed_with": signed["fingerprint"]})

        digest = files_store.publish(out, write, record)  # OUT.part, its audit entry committed, then OUT
    return {"complaints": len(chosen), "files": len(sums), "sha256": digest, "chain_head": head,
            "signed_with": signed["fingerprint"]}


def _record(session: Session, entry: dict) -> None:
    with session.write() as tx:
        tx.log("archive_package", new=entry)


# --- checking -------------------------------------------------------------------------------------------------

@dataclass
class Examined:
    """What ``examine`` found: ``problems`` (the package cannot be trusted as it is) and ``notes`` (what was
    established, e.g. who signed), each in zh and en."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    signer: dict | None = None

    def bad(self, zh: str, en: str) -> None:
        self.problems.append(Problem(zh, en))

    def note(self, zh: str, en: str) -> None:
        self.notes.append(Problem(zh, en))


_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError, NotImplementedError,
                EOFError, KeyError, zlib.error)


def check(path: Path, db=None) -> list[Problem]:
    """What is wrong with a package (empty when nothing is): see ``examine``."""
    return examine(path, db).problems


def examine(path: Path, db=None) -> Examined:
    """Every problem of the package at ``path``; with ``db`` (the installation's file, read only) also whether
    its signer, root fingerprint and chain head belong to that installation."""
    found = Examined()
    try:
        z = zipfile.ZipFile(path)
    except _READ_ERRORS as exc:
        found.bad(f"不是 QA Desk 归档包：{exc}", f"not a QA Desk archive package: {exc}")
        return found
    with z:
        infos = z.infolist()
        _entries(infos, found)
        names = {i.filename for i in infos}
        if MANIFEST not in names:
            found.bad("缺少 manifest.json：不是 QA Desk 归档包，或清单被删除", "manifest.json is missing: not a QA Desk "
                      "archive package, or its manifest was removed")
            return found
        try:
            manifest_bytes = z.read(MANIFEST)
            manifest = json.loads(manifest_bytes.decode("utf-8"))
            listed = manifest["files"]
            if not isinstance(manifest, dict) or not isinstance(listed, dict) or \
                    not all(isinstance(k, str) and isinstance(v, str) for k, v in listed.items()):
                raise ValueError("files is not a list of name → SHA-256")
        except (*_READ_ERRORS, TypeError) as exc:
            found.bad(f"manifest.json 无法读取：{exc}", f"manifest.json cannot be read: {exc}")
            return found
        _signature(z, names, manifest, manifest_bytes, found)
        _sums(z, names, listed, found)
        present = names - {MANIFEST, SIGNATURE, SUMS}
        for n in sorted(set(listed) - present):
            found.bad(f"缺少：{shown(n)}", f"missing: {shown(n)}")
        for n in sorted(present - set(listed)):
            found.bad(f"不在清单中：{shown(n)}", f"not in the manifest: {shown(n)}")
        for n in sorted(set(listed) & present):
            try:
                h = hashlib.sha256()
                with z.open(n) as f:
                    for block in iter(lambda f=f: f.read(1 << 20), b""):
                        h.update(block)
                if h.hexdigest() != listed[n]:
                    found.bad(f"已改动：{shown(n)}", f"changed: {shown(n)}")
            except _READ_ERRORS as exc:
                found.bad(f"无法读取 {shown(n)}：{exc}", f"{shown(n)} cannot be read: {exc}")
    if db is not None:
        try:
            _installation(db, manifest, found)
        except sqlite3.DatabaseError as exc:
            found.bad(f"无法与该数据库核对（不是 QA Desk 数据库？）：{exc}",
                      f"cannot check against that database (not a QA Desk file?): {exc}")
    else:
        found.note("未与系统数据库核对签名人密钥和根密钥指纹（用 --db 指定数据库文件）",
                   "the signer's key and the root fingerprint were not checked against an installation (give --db)")
    return found


def _entries(infos: list[zipfile.ZipInfo], found: Examined) -> None:
    """Entries that could write outside the folder, links, and names given twice."""
    seen: dict[str, str] = {}
    for info in infos:
        raw = info.orig_filename  # as stored: zipfile cuts a name at NUL and turns \\ into / on Windows
        p = entry_problem(raw[:-1] if info.is_dir() and raw.endswith("/") else raw)
        if p:
            found.problems.append(p)
        if stat.S_ISLNK(info.external_attr >> 16):
            found.bad(f"“{shown(raw)}”是符号链接，解压后可能指向文件夹之外",
                      f"'{shown(raw)}' is a symbolic link: unpacked, it can point outside the folder")
        key = info.filename.casefold()
        if key in seen:
            same = seen[key] == info.filename
            found.bad(f"“{shown(info.filename)}”在包中出现两次" if same else
                      f"“{shown(info.filename)}”与“{shown(seen[key])}”只有大小写不同（在 Windows 上会互相覆盖）",
                      f"'{shown(info.filename)}' appears twice in the package" if same else
                      f"'{shown(info.filename)}' and '{shown(seen[key])}' differ only in case (one overwrites the "
                      "other on Windows)")
        else:
            seen[key] = info.filename


def _signature(z: zipfile.ZipFile, names: set[str], manifest: dict, manifest_bytes: bytes, found: Examined) -> None:
    if SIGNATURE not in names:
        found.bad("缺少清单签名 manifest.sig.json：任何人都可以重新生成清单", "manifest.sig.json is missing: the manifest "
                  "is not signed, so anyone could have regenerated it")
        return
    try:
        sig = json.loads(z.read(SIGNATURE).decode("utf-8"))
        public, signature = sig["public_key"], sig["signature"]
        if not isinstance(public, str) or not isinstance(signature, str):
            raise ValueError("public_key and signature must be hex text")
    except (*_READ_ERRORS, TypeError) as exc:
        found.bad(f"清单签名 manifest.sig.json 无法读取：{exc}", f"manifest.sig.json cannot be read: {exc}")
        return
    digest = hashlib.sha256(manifest_bytes).hexdigest()
    if sig.get("sha256") not in (None, digest):
        found.bad("manifest.json 不是被签名的那一份：清单在签名后被改动或重新生成",
                  "manifest.json is not the one that was signed: it was changed or regenerated after signing")
    elif not keys.verify_detached(public, manifest_bytes, signature):
        found.bad("清单签名无效：签名或 manifest.json 被改动过（或清单被重新生成）",
                  "the manifest's signature does not verify: the signature or manifest.json was altered (or the "
                  "manifest regenerated)")
    else:
        found.signer = sig
        user, print_ = str(sig.get("user")), _fingerprint(public)
        found.note(f"清单由 {user} 签名（密钥指纹 {print_}），签名有效", f"the manifest is signed by {user} (key "
                   f"fingerprint {print_}) and the signature verifies")
        if sig.get("fingerprint") not in (None, print_):
            found.bad(f"签名文件中的密钥指纹 {shown(str(sig['fingerprint']))} 与公钥不符",
                      f"the key fingerprint in manifest.sig.json ({shown(str(sig['fingerprint']))}) is not the public key's")
        if sig.get("user") != manifest.get("created_by"):
            found.bad(f"签名人 {user} 不是清单中的制作人 {manifest.get('created_by')}",
                      f"the signer {user} is not the maker named in the manifest ({manifest.get('created_by')})")


def _fingerprint(public: str) -> str:
    try:
        return keys.fingerprint(public)
    except ValueError:
        return "?"


def _sums(z: zipfile.ZipFile, names: set[str], listed: dict, found: Examined) -> None:
    """MANIFEST.sha256 (for sha256sum, not signed) must say exactly what the signed manifest says."""
    if SUMS not in names:
        found.bad("缺少 MANIFEST.sha256", "MANIFEST.sha256 is missing")
        return
    try:
        sums = {}
        for line in z.read(SUMS).decode("utf-8").splitlines():
            digest, _, name = line.partition("  ")
            sums[name] = digest
    except (*_READ_ERRORS, UnicodeDecodeError) as exc:
        found.bad(f"MANIFEST.sha256 无法读取：{exc}", f"MANIFEST.sha256 cannot be read: {exc}")
        return
    differ = sorted(n for n in set(sums) | set(listed) if sums.get(n) != listed.get(n))
    if differ:
        which = ", ".join(shown(n) for n in differ[:5]) + (" …" if len(differ) > 5 else "")
        found.bad(f"MANIFEST.sha256 与已签名的 manifest.json 不一致：{which}",
                  f"MANIFEST.sha256 does not say what the signed manifest.json says: {which}")


def _installation(db, manifest: dict, found: Examined) -> None:
    """Whether the signer, the root and the chain head belong to the installation whose file is ``db``."""
    sig = found.signer
    if sig is not None:
        k = keys.installation_key(db, sig["public_key"])
        if k is None:
            found.bad("签名人的密钥不是本系统的密钥：此包不是在这里制作的，或被他人重新签名",
                      "the signer's key is not one of this installation's keys: the package was not made here, or "
                      "someone re-signed it")
        elif k["username"] != sig.get("user"):
            found.bad(f"签名密钥属于本系统的用户 {k['username']}，而不是签名文件中写的 {sig.get('user')}",
                      f"the signing key belongs to this installation's user {k['username']}, not to "
                      f"{sig.get('user')} named in the signature")
        elif k.get("retired_at") and _before(k["retired_at"], manifest.get("created_at")):
            found.bad(f"签名密钥在 {k['retired_at']} 已停用，早于包的制作时间 {manifest.get('created_at')}",
                      f"the signing key was retired at {k['retired_at']}, before the package was made "
                      f"({manifest.get('created_at')})")
        else:
            found.note(f"签名密钥是本系统用户 {k['username']} 的密钥", f"the signing key is this installation's key of "
                       f"{k['username']}")
    root = keys.root_fingerprint(db)
    if root is None:
        found.bad("该数据库没有根密钥，无法核对根密钥指纹", "that database has no root key: the root fingerprint cannot be checked")
    elif manifest.get("root_fingerprint") != root:
        found.bad(f"包中的根密钥指纹 {shown(str(manifest.get('root_fingerprint')))} 不是本系统的（{root}）",
                  f"the package's root fingerprint {shown(str(manifest.get('root_fingerprint')))} is not this "
                  f"installation's ({root})")
    else:
        found.note(f"根密钥指纹与本系统一致（{root}）", f"the root fingerprint is this installation's ({root})")
    head = anchors.Head.parse(str(manifest.get("chain_head") or ""))
    if head is None:
        found.bad("清单中没有有效的审计链链头", "the manifest holds no valid audit chain head")
        return
    differs = anchors.compare(db, head)
    if differs:
        found.bad(f"包制作时的链头 {head} 不在该数据库的审计链中：{differs[1]}",
                  f"the chain head the package was made at ({head}) is not in that file's audit trail: {differs[2]}")
    else:
        found.note(f"该数据库的审计链包含包制作时的链头 {head}", f"that file's audit trail holds the chain head the "
                   f"package was made at ({head})")


def _before(a: str, b: str | None) -> bool:
    try:
        return b is not None and datetime.fromisoformat(a) < datetime.fromisoformat(b)
    except (TypeError, ValueError):
        return False
