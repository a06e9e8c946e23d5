"""The 党费 writes. Each is ONE call that opens and owns its transaction: all of it, or nothing.

Everything is checked before anything is written, so bad input (a Chinese DuesError) changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.dues.ledger import backpay_warning, due_range
from dangjian_desktop.core.dues.rules import (
    PAYMENT_WAYS,
    ROUNDING,
    DuesError,
    month_cn,
    month_key,
    months_between,
    parse_month,
    standard_for,
    to_fen,
    yuan_text,
)
from dangjian_desktop.core.models import DuesAssessment, DuesPayment, DuesRemittance, Member
from dangjian_desktop.core.oplog import log


@dataclass
class Result:
    id: int = 0
    amount_fen: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AssessmentDraft:
    """What the 党费 form or `dues set` gives: yuan as Decimal, already parsed."""

    member_id: int
    year: int
    kind: str
    income: Decimal | None = None
    amount: Decimal | None = None  # 农民 only
    reduced: Decimal | None = None  # 少交 (0 = 免交)
    decided: dt.date | None = None  # 支部 decision
    approved: dt.date | None = None  # 上一级党委 approval
    reason: str = ""
    first_month: str | None = None  # for one who came to the branch mid-year
    note: str = ""


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise DuesError(f"没有编号为 {member_id} 的党员")
    return member


def _check_year(year: int) -> None:
    if not 1990 <= year <= 2999:
        raise DuesError(f"年份不正确：{year}")


def set_assessment(db: Database, draft: AssessmentDraft, *, today: dt.date | None = None) -> Result:
    """Fixes (or corrects) a member's 党费 for the year by the rules."""
    today = today or dt.date.today()
    _check_year(draft.year)
    with db.transaction() as session:
        member = _member(session, draft.member_id)
        first_month = parse_month(draft.first_month, "开始交纳月份") if draft.first_month else None
        if first_month and not first_month.startswith(f"{draft.year:04d}-"):
            raise DuesError(f"开始交纳月份应在 {draft.year} 年内：{first_month}")
        if due_range(draft.year, member.join_date, member.left_date, first_month, member.status) is None:
            raise DuesError(
                f"{member.name} 在 {draft.year} 年没有应交党费的月份（入党或离开支部的时间不在该年内）"
            )
        standard = standard_for(
            draft.kind, income=draft.income, amount=draft.amount, rounding=settings.get(session, ROUNDING)
        )
        reduced_fen = _check_reduction(draft, standard.monthly, today)
        row = session.scalars(
            select(DuesAssessment).where(
                DuesAssessment.member_id == member.id, DuesAssessment.year == draft.year
            )
        ).first()
        if row is None:
            row = DuesAssessment(member_id=member.id, year=draft.year)
            session.add(row)
        row.kind = draft.kind
        row.income_fen = to_fen(draft.income) if draft.income is not None else None
        row.rate_permyriad = standard.rate_permyriad
        row.standard_fen = to_fen(standard.monthly)
        row.reduced_fen = reduced_fen
        row.reduction_reason = draft.reason.strip() if reduced_fen is not None else ""
        row.decided_date = draft.decided if reduced_fen is not None else None
        row.approved_date = draft.approved if reduced_fen is not None else None
        row.first_month = first_month
        row.note = draft.note
        session.flush()
        monthly = reduced_fen if reduced_fen is not None else row.standard_fen
        # the income stays out of the log, which travels in the package
        log(session, "核定党费", f"{member.name} {draft.year}年 {draft.kind} 每月 {yuan_text(monthly)} 元")
        return Result(row.id, monthly)


def _check_reduction(draft: AssessmentDraft, standard: Decimal, today: dt.date) -> int | None:
    if draft.reduced is None:
        if draft.approved is not None or draft.decided is not None:
            raise DuesError("填写了批准日期，但没有填写少交后的金额（免交填 0）")
        return None
    if draft.approved is None:
        raise DuesError("少交或免交党费须经上一级党委批准，请填写批准日期")
    if draft.reduced < 0:
        raise DuesError("少交后的金额不能小于 0")
    if draft.reduced >= standard:
        raise DuesError(f"少交后的金额应低于按规定应交的 {standard:.2f} 元")
    if draft.approved > today:
        raise DuesError("批准日期不能晚于今天")
    if draft.decided is not None and draft.decided > draft.approved:
        raise DuesError("支部研究决定的日期应在上级党委批准之前")
    return to_fen(draft.reduced)


def _assessment(session: Session, member_id: int, year: int) -> DuesAssessment | None:
    return session.scalars(
        select(DuesAssessment).where(DuesAssessment.member_id == member_id, DuesAssessment.year == year)
    ).first()


def _covered(session: Session, member_id: int) -> set[str]:
    months: set[str] = set()
    for first, last in session.execute(
        select(DuesPayment.first_month, DuesPayment.last_month).where(DuesPayment.member_id == member_id)
    ):
        months.update(months_between(first, last))
    return months


def _expected_fen(session: Session, member: Member, months: list[str]) -> int:
    """What the months cost by the member's assessments; DuesError where a month is not owed."""
    total = 0
    for month in months:
        year = int(month[:4])
        a = _assessment(session, member.id, year)
        if a is None:
            raise DuesError(f"{member.name} 尚未核定 {year} 年党费标准，请先核定")
        span = due_range(year, member.join_date, member.left_date, a.first_month, member.status)
        if span is None or not span[0] <= month <= span[1]:
            raise DuesError(f"{member.name} {month_cn(month)}不在应交党费的月份内")
        total += a.standard_fen if a.reduced_fen is None else a.reduced_fen
    return total


def _add_payment(
    session: Session,
    member: Member,
    first: str,
    last: str,
    paid_date: dt.date,
    amount: Decimal | None,
    how: str,
    note: str,
    today: dt.date,
) -> Result:
    if how not in PAYMENT_WAYS:
        raise DuesError(f"交纳方式应为{'、'.join(PAYMENT_WAYS)}之一：{str(how)[:20]}")
    if first > last:
        raise DuesError(f"起止月份颠倒：{first} 在 {last} 之后")
    months = months_between(first, last)
    if len(months) > 36:
        raise DuesError("一次交纳不能超过 36 个月，请核对起止月份")
    if paid_date > today:
        raise DuesError("交纳日期不能晚于今天")
    already = sorted(set(months) & _covered(session, member.id))
    if already:
        raise DuesError(f"{member.name} {month_cn(already[0])}的党费已经交过")
    expected = _expected_fen(session, member, months)
    warnings = []
    if amount is None:
        amount_fen = expected
    else:
        if amount < 0:
            raise DuesError("交纳金额不能小于 0")
        amount_fen = to_fen(amount)
        if amount_fen != expected:
            warnings.append(
                f"{member.name} 交纳 {yuan_text(amount_fen)} 元，与应交 {yuan_text(expected)} 元不符"
            )
    warning = backpay_warning(first, last, paid_date)
    if warning:
        warnings.append(f"{member.name} {warning}")
    payment = DuesPayment(
        member_id=member.id,
        first_month=first,
        last_month=last,
        amount_fen=amount_fen,
        paid_date=paid_date,
        how=how,
        note=note,
    )
    session.add(payment)
    session.flush()
    return Result(payment.id, amount_fen, warnings)


def record_payment(
    db: Database,
    member_id: int,
    first_month: str,
    last_month: str,
    paid_date: dt.date,
    *,
    amount: Decimal | None = None,
    how: str = "本人",
    note: str = "",
    today: dt.date | None = None,
) -> Result:
    """One payment covering first..last (inclusive); the amount defaults to what those months cost."""
    today = today or dt.date.today()
    first, last = parse_month(first_month, "起始月份"), parse_month(last_month, "截止月份")
    with db.transaction() as session:
        member = _member(session, member_id)
        result = _add_payment(session, member, first, last, paid_date, amount, how, note, today)
        log(session, "收缴党费", f"{member.name} {first}–{last} {yuan_text(result.amount_fen)} 元")
        return result


@dataclass
class CollectResult:
    recorded: list[str] = field(default_factory=list)  # names
    skipped: list[str] = field(default_factory=list)  # "姓名：原因"
    amount_fen: int = 0


def collect_month(
    db: Database,
    member_ids: Iterable[int],
    month: str,
    paid_date: dt.date,
    *,
    how: str = "本人",
    today: dt.date | None = None,
) -> CollectResult:
    """本月收缴: this month for every ticked member, at their monthly amount, in one transaction.

    A member who already paid the month, or owes nothing for it, is skipped and named."""
    today = today or dt.date.today()
    month = parse_month(month)
    result = CollectResult()
    with db.transaction() as session:
        for member_id in member_ids:
            member = _member(session, member_id)
            try:  # every check comes before the write, so a refused member leaves nothing behind
                paid = _add_payment(session, member, month, month, paid_date, None, how, "", today)
            except DuesError as exc:
                result.skipped.append(f"{member.name}：{exc}".replace(f"{member.name} ", "", 1))
                continue
            result.recorded.append(member.name)
            result.amount_fen += paid.amount_fen
        if result.recorded:
            log(
                session,
                "收缴党费",
                f"{month_cn(month)} {len(result.recorded)} 人 {yuan_text(result.amount_fen)} 元",
            )
    return result


def add_remittance(
    db: Database,
    branch_id: int,
    first_month: str,
    last_month: str,
    amount: Decimal,
    remitted_date: dt.date,
    receipt_no: str = "",
    note: str = "",
    *,
    today: dt.date | None = None,
) -> Result:
    """上缴乡镇党委: the period, the amount, the day and the receipt number."""
    today = today or dt.date.today()
    first, last = parse_month(first_month, "起始月份"), parse_month(last_month, "截止月份")
    if first > last:
        raise DuesError(f"起止月份颠倒：{first} 在 {last} 之后")
    if amount <= 0:
        raise DuesError("上缴金额应大于 0")
    if remitted_date > today:
        raise DuesError("上缴日期不能晚于今天")
    with db.transaction() as session:
        row = DuesRemittance(
            branch_id=branch_id,
            first_month=first,
            last_month=last,
            amount_fen=to_fen(amount),
            remitted_date=remitted_date,
            receipt_no=receipt_no.strip()[:50],
            note=note,
        )
        session.add(row)
        session.flush()
        log(session, "上缴党费", f"{first}–{last} {yuan_text(row.amount_fen)} 元")
        return Result(row.id, row.amount_fen)


@dataclass(frozen=True)
class RemittanceRow:
    id: int
    first_month: str
    last_month: str
    amount_fen: int
    remitted_date: dt.date
    receipt_no: str
    note: str


def list_remittances(session: Session, branch_id: int, year: int) -> list[RemittanceRow]:
    """The year's remittances as plain rows (a period reaching into the year counts)."""
    return [
        RemittanceRow(r.id, r.first_month, r.last_month, r.amount_fen, r.remitted_date, r.receipt_no, r.note)
        for r in session.scalars(
            select(DuesRemittance)
            .where(
                DuesRemittance.branch_id == branch_id,
                DuesRemittance.last_month >= month_key(year, 1),
                DuesRemittance.first_month <= month_key(year, 12),
            )
            .order_by(DuesRemittance.remitted_date, DuesRemittance.id)
        )
    ]
