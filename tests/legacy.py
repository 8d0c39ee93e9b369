"""Writing a file as an earlier QA Desk did (schema < 7: the hash as 64-character text and the previous entry's
hash stored with each entry), for the migration and restore tests of files made by the first release."""

from __future__ import annotations

from qa_desk.store.audit import ENTRY_FIELDS, Tx, canonical, entry_hash


class OldTx(Tx):
    def log(self, action, *, op=None, tbl=None, record_id=None, complaint_id=None, field_name=None, old=None,
            new=None, reason=None) -> int:
        r = self.db.conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        last_id, prev = (r[0], r[1]) if r else (0, "0" * 64)
        entry = {"id": last_id + 1, "at": self.at, "user_id": self.user_id, "username": self.username,
                 "action": action, "op": op, "tbl": tbl, "record_id": record_id, "complaint_id": complaint_id,
                 "field": field_name, "old": None if old is None else canonical(old),
                 "new": None if new is None else canonical(new), "reason": reason}
        cols = ",".join(ENTRY_FIELDS) + ",prev_hash,hash"
        self.db.conn.execute(f"INSERT INTO audit_log ({cols}) VALUES ({','.join('?' * (len(ENTRY_FIELDS) + 2))})",
                             [entry[k] for k in ENTRY_FIELDS] + [prev, entry_hash(prev, entry)])
        return entry["id"]
