"""The 党费 ledger: payments put in the months they belong to, and each warning in the year it belongs to.

- a 补交 paid this year for months two years back is warned of in this year's ledger, like one for
  last year's months (it was not read at all, so not warned of: fixed in core/dues/ledger.py);
- a payment reaching into next year is split by each year's own amount, so this year's months get
  this year's amount and no more;
- a member who comes to the branch mid-year owes from the month set, not one month before or after.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.dues import (
    AssessmentDraft,
    DuesError,
    ledgers_by_branch,
    member_ledger,
    record_payment,
    set_assessment,
)
from dangjian_desktop.core.roster import MemberDraft, add_member

D = Decimal
day = dt.date
BACKPAY_12 = "2026-03-01 补交 12 个月党费（补交一般不超过 6 个月）"


def _member(db: Database, branch_id: int, name: str = "甲", join: str = "2000-07-01") -> int:
    with db.transaction() as session:
        return add_member(session, branch_id, MemberDraft(name=name, join_date=join))


def _assess(db: Database, member: int, year: int, kind: str = "学生", **kw: object) -> None:
    draft = AssessmentDraft(member_id=member, year=year, kind=kind, **kw)  # type: ignore[arg-type]
    set_assessment(db, draft, today=day(2026, 12, 31))


def _line(db: Database, branch_id: int, year: int, today: dt.date):  # noqa: ANN202 - MemberDues
    with db.reading() as session:
        (line,) = member_ledger(session, branch_id, year, today)
    return line


def test_a_back_payment_two_years_back_is_warned_of_in_the_year_paid(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id)
    for year in (2024, 2025, 2026):
        _assess(db, member, year)
    result = record_payment(db, member, "2024-01", "2024-12", day(2026, 3, 1), today=day(2026, 3, 1))
    assert result.warnings == [f"甲 {BACKPAY_12}"]
    line = _line(db, branch_id, 2026, day(2026, 3, 5))
    # 2025 and January, February 2026 unpaid: the run, then the 补交 made this year
    assert line.warnings == ["已连续 14 个月未交纳党费，请支部研究处理（程序不改变党籍状态）", BACKPAY_12]
    assert (line.shares, line.paid_total_fen, line.owed_months) == ({}, 0, 3)
    with db.reading() as session:
        (township_line,) = ledgers_by_branch(session, 2026, day(2026, 3, 5))[branch_id]
    assert township_line.warnings == line.warnings
    # not in the ledger of the year before it was paid, nor of the year after
    assert BACKPAY_12 not in _line(db, branch_id, 2025, day(2026, 3, 5)).warnings
    _assess(db, member, 2027)
    assert BACKPAY_12 not in _line(db, branch_id, 2027, day(2027, 1, 5)).warnings


def test_a_back_payment_paid_the_year_before_is_not_warned_of_this_year(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id)
    for year in (2023, 2024, 2026):
        _assess(db, member, year)
    record_payment(db, member, "2023-01", "2023-12", day(2025, 12, 31), today=day(2025, 12, 31))
    line = _line(db, branch_id, 2026, day(2026, 2, 1))
    assert [w for w in line.warnings if "补交" in w] == []


def test_a_payment_into_next_year_gives_this_year_its_own_amount(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id)
    _assess(db, member, 2026, kind="农民", amount=D("0.5"))
    _assess(db, member, 2027, kind="农民", amount=D("1"))
    # November 2026 to February 2027: 0.50 + 0.50 + 1.00 + 1.00 = 3.00 元, paid in advance
    result = record_payment(db, member, "2026-11", "2027-02", day(2026, 11, 5), today=day(2026, 11, 5))
    assert (result.amount_fen, result.warnings) == (300, [])
    line = _line(db, branch_id, 2026, day(2026, 12, 10))
    assert line.shares == {"2026-11": 50, "2026-12": 50}
    assert line.paid_on == {"2026-11": (day(2026, 11, 5), "本人"), "2026-12": (day(2026, 11, 5), "本人")}
    assert (line.paid_total_fen, line.paid_through, line.owed_months) == (100, None, 10)
    next_year = _line(db, branch_id, 2027, day(2027, 2, 10))
    assert next_year.shares == {"2027-01": 100, "2027-02": 100} and next_year.paid_through == "2027-02"


@pytest.mark.parametrize(("month", "ok"), [("2026-03", False), ("2026-04", True), ("2026-05", True)])
def test_a_member_who_came_mid_year_owes_from_the_month_set(
    db: Database, branch_id: int, month: str, ok: bool
) -> None:
    member = _member(db, branch_id)
    _assess(db, member, 2026, first_month="2026-04")
    line = _line(db, branch_id, 2026, day(2026, 6, 15))
    assert (line.due_months[0], len(line.due_months), line.owed_months, line.owed_fen) == (
        "2026-04",
        9,
        3,
        60,
    )
    assert (line.unpaid_run, line.overdue_months) == (2, 2)  # April and May ended, June begun
    if ok:
        record_payment(db, member, month, month, day(2026, 6, 15), today=day(2026, 6, 15))
        assert _line(db, branch_id, 2026, day(2026, 6, 15)).owed_months == 2
    else:
        with pytest.raises(DuesError, match="^甲 2026年3月不在应交党费的月份内$"):
            record_payment(db, member, month, month, day(2026, 6, 15), today=day(2026, 6, 15))


def test_the_line_carries_the_assessment_as_set_for_the_form_to_show_again(
    db: Database, branch_id: int
) -> None:
    """The 核定 dialog opens filled from the ledger line's assessment: a reduction whose reason or
    dates were lost there would be saved again without them."""
    reduced, plain = _member(db, branch_id, "甲"), _member(db, branch_id, "乙")
    _assess(
        db,
        reduced,
        2026,
        kind="在职",
        income=D("4000"),
        reduced=D("10"),
        decided=day(2026, 1, 8),
        approved=day(2026, 1, 20),
        reason="长期患病",
    )
    _assess(db, plain, 2026, kind="在职", income=D("6000"))
    with db.reading() as session:
        lines = {
            line.name: line.assessed for line in member_ledger(session, branch_id, 2026, day(2026, 3, 1))
        }
    one, two = lines["甲"], lines["乙"]
    assert (one.year, one.kind, one.income_fen, one.rate_permyriad, one.standard_fen, one.reduced_fen) == (
        2026,
        "在职",
        400000,
        100,
        4000,
        1000,
    )
    assert (one.reduction_reason, one.decided_date, one.approved_date, one.monthly_fen) == (
        "长期患病",
        day(2026, 1, 8),
        day(2026, 1, 20),
        1000,
    )
    assert (
        two.year,
        two.income_fen,
        two.reduced_fen,
        two.reduction_reason,
        two.decided_date,
        two.approved_date,
    ) == (
        2026,
        600000,
        None,
        "",
        None,
        None,
    )


def test_every_branch_at_once_warns_of_back_payments_in_the_order_of_their_months(
    db: Database, branch_id: int
) -> None:
    member = _member(db, branch_id)
    for year in (2024, 2025, 2026):
        _assess(db, member, year)
    record_payment(db, member, "2025-06", "2025-12", day(2026, 2, 1), today=day(2026, 2, 1))  # entered first
    record_payment(db, member, "2024-11", "2025-05", day(2026, 2, 2), today=day(2026, 2, 2))
    with db.reading() as session:
        (line,) = ledgers_by_branch(session, 2026, day(2026, 2, 3))[branch_id]
    assert line.warnings == [
        "2026-02-02 补交 7 个月党费（补交一般不超过 6 个月）",
        "2026-02-01 补交 7 个月党费（补交一般不超过 6 个月）",
    ]


def test_the_line_names_the_members_category_and_status(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        member = add_member(
            session, branch_id, MemberDraft(name="预备", join_date="2026-02-10", category="预备党员")
        )
    _assess(db, member, 2026)
    line = _line(db, branch_id, 2026, day(2026, 3, 1))
    # 预备党员 pay from the month of the 支部大会 that admitted them
    assert (line.member_id, line.category, line.status, line.due_months[0]) == (
        member,
        "预备党员",
        "在册",
        "2026-02",
    )
