"""The township's view over the branches it merged: one summary line each, and the whole roster."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core.birthdays import political_birthdays
from dangjian_desktop.core.branch import branch_count, is_township  # noqa: F401  (is_township also reached here)
from dangjian_desktop.core.cards import completion_of, is_decided, list_cards
from dangjian_desktop.core.develop.stats import township_counts
from dangjian_desktop.core.meetings import compliance
from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.core.roster import list_members
from dangjian_desktop.core.settings import catalogue
from dangjian_desktop.core.stats import AGE_BANDS, roster_stats

TOWNSHIP_MODE = catalogue.TOWNSHIP_MODE  # declared in the settings catalogue

# What the switch changes, said before it is made (settings dialog) and on the first-run page.
VILLAGE_MODE_TEXT = "村党支部台账：记本支部的花名册、政治生日、会议记录和明白卡，导出数据包报送乡镇。"
TOWNSHIP_MODE_TEXT = "乡镇汇总：不记本村台账，只合并各村报送的数据包，查看各支部的汇总情况。"
TO_TOWNSHIP_WARNING = (
    "切换为乡镇汇总模式后，主窗口只显示“乡镇汇总”一页，用来合并各村的数据包；"
    "本支部的花名册、政治生日、会议记录、明白卡各页隐藏，但数据不会删除。"
    "以后可以在“设置 → 其他”取消勾选，切换回本村台账。"
)
TO_VILLAGE_WARNING = (
    "切换回村党支部台账后，主窗口重新显示本支部的花名册、政治生日、会议记录和明白卡各页，“乡镇汇总”一页隐藏。"
)


def village_switch_problem(session: Session) -> str | None:
    """Why this database cannot go back to one village's ledger, or None when it can."""
    count = branch_count(session)
    if count > 1:
        return f"这个数据库已经合并了 {count} 个党支部的数据，只能作为乡镇汇总使用，不能切换回本村台账。"
    return None


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
    # 发展党员 (issue 16): people at each stage, members admitted this year, none in two years
    develop_by_stage: dict[str, int] = field(default_factory=dict)
    new_this_year: int = 0
    no_new_member_in_two_years: bool = False


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
    develop = {c.branch_id: c for c in township_counts(session, today)}
    summaries = []
    for branch in session.scalars(select(Branch).order_by(Branch.name)):
        counts = develop[branch.id]
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
                develop_by_stage=counts.by_stage,
                new_this_year=counts.new_this_year,
                no_new_member_in_two_years=counts.no_new_member_in_two_years,
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
