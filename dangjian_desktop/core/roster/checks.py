"""Checking one member against the rules of DOMAIN.md (the form and the importer share it), and the
vocabularies the form offers. No database here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dangjian_desktop.core import idcard
from dangjian_desktop.core.dates import DateError, add_years, parse_date
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.member_fields import Category, MemberStatus
from dangjian_desktop.core.text import clean, clean_identifier, clean_name

GENDERS = ("男", "女")
EDUCATIONS = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中", "小学", "文盲或半文盲")
CATEGORIES = tuple(c.value for c in Category)
STATUSES = tuple(s.value for s in MemberStatus)
ETHNICITIES = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
)
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,5})?$")


class RosterError(UserError):
    """The message is Chinese and shown to the user as it is."""


@dataclass
class MemberDraft:
    """What the form (or one spreadsheet row) holds, as typed. check_member() turns it into values."""

    name: str = ""
    gender: str = ""
    ethnicity: str = "汉族"
    birth_date: str = ""
    id_number: str = ""
    education: str = ""
    join_date: str = ""
    full_date: str = ""
    category: str = Category.FULL.value
    party_group: str = ""
    is_committee: bool = False
    job: str = ""
    phone: str = ""
    address: str = ""
    is_mobile: bool = False
    mobile_destination: str = ""
    is_lost_contact: bool = False
    is_hardship: bool = False
    note: str = ""


@dataclass
class MemberValues:
    """Checked values, ready to store."""

    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date | None
    id_number: str | None
    education: str
    join_date: dt.date | None
    full_date: dt.date | None
    category: str
    party_group: str
    is_committee: bool
    job: str
    phone: str
    address: str
    is_mobile: bool
    mobile_destination: str
    is_lost_contact: bool
    is_hardship: bool
    note: str


@dataclass
class MemberCheck:
    values: MemberValues | None
    errors: dict[str, str] = field(default_factory=dict)  # field name -> Chinese message
    derived: dict[str, str] = field(default_factory=dict)  # what the ID number told us, to show

    @property
    def ok(self) -> bool:
        return not self.errors


def normalize_phone(raw: str) -> str:
    text = clean_identifier(raw).replace(" ", "")  # a phone is a number: full-width －（） too
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def phone_problem(phone: str) -> str | None:
    if not phone:
        return None
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return None
    if phone.startswith("1") and phone.isascii() and phone.isdigit():
        return f"手机号应为11位，这里是{len(phone)}位"
    return "联系电话应为11位手机号，或固定电话（如 0791-88881234）"


def check_member(draft: MemberDraft, *, today: dt.date | None = None) -> MemberCheck:
    """All the rules of DOMAIN.md for one member, each problem named by field in Chinese."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    derived: dict[str, str] = {}

    name = clean_name(draft.name)
    if not name:
        errors["name"] = "姓名不能为空"
    elif len(name) > 50:
        errors["name"] = "姓名太长"

    id_number: str | None = None
    birth: dt.date | None = None
    gender = clean(draft.gender)
    if clean(draft.id_number):
        try:
            facts = idcard.facts(draft.id_number)
        except idcard.IdNumberError as exc:
            errors["id_number"] = str(exc)
        else:
            id_number, birth, gender = facts.number, facts.birth_date, facts.gender
            if idcard.normalize(draft.id_number) != facts.number:
                derived["id_number"] = f"已规范为18位：{facts.number}"
            derived["birth_date"] = birth.isoformat()
            derived["gender"] = gender
    if birth is None:
        try:
            birth = parse_date(draft.birth_date, allow_month=True)
        except DateError as exc:
            errors["birth_date"] = str(exc)
    if birth and birth > today:
        errors["birth_date"] = "出生日期不能晚于今天"
    if gender and gender not in GENDERS:
        errors["gender"] = "性别应为“男”或“女”"

    dates: dict[str, dt.date | None] = {}
    for key, label in (("join_date", "入党日期"), ("full_date", "转正日期")):
        try:
            dates[key] = parse_date(getattr(draft, key))
        except DateError as exc:
            errors[key] = f"{label}：{exc}"
            dates[key] = None
        if dates[key] and dates[key] > today:  # type: ignore[operator]
            errors[key] = f"{label}不能晚于今天"
    join, full = dates["join_date"], dates["full_date"]
    if join and birth and "join_date" not in errors:
        eighteen = eighteenth_birthday(birth)
        if join < eighteen:
            errors["join_date"] = f"入党日期应在年满18周岁（{eighteen.isoformat()}）之后"
    if join and full and full <= join and "full_date" not in errors:
        errors["full_date"] = "转正日期应晚于入党日期"
    if full and not join and "join_date" not in errors:
        errors["join_date"] = "填写了转正日期，也请填写入党日期"

    category = clean(draft.category) or Category.FULL.value
    if category not in CATEGORIES:
        errors["category"] = "人员类别应为“正式党员”或“预备党员”"
    elif category == Category.PROBATIONARY.value and full:
        errors["category"] = "已填写转正日期的应为正式党员"

    phone = normalize_phone(draft.phone)
    problem = phone_problem(phone)
    if problem:
        errors["phone"] = problem

    if errors:
        return MemberCheck(None, errors, derived)
    values = MemberValues(
        name=name,
        gender=gender,
        ethnicity=clean(draft.ethnicity) or "汉族",
        birth_date=birth,
        id_number=id_number,
        education=clean(draft.education),
        join_date=join,
        full_date=full,
        category=category,
        party_group=clean(draft.party_group),
        is_committee=bool(draft.is_committee),
        job=clean(draft.job),
        phone=phone,
        address=clean(draft.address),
        is_mobile=bool(draft.is_mobile),
        mobile_destination=clean(draft.mobile_destination),
        is_lost_contact=bool(draft.is_lost_contact),
        is_hardship=bool(draft.is_hardship),
        note=clean(draft.note),
    )
    return MemberCheck(values, errors, derived)


def eighteenth_birthday(birth: dt.date) -> dt.date:
    """The day a person may join the party (党章: 年满十八岁); the form refuses an earlier 入党日期,
    the importer warns."""
    return add_years(birth, 18)


def join_md(join: dt.date | None) -> str | None:
    return join.strftime("%m-%d") if join else None
