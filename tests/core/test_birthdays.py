"""Political birthdays: the date rules (with property tests), milestones, the medal list, the 6+X record."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core import settings as app_settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import BirthdayActivity, Member
from dangjian_desktop.core.roster import join_md
from tests.conftest import add_branch


def _add(
    db: Database,
    branch_id: int,
    name: str,
    join: dt.date | None,
    *,
    full: dt.date | None = None,
    status: str = "在册",
    category: str = "正式党员",
    group: str = "",
) -> int:
    with db.transaction() as session:
        member = Member(
            branch_id=branch_id,
            name=name,
            join_date=join,
            full_date=full,
            join_md=join_md(join),
            status=status,
            category=category,
            party_group=group,
        )
        session.add(member)
        session.flush()
        return member.id


def _window(db: Database, start: dt.date, days: int, **kw: object) -> list[bd.BirthdayRow]:
    with db.reading() as session:
        return bd.political_birthdays(session, start, days, **kw)  # type: ignore[arg-type]


# --- the date rules ---------------------------------------------------------------------------------


def test_window_across_the_new_year(db: Database, branch_id: int) -> None:
    _add(db, branch_id, "张一", dt.date(2000, 12, 25))
    _add(db, branch_id, "李二", dt.date(1990, 1, 10))
    _add(db, branch_id, "王三", dt.date(1985, 1, 25))  # 2027-01-25 is 36 days after 12-20: outside
    _add(db, branch_id, "赵四", dt.date(2001, 12, 19))  # the day before the window
    rows = _window(db, dt.date(2026, 12, 20), 30)
    assert [(r.name, r.date, r.years) for r in rows] == [
        ("张一", dt.date(2026, 12, 25), 26),
        ("李二", dt.date(2027, 1, 10), 37),
    ]


def test_29_february_falls_on_28_february_in_other_years(db: Database, branch_id: int) -> None:
    _add(db, branch_id, "闰年", dt.date(2004, 2, 29))
    _add(db, branch_id, "二八", dt.date(2005, 2, 28))
    # 2027 is not a leap year: both on 02-28, a window ending that day included
    rows = _window(db, dt.date(2027, 2, 20), 8)
    assert sorted((r.name, r.date, r.years) for r in rows) == [
        ("二八", dt.date(2027, 2, 28), 22),
        ("闰年", dt.date(2027, 2, 28), 23),
    ]
    assert _window(db, dt.date(2027, 3, 1), 5) == []
    # 2028 is a leap year: on its own day, not on 02-28
    rows = _window(db, dt.date(2028, 2, 28), 0)
    assert [r.name for r in rows] == ["二八"]
    rows = _window(db, dt.date(2028, 2, 29), 0)
    assert [(r.name, r.years) for r in rows] == [("闰年", 24)]


def test_who_gets_a_birthday(db: Database, branch_id: int) -> None:
    join = dt.date(2010, 6, 5)
    _add(db, branch_id, "在册", join)
    _add(db, branch_id, "预备", dt.date(2025, 6, 5), category="预备党员")
    for status in ("转出", "去世", "停止党籍", "出党"):
        _add(db, branch_id, status + "者", join, status=status)
    _add(db, branch_id, "无日期", None)
    _add(db, branch_id, "今天入党", dt.date(2026, 6, 5), category="预备党员")  # day 0 is no birthday
    rows = _window(db, dt.date(2026, 6, 1), 10)
    assert sorted(r.name for r in rows) == ["在册", "预备"]
    with db.reading() as session:
        missing = bd.missing_join_date(session, branch_id=branch_id)
    assert [m.name for m in missing] == ["无日期"]


def test_other_branches_are_left_out(db: Database, branch_id: int) -> None:
    other_id = add_branch(db)
    _add(db, branch_id, "本村", dt.date(2000, 5, 1))
    _add(db, other_id, "别村", dt.date(2000, 5, 1))
    assert [r.name for r in _window(db, dt.date(2026, 5, 1), 0, branch_id=branch_id)] == ["本村"]
    assert len(_window(db, dt.date(2026, 5, 1), 0)) == 2


def test_bad_window_is_refused(db: Database) -> None:
    with db.reading() as session, pytest.raises(bd.BirthdayError, match="提醒天数"):
        bd.political_birthdays(session, dt.date(2026, 1, 1), 400)
    with db.reading() as session, pytest.raises(bd.BirthdayError, match="月份"):
        bd.birthdays_in_month(session, 2026, 13)


def test_setting_counts_from_full_date(db: Database, branch_id: int) -> None:
    _add(db, branch_id, "正式", dt.date(2000, 3, 10), full=dt.date(2001, 4, 20))
    _add(db, branch_id, "预备", dt.date(2025, 4, 15), category="预备党员")  # no 转正日期: 入党日期
    assert [r.name for r in _window(db, dt.date(2026, 3, 1), 20)] == ["正式"]
    with db.transaction() as session:
        app_settings.put(session, bd.COUNT_FROM_FULL_DATE, True)
    rows = _window(db, dt.date(2026, 4, 1), 29)
    assert [(r.name, r.date, r.years, r.join_date) for r in rows] == [
        ("预备", dt.date(2026, 4, 15), 1, dt.date(2025, 4, 15)),
        ("正式", dt.date(2026, 4, 20), 25, dt.date(2000, 3, 10)),
    ]
    assert _window(db, dt.date(2026, 3, 1), 20) == []


def _expected(joins: list[dt.date | None], start: dt.date, days: int) -> dict[int, tuple[dt.date, int]]:
    """Brute force, day by day: the first day in the window that is the member's political birthday."""
    result: dict[int, tuple[dt.date, int]] = {}
    for index, join in enumerate(joins):
        if join is None:
            continue
        for offset in range(days + 1):
            day = start + dt.timedelta(days=offset)
            same_day = (day.month, day.day) == (join.month, join.day)
            moved = (join.month, join.day) == (2, 29) and (day.month, day.day) == (2, 28)
            if (same_day or (moved and not calendar.isleap(day.year))) and day.year > join.year:
                result[index] = (day, day.year - join.year)
                break
    return result


_dates = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2060, 12, 31))
_special = st.sampled_from(
    [
        dt.date(2000, 2, 29),
        dt.date(1996, 2, 29),
        dt.date(1999, 2, 28),
        dt.date(1990, 12, 31),
        dt.date(1990, 1, 1),
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    joins=st.lists(st.one_of(_dates, _special, st.none()), min_size=1, max_size=8),
    start=st.one_of(
        _dates, st.sampled_from([dt.date(2026, 12, 20), dt.date(2027, 2, 28), dt.date(2028, 2, 28)])
    ),
    days=st.one_of(st.integers(0, bd.MAX_WINDOW_DAYS), st.sampled_from([0, 30, 364, 365])),
    in_sql=st.booleans(),
)
def test_each_member_once_on_the_right_date_with_the_right_years(
    db: Database, branch_id: int, joins: list[dt.date | None], start: dt.date, days: int, in_sql: bool
) -> None:
    """in_sql: the 转正日期 setting's path (MM-DD computed by the database) must agree with join_md's."""
    with db.transaction() as session:
        session.execute(delete(Member))
    ids = [_add(db, branch_id, f"党员{i}", join) for i, join in enumerate(joins)]
    rows = _window(db, start, days, from_full_date=in_sql)
    member_ids = [r.member_id for r in rows]
    assert len(member_ids) == len(set(member_ids)), "a member appears twice in one window"
    expected = {ids[i]: value for i, value in _expected(joins, start, days).items()}
    assert {r.member_id: (r.date, r.years) for r in rows} == expected
    assert [r.date for r in rows] == sorted(r.date for r in rows)
    for row in rows:
        assert start <= row.date <= start + dt.timedelta(days=days)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(join=st.one_of(_dates, _special), year=st.integers(1941, 2100))
def test_every_month_holds_the_birthday_once_a_year(
    db: Database, branch_id: int, join: dt.date, year: int
) -> None:
    with db.transaction() as session:
        session.execute(delete(Member))
    _add(db, branch_id, "甲", join)
    with db.reading() as session:
        found = [r for month in range(1, 13) for r in bd.birthdays_in_month(session, year, month)]
    if year <= join.year:
        assert found == []
    else:
        assert [(r.date, r.years) for r in found] == [(bd.anniversary(join, year), year - join.year)]


# --- milestones and the medal -----------------------------------------------------------------------


def test_milestones_and_reminder(db: Database, branch_id: int) -> None:
    today = dt.date(2026, 11, 22)
    _add(db, branch_id, "今天十年", dt.date(2016, 11, 22))
    _add(db, branch_id, "下月三十年", dt.date(1996, 12, 10))
    _add(db, branch_id, "普通", dt.date(2003, 11, 30))
    _add(db, branch_id, "太远", dt.date(2003, 12, 23))
    with db.reading() as session:
        r = bd.reminder(session, today, branch_id=branch_id)
    assert r.days == 30
    assert [x.name for x in r.today_rows] == ["今天十年"]
    assert [x.name for x in r.upcoming] == ["普通", "下月三十年"]
    assert [(x.name, x.milestone) for x in r.milestones] == [("今天十年", 10), ("下月三十年", 30)]
    with db.transaction() as session:
        app_settings.put(session, bd.REMINDER_DAYS, 31)
    with db.reading() as session:
        r = bd.reminder(session, today, branch_id=branch_id)
    assert [x.name for x in r.upcoming] == ["普通", "下月三十年", "太远"]


def test_medal_counts_party_age_from_full_date(db: Database, branch_id: int) -> None:
    # joined 1975, 转正 1976-08-01: 党龄 50 on 2026-08-01, after 七一
    _add(db, branch_id, "七六转正", dt.date(1975, 8, 1), full=dt.date(1976, 8, 1))
    # joined 1976 but 转正 1977-03-01: 50 years only in 2027, although 入党 was 50 years ago
    _add(db, branch_id, "七七转正", dt.date(1976, 3, 1), full=dt.date(1977, 3, 1))
    _add(db, branch_id, "缺转正日期", dt.date(1975, 5, 1))  # estimated: 1976-05-01
    _add(db, branch_id, "去世", dt.date(1975, 1, 1), full=dt.date(1976, 1, 1), status="去世")
    _add(db, branch_id, "太早", dt.date(1970, 1, 1), full=dt.date(1971, 1, 1))
    with db.reading() as session:
        rows = bd.medal_candidates(session, (2026, 2027), branch_id=branch_id)
    assert [(r.name, r.year, r.reach_date, r.estimated, r.by_july_first) for r in rows] == [
        ("缺转正日期", 2026, dt.date(2026, 5, 1), True, True),
        ("七六转正", 2026, dt.date(2026, 8, 1), False, False),
        ("七七转正", 2027, dt.date(2027, 3, 1), False, True),
    ]


# --- the 6+X record ---------------------------------------------------------------------------------


def test_record_mark_month_and_missing(db: Database, branch_id: int) -> None:
    today = dt.date(2026, 11, 22)
    a = _add(db, branch_id, "甲", dt.date(2000, 11, 3))
    b = _add(db, branch_id, "乙", dt.date(2010, 11, 18))
    _add(db, branch_id, "丙", dt.date(2012, 10, 1))
    _add(db, branch_id, "丁", dt.date(2012, 11, 30))  # this year's birthday still ahead: not missing yet
    with db.transaction() as session:
        bd.record_activity(session, a, 2026, "谈心谈话", dt.date(2026, 11, 3), "谈工作", today=today)
        count = bd.mark_month_done(
            session, 2026, 11, ["谈心谈话", "重温入党誓词"], dt.date(2026, 11, 20), "主题党日", today=today
        )
    assert count == 5  # 甲's 谈心谈话 already there, kept with its own date
    with db.reading() as session:
        record = {r.birthday.name: r for r in bd.month_record(session, 2026, 11)}
        stored = session.execute(
            select(BirthdayActivity.item, BirthdayActivity.done_date).where(BirthdayActivity.member_id == a)
        ).all()
        missing = bd.missing_this_year(session, today)
    assert set(stored) == {("谈心谈话", dt.date(2026, 11, 3)), ("重温入党誓词", dt.date(2026, 11, 20))}
    assert record["甲"].done["谈心谈话"].note == "谈工作"
    assert record["乙"].missing == ("建立户口簿记录", "重读入党志愿书", "赠送生日礼物", "提出意见建议")
    assert [r.birthday.name for r in missing] == ["丙", "甲", "乙"]

    with db.transaction() as session:
        bd.save_record(
            session,
            b,
            2026,
            [bd.ItemEdit(item, True, dt.date(2026, 11, 21)) for item in bd.SIX_ITEMS]
            + [bd.ItemEdit("志愿服务", True, dt.date(2026, 11, 21), "打扫村道")],
            today=today,
        )
    with db.reading() as session:
        assert [r.birthday.name for r in bd.missing_this_year(session, today)] == ["丙", "甲"]
        assert bd.activities(session, [b], 2026)[b]["志愿服务"].note == "打扫村道"
    with db.transaction() as session:
        bd.save_record(session, b, 2026, [bd.ItemEdit("谈心谈话", False, dt.date(2026, 11, 21))], today=today)
    with db.reading() as session:
        assert [r.birthday.name for r in bd.missing_this_year(session, today)] == ["丙", "甲", "乙"]


def test_record_refuses_bad_input(db: Database, branch_id: int) -> None:
    a = _add(db, branch_id, "甲", dt.date(2000, 11, 3))
    today = dt.date(2026, 11, 22)
    with db.transaction() as session:
        with pytest.raises(bd.BirthdayError, match="晚于今天"):
            bd.record_activity(session, a, 2026, "谈心谈话", dt.date(2026, 12, 1), today=today)
        with pytest.raises(bd.BirthdayError, match="不能为空"):
            bd.record_activity(session, a, 2026, "  ", dt.date(2026, 11, 1), today=today)
        with pytest.raises(bd.BirthdayError, match="找不到"):
            bd.record_activity(session, 9999, 2026, "谈心谈话", dt.date(2026, 11, 1), today=today)
        with pytest.raises(bd.BirthdayError, match="至少选择"):
            bd.mark_month_done(session, 2026, 11, [], dt.date(2026, 11, 1), today=today)


def test_demo_has_a_record_with_gaps(db: Database) -> None:
    from dangjian_desktop.core.demo import build_full_demo

    today = dt.date(2026, 11, 22)
    with db.transaction() as session:
        branch = build_full_demo(session, today=today)
    with db.reading() as session:
        stored = session.scalars(select(BirthdayActivity.year)).all()
        missing = bd.missing_this_year(session, today, branch_id=branch)
        past = bd.political_birthdays(session, dt.date(2026, 1, 1), 324, branch_id=branch)
    assert stored and set(stored) == {2026}
    assert 0 < len(missing) < len(past)


def test_settings_round_trip_and_checks(db: Database) -> None:
    assert bd.split_items("参观学习，志愿服务、 结对帮扶;") == ["参观学习", "志愿服务", "结对帮扶"]
    with db.transaction() as session:
        bd.save_settings(session, bd.BirthdaySettings(10, True, ["志愿服务", "志愿服务"], " 祝福 ", 4))
    with db.reading() as session:
        assert bd.load_settings(session) == bd.BirthdaySettings(10, True, ["志愿服务"], "祝福", 4)
    with db.transaction() as session:
        with pytest.raises(bd.BirthdayError, match="2 张或 4 张"):
            bd.save_settings(session, bd.BirthdaySettings(10, False, [], "", 3))
        with pytest.raises(bd.BirthdayError, match="提醒天数"):
            bd.save_settings(session, bd.BirthdaySettings(-1, False, [], "", 2))
