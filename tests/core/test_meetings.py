"""Meetings: 应到 from the roster on the date, checks as you save, compliance per kind and period."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core import settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

TODAY = dt.date(2026, 2, 1)
GROUPS = ("第一党小组", "第二党小组", "第三党小组")


def _add(session, branch_id: int, name: str, group: str, join: str = "2010-07-01", **kw) -> int:
    return add_member(
        session,
        branch_id,
        MemberDraft(
            name=name,
            gender="男",
            join_date=join,
            full_date=kw.pop("full", "2011-07-01"),
            party_group=group,
            **kw,
        ),
    )


@pytest.fixture
def people(db: Database, branch_id: int) -> dict[str, int]:
    """Two members in each of three 党小组; 王一 and 李二 are 支委."""
    names = {}
    with db.transaction() as s:
        for i, (name, group) in enumerate(
            [
                ("王一", GROUPS[0]),
                ("李二", GROUPS[0]),
                ("张三", GROUPS[1]),
                ("赵四", GROUPS[1]),
                ("孙五", GROUPS[2]),
                ("周六", GROUPS[2]),
            ]
        ):
            names[name] = _add(s, branch_id, name, group, is_committee=i < 2)
    return names


def _meeting(db: Database, branch_id: int, kind: str, day: str, **kw) -> m.SaveResult:
    with db.transaction() as s:
        return m.add_meeting(
            s, branch_id, m.MeetingDraft(kind=kind, date=day, record_attendance=False, **kw), today=TODAY
        )


def _row(comp: m.Compliance, kind: str, period: str) -> m.ComplianceRow:
    return next(r for r in comp.rows if r.kind == kind and r.period == period)


def test_compliance_with_meetings_on_period_boundaries(db: Database, branch_id: int, people) -> None:
    with db.transaction() as s:  # in use since January: the months before the first record count too
        settings.put(s, m.START_MONTH, "2025-01")
    for day in ("2025-03-31", "2025-04-01", "2025-12-31"):
        _meeting(db, branch_id, m.LECTURE, day, title=f"党课{day}")
        _meeting(db, branch_id, m.THEME_DAY, day)
    _meeting(db, branch_id, m.ORG_LIFE, "2025-12-31")
    _meeting(db, branch_id, m.GENERAL_ASSEMBLY, "2025-12-31")
    _meeting(db, branch_id, m.THEME_DAY, "2026-01-01")  # the next year must not count for 2025

    with db.reading() as s:
        comp = m.compliance(s, branch_id, 2025, today=TODAY)

    lecture = {r.period: (r.held, r.ok, r.state) for r in comp.for_kind(m.LECTURE)}
    assert lecture == {
        "2025-Q1": (1, True, m.HELD),
        "2025-Q2": (1, True, m.HELD),
        "2025-Q3": (0, False, m.MISSING),
        "2025-Q4": (1, True, m.HELD),
    }
    theme = {r.period: r.held for r in comp.for_kind(m.THEME_DAY)}
    assert len(theme) == 12
    assert [p for p, n in theme.items() if n] == ["2025-03", "2025-04", "2025-12"]
    assert _row(comp, m.ORG_LIFE, "2025").ok
    assert not _row(comp, m.REVIEW, "2025").ok
    assert [r.period for r in comp.for_kind(m.GENERAL_ASSEMBLY) if r.ok] == ["2025-Q4"]
    missing = comp.missing_by_kind()
    assert missing[m.LECTURE] == 1
    assert missing[m.THEME_DAY] == 9
    assert missing[m.GENERAL_ASSEMBLY] == 3
    assert missing[m.COMMITTEE] == 12
    assert missing[m.REVIEW] == 1
    assert missing[m.ORG_LIFE] == 0

    with db.reading() as s:
        next_year = m.compliance(s, branch_id, 2026, today=TODAY)
    states = {r.period: r.state for r in next_year.for_kind(m.THEME_DAY)}
    assert states["2026-01"] == m.HELD
    assert states["2026-02"] == m.IN_PROGRESS  # today is 1 February: not yet missing
    assert states["2026-03"] == m.NOT_DUE
    assert {r.kind for r in next_year.missing} == {m.COMMITTEE, m.GROUP}  # only January is over
    assert all(r.period == "2026-01" for r in next_year.missing)


def test_party_group_meeting_held_by_one_of_three_groups(db: Database, branch_id: int, people) -> None:
    _meeting(db, branch_id, m.GROUP, "2025-03-10", party_group=GROUPS[0])
    _meeting(db, branch_id, m.GROUP, "2025-03-20", party_group=GROUPS[0])  # twice is still one group
    for group in GROUPS:
        _meeting(db, branch_id, m.GROUP, "2025-04-30", party_group=group)

    with db.reading() as s:
        comp = m.compliance(s, branch_id, 2025, today=TODAY)

    march = _row(comp, m.GROUP, "2025-03")
    assert (march.required, march.held, march.ok, march.state) == (3, 1, False, m.MISSING)
    assert march.missing_groups == (GROUPS[1], GROUPS[2])
    april = _row(comp, m.GROUP, "2025-04")
    assert (april.required, april.held, april.ok, april.missing_groups) == (3, 3, True, ())
    assert _row(comp, m.GROUP, "2025-05").held == 0


def test_changed_frequency_settings(db: Database, branch_id: int, people) -> None:
    _meeting(db, branch_id, m.LECTURE, "2025-03-31")
    _meeting(db, branch_id, m.COMMITTEE, "2025-05-15")
    with db.transaction() as s:
        m.set_frequency(s, m.LECTURE, m.MONTHLY)
        m.set_frequency(s, "支委会", m.QUARTERLY)
        m.set_frequency(s, m.REVIEW, m.NOT_REQUIRED)
    with db.reading() as s:
        assert m.frequency(s, m.LECTURE) == m.MONTHLY
        comp = m.compliance(s, branch_id, 2025, today=TODAY)
    lecture = comp.for_kind(m.LECTURE)
    assert len(lecture) == 12
    assert [r.period for r in lecture if r.ok] == ["2025-03"]
    assert [(r.period, r.ok) for r in comp.for_kind(m.COMMITTEE)] == [
        ("2025-Q1", False),
        ("2025-Q2", True),
        ("2025-Q3", False),
        ("2025-Q4", False),
    ]
    assert comp.for_kind(m.REVIEW) == []
    with db.transaction() as s, pytest.raises(m.MeetingError, match="召开频次"):
        m.set_frequency(s, m.LECTURE, "每周")


def test_expected_follows_the_roster_on_the_meeting_date(db: Database, branch_id: int, people) -> None:
    with db.transaction() as s:
        late = _add(s, branch_id, "钱七", GROUPS[0], join="2025-06-01", full="", category="预备党员")
        leave_roster(s, people["周六"], "转出", dt.date(2025, 4, 30), "外迁")
    with db.reading() as s:
        may = {p.name for p in m.expected_people(s, branch_id, m.GENERAL_ASSEMBLY, dt.date(2025, 5, 15))}
        april = {p.name for p in m.expected_people(s, branch_id, m.GENERAL_ASSEMBLY, dt.date(2025, 4, 30))}
        july = m.expected_people(s, branch_id, m.GENERAL_ASSEMBLY, dt.date(2025, 7, 1))
        group_one = m.expected_people(s, branch_id, m.GROUP, dt.date(2025, 7, 1), GROUPS[0])
        committee = m.expected_people(s, branch_id, m.COMMITTEE, dt.date(2025, 7, 1))
    assert may == {"王一", "李二", "张三", "赵四", "孙五"}  # 周六 left before, 钱七 joined after
    assert "周六" not in april  # left that day: not 应到 (issue 12; this line used to say the opposite)
    assert {p.name for p in july} == may | {"钱七"}
    assert next(p for p in july if p.id == late).can_vote is False  # 预备党员
    assert [p.name for p in group_one] == ["王一", "李二", "钱七"]
    assert [p.name for p in committee] == ["王一", "李二"]

    result = _meeting(db, branch_id, m.GENERAL_ASSEMBLY, "2025-05-15")
    with db.reading() as s:
        assert m.meeting_detail(s, result.meeting_id).expected_count == 5


def test_a_full_record_round_trips(db: Database, branch_id: int, people) -> None:
    draft = m.MeetingDraft(
        kind="支委会",
        date="2025-09-05",
        title="第9次支委会",
        start_time="9:00",
        end_time="11:30",
        place="村部会议室",
        host_id=people["王一"],
        recorder_id=people["李二"],
        present_ids=[people["王一"]],
        absent={people["李二"]: "病假"},
        observers="驻村第一书记 刘洋",
        topics=["秋收安排", "", "发展党员"],
        content="王一：布置秋收。",
        votes="同意1票",
        resolutions=[m.ResolutionDraft("组织党员帮扶困难户秋收", "王一", "2025-09-30")],
        photos=[m.PhotoDraft(b"\xff\xd8jpeg", "会议现场")],
    )
    with db.transaction() as s:
        saved = m.add_meeting(s, branch_id, draft, today=TODAY)
    with db.reading() as s:
        d = m.meeting_detail(s, saved.meeting_id)
        [row] = m.list_meetings(s, branch_id, year=2025, month=9)
    assert d.kind == m.COMMITTEE and d.start_time == "09:00" and d.end_time == "11:30"
    assert (d.host, d.recorder, d.expected_count) == ("王一", "李二", 2)
    assert [(a.name, a.present, a.reason) for a in d.attendance] == [
        ("王一", True, ""),
        ("李二", False, "病假"),
    ]
    assert d.topics == ("秋收安排", "发展党员")
    assert d.resolutions == (m.ResolutionLine("组织党员帮扶困难户秋收", "王一", dt.date(2025, 9, 30)),)
    assert d.photos[0].caption == "会议现场"
    assert row.as_json() == {
        "id": d.id,
        "kind": "支部委员会会议",
        "date": "2025-09-05",
        "title": "第9次支委会",
        "attendees": ["王一"],
        "absent": ["李二"],
    }
    assert (row.photo_count, row.resolution_count) == (1, 1)

    changed = d.draft()
    changed.title = "第9次支委会（补记）"
    changed.present_ids, changed.absent = [people["王一"], people["李二"]], {}
    with db.transaction() as s:
        m.update_meeting(s, d.id, changed, today=TODAY)
    with db.reading() as s:
        again = m.meeting_detail(s, d.id)
    assert again.title == "第9次支委会（补记）" and len(again.present) == 2 and len(again.photos) == 1


def test_checks_as_you_save(db: Database, branch_id: int, people) -> None:
    with db.reading() as s:
        future = m.check_meeting(
            s, branch_id, m.MeetingDraft(kind=m.THEME_DAY, date="2026-02-02"), today=TODAY
        )
        assert any("晚于今天" in e for e in future.errors)
        no_group = m.check_meeting(s, branch_id, m.MeetingDraft(kind=m.GROUP, date="2025-02-02"), today=TODAY)
        assert no_group.errors == ["党小组会请选择是哪个党小组"]
        outsider = m.check_meeting(
            s,
            branch_id,
            m.MeetingDraft(
                kind=m.GROUP, party_group=GROUPS[0], date="2025-02-02", present_ids=[people["张三"]]
            ),
            today=TODAY,
        )
        assert outsider.errors == ["张三 不在本次党小组会的应到人员中，如确实到会请写入“列席”"]
        # 支委会 with a vote: 1 of 2 支委 is not more than half
        vote = m.MeetingDraft(
            kind=m.COMMITTEE,
            date="2025-02-02",
            has_vote=True,
            present_ids=[people["王一"]],
            absent={people["李二"]: "事假"},
        )
        check = m.check_meeting(s, branch_id, vote, today=TODAY)
        assert check.ok and len(check.warnings) == 1 and "超过半数" in check.warnings[0]
        vote.has_vote = False
        assert m.check_meeting(s, branch_id, vote, today=TODAY).warnings == []
        with pytest.raises(m.MeetingError, match="找不到：无名氏"):
            m.resolve_names(s, branch_id, ["王一", "无名氏"], dt.date(2025, 2, 2))
        with pytest.raises(m.MeetingError, match="会议类型"):
            m.normalize_kind("茶话会")
    with db.transaction() as s, pytest.raises(m.MeetingError, match="晚于今天"):
        m.add_meeting(s, branch_id, m.MeetingDraft(kind=m.THEME_DAY, date="2026-03-01"), today=TODAY)


def test_party_groups_sort_by_their_number() -> None:
    names = ["第十党小组", "第三党小组", "第二党小组", "第十一党小组", "第一党小组", "机关党小组"]
    assert sorted(names, key=m.group_sort_key) == [
        "第一党小组",
        "第二党小组",
        "第三党小组",
        "第十党小组",
        "第十一党小组",
        "机关党小组",
    ]


def test_attendance_rates(db: Database, branch_id: int, people) -> None:
    everyone = list(people.values())
    with db.transaction() as s:
        for day, absent in (("2025-05-10", {people["周六"]: "外出务工"}), ("2025-06-10", {})):
            m.add_meeting(
                s,
                branch_id,
                m.MeetingDraft(
                    kind=m.THEME_DAY,
                    date=day,
                    present_ids=[i for i in everyone if i not in absent],
                    absent=absent,
                ),
                today=TODAY,
            )
    with db.reading() as s:
        members, kinds = m.attendance_rates(s, branch_id, 2025)
    rates = {r.name: (r.expected, r.present) for r in members}
    assert rates["周六"] == (2, 1) and rates["王一"] == (2, 2)
    assert [(k.kind, k.meetings, k.expected, k.present) for k in kinds] == [(m.THEME_DAY, 2, 12, 11)]
