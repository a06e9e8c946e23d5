"""党费 writes at their lines (core/dues/service.py): the year's range, the first month, a reduction's
dates, a payment's size, day and amount, 上缴, each refusal in its exact words with nothing written, and
each log line.

Written against the slips mutation testing planted (tests/MUTANTS.md) that the rest of the suite let
through; each fails on its slip and passes on the code as written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.dues import (
    AssessmentDraft,
    DuesError,
    add_remittance,
    collect_month,
    list_remittances,
    record_payment,
    set_assessment,
)
from dangjian_desktop.core.models import DuesAssessment, DuesPayment, DuesRemittance
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster
from tests.core.logs import last_log

D = Decimal
TODAY = dt.date(2026, 6, 15)


def _member(db: Database, branch_id: int, name: str = "甲", join: str = "2000-07-01") -> int:
    with db.transaction() as session:
        return add_member(session, branch_id, MemberDraft(name=name, join_date=join))


def _count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def _assess(db: Database, member: int, year: int = 2026, kind: str = "在职", **kw) -> int:
    return set_assessment(
        db, AssessmentDraft(member_id=member, year=year, kind=kind, **kw), today=TODAY
    ).amount_fen


@pytest.fixture
def member(db: Database, branch_id: int) -> int:
    return _member(db, branch_id)


def _refused(db: Database, call, message: str) -> None:
    before = (_count(db, DuesAssessment), _count(db, DuesPayment), _count(db, DuesRemittance))
    with pytest.raises(DuesError) as raised:
        call()
    assert str(raised.value) == message
    assert (_count(db, DuesAssessment), _count(db, DuesPayment), _count(db, DuesRemittance)) == before


# --- 核定 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "ok"), [(1989, False), (1990, True), (2999, True), (3000, False)])
def test_the_year_between_1990_and_2999(db: Database, branch_id: int, year: int, ok: bool) -> None:
    member = _member(db, branch_id, join="1980-07-01")
    if ok:
        assert _assess(db, member, year=year, kind="学生") == 20
    else:
        _refused(db, lambda: _assess(db, member, year=year, kind="学生"), f"年份不正确：{year}")


def test_an_assessment_is_logged_without_the_income(db: Database, member: int) -> None:
    assert _assess(db, member, income=D("4000")) == 4000
    assert last_log(db) == ("核定党费", "甲 2026年 在职 每月 40.00 元")


def test_a_first_month_inside_the_year_starts_the_dues_there(db: Database, member: int) -> None:
    from dangjian_desktop.core.dues import member_ledger

    _assess(db, member, kind="学生", first_month="2026-04")
    with db.reading() as session:
        (row,) = member_ledger(session, 1, 2026, TODAY)
        stored = session.scalar(select(DuesAssessment.first_month))
    assert stored == "2026-04" and row.due_months[0] == "2026-04"


@pytest.mark.parametrize("first", ["2025-12", "2027-01"])  # one month each side of the year
def test_a_first_month_outside_the_year_is_refused(db: Database, member: int, first: str) -> None:
    _refused(
        db,
        lambda: _assess(db, member, kind="学生", first_month=first),
        f"开始交纳月份应在 2026 年内：{first}",
    )


def test_no_month_due_in_the_year_is_refused_by_name(db: Database, branch_id: int) -> None:
    member = _member(db, branch_id)
    with db.transaction() as session:
        leave_roster(session, member, "转出", dt.date(2025, 12, 31), "转往外地", today=TODAY)
    _refused(
        db,
        lambda: _assess(db, member, kind="学生"),
        "甲 在 2026 年没有应交党费的月份（入党或离开支部的时间不在该年内）",
    )


def test_a_reduction_is_stored_with_its_reason_and_dates(db: Database, member: int) -> None:
    amount = _assess(
        db,
        member,
        income=D("4000"),
        reduced=D("10"),
        reason=" 因病生活困难 ",
        decided=dt.date(2026, 3, 1),
        approved=dt.date(2026, 3, 1),  # decided on the day of approval: on the line
    )
    assert amount == 1000
    with db.reading() as session:
        row = session.scalars(select(DuesAssessment)).one()
    assert (row.standard_fen, row.reduced_fen, row.reduction_reason) == (4000, 1000, "因病生活困难")
    assert (row.decided_date, row.approved_date, row.income_fen) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 1),
        400000,
    )
    assert last_log(db) == ("核定党费", "甲 2026年 在职 每月 10.00 元")
    # set again without the reduction: the reason and the dates go with it
    _assess(db, member, income=D("4000"))
    with db.reading() as session:
        row = session.scalars(select(DuesAssessment)).one()
    assert (row.reduced_fen, row.reduction_reason, row.decided_date, row.approved_date) == (
        None,
        "",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"decided": dt.date(2026, 3, 1)}, "填写了批准日期，但没有填写少交后的金额（免交填 0）"),
        ({"approved": dt.date(2026, 3, 1)}, "填写了批准日期，但没有填写少交后的金额（免交填 0）"),
        ({"reduced": D("10")}, "少交或免交党费须经上一级党委批准，请填写批准日期"),
        ({"reduced": D("-0.01"), "approved": dt.date(2026, 3, 1)}, "少交后的金额不能小于 0"),
        ({"reduced": D("40.00"), "approved": dt.date(2026, 3, 1)}, "少交后的金额应低于按规定应交的 40.00 元"),
        ({"reduced": D("10"), "approved": TODAY + dt.timedelta(days=1)}, "批准日期不能晚于今天"),
        (
            {"reduced": D("10"), "approved": dt.date(2026, 3, 1), "decided": dt.date(2026, 3, 2)},
            "支部研究决定的日期应在上级党委批准之前",
        ),
    ],
)
def test_a_reduction_refused_in_exact_words(db: Database, member: int, fields: dict, message: str) -> None:
    _refused(db, lambda: _assess(db, member, income=D("4000"), **fields), message)


@pytest.mark.parametrize(("reduced", "approved"), [("0", TODAY), ("39.99", TODAY - dt.timedelta(days=1))])
def test_a_reduction_just_inside_the_lines(
    db: Database, member: int, reduced: str, approved: dt.date
) -> None:
    assert _assess(db, member, income=D("4000"), reduced=D(reduced), approved=approved) == int(
        D(reduced) * 100
    )


# --- 收缴 ---------------------------------------------------------------------------------------------


@pytest.fixture
def assessed(db: Database, member: int) -> int:
    set_assessment(db, AssessmentDraft(member_id=member, year=2024, kind="学生"), today=TODAY)
    set_assessment(db, AssessmentDraft(member_id=member, year=2025, kind="学生"), today=TODAY)
    set_assessment(db, AssessmentDraft(member_id=member, year=2026, kind="学生"), today=TODAY)
    set_assessment(db, AssessmentDraft(member_id=member, year=2027, kind="学生"), today=TODAY)
    return member


def test_a_payment_of_36_months_and_no_more(db: Database, assessed: int) -> None:
    _refused(
        db,
        lambda: record_payment(db, assessed, "2024-01", "2027-01", TODAY, how="补交", today=TODAY),
        "一次交纳不能超过 36 个月，请核对起止月份",
    )
    result = record_payment(db, assessed, "2024-01", "2026-12", TODAY, how="补交", today=TODAY)
    assert result.amount_fen == 36 * 20
    assert last_log(db) == ("收缴党费", "甲 2024-01–2026-12 7.20 元")


@pytest.mark.parametrize(("days", "ok"), [(-1, True), (0, True), (1, False)])
def test_paid_on_today_or_before(db: Database, assessed: int, days: int, ok: bool) -> None:
    day = TODAY + dt.timedelta(days=days)
    call = lambda: record_payment(db, assessed, "2026-06", "2026-06", day, today=TODAY)  # noqa: E731
    if ok:
        assert call().amount_fen == 20
    else:
        _refused(db, call, "交纳日期不能晚于今天")


def test_a_payment_refused_in_exact_words(db: Database, assessed: int) -> None:
    _refused(
        db,
        lambda: record_payment(db, assessed, "2026-05", "2026-03", TODAY, today=TODAY),
        "起止月份颠倒：2026-05 在 2026-03 之后",
    )
    _refused(
        db,
        lambda: record_payment(db, assessed, "2026-03", "2026-03", TODAY, how="转账", today=TODAY),
        "交纳方式应为本人、委托他人、补交、流入地之一：转账",
    )
    _refused(
        db,
        lambda: record_payment(db, assessed, "2026-03", "2026-03", TODAY, amount=D("-0.01"), today=TODAY),
        "交纳金额不能小于 0",
    )
    _refused(
        db,
        lambda: record_payment(db, assessed, "2028-01", "2028-01", TODAY, today=TODAY),
        "甲 尚未核定 2028 年党费标准，请先核定",
    )
    record_payment(db, assessed, "2026-03", "2026-04", TODAY, today=TODAY)
    _refused(
        db,
        lambda: record_payment(db, assessed, "2026-01", "2026-05", TODAY, today=TODAY),
        "甲 2026年3月的党费已经交过",
    )


def test_an_amount_other_than_due_is_kept_with_a_warning(db: Database, assessed: int) -> None:
    exact = record_payment(db, assessed, "2026-01", "2026-02", TODAY, amount=D("0.40"), today=TODAY)
    assert (exact.amount_fen, exact.warnings) == (40, [])
    other = record_payment(db, assessed, "2026-03", "2026-03", TODAY, amount=D("0"), today=TODAY)
    assert (other.amount_fen, other.warnings) == (0, ["甲 交纳 0.00 元，与应交 0.20 元不符"])


def test_a_back_payment_over_six_months_warns_with_the_name(db: Database, assessed: int) -> None:
    result = record_payment(db, assessed, "2025-11", "2026-05", TODAY, how="补交", today=TODAY)  # 7 ended
    assert result.warnings == ["甲 2026-06-15 补交 7 个月党费（补交一般不超过 6 个月）"]


def test_collecting_a_month_logs_the_count_and_total(db: Database, branch_id: int, assessed: int) -> None:
    other = _member(db, branch_id, "乙")
    set_assessment(db, AssessmentDraft(member_id=other, year=2026, kind="农民", amount=D("0.5")), today=TODAY)
    result = collect_month(db, [assessed, other], "2026-06", TODAY, today=TODAY)
    assert (result.recorded, result.skipped, result.amount_fen) == (["甲", "乙"], [], 70)
    assert last_log(db) == ("收缴党费", "2026年6月 2 人 0.70 元")
    again = collect_month(db, [assessed], "2026-06", TODAY, today=TODAY)
    assert (again.recorded, again.skipped) == ([], ["甲：2026年6月的党费已经交过"])
    assert last_log(db) == ("收缴党费", "2026年6月 2 人 0.70 元")  # nothing recorded: nothing logged


# --- 上缴 ---------------------------------------------------------------------------------------------


def test_a_remittance_is_stored_and_logged(db: Database, branch_id: int) -> None:
    result = add_remittance(
        db, branch_id, "2026-01", "2026-03", D("12.30"), TODAY, " 收据0012 ", "一季度", today=TODAY
    )
    assert result.amount_fen == 1230
    assert last_log(db) == ("上缴党费", "2026-01–2026-03 12.30 元")
    with db.reading() as session:
        (row,) = list_remittances(session, branch_id, 2026)
    assert (row.first_month, row.last_month, row.amount_fen) == ("2026-01", "2026-03", 1230)
    assert (row.remitted_date, row.receipt_no, row.note) == (TODAY, "收据0012", "一季度")


@pytest.mark.parametrize(
    ("first", "last", "amount", "day", "message"),
    [
        ("2026-04", "2026-03", "1", TODAY, "起止月份颠倒：2026-04 在 2026-03 之后"),
        ("2026-01", "2026-03", "0", TODAY, "上缴金额应大于 0"),
        ("2026-01", "2026-03", "1", TODAY + dt.timedelta(days=1), "上缴日期不能晚于今天"),
    ],
)
def test_a_remittance_refused_in_exact_words(
    db: Database, branch_id: int, first, last, amount, day, message
) -> None:
    _refused(db, lambda: add_remittance(db, branch_id, first, last, D(amount), day, today=TODAY), message)


def test_a_remittance_on_the_lines(db: Database, branch_id: int) -> None:
    """0.01 元 on today, for a single month: the smallest accepted."""
    result = add_remittance(db, branch_id, "2026-05", "2026-05", D("0.01"), TODAY, today=TODAY)
    assert result.amount_fen == 1
    with db.reading() as session:
        (row,) = list_remittances(session, branch_id, 2026)
    assert (row.id, row.receipt_no, row.note) == (result.id, "", "")  # nothing typed: nothing stored


def test_a_remittance_of_another_branch_or_a_long_receipt(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core.models import Branch

    with db.transaction() as session:
        neighbour = Branch(name="邻村党支部")
        session.add(neighbour)
        session.flush()
        other = neighbour.id
    add_remittance(db, other, "2026-01", "2026-03", D("5"), TODAY, today=TODAY)
    add_remittance(db, branch_id, "2026-01", "2026-03", D("6"), TODAY, "收" * 60, today=TODAY)
    with db.reading() as session:
        (row,) = list_remittances(session, branch_id, 2026)
    assert (row.amount_fen, row.receipt_no) == (600, "收" * 50)


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-13", "2026-03", "起始月份应写成 YYYY-MM：2026-13"),
        ("2026-01", "三月", "截止月份应写成 YYYY-MM：三月"),
    ],
)
def test_a_remittances_months_named_in_the_refusal(
    db: Database, branch_id: int, first, last, message
) -> None:
    _refused(db, lambda: add_remittance(db, branch_id, first, last, D("1"), TODAY, today=TODAY), message)


def test_the_years_remittances_are_those_reaching_into_it_in_date_order(db: Database, branch_id: int) -> None:
    for first, last, day in (
        ("2025-10", "2026-01", dt.date(2026, 2, 1)),  # reaches into 2026 by its last month
        ("2026-12", "2027-02", dt.date(2026, 1, 5)),  # by its first month
        ("2025-01", "2025-12", dt.date(2026, 1, 10)),  # 2025 only
        ("2027-01", "2027-03", dt.date(2026, 1, 20)),  # 2027 only
        ("2026-03", "2026-03", dt.date(2026, 1, 5)),  # the same day as the second: in id order
    ):
        add_remittance(db, branch_id, first, last, D("1"), day, today=TODAY)
    with db.reading() as session:
        rows = list_remittances(session, branch_id, 2026)
    assert [(r.first_month, r.last_month) for r in rows] == [
        ("2026-12", "2027-02"),
        ("2026-03", "2026-03"),
        ("2025-10", "2026-01"),
    ]


def test_collecting_stores_no_note_and_judges_the_day_by_the_today_given(db: Database, member: int) -> None:
    """The day of the call decides what is 'after today', not the machine's clock (a far year's today)."""
    set_assessment(db, AssessmentDraft(member_id=member, year=2990, kind="学生"), today=TODAY)
    far = dt.date(2990, 6, 15)
    result = collect_month(db, [member], "2990-06", far, today=far)
    assert (result.recorded, result.skipped) == (["甲"], [])
    with db.reading() as session:
        assert session.scalars(select(DuesPayment.note)).all() == [""]
