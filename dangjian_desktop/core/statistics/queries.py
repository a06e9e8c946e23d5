"""The SQL of the year-end statistics: few scans of the member table, grouped so that 200,000 members
come back as a few thousand groups.

Portable SQLAlchemy only (CASE, IN (subquery), date comparisons with bound dates): the same statements
run on SQLite and PostgreSQL. On 12月31日 every birthday and anniversary of the year has passed (a
2月29日 one is kept on 2月28日), so "age at most 30" is "born in (year - 30) or later" and "党龄 at least
5" is "转正 in (year - 5) or earlier": the bands are date comparisons, not date arithmetic.

Who is on the roster on 12月31日 is the rule the meetings use for 应到 (core/meetings/attendance.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, func, or_, select, true
from sqlalchemy.orm import Session

from dangjian_desktop.core.develop.rules import ASSEMBLY
from dangjian_desktop.core.meetings.attendance import on_roster as on_roster_clause
from dangjian_desktop.core.models import (
    LEFT_STATUSES,
    Branch,
    Category,
    DevelopPerson,
    DevelopStep,
    Member,
    MemberStatus,
    MobileTrip,
)

ACTIVE, FULL = MemberStatus.ACTIVE.value, Category.FULL.value
# codes of the 党龄 column: a band index, or one of these
NO_DATES_CODE, ESTIMATED = -1, 100  # ESTIMATED + index: from 入党日期 + 1 year
# codes of the 本年发展 column
NEW_RECORDED, NEW_BY_DATE, EARLIER, NO_JOIN_DATE = 3, 1, 2, 0
LEFT_OTHER_CODE = len(LEFT_STATUSES) + 1  # Year.state_code() of a leaver whose status is none of those


class Year:
    """The statistics year and the SQL expressions that depend on it."""

    def __init__(self, year: int, branch_id: int | None) -> None:
        self.year, self.branch_id = year, branch_id
        self.start, self.end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        self.on_roster = and_(*on_roster_clause(self.end))
        self.left_in_year = and_(
            Member.status != ACTIVE,
            Member.left_date >= self.start,
            Member.left_date <= self.end,
            or_(Member.join_date.is_(None), Member.join_date <= self.end),
        )

    def scope(self):  # noqa: ANN201 - a SQLAlchemy clause
        if self.branch_id is None:
            return true()
        return Member.branch_id == self.branch_id

    # --- the columns --------------------------------------------------------------------------------
    def state_code(self):  # noqa: ANN201
        """Among the rows on the roster or gone this year (the WHERE of the queries), one that left by
        12月31日 is a leaver: 1 + the index of their status in LEFT_STATUSES, or LEFT_OTHER_CODE for a
        status not among them; every other row is on the roster: 0."""
        left = [(Member.status == status, i + 1) for i, status in enumerate(LEFT_STATUSES)]
        return case((Member.left_date <= self.end, case(*left, else_=LEFT_OTHER_CODE)), else_=0)

    def probationary(self):  # noqa: ANN201
        """预备党员 on 12月31日 (a leaver: on the day they left), by the dates where the roster has them,
        as the meetings count a vote."""
        return case(
            (Member.full_date.is_(None), Member.category != FULL),
            (Member.left_date <= self.end, Member.full_date > Member.left_date),
            else_=Member.full_date > self.end,
        )

    def age_band(self, edges: Sequence[int]):  # noqa: ANN201
        """The index of the age band (edges[i] closes band i), -1 without a birth date."""
        whens: list[tuple[Any, int]] = [(Member.birth_date.is_(None), -1)]
        whens += [(Member.birth_date >= dt.date(self.year - e, 1, 1), i) for i, e in enumerate(edges)]
        return case(*whens, else_=len(edges))

    def _reached(self, column, edges: Sequence[int], shift: int):  # noqa: ANN001, ANN202
        """How many edges a 党龄 counted from `column` (+ shift years) has reached on 12月31日."""
        whens = [
            (column <= dt.date(self.year - e - shift, 12, 31), i + 1)
            for i, e in reversed(list(enumerate(edges)))
        ]
        return case(*whens, else_=0)

    def party_age_band(self, edges: Sequence[int]):  # noqa: ANN201
        """The 党龄 band index of a 正式党员 (a 预备党员's is not read: the probationary column decides)."""
        return case(
            (Member.full_date.is_not(None), self._reached(Member.full_date, edges, 0)),
            # 正式党员 without 转正日期: 入党日期 + 1 year, as the 光荣在党50年 list estimates it
            (Member.join_date.is_not(None), ESTIMATED + self._reached(Member.join_date, edges, 1)),
            else_=NO_DATES_CODE,
        )

    def new_member(self):  # noqa: ANN201
        """From the 发展党员 records (the 支部大会 that passed) where a member has them, else 入党日期."""
        admitted = (
            select(DevelopPerson.member_id)
            .join(DevelopStep, DevelopStep.person_id == DevelopPerson.id)
            .where(
                DevelopPerson.member_id.is_not(None),
                DevelopStep.step == ASSEMBLY,
                DevelopStep.passed.is_(True),
            )
        )
        this_year = admitted.where(DevelopStep.date >= self.start, DevelopStep.date <= self.end)
        return case(
            (Member.id.in_(this_year), NEW_RECORDED),
            (Member.id.in_(admitted), EARLIER),
            (Member.join_date.is_(None), NO_JOIN_DATE),
            (Member.join_date >= self.start, NEW_BY_DATE),
            else_=EARLIER,
        )

    def away(self):  # noqa: ANN201
        """流动: away on 12月31日 by the trip records where a member has any, else the roster's flag."""
        away = select(MobileTrip.member_id).where(
            MobileTrip.left_date <= self.end,
            or_(MobileTrip.returned_date.is_(None), MobileTrip.returned_date > self.end),
        )
        return case(
            (Member.id.in_(select(MobileTrip.member_id)), Member.id.in_(away)),
            else_=Member.is_mobile,
        )


class _Codes:
    """Age band, 党龄 code, 本年发展 code and the away, probationary and lost flags as one integer: each a
    digit of its own base (a band or code shifted to start at 0, a flag 0 or 1)."""

    def __init__(self, age_edges: Sequence[int], party_edges: Sequence[int]) -> None:
        self.age_edges, self.party_edges = age_edges, party_edges
        # age: -1 .. len(edges); 党龄: NO_DATES_CODE, 0 .. len(edges), ESTIMATED + 0 .. len(edges)
        self.bases = (len(age_edges) + 2, ESTIMATED + len(party_edges) + 2, NEW_RECORDED + 1, 2, 2, 2)

    def packed(self, y: Year):  # noqa: ANN201 - a SQL expression
        flag = _flag
        digits = (
            y.age_band(self.age_edges) + 1,
            y.party_age_band(self.party_edges) - NO_DATES_CODE,
            y.new_member(),
            flag(y.away()),
            flag(y.probationary()),
            flag(Member.is_lost_contact),
        )
        value: Any = digits[0]
        for base, digit in zip(self.bases[1:], digits[1:], strict=True):
            value = value * base + digit
        return value

    def unpack(self, value: int) -> tuple[int, int, int, int, int, int]:
        digits = []
        for base in reversed(self.bases[1:]):
            value, digit = divmod(value, base)
            digits.append(digit)
        lost, probationary, away, new, standing = digits
        return value - 1, standing + NO_DATES_CODE, new, away, probationary, lost


def _flag(condition: Any):  # noqa: ANN202 - 1 or 0; NULL counts as false, as a Python test reads it
    return case((condition, 1), else_=0)


# --- the year-end tables read in two statements (gather.py) ------------------------------------------
#
# One statement crossing every dimension would sort a county's rows by five strings besides the codes
# (on SQLite most of the statistics' time). Each table needs only one dimension beside the columns 女,
# 少数民族 and 预备党员, so two statements do: by_words() groups by the four words in the order of the
# index ix_member_statistics (no sort on SQLite), by_codes() by one integer (_Codes' digits and the 女,
# 少数民族 and state digits). tests/core/test_statistics_split.py holds them equal to the crossed groups
# summed (the crossed statement is kept there, as the tests' reference).


def by_words(session: Session, y: Year) -> list[tuple]:
    """(gender, ethnicity, education, job, on the roster, of them 预备党员) of the roster and the year's
    leavers: the leavers are grouped too (with 0 on the roster), so the words their genders and
    ethnicities are written in are among those by_codes() is given."""
    keys = (Member.gender, Member.ethnicity, Member.education, Member.job)
    gone = Member.left_date <= y.end  # among these rows, a leaver (as state_code() tells them)
    query = (
        select(
            *keys,
            func.count(case((gone, None), else_=1)),
            func.count(case((gone, None), (y.probationary(), 1))),
        )
        .where(y.scope(), or_(y.on_roster, y.left_in_year))
        .group_by(*keys)
    )
    return [tuple(row) for row in session.execute(query)]


def by_codes(
    session: Session,
    y: Year,
    age_edges: Sequence[int],
    party_edges: Sequence[int],
    women: Sequence[str],
    minorities: Sequence[str],
) -> list[tuple]:
    """(state code, 女, 少数民族, 预备, age band, 党龄 code, 本年发展 code, away, lost, count) of the roster
    and the year's leavers, grouped by one integer. women and minorities: the genders and ethnicities, as
    stored, that categories.py reads as 女 and 少数民族 (the words by_words() found), so the columns
    agree with the tables of the words to the member."""
    codes = _Codes(age_edges, party_edges)
    states = LEFT_OTHER_CODE + 1
    woman, minority = _flag(Member.gender.in_(women)), _flag(Member.ethnicity.in_(minorities))
    key = ((codes.packed(y) * 2 + woman) * 2 + minority) * states + y.state_code()
    query = select(key, func.count()).where(y.scope(), or_(y.on_roster, y.left_in_year)).group_by(key)
    found = []
    for packed, n in session.execute(query):
        rest, state = divmod(int(packed), states)
        rest, minority = divmod(rest, 2)
        rest, woman = divmod(rest, 2)
        age, standing, new, away, probationary, lost = codes.unpack(rest)
        found.append((state, woman, minority, probationary, age, standing, new, away, lost, n))
    return found


def per_branch(session: Session, y: Year, women: Sequence[str], minorities: Sequence[str]) -> list[tuple]:
    """(branch id, count, 女, 少数民族, 预备党员) of the roster: grouped by the indexed branch_id alone, so
    SQLite reads the members in branch order from the index ix_member_branch_group alone instead of
    sorting them. 女 and 少数民族: the stored words categories.py reads so (as by_codes() is given)."""

    def how_many(condition: Any):  # noqa: ANN202
        return func.sum(_flag(condition))

    query = (
        select(
            Member.branch_id,
            func.count(),
            how_many(Member.gender.in_(women)),
            how_many(Member.ethnicity.in_(minorities)),
            how_many(y.probationary()),
        )
        .where(y.scope(), y.on_roster)
        .group_by(Member.branch_id)
    )
    return [tuple(int(v or 0) for v in row) for row in session.execute(query)]


def counted(session: Session, y: Year) -> tuple[int, int]:
    """The roster on 12月31日 and the year's leavers, counted apart from the tables (one scan)."""
    one = case((y.on_roster, 1), else_=0)
    gone = case((y.left_in_year, 1), else_=0)
    roster, left = session.execute(select(func.sum(one), func.sum(gone)).where(y.scope())).one()
    return int(roster or 0), int(left or 0)


def branches(session: Session) -> dict[int, tuple[str, str]]:
    """Every branch: (name, township)."""
    rows = session.execute(select(Branch.id, Branch.name, Branch.township))
    return {bid: (name, (town or "").strip()) for bid, name, town in rows}
