"""Each interval rule at its boundary (29 February included): on the line no warning, past it a warning.

Replayed on plain records: the rules are pure, no database needed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.path import DevelopError, StepRecord, replay

LOCAL = r.LocalRules(publicity_days=5, training_hours=24, full_request_lead_days=30)
D = dt.date


def _path(*steps: tuple) -> list[str]:
    records = [
        StepRecord(id=n, step=s[0], date=s[1], **(s[2] if len(s) > 2 else {})) for n, s in enumerate(steps)
    ]
    return replay(records, LOCAL).warnings


FULL2 = {"people": ("甲", "乙")}
ONE = {"people": ("甲",)}


@pytest.mark.parametrize(
    ("applied", "talk", "warned"),
    [
        (D(2024, 1, 31), D(2024, 2, 29), False),  # one month after 31 January is 29 February (leap year)
        (D(2024, 1, 31), D(2024, 3, 1), True),
        (D(2023, 1, 31), D(2023, 2, 28), False),
        (D(2023, 1, 31), D(2023, 3, 1), True),
        (D(2024, 3, 10), D(2024, 4, 9), False),  # one below
        (D(2024, 3, 10), D(2024, 4, 10), False),  # on the line
        (D(2024, 3, 10), D(2024, 4, 11), True),  # one above
    ],
)
def test_talk_within_one_month(applied, talk, warned) -> None:
    warnings = _path((r.APPLY, applied), (r.TALK, talk, ONE))
    assert any("第七条" in w for w in warnings) == warned


@pytest.mark.parametrize(
    ("activist", "candidate", "warned"),
    [
        (D(2024, 2, 29), D(2025, 2, 27), True),
        (D(2024, 2, 29), D(2025, 2, 28), False),  # a year after 29 February ends on 28 February
        (D(2024, 2, 29), D(2025, 3, 1), False),
        (D(2023, 6, 1), D(2024, 5, 31), True),
        (D(2023, 6, 1), D(2024, 6, 1), False),
    ],
)
def test_one_year_before_candidate(activist, candidate, warned) -> None:
    # reviews every half year so that only the one-year rule can speak
    reviews = [(r.REVIEW, r.add_months(activist, 6)), (r.REVIEW, r.add_months(activist, 11))]
    warnings = _path(
        (r.APPLY, D(2023, 1, 1)),
        (r.NAME_ACTIVIST, activist, ONE),
        *reviews,
        (r.NAME_CANDIDATE, candidate, FULL2),
    )
    assert any("第十三条" in w for w in warnings) == warned


@pytest.mark.parametrize(
    ("review", "warned"),
    [(D(2024, 8, 28), False), (D(2024, 8, 29), False), (D(2024, 8, 30), True)],
)
def test_half_year_review(review, warned) -> None:
    # six months after 29 February 2024 is 29 August
    warnings = _path((r.APPLY, D(2023, 1, 1)), (r.NAME_ACTIVIST, D(2024, 2, 29), ONE), (r.REVIEW, review))
    assert any("第十一条" in w for w in warnings) == warned


@pytest.mark.parametrize(
    ("days", "hours", "warned"),
    [(2, None, True), (3, None, False), (1, 23, True), (1, 24, False), (1, 25, False)],
)
def test_training_three_days_or_24_hours(days, hours, warned) -> None:
    start = D(2024, 6, 11)
    end = start + dt.timedelta(days=days - 1) if days > 1 else None
    warnings = _candidate_then((r.TRAINING, start, {"end_date": end, "hours": hours}))
    assert any("第十七条" in w for w in warnings) == warned


def _candidate_then(*steps: tuple) -> list[str]:
    return _path(
        (r.APPLY, D(2023, 1, 1)),
        (r.NAME_ACTIVIST, D(2023, 6, 1), ONE),
        (r.REVIEW, D(2023, 12, 1)),
        (r.NAME_CANDIDATE, D(2024, 6, 1), FULL2),
        *steps,
    )


@pytest.mark.parametrize(
    ("end", "warned"),
    [(D(2024, 6, 20), True), (D(2024, 6, 21), False), (D(2024, 6, 24), False)],  # Mon 17 June: 4, 5, 6 days
)
def test_publicity_five_working_days(end, warned) -> None:
    warnings = _candidate_then((r.PUBLICITY, D(2024, 6, 17), {"end_date": end}))
    assert any("工作日" in w for w in warnings) == warned


def test_publicity_without_an_end_runs_the_set_period() -> None:
    assert r.add_working_days(D(2024, 6, 21), 5) == D(2024, 6, 27)  # Fri + Mon..Thu
    assert _candidate_then((r.PUBLICITY, D(2024, 6, 21))) == []


def _admitted(assembly: dt.date, *steps: tuple) -> list[str]:
    return _candidate_then(
        (r.VETTING, D(2024, 6, 2)),
        (r.TRAINING, D(2024, 6, 3), {"hours": 24}),
        (r.PUBLICITY, D(2024, 6, 4)),
        (r.PRE_REVIEW, D(2024, 6, 12)),
        (r.ASSEMBLY, assembly, {"passed": True}),
        *steps,
    )


@pytest.mark.parametrize(
    ("approval", "article_warned", "six"),
    [
        (D(2024, 11, 29), False, False),  # 29 August + 3 months = 29 November
        (D(2024, 11, 30), True, False),
        (D(2025, 2, 28), True, False),  # + 6 months = 28 February 2025
        (D(2025, 3, 1), True, True),
    ],
)
def test_approval_within_three_months_at_most_six(approval, article_warned, six) -> None:
    warnings = _admitted(D(2024, 8, 29), (r.APPROVAL, approval))
    assert any("第二十五条" in w for w in warnings) == article_warned
    assert any("六个月" in w for w in warnings) == six


@pytest.mark.parametrize(
    ("request_day", "warned"), [(D(2025, 7, 29), False), (D(2025, 7, 30), False), (D(2025, 7, 31), True)]
)
def test_full_request_lead_time(request_day, warned) -> None:
    # admitted 29 August 2024: the probation ends 29 August 2025; 30 days before is 30 July
    warnings = _admitted(D(2024, 8, 29), (r.APPROVAL, D(2024, 9, 20)), (r.FULL_REQUEST, request_day))
    assert any("转正申请" in w for w in warnings) == warned


@pytest.mark.parametrize(
    ("approval", "warned"), [(D(2025, 11, 28), False), (D(2025, 11, 29), False), (D(2025, 11, 30), True)]
)
def test_full_approval_within_three_months(approval, warned) -> None:
    warnings = _admitted(
        D(2024, 8, 29),
        (r.APPROVAL, D(2024, 9, 20)),
        (r.FULL_REQUEST, D(2025, 7, 2)),
        (r.FULL_ASSEMBLY, D(2025, 8, 29), {"passed": True}),
        (r.FULL_APPROVAL, approval),
    )
    assert any("第三十四条" in w for w in warnings) == warned


def test_probation_from_29_february_ends_on_28_february() -> None:
    records = [
        StepRecord(0, r.APPLY, D(2022, 1, 1)),
        StepRecord(1, r.NAME_ACTIVIST, D(2022, 3, 1), people=("甲",)),
        StepRecord(2, r.NAME_CANDIDATE, D(2023, 3, 1), people=("甲", "乙")),
        StepRecord(3, r.ASSEMBLY, D(2024, 2, 29), passed=True),
        StepRecord(4, r.APPROVAL, D(2024, 3, 20)),
    ]
    assert replay(records, LOCAL).probation_end == D(2025, 2, 28)


def test_a_step_recorded_without_its_people_is_kept_with_a_warning() -> None:
    warnings = _path((r.APPLY, D(2024, 1, 1)), (r.TALK, D(2024, 1, 5)), (r.NAME_ACTIVIST, D(2024, 3, 1)))
    assert any("谈话人" in w for w in warnings) and any("培养联系人" in w and "第九条" in w for w in warnings)


def test_each_national_rule_names_its_source_version_and_article() -> None:
    for rule in r.RULES.values():
        assert rule.source == "《中国共产党发展党员工作细则》" and rule.version == "2014"
        assert rule.article.startswith("第") and rule.article.endswith("条")


_STEP = st.builds(
    lambda step, day, passed, months, people, end: (step, day, passed, months, people, end),
    st.sampled_from(r.RECORDABLE),
    st.dates(dt.date(2019, 1, 1), dt.date(2027, 1, 1)),
    st.booleans(),
    st.one_of(st.none(), st.integers(0, 30)),
    st.integers(0, 3),
    st.one_of(st.none(), st.dates(dt.date(2019, 1, 1), dt.date(2027, 1, 1))),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_STEP, max_size=25))
def test_any_sequence_of_steps_replays_or_is_refused_with_a_message(steps) -> None:
    records = [StepRecord(0, r.APPLY, D(2020, 1, 1))]
    for n, (step, day, passed, months, people, end) in enumerate(steps, start=1):
        records.append(
            StepRecord(
                n,
                step,
                day,
                end_date=end,
                months=months,
                passed=passed,
                note="原因" if n % 2 else "",
                people=tuple("甲乙丙"[:people]),
            )  # fmt: skip
        )
    try:
        state = replay(records, LOCAL)
    except DevelopError as exc:
        assert str(exc)
        return
    assert state.stage in r.STAGES
    if state.full is not None:
        assert state.admitted is not None and state.full >= r.add_years(state.admitted, 1)
