"""The township's view over the branches it merged: one summary line each, and the whole roster."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.birthdays import birthdays_per_branch
from dangjian_desktop.core.branch import branch_count, is_township  # noqa: F401  (is_township also reached here)
from dangjian_desktop.core.cards.completion import Rate, overall_per_branch
from dangjian_desktop.core.dates import add_years
from dangjian_desktop.core.db import read_beside
from dangjian_desktop.core.develop.stats import joined_columns, township_counts
from dangjian_desktop.core.meetings.compliance import group_columns, missing_per_branch
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
    return _summaries(session, _member_reads(session, today), _other_reads(session, today, birthday_days))


def _member_reads(session: Session, today: dt.date) -> tuple[dict, dict, dict]:
    """The counts read from the members (one scan), with those that need them: meetings, 发展党员."""
    roster, joined, group_firsts = _member_counts(session, today)
    missing = missing_per_branch(session, today.year, today=today, group_firsts=group_firsts)
    develop = {c.branch_id: c for c in township_counts(session, today, joined)}
    return roster, missing, develop


def _other_reads(session: Session, today: dt.date, birthday_days: int) -> tuple[dict, dict]:
    """The counts read apart from the members' scan: the 明白卡 and the political birthdays."""
    return overall_per_branch(session, today.year), birthdays_per_branch(session, today, birthday_days)


def _summaries(
    session: Session, member_reads: tuple[dict, dict, dict], other_reads: tuple[dict, dict]
) -> list[BranchSummary]:
    (roster, missing, develop), (rates, upcoming) = member_reads, other_reads
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


def _member_counts(session: Session, today: dt.date) -> tuple[dict, dict, dict]:
    """What the view counts of the members, in one scan of them grouped by branch and 党小组 (the
    index ix_member_branch_group gives them in that order, so nothing is sorted): per branch the roster
    counts (below) and develop.stats.joined_columns(); per (branch, 党小组) compliance.group_columns().

    The roster counts, of the members on the roster (在册), as roster_stats() counts them: how many,
    预备党员, 流动, and how many in each of AGE_BANDS. Age at most `edge` on `today` is "born after the
    day edge + 1 years before today" (core.dates.add_years keeps 2月29日 on 2月28日, as age_on counts it)."""
    birth, active = Member.birth_date, Member.status == MemberStatus.ACTIVE.value

    def on_roster(condition: ColumnElement[bool] | bool = True) -> ColumnElement[int]:
        return func.count(case((and_(active, condition), 1)))  # counted among the members on the roster

    younger = [on_roster(birth > add_years(today, -(edge + 1))) for edge in AGE_EDGES]
    query = select(
        Member.branch_id,
        Member.party_group,
        *joined_columns(today),
        *group_columns(),
        on_roster(),
        on_roster(birth.is_not(None)),
        on_roster(Member.category == Category.PROBATIONARY.value),
        on_roster(Member.is_mobile),
        *younger,
    ).group_by(Member.branch_id, Member.party_group)
    roster: dict[int, list[int]] = {}
    joined: dict[int, tuple[dt.date | None, int]] = {}
    group_firsts = {}
    for branch_id, group, latest, new, undated, first, *counts in session.connection().execute(query):
        if group != "":
            group_firsts[(branch_id, group)] = (undated, first)
        before, before_new = joined.get(branch_id, (None, 0))
        if before is not None and (latest is None or before > latest):
            latest = before
        joined[branch_id] = (latest, before_new + new)
        summed = roster.setdefault(branch_id, [0] * len(counts))
        summed[:] = [a + b for a, b in zip(summed, counts, strict=True)]
    found = {}
    for branch_id, (n, born, in_probation, away, *under) in roster.items():
        # under[i]: members of band i or a younger one; the last band holds the rest of those born
        bands = [b - a for a, b in zip([0, *under], [*under, born], strict=True)]
        found[branch_id] = (n, in_probation, away, tuple(bands))
    return found, joined, group_firsts


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
    """What the 乡镇汇总 tab shows of the branches, read in one state of the database (a merge
    committing meanwhile is seen whole or not at all) on the window's worker thread; the 党费 table
    (branch_dues) is read after it, in a session of its own."""

    summaries: list[BranchSummary]
    moves: list[MoveRow]


def township_view(session: Session, today: dt.date, *, beside: Session | None = None) -> TownshipView:
    """The view; given a second reader of the same state (services.query_together), the 明白卡, the
    birthdays and the moves are read in it on a thread beside the members' counts (a county's view on
    a laptop's two cores in about half the time)."""

    def others(reader: Session) -> tuple[tuple[dict, dict], list[MoveRow]]:
        return _other_reads(reader, today, 30), township_moves(reader)

    with read_beside(beside, session, others) as later:
        mine = _member_reads(session, today)
        other_reads, moves = later()
    return TownshipView(_summaries(session, mine, other_reads), moves)
