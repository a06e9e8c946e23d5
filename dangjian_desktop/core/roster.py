"""The member roster (党员花名册): checking, adding, editing, leaving, listing. No Qt here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core import idcard, member_fields
from dangjian_desktop.core.dates import DateError, add_years, age_on, parse_date
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import (
    LEFT_STATUSES,
    Category,
    Member,
    MemberPhoto,
    MemberStatus,
)
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.search import search_key
from dangjian_desktop.core.text import clean, clean_identifier, clean_name, group_sort_key

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


def _apply(member: Member, values: MemberValues) -> None:
    for f in fields(MemberValues):
        setattr(member, f.name, getattr(values, f.name))
    member.join_md = join_md(values.join_date)
    member.search_key = search_key(values.name, values.id_number, values.phone)


def _check_or_raise(draft: MemberDraft) -> MemberValues:
    result = check_member(draft)
    if not result.ok:
        raise RosterError("；".join(result.errors.values()))
    assert result.values is not None
    return result.values


def _ensure_unique_id(session: Session, id_number: str | None, member_id: int | None) -> None:
    if not id_number:
        return
    existing = session.scalar(select(Member).where(Member.id_number == id_number))
    if existing is not None and existing.id != member_id:
        raise RosterError(f"身份证号 {id_number} 已属于 {existing.name}，不能重复登记")


def add_member(session: Session, branch_id: int, draft: MemberDraft) -> int:
    values = _check_or_raise(draft)
    _ensure_unique_id(session, values.id_number, None)
    member = Member(branch_id=branch_id)
    _apply(member, values)
    session.add(member)
    session.flush()
    log(session, "新增党员", values.name)
    return member.id


def update_member(session: Session, member_id: int, draft: MemberDraft) -> None:
    member = _get(session, member_id)
    values = _check_or_raise(draft)
    _ensure_unique_id(session, values.id_number, member_id)
    _apply(member, values)
    session.flush()
    log(session, "修改党员信息", values.name)


def leave_roster(
    session: Session,
    member_id: int,
    status: str,
    date: dt.date | str | None,
    reason: str,
    *,
    today: dt.date | None = None,
) -> None:
    """转出 / 去世 / 停止党籍 / 出党: the member stays in the database, findable under 已离开.

    The date may be given as typed (any form parse_date reads); every rule of leaving is here."""
    if status not in LEFT_STATUSES:
        raise RosterError(f"离开方式应为：{'、'.join(LEFT_STATUSES)}")
    try:
        day = date if isinstance(date, dt.date) else parse_date(date or "")
    except DateError as exc:
        raise RosterError(f"离开日期：{exc}") from exc
    if day is None:
        raise RosterError("请填写离开日期")
    if day > (today or dt.date.today()):
        raise RosterError("离开日期不能晚于今天")
    if not clean(reason):
        raise RosterError("请填写原因")
    member = _get(session, member_id)
    if member.status != MemberStatus.ACTIVE.value:
        raise RosterError(f"{member.name} 已于 {member.left_date} {member.status}")
    member.status, member.left_date, member.left_reason = status, day, clean(reason)
    session.flush()
    log(session, f"党员{status}", f"{member.name}：{clean(reason)}")


def restore_to_roster(session: Session, member_id: int) -> None:
    """Undo a mistaken leave: back to 在册, the old status kept in the log."""
    member = _get(session, member_id)
    log(session, "恢复在册", f"{member.name}（原为{member.status}）")
    member.status, member.left_date, member.left_reason = MemberStatus.ACTIVE.value, None, ""
    session.flush()


def _get(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise RosterError(f"找不到编号为 {member_id} 的党员")
    return member


def member_draft(session: Session, member_id: int) -> MemberDraft:
    """The stored member as the form shows it."""
    m = _get(session, member_id)
    return MemberDraft(
        name=m.name,
        gender=m.gender,
        ethnicity=m.ethnicity,
        birth_date=m.birth_date.isoformat() if m.birth_date else "",
        id_number=m.id_number or "",
        education=m.education,
        join_date=m.join_date.isoformat() if m.join_date else "",
        full_date=m.full_date.isoformat() if m.full_date else "",
        category=m.category,
        party_group=m.party_group,
        is_committee=m.is_committee,
        job=m.job,
        phone=m.phone,
        address=m.address,
        is_mobile=m.is_mobile,
        mobile_destination=m.mobile_destination,
        is_lost_contact=m.is_lost_contact,
        is_hardship=m.is_hardship,
        note=m.note,
    )


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One roster line as tables, the CLI and printouts show it."""

    id: int
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
    status: str
    is_mobile: bool
    mobile_destination: str
    note: str
    left_date: dt.date | None
    left_reason: str
    has_photo: bool
    search_key: str

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE.value

    def age(self, today: dt.date | None = None) -> int | None:
        return age_on(self.birth_date, today or dt.date.today())

    def as_json(self) -> dict[str, object]:
        """The `roster list --json` shape: the fields core/member_fields.py gives a JSON key."""
        out: dict[str, object] = {"id": self.id}
        for f in member_fields.FIELDS:
            if f.json_key:
                value = getattr(self, f.key)
                out[f.json_key] = _iso(value) if f.kind == member_fields.DATE else value
        return out


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


_ROW_COLUMNS = (
    Member.id,
    Member.name,
    Member.gender,
    Member.ethnicity,
    Member.birth_date,
    Member.id_number,
    Member.education,
    Member.join_date,
    Member.full_date,
    Member.category,
    Member.party_group,
    Member.is_committee,
    Member.job,
    Member.phone,
    Member.address,
    Member.status,
    Member.is_mobile,
    Member.mobile_destination,
    Member.note,
    Member.left_date,
    Member.left_reason,
    MemberPhoto.member_id.is_not(None),
    Member.search_key,
)


def list_members(
    session: Session, *, branch_id: int | None = None, include_left: bool = True
) -> list[MemberRow]:
    """Plain rows in roster order (党小组, then name), read as columns: no ORM objects for 50,000."""
    query = select(*_ROW_COLUMNS).outerjoin(MemberPhoto, MemberPhoto.member_id == Member.id)
    if branch_id is not None:
        query = query.where(Member.branch_id == branch_id)
    if not include_left:
        query = query.where(Member.status == MemberStatus.ACTIVE.value)
    # Through the connection, not session.execute: Core rows skip the ORM's per-row loading machinery,
    # which costs more than the query itself on a township's 50,000 members.
    rows = [MemberRow(*row) for row in session.connection().execute(query.order_by(Member.id))]
    # 第一、第二、第三党小组 in that order (code points would put 三 before 二); stable, so by id within
    keys = {group: group_sort_key(group) for group in {r.party_group for r in rows}}
    rows.sort(key=lambda r: keys[r.party_group])
    return rows


def filter_rows(rows: list[MemberRow], text: str) -> list[MemberRow]:
    from dangjian_desktop.core.search import normalize_query

    query = normalize_query(text)
    return [r for r in rows if query in r.search_key] if query else list(rows)


def party_groups(session: Session) -> list[str]:
    groups = session.scalars(select(Member.party_group).distinct())
    return sorted((g for g in groups if g), key=group_sort_key)


def get_photo(session: Session, member_id: int) -> bytes | None:
    photo = session.get(MemberPhoto, member_id)
    return photo.jpeg if photo else None


def set_photo(session: Session, member_id: int, jpeg: bytes | None) -> None:
    member = _get(session, member_id)
    if jpeg is None:
        member.photo = None
    elif member.photo is None:
        member.photo = MemberPhoto(member_id=member_id, jpeg=jpeg)
    else:
        member.photo.jpeg = jpeg
    session.flush()
