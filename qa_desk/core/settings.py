"""Settings, declared once with their defaults and help text; stored in the database and audited.

QSettings holds only window state; everything that changes how records are made lives here so that a change
is attributable and shows in the audit trail.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from qa_desk.core.errors import DomainError, Problem, refuse
from qa_desk.core.session import Session


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    zh: str
    en: str


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("number_pattern", "TS-{year}-{seq:04d}", "投诉编号格式（{year} 年份，{seq} 年内流水号）",
            "Complaint number pattern ({year} year of receipt, {seq} sequence within the year)"),
    Setting("company_name", "", "公司名称（打印在表单上）", "Company name (printed on the forms)"),
    Setting("company_logo", "", "公司标志（PNG 或 JPEG，打印在表单上）", "Company logo (PNG or JPEG, printed on the forms)"),
    # the letterhead of the reply letter (答复函) sent to the complainant; empty ones are left off the letter
    Setting("company_name_en", "", "公司英文名称（英文答复函信头；空 = 用公司名称）",
            "Company name in English (letterhead of English reply letters; empty = the company name)"),
    Setting("company_address", "", "公司地址（答复函信头）", "Company address (reply letter letterhead)"),
    Setting("company_address_en", "", "公司英文地址（英文答复函信头；空 = 用公司地址）",
            "Company address in English (English reply letters; empty = the company address)"),
    Setting("company_phone", "", "联系电话（答复函信头）", "Contact phone (reply letter letterhead)"),
    Setting("company_email", "", "联系电子邮件（答复函信头）", "Contact e-mail (reply letter letterhead)"),
    Setting("password_min_length", 8, "密码最短长度", "Minimum password length"),
    Setting("password_min_classes", 3, "密码至少包含几类字符（小写、大写、数字、符号、汉字）",
            "Kinds of characters a password needs (lower, upper, digits, symbols, other letters)"),
    Setting("password_expiry_days", 90, "密码有效期（天，0 = 永不过期）", "Password expiry in days (0 = never)"),
    Setting("password_history", 5, "不得重复使用最近几次的密码（0 = 不限制）",
            "Recent passwords that cannot be reused (0 = no rule)"),
    Setting("lockout_attempts", 5, "连续登录失败锁定次数", "Failed attempts before an account locks"),
    Setting("lockout_minutes", 30, "锁定时长（分钟，0 = 直到管理员解锁）",
            "Lockout duration in minutes (0 = until an administrator unlocks)"),
    Setting("idle_lock_minutes", 15, "空闲自动锁定（分钟）", "Auto-lock after idle minutes"),
    Setting("deadline_overrides", {}, "时限覆盖（种类 → 数量）", "Deadline overrides (kind → amount)"),
    Setting("retention_min_years", 5, "最短保存年限", "Minimum retention in years"),
    Setting("language", "zh_CN", "界面语言", "Interface language"),
    Setting("backup_dir", "", "备份文件夹（空 = 用户数据目录下的 backups）", "Backup folder (empty = backups in the user data folder)"),
    Setting("backup_keep", 10, "保留最近几份备份", "Backups to keep"),
    Setting("backup_on_exit", True, "退出时自动备份", "Back up on exit"),
    Setting("backup_daily", True, "每日自动备份", "Back up daily"),
    Setting("attachment_max_mb", 20, "附件大小上限（MB）", "Largest attachment (MB)"),
)}


# Allowed ranges of the whole-number settings (others: at least 1).
INT_RANGES: dict[str, tuple[int, int]] = {
    "password_min_length": (4, 128), "password_min_classes": (1, 5), "password_expiry_days": (0, 3650),
    "password_history": (0, 24), "lockout_attempts": (3, 20), "lockout_minutes": (0, 1440),
    "idle_lock_minutes": (1, 480), "retention_min_years": (1, 100), "backup_keep": (1, 1000),
    "attachment_max_mb": (1, 500),
}


def get(db: Database, key: str) -> Any:
    spec = SETTINGS[key]
    r = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if r is None:
        return spec.default
    try:
        return json.loads(r[0])
    except (TypeError, ValueError):  # a value written into the file behind QA Desk's back: the default holds
        return spec.default


def put(session: Session, key: str, value: Any, *, reason: str | None = None) -> None:
    put_many(session, {key: value}, reason=reason)


def put_many(session: Session, values: dict[str, Any], *, reason: str | None = None) -> list[str]:
    """Change several settings as one user action: all are checked first, then written in one transaction.
    Returns the keys that actually changed (unchanged values write nothing to the audit trail)."""
    session.require("settings")
    encoded = {key: _checked(session, key, value) for key, value in values.items()}
    changed = []
    with session.write() as tx:
        for key, text in encoded.items():
            r = tx.db.conn.execute("SELECT id, value FROM settings WHERE key = ?", (key,)).fetchone()
            if r is None:
                if text != json.dumps(SETTINGS[key].default, ensure_ascii=False, sort_keys=True):
                    tx.insert("settings", {"key": key, "value": text}, reason=reason)
                    changed.append(key)
            elif r[1] != text:
                tx.update("settings", r[0], {"value": text}, reason=reason)
                changed.append(key)
    return changed


def _checked(session: Session, key: str, value: Any) -> str:
    if key not in SETTINGS:
        raise refuse("unknown_setting", f"没有名为 {key} 的设置。", f"There is no setting called {key}.")
    spec = SETTINGS[key]
    if spec.default is not None and not isinstance(value, type(spec.default)):
        kind = {bool: ("是或否", "yes or no"), int: ("整数", "a whole number"), str: ("文字", "text"),
                dict: ("一组设置", "a group of settings"), list: ("一组值", "a list of values")}.get(
            type(spec.default), (type(spec.default).__name__, type(spec.default).__name__))
        zh, en = f"设置“{spec.zh}”的值应为{kind[0]}。", f"The setting “{spec.en}” needs {kind[1]}."
        raise refuse("bad_setting", zh, en, [Problem(zh, en, key)])  # the problem names its setting: marked there
    if key == "number_pattern":
        _check_pattern(value)
    if key == "company_logo" and value:
        _check_logo(value)
    if key == "deadline_overrides":
        _check_overrides(session, value)
    if key in LETTERHEAD_LIMITS and value:
        _check_letterhead(key, value)
    if isinstance(spec.default, int) and not isinstance(spec.default, bool):
        low, high = INT_RANGES.get(key, (1, 10**9))
        if not low <= value <= high:
            zh, en = f"“{spec.zh}”的值必须是 {low} 到 {high} 之间的整数。", f"“{spec.en}” must be a whole number from {low} to {high}."
            raise refuse("bad_setting", zh, en, [Problem(zh, en, key)])
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _check_pattern(pattern: str) -> None:
    try:
        sample = pattern.format(year=2026, seq=42)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError) as exc:
        raise refuse("bad_pattern", f"编号格式无效：{exc}", f"The number pattern is not valid: {exc}") from exc
    if "{year" not in pattern or "{seq" not in pattern or sample == pattern.format(year=2026, seq=43):
        raise refuse("bad_pattern", "编号格式必须包含 {year} 和 {seq}。",
                     "The number pattern must contain {year} and {seq}.")
    from qa_desk.core import numbering

    numbering.check_pattern(pattern)  # the numbers it makes follow the one number rule (never a path)


def _check_overrides(session: Session, value: dict) -> None:
    kinds = {d["kind"] for d in session.policy.deadlines}
    bad = [k for k, v in value.items() if k not in kinds or not isinstance(v, int) or isinstance(v, bool)
           or not 0 < v <= 365]
    if bad:
        raise refuse("bad_setting", f"时限覆盖无效：{', '.join(map(str, bad))}（种类须为 {', '.join(sorted(kinds))}，"
                     "数值为 1–365 的整数）",
                     f"Deadline overrides not valid: {', '.join(map(str, bad))} (kinds: {', '.join(sorted(kinds))}; "
                     "amounts whole numbers 1–365)")


# Longest value of each letterhead setting: what fits on one line (two for the address) of the letterhead.
LETTERHEAD_LIMITS: dict[str, int] = {"company_name_en": 120, "company_address": 120, "company_address_en": 200,
                                     "company_phone": 40, "company_email": 120}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+\-()/,.、 转分机extEXT]{3,40}$")


def _check_letterhead(key: str, value: str) -> None:
    """A letterhead value prints on every letter the complainants receive: one clean line, a real address."""
    spec = SETTINGS[key]
    limit = LETTERHEAD_LIMITS[key]
    if _CONTROL.search(value):
        zh, en = f"“{spec.zh}”含有换行或不可见的控制字符，请删除。", f"“{spec.en}” holds a line break or invisible control characters; remove them."
    elif len(value) > limit:
        zh, en = f"“{spec.zh}”过长（{len(value)} 字），最多 {limit} 字。", f"“{spec.en}” is too long ({len(value)} characters; at most {limit})."
    elif key == "company_email" and not _EMAIL.match(value):
        zh, en = f"“{spec.zh}”不是有效的电子邮件地址。", f"“{spec.en}” is not a valid e-mail address."
    elif key == "company_phone" and not _PHONE.match(value):
        zh, en = (f"“{spec.zh}”只能包含数字、空格、+ - ( ) / 和“转”或 ext。",
                  f"“{spec.en}” may hold digits, spaces, + - ( ) / and 转 or ext.")
    else:
        return
    raise refuse("bad_setting", zh, en, [Problem(zh, en, key)])


def letterhead(db: Database, lang: str) -> dict[str, str]:
    """The company's letterhead in one language: the English name and address fall back to the Chinese ones."""
    en = not lang.startswith("zh")
    name, address = get(db, "company_name"), get(db, "company_address")
    if en:
        name, address = get(db, "company_name_en") or name, get(db, "company_address_en") or address
    return {"name": name, "address": address, "phone": get(db, "company_phone"), "email": get(db, "company_email")}


LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_PIXELS = 60_000_000  # a few hundred KB of PNG can claim gigabytes once decoded
LOGO_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _check_logo(encoded: str) -> bytes:
    try:
        data = base64.b64decode(encoded, validate=True)
    except (ValueError, TypeError) as exc:
        raise refuse("bad_logo", "公司标志数据无效。", "The company logo data is not valid.") from exc
    if not data.startswith(LOGO_MAGIC):
        raise refuse("bad_logo", "公司标志必须是 PNG 或 JPEG 图片。", "The company logo must be a PNG or JPEG image.")
    return data


def set_logo(session: Session, path: Path | None) -> None:
    """Keep the logo in the database (not a path that may vanish), so every workstation prints the same forms."""
    if path is None:
        put(session, "company_logo", "", reason="logo removed")
        return
    size = path.stat().st_size
    if size > LOGO_MAX_BYTES:
        raise refuse("bad_logo", f"标志文件太大（{size // 1024} KB），最大 {LOGO_MAX_BYTES // 1024} KB；请缩小后再选。",
                     f"The logo file is too large ({size // 1024} KB; at most {LOGO_MAX_BYTES // 1024} KB); "
                     "make it smaller and choose it again.")
    data = path.read_bytes()
    if data.startswith(LOGO_MAGIC):
        _check_picture(data)
    put(session, "company_logo", base64.b64encode(data).decode("ascii"), reason=f"logo {path.name}")


def _check_picture(data: bytes) -> None:
    """Decode the chosen logo once, so that a file cut short, damaged or of tens of millions of pixels is refused
    when the administrator chooses it (the pages would otherwise print without it, and nobody would be told)."""
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # its size is checked here
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
                if width * height > LOGO_MAX_PIXELS:
                    raise _too_many_pixels(width, height)
                im.load()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(0, 0) from exc
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001 (whatever PIL raises for a file it cannot decode)
        raise refuse("bad_logo", f"无法读取此图片（文件可能已损坏或不完整：{exc}）；请另存为 PNG 或 JPEG 后再选。",
                     f"This picture cannot be read (the file may be damaged or cut short: {exc}); save it again "
                     "as PNG or JPEG and choose it again.") from exc


def _too_many_pixels(width: int, height: int) -> DomainError:
    size = f"{width} × {height}" if width else ""
    return refuse("bad_logo", f"标志图片像素太多（{size}），最多 {LOGO_MAX_PIXELS // 1_000_000} 百万像素；请缩小后再选。",
                  f"The logo has too many pixels ({size}; at most {LOGO_MAX_PIXELS // 1_000_000} million); make it "
                  "smaller and choose it again.")


def logo_bytes(db: Database) -> bytes | None:
    encoded = get(db, "company_logo")
    return base64.b64decode(encoded) if encoded else None
