"""Statistics of 发展党员 for the branch and the township.

New members are counted from the roster's 入党日期 (every member ever admitted, whether entered through
this path or imported), so "years since the last new member" also holds for branches with no records
here: the essays' "2年以上未发展党员的村".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.dates import age_on
from dangjian_desktop.core.develop import rules as r
from dangjian_desktop.core.develop.queries import list_paths
from dangjian_desktop.core.models import Branch, Member

YOUNG_AGE = 35  # 35岁及以下, as the roster's age bands count it
NO_NEW_MEMBER_YEARS = 2


@dataclass(frozen=True)
class DevelopStats:
    by_stage: dict[str, int]  # the stages on the path, in order
    in_progress: int
    young: int  # 35岁及以下 among those in progress
    new_per_year: dict[int, int]
    last_new_member: dt.date | None
    today: dt.date

    @property
    def young_share(self) -> str:
        return f"{self.young * 100 / self.in_progress:.1f}%" if self.in_progress else "—"

    @property
    def ratio(self) -> str:
        """积极分子 : 发展对象; the essays ask for two activists in training for each candidate."""
        return f"{self.by_stage.get(r.ACTIVIST, 0)} : {self.by_stage.get(r.CANDIDATE, 0)}"

    @property
    def years_since_last(self) -> float | None:
        if self.last_new_member is None:
            return None
        return round((self.today - self.last_new_member).days / 365.25, 1)


def _new_members(session: Session, branch_id: int | None) -> tuple[dict[int, int], dt.date | None]:
    query = select(Member.join_date).where(Member.join_date.is_not(None))
    if branch_id is not None:
        query = query.where(Member.branch_id == branch_id)
    dates = list(session.scalars(query))
    per_year = dict(sorted(Counter(d.year for d in dates).items()))
    return per_year, max(dates, default=None)


def develop_stats(session: Session, branch_id: int | None, today: dt.date | None = None) -> DevelopStats:
    today = today or dt.date.today()
    rows = list_paths(session, branch_id, include_finished=True, today=today)
    counts = Counter(row.stage for row in rows)
    progress = [row for row in rows if row.stage in r.ON_PATH]
    young = sum(1 for row in progress if (age_on(row.birth_date, today) or 999) <= YOUNG_AGE)
    per_year, last = _new_members(session, branch_id)
    return DevelopStats(
        by_stage={stage: counts.get(stage, 0) for stage in r.STAGES},
        in_progress=len(progress),
        young=young,
        new_per_year=per_year,
        last_new_member=last,
        today=today,
    )


@dataclass(frozen=True)
class BranchDevelopCounts:
    branch_id: int
    name: str
    by_stage: dict[str, int]
    new_this_year: int
    last_new_member: dt.date | None
    no_new_member_in_two_years: bool


def joined_columns(today: dt.date) -> tuple:
    """The newest 入党日期 and the count of this year's new members, as aggregates over member rows: the
    township view reads them in its one scan of the members (core.township), grouped more finely."""
    joined_this_year = Member.join_date.between(dt.date(today.year, 1, 1), today)
    return func.max(Member.join_date), func.count(case((joined_this_year, 1)))


def township_counts(
    session: Session,
    today: dt.date | None = None,
    joined: dict[int, tuple[dt.date | None, int]] | None = None,
) -> list[BranchDevelopCounts]:
    """Each merged branch's counts by stage, new members this year, and whether none came in two years.
    joined: branch -> joined_columns() when the caller has read them already."""
    today = today or dt.date.today()
    by_branch: dict[int, Counter] = {}
    for row in list_paths(session, None, include_finished=True, today=today):
        by_branch.setdefault(row.branch_id, Counter())[row.stage] += 1
    if joined is None:
        # every branch in one scan (a county's 200,000 members), as plain rows
        query = select(Member.branch_id, *joined_columns(today)).group_by(Member.branch_id)
        joined = {branch_id: (latest, n) for branch_id, latest, n in session.connection().execute(query)}
    limit = r.add_years(today, -NO_NEW_MEMBER_YEARS)
    result = []
    for branch_id, name in session.execute(select(Branch.id, Branch.name).order_by(Branch.name)):
        counts = by_branch.get(branch_id, Counter())
        latest, this_year = joined.get(branch_id, (None, 0))
        result.append(
            BranchDevelopCounts(
                branch_id,
                name,
                {stage: counts.get(stage, 0) for stage in r.STAGES},
                this_year,
                latest,
                latest is None or latest < limit,
            )
        )
    return result
