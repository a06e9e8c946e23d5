"""Meetings, fourth part: what the mutation run of issue 21 found untested (tests/MUTANTS.md,
core/meetings/). A start time written wrong beside a right end time is one error, not two: a time that
cannot be read is left out of the comparison of the two. The township's count of missed periods
(`missing_per_branch`) for a 党小组 whose only member is 在册 but has a 离开日期 (attendance.on_roster
reads the 离开日期 whatever the status): there until that day, as the branch's own calendar
(compliance()) says."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.meetings.compliance import missing_per_branch
from dangjian_desktop.core.models import Member, MemberStatus
from tests.core.test_meetings_edges2 import _group_firsts

D = dt.date
TODAY = D(2025, 6, 15)  # before the machine's date: a meeting on TODAY + 1 is in the future here only
MEETING_DAY = D(2025, 6, 10)
START_WRONG = "开始时间应写成 09:30 这样的时:分"
END_WRONG = "结束时间应写成 09:30 这样的时:分"


def _errors(db: Database, branch_id: int, **draft: object) -> list[str]:
    with db.reading() as s:
        draft = {"kind": m.THEME_DAY, "date": MEETING_DAY, **draft}
        return m.check_meeting(s, branch_id, m.MeetingDraft(**draft), today=TODAY).errors  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        # an unreadable start is no start: "10:00" and "00:00" are not compared with anything, so
        # "结束时间应晚于开始时间" is not added
        ("24:00", "10:00", [START_WRONG]),
        ("9点", "00:00", [START_WRONG]),
        ("09:00", "25:00", [END_WRONG]),
        ("24:00", "9:60", [START_WRONG, END_WRONG]),
    ],
)
def test_a_time_written_wrong_is_one_error_and_not_compared(
    db: Database, branch_id: int, start: str, end: str, errors: list[str]
) -> None:
    assert _errors(db, branch_id, start_time=start, end_time=end) == errors


# --- the township's count ---------------------------------------------------------------------------


def test_a_group_whose_only_member_is_on_the_roster_with_a_leaving_day(db: Database, branch_id: int) -> None:
    """在册 with a 离开日期 of 15 March: on the roster until then (attendance.on_roster), so the group owes
    January and February and nothing from March on; not a member staying all year."""
    with db.transaction() as s:
        s.add(
            Member(
                branch_id=branch_id,
                name="甲",
                party_group="第一党小组",
                join_date=D(2000, 7, 1),
                birth_date=D(1970, 5, 5),
                status=MemberStatus.ACTIVE.value,  # 在册
                left_date=D(2026, 3, 15),
            )
        )
    firsts = _group_firsts(db)
    with db.reading() as s:
        comp = m.compliance(s, branch_id, 2026, today=D(2026, 7, 1))
        got = missing_per_branch(s, 2026, today=D(2026, 7, 1), group_firsts=firsts)
    assert [r.period for r in comp.missing if r.kind == m.GROUP] == ["2026-01", "2026-02"]
    assert got == {branch_id: len(comp.missing)}
