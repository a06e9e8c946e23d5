"""Meetings, the rest of the rules on their lines (tests/MUTANTS.md, core/meetings/): the township's count
of missed periods (`missing_per_branch`) said branch by branch as compliance() says it, on every month's
last day and the day after, for 党小组 that form, end or have no one left, meetings on a period's first and
last day; the checks of one record (a time on its limits, a resolution due on the meeting's day, more than
half present or exactly half); who is 应到 on the day of joining and of leaving."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import DateError, parse_date
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.meetings.compliance import group_columns, missing_per_branch
from dangjian_desktop.core.models import Branch, Meeting, Member
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

D = dt.date
Y = 2026
LONG_AGO = D(2000, 7, 1)
G1, G2, G3, G4, G5 = "第一党小组", "第二党小组", "第三党小组", "第四党小组", "第十党小组"


def _person(
    branch_id: int, name: str, group: str, join: dt.date | None = LONG_AGO, **values: object
) -> Member:
    return Member(
        branch_id=branch_id,
        name=name,
        party_group=group,
        join_date=join,
        join_md=join.strftime("%m-%d") if join else None,
        birth_date=D(1970, 5, 5),
        **values,
    )


def _month_end(month: int) -> dt.date:
    return D(Y + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _county(db: Database) -> dict[str, int]:
    """Five branches whose dates sit on the lines; returns their ids by a short name."""
    with db.transaction() as s:
        names = ("a", "b", "c", "d", "e")
        branches = {n: Branch(name=f"{n}村党支部") for n in names}
        s.add_all(branches.values())
        s.flush()
        ids = {n: b.id for n, b in branches.items()}
        a, b, c, e = ids["a"], ids["b"], ids["c"], ids["e"]
        s.add_all(
            [
                # a: G1 all along (one undated), G2 forms on 31 March, G3 ends on 30 June (left that day),
                # G4 has leavers only (left before the year: never owes), G5 has one who left on 15 May
                _person(a, "一甲", G1, D(1990, 3, 31)),
                _person(a, "一乙", G1, None),
                _person(a, "二甲", G2, _month_end(3)),
                _person(a, "三甲", G3, D(2010, 7, 1), status="转出", left_date=_month_end(6)),
                _person(a, "四甲", G4, D(2010, 7, 1), status="转出", left_date=D(Y - 1, 12, 31)),
                _person(a, "五甲", G5, D(2010, 7, 1), status="去世", left_date=D(Y, 5, 15)),
                _person(a, "五乙", G5, D(2010, 7, 1), status="去世", left_date=None),  # gone, no date
                _person(a, "无组", "", D(2010, 7, 1)),
                # b: one group joined on 1 August (the first day of a month), one member leaving on 1 Sept
                _person(b, "乙一", G1, D(Y, 8, 1)),
                _person(b, "乙二", G2, D(2001, 1, 1), status="转出", left_date=D(Y, 9, 1)),
                _person(b, "乙三", G2, D(Y, 12, 31)),  # joins on the year's last day
                _person(
                    b, "乙四", G3, D(2001, 1, 1), status="转出", left_date=D(Y, 2, 10)
                ),  # G3 owes January
                # G4 from the last day of June (joined that day) until September
                _person(b, "乙五", G4, _month_end(6), status="转出", left_date=D(Y, 9, 15)),
                _person(b, "乙六", "", D(2001, 1, 1), status="转出", left_date=D(Y, 10, 1)),  # in no group
                # c: members but not one meeting; e: a group that forms next year
                _person(c, "丙一", G1, D(2001, 1, 1)),
                _person(c, "丙二", G2, None),  # G2: only a member with no 入党日期, there all along
                _person(e, "戊一", G1, D(Y + 1, 1, 1)),
            ]
        )
        held = [
            (a, m.GENERAL_ASSEMBLY, D(Y - 1, 12, 31), ""),  # the branch's first record: 启用 December before
            (a, m.GENERAL_ASSEMBLY, D(Y, 3, 31), ""),  # Q1's last day
            (a, m.GENERAL_ASSEMBLY, D(Y, 7, 1), ""),  # Q3's first day
            (a, m.COMMITTEE, D(Y, 1, 1), ""),
            (a, m.COMMITTEE, D(Y, 2, 28), ""),
            (a, m.COMMITTEE, D(Y, 4, 1), ""),
            (a, m.COMMITTEE, D(Y, 12, 31), ""),
            (a, m.LECTURE, D(Y, 6, 30), ""),
            (a, m.THEME_DAY, D(Y, 5, 1), ""),
            (a, m.THEME_DAY, D(Y, 5, 31), ""),
            (a, m.THEME_DAY, D(Y, 11, 30), G1),  # a group kept on another kind (older records)
            (a, m.ORG_LIFE, D(Y + 1, 1, 1), ""),
            (a, m.REVIEW, D(Y, 12, 31), ""),
            (a, m.GROUP, D(Y, 1, 1), G1),
            (a, m.GROUP, D(Y, 1, 31), G5),
            (a, m.GROUP, D(Y, 2, 28), G1),
            (a, m.GROUP, D(Y, 2, 1), G5),
            (a, m.GROUP, D(Y, 3, 31), G1),
            (a, m.GROUP, D(Y, 3, 31), G5),
            (a, m.GROUP, D(Y, 4, 1), G1),
            (a, m.GROUP, D(Y, 4, 1), G2),
            (a, m.GROUP, D(Y, 4, 2), G3),
            (a, m.GROUP, D(Y, 4, 3), G5),
            (a, m.GROUP, D(Y, 5, 2), G1),
            (a, m.GROUP, D(Y, 5, 3), G2),
            (a, m.GROUP, D(Y, 5, 4), G3),  # G5 not in May: its last member left on 15 May
            (a, m.GROUP, D(Y, 6, 29), G1),
            (a, m.GROUP, D(Y, 6, 30), G2),
            (a, m.GROUP, D(Y, 7, 1), G3),  # July: G3 is gone (June owed, not met)
            (a, m.GROUP, D(Y, 7, 2), G1),
            (a, m.GROUP, D(Y, 7, 3), G2),
            (a, m.GROUP, D(Y, 8, 1), G1),
            (a, m.GROUP, D(Y, 8, 2), G1),  # twice, and G2 not at all
            (a, m.GROUP, D(Y, 9, 30), G1),
            (a, m.GROUP, D(Y, 9, 30), G2),
            (a, m.GROUP, D(Y, 10, 1), ""),  # no group named: meets no group's duty
            (a, m.GROUP, D(Y, 10, 2), G4),  # a group of leavers: owes nothing, met anyway
            (a, m.GROUP, D(Y, 11, 1), G1),
            (a, m.GROUP, D(Y, 11, 2), G2),
            (a, m.GROUP, D(Y, 12, 31), G1),
            (a, m.GROUP, D(Y, 12, 31), G2),
            (b, m.THEME_DAY, D(Y, 3, 1), ""),  # 启用 March
            (b, m.GROUP, D(Y, 8, 31), G1),
            (b, m.GROUP, D(Y, 8, 31), G2),
            (b, m.GROUP, D(Y, 9, 1), G2),
            (b, m.COMMITTEE, D(Y, 10, 15), ""),
            (b, "不认识的会", D(Y, 4, 1), ""),
            (e, m.GROUP, D(Y, 6, 1), G1),
        ]
        s.add_all(Meeting(branch_id=i, kind=k, date=day, party_group=g) for i, k, day, g in held)
    return ids


def _group_firsts(db: Database) -> dict[tuple[int, str], tuple[int, dt.date | None]]:
    """What core.township reads in its one scan of the members."""
    with db.reading() as s:
        query = (
            select(Member.branch_id, Member.party_group, *group_columns())
            .where(Member.party_group != "")
            .group_by(Member.branch_id, Member.party_group)
        )
        return {(b, g): (undated, first) for b, g, undated, first in s.execute(query)}


# every month's last day and the day after, the first day of the year and the day before it
DAYS = sorted(
    {D(Y, 1, 1), D(Y - 1, 12, 31)}
    | {_month_end(n) for n in range(1, 13)}
    | {_month_end(n) + dt.timedelta(days=1) for n in range(1, 13)}
)
RULES = {
    "defaults": ({}, ""),
    "quarterly-groups-yearly-lectures-start-in-May": (
        {m.GROUP: m.QUARTERLY, m.LECTURE: m.YEARLY, m.THEME_DAY: m.NOT_REQUIRED},
        "2026-05",
    ),
    "yearly-groups-monthly-assemblies-start-unreadable": (
        {m.GROUP: m.YEARLY, m.GENERAL_ASSEMBLY: m.MONTHLY, m.REVIEW: m.QUARTERLY},
        "五月",
    ),
    "no-group-meetings-start-in-2025": ({m.GROUP: m.NOT_REQUIRED}, "2025-01"),
}


@pytest.mark.parametrize("rules", RULES, ids=list(RULES))
def test_missed_periods_per_branch_as_each_branch_counts_them(db: Database, rules: str) -> None:
    ids = _county(db)
    freqs, start = RULES[rules]
    with db.transaction() as s:
        for kind, freq in freqs.items():
            m.set_frequency(s, kind, freq)
        if start:
            settings.put(s, m.START_MONTH, start)
    firsts = _group_firsts(db)
    seen = set()
    with db.reading() as s:
        for today in DAYS:
            for year in {today.year, Y}:
                expected = {i: len(m.compliance(s, i, year, today=today).missing) for i in ids.values()}
                got = missing_per_branch(s, year, today=today, group_firsts=firsts)
                assert got == expected, (today, year)
                seen.update(expected.values())
    assert len(seen) > 8  # the counts differ from branch to branch and day to day


def test_missed_periods_counted_by_hand(db: Database) -> None:
    """The defaults on 30 June and 1 July, in branch a (启用 December 2025), named one by one."""
    ids = _county(db)
    firsts = _group_firsts(db)
    with db.reading() as s:
        got = missing_per_branch(s, Y, today=D(Y, 7, 1), group_firsts=firsts)
        on_june_30 = missing_per_branch(s, Y, today=D(Y, 6, 30), group_firsts=firsts)
        comp = m.compliance(s, ids["a"], Y, today=D(Y, 7, 1))
        nothing_over = missing_per_branch(s, Y + 1, today=D(Y + 1, 1, 31), group_firsts=firsts)
    # 党小组会: January and February G3 did not meet; March G2 (formed on its last day) and G3 did not;
    # May G5 is gone (its last member left on 15 May); June G3 is gone (left on its last day)
    assert sorted((r.kind, r.period, r.missing_groups) for r in comp.missing) == sorted(
        [
            (m.GENERAL_ASSEMBLY, "2026-Q2", ()),
            (m.COMMITTEE, "2026-03", ()),
            (m.COMMITTEE, "2026-05", ()),
            (m.COMMITTEE, "2026-06", ()),
            (m.LECTURE, "2026-Q1", ()),
            (m.THEME_DAY, "2026-01", ()),
            (m.THEME_DAY, "2026-02", ()),
            (m.THEME_DAY, "2026-03", ()),
            (m.THEME_DAY, "2026-04", ()),
            (m.THEME_DAY, "2026-06", ()),
            (m.GROUP, "2026-01", (G3,)),
            (m.GROUP, "2026-02", (G3,)),
            (m.GROUP, "2026-03", (G2, G3)),
        ]
    )
    assert got[ids["a"]] == 13
    # on 30 June, June and the second quarter are in progress: 支委会 March and May, 党课 Q1,
    # 主题党日 January to April, 党小组会 January to March
    assert on_june_30[ids["a"]] == 2 + 1 + 4 + 3
    # d, no members and no record (no 启用 month): every period over is missed, but no 党小组会
    assert (got[ids["d"]], on_june_30[ids["d"]]) == (6 + 6 + 2 + 2, 5 + 5 + 1 + 1)
    assert nothing_over == dict.fromkeys(ids.values(), 0)  # on 31 January no period of 2027 is over


# --- one record: its checks -------------------------------------------------------------------------

TODAY = D(2025, 6, 15)  # before the machine's date: a meeting on TODAY + 1 is in the future here only
MEETING_DAY = D(2025, 6, 10)


def _add(db: Database, branch_id: int, name: str, group: str = G1, **kw: object) -> int:
    with db.transaction() as s:
        kw.setdefault("join_date", "2010-07-01")
        kw.setdefault("full_date", "2011-07-01")
        return add_member(s, branch_id, MemberDraft(name=name, gender="男", party_group=group, **kw))


def _errors(db: Database, branch_id: int, today: dt.date = TODAY, **draft: object) -> list[str]:
    draft.setdefault("date", MEETING_DAY)
    draft.setdefault("kind", m.THEME_DAY)
    with db.reading() as s:
        return m.check_meeting(s, branch_id, m.MeetingDraft(**draft), today=today).errors


def _warnings(db: Database, branch_id: int, **draft: object) -> list[str]:
    draft.setdefault("date", MEETING_DAY)
    with db.reading() as s:
        check = m.check_meeting(s, branch_id, m.MeetingDraft(**draft), today=TODAY)
    assert check.errors == []
    return check.warnings


def test_a_meeting_on_today_and_not_the_day_after(db: Database, branch_id: int) -> None:
    assert _errors(db, branch_id, date=TODAY) == []
    assert _errors(db, branch_id, date=TODAY + dt.timedelta(days=1)) == [
        "会议日期 2025年6月16日 晚于今天，记录只能补记已召开的会议"
    ]
    # the today given is the one read, not the machine's
    with db.transaction() as s, pytest.raises(m.MeetingError, match="^会议日期 2025年6月16日 晚于今天"):
        m.add_meeting(s, branch_id, m.MeetingDraft(kind=m.LECTURE, date=D(2025, 6, 16)), today=TODAY)


def test_no_date_a_wrong_date_and_an_unknown_kind_in_words(db: Database, branch_id: int) -> None:
    assert _errors(db, branch_id, date="") == ["请填写会议日期"]
    with pytest.raises(DateError) as wrong:
        parse_date("2025-02-30")
    assert _errors(db, branch_id, date="2025-02-30") == [f"会议日期：{wrong.value}"]
    kinds = "支部党员大会、支部委员会会议、党小组会、党课、主题党日、组织生活会、民主评议党员"
    assert _errors(db, branch_id, kind="茶话会", date="") == [f"会议类型“茶话会”不认识，应为：{kinds}"]
    assert m.normalize_kind(" 党员大会 ") == m.GENERAL_ASSEMBLY
    assert m.normalize_kind("支委会") == m.COMMITTEE
    assert m.normalize_kind("小组会") == m.GROUP
    assert m.normalize_kind("民主评议") == m.REVIEW
    assert m.normalize_kind("党课") == m.LECTURE


def test_a_party_group_not_on_that_days_roster_names_those_that_are(db: Database, branch_id: int) -> None:
    assert _errors(db, branch_id, kind=m.GROUP, party_group=G1) == [
        f"2025年6月10日花名册中没有“{G1}”（现有：无）"
    ]
    _add(db, branch_id, "十组", G5)
    _add(db, branch_id, "三组", G3)
    _add(db, branch_id, "二组", G2)
    _add(db, branch_id, "无组", "")
    _add(db, branch_id, "后来", G4, join_date="2025-06-11", full_date="")
    assert _errors(db, branch_id, kind=m.GROUP, party_group=G4) == [
        f"2025年6月10日花名册中没有“{G4}”（现有：{G2}、{G3}、{G5}）"  # in the order of their numbers
    ]
    assert _errors(db, branch_id, kind=m.GROUP, party_group=f"  {G2} ") == []
    assert _errors(db, branch_id, kind=m.GROUP, party_group=" ") == ["党小组会请选择是哪个党小组"]


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        ("9:05", "9:06", []),
        ("0:00", "23:59", []),
        ("09：30", "10:00", []),  # the full-width colon of a Chinese keyboard
        ("9:30", "9:30", ["结束时间应晚于开始时间"]),
        ("9:31", "9:30", ["结束时间应晚于开始时间"]),
        ("24:00", "", ["开始时间应写成 09:30 这样的时:分"]),
        ("", "9:60", ["结束时间应写成 09:30 这样的时:分"]),
        ("", "", []),
        ("10:00", "", []),
    ],
)
def test_times_on_their_limits(db: Database, branch_id: int, start: str, end: str, errors: list[str]) -> None:
    assert _errors(db, branch_id, start_time=start, end_time=end) == errors
    if not errors:
        with db.transaction() as s:
            saved = m.add_meeting(
                s,
                branch_id,
                m.MeetingDraft(kind=m.LECTURE, date=MEETING_DAY, start_time=start, end_time=end),
                today=TODAY,
            )
        with db.reading() as s:
            stored = s.get(Meeting, saved.meeting_id)
            assert (stored.start_time, stored.end_time) == tuple(
                f"{int(t.replace('：', ':').split(':')[0]):02d}:{t.replace('：', ':').split(':')[1]}"
                if t
                else ""
                for t in (start, end)
            )


def test_host_recorder_and_attendance_of_people_not_there(db: Database, branch_id: int) -> None:
    a = _add(db, branch_id, "甲")
    b = _add(db, branch_id, "乙")
    gone = _add(db, branch_id, "走")
    with db.transaction() as s:
        leave_roster(s, gone, "转出", MEETING_DAY, "外迁", today=TODAY)  # left on the meeting's day
    day = "2025年6月10日"
    assert _errors(db, branch_id, host_id=gone, recorder_id=a) == [f"主持人应是{day}在册的本支部党员"]
    assert _errors(db, branch_id, host_id=a, recorder_id=gone) == [f"记录人应是{day}在册的本支部党员"]
    assert _errors(db, branch_id, present_ids=[b, a], absent={b: "病假", a: "事假"}) == [
        "甲 既标为出席又标为缺席",
        "乙 既标为出席又标为缺席",
    ]
    assert _errors(db, branch_id, present_ids=[a], absent={gone: "病假"}) == [
        f"编号 {gone} 的党员 不在本次主题党日的应到人员中，如确实到会请写入“列席”"
    ]
    # without an attendance list, the ids are not looked at
    assert _errors(db, branch_id, present_ids=[gone], absent={a: ""}, record_attendance=False) == []
    with db.transaction() as s:  # one day earlier he was there
        m.add_meeting(
            s,
            branch_id,
            m.MeetingDraft(
                kind=m.THEME_DAY,
                date=D(2025, 6, 9),
                host_id=gone,
                present_ids=[gone, a],
                absent={b: " 病假 "},
            ),
            today=TODAY,
        )
    with db.reading() as s:
        detail = m.meeting_detail(s, m.list_meetings(s, branch_id)[0].id)
    assert (detail.expected_count, [x.reason for x in detail.attendance if not x.present]) == (3, ["病假"])


def test_resolutions_due_on_the_meetings_day_not_before(db: Database, branch_id: int) -> None:
    with pytest.raises(DateError) as wrong:
        parse_date("明年")
    resolutions = [
        m.ResolutionDraft("当天办", deadline=MEETING_DAY),
        m.ResolutionDraft("  ", deadline=None),
        m.ResolutionDraft("前一天", deadline=MEETING_DAY - dt.timedelta(days=1)),
        m.ResolutionDraft("乱写", deadline="明年"),
    ]
    assert _errors(db, branch_id, resolutions=resolutions) == [
        "第2条决议内容为空",
        "第3条决议的时限早于会议日期",
        f"第4条决议的时限：{wrong.value}",
    ]


def test_a_vote_needs_more_than_half_of_those_who_may_vote(db: Database, branch_id: int) -> None:
    full = [_add(db, branch_id, f"正{i}", is_committee=i < 2) for i in range(4)]
    on_the_day = _add(db, branch_id, "当天转正", full_date=MEETING_DAY.isoformat(), category="正式党员")
    probationary = _add(db, branch_id, "预备", full_date="", category="预备党员", join_date="2025-01-01")
    # a 支委 who becomes 正式党员 the day after: votes in the 支委会, not in the 党员大会
    not_yet = _add(db, branch_id, "次日转正", full_date="2025-06-11", category="正式党员", is_committee=True)
    voters = [*full, on_the_day]  # 5 may vote: the day of 转正 counts, the day after does not
    assembly = {"kind": m.GENERAL_ASSEMBLY, "has_vote": True}
    three = {"present_ids": [*voters[:3], probationary, not_yet]}
    assert _warnings(db, branch_id, **assembly, **three) == []
    two = {"present_ids": [*voters[:2], probationary, not_yet]}
    assert _warnings(db, branch_id, **assembly, **two) == [
        "党员大会进行表决须超过半数有表决权的党员到会：应到 5 人，实到 2 人，表决结果可能无效"
    ]
    assert _warnings(db, branch_id, **assembly, **two, record_attendance=False) == []
    assert _warnings(db, branch_id, kind=m.GENERAL_ASSEMBLY, has_vote=False, **two) == []
    assert _warnings(db, branch_id, kind=m.THEME_DAY, has_vote=True, present_ids=[]) == []
    with db.reading() as s:
        people = {p.name: p for p in m.roster_on(s, branch_id, MEETING_DAY)}
    assert [people[n].can_vote for n in ("正0", "当天转正", "预备", "次日转正")] == [True, True, False, False]
    assert [people[n].is_committee for n in ("正0", "正1", "正2")] == [True, True, False]
    # 支委会: the 支委 are the voters, whatever their category; one of two is half
    committee = {"kind": m.COMMITTEE, "has_vote": True}
    assert _warnings(db, branch_id, **committee, present_ids=[full[0]]) == [
        "支委会进行表决须超过半数支委到会：应到 3 人，实到 1 人，表决结果可能无效"
    ]
    assert _warnings(db, branch_id, **committee, present_ids=[full[0], not_yet]) == []
    with db.transaction() as s:
        leave_roster(s, not_yet, "转出", MEETING_DAY, "外迁", today=TODAY)
    assert _warnings(db, branch_id, **committee, present_ids=[full[0]]) == [  # one of two: exactly half
        "支委会进行表决须超过半数支委到会：应到 2 人，实到 1 人，表决结果可能无效"
    ]
    assert _warnings(db, branch_id, **committee, present_ids=full[:2]) == []


def test_a_vote_with_no_one_who_may_vote_warns_nothing(db: Database, branch_id: int) -> None:
    _add(db, branch_id, "预备", full_date="", category="预备党员", join_date="2025-01-01")
    assert _warnings(db, branch_id, kind=m.GENERAL_ASSEMBLY, has_vote=True, present_ids=[]) == []
    assert _warnings(db, branch_id, kind=m.COMMITTEE, has_vote=True, present_ids=[]) == []


# --- who is 应到 --------------------------------------------------------------------------------------


def test_on_the_roster_from_the_day_of_joining_until_the_day_before_leaving(
    db: Database, branch_id: int
) -> None:
    with db.transaction() as s:
        s.add_all(
            [
                _person(branch_id, "当天入党", G2, MEETING_DAY),
                _person(branch_id, "次日入党", G1, MEETING_DAY + dt.timedelta(days=1)),
                _person(branch_id, "当天离开", G1, status="转出", left_date=MEETING_DAY),
                _person(
                    branch_id, "次日离开", G1, status="转出", left_date=MEETING_DAY + dt.timedelta(days=1)
                ),
                _person(branch_id, "无日期去世", G1, status="去世", left_date=None),
                _person(branch_id, "无入党日期", G1, None),
                _person(branch_id, "在册", G1, category="预备党员", full_date=None),
            ]
        )
        other = Branch(name="别村党支部")
        s.add(other)
        s.flush()
        s.add(_person(other.id, "别村", G1))
    with db.reading() as s:
        people = m.roster_on(s, branch_id, MEETING_DAY)
        group_two = m.expected_people(s, branch_id, m.GROUP, MEETING_DAY, G2)
        groups = m.party_groups_on(s, branch_id, MEETING_DAY)
    assert [p.name for p in people] == ["次日离开", "无入党日期", "在册", "当天入党"]  # 党小组, then id
    assert [(p.party_group, p.is_committee) for p in people] == [(G1, False)] * 3 + [(G2, False)]
    assert [p.can_vote for p in people] == [True, True, False, True]  # 正式党员 without 转正 date
    assert [p.name for p in group_two] == ["当天入党"]
    assert groups == [G1, G2]
