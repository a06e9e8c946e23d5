"""The year's 党费 ledger, read from the database: per member what is due, paid, owed; the totals.

A month is due once it has begun (this month included: it is what the branch should collect now).
Warnings count consecutive unpaid months that have ended, so no one is warned for the month in
progress; they never change a member's status (自行脱党 is the branch's decision, not the program's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select, true
from sqlalchemy.orm import Session

from dangjian_desktop.core.dues.rules import (
    ALERT_UNPAID,
    BACKPAY_LIMIT,
    WARN_UNPAID,
    month_index,
    month_key,
    month_of_index,
    months_between,
    rate_text,
    yuan_text,
)
from dangjian_desktop.core.models import DuesAssessment, DuesPayment, Member, MemberStatus


@dataclass(frozen=True)
class Assessed:
    """One year's assessment as the ledger needs it."""

    year: int
    kind: str
    income_fen: int | None
    rate_permyriad: int | None
    standard_fen: int
    reduced_fen: int | None
    first_due: str  # the first and last month due in that year
    last_due: str
    reduction_reason: str = ""
    decided_date: dt.date | None = None
    approved_date: dt.date | None = None

    @property
    def monthly_fen(self) -> int:
        return self.standard_fen if self.reduced_fen is None else self.reduced_fen

    def is_due(self, month: str) -> bool:
        return self.first_due <= month <= self.last_due


@dataclass
class MemberDues:
    member_id: int
    name: str
    party_group: str
    category: str  # 正式党员 / 预备党员
    status: str
    assessed: Assessed | None
    due_months: list[str]  # of the year, begun or not
    paid_months: set[str]  # of the year, covered by a payment
    shares: dict[str, int]  # month of the year -> 分 received toward it
    paid_on: dict[str, tuple[dt.date, str]]  # month of the year -> the payment's day and way (登记簿)
    paid_through: str | None
    owed_months: int
    owed_fen: int
    unpaid_run: int  # consecutive ended months unpaid (across the year boundary)
    overdue_months: int  # owed months that have ended (the 公示 names these, not the month in progress)
    warnings: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.assessed.kind if self.assessed else ""

    @property
    def monthly_fen(self) -> int | None:
        return self.assessed.monthly_fen if self.assessed else None

    @property
    def rate(self) -> str:
        """'1.5%' where the rate depends on income; '' for fixed amounts."""
        return rate_text(self.assessed.rate_permyriad) if self.assessed else ""

    @property
    def paid_total_fen(self) -> int:
        return sum(self.shares.values())

    @property
    def level(self) -> str:
        """'' / '提醒' (3 months) / '警示' (6 months): what the tab colours and the township counts."""
        if self.unpaid_run >= ALERT_UNPAID:
            return "警示"
        return "提醒" if self.unpaid_run >= WARN_UNPAID else ""

    @property
    def exempt(self) -> bool:
        return self.assessed is not None and self.assessed.monthly_fen == 0

    def as_json(self) -> dict[str, object]:
        """The shape `dues list --json` promises; never the income."""
        return {
            "member_id": self.member_id,
            "name": self.name,
            "kind": self.kind,
            "monthly": yuan_text(self.monthly_fen) if self.assessed else None,
            "paid_through": self.paid_through,
            "owed_months": self.owed_months,
            "paid_total": yuan_text(self.paid_total_fen),
            "warnings": list(self.warnings),
        }


def _month_of(day: dt.date) -> str:
    return month_key(day.year, day.month)


def due_range(
    year: int, join_date: dt.date | None, left_date: dt.date | None, first_month: str | None, status: str
) -> tuple[str, str] | None:
    """The months of `year` a member owes: from the month they joined (预备党员: the admitting 支部大会,
    which is the roster's 入党日期) until the month they left; None when no month of the year is due."""
    first, last = month_key(year, 1), month_key(year, 12)
    if join_date is not None:
        first = max(first, _month_of(join_date))
    if first_month:
        first = max(first, first_month)
    if status != MemberStatus.ACTIVE.value and left_date is not None:
        last = min(last, _month_of(left_date))
    return (first, last) if first <= last else None


def allocate(amount_fen: int, weights: list[int]) -> list[int]:
    """A payment split over the months it covers, exactly: by each month's amount, the remainder of
    the integer division on the last month; evenly when no month has an amount."""
    if not weights:
        return []
    total = sum(weights)
    if total == amount_fen:
        return list(weights)
    if total == 0:
        weights = [1] * len(weights)
        total = len(weights)
    shares = [amount_fen * w // total for w in weights]
    shares[-1] += amount_fen - sum(shares)
    return shares


def back_months(first: str, last: str, paid_date: dt.date) -> int:
    """Months a payment covers that ended before the month it was paid in."""
    paid = month_index(_month_of(paid_date))
    return max(0, min(month_index(last), paid - 1) - month_index(first) + 1)


def backpay_warning(first: str, last: str, paid_date: dt.date) -> str | None:
    count = back_months(first, last, paid_date)
    if count > BACKPAY_LIMIT:
        return f"{paid_date.isoformat()} 补交 {count} 个月党费（补交一般不超过 {BACKPAY_LIMIT} 个月）"
    return None


def as_of_month(year: int, today: dt.date) -> str | None:
    """The last month of `year` that has begun by `today`; None for a year still to come."""
    if year > today.year:
        return None
    return month_key(year, 12) if year < today.year else _month_of(today)


@dataclass(frozen=True)
class _MemberFacts:
    id: int
    name: str
    party_group: str
    category: str
    status: str
    join_date: dt.date | None
    left_date: dt.date | None


def _assessments(
    session: Session, scope: Any, years: Iterable[int], facts: dict[int, _MemberFacts]
) -> dict[tuple[int, int], Assessed]:
    found: dict[tuple[int, int], Assessed] = {}
    query = (
        select(DuesAssessment.__table__)
        .join(Member, Member.id == DuesAssessment.member_id)
        .where(scope, DuesAssessment.year.in_(list(years)))
    )
    for a in session.connection().execute(query):
        member = facts.get(a.member_id)
        if member is None:
            continue
        span = due_range(a.year, member.join_date, member.left_date, a.first_month, member.status)
        first, last = span if span else (month_key(a.year, 12), month_key(a.year, 1))  # nothing due
        found[(a.member_id, a.year)] = Assessed(
            a.year,
            a.kind,
            a.income_fen,
            a.rate_permyriad,
            a.standard_fen,
            a.reduced_fen,
            first,
            last,
            a.reduction_reason,
            a.decided_date,
            a.approved_date,
        )
    return found


def member_ledger(session: Session, branch_id: int, year: int, today: dt.date) -> list[MemberDues]:
    """Every member the year concerns: on the roster during some month of it, in roster order."""
    from dangjian_desktop.core.text import group_sort_key

    rows = session.execute(_FACTS.where(Member.branch_id == branch_id)).all()
    facts = {r[0]: _MemberFacts(*r[:7]) for r in rows}
    result = _ledgers(session, Member.branch_id == branch_id, year, today, facts)
    result.sort(key=lambda m: (group_sort_key(m.party_group), m.member_id))
    return result


def ledgers_by_branch(session: Session, year: int, today: dt.date) -> dict[int, list[MemberDues]]:
    """member_ledger() of every branch at once (the township's 党费 table over a county), unordered,
    leaving out the members with no assessment of the year or the one before and no payment since:
    member_ledger() gives them nothing due, paid, owed or unpaid, so no total or count changes. Three
    queries over all branches, never three per branch; only the members concerned are read."""
    assessed = select(DuesAssessment.member_id).where(DuesAssessment.year.in_((year - 1, year)))
    paid = select(DuesPayment.member_id).where(DuesPayment.last_month >= month_key(year - 1, 1))
    concerned = or_(Member.id.in_(assessed), Member.id.in_(paid))
    branch_of: dict[int, int] = {}
    facts: dict[int, _MemberFacts] = {}
    for row in session.connection().execute(_FACTS.where(concerned)):
        facts[row[0]] = _MemberFacts(*row[:7])
        branch_of[row[0]] = row[7]
    found: dict[int, list[MemberDues]] = {}
    for member in _ledgers(session, true(), year, today, facts):
        found.setdefault(branch_of[member.member_id], []).append(member)
    return found


_FACTS = select(
    Member.id,
    Member.name,
    Member.party_group,
    Member.category,
    Member.status,
    Member.join_date,
    Member.left_date,
    Member.branch_id,
)


def _ledgers(
    session: Session, scope: Any, year: int, today: dt.date, facts: dict[int, _MemberFacts]
) -> list[MemberDues]:
    """The ledger lines of the members in facts whom the year concerns; scope (a clause on Member)
    narrows the assessments and payments read to those members' branch."""
    in_year = [
        f for f in facts.values() if due_range(year, f.join_date, f.left_date, None, f.status) is not None
    ]
    payments: dict[int, list[Any]] = {}
    years = {year - 1, year}
    # plain rows through the connection: ORM objects cost more than the arithmetic on them
    for p in session.connection().execute(
        select(
            DuesPayment.member_id,
            DuesPayment.first_month,
            DuesPayment.last_month,
            DuesPayment.amount_fen,
            DuesPayment.paid_date,
            DuesPayment.how,
        )
        .join(Member, Member.id == DuesPayment.member_id)
        # the months since last January (the run of unpaid months looks back that far), and every
        # payment made in the year: a 补交 paid this year for months two years back is warned of in this
        # year's ledger like any other (it was left unread, so unwarned, when it ended before last year)
        .where(
            scope,
            or_(
                DuesPayment.last_month >= month_key(year - 1, 1),
                DuesPayment.paid_date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            ),
        )
        .order_by(DuesPayment.first_month)
    ):
        payments.setdefault(p.member_id, []).append(p)
        years.update(range(int(p.first_month[:4]), int(p.last_month[:4]) + 1))
    # a payment is split by the amounts of every year it covers: one paid for 11月 to 次年2月 gives
    # last year's months their own amounts, not the whole sum (only two years read made it so)
    assessed = _assessments(session, scope, sorted(years), facts)
    as_of = as_of_month(year, today)
    last_ended = _last_ended_month(year, today)
    return [_one(f, year, assessed, payments.get(f.id, []), as_of, last_ended) for f in in_year]


def _last_ended_month(year: int, today: dt.date) -> str | None:
    if year > today.year:
        return None
    if year < today.year:
        return month_key(year, 12)
    # in January the last ended month is last December: the run of unpaid months goes on over the
    # new year (it is not 0 for a month and then 7 in February)
    return month_key(year - 1, 12) if today.month == 1 else month_key(year, today.month - 1)


def _one(
    f: _MemberFacts,
    year: int,
    assessed: dict[tuple[int, int], Assessed],
    payments: list[Any],
    as_of: str | None,
    last_ended: str | None,
) -> MemberDues:
    this = assessed.get((f.id, year))
    covered: dict[str, int] = {}
    paid_on: dict[str, tuple[dt.date, str]] = {}
    warnings: list[str] = []
    for p in payments:
        months = months_between(p.first_month, p.last_month)
        weights = []
        for m in months:
            a = assessed.get((f.id, int(m[:4])))
            weights.append(a.monthly_fen if a and a.is_due(m) else 0)
        for m, share in zip(months, allocate(p.amount_fen, weights), strict=True):
            covered[m] = covered.get(m, 0) + share
            paid_on[m] = (p.paid_date, p.how)
        if p.paid_date.year == year:
            warning = backpay_warning(p.first_month, p.last_month, p.paid_date)
            if warning:
                warnings.append(warning)
    due = months_between(this.first_due, this.last_due) if this and this.first_due <= this.last_due else []
    shares = {m: v for m, v in covered.items() if m.startswith(f"{year:04d}-")}
    paid_months = {m for m in covered if m.startswith(f"{year:04d}-")}
    owed = [
        m
        for m in due
        if as_of is not None and m <= as_of and m not in covered and this and this.monthly_fen > 0
    ]
    paid_through = None
    if due:
        cursor = month_index(due[0])
        while month_of_index(cursor) in covered:
            cursor += 1
        if cursor > month_index(due[0]):
            paid_through = month_of_index(cursor - 1)
    run = _unpaid_run(f.id, assessed, covered, last_ended, month_key(year - 1, 1))
    if this is None:
        warnings.insert(0, f"尚未核定{year}年党费标准")
    if run >= ALERT_UNPAID:
        warnings.insert(0, f"已连续 {run} 个月未交纳党费，请支部研究处理（程序不改变党籍状态）")
    elif run >= WARN_UNPAID:
        warnings.insert(0, f"已连续 {run} 个月未交纳党费")
    return MemberDues(
        member_id=f.id,
        name=f.name,
        party_group=f.party_group,
        category=f.category,
        status=f.status,
        assessed=this,
        due_months=due,
        paid_months=paid_months,
        shares=shares,
        paid_on={m: v for m, v in paid_on.items() if m in shares},
        paid_through=paid_through,
        owed_months=len(owed),
        owed_fen=len(owed) * (this.monthly_fen if this else 0),
        unpaid_run=run,
        overdue_months=sum(1 for m in owed if last_ended is not None and m <= last_ended),
        warnings=warnings,
    )


def _unpaid_run(
    member_id: int,
    assessed: dict[tuple[int, int], Assessed],
    covered: dict[str, int],
    last_ended: str | None,
    since: str,
) -> int:
    """Ended months unpaid in a row, walking back from the last ended month, over the year boundary
    while the previous year was assessed too (not before `since`, its first month)."""
    if last_ended is None:
        return 0
    run, cursor = 0, month_index(last_ended)
    while True:
        month = month_of_index(cursor)
        a = assessed.get((member_id, int(month[:4])))
        if month < since or a is None or not a.is_due(month) or a.monthly_fen == 0 or month in covered:
            return run
        run += 1
        cursor -= 1


# --- totals ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """应收 (due, months begun), 实收 (received toward those months), 欠交 (unpaid due months), and
    预交 (received toward months still to come)."""

    due_fen: int
    paid_fen: int
    owed_fen: int
    advance_fen: int = 0

    def as_json(self) -> dict[str, str]:
        return {
            "due": yuan_text(self.due_fen),
            "paid": yuan_text(self.paid_fen),
            "owed": yuan_text(self.owed_fen),
            "advance": yuan_text(self.advance_fen),
        }


def month_totals(rows: list[MemberDues], month: str, today: dt.date) -> Totals:
    begun = month <= _month_of(today)
    due = paid = owed = advance = 0
    for r in rows:
        received = r.shares.get(month, 0)
        if not begun:
            advance += received
            continue
        paid += received
        if r.assessed and month in r.due_months:
            due += r.assessed.monthly_fen
            if month not in r.paid_months:
                owed += r.assessed.monthly_fen
    return Totals(due, paid, owed, advance)


def year_totals(rows: list[MemberDues], year: int, today: dt.date) -> Totals:
    parts = [month_totals(rows, month_key(year, m), today) for m in range(1, 13)]
    return Totals(
        sum(p.due_fen for p in parts),
        sum(p.paid_fen for p in parts),
        sum(p.owed_fen for p in parts),
        sum(p.advance_fen for p in parts),
    )
