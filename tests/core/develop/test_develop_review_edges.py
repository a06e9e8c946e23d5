"""The half-year 考察 and the one year before 确定发展对象, in their exact words and counted from the
right day, where mutation testing found them untried (tests/MUTANTS.md, core/develop/: `_review`,
`_check_review_gap`, `_candidate`, `_next`). Pure: replayed on plain records."""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.path import StepRecord, replay
from tests.core.develop.test_develop_rules import LOCAL

D = dt.date
CITE = "《中国共产党发展党员工作细则》（2014）"


def _state(*steps: tuple):  # noqa: ANN202 - a PathState
    records = [StepRecord(0, r.APPLY, D(2023, 1, 1))] + [
        StepRecord(n, s[0], s[1], people=s[2] if len(s) > 2 else ()) for n, s in enumerate(steps, start=1)
    ]
    return replay(records, LOCAL)


def test_a_late_review_is_warned_in_words() -> None:
    state = _state((r.NAME_ACTIVIST, D(2024, 2, 29), ("甲",)), (r.REVIEW, D(2024, 8, 30)))
    assert state.warnings == [
        f"2024年2月29日之后的下一次考察应在 2024年8月29日 前，考察在 2024年8月30日，间隔超过半年（{CITE}第十一条）"
    ]


def test_each_review_starts_the_next_half_year() -> None:
    # reviewed on 1 June: the next is due by 1 December, counted from that review, not from becoming 积极分子
    on_time = _state(
        (r.NAME_ACTIVIST, D(2024, 1, 1), ("甲",)), (r.REVIEW, D(2024, 6, 1)), (r.REVIEW, D(2024, 12, 1))
    )
    assert on_time.warnings == [] and on_time.last_review == D(2024, 12, 1)
    late = _state(
        (r.NAME_ACTIVIST, D(2024, 1, 1), ("甲",)), (r.REVIEW, D(2024, 6, 1)), (r.REVIEW, D(2024, 12, 2))
    )
    assert late.warnings == [
        f"2024年6月1日之后的下一次考察应在 2024年12月1日 前，考察在 2024年12月2日，间隔超过半年（{CITE}第十一条）"
    ]


def test_an_early_candidate_and_a_late_one_are_warned_in_words() -> None:
    early = _state(
        (r.NAME_ACTIVIST, D(2024, 1, 10), ("甲",)),
        (r.REVIEW, D(2024, 6, 10)),
        (r.NAME_CANDIDATE, D(2024, 12, 9), ("甲", "乙")),
    )
    assert early.warnings == [
        f"2024年1月10日确定为积极分子，2024年12月9日确定为发展对象，不满一年（最早 2025年1月10日）（{CITE}第十三条）"
    ]
    # a year on, with no 考察 in between: the half year since becoming 积极分子 has run out
    unreviewed = _state(
        (r.NAME_ACTIVIST, D(2024, 1, 10), ("甲",)), (r.NAME_CANDIDATE, D(2025, 1, 10), ("甲", "乙"))
    )
    assert unreviewed.warnings == [
        f"2024年1月10日之后的下一次考察应在 2024年7月10日 前，确定发展对象在 2025年1月10日，间隔超过半年（{CITE}第十一条）"
    ]
    assert (unreviewed.stage, unreviewed.candidate, unreviewed.last_review) == (
        r.CANDIDATE,
        D(2025, 1, 10),
        D(2025, 1, 10),
    )


def test_the_next_review_is_due_six_months_after_the_last() -> None:
    activist = _state((r.NAME_ACTIVIST, D(2024, 2, 29), ("甲",)))
    assert (activist.next_step, activist.due) == (r.REVIEW, D(2024, 8, 29))
    reviewed = _state((r.NAME_ACTIVIST, D(2024, 2, 29), ("甲",)), (r.REVIEW, D(2024, 5, 31)))
    assert (reviewed.next_step, reviewed.due) == (r.REVIEW, D(2024, 11, 30))
    candidate = _state(
        (r.NAME_ACTIVIST, D(2023, 3, 1), ("甲",)),
        (r.REVIEW, D(2023, 9, 1)),
        (r.NAME_CANDIDATE, D(2024, 3, 1), ("甲", "乙")),
    )
    assert (candidate.next_step, candidate.due) == (r.VETTING, D(2024, 9, 1))
