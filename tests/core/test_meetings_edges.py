"""Meetings: attendance rates at the year's edges, who is 应到 on the day one joins, names on the command
line (tests/MUTANTS.md: the edges mutation testing found untried)."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member
from tests.conftest import add_branch
from tests.core.logs import last_log

TODAY = dt.date(2026, 2, 1)


def _member(db: Database, branch_id: int, name: str, group: str, *, join: str = "2010-07-01", **kw) -> int:
    with db.transaction() as s:
        return add_member(
            s,
            branch_id,
            MemberDraft(
                name=name, join_date=join, full_date=kw.pop("full", "2011-07-01"), party_group=group, **kw
            ),
        )


def _held(
    db: Database, branch_id: int, kind: str, day: str, present: list[int], absent: dict[int, str]
) -> None:
    with db.transaction() as s:
        m.add_meeting(
            s, branch_id, m.MeetingDraft(kind=kind, date=day, present_ids=present, absent=absent), today=TODAY
        )


def test_attendance_rates_count_the_year_from_1_january_to_31_december(db: Database, branch_id: int) -> None:
    b = _member(db, branch_id, "乙", "第二党小组")
    a = _member(db, branch_id, "甲", "第一党小组")
    both = [a, b]
    # outside 2025 on either side, with everyone absent: would lower every rate if counted
    _held(db, branch_id, m.THEME_DAY, "2024-12-31", [], {a: "病假", b: "病假"})
    _held(db, branch_id, m.THEME_DAY, "2026-01-01", [], {a: "病假", b: "病假"})
    _held(db, branch_id, m.THEME_DAY, "2025-01-01", both, {})
    _held(db, branch_id, m.THEME_DAY, "2025-12-31", [a], {b: "事假"})
    _held(db, branch_id, m.LECTURE, "2025-06-30", [b], {a: "公出"})
    with db.transaction() as s:  # a record without an attendance list: a meeting, no one expected
        m.add_meeting(
            s,
            branch_id,
            m.MeetingDraft(kind=m.ORG_LIFE, date="2025-12-20", record_attendance=False),
            today=TODAY,
        )
    other_id = add_branch(db)
    c = _member(db, other_id, "丙", "第一党小组")
    _held(db, other_id, m.THEME_DAY, "2025-05-01", [c], {})
    with db.reading() as s:
        members, kinds = m.attendance_rates(s, branch_id, 2025)
    # by 党小组, then as entered
    assert [(r.member_id, r.name, r.party_group, r.expected, r.present) for r in members] == [
        (a, "甲", "第一党小组", 3, 2),
        (b, "乙", "第二党小组", 3, 2),
    ]
    assert [r.rate for r in members] == [2 / 3, 2 / 3]
    # in the order of the kinds, only kinds that met
    assert [(k.kind, k.meetings, k.expected, k.present, k.rate) for k in kinds] == [
        (m.LECTURE, 1, 2, 1, 0.5),
        (m.THEME_DAY, 2, 4, 3, 0.75),
        (m.ORG_LIFE, 1, 0, 0, None),
    ]


def test_no_rate_without_anyone_expected() -> None:
    assert m.MemberRate(1, "甲", "", 0, 0).rate is None
    assert m.MemberRate(1, "甲", "", 1, 0).rate == 0.0
    assert m.KindRate(m.THEME_DAY, 1, 0, 0).rate is None
    assert m.KindRate(m.THEME_DAY, 1, 1, 1).rate == 1.0


@pytest.mark.parametrize(
    ("join", "expected"), [("2025-06-14", True), ("2025-06-15", True), ("2025-06-16", False)]
)
def test_joined_the_day_before_on_or_after_the_meeting(
    db: Database, branch_id: int, join: str, expected: bool
) -> None:
    day = dt.date(2025, 6, 15)
    old = _member(db, branch_id, "老", "第一党小组")
    new = _member(db, branch_id, "新", "第一党小组", join=join, full="", category="预备党员")
    with db.reading() as s:
        people = {p.id: p for p in m.expected_people(s, branch_id, m.GENERAL_ASSEMBLY, day)}
    assert (new in people) is expected
    assert people[old].can_vote is True
    if expected:
        assert people[new].can_vote is False  # a 预备党员 attends without a vote


def test_expected_by_kind(db: Database, branch_id: int) -> None:
    day = dt.date(2025, 6, 15)
    chief = _member(db, branch_id, "书记", "第一党小组", is_committee=True)
    one = _member(db, branch_id, "一组", "第一党小组")
    two = _member(db, branch_id, "二组", "第二党小组")
    with db.reading() as s:
        committee = [p.id for p in m.expected_people(s, branch_id, m.COMMITTEE, day)]
        group_one = [p.id for p in m.expected_people(s, branch_id, m.GROUP, day, "第一党小组")]
        group_two = [p.id for p in m.expected_people(s, branch_id, m.GROUP, day, "第二党小组")]
        everyone = [p.id for p in m.expected_people(s, branch_id, m.THEME_DAY, day)]
    assert committee == [chief]
    assert group_one == [chief, one]
    assert group_two == [two]
    assert everyone == [chief, one, two]


def test_names_typed_on_the_command_line(db: Database, branch_id: int) -> None:
    day = dt.date(2025, 6, 15)
    a = _member(db, branch_id, "王一", "第一党小组")
    b = _member(db, branch_id, "李二", "第一党小组")
    _member(db, branch_id, "张三", "第一党小组")
    _member(db, branch_id, "张三", "第二党小组")
    with db.reading() as s:
        assert m.resolve_names(s, branch_id, [" 李二 ", "", "王一"], day) == [b, a]
        with pytest.raises(
            m.MeetingError, match="^2025年6月15日在册党员中有 2 人名叫“张三”，请在程序中勾选$"
        ):
            m.resolve_names(s, branch_id, ["王一", "张三"], day)
        with pytest.raises(m.MeetingError, match="^2025年6月15日在册党员中找不到：赵四、钱五$"):
            m.resolve_names(s, branch_id, ["赵四", "王一", "钱五"], day)


# --- what mutation testing found untried (tests/MUTANTS.md, core/meetings/) ---------------------------


def test_a_detail_gives_back_the_draft_it_was_saved_from(db: Database, branch_id: int) -> None:
    host = _member(db, branch_id, "王一", "第二党小组")
    recorder = _member(db, branch_id, "李二", "第二党小组")
    away = _member(db, branch_id, "赵三", "第二党小组")
    draft = m.MeetingDraft(
        kind=m.GROUP,
        date=dt.date(2025, 9, 5),
        party_group="第二党小组",
        title="九月小组会",
        start_time="09:00",
        end_time="11:30",
        place="村部",
        host_id=host,
        recorder_id=recorder,
        present_ids=[host, recorder],
        absent={away: "病假"},
        observers="驻村第一书记",
        topics=["秋收", "发展党员"],
        content="布置秋收。",
        votes="同意2票",
        has_vote=True,
        resolutions=[m.ResolutionDraft("帮扶秋收", "王一", dt.date(2025, 9, 30))],
        photos=[m.PhotoDraft(b"\xff\xd8jpeg", "会议现场")],
    )
    with db.transaction() as s:
        saved = m.add_meeting(s, branch_id, draft, today=TODAY)
    with db.reading() as s:
        again = m.meeting_detail(s, saved.meeting_id).draft()
    assert again == draft
    with db.transaction() as s:  # without an attendance list, the draft says so
        bare = m.add_meeting(
            s,
            branch_id,
            m.MeetingDraft(kind=m.THEME_DAY, date="2025-09-06", record_attendance=False),
            today=TODAY,
        )
    with db.reading() as s:
        empty = m.meeting_detail(s, bare.meeting_id).draft()
    assert (empty.record_attendance, empty.present_ids, empty.absent) == (False, [], {})


def test_an_update_is_checked_against_the_day_given_logged_and_returns_its_id(
    db: Database, branch_id: int
) -> None:
    a = _member(db, branch_id, "甲", "第一党小组")
    b = _member(db, branch_id, "乙", "第一党小组")
    c = _member(db, branch_id, "丙", "第一党小组")
    with db.transaction() as s:
        saved = m.add_meeting(s, branch_id, m.MeetingDraft(kind=m.THEME_DAY, date="2026-01-10"), today=TODAY)
    assert last_log(db) == ("新增会议记录", "2026-01-10 主题党日 ")
    later = m.MeetingDraft(kind=m.THEME_DAY, date="2026-02-02", title="补记")
    with db.transaction() as s, pytest.raises(m.MeetingError, match="晚于今天"):  # TODAY is 2026-02-01
        m.update_meeting(s, saved.meeting_id, later, today=TODAY)
    vote = m.MeetingDraft(
        kind="党员大会",
        date="2026-01-31",
        title="表决",
        present_ids=[a],
        absent={b: "病假", c: "事假"},
        has_vote=True,
    )
    with db.transaction() as s:
        result = m.update_meeting(s, saved.meeting_id, vote, today=TODAY)
    assert result.meeting_id == saved.meeting_id
    assert result.warnings == (
        "党员大会进行表决须超过半数有表决权的党员到会：应到 3 人，实到 1 人，表决结果可能无效",
    )
    assert last_log(db) == ("修改会议记录", "2026-01-31 支部党员大会 表决")
    with db.transaction() as s:
        m.delete_meeting(s, saved.meeting_id)
    assert last_log(db) == ("删除会议记录", "2026-01-31 支部党员大会 表决")
    with (
        db.transaction() as s,
        pytest.raises(m.MeetingError, match=f"^找不到编号为 {saved.meeting_id} 的会议记录$"),
    ):
        m.update_meeting(s, saved.meeting_id, vote, today=TODAY)


def test_someone_not_on_the_roster_is_named_by_number(db: Database, branch_id: int) -> None:
    a = _member(db, branch_id, "甲", "第一党小组")
    with db.reading() as s:
        check = m.check_meeting(
            s,
            branch_id,
            m.MeetingDraft(kind=m.THEME_DAY, date="2025-06-15", present_ids=[a, a + 100]),
            today=TODAY,
        )
    assert check.errors == [f"编号 {a + 100} 的党员 不在本次主题党日的应到人员中，如确实到会请写入“列席”"]


def test_a_wrong_frequency_is_refused_in_words(db: Database) -> None:
    with (
        db.transaction() as s,
        pytest.raises(m.MeetingError, match="^召开频次应为：每月、每季度、每年、不要求$"),
    ):
        m.set_frequency(s, m.LECTURE, "每周")


def test_expected_without_a_group_named_and_the_groups_in_number_order(db: Database, branch_id: int) -> None:
    day = dt.date(2025, 6, 15)
    loose = _member(db, branch_id, "未分组", "")
    _member(db, branch_id, "三组", "第三党小组")
    _member(db, branch_id, "二组", "第二党小组")
    with db.reading() as s:
        # 党小组会 with no group given: those in no group, as the default of party_group says
        assert [p.id for p in m.expected_people(s, branch_id, m.GROUP, day)] == [loose]
        # 二 before 三, although 三 comes first in code-point order
        assert m.party_groups_on(s, branch_id, day) == ["第二党小组", "第三党小组"]


def test_the_list_of_a_year_a_month_and_a_kind_in_order(db: Database, branch_id: int) -> None:
    a = _member(db, branch_id, "甲", "第一党小组")
    b = _member(db, branch_id, "乙", "第一党小组")

    def add(kind: str, day: str, start: str = "", **kw: object) -> int:
        with db.transaction() as s:
            draft = m.MeetingDraft(kind=kind, date=day, start_time=start, **kw)  # type: ignore[arg-type]
            return m.add_meeting(s, branch_id, draft, today=TODAY).meeting_id

    # entered out of order: the list is by date, then start time, then as entered
    afternoon = add(m.THEME_DAY, "2025-03-01", "14:00", present_ids=[b], absent={a: "病假"})
    morning = add(m.THEME_DAY, "2025-03-01", "09:00", present_ids=[b, a])
    morning_too = add(m.LECTURE, "2025-03-01", "09:00", resolutions=[m.ResolutionDraft("学习")])
    new_year = add(m.THEME_DAY, "2025-01-01", "15:00", resolutions=[m.ResolutionDraft("计划")])
    add(m.THEME_DAY, "2024-12-31")
    add(m.THEME_DAY, "2026-01-01")
    with db.reading() as s:
        year = m.list_meetings(s, branch_id, year=2025)
        march = m.list_meetings(s, branch_id, year=2025, month=3)
        lectures = m.list_meetings(s, branch_id, year=2025, kind="党课")
        everything = m.list_meetings(s, branch_id)
        again = m.meeting_detail(s, afternoon)
        with pytest.raises(m.MeetingError, match="^找不到编号为 9999 的会议记录$"):
            m.meeting_details(s, [afternoon, 9999])
    assert [r.id for r in year] == [new_year, morning, morning_too, afternoon]
    assert [r.id for r in march] == [morning, morning_too, afternoon]
    assert [r.id for r in lectures] == [morning_too]
    assert len(everything) == 6
    by_id = {r.id: r for r in year}
    assert by_id[morning].attendees == ("甲", "乙")  # in the order of the roster, not as ticked
    assert (by_id[afternoon].attendees, by_id[afternoon].absent) == (("乙",), ("甲",))
    assert [(r.resolution_count, r.photo_count) for r in year] == [(1, 0), (0, 0), (1, 0), (0, 0)]
    assert [(x.name, x.present) for x in again.attendance] == [("甲", False), ("乙", True)]


def test_a_party_group_owes_its_meeting_from_the_day_its_first_member_joins(
    db: Database, branch_id: int
) -> None:
    _member(db, branch_id, "无日期", "第一党小组", join="", full="")  # no 入党日期: there all along
    _member(db, branch_id, "前一天", "第二党小组", join="2025-03-30", full="")
    _member(db, branch_id, "当天", "第三党小组", join="2025-03-31", full="")  # March's last day
    _member(db, branch_id, "后一天", "第四党小组", join="2025-04-01", full="")
    other_id = add_branch(db)  # another branch's meetings count for it alone
    _member(db, other_id, "丙", "第五党小组")
    _member(db, branch_id, "未分组", "")  # in no 党小组: owes no 党小组会
    with db.transaction() as s:
        m.add_meeting(
            s,
            other_id,
            m.MeetingDraft(kind=m.GROUP, date="2025-03-05", party_group="第五党小组"),
            today=TODAY,
        )
        m.add_meeting(s, other_id, m.MeetingDraft(kind=m.THEME_DAY, date="2025-03-05"), today=TODAY)
    with db.reading() as s:
        rows = {(r.kind, r.period): r for r in m.compliance(s, branch_id, 2025, today=TODAY).rows}
    march, april = rows[(m.GROUP, "2025-03")], rows[(m.GROUP, "2025-04")]
    assert (march.required, march.held, march.state) == (3, 0, m.MISSING)
    assert march.missing_groups == ("第一党小组", "第二党小组", "第三党小组")
    assert (april.required, april.held) == (4, 0)
    assert (march.label, march.frequency) == ("3月", m.MONTHLY)
    assert (rows[(m.THEME_DAY, "2025-03")].held, rows[(m.THEME_DAY, "2025-03")].state) == (0, m.MISSING)


def test_a_record_without_host_or_recorder_and_topics_with_spaces(db: Database, branch_id: int) -> None:
    with db.transaction() as s:
        saved = m.add_meeting(
            s,
            branch_id,
            m.MeetingDraft(kind=m.LECTURE, date="2025-05-04", topics=["学习 党章", "讨论 秋收安排"]),
            today=TODAY,
        )
    with db.reading() as s:
        d = m.meeting_detail(s, saved.meeting_id)
        [row] = m.list_meetings(s, branch_id)
    assert (d.host, d.recorder, row.host, row.recorder) == ("", "", "", "")
    assert d.topics == ("学习 党章", "讨论 秋收安排")


def test_compliance_counts_every_meeting_once_and_skips_kinds_not_required(
    db: Database, branch_id: int
) -> None:
    _member(db, branch_id, "甲", "第一党小组", join="2025-04-10", full="")  # the first 党小组 forms in April
    with db.transaction() as s:
        m.set_frequency(s, m.LECTURE, m.NOT_REQUIRED)
        m.set_frequency(s, m.GENERAL_ASSEMBLY, m.QUARTERLY)
    # the lecture (not required) is read first: the meetings after it still count
    for kind, day in [(m.LECTURE, "2025-03-01"), (m.THEME_DAY, "2025-03-05"), (m.THEME_DAY, "2025-03-20")]:
        with db.transaction() as s:
            m.add_meeting(
                s, branch_id, m.MeetingDraft(kind=kind, date=day, record_attendance=False), today=TODAY
            )
    with db.reading() as s:
        comp = m.compliance(s, branch_id, 2025, today=TODAY)
    rows = {(r.kind, r.period): r for r in comp.rows}
    assert (rows[(m.THEME_DAY, "2025-03")].held, rows[(m.THEME_DAY, "2025-03")].state) == (2, m.HELD)
    assert not comp.for_kind(m.LECTURE)
    assert [r.period for r in comp.for_kind(m.GROUP)] == [f"2025-{n:02d}" for n in range(4, 13)]
    assert [r.label for r in comp.for_kind(m.GENERAL_ASSEMBLY)] == ["一季度", "二季度", "三季度", "四季度"]
    assert [r.label for r in comp.for_kind(m.THEME_DAY)] == [f"{n}月" for n in range(1, 13)]


@pytest.mark.parametrize(
    ("today", "april", "second_quarter", "year"),
    [  # each period: the day before it starts, its first day, its last day, the day after
        (dt.date(2024, 12, 31), m.NOT_DUE, m.NOT_DUE, m.NOT_DUE),
        (dt.date(2025, 1, 1), m.NOT_DUE, m.NOT_DUE, m.IN_PROGRESS),
        (dt.date(2025, 3, 31), m.NOT_DUE, m.NOT_DUE, m.IN_PROGRESS),
        (dt.date(2025, 4, 1), m.IN_PROGRESS, m.IN_PROGRESS, m.IN_PROGRESS),
        (dt.date(2025, 4, 30), m.IN_PROGRESS, m.IN_PROGRESS, m.IN_PROGRESS),
        (dt.date(2025, 5, 1), m.MISSING, m.IN_PROGRESS, m.IN_PROGRESS),
        (dt.date(2025, 6, 30), m.MISSING, m.IN_PROGRESS, m.IN_PROGRESS),
        (dt.date(2025, 7, 1), m.MISSING, m.MISSING, m.IN_PROGRESS),
        (dt.date(2025, 12, 31), m.MISSING, m.MISSING, m.IN_PROGRESS),
        (dt.date(2026, 1, 1), m.MISSING, m.MISSING, m.MISSING),
    ],
)
def test_a_period_is_in_progress_from_its_first_to_its_last_day(
    db: Database, branch_id: int, today: dt.date, april: str, second_quarter: str, year: str
) -> None:
    _member(db, branch_id, "甲", "")
    with db.transaction() as s:
        m.set_frequency(s, m.ORG_LIFE, m.YEARLY)
        m.set_frequency(s, m.LECTURE, m.QUARTERLY)
        m.set_frequency(s, m.THEME_DAY, m.MONTHLY)
    with db.reading() as s:
        rows = {(r.kind, r.period): r for r in m.compliance(s, branch_id, 2025, today=today).rows}
    assert rows[(m.THEME_DAY, "2025-04")].state == april
    assert rows[(m.LECTURE, "2025-Q2")].state == second_quarter
    assert (rows[(m.ORG_LIFE, "2025")].label, rows[(m.ORG_LIFE, "2025")].state) == ("全年", year)


def test_a_group_named_for_another_kind_of_meeting_is_not_kept(db: Database, branch_id: int) -> None:
    _member(db, branch_id, "甲", "第一党小组")
    with db.transaction() as s:
        draft = m.MeetingDraft(
            kind=m.THEME_DAY, date="2025-05-04", party_group="第一党小组", record_attendance=False
        )
        saved = m.add_meeting(s, branch_id, draft, today=TODAY)
    with db.reading() as s:
        d = m.meeting_detail(s, saved.meeting_id)
    assert (d.party_group, d.kind_label) == ("", m.THEME_DAY)


def test_every_problem_of_a_record_is_named_at_once(db: Database, branch_id: int) -> None:
    draft = m.MeetingDraft(kind=m.GROUP, date="2026-02-02", start_time="9点")
    with (
        db.transaction() as s,
        pytest.raises(
            m.MeetingError,
            match="^会议日期 2026年2月2日 晚于今天，记录只能补记已召开的会议；党小组会请选择是哪个党小组；开始时间应写成 09:30 这样的时:分$",
        ),
    ):
        m.add_meeting(s, branch_id, draft, today=TODAY)
