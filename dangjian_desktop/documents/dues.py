"""党费 documents: gathered from the year's ledger for the GUI, the CLI and the package alike.

The income never leaves this module: the printed rows are built field by field, without it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.dues import MemberDues, member_ledger, month_totals, year_totals
from dangjian_desktop.core.dues.ledger import as_of_month
from dangjian_desktop.core.dues.rules import BOOK_PERIOD, DuesError, month_cn, month_key, yuan_text
from dangjian_desktop.core.models import DuesAssessment, Member

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


def _note(row: MemberDues) -> str:
    if row.assessed is None:
        return "未核定"
    if row.exempt:
        return "免交"
    return f"欠交 {row.overdue_months} 个月" if row.overdue_months else ""


def publicity_data(session: Session, branch_id: int, year: int, today: dt.date):  # -> lines, totals, as_of
    from dangjian_desktop.printing.dues_pdf import PublicLine

    rows = member_ledger(session, branch_id, year, today)
    lines = [
        PublicLine(
            name=r.name,
            monthly=yuan_text(r.monthly_fen) if r.assessed else "",
            paid_through=month_cn(r.paid_through) if r.paid_through else "",
            paid_total=yuan_text(r.paid_total_fen),
            note=_note(r),
        )
        for r in rows
    ]
    totals = year_totals(rows, year, today)
    as_of = as_of_month(year, today)
    when = format_cn(today) if as_of and year == today.year else (month_cn(as_of) if as_of else f"{year}年")
    return lines, (yuan_text(totals.due_fen), yuan_text(totals.paid_fen), yuan_text(totals.owed_fen)), when


def dues_publicity_pdf(
    session: Session, branch_id: int, branch_name: str, year: int, today: dt.date, out: Path
) -> Path:
    """《党费收缴公示表》: name, monthly amount, paid through, totals; never the income."""
    from dangjian_desktop.printing.dues_pdf import print_publicity

    lines, totals, when = publicity_data(session, branch_id, year, today)
    phone = require_branch(session).phone
    return print_publicity(branch_name, year, when, lines, totals, phone, out)


def _periods(year: int, month: int | None, by_quarter: bool) -> list[tuple[str, list[int]]]:
    if by_quarter:
        quarters = [(month - 1) // 3] if month else range(4)
        return [(f"{year}年{QUARTERS[q]}", [3 * q + 1, 3 * q + 2, 3 * q + 3]) for q in quarters]
    return [(f"{year}年{m}月", [m]) for m in ([month] if month else range(1, 13))]


def book_pages(
    session: Session,
    branch_id: int,
    year: int,
    today: dt.date,
    *,
    month: int | None = None,
    by_quarter: bool | None = None,
):  # -> list[BookPage]
    from dangjian_desktop.printing.dues_pdf import BookLine, BookPage

    if by_quarter is None:
        by_quarter = settings.get(session, BOOK_PERIOD) == "按季度"
    rows = member_ledger(session, branch_id, year, today)
    pages = []
    for title, numbers in _periods(year, month, by_quarter):
        months = [month_key(year, m) for m in numbers]
        lines = []
        for r in rows:
            due_here = [m for m in months if m in r.due_months]
            if not due_here and not any(m in r.shares for m in months):
                continue
            monthly = r.monthly_fen or 0
            ways = sorted({r.paid_on[m] for m in months if m in r.paid_on})
            lines.append(
                BookLine(
                    name=r.name,
                    kind=r.kind or "未核定",
                    rate=r.rate,
                    due=yuan_text(monthly * len(due_here)),
                    paid=[yuan_text(r.shares[m]) if m in r.shares else "" for m in months],
                    paid_on="；".join(f"{day.month}月{day.day}日 {how}" for day, how in ways),
                )
            )
        if not lines:
            continue
        parts = [month_totals(rows, m, max(today, dt.date(year, 12, 31))) for m in months]
        totals = (yuan_text(sum(p.due_fen for p in parts)), yuan_text(sum(p.paid_fen for p in parts)))
        pages.append(BookPage(title, [f"{m}月" for m in numbers], lines, totals))
    return pages


def dues_book_pdf(
    session: Session,
    branch_id: int,
    branch_name: str,
    year: int,
    today: dt.date,
    out: Path,
    *,
    month: int | None = None,
    by_quarter: bool | None = None,
) -> Path:
    """《党费收缴登记簿》: a page per month (or quarter), with a column the member signs."""
    from dangjian_desktop.printing.dues_pdf import print_book

    pages = book_pages(session, branch_id, year, today, month=month, by_quarter=by_quarter)
    return print_book(branch_name, year, pages, out)


def dues_reduction_form_pdf(session: Session, member_id: int, year: int, out: Path) -> Path:
    """党员少交（免交）党费审批表 for one member's year (blank dates when not yet decided)."""
    from dangjian_desktop.printing.dues_pdf import ReductionForm, print_reduction_form

    member = session.get(Member, member_id)
    if member is None:
        raise DuesError(f"没有编号为 {member_id} 的党员")
    a = session.scalars(
        select(DuesAssessment).where(DuesAssessment.member_id == member_id, DuesAssessment.year == year)
    ).first()
    if a is None:
        raise DuesError(f"{member.name} 尚未核定 {year} 年党费标准，请先核定")
    form = ReductionForm(
        branch_name=require_branch(session).name,
        year=year,
        name=member.name,
        gender=member.gender,
        birth=f"{member.birth_date.year}年{member.birth_date.month}月" if member.birth_date else "",
        join=format_cn(member.join_date),
        category=member.category,
        kind=a.kind,
        standard=yuan_text(a.standard_fen),
        reduced=yuan_text(a.reduced_fen) if a.reduced_fen is not None else "",
        reason=a.reduction_reason,
        decided=format_cn(a.decided_date),
        approved=format_cn(a.approved_date),
    )
    return print_reduction_form(form, out)
