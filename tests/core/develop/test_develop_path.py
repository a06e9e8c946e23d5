"""The whole path through the services, the vote at its boundaries, the hard facts refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.develop.path import DevelopError
from dangjian_desktop.core.develop.queries import list_paths, person_detail
from dangjian_desktop.core.develop.service import PersonDraft, StepDraft, add_person, record_step
from dangjian_desktop.core.meetings import compliance
from dangjian_desktop.core.models import Meeting, Member
from dangjian_desktop.core.models_develop import DevelopStep
from tests.core.develop.helpers import add_roster, id_for

TODAY = dt.date(2026, 12, 1)
BIRTH = dt.date(1995, 5, 5)


def _step(db, pid, step, day, **kw):
    return record_step(db, pid, StepDraft(step=step, date=day, **kw), today=TODAY)


def _to_candidate(db, branch_id) -> int:
    pid = add_person(
        db,
        branch_id,
        PersonDraft(
            name="李青",
            id_number=id_for(BIRTH),
            applied="2023-03-01",
            party_group="第一党小组",
            phone="13800138000",
        ),
        today=TODAY,
    )
    _step(db, pid, "谈话", "2023-03-20", people=["党员1"])
    _step(db, pid, "确定积极分子", "2023-06-01", people=["党员1", "党员2"], method="党员推荐")
    _step(db, pid, "考察", "2023-12-01", note="表现良好")
    _step(db, pid, "确定发展对象", "2024-06-01", people=["党员1", "党员2"])
    return pid


def _to_probationary(db, branch_id) -> int:
    pid = _to_candidate(db, branch_id)
    _step(db, pid, "政审", "2024-06-10", note="合格")
    _step(db, pid, "集中培训", "2024-06-11", end_date="2024-06-13")
    _step(db, pid, "公示", "2024-06-17")
    _step(db, pid, "支委会审查", "2024-06-25")
    _step(db, pid, "预审", "2024-07-01", number="志愿书2024001")
    _step(db, pid, "支部大会", "2024-07-10", present=4, votes_for=4, votes_against=0, votes_abstain=0)
    _step(db, pid, "上级谈话", "2024-07-20", people=["党员3"])
    _step(db, pid, "党委审批", "2024-08-01", number="镇党字〔2024〕8号")
    return pid


def test_whole_path_ends_as_full_member_with_the_right_dates(db, branch_id) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_probationary(db, branch_id)
    with db.reading() as session:
        (row,) = list_paths(session, branch_id, today=TODAY)
        member = session.get(Member, row.member_id)
        assert row.stage == "预备党员" and row.state.warnings == []
        assert (member.category, member.join_date, member.full_date) == (
            "预备党员",
            dt.date(2024, 7, 10),
            None,
        )
        assert (member.name, member.party_group, member.phone, member.birth_date) == (
            "李青",
            "第一党小组",
            "13800138000",
            BIRTH,
        )
    _step(db, pid, "入党宣誓", "2024-08-05")
    _step(db, pid, "转正申请", "2025-06-01")
    _step(db, pid, "转正大会", "2025-07-10", present=5, votes_for=5, votes_against=0, votes_abstain=0)
    result = _step(db, pid, "转正审批", "2025-09-01", number="镇党字〔2025〕3号")
    assert result.stage == "正式党员" and result.warnings == ()
    with db.reading() as session:
        member = session.get(Member, result.member_id)
        # 转正日期 is the day the probation ended, not the approval day
        assert (member.category, member.join_date, member.full_date) == (
            "正式党员",
            dt.date(2024, 7, 10),
            dt.date(2025, 7, 10),
        )
        assert list_paths(session, branch_id, today=TODAY) == []
        (done,) = list_paths(session, branch_id, include_finished=True, today=TODAY)
        assert done.as_json()["full"] == "2025-07-10" and done.as_json()["admitted"] == "2024-07-10"
        # both votes are 支部党员大会 records, counted for compliance
        meetings = session.scalars(select(Meeting).order_by(Meeting.date)).all()
        assert [(m.kind, m.date) for m in meetings] == [
            ("支部党员大会", dt.date(2024, 7, 10)),
            ("支部党员大会", dt.date(2025, 7, 10)),
        ]
        q3 = [c for c in compliance(session, branch_id, 2024, today=TODAY).rows if c.kind == "支部党员大会"]
        assert next(c for c in q3 if c.period == "2024-Q3").held == 1


def test_extension_moves_the_full_date(db, branch_id) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_probationary(db, branch_id)
    _step(db, pid, "延长预备期", "2025-07-10", months=6, note="需继续考察")
    with pytest.raises(DevelopError, match="只能延长一次"):
        _step(db, pid, "延长预备期", "2025-08-10", months=6, note="再次")
    _step(db, pid, "转正申请", "2025-12-01")
    _step(db, pid, "转正大会", "2026-01-10", present=3, votes_for=3, votes_against=0, votes_abstain=0)
    result = _step(db, pid, "转正审批", "2026-02-01")
    with db.reading() as session:
        assert session.get(Member, result.member_id).full_date == dt.date(2026, 1, 10)


def _vote(db, branch_id, *, full: int, probationary: int = 0, present: int, votes_for: int):
    add_roster(db, branch_id, full=full, probationary=probationary)
    pid = _to_candidate(db, branch_id)
    return pid, _step(
        db,
        pid,
        "支部大会",
        "2026-07-10",
        present=present,
        votes_for=votes_for,
        votes_against=0,
        votes_abstain=0,
    )


@pytest.mark.parametrize(
    ("present", "votes_for", "valid", "passed"),
    [
        (3, 3, False, False),  # 实到 exactly half of 6: not valid
        (4, 3, True, False),  # 赞成 exactly half of 应到 6 (though 3 of 4 present): fails
        (4, 4, True, True),  # one above half
        (2, 2, False, False),  # one below half
    ],
)
def test_vote_counts_against_those_entitled(db, branch_id, present, votes_for, valid, passed) -> None:
    pid, result = _vote(db, branch_id, full=6, present=present, votes_for=votes_for)
    assert (result.vote.entitled, result.vote.valid, result.vote.passed) == (6, valid, passed)
    with db.reading() as session:
        row = list_paths(session, branch_id, today=TODAY)[0]
        assert row.stage == "发展对象"
        assert (row.state.admitted is not None) == passed
        stored = session.scalars(select(DevelopStep).where(DevelopStep.step == "支部大会")).one()
        assert (stored.entitled, stored.present, stored.passed) == (6, present, passed)
    if not passed:
        assert result.vote.reason()


def test_probationary_members_are_not_entitled(db, branch_id) -> None:
    # 4 正式 + 3 预备 on the roster: 应到 is 4, so 3 present is valid and 3 for passes
    _pid, result = _vote(db, branch_id, full=4, probationary=3, present=3, votes_for=3)
    assert (result.vote.entitled, result.vote.passed) == (4, True)


def test_a_failed_vote_changes_no_stage_and_a_new_vote_may_pass(db, branch_id) -> None:
    pid, first = _vote(db, branch_id, full=6, present=4, votes_for=3)
    assert not first.vote.passed
    second = _step(
        db, pid, "支部大会", "2026-08-10", present=5, votes_for=5, votes_against=0, votes_abstain=0
    )
    assert second.vote.passed
    with db.reading() as session:
        assert list_paths(session, branch_id, today=TODAY)[0].state.admitted == dt.date(2026, 8, 10)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"present": 7, "votes_for": 1, "votes_against": 0, "votes_abstain": 0}, "实到 7 人多于"),
        ({"present": 6, "votes_for": 5, "votes_against": 1, "votes_abstain": 1}, "合计 7 票"),
        ({"present": 4}, "须写明实到人数"),
    ],
)
def test_impossible_counts_are_refused(db, branch_id, kwargs, message) -> None:
    add_roster(db, branch_id, full=6)
    pid = _to_candidate(db, branch_id)
    with pytest.raises(DevelopError, match=message):
        _step(db, pid, "支部大会", "2026-07-10", **kwargs)
    with db.reading() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(DevelopStep).where(DevelopStep.step == "支部大会")
            )
            == 0
        )
        assert session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_an_applicant_under_18_is_refused(db, branch_id) -> None:
    birth = dt.date(2008, 3, 1)
    with pytest.raises(DevelopError, match="未满18周岁"):
        add_person(
            db,
            branch_id,
            PersonDraft(name="小王", id_number=id_for(birth), applied="2026-02-28"),
            today=TODAY,
        )
    # on the 18th birthday itself the application stands
    assert add_person(
        db, branch_id, PersonDraft(name="小王", id_number=id_for(birth), applied="2026-03-01"), today=TODAY
    )


def test_an_applicant_born_on_29_february_is_18_on_1_march(db, branch_id) -> None:
    birth = dt.date(2008, 2, 29)
    with pytest.raises(DevelopError, match="未满18周岁"):
        add_person(
            db, branch_id, PersonDraft(name="闰", id_number=id_for(birth), applied="2026-02-28"), today=TODAY
        )
    assert add_person(
        db, branch_id, PersonDraft(name="闰", id_number=id_for(birth), applied="2026-03-01"), today=TODAY
    )


def test_a_sponsor_who_is_not_a_full_member_is_refused(db, branch_id) -> None:
    add_roster(db, branch_id, full=2, probationary=1)
    pid = add_person(
        db, branch_id, PersonDraft(name="甲", id_number=id_for(BIRTH), applied="2023-03-01"), today=TODAY
    )
    _step(db, pid, "确定积极分子", "2023-06-01", people=["党员1"])
    with pytest.raises(DevelopError, match="预备1 在 2024年6月1日 不是正式党员"):
        _step(db, pid, "确定发展对象", "2024-06-01", people=["党员1", "预备1"])
    with pytest.raises(DevelopError, match="找不到“路人”"):
        _step(db, pid, "确定发展对象", "2024-06-01", people=["党员1", "路人"])
    # a member admitted after the date was not on the roster that day
    with pytest.raises(DevelopError, match="找不到“党员1”"):
        _step(db, pid, "谈话", "2000-06-30", people=["党员1"])


@pytest.mark.parametrize(("months", "ok"), [(5, False), (6, True), (12, True), (13, False)])
def test_extension_is_six_to_twelve_months(db, branch_id, months, ok) -> None:
    add_roster(db, branch_id, full=5)
    pid = _to_probationary(db, branch_id)
    if ok:
        _step(db, pid, "延长预备期", "2025-07-10", months=months, note="继续考察")
    else:
        with pytest.raises(DevelopError, match="6 到 12"):
            _step(db, pid, "延长预备期", "2025-07-10", months=months, note="继续考察")


def test_dates_out_of_order_are_refused(db, branch_id) -> None:
    add_roster(db, branch_id, full=3)
    pid = add_person(
        db, branch_id, PersonDraft(name="甲", id_number=id_for(BIRTH), applied="2023-03-01"), today=TODAY
    )
    with pytest.raises(DevelopError, match="早于入党申请日期"):
        _step(db, pid, "谈话", "2023-02-28", people=["党员1"])
    with pytest.raises(DevelopError, match="尚未确定为入党积极分子"):
        _step(db, pid, "确定发展对象", "2024-06-01", people=["党员1", "党员2"])
    with pytest.raises(DevelopError, match="晚于今天"):
        _step(db, pid, "谈话", "2026-12-02", people=["党员1"])
    with pytest.raises(DevelopError, match="不能记录“党委审批”"):
        _step(db, pid, "党委审批", "2023-05-01")
    _step(db, pid, "终止", "2023-05-01", note="本人撤回申请")
    with pytest.raises(DevelopError, match="终止"):
        _step(db, pid, "谈话", "2023-05-02", people=["党员1"])
    with db.reading() as session:
        detail = person_detail(session, pid)
        assert detail.row.stage == "终止" and [s.step for s in detail.steps] == ["入党申请", "终止"]


def test_undo_the_last_step_unless_the_roster_acted_on_it(db, branch_id) -> None:
    from dangjian_desktop.core.develop.service import undo_last_step

    add_roster(db, branch_id, full=5)
    pid = _to_candidate(db, branch_id)
    assert undo_last_step(db, pid) == "2024-06-01 确定发展对象"
    with db.reading() as session:
        assert list_paths(session, branch_id, today=TODAY)[0].stage == "入党积极分子"


def test_a_step_the_roster_acted_on_cannot_be_undone(db, branch_id) -> None:
    from dangjian_desktop.core.develop.service import undo_last_step

    add_roster(db, branch_id, full=5)
    pid = _to_probationary(db, branch_id)
    with pytest.raises(DevelopError, match="已经改动了花名册"):
        undo_last_step(db, pid)
    with db.reading() as session:
        assert list_paths(session, branch_id, today=TODAY)[0].stage == "预备党员"


def test_the_list_puts_overdue_first_then_by_due_date(db, branch_id) -> None:
    from dangjian_desktop.core.develop.queries import due_soon

    add_roster(db, branch_id, full=3)
    today = dt.date(2026, 6, 15)

    def applicant(name: str, serial: int, applied: str) -> int:
        draft = PersonDraft(name=name, id_number=id_for(BIRTH, serial), applied=applied)
        return add_person(db, branch_id, draft, today=today)

    applicant("晚", 1, "2026-06-10")  # talk due 2026-07-10
    applicant("逾期", 2, "2026-04-01")  # talk due 2026-05-01: overdue
    applicant("早", 3, "2026-06-01")  # talk due 2026-07-01
    far = applicant("远", 4, "2026-06-14")  # due 2026-07-14, outside a 25-day window (to 2026-07-10)
    with db.reading() as session:
        rows = list_paths(session, branch_id, today=today)
        assert [row.name for row in rows] == ["逾期", "早", "晚", "远"]
        assert [row.overdue(today) for row in rows] == [True, False, False, False]
        soon = due_soon(session, branch_id, today, days=25)  # the last day included
        assert [row.name for row in soon] == ["逾期", "早", "晚"] and far not in [row.id for row in soon]
