"""Reading 发展党员 back on its lines, with its exact words, where mutation testing found them untried
(tests/MUTANTS.md, core/develop/queries.py and stats.py): the names a step takes, the list's order and
what it leaves out, one person's page, what is due, the form's draft, and the counts of the branch and
of the township (35岁 on the line, two years without a new member on the line)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from dangjian_desktop.core import settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.path import DevelopError, PathState
from dangjian_desktop.core.develop.queries import (
    PathRow,
    due_soon,
    entitled_on,
    list_paths,
    person_detail,
    person_draft,
    resolve_people,
)
from dangjian_desktop.core.develop.service import PersonDraft, StepDraft, add_person, record_step
from dangjian_desktop.core.develop.stats import DevelopStats, develop_stats, township_counts
from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.core.models_develop import DevelopStep
from dangjian_desktop.core.roster import MemberDraft, add_member
from tests.core.develop.helpers import add_roster, id_for

D = dt.date
TODAY = D(2026, 12, 1)
BIRTH = D(1995, 5, 5)


def _person(
    db: Database, branch_id: int, name: str, serial: int, applied: str, birth: dt.date = BIRTH
) -> int:
    draft = PersonDraft(name=name, id_number=id_for(birth, serial), applied=applied)
    return add_person(db, branch_id, draft, today=TODAY)


def _step(db: Database, pid: int, step: str, day: str, **kw: object) -> None:
    record_step(db, pid, StepDraft(step=step, date=day, **kw), today=TODAY)  # type: ignore[arg-type]


# --- the members a step names ------------------------------------------------------------------------


def test_names_and_roster_ids_resolve_in_the_order_given(db: Database, branch_id: int) -> None:
    ids = add_roster(db, branch_id, full=3, probationary=1)
    day = D(2025, 1, 1)
    talk, sponsors = r.STEPS[r.TALK], r.STEPS[r.NAME_CANDIDATE]
    with db.reading() as session:
        assert resolve_people(session, branch_id, [" ", ""], day, r.STEPS[r.REVIEW]) == []
        found = resolve_people(session, branch_id, [" 党员3 ", str(ids["党员1"])], day, talk)
        assert [(p.id, p.name) for p in found] == [(ids["党员3"], "党员3"), (ids["党员1"], "党员1")]
        # a 预备党员 may talk with an applicant, not sponsor one
        assert [p.name for p in resolve_people(session, branch_id, ["预备1"], day, talk)] == ["预备1"]
        with pytest.raises(DevelopError, match="^预备1 在 2025年1月1日 不是正式党员，不能作入党介绍人$"):
            resolve_people(session, branch_id, ["党员1", "预备1"], day, sponsors)
        with pytest.raises(DevelopError, match="^“考察”不需要填写人员$"):
            resolve_people(session, branch_id, ["党员1"], day, r.STEPS[r.REVIEW])
        with pytest.raises(DevelopError, match="^党员2 重复填写$"):
            resolve_people(session, branch_id, ["党员2", str(ids["党员2"])], day, talk)
        with pytest.raises(DevelopError, match="^谈话人最多 3 名，这里填了 4 名$"):
            resolve_people(session, branch_id, ["党员1", "党员2", "党员3", "预备1"], day, talk)
        assert len(resolve_people(session, branch_id, ["党员1", "党员2", "党员3"], day, talk)) == 3
        with pytest.raises(DevelopError, match="^2025年1月1日在册党员中找不到“999”$"):
            resolve_people(session, branch_id, ["999"], day, talk)


def test_two_members_of_one_name_are_told_apart_by_their_ids(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        first = add_member(session, branch_id, MemberDraft(name="王芳", join_date="2000-07-01"))
        second = add_member(session, branch_id, MemberDraft(name="王芳", join_date="2001-07-01"))
        # a member whose name is the other's roster id: the name wins
        named = add_member(session, branch_id, MemberDraft(name=str(first), join_date="2001-07-01"))
    day, talk = D(2025, 1, 1), r.STEPS[r.TALK]
    with db.reading() as session:
        with pytest.raises(DevelopError) as caught:
            resolve_people(session, branch_id, ["王芳"], day, talk)
        assert str(caught.value) == f"在册党员中有 2 人名叫“王芳”，请改用花名册编号（{first}、{second}）"
        assert [p.id for p in resolve_people(session, branch_id, [str(second)], day, talk)] == [second]
        assert [p.id for p in resolve_people(session, branch_id, [str(first)], day, talk)] == [named]


def test_those_entitled_to_vote_are_the_full_members_that_day(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3, probationary=2)
    with db.transaction() as session:
        add_member(
            session, branch_id, MemberDraft(name="转正", join_date="2024-01-01", full_date="2025-01-01")
        )
    with db.reading() as session:
        assert entitled_on(session, branch_id, D(2024, 12, 31)) == 3
        assert entitled_on(session, branch_id, D(2025, 1, 1)) == 4
        assert entitled_on(session, branch_id, D(1999, 1, 1)) == 0


# --- the list ----------------------------------------------------------------------------------------


def test_the_list_orders_overdue_then_due_then_stage_then_id(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    today = D(2026, 6, 15)
    # applicants: the talk is due a month after applying; an 积极分子's 考察 half a year after
    a = _person(db, branch_id, "甲", 1, "2026-06-01")  # talk due 2026-07-01
    b = _person(db, branch_id, "乙", 2, "2026-01-01")
    record_step(
        db, b, StepDraft(step="确定积极分子", date="2026-01-01", people=["党员1"]), today=today
    )  # 考察 07-01
    c = _person(db, branch_id, "丙", 3, "2026-05-15")  # talk due 2026-06-15: due today, not overdue
    d = _person(db, branch_id, "丁", 4, "2026-05-14")  # talk due 2026-06-14: overdue
    e = _person(db, branch_id, "戊", 5, "2026-06-01")  # the same due day and stage as 甲: by id
    with db.reading() as session:
        rows = list_paths(session, branch_id, today=today)
    assert [row.id for row in rows] == [d, c, a, e, b]
    assert [row.overdue(today) for row in rows] == [True, False, False, False, False]
    assert rows[1].state.due == today and rows[0].overdue(D(2026, 6, 14)) is False


def test_finished_and_stopped_paths_are_listed_only_when_asked(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core.models import Branch as BranchModel

    add_roster(db, branch_id, full=3)
    going = _person(db, branch_id, "在途", 1, "2026-01-01")
    stopped = _person(db, branch_id, "终止者", 2, "2026-01-01")
    _step(db, stopped, "终止", "2026-02-01", note="本人撤回")
    with db.transaction() as session:
        other = BranchModel(name="邻村党支部", township="测试镇")
        session.add(other)
        session.flush()
        other_id = other.id
    elsewhere = _person(db, other_id, "邻村", 3, "2026-01-01")
    with db.reading() as session:
        assert [row.id for row in list_paths(session, branch_id, today=TODAY)] == [going]
        every = list_paths(session, branch_id, include_finished=True, today=TODAY)
        assert sorted(row.id for row in every) == [going, stopped]
        assert sorted(row.id for row in list_paths(session, None, today=TODAY)) == [going, elsewhere]
        assert [row.branch_id for row in list_paths(session, other_id, today=TODAY)] == [other_id]


def test_a_row_and_its_json(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = add_person(
        db,
        branch_id,
        PersonDraft(
            name="李青",
            id_number=id_for(BIRTH),
            applied="2026-01-01",
            party_group="一组",
            phone="13800138000",
        ),
        today=TODAY,
    )
    with db.reading() as session:
        (row,) = list_paths(session, branch_id, today=TODAY)
    assert (
        row.branch_id,
        row.name,
        row.id_number,
        row.gender,
        row.birth_date,
        row.party_group,
        row.phone,
    ) == (
        branch_id,
        "李青",
        id_for(BIRTH),
        "男",
        BIRTH,
        "一组",
        "13800138000",
    )
    assert row.as_json() == {
        "id": pid,
        "name": "李青",
        "id_number": id_for(BIRTH),
        "stage": r.APPLICANT,
        "applied": "2026-01-01",
        "activist": None,
        "candidate": None,
        "admitted": None,
        "full": None,
        "member_id": None,
        "next_step": r.TALK,
        "due": "2026-02-01",
        "warnings": [],
    }
    bare = PathRow(1, 1, "某", "", "", None, "", "", None, PathState(stage=r.FULL))
    assert bare.as_json()["next_step"] is None and bare.as_json()["due"] is None
    assert bare.overdue(TODAY) is False


def test_a_path_that_no_longer_replays_is_shown_with_its_contradiction(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = _person(db, branch_id, "甲", 1, "2026-01-01")
    _step(db, pid, "确定积极分子", "2026-02-01", people=["党员1"])
    with db.transaction() as session:  # edited by hand: the 积极分子 now dated before the application
        session.execute(
            update(DevelopStep).where(DevelopStep.step == r.NAME_ACTIVIST).values(date=D(2025, 1, 1))
        )
    expected = "记录有矛盾，请核对：确定积极分子的日期 2025年1月1日 早于入党申请日期 2026年1月1日"
    with db.reading() as session:
        (row,) = list_paths(session, branch_id, today=TODAY)
        detail = person_detail(session, pid)
    assert (row.stage, row.state.warnings) == (r.APPLICANT, [expected])
    assert detail.row.state.warnings == [expected]


def test_one_persons_page(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = add_person(
        db,
        branch_id,
        PersonDraft(
            name="李青",
            id_number=id_for(BIRTH),
            applied="2026-01-01",
            ethnicity="苗族",
            education="中专",
            job="村医",
            address="二组",
            note="备注",
            party_group="一组",
            phone="13800138000",
        ),  # fmt: skip
        today=TODAY,
    )
    # two steps on one day, entered in the reverse of the path's order
    _step(db, pid, "确定积极分子", "2026-03-01", people=["党员1"])
    _step(db, pid, "谈话", "2026-03-01", people=["党员2"])
    with db.reading() as session:
        detail = person_detail(session, pid)
        with pytest.raises(DevelopError, match="^找不到编号为 77 的发展党员记录$"):
            person_detail(session, 77)
    assert (
        detail.ethnicity,
        detail.education,
        detail.job,
        detail.address,
        detail.note,
        detail.branch_name,
    ) == (
        "苗族",
        "中专",
        "村医",
        "二组",
        "备注",
        "测试村党支部",
    )
    assert (detail.row.id, detail.row.party_group, detail.row.phone) == (pid, "一组", "13800138000")
    assert [(s.step, s.date) for s in detail.steps] == [
        (r.APPLY, D(2026, 1, 1)),
        (r.TALK, D(2026, 3, 1)),
        (r.NAME_ACTIVIST, D(2026, 3, 1)),
    ]


def test_the_form_gets_back_what_was_stored(db: Database, branch_id: int) -> None:
    draft = PersonDraft(
        name="李青", id_number=id_for(BIRTH), applied=D(2026, 1, 1), party_group="一组", phone="13800138000",
        ethnicity="苗族", education="中专", job="村医", address="二组", note="备注",
    )  # fmt: skip
    pid = add_person(db, branch_id, draft, today=TODAY)
    with db.reading() as session:
        assert person_draft(session, pid) == draft
        with pytest.raises(DevelopError, match="^找不到编号为 78 的发展党员记录$"):
            person_draft(session, 78)


def test_due_soon_on_its_last_day_and_from_the_setting(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    today = D(2026, 6, 1)
    on_line = _person(db, branch_id, "线上", 1, "2026-06-01")  # talk due 2026-07-01: 30 days on
    over = _person(db, branch_id, "线外", 2, "2026-06-02")  # due 2026-07-02
    with db.reading() as session:
        assert [row.id for row in due_soon(session, branch_id, today)] == [on_line]  # the setting: 30
        assert [row.id for row in due_soon(session, branch_id, today, days=31)] == [on_line, over]
        assert due_soon(session, branch_id, today, days=29) == []
    with db.transaction() as session:
        settings.put(session, r.REMINDER_DAYS, 31)
    with db.reading() as session:
        assert [row.id for row in due_soon(session, branch_id, today)] == [on_line, over]
        assert due_soon(session, None, today, days=0) == []


# --- the counts --------------------------------------------------------------------------------------


def test_the_branchs_counts_with_35_on_the_line(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    today = D(2026, 6, 1)
    _person(db, branch_id, "三十五", 1, "2026-01-01", birth=D(1991, 6, 1))  # 35 today
    _person(db, branch_id, "三十六", 2, "2026-01-01", birth=D(1990, 6, 1))  # 36 today
    _person(db, branch_id, "差一天", 3, "2026-01-01", birth=D(1990, 6, 2))  # 35 until tomorrow
    activist = _person(db, branch_id, "积极", 4, "2026-01-01", birth=D(2000, 1, 1))
    record_step(
        db, activist, StepDraft(step="确定积极分子", date="2026-02-01", people=["党员1"]), today=today
    )
    stopped = _person(db, branch_id, "终止", 5, "2026-01-01", birth=D(2000, 1, 1))
    record_step(db, stopped, StepDraft(step="终止", date="2026-02-01", note="撤回"), today=today)
    with db.reading() as session:
        stats = develop_stats(session, branch_id, today)
    assert stats.by_stage == {
        r.APPLICANT: 3,
        r.ACTIVIST: 1,
        r.CANDIDATE: 0,
        r.PROBATIONARY: 0,
        r.FULL: 0,
        r.STOPPED: 1,
    }
    assert list(stats.by_stage) == list(r.STAGES)
    assert (stats.in_progress, stats.young, stats.young_share, stats.ratio) == (4, 3, "75.0%", "1 : 0")
    # the roster's 入党日期: add_roster's members joined on 2000-07-01
    assert (stats.new_per_year, stats.last_new_member, stats.today) == ({2000: 3}, D(2000, 7, 1), today)
    assert stats.years_since_last == round((today - D(2000, 7, 1)).days / 365.25, 1) == 25.9


def test_counts_of_nobody(db: Database, branch_id: int) -> None:
    with db.reading() as session:
        stats = develop_stats(session, branch_id, TODAY)
    assert (stats.in_progress, stats.young, stats.young_share, stats.ratio) == (0, 0, "—", "0 : 0")
    assert (stats.new_per_year, stats.last_new_member, stats.years_since_last) == ({}, None, None)


def test_the_years_since_the_last_new_member_are_rounded_to_one_place() -> None:
    stats = DevelopStats({}, 0, 0, {}, D(2024, 1, 1), D(2026, 1, 1))
    assert stats.years_since_last == 2.0  # 731 days
    assert DevelopStats({}, 3, 1, {}, None, TODAY).young_share == "33.3%"


def test_new_members_per_year_by_branch(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        other = Branch(name="邻村党支部", township="测试镇")
        session.add(other)
        session.flush()
        for day in ("2024-07-01", "2025-07-01", "2025-03-01"):
            add_member(session, branch_id, MemberDraft(name=f"党员{day}", join_date=day))
        add_member(session, other.id, MemberDraft(name="邻村党员", join_date="2026-01-01"))
        add_member(session, branch_id, MemberDraft(name="无日期"))
        other_id = other.id
    with db.reading() as session:
        here = develop_stats(session, branch_id, TODAY)
        there = develop_stats(session, other_id, TODAY)
        everyone = develop_stats(session, None, TODAY)
    assert (here.new_per_year, here.last_new_member) == ({2024: 1, 2025: 2}, D(2025, 7, 1))
    assert list(here.new_per_year) == [2024, 2025]
    assert (there.new_per_year, there.last_new_member) == ({2026: 1}, D(2026, 1, 1))
    assert (everyone.new_per_year, everyone.last_new_member) == ({2024: 1, 2025: 2, 2026: 1}, D(2026, 1, 1))


@pytest.mark.parametrize(
    ("latest", "none_in_two_years"),
    [(D(2024, 6, 1), False), (D(2024, 5, 31), True), (D(2024, 6, 2), False)],
)
def test_two_years_without_a_new_member_on_the_line(
    db: Database, latest: dt.date, none_in_two_years: bool
) -> None:
    today = D(2026, 6, 1)
    with db.transaction() as session:
        branches = [
            Branch(name=name, township="测试镇") for name in ("乙村党支部", "甲村党支部", "丙村党支部")
        ]
        session.add_all(branches)
        session.flush()
        b, a, c = (branch.id for branch in branches)
        session.add(Member(branch_id=b, name="旧", join_date=D(2001, 7, 1), join_md="07-01"))
        session.add(Member(branch_id=b, name="线", join_date=latest, join_md="01-01"))
        for day in (D(2026, 1, 1), today, D(2025, 12, 31)):  # two this year (1 January and today), one last
            session.add(Member(branch_id=a, name=f"新{day}", join_date=day, join_md="01-01"))
        session.add(Member(branch_id=a, name="明天", join_date=D(2026, 6, 2), join_md="06-02"))
    pid = _person(db, b, "申请人", 1, "2026-01-01")
    _person(db, b, "又一人", 2, "2026-01-02")
    stopped = _person(db, b, "终止者", 3, "2026-01-01")
    record_step(db, stopped, StepDraft(step="终止", date="2026-02-01", note="撤回"), today=today)
    with db.reading() as session:
        counts = {c.name: c for c in township_counts(session, today)}
        order = [c.name for c in township_counts(session, today)]
    assert order == sorted(order)  # by name
    assert counts["乙村党支部"].no_new_member_in_two_years is none_in_two_years
    assert (counts["乙村党支部"].last_new_member, counts["乙村党支部"].new_this_year) == (latest, 0)
    assert counts["乙村党支部"].by_stage[r.APPLICANT] == 2 and counts["乙村党支部"].branch_id == b
    assert counts["乙村党支部"].by_stage[r.STOPPED] == 1  # finished paths count at the township too
    assert sum(counts["乙村党支部"].by_stage.values()) == 3 and list(counts["乙村党支部"].by_stage) == list(
        r.STAGES
    )
    assert (counts["甲村党支部"].new_this_year, counts["甲村党支部"].no_new_member_in_two_years) == (2, False)
    assert counts["甲村党支部"].by_stage == dict.fromkeys(r.STAGES, 0)
    assert (counts["丙村党支部"].last_new_member, counts["丙村党支部"].new_this_year) == (None, 0)
    assert counts["丙村党支部"].no_new_member_in_two_years is True
    assert pid


def test_the_branchs_counts_and_reminders_leave_other_branches_out(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    with db.transaction() as session:
        other = Branch(name="邻村党支部", township="测试镇")
        session.add(other)
        session.flush()
        other_id = other.id
    today = D(2026, 6, 1)
    here = _person(db, branch_id, "本村", 1, "2026-05-20")
    _person(db, other_id, "邻村甲", 2, "2026-05-20")
    _person(db, other_id, "邻村乙", 3, "2026-05-21")
    with db.reading() as session:
        mine, theirs = develop_stats(session, branch_id, today), develop_stats(session, other_id, today)
        assert [row.id for row in due_soon(session, branch_id, today, days=30)] == [here]
        assert len(due_soon(session, None, today, days=30)) == 3
    assert (mine.in_progress, mine.by_stage[r.APPLICANT]) == (1, 1)
    assert (theirs.in_progress, theirs.by_stage[r.APPLICANT]) == (2, 2)


def test_a_candidates_row_and_page_carry_every_date_and_id(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = _person(db, branch_id, "甲", 1, "2023-01-01")
    _step(db, pid, "确定积极分子", "2023-03-01", people=["党员1"])
    _step(db, pid, "考察", "2023-09-01")
    _step(db, pid, "确定发展对象", "2024-03-01", people=["党员1", "党员2"])
    with db.reading() as session:
        (row,) = list_paths(session, branch_id, today=TODAY)
        detail = person_detail(session, pid)
    assert (row.as_json()["activist"], row.as_json()["candidate"]) == ("2023-03-01", "2024-03-01")
    assert detail.row == row
    assert [s.people for s in detail.steps] == [(), ("党员1",), (), ("党员1", "党员2")]  # each name once


def test_a_step_this_version_does_not_know_is_listed_last_on_its_day(db: Database, branch_id: int) -> None:
    """A step name from a newer version (a package merged at the township): the path says it cannot be
    read, and the page still lists every step, the unknown one after the known ones of its day."""
    add_roster(db, branch_id, full=3)
    pid = _person(db, branch_id, "甲", 1, "2023-01-01")
    _step(db, pid, "谈话", "2023-01-20", people=["党员1"])
    with db.transaction() as session:
        session.execute(update(DevelopStep).where(DevelopStep.step == r.TALK).values(step="新步骤"))
        session.add(DevelopStep(person_id=pid, step=r.TALK, date=D(2023, 1, 20)))
    with db.reading() as session:
        detail = person_detail(session, pid)
    assert [s.step for s in detail.steps] == [r.APPLY, r.TALK, "新步骤"]
    assert detail.row.state.warnings[0].startswith("记录有矛盾，请核对：步骤“新步骤”不认识")
