"""The path's next step and its date at every stage, the 审批 warnings word for word at their lines,
and the order of steps recorded on one day: replayed on plain records (no database).

The next step and its date are what the 发展党员 list sorts and colours by: a date one month off, or
the wrong step named, sends the secretary to the 党委 too late."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.path import DevelopError, StepRecord, replay, sort_key

LOCAL = r.LocalRules(publicity_days=5, training_hours=24, full_request_lead_days=30)
D = dt.date
TWO = ("甲", "乙")
CITE = "《中国共产党发展党员工作细则》（2014）"


def _replay(*steps: tuple, local: r.LocalRules = LOCAL):  # noqa: ANN202 - PathState
    records = [
        StepRecord(id=n, step=s[0], date=s[1], **(s[2] if len(s) > 2 else {})) for n, s in enumerate(steps)
    ]
    return replay(records, local)


APPLIED = ((r.APPLY, D(2024, 1, 31)),)
TALKED = (*APPLIED, (r.TALK, D(2024, 2, 10), {"people": ("甲",)}))
ACTIVIST = (*TALKED, (r.NAME_ACTIVIST, D(2024, 3, 1), {"people": TWO}))
REVIEWED = (*ACTIVIST, (r.REVIEW, D(2024, 9, 1)))
CANDIDATE = (*REVIEWED, (r.NAME_CANDIDATE, D(2025, 3, 1), {"people": TWO}))
READY = (
    *CANDIDATE,
    (r.VETTING, D(2025, 3, 5)),
    (r.TRAINING, D(2025, 3, 6), {"end_date": D(2025, 3, 8)}),
    (r.PUBLICITY, D(2025, 3, 10)),
    (r.COMMITTEE_REVIEW, D(2025, 3, 20)),
    (r.PRE_REVIEW, D(2025, 3, 25)),
)
ADMITTED = (*READY, (r.ASSEMBLY, D(2025, 5, 31), {"passed": True}))
TALKED_HIGHER = (*ADMITTED, (r.HIGHER_TALK, D(2025, 6, 5)))
PROBATIONARY = (*TALKED_HIGHER, (r.APPROVAL, D(2025, 6, 20)))
REQUESTED = (*PROBATIONARY, (r.FULL_REQUEST, D(2026, 4, 1)))
FULL_PASSED = (*REQUESTED, (r.FULL_ASSEMBLY, D(2026, 5, 31), {"passed": True}))
FULL = (*FULL_PASSED, (r.FULL_APPROVAL, D(2026, 6, 30)))


@pytest.mark.parametrize(
    ("steps", "stage", "next_step", "due"),
    [
        (APPLIED, r.APPLICANT, r.TALK, D(2024, 2, 29)),  # a month after 31 January 2024
        (TALKED, r.APPLICANT, r.NAME_ACTIVIST, None),
        (ACTIVIST, r.ACTIVIST, r.REVIEW, D(2024, 9, 1)),  # half a year after becoming 积极分子
        (REVIEWED, r.ACTIVIST, r.REVIEW, D(2025, 3, 1)),  # half a year after the last 考察
        (CANDIDATE, r.CANDIDATE, r.VETTING, D(2025, 9, 1)),
        (
            CANDIDATE[:-1] + ((r.NAME_CANDIDATE, D(2025, 3, 1), {"people": TWO}), (r.VETTING, D(2025, 3, 5))),
            r.CANDIDATE,
            r.TRAINING,
            D(2025, 9, 1),
        ),
        (READY[:-3], r.CANDIDATE, r.PUBLICITY, D(2025, 9, 1)),
        (READY[:-2], r.CANDIDATE, r.COMMITTEE_REVIEW, D(2025, 9, 1)),
        (READY[:-1], r.CANDIDATE, r.PRE_REVIEW, D(2025, 9, 1)),
        (READY, r.CANDIDATE, r.ASSEMBLY, D(2025, 9, 1)),
        (ADMITTED, r.CANDIDATE, r.HIGHER_TALK, D(2025, 8, 31)),  # 审批 within 3 months of the 大会
        (TALKED_HIGHER, r.CANDIDATE, r.APPROVAL, D(2025, 8, 31)),
        (PROBATIONARY, r.PROBATIONARY, r.FULL_REQUEST, D(2026, 5, 1)),  # 30 days before 2026-05-31
        (REQUESTED, r.PROBATIONARY, r.FULL_ASSEMBLY, D(2026, 5, 31)),  # the day the probation ends
        (FULL_PASSED, r.PROBATIONARY, r.FULL_APPROVAL, D(2026, 8, 31)),  # 3 months after the 转正大会
        (FULL, r.FULL, "", None),
    ],
)
def test_the_next_step_and_its_date_at_each_stage(steps, stage, next_step, due) -> None:  # noqa: ANN001
    state = _replay(*steps)
    assert (state.stage, state.next_step, state.due) == (stage, next_step, due)
    assert state.warnings == []


def test_the_full_request_date_follows_the_local_lead_days() -> None:
    state = _replay(*PROBATIONARY, local=r.LocalRules(full_request_lead_days=10))
    assert (state.next_step, state.due) == (r.FULL_REQUEST, D(2026, 5, 21))


def test_the_full_date_is_the_day_the_probation_ended_not_the_approval() -> None:
    state = _replay(*FULL)
    assert (state.admitted, state.approved, state.full, state.probation_end) == (
        D(2025, 5, 31),
        D(2025, 6, 20),
        D(2026, 5, 31),
        D(2026, 5, 31),
    )


@pytest.mark.parametrize(
    ("day", "ok"), [(D(2026, 5, 30), False), (D(2026, 5, 31), True), (D(2026, 6, 1), True)]
)
def test_the_full_approval_a_day_early_is_refused(day: D, ok: bool) -> None:
    steps = (*REQUESTED, (r.FULL_ASSEMBLY, D(2026, 5, 30), {"passed": True}), (r.FULL_APPROVAL, day))
    if ok:
        state = _replay(*steps)
        assert (state.stage, state.full) == (r.FULL, D(2026, 5, 31))
    else:
        with pytest.raises(DevelopError, match="^预备期到 2026年5月31日 才满，2026年5月30日不能批准转正$"):
            _replay(*steps)


@pytest.mark.parametrize(
    ("day", "warning"),
    [
        (D(2025, 8, 30), None),
        (D(2025, 8, 31), None),  # three months after 31 May, on the line
        (
            D(2025, 9, 1),
            f"党委审批在 2025年9月1日，超过支部大会后三个月（2025年8月31日）（{CITE}第二十五条）",
        ),
        (
            D(2025, 11, 30),
            f"党委审批在 2025年11月30日，超过支部大会后三个月（2025年8月31日）（{CITE}第二十五条）",
        ),
        (
            D(2025, 12, 1),
            f"党委审批在 2025年12月1日，超过支部大会后六个月（2025年11月30日）（{CITE}第二十五条）",
        ),
    ],
)
def test_the_approval_warnings_word_for_word(day: D, warning: str | None) -> None:
    state = _replay(*TALKED_HIGHER, (r.APPROVAL, day))
    assert state.warnings == ([warning] if warning else [])
    assert (state.stage, state.approved) == (r.PROBATIONARY, day)


def test_an_approval_before_the_assembly_is_refused_in_words() -> None:
    with pytest.raises(DevelopError, match="^2025年4月1日之前支部大会尚未通过接收，不能记录党委审批$"):
        _replay(*READY, (r.APPROVAL, D(2025, 4, 1)))


def test_an_approval_after_a_failed_vote_is_refused() -> None:
    with pytest.raises(DevelopError, match="支部大会尚未通过接收"):
        _replay(*READY, (r.ASSEMBLY, D(2025, 5, 31), {"passed": False}), (r.APPROVAL, D(2025, 6, 20)))


# --- steps on one day, unknown steps, the application date ------------------------------------------


def test_steps_of_one_day_replay_in_path_order_whatever_order_they_were_entered() -> None:
    # 确定发展对象 entered before 确定积极分子 on the same day: the path still reads them in its order
    records = [
        StepRecord(id=1, step=r.NAME_CANDIDATE, date=D(2024, 3, 1), people=TWO),
        StepRecord(id=2, step=r.NAME_ACTIVIST, date=D(2024, 3, 1), people=TWO),
        StepRecord(id=3, step=r.APPLY, date=D(2024, 1, 31)),
    ]
    assert [sort_key(s)[1] for s in records] == [
        r.STEP_ORDER[r.NAME_CANDIDATE],
        r.STEP_ORDER[r.NAME_ACTIVIST],
        0,
    ]
    state = replay(records, LOCAL)
    assert (state.stage, state.activist, state.candidate) == (r.CANDIDATE, D(2024, 3, 1), D(2024, 3, 1))


def test_an_unknown_step_on_the_day_of_a_known_one_is_refused_by_name() -> None:
    records = [
        StepRecord(id=1, step=r.APPLY, date=D(2024, 1, 31)),
        StepRecord(id=2, step="入党考试", date=D(2024, 2, 10)),
        StepRecord(id=3, step=r.TALK, date=D(2024, 2, 10), people=("甲",)),
    ]
    assert sort_key(records[1])[1] > max(r.STEP_ORDER.values())
    with pytest.raises(DevelopError, match="^步骤“入党考试”不认识，应为：谈话、确定积极分子、备案"):
        replay(records, LOCAL)


def test_a_step_before_the_application_names_the_application_date() -> None:
    with pytest.raises(DevelopError, match="^谈话的日期 2024年1月30日 早于入党申请日期 2024年1月31日$"):
        _replay((r.APPLY, D(2024, 1, 31)), (r.TALK, D(2024, 1, 30), {"people": ("甲",)}))
    # on the day of the application itself it is kept
    assert _replay((r.APPLY, D(2024, 1, 31)), (r.TALK, D(2024, 1, 31), {"people": ("甲",)})).talked == D(
        2024, 1, 31
    )


def test_a_second_application_is_refused() -> None:
    with pytest.raises(DevelopError, match="^入党申请只能登记一次$"):
        _replay((r.APPLY, D(2024, 1, 31)), (r.APPLY, D(2024, 2, 1)))


def test_a_step_after_stopping_is_refused_naming_the_day_stopped() -> None:
    with pytest.raises(DevelopError, match="^已于 2024年2月1日 终止，2024年2月10日不能再记录谈话$"):
        _replay(
            (r.APPLY, D(2024, 1, 31)),
            (r.STOP, D(2024, 2, 1), {"note": "本人撤回申请"}),
            (r.TALK, D(2024, 2, 10), {"people": ("甲",)}),
        )


def test_a_step_out_of_its_stage_is_refused_naming_the_stage() -> None:
    with pytest.raises(DevelopError, match="^2024年2月10日此人是入党申请人，这一阶段不能记录“政审”$"):
        _replay((r.APPLY, D(2024, 1, 31)), (r.VETTING, D(2024, 2, 10)))


# --- the people a step names ------------------------------------------------------------------------


def test_the_missing_people_warnings_say_how_many_and_cite_the_rule() -> None:
    state = _replay(
        (r.APPLY, D(2024, 1, 31)),
        (r.TALK, D(2024, 2, 10)),
        (r.NAME_ACTIVIST, D(2024, 3, 1)),
        (r.NAME_CANDIDATE, D(2025, 3, 1), {"people": ("甲",)}),
    )
    assert state.warnings == [
        "2024年2月10日谈话未记录至少1名谈话人",
        f"2024年3月1日确定积极分子未记录至少1名培养联系人（{CITE}第九条）",
        f"2025年3月1日确定发展对象未记录2名入党介绍人（{CITE}第十四条）",
        f"2024年3月1日之后的下一次考察应在 2024年9月1日 前，确定发展对象在 2025年3月1日，间隔超过半年（{CITE}第十一条）",
    ]
    assert state.done >= {r.APPLY, r.TALK, r.NAME_ACTIVIST, r.NAME_CANDIDATE}


def test_the_number_of_people_needed_is_enough() -> None:
    # exactly the number needed: no warning (one below is the test above)
    state = _replay(*CANDIDATE)
    assert state.warnings == [] and state.done == {
        r.APPLY,
        r.TALK,
        r.NAME_ACTIVIST,
        r.REVIEW,
        r.NAME_CANDIDATE,
    }


def test_steps_without_any_application_are_refused_in_words() -> None:
    with pytest.raises(DevelopError, match="^谈话的日期 2024年2月10日 早于入党申请日期 $"):
        _replay((r.TALK, D(2024, 2, 10), {"people": ("甲",)}))
