"""党费: every tier on its boundaries, a year of payments, the unpaid warnings, and refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from dangjian_desktop.core import settings
from dangjian_desktop.core.dues import (
    AssessmentDraft,
    DuesError,
    collect_month,
    member_ledger,
    month_totals,
    record_payment,
    set_assessment,
    year_totals,
)
from dangjian_desktop.core.dues.ledger import allocate
from dangjian_desktop.core.dues.rules import ROUNDING, SOURCE, standard_for
from dangjian_desktop.core.models import DuesAssessment, DuesPayment, Member
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

D = Decimal


@pytest.mark.parametrize(
    ("kind", "income", "rate", "monthly"),
    [
        ("在职", "2999.99", 50, "15.00"),
        ("在职", "3000.00", 50, "15.00"),
        ("在职", "3000.01", 100, "30.00"),
        ("在职", "4999.99", 100, "50.00"),
        ("在职", "5000.00", 100, "50.00"),
        ("在职", "5000.01", 150, "75.00"),
        ("在职", "9999.99", 150, "150.00"),
        ("在职", "10000.00", 150, "150.00"),
        ("在职", "10000.01", 200, "200.00"),
        ("在职", "2345.67", 50, "11.73"),  # 11.72835 to the 分, half up
        ("离退休", "4999.99", 50, "25.00"),
        ("离退休", "5000.00", 50, "25.00"),
        ("离退休", "5000.01", 100, "50.00"),
    ],
)
def test_every_income_tier_on_its_boundary(kind: str, income: str, rate: int, monthly: str) -> None:
    standard = standard_for(kind, income=D(income))
    assert standard.rate_permyriad == rate
    assert standard.monthly == D(monthly)
    assert str(standard.monthly) == monthly  # exactly to the 分, no binary float anywhere


@pytest.mark.parametrize(("amount", "ok"), [("0.19", False), ("0.20", True), ("1.00", True), ("1.01", False)])
def test_farmer_amount_range(amount: str, ok: bool) -> None:
    if ok:
        assert standard_for("农民", amount=D(amount)).monthly == D(amount)
    else:
        with pytest.raises(DuesError, match="0.20 元到 1.00 元"):
            standard_for("农民", amount=D(amount))


@pytest.mark.parametrize("kind", ["学生", "下岗失业", "低保"])
def test_fixed_kinds_pay_twenty_fen_and_refuse_an_amount(kind: str) -> None:
    assert standard_for(kind).monthly == D("0.20")
    with pytest.raises(DuesError, match="不能另填金额"):
        standard_for(kind, amount=D("0.50"))
    with pytest.raises(DuesError, match="不需要填写收入"):
        standard_for(kind, income=D("800"))


@pytest.mark.parametrize(
    ("rounding", "income", "monthly"),
    [
        ("不取整", "2345.67", "11.73"),
        ("到角", "2345.67", "11.70"),
        ("到元", "2345.67", "12.00"),
        ("到元", "2299.00", "11.00"),
        ("到元", "2300.00", "12.00"),
        ("到元", "50.00", "0.25"),
    ],
)
def test_rounding_setting(rounding: str, income: str, monthly: str) -> None:
    assert standard_for("在职", income=D(income), rounding=rounding).monthly == D(monthly)


def test_the_rules_name_their_source() -> None:
    assert "中组发〔2008〕3号" in SOURCE


def _member(db, branch_id: int, name: str, join: str = "2000-07-01", **kw) -> int:
    with db.transaction() as session:
        return add_member(session, branch_id, MemberDraft(name=name, join_date=join, **kw))


def _set(db, member_id: int, kind: str = "在职", year: int = 2026, today=dt.date(2026, 1, 5), **kw):
    return set_assessment(db, AssessmentDraft(member_id=member_id, year=year, kind=kind, **kw), today=today)


def _count(db, model) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_year_of_payments(db, branch_id) -> None:
    """A quarter paid at once, a 补交 of 7 months, one joining in May, one leaving in September."""
    a = _member(db, branch_id, "甲")
    b = _member(db, branch_id, "乙")
    may = _member(db, branch_id, "丙", join="2026-05-20", category="预备党员")
    sep = _member(db, branch_id, "丁")
    _set(db, a, income=D("4000"))  # 40.00
    _set(db, b, kind="离退休", income=D("6000"))  # 60.00
    _set(db, may, kind="农民", amount=D("0.50"), today=dt.date(2026, 5, 25))
    _set(db, sep, kind="学生")  # 0.20
    with db.transaction() as session:
        leave_roster(session, sep, "转出", dt.date(2026, 9, 10), "外出务工转往县城")
    today = dt.date(2026, 12, 20)
    for first, last, day in (
        ("2026-01", "2026-03", dt.date(2026, 1, 8)),
        ("2026-04", "2026-06", dt.date(2026, 4, 9)),
    ):
        assert record_payment(db, a, first, last, day, today=today).amount_fen == 12000
    record_payment(db, a, "2026-07", "2026-12", dt.date(2026, 7, 1), today=today)
    back = record_payment(db, b, "2026-01", "2026-07", dt.date(2026, 8, 15), how="补交", today=today)
    assert back.amount_fen == 42000
    assert any("补交 7 个月" in w for w in back.warnings)
    record_payment(db, may, "2026-05", "2026-12", dt.date(2026, 5, 25), today=today)
    record_payment(db, sep, "2026-01", "2026-09", dt.date(2026, 9, 9), how="委托他人", today=today)

    with db.reading() as session:
        rows = {r.name: r for r in member_ledger(session, branch_id, 2026, today)}
    assert rows["甲"].paid_through == "2026-12" and rows["甲"].owed_months == 0
    assert rows["甲"].paid_total_fen == 48000
    assert rows["乙"].paid_through == "2026-07" and rows["乙"].owed_months == 5  # Aug..Dec
    assert rows["乙"].unpaid_run == 4  # Aug..Nov ended; December is still running
    assert rows["乙"].overdue_months == 4
    assert any("补交 7 个月" in w for w in rows["乙"].warnings)
    assert rows["乙"].as_json()["monthly"] == "60.00" and rows["乙"].as_json()["paid_total"] == "420.00"
    assert rows["丙"].due_months[0] == "2026-05" and rows["丙"].paid_total_fen == 400  # 8 × 0.50
    assert rows["丁"].due_months[-1] == "2026-09" and rows["丁"].owed_months == 0
    assert rows["丁"].paid_total_fen == 180

    totals = year_totals(list(rows.values()), 2026, today)
    assert totals.due_fen == 48000 + 72000 + 400 + 180
    assert totals.paid_fen == 48000 + 42000 + 400 + 180
    assert totals.owed_fen == 5 * 6000
    assert totals.due_fen - totals.paid_fen == totals.owed_fen
    may_totals = month_totals(list(rows.values()), "2026-05", today)
    assert (may_totals.due_fen, may_totals.paid_fen) == (4000 + 6000 + 50 + 20, 4000 + 6000 + 50 + 20)
    oct_totals = month_totals(list(rows.values()), "2026-10", today)
    assert (oct_totals.due_fen, oct_totals.owed_fen) == (4000 + 6000 + 50, 6000)


@pytest.mark.parametrize(
    ("paid_through", "run", "level"), [(9, 2, ""), (8, 3, "提醒"), (6, 5, "提醒"), (5, 6, "警示")]
)
def test_three_and_six_months_unpaid(db, branch_id, paid_through: int, run: int, level: str) -> None:
    member = _member(db, branch_id, "甲")
    _set(db, member, kind="农民", amount=D("1"))
    today = dt.date(2026, 12, 3)  # November is the last ended month
    record_payment(db, member, "2026-01", f"2026-{paid_through:02d}", dt.date(2026, 1, 9), today=today)
    with db.reading() as session:
        (row,) = member_ledger(session, branch_id, 2026, today)
    assert row.unpaid_run == run
    assert row.level == level
    assert bool(row.warnings) == bool(level)
    with db.reading() as session:
        assert session.get(Member, member).status == "在册"


def test_unpaid_run_crosses_the_new_year(db, branch_id) -> None:
    member = _member(db, branch_id, "甲")
    _set(db, member, kind="学生", year=2025, today=dt.date(2025, 1, 3))
    _set(db, member, kind="学生", year=2026)
    record_payment(db, member, "2025-01", "2025-10", dt.date(2025, 10, 9), today=dt.date(2026, 3, 1))
    with db.reading() as session:
        (row,) = member_ledger(session, branch_id, 2026, dt.date(2026, 3, 1))
    assert row.unpaid_run == 4  # Nov, Dec, Jan, Feb


def test_back_payment_of_six_months_is_no_warning(db, branch_id) -> None:
    member = _member(db, branch_id, "甲")
    _set(db, member, kind="学生")
    result = record_payment(
        db, member, "2026-01", "2026-06", dt.date(2026, 7, 2), how="补交", today=dt.date(2026, 7, 2)
    )
    assert result.warnings == []


def test_reduction_needs_approval_and_stays_below_the_standard(db, branch_id) -> None:
    member = _member(db, branch_id, "甲")
    with pytest.raises(DuesError, match="批准"):
        _set(db, member, income=D("4000"), reduced=D("10"))
    with pytest.raises(DuesError, match="应低于"):
        _set(db, member, income=D("4000"), reduced=D("40"), approved=dt.date(2026, 1, 3))
    with pytest.raises(DuesError, match="批准之前"):
        _set(
            db,
            member,
            income=D("4000"),
            reduced=D("0"),
            decided=dt.date(2026, 1, 4),
            approved=dt.date(2026, 1, 3),
        )
    assert _count(db, DuesAssessment) == 0
    _set(
        db,
        member,
        income=D("4000"),
        reduced=D("0"),
        decided=dt.date(2026, 1, 2),
        approved=dt.date(2026, 1, 4),
    )
    with db.reading() as session:
        (row,) = member_ledger(session, branch_id, 2026, dt.date(2026, 12, 1))
    assert row.exempt and row.owed_months == 0 and row.unpaid_run == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda db, m: _set(db, 999, income=D("10")), "没有编号为 999"),
        (lambda db, m: _set(db, m, income=D("-1")), "大于 0"),
        (lambda db, m: _set(db, m, kind="农民", amount=D("1.01")), "之间"),
        (lambda db, m: _set(db, m, kind="农民"), "需要填写"),
        (lambda db, m: _set(db, m, kind="工人", income=D("10")), "党员类别"),
        (lambda db, m: record_payment(db, m, "2026-05", "2026-03", dt.date(2026, 5, 1)), "颠倒"),
        (lambda db, m: record_payment(db, m, "2026-13", "2026-03", dt.date(2026, 5, 1)), "YYYY-MM"),
        (lambda db, m: record_payment(db, m, "2027-01", "2027-01", dt.date(2026, 5, 1)), "尚未核定"),
        (
            lambda db, m: record_payment(db, m, "2026-01", "2026-01", dt.date(2026, 1, 5), how="转账"),
            "交纳方式",
        ),
    ],
)
def test_bad_input_changes_nothing(db, branch_id, call, message: str) -> None:
    member = _member(db, branch_id, "甲")
    _set(db, member, kind="学生")
    before = (_count(db, DuesAssessment), _count(db, DuesPayment))
    with pytest.raises(DuesError, match=message):
        call(db, member)
    assert (_count(db, DuesAssessment), _count(db, DuesPayment)) == before


def test_months_before_joining_or_paid_twice_are_refused(db, branch_id) -> None:
    member = _member(db, branch_id, "丙", join="2026-05-20", category="预备党员")
    _set(db, member, kind="学生", today=dt.date(2026, 6, 1))
    with pytest.raises(DuesError, match="2026年4月不在应交"):
        record_payment(db, member, "2026-04", "2026-05", dt.date(2026, 6, 1), today=dt.date(2026, 6, 1))
    record_payment(db, member, "2026-05", "2026-05", dt.date(2026, 6, 1), today=dt.date(2026, 6, 1))
    with pytest.raises(DuesError, match="已经交过"):
        record_payment(db, member, "2026-05", "2026-06", dt.date(2026, 6, 1), today=dt.date(2026, 6, 1))
    assert _count(db, DuesPayment) == 1


def test_collect_month_records_the_ticked_and_names_the_skipped(db, branch_id) -> None:
    a, b, c = (_member(db, branch_id, n) for n in ("甲", "乙", "丙"))
    _set(db, a, income=D("3000"))
    _set(db, b, kind="农民", amount=D("0.3"))
    today = dt.date(2026, 3, 10)
    record_payment(db, b, "2026-03", "2026-03", today, today=today)
    result = collect_month(db, [a, b, c], "2026-03", today, today=today)
    assert result.recorded == ["甲"]
    assert result.amount_fen == 1500
    assert len(result.skipped) == 2 and "已经交过" in result.skipped[0] and "尚未核定" in result.skipped[1]


def test_rounding_setting_applies_when_the_year_is_set(db, branch_id) -> None:
    member = _member(db, branch_id, "甲")
    with db.transaction() as session:
        settings.put(session, ROUNDING, "到元")
    assert _set(db, member, income=D("2345.67")).amount_fen == 1200


@given(
    amount=st.integers(min_value=0, max_value=10_000_000),
    weights=st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=36),
)
def test_a_payment_is_split_over_its_months_exactly(amount: int, weights: list[int]) -> None:
    shares = allocate(amount, weights)
    assert sum(shares) == amount
    assert len(shares) == len(weights)
    if sum(weights) == amount:
        assert shares == weights


def test_an_older_database_gains_the_dues_tables_with_every_row_intact(tmp_path) -> None:
    from alembic import command

    from dangjian_desktop.core.db import alembic_config, head_revision, make_engine, open_database

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001_initial")
        connection.exec_driver_sql(
            "INSERT INTO branch (name, township, secretary, phone, uid, package_digest) "
            "VALUES ('老村党支部', '', '', '', 'u1', '')"
        )
        connection.exec_driver_sql(
            "INSERT INTO member (branch_id, name, gender, ethnicity, education, category, party_group, is_committee,"
            " job, phone, address, status, left_reason, is_mobile, mobile_destination, is_lost_contact,"
            " is_hardship, note, search_key) VALUES (1, '老党员', '男', '汉族', '', '正式党员', '', 0, '', '', '',"
            " '在册', '', 0, '', 0, 0, '', '')"
        )
    engine.dispose()
    db = open_database(path)
    try:
        with db.reading() as session:
            assert session.scalar(select(Member.name)) == "老党员"
            assert (
                session.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
                == head_revision()
            )
        _set(db, 1, kind="学生")
        assert _count(db, DuesAssessment) == 1
    finally:
        db.close()


def test_the_book_prints_a_page_per_quarter(db, branch_id, tmp_path) -> None:
    from pypdf import PdfReader

    from dangjian_desktop.documents.dues import dues_book_pdf

    member = _member(db, branch_id, "甲")
    _set(db, member, kind="农民", amount=D("0.8"))
    record_payment(db, member, "2026-01", "2026-03", dt.date(2026, 2, 3), today=dt.date(2026, 5, 1))
    out = tmp_path / "book.pdf"
    with db.reading() as session:
        dues_book_pdf(session, branch_id, "测试村党支部", 2026, dt.date(2026, 5, 1), out, by_quarter=True)
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert len(pages) == 4
    assert "2026年第一季度" in pages[0] and "2.40" in pages[0] and "2月3日 本人" in pages[0]
    assert "2026年第四季度" in pages[3] and "本人签名" in pages[3]
