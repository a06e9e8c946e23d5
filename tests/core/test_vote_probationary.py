"""A 党员大会 vote where 预备党员 attend: they have no vote, so they are neither in 应到 nor among the
voters who make the quorum; a member whose 转正 date is the meeting day votes, one 转正 the day after
does not. Issue 21: the case was untried."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.develop.queries import entitled_on
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member

DAY = dt.date(2025, 6, 10)
TODAY = dt.date(2026, 2, 1)


def _add(session, branch_id: int, name: str, full: str | None, category: str = "正式党员") -> int:
    join = "2024-06-11" if name.startswith("预备") else "2009-01-01"
    return add_member(
        session, branch_id, MemberDraft(name=name, join_date=join, full_date=full or "", category=category)
    )


@pytest.fixture
def roster(db: Database, branch_id: int) -> dict[str, int]:
    """4 正式党员 and 2 预备党员 (one of them with no 转正 date, one 转正 the day after the meeting)."""
    with db.transaction() as s:
        ids = {f"正式{n}": _add(s, branch_id, f"正式{n}", "2010-01-01") for n in range(1, 5)}
        ids["预备甲"] = _add(s, branch_id, "预备甲", None, "预备党员")
        # 正式 today, but on the meeting day still 预备
        ids["预备乙"] = _add(s, branch_id, "预备乙", (DAY + dt.timedelta(days=1)).isoformat())
    return ids


def _warnings(db: Database, branch_id: int, present: list[int], absent: list[int]) -> list[str]:
    draft = m.MeetingDraft(
        kind=m.GENERAL_ASSEMBLY,
        date=DAY.isoformat(),
        has_vote=True,
        present_ids=present,
        absent={i: "事假" for i in absent},
    )
    with db.reading() as s:
        check = m.check_meeting(s, branch_id, draft, today=TODAY)
    assert check.ok, check.errors
    return check.warnings


@pytest.mark.parametrize(("full_present", "warned"), [(1, True), (2, True), (3, False)])
def test_probationary_members_who_attend_do_not_make_the_quorum(
    db, branch_id, roster, full_present, warned
) -> None:
    """应到 4 (the 正式党员); 2 of 4 is exactly half: warned, though with the two 预备党员 present 4 of
    6 people came. Fails on voters taken as everyone expected (planted in meetings/record.py: no
    warning at 2; red, reverted)."""
    full = [roster[f"正式{n}"] for n in range(1, 5)]
    present = full[:full_present] + [roster["预备甲"], roster["预备乙"]]
    warnings = _warnings(db, branch_id, present, full[full_present:])
    assert bool(warnings) is warned
    if warned:
        assert f"应到 4 人，实到 {full_present} 人" in warnings[0]


def test_the_full_date_on_the_meeting_day_gives_a_vote(db, branch_id, roster) -> None:
    """转正 on the day: votes; the day after: not yet. Fails on `full < day` (planted in
    meetings/attendance.py; 应到 3 on the day; red, reverted)."""
    with db.transaction() as s:
        s.get(Member, roster["预备乙"]).full_date = DAY
    with db.reading() as s:
        assert entitled_on(s, branch_id, DAY) == 5
        assert entitled_on(s, branch_id, DAY - dt.timedelta(days=1)) == 4
        people = {p.name: p.can_vote for p in m.roster_on(s, branch_id, DAY)}
    assert people["预备乙"] is True and people["预备甲"] is False


def test_develop_vote_counts_only_full_members_as_entitled(db, branch_id, roster) -> None:
    """The 支部大会 on admission reads 应到 from the same roster: 4, not 6. Fails on 应到 counted
    as everyone on the roster (planted in develop/queries.py; red, reverted)."""
    with db.reading() as s:
        assert entitled_on(s, branch_id, DAY) == 4
