"""What the demo village is there to show, read back the way the tabs read it.

The demo (`dangjian --demo`, the first-run page) is the sample branch a newcomer opens so that every tab
shows what it is for: a roster with valid ID numbers, 预备党员 and 正式党员, 流动党员 and members who
left; a year of 三会一课 with one missing period of each kind, so the compliance calendar shows 缺;
the 6+X record with gaps; 明白卡 at every stage; people at several steps of 发展党员; 党费 paid and in
arrears. It depends on the day it is built for, so it is built here for three days (the same day as
test_demo.py, the first days of a year, and 7月1日; the January day after the day these tests were
written, so a part that used the clock's day instead of the one given shows) and each test builds its own: the `demo_db`
fixture builds the demo once per process, which a mutation run forks from, so it never sees a slip
in the demo itself. Each check states one promise; none copies a value from the output.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from dangjian_desktop.core import cards, demo
from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.birthdays import birthdays_in_month
from dangjian_desktop.core.birthdays.medal import reminder
from dangjian_desktop.core.dates import add_years
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.demo import cards as demo_cards
from dangjian_desktop.core.demo import meetings as demo_meetings
from dangjian_desktop.core.demo import roster as demo_roster
from dangjian_desktop.core.demo.dues import build_dues_demo
from dangjian_desktop.core.develop.queries import list_paths
from dangjian_desktop.core.dues.ledger import member_ledger
from dangjian_desktop.core.idcard import facts
from dangjian_desktop.core.meetings.compliance import MISSING, compliance
from dangjian_desktop.core.models import (
    BirthdayActivity,
    Branch,
    CardClause,
    DuesAssessment,
    DuesPayment,
    DuesRemittance,
    Meeting,
    MeetingAttendance,
    MeetingResolution,
    Member,
    MemberPhoto,
    ResponsibilityCard,
)
from dangjian_desktop.core.models_develop import DevelopPerson, DevelopStep

NOVEMBER = dt.date(2026, 11, 22)  # the day test_demo.py builds for: most of a year behind it
JANUARY = dt.date(2027, 1, 15)  # a new year: nothing of it done yet but January's first meetings
JULY_FIRST = dt.date(2026, 7, 1)  # 七一, the half year just ended

LATIN = re.compile(r"[A-Za-z]")


@dataclass
class Built:
    db: Database
    branch_id: int
    today: dt.date


def _build(tmp_path: Path, today: dt.date) -> Built:
    db = open_database(tmp_path / f"demo-{today}.sqlite3")
    with db.transaction() as session:
        branch_id = demo.build_full_demo(session, today=today)
    return Built(db, branch_id, today)


@contextlib.contextmanager
def _part_built_again(
    b: Built, day: dt.date, models: tuple[type, ...], build: Callable[[Session, int, dt.date], object]
) -> Iterator[Built]:
    """A copy of the demo with one part (its tables `models`) built again for another day on the same
    roster: the demo opens on whatever day a newcomer installs the program, more days than the three
    built whole here."""
    copy = b.db.path.with_name(f"again-{day}.sqlite3")
    with sqlite3.connect(b.db.path) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the file alone may miss what is still in its write-ahead log
    other = open_database(copy)
    try:
        with other.transaction() as session:
            for model in models:
                session.execute(delete(model))
            build(session, b.branch_id, day)
        yield Built(other, b.branch_id, day)
    finally:
        other.close()


def _members(session: Session) -> list[Member]:
    return list(session.scalars(select(Member).order_by(Member.id)))


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


# --- the roster ------------------------------------------------------------------------------------


def check_branch(b: Built, session: Session) -> None:
    """The branch is a village branch of a township, with its secretary and a supervision phone."""
    branch = session.get(Branch, b.branch_id)
    assert branch is not None
    assert branch.name.endswith("村党支部") and branch.township.endswith("镇")
    assert re.fullmatch(r"0\d{3}-\d{7}", branch.phone), branch.phone
    secretary = _members(session)[0]
    assert branch.secretary == secretary.name
    assert secretary.job == "村党支部书记" and secretary.is_committee and secretary.gender == "男"


def check_id_numbers(b: Built, session: Session) -> None:
    """Every ID number is valid and says the member's own birth date and gender; none twice."""
    members = _members(session)
    assert len({p.id_number for p in members}) == len(members)
    for p in members:
        found = facts(p.id_number)
        assert (found.birth_date, found.gender) == (p.birth_date, p.gender), p.name
        assert p.id_number.startswith(demo_roster.AREA)


def check_people(b: Built, session: Session) -> None:
    """About 45 believable people: two-or-three-character Chinese names, each once, both genders."""
    members = _members(session)
    assert len(members) == 45
    names = [p.name for p in members]
    assert len(set(names)) == len(names)
    for p in members:
        assert p.name[0] in demo.SURNAMES
        assert p.name[1:] in (demo.GIVEN_MALE if p.gender == "男" else demo.GIVEN_FEMALE), p.name
    genders = Counter(p.gender for p in members)
    # roughly three men to one woman, as in a village branch; both are there
    assert genders["男"] > genders["女"] >= 5
    # two members of the local minority, for the 民族 statistics
    assert [p.id for p in members if p.ethnicity != "汉族"] == [members[9].id, members[30].id]
    assert {p.ethnicity for p in members} == {"汉族", "畲族"}


def check_ages_and_education(b: Built, session: Session) -> None:
    """Every age band of the township's statistics has members; the schooling fits the age."""
    bands = Counter()
    for p in _members(session):
        age = _age(p.birth_date, b.today)
        assert 24 <= age <= 89, (p.name, age)
        bands[0 if age <= 35 else 1 if age <= 45 else 2 if age <= 60 else 3] += 1
        if age <= 35:
            assert p.education in ("大学本科", "大学专科", "高中"), (p.name, age, p.education)
        elif age > 51:
            assert p.education in ("初中", "小学", "高中"), (p.name, age, p.education)
        assert p.education in {e for _, c in demo_roster.EDUCATION_BY_AGE for e in c}
    assert all(bands[i] >= 3 for i in range(4)), bands


def check_party_dates(b: Built, session: Session) -> None:
    """Admitted at 18 or older and a month ago at the latest; 转正 one year after; the 支委 for years."""
    members = _members(session)
    for p in members:
        assert add_years(p.birth_date, 18) <= p.join_date <= b.today - dt.timedelta(days=30), p.name
        if p.category == "正式党员":
            assert p.full_date == add_years(p.join_date, 1) <= b.today, p.name
        else:
            assert p.category == "预备党员" and p.full_date is None, p.name
            # still within the year of probation
            assert b.today < add_years(p.join_date, 1), p.name
    committee = [p for p in members if p.is_committee]
    assert [p.id for p in committee] == [p.id for p in members[:5]]
    for p in committee:
        assert p.join_date <= add_years(b.today, -3), p.name


def check_probationary(b: Built, session: Session) -> None:
    """Three 预备党员 admitted in the last year, the rest 正式党员."""
    members = _members(session)
    probationary = [p for p in members if p.category == "预备党员"]
    assert [p.id for p in probationary] == [members[i].id for i in (7, 21, 33)]
    for p in probationary:
        assert 60 <= (b.today - p.join_date).days <= 330, p.name


def check_groups_and_posts(b: Built, session: Session) -> None:
    """Three 党小组 of the same size in turn; five 支委; 流动党员 working away; two 困难党员."""
    members = _members(session)
    assert [p.party_group for p in members[:6]] == list(demo_roster.GROUPS) * 2
    assert Counter(p.party_group for p in members) == dict.fromkeys(demo_roster.GROUPS, 15)
    mobile = [p for p in members if p.is_mobile]
    assert [p.id for p in mobile] == [members[i].id for i in (5, 12, 19, 28)]
    for p in mobile:
        assert p.job == "外出务工" and p.mobile_destination in demo_roster.MOBILE_PLACES, p.name
    for p in members:
        if not p.is_mobile:
            assert p.mobile_destination == ""
            assert p.job in demo_roster.JOBS or p.job == "村党支部书记", p.job
    assert [p.id for p in members if p.is_hardship] == [members[40].id, members[41].id]
    assert sum(p.is_committee for p in members) == 5


def check_contacts(b: Built, session: Session) -> None:
    """Mobile numbers and addresses of the village, down to the 组."""
    for p in _members(session):
        assert re.fullmatch(r"1[3578]\d{9}", p.phone), p.phone
        match = re.fullmatch(r"凤凰村([1-9])组(\d+)号", p.address)
        assert match and 1 <= int(match[2]) <= 60, p.address
        assert p.note == ""


def check_departures(b: Built, session: Session) -> None:
    """One member transferred out and one who died, each with the day and the reason; the rest 在册."""
    members = _members(session)
    gone = {p.status: p for p in members if p.status != "在册"}
    assert set(gone) == {"转出", "去世"}
    assert gone["转出"].id == members[-1].id and gone["去世"].id == members[-2].id
    assert gone["转出"].left_date == b.today - dt.timedelta(days=200)
    assert "转至" in gone["转出"].left_reason
    assert gone["去世"].left_date == b.today - dt.timedelta(days=90)
    assert gone["去世"].left_reason == "病故"


# --- meetings --------------------------------------------------------------------------------------


def _meetings(session: Session) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .options(selectinload(Meeting.attendance), selectinload(Meeting.resolutions))
            .order_by(Meeting.date, Meeting.id)
        )
    )


def _window(today: dt.date) -> list[tuple[int, int]]:
    """The twelve months up to today, this one included."""
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def check_meetings_in_their_periods(b: Built, session: Session) -> None:
    """A year of meetings up to today: each kind once in its period, in the twelve months to today."""
    meetings = _meetings(session)
    months = _window(b.today)
    first = dt.date(*months[0], 1)
    assert meetings and all(first <= x.date <= b.today for x in meetings)
    per_period: Counter = Counter()
    for x in meetings:
        if x.kind == m.GROUP:
            per_period[(x.kind, x.party_group, x.date.year, x.date.month)] += 1
        elif x.kind in (m.COMMITTEE, m.THEME_DAY):
            per_period[(x.kind, x.date.year, x.date.month)] += 1
        elif x.kind in (m.LECTURE, m.GENERAL_ASSEMBLY):
            per_period[(x.kind, x.date.year, (x.date.month - 1) // 3)] += 1
        else:
            assert x.kind in (m.ORG_LIFE, m.REVIEW) and x.date.month == 1
            per_period[(x.kind, x.date.year)] += 1
    assert set(per_period.values()) == {1}, per_period
    kinds = {x.kind for x in meetings}
    if (b.today.year, 1) in months and b.today >= dt.date(b.today.year, 1, 18) or b.today.month < 12:
        assert {m.COMMITTEE, m.THEME_DAY, m.GROUP, m.LECTURE, m.GENERAL_ASSEMBLY} <= kinds


def check_one_missing_period_of_each_kind(b: Built, session: Session) -> None:
    """The compliance calendar has something red: one 支委会 month, one 主题党日, one 党小组's month
    and one 党课 quarter are missing in the year to today, each a period that is over."""
    months = _window(b.today)
    missing = [
        row
        for year in sorted({y for y, _ in months})
        for row in compliance(session, b.branch_id, year, today=b.today).missing
        if row.period >= f"{months[0][0]}-{months[0][1]:02d}"[: len(row.period)]
    ]
    by_kind = defaultdict(list)
    for row in missing:
        if row.kind in (m.ORG_LIFE, m.REVIEW):
            continue  # last year's are held in January and count for the year they are held in
        by_kind[row.kind].append(row)
    expect = {
        m.COMMITTEE: months[-7],
        m.THEME_DAY: months[-4],
        m.GROUP: months[-3],
    }
    for kind, (year, month) in expect.items():
        rows = [r for r in by_kind[kind] if r.period == f"{year}-{month:02d}"]
        assert len(rows) == 1, (kind, by_kind[kind])
    group_row = [r for r in by_kind[m.GROUP] if r.period == f"{months[-3][0]}-{months[-3][1]:02d}"][0]
    assert group_row.required == 3 and group_row.held == 2
    assert group_row.missing_groups == (demo_roster.GROUPS[1],)
    lecture_year, lecture_month = months[-6]
    lecture_key = f"{lecture_year}-Q{(lecture_month - 1) // 3 + 1}"
    assert [r.period for r in by_kind[m.LECTURE] if r.period == lecture_key] == [lecture_key]
    # and nothing else of these kinds is missing inside the window
    inside = {f"{y}-{mo:02d}" for y, mo in months}
    for kind in (m.COMMITTEE, m.THEME_DAY, m.GROUP):
        assert len([r for r in by_kind[kind] if r.period in inside]) == 1, (kind, by_kind[kind])
    assert all(r.state == MISSING for r in missing)


def check_schedule_kept(b: Built, session: Session) -> None:
    """Every meeting the branch's calendar sets for a day up to today was held, the gaps aside: 支委会
    on the 5th, 党课 on the 10th of a quarter's middle month, 主题党日 on the 15th, 党小组会 on the 20th,
    支部党员大会 on the 25th of a quarter's last month, last year's 组织生活会 and 民主评议 on 1月18日."""
    months = _window(b.today)
    lecture_gap = (months[-6][0], (months[-6][1] - 1) // 3)
    held = Counter((x.kind, x.date, x.party_group) for x in _meetings(session))
    expected = Counter()
    for year, month in months:
        planned = [(m.COMMITTEE, 5, "")] * ((year, month) != months[-7])
        planned += [(m.THEME_DAY, 15, "")] * ((year, month) != months[-4])
        planned += [
            (m.GROUP, 20, g) for n, g in enumerate(demo_roster.GROUPS) if (year, month, n) != (*months[-3], 1)
        ]
        if month % 3 == 2 and (year, (month - 1) // 3) != lecture_gap:
            planned.append((m.LECTURE, 10, ""))
        if month % 3 == 0:
            planned.append((m.GENERAL_ASSEMBLY, 25, ""))
        if month == 1:
            planned += [(m.ORG_LIFE, 18, ""), (m.REVIEW, 18, "")]
        for kind, day, group in planned:
            if dt.date(year, month, day) <= b.today:
                expected[(kind, dt.date(year, month, day), group)] += 1
    assert held == expected


def check_meeting_records(b: Built, session: Session) -> None:
    """Each record as a 记录本 page: host and recorder present, the absent with a reason, times, places."""
    members = {p.id: p for p in _members(session)}
    secretary = min(members)
    committee = sorted(p.id for p in members.values() if p.is_committee)
    for x in _meetings(session):
        present = {a.member_id for a in x.attendance if a.present}
        absent = {a.member_id: a.absence_reason for a in x.attendance if not a.present}
        assert x.host_id in present and x.recorder_id in present, x.title
        assert x.expected_count == len(x.attendance) == len(present) + len(absent)
        for who, reason in absent.items():
            if members[who].is_mobile:
                assert reason == "外出务工"
            else:
                assert reason in ("病假", "事假", "公出"), reason
        for who in present:
            assert not members[who].is_mobile
        assert x.place in demo_meetings.PLACES
        assert re.fullmatch(r"\d\d:\d\d", x.start_time) and x.start_time < x.end_time
        if x.kind == m.GROUP:
            # chaired by the group's 组长 (its first member at home), recorded by the next, in the evening
            local = sorted(a.member_id for a in x.attendance if not members[a.member_id].is_mobile)
            assert (x.host_id, x.recorder_id) == (local[0], local[1]), x.title
            assert x.start_time >= "18:00"
            assert all(members[a.member_id].party_group == x.party_group for a in x.attendance)
        else:
            assert (x.host_id, x.recorder_id) == (secretary, committee[1]), x.title
            assert x.end_time <= "12:00"
    # somebody is away with leave now and then, not only the 流动党员
    reasons = Counter(a.absence_reason for x in _meetings(session) for a in x.attendance if not a.present)
    on_leave = reasons["病假"] + reasons["事假"] + reasons["公出"]
    assert reasons["外出务工"] and on_leave
    # but most of those at home come: a few absences on leave, not a branch that stays away
    at_home = sum(1 for x in _meetings(session) for a in x.attendance if not members[a.member_id].is_mobile)
    assert on_leave < at_home * 0.2


def check_meeting_texts(b: Built, session: Session) -> None:
    """Titles say the kind, the month or quarter; topics and votes where the kind has them."""
    host = _members(session)[0].name
    for x in _meetings(session):
        topics = x.topics.splitlines()
        assert topics and all(topics), x.title
        assert x.content, x.title
        if x.kind == m.COMMITTEE:
            assert x.title == f"{x.date.year}年第{x.date.month}次支委会" and x.date.day == 5
            assert x.has_vote and x.votes and host in x.content
            (res,) = x.resolutions
            assert res.owner == host and res.deadline == dt.date(x.date.year, x.date.month, 28)
            # the month's topic and the decision taken on it, in turn through the year
            topic, decision = demo_meetings.COMMITTEE_TOPICS[
                x.date.month % len(demo_meetings.COMMITTEE_TOPICS)
            ]
            assert topics == [topic] and res.text == decision and f"“{topic}”" in x.content
        elif x.kind == m.THEME_DAY:
            assert x.title.startswith(f"{x.date.month}月主题党日：") and x.date.day == 15
            theme = x.title.split("：", 1)[1]
            assert topics == ["重温入党誓词", theme, "交纳党费"]
            assert f"{x.date.month}月党费" in x.content
            assert theme == demo_meetings.THEMES[x.date.month - 1]
        elif x.kind == m.GROUP:
            assert x.title == f"{x.party_group}{x.date.month}月学习会" and x.date.day == 20
        elif x.kind == m.LECTURE:
            assert x.date.month % 3 == 2 and x.date.day == 10
            assert x.title == demo_meetings.LECTURES[(x.date.month - 1) // 3] == topics[0]
            assert x.content.startswith(f"{host}同志讲授党课")
        elif x.kind == m.GENERAL_ASSEMBLY:
            assert x.date.month % 3 == 0 and x.date.day == 25
            assert x.title == f"{x.date.year}年第{x.date.month // 3}季度支部党员大会"
            assert x.has_vote and "过半数" in x.votes
            (res,) = x.resolutions
            assert res.owner == host
            assert res.deadline == dt.date(x.date.year, x.date.month, 28) + dt.timedelta(days=90)
        else:
            assert x.date == dt.date(x.date.year, 1, 18)
            assert x.title.startswith(f"{x.date.year - 1}年度")
            assert x.title.endswith(x.kind)
        if x.kind not in (m.COMMITTEE, m.GENERAL_ASSEMBLY):
            assert not x.has_vote and not x.resolutions and x.votes == ""


def check_meetings_on_any_day_of_the_year(b: Built, session: Session) -> None:
    """The demo opens on whatever day a newcomer installs the program, and its meeting calendar keeps its
    promises on each (built again here on the same roster): in December too (its year of meetings is then
    this year's January to December) and in June (the 党课 quarter left out is then the year's first)."""
    if b.today != NOVEMBER:
        return  # once is enough: each build costs seconds
    meetings = (CardClause, ResponsibilityCard, MeetingAttendance, MeetingResolution, Meeting)
    for day in (dt.date(b.today.year, 12, 22), dt.date(b.today.year, 6, 22)):
        with (
            _part_built_again(
                b, day, meetings, lambda s, branch, d: demo_meetings.build_demo_meetings(s, branch, today=d)
            ) as other,
            other.db.reading() as other_session,
        ):
            for check in (
                check_meetings_in_their_periods,
                check_one_missing_period_of_each_kind,
                check_schedule_kept,
                check_meeting_records,
                check_meeting_texts,
            ):
                check(other, other_session)


# --- 6+X -------------------------------------------------------------------------------------------


def check_birthday_record(b: Built, session: Session) -> None:
    """The months of this year so far held together at the month's last birthday; a few gaps left."""
    acts = defaultdict(dict)
    for a in session.scalars(select(BirthdayActivity)):
        assert a.year == b.today.year and a.done_date <= b.today
        acts[a.member_id][a.item] = a
    group_items = {"重温入党誓词", "重读入党志愿书", "赠送生日礼物"}
    months_with_people = 0
    gaps = 0
    for month in range(1, 13):
        rows = birthdays_in_month(session, b.today.year, month, branch_id=b.branch_id)
        if month >= b.today.month:
            assert not any(r.member_id in acts for r in rows), month  # nothing done ahead
            continue
        if not rows:
            continue
        months_with_people += 1
        held = max(r.date for r in rows)
        for index, row in enumerate(rows):
            done = acts[row.member_id]
            assert {i for i in group_items} <= set(done), row.name
            assert all(done[i].done_date == held for i in group_items)
            assert all(done[i].note == "主题党日集体过政治生日" for i in group_items)
            own = set(done) - group_items
            if index % 3 == 2:
                assert own == set(), row.name
                gaps += 1
                continue
            assert {"建立户口簿记录", "谈心谈话"} <= own
            assert done["谈心谈话"].note and done["谈心谈话"].done_date == row.date
            assert done["建立户口簿记录"].done_date == row.date
            if index % 3 == 0:
                assert own == {"建立户口簿记录", "谈心谈话", "提出意见建议", "志愿服务"}
                assert done["提出意见建议"].note and done["志愿服务"].note
            else:
                assert own == {"建立户口簿记录", "谈心谈话"}
    if b.today.month > 6:
        assert months_with_people >= 4 and gaps >= 1


def check_birthday_reminder(b: Built, session: Session) -> None:
    """The window of the coming days shows political birthdays, so the reminder is not empty."""
    shown = reminder(session, b.today, branch_id=b.branch_id)
    assert len(shown.upcoming) >= 3
    assert all(b.today < r.date <= b.today + dt.timedelta(days=shown.days) for r in shown.upcoming)


# --- 明白卡 -----------------------------------------------------------------------------------------


def _cards(session: Session, year: int) -> dict[int, ResponsibilityCard]:
    return {
        c.member_id: c
        for c in session.scalars(
            select(ResponsibilityCard)
            .where(ResponsibilityCard.year == year)
            .options(selectinload(ResponsibilityCard.clauses))
        )
    }


def _active(session: Session) -> list:
    """The members on the roster, in the roster's order (党小组, then id), as the 明白卡 tab lists them."""
    from dangjian_desktop.core.roster import list_members

    return [p for p in list_members(session) if p.is_active]


def _steps(card: ResponsibilityCard) -> list[tuple[dt.date | None, str]]:
    return [
        (card.proposed_date, card.proposed_note),
        (card.discussed_date, card.discussed_note),
        (card.reviewed_date, card.reviewed_note),
        (card.decided_date, card.decided_note),
    ]


def _check_card_steps(session: Session, card: ResponsibilityCard, done: int) -> None:
    steps = _steps(card)
    for (day, note), step in zip(steps[:done], cards.STEPS, strict=False):
        assert day is not None and note == demo_cards.STEP_NOTES[step]
    assert all(day is None and note == "" for day, note in steps[done:])
    days = [day for day, _ in steps[:done]]
    assert days == sorted(days)
    if done >= 2:
        # 党员议 names the last 党员大会 or 党小组会 held in the 45 days before it, if there was one
        # (the step of the cards made before the demo's year of meetings names none)
        kinds = ("支部党员大会", "党小组会")
        held = session.execute(
            select(Meeting.id, Meeting.date).where(
                Meeting.kind.in_(kinds),
                Meeting.date <= card.discussed_date,
                Meeting.date >= card.discussed_date - dt.timedelta(days=45),
            )
        ).all()
        last = max(held, key=lambda row: (row.date, row.id)).id if held else None
        assert card.discussed_meeting_id == last
    else:
        assert card.discussed_meeting_id is None


def _check_clauses(card: ResponsibilityCard, required: list[str]) -> None:
    by_category = defaultdict(list)
    for clause in card.clauses:
        by_category[clause.category].append(clause)
    assert set(by_category) == set(cards.CATEGORIES)
    for clauses in by_category.values():
        assert sorted(c.position for c in clauses) == list(range(len(clauses)))
    texts = {k: [c.text for c in sorted(v, key=lambda c: c.position)] for k, v in by_category.items()}
    assert texts[cards.REQUIRED] == required
    assert texts[cards.POST_DUTY] == [cards.POST_DUTIES[card.post]]
    assert 1 <= len(texts[cards.CHOSEN]) <= 2
    assert set(texts[cards.CHOSEN]) <= set(demo_cards.CHOSEN_ACTIVITIES)


def check_last_years_cards(b: Built, session: Session) -> None:
    """Last year every member then on the roster had a card, posted and reviewed at year end."""
    year = b.today.year - 1
    active = _active(session)
    last = _cards(session, year)
    required = cards.standard_activities(session)
    then = [p for p in active if p.join_date <= dt.date(year, 1, 6)]
    # only those who were members when last year's cards were made; those admitted since have none
    assert set(last) == {p.id for p in then} and len(then) < len(active)
    for index, p in enumerate(then):
        card = last[p.id]
        assert card.post == demo_cards.POSTS[index % len(demo_cards.POSTS)]
        _check_card_steps(session, card, 4)
        assert [day for day, _ in _steps(card)] == [dt.date(year, 1, d) for d in (6, 12, 18, 25)]
        assert card.posted_date == dt.date(year, 2, 1)
        _check_clauses(card, required)
        commitments = [c for c in card.clauses if c.category == cards.COMMITMENT]
        assert 2 <= len(commitments) <= 4
        assert {c.text for c in commitments} <= set(demo_cards.COMMITMENTS)
        done = [c for c in card.clauses if c.done]
        for c in card.clauses:
            if c.done:
                assert dt.date(year, 3, 1) <= c.done_date <= dt.date(year, 12, 28) and c.note == ""
            else:
                assert c.done_date is None and c.note == "外出务工，未能完成"
        ratio = len(done) / len(card.clauses)
        expected = "优秀" if ratio > 0.95 else "合格" if ratio > 0.75 else "基本合格"
        assert card.year_end_result == expected
        assert card.year_end_note == f"完成{len(done)}/{len(card.clauses)}项"
    results = Counter(c.year_end_result for c in last.values())
    assert len(results) >= 2, results  # not everyone 优秀: the year-end review shows differences


def check_this_years_cards(b: Built, session: Session) -> None:
    """This year each card at its own stage of 个人报, 党员议, 群众评, 支部定; posted; drafts; no card."""
    year = b.today.year
    active = _active(session)
    last = _cards(session, year - 1)
    this = _cards(session, year)
    required = cards.standard_activities(session)
    this_days = [min(dt.date(year, mo, d), b.today) for mo, d in ((1, 8), (1, 15), (1, 22), (2, 3))]
    newest = sorted(active, key=lambda p: (p.join_date, p.id))[-2:]
    assert set(this) == {p.id for p in active} - {p.id for p in newest}  # the newest: not started
    long_clause = None
    for index, p in enumerate(active):
        card = this.get(p.id)
        if card is None:
            continue
        _check_clauses(card, required)
        commitments = [c for c in card.clauses if c.category == cards.COMMITMENT]
        if p.id not in last:  # 起草中: a draft, nothing recorded
            assert card.post == demo_cards.POSTS[index % len(demo_cards.POSTS)]
            _check_card_steps(session, card, 0)
            assert card.posted_date is None and len(commitments) in (1, 3)
            assert not any(c.done for c in card.clauses)
            continue
        assert card.post == last[p.id].post  # copied from last year
        assert 2 <= len(commitments) <= 4
        if index == 1:
            long_clause = max(commitments, key=lambda c: len(c.text))
        else:
            assert {c.text for c in commitments} <= set(demo_cards.COMMITMENTS)
        done = {6: 3, 7: 2, 8: 1, 9: 0}.get(index % 10, 4)
        _check_card_steps(session, card, done)
        assert [day for day, _ in _steps(card)[:done]] == this_days[:done]
        if done == 4:
            assert card.posted_date == min(dt.date(year, 2, 10), b.today)
        else:
            assert card.posted_date is None
        for c in card.clauses:
            if c.done:
                assert done == 4 and dt.date(year, 3, 1) <= c.done_date <= b.today
            else:
                assert c.done_date is None
        assert card.year_end_result == "" and card.year_end_note == ""
    # one card carries a long promise, to show the wall card wrapping it
    assert long_clause is not None and len(long_clause.text) > 60
    states = Counter(r.state for r in cards.card_states(session, year, branch_id=b.branch_id))
    expected = set(cards.STATES) - {cards.STATES[-1], "已支部定"}
    assert set(states) == expected, states
    if b.today >= dt.date(year, 3, 1):
        marked = [c for card in this.values() for c in card.clauses if c.done]
        assert marked and len(marked) < sum(len(card.clauses) for card in this.values() if card.posted_date)


def check_clauses_done_from_the_first_of_march(b: Built, session: Session) -> None:
    """This year's posted cards show clauses done from 3月1日 on: a demo opened on that day itself
    shows some done that day, as check_this_years_cards promises for any day from then."""
    if b.today != NOVEMBER:
        return  # once is enough
    day = dt.date(b.today.year, 3, 1)
    cards_again = (CardClause, ResponsibilityCard)
    with (
        _part_built_again(
            b, day, cards_again, lambda s, branch, d: demo_cards.build_cards_demo(s, branch, today=d)
        ) as other,
        other.db.reading() as other_session,
    ):
        check_this_years_cards(other, other_session)


def check_portraits(b: Built, session: Session) -> None:
    """A few members have a one-inch portrait, so printed cards look real: head on a plain backdrop."""
    photos = {p.member_id: p for p in session.scalars(select(MemberPhoto))}
    assert set(photos) == {p.id for p in _active(session)[:8]}
    backdrops = set()
    for photo in photos.values():
        image = Image.open(io.BytesIO(photo.jpeg)).convert("RGB")
        width, height = image.size
        assert 0.65 < width / height < 0.8  # 25 x 35 mm
        corner = image.getpixel((2, 2))
        face = image.getpixel((width // 2, int(height * 0.45)))
        assert max(abs(a - c) for a, c in zip(corner, face, strict=True)) > 40  # a face on the backdrop
        backdrops.add("blue" if corner[2] > corner[0] else "red")
        assert max(corner) - min(corner) > 60  # a coloured studio backdrop, not white or grey
    assert backdrops == {"blue", "red"}


# --- 发展党员 ---------------------------------------------------------------------------------------


def check_develop(b: Built, session: Session) -> None:
    """Four young people on the path at different stages, one with a step due soon; none admitted."""
    members = {p.id: p for p in _members(session)}
    people = list(session.scalars(select(DevelopPerson).order_by(DevelopPerson.id)))
    assert len(people) == 4
    for person in people:
        found = facts(person.id_number)
        assert found.birth_date == person.birth_date
        assert 18 <= _age(person.birth_date, b.today) <= 35
        assert person.party_group in demo_roster.GROUPS and person.member_id is None
    rows = list_paths(session, b.branch_id, today=b.today)
    assert len(rows) == 4
    stages = Counter(r.stage for r in rows)
    assert stages == {"入党申请人": 2, "入党积极分子": 1, "发展对象": 1}
    assert not any(r.overdue(b.today) for r in rows)
    assert any(r.state.due and r.state.due <= b.today + dt.timedelta(days=30) for r in rows)
    assert all(r.state.warnings == [] for r in rows), [r.state.warnings for r in rows]
    for step in session.scalars(select(DevelopStep).options(selectinload(DevelopStep.people))):
        assert step.date <= b.today
        for named in step.people:
            who = members[named.member_id]
            # a 谈话人, 培养联系人 or 介绍人 is a 正式党员 who was already one then
            assert who.full_date is not None and who.full_date <= step.date
        if step.step == "考察":
            assert step.note == "表现良好，学习积极"
        elif step.step == "政审":
            assert step.note == "政审合格"
        else:
            assert step.note == ""
    for person in people:
        steps = sorted(person.steps, key=lambda s: (s.date, s.id))
        assert steps[0].step == "入党申请" and steps == sorted(person.steps, key=lambda s: s.id)
        talks = [s for s in steps if s.step == "谈话"]
        # the talk within a month of the application (发展党员工作细则)
        assert all(s.date <= steps[0].date + dt.timedelta(days=31) for s in talks)
    # the gender the ID number gives is the one the name suggests
    assert {p.name: p.gender for p in people} == {
        "刘晓婷": "女",
        "陈志强": "男",
        "黄丽华": "女",
        "赵文斌": "男",
    }
    assert all(facts(p.id_number).gender == p.gender for p in people)


# --- 党费 -------------------------------------------------------------------------------------------


def check_dues(b: Built, session: Session) -> None:
    """Everyone due this year assessed; farmers at the local amounts, a student, one 免交 approved."""
    year = b.today.year
    members = _members(session)
    rows = {r.member_id: r for r in session.scalars(select(DuesAssessment))}
    # everyone on the roster this year, and those who left this year (owing until they left)
    assert set(rows) == {p.id for p in members if p.left_date is None or p.left_date.year == year}
    kinds = Counter(r.kind for r in rows.values())
    assert kinds == {"农民": len(rows) - 2, "学生": 1, "低保": 1}
    assert rows[members[7].id].kind == "学生" and rows[members[13].id].kind == "低保"
    for r in rows.values():
        assert r.year == year and r.income_fen is None and r.note == ""
        if r.kind == "农民":
            assert r.standard_fen in (20, 50, 100) and r.reduced_fen is None
        else:
            assert r.standard_fen == 20
    exempt = rows[members[13].id]
    assert exempt.reduced_fen == 0 and exempt.reduction_reason
    assert exempt.decided_date == min(dt.date(year, 1, 8), b.today)
    assert exempt.approved_date == min(dt.date(year, 1, 20), b.today)
    assert all(r.reduction_reason == "" and r.decided_date is None for r in rows.values() if r is not exempt)
    assert len({r.standard_fen for r in rows.values() if r.kind == "农民"}) >= 2


def check_dues_payments(b: Built, session: Session) -> None:
    """Paid by the quarter up to last month, by the members or through others for those away; one
    补交; never a day ahead of today or before the months were due, never after the member left."""
    year = b.today.year
    members = {p.id: p for p in _members(session)}
    rows = {r.member_id: r for r in session.scalars(select(DuesAssessment))}
    late = 0
    for pay in session.scalars(select(DuesPayment)):
        p, row = members[pay.member_id], rows[pay.member_id]
        first, last = pay.first_month, pay.last_month
        assert f"{year}-01" <= first <= last < f"{b.today:%Y-%m}"
        months = (int(last[5:]) - int(first[5:])) + 1
        assert pay.amount_fen == row.standard_fen * months and row.reduced_fen is None
        assert pay.paid_date <= b.today and pay.note == ""
        if p.left_date:
            assert last <= f"{p.left_date:%Y-%m}"
        assert first >= f"{p.join_date:%Y-%m}", p.name  # never for a month before admission
        if pay.how == "补交":
            late += 1
            # the first half year paid late in July (as far as it has ended)
            assert first == f"{year}-01" and months == min(6, b.today.month - 1)
            assert pay.paid_date == min(dt.date(year, 7, 10), b.today)
        else:
            assert months <= 3 and (int(first[5:]) - 1) % 3 == 0 or p.join_date.year == year
            assert pay.paid_date >= dt.date(year, int(first[5:]), 4)
            assert pay.paid_date <= dt.date(year, int(first[5:]), 21)
            assert pay.how == ("委托他人" if p.is_mobile else "本人")
    assert late == (1 if b.today.month > 1 else 0)


def check_dues_ledger(b: Built, session: Session) -> None:
    """The ledger shows most paid to last month, a few behind: 提醒 at 3 months and more, 警示 at 6."""
    ledger = member_ledger(session, b.branch_id, b.today.year, b.today)
    members = _members(session)
    by_id = {r.member_id: r for r in ledger}
    behind = {members[5].id: 3, members[11].id: 7, members[20].id: 4}
    ended = b.today.month - 1
    for r in ledger:
        if r.exempt:
            assert r.member_id == members[13].id and r.owed_months == 0
            continue
        person = next(p for p in members if p.id == r.member_id)
        if person.status != "在册":
            assert r.owed_months == 0
            continue
        late = behind.get(r.member_id, 0)
        owed_ended = min(late, ended)
        assert r.overdue_months == owed_ended, (r.name, r.overdue_months)
    if ended >= 7:
        assert by_id[members[11].id].level == "警示"
        assert by_id[members[5].id].level == "提醒" and by_id[members[20].id].level == "提醒"
        assert sum(1 for r in ledger if r.level) == 3


def check_remittance(b: Built, session: Session) -> None:
    """The first half year's dues handed to the 党委 on 7月15日, once that day has come."""
    year = b.today.year
    remitted = list(session.scalars(select(DuesRemittance)))
    if b.today < dt.date(year, 7, 15):
        assert remitted == []
        return
    (one,) = remitted
    assert (one.first_month, one.last_month) == (f"{year}-01", f"{year}-06")
    assert one.remitted_date == dt.date(year, 7, 15) and one.receipt_no == f"{year}-017"
    received = sum(p.amount_fen for p in session.scalars(select(DuesPayment)))
    assert one.amount_fen == received // 2 > 0 and one.branch_id == b.branch_id


def check_remittance_on_its_day(b: Built, session: Session) -> None:
    """The half year's 党费 is handed to the 党委 on 7月15日 itself: a demo opened on that day shows it."""
    if b.today != NOVEMBER:
        return  # once is enough
    day = dt.date(b.today.year, 7, 15)
    dues = (DuesPayment, DuesAssessment, DuesRemittance)
    with _part_built_again(b, day, dues, build_dues_demo) as other, other.db.reading() as other_session:
        check_remittance(other, other_session)


# --- the same demo every time ----------------------------------------------------------------------


def _dues_rows(session: Session) -> list:
    return sorted(
        [
            (r.member_id, r.kind, r.standard_fen, r.reduced_fen)
            for r in session.scalars(select(DuesAssessment))
        ]
        + [
            (r.member_id, r.first_month, r.last_month, r.amount_fen, r.paid_date, r.how)
            for r in session.scalars(select(DuesPayment))
        ]
        + [(r.first_month, r.amount_fen, r.remitted_date) for r in session.scalars(select(DuesRemittance))],
        key=repr,
    )


def _meeting_rows(session: Session) -> list:
    return sorted(
        (
            (x.kind, x.date, x.party_group, x.title, x.place, x.host_id, x.recorder_id),
            sorted((a.member_id, a.present, a.absence_reason) for a in x.attendance),
        )
        for x in _meetings(session)
    )


def _card_rows(session: Session) -> list:
    rows = []
    for year in (2025, 2026, 2027):
        for card in _cards(session, year).values():
            clauses = sorted(
                (c.category, c.position, c.text, c.done, c.done_date, c.note) for c in card.clauses
            )
            rows.append((card.member_id, card.year, card.post, _steps(card), card.posted_date, clauses))
    photos = sorted((p.member_id, bytes(p.jpeg)) for p in session.scalars(select(MemberPhoto)))
    return sorted(rows, key=repr) + photos


def check_the_same_every_time(b: Built, session: Session) -> None:
    """Deterministic for a day: the parts drawn at random (the meetings' absences and places, the
    明白卡 and portraits, the 党费) come out the same when built again on the same roster."""
    if b.today != NOVEMBER:
        return  # once is enough: each build costs seconds
    before = (_meeting_rows(session), _card_rows(session), _dues_rows(session))
    copy = b.db.path.with_name("again.sqlite3")
    with sqlite3.connect(b.db.path) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the file alone may miss what is still in its write-ahead log
    again = open_database(copy)
    try:
        with again.transaction() as other:
            for model in (CardClause, ResponsibilityCard, MemberPhoto, DuesPayment, DuesAssessment):
                other.execute(delete(model))
            other.execute(delete(DuesRemittance))
            for model in (MeetingAttendance, MeetingResolution, Meeting):
                other.execute(delete(model))
            demo_meetings.build_demo_meetings(other, b.branch_id, today=b.today)
            demo_cards.build_cards_demo(other, b.branch_id, today=b.today)
            build_dues_demo(other, b.branch_id, b.today)
            other.flush()
            assert _meeting_rows(other) == before[0]
            assert _card_rows(other) == before[1]
            assert _dues_rows(other) == before[2]
    finally:
        again.close()


# --- throughout ------------------------------------------------------------------------------------


def check_no_day_ahead(b: Built, session: Session) -> None:
    """Nothing in the demo happened after today: every date recorded is today or before."""
    from dangjian_desktop.core.models import Base

    skip = {"deadline", "created_at", "updated_at", "at"}  # 时限 lie ahead; timestamps are the clock's
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if column.name in skip or column.type.python_type not in (dt.date,):
                continue
            latest = session.execute(select(column).where(column > b.today).limit(1)).scalar()
            assert latest is None, (table.name, column.name, latest)


def check_texts_are_chinese(b: Built, session: Session) -> None:
    """Every text a user reads is clean Chinese: no stray Latin letters anywhere in the demo."""
    from dangjian_desktop.core.models import Base

    for table in Base.metadata.sorted_tables:
        if table.name in ("alembic_version", "local_key", "setting"):
            continue
        for column in table.columns:
            try:
                kind = column.type.python_type
            except NotImplementedError:
                continue
            # machine keys (uid, signing key, the pinyin search key), the ID number's X, the OS user
            machine = ("uid", "signing_key", "id_number", "search_key", "actor")
            if kind is not str or column.name in machine:
                continue
            for (value,) in session.execute(select(column)):
                if value:
                    assert not LATIN.search(value), (table.name, column.name, value)
                    assert value == value.strip(), (table.name, column.name, value)


CHECKS = [
    check_branch,
    check_id_numbers,
    check_people,
    check_ages_and_education,
    check_party_dates,
    check_probationary,
    check_groups_and_posts,
    check_contacts,
    check_departures,
    check_meetings_in_their_periods,
    check_one_missing_period_of_each_kind,
    check_schedule_kept,
    check_meeting_records,
    check_meeting_texts,
    check_meetings_on_any_day_of_the_year,
    check_birthday_record,
    check_birthday_reminder,
    check_last_years_cards,
    check_this_years_cards,
    check_clauses_done_from_the_first_of_march,
    check_portraits,
    check_develop,
    check_dues,
    check_dues_payments,
    check_dues_ledger,
    check_remittance,
    check_remittance_on_its_day,
    check_the_same_every_time,
    check_no_day_ahead,
    check_texts_are_chinese,
]


def _keeps_every_promise(tmp_path: Path, today: dt.date) -> None:
    built = _build(tmp_path, today)
    try:
        with built.db.reading() as session:
            for check in CHECKS:
                check(built, session)
    finally:
        built.db.close()


def test_the_demo_of_a_late_november_day_keeps_every_promise(tmp_path: Path) -> None:
    _keeps_every_promise(tmp_path, NOVEMBER)


def test_the_demo_of_the_first_days_of_a_year_keeps_every_promise(tmp_path: Path) -> None:
    _keeps_every_promise(tmp_path, JANUARY)


def test_the_demo_of_the_first_of_july_keeps_every_promise(tmp_path: Path) -> None:
    _keeps_every_promise(tmp_path, JULY_FIRST)
