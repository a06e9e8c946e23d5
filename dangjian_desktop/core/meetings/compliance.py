"""Whether every required meeting happened: what the township checks above all.

Computed per kind and per period (month, quarter, year) from one query over the year, with the 党小组会
counted per 党小组."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import DateError, parse_date
from dangjian_desktop.core.db_dates import month_of
from dangjian_desktop.core.meetings.kinds import (
    GROUP,
    KINDS,
    NOT_REQUIRED,
    START_MONTH,
    Period,
    frequencies,
    period_key,
    periods,
)
from dangjian_desktop.core.models import (
    Branch,
    Meeting,
    Member,
    MemberStatus,
)
from dangjian_desktop.core.text import group_sort_key

# --- compliance -------------------------------------------------------------------------------------

HELD, MISSING, IN_PROGRESS, NOT_DUE = "已召开", "缺", "进行中", "未到"
BEFORE_START = "启用前"  # ended before the 启用月份: not kept in this program, so never counted as missed


@dataclass(frozen=True, slots=True)
class ComplianceRow:
    """One kind in one period. For 党小组会 `required` is the number of 党小组, `held` how many met."""

    kind: str
    period: str  # 2026, 2026-Q1, 2026-03
    label: str  # 3月, 一季度, 全年
    frequency: str
    required: int
    held: int
    missing_groups: tuple[str, ...]
    state: str  # 已召开 / 缺 / 进行中 / 未到 (judged against today)

    @property
    def ok(self) -> bool:
        return self.held >= self.required

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "period": self.period,
            "required": self.required,
            "held": self.held,
            "ok": self.ok,
        }


@dataclass(frozen=True)
class Compliance:
    year: int
    rows: tuple[ComplianceRow, ...]

    @property
    def missing(self) -> list[ComplianceRow]:
        """Periods that are over and still short: what the inspector will find."""
        return [r for r in self.rows if r.state == MISSING]

    def missing_by_kind(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for row in self.missing:
            counts[row.kind] += 1
        return counts

    def for_kind(self, kind: str) -> list[ComplianceRow]:
        return [r for r in self.rows if r.kind == kind]


def _chosen_start(session: Session) -> dt.date | None:
    """The 启用月份 setting as its first day; None when it is empty or unreadable."""
    text = settings.get(session, START_MONTH).strip()
    if text:
        try:
            chosen = parse_date(text, allow_month=True)
        except DateError:
            chosen = None  # an unreadable setting falls back to the records, as a missing one does
        if chosen is not None:
            return chosen.replace(day=1)
    return None


def start_month(session: Session, branch_id: int) -> dt.date | None:
    """启用月份 as its first day: the setting, else the month of the branch's first meeting record."""
    chosen = _chosen_start(session)
    if chosen is not None:
        return chosen
    first = session.scalar(select(func.min(Meeting.date)).where(Meeting.branch_id == branch_id))
    return first.replace(day=1) if first is not None else None


def _state(required: int, count: int, period: Period, start: dt.date | None, today: dt.date) -> str:
    """Where one kind stands in one period, judged against today (the same for one branch and for all)."""
    if count >= required:
        return HELD
    if start is not None and period.end < start:
        return BEFORE_START
    if period.end < today:
        return MISSING
    if period.start <= today:
        return IN_PROGRESS
    return NOT_DUE


def compliance(session: Session, branch_id: int, year: int, *, today: dt.date | None = None) -> Compliance:
    """Held or missing for every kind and period of the year, from one query over the year's meetings.

    A period that ended before the 启用月份 and holds no meeting is BEFORE_START, not missed."""
    today = today or dt.date.today()
    freqs = frequencies(session)
    start = start_month(session, branch_id)
    held: dict[tuple[str, str], int] = defaultdict(int)
    groups_met: dict[str, set[str]] = defaultdict(set)
    for kind, group, day in session.execute(
        select(Meeting.kind, Meeting.party_group, Meeting.date).where(
            Meeting.branch_id == branch_id,
            Meeting.date >= dt.date(year, 1, 1),
            Meeting.date <= dt.date(year, 12, 31),
        )
    ):
        key = period_key(day, freqs.get(kind, NOT_REQUIRED))
        if key is None:
            continue
        held[(kind, key)] += 1
        if kind == GROUP and group:
            groups_met[key].add(group)
    members = session.execute(
        select(Member.party_group, Member.join_date, Member.left_date, Member.status).where(
            Member.branch_id == branch_id, Member.party_group != ""
        )
    ).all()
    rows = []
    for kind in KINDS:
        freq = freqs[kind]
        for period in periods(year, freq):
            if kind == GROUP:
                # the groups that existed then: a group formed in June owes nothing for March
                groups = _groups_on(members, min(period.end, max(today, period.start)))
                if not groups:
                    continue
                met = groups_met.get(period.key, set())
                required, count = len(groups), sum(1 for g in groups if g in met)
                missing_groups = tuple(g for g in groups if g not in met)
            else:
                required, count, missing_groups = 1, held.get((kind, period.key), 0), ()
            state = _state(required, count, period, start, today)
            rows.append(
                ComplianceRow(kind, period.key, period.label, freq, required, count, missing_groups, state)
            )
    return Compliance(year, tuple(rows))


def _groups_on(members: Sequence[tuple[str, dt.date | None, dt.date | None, str]], day: dt.date) -> list[str]:
    """The same rule as attendance.on_roster, in Python, so a year's calendar reads the roster once."""
    return sorted(
        {group for group, join, left, status in members if _present(join, left, status, day)},
        key=group_sort_key,
    )


def _present(join: dt.date | None, left: dt.date | None, status: str, day: dt.date) -> bool:
    """In the branch on `day`: attendance.on_roster's rule for one member, in Python."""
    return (join is None or join <= day) and (left > day if left is not None else status == _ACTIVE)


_ACTIVE = MemberStatus.ACTIVE.value


# --- every branch at once (the township view) -------------------------------------------------------


def missing_per_branch(
    session: Session,
    year: int,
    *,
    today: dt.date,
    group_firsts: dict[tuple[int, str], tuple[int, dt.date | None]],
) -> dict[int, int]:
    """len(compliance(session, b, year, today=today).missing) for every branch b, from a few grouped
    queries over all branches instead of compliance() once per branch (1,000 branches in a county).

    Only periods over by today can be missed, so only those are judged; a 党小组会 period is judged
    against the 党小组 that existed on its last day, as compliance() does for a period that is over.
    Which periods held a meeting comes back as one number per branch and kind (per 党小组 for the
    党小组会): bit i set when the i-th period of the year held one, summed in SQL over distinct bits.
    group_firsts: (branch, 党小组) -> group_columns(), read by the caller in its one scan of the members
    (core.township)."""
    freqs = frequencies(session)
    due = {kind: [p for p in periods(year, freqs[kind]) if p.end < today] for kind in KINDS}
    branch_ids = list(session.scalars(select(Branch.id)))
    last_due = max((p.end for judged in due.values() for p in judged), default=None)
    if last_due is None:
        return dict.fromkeys(branch_ids, 0)
    chosen = _chosen_start(session)
    firsts: dict[int, dt.date] = {}
    if chosen is None:
        query = select(Meeting.branch_id, func.min(Meeting.date)).group_by(Meeting.branch_id)
        firsts = dict(session.connection().execute(query).all())
    # only meetings of the periods judged count: from the year's start to the last due period's end
    in_due = (Meeting.date >= dt.date(year, 1, 1), Meeting.date <= last_due)
    counted = [kind for kind in KINDS if kind != GROUP and due[kind]]
    held, groups_met = _period_bits(session, year, freqs, counted + ([GROUP] if due[GROUP] else []), in_due)
    # per branch: the 党小组会 periods in which some 党小组 that existed on the last day did not meet
    short: dict[int, int] = defaultdict(int)
    if due[GROUP]:
        judged = [(i, p.end) for i, p in enumerate(periods(year, freqs[GROUP])) if p in due[GROUP]]
        for (branch_id, group), existed in _groups_on_days(session, judged, group_firsts).items():
            short[branch_id] |= existed & ~groups_met.get((branch_id, group), 0)

    @cache
    def missed_when_short(kind: str, start: dt.date | None) -> int:
        """The bits of the due periods that count as missed when not held (_state: not before start)."""
        bits = enumerate(periods(year, freqs[kind]))
        return sum(1 << i for i, p in bits if p in due[kind] and _state(1, 0, p, start, today) == MISSING)

    missing: dict[int, int] = {}
    for branch_id in branch_ids:
        first = firsts.get(branch_id)
        start = chosen if chosen is not None else (first.replace(day=1) if first is not None else None)
        count = (short[branch_id] & missed_when_short(GROUP, start)).bit_count() if due[GROUP] else 0
        for kind in counted:
            count += (missed_when_short(kind, start) & ~held.get((branch_id, kind), 0)).bit_count()
        missing[branch_id] = count
    return missing


def _period_bits(
    session: Session, year: int, freqs: dict[str, str], kinds: list[str], where: tuple
) -> tuple[dict[tuple[int, str], int], dict[tuple[int, str], int]]:
    """The periods of the year in which a meeting was held, as bits (bit i: the i-th period of
    periods(year, frequency)): per (branch, kind) for the kinds but the 党小组会, and per (branch, 党小组)
    for the 党小组会 of a named 党小组. One scan of the meetings for every kind: SQL says in which
    months each branch, kind and 党小组 met (bit m - 1 for month m); the months become periods here."""
    if not kinds:
        return {}, {}
    month = month_of(Meeting.date)
    months = case({m: 1 << (m - 1) for m in range(1, 13)}, value=month)
    query = (
        select(Meeting.branch_id, Meeting.kind, Meeting.party_group, func.sum(distinct(months)))
        .where(*where, Meeting.kind.in_(kinds))
        .group_by(Meeting.branch_id, Meeting.kind, Meeting.party_group)
    )

    @cache
    def periods_of(freq: str, met: int) -> int:
        return sum(
            1 << i
            for i, period in enumerate(periods(year, freq))
            if met >> (period.start.month - 1) & ((1 << (period.end.month - period.start.month + 1)) - 1)
        )

    by_kind: dict[tuple[int, str], int] = defaultdict(int)
    by_group: dict[tuple[int, str], int] = defaultdict(int)
    for branch_id, kind, group, met in session.connection().execute(query).all():
        bits = periods_of(freqs[kind], int(met))
        if kind != GROUP:
            by_kind[(branch_id, kind)] |= bits
        elif group != "":
            by_group[(branch_id, group)] |= bits
    return by_kind, by_group


def group_columns() -> tuple:
    """Of a 党小组's members on the roster with no 离开日期 (nearly all): how many have no 入党日期, and
    the earliest 入党日期, as aggregates over member rows grouped by branch and 党小组 (here, and in the
    township view's one scan of the members). A group of leavers alone gives (0, None): it never existed
    by these members, and _groups_on_days reads its leavers one by one."""
    staying = and_(Member.status == MemberStatus.ACTIVE.value, Member.left_date.is_(None))
    undated = func.count(case((and_(staying, Member.join_date.is_(None)), 1)))
    return undated, func.min(case((staying, Member.join_date)))


def _groups_on_days(
    session: Session,
    judged: list[tuple[int, dt.date]],
    group_firsts: dict[tuple[int, str], tuple[int, dt.date | None]],
) -> dict[tuple[int, str], int]:
    """(branch, 党小组) -> the periods on whose last day the group existed (the rule of attendance.on_roster), as
    bits: judged lists each period's bit and last day, in order of the day."""
    days = [day for _i, day in judged]
    existed: dict[tuple[int, str], int] = defaultdict(int)
    # Members on the roster with no 离开日期 belong to their group from 入党日期 on: the earliest such
    # date per group (group_firsts) says on which days it existed, with no sort of the members by day.
    # the bits of the periods from the k-th day on
    from_day = [sum(1 << i for i, _day in judged[k:]) for k in range(len(judged) + 1)]
    for (branch_id, group), (undated, first) in group_firsts.items():
        since = 0 if undated else len(days) if first is None else bisect_left(days, first)
        existed[(branch_id, group)] |= from_day[since]
    connection = session.connection()  # plain rows, no ORM: a county's leavers
    # Those with a 离开日期 belonged to it from 入党日期 until then: read one by one, only those who
    # were still there on the first day judged and had come by the last.
    query = select(
        Member.branch_id, Member.party_group, Member.join_date, Member.left_date, Member.status
    ).where(
        Member.party_group != "",
        Member.left_date > days[0],
        or_(Member.join_date.is_(None), Member.join_date <= days[-1]),
    )
    for branch_id, group, join, left, status in connection.execute(query).all():
        existed[(branch_id, group)] |= sum(1 << i for i, day in judged if _present(join, left, status, day))
    return existed
