"""The reminder window at its lines: the day before the window, its first day, its last day, the day
after, both ways of counting (入党日期 through the indexed MM-DD column, 转正日期 computed in SQL), and
the township's count per branch, which reads the same window without names.

A window one day off reminds the secretary a day late or not at all; each case here names the day it
guards."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core import settings as app_settings
from dangjian_desktop.core.db import Database
from tests.conftest import add_branch
from tests.core.test_birthdays import _add

D = dt.date
START = D(2026, 5, 10)
DAYS = 20  # the window is 2026-05-10 .. 2026-05-30, both included


@pytest.mark.parametrize("from_full_date", [False, True])
@pytest.mark.parametrize(
    ("month_day", "inside"),
    [((5, 9), False), ((5, 10), True), ((5, 11), True), ((5, 29), True), ((5, 30), True), ((5, 31), False)],
)
def test_the_window_holds_its_first_and_last_day_and_not_one_more(
    db: Database, branch_id: int, from_full_date: bool, month_day: tuple[int, int], inside: bool
) -> None:
    # the same anniversary whichever date it counts from: 入党日期 2000, 转正日期 2001
    _add(db, branch_id, "张三", D(2000, *month_day), full=D(2001, *month_day))
    with db.reading() as session:
        rows = bd.political_birthdays(
            session, START, DAYS, branch_id=branch_id, from_full_date=from_full_date
        )
        counts = bd.birthdays_per_branch(session, START, DAYS) if not from_full_date else None
    expected = [("张三", D(2026, *month_day), 25 if from_full_date else 26)] if inside else []
    assert [(r.name, r.date, r.years) for r in rows] == expected
    if counts is not None:
        assert counts == ({branch_id: 1} if inside else {})


@pytest.mark.parametrize(
    ("month_day", "inside"), [((12, 30), False), ((12, 31), True), ((1, 1), True), ((1, 2), False)]
)
def test_a_window_across_the_new_year_keeps_both_edges_in_sql(
    db: Database, branch_id: int, month_day: tuple[int, int], inside: bool
) -> None:
    # 2026-12-31 .. 2027-01-01: two segments, counted from 转正日期 (one SQL range per segment)
    _add(db, branch_id, "李四", D(1999, 1, 5), full=D(2000, *month_day))
    with db.reading() as session:
        rows = bd.political_birthdays(session, D(2026, 12, 31), 1, branch_id=branch_id, from_full_date=True)
    year = 2026 if month_day[0] == 12 else 2027
    assert [(r.date, r.years) for r in rows] == ([(D(year, *month_day), year - 2000)] if inside else [])


def test_the_first_anniversary_counts_and_the_joining_day_does_not(db: Database, branch_id: int) -> None:
    _add(db, branch_id, "一周年", D(2025, 5, 20), category="预备党员")
    _add(db, branch_id, "今年入党", D(2026, 5, 20), category="预备党员")
    _add(db, branch_id, "两周年", D(2024, 5, 20))
    with db.reading() as session:
        rows = bd.political_birthdays(session, START, DAYS, branch_id=branch_id)
        counts = bd.birthdays_per_branch(session, START, DAYS)
    assert sorted((r.name, r.years) for r in rows) == [("一周年", 1), ("两周年", 2)]
    assert counts == {branch_id: 2}


def test_the_count_per_branch_is_the_branchs_window(db: Database, branch_id: int) -> None:
    other = add_branch(db)
    _add(db, branch_id, "本村一", D(2000, 5, 10))
    _add(db, branch_id, "本村二", D(2001, 5, 30))
    _add(db, branch_id, "本村转出", D(2001, 5, 15), status="转出")
    _add(db, branch_id, "本村窗外", D(2001, 5, 31))
    _add(db, branch_id, "无日期", None)
    _add(db, other, "别村", D(1990, 5, 20))
    with db.reading() as session:
        counts = bd.birthdays_per_branch(session, START, DAYS)
        per_branch = {
            b: len(bd.political_birthdays(session, START, DAYS, branch_id=b)) for b in (branch_id, other)
        }
    assert counts == {branch_id: 2, other: 1} == per_branch


def test_the_count_over_a_whole_year_counts_each_member_once(db: Database, branch_id: int) -> None:
    # a 365-day window from 3月1日 meets 3月1日 twice (2026 and 2027): one member, one birthday
    _add(db, branch_id, "三月一日", D(2000, 3, 1))
    _add(db, branch_id, "闰日", D(2000, 2, 29))
    with db.reading() as session:
        assert bd.birthdays_per_branch(session, D(2026, 3, 1), 365) == {branch_id: 2}
        assert bd.birthdays_per_branch(session, D(2026, 3, 2), 0) == {}


def test_the_count_follows_the_setting_for_the_date_it_counts_from(db: Database, branch_id: int) -> None:
    # 入党日期 in March, 转正日期 in May: the window in May holds the birthday only by the setting
    _add(db, branch_id, "正式", D(2000, 3, 15), full=D(2001, 5, 15))
    _add(db, branch_id, "预备", D(2025, 5, 16), category="预备党员")  # no 转正日期: 入党日期 either way
    with db.reading() as session:
        assert bd.birthdays_per_branch(session, START, DAYS) == {branch_id: 1}
    with db.transaction() as session:
        app_settings.put(session, bd.COUNT_FROM_FULL_DATE, True)
    with db.reading() as session:
        assert bd.birthdays_per_branch(session, START, DAYS) == {branch_id: 2}
        rows = bd.political_birthdays(session, START, DAYS, branch_id=branch_id)
    assert [(r.name, r.basis_date, r.date, r.years) for r in rows] == [
        ("正式", D(2001, 5, 15), D(2026, 5, 15), 25),
        ("预备", D(2025, 5, 16), D(2026, 5, 16), 1),
    ]


def test_the_count_refuses_a_window_over_a_year(db: Database) -> None:
    with (
        db.reading() as session,
        pytest.raises(bd.BirthdayError, match="^提醒天数应在 0 到 365 之间，这里是 366$"),
    ):
        bd.birthdays_per_branch(session, START, 366)


def test_namesakes_of_one_day_come_in_the_order_entered_not_the_year_joined(
    db: Database, branch_id: int
) -> None:
    # two 王 of one 党小组 with the same birthday: the one entered first is listed first, although the
    # other joined earlier (the MM-DD index holds 入党日期 after MM-DD, so it alone would put him first)
    first = _add(db, branch_id, "王", D(2003, 5, 12), group="第一党小组")
    second = _add(db, branch_id, "王", D(2000, 5, 12), group="第一党小组")
    with db.reading() as session:
        rows = bd.political_birthdays(session, START, DAYS, branch_id=branch_id)
    assert [(r.member_id, r.years) for r in rows] == [(first, 23), (second, 26)]


def test_counted_from_full_date_a_window_over_the_new_year_lists_december_first(
    db: Database, branch_id: int
) -> None:
    # one SQL query reads both years in MM-DD order (January's 01-05 before December's 12-28): the
    # rows are put in date order after
    _add(db, branch_id, "一月", D(1999, 3, 1), full=D(2000, 1, 5))
    _add(db, branch_id, "十二月", D(1999, 3, 1), full=D(2000, 12, 28))
    with db.reading() as session:
        rows = bd.political_birthdays(session, D(2026, 12, 20), 20, branch_id=branch_id, from_full_date=True)
    assert [(r.name, r.date) for r in rows] == [("十二月", D(2026, 12, 28)), ("一月", D(2027, 1, 5))]
