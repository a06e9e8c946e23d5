"""The 党费 ledger at more of its lines (core/dues/ledger.py): a payment made ahead by a member who then
left (split over the months still due), a single month due, a 1-分 member, the unpaid run over the
new year with nothing ever paid, a payment ending on the run's first month, a past year's run, the
warnings in their order, 补交 warnings in the year paid only, a member restored with an old leaving
date, and an assessment none of whose months are due any more.

Written against the slips mutation testing planted (tests/MUTANTS.md) that the rest of the suite let
through; each fails on its slip and passes on the code as written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.dues import AssessmentDraft, member_ledger, record_payment, set_assessment
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

D = Decimal
day = dt.date


def _member(db: Database, branch_id: int, name: str, join: str = "2000-07-01") -> int:
    with db.transaction() as session:
        return add_member(session, branch_id, MemberDraft(name=name, join_date=join))


def _assess(db: Database, member: int, year: int = 2026, kind: str = "学生", **kw) -> None:
    set_assessment(db, AssessmentDraft(member_id=member, year=year, kind=kind, **kw), today=day(2026, 12, 1))


def _pay(db: Database, member: int, first: str, last: str, paid: dt.date) -> None:
    record_payment(db, member, first, last, paid, today=paid)


def _ledger(db: Database, branch_id: int, today: dt.date, year: int = 2026) -> dict:
    with db.reading() as session:
        return {r.name: r for r in member_ledger(session, branch_id, year, today)}


def test_a_payment_ahead_of_leaving_goes_to_the_months_still_due(db: Database, branch_id: int) -> None:
    """0.20 元 a month, 1.20 元 paid in January for January to June, 转出 on 10 March: the 1.20 元 is
    split over January to March (their amounts), the months after leaving weigh nothing."""
    member = _member(db, branch_id, "甲")
    _assess(db, member)
    _pay(db, member, "2026-01", "2026-06", day(2026, 1, 5))
    with db.transaction() as session:
        leave_roster(session, member, "转出", day(2026, 3, 10), "转往外地", today=day(2026, 3, 10))
    (row,) = _ledger(db, branch_id, day(2026, 6, 15)).values()
    assert row.due_months == ["2026-01", "2026-02", "2026-03"]
    assert row.shares == {
        "2026-01": 40,
        "2026-02": 40,
        "2026-03": 40,
        "2026-04": 0,
        "2026-05": 0,
        "2026-06": 0,
    }
    assert (row.paid_total_fen, row.paid_through, row.owed_months, row.unpaid_run) == (120, "2026-06", 0, 0)


def test_a_member_who_joined_in_december_owes_one_month(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id, "甲", join="2025-12-01")
    _assess(db, member, year=2025)
    (row,) = _ledger(db, branch_id, day(2025, 12, 20), year=2025).values()
    assert (row.due_months, row.owed_months, row.owed_fen, row.overdue_months) == (["2025-12"], 1, 20, 0)


def test_a_member_reduced_to_one_fen_still_owes_and_is_counted(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id, "甲")
    _assess(db, member, kind="在职", income=D("4000"), reduced=D("0.01"), approved=day(2026, 1, 2))
    (row,) = _ledger(db, branch_id, day(2026, 4, 15)).values()
    assert (row.monthly_fen, row.exempt) == (1, False)
    assert (row.owed_months, row.owed_fen, row.overdue_months, row.unpaid_run) == (4, 4, 3, 3)
    assert row.warnings == ["已连续 3 个月未交纳党费"]


def test_the_run_goes_back_into_last_year_with_nothing_ever_paid(db: Database, branch_id: int) -> None:
    """No payment at all in the branch: last year's assessment is read all the same."""
    member = _member(db, branch_id, "甲")
    _assess(db, member, year=2025)
    _assess(db, member, year=2026)
    (row,) = _ledger(db, branch_id, day(2026, 3, 5)).values()
    assert row.unpaid_run == 14  # January 2025 to February 2026


def test_a_payment_ending_in_last_january_stops_the_run_there(db: Database, branch_id: int) -> None:
    """The payment of January 2025 alone (its last month the first month read) is read: the run of
    2026 stops at February 2025, and December 2024's payment changes nothing."""
    member = _member(db, branch_id, "甲")
    for year in (2024, 2025, 2026):
        _assess(db, member, year=year)
    _pay(db, member, "2024-12", "2024-12", day(2024, 12, 10))
    _pay(db, member, "2025-01", "2025-01", day(2025, 1, 10))
    (row,) = _ledger(db, branch_id, day(2026, 4, 2)).values()
    assert row.unpaid_run == 14  # February 2025 to March 2026


def test_a_past_years_run_ends_in_its_december(db: Database, branch_id: int) -> None:
    """2025 read in June 2026: the run counts back from December 2025, not from a month of 2026."""
    member = _member(db, branch_id, "甲")
    _assess(db, member, year=2025)
    _assess(db, member, year=2026)
    _pay(db, member, "2025-01", "2025-07", day(2025, 7, 1))
    (row,) = _ledger(db, branch_id, day(2026, 6, 15), year=2025).values()
    assert (row.unpaid_run, row.owed_months, row.overdue_months) == (5, 5, 5)
    assert row.warnings == ["已连续 5 个月未交纳党费"]


def test_the_warnings_in_their_order(db: Database, branch_id: int) -> None:
    """In January 2026, the year not assessed yet, a 补交 of seven months paid this January: the run
    first, then the missing assessment, then the 补交."""
    warn, alert = _member(db, branch_id, "甲"), _member(db, branch_id, "乙")
    for member in (warn, alert):
        _assess(db, member, year=2024)
        _assess(db, member, year=2025)
    _pay(db, warn, "2025-01", "2025-07", day(2026, 1, 10))  # 8 to 12 unpaid: 5
    _pay(db, alert, "2024-12", "2025-06", day(2026, 1, 11))  # 7 to 12 unpaid: 6
    rows = _ledger(db, branch_id, day(2026, 1, 15))
    assert rows["甲"].warnings == [
        "已连续 5 个月未交纳党费",
        "尚未核定2026年党费标准",
        "2026-01-10 补交 7 个月党费（补交一般不超过 6 个月）",
    ]
    assert rows["乙"].warnings == [
        "已连续 6 个月未交纳党费，请支部研究处理（程序不改变党籍状态）",
        "尚未核定2026年党费标准",
        "2026-01-11 补交 7 个月党费（补交一般不超过 6 个月）",
    ]


def test_two_back_payments_warn_in_the_order_of_their_months(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id, "甲")
    for year in (2024, 2025, 2026):
        _assess(db, member, year=year)
    _pay(db, member, "2025-06", "2025-12", day(2026, 2, 1))  # recorded first
    _pay(db, member, "2024-11", "2025-05", day(2026, 2, 2))
    (row,) = _ledger(db, branch_id, day(2026, 2, 3)).values()
    assert row.warnings == [
        "2026-02-02 补交 7 个月党费（补交一般不超过 6 个月）",
        "2026-02-01 补交 7 个月党费（补交一般不超过 6 个月）",
    ]


def test_a_back_payment_warns_in_the_year_it_was_paid_only(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id, "甲")
    for year in (2024, 2025):
        _assess(db, member, year=year)
    _pay(db, member, "2024-05", "2024-11", day(2025, 1, 20))
    _pay(db, member, "2024-12", "2025-12", day(2025, 12, 20))
    assert _ledger(db, branch_id, day(2026, 1, 5), year=2025)["甲"].warnings == [
        "2025-01-20 补交 7 个月党费（补交一般不超过 6 个月）",
        "2025-12-20 补交 12 个月党费（补交一般不超过 6 个月）",
    ]
    _assess(db, member, year=2026)
    assert _ledger(db, branch_id, day(2026, 1, 5))["甲"].warnings == []


def test_a_member_on_the_roster_with_an_old_leaving_date_owes_the_whole_year(
    db: Database, branch_id: int
) -> None:
    """在册 with a leaving date of 2025 (restored by an older version, or imported so): the date is
    history, every month of 2026 is due."""
    member = _member(db, branch_id, "甲")
    with db.transaction() as session:
        session.get(Member, member).left_date = day(2025, 5, 1)
    _assess(db, member)
    (row,) = _ledger(db, branch_id, day(2026, 3, 15)).values()
    assert (len(row.due_months), row.owed_months, row.unpaid_run) == (12, 3, 2)


def test_an_assessment_with_no_month_due_any_more_starts_no_run(db: Database, branch_id: int) -> None:
    """2025 assessed, then the 入党日期 corrected to February 2026: none of 2025's months is due, so in
    January 2026 (December 2025 ended) nothing is overdue; the year's assessment is missing."""
    member = _member(db, branch_id, "甲")
    _assess(db, member, year=2025)
    with db.transaction() as session:
        session.get(Member, member).join_date = day(2026, 2, 10)
    (row,) = _ledger(db, branch_id, day(2026, 1, 20)).values()
    assert (row.unpaid_run, row.owed_months, row.warnings) == (0, 0, ["尚未核定2026年党费标准"])
    assert _ledger(db, branch_id, day(2026, 1, 20), year=2025) == {}  # not on the roster in 2025
