"""党费 writes at more of their lines (core/dues/service.py): correcting one member's one year leaves
the others alone, the months a payment may cover (the month joined, the month left, the first month
set, each one outside), what a payment costs over two years and for another member, another member's
payment of the same month, the amount paid exactly / one 分 less / one 分 more, the stored payment,
the refusals naming the field, and a member on the roster with an old leaving date.

Written against the slips mutation testing planted (tests/MUTANTS.md) that the rest of the suite let
through; each fails on its slip and passes on the code as written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.dues import AssessmentDraft, DuesError, record_payment, set_assessment
from dangjian_desktop.core.models import DuesAssessment, DuesPayment, Member
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

D = Decimal
TODAY = dt.date(2026, 6, 15)


def _member(db: Database, branch_id: int, name: str = "甲", join: str = "2000-07-01") -> int:
    with db.transaction() as session:
        return add_member(session, branch_id, MemberDraft(name=name, join_date=join))


def _assess(db: Database, member: int, year: int = 2026, kind: str = "学生", **kw):
    return set_assessment(db, AssessmentDraft(member_id=member, year=year, kind=kind, **kw), today=TODAY)


def _pay(db: Database, member: int, first: str, last: str = "", **kw):
    return record_payment(db, member, first, last or first, TODAY, today=TODAY, **kw)


def _rows(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def _refused(db: Database, call, message: str) -> None:
    before = (_rows(db, DuesAssessment), _rows(db, DuesPayment))
    with pytest.raises(DuesError) as raised:
        call()
    assert str(raised.value) == message
    assert (_rows(db, DuesAssessment), _rows(db, DuesPayment)) == before


def _left(db: Database, member: int, when: dt.date) -> None:
    with db.transaction() as session:
        leave_roster(session, member, "转出", when, "转往外地", today=TODAY)


# --- 核定 -----------------------------------------------------------------------------------------------


def test_correcting_one_year_of_one_member_leaves_the_others_alone(db: Database, branch_id: int) -> None:
    one, two = _member(db, branch_id, "甲"), _member(db, branch_id, "乙")
    _assess(db, one, year=2025)
    _assess(db, two, year=2026)
    first = _assess(db, one, year=2026)
    again = _assess(db, one, year=2026, kind="农民", amount=D("0.8"), note="按村规定")
    with db.reading() as session:
        rows = {
            (r.member_id, r.year): (r.id, r.kind, r.standard_fen, r.note)
            for r in session.scalars(select(DuesAssessment))
        }
    assert again.id == first.id == rows[(one, 2026)][0]
    assert rows[(one, 2026)][1:] == ("农民", 80, "按村规定")
    assert rows[(one, 2025)][1:] == ("学生", 20, "")
    assert rows[(two, 2026)][1:] == ("学生", 20, "")


def test_a_first_month_typed_wrong_names_the_field(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id)
    _refused(db, lambda: _assess(db, member, first_month="四月"), "开始交纳月份应写成 YYYY-MM：四月")


def test_no_assessment_for_a_year_before_joining(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id, join="2026-03-01")
    _refused(
        db,
        lambda: _assess(db, member, year=2025),
        "甲 在 2025 年没有应交党费的月份（入党或离开支部的时间不在该年内）",
    )
    assert _assess(db, member, year=2026).amount_fen == 20  # the year joined: from March


def test_no_assessment_from_a_first_month_after_leaving(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id)
    _left(db, member, dt.date(2026, 3, 10))
    _refused(
        db,
        lambda: _assess(db, member, first_month="2026-04"),
        "甲 在 2026 年没有应交党费的月份（入党或离开支部的时间不在该年内）",
    )
    assert _assess(db, member, first_month="2026-03").amount_fen == 20  # the month left: on the line


def test_a_member_on_the_roster_with_an_old_leaving_date_is_assessed_and_pays(
    db: Database, branch_id: int
) -> None:
    member = _member(db, branch_id)
    with db.transaction() as session:
        session.get(Member, member).left_date = dt.date(2025, 5, 1)
    assert _assess(db, member).amount_fen == 20
    assert _pay(db, member, "2026-06").amount_fen == 20


def test_a_reduction_judged_by_the_day_given(db: Database, branch_id: int) -> None:
    """'Approved after today' is judged by the day the call is given, not the machine's clock."""
    member = _member(db, branch_id)
    past = dt.date(2020, 6, 15)
    draft = AssessmentDraft(
        member_id=member, year=2020, kind="在职", income=D("4000"), reduced=D("10"), approved=past
    )
    assert set_assessment(db, draft, today=past).amount_fen == 1000
    later = AssessmentDraft(
        member_id=member,
        year=2020,
        kind="在职",
        income=D("4000"),
        reduced=D("10"),
        approved=past + dt.timedelta(days=1),
    )
    _refused(db, lambda: set_assessment(db, later, today=past), "批准日期不能晚于今天")


# --- 收缴 ---------------------------------------------------------------------------------------------


def test_a_payment_costs_each_years_amount(db: Database, branch_id: int) -> None:
    one, two = _member(db, branch_id, "甲"), _member(db, branch_id, "乙")
    _assess(db, one, year=2025)  # 0.20
    _assess(db, one, year=2026, kind="农民", amount=D("1"))
    _assess(db, two, year=2026, kind="农民", amount=D("0.5"))
    assert _pay(db, one, "2025-11", "2026-02", how="补交").amount_fen == 20 + 20 + 100 + 100
    assert _pay(db, two, "2026-01", "2026-02").amount_fen == 100  # 乙's own amount


def test_another_members_payment_of_the_month_is_no_obstacle(db: Database, branch_id: int) -> None:
    one, two = _member(db, branch_id, "甲"), _member(db, branch_id, "乙")
    _assess(db, one)
    _assess(db, two)
    _pay(db, one, "2026-03", "2026-05")
    assert _pay(db, two, "2026-04").amount_fen == 20


def test_the_months_a_payment_may_cover(db: Database, branch_id: int) -> None:
    """From the month joined (or the first month set) to the month left; one month outside refused."""
    joined = _member(db, branch_id, "甲", join="2026-03-20")
    left = _member(db, branch_id, "乙")
    later = _member(db, branch_id, "丙")
    _assess(db, joined)
    _assess(db, left)
    _assess(db, later, first_month="2026-05")
    _left(db, left, dt.date(2026, 4, 30))
    _refused(db, lambda: _pay(db, joined, "2026-02", "2026-03"), "甲 2026年2月不在应交党费的月份内")
    assert _pay(db, joined, "2026-03").amount_fen == 20
    _refused(db, lambda: _pay(db, left, "2026-04", "2026-05"), "乙 2026年5月不在应交党费的月份内")
    assert _pay(db, left, "2026-01", "2026-04").amount_fen == 80
    _refused(db, lambda: _pay(db, later, "2026-04"), "丙 2026年4月不在应交党费的月份内")
    assert _pay(db, later, "2026-05", "2026-12").amount_fen == 160


@pytest.mark.parametrize(
    ("amount", "warnings"),
    [
        ("0.40", []),
        ("0.39", ["甲 交纳 0.39 元，与应交 0.40 元不符"]),
        ("0.41", ["甲 交纳 0.41 元，与应交 0.40 元不符"]),
    ],
)
def test_paid_exactly_one_fen_less_or_more(
    db: Database, branch_id: int, amount: str, warnings: list[str]
) -> None:
    member = _member(db, branch_id)
    _assess(db, member)
    result = _pay(db, member, "2026-01", "2026-02", amount=D(amount), how="委托他人", note="由妻代交")
    assert (result.amount_fen, result.warnings) == (int(D(amount) * 100), warnings)
    with db.reading() as session:
        row = session.scalars(select(DuesPayment)).one()
    assert (row.id, row.member_id, row.first_month, row.last_month) == (
        result.id,
        member,
        "2026-01",
        "2026-02",
    )
    assert (row.amount_fen, row.paid_date, row.how, row.note) == (
        result.amount_fen,
        TODAY,
        "委托他人",
        "由妻代交",
    )


def test_a_payment_with_nothing_but_the_months(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id)
    _assess(db, member)
    _pay(db, member, "2026-06")
    with db.reading() as session:
        row = session.scalars(select(DuesPayment)).one()
    assert (row.amount_fen, row.how, row.note) == (20, "本人", "")


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-1x", "2026-02", "起始月份应写成 YYYY-MM：2026-1x"),
        ("2026-01", "2026-13", "截止月份应写成 YYYY-MM：2026-13"),
    ],
)
def test_a_payments_months_typed_wrong_name_the_field(
    db: Database, branch_id: int, first: str, last: str, message: str
) -> None:
    member = _member(db, branch_id)
    _assess(db, member)
    _refused(db, lambda: record_payment(db, member, first, last, TODAY, today=TODAY), message)


def test_a_payment_for_no_such_member(db: Database, branch_id: int) -> None:
    _refused(db, lambda: _pay(db, 999, "2026-06"), "没有编号为 999 的党员")


def test_a_reduced_member_pays_the_reduced_amount(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id)
    _assess(db, member, kind="在职", income=D("4000"), reduced=D("10"), approved=dt.date(2026, 1, 5))
    assert _pay(db, member, "2026-01", "2026-02").amount_fen == 2000  # not the standard 40 元 a month


def test_a_way_of_paying_typed_long_is_cut_at_20_characters(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id)
    _assess(db, member)
    typed = "通过手机银行转账交纳党费给支部委员会的同志"  # 21 characters
    _refused(
        db,
        lambda: _pay(db, member, "2026-06", how=typed),
        f"交纳方式应为本人、委托他人、补交、流入地之一：{typed[:20]}",
    )


def test_a_reason_without_a_reduction_is_not_kept(db: Database, branch_id: int) -> None:
    """The reason belongs to a reduction; typed alone it goes with the standard amount."""
    member = _member(db, branch_id)
    assert _assess(db, member, kind="在职", income=D("4000"), reason="因病").amount_fen == 4000
    with db.reading() as session:
        row = session.scalars(select(DuesAssessment)).one()
    assert (row.reduced_fen, row.reduction_reason, row.decided_date, row.approved_date) == (
        None,
        "",
        None,
        None,
    )
