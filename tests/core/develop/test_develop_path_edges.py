"""The path's rules on their lines with their exact words, where mutation testing found them untried
(tests/MUTANTS.md, core/develop/). Pure: replayed on plain records."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.path import DevelopError
from tests.core.develop.test_develop_rules import _admitted

D = dt.date
PROBATION = "《中国共产党发展党员工作细则》（2014）第二十八条"


@pytest.mark.parametrize(
    ("day", "warned"), [(D(2025, 8, 28), True), (D(2025, 8, 29), False), (D(2025, 8, 30), False)]
)
def test_the_full_assembly_before_the_probation_ends_is_warned(day: dt.date, warned: bool) -> None:
    # admitted 29 August 2024: the probation ends 29 August 2025
    warnings = _admitted(
        D(2024, 8, 29),
        (r.APPROVAL, D(2024, 9, 20)),
        (r.FULL_REQUEST, D(2025, 7, 2)),
        (r.FULL_ASSEMBLY, day, {"passed": True}),
    )
    expected = f"转正大会在 2025年8月28日，预备期到 2025年8月29日 才满（{PROBATION}）"
    assert (expected in warnings) is warned
    assert any("预备期到" in w for w in warnings) is warned


def test_a_second_full_assembly_is_refused_in_words() -> None:
    with pytest.raises(DevelopError, match="^转正大会已于 2025年8月29日 通过，不能再次表决$"):
        _admitted(
            D(2024, 8, 29),
            (r.APPROVAL, D(2024, 9, 20)),
            (r.FULL_REQUEST, D(2025, 7, 2)),
            (r.FULL_ASSEMBLY, D(2025, 8, 29), {"passed": True}),
            (r.FULL_ASSEMBLY, D(2025, 9, 5), {"passed": True}),
        )


EARLY_ASSEMBLY = D(2025, 8, 20)


def _full(approval: dt.date, *, assembly: dt.date | None = EARLY_ASSEMBLY) -> list[str]:
    """Admitted 29 August 2024, the 转正大会 (early, with its warning) on `assembly`."""
    steps: list[tuple] = [(r.APPROVAL, D(2024, 9, 20)), (r.FULL_REQUEST, D(2025, 7, 2))]
    if assembly is not None:
        steps.append((r.FULL_ASSEMBLY, assembly, {"passed": True}))
    return _admitted(D(2024, 8, 29), *steps, (r.FULL_APPROVAL, approval))


def test_the_full_approval_comes_on_or_after_the_day_the_probation_ends() -> None:
    with pytest.raises(DevelopError, match="^预备期到 2025年8月29日 才满，2025年8月28日不能批准转正$"):
        _full(D(2025, 8, 28))
    assert not [w for w in _full(D(2025, 8, 29)) if "转正审批" in w]
    assert not [w for w in _full(D(2025, 8, 30)) if "转正审批" in w]


def test_the_full_approval_needs_the_assembly_and_is_warned_after_three_months() -> None:
    with pytest.raises(DevelopError, match="^2025年9月1日之前转正大会尚未通过，不能记录转正审批$"):
        _full(D(2025, 9, 1), assembly=None)
    assert not [w for w in _full(D(2025, 11, 29), assembly=D(2025, 8, 29)) if "转正审批" in w]
    late = [w for w in _full(D(2025, 11, 30), assembly=D(2025, 8, 29)) if "转正审批" in w]
    assert late == [
        "转正审批在 2025年11月30日，超过转正大会后三个月（2025年11月29日）"
        "（《中国共产党发展党员工作细则》（2014）第三十四条）"
    ]


def test_after_the_full_request_the_assembly_is_next_and_a_late_request_is_warned() -> None:
    from dangjian_desktop.core.develop.path import StepRecord, replay
    from tests.core.develop.test_develop_rules import LOCAL

    warnings = _admitted(D(2024, 8, 29), (r.APPROVAL, D(2024, 9, 20)), (r.FULL_REQUEST, D(2025, 7, 31)))
    assert [w for w in warnings if "转正申请" in w] == [
        "转正申请在 2025年7月31日，应在预备期满（2025年8月29日）前30天即 2025年7月30日 前提出（本地设置）"
    ]
    records = [
        StepRecord(0, r.APPLY, D(2022, 1, 1)),
        StepRecord(1, r.NAME_ACTIVIST, D(2022, 3, 1), people=("甲",)),
        StepRecord(2, r.NAME_CANDIDATE, D(2023, 3, 1), people=("甲", "乙")),
        StepRecord(3, r.ASSEMBLY, D(2024, 8, 29), passed=True),
        StepRecord(4, r.APPROVAL, D(2024, 9, 20)),
        StepRecord(5, r.FULL_REQUEST, D(2025, 7, 2)),
    ]
    state = replay(records, LOCAL)
    assert (state.full_request, state.next_step, state.due) == (
        D(2025, 7, 2),
        r.FULL_ASSEMBLY,
        D(2025, 8, 29),
    )


def test_no_extension_once_the_full_assembly_has_passed() -> None:
    with pytest.raises(DevelopError, match="^转正大会已通过，不能再延长预备期$"):
        _admitted(
            D(2024, 8, 29),
            (r.APPROVAL, D(2024, 9, 20)),
            (r.FULL_REQUEST, D(2025, 7, 2)),
            (r.FULL_ASSEMBLY, D(2025, 8, 29), {"passed": True}),
            (r.EXTEND, D(2025, 9, 1), {"months": 6}),
        )


def test_the_approval_needs_the_assembly_and_is_warned_after_six_months() -> None:
    from tests.core.develop.test_develop_rules import _candidate_then

    with pytest.raises(DevelopError, match="^2024年9月20日之前支部大会尚未通过接收，不能记录党委审批$"):
        _candidate_then((r.APPROVAL, D(2024, 9, 20)))
    late = [w for w in _admitted(D(2024, 8, 29), (r.APPROVAL, D(2025, 3, 1))) if "党委审批" in w]
    assert late == [
        "党委审批在 2025年3月1日，超过支部大会后六个月（2025年2月28日）（《中国共产党发展党员工作细则》（2014）第二十五条）"
    ]
    later = [w for w in _admitted(D(2024, 8, 29), (r.APPROVAL, D(2024, 12, 1))) if "党委审批" in w]
    assert later == [
        "党委审批在 2024年12月1日，超过支部大会后三个月（2024年11月29日）（《中国共产党发展党员工作细则》（2014）第二十五条）"
    ]


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2025, 6, 2), D(2025, 6, 1), 0),  # Monday to the Sunday before: none
        (D(2025, 6, 2), D(2025, 6, 2), 1),  # one Monday
        (D(2025, 6, 2), D(2025, 6, 3), 2),
        (D(2025, 6, 7), D(2025, 6, 7), 0),  # one Saturday
        (D(2025, 6, 2), D(2025, 6, 8), 5),  # a whole week
        (D(2025, 6, 2), D(2025, 6, 9), 6),  # a week and a Monday
        (D(2025, 6, 2), D(2025, 6, 16), 11),  # two weeks and a Monday
        (D(2025, 6, 6), D(2025, 6, 9), 2),  # Friday to Monday
    ],
)
def test_working_days_on_the_line(start: dt.date, end: dt.date, days: int) -> None:
    assert r.working_days(start, end) == days


def test_a_short_publicity_is_warned_in_words() -> None:
    from tests.core.develop.test_develop_rules import _candidate_then

    # Monday 2 June to Thursday 5 June 2025: four working days of the five set
    warnings = _candidate_then((r.PUBLICITY, D(2025, 6, 2), {"end_date": D(2025, 6, 5)}))
    assert "公示 2025年6月2日至2025年6月5日只有4个工作日，应不少于5个工作日（本地设置）" in warnings


def test_the_assembly_names_what_is_missing_and_is_held_once() -> None:
    from tests.core.develop.test_develop_rules import _candidate_then

    cite = "《中国共产党发展党员工作细则》（2014）"
    warnings = _candidate_then((r.ASSEMBLY, D(2024, 12, 2), {"passed": True}))
    assert f"支部大会（2024年12月2日）前未记录政审（{cite}第十六条）" in warnings
    assert "支部大会（2024年12月2日）前未记录公示（本地规定）" in warnings
    assert (
        f"2024年6月1日之后的下一次考察应在 2024年12月1日 前，支部大会在 2024年12月2日，间隔超过半年（{cite}第十一条）"
        in warnings
    )
    with pytest.raises(DevelopError, match="^支部大会已于 2024年8月29日 通过接收，不能再次表决$"):
        _admitted(D(2024, 8, 29), (r.ASSEMBLY, D(2024, 9, 5), {"passed": True}))


def test_stopping_needs_a_reason_in_words() -> None:
    from tests.core.develop.test_develop_rules import _candidate_then

    with pytest.raises(DevelopError, match="^终止须写明原因$"):
        _candidate_then((r.STOP, D(2024, 7, 1), {"note": "  "}))


def test_the_local_rules_are_read_from_the_settings(db) -> None:  # noqa: ANN001 - the db fixture
    from dangjian_desktop.core import settings

    with db.transaction() as s:
        settings.put(s, r.PUBLICITY_DAYS, 7)
        settings.put(s, r.TRAINING_HOURS, 30)
        settings.put(s, r.FULL_REQUEST_LEAD_DAYS, 45)
    with db.reading() as s:
        assert r.local_rules(s) == r.LocalRules(
            publicity_days=7, training_hours=30, full_request_lead_days=45
        )


def test_a_short_training_and_a_late_talk_in_words() -> None:
    from dangjian_desktop.core.develop.path import StepRecord, replay
    from tests.core.develop.test_develop_rules import LOCAL, _candidate_then

    cite = "《中国共产党发展党员工作细则》（2014）"
    one_day = _candidate_then((r.TRAINING, D(2024, 6, 3)))
    assert f"集中培训只有1天，应不少于3天或24学时（{cite}第十七条）" in one_day
    two_days = _candidate_then((r.TRAINING, D(2024, 6, 3), {"end_date": D(2024, 6, 4), "hours": 8}))
    assert f"集中培训只有2天、8学时，应不少于3天或24学时（{cite}第十七条）" in two_days
    talked = replay(
        [StepRecord(0, r.APPLY, D(2024, 3, 10)), StepRecord(1, r.TALK, D(2024, 4, 11), people=("甲",))], LOCAL
    )
    assert talked.warnings == [f"谈话在 2024年4月11日，晚于申请后一个月（2024年4月10日）（{cite}第七条）"]
    assert (talked.talked, talked.next_step) == (D(2024, 4, 11), r.NAME_ACTIVIST)
