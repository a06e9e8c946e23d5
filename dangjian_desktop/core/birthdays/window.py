"""Who has a political birthday when: the dates, the reminder window, the queries.

The anniversary is a range query on `member.join_md` ("MM-DD" of 入党日期, indexed, kept by core/roster),
so a reminder over 50,000 members reads only the few thousand rows in the window.

Rules (DOMAIN.md, "Political birthday"):
- the date is the anniversary of 入党日期 (setting: of 转正日期 instead, falling back to 入党日期 for a
  预备党员, who has none yet but still has a political birthday);
- a 2月29日 date is kept on 2月28日 in other years, and `years` counts it as a full anniversary there;
- only members on the roster (在册) get one; members without a 入党日期 are listed apart (缺入党日期).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, null, or_, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.db_dates import day_of, month_of
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import Member, MemberStatus
from dangjian_desktop.core.settings import catalogue

# The six fixed items of 高密's "6+X" practice, in the order the record book lists them.
SIX_ITEMS: tuple[str, ...] = (
    "建立户口簿记录",
    "谈心谈话",
    "重温入党誓词",
    "重读入党志愿书",
    "赠送生日礼物",
    "提出意见建议",
)
MILESTONES: tuple[int, ...] = (10, 20, 30, 40, 50)
MEDAL_YEARS = 50
MAX_WINDOW_DAYS = 365
# This feature's settings, declared in the settings catalogue.
REMINDER_DAYS = catalogue.BIRTHDAY_REMINDER_DAYS
COUNT_FROM_FULL_DATE = catalogue.BIRTHDAY_COUNT_FROM_FULL_DATE
X_ITEMS = catalogue.BIRTHDAY_X_ITEMS
CARD_MESSAGE = catalogue.BIRTHDAY_CARD_MESSAGE
CARDS_PER_PAGE = catalogue.BIRTHDAY_CARDS_PER_PAGE
DEFAULT_MESSAGE = CARD_MESSAGE.default
EMBLEM_IMAGE = catalogue.BIRTHDAY_EMBLEM_IMAGE


class BirthdayError(UserError):
    """The message is Chinese and shown to the user as it is."""


class BirthdayRow(NamedTuple):
    """One member's political birthday inside a window (a tuple: a window may hold thousands)."""

    member_id: int
    name: str
    party_group: str
    category: str
    join_date: dt.date  # 入党日期, as stored
    basis_date: dt.date  # what the anniversary counts from (入党日期, or 转正日期 by the setting)
    date: dt.date  # the anniversary in the window
    years: int

    @property
    def milestone(self) -> int | None:
        return self.years if self.years in MILESTONES else None

    def as_json(self) -> dict[str, object]:
        return {
            "member_id": self.member_id,
            "name": self.name,
            "join_date": self.join_date.isoformat(),
            "date": self.date.isoformat(),
            "years": self.years,
        }


@dataclass(frozen=True, slots=True)
class MissingDateRow:
    member_id: int
    name: str
    party_group: str
    category: str


# --- dates ------------------------------------------------------------------------------------------


def anniversary(basis: dt.date, year: int) -> dt.date:
    """The political birthday in `year`: 2月29日 falls on 2月28日 in other years."""
    if basis.month == 2 and basis.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return basis.replace(year=year)


def _md(day: dt.date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def _segments(start: dt.date, end: dt.date) -> list[tuple[int, str, str]]:
    """The window cut at each new year into (year, first MM-DD, last MM-DD)."""
    segments = []
    for year in range(start.year, end.year + 1):
        lo = start if year == start.year else dt.date(year, 1, 1)
        hi = end if year == end.year else dt.date(year, 12, 31)
        last = _md(hi)
        if not calendar.isleap(year) and lo <= dt.date(year, 2, 28) <= hi:
            last = max(last, "02-29")  # a 2月29日 member is remembered on 2月28日 this year
        segments.append((year, _md(lo), last))
    return segments


def check_days(days: int) -> int:
    if not 0 <= days <= MAX_WINDOW_DAYS:
        raise BirthdayError(f"提醒天数应在 0 到 {MAX_WINDOW_DAYS} 之间，这里是 {days}")
    return days


# --- queries ----------------------------------------------------------------------------------------


def count_from_full_date(session: Session) -> bool:
    return settings.get(session, COUNT_FROM_FULL_DATE)


def political_birthdays(
    session: Session,
    start: dt.date,
    days: int,
    *,
    branch_id: int | None = None,
    from_full_date: bool | None = None,
) -> list[BirthdayRow]:
    """Members on the roster whose political birthday falls in [start, start + days], by date then name.

    Each member appears at most once: a 366-day window that meets the same day twice keeps the first.
    """
    rows = _birthdays_with_branch(session, start, days, from_full_date)
    return [
        BirthdayRow(*row) for row, member_branch in rows if branch_id is None or member_branch == branch_id
    ]


def birthdays_per_branch(session: Session, start: dt.date, days: int) -> dict[int, int]:
    """How many political birthdays fall in [start, start + days] in each branch (the township view):
    political_birthdays() of every branch, counted, from one reading of the window."""
    rows = _birthdays_with_branch(session, start, days, None, counting=True)
    return dict(Counter(branch for _row, branch in rows))


def _birthdays_with_branch(
    session: Session, start: dt.date, days: int, from_full_date: bool | None, *, counting: bool = False
) -> list[tuple[tuple, int]]:
    """Every branch's birthdays in the window, in the order political_birthdays() gives, with the branch:
    each a plain tuple of BirthdayRow's fields (made a BirthdayRow only for the branch asked for).

    counting: only who has one is wanted (a county's window holds tens of thousands), so the rows are
    neither sorted nor given their names; each member still counts once, whichever day comes first."""
    check_days(days)
    if from_full_date is None:
        from_full_date = count_from_full_date(session)
    end = start + dt.timedelta(days=days)
    columns = (
        Member.id,
        *((null(), null(), null()) if counting else (Member.name, Member.party_group, Member.category)),
        Member.join_date,
        # 转正日期 only when it is the basis: one date fewer to read per row otherwise
        Member.full_date if from_full_date else null(),
        Member.branch_id,
    )
    segments = _segments(start, end)
    if from_full_date:
        # No MM-DD column for 转正日期: the database computes it, in one scan for all segments.
        basis = func.coalesce(Member.full_date, Member.join_date)
        md = month_of(basis) * 100 + day_of(basis)
        where = or_(
            *(md.between(int(f.replace("-", "")), int(la.replace("-", ""))) for _y, f, la in segments)
        )
        queries = [(md, where, segments)]
    else:
        # one indexed range per calendar year of the window
        queries = [(Member.join_md, Member.join_md.between(f, la), [(y, f, la)]) for y, f, la in segments]
    rows: list[tuple[tuple, int]] = []
    seen: set[int] = set()
    dates: dict[tuple[int, int, int], dt.date] = {}  # one anniversary per calendar day, not per member
    for order, where, parts in queries:
        # branch_id is filtered by the caller, not in SQL: without ANALYZE statistics SQLite would pick
        # the branch index, which matches everyone, over the selective join_md range (whose index
        # holds the other columns read here: a count over a county's window reads no table row).
        query = select(*columns).where(where, Member.status == MemberStatus.ACTIVE.value)
        if not counting:
            query = query.order_by(order, Member.party_group, Member.name, Member.id)
        # Core execution, not ORM: plain tuples, no identity map, for the few thousand rows of a window.
        result = session.connection().execute(query).all()  # one fetchall, not a fetch per row
        for member_id, name, group, category, join, full, member_branch in result:
            if join is None or member_id in seen:
                continue
            basis_date = (full or join) if from_full_date else join
            month_day = f"{basis_date.month:02d}-{basis_date.day:02d}" if len(parts) > 1 else None
            for year, first, last in parts:
                if month_day is not None and not first <= month_day <= last:
                    continue
                key = (year, basis_date.month, basis_date.day)
                date = dates.get(key)
                if date is None:
                    date = dates[key] = anniversary(basis_date, year)
                years = year - basis_date.year
                if years < 1 or not start <= date <= end:
                    continue  # the day itself is joining, not a birthday
                seen.add(member_id)
                rows.append(
                    ((member_id, name, group, category, join, basis_date, date, years), member_branch)
                )
                break
    # Already in day order but for 2月29日 moved to 2月28日; a stable sort on nearly sorted rows is cheap.
    if not counting:
        rows.sort(key=_by_date)
    return rows


def _by_date(row: tuple[tuple, int]) -> dt.date:
    return row[0][6]  # BirthdayRow.date


def birthdays_in_month(
    session: Session, year: int, month: int, *, branch_id: int | None = None
) -> list[BirthdayRow]:
    if not 1 <= month <= 12:
        raise BirthdayError(f"月份应为 1 到 12，这里是 {month}")
    if not 1900 <= year <= 2200:
        raise BirthdayError(f"年份 {year} 不对")
    first = dt.date(year, month, 1)
    return political_birthdays(session, first, calendar.monthrange(year, month)[1] - 1, branch_id=branch_id)


def missing_join_date(session: Session, *, branch_id: int | None = None) -> list[MissingDateRow]:
    """Members on the roster without a 入党日期: they get no reminder until the secretary fixes them."""
    # join_md is NULL exactly when join_date is, and indexed; branch_id is tested here, not in SQL,
    # for the same reason as in political_birthdays().
    query = select(Member.id, Member.name, Member.party_group, Member.category, Member.branch_id).where(
        Member.join_md.is_(None), Member.join_date.is_(None), Member.status == MemberStatus.ACTIVE.value
    )
    rows = [
        MissingDateRow(*row[:4])
        for row in session.connection().execute(query)
        if branch_id is None or row[4] == branch_id
    ]
    rows.sort(key=lambda r: (r.party_group, r.member_id))
    return rows
