"""``qa-desk demo``: realistic, deterministic, bilingual demo data made through the real services.

Every complaint lives its life as a generator of timed steps (register, acknowledge, triage, investigate,
sign, reply, close, archive, with rejections, reopenings, extensions, holds, recalls and voids). A scheduler
runs all the steps of all the complaints in time order on a FixedClock, so the audit trail reads
chronologically and the signatures are genuine. Steps that would fall after "now" never happen, which leaves
the recent complaints open, some of them overdue. The whole run is one transaction (each service call a
savepoint inside it), so an interrupted demo leaves nothing behind.

Deterministic for a given seed and day: the 24 months end today.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import datetime, timedelta

from qa_desk import demo_data as D
from qa_desk.core import approval, closure, intake, settings, users
from qa_desk.core import investigation as inv
from qa_desk.core.clock import FixedClock
from qa_desk.core.errors import refuse
from qa_desk.core.session import SYSTEM, RememberingChecker, Session
from qa_desk.core.triage import TriageInput
from qa_desk.paths import resources_dir
from qa_desk.store.db import immediate

DEMO_PASSWORD = "demo"
# what the demo inspector writes when a reopened or returned investigation revises its findings
REVISED = "补充调查后修订 / revised after further investigation"
DEMO_USERS = [
    ("admin", "系统管理员 Admin", ["admin"]),
    ("reception", "前台 周敏", ["reception"]),
    ("inspector", "质检员 张伟", ["inspector"]),
    ("inspector2", "质检员 李娜", ["inspector"]),
    ("qahead", "QA部长 王强", ["qa_head"]),
    ("qavp", "质量副总 陈静", ["quality_vp"]),
]

Step = Generator[datetime, None, None]


@dataclass
class Cast:
    """The demo users' sessions, all sharing one clock."""

    admin: Session
    reception: Session
    inspectors: list[Session]
    head: Session
    vp: Session


# how far back the demo's history starts
HISTORY = timedelta(days=731)


def create_users(session: Session) -> Cast:
    """The six demo users of CLI.md, password "demo". The demo relaxes the password rules of its own file
    (length 4, one kind of character, no expiry, no history), and every change is in its audit trail. Each
    user is created with a temporary password and chooses "demo" at a first login, as a real user would."""
    setup = DEMO_PASSWORD + "-Setup-1"
    users.create_user(session.as_user(SYSTEM), "admin", DEMO_USERS[0][1], ["admin"], setup)
    admin_s = users.login(session, "admin", setup)
    settings.put_many(admin_s, {"password_min_length": 4, "password_min_classes": 1, "password_expiry_days": 0,
                                "password_history": 0}, reason="demo database")
    settings.put(admin_s, "company_name", "示例制药有限公司 Example Pharma Co., Ltd.", reason="demo database")
    settings.set_logo(admin_s, resources_dir() / "demo" / "logo.png")
    users.change_password(admin_s, setup, DEMO_PASSWORD)
    sessions = {"admin": admin_s}
    for username, name, roles in DEMO_USERS[1:]:
        users.create_user(admin_s, username, name, roles, setup, reason="demo user")
        s = users.login(session, username, setup)
        users.change_password(s, setup, DEMO_PASSWORD)
        sessions[username] = s
    return Cast(sessions["admin"], sessions["reception"], [sessions["inspector"], sessions["inspector2"]],
                sessions["qahead"], sessions["qavp"])


def _revised(session: Session, complaint_id: int, column: str) -> str | None:
    """The reason a revision needs, when the value was saved before (a returned or reopened investigation)."""
    from qa_desk.core.complaints import get

    return REVISED if get(session.db, complaint_id)[column] else None


def signing(session: Session, complaint_id: int) -> dict:
    """What the signature dialog hands to the core: user name, password and the hash of what it showed."""
    from qa_desk.core import signatures

    return {"password": DEMO_PASSWORD, "username": session.actor.username,
            "expected_sha256": signatures.current_hash(session.db, complaint_id)}


def generate(session: Session, *, count: int, seed: int, now: datetime,
             progress: Callable[[int, int], None] | None = None) -> int:
    """Create the users and ``count`` complaints received over the 24 months before ``now``."""
    if session.db.conn.execute("SELECT (SELECT count(*) FROM complaints) + (SELECT count(*) FROM users)").fetchone()[0]:
        raise refuse("not_empty", "演示数据只能写入全新的数据库（没有用户、没有投诉），以免把密码为 demo 的演示签名人加入真实数据库。"
                     "请用 --db 指定一个新文件。",
                     "Demo data goes only into a new database (no users, no complaints), so that demo signers with "
                     "the password demo can never be added to a real file. Name a new file with --db.")
    rng = random.Random(seed)
    clock = FixedClock(now - HISTORY)
    base = Session(session.db, SYSTEM, clock=clock, policy=session.policy, checker=RememberingChecker(),
                   lang=session.lang, check_clock=False)
    with immediate(session.db):
        cast = create_users(base)
        if count <= 0:
            for s in (cast.admin, cast.reception, *cast.inspectors, cast.head, cast.vp):
                s.flush_seal()
            return 0
        starts = sorted(_receipt_time(rng, now) for _ in range(count))
        heap: list[tuple[datetime, int, Step]] = []
        recent = [i for i, s in enumerate(starts) if now - timedelta(days=70) <= s <= now - timedelta(days=25)]
        forced = dict(zip(recent[::3], FORCED_STAGES, strict=False))
        for i, start in enumerate(starts):
            life = _life(cast, random.Random(rng.random()), start, forced.get(i))
            heapq.heappush(heap, (next(life), i, life))
        done = 0
        while heap:
            when, i, life = heapq.heappop(heap)
            if when > now:
                done += 1
                continue
            clock.set(max(when, clock.now()))
            try:
                heapq.heappush(heap, (next(life), i, life))
            except StopIteration:
                done += 1
                if progress:
                    progress(done, count)
        for s in (cast.admin, cast.reception, *cast.inspectors, cast.head, cast.vp):  # the logins end
            s.flush_seal()
    return count


def _receipt_time(rng: random.Random, now: datetime) -> datetime:
    day = now - timedelta(days=rng.uniform(0.2, 730))
    hour = rng.choice([9, 10, 11, 14, 15, 16, 20, 22])
    return day.replace(hour=hour, minute=rng.randrange(60), second=0, microsecond=0)


def _h(rng: random.Random, lo: float, hi: float) -> timedelta:
    return timedelta(hours=rng.uniform(lo, hi))


# One recent complaint is held at each of these stages, so every status appears (registered, acknowledged,
# triaged, investigating, under_review, awaiting_approval, approved, replied, reopened).
FORCED_STAGES = ("acknowledge", "triage", "start", "investigate", "review", "approve", "reply", "close", "restart",
                 "submit")
STAGES = ("acknowledge", "triage", "investigate", "submit", "review", "approve", "reply", "close")


class Pace:
    """How long each step takes; about one complaint in eight stalls at one stage for weeks (waiting for a
    lab result, a signer on leave...), so the file holds open and overdue complaints of every age."""

    def __init__(self, rng: random.Random, forced: str | None = None) -> None:
        self.rng = rng
        self.stall = rng.choice(STAGES) if rng.random() < 0.25 else None
        self.stall_days = rng.uniform(5, 240)
        self.unhappy = forced == "restart"
        if forced:  # this complaint stays at that stage for good, so every status is in the file
            self.stall, self.stall_days = forced, 100_000

    def __call__(self, t: datetime, lo: float, hi: float, stage: str | None = None) -> datetime:
        t = t + _h(self.rng, lo, hi)
        if stage is not None and stage == self.stall:
            t += timedelta(days=self.stall_days)
        return t


def _draft(rng: random.Random, received: datetime, defect: str) -> tuple[intake.ComplaintDraft, TriageInput]:
    name, strength, pack, unit, kind = rng.choice(D.PRODUCTS)
    nature, category, zh_texts, en_texts = D.COMPLAINTS[defect]
    english = rng.random() < 0.2 or name.isascii()
    text = rng.choice(en_texts if english else zh_texts).format(p=name)
    adverse = nature == "quality" and defect not in ("no_defect",) and rng.random() < 0.12
    if adverse:
        zh, en = rng.choice(D.ADVERSE)
        text += " " + (en if english else zh)
        nature, category = "medical", "safety"
    if not adverse and rng.random() < 0.05:
        zh, en = rng.choice(D.SERVICE)
        text, nature, category = (en if english else zh), "service", "service"
        defect = "no_defect"
    ctype = rng.choices(["patient", "hospital", "distributor", "regulator", "internal"], [40, 30, 20, 5, 5])[0]
    anonymous = ctype == "patient" and rng.random() < 0.08
    person = rng.choice(D.EN_NAMES) if english else rng.choice(D.SURNAMES) + rng.choice(D.GIVEN)
    org = {"hospital": rng.choice(D.HOSPITALS), "distributor": rng.choice(D.DISTRIBUTORS),
           "regulator": rng.choice(D.REGULATORS), "internal": "本公司留样观察室"}.get(ctype)
    expiry = received.date() + timedelta(days=rng.randint(60, 900))
    mfg = expiry - timedelta(days=730 if kind == "drug" else 1095)
    mfg = min(mfg, received.date() - timedelta(days=30))
    req_zh, req_en = rng.choice(D.REQUESTS)
    channel = rng.choice(D_CHANNELS)
    draft = intake.ComplaintDraft(
        received_at=received, channel=channel, complainant_type=ctype, anonymous=anonymous,
        complainant_name=None if anonymous else person, complainant_org=org,
        contact_person=None if anonymous else person,
        phone=None if anonymous else f"1{rng.randint(30, 89)}{rng.randint(10_000_000, 99_999_999)}",
        address=None if anonymous else rng.choice(D.CITIES),
        product_name=name, strength=strength, package_form=pack,
        batch_no=f"{mfg:%y%m}{rng.randint(1, 40):02d}" if rng.random() < 0.93 else None,
        mfg_date=mfg.isoformat(), expiry_date=expiry.isoformat(), quantity=rng.randint(1, 20), unit=unit,
        purchase_place=rng.choice(D.PLACES), description=text, request=req_en if english else req_zh,
        sample_available=rng.random() < 0.7, sample_requested=rng.random() < 0.5, adverse_event=adverse,
        storage_use="常温保存，按说明书使用" if not english else "Stored at room temperature, used as labelled")
    report = None
    if adverse:
        report = "cn_device_serious" if kind == "device" else rng.choice(["cn_adr_serious", "cn_adr_other"])
    elif defect in ("sterile_microbial", "wrong_product", "mixup_containers"):
        report = "cn_quality_serious"
    tri = TriageInput(
        nature=nature, category=category, defect_type=defect, investigate=defect != "no_defect" or nature == "service",
        no_investigation_reason=None, reportable=report is not None, report_type=report,
        reportability_rationale=("不良反应/严重质量问题，需按规定报告" if report else "无不良反应且非严重质量问题，无需报告"))
    if not tri.investigate:
        tri.no_investigation_reason = "经初步确认为使用环境或咨询类问题，产品无缺陷，无需调查"
    if rng.random() < 0.04:
        tri.in_scope, tri.scope_reason = False, "产品已超过有效期，不属于本公司责任期内"
    return draft, tri


D_CHANNELS = ["phone", "phone", "phone", "email", "letter", "fax", "visit", "website", "app", "wechat", "wechat",
              "suggestion_box", "third_party", "internal"]
DEFECT_WEIGHTS = {"I": 3, "II": 12, "III": 35, "IV": 35, "V": 15}


def _pick_defect(rng: random.Random, cast: Cast) -> str:
    pol = cast.admin.policy
    klass = rng.choices(list(DEFECT_WEIGHTS), list(DEFECT_WEIGHTS.values()))[0]
    return rng.choice([d.code for d in pol.defects.values() if d.severity_class == klass])


def _life(cast: Cast, rng: random.Random, received: datetime, forced: str | None = None) -> Step:
    """One complaint from the first call to the archive; each ``yield`` waits until the given time."""
    defect = _pick_defect(rng, cast)
    draft, tri = _draft(rng, received, defect)
    insp = rng.choice(cast.inspectors)
    pace = Pace(rng, forced)
    after_hours = received.hour >= 18 or received.weekday() >= 5
    t = received + _h(rng, 0.05, 0.5)
    yield t
    if (after_hours and rng.random() < 0.8) or forced == "acknowledge":
        c = intake.register(cast.reception, draft)
        t = pace(t, 8, 30 if rng.random() < 0.2 else 14, "acknowledge")
        yield t
        if not draft.anonymous:
            c = intake.acknowledge(insp, c["id"], method=rng.choice(["phone", "email", "sms"]))
    else:
        if not draft.anonymous:
            draft.ack_method, draft.acknowledged_at = "phone", t
        c = intake.register(insp, draft)
    if not forced and rng.random() < 0.025:
        t += _h(rng, 1, 20)
        yield t
        intake.void(insp, c["id"], reason="重复登记（与同一投诉人同日来电重复）")
        return
    t = pace(t, 2, 40, "triage")
    yield t
    from qa_desk.core.triage import triage as do_triage

    c = do_triage(insp, c["id"], tri)
    if c["class"] == "I":
        for who in (cast.head, cast.vp):
            t += _h(rng, 0.2, 6)
            yield t
            intake.acknowledge_class_i(who, c["id"])
    yield from _investigate_and_sign(cast, rng, pace, insp, c, t)


def _investigate_and_sign(cast: Cast, rng: random.Random, pace: Pace, insp: Session, c: dict, t: datetime) -> Step:
    loops = 0
    capas: list[dict] = []
    while True:
        if c["investigate"]:
            t = pace(t, 1, 24, "restart" if loops else "start")
            yield t
            c = inv.start(insp, c["id"])
            if c["adverse_event"]:
                inv.set_medical(insp, c["id"], {"patient_sex": rng.choice(["男", "女"]), "patient_age": rng.randint(3, 85),
                                                "manifestation": "皮疹、瘙痒", "outcome": "停药后好转"},
                                reason=REVISED if loops else None)
            if c["sample_available"]:
                inv.add_custody(insp, c["id"], action="样品接收", holder=insp.actor.display_name, quantity=1,
                                condition="包装完好", seal_no=f"FY-{c['id']:05d}")
            t = pace(t, 20, 80, "investigate")
            yield t
            for item in inv.checklist(insp, c["id"]):
                if item["result"] is None:
                    result = rng.choices(["ok", "finding", "na"], [80, 5, 15])[0]
                    inv.decide_item(insp, c["id"], item["item"], result=result,
                                    note="发现异常，已记录" if result == "finding" else None)
        t += _h(rng, 4, 30)
        yield t
        cat = rng.choice(list(D.ROOT_CAUSES))
        confirmed = c["class"] in ("I", "II", "III") and rng.random() < 0.7
        inv.set_findings(insp, c["id"], reason=_revised(insp, c["id"], "root_cause"), f=inv.Findings(
            five_whys=["为什么出现缺陷？" + D.ROOT_CAUSES[cat], "为什么未被发现？过程控制不足"] if c["investigate"] else [],
            fishbone={cat: [D.ROOT_CAUSES[cat]]} if c["investigate"] else {},
            root_cause=D.ROOT_CAUSES[cat] if c["investigate"] else None,
            root_cause_category=cat if c["investigate"] else None,
            conclusion="confirmed" if confirmed else rng.choice(["not_confirmed", "storage_use"]),
            risk_severity={"I": "critical", "II": "major"}.get(c["class"], "minor"),
            risk_likelihood=rng.choice(["occasional", "remote", "improbable"]), scope_units=rng.randint(1, 5000),
            scope_batches=c["batch_no"]))
        if c["class"] == "I":
            level = rng.choice(["1", "2"])
            inv.set_market_action(insp, c["id"], reason=_revised(insp, c["id"], "market_action"), action="recall", recall_level=level, note=f"{level}级召回")
        elif c["class"] == "II" and c["batch_no"] and rng.random() < 0.5:
            inv.set_market_action(insp, c["id"], reason=_revised(insp, c["id"], "market_action"), action="batch_hold", note="暂停销售待调查结果")
        else:
            inv.set_market_action(insp, c["id"], reason=_revised(insp, c["id"], "market_action"), action=rng.choice(["none", "none", "return_exchange"]))
        if confirmed and not capas:
            text, dept = rng.choice(D.CAPA_TEXTS)
            capas.append(inv.add_capa(insp, c["id"], description=text, owner_dept=dept, owner=f"{dept}负责人",
                                      due_date=(t + timedelta(days=rng.randint(14, 60))).date()))
        if c["reportable"] and not c["report_submitted_at"]:
            c = inv.mark_reported(insp, c["id"], authority="省药品监督管理局", reference=f"ZLBG-{c['number']}")
        if rng.random() < 0.08:
            t += _h(rng, 2, 24)
            yield t
            ext = closure.request_extension(insp, c["id"], days=rng.choice([7, 10, 14]), reason="需等待留样全项检验结果")
            t += _h(rng, 2, 24)
            yield t
            closure.decide_extension(cast.head, ext["id"], approve=True, complainant_notified=True,
                                     note="同意延期，已电话告知投诉人")
        t = pace(t, 2, 30, "submit")
        yield t
        c = approval.submit(insp, c["id"], **signing(insp, c["id"]))
        t = pace(t, 4, 50, "review")
        yield t
        if loops == 0 and rng.random() < 0.05:
            approval.reject(cast.head, c["id"], reason="根本原因分析不充分，请补充5-Why分析")
            c = approval.submit(insp, c["id"], **signing(insp, c["id"]))
            t += _h(rng, 4, 30)
            yield t
        c = approval.review(cast.head, c["id"], **signing(cast.head, c["id"]))
        if c["status"] == "awaiting_approval":
            t = pace(t, 4, 50, "approve")
            yield t
            c = approval.approve(cast.vp, c["id"], **signing(cast.vp, c["id"]))
        if c["anonymous"]:
            break
        t = pace(t, 2, 30, "reply")
        yield t
        unhappy = loops == 0 and bool(c["investigate"]) and (pace.unhappy or rng.random() < 0.04)
        closure.record_reply(insp, c["id"], method=rng.choice(["letter", "phone", "email"]),
                             content=rng.choice(D.REPLIES),
                             satisfaction="dissatisfied" if unhappy else rng.choice(["satisfied", "satisfied", "partly"]))
        if not unhappy:
            break
        loops += 1
        c = intake_get(insp, c["id"])
    for capa in capas:
        t += timedelta(days=rng.uniform(5, 40))
        yield t
        inv.set_capa_status(insp, capa["id"], status="done")
        t += timedelta(days=rng.uniform(1, 20))
        yield t
        inv.verify_capa(cast.head, capa["id"], note="跟踪3个批次未再发生，措施有效")
    holds = [h for h in inv.active_holds(insp) if h["complaint_id"] == c["id"]]
    for h in holds:
        t += timedelta(days=rng.uniform(3, 20))
        yield t
        inv.lift_hold(cast.head, h["id"], password=DEMO_PASSWORD, username=cast.head.actor.username, reason="调查结论为非产品质量问题，解除暂停")
    t = pace(t, 4, 60, "close")
    yield t
    closure.close(insp, c["id"])
    t += timedelta(days=rng.uniform(1, 15))
    yield t
    closure.archive(insp, c["id"])


def intake_get(session: Session, complaint_id: int) -> dict:
    from qa_desk.core.complaints import get

    return get(session.db, complaint_id)
