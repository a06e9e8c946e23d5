"""The township's view over the branches it merged: one summary line each, and the whole roster."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.birthdays import political_birthdays
from dangjian_desktop.core.cards import completion_of, is_decided, list_cards
from dangjian_desktop.core.meetings import compliance
from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.core.roster import list_members
from dangjian_desktop.core.stats import AGE_BANDS, roster_stats

TOWNSHIP_MODE = settings.register("app.township_mode", False, "乡镇汇总模式（合并各村数据包）")


def is_township(session: Session) -> bool:
    """A township database: chosen on the first-run page, or one that holds several branches."""
    branches = session.scalar(select(func.count()).select_from(Branch)) or 0
    return branches > 1 or settings.get(session, TOWNSHIP_MODE)


@dataclass(frozen=True)
class BranchSummary:
    branch_id: int
    name: str
    package_exported_at: dt.datetime | None
    package_merged_at: dt.datetime | None
    members: int
    probationary: int
    mobile: int
    age_bands: dict[str, int]
    meetings_missing: int  # required periods of the year that are over and were not held
    cards_completion: str  # 承诺完成率 of the year's decided 明白卡, "86.2%（25/29）" or "—"
    birthdays_upcoming: int


def branch_summaries(session: Session, today: dt.date, *, birthday_days: int = 30) -> list[BranchSummary]:
    rows = list_members(session)
    by_branch: dict[int, list] = {}
    branch_of = dict(session.execute(select(Member.id, Member.branch_id)).all())
    for row in rows:
        by_branch.setdefault(branch_of[row.id], []).append(row)
    decided: dict[int, list] = {}  # one read of the year's cards for all branches, grouped here
    for card in list_cards(session, today.year):
        if is_decided(card):
            decided.setdefault(branch_of.get(card.member_id), []).append(card)
    upcoming: dict[int, int] = {}
    for birthday in political_birthdays(session, today, birthday_days):
        branch_id = branch_of.get(birthday.member_id)
        upcoming[branch_id] = upcoming.get(branch_id, 0) + 1
    summaries = []
    for branch in session.scalars(select(Branch).order_by(Branch.name)):
        stats = roster_stats(by_branch.get(branch.id, []), today)
        summaries.append(
            BranchSummary(
                branch_id=branch.id,
                name=branch.name,
                package_exported_at=branch.package_exported_at,
                package_merged_at=branch.package_merged_at,
                members=stats.total,
                probationary=stats.by_category.get("预备党员", 0),
                mobile=stats.mobile,
                age_bands={band: stats.by_age_band.get(band, 0) for band in AGE_BANDS},
                meetings_missing=len(compliance(session, branch.id, today.year, today=today).missing),
                cards_completion=completion_of(decided.get(branch.id, []), today.year).overall.text(),
                birthdays_upcoming=upcoming.get(branch.id, 0),
            )
        )
    return summaries


@dataclass(frozen=True)
class BranchDues:
    """One branch's 党费 for the year as the township sees it: 应收 / 实收 / 欠交 in 分 so far, and the
    members owing 3 months or more and 6 months or more (counted, never acted on)."""

    branch_id: int
    name: str
    due_fen: int
    paid_fen: int
    owed_fen: int
    owing_3: int
    owing_6: int


def branch_dues(session: Session, year: int, today: dt.date) -> list[BranchDues]:
    from dangjian_desktop.core.dues import member_ledger, year_totals
    from dangjian_desktop.core.dues.rules import ALERT_UNPAID, WARN_UNPAID

    found = []
    for branch in session.scalars(select(Branch).order_by(Branch.name)):
        rows = member_ledger(session, branch.id, year, today)
        totals = year_totals(rows, year, today)
        found.append(
            BranchDues(
                branch_id=branch.id,
                name=branch.name,
                due_fen=totals.due_fen,
                paid_fen=totals.paid_fen,
                owed_fen=totals.owed_fen,
                owing_3=sum(1 for r in rows if r.unpaid_run >= WARN_UNPAID),
                owing_6=sum(1 for r in rows if r.unpaid_run >= ALERT_UNPAID),
            )
        )
    return found
