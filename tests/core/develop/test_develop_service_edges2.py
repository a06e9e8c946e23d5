"""record_step at the 支部大会 that passes (core/develop/service.py, record_step_in): the step being
recorded is judged with its own vote, so a passing vote names at once, in the result, what the path
missed before it (政审, 集中培训, 预审, 公示); a vote that fails names nothing.

Written against the slips mutation testing planted (tests/MUTANTS.md) that the rest of the suite let
through; each fails on its slip and passes on the code as written."""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.develop.service import PersonDraft, StepDraft, add_person, record_step
from tests.core.develop.helpers import add_roster, id_for

TODAY = dt.date(2026, 12, 1)


def _step(db: Database, pid: int, step: str, day: str, **kw: object):  # noqa: ANN202
    return record_step(db, pid, StepDraft(step=step, date=day, **kw), today=TODAY)  # type: ignore[arg-type]


def _candidate(db: Database, branch_id: int, serial: int) -> int:
    draft = PersonDraft(
        name=f"李青{serial}", id_number=id_for(dt.date(1995, 5, 5), serial), applied="2023-03-01"
    )
    pid = add_person(db, branch_id, draft, today=TODAY)
    _step(db, pid, "确定积极分子", "2023-06-01", people=["党员1"])
    _step(db, pid, "考察", "2023-12-01")
    _step(db, pid, "确定发展对象", "2024-06-01", people=["党员1", "党员2"])
    return pid


def test_a_passing_vote_names_at_once_what_was_missed(db: Database, branch_id: int) -> None:
    add_roster(db, branch_id, full=5)
    passed = _step(
        db,
        _candidate(db, branch_id, 7),
        "支部大会",
        "2024-07-10",
        present=4,
        votes_for=4,
        votes_against=0,
        votes_abstain=0,
    )
    failed = _step(
        db,
        _candidate(db, branch_id, 8),
        "支部大会",
        "2024-07-10",
        present=4,
        votes_for=2,
        votes_against=2,
        votes_abstain=0,
    )
    missed = [
        ("政审", "《中国共产党发展党员工作细则》（2014）第十六条"),
        ("集中培训", "《中国共产党发展党员工作细则》（2014）第十七条"),
    ]
    missed += [("预审", "《中国共产党发展党员工作细则》（2014）第十九条"), ("公示", "本地规定")]
    assert passed.warnings == tuple(
        f"支部大会（2024年7月10日）前未记录{step}（{cite}）" for step, cite in missed
    )
    assert passed.vote.passed and not failed.vote.passed
    assert (failed.warnings, failed.stage) == ((), "发展对象")
