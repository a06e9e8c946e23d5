"""Political birthdays: the edges mutation testing found untried (tests/MUTANTS.md).

Each test fails on a slip mutmut planted that the rest of the suite let through: a bound of the medal
years, the reminder's window and branch, the 6+X record of one member not touching another's, the
year range and the log lines."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import BirthdayActivity, OperationLog
from tests.conftest import add_branch
from tests.core.test_birthdays import _add

D = dt.date
TODAY = D(2026, 11, 22)


# --- 光荣在党50年: the years asked for, the estimated 转正日期, the row's fields ------------------------


@pytest.mark.parametrize(
    ("full", "listed"),
    [
        (D(1975, 12, 31), False),
        (D(1976, 1, 1), True),
        (D(1976, 1, 2), True),
        (D(1976, 12, 30), True),
        (D(1976, 12, 31), True),
        (D(1977, 1, 1), False),
    ],
)
def test_medal_year_from_its_first_to_its_last_day(
    db: Database, branch_id: int, full: D, listed: bool
) -> None:
    _add(db, branch_id, "老党员", D(full.year - 1, full.month, full.day), full=full)
    with db.reading() as session:
        rows = bd.medal_candidates(session, [2026], branch_id=branch_id)
    assert [r.reach_date for r in rows] == ([D(2026, full.month, full.day)] if listed else [])


@pytest.mark.parametrize(
    ("join", "listed"),
    [
        (D(1974, 12, 31), False),
        (D(1975, 1, 1), True),
        (D(1975, 1, 2), True),
        (D(1975, 12, 31), True),
        (D(1976, 1, 1), False),
    ],
)
def test_estimated_medal_year_from_its_first_to_its_last_day(
    db: Database, branch_id: int, join: D, listed: bool
) -> None:
    # no 转正日期 on the roster: estimated as 入党日期 + 1 year
    _add(db, branch_id, "缺转正", join)
    with db.reading() as session:
        rows = bd.medal_candidates(session, [2026], branch_id=branch_id)
    assert [(r.reach_date, r.estimated) for r in rows] == (
        [(D(2026, join.month, join.day), True)] if listed else []
    )


def test_medal_row_and_who_is_left_out(db: Database, branch_id: int) -> None:
    other = add_branch(db)
    # 别村 first, so that a `break` on the first member of another branch would lose the rest
    _add(db, other, "别村老党员", D(1975, 3, 1), full=D(1976, 3, 1))
    mid = _add(db, branch_id, "本村老党员", D(1975, 4, 1), full=D(1976, 4, 1), group="第二党小组")
    _add(db, branch_id, "预备无转正", D(1975, 5, 1), category="预备党员")  # 预备党员: no 党龄 at all
    _add(db, branch_id, "无入党日期", None)
    with db.reading() as session:
        rows = bd.medal_candidates(session, [2026], branch_id=branch_id)
        everyone = bd.medal_candidates(session, [2026])
    assert [
        (r.member_id, r.name, r.party_group, r.join_date, r.full_date, r.estimated, r.year) for r in rows
    ] == [(mid, "本村老党员", "第二党小组", D(1975, 4, 1), D(1976, 4, 1), False, 2026)]
    assert [r.name for r in everyone] == ["别村老党员", "本村老党员"]


# --- the reminder: its window, its years, its branch ------------------------------------------------


def test_reminder_days_given_override_the_setting_and_are_held_to_0_365(db: Database, branch_id: int) -> None:
    _add(db, branch_id, "今天", D(2000, 11, 22))
    _add(db, branch_id, "明天", D(2000, 11, 23))
    _add(db, branch_id, "五天后", D(2000, 11, 27))
    _add(db, branch_id, "六天后", D(2000, 11, 28))
    with db.reading() as session:
        five = bd.reminder(session, TODAY, branch_id=branch_id, days=5)
        zero = bd.reminder(session, TODAY, branch_id=branch_id, days=0)
        below = bd.reminder(session, TODAY, branch_id=branch_id, days=-3)
        above = bd.reminder(session, TODAY, branch_id=branch_id, days=400)
    assert five.today == TODAY
    assert five.days == 5
    assert [r.name for r in five.today_rows] == ["今天"]
    assert [r.name for r in five.upcoming] == ["明天", "五天后"]
    assert (zero.days, [r.name for r in zero.upcoming]) == (0, [])
    assert (below.days, [r.name for r in below.upcoming]) == (0, [])
    assert above.days == 365


def test_reminder_medal_covers_this_year_and_next_only(db: Database, branch_id: int) -> None:
    for name, full_year in (("去年", 1975), ("今年", 1976), ("明年", 1977), ("后年", 1978)):
        _add(db, branch_id, name, D(full_year - 1, 3, 1), full=D(full_year, 3, 1))
    with db.reading() as session:
        r = bd.reminder(session, TODAY, branch_id=branch_id)
    assert [(m.name, m.year) for m in r.medal] == [("今年", 2026), ("明年", 2027)]
    assert not r.is_empty


def test_reminder_is_for_its_branch_only(db: Database, branch_id: int) -> None:
    other = add_branch(db)
    for branch, prefix in ((other, "别村"), (branch_id, "本村")):
        _add(db, branch, f"{prefix}今天", D(2000, 11, 22))
        _add(db, branch, f"{prefix}明天", D(2000, 11, 23))
        _add(db, branch, f"{prefix}老党员", D(1975, 8, 1), full=D(1976, 8, 1))
        _add(db, branch, f"{prefix}缺日期", None)
    with db.reading() as session:
        r = bd.reminder(session, TODAY, branch_id=branch_id)
    assert [x.name for x in r.today_rows] == ["本村今天"]
    assert [x.name for x in r.upcoming] == ["本村明天"]
    assert [x.name for x in r.medal] == ["本村老党员"]
    assert [x.name for x in r.missing_dates] == ["本村缺日期"]


# --- 缺入党日期 ------------------------------------------------------------------------------------------


def test_missing_join_date_rows_in_group_order(db: Database, branch_id: int) -> None:
    other = add_branch(db)
    b = _add(db, branch_id, "二组", None, group="第二党小组", category="预备党员")
    a = _add(db, branch_id, "一组", None, group="第一党小组")
    c = _add(db, branch_id, "一组后", None, group="第一党小组")
    _add(db, branch_id, "去世", None, status="去世")
    _add(db, branch_id, "有日期", D(2000, 1, 1))
    _add(db, other, "别村", None)
    with db.reading() as session:
        rows = bd.missing_join_date(session, branch_id=branch_id)
    assert [(r.member_id, r.name, r.party_group, r.category) for r in rows] == [
        (a, "一组", "第一党小组", "正式党员"),
        (c, "一组后", "第一党小组", "正式党员"),
        (b, "二组", "第二党小组", "预备党员"),
    ]


# --- the 6+X record ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "ok"), [(1920, False), (1921, True), (1922, True), (2199, True), (2200, True), (2201, False)]
)
def test_record_year_range(db: Database, branch_id: int, year: int, ok: bool) -> None:
    a = _add(db, branch_id, "甲", D(2000, 11, 3))
    with db.transaction() as session:
        if ok:
            bd.record_activity(session, a, year, "谈心谈话", D(2026, 11, 3), today=TODAY)
        else:
            with pytest.raises(bd.BirthdayError, match=f"^年份 {year} 不对$"):
                bd.record_activity(session, a, year, "谈心谈话", D(2026, 11, 3), today=TODAY)
    with db.reading() as session:
        assert list(bd.activities(session, [a], year)[a]) == (["谈心谈话"] if ok else [])


@pytest.mark.parametrize(("length", "ok"), [(49, True), (50, True), (51, False)])
def test_record_item_length(db: Database, branch_id: int, length: int, ok: bool) -> None:
    a = _add(db, branch_id, "甲", D(2000, 11, 3))
    item = "志" * length
    with db.transaction() as session:
        if ok:
            bd.record_activity(session, a, 2026, item, D(2026, 11, 3), today=TODAY)
        else:
            with pytest.raises(
                bd.BirthdayError, match=f"^活动名称太长（{length}字，最多50字）：{'志' * 10}…$"
            ):
                bd.record_activity(session, a, 2026, item, D(2026, 11, 3), today=TODAY)


@pytest.mark.parametrize(("done", "ok"), [(D(2026, 11, 21), True), (TODAY, True), (D(2026, 11, 23), False)])
def test_done_date_up_to_today(db: Database, branch_id: int, done: D, ok: bool) -> None:
    a = _add(db, branch_id, "甲", D(2000, 11, 3))
    with db.transaction() as session:
        if ok:
            bd.record_activity(session, a, 2026, "谈心谈话", done, today=TODAY)
            assert bd.mark_month_done(session, 2026, 11, ["重温入党誓词"], done, today=TODAY) == 1
        else:
            with pytest.raises(bd.BirthdayError, match="^“谈心谈话”的完成日期 2026年11月23日 晚于今天$"):
                bd.record_activity(session, a, 2026, "谈心谈话", done, today=TODAY)
            with pytest.raises(bd.BirthdayError, match="^完成日期 2026年11月23日 晚于今天$"):
                bd.mark_month_done(session, 2026, 11, ["重温入党誓词"], done, today=TODAY)
            with pytest.raises(bd.BirthdayError, match="晚于今天"):
                bd.save_record(session, a, 2026, [bd.ItemEdit("谈心谈话", True, done)], today=TODAY)
    with db.reading() as session:
        got = bd.activities(session, [a], 2026)[a]
    assert {k: (v.item, v.done_date, v.note) for k, v in got.items()} == (
        {"谈心谈话": ("谈心谈话", done, ""), "重温入党誓词": ("重温入党誓词", done, "")} if ok else {}
    )


def test_mark_month_done_refuses_no_items_in_words(db: Database) -> None:
    with db.transaction() as session, pytest.raises(bd.BirthdayError, match="^请至少选择一项集体完成的活动$"):
        bd.mark_month_done(session, 2026, 11, [], D(2026, 11, 1), today=TODAY)


def test_one_members_record_never_touches_anothers(db: Database, branch_id: int) -> None:
    a = _add(db, branch_id, "甲", D(2000, 11, 3))
    b = _add(db, branch_id, "乙", D(2001, 11, 4))
    with db.transaction() as session:
        bd.record_activity(session, a, 2026, "谈心谈话", D(2026, 11, 3), "甲今年", today=TODAY)
        bd.record_activity(session, b, 2026, "谈心谈话", D(2026, 11, 4), "乙今年", today=TODAY)
        bd.record_activity(session, a, 2025, "谈心谈话", D(2025, 11, 3), "甲去年", today=TODAY)
        bd.record_activity(session, a, 2025, "赠送生日礼物", D(2025, 11, 3), today=TODAY)
        bd.record_activity(session, a, 2026, "重温入党誓词", D(2026, 11, 5), today=TODAY)
        # a correction of 甲's 2026 item changes that one only
        bd.record_activity(session, a, 2026, "谈心谈话", D(2026, 11, 6), "甲改", today=TODAY)
    with db.reading() as session:
        stored = set(
            session.execute(
                select(
                    BirthdayActivity.member_id,
                    BirthdayActivity.year,
                    BirthdayActivity.item,
                    BirthdayActivity.note,
                )
            ).all()
        )
        this_year = bd.activities(session, [a, b], 2026)
    assert stored == {
        (a, 2026, "谈心谈话", "甲改"),
        (b, 2026, "谈心谈话", "乙今年"),
        (a, 2025, "谈心谈话", "甲去年"),
        (a, 2025, "赠送生日礼物", ""),
        (a, 2026, "重温入党誓词", ""),
    }
    assert {m: sorted(items) for m, items in this_year.items()} == {
        a: ["谈心谈话", "重温入党誓词"],
        b: ["谈心谈话"],
    }
    with db.transaction() as session:
        assert bd.clear_activity(session, a, 2026, "谈心谈话") is True
        assert bd.clear_activity(session, a, 2026, "谈心谈话") is False
    with db.reading() as session:
        stored = set(
            session.execute(
                select(BirthdayActivity.member_id, BirthdayActivity.year, BirthdayActivity.item)
            ).all()
        )
        logged = session.execute(
            select(OperationLog.action, OperationLog.detail).order_by(OperationLog.id)
        ).all()
    assert stored == {
        (b, 2026, "谈心谈话"),
        (a, 2025, "谈心谈话"),
        (a, 2025, "赠送生日礼物"),
        (a, 2026, "重温入党誓词"),
    }
    assert logged[-2:] == [
        ("政治生日记录", "甲 2026年：谈心谈话（2026年11月6日）"),
        ("撤销政治生日记录", "甲 2026年：谈心谈话"),
    ]


def test_activities_read_in_chunks_miss_no_one(db: Database, branch_id: int) -> None:
    a = _add(db, branch_id, "甲", D(2000, 11, 3))
    b = _add(db, branch_id, "乙", D(2001, 11, 4))
    with db.transaction() as session:
        bd.record_activity(session, a, 2026, "谈心谈话", D(2026, 11, 3), today=TODAY)
        bd.record_activity(session, b, 2026, "谈心谈话", D(2026, 11, 4), today=TODAY)
    # ids no member has, so that 甲 is the 501st asked for and 乙 the 1001st
    ids = [-i for i in range(1, 1001)]
    ids.insert(500, a)
    with db.reading() as session:
        got = bd.activities(session, ids + [b], 2026)
    assert sorted(m for m, items in got.items() if items) == sorted([a, b])


def test_month_record_and_missing_are_for_the_branch_and_from_1_january(db: Database, branch_id: int) -> None:
    other = add_branch(db)
    _add(db, other, "别村", D(2000, 1, 1))
    _add(db, branch_id, "元旦", D(2000, 1, 1))
    _add(db, branch_id, "一月二日", D(2000, 1, 2))
    with db.reading() as session:
        month = bd.month_record(session, 2026, 1, branch_id=branch_id)
        missing = bd.missing_this_year(session, D(2026, 1, 1), branch_id=branch_id)
        missing_later = bd.missing_this_year(session, D(2026, 1, 2), branch_id=branch_id)
    assert [r.birthday.name for r in month] == ["元旦", "一月二日"]
    assert [r.birthday.name for r in missing] == ["元旦"]
    assert [r.birthday.name for r in missing_later] == ["元旦", "一月二日"]


def test_month_done_for_the_branch_with_its_note_and_log_line(db: Database, branch_id: int) -> None:
    other = add_branch(db)
    _add(db, other, "别村", D(2000, 11, 3))
    a = _add(db, branch_id, "甲", D(2000, 11, 3))
    with db.transaction() as session:
        count = bd.mark_month_done(
            session,
            2026,
            11,
            ["谈心谈话", " 重温入党誓词 "],
            D(2026, 11, 20),
            " 主题党日 ",
            branch_id=branch_id,
            today=TODAY,
        )
        bd.mark_month_done(
            session, 2026, 11, ["赠送生日礼物"], D(2026, 11, 20), branch_id=branch_id, today=TODAY
        )
    assert count == 2
    with db.reading() as session:
        stored = set(
            session.execute(
                select(BirthdayActivity.member_id, BirthdayActivity.item, BirthdayActivity.note)
            ).all()
        )
        logged = session.execute(
            select(OperationLog.action, OperationLog.detail).order_by(OperationLog.id)
        ).all()
    assert stored == {(a, "谈心谈话", "主题党日"), (a, "重温入党誓词", "主题党日"), (a, "赠送生日礼物", "")}
    assert logged[-2] == ("政治生日集体活动", "2026年11月 1 人：谈心谈话、重温入党誓词，共记录 2 项")


def test_empty_item_refused_in_words(db: Database, branch_id: int) -> None:
    a = _add(db, branch_id, "甲", D(2000, 11, 3))
    with db.transaction() as session, pytest.raises(bd.BirthdayError, match="^活动名称不能为空$"):
        bd.record_activity(session, a, 2026, " ", D(2026, 11, 3), today=TODAY)


# --- the window: 2月28日 itself, a whole year, the month's year, the order of one day -----------------


@pytest.mark.parametrize(
    ("start", "days", "names"),
    [
        (D(2026, 2, 27), 0, []),
        (D(2026, 2, 28), 0, ["二月二十八", "闰日"]),
        (D(2026, 3, 1), 0, ["三月一日"]),
    ],
)
def test_a_window_of_28_february_alone_holds_29_february(
    db: Database, branch_id: int, start: D, days: int, names: list[str]
) -> None:
    _add(db, branch_id, "闰日", D(2000, 2, 29), group="第一党小组")
    _add(db, branch_id, "二月二十八", D(2001, 2, 28), group="第二党小组")
    _add(db, branch_id, "三月一日", D(2001, 3, 1))
    with db.reading() as session:
        rows = bd.political_birthdays(session, start, days, branch_id=branch_id)
    # one day's rows: the real anniversaries first, then those of 2月29日 kept on 2月28日
    assert [r.name for r in rows] == names
    assert all(r.date == start for r in rows)


def test_a_whole_year_window_meets_a_day_twice_and_keeps_the_first(db: Database, branch_id: int) -> None:
    _add(db, branch_id, "三月一日", D(2000, 3, 1))
    with db.reading() as session:
        rows = bd.political_birthdays(session, D(2026, 3, 1), 365, branch_id=branch_id)
    assert [(r.name, r.date, r.years) for r in rows] == [("三月一日", D(2026, 3, 1), 26)]


def test_full_date_without_join_date_gets_no_birthday(db: Database, branch_id: int) -> None:
    _add(db, branch_id, "只有转正", None, full=D(2001, 5, 1))
    _add(db, branch_id, "都有", D(2000, 5, 1), full=D(2001, 5, 1))
    with db.reading() as session:
        rows = bd.political_birthdays(session, D(2026, 5, 1), 0, branch_id=branch_id, from_full_date=True)
    assert [(r.name, r.years) for r in rows] == [("都有", 25)]


def test_one_day_in_group_then_name_then_entry_order(db: Database, branch_id: int) -> None:
    first = _add(db, branch_id, "王", D(2000, 5, 1), group="第二党小组")
    _add(db, branch_id, "赵", D(2001, 5, 1), group="第一党小组")
    _add(db, branch_id, "李", D(2002, 5, 1), group="第二党小组")
    second = _add(db, branch_id, "王", D(2003, 5, 1), group="第二党小组")
    for from_full_date in (False, True):
        with db.reading() as session:
            rows = bd.political_birthdays(
                session, D(2026, 5, 1), 0, branch_id=branch_id, from_full_date=from_full_date
            )
        # 党小组 first (赵 before 李 and 王 although his name sorts last), then name, then as entered
        assert [(r.party_group, r.name) for r in rows] == [
            ("第一党小组", "赵"),
            ("第二党小组", "李"),
            ("第二党小组", "王"),
            ("第二党小组", "王"),
        ]
        assert [r.member_id for r in rows if r.name == "王"] == [first, second]


@pytest.mark.parametrize(
    ("year", "ok"), [(1899, False), (1900, True), (1901, True), (2199, True), (2200, True), (2201, False)]
)
def test_month_year_range(db: Database, branch_id: int, year: int, ok: bool) -> None:
    with db.reading() as session:
        if ok:
            assert bd.birthdays_in_month(session, year, 5, branch_id=branch_id) == []
        else:
            with pytest.raises(bd.BirthdayError, match=f"^年份 {year} 不对$"):
                bd.birthdays_in_month(session, year, 5, branch_id=branch_id)


@pytest.mark.parametrize(("month", "ok"), [(0, False), (1, True), (12, True), (13, False)])
def test_month_range(db: Database, month: int, ok: bool) -> None:
    with db.reading() as session:
        if ok:
            assert bd.birthdays_in_month(session, 2026, month) == []
        else:
            with pytest.raises(bd.BirthdayError, match=f"^月份应为 1 到 12，这里是 {month}$"):
                bd.birthdays_in_month(session, 2026, month)


def test_branch_reminder_is_the_first_branchs_or_everyones(db: Database) -> None:
    with db.reading() as session:
        empty = bd.branch_reminder(session, TODAY)
    assert (empty.today, empty.days, empty.is_empty) == (TODAY, 30, True)
    _add(db, add_branch(db), "本村", D(2000, 11, 22))  # the first branch created is this database's
    other = add_branch(db)
    _add(db, other, "别村", D(2000, 11, 22))
    _add(db, other, "别村明天", D(2000, 11, 23))
    with db.reading() as session:
        r = bd.branch_reminder(session, TODAY)
    assert (r.today, r.days) == (TODAY, 30)
    assert [x.name for x in r.today_rows] == ["本村"]
    assert r.upcoming == []


def test_birthday_row_as_json() -> None:
    row = bd.BirthdayRow(
        7, "张三", "第一党小组", "正式党员", D(2000, 2, 29), D(2000, 2, 29), D(2026, 2, 28), 26
    )
    assert row.as_json() == {
        "member_id": 7,
        "name": "张三",
        "join_date": "2000-02-29",
        "date": "2026-02-28",
        "years": 26,
    }


def test_joined_on_the_first_day_of_a_whole_year_window(db: Database, branch_id: int) -> None:
    # the window's first day is the joining itself (0 years); its last is the first birthday
    _add(db, branch_id, "新党员", D(2026, 3, 1), category="预备党员", group="第一党小组")
    for from_full_date in (False, True):
        with db.reading() as session:
            rows = bd.political_birthdays(
                session, D(2026, 3, 1), 365, branch_id=branch_id, from_full_date=from_full_date
            )
        assert [
            (r.name, r.party_group, r.category, r.join_date, r.basis_date, r.date, r.years) for r in rows
        ] == [("新党员", "第一党小组", "预备党员", D(2026, 3, 1), D(2026, 3, 1), D(2027, 3, 1), 1)]


def test_row_counts_from_the_full_date_by_the_setting(db: Database, branch_id: int) -> None:
    _add(db, branch_id, "正式", D(2000, 3, 10), full=D(2001, 4, 20))
    with db.reading() as session:
        (row,) = bd.political_birthdays(session, D(2026, 4, 20), 0, branch_id=branch_id, from_full_date=True)
    assert (row.join_date, row.basis_date, row.date, row.years, row.category) == (
        D(2000, 3, 10),
        D(2001, 4, 20),
        D(2026, 4, 20),
        25,
        "正式党员",
    )
