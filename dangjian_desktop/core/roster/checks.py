"""Checking one member against the rules of DOMAIN.md (the form and the importer share it), and the
vocabularies the form offers. No database here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, make_dataclass
from typing import Any

from dangjian_desktop.core import idcard
from dangjian_desktop.core.dates import DateError, add_years, parse_date
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.member_fields import (  # noqa: F401 - the vocabularies are this package's too
    CATEGORIES,
    DATE,
    EDUCATIONS,
    ETHNICITIES,
    FIELDS,
    FLAG,
    GENDERS,
    STATUSES,
    Category,
    MemberField,
)
from dangjian_desktop.core.text import clean, clean_identifier, clean_name

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,5})?$")


class RosterError(UserError):
    """The message is Chinese and shown to the user as it is."""


# The fields a person types (the form, one spreadsheet row); 党籍状态 and 离开 are set by the 离开 action.
_TYPED = tuple(f for f in FIELDS if f.form is not None)


def _draft_field(f: MemberField) -> tuple[str, type, Any]:
    if f.kind == FLAG:
        return f.key, bool, field(default=False)
    return f.key, str, field(default=f.default if isinstance(f.default, str) else "")


# Both built from core/member_fields.py: a field declared there is a field here.
MemberDraft = make_dataclass(
    "MemberDraft",
    [_draft_field(f) for f in _TYPED],
    namespace={
        "__doc__": "What the form (or one spreadsheet row) holds, as typed; check_member() checks it."
    },
)
MemberValues = make_dataclass(
    "MemberValues",
    [(f.key, f.value_type) for f in _TYPED],
    namespace={"__module__": __name__, "__doc__": "Checked values, ready to store."},
)


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
        if len(phone) == 11:  # 11 digits that are no mobile (12x...): "应为11位，这里是11位" said nothing
            return f"手机号的第2位应为3-9，这里是{phone[1]}"
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
    for f in _TYPED:  # 入党日期, 转正日期 and any date declared later (出生日期 is read above, with the ID)
        if f.kind != DATE or f.key == "birth_date":
            continue
        key, label = f.key, f.label
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
    # Every other field as typed, cleaned; then what the rules above decided.
    typed: dict[str, Any] = {
        f.key: bool(getattr(draft, f.key)) if f.kind == FLAG else clean(getattr(draft, f.key)) or f.default
        for f in _TYPED
    }
    values = MemberValues(
        **{
            **typed,
            **dates,
            "name": name,
            "gender": gender,
            "birth_date": birth,
            "id_number": id_number,
            "category": category,
            "phone": phone,
        }
    )
    return MemberCheck(values, errors, derived)


def eighteenth_birthday(birth: dt.date) -> dt.date:
    """The day a person may join the party (党章: 年满十八岁); the form refuses an earlier 入党日期,
    the importer warns."""
    return add_years(birth, 18)


def join_md(join: dt.date | None) -> str | None:
    return join.strftime("%m-%d") if join else None
