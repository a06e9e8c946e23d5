"""应到 on the meeting's date (one who left that day or before is not 应到), and the 启用月份 from which
the compliance calendar counts missed meetings."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core import settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

TODAY = dt.date(2026, 2, 1)
MEETING_DAY = dt.date(2025, 6, 15)


def _member(db: Database, branch_id: int, name: str) -> int:
    with db.transaction() as s:
        return add_member(
            s,
            branch_id,
            MemberDraft(name=name, join_date="2010-07-01", full_date="2011-07-01", party_group="第一党小组"),
        )


def _meeting(db: Database, branch_id: int, kind: str, day: str) -> m.SaveResult:
    with db.transaction() as s:
        return m.add_meeting(
            s, branch_id, m.MeetingDraft(kind=kind, date=day, record_attendance=False), today=TODAY
        )


@pytest.mark.parametrize(("left", "expected"), [(-1, False), (0, False), (1, True)])
def test_left_the_day_before_on_or_after_the_meeting(
    db: Database, branch_id: int, left: int, expected: bool
) -> None:
    staying = _member(db, branch_id, "王一")
    leaving = _member(db, branch_id, "李二")
    with db.transaction() as s:
        leave_roster(s, leaving, "转出", MEETING_DAY + dt.timedelta(days=left), "外迁")
    with db.reading() as s:
        ids = {p.id for p in m.expected_people(s, branch_id, m.GENERAL_ASSEMBLY, MEETING_DAY)}
        groups = m.party_groups_on(s, branch_id, MEETING_DAY)
    assert staying in ids
    assert (leaving in ids) is expected
    assert groups == ["第一党小组"]
    result = _meeting(db, branch_id, m.GENERAL_ASSEMBLY, MEETING_DAY.isoformat())
    with db.reading() as s:
        assert m.meeting_detail(s, result.meeting_id).expected_count == (2 if expected else 1)


@pytest.mark.parametrize(
    ("left", "owes_may"), [("2025-05-30", False), ("2025-05-31", False), ("2025-06-01", True)]
)
def test_a_group_is_judged_by_who_is_left_at_the_end_of_the_month(
    db: Database, branch_id: int, left, owes_may
) -> None:
    only = _member(db, branch_id, "王一")
    with db.transaction() as s:
        leave_roster(s, only, "转出", dt.date.fromisoformat(left), "外迁")
    with db.reading() as s:
        comp = m.compliance(s, branch_id, 2025, today=TODAY)
    group_periods = [r.period for r in comp.for_kind(m.GROUP)]
    assert ("2025-05" in group_periods) is owes_may
    assert "2025-04" in group_periods and "2025-06" not in group_periods


def _states(db: Database, branch_id: int, kind: str, year: int = 2025) -> dict[str, str]:
    with db.reading() as s:
        return {r.period: r.state for r in m.compliance(s, branch_id, year, today=TODAY).for_kind(kind)}


def _set_start(db: Database, text: str) -> None:
    with db.transaction() as s:
        settings.put(s, m.START_MONTH, text)


def test_months_before_the_start_month_are_not_missed(db: Database, branch_id: int) -> None:
    _member(db, branch_id, "王一")
    _set_start(db, "2025-03")
    states = _states(db, branch_id, m.THEME_DAY)
    assert states["2025-02"] == m.BEFORE_START  # the month before
    assert states["2025-03"] == m.MISSING  # the start month itself counts
    assert states["2025-04"] == m.MISSING  # and the month after
    with db.reading() as s:
        comp = m.compliance(s, branch_id, 2025, today=TODAY)
    assert comp.missing_by_kind()[m.THEME_DAY] == 10  # March to December
    assert all(r.state != m.BEFORE_START for r in comp.missing)


@pytest.mark.parametrize(
    ("start", "q1"), [("2025-02", m.MISSING), ("2025-03", m.MISSING), ("2025-04", m.BEFORE_START)]
)
def test_a_quarter_counts_when_it_ends_in_or_after_the_start_month(
    db: Database, branch_id: int, start, q1
) -> None:
    _set_start(db, start)
    assert _states(db, branch_id, m.LECTURE)["2025-Q1"] == q1


def test_by_default_the_month_of_the_first_record(db: Database, branch_id: int) -> None:
    _member(db, branch_id, "王一")
    _meeting(db, branch_id, m.THEME_DAY, "2025-05-20")
    states = _states(db, branch_id, m.THEME_DAY)
    assert states["2025-04"] == m.BEFORE_START
    assert states["2025-05"] == m.HELD
    assert states["2025-06"] == m.MISSING
    with db.reading() as s:
        assert m.start_month(s, branch_id) == dt.date(2025, 5, 1)


def test_a_meeting_before_the_start_month_still_shows_as_held(db: Database, branch_id: int) -> None:
    _meeting(db, branch_id, m.THEME_DAY, "2025-01-10")
    _set_start(db, "2025-03")
    states = _states(db, branch_id, m.THEME_DAY)
    assert states["2025-01"] == m.HELD and states["2025-02"] == m.BEFORE_START


@pytest.mark.parametrize("text", ["", "不知道", "2025-13"])
def test_no_or_unreadable_setting_falls_back_to_the_records(db: Database, branch_id: int, text: str) -> None:
    _set_start(db, text)
    assert all(
        state != m.BEFORE_START for state in _states(db, branch_id, m.THEME_DAY).values()
    )  # no record yet
    _meeting(db, branch_id, m.THEME_DAY, "2025-07-01")
    assert _states(db, branch_id, m.THEME_DAY)["2025-06"] == m.BEFORE_START


def test_the_setting_reads_like_a_person_writes_it(db: Database, branch_id: int) -> None:
    _set_start(db, "2025年3月")
    with db.reading() as s:
        assert m.start_month(s, branch_id) == dt.date(2025, 3, 1)
