"""The township tab's 党费 table and its list of moves are computed for all branches at once: they must
say exactly what the per-branch path says (member_ledger + year_totals per branch; the pairs of the
whole roster), on a hand-made township whose members sit on the lines: an unpaid run of 2, 3, 5 and 6
ended months (the 3 and 6 month counts), one running over the year boundary, a member paying without
an assessment, one assessed last year only, one who left mid-year, one who joined this year, and
branches with nothing to count. On SQLite and PostgreSQL, on days around the year's turn."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.dues import (
    AssessmentDraft,
    member_ledger,
    record_payment,
    set_assessment,
    year_totals,
)
from dangjian_desktop.core.dues.rules import ALERT_UNPAID, WARN_UNPAID
from dangjian_desktop.core.models import Branch, DuesPayment, Member
from dangjian_desktop.core.township import branch_dues, township_view
from dangjian_desktop.core.transfers import SETTLED, TO_CHECK, township_moves

D = dt.date
TODAYS = (D(2026, 1, 15), D(2026, 2, 1), D(2026, 11, 22), D(2026, 12, 31), D(2027, 1, 1), D(2027, 2, 1))
NAMES = ("甲村党支部", "乙村党支部", "丙村党支部（无党员）", "丁村党支部（无党费记录）")
PAID = D(2025, 1, 10)


def _member(branch_id: int, name: str, **values: object) -> Member:
    join = values.setdefault("join_date", D(2000, 7, 1))
    values["join_md"] = join.strftime("%m-%d")  # type: ignore[union-attr]
    values.setdefault("id_number", None)
    return Member(branch_id=branch_id, name=name, birth_date=D(1970, 5, 5), **values)


def _township(target):  # noqa: ANN001, ANN202
    db = open_database(target)
    with db.transaction() as session:
        branches = [Branch(name=name, township="测试镇") for name in NAMES]
        session.add_all(branches)
        session.flush()
        a, b, _c, d = (branch.id for branch in branches)
        members = {
            # paid through a month of 2026: unpaid runs on 2026-11-22 of 2, 3, 5, 6 ended months
            "八月": _member(a, "付到八月"),
            "七月": _member(a, "付到七月"),
            "五月": _member(a, "付到五月"),
            "四月": _member(a, "付到四月"),
            "去年九月": _member(a, "付到去年八月"),  # the run goes on over the year boundary
            "无核定": _member(b, "未核定但交了"),
            "只有去年": _member(b, "只核定去年"),
            "离开": _member(b, "六月转出", status="转出", left_date=D(2026, 6, 15)),
            "新党员": _member(b, "今年入党", join_date=D(2026, 3, 5), category="预备党员"),
            "什么也没有": _member(d, "没有党费记录"),
        }
        session.add_all(members.values())
    ids = {key: m.id for key, m in members.items()}
    for key in ("八月", "七月", "五月", "四月", "去年九月", "只有去年"):
        set_assessment(db, AssessmentDraft(ids[key], 2025, "在职", income=Decimal("4000.00")), today=PAID)
    for key in ("八月", "七月", "五月", "四月", "去年九月", "离开", "新党员"):
        set_assessment(db, AssessmentDraft(ids[key], 2026, "在职", income=Decimal("3000.00")), today=PAID)
    for key, last in (("八月", 8), ("七月", 7), ("五月", 5), ("四月", 4)):
        record_payment(db, ids[key], "2025-01", f"2026-{last:02d}", PAID, today=PAID)
    record_payment(db, ids["去年九月"], "2025-01", "2025-08", PAID, today=PAID)
    with db.transaction() as session:  # the service refuses it; a package from an older village may not
        session.add(
            DuesPayment(
                member_id=ids["无核定"],
                first_month="2026-01",
                last_month="2026-03",
                amount_fen=300,
                paid_date=PAID,
                how="本人",
            )
        )
    record_payment(db, ids["离开"], "2026-01", "2026-02", PAID, today=PAID)
    return db


def _one_by_one(session, year: int, today: dt.date) -> list[tuple]:  # noqa: ANN001
    found = []
    for branch in session.scalars(select(Branch).order_by(Branch.name)):
        rows = member_ledger(session, branch.id, year, today)
        totals = year_totals(rows, year, today)
        found.append(
            (
                branch.name,
                totals.due_fen,
                totals.paid_fen,
                totals.owed_fen,
                sum(1 for r in rows if r.unpaid_run >= WARN_UNPAID),
                sum(1 for r in rows if r.unpaid_run >= ALERT_UNPAID),
            )
        )
    return found


def _grouped(session, year: int, today: dt.date) -> list[tuple]:  # noqa: ANN001
    return [
        (d.name, d.due_fen, d.paid_fen, d.owed_fen, d.owing_3, d.owing_6)
        for d in branch_dues(session, year, today)
    ]


def test_grouped_dues_equal_each_branch_counted_alone(new_target) -> None:
    db = _township(new_target("dues"))
    seen = set()
    with db.reading() as session:
        for today in TODAYS:
            for year in {today.year, today.year - 1}:
                expected = _one_by_one(session, year, today)
                assert _grouped(session, year, today) == expected, (year, today)
                seen.update(expected)
        lines = {row[0]: row for row in _grouped(session, 2026, D(2026, 11, 22))}
    db.close()
    assert len(seen) > 8  # the township is not vacuous: the totals move with the day
    # runs of 2, 3, 5, 6 and 14 ended months: 3 or more for four members, 6 or more for two
    assert lines["甲村党支部"][4:] == (4, 2)
    assert lines["乙村党支部"][2] > 0  # paid, with and without an assessment
    assert lines["丙村党支部（无党员）"][1:] == lines["丁村党支部（无党费记录）"][1:] == (0, 0, 0, 0, 0)


def _pairs_by_self_join(session) -> list:  # noqa: ANN001
    """The moves as the roster says them, every member joined with every other of the same ID number
    (what township_moves did before it looked for the shared ID numbers first)."""
    from dangjian_desktop.core.models import MemberStatus, Transfer

    rows = session.execute(select(Member.id, Member.id_number, Member.branch_id, Member.status)).all()
    names = dict(session.execute(select(Branch.id, Branch.name)).all())
    out_ids = set(session.scalars(select(Transfer.member_id).where(Transfer.cancelled_date.is_(None))))
    found = set()
    for here in rows:
        for there in rows:
            if (
                here.id_number is None
                or here.id_number != there.id_number
                or here.branch_id == there.branch_id
            ):
                continue
            if there.status != MemberStatus.ACTIVE.value:
                continue
            if here.status == MemberStatus.ACTIVE.value and here.id not in out_ids:
                if here.branch_id < there.branch_id:
                    found.add((here.id_number, names[here.branch_id], names[there.branch_id]))
                continue
            found.add((here.id_number, names[here.branch_id], names[there.branch_id]))
    return sorted(found)


def test_moves_from_shared_id_numbers_equal_the_self_join(new_target) -> None:
    db = open_database(new_target("moves"))
    with db.transaction() as session:
        branches = [Branch(name=name, township="测试镇") for name in NAMES]
        session.add_all(branches)
        session.flush()
        a, b, c, d = (branch.id for branch in branches)
        session.add_all(
            [
                # one person in three villages, active in two and gone from the third
                _member(a, "三处", id_number="110101197001010011"),
                _member(b, "三处", id_number="110101197001010011"),
                _member(c, "三处", id_number="110101197001010011", status="转出", left_date=D(2026, 5, 1)),
                # gone from one village, on the roster of another
                _member(a, "搬走", id_number="110101197001010022", status="转出", left_date=D(2026, 3, 1)),
                _member(d, "搬走", id_number="110101197001010022"),
                # gone from both: nobody stands on two rosters
                _member(b, "都走了", id_number="110101197001010033", status="去世", left_date=D(2026, 3, 1)),
                _member(c, "都走了", id_number="110101197001010033", status="转出", left_date=D(2026, 3, 1)),
                # one village only; and two people without an ID number
                _member(a, "一处", id_number="110101197001010044"),
                _member(a, "无号甲"),
                _member(b, "无号乙"),
            ]
        )
    with db.reading() as session:
        moves = township_moves(session)
        expected = _pairs_by_self_join(session)
        view = township_view(session, D(2026, 11, 22))
    db.close()
    assert sorted((m.id_number, m.from_branch, m.to_branch) for m in moves) == expected
    assert len(moves) == len(expected) == 4
    assert {m.state for m in moves} <= {TO_CHECK, SETTLED}
    assert view.moves == moves and len(view.summaries) == len(NAMES)


@pytest.mark.parametrize("people", [499, 500, 501])
def test_moves_read_the_shared_numbers_500_a_statement(tmp_path, people: int) -> None:
    """The members of the shared ID numbers are read for 500 numbers at a time: on the step, one
    below and one above, every person moving between two villages is reported once."""
    db = open_database(tmp_path / "moves.sqlite3")
    with db.transaction() as session:
        branches = [Branch(name=name, township="测试镇") for name in NAMES[:2]]
        session.add_all(branches)
        session.flush()
        a, b = (branch.id for branch in branches)
        numbers = [f"1101011970{i:08d}" for i in range(people)]
        rows = [(a, f"甲{i}", n) for i, n in enumerate(numbers)] + [
            (b, f"乙{i}", n) for i, n in enumerate(numbers)
        ]
        rows.append((b, "只在乙村", "110101196001010000"))
        session.execute(  # one statement: a thousand members
            insert(Member), [{"branch_id": br, "name": name, "id_number": n} for br, name, n in rows]
        )
    with db.reading() as session:
        moves = township_moves(session)
    db.close()
    assert sorted(m.id_number for m in moves) == numbers
    assert {(m.from_branch, m.to_branch, m.state) for m in moves} == {(NAMES[0], NAMES[1], TO_CHECK)}
