"""Meetings, third part: the township's count of missed periods (`missing_per_branch`) for a 党小组 that
alone decides what its branch owes: one whose only member has no 入党日期 and left in May (there from the
year's start until that day), one whose only member has no 入党日期 and stays (there from January on),
one whose only member joined on the last day judged. Each is counted at the township as in the
branch's own calendar (compliance()); in a branch with other short groups such a slip hides behind them."""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.meetings.compliance import missing_per_branch
from dangjian_desktop.core.models import Member
from tests.conftest import add_branch
from tests.core.test_meetings_edges2 import _group_firsts

D = dt.date


def test_a_group_whose_only_member_is_undated_and_left_in_may(db: Database, branch_id: int) -> None:
    with db.transaction() as s:
        s.add(
            Member(
                branch_id=branch_id,
                name="甲",
                party_group="第一党小组",
                join_date=None,
                birth_date=D(1970, 5, 5),
                status="转出",
                left_date=D(2026, 5, 15),
            )
        )
    firsts = _group_firsts(db)
    with db.reading() as s:
        comp = m.compliance(s, branch_id, 2026, today=D(2026, 7, 1))
        got = missing_per_branch(s, 2026, today=D(2026, 7, 1), group_firsts=firsts)
    group_missed = [r.period for r in comp.missing if r.kind == m.GROUP]
    assert group_missed == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert got == {branch_id: len(comp.missing)}


def test_a_group_decides_alone_from_its_first_day_judged_and_from_its_last(
    db: Database, branch_id: int
) -> None:
    """Three branches of one group each and no meeting: in one the group's only member has no 入党日期
    (there from January on), in another its only member joined on 30 June and left in September (there on
    the last day judged on 1 July), in the third one member left on 1 April and the other joined on 31 May
    (there January to March and May to June, not on 30 April). No other group hides what each owes."""
    other_id, third_id = add_branch(db), add_branch(db, "三村党支部")
    with db.transaction() as s:
        s.add_all(
            [
                Member(branch_id=branch_id, name="甲", party_group="第一党小组", join_date=None),
                Member(
                    branch_id=other_id,
                    name="乙",
                    party_group="第一党小组",
                    join_date=D(2026, 6, 30),
                    status="转出",
                    left_date=D(2026, 9, 15),
                ),
                Member(
                    branch_id=third_id,
                    name="丙",
                    party_group="第一党小组",
                    join_date=D(2001, 7, 1),
                    status="转出",
                    left_date=D(2026, 4, 1),
                ),
                Member(branch_id=third_id, name="丁", party_group="第一党小组", join_date=D(2026, 5, 31)),
            ]
        )
    firsts = _group_firsts(db)
    with db.reading() as s:
        got = missing_per_branch(s, 2026, today=D(2026, 7, 1), group_firsts=firsts)
        mine = m.compliance(s, branch_id, 2026, today=D(2026, 7, 1))
        theirs = m.compliance(s, other_id, 2026, today=D(2026, 7, 1))
        split = m.compliance(s, third_id, 2026, today=D(2026, 7, 1))
    assert [r.period for r in mine.missing if r.kind == m.GROUP] == [f"2026-{n:02d}" for n in range(1, 7)]
    assert [r.period for r in theirs.missing if r.kind == m.GROUP] == ["2026-06"]
    assert [r.period for r in split.missing if r.kind == m.GROUP] == [f"2026-0{n}" for n in (1, 2, 3, 5, 6)]
    assert got == {branch_id: len(mine.missing), other_id: len(theirs.missing), third_id: len(split.missing)}
