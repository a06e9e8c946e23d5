"""The township's view over the branches it merged: one summary line each, and the whole roster."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.birthdays import birthdays_per_branch
from dangjian_desktop.core.branch import branch_count, is_township  # noqa: F401  (is_township also reached here)
from dangjian_desktop.core.cards.completion import Rate, overall_per_branch
from dangjian_desktop.core.dates import add_years
from dangjian_desktop.core.develop.stats import township_counts
from dangjian_desktop.core.meetings.compliance import missing_per_branch
from dangjian_desktop.core.models import Branch, Category, Member, MemberStatus
from dangjian_desktop.core.settings import catalogue
from dangjian_desktop.core.stats import AGE_BANDS, AGE_EDGES
from dangjian_desktop.core.transfers import MoveRow, township_moves

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
    """One line per branch, from a few grouped queries over all branches at once (a county holds 1,000
    branches and 200,000 members): never a query per branch, never a Python object per member."""
    roster = _roster_counts(session, today)
    missing = missing_per_branch(session, today.year, today=today)
    rates = overall_per_branch(session, today.year)
    upcoming = birthdays_per_branch(session, today, birthday_days)
    develop = {c.branch_id: c for c in township_counts(session, today)}
    branches = select(Branch.id, Branch.name, Branch.package_exported_at, Branch.package_merged_at)
    summaries = []
    for branch_id, name, exported_at, merged_at in session.execute(branches.order_by(Branch.name)):
        counts = develop[branch_id]
        members, probationary, mobile, bands = roster.get(branch_id, _NO_MEMBERS)
        summaries.append(
            BranchSummary(
                branch_id=branch_id,
                name=name,
                package_exported_at=exported_at,
                package_merged_at=merged_at,
                members=members,
                probationary=probationary,
                mobile=mobile,
                age_bands=dict(zip(AGE_BANDS, bands, strict=True)),
                meetings_missing=missing.get(branch_id, 0),
                cards_completion=rates.get(branch_id, Rate(0, 0)).text(),
                birthdays_upcoming=upcoming.get(branch_id, 0),
                develop_by_stage=counts.by_stage,
                new_this_year=counts.new_this_year,
                no_new_member_in_two_years=counts.no_new_member_in_two_years,
            )
        )
    return summaries


_NO_MEMBERS = (0, 0, 0, (0,) * len(AGE_BANDS))


def _roster_counts(session: Session, today: dt.date) -> dict[int, tuple[int, int, int, tuple[int, ...]]]:
    """Per branch, of the members on the roster (在册): how many, 预备党员, 流动, and how many in each
    of AGE_BANDS, as roster_stats() counts them. Age at most `edge` on `today` is "born after the day
    edge + 1 years before today" (core.dates.add_years keeps 2月29日 on 2月28日, as age_on counts it)."""
    birth = Member.birth_date
    # per row only comparisons, no grouping by band: SQLite then reads the members in branch order
    # from the (branch_id, status) index instead of sorting them
    younger = [func.count(case((birth > add_years(today, -(edge + 1)), 1))) for edge in AGE_EDGES]
    query = (
        select(
            Member.branch_id,
            func.count(),
            func.count(birth),
            func.count(case((Member.category == Category.PROBATIONARY.value, 1))),
            func.count(case((Member.is_mobile, 1))),
            *younger,
        )
        .where(Member.status == MemberStatus.ACTIVE.value)
        .group_by(Member.branch_id)
    )
    found = {}
    for branch_id, n, born, in_probation, away, *under in session.connection().execute(query):
        # under[i]: members of band i or a younger one; the last band holds the rest of those born
        bands = [b - a for a, b in zip([0, *under], [*under, born], strict=True)]
        found[branch_id] = (n, in_probation, away, tuple(bands))
    return found


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
    """year_totals(member_ledger(...)) of every branch, from the ledgers of all branches read at once
    (core.dues.ledgers_by_branch): a county's 1,000 branches are not read one by one."""
    from dangjian_desktop.core.dues import ledgers_by_branch, year_totals
    from dangjian_desktop.core.dues.rules import ALERT_UNPAID, WARN_UNPAID

    ledgers = ledgers_by_branch(session, year, today)
    found = []
    for branch_id, name in session.execute(select(Branch.id, Branch.name).order_by(Branch.name)):
        rows = ledgers.get(branch_id, [])
        totals = year_totals(rows, year, today)
        found.append(
            BranchDues(
                branch_id=branch_id,
                name=name,
                due_fen=totals.due_fen,
                paid_fen=totals.paid_fen,
                owed_fen=totals.owed_fen,
                owing_3=sum(1 for r in rows if r.unpaid_run >= WARN_UNPAID),
                owing_6=sum(1 for r in rows if r.unpaid_run >= ALERT_UNPAID),
            )
        )
    return found


@dataclass(frozen=True)
class TownshipView:
    """What the 乡镇汇总 tab shows of the branches, read in one session (one state of the database: a
    merge committing meanwhile is seen whole or not at all) on the window's worker thread; the 党费
    table (branch_dues) is read after it, in a session of its own."""

    summaries: list[BranchSummary]
    moves: list[MoveRow]


def township_view(session: Session, today: dt.date) -> TownshipView:
    return TownshipView(branch_summaries(session, today), township_moves(session))
