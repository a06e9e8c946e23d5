"""Two things the 发展党员 service passes on, at their lines:

- record_step judges the step being recorded with all it was given: a 集中培训 of three days, or of
  one day with 24 学时, is enough and warns of nothing (the end date and the hours must reach the rule);
- the township's count of new members this year runs from 1 January to today, both included.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.develop.service import PersonDraft, StepDraft, add_person, record_step
from dangjian_desktop.core.develop.stats import township_counts
from tests.core.develop.helpers import add_roster, id_for
from tests.core.test_birthdays import _add

TODAY = dt.date(2026, 12, 1)
D = dt.date
SHORT = "集中培训只有{}，应不少于3天或24学时（《中国共产党发展党员工作细则》（2014）第十七条）"


def _step(db: Database, pid: int, step: str, day: str, **kw: object):  # noqa: ANN202 - StepResult
    return record_step(db, pid, StepDraft(step=step, date=day, **kw), today=TODAY)  # type: ignore[arg-type]


def _candidate(db: Database, branch_id: int) -> int:
    add_roster(db, branch_id, full=3)
    draft = PersonDraft(name="李青", id_number=id_for(D(1995, 5, 5)), applied="2023-03-01")
    pid = add_person(db, branch_id, draft, today=TODAY)
    _step(db, pid, "谈话", "2023-03-20", people=["党员1"])
    _step(db, pid, "确定积极分子", "2023-06-01", people=["党员1"])
    _step(db, pid, "考察", "2023-12-01")
    _step(db, pid, "确定发展对象", "2024-06-01", people=["党员1", "党员2"])
    return pid


@pytest.mark.parametrize(
    ("kw", "warning"),
    [
        ({"end_date": "2024-06-12"}, SHORT.format("2天")),
        ({"end_date": "2024-06-13"}, None),  # 11 to 13 June: three days
        ({"hours": 23}, SHORT.format("1天、23学时")),
        ({"hours": 24}, None),
    ],
)
def test_the_training_recorded_is_judged_by_its_own_days_and_hours(
    db: Database, branch_id: int, kw: dict, warning: str | None
) -> None:
    result = _step(db, _candidate(db, branch_id), "集中培训", "2024-06-11", **kw)
    assert result.warnings == ((warning,) if warning else ())


@pytest.mark.parametrize(
    ("joined", "new"),
    [
        (D(2025, 12, 31), 0),
        (D(2026, 1, 1), 1),
        (D(2026, 1, 2), 1),
        (D(2026, 11, 30), 1),
        (D(2026, 12, 1), 1),  # today
    ],
)
def test_new_members_this_year_from_1_january_to_today(
    db: Database, branch_id: int, joined: D, new: int
) -> None:
    _add(db, branch_id, "老党员", D(2010, 7, 1))
    _add(db, branch_id, "新党员", joined, category="预备党员")
    with db.reading() as session:
        (counts,) = township_counts(session, TODAY)
    assert (counts.new_this_year, counts.last_new_member, counts.no_new_member_in_two_years) == (
        new,
        joined,
        False,
    )
