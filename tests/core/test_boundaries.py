"""Boundaries no other test tried: each rule at its line, one below and one above.

Each case here was found by planting a small slip in the code (a `<` for a `<=`, a 6 for a 7) that the
rest of the suite let through; each test fails on that slip and passes on the rule as written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core import cards
from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.backup import BackupInfo, backups_to_keep
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member, check_member, join_md
from dangjian_desktop.core.stats import AGE_BANDS, age_band, roster_stats

D = dt.date


def _member(db: Database, branch_id: int, name: str, join: D, full: D | None) -> int:
    with db.transaction() as session:
        member = Member(
            branch_id=branch_id,
            name=name,
            join_date=join,
            full_date=full,
            join_md=join_md(join),
            status="在册",
            category="正式党员",
        )
        session.add(member)
        session.flush()
        return member.id


# --- 光荣在党50年: reached on 七一 itself counts as "by July 1st" --------------------------------------


@pytest.mark.parametrize(
    ("full", "by_july_first"),
    [(D(1976, 6, 30), True), (D(1976, 7, 1), True), (D(1976, 7, 2), False)],
)
def test_medal_reached_on_july_first_counts(
    db: Database, branch_id: int, full: D, by_july_first: bool
) -> None:
    _member(db, branch_id, "老党员", D(1975, 7, 1), full)
    with db.reading() as session:
        (row,) = bd.medal_candidates(session, [2026], branch_id=branch_id)
    assert row.reach_date == D(2026, full.month, full.day)
    assert row.by_july_first is by_july_first


# --- joining on the 18th birthday; 转正日期 against 入党日期 ------------------------------------------


@pytest.mark.parametrize(
    ("join", "ok"), [(D(2018, 3, 14), False), (D(2018, 3, 15), True), (D(2018, 3, 16), True)]
)
def test_join_on_the_18th_birthday(join: D, ok: bool) -> None:
    draft = MemberDraft(name="张三", birth_date="2000-03-15", join_date=join.isoformat())
    check = check_member(draft, today=D(2026, 12, 1))
    assert ("join_date" not in check.errors) is ok


@pytest.mark.parametrize(
    ("full", "ok"), [(D(2019, 3, 31), False), (D(2019, 4, 1), False), (D(2019, 4, 2), True)]
)
def test_full_date_must_be_after_join_date(full: D, ok: bool) -> None:
    draft = MemberDraft(
        name="张三", birth_date="1980-01-01", join_date="2019-04-01", full_date=full.isoformat()
    )
    check = check_member(draft, today=D(2026, 12, 1))
    assert ("full_date" not in check.errors) is ok


# --- age bands: 35 is "35岁及以下" -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (34, AGE_BANDS[0]),
        (35, AGE_BANDS[0]),
        (36, AGE_BANDS[1]),
        (45, AGE_BANDS[1]),
        (46, AGE_BANDS[2]),
        (60, AGE_BANDS[2]),
        (61, AGE_BANDS[3]),
    ],
)
def test_age_band_edges(age: int, band: str) -> None:
    assert age_band(age) == band


def test_member_aged_exactly_35_on_the_day_is_counted_young(db: Database, branch_id: int) -> None:
    today = D(2026, 12, 1)
    with db.transaction() as session:
        for name, birth in (
            ("三十五岁", "1991-12-01"),
            ("明天三十五", "1991-12-02"),
            ("三十六岁", "1990-12-01"),
        ):
            add_member(session, branch_id, MemberDraft(name=name, birth_date=birth, join_date="2020-01-01"))
    from dangjian_desktop.core.roster import list_members

    with db.reading() as session:
        stats = roster_stats(list_members(session), today)
    assert stats.by_age_band[AGE_BANDS[0]] == 2
    assert stats.by_age_band[AGE_BANDS[1]] == 1


# --- the current month on its last day is 进行中, the day after it is 缺 -------------------------------


@pytest.mark.parametrize(
    ("today", "state"),
    [(D(2026, 3, 30), m.IN_PROGRESS), (D(2026, 3, 31), m.IN_PROGRESS), (D(2026, 4, 1), m.MISSING)],
)
def test_a_month_is_missed_only_after_its_last_day(
    db: Database, branch_id: int, today: D, state: str
) -> None:
    with db.reading() as session:
        comp = m.compliance(session, branch_id, 2026, today=today)
    march = [r for r in comp.rows if r.kind == "主题党日" and r.period == "2026-03"]
    assert [r.state for r in march] == [state]


# --- 支部定 may not be dated after the card went on the wall -------------------------------------------


def _decided_and_posted_card(db: Database, branch_id: int) -> int:
    with db.transaction() as session:
        member_id = add_member(session, branch_id, MemberDraft(name="李四", join_date="2000-07-01"))
        card_id = cards.create_card(session, member_id, 2026, post="政策宣传岗")
        today = D(2026, 6, 30)
        for step, day in zip(
            cards.STEPS, (D(2026, 1, 5), D(2026, 1, 15), D(2026, 1, 25), D(2026, 2, 5)), strict=True
        ):
            cards.record_step(session, card_id, step, day, today=today)
        cards.post_card(session, card_id, D(2026, 2, 10), today=today)
    return card_id


@pytest.mark.parametrize(
    ("day", "ok"), [(D(2026, 2, 9), True), (D(2026, 2, 10), True), (D(2026, 2, 11), False)]
)
def test_decided_date_against_posting(db: Database, branch_id: int, day: D, ok: bool) -> None:
    card_id = _decided_and_posted_card(db, branch_id)
    if ok:
        with db.transaction() as session:
            cards.record_step(session, card_id, "支部定", day, today=D(2026, 6, 30))
        with db.reading() as session:
            assert cards.get_card(session, card_id).step("支部定").date == day
    else:
        with pytest.raises(cards.CardError, match="上墙"), db.transaction() as session:
            cards.record_step(session, card_id, "支部定", day, today=D(2026, 6, 30))
        with db.reading() as session:
            assert cards.get_card(session, card_id).step("支部定").date == D(2026, 2, 5)


# --- backups: which file of a bucket is kept, and the 7-day daily window -----------------------------


def _info(name: str, when: dt.datetime) -> BackupInfo:
    return BackupInfo(Path(name), when, "periodic", 1)


def test_rotation_keeps_the_newest_of_each_day() -> None:
    now = dt.datetime(2026, 11, 22, 12, 0)
    day = now - dt.timedelta(days=3)
    # newest first, as list_backups() returns them; three on one day, nothing among the newest three
    recent = [_info(f"recent{i}", now - dt.timedelta(minutes=i)) for i in range(3)]
    same_day = [_info(f"day{h}", day.replace(hour=h)) for h in (20, 14, 8)]
    keep = backups_to_keep([*recent, *same_day], now)
    assert Path("day20") in keep
    assert Path("day14") not in keep and Path("day8") not in keep


def test_daily_window_is_seven_days() -> None:
    """A backup exactly 7 days old is still the day's own; one an hour older then starts the weekly
    bucket and is kept too. A 6-day window puts both in one week (the older one goes); an 8-day window
    puts both in one day (the older one goes)."""
    now = dt.datetime(2026, 11, 25, 12, 0)  # a Wednesday: a week earlier is mid-week, same ISO week all day
    recent = [_info(f"recent{i}", now - dt.timedelta(minutes=i)) for i in range(3)]
    edge = _info("edge", now - dt.timedelta(days=7))
    older = _info("older", now - dt.timedelta(days=7, hours=1))
    keep = backups_to_keep([*recent, edge, older], now)
    assert Path("edge") in keep and Path("older") in keep


def test_a_second_past_seven_days_is_weekly() -> None:
    now = dt.datetime(2026, 11, 25, 12, 0)
    recent = [_info(f"recent{i}", now - dt.timedelta(minutes=i)) for i in range(3)]
    edge = _info("edge", now - dt.timedelta(days=7, seconds=1))
    older = _info("older", now - dt.timedelta(days=7, hours=1))  # same day, same ISO week
    keep = backups_to_keep([*recent, edge, older], now)
    assert Path("edge") in keep and Path("older") not in keep
