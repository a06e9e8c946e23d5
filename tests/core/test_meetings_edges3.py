"""Meetings, third part: the township's count of missed periods for a 党小组 whose only member has no
入党日期 and left in May. The group existed from the year's start until that day, so its 党小组会 of
January to April are missed, at the township as in the branch's own calendar; reading its leaver only
when the 入党日期 is set would lose the group altogether."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.meetings.compliance import group_columns, missing_per_branch
from dangjian_desktop.core.models import Member

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
    with db.reading() as s:
        query = (
            select(Member.branch_id, Member.party_group, *group_columns())
            .where(Member.party_group != "")
            .group_by(Member.branch_id, Member.party_group)
        )
        firsts = {(b, g): (undated, first) for b, g, undated, first in s.execute(query)}
        comp = m.compliance(s, branch_id, 2026, today=D(2026, 7, 1))
        got = missing_per_branch(s, 2026, today=D(2026, 7, 1), group_firsts=firsts)
    group_missed = [r.period for r in comp.missing if r.kind == m.GROUP]
    assert group_missed == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert got == {branch_id: len(comp.missing)}
