"""What a ledger column can be imported as (issue 13): the target fields, their zh and en labels, what each takes,
the legacy headers recognised without a map, the built-in value words, and whether a complainant is a person.

One table (``TARGETS``) serves ``qa-desk import --fields``, the import dialog's mapping column, the map file (which
may name a target by its key or by either label) and the README's list, so they cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from qa_desk.core.policy import Policy


class Kind(StrEnum):
    """What a target takes; decides how the cell is read."""

    NUMBER = "number"  # a complaint number (the number rule)
    DATETIME = "datetime"
    DATE = "date"
    QUANTITY = "quantity"  # a number, optionally with its unit ("2980 bottles", "5盒")
    TEXT = "text"
    VOCAB = "vocab"  # one of the policy's words (labels in zh or en, the code, or a value map)
    COMPLAINANT = "complainant"  # person or organisation, told apart by the name
    PERSON = "person"
    DERIVED = "derived"  # worked out by the app (days open, overdue): read, never imported


TAKES = {
    Kind.NUMBER: ("投诉编号：字母、数字和 -（如 TS-2025-001）；空则分配新编号",
                  "a complaint number: letters, digits and - (e.g. TS-2025-001); empty: a new number is given"),
    Kind.DATETIME: ("日期，可带时间", "a date, optionally with a time"),
    Kind.DATE: ("日期", "a date"),
    Kind.QUANTITY: ("数字，可带单位（2980、2,980 瓶、5盒）", "a number, optionally with its unit (2980, 2,980 bottles, 5盒)"),
    Kind.TEXT: ("文字", "text"),
    Kind.VOCAB: ("下列值之一（中文、英文或代码，或用值映射）", "one of the values below (zh, en or code, or a value map)"),
    Kind.COMPLAINANT: ("单位或个人：“某某医院”存为单位，“张女士”、“李明”存为个人（个人信息会被屏蔽）；“单位 / 个人”两者都有",
                       "an organisation or a person: 'X Hospital' is stored as an organisation, 'Ms Zhang' or a 2–4 "
                       "character name as a person (masked); 'organisation / person' gives both"),
    Kind.PERSON: ("个人姓名（屏蔽）", "a person's name (masked)"),
    Kind.DERIVED: ("由系统计算，不导入", "worked out by the app, not imported"),
}


@dataclass(frozen=True)
class Target:
    """One field a column can be imported as. ``field`` is the complaint draft's field (None for the historical
    and derived ones, which the import handles itself); ``vocab`` names the policy vocabulary of a VOCAB field;
    ``headers`` are the legacy headers recognised without a map (compared after ``normal_header``)."""

    key: str
    zh: str
    en: str
    kind: Kind
    field: str | None = None
    vocab: str | None = None
    required: bool = False
    headers: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


TARGETS: tuple[Target, ...] = (
    Target("number", "投诉编号", "Complaint no.", Kind.NUMBER, headers=(
        "编号", "投诉单号", "投诉号", "complaint number", "complaint no", "number", "ref", "reference")),
    Target("received", "接收日期", "Received", Kind.DATETIME, "received_at", required=True, headers=(
        "接收时间", "投诉日期", "投诉时间", "受理日期", "受理时间", "登记日期", "收到日期", "来电日期", "反馈日期",
        "received at", "received date", "date received", "complaint date", "date of complaint", "reported on")),
    Target("channel", "投诉渠道", "Channel", Kind.VOCAB, "channel", "channel", headers=(
        "渠道", "投诉方式", "投诉途径", "反馈方式", "how received", "source channel")),
    Target("complainant", "投诉人", "Complainant", Kind.COMPLAINANT, headers=(
        "投诉单位/投诉人", "投诉人/投诉单位", "投诉单位/个人", "投诉方", "客户", "customer", "complainant / organisation",
        "complainant/organisation", "reporter")),
    Target("first_contact", "首问负责人", "First-contact person", Kind.TEXT, "first_contact", headers=(
        "首问人", "接待人", "受理人", "first contact")),
    Target("complainant_name", "投诉人姓名", "Complainant's name", Kind.PERSON, "complainant_name", headers=(
        "姓名", "患者姓名", "消费者姓名", "name", "complainant name", "patient name")),
    Target("complainant_org", "投诉单位", "Organisation", Kind.TEXT, "complainant_org", headers=(
        "单位名称", "客户名称", "医院名称", "医疗机构", "organization", "company", "customer name")),
    Target("contact_person", "联系人", "Contact person", Kind.PERSON, "contact_person", headers=("contact",)),
    Target("phone", "联系电话", "Phone", Kind.TEXT, "phone", headers=(
        "电话", "手机", "手机号", "联系方式", "telephone", "tel", "tel.", "phone number", "mobile")),
    Target("address", "地址", "Address", Kind.TEXT, "address", headers=("联系地址", "通讯地址")),
    Target("email", "电子邮件", "E-mail", Kind.TEXT, "email", headers=("邮箱", "电子邮箱", "email")),
    Target("product", "产品名称", "Product", Kind.TEXT, "product_name", required=True, headers=(
        "品名", "药品名称", "产品", "品种", "product name", "drug", "item")),
    Target("strength", "规格", "Strength", Kind.TEXT, "strength", headers=("产品规格", "规格型号", "specification")),
    Target("package_form", "包装形式", "Package form", Kind.TEXT, "package_form", headers=("包装", "package")),
    Target("batch", "批号", "Batch", Kind.TEXT, "batch_no", headers=(
        "产品批号", "生产批号", "批次", "batch no", "batch no.", "batch number", "lot", "lot no", "lot no.",
        "lot number")),
    Target("mfg_date", "生产日期", "Manufacturing date", Kind.DATE, "mfg_date", headers=(
        "manufacture date", "mfg date", "manufactured", "date of manufacture")),
    Target("expiry", "有效期至", "Expiry", Kind.DATE, "expiry_date", headers=(
        "有效期", "失效日期", "有效期限", "expiry date", "exp date", "exp.", "expires", "expiration date", "use by")),
    Target("quantity", "数量", "Quantity", Kind.QUANTITY, "quantity", headers=("投诉数量", "涉及数量", "qty")),
    Target("unit", "计量单位", "Unit", Kind.TEXT, "unit", headers=("数量单位", "unit of measure", "uom")),
    Target("purchase_place", "购买地点", "Where bought", Kind.TEXT, "purchase_place", headers=(
        "购买渠道", "购药地点", "purchased at", "place of purchase")),
    Target("purchase_date", "购买日期", "Purchase date", Kind.DATE, "purchase_date", headers=("购药日期", "date bought")),
    Target("summary", "投诉内容摘要", "Complaint summary", Kind.TEXT, "description", required=True, headers=(
        "投诉内容", "问题描述", "投诉描述", "投诉问题", "投诉摘要", "内容", "摘要", "complaint", "description", "summary",
        "problem", "details", "complaint description")),
    Target("storage_use", "储存、使用经过", "Storage and use", Kind.TEXT, "storage_use", headers=(
        "储存使用经过", "使用经过", "储存条件", "storage and use", "storage")),
    Target("request", "投诉请求", "Request", Kind.TEXT, "request", headers=("诉求", "客户诉求", "request of complainant")),
    Target("nature", "投诉性质", "Nature", Kind.VOCAB, vocab="nature", headers=("性质", "complaint nature")),
    Target("category", "投诉类别", "Category", Kind.VOCAB, vocab="category", headers=("complaint category",)),
    Target("class", "严重程度分类", "Class", Kind.VOCAB, vocab="class", headers=(
        "严重程度", "分类", "缺陷等级", "投诉等级", "等级", "级别", "severity", "severity class", "classification")),
    Target("priority", "优先级", "Priority", Kind.VOCAB, vocab="priority"),
    Target("status", "状态", "Status", Kind.VOCAB, vocab="status", headers=("处理状态", "投诉状态", "进度")),
    Target("root_cause", "根本原因", "Root cause", Kind.TEXT, headers=("原因分析", "原因", "cause", "root cause analysis")),
    Target("conclusion", "调查结论", "Conclusion", Kind.VOCAB, vocab="conclusion", headers=("结论", "investigation conclusion")),
    Target("result", "处理结果", "Result", Kind.TEXT, headers=(
        "处理意见", "处理情况", "处理措施", "处理方式", "outcome", "resolution", "action taken", "actions taken")),
    Target("market_action", "市场措施", "Market action", Kind.VOCAB, vocab="market_action"),
    Target("handler", "处理人", "Handled by", Kind.TEXT, headers=(
        "经办人", "调查人", "负责人", "处理人员", "handler", "investigator", "owner", "handled by", "responsible")),
    Target("reply_date", "答复日期", "Reply date", Kind.DATE, headers=("回复日期", "答复时间", "回复时间", "replied", "replied on")),
    Target("satisfaction", "满意度", "Satisfaction", Kind.VOCAB, vocab="satisfaction", headers=("客户满意度", "是否满意")),
    Target("closed", "结案日期", "Closed", Kind.DATE, headers=(
        "结案时间", "关闭日期", "完结日期", "closed date", "close date", "date closed", "closed on", "closure date")),
    Target("days_open", "处理天数", "Days open", Kind.DERIVED, headers=("处理时长",)),
    Target("overdue", "是否逾期", "Overdue", Kind.DERIVED, headers=("逾期",)),
)
BY_KEY = {t.key: t for t in TARGETS}
# A header that names two fields: asked, never guessed. 投诉类别 is the app's own header for the category, so it
# is that when the file also has the app's nature header (投诉性质); 单位 is a unit of measure or an organisation.
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "投诉类别": ("nature", "category"), "类别": ("nature", "category"), "投诉类型": ("nature", "category"),
    "type": ("nature", "category"), "单位": ("unit", "complainant_org"), "日期": ("received", "closed"),
    "date": ("received", "closed"),
}
# Read as their target only when the app's own partner header is there too (see AMBIGUOUS).
_ONLY_WITH = {"投诉类别": ("category", "投诉性质")}


def normal_header(text) -> str:
    """A header as compared: width-folded (全角 → half width), every space and line break dropped (a header typed
    over two lines, 投诉\n日期, or with a full-width space is the same header), a trailing colon dropped, case
    folded."""
    t = unicodedata.normalize("NFKC", "" if text is None else str(text))
    t = re.sub(r"\s+", "", t).rstrip(":：")
    return t.casefold()


def _index() -> dict[str, str]:
    out: dict[str, str] = {}
    for t in TARGETS:
        for name in (t.key, t.zh, t.en, *t.headers):
            out.setdefault(normal_header(name), t.key)
    return out


_HEADERS = _index()


def find_target(name: str) -> Target | None:
    """The target a map names (its key, zh label, en label or a recognised header), or None."""
    key = _HEADERS.get(normal_header(name))
    return BY_KEY.get(key) if key else None


def recognise(header: str, all_headers: list[str]) -> tuple[Target | None, tuple[str, ...]]:
    """(target, ()) for a recognised header; (None, candidates) for one that could mean two fields; (None, ())
    for one not recognised."""
    h = normal_header(header)
    if h in _ONLY_WITH:
        key, partner = _ONLY_WITH[h]
        if normal_header(partner) in {normal_header(x) for x in all_headers}:
            return BY_KEY[key], ()
    if h in AMBIGUOUS:
        return None, AMBIGUOUS[h]
    key = _HEADERS.get(h)
    return (BY_KEY[key], ()) if key else (None, ())


# ----------------------------------------------------------------------------------------------- value words

_ROMAN = {"I": "I", "II": "II", "III": "III", "IV": "IV", "V": "V", "1": "I", "2": "II", "3": "III", "4": "IV",
          "5": "V", "一": "I", "二": "II", "三": "III", "四": "IV", "五": "V"}
# Words old ledgers use for a status, beyond the policy's own labels.
STATUS_WORDS = {"结案": "closed", "已结": "closed", "关闭": "closed", "已关闭": "closed", "完结": "closed",
                "已完结": "closed", "作废": "voided", "归档": "archived", "closed": "closed", "close": "closed",
                "open": "registered", "未结案": "registered", "处理中": "investigating", "in progress": "investigating"}


def normal_value(text) -> str:
    t = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", " ", t).strip().casefold()


def class_code(text: str) -> str | None:
    """'I', 'Class II', 'III类', 'Ⅳ 类', '5', '一类' → the class code; None when not a class."""
    t = unicodedata.normalize("NFKC", text).upper().replace(" ", "")  # NFKC makes Ⅳ into IV
    t = re.sub(r"^(CLASS|CATEGORY|LEVEL|第)", "", t)
    t = re.sub(r"(类|级|CLASS)$", "", t)
    return _ROMAN.get(t)


def vocabulary(policy: Policy, vocab: str) -> dict[str, str]:
    """Every built-in word of a vocabulary (code, zh label, en label; classes also I/1/一类/Class I) → code."""
    out: dict[str, str] = {}
    if vocab == "class":
        for code, cls in policy.classes.items():
            for w in (code, cls.zh, cls.en):
                out[normal_value(w)] = code
        return out
    for t in policy.vocab[vocab]:
        for w in (t.code, t.zh, t.en):
            out.setdefault(normal_value(w), t.code)
    if vocab == "status":
        for w, code in STATUS_WORDS.items():
            out.setdefault(normal_value(w), code)
    return out


def choices(policy: Policy, vocab: str, lang: str) -> list[str]:
    """The values a vocabulary field takes, as a message lists them."""
    if vocab == "class":
        return list(policy.classes)
    return [t.label(lang) for t in policy.vocab[vocab]]


# ---------------------------------------------------------------------------------------------- complainants

ANONYMOUS = frozenset({"匿名", "anonymous", "anon", "匿名投诉", "不愿透露"})
_HONORIFIC_END = ("先生", "女士", "小姐", "太太", "夫人", "老师", "医生", "大夫", "护士", "阿姨", "师傅", "同志", "老人", "患者",
                  "家属", "老板", "经理", "主任", "药师")
_HONORIFIC_START = re.compile(r"^(mr|mrs|ms|miss|dr|prof)\.?\s+\S", re.IGNORECASE)
# Words that make a name an organisation's (so 国药控股 or 仁和堂 stay organisations). The one-character ones
# (院, 科, 行, 会 …) are also common in given names (黄文科, 张会芳, 刘行), so a name that starts with a common
# surname and is two or three characters long is a person unless it holds one of the longer words.
_ORG_WORDS = ("公司", "医院", "药房", "药店", "诊所", "中心", "卫生", "集团", "连锁", "门诊", "医药", "药业", "商行", "超市", "学校",
              "大学", "协会", "委员会", "控股", "银行", "有限", "股份", "工作室", "批发", "零售", "药行", "商店", "卫生室", "科室",
              "药剂科", "医疗", "制药", "生物", "科技", "贸易", "经销", "代理", "分公司", "门市", "政府", "监督", "管理")
_ORG_CHARS = ("院", "局", "厂", "店", "所", "站", "社", "部", "科", "处", "室", "堂", "馆", "行", "会", "署", "委", "厅", "办", "队")
_ORG_EN = re.compile(r"\b(ltd|limited|inc|corp|co\.|company|hospital|pharmacy|clinic|gmbh|llc|plc|centre|center|"
                     r"group|agency|authority|ministry|university|store|shop|pharma|health|medical|services|trust|"
                     r"association|department|dept|office|council|foundation)\b", re.IGNORECASE)
_LATIN_NAME = re.compile(r"^[A-Z][a-z'\-]+(?: [A-Z]\.?)?(?: [A-Z][a-z'\-]+){1,2}$")  # John Smith, Mary J. Watson
_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
# The common surnames (they cover most people in China), and the two-character ones.
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜"
                "崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文"
                "施洪牛温芦季俞章鲁葛伍申尤毕聂柴焦祝邢齐谷")
_SURNAMES_2 = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐", "夏侯")


def _core_name(name: str) -> str:
    """The name without what offices write beside it: a note in brackets (（患者家属）) or a phone number."""
    n = re.sub(r"[（(][^（）()]*[）)]", "", name)
    n = re.sub(r"[+\d][\d\- ]{5,}\d", "", n)
    return n.strip(" ,，;；/")


def is_person(name: str) -> bool:
    """Whether a complainant cell names a person (then stored as a person and masked) rather than an organisation:
    a name with 先生/女士 or Mr/Ms, a 2–4 character Chinese name with no organisation word (a common surname and 2–3
    characters count as a person even with a one-character word such as 科 or 行), or a Latin "First Last" with
    no organisation word. Names that are none of these stay organisations; a column mapped as the complainant's
    name is always a person. When in doubt the rule leans to a person: masking a company costs nothing."""
    n = _core_name(unicodedata.normalize("NFKC", name).strip())
    if not n:
        return False
    if n.endswith(_HONORIFIC_END) or _HONORIFIC_START.match(n):
        return True
    if any(w in n for w in _ORG_WORDS) or _ORG_EN.search(n):
        return False
    if _LATIN_NAME.match(n):
        return True
    core = re.sub(r"[·•.\s]", "", n)
    if not (2 <= len(core) <= 4 and all(_CJK.match(ch) for ch in core)):
        return False
    surname = core.startswith(_SURNAMES_2) or core[0] in _SURNAMES
    if surname and len(core) <= 3:
        return True
    return not any(ch in _ORG_CHARS for ch in (core if not surname else core[-1]))


def split_complainant(text: str) -> tuple[str | None, str | None, bool]:
    """(organisation, person, anonymous) of a complainant cell. 'org / person' is the app's own unmasked register;
    the other order (张女士 / 北京同仁堂) is read the right way round; '匿名'/'Anonymous' is anonymous."""
    t = unicodedata.normalize("NFC", text).strip()
    if normal_value(t) in ANONYMOUS:
        return None, None, True
    if " / " in t:
        first, _, second = (x.strip() for x in t.partition(" / "))
        if first and second and is_person(first) and not is_person(second):
            first, second = second, first
        return first or None, second or None, False
    return (None, t, False) if is_person(t) else (t, None, False)
