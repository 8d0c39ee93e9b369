"""Archive packages and the file names made from data: a package reads without QA Desk, its manifest carries the
chain head and the root fingerprint and is signed by its maker, every name in it is safe (even for a number an
attacker forced to ``../../x``), and ``--check`` refuses traversal, absolute, backslash, symlink and duplicate
entries, an unsigned, re-signed or regenerated manifest and a tampered signature — each with a message naming it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
import subprocess
import tempfile
import warnings
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from qa_desk.core import anchors, closure, keys
from qa_desk.core.errors import DomainError
from qa_desk.core.filenames import entry_problem, safe_name, safe_path, shown
from qa_desk.core.verify import verify
from qa_desk.documents import package
from tests import flows
from tests.conftest import PASSWORDS
from tests.test_cli import run


def archived(people, **over) -> dict:
    c = flows.closable(people, **over)
    closure.close(people["inspector"], c["id"])
    return closure.archive(people["inspector"], c["id"])


def en(problems) -> list[str]:
    return [p.en for p in problems]


@pytest.fixture
def made(people, tmp_path):
    """A genuine package of one archived complaint with an attachment."""
    c = archived(people, attachments=[("照片.jpg", b"\xff\xd8\xff" + b"x" * 100)])
    out = tmp_path / "pkg.zip"
    package.make(people["qahead"], out, number=c["number"])
    return c, out


def rewrite(src: Path, dst: Path, *, change: dict[str, bytes] | None = None, drop: tuple[str, ...] = (),
            add: list[tuple[zipfile.ZipInfo | str, bytes]] = ()) -> Path:
    """A copy of a zip with some entries replaced, dropped or added, as someone with a zip tool would make it."""
    change = change or {}
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name: that is the attack
        for item in z.infolist():
            if item.filename not in drop:
                out.writestr(item, change.get(item.filename, z.read(item.filename)))
        for info, data in add:
            out.writestr(info, data)
    return dst


def regenerated(src: Path, dst: Path, *, data: dict[str, bytes], manifest_change=None) -> tuple[Path, bytes]:
    """What a forger who understands the format does: change files, then recompute the checksums, the manifest
    and MANIFEST.sha256 so that every checksum matches again. Returns (zip, new manifest bytes)."""
    with zipfile.ZipFile(src) as z:
        manifest = json.loads(z.read(package.MANIFEST))
    for name, content in data.items():
        manifest["files"][name] = hashlib.sha256(content).hexdigest()
    if manifest_change:
        manifest_change(manifest)
    body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    sums = "".join(f"{h}  {n}\n" for n, h in sorted(manifest["files"].items())).encode()
    return rewrite(src, dst, change={**data, package.MANIFEST: body, package.SUMS: sums}), body


# --- making ----------------------------------------------------------------------------------------------

def test_archive_package_reads_without_qa_desk_and_its_check_finds_changes(people, db_path, tmp_path, clock):
    c = archived(people, attachments=[("../../照片.jpg", b"\xff\xd8\xff" + b"x" * 100)])
    out = tmp_path / "pkg.zip"
    result = package.make(people["qahead"], out, number=c["number"])
    names = zipfile.ZipFile(out).namelist()
    assert f"{c['number']}/QA-F-001-receipt.pdf" in names and "data.xlsx" in names and "MANIFEST.sha256" in names
    assert any(n.startswith(f"{c['number']}/attachments/") and n.endswith("照片.jpg") for n in names)
    assert all(".." not in n for n in names) and result["complaints"] == 1
    assert package.check(out) == [] and package.check(out, people["admin"].db) == []
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(out).extractall(unpacked)
    assert subprocess.run(["sha256sum", "--quiet", "-c", "MANIFEST.sha256"], cwd=unpacked).returncode == 0
    tampered = rewrite(out, tmp_path / "tampered.zip",
                       change={"data.xlsx": zipfile.ZipFile(out).read("data.xlsx") + b"!"})
    assert en(package.check(tampered)) == ["changed: data.xlsx"]
    assert [p.zh for p in package.check(tampered)] == ["已改动：data.xlsx"]
    p = run("--db", db_path, "--lang", "en", "archive-package", "--check", tampered)
    assert p.returncode == 1 and "changed: data.xlsx" in p.stdout
    year = int(c["number"].split("-")[1])
    for s in people.values():
        s.flush_seal()  # the command line runs at the real time, months after the test clock: logins sealed first
    p = run("--db", db_path, "--lang", "en", "--user", "qahead", "archive-package", "--year", year, "--out",
            tmp_path / "year.zip", env_extra={"QA_DESK_PASSWORD": PASSWORDS["qahead"]})
    assert p.returncode == 0 and "1 complaints" in p.stdout, p.stderr
    p = run("--db", db_path, "--lang", "en", "archive-package", "--check", tmp_path / "year.zip")
    assert p.returncode == 0 and "this installation's key of qahead" in p.stdout, p.stdout + p.stderr
    clock.set(datetime.now().astimezone())  # the command line wrote its entries at the real time
    with pytest.raises(DomainError, match="not closed"):
        package.make(people["qahead"], tmp_path / "x.zip", number=flows.registered(people)["number"])
    assert verify(people["admin"].db) == []


def test_manifest_carries_chain_head_and_root_and_is_signed_by_its_maker(people, made):
    _, out = made
    db = people["admin"].db
    with zipfile.ZipFile(out) as z:
        body, sig = z.read(package.MANIFEST), json.loads(z.read(package.SIGNATURE))
    manifest = json.loads(body)
    head = anchors.Head.parse(manifest["chain_head"])
    assert head is not None and anchors.compare(db, head) is None
    assert manifest["root_fingerprint"] == keys.root_fingerprint(db) and len(manifest["root_fingerprint"]) == 32
    assert sig["user"] == manifest["created_by"] == "qahead"
    assert keys.verify_detached(sig["public_key"], body, sig["signature"])
    assert sig["sha256"] == hashlib.sha256(body).hexdigest()
    assert keys.installation_key(db, sig["public_key"])["username"] == "qahead"
    # the package's own audit entry came after the head it carries, and before the file got its name
    assert anchors.chain_head(db).count == head.count + 1
    assert not out.with_name(out.name + ".part").exists()
    found = package.examine(out, db)
    assert found.problems == [] and any("this installation's key of qahead" in n.en for n in found.notes)
    assert any("root fingerprint is this installation's" in n.en for n in found.notes)


def test_a_refused_record_leaves_no_package_and_no_part(people, tmp_path, monkeypatch):
    c = archived(people)
    out = tmp_path / "pkg.zip"

    def refused(session, entry):
        raise DomainError("busy", "数据库正忙", "the database is busy")

    monkeypatch.setattr(package, "_record", refused)
    with pytest.raises(DomainError, match="busy"):
        package.make(people["qahead"], out, number=c["number"])
    assert not any(p.name.startswith("pkg.zip") for p in tmp_path.iterdir())  # neither pkg.zip nor pkg.zip.part


def test_a_session_without_its_key_cannot_make_a_package(people, tmp_path):
    c = archived(people)
    s = people["qahead"]
    s.key = None
    head = anchors.chain_head(s.db)
    with pytest.raises(DomainError) as err:
        package.make(s, tmp_path / "pkg.zip", number=c["number"])
    assert err.value.code == "no_key" and "signature" in err.value.message("en")
    assert anchors.chain_head(s.db) == head and not (tmp_path / "pkg.zip").exists()  # nothing printed either


def test_a_number_forced_to_a_path_stays_inside_its_folder(people, db_path, tmp_path, monkeypatch):
    c = archived(people, attachments=[("C:\\Windows\\CON.jpg", b"\xff\xd8\xffabc"), ("..", b"x")])
    conn = sqlite3.connect(db_path)  # the attacker writes the file as anyone with the workstation's login can
    conn.execute("UPDATE complaints SET number = '../../x' WHERE id = ?", (c["id"],))
    conn.commit()
    conn.close()
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(work))  # ../../x from the work folder would land in a/
    out = tmp_path / "out" / "pkg.zip"
    package.make(people["qahead"], out, number="../../x")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b"] and list(work.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pkg.zip"]
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        manifest = json.loads(z.read(package.MANIFEST))
    assert all(entry_problem(n) is None and "../" not in n and not n.startswith("/") for n in names)
    folder = safe_name("../../x")
    assert manifest["folders"] == {"../../x": folder} and manifest["complaints"] == ["../../x"]
    assert all(n.startswith(f"{folder}/") for n in names if n.endswith(".pdf") or "/attachments/" in n)
    attachments = sorted(n.split("/")[-1] for n in names if "/attachments/" in n)
    assert len(attachments) == 2 and all("\\" not in n and ":" not in n for n in attachments)
    assert package.check(out, people["admin"].db) == []
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(out).extractall(unpacked)
    assert all(unpacked in p.resolve().parents for p in unpacked.rglob("*"))


def test_folders_stay_distinct_when_safe_names_collide(people, db_path, tmp_path):
    a, b = archived(people), archived(people)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE complaints SET number = 'a/b' WHERE id = ?", (a["id"],))
    conn.execute("UPDATE complaints SET number = 'A_B' WHERE id = ?", (b["id"],))
    conn.commit()
    conn.close()
    out = tmp_path / "year.zip"
    package.make(people["qahead"], out, year=a["year"])
    folders = json.loads(zipfile.ZipFile(out).read(package.MANIFEST))["folders"]
    assert len({f.casefold() for f in folders.values()}) == 2
    assert package.check(out) == []


# --- checking ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("entry", "named"), [
    ("../evil.sh", "holds ../"), ("a/../../evil.sh", "holds ../"), ("/etc/cron.d/evil", "absolute path"),
    ("C:/Windows/evil.dll", "absolute path"), ("c:evil", "absolute path"), ("..\\evil.bat", "backslash"),
    ("a\\b.txt", "backslash"), ("a//b", "not a plain relative path"), ("x/CON", "not safe on every system"),
    ("x/evil\u202egpj.exe", "not safe on every system"),
])
def test_check_refuses_entries_that_leave_the_folder(made, tmp_path, entry, named):
    _, out = made
    bad = rewrite(out, tmp_path / "bad.zip", add=[(entry, b"payload")])
    problems = en(package.check(bad))
    assert any(p.startswith(f"'{shown(entry)}' ") and named in p for p in problems), problems
    assert f"not in the manifest: {shown(entry)}" in problems


def test_check_refuses_traversal_even_when_the_manifest_lists_it(people, made, tmp_path):
    _, out = made
    evil = b"#!/bin/sh\n"

    def add(m):
        m["files"]["../../.bashrc"] = hashlib.sha256(evil).hexdigest()

    forged, body = regenerated(out, tmp_path / "forged.zip", data={}, manifest_change=add)
    sig = keys.sign_detached(people["qahead"], body)  # even a real user signing it does not make it safe
    forged = rewrite(forged, tmp_path / "forged2.zip", change={package.SIGNATURE: json.dumps(
        {**sig, "sha256": hashlib.sha256(body).hexdigest()}).encode()}, add=[("../../.bashrc", evil)])
    problems = en(package.check(forged, people["admin"].db))
    assert problems == ["'../../.bashrc' holds ../: it would be written outside the folder it is unpacked into"]


def test_check_refuses_a_symlink_entry(made, tmp_path):
    _, out = made
    link = zipfile.ZipInfo("c/photos")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = rewrite(out, tmp_path / "link.zip", add=[(link, b"../../../home")])
    problems = en(package.check(bad))
    assert "'c/photos' is a symbolic link: unpacked, it can point outside the folder" in problems


def test_check_refuses_duplicate_names(made, tmp_path):
    _, out = made
    twice = rewrite(out, tmp_path / "twice.zip", add=[("data.xlsx", b"another sheet")])
    assert "'data.xlsx' appears twice in the package" in en(package.check(twice))
    case = rewrite(out, tmp_path / "case.zip", add=[("DATA.xlsx", b"another sheet")])
    assert any("differ only in case" in p for p in en(package.check(case)))


def test_check_refuses_a_regenerated_manifest(made, tmp_path):
    _, out = made
    sheet = b"PK forged register"
    forged, _ = regenerated(out, tmp_path / "forged.zip", data={"data.xlsx": sheet})
    assert en(package.check(forged)) == [
        "manifest.json is not the one that was signed: it was changed or regenerated after signing"]
    # the forger also writes the new manifest's SHA-256 into the signature file: the signature itself fails
    with zipfile.ZipFile(forged) as z:
        sig = json.loads(z.read(package.SIGNATURE))
        sig["sha256"] = hashlib.sha256(z.read(package.MANIFEST)).hexdigest()
    again = rewrite(forged, tmp_path / "forged2.zip", change={package.SIGNATURE: json.dumps(sig).encode()})
    assert en(package.check(again)) == ["the manifest's signature does not verify: the signature or manifest.json "
                                        "was altered (or the manifest regenerated)"]
    p = run("--lang", "en", "archive-package", "--check", again)
    assert p.returncode == 1 and "does not verify" in p.stdout


def test_check_refuses_a_tampered_or_missing_signature(made, tmp_path):
    _, out = made
    with zipfile.ZipFile(out) as z:
        sig = json.loads(z.read(package.SIGNATURE))
    flipped = sig["signature"][:-1] + ("0" if sig["signature"][-1] != "0" else "1")
    tampered = rewrite(out, tmp_path / "t.zip", change={package.SIGNATURE: json.dumps({**sig, "signature": flipped})
                                                         .encode()})
    assert any("signature does not verify" in p for p in en(package.check(tampered)))
    other_user = rewrite(out, tmp_path / "u.zip", change={package.SIGNATURE: json.dumps({**sig, "user": "qavp"})
                                                           .encode()})
    assert any("is not the maker named in the manifest" in p for p in en(package.check(other_user)))
    unsigned = rewrite(out, tmp_path / "none.zip", drop=(package.SIGNATURE,))
    assert en(package.check(unsigned)) == ["manifest.sig.json is missing: the manifest is not signed, so anyone "
                                           "could have regenerated it"]
    sums = rewrite(out, tmp_path / "sums.zip", change={package.SUMS: b"0" * 64 + b"  data.xlsx\n"})
    assert any("MANIFEST.sha256 does not say what the signed manifest.json says" in p for p in en(package.check(sums)))


def test_a_manifest_re_signed_with_a_foreign_key_is_caught_against_the_installation(people, made, db_path, tmp_path):
    _, out = made
    forged, body = regenerated(out, tmp_path / "forged.zip", data={"data.xlsx": b"forged"})
    mine = Ed25519PrivateKey.generate()
    public = mine.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    sig = {"signs": "manifest.json", "algorithm": "Ed25519", "sha256": hashlib.sha256(body).hexdigest(),
           "key_id": 1, "user": "qahead", "public_key": public, "fingerprint": keys.fingerprint(public),
           "signature": mine.sign(keys.DETACHED_TAG + body).hex()}
    resigned = rewrite(forged, tmp_path / "resigned.zip", change={package.SIGNATURE: json.dumps(sig).encode()})
    alone = package.examine(resigned)
    assert alone.problems == [] and any("not checked against an installation" in n.en for n in alone.notes)
    assert en(package.check(resigned, people["admin"].db)) == [
        "the signer's key is not one of this installation's keys: the package was not made here, or someone "
        "re-signed it"]
    p = run("--db", db_path, "--lang", "en", "archive-package", "--check", resigned)
    assert p.returncode == 1 and "not one of this installation's keys" in p.stdout
    p = run("--lang", "zh_CN", "archive-package", "--check", resigned)
    assert p.returncode == 0 and "未与系统数据库核对" in p.stdout


def test_root_and_chain_head_are_checked_against_the_installation(people, made, tmp_path):
    _, out = made
    db = people["admin"].db

    def lie(m):
        m["root_fingerprint"] = "0" * 32
        m["chain_head"] = f"{anchors.chain_head(db).count + 50}:{'a' * 64}"

    forged, body = regenerated(out, tmp_path / "forged.zip", data={}, manifest_change=lie)
    sig = keys.sign_detached(people["qahead"], body)  # the real maker signs what is not true of this file
    forged = rewrite(forged, tmp_path / "f2.zip", change={package.SIGNATURE: json.dumps(sig).encode()})
    problems = en(package.check(forged, db))
    assert any(p.startswith("the package's root fingerprint 000") for p in problems)
    assert any("is not in that file's audit trail" in p and "shorter" in p for p in problems)


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_check_of_a_broken_file_says_so(tmp_path, content):
    path = tmp_path / "x.zip"
    path.write_bytes(content)
    assert en(package.check(path))[0].startswith("not a QA Desk archive package")
    p = run("--lang", "en", "archive-package", "--check", path)
    assert p.returncode == 1 and "Traceback" not in p.stderr


# --- file names made from data ------------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "expected"), [
    ("../../x", "_._x"), ("a/b", "a_b"), ("C:\\x", "C__x"), ("..", "file"), ("", "file"), (None, "file"),
    ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("COM1.tar.gz", "_COM1.tar.gz"), ("  .hidden. ", "hidden"),
    ("照片.jpg", "照片.jpg"), ("Ｃ：＼x", "C__x"), ("a\x00b\u202egpj.exe", "a_b_gpj.exe"), ("a\tb", "a b"),
    ("TS-2026-0042", "TS-2026-0042"),
])
def test_safe_name(given, expected):
    assert safe_name(given) == expected


def test_safe_name_bounds_the_length_and_keeps_the_extension():
    long = safe_name("投诉照片" * 60 + ".jpeg")
    assert long.endswith(".jpeg") and len(long.encode()) <= 120
    assert safe_path("../../x", "attachments", "a/b.jpg") == "_._x/attachments/a_b.jpg"


@given(st.text(max_size=300))
def test_safe_name_is_always_one_safe_component(text):
    name = safe_name(text)
    assert name and safe_name(name) == name and entry_problem(name) is None
    assert "/" not in name and "\\" not in name and ".." not in name and len(name.encode()) <= 120
