"""What one cell of a roster row says on its own: its text, the value it holds, the warning it earns.

One function per kind of field (`CELL_RULES`), chosen once per import when the columns are known and
called once per distinct cell of its column (rules.py remembers the answer): 50,000 rows hold a few
dozen different 性别, 民族, 学历 and 党小组 cells and far fewer distinct dates than rows. What needs the
rest of the row (性别 against the ID number, 转正日期 after 入党日期, 党员 read from the dates) is
rules.py's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from dangjian_desktop.core import idcard, member_fields
from dangjian_desktop.core.dates import DateError, parse_date
from dangjian_desktop.core.exchange.importing import vocabulary as words
from dangjian_desktop.core.exchange.importing.sheet import cell_text
from dangjian_desktop.core.roster import (
    CATEGORIES,
    ETHNICITIES,
    STATUSES,
    normalize_phone,
    phone_problem,
)
from dangjian_desktop.core.text import has_foreign_digits

FULL, PROBATIONARY = CATEGORIES
ACTIVE = STATUSES[0]
_ETHNICITIES = frozenset(ETHNICITIES)
_SPACE = re.compile(r"[\s\u3000]+")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"^\s*(19|20)\d\d\s*(年)?\s*$")
_PLAIN_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_WORD_FIELDS = ("ethnicity", "education", "status")


class Cell(NamedTuple):
    """What one cell says on its own. `text` is "" for an empty cell (the field is then not read)."""

    text: str
    value: Any = None  # the field's value as stored (a date, a word, the cleaned text...)
    problem: str = ""  # a warning, or for a rejecting field the reason the row is rejected
    raw: Any = None  # the cell as read (IDs and dates look at what Excel held, not only its text)


def _month_only(value: object) -> bool:
    """1985.03 or 1985年3月: a month where a day is needed (a bare year is not a month)."""
    if type(value) is float and (value.is_integer() or not 1900 <= value < 2101):
        return False
    if type(value) is str and _YEAR_ONLY.match(value):
        return False
    try:
        return parse_date(value, allow_month=True) is not None
    except (DateError, ValueError, OverflowError, TypeError):
        return False


def _refuse_bare_year(value: object, allow_month: bool) -> None:
    """1985 or 1985.03 typed into a number cell would read as an Excel serial (a day in 1905)."""
    if type(value) is float and 1900 <= value < 2101:
        if allow_month and not value.is_integer():
            return  # parse_date reads 1985.03 as March 1985 for 出生年月
        raise DateError(f"“{cell_text(value)}”只有年份或年月，不是完整的日期")
    if type(value) is str and _YEAR_ONLY.match(value):
        raise DateError(f"“{value.strip()}”只有年份，不是完整的日期")


def read_date(value: object, allow_month: bool = False) -> dt.date | None:
    """A cell as a date, or DateError (also for a bare year, and for what parse_date cannot take)."""
    if value.__class__ is str:  # the common case, without a call: a bare year is no date
        if _YEAR_ONLY.match(value):
            raise DateError(f"“{value.strip()}”只有年份，不是完整的日期")
    elif type(value) is bool:
        value = cell_text(value)
    try:
        if value.__class__ is not str:
            _refuse_bare_year(value, allow_month)
        return parse_date(value, allow_month=allow_month)
    except DateError:
        raise
    except (ValueError, OverflowError, TypeError):
        raise DateError(f"无法识别的日期“{cell_text(value)}”") from None


def simple_value(key: str, text: str) -> tuple[Any, str]:
    """(value, warning or '') for a field whose value depends on its own cell alone."""
    raw = text.replace(" ", "")
    if key == "ethnicity":
        return (raw + "族" if raw + "族" in _ETHNICITIES else raw), ""
    if key == "education":
        return words.EDUCATION.get(raw, raw), ""
    if key == "status":
        status = raw if raw in STATUSES else words.STATUS.get(raw)
        if status is None:
            return ACTIVE, f"党籍状态“{raw}”无法识别，已记为在册"
        return status, ""
    return text, ""  # 党小组, 职业, 住址, 备注...


# --- what a cell says on its own, one function per kind of field ---------------------------------------
# Each takes (cell, its text, today) and is called once per distinct cell of its column.

CellRule = Callable[[Any, str, dt.date], Cell]


def _name(cell: Any, text: str, today: dt.date) -> Cell:
    name = _SPACE.sub("", text) if _SPACE.search(text) else text
    if not name:
        return Cell(text, "", "没有填写姓名")
    if len(name) > 50:
        return Cell(text, name, f"姓名“{name[:20]}…”太长，可能是填错了列")
    return Cell(text, name)


def _id_number(cell: Any, text: str, today: dt.date) -> Cell:
    """value: the IdFacts; problem: why the row is rejected."""
    if isinstance(cell, float) and cell >= 1e16 or ("E" in text or "e" in text) and _SCIENTIFIC.match(text):
        return Cell(
            text,
            None,
            f"身份证号被保存成了数字（{text}），末几位已丢失；请在Excel中把该列设为“文本”后重新填写",
        )
    try:
        facts = idcard.facts(text, today=today)
    except idcard.IdNumberError as exc:
        shown = text if not has_foreign_digits(text) else "（含非标准数字）"
        return Cell(text, None, f"身份证号“{shown}”有误：{exc}")
    if facts.birth_date > today:
        return Cell(text, None, f"身份证号“{text}”中的出生日期晚于今天")
    return Cell(text, facts)


def _join_date(cell: Any, text: str, today: dt.date) -> Cell:
    """problem: why the row is rejected (政治生日 needs the day)."""
    try:
        join = read_date(cell)
    except DateError:
        if _month_only(cell):
            return Cell(text, None, f"入党日期“{text}”只有年月，请补全到日（政治生日要用具体日期）")
        return Cell(text, None, f"入党日期“{text}”无法识别")
    if join and join > today:
        return Cell(text, None, f"入党日期 {join.isoformat()} 晚于今天，请核对")
    return Cell(text, join)


def _birth_date(cell: Any, text: str, today: dt.date) -> Cell:
    """value: the date (出生年月 may hold a month); problem: set when unreadable."""
    try:
        return Cell(text, read_date(cell, True))
    except DateError:
        return Cell(text, None, f"出生日期“{text}”无法识别，未导入")


def _full_date(cell: Any, text: str, today: dt.date) -> Cell:
    try:
        full = read_date(cell)
    except DateError:
        return Cell(text, None, f"转正日期“{text}”无法识别，未导入")
    if full and full > today:
        return Cell(text, None, f"转正日期 {full.isoformat()} 晚于今天，未导入")
    return Cell(text, full)


def _date(label: str) -> CellRule:
    """A date field with no rule of its own (离开日期): unreadable is a warning, the row imports."""

    def rule(cell: Any, text: str, today: dt.date) -> Cell:
        try:
            return Cell(text, read_date(cell))
        except DateError:
            return Cell(text, None, f"{label}“{text}”无法识别，未导入")

    return rule


def _gender(cell: Any, text: str, today: dt.date) -> Cell:
    return Cell(text, words.GENDER.get(text) or words.GENDER.get(text.replace(" ", "")))


def _category(cell: Any, text: str, today: dt.date) -> Cell:
    """value: the category, or words.PLAIN_MEMBER (read per row from the dates), or None."""
    raw = text.replace(" ", "")
    return Cell(text, words.PLAIN_MEMBER if raw == words.PLAIN_MEMBER else words.CATEGORY.get(raw), "", raw)


def _phone(cell: Any, text: str, today: dt.date) -> Cell:
    """problem: a warning; raw is True when the row is rejected (digits other than 0-9)."""
    if _PLAIN_MOBILE.match(text):
        return Cell(text, text)
    if has_foreign_digits(text):
        return Cell(text, None, "联系电话中有不是 0-9 的数字字符（如 ①、²），请改为普通数字", True)
    phone = normalize_phone(text)
    problem = phone_problem(phone)
    return Cell(text, phone, f"联系电话“{phone}”：{problem}（已照原样导入）" if problem else "")


def _flag(cell: Any, text: str, today: dt.date) -> Cell:
    """value: the flag; raw: the text when it is no yes-word (is_mobile's column may say where)."""
    flag = text.replace(" ", "").upper()
    if flag in words.FALSE_WORDS:
        return Cell(text, False)
    return Cell(text, True, "", None if flag in words.TRUE_WORDS else text)


def _text(cell: Any, text: str, today: dt.date) -> Cell:
    return Cell(text, text)


def _word(key: str) -> CellRule:
    def rule(cell: Any, text: str, today: dt.date) -> Cell:
        value, problem = simple_value(key, text)
        return Cell(text, value, problem)

    return rule


# The fields with a rule of their own (checked again against the rest of the row in RowRules.read)
_OWN_RULES: dict[str, CellRule] = {
    "name": _name,
    "id_number": _id_number,
    "join_date": _join_date,
    "birth_date": _birth_date,
    "full_date": _full_date,
    "gender": _gender,
    "category": _category,
    "phone": _phone,
    **{key: _word(key) for key in _WORD_FIELDS},
}
# Every other field of core/member_fields.py is read by its kind, so a new field imports with no edit here.
CELL_RULES: dict[str, CellRule] = {
    f.key: _OWN_RULES.get(f.key)
    or (_flag if f.kind == member_fields.FLAG else _date(f.label) if f.kind == member_fields.DATE else _text)
    for f in member_fields.FIELDS
}
# the fields whose value is what their cell says, taken in RowRules.check's last loop
SAME_CELL = tuple(k for k in CELL_RULES if k not in _OWN_RULES or k in _WORD_FIELDS)
# Cells that rarely repeat are not remembered (the memo would only cost memory).
