"""The demo branch's 党费: 农民 at the local amounts, a student, one 免交 approved, most paid by the
quarter, a few owing 3 and 7 months, one 补交.

No demo member is 在职 or 离退休: those carry a private income, which the township package leaves out,
and the demo branch is also what the package round trip is checked against, row for row."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core.dues.ledger import due_range
from dangjian_desktop.core.dues.rules import month_index, month_key, month_of_index, standard_for, to_fen
from dangjian_desktop.core.models import DuesAssessment, DuesPayment, DuesRemittance, Member


def build_dues_demo(session: Session, branch_id: int, today: dt.date, *, seed: int = 17) -> None:
    rng = random.Random(seed)
    year = today.year
    members = session.scalars(select(Member).where(Member.branch_id == branch_id).order_by(Member.id)).all()
    last_ended = month_index(month_key(year, today.month)) - 1
    received = 0
    for n, member in enumerate(members):
        span = due_range(year, member.join_date, member.left_date, None, member.status)
        if span is None:
            continue
        income = None
        amount = None
        if n == 7:
            kind = "学生"
        elif n == 13:
            kind = "低保"
        else:
            kind, amount = "农民", Decimal(rng.choice(["0.20", "0.50", "0.50", "1.00"]))
        standard = standard_for(kind, income=income, amount=amount)
        row = DuesAssessment(
            member_id=member.id,
            year=year,
            kind=kind,
            income_fen=to_fen(income) if income else None,
            rate_permyriad=standard.rate_permyriad,
            standard_fen=to_fen(standard.monthly),
            note="",
            reduction_reason="",
        )
        if n == 13:  # 免交, decided by the branch and approved by the 党委 in January
            row.reduced_fen, row.reduction_reason = 0, "长期患病，靠低保生活"
            # never after today (the service refuses an approval dated ahead): early in January
            # the decision and the approval are dated today
            row.decided_date = min(dt.date(year, 1, 8), today)
            row.approved_date = min(dt.date(year, 1, 20), today)
        session.add(row)
        monthly = row.standard_fen if row.reduced_fen is None else row.reduced_fen
        if monthly == 0:
            continue
        first = month_index(span[0])
        # how far each has paid: most to last month; a few behind by 3 or 7 months
        behind = {5: 3, 11: 7, 20: 4}.get(n, 0)
        last = min(last_ended - behind, month_index(span[1]))
        cursor = first
        while cursor <= last:
            end = min(cursor + 2, last)  # by the quarter, as the branch agreed
            paid_day = dt.date(cursor // 12, cursor % 12 + 1, 1) + dt.timedelta(days=rng.randint(3, 20))
            how = "委托他人" if member.is_mobile else "本人"
            if n == 16 and cursor == first:  # one 补交 of the first half year in July
                end, paid_day, how = min(first + 5, last), dt.date(year, 7, 10), "补交"
            paid_day = min(paid_day, today)
            session.add(
                DuesPayment(
                    member_id=member.id,
                    first_month=month_of_index(cursor),
                    last_month=month_of_index(end),
                    amount_fen=monthly * (end - cursor + 1),
                    paid_date=paid_day,
                    how=how,
                    note="",
                )
            )
            received += monthly * (end - cursor + 1)
            cursor = end + 1
    if today >= dt.date(year, 7, 15) and received:  # handed over on 7月15日: not before that day
        session.add(
            DuesRemittance(
                branch_id=branch_id,
                first_month=month_key(year, 1),
                last_month=month_key(year, 6),
                amount_fen=received // 2,
                remitted_date=dt.date(year, 7, 15),
                receipt_no=f"{year}-017",
                note="",
            )
        )
    session.flush()
