"""Issue 11: user administration, passwords, logins, sessions and refusals — asserted on the database."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from qa_desk.core import actions, approval, complaints, history, intake, privacy, session, settings, users
from qa_desk.core import investigation as inv
from qa_desk.core.errors import DomainError
from qa_desk.core.session import SYSTEM
from qa_desk.core.verify import verify
from qa_desk.store.audit import changes
from tests import flows
from tests.conftest import PASSWORDS, TEMPORARY, add_user, count_rows
from tests.flows import sign


def audit(s, action: str) -> list[dict]:
    return [dict(r) for r in s.db.conn.execute("SELECT * FROM audit_log WHERE action = ? ORDER BY id", (action,))]


def refusals(s, why: str) -> list[dict]:
    return [json.loads(e["new"]) for e in audit(s, "refused") if json.loads(e["new"]).get("why") == why]


def test_the_apps_own_hasher_is_argon2id_at_owasp_strength():
    import importlib

    fresh = importlib.reload(importlib.import_module("qa_desk.core.session"))
    try:
        assert (fresh.HASHER.time_cost, fresh.HASHER.memory_cost) == (2, 19_456)
        assert fresh.hash_password("x").startswith("$argon2id$")
    finally:
        fresh.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def test_admin_creates_a_user_with_a_temporary_password_that_serves_only_to_change_it(people, base):
    admin = people["admin"]
    users.create_user(admin, "zhao", "赵六", ["inspector"], TEMPORARY, department="质量保证部", job_title="QA",
                      reason="新员工入职")
    row = users.find(base.db, "zhao")
    assert row["must_change_password"] == 1 and row["department"] == "质量保证部"
    entry = [e for e in audit(base, "create") if e["tbl"] == "users" and e["record_id"] == row["id"]][0]
    assert entry["reason"] == "新员工入职" and entry["username"] == "admin"
    s = users.login(base, "zhao", TEMPORARY)
    with pytest.raises(DomainError) as err:
        intake.register(s, flows.draft(s))
    assert err.value.code == "must_change_password" and count_rows(base, "complaints") == 0
    assert refusals(base, "must_change_password")
    with pytest.raises(DomainError):
        users.change_password(s, TEMPORARY, "short")  # the rules apply
    users.change_password(s, TEMPORARY, "Zhao-pass-1")
    assert intake.register(s, flows.draft(s))["number"]


def test_the_administrator_never_signs_and_nobody_changes_their_own_roles(people, base):
    admin = people["admin"]
    with pytest.raises(DomainError) as err:
        users.set_roles(admin, "admin", ["admin", "qa_head"], reason="我也签字")
    assert "签名角色" in err.value.message("zh_CN")
    assert json.loads(users.find(base.db, "admin")["roles"]) == ["admin"]
    assert refusals(base, "admin_signer")
    with pytest.raises(DomainError):
        users.create_user(admin, "boss", "老板", ["admin", "quality_vp"], TEMPORARY)
    assert users.find(base.db, "boss") is None
    add_user(admin, "admin2", "管理员二", ["admin"], "Admin2-pass-1")
    admin2 = users.login(base, "admin2", "Admin2-pass-1")
    with pytest.raises(DomainError) as err:
        users.set_roles(admin2, "admin2", ["admin", "reception"], reason="x")
    assert err.value.code == "own_roles" and refusals(base, "own_roles")
    users.set_roles(admin2, "inspector", ["inspector", "reception"], reason="兼任前台")
    assert json.loads(users.find(base.db, "inspector")["roles"]) == ["inspector", "reception"]


def test_the_last_active_administrator_stays(people, base):
    admin = people["admin"]
    with pytest.raises(DomainError) as err:
        users.deactivate(admin, "admin", reason="离职")
    assert err.value.code in ("own_account", "last_admin")
    add_user(admin, "admin2", "管理员二", ["admin"], "Admin2-pass-1")
    admin2 = users.login(base, "admin2", "Admin2-pass-1")
    users.deactivate(admin2, "admin", reason="离职")
    with pytest.raises(DomainError) as err:
        users.set_roles(people["admin"], "admin2", ["reception"], reason="x")
    assert err.value.code == "deactivated"  # admin's open login is dead at once
    with pytest.raises(DomainError) as err:
        users.set_roles(admin2, "admin2", ["reception"], reason="x")
    assert err.value.code in ("own_roles", "last_admin")


def test_deactivated_users_cannot_log_in_or_sign_but_their_signatures_stay_valid(people, base):
    c = flows.approved(people)
    head_sigs = [s for s in complaints_signatures(base, c["id"]) if s["signer_name"] == "王强"]
    users.deactivate(people["admin"], "qahead", reason="调岗")
    with pytest.raises(DomainError) as err:
        users.login(base, "qahead", PASSWORDS["qahead"])
    assert err.value.code == "deactivated" and "停用" in err.value.message("zh_CN")
    assert [e for e in audit(base, "login_refused") if json.loads(e["new"])["why"] == "deactivated"]
    with pytest.raises(DomainError):  # the login that was already open can do nothing either
        approval.reject(people["qahead"], flows.investigated(people)["id"], reason="x")
    after = [s for s in complaints_signatures(base, c["id"]) if s["signer_name"] == "王强"]
    assert [s["state"] for s in after] == [s["state"] for s in head_sigs] == ["valid"]
    with pytest.raises(DomainError):
        users.create_user(people["admin"], "qahead", "新人", ["qa_head"], TEMPORARY)  # never reused
    users.reactivate(people["admin"], "qahead", reason="返岗")
    assert users.login(base, "qahead", PASSWORDS["qahead"]).actor.username == "qahead"


def complaints_signatures(base, cid):
    from qa_desk.core import signatures

    return signatures.for_complaint(base.db, cid)


def test_a_role_removed_takes_effect_in_an_open_login(people, base):
    insp = people["inspector"]
    c = flows.registered(people)
    users.set_roles(people["admin"], "inspector", ["reception"], reason="调岗")
    before = count_rows(base, "complaints"), count_rows(base, "audit_log")
    with pytest.raises(DomainError) as err:
        intake.acknowledge(insp, c["id"], method="phone")
    assert err.value.code == "forbidden"
    assert complaints.get(base.db, c["id"])["acknowledged_at"] is None
    assert count_rows(base, "audit_log") == before[1] + 1  # only the refusal
    assert actions.available(insp, complaints.get(base.db, c["id"])) == frozenset()


def test_password_rules_classes_history_and_expiry(people, base, clock):
    s = people["inspector"]
    with pytest.raises(DomainError) as err:
        users.change_password(s, PASSWORDS["inspector"], "abcdefghij")
    assert "类字符" in err.value.message("zh_CN")
    users.change_password(s, PASSWORDS["inspector"], "Second-pass-2")
    with pytest.raises(DomainError) as err:  # no reuse of the last five
        users.change_password(s, "Second-pass-2", PASSWORDS["inspector"])
    assert "重复使用" in err.value.message("zh_CN")
    settings.put(people["admin"], "password_expiry_days", 30, reason="SOP")
    clock.advance(days=31)
    again = users.login(base, "inspector", "Second-pass-2")
    assert users.must_change_password(again)
    with pytest.raises(DomainError) as err:
        flows.registered({"inspector": again})
    assert err.value.code == "must_change_password"
    users.change_password(again, "Second-pass-2", "Third-pass-3")
    assert not users.must_change_password(again)


def test_administrator_reset_is_temporary_and_issued_to_someone_else(people, base):
    users.reset_password(people["admin"], "qavp", "Reset-pass-9", reason="忘记密码")
    vp = users.login(base, "qavp", "Reset-pass-9")
    assert users.must_change_password(vp)
    with pytest.raises(DomainError):
        users.reset_password(people["admin"], "admin", "Reset-pass-9", reason="x")  # own: Settings → Change


def test_wrong_name_and_wrong_password_answer_alike_and_are_throttled(people, base, clock):
    answers = []
    for name in ("nobody", "qavp"):
        with pytest.raises(DomainError) as err:
            users.login(base, name, "wrong")
        answers.append((err.value.code, err.value.message("zh_CN")))
    assert answers[0] == answers[1] == ("bad_login", "用户名或密码错误。")
    failed = audit(base, "login_failed")
    assert [e["username"] for e in failed[-2:]] == ["nobody", "qavp"]
    start = clock.now()
    for _ in range(5):  # repeated failures for an unknown name are slowed down too
        with pytest.raises(DomainError):
            users.login(base, "nobody", "wrong")
    assert clock.now() - start >= timedelta(seconds=1 + 2 + 3)


def test_a_lockout_ends_by_itself_and_the_admin_can_end_it_at_once(people, base, clock):
    for _ in range(5):
        with pytest.raises(DomainError) as err:
            users.login(base, "qavp", "wrong")
        assert err.value.code == "bad_login"
    with pytest.raises(DomainError) as err:
        users.login(base, "qavp", PASSWORDS["qavp"])
    assert err.value.code == "locked" and "自动解锁" in err.value.message("zh_CN")
    clock.advance(minutes=31)
    assert users.login(base, "qavp", PASSWORDS["qavp"]).actor.username == "qavp"
    for _ in range(5):
        with pytest.raises(DomainError):
            users.login(base, "qavp", "wrong")
    users.unlock(people["admin"], "qavp", reason="本人电话确认")
    assert users.login(base, "qavp", PASSWORDS["qavp"]).actor.username == "qavp"


def test_login_and_logout_are_attributed_to_the_user(people, base):
    s = users.login(base, "qahead", PASSWORDS["qahead"])
    users.screen_locked(s)
    users.screen_unlock(s, PASSWORDS["qahead"])
    users.logout(s)
    me = s.actor.id
    for action in ("login", "lock", "unlock_screen", "logout"):
        assert audit(base, action)[-1]["user_id"] == me, action


def test_signing_with_a_stale_hash_is_refused(people, base):
    c = flows.investigated(people)
    insp = people["inspector"]
    shown = sign(insp, c["id"])
    inv.add_custody(insp, c["id"], action="样品接收", holder="张伟")  # custody is not signed content
    inv.set_findings(insp, c["id"], inv.Findings(root_cause="另一原因", root_cause_category="machine",
                                                 conclusion="confirmed", risk_severity="minor",
                                                 risk_likelihood="remote"), reason="更正")
    before = count_rows(base, "signatures")
    with pytest.raises(DomainError) as err:
        approval.submit(insp, c["id"], **shown)
    assert err.value.code == "content_changed"
    assert count_rows(base, "signatures") == before
    assert complaints.get(base.db, c["id"])["status"] == "investigating"


def test_first_signature_of_a_login_needs_the_user_name(people, base):
    c = flows.investigated(people)
    insp = users.login(base, "inspector", PASSWORDS["inspector"])
    kwargs = sign(insp, c["id"])
    kwargs.pop("username")
    with pytest.raises(DomainError) as err:
        approval.submit(insp, c["id"], **kwargs)
    assert err.value.code == "need_username"
    with pytest.raises(DomainError):
        approval.submit(insp, c["id"], **{**kwargs, "username": "qahead"})
    assert users.find(base.db, "inspector")["failed_attempts"] == 1  # a wrong name counts as an attempt
    approval.submit(insp, c["id"], **{**kwargs, "username": "inspector", "comment": "已完成全部检查"})
    sig = base.db.conn.execute("SELECT * FROM signatures ORDER BY id DESC LIMIT 1").fetchone()
    assert sig["comment"] == "已完成全部检查"
    c2 = flows.investigated(people)
    approval.submit(insp, c2["id"], password=PASSWORDS["inspector"], expected_sha256=sign(insp, c2["id"])[
        "expected_sha256"])  # later in the same login: the password alone


def test_an_empty_password_costs_no_attempt(people, base):
    c = flows.investigated(people)
    with pytest.raises(DomainError) as err:
        approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], password=""))
    assert err.value.code == "no_password"
    assert users.find(base.db, "inspector")["failed_attempts"] == 0


def test_review_is_refused_over_an_invalid_proposal_naming_what_changed(people, base):
    c = flows.investigated(people)
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"]))
    intake.correct_receipt(people["inspector"], c["id"], {"batch_no": "240199"}, reason="批号抄错")
    before = count_rows(base, "signatures")
    with pytest.raises(DomainError) as err:
        approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"]))
    assert err.value.code == "propose_invalid" and "批号" in err.value.message("zh_CN")
    assert "batch" in err.value.message("en").lower() and count_rows(base, "signatures") == before
    assert refusals(base, "propose_invalid")


def test_void_before_triage_alone_after_triage_two_persons(people, base):
    s, head = people["inspector"], people["qahead"]
    early = flows.registered(people)
    assert intake.void(s, early["id"], reason="重复登记")["status"] == "voided"
    c = flows.triaged(people)
    with pytest.raises(DomainError) as err:
        intake.void(s, c["id"], reason="重复")
    assert err.value.code == "void_needs_approval" and complaints.get(base.db, c["id"])["status"] == "triaged"
    intake.request_void(s, c["id"], reason="与 TS-2026-0001 重复")
    with pytest.raises(DomainError):  # the inspector cannot approve, and nobody approves their own request
        intake.approve_void(s, c["id"], **sign(s, c["id"]))
    both = add_user(people["admin"], "both", "兼任", ["inspector", "qa_head"], "Both-pass-1")
    c2 = flows.triaged(people)
    intake.request_void(both, c2["id"], reason="x重复")
    with pytest.raises(DomainError) as err:
        intake.approve_void(both, c2["id"], **sign(both, c2["id"], "Both-pass-1"))
    assert err.value.code == "own_request"
    intake.approve_void(head, c["id"], **sign(head, c["id"]))
    done = complaints.get(base.db, c["id"])
    assert done["status"] == "voided" and done["voided_by"] == head.actor.id
    assert [r["step"] for r in base.db.conn.execute("SELECT step FROM signatures WHERE complaint_id = ?",
                                                   (c["id"],))] == ["void"]
    assert verify(base.db) == []


def test_a_complaint_owed_to_the_authority_cannot_be_voided(people, base):
    c = flows.triaged(people, flows.triage_input(reportable=True, report_type="cn_quality_serious"))
    with pytest.raises(DomainError):
        intake.request_void(people["inspector"], c["id"], reason="x")
    assert complaints.get(base.db, c["id"])["void_requested_at"] is None


def test_reception_registers_sees_its_list_and_personal_data_masked(people, base, tmp_path, db_path):
    from qa_desk.core import backups
    from qa_desk.documents import forms, register

    rec = people["reception"]
    c = intake.register(rec, flows.draft(rec, adverse_event=True))
    inv_ok = flows.triaged(people)
    mine = complaints.registered_by_me(rec)
    assert [r["number"] for r in mine] == [c["number"]]
    seen = complaints.read(rec, c["id"])
    assert seen["phone"] == privacy.MASK and seen["complainant_name"] == privacy.MASK
    assert seen["complainant_org"] == "市第一人民医院" and seen["description"] == c["description"]
    with pytest.raises(DomainError):
        complaints.read(rec, inv_ok["id"])  # not registered by them
    inv.start(people["inspector"], flows.triaged(people)["id"])
    hist = history.for_complaint(base.db, base.policy, c["id"], see_personal=privacy.may_see(rec))
    assert all("0571-88000000" not in line.text("zh_CN") for line in hist)
    for call in (lambda: backups.backup(rec, db_path, tmp_path / "b.sqlite3"),
                 lambda: register.export(rec, tmp_path / "r.xlsx"),
                 lambda: forms.print_complaint(rec, c["id"], "receipt", tmp_path / "p.pdf", masked=False),
                 lambda: forms.print_complaint(rec, c["id"], "receipt", tmp_path / "p.pdf")):
        with pytest.raises(DomainError):
            call()
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob("*.pdf"))
    assert {json.loads(e["new"])["action"] for e in audit(base, "refused")} >= {"backup", "register_export",
                                                                               "print_record"}
    forms.blank_receipt(rec, tmp_path / "blank.pdf")  # the blank receipt form stays
    assert (tmp_path / "blank.pdf").exists()


def test_medical_details_are_masked_for_a_non_qa_reader(people, base):
    rec = people["reception"]
    c = intake.register(rec, flows.draft(rec, adverse_event=True))
    from qa_desk.core.triage import triage

    triage(people["inspector"], c["id"], flows.triage_input(nature="medical", category="safety"))
    inv.start(people["inspector"], c["id"])
    inv.set_medical(people["inspector"], c["id"], {"patient_sex": "女", "patient_age": 67, "history": "高血压",
                                                   "user_org": "市一院"})
    med = complaints.medical(rec, c["id"])
    assert med["patient_age"] == privacy.MASK and med["history"] == privacy.MASK and med["user_org"] == "市一院"
    assert complaints.medical(people["inspector"], c["id"])["patient_age"] == 67


def test_an_unmasked_export_by_a_non_qa_actor_is_refused_and_audited(people, base, tmp_path):
    from qa_desk.documents import register

    flows.registered(people)
    add_user(people["admin"], "clerk", "前台二", ["reception"], "Clerk-pass-1")
    with pytest.raises(DomainError):
        register.export(people["reception"], tmp_path / "u.xlsx", unmasked=True)
    assert not (tmp_path / "u.xlsx").exists() and refusals(base, "forbidden")


def test_corrections_of_saved_values_need_a_reason(people, base):
    s = people["inspector"]
    c = flows.investigated(people)
    item = inv.checklist(s, c["id"])[0]
    with pytest.raises(DomainError) as err:
        inv.decide_item(s, c["id"], item["item"], result="finding", note="发现偏差")
    assert err.value.code == "reason_required"
    assert inv.checklist(s, c["id"])[0]["result"] == "ok"
    inv.decide_item(s, c["id"], item["item"], result="finding", note="发现偏差", reason="复核批记录时发现")
    entry = [e for e in audit(base, "checklist") if "result" in {c[0] for c in changes(e)}][-1]
    assert entry["reason"] == "复核批记录时发现"
    with pytest.raises(DomainError) as err:
        inv.set_market_action(s, c["id"], action="batch_hold")
    assert err.value.code == "reason_required"
    with pytest.raises(DomainError):
        intake.correct_receipt(s, c["id"], {"batch_no": "999"}, reason="")
    intake.correct_receipt(s, c["id"], {"mfg_date": "2025-01-06"}, reason="生产日期抄错")
    assert complaints.get(base.db, c["id"])["mfg_date"] == "2025-01-06"
    with pytest.raises(DomainError):  # the intake's own checks apply
        intake.correct_receipt(s, c["id"], {"mfg_date": "2028-01-01"}, reason="x")


def test_reclassification_under_review_restarts_the_approval_chain(people, base):
    c = flows.investigated(people, flows.triage_input(defect_type="label_error", category="packaging"))
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"]))
    approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"]))
    assert complaints.get(base.db, c["id"])["status"] == "awaiting_approval"
    from qa_desk.core import triage

    after = triage.reclassify(people["inspector"], c["id"], flows.triage_input(), reason="复核后为 IV 类")
    assert after["status"] == "investigating" and after["cycle"] == c["cycle"] + 1
    assert {s["state"] for s in complaints_signatures(base, c["id"])} == {"superseded"}
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"]))
    assert approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"]))["status"] == "approved"


def test_capa_effectiveness_is_verified_by_neither_proposer_nor_owner(people, base):
    c = flows.investigated(people, capa=False)
    s = people["inspector"]
    capa = inv.add_capa(s, c["id"], description="更换模块", owner_dept="设备部", owner="",
                        owner_user_id=people["qahead"].actor.id, due_date=s.now().date() + timedelta(days=5))
    inv.set_capa_status(s, capa["id"], status="done")
    for who in ("inspector", "qahead"):
        with pytest.raises(DomainError):
            inv.verify_capa(people[who], capa["id"], note="有效")
    assert refusals(base, "own_capa") and refusals(base, "capa_owner")
    assert inv.verify_capa(people["qavp"], capa["id"], note="跟踪3批有效")["status"] == "verified"


def test_clock_behind_the_trail_refuses_writes_until_an_admin_confirms(people, base, clock):
    flows.registered(people)
    clock.advance(days=-1)
    before = count_rows(base, "complaints")
    with pytest.raises(DomainError) as err:
        flows.registered(people)
    assert err.value.code == "clock_behind" and count_rows(base, "complaints") == before
    with pytest.raises(DomainError):
        users.confirm_clock(base, "inspector", PASSWORDS["inspector"], reason="x")
    users.confirm_clock(base, "admin", PASSWORDS["admin"], reason="主板电池更换后时钟已校准")
    flows.registered(people)
    assert audit(base, "clock_confirmed")[-1]["user_id"] == people["admin"].actor.id


def test_demo_refuses_a_file_made_by_init(base):
    from qa_desk import demo

    users.create_user(base.as_user(SYSTEM), "admin", "管理员", ["admin"], PASSWORDS["admin"])
    with pytest.raises(DomainError) as err:
        demo.generate(base, count=0, seed=1, now=base.now())
    assert err.value.code == "not_empty" and users.find(base.db, "qavp") is None


def test_verify_masks_personal_data_in_its_findings(people, base):
    c = flows.registered(people)
    base.db.conn.execute("DROP TRIGGER IF EXISTS complaints_no_update")
    base.db.conn.execute("UPDATE complaints SET phone = '13900000000' WHERE id = ?", (c["id"],))
    base.db.conn.commit()
    text = "\n".join(f.text("zh_CN") for f in verify(base.db))
    assert "phone" in text and "13900000000" not in text and "0571-88000000" not in text


def test_every_refusal_of_segregation_is_audited(people, base):
    c = flows.investigated(people)
    both = add_user(people["admin"], "both", "兼任", ["inspector", "qa_head"], "Both-pass-1")
    approval.submit(both, c["id"], **sign(both, c["id"], "Both-pass-1"))
    with pytest.raises(DomainError):
        approval.review(both, c["id"], **sign(both, c["id"], "Both-pass-1"))
    assert refusals(base, "own_proposal")
    assert session.SYSTEM.id is None


def test_the_admin_signer_line_holds_across_time(people, base):
    add_user(people["admin"], "adm2", "管理员二", ["admin"], "Adm2-pass-1")
    for name, roles in (("adm2", ["quality_vp"]), ("inspector2", ["admin"])):
        with pytest.raises(DomainError) as err:
            users.set_roles(people["admin"], name, roles, reason="x")
        assert err.value.code == "admin_signer"
    users.set_roles(people["admin"], "adm2", ["reception"], reason="转岗")  # no signer role either way
    with pytest.raises(DomainError):
        users.set_roles(people["admin"], "adm2", ["qa_head"], reason="x")  # it held admin once
    assert json.loads(users.find(base.db, "adm2")["roles"]) == ["reception"]


def test_look_alike_user_names_are_refused(people, base):
    for name in ("ａｄｍｉｎ", "аdmin", "qаvp", "İnspector", "张伟"):
        with pytest.raises(DomainError):
            users.create_user(people["admin"], name, "x", ["reception"], TEMPORARY)
    assert users.count(base.db) == 7


def test_one_try_after_a_lock_ends_does_not_lock_again(people, base, clock):
    for _ in range(5):
        with pytest.raises(DomainError):
            users.login(base, "qavp", "wrong")
    clock.advance(minutes=31)
    with pytest.raises(DomainError):
        users.login(base, "qavp", "wrong")
    assert users.login(base, "qavp", PASSWORDS["qavp"]).actor.username == "qavp"


def test_confirming_the_clock_is_a_login_and_a_failure_does_not_confirm(people, base, clock):
    flows.registered(people)
    clock.advance(days=-1)
    for name, pw in (("qavp", PASSWORDS["qavp"]), ("admin", "wrong"), ("nobody", "x")):
        with pytest.raises(DomainError) as err:
            users.confirm_clock(base, name, pw, reason="x")
        assert err.value.code == "bad_login"  # the same answer: a right non-admin password tells nothing
    assert users.find(base.db, "admin")["failed_attempts"] == 1
    with pytest.raises(DomainError) as err:
        flows.registered(people)
    assert err.value.code == "clock_behind"  # failed confirmations confirmed nothing
    users.confirm_clock(base, "admin", PASSWORDS["admin"], reason="已校准")
    flows.registered(people)
