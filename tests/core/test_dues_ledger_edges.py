"""The 党费 ledger at its lines (core/dues/ledger.py): the months due around joining and leaving, a
payment split and its 补交 months, the months begun and ended, the warnings in their words, the totals
of months to come, and the township's reading of every branch at once.

Written against the slips mutation testing planted (tests/MUTANTS.md) that the rest of the suite let
through; each fails on its slip and passes on the code as written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.dues import (
    AssessmentDraft,
    ledgers_by_branch,
    member_ledger,
    month_totals,
    record_payment,
    set_assessment,
    year_totals,
)
from dangjian_desktop.core.dues.ledger import allocate, as_of_month, back_months, backpay_warning, due_range
from dangjian_desktop.core.models import Branch
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

D = Decimal
day = dt.date


# --- pure arithmetic ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "weights", "shares"),
    [
        (100, [], []),
        (900, [300, 300, 300], [300, 300, 300]),  # exactly what the months cost
        (1000, [300, 300, 300], [333, 333, 334]),  # the remainder on the last month
        (100, [0, 0, 0], [33, 33, 34]),  # no month has an amount: evenly
        (90, [100, 200], [30, 60]),  # by each month's amount
    ],
)
def test_a_payment_split_over_its_months(amount: int, weights: list[int], shares: list[int]) -> None:
    assert allocate(amount, weights) == shares


@pytest.mark.parametrize(
    ("first", "last", "paid", "months"),
    [
        ("2026-01", "2026-06", day(2026, 7, 2), 6),  # all ended
        ("2026-01", "2026-06", day(2026, 6, 30), 5),  # June is the month paid in
        ("2026-05", "2026-12", day(2026, 6, 1), 1),  # May only
        ("2026-06", "2026-12", day(2026, 6, 1), 0),
        ("2026-08", "2026-12", day(2026, 6, 1), 0),  # all in advance: none, never fewer
    ],
)
def test_back_months_are_those_ended_before_the_month_paid_in(first, last, paid, months) -> None:
    assert back_months(first, last, paid) == months


def test_a_back_payment_warns_over_six_months() -> None:
    assert backpay_warning("2026-01", "2026-06", day(2026, 7, 1)) is None  # 6: on the line
    assert backpay_warning("2025-12", "2026-06", day(2026, 7, 1)) == (
        "2026-07-01 补交 7 个月党费（补交一般不超过 6 个月）"
    )


@pytest.mark.parametrize(
    ("year", "month"), [(2025, "2025-12"), (2026, "2026-06"), (2027, None)]
)  # a past year, this one, one to come
def test_the_last_month_begun(year: int, month: str | None) -> None:
    assert as_of_month(year, day(2026, 6, 15)) == month


@pytest.mark.parametrize(
    ("join", "left", "first_month", "status", "span"),
    [
        (None, None, None, "在册", ("2026-01", "2026-12")),
        (day(2026, 5, 20), None, None, "在册", ("2026-05", "2026-12")),  # from the month joined
        (day(2026, 5, 20), None, "2026-07", "在册", ("2026-07", "2026-12")),  # a later first month
        (day(2026, 8, 1), None, "2026-07", "在册", ("2026-08", "2026-12")),  # or a later joining
        (day(2020, 1, 1), day(2026, 9, 10), None, "转出", ("2026-01", "2026-09")),  # until the month left
        (
            day(2020, 1, 1),
            day(2026, 9, 10),
            None,
            "在册",
            ("2026-01", "2026-12"),
        ),  # restored: the date is old
        (day(2026, 12, 31), None, None, "在册", ("2026-12", "2026-12")),  # one month
        (day(2027, 1, 1), None, None, "在册", None),
        (day(2020, 1, 1), day(2025, 12, 31), None, "去世", None),
    ],
)
def test_the_months_due_in_a_year(join, left, first_month, status, span) -> None:
    assert due_range(2026, join, left, first_month, status) == span


# --- one branch's ledger ----------------------------------------------------------------------------


def _member(db: Database, branch_id: int, name: str, join: str = "2000-07-01") -> int:
    with db.transaction() as session:
        return add_member(session, branch_id, MemberDraft(name=name, join_date=join))


def _assess(db: Database, member: int, year: int = 2026, kind: str = "学生", **kw) -> None:
    set_assessment(db, AssessmentDraft(member_id=member, year=year, kind=kind, **kw), today=day(2026, 12, 31))


def _ledger(db: Database, branch_id: int, today: dt.date, year: int = 2026) -> dict:
    with db.reading() as session:
        return {r.name: r for r in member_ledger(session, branch_id, year, today)}


def test_the_lines_of_a_ledger(db: Database, branch_id: int) -> None:
    a, b, c = (_member(db, branch_id, n) for n in ("甲", "乙", "丙"))
    _assess(db, a, kind="在职", income=D("6000"))  # 1.5%
    _assess(db, b, kind="学生")
    today = day(2026, 6, 15)
    record_payment(db, a, "2026-01", "2026-03", day(2026, 1, 8), how="委托他人", today=today)
    record_payment(db, a, "2026-05", "2026-05", day(2026, 5, 8), today=today)
    rows = _ledger(db, branch_id, today)
    one, two, three = rows["甲"], rows["乙"], rows["丙"]
    assert (one.kind, one.rate, one.monthly_fen, one.exempt) == ("在职", "1.5%", 9000, False)
    assert (two.kind, two.rate, two.monthly_fen) == ("学生", "", 20)
    assert (three.kind, three.rate, three.monthly_fen, three.exempt) == ("", "", None, False)
    assert one.paid_through == "2026-03"  # April is missing
    assert one.paid_on == {
        "2026-01": (day(2026, 1, 8), "委托他人"),
        "2026-02": (day(2026, 1, 8), "委托他人"),
        "2026-03": (day(2026, 1, 8), "委托他人"),
        "2026-05": (day(2026, 5, 8), "本人"),
    }
    assert (one.owed_months, one.owed_fen, one.overdue_months) == (2, 18000, 1)  # April ended, June begun
    assert (two.paid_through, two.owed_months, two.owed_fen, two.overdue_months) == (None, 6, 120, 5)
    assert two.unpaid_run == 5 and two.warnings == ["已连续 5 个月未交纳党费"]
    assert three.warnings == ["尚未核定2026年党费标准"] and three.owed_months == 0
    assert three.as_json() == {
        "member_id": c,
        "name": "丙",
        "kind": "",
        "monthly": None,
        "paid_through": None,
        "owed_months": 0,
        "paid_total": "0.00",
        "warnings": ["尚未核定2026年党费标准"],
    }
    assert one.as_json()["monthly"] == "90.00" and one.as_json()["paid_total"] == "360.00"


@pytest.mark.parametrize(
    ("run", "warning"),
    [(5, "已连续 5 个月未交纳党费"), (6, "已连续 6 个月未交纳党费，请支部研究处理（程序不改变党籍状态）")],
)
def test_the_warning_in_its_words(db: Database, branch_id: int, run: int, warning: str) -> None:
    member = _member(db, branch_id, "甲")
    _assess(db, member)
    (row,) = _ledger(db, branch_id, day(2026, run + 1, 3)).values()
    assert (row.unpaid_run, row.warnings) == (run, [warning])


def test_an_exempt_member_owes_nothing_and_is_never_warned(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id, "甲")
    _assess(db, member, kind="在职", income=D("3000"), reduced=D("0"), approved=day(2026, 1, 2))
    (row,) = _ledger(db, branch_id, day(2026, 12, 20)).values()
    assert row.exempt and (row.owed_months, row.owed_fen, row.unpaid_run, row.warnings) == (0, 0, 0, [])


def test_the_run_stops_where_a_year_is_not_assessed_or_not_yet_due(db: Database, branch_id: int) -> None:
    old = _member(db, branch_id, "甲")
    new = _member(db, branch_id, "乙", join="2026-02-10")
    _assess(db, old)  # 2025 not assessed
    _assess(db, new)
    rows = _ledger(db, branch_id, day(2026, 5, 3))
    assert rows["甲"].unpaid_run == 4  # January to April; December 2025 was not assessed
    assert rows["乙"].unpaid_run == 3  # February to April; January was before joining


def test_in_january_no_month_of_the_year_has_ended(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id, "甲")
    _assess(db, member)
    (row,) = _ledger(db, branch_id, day(2026, 1, 31)).values()
    assert (row.owed_months, row.overdue_months) == (1, 0)


def test_a_year_to_come_owes_nothing_yet(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id, "甲")
    _assess(db, member, year=2027)
    (row,) = _ledger(db, branch_id, day(2026, 6, 1), year=2027).values()
    assert (row.owed_months, row.unpaid_run, row.warnings, len(row.due_months)) == (0, 0, [], 12)


def test_a_member_who_left_is_in_the_ledger_until_the_month_left(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id, "甲")
    _assess(db, member)
    with db.transaction() as session:
        leave_roster(session, member, "转出", day(2026, 3, 10), "转往外地", today=day(2026, 3, 10))
    (row,) = _ledger(db, branch_id, day(2026, 6, 1)).values()
    assert row.due_months == ["2026-01", "2026-02", "2026-03"] and row.status == "转出"
    assert _ledger(db, branch_id, day(2027, 6, 1), year=2027) == {}  # not concerned by 2027


def test_months_paid_in_advance_are_advance_not_received(db: Database, branch_id: int) -> None:
    one, two = _member(db, branch_id, "甲"), _member(db, branch_id, "乙")
    _assess(db, one, kind="农民", amount=D("1"))
    _assess(db, two, kind="农民", amount=D("0.5"))
    today = day(2026, 6, 15)
    record_payment(db, one, "2026-06", "2026-08", today, today=today)
    record_payment(db, two, "2026-07", "2026-07", today, today=today)
    rows = list(_ledger(db, branch_id, today).values())
    may, june, july = (month_totals(rows, f"2026-{m:02d}", today) for m in (5, 6, 7))
    assert (may.due_fen, may.paid_fen, may.owed_fen, may.advance_fen) == (150, 0, 150, 0)  # both owe
    assert (june.due_fen, june.paid_fen, june.owed_fen, june.advance_fen) == (150, 100, 50, 0)  # begun
    assert (july.due_fen, july.paid_fen, july.owed_fen, july.advance_fen) == (0, 0, 0, 150)  # to come
    assert july.as_json() == {"due": "0.00", "paid": "0.00", "owed": "0.00", "advance": "1.50"}
    year = year_totals(rows, 2026, today)  # June and before begun; July, August to come
    assert (year.due_fen, year.paid_fen, year.owed_fen, year.advance_fen) == (900, 100, 800, 250)


def test_a_payment_over_two_years_counts_in_each(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id, "甲")
    _assess(db, member, year=2025, kind="农民", amount=D("0.5"))
    _assess(db, member, year=2026, kind="农民", amount=D("1"))
    record_payment(db, member, "2025-11", "2026-02", day(2026, 2, 1), today=day(2026, 2, 1))
    (row,) = _ledger(db, branch_id, day(2026, 3, 1)).values()
    assert row.shares == {"2026-01": 100, "2026-02": 100} and row.paid_through == "2026-02"
    assert row.paid_months == {"2026-01", "2026-02"}
    (last_year,) = _ledger(db, branch_id, day(2026, 3, 1), year=2025).values()
    assert last_year.shares == {"2025-11": 50, "2025-12": 50}


# --- every branch at once (the township) ------------------------------------------------------------


def test_every_branch_at_once_is_each_branchs_ledger(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        neighbour = Branch(name="邻村党支部", township="测试镇")
        session.add(neighbour)
        session.flush()
        other = neighbour.id
    a = _member(db, branch_id, "甲")
    _member(db, branch_id, "乙")  # nothing assessed or paid: left out
    c = _member(db, other, "丙")
    d = _member(db, other, "丁")
    _assess(db, a)
    _assess(db, c, year=2025)  # the year before only: still concerned
    _assess(db, d, kind="农民", amount=D("1"))
    record_payment(db, d, "2026-01", "2026-04", day(2026, 4, 1), today=day(2026, 6, 1))
    today = day(2026, 6, 15)
    with db.reading() as session:
        found = ledgers_by_branch(session, 2026, today)
        each = {b: member_ledger(session, b, 2026, today) for b in (branch_id, other)}
    assert sorted(found) == [branch_id, other]
    assert [m.name for m in found[branch_id]] == ["甲"]
    assert sorted(m.name for m in found[other]) == ["丁", "丙"]
    for branch, lines in found.items():
        by_id = {m.member_id: m for m in each[branch]}
        for m in lines:
            assert m == by_id[m.member_id]


@pytest.mark.parametrize(
    ("today", "run"), [(day(2025, 12, 31), 4), (day(2026, 1, 1), 5), (day(2026, 2, 1), 6)]
)
def test_the_unpaid_run_goes_on_over_the_new_year(
    db: Database, branch_id: int, today: dt.date, run: int
) -> None:
    """Paid to July 2025: on the last day of 2025 four months have ended unpaid, on New Year's Day five
    (December has ended), on 1 February six. The run was 0 all January (no month of 2026 had ended)."""
    member = _member(db, branch_id, "甲")
    _assess(db, member, year=2025)
    _assess(db, member, year=2026)
    record_payment(db, member, "2025-01", "2025-07", day(2025, 7, 1), today=day(2025, 7, 1))
    (row,) = _ledger(db, branch_id, today, year=today.year).values()
    assert row.unpaid_run == run
    assert row.level == ("警示" if run >= 6 else "提醒")


def test_the_run_goes_back_no_further_than_last_year(db: Database, branch_id: int) -> None:
    """2024 to 2026 assessed for both; 乙's payment reaching back into 2024 makes 2024's amounts read for
    its split, yet 甲's run (nothing ever paid) counts from January 2025 only, as when two years were read."""
    one, two = _member(db, branch_id, "甲"), _member(db, branch_id, "乙")
    for member in (one, two):
        for year in (2024, 2025, 2026):
            _assess(db, member, year=year)
    record_payment(db, two, "2024-06", "2025-03", day(2025, 3, 1), today=day(2025, 3, 1))
    rows = _ledger(db, branch_id, day(2026, 4, 2))
    assert rows["甲"].unpaid_run == 15  # 2025-01 .. 2026-03
    assert rows["乙"].unpaid_run == 12  # 2025-04 .. 2026-03


def test_every_branch_at_once_reads_past_an_assessment_of_a_member_not_concerned(
    db: Database, branch_id: int
) -> None:
    """乙's payment reaching back into 2024 makes 2024's assessments read; 甲's, of 2024 only (甲 is not
    concerned by 2026: nothing assessed since, the last payment in 2024), comes first and is passed over,
    not the end of the reading. 丙, assessed for 2027 only and paid ahead, is concerned by the payment."""
    old, payer, ahead = (
        _member(db, branch_id, "甲"),
        _member(db, branch_id, "乙"),
        _member(db, branch_id, "丙"),
    )
    _assess(db, old, year=2024)
    record_payment(db, old, "2024-01", "2024-05", day(2024, 5, 1), today=day(2024, 5, 1))
    for year in (2024, 2025, 2026):
        _assess(db, payer, year=year)
    record_payment(db, payer, "2024-06", "2025-03", day(2025, 3, 1), today=day(2025, 3, 1))
    _assess(db, ahead, year=2027)
    record_payment(db, ahead, "2027-01", "2027-01", day(2026, 4, 1), today=day(2026, 4, 1))
    with db.reading() as session:
        lines = sorted(
            ledgers_by_branch(session, 2026, day(2026, 4, 2))[branch_id], key=lambda m: m.member_id
        )
    assert [(m.name, m.monthly_fen, m.unpaid_run) for m in lines] == [("乙", 20, 12), ("丙", None, 0)]
