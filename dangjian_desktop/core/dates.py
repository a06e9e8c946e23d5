"""Reading dates however they were typed, and showing them the Chinese way."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.text import clean_identifier as clean

_EXCEL_EPOCH = dt.date(1899, 12, 30)
# re.ASCII: only 0-9 are digits (full-width ones are made half-width first); ², ① or Arabic-Indic
# digits are no date
_YMD = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$", re.ASCII)
_YM = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$", re.ASCII)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$", re.ASCII)
_COMPACT_YM = re.compile(r"^(\d{4})(\d{2})$", re.ASCII)
_SERIAL = re.compile(r"^\d{4,5}(\.0+)?$", re.ASCII)


class DateError(UserError):
    """The message is Chinese and shown to the user as it is."""


def from_excel_serial(serial: float) -> dt.date:
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: object, *, allow_month: bool = False) -> dt.date | None:
    """A date from a cell or a field; None for an empty value; DateError when unreadable.

    With allow_month, '1985.03' and '1985年3月' give the first of that month (出生年月 columns hold
    only a month; the ID number gives the exact day).
    """
    if value is None:
        return None
    if type(value) is str and len(value) == 10 and value[4] == "-" == value[7] and value.isascii():
        # 1985-03-12, the commonest shape (and our own export's): 50,000 rows on an import
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # the general path words the error
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_number(float(value), allow_month)
    # ASCII text has nothing full-width for clean() to turn: strip() is all it would do
    text = value.strip() if type(value) is str and value.isascii() else clean(value)
    if not text:
        return None
    if len(text) > 10:
        text = text.replace("T00:00:00", "").replace(" 00:00:00", "")
    for pattern in (_YMD, _COMPACT):
        match = pattern.match(text)
        if match:
            return _make(*match.groups(), text=text)
    if _SERIAL.match(text):
        return _from_number(float(text), allow_month)
    if allow_month:
        for pattern in (_YM, _COMPACT_YM):
            match = pattern.match(text)
            if match:
                return _make(match.group(1), match.group(2), "1", text=text)
    raise DateError(f"无法识别的日期“{text}”，请写成 1985-03-12 或 1985年3月12日")


def _from_number(number: float, allow_month: bool) -> dt.date:
    if 19000101 <= number <= 21001231:
        return parse_date(str(int(number)), allow_month=allow_month)  # type: ignore[return-value]
    if allow_month and 1900 <= int(number) <= 2100 and number != int(number):
        # 1985.03 typed into a number cell arrives as 1985.03
        year, month = f"{number:.2f}".split(".")
        return _make(year, month, "1", text=str(number))
    if 1 <= number < 2958466:
        return from_excel_serial(number)
    raise DateError(f"无法识别的日期“{number}”")


def _make(year: str, month: str, day: str, *, text: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise DateError(f"日期“{text}”不存在，请核对年月日") from None


def format_cn(value: dt.date | None) -> str:
    """2026年11月22日, the way dates are written on Chinese documents."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier); where that month is shorter, its last day
    (1月31日 + 1月 = 2月28/29日, 8月31日 + 6月 = 2月28日)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day so many years later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date | None, day: dt.date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The last day of a period of `days` working days (Monday to Friday) that begins on `start`.

    Public holidays are not known offline; a branch that posts over a holiday sets a longer period.
    A period starting on a weekend begins on the next Monday.
    """
    day, counted = start, 0
    while True:
        if day.weekday() < 5:
            counted += 1
            if counted >= max(1, days):
                return day
        day += dt.timedelta(days=1)
