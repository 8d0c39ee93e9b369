"""Issue 11, what it must show: an office's first day on a file made by ``qa-desk init`` (not the demo).

The administrator creates the inspector, the QA head and the quality VP from the command line; each logs in
with the temporary password, is made to change it, and then works; one complaint goes from intake to closure
signed by the three; the refusals are clear and audited; ``verify`` passes.
"""

from __future__ import annotations

import json
import sqlite3

from qa_desk.core import approval, closure, users
from qa_desk.core.database import open_database
from qa_desk.core.policy import load_policy
from qa_desk.core.session import Session
from tests import flows
from tests.flows import sign
from tests.test_cli import run

OFFICE = {"zhangwei": ("张伟", "inspector", "Zhang-pass-1"), "wangqiang": ("王强", "qa_head", "Wang-pass-1"),
          "chenjing": ("陈静", "quality_vp", "Chen-pass-1")}
ADMIN = {"QA_DESK_PASSWORD": "admin-pass-1"}


def test_first_day_from_init_to_a_closed_complaint(tmp_path):
    db = tmp_path / "office.sqlite3"
    assert run("--db", db, "--lang", "en", "init").returncode == 0
    for name, (display, role, _) in OFFICE.items():
        p = run("--db", db, "--lang", "en", "--user", "admin", "users", "add", name, "--name", display, "--roles",
                role, "--department", "质量保证部", "--reason", "开通账户",
                env_extra={**ADMIN, "QA_DESK_NEW_PASSWORD": "Temp-pass-1"})
        assert p.returncode == 0, p.stderr
    listing = run("--db", db, "--lang", "en", "--user", "admin", "users", "list", env_extra=ADMIN).stdout
    assert "zhangwei" in listing and "must change password" in listing
    for name, (_, _, own) in OFFICE.items():
        temp = {"QA_DESK_PASSWORD": "Temp-pass-1"}
        p = run("--db", db, "--lang", "en", "--user", name, "export", "register", "--out", tmp_path / "r.xlsx",
                env_extra=temp)
        assert p.returncode == 2 and f"qa-desk --user {name} passwd" in p.stderr and "Traceback" not in p.stderr
        p = run("--db", db, "--lang", "en", "--user", name, "passwd", env_extra={**temp, "QA_DESK_NEW_PASSWORD": own})
        assert p.returncode == 0, p.stderr

    # the refusals, each clear and audited, nothing changed
    p = run("--db", db, "--lang", "en", "--user", "admin", "users", "roles", "admin", "--roles", "admin,qa_head",
            "--reason", "sign too", env_extra=ADMIN)
    assert p.returncode == 2 and "signer role" in p.stderr
    p = run("--db", db, "--lang", "zh_CN", "--user", "wangqiang", "users", "roles", "wangqiang", "--roles",
            "quality_vp", "--reason", "x", env_extra={"QA_DESK_PASSWORD": "Wang-pass-1"})
    assert p.returncode == 2 and "无权" in p.stderr  # only an administrator manages users, and not their own
    conn = sqlite3.connect(db)
    assert json.loads(conn.execute("SELECT roles FROM users WHERE username='admin'").fetchone()[0]) == ["admin"]
    refused = [json.loads(r[0]) for r in conn.execute("SELECT new FROM audit_log WHERE action='refused'")]
    assert {r["why"] for r in refused} >= {"admin_signer", "forbidden"}

    # one complaint from intake to closure, signed by the three
    opened = open_database(db)
    base = Session(opened.db)
    people = {"inspector": users.login(base, "zhangwei", "Zhang-pass-1"),
              "qahead": users.login(base, "wangqiang", "Wang-pass-1"),
              "qavp": users.login(base, "chenjing", "Chen-pass-1")}
    c = flows.investigated(people, flows.triage_input(defect_type="label_error", category="packaging"))
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], "Zhang-pass-1"))
    approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"], "Wang-pass-1"))
    approval.approve(people["qavp"], c["id"], **sign(people["qavp"], c["id"], "Chen-pass-1"))
    from qa_desk.core import investigation as inv

    for capa in inv.capa_for(people["inspector"], c["id"]):
        inv.set_capa_status(people["inspector"], capa["id"], status="done")
        inv.verify_capa(people["qahead"], capa["id"], note="跟踪三批未再发生")
    closure.record_reply(people["inspector"], c["id"], method="letter", content="调查结论及措施", satisfaction="satisfied")
    closed = closure.close(people["inspector"], c["id"])
    assert closed["status"] == "closed"
    signers = [r[0] for r in conn.execute("SELECT signer_name FROM signatures WHERE complaint_id=? ORDER BY id",
                                          (c["id"],))]
    assert signers == ["张伟", "王强", "陈静"]

    p = run("--db", db, "--lang", "en", "--user", "admin", "users", "deactivate", "chenjing", "--reason", "离职",
            env_extra=ADMIN)
    assert p.returncode == 0, p.stderr
    p = run("--db", db, "--lang", "en", "--user", "chenjing", "users", "list",
            env_extra={"QA_DESK_PASSWORD": "Chen-pass-1"})
    assert p.returncode == 2 and "deactivated" in p.stderr
    assert conn.execute("SELECT count(*) FROM audit_log WHERE action='login_refused'").fetchone()[0] == 1
    p = run("--db", db, "--lang", "en", "verify")
    assert p.returncode == 0 and "All checks hold" in p.stdout, p.stdout


def test_generated_temporary_password_is_printed_once(tmp_path):
    db = tmp_path / "o.sqlite3"
    run("--db", db, "init", check=True)
    p = run("--db", db, "--lang", "en", "--user", "admin", "users", "add", "li", "--name", "李娜", "--roles",
            load_policy().label("role", "reception", "zh"), "--generate", env_extra=ADMIN)
    assert p.returncode == 0, p.stderr
    temp = p.stdout.strip().splitlines()[-1].split(": ", 1)[1]
    p = run("--db", db, "--lang", "en", "--user", "li", "passwd",
            env_extra={"QA_DESK_PASSWORD": temp, "QA_DESK_NEW_PASSWORD": "Li-pass-123"})
    assert p.returncode == 0, p.stderr
    roles = sqlite3.connect(db).execute("SELECT roles FROM users WHERE username='li'").fetchone()[0]
    assert json.loads(roles) == ["reception"]
