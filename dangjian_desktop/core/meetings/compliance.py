"""Whether every required meeting happened: what the township checks above all.

Computed per kind and per period (month, quarter, year) from one query over the year, with the 党小组会
counted per 党小组."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import DateError, parse_date
from dangjian_desktop.core.meetings.kinds import (
    GROUP,
    KINDS,
    NOT_REQUIRED,
    START_MONTH,
    frequencies,
    period_key,
    periods,
)
from dangjian_desktop.core.models import (
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


def start_month(session: Session, branch_id: int) -> dt.date | None:
    """启用月份 as its first day: the setting, else the month of the branch's first meeting record."""
    text = settings.get(session, START_MONTH).strip()
    if text:
        try:
            chosen = parse_date(text, allow_month=True)
        except DateError:
            chosen = None  # an unreadable setting falls back to the records, as a missing one does
        if chosen is not None:
            return chosen.replace(day=1)
    first = session.scalar(select(func.min(Meeting.date)).where(Meeting.branch_id == branch_id))
    return first.replace(day=1) if first is not None else None


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
            if count >= required:
                state = HELD
            elif start is not None and period.end < start:
                state = BEFORE_START
            elif period.end < today:
                state = MISSING
            elif period.start <= today:
                state = IN_PROGRESS
            else:
                state = NOT_DUE
            rows.append(
                ComplianceRow(kind, period.key, period.label, freq, required, count, missing_groups, state)
            )
    return Compliance(year, tuple(rows))


def _groups_on(members: Sequence[tuple[str, dt.date | None, dt.date | None, str]], day: dt.date) -> list[str]:
    """The same rule as _on_roster, in Python, so a year's calendar reads the roster once."""
    active = MemberStatus.ACTIVE.value
    return sorted(
        {
            group
            for group, join, left, status in members
            if (join is None or join <= day) and (left > day if left is not None else status == active)
        },
        key=group_sort_key,
    )
