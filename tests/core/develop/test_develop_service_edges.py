"""The writes of 发展党员 on their lines, with their exact words, where mutation testing found them untried
(tests/MUTANTS.md, core/develop/service.py): each field of the applicant as stored, each refusal (nothing
changed), the dates of a step, the vote's meeting record, the roster following the path, 删除误录."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.path import DevelopError
from dangjian_desktop.core.develop.queries import list_paths, person_detail
from dangjian_desktop.core.develop.service import (
    PersonDraft,
    StepDraft,
    add_person,
    check_person,
    normalize_step,
    record_step,
    undo_last_step,
    update_person,
)
from dangjian_desktop.core.meetings import GENERAL_ASSEMBLY, MeetingDraft, add_meeting
from dangjian_desktop.core.models import Meeting, Member, OperationLog
from dangjian_desktop.core.models_develop import DevelopPerson, DevelopStep
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster
from tests.core.develop.helpers import add_roster, id_for

D = dt.date
TODAY = D(2026, 12, 1)
BIRTH = D(1995, 5, 5)


def _draft(name: str = "李青", serial: int = 7, applied: object = "2023-03-01", **kw: str) -> PersonDraft:
    return PersonDraft(name=name, id_number=id_for(BIRTH, serial), applied=applied, **kw)


def _step(db: Database, pid: int, step: str, day: object, **kw: object):  # noqa: ANN202
    return record_step(db, pid, StepDraft(step=step, date=day, **kw), today=TODAY)  # type: ignore[arg-type]


def _count(db: Database, table: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def _last_log(db: Database) -> tuple[str, str]:
    with db.reading() as session:
        row = session.scalars(select(OperationLog).order_by(OperationLog.id.desc())).first()
        return (row.action, row.detail)  # type: ignore[union-attr]


def _to_candidate(db: Database, branch_id: int, **kw: str) -> int:
    pid = add_person(db, branch_id, _draft(**kw), today=TODAY)
    _step(db, pid, "确定积极分子", "2023-06-01", people=["党员1"])
    _step(db, pid, "考察", "2023-12-01")
    _step(db, pid, "确定发展对象", "2024-06-01", people=["党员1", "党员2"])
    return pid


VOTE = {"present": 4, "votes_for": 4, "votes_against": 0, "votes_abstain": 0}


def _to_admitted(db: Database, branch_id: int, **kw: str) -> int:
    pid = _to_candidate(db, branch_id, **kw)
    _step(db, pid, "支部大会", "2024-07-10", **VOTE)
    _step(db, pid, "党委审批", "2024-08-01")
    return pid


# --- the applicant ----------------------------------------------------------------------------------


def test_each_problem_of_an_applicant_under_its_field() -> None:
    assert check_person(PersonDraft(), TODAY) == {
        "name": "姓名不能为空",
        "id_number": "请填写公民身份号码（用于核对年龄）",
        "applied": "请填写递交入党申请书的日期",
    }
    bad = PersonDraft(name="名" * 51, id_number="123", applied="2026-13-45", phone="1380013800")
    problems = check_person(bad, TODAY)
    assert problems["name"] == "姓名太长"
    assert problems["applied"].startswith("申请日期：") and len(problems["applied"]) > len("申请日期：")
    assert problems["phone"] == "手机号应为11位，这里是10位"
    assert set(problems) == {"name", "id_number", "applied", "phone"}
    assert check_person(_draft("名" * 50, phone="13800138000"), TODAY) == {}
    # a date that does not parse, with a good ID number: the date's own problem, not the age rule's
    assert check_person(_draft(applied="2026-13-45"), TODAY)["applied"].startswith("申请日期：日期")


@pytest.mark.parametrize(("applied", "ok"), [(TODAY, True), (TODAY + dt.timedelta(days=1), False)])
def test_the_application_may_be_dated_today_not_tomorrow(applied: dt.date, ok: bool) -> None:
    assert check_person(_draft(applied=applied), TODAY) == ({} if ok else {"applied": "申请日期不能晚于今天"})


def test_the_age_rule_in_its_words() -> None:
    birth = D(2008, 3, 1)
    young = PersonDraft(name="小王", id_number=id_for(birth), applied=D(2026, 2, 28))
    assert check_person(young, TODAY) == {
        "applied": "2026年2月28日申请时未满18周岁，不能申请入党（《中国共产党发展党员工作细则》（2014）第五条）"
    }


def test_the_applicant_is_stored_field_by_field(db: Database, branch_id: int) -> None:
    draft = _draft(
        "  李　青 ",
        party_group=" 第一党小组 ",
        phone="138 0013 8000",
        ethnicity="  ",
        education=" 大专 ",
        job=" 务农 ",
        address=" 三组 ",
        note="  种粮大户  ",
    )
    pid = add_person(db, branch_id, draft, today=TODAY)
    with db.reading() as session:
        person = session.get(DevelopPerson, pid)
        stored = {
            k: getattr(person, k)
            for k in ("branch_id", "name", "id_number", "gender", "birth_date", "party_group", "phone")
        }
        more = (person.ethnicity, person.education, person.job, person.address, person.note)
        steps = [(s.step, s.date) for s in person.steps]
    assert stored == {
        "branch_id": branch_id,
        "name": "李青",
        "id_number": id_for(BIRTH),
        "gender": "男",
        "birth_date": BIRTH,
        "party_group": "第一党小组",
        "phone": "13800138000",
    }
    assert more == ("汉族", "大专", "务农", "三组", "种粮大户")
    assert steps == [(r.APPLY, D(2023, 3, 1))]
    assert _last_log(db) == ("入党申请", "李青")


def test_refusals_are_joined_and_change_nothing(db: Database, branch_id: int) -> None:
    with pytest.raises(DevelopError) as caught:
        add_person(db, branch_id, PersonDraft(name="", id_number="", applied=None), today=TODAY)
    assert str(caught.value) == "姓名不能为空；请填写公民身份号码（用于核对年龄）；请填写递交入党申请书的日期"
    assert _count(db, DevelopPerson) == 0


def test_the_same_person_once_per_branch_and_not_a_member(db: Database, branch_id: int) -> None:
    pid = add_person(db, branch_id, _draft(), today=TODAY)
    with pytest.raises(DevelopError) as twice:
        add_person(db, branch_id, _draft("别名"), today=TODAY)
    assert str(twice.value) == f"此身份证号已登记在发展党员名单中（李青，编号 {pid}）"
    with db.transaction() as session:
        member_id = add_member(session, branch_id, MemberDraft(name="老党员", id_number=id_for(BIRTH, 8)))
    with pytest.raises(DevelopError) as member:
        add_person(db, branch_id, _draft("老党员", serial=8), today=TODAY)
    assert str(member.value) == "老党员 已是在册党员，不需要登记入党申请"
    assert _count(db, DevelopPerson) == 1
    # a member who has left the roster may apply again
    with db.transaction() as session:
        leave_roster(session, member_id, "出党", D(2020, 1, 1), "自行脱党")
    assert add_person(db, branch_id, _draft("老党员", serial=8), today=TODAY)


def test_the_same_id_number_in_another_branch_is_another_record(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core.models import Branch

    with db.transaction() as session:
        other = Branch(name="邻村党支部", township="测试镇")
        session.add(other)
        session.flush()
        other_id = other.id
    add_person(db, other_id, _draft(), today=TODAY)
    assert add_person(db, branch_id, _draft(), today=TODAY)
    assert _count(db, DevelopPerson) == 2


def test_an_update_corrects_the_details_and_moves_the_application(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = add_person(db, branch_id, _draft(), today=TODAY)
    _step(db, pid, "谈话", "2023-03-20", people=["党员1"])
    update_person(db, pid, _draft("李清", serial=9, applied="2023-03-10", job="电工"), today=TODAY)
    with db.reading() as session:
        person = session.get(DevelopPerson, pid)
        assert (person.name, person.id_number, person.job) == ("李清", id_for(BIRTH, 9), "电工")
        assert [(s.step, s.date) for s in person.steps] == [
            (r.APPLY, D(2023, 3, 10)),
            (r.TALK, D(2023, 3, 20)),
        ]
    assert _last_log(db) == ("修改发展党员信息", "李清")
    # the same id number again is no duplicate of itself
    update_person(db, pid, _draft("李清", serial=9, applied="2023-03-10"), today=TODAY)


def test_an_update_is_refused_in_words_and_changes_nothing(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = add_person(db, branch_id, _draft(), today=TODAY)
    other = add_person(db, branch_id, _draft("王红", serial=8), today=TODAY)
    _step(db, pid, "谈话", "2023-03-20", people=["党员1"])
    with pytest.raises(DevelopError, match=f"^此身份证号已登记在发展党员名单中（王红，编号 {other}）$"):
        update_person(db, pid, _draft(serial=8), today=TODAY)
    with pytest.raises(DevelopError, match="^谈话的日期 2023年3月20日 早于入党申请日期 2023年3月21日$"):
        update_person(db, pid, _draft(applied="2023-03-21"), today=TODAY)
    with pytest.raises(DevelopError, match="^姓名不能为空$"):
        update_person(db, pid, _draft(""), today=TODAY)
    with pytest.raises(DevelopError, match="^找不到编号为 999 的发展党员记录$"):
        update_person(db, 999, _draft(), today=TODAY)
    with db.reading() as session:
        person = session.get(DevelopPerson, pid)
        assert (person.name, person.id_number, person.steps[0].date) == ("李青", id_for(BIRTH), D(2023, 3, 1))


# --- a step -----------------------------------------------------------------------------------------


def test_step_names_as_people_type_them() -> None:
    assert normalize_step(" 积极分子　") == r.NAME_ACTIVIST
    assert normalize_step("考察") == r.REVIEW
    with pytest.raises(DevelopError) as caught:
        normalize_step("入党申请")  # recorded by add_person only
    assert str(caught.value) == f"步骤“入党申请”不认识，应为：{'、'.join(r.RECORDABLE)}"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"date": None}, "请填写日期"),
        ({"date": "2026-12-02"}, "日期 2026年12月2日 晚于今天，只能记录已经发生的事"),
        ({"date": "2024-06-11", "end_date": "2024-06-10"}, "结束日期早于开始日期"),
        ({"date": "2024-06-11", "hours": -1}, "学时不能为负数"),
        ({"date": "2024-06-11", "months": -1}, "月数不能为负数"),
    ],
)
def test_the_dates_and_counts_of_a_step_are_refused_in_words(
    db: Database, branch_id: int, kw: dict, message: str
) -> None:
    add_roster(db, branch_id, full=3)
    pid = _to_candidate(db, branch_id)
    with pytest.raises(DevelopError, match=f"^{message}$"):
        record_step(db, pid, StepDraft(step="集中培训", **kw), today=TODAY)
    assert _count(db, DevelopStep) == 4


def test_a_date_that_does_not_parse_is_refused(db: Database, branch_id: int) -> None:
    pid = add_person(db, branch_id, _draft(), today=TODAY)
    for field in ("date", "end_date"):
        values = {"date": "2024-06-11", field: "2024-02-30"}
        with pytest.raises(DevelopError) as caught:
            record_step(db, pid, StepDraft(step="谈话", **values), today=TODAY)
        assert str(caught.value) == "日期“2024-02-30”不存在，请核对年月日"
    assert _count(db, DevelopStep) == 1


def test_a_step_on_today_ending_the_same_day_with_nothing_counted(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = _to_candidate(db, branch_id)
    result = _step(db, pid, "集中培训", TODAY, end_date=TODAY, hours=0, months=0, note="  县委党校  ")
    with db.reading() as session:
        step = session.get(DevelopStep, result.step_id)
        assert (step.step, step.date, step.end_date, step.hours, step.months, step.note) == (
            r.TRAINING,
            TODAY,
            TODAY,
            0,
            0,
            "县委党校",
        )
    assert result.vote is None and result.member_id is None and result.stage == r.CANDIDATE
    assert _last_log(db) == ("发展党员：集中培训", "李青 2026-12-01")


def test_the_people_number_and_method_of_a_step_are_stored(db: Database, branch_id: int) -> None:
    ids = add_roster(db, branch_id, full=3)
    pid = add_person(db, branch_id, _draft(), today=TODAY)
    with pytest.raises(DevelopError) as caught:
        _step(db, pid, "积极分子", "2023-06-01", people=["党员1"], method="自荐")
    assert str(caught.value) == "推荐方式应为：党员推荐、群团组织推优"
    result = _step(
        db,
        pid,
        "积极分子",
        "2023-06-01",
        people=["党员2", "党员1"],
        method=" 群团组织推优 ",
        number=" 备 01 ",
    )
    with db.reading() as session:
        step = session.get(DevelopStep, result.step_id)
        assert (step.method, step.number) == ("群团组织推优", "备 01")
        assert [(p.position, p.member_id) for p in step.people] == [(0, ids["党员2"]), (1, ids["党员1"])]
        detail = person_detail(session, pid)
    assert detail.steps[-1].people == ("党员2", "党员1")
    # no method at all is no wrong method
    other = add_person(db, branch_id, _draft("王红", serial=8), today=TODAY)
    assert _step(db, other, "积极分子", "2023-06-01", people=["党员1"]).stage == r.ACTIVIST


def test_only_the_warnings_this_step_added_are_returned(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = add_person(db, branch_id, _draft(), today=TODAY)
    late = _step(db, pid, "谈话", "2023-04-02", people=["党员1"])
    assert len(late.warnings) == 1 and "晚于申请后一个月" in late.warnings[0]
    quiet = _step(db, pid, "积极分子", "2023-06-01", people=["党员1"])
    assert quiet.warnings == ()


# --- the vote and its meeting record -----------------------------------------------------------------


def test_the_vote_is_stored_and_makes_a_general_assembly(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_candidate(db, branch_id)
    result = _step(
        db, pid, "支部大会", "2024-07-10", present=4, votes_for=3, votes_against=1, votes_abstain=0
    )
    assert result.vote is not None and result.vote.passed
    with db.reading() as session:
        step = session.get(DevelopStep, result.step_id)
        stored = (step.entitled, step.present, step.votes_for, step.votes_against, step.votes_abstain)
        assert stored == (5, 4, 3, 1, 0) and step.passed is True
        meeting = session.get(Meeting, step.meeting_id)
        assert (meeting.kind, meeting.date, meeting.branch_id, meeting.has_vote) == (
            GENERAL_ASSEMBLY,
            D(2024, 7, 10),
            branch_id,
            True,
        )
        assert meeting.title == "讨论接收李青为预备党员"
        assert meeting.topics == "讨论接收李青为预备党员"
        assert meeting.votes == f"讨论接收李青为预备党员：{result.vote.summary()}"


def test_the_vote_joins_the_meeting_already_recorded_that_day(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=5)
    first = _to_candidate(db, branch_id)
    second = _to_candidate(db, branch_id, name="王红", serial=8)
    day = D(2024, 7, 10)
    with db.transaction() as session:
        # another branch's assembly that day, and this branch's 支委会 that day: neither is the one
        from dangjian_desktop.core.models import Branch

        other = Branch(name="邻村党支部", township="测试镇")
        session.add(other)
        session.flush()
        session.add(Meeting(branch_id=other.id, kind=GENERAL_ASSEMBLY, date=day, title="邻村"))
        add_meeting(
            session, branch_id, MeetingDraft(kind="支委会", date=day, record_attendance=False), today=TODAY
        )
        held = add_meeting(
            session,
            branch_id,
            MeetingDraft(
                kind=GENERAL_ASSEMBLY,
                date=day,
                topics=["学习党章"],
                record_attendance=False,
                title="七月党员大会",
            ),
            today=TODAY,
        ).meeting_id
    one = _step(db, first, "支部大会", day, **VOTE)
    two = _step(db, second, "支部大会", day, **VOTE)
    with db.reading() as session:
        ids = {session.get(DevelopStep, x.step_id).meeting_id for x in (one, two)}
        meeting = session.get(Meeting, held)
        count = session.scalar(
            select(func.count()).select_from(Meeting).where(Meeting.branch_id == branch_id)
        )
    assert ids == {held} and count == 2
    assert meeting.title == "七月党员大会" and meeting.has_vote
    assert meeting.topics.splitlines() == ["学习党章", "讨论接收李青为预备党员", "讨论接收王红为预备党员"]
    assert meeting.votes.splitlines() == [
        f"讨论接收李青为预备党员：{one.vote.summary()}",
        f"讨论接收王红为预备党员：{two.vote.summary()}",
    ]


def test_a_second_vote_on_the_same_meeting_keeps_one_topic(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=6)
    pid = _to_candidate(db, branch_id)
    day = D(2024, 7, 10)
    failed = _step(db, pid, "支部大会", day, present=4, votes_for=3, votes_against=1, votes_abstain=0)
    passed = _step(db, pid, "支部大会", day, present=5, votes_for=5, votes_against=0, votes_abstain=0)
    with db.reading() as session:
        (meeting,) = session.scalars(select(Meeting)).all()
    assert meeting.topics == "讨论接收李青为预备党员"
    assert len(meeting.votes.splitlines()) == 2 and not failed.vote.passed and passed.vote.passed


def test_the_full_vote_names_its_subject(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_admitted(db, branch_id)
    _step(db, pid, "转正申请", "2025-06-01")
    result = _step(db, pid, "转正大会", "2025-07-10", **VOTE)
    with db.reading() as session:
        meeting = session.get(Meeting, session.get(DevelopStep, result.step_id).meeting_id)
    assert meeting.title == "讨论李青预备党员转正"
    assert meeting.votes == f"讨论李青预备党员转正：{result.vote.summary()}"


def test_a_vote_without_its_counts_is_refused(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_candidate(db, branch_id)
    for missing in VOTE:
        counts = {k: v for k, v in VOTE.items() if k != missing}
        with pytest.raises(DevelopError, match="^支部大会表决须写明实到人数和赞成、反对、弃权票数$"):
            _step(db, pid, "支部大会", "2024-07-10", **counts)
    assert _count(db, Meeting) == 0


# --- the roster follows the path ---------------------------------------------------------------------


def test_the_approval_puts_the_applicant_on_the_roster_with_every_field(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_candidate(
        db,
        branch_id,
        party_group="第二党小组",
        phone="13900139000",
        ethnicity="回族",
        education="高中",
        job="个体",
        address="五组",
        note="退役军人",
    )
    _step(db, pid, "支部大会", "2024-07-10", **VOTE)
    assert _count(db, Member) == 5
    result = _step(db, pid, "党委审批", "2024-08-01")
    with db.reading() as session:
        member = session.get(Member, result.member_id)
        person = session.get(DevelopPerson, pid)
        shown = person_detail(session, pid).row.member_id
        fields = (
            member.name, member.id_number, member.ethnicity, member.education, member.job, member.phone,
            member.address, member.note, member.party_group, member.category, member.join_date, member.full_date,
        )  # fmt: skip
    assert person.member_id == result.member_id == shown and result.stage == r.PROBATIONARY
    assert fields == (
        "李青", id_for(BIRTH), "回族", "高中", "个体", "13900139000", "五组", "退役军人", "第二党小组",
        "预备党员", D(2024, 7, 10), None,
    )  # fmt: skip


def test_an_approval_the_roster_refuses_is_refused_whole(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_candidate(db, branch_id)
    _step(db, pid, "支部大会", "2024-07-10", **VOTE)
    with db.transaction() as session:  # the same ID number entered on the roster meanwhile
        add_member(
            session, branch_id, MemberDraft(name="李青", id_number=id_for(BIRTH), join_date="2024-07-10")
        )
    with pytest.raises(DevelopError) as caught:
        _step(db, pid, "党委审批", "2024-08-01")
    assert str(caught.value).startswith("无法把李青加入花名册：") and len(str(caught.value)) > 12
    with db.reading() as session:
        assert session.get(DevelopPerson, pid).member_id is None
        assert (
            session.scalar(
                select(func.count()).select_from(DevelopStep).where(DevelopStep.step == "党委审批")
            )
            == 0
        )


def test_full_membership_is_dated_when_the_probation_ended_and_logged(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_admitted(db, branch_id)
    _step(db, pid, "转正申请", "2025-06-01")
    _step(db, pid, "转正大会", "2025-07-10", **VOTE)
    result = _step(db, pid, "转正审批", "2025-08-01")
    with db.reading() as session:
        member = session.get(Member, result.member_id)
        logs = [(o.action, o.detail) for o in session.scalars(select(OperationLog).order_by(OperationLog.id))]
    assert (member.category, member.full_date) == ("正式党员", D(2025, 7, 10))
    assert logs[-2:] == [
        ("预备党员转正", "李青 转正日期 2025-07-10"),
        ("发展党员：转正审批", "李青 2025-08-01"),
    ]


def test_a_cancelled_probation_takes_the_member_off_the_roster(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_admitted(db, branch_id)
    result = _step(db, pid, "取消预备党员资格", "2025-03-01", note=" 不履行党员义务 ")
    with db.reading() as session:
        member = session.get(Member, result.member_id)
        gone = (member.status, member.left_date, member.left_reason)
    assert result.stage == r.STOPPED
    assert gone == ("出党", D(2025, 3, 1), "取消预备党员资格：不履行党员义务")


def test_stopping_before_admission_touches_no_roster(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = _to_candidate(db, branch_id)
    result = _step(db, pid, "终止", "2024-07-01", note="本人撤回")
    assert (result.stage, result.member_id) == (r.STOPPED, None)
    assert _count(db, Member) == 3


# --- 删除误录 -------------------------------------------------------------------------------------------


def test_undo_takes_the_step_entered_last_whatever_its_date(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = add_person(db, branch_id, _draft(), today=TODAY)
    with pytest.raises(DevelopError, match="^只有入党申请，没有可撤销的步骤$"):
        undo_last_step(db, pid)
    _step(db, pid, "积极分子", "2023-06-01", people=["党员1"])
    _step(db, pid, "谈话", "2023-03-20", people=["党员1"])  # entered late, dated earlier
    assert undo_last_step(db, pid) == "2023-03-20 谈话"
    assert _last_log(db) == ("撤销发展党员步骤", "李青 2023-03-20 谈话")
    with db.reading() as session:
        assert [s.step for s in person_detail(session, pid).steps] == [r.APPLY, r.NAME_ACTIVIST]
    with pytest.raises(DevelopError, match="^找不到编号为 404 的发展党员记录$"):
        undo_last_step(db, 404)


def test_undo_that_would_break_the_path_is_refused(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = add_person(db, branch_id, _draft(), today=TODAY)
    _step(db, pid, "积极分子", "2023-06-01", people=["党员1"])
    _step(db, pid, "考察", "2023-12-01")
    # a 积极分子 entered again by mistake is not possible; the 考察 rests on the one 确定积极分子, which
    # was entered before it: undoing the 考察 first, then the 确定积极分子, is the only way
    assert undo_last_step(db, pid) == "2023-12-01 考察"
    assert undo_last_step(db, pid) == "2023-06-01 确定积极分子"
    with db.reading() as session:
        assert list_paths(session, branch_id, today=TODAY)[0].stage == r.APPLICANT


def test_a_roster_step_may_be_undone_while_the_roster_has_not_acted(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = _to_candidate(db, branch_id)
    _step(db, pid, "终止", "2024-07-01", note="本人撤回")
    assert undo_last_step(db, pid) == "2024-07-01 终止"  # 终止 is a roster step, but no member exists
    with db.reading() as session:
        assert list_paths(session, branch_id, today=TODAY)[0].stage == r.CANDIDATE


# --- today as given, and the local rules, passed on throughout ---------------------------------------


def test_an_update_judges_the_application_against_the_today_given(db: Database, branch_id: int) -> None:
    # a day before the machine's date, so that the machine's own today cannot stand in for it
    given = dt.date.today() - dt.timedelta(days=10)
    with pytest.raises(DevelopError, match="^申请日期不能晚于今天$"):
        add_person(db, branch_id, _draft(applied=given + dt.timedelta(days=1)), today=given)
    pid = add_person(db, branch_id, _draft(applied=given), today=given)
    with pytest.raises(DevelopError, match="^申请日期不能晚于今天$"):
        update_person(db, pid, _draft(applied=given + dt.timedelta(days=5)), today=given)
    with pytest.raises(DevelopError, match="^姓名不能为空；申请日期不能晚于今天$"):
        update_person(db, pid, _draft("", applied=given + dt.timedelta(days=5)), today=given)
    with db.reading() as session:
        assert session.get(DevelopPerson, pid).steps[0].date == given


def test_a_vote_ahead_of_the_machines_date_is_recorded_on_the_today_given(
    db: Database, branch_id: int
) -> None:
    ahead = dt.date.today() + dt.timedelta(days=400)
    add_roster(db, branch_id, full=5)
    pid = add_person(db, branch_id, _draft(applied=ahead - dt.timedelta(days=60)), today=ahead)
    for step, days, kw in (
        ("确定积极分子", 50, {"people": ["党员1"]}),
        ("确定发展对象", 10, {"people": ["党员1", "党员2"]}),
        ("支部大会", 5, VOTE),
    ):
        record_step(db, pid, StepDraft(step=step, date=ahead - dt.timedelta(days=days), **kw), today=ahead)
    with db.reading() as session:
        (meeting,) = session.scalars(select(Meeting)).all()
    assert meeting.date == ahead - dt.timedelta(days=5)


def test_edits_and_undos_replay_the_path_with_the_local_rules(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=3)
    pid = _to_candidate(db, branch_id)
    _step(db, pid, "集中培训", "2024-06-11")  # one day: the local 学时 rule is read to warn
    _step(db, pid, "公示", "2024-06-17", end_date="2024-06-21")
    _step(db, pid, "支委会审查", "2024-06-25")
    update_person(db, pid, _draft(job="木工"), today=TODAY)
    assert undo_last_step(db, pid) == "2024-06-25 支委会审查"
    with db.reading() as session:
        (row,) = list_paths(session, branch_id, today=TODAY)
    assert row.state.next_step == r.VETTING and any("集中培训只有1天" in w for w in row.state.warnings)


def test_undo_on_a_path_that_no_longer_replays_is_refused(db: Database, branch_id: int) -> None:
    from sqlalchemy import update

    add_roster(db, branch_id, full=3)
    pid = add_person(db, branch_id, _draft(), today=TODAY)
    _step(db, pid, "积极分子", "2023-06-01", people=["党员1"])
    _step(db, pid, "考察", "2023-12-01")
    with db.transaction() as session:  # edited by hand: the 积极分子 now dated before the application
        session.execute(
            update(DevelopStep).where(DevelopStep.step == r.NAME_ACTIVIST).values(date=D(2022, 1, 1))
        )
    with pytest.raises(DevelopError, match="^确定积极分子的日期 2022年1月1日 早于入党申请日期 2023年3月1日$"):
        undo_last_step(db, pid)
    assert _count(db, DevelopStep) == 3


def test_a_full_date_entered_on_the_roster_is_left_alone_by_later_steps(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_admitted(db, branch_id)
    with db.reading() as session:
        member_id = session.get(DevelopPerson, pid).member_id
    with db.transaction() as session:  # the clerk entered the 转正 on the roster, not on the path
        member = session.get(Member, member_id)
        member.category, member.full_date = "正式党员", D(2025, 7, 10)
    _step(db, pid, "入党宣誓", "2024-08-05")
    with db.reading() as session:
        member = session.get(Member, member_id)
        assert (member.category, member.full_date) == ("正式党员", D(2025, 7, 10))
    assert _last_log(db) == ("发展党员：入党宣誓", "李青 2024-08-05")
