"""光荣在党50年 and what the window shows on opening (the reminder).

党龄 for the medal counts from 转正日期 (the Party Constitution: 党龄从预备期满转为正式党员之日算起),
whatever the birthday setting says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.birthdays.window import (
    MAX_WINDOW_DAYS,
    MEDAL_YEARS,
    REMINDER_DAYS,
    BirthdayRow,
    MissingDateRow,
    anniversary,
    missing_join_date,
    political_birthdays,
)
from dangjian_desktop.core.models import Category, Member, MemberStatus


@dataclass(frozen=True, slots=True)
class MedalRow:
    """A member whose 党龄 reaches 50 years in `year`: the branch applies for the medal before 七一."""

    member_id: int
    name: str
    party_group: str
    join_date: dt.date | None
    full_date: dt.date  # 转正日期, or 入党日期 + 1 year when the roster lacks it (estimated)
    estimated: bool
    year: int
    reach_date: dt.date

    @property
    def by_july_first(self) -> bool:
        return self.reach_date <= dt.date(self.year, 7, 1)


@dataclass(frozen=True)
class Reminder:
    """What the window shows on opening."""

    today: dt.date
    days: int
    today_rows: list[BirthdayRow]
    upcoming: list[BirthdayRow]  # after today, within `days`
    medal: list[MedalRow]
    missing_dates: list[MissingDateRow]

    @property
    def milestones(self) -> list[BirthdayRow]:
        return [r for r in self.today_rows + self.upcoming if r.milestone]

    @property
    def is_empty(self) -> bool:
        return not (self.today_rows or self.upcoming or self.medal)


def medal_candidates(
    session: Session, years: Iterable[int], *, branch_id: int | None = None
) -> list[MedalRow]:
    """光荣在党50年: living members on the roster whose 党龄 (from 转正日期) reaches 50 in each year."""
    years = sorted(set(years))
    if not years:
        return []
    # 转正日期 in year-50; a 正式党员 whose roster lacks it is estimated from 入党日期 + 1 year.
    lo, hi = years[0] - MEDAL_YEARS, years[-1] - MEDAL_YEARS
    known = Member.full_date.between(dt.date(lo, 1, 1), dt.date(hi, 12, 31))
    estimated = and_(
        Member.full_date.is_(None),
        Member.category == Category.FULL.value,
        Member.join_date.between(dt.date(lo - 1, 1, 1), dt.date(hi - 1, 12, 31)),
    )
    query = select(
        Member.id, Member.name, Member.party_group, Member.join_date, Member.full_date, Member.branch_id
    ).where(or_(known, estimated), Member.status == MemberStatus.ACTIVE.value)
    wanted = set(years)
    rows = []
    for member_id, name, group, join, full, member_branch in session.connection().execute(query):
        if branch_id is not None and member_branch != branch_id:
            continue  # not in SQL: see political_birthdays()
        basis = full if full is not None else anniversary(join, join.year + 1)
        reach = anniversary(basis, basis.year + MEDAL_YEARS)
        if reach.year in wanted:
            rows.append(MedalRow(member_id, name, group, join, basis, full is None, reach.year, reach))
    rows.sort(key=lambda r: (r.reach_date, r.name))
    return rows


def reminder(
    session: Session, today: dt.date, *, branch_id: int | None = None, days: int | None = None
) -> Reminder:
    days = settings.get(session, REMINDER_DAYS) if days is None else days
    days = min(max(days, 0), MAX_WINDOW_DAYS)
    rows = political_birthdays(session, today, days, branch_id=branch_id)
    return Reminder(
        today=today,
        days=days,
        today_rows=[r for r in rows if r.date == today],
        upcoming=[r for r in rows if r.date > today],
        medal=medal_candidates(session, (today.year, today.year + 1), branch_id=branch_id),
        missing_dates=missing_join_date(session, branch_id=branch_id),
    )


def branch_reminder(session: Session, today: dt.date) -> Reminder:
    """The reminder for this database's branch (every member when there is none: a township)."""
    from dangjian_desktop.core.branch import current_branch

    branch = current_branch(session)
    return reminder(session, today, branch_id=branch.id if branch else None)
