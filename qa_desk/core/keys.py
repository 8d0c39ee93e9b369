"""Signing keys: what makes a record impossible to forge for someone who has the file but not the password.

Each user has an Ed25519 key pair. The private half is stored only encrypted (AES-256-GCM) under a key derived
from the user's password with argon2id, so it is usable only while that user is logged in: ``unlock`` at login
puts it in the session's memory, and nothing else ever holds it. With it the session

- seals every transaction it commits: a signature over the span of audit entries the transaction wrote and the
  hash of its last entry (that hash commits to the whole trail before it);
- signs every e-signature's content hash, meaning, signer and time;
- signs archive-package manifests (``sign_detached``).

Keys are records too (table ``keys``, audited): each public key carries a certificate, a signature by the key
of the administrator who issued it, back to the installation's root key. The root key is made when the first
administrator is created (``qa-desk init``), certifies that administrator's key, seals that transaction and is
then thrown away, so nobody can certify a key with it later. A first-release file gets its root at the first
administrator login after the upgrade, and that seal vouches for the whole trail before it.

Users of an upgraded file who log in before an administrator has issued them a key enrol themselves: the key is
made from their password at their login and waits for an administrator's endorsement (``endorse``) — until then
``verify`` names it.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import dataclass

from argon2.exceptions import Argon2Error
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlite_utils import Database

from qa_desk.core.errors import refuse
from qa_desk.store.audit import Tx, canonical, last_hash

ROOT, USER = "root", "user"
SEAL_TAG = b"qa-desk-seal/1"
KEY_TAG = "qa-desk-key/1"
ESIG_TAG = "qa-desk-esig/1"
DETACHED_TAG = b"qa-desk-detached/1"


@dataclass(frozen=True)
class Unlocked:
    """A private key in memory for one login."""

    key_id: int
    private: Ed25519PrivateKey

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


# --- encodings -------------------------------------------------------------------------------------------

def _raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _raw_private(private: Ed25519PrivateKey) -> bytes:
    return private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())


def fingerprint(public_key_hex: str) -> str:
    """128 bits of the SHA-256 of the public key, as 32 hex characters: short enough to print and compare
    ("" for a value that is not a key)."""
    try:
        return hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:32]
    except (TypeError, ValueError):
        return ""


def verify_raw(public_key_hex: str, data: bytes, signature_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(bytes.fromhex(signature_hex), data)
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


def certificate_message(user_id: int | None, purpose: str, public_key: str, created_at: str) -> bytes:
    return canonical([KEY_TAG, user_id, purpose, public_key, created_at]).encode()


def esig_message(sig: dict) -> bytes:
    """What an e-signature's cryptographic signature covers: the content hash, the meaning, the signer and the
    time (and the record, step and cycle, so it cannot be moved to another one)."""
    return canonical([ESIG_TAG, sig.get("complaint_id"), sig.get("step"), sig["meaning"], sig["signer_id"],
                      sig["signer_name"], sig["signed_at"], sig["content_sha256"], sig.get("cycle"),
                      sig.get("comment")]).encode()


# --- password-derived wrapping ----------------------------------------------------------------------------

def _kdf_params() -> dict:
    """The password hasher's own argon2id cost (the test suite installs a cheap one; so does this)."""
    from qa_desk.core import session as S

    h = S.HASHER
    return {"alg": "argon2id", "t": h.time_cost, "m": h.memory_cost, "p": h.parallelism,
            "salt": os.urandom(16).hex()}


# the most a stored key derivation may ask for: a file that asks more is refused, not obeyed
KDF_LIMITS = {"t": (1, 16), "m": (8, 1 << 20), "p": (1, 16)}


def _derive(password: str, params: dict) -> bytes:
    for name, (low, high) in KDF_LIMITS.items():
        if not isinstance(params.get(name), int) or not low <= params[name] <= high:
            raise ValueError(f"key derivation parameter {name} out of range")
    return hash_secret_raw(password.encode(), bytes.fromhex(params["salt"]), time_cost=params["t"],
                           memory_cost=params["m"], parallelism=params["p"], hash_len=32, type=Type.ID)


def _wrap(private: Ed25519PrivateKey, password: str) -> tuple[bytes, str]:
    params = _kdf_params()
    nonce = os.urandom(12)
    sealed = nonce + AESGCM(_derive(password, params)).encrypt(nonce, _raw_private(private), _raw_public(private))
    return sealed, json.dumps(params, sort_keys=True)


def _unwrap(row: dict, password: str) -> Ed25519PrivateKey | None:
    try:
        params = json.loads(row["kdf"])
        blob = as_bytes(row["sealed_private"])
        raw = AESGCM(_derive(password, params)).decrypt(blob[:12], blob[12:], bytes.fromhex(row["public_key"]))
        private = Ed25519PrivateKey.from_private_bytes(raw)
    except (InvalidTag, ValueError, TypeError, KeyError, AttributeError, Argon2Error):
        return None  # whatever the file holds there, it is not this user's key
    return private if _raw_public(private).hex() == row["public_key"] else None


# --- reading -------------------------------------------------------------------------------------------

def _rows(db: Database, sql: str, params: tuple = ()) -> list[dict]:
    return [dict(r) for r in db.conn.execute(sql, params)]


def has_keys(db: Database) -> bool:
    return "keys" in db.table_names()


def root(db: Database) -> dict | None:
    if not has_keys(db):
        return None
    r = db.conn.execute("SELECT * FROM keys WHERE purpose = 'root' ORDER BY id LIMIT 1").fetchone()
    return dict(r) if r else None


def root_fingerprint(db: Database) -> str | None:
    r = root(db)
    return r["fingerprint"] if r else None


def current_key(db: Database, user_id: int) -> dict | None:
    r = db.conn.execute("SELECT * FROM keys WHERE user_id = ? AND retired_at IS NULL ORDER BY id DESC LIMIT 1",
                        (user_id,)).fetchone()
    return dict(r) if r else None


def installation_key(db: Database, public_key_hex: str) -> dict | None:
    """The key row when that public key is one of this file's certified user keys, else None."""
    if not has_keys(db):
        return None
    r = db.conn.execute("SELECT k.id, k.user_id, u.username, k.fingerprint, k.created_at, k.retired_at "
                        "FROM keys k JOIN users u ON u.id = k.user_id WHERE k.public_key = ? AND "
                        "k.certified_by IS NOT NULL", (public_key_hex,)).fetchone()
    return dict(r) if r else None


def my_fingerprint(session) -> str | None:
    """The fingerprint of the key this login unlocked (what a user reads out to the administrator)."""
    key = getattr(session, "key", None)
    if key is None:
        return None
    r = session.db.conn.execute("SELECT fingerprint FROM keys WHERE id = ?", (key.key_id,)).fetchone()
    return r[0] if r else None


def awaiting_endorsement(db: Database) -> list[dict]:
    """Self-enrolled keys no administrator has endorsed yet (upgraded files only)."""
    if not has_keys(db):
        return []
    return _rows(db, "SELECT k.id, k.user_id, u.username, u.display_name, k.fingerprint, k.created_at FROM keys k "
                     "JOIN users u ON u.id = k.user_id WHERE k.certified_by IS NULL AND k.retired_at IS NULL "
                     "ORDER BY k.id")


# --- writing -------------------------------------------------------------------------------------------

def _insert_key(tx: Tx, user_id: int | None, purpose: str, private: Ed25519PrivateKey, password: str | None,
                certifier: Unlocked | None, *, action: str, reason: str | None = None) -> dict:
    public = _raw_public(private).hex()
    sealed, kdf = _wrap(private, password) if password is not None else (None, None)
    signer = certifier.private if certifier else (private if purpose == ROOT else None)
    cert = signer.sign(certificate_message(user_id, purpose, public, tx.at)).hex() if signer else None
    row = tx.insert("keys", {
        "user_id": user_id, "purpose": purpose, "public_key": public, "fingerprint": fingerprint(public),
        "sealed_private": sealed, "kdf": kdf, "created_at": tx.at, "created_by": tx.user_id,
        "certified_by": certifier.key_id if certifier else None, "certificate": cert,
    }, action=action, reason=reason)
    if purpose == ROOT:  # self-certified: the id is known only now
        row = tx.update("keys", row["id"], {"certified_by": row["id"]}, action=action)
    return row


def install_root(tx: Tx) -> Unlocked:
    """The installation's root key, inside the transaction that creates the first administrator (or seals an
    upgraded file). The caller certifies with it and seals the transaction; it is never stored."""
    private = Ed25519PrivateKey.generate()
    row = _insert_key(tx, None, ROOT, private, None, None, action="root_key")
    unlocked = Unlocked(row["id"], private)
    tx.sealer = unlocked
    return unlocked


def issue(tx: Tx, user_id: int, password: str, certifier: Unlocked | None, *, reason: str | None = None) -> Unlocked:
    """A new key pair for a user, wrapped under ``password``; any older key of theirs is retired (it stays,
    so their old signatures still verify)."""
    for old in _rows(tx.db, "SELECT id FROM keys WHERE user_id = ? AND retired_at IS NULL", (user_id,)):
        tx.update("keys", old["id"], {"retired_at": tx.at}, action="key_retired", reason=reason)
    private = Ed25519PrivateKey.generate()
    row = _insert_key(tx, user_id, USER, private, password, certifier,
                      action="key_issued" if certifier else "key_enrolled", reason=reason)
    return Unlocked(row["id"], private)


def rotate(tx: Tx, key: Unlocked, user_id: int, password: str) -> Unlocked:
    """Leaving a temporary password: a new key pair, certified by the temporary one, which is retired. The
    administrator knew the temporary password (and may hold a copy of the file from then): the key it opens
    vouches for nothing after this moment."""
    tx.update("keys", key.key_id, {"retired_at": tx.at}, action="key_retired", reason="temporary password left")
    private = Ed25519PrivateKey.generate()
    row = _insert_key(tx, user_id, USER, private, password, key, action="key_rotated")
    return Unlocked(row["id"], private)


def rewrap(tx: Tx, key: Unlocked, password: str) -> None:
    """The password changed: the same key, wrapped under the new one."""
    sealed, kdf = _wrap(key.private, password)
    tx.update("keys", key.key_id, {"sealed_private": sealed, "kdf": kdf}, action="key_rewrapped")


def unlock(db: Database, user_id: int, password: str) -> tuple[dict | None, Unlocked | None]:
    """(the user's current key row, the key unlocked) — (None, None) when the user has no key yet, and
    (row, None) when the key does not open with this password: a key not made with it (the file was
    altered, or a key was issued that the user does not know of)."""
    row = current_key(db, user_id) if has_keys(db) else None
    if row is None:
        return None, None
    private = _unwrap(row, password)
    return row, Unlocked(row["id"], private) if private else None


# --- seals ----------------------------------------------------------------------------------------------
#
# Verifying an Ed25519 signature costs about 80 µs; a seal on each transaction would cost verify 37 µs per
# entry on the demo file (the checklist alone is 22 transactions per complaint). So a login seals the spans it
# wrote together: at once when a transaction changes users or keys, destroys, confirms the clock or seals the
# trail; otherwise when SEAL_WINDOW has passed since its oldest unsealed span, at logout, lock and exit, and at
# most MAX_SPANS at a time. Until then each span carries a mark: the user's signature over that span alone, which
# verify checks for the spans still pending (few: a live login's last minute, a killed login's tail). The user's
# next login seals a killed login's marked spans into one seal and reports any mark that is not theirs.

SEAL_WINDOW_S = 60.0
MAX_SPANS = 500
IMMEDIATE_TABLES = frozenset({"users", "keys", "destruction_log", "audit_reviews"})
IMMEDIATE_ACTIONS = frozenset({"destroy", "clock_confirmed", "trail_sealed", "restore"})
PENDING_TAG = b"qa-desk-pending/1"


@dataclass
class Spans:
    """The spans a login wrote and has not sealed yet; shared by the login's sessions on other connections."""

    pending: list[tuple[int, int]]
    since: float | None = None


def pack_spans(spans: list[tuple[int, int]]) -> bytes:
    return b"".join(struct.pack(">QQ", a, b) for a, b in spans)


def as_bytes(value) -> bytes:
    """A BLOB column as bytes; anything else a file can hold there (text, a number) as nothing."""
    return bytes(value) if isinstance(value, (bytes, bytearray, memoryview)) else b""


def unpack_spans(blob) -> list[tuple[int, int]]:
    blob = as_bytes(blob)
    return list(struct.iter_unpack(">QQ", blob[:len(blob) - len(blob) % 16]))


# A login's seal lists one span per transaction: 16 bytes each, so 1 MB is 65,536 saves in one login, far
# beyond any day's work. A bigger spans blob is a finding for verify, and the history does not read it.
SPANS_READ_LIMIT = 1 << 20


def transactions_of(db: Database, ids: list[int]) -> dict[int, tuple[int, int]]:
    """entry id → the span (first, last) of the transaction that wrote it, for the entries a seal or a pending
    mark covers: the trail itself has no transaction column, and "same author, same second" merges two quick saves.
    ``ids`` ascending. Reads the seals' bounds first and unpacks only the few that hold one of ``ids``.

    A hint for display, never evidence: rows the file holds are not verified here (verify does that), so a
    bound that is not a number, an oversized blob or overlapping spans are skipped or read once, never raised."""
    import bisect

    if not ids:
        return {}
    lo, hi = ids[0], ids[-1]

    def holds(first: int, last: int) -> bool:
        at = bisect.bisect_left(ids, first)
        return at < len(ids) and ids[at] <= last

    bounded = "typeof(first_id) = 'integer' AND typeof(last_id) = 'integer' AND last_id >= ? AND first_id <= ?"
    spans: list[tuple[int, int]] = [
        (a, b) for a, b in db.conn.execute(f"SELECT first_id, last_id FROM seal_pending WHERE {bounded}", (lo, hi))
        if holds(a, b)]
    wanted = [sid for sid, a, b in db.conn.execute(
        f"SELECT id, first_id, last_id FROM seals WHERE {bounded} AND length(spans) <= ?", (lo, hi, SPANS_READ_LIMIT))
        if holds(a, b)]
    for sid in wanted:
        blob = db.conn.execute("SELECT spans FROM seals WHERE id = ?", (sid,)).fetchone()[0]
        spans += [span for span in unpack_spans(blob) if span[0] <= span[1] and holds(*span)]
    return _narrowest(ids, spans)


def _narrowest(ids: list[int], spans: list[tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """Each entry gets the narrowest span that holds it (a real transaction's, not one a hostile row drew over
    the whole trail), each entry given once: "next free" pointers skip what is already given, so a million
    overlapping spans cost one pass, not a million."""
    import bisect

    free = list(range(len(ids) + 1))

    def next_free(i: int) -> int:
        while free[i] != i:
            free[i] = free[free[i]]
            i = free[i]
        return i

    out: dict[int, tuple[int, int]] = {}
    for first, last in sorted(set(spans), key=lambda span: span[1] - span[0]):
        i, end = next_free(bisect.bisect_left(ids, first)), bisect.bisect_right(ids, last)
        while i < end:
            out[ids[i]] = (first, last)
            free[i] = i + 1
            i = next_free(i + 1)
    return out


def seal_message(key_id: int, spans: list[tuple[int, int]], head_hex: str) -> bytes:
    """A seal covers the spans its login wrote and the hash of the last span's last entry, which commits to the
    whole trail before it."""
    return SEAL_TAG + struct.pack(">QQ", key_id, len(spans)) + pack_spans(spans) + bytes.fromhex(head_hex)


def mark_message(key_id: int, first: int, last: int, head_hex: str) -> bytes:
    return PENDING_TAG + struct.pack(">QQQ", key_id, first, last) + bytes.fromhex(head_hex)


def _mark(key: Unlocked, first: int, last: int, head_hex: str) -> bytes:
    """A span's own signature until its login seals it with the others (signing costs 25 µs; only verifying
    is dear, and verify checks only the marks still pending)."""
    return key.sign(mark_message(key.key_id, first, last, head_hex))


def _hash_of(db: Database, entry_id: int) -> str:
    """The entry's hash, or one no signature matches when the file holds no such entry."""
    from qa_desk.core.anchors import hash_at

    found = hash_at(db, entry_id)
    return found if isinstance(found, str) and len(found) == 64 else "0" * 64


def seal_now(db: Database, key: Unlocked, spans: list[tuple[int, int]]) -> None:
    _write_seal(db, key, spans)


def _still_marked(db: Database, key: Unlocked, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans whose marks are still there: a second login of the same user (another workstation, a command)
    may have sealed the others already at its start."""
    if not spans:
        return []
    marked = {tuple(r) for r in db.conn.execute("SELECT first_id, last_id FROM seal_pending WHERE key_id = ? AND "
                                               "last_id >= ?", (key.key_id, spans[0][0]))}
    return [s for s in spans if s in marked]


def _write_seal(db: Database, key: Unlocked, spans: list[tuple[int, int]], current: tuple[int, int] | None = None
                ) -> None:
    spans = _still_marked(db, key, [s for s in spans if s != current]) + ([current] if current else [])
    if not spans:
        return
    head = _hash_of(db, spans[-1][1])
    db.conn.execute("INSERT INTO seals (key_id, first_id, last_id, spans, signature) VALUES (?, ?, ?, ?, ?)",
                    (key.key_id, spans[0][0], spans[-1][1], pack_spans(spans),
                     key.sign(seal_message(key.key_id, spans, head))))
    db.conn.execute("DELETE FROM seal_pending WHERE key_id = ? AND last_id <= ?", (key.key_id, spans[-1][1]))


def end_of_transaction(tx: Tx, key: Unlocked | None, spans: Spans, first_id: int, now: float) -> Spans | None:
    """Inside the transaction, before commit: seal, or mark the span for a later seal. Returns the login's
    unsealed spans as they stand once this commits (None: nothing to change)."""
    sealer = tx.sealer or key  # a key exists only in a file that has the keys table
    if sealer is None:
        return None
    # the newest entry in the file, not the Tx's own: a service's nested write is part of this span too
    last_id, head = last_hash(tx.db)
    if last_id < first_id:
        return None
    span = (first_id, last_id)
    own = sealer is key
    pending = [*(spans.pending if own else []), span]
    since = spans.since if own and spans.pending else now
    urgent = bool(set(tx.changed) & IMMEDIATE_TABLES) or tx.actions & IMMEDIATE_ACTIONS
    if urgent or not own or now - since >= SEAL_WINDOW_S or len(pending) >= MAX_SPANS:
        _write_seal(tx.db, sealer, pending, span)
        return Spans([], None) if own else spans
    tx.db.conn.execute("INSERT INTO seal_pending (key_id, first_id, last_id, mark) VALUES (?, ?, ?, ?)",
                       (sealer.key_id, first_id, last_id, _mark(sealer, first_id, last_id, head)))
    return Spans(pending, since)


def flush(db: Database, key: Unlocked | None, spans: Spans) -> None:
    """Seal what the login has not sealed yet (logout, lock, exit, the GUI's timer); its own short transaction."""
    if key is None or not spans.pending:
        return
    from qa_desk.store.db import immediate

    with immediate(db):
        _write_seal(db, key, spans.pending)
    spans.pending.clear()
    spans.since = None


def revouch(db: Database, key: Unlocked, user_id: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """At login: the spans a previous login of this user marked but never sealed (it was killed). Returns
    (spans whose mark is this user's key's signature, spans whose mark is not: forged)."""
    good, bad = [], []
    for key_id, first, last, mark, public, owner in db.conn.execute(
            "SELECT p.key_id, p.first_id, p.last_id, p.mark, k.public_key, k.user_id FROM seal_pending p "
            "JOIN keys k ON k.id = p.key_id WHERE k.user_id = ? AND p.key_id = ? ORDER BY p.first_id",
            (user_id, key.key_id)):  # a retired key's marks stay: verify checks them as they are
        row = db.conn.execute("SELECT user_id FROM audit_log WHERE id = ?", (last,)).fetchone()
        ok = owner == user_id and row is not None and row[0] == user_id and verify_raw(
            public, mark_message(key_id, first, last, _hash_of(db, last)), as_bytes(mark).hex())
        (good if ok else bad).append((first, last))
    return good, bad


def esign(tx: Tx, sig: dict) -> dict:
    """The key id and signature an e-signature row carries."""
    if tx.sealer is None or not has_keys(tx.db):
        raise refuse("no_key", "您的签名密钥未解锁（请重新登录后再签名）。",
                     "Your signing key is not unlocked (log in again, then sign).")
    return {"key_id": tx.sealer.key_id, "signature": tx.sealer.sign(esig_message(sig)).hex()}


def sign_detached(session, data: bytes) -> dict:
    """Signs bytes (an archive manifest) with the logged-in user's key."""
    key = getattr(session, "key", None)
    if key is None:
        raise refuse("no_key", "您的签名密钥未解锁（请重新登录）。", "Your signing key is not unlocked (log in again).")
    row = dict(session.db.conn.execute("SELECT public_key, fingerprint FROM keys WHERE id = ?",
                                       (key.key_id,)).fetchone())
    return {"key_id": key.key_id, "user": session.actor.username, "public_key": row["public_key"],
            "fingerprint": row["fingerprint"], "signature": key.sign(DETACHED_TAG + data).hex()}


def verify_detached(public_key_hex: str, data: bytes, signature_hex: str) -> bool:
    """The counterpart of ``sign_detached`` (its tag keeps a manifest signature from passing as a seal)."""
    return verify_raw(public_key_hex, DETACHED_TAG + data, signature_hex)
