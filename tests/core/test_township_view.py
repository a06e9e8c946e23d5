"""The township view (乡镇汇总) is counted for all branches at once by grouped SQL: it must say exactly
what each branch's own computation says (roster_stats, compliance, completion, political_birthdays),
on a hand-made township whose dates sit on the lines: a meeting on the last day of a month or quarter
and on the day after, members born on the day an age band ends, a 党小组 that forms or ends on a
period's last day, a branch with no members and one with no meetings. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dangjian_desktop.core import settings
from dangjian_desktop.core.birthdays import political_birthdays
from dangjian_desktop.core.cards import completion
from dangjian_desktop.core.dates import add_years
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.develop.stats import develop_stats
from dangjian_desktop.core.meetings import compliance
from dangjian_desktop.core.meetings.kinds import (
    COMMITTEE,
    GENERAL_ASSEMBLY,
    GROUP,
    LECTURE,
    NOT_REQUIRED,
    ORG_LIFE,
    QUARTERLY,
    START_MONTH,
    THEME_DAY,
    YEARLY,
    set_frequency,
)
from dangjian_desktop.core.models import Branch, CardClause, Meeting, Member, ResponsibilityCard
from dangjian_desktop.core.roster import list_members
from dangjian_desktop.core.stats import AGE_BANDS, roster_stats
from dangjian_desktop.core.township import branch_summaries

D = dt.date
# Each day the view is judged on: the last day of a month or quarter and the day after, a leap day's
# neighbours, the year's last day and the next year's first.
TODAYS = (
    D(2026, 2, 28),
    D(2026, 3, 1),
    D(2026, 3, 31),
    D(2026, 4, 1),
    D(2026, 6, 30),
    D(2026, 7, 1),
    D(2026, 11, 22),
    D(2026, 12, 31),
    D(2027, 1, 1),
)
NAMES = ("甲村党支部", "乙村党支部（无会议）", "丙村党支部（无党员）", "丁村党支部（什么也没有）")
G1, G2, G3 = "第一党小组", "第二党小组", "第三党小组"


def _member(branch_id: int, name: str, **values: object) -> Member:
    join = values.setdefault("join_date", D(2000, 7, 1))
    values["join_md"] = join.strftime("%m-%d") if join else None  # type: ignore[union-attr]
    values.setdefault("birth_date", D(1970, 5, 5))
    return Member(branch_id=branch_id, name=name, **values)


def _members(a: int, b: int) -> list[Member]:
    people = [
        # 党小组 that exist on some period ends only: G2 from the last day of May (joined that day),
        # G3 until the last day of June (left that day: gone on it)
        _member(a, "一组甲", party_group=G1, join_date=D(1990, 3, 31)),
        _member(a, "一组乙", party_group=G1, join_date=None, birth_date=None),
        _member(a, "二组甲", party_group=G2, join_date=D(2026, 5, 31), category="预备党员"),
        _member(
            a, "三组甲", party_group=G3, join_date=D(2010, 7, 1), status="转出", left_date=D(2026, 6, 30)
        ),
        _member(a, "三组乙", party_group=G3, join_date=D(2010, 7, 1), status="去世", left_date=None),
        _member(a, "无组", party_group="", is_mobile=True, join_date=D(2016, 2, 29)),
        _member(a, "流动", party_group=G1, is_mobile=True, join_date=D(2025, 12, 1)),
        _member(a, "今年入党", party_group=G1, join_date=D(2026, 3, 15), category="预备党员"),
        _member(b, "乙村一", party_group=G1, join_date=D(1976, 4, 1), birth_date=D(1952, 2, 29)),
        _member(
            b, "乙村二", party_group=G2, join_date=D(2026, 7, 1), status="转出", left_date=D(2026, 12, 31)
        ),
    ]
    # born on the last day of each age band for every day judged, and the days either side
    for today in TODAYS:
        for years in (36, 46, 61):
            line = add_years(today, -years)
            for shift in (-1, 0, 1):
                day = line + dt.timedelta(days=shift)
                people.append(
                    _member(
                        a, f"生{day}", party_group=G1, birth_date=day, join_date=day + dt.timedelta(days=8000)
                    )
                )
    return people


def _leavers(c: int) -> list[Member]:
    """A branch with nobody on its roster, whose newest 入党日期 (in the group read first) is two years
    before the year's last day: 2年以上未发展 from the next day on."""
    gone = {"status": "转出", "left_date": D(2020, 1, 1)}
    return [
        _member(c, "早转出", party_group=G1, join_date=D(2024, 12, 31), birth_date=D(1990, 1, 1), **gone),
        _member(c, "更早转出", party_group=G2, join_date=D(2000, 7, 1), **gone),
    ]


def _meetings(a: int, c: int) -> list[Meeting]:
    held = [
        (a, GENERAL_ASSEMBLY, D(2025, 12, 31), ""),  # the branch's first record: 启用 2025-12
        (a, GENERAL_ASSEMBLY, D(2026, 3, 31), ""),  # Q1's last day
        (a, GENERAL_ASSEMBLY, D(2026, 7, 1), ""),  # Q3's first day, not Q2
        (a, COMMITTEE, D(2026, 1, 31), ""),
        (a, COMMITTEE, D(2026, 2, 28), ""),
        (a, COMMITTEE, D(2026, 4, 1), ""),  # April, not March
        (a, COMMITTEE, D(2026, 4, 30), ""),
        (a, LECTURE, D(2026, 6, 30), ""),
        (a, THEME_DAY, D(2026, 3, 1), ""),
        (a, ORG_LIFE, D(2027, 1, 1), ""),  # next year's
        (a, GROUP, D(2026, 1, 31), G1),
        (a, GROUP, D(2026, 3, 31), G1),
        (a, GROUP, D(2026, 4, 1), G1),
        (a, GROUP, D(2026, 4, 30), G2),  # before G2 had a member
        (a, GROUP, D(2026, 5, 1), G3),
        (a, GROUP, D(2026, 5, 31), G1),  # May: G2 (formed on its last day) did not meet
        (a, GROUP, D(2026, 6, 1), G2),
        (a, GROUP, D(2026, 7, 1), G3),  # after its last member left on 6月30日: June owed nothing by G3
        (a, GROUP, D(2026, 6, 30), G1),
        (a, GROUP, D(2026, 2, 1), ""),  # no group named: meets no group's duty
        (c, COMMITTEE, D(2026, 5, 1), ""),  # the only branch record: 启用 2026-05
        (c, "不认识的会", D(2026, 5, 2), ""),
    ]
    return [Meeting(branch_id=b, kind=kind, date=day, party_group=group) for b, kind, day, group in held]


def _cards(session, members: list[Member]) -> None:  # noqa: ANN001
    by_name = {m.name: m for m in members}

    def card(name: str, year: int, decided: dt.date | None, done: list[bool]) -> None:
        row = ResponsibilityCard(member_id=by_name[name].id, year=year, decided_date=decided)
        row.clauses = [
            CardClause(category="岗位职责", text=f"第{i}条", position=i, done=d) for i, d in enumerate(done)
        ]
        session.add(row)

    card("一组甲", 2026, D(2026, 3, 1), [True, True, False])
    card("二组甲", 2026, None, [True])  # a draft: not counted
    card("流动", 2026, D(2026, 3, 2), [False])
    card("一组甲", 2027, D(2027, 1, 1), [True])
    card("乙村一", 2026, D(2026, 3, 1), [])  # decided with no clauses: nothing to count


def _township(target, local: dict[str, str]):  # noqa: ANN001, ANN202
    db = open_database(target)
    with db.transaction() as session:
        # a township database: branches as merging makes them
        branches = [Branch(name=name, township="测试镇") for name in NAMES]
        session.add_all(branches)
        session.flush()
        a, b, c, _d = (branch.id for branch in branches)
        members = _members(a, b) + _leavers(c)
        session.add_all(members)
        session.add_all(_meetings(a, c))
        session.flush()
        _cards(session, members)
        if "start" in local:
            settings.put(session, START_MONTH, local["start"])
        for kind, freq in local.get("frequencies", {}).items():
            set_frequency(session, kind, freq)
    return db


def _one_by_one(session, today: dt.date) -> list[tuple]:  # noqa: ANN001
    """What each branch's own screens say, computed branch by branch (the view before grouped SQL)."""
    found = []
    for branch in session.scalars(select(Branch).order_by(Branch.name)):
        stats = roster_stats(list_members(session, branch_id=branch.id), today)
        joined = [
            d for d in session.scalars(select(Member.join_date).where(Member.branch_id == branch.id)) if d
        ]
        last = develop_stats(session, branch.id, today).last_new_member
        found.append(
            (
                branch.name,
                stats.total,
                stats.by_category.get("预备党员", 0),
                stats.mobile,
                {band: stats.by_age_band.get(band, 0) for band in AGE_BANDS},
                len(compliance(session, branch.id, today.year, today=today).missing),
                completion(session, today.year, branch_id=branch.id).overall.text(),
                len(political_birthdays(session, today, 30, branch_id=branch.id)),
                # 发展党员: this year's new members, from every member ever on the branch's roster
                sum(1 for day in joined if dt.date(today.year, 1, 1) <= day <= today),
                last is None or last < add_years(today, -2),
            )
        )
    return found


def _grouped(session, today: dt.date) -> list[tuple]:  # noqa: ANN001
    return [
        (
            s.name,
            s.members,
            s.probationary,
            s.mobile,
            s.age_bands,
            s.meetings_missing,
            s.cards_completion,
            s.birthdays_upcoming,
            s.new_this_year,
            s.no_new_member_in_two_years,
        )
        for s in branch_summaries(session, today)
    ]


LOCAL_RULES = {
    "defaults": {},
    "start-month-and-quarterly-groups": {
        "start": "2026-05",
        "frequencies": {GROUP: QUARTERLY, LECTURE: YEARLY, THEME_DAY: NOT_REQUIRED},
    },
    "unreadable-start-month": {"start": "五月", "frequencies": {GENERAL_ASSEMBLY: YEARLY}},
}


@pytest.mark.parametrize("rules", LOCAL_RULES, ids=list(LOCAL_RULES))
def test_grouped_view_equals_each_branch_counted_alone(new_target, rules: str) -> None:
    db = _township(new_target("township"), LOCAL_RULES[rules])
    seen_missing, seen_birthdays, seen_new, seen_no_new = set(), set(), set(), set()
    with db.reading() as session:
        for today in TODAYS:
            expected = _one_by_one(session, today)
            assert _grouped(session, today) == expected, today
            seen_missing.update(row[5] for row in expected)
            seen_birthdays.update(row[7] for row in expected)
            seen_new.update(row[8] for row in expected)
            seen_no_new.update(row[9] for row in expected)
        lines = {row[0]: row for row in _grouped(session, D(2026, 11, 22))}
    db.close()
    # the hand-made township is not vacuous: counts differ between branches and between days
    assert len(seen_missing) > 3 and len(seen_birthdays) > 1
    assert len(seen_new) > 2 and seen_no_new == {True, False}
    empty = lines["丙村党支部（无党员）"]
    assert empty[1:5] == (0, 0, 0, dict.fromkeys(AGE_BANDS, 0))
    assert lines["甲村党支部"][6] == "50.0%（2/4）"
    assert lines["乙村党支部（无会议）"][6] == "—"
