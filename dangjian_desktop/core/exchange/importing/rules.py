"""The rules a roster row is checked by: one set, applied one way, row by row.

Only a few things reject a row: no name; an ID number that is wrong (GB 11643, or digits that are not
0-9, or digits lost because the cell was a number); a phone written with other digits than 0-9; a
入党日期 that cannot be read as a day (or lies in the future); an ID already seen on an earlier row
(planning.py). Everything else that looks wrong is a warning naming the row, and the row still
imports: a secretary whose first import silently loses rows goes back to Excel.

Speed: 50,000 rows are read here one by one. What repeats across rows (性别, 民族, 学历, 党小组,
dates) is checked once per distinct cell and remembered; the rest (names, IDs, phones) is cheap.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from dangjian_desktop.core import idcard, member_fields
from dangjian_desktop.core.dates import DateError, parse_date
from dangjian_desktop.core.exchange.importing import vocabulary as words
from dangjian_desktop.core.exchange.importing.sheet import cell_text
from dangjian_desktop.core.exchange.importing.vocabulary import IGNORE, Layout
from dangjian_desktop.core.roster import (
    CATEGORIES,
    ETHNICITIES,
    STATUSES,
    eighteenth_birthday,
    join_md,
    normalize_phone,
    phone_problem,
)
from dangjian_desktop.core.text import has_foreign_digits

Warn = Callable[[str], None]
FULL, PROBATIONARY = CATEGORIES
ACTIVE = STATUSES[0]
_ETHNICITIES = frozenset(ETHNICITIES)
_SPACE = re.compile(r"[\s\u3000]+")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"^\s*(19|20)\d\d\s*(年)?\s*$")
_MOBILE_NOTE = re.compile(r"流动党员\s*[（(]\s*([^）)]*?)\s*[）)]|流动党员")
_PLAIN_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_MISSING = object()
_TEXT_FIELDS = ("job", "address", "note", "mobile_destination", "left_reason", "party_group")


class Reject(Exception):
    """The row is not imported; the message says why."""


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


class RowRules:
    """Turns one sheet row into stored values; remembers what repeats across 50,000 rows."""

    def __init__(self, layout: Layout, today: dt.date) -> None:
        self.today = today
        by_field: dict[str, list[int]] = {}
        for column, key in sorted(layout.mapping.items()):
            if key != IGNORE:
                by_field.setdefault(key, []).append(column)
        # field -> its columns; the first filled one on a row wins (手机号码, then 固定电话)
        self.columns = list(by_field.items())
        self.column_of = {k: cs[0] for k, cs in by_field.items()}
        self.single = [(k, cs[0]) for k, cs in self.columns if len(cs) == 1]
        self.multi = [(k, cs) for k, cs in self.columns if len(cs) > 1]
        self.last_column = max((c for cs in by_field.values() for c in cs), default=-1)
        self.mapped = set(by_field)
        self.simple = [k for k in (*_TEXT_FIELDS, "ethnicity", "education", "status") if k in self.mapped]
        self.flags = [k for k in member_fields.FLAG_KEYS if k in self.mapped]
        self.note_flags_mobile = "is_mobile" not in self.mapped and "note" in self.mapped
        self._memo: dict[str, dict[str, tuple[Any, str]]] = {k: {} for k in self.simple}
        self._dates: dict[object, Any] = {}
        self._month_dates: dict[object, Any] = {}
        self._texts: dict[str, str] = {}
        self._md: dict[int, str | None] = {}

    def join_md(self, join: dt.date | None) -> str | None:
        if join is None:
            return None
        key = join.month * 100 + join.day  # 366 keys, so roster.join_md runs 366 times at most
        md = self._md.get(key)
        if md is None:
            md = self._md[key] = join_md(join)
        return md

    def date(self, value: object, allow_month: bool = False) -> dt.date | None:
        if type(value) is bool:  # True == 1.0 as a dict key; a 是/否 cell is no date anyway
            value = cell_text(value)
        cache = self._month_dates if allow_month else self._dates
        cached = cache.get(value, _MISSING)
        if cached is _MISSING:
            try:
                _refuse_bare_year(value, allow_month)
                cached = parse_date(value, allow_month=allow_month)
            except DateError as exc:
                cached = exc
            except (ValueError, OverflowError, TypeError):
                cached = DateError(f"无法识别的日期“{cell_text(value)}”")
            cache[value] = cached
        if isinstance(cached, DateError):
            raise cached
        return cached

    def _cells(self, row: list[Any]) -> tuple[dict[str, str], dict[str, Any]]:
        """The text of each field this row fills, and the raw cell of the fields read from two or
        more columns (the others' raw cell is row[column_of[key]])."""
        cache = self._texts
        text: dict[str, str] = {}
        raw: dict[str, Any] = {}
        if len(row) > self.last_column:
            for key, c in self.single:  # the common case, kept lean: 50,000 rows x 15 columns
                v = row[c]
                if v.__class__ is str:
                    if v.isascii():  # nothing full-width in it: strip() is all clean() would do
                        if t := v.strip():
                            text[key] = t
                    else:
                        t = cache.get(v)
                        if t is None:
                            t = cache[v] = cell_text(v)
                        if t:
                            text[key] = t
                elif v is not None and (t := cell_text(v)):
                    text[key] = t
            if not self.multi:
                return text, raw
        columns = self.columns if len(row) <= self.last_column else self.multi
        width = len(row)
        for key, keyed in columns:
            for c in keyed:
                if c >= width:
                    continue
                v = row[c]
                t = cache.get(v) if v.__class__ is str else None
                if t is None:
                    t = cell_text(v)
                if t:
                    text[key] = t
                    if len(keyed) > 1:
                        raw[key] = v
                    break
        return text, raw

    def _raw(self, row: list[Any], raw: dict[str, Any], key: str) -> Any:
        return raw[key] if raw and key in raw else row[self.column_of[key]]

    def read(self, row: list[Any], warn: Warn) -> dict[str, Any]:
        """Values of the fields this row provides (empty cells provide nothing). Raises Reject."""
        text, raw = self._cells(row)
        get = text.get
        cell = functools.partial(self._raw, row, raw)
        values: dict[str, Any] = {}
        name = get("name", "")
        if _SPACE.search(name):
            name = _SPACE.sub("", name)
        if not name:
            raise Reject("没有填写姓名")
        if len(name) > 50:
            raise Reject(f"姓名“{name[:20]}…”太长，可能是填错了列")
        values["name"] = name

        id_birth, id_gender = self._id_number(
            get("id_number"), cell("id_number") if "id_number" in text else None, values
        )
        join = self._join_date(get("join_date"), cell("join_date") if "join_date" in text else None, values)
        self._gender(get("gender"), id_gender, values, warn)
        self._birth_date(
            get("birth_date"), cell("birth_date") if "birth_date" in text else None, id_birth, values, warn
        )
        if "id_number" not in values:
            warn("没有身份证号：无法核对出生日期和性别，再次导入时按姓名和出生日期认人")
        birth = values.get("birth_date")
        if join and birth and join < eighteenth_birthday(birth):
            warn(f"入党日期 {join.isoformat()} 早于年满18周岁，请核对")
        self._full_date(
            get("full_date"), cell("full_date") if "full_date" in text else None, join, values, warn
        )
        self._category(get("category"), join, values, warn)
        self._phone(get("phone"), values, warn)

        left_text = get("left_date")
        if left_text:
            try:
                values["left_date"] = self.date(cell("left_date"))
            except DateError:
                warn(f"离开日期“{left_text}”无法识别，未导入")
        for key in self.simple:
            cell = get(key)
            if cell:
                values[key] = self._simple(key, cell, warn)
        for key in self.flags:
            self._flag(key, get(key), values)
        if self.note_flags_mobile:
            note = values.get("note")
            if note and "流动党员" in note:
                match = _MOBILE_NOTE.search(note)
                if match:
                    values["is_mobile"] = True
                    if match.group(1) and "mobile_destination" not in values:
                        values["mobile_destination"] = match.group(1)
        return values

    # --- one rule per field ------------------------------------------------------------------------

    def _id_number(self, id_text: str | None, cell: Any, values: dict[str, Any]) -> tuple[Any, str]:
        if not id_text:
            return None, ""
        if isinstance(cell, float) and cell >= 1e16 or _SCIENTIFIC.match(id_text):
            raise Reject(
                f"身份证号被保存成了数字（{id_text}），末几位已丢失；请在Excel中把该列设为“文本”后重新填写"
            )
        try:
            facts = idcard.facts(id_text)
        except idcard.IdNumberError as exc:
            shown = id_text if not has_foreign_digits(id_text) else "（含非标准数字）"
            raise Reject(f"身份证号“{shown}”有误：{exc}") from None
        if facts.birth_date > self.today:
            raise Reject(f"身份证号“{id_text}”中的出生日期晚于今天")
        values["id_number"], values["birth_date"], values["gender"] = (
            facts.number,
            facts.birth_date,
            facts.gender,
        )
        return facts.birth_date, facts.gender

    def _join_date(self, join_text: str | None, cell: Any, values: dict[str, Any]) -> dt.date | None:
        if not join_text:
            return None
        try:
            join = self.date(cell)
        except DateError:
            if _month_only(cell):
                raise Reject(f"入党日期“{join_text}”只有年月，请补全到日（政治生日要用具体日期）") from None
            raise Reject(f"入党日期“{join_text}”无法识别") from None
        if join and join > self.today:
            raise Reject(f"入党日期 {join.isoformat()} 晚于今天，请核对")
        values["join_date"] = join
        return join

    def _gender(self, gender_text: str | None, id_gender: str, values: dict[str, Any], warn: Warn) -> None:
        if not gender_text:
            return
        gender = words.GENDER.get(gender_text) or words.GENDER.get(gender_text.replace(" ", ""))
        if id_gender:
            if gender != id_gender:
                warn(f"性别“{gender_text}”与身份证号不符，已按身份证号记为{id_gender}")
        elif gender:
            values["gender"] = gender
        else:
            warn(f"性别“{gender_text}”无法识别，未导入")

    def _birth_date(
        self, birth_text: str | None, cell: Any, id_birth: dt.date | None, values: dict[str, Any], warn: Warn
    ) -> None:
        if not birth_text:
            return
        try:
            birth = self.date(cell, True)
        except DateError:
            birth = None
            if not id_birth:
                warn(f"出生日期“{birth_text}”无法识别，未导入")
        if birth and id_birth:
            if birth != id_birth and not (
                birth.day == 1 and birth.year == id_birth.year and birth.month == id_birth.month
            ):  # 出生年月 holds only the month
                warn(f"出生日期“{birth_text}”与身份证号不符，已按身份证号记为{id_birth.isoformat()}")
        elif birth:
            if birth > self.today:
                warn(f"出生日期 {birth.isoformat()} 晚于今天，未导入")
            else:
                values["birth_date"] = birth

    def _full_date(
        self, full_text: str | None, cell: Any, join: dt.date | None, values: dict[str, Any], warn: Warn
    ) -> None:
        if not full_text:
            return
        try:
            full = self.date(cell)
        except DateError:
            warn(f"转正日期“{full_text}”无法识别，未导入")
            return
        if full and full > self.today:
            warn(f"转正日期 {full.isoformat()} 晚于今天，未导入")
            return
        if full:
            if join and full <= join:
                warn("转正日期不晚于入党日期，请核对")
            values["full_date"] = full

    def _category(
        self, category_text: str | None, join: dt.date | None, values: dict[str, Any], warn: Warn
    ) -> None:
        if not category_text:
            return
        raw = category_text.replace(" ", "")
        category = words.CATEGORY.get(raw)
        if raw == words.PLAIN_MEMBER:
            # 党员 says only "a member": 正式党员 unless the dates say the probation is not over
            if "full_date" not in values and join and join > self.today - dt.timedelta(days=366):
                category = PROBATIONARY
                warn(f"人员类别“{raw}”：入党不满一年且没有转正日期，已记为预备党员，请核对")
            else:
                category = FULL
        if category is None:
            warn(f"人员类别“{category_text}”无法识别，应为正式党员或预备党员，未导入此项，请核对")
            return
        if category == PROBATIONARY and "full_date" in values:
            warn("已填写转正日期却标为预备党员，请核对")
        values["category"] = category

    def _phone(self, phone: str | None, values: dict[str, Any], warn: Warn) -> None:
        if not phone:
            return
        if not _PLAIN_MOBILE.match(phone):
            if has_foreign_digits(phone):
                raise Reject("联系电话中有不是 0-9 的数字字符（如 ①、²），请改为普通数字")
            phone = normalize_phone(phone)
            problem = phone_problem(phone)
            if problem:
                warn(f"联系电话“{phone}”：{problem}（已照原样导入）")
        values["phone"] = phone

    def _flag(self, key: str, cell: str | None, values: dict[str, Any]) -> None:
        if not cell:
            # a 是/blank column: blank is 否, so clearing 是 in the workbook clears the flag
            values[key] = False
            return
        flag = cell.replace(" ", "").upper()
        if flag in words.FALSE_WORDS:
            values[key] = False
            return
        values[key] = True
        if flag not in words.TRUE_WORDS and key == "is_mobile" and "mobile_destination" not in values:
            values["mobile_destination"] = cell  # the column holds where they went

    def _simple(self, key: str, cell: str, warn: Warn) -> Any:
        memo = self._memo[key]
        found = memo.get(cell)
        if found is None:
            found = memo[cell] = simple_value(key, cell)
        value, problem = found
        if problem:
            warn(problem)
        return value
