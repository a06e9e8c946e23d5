"""Going back from 乡镇汇总 to one village's ledger: possible with one branch, refused with more."""

from __future__ import annotations

from dangjian_desktop.core.models import Branch
from dangjian_desktop.core.township import is_township, village_switch_problem


def _add_branches(db, count: int) -> None:
    with db.transaction() as session:
        for i in range(count):
            session.add(Branch(name=f"第{i + 1}村党支部"))


def test_no_branch_yet_can_switch(db) -> None:
    with db.reading() as session:
        assert village_switch_problem(session) is None


def test_one_branch_can_switch_back(db) -> None:
    _add_branches(db, 1)
    with db.reading() as session:
        assert village_switch_problem(session) is None
        assert is_township(session) is False


def test_two_branches_cannot(db) -> None:
    _add_branches(db, 2)
    with db.reading() as session:
        problem = village_switch_problem(session)
        assert problem is not None and "2 个党支部" in problem
        assert is_township(session) is True
