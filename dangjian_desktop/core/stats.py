"""Roster statistics the township asks for: by category, gender, 民族, 学历, age band, year admitted."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from dangjian_desktop.core.dates import age_on
from dangjian_desktop.core.member_rows import MemberRow

AGE_BANDS = ("35岁及以下", "36-45岁", "46-60岁", "60岁以上")
AGE_EDGES = (35, 45, 60)  # the oldest age of each band but the last (the township view counts them in SQL)


def age_band(age: int | None) -> str:
    if age is None:
        return "出生日期不详"
    for band, edge in zip(AGE_BANDS, AGE_EDGES, strict=False):  # the last band has no edge
        if age <= edge:
            return band
    return AGE_BANDS[-1]


@dataclass(frozen=True)
class RosterStats:
    total: int
    by_category: dict[str, int]
    by_gender: dict[str, int]
    by_ethnicity: dict[str, int]
    by_education: dict[str, int]
    by_age_band: dict[str, int]
    mobile: int
    admitted_per_year: dict[int, int]

    def share(self, count: int) -> str:
        return f"{count * 100 / self.total:.2f}%" if self.total else "0%"


def roster_stats(rows: list[MemberRow], today: dt.date | None = None) -> RosterStats:
    """Over members on the roster (在册) only; those who left are history, not the branch."""
    today = today or dt.date.today()
    active = [r for r in rows if r.is_active]
    bands = Counter(age_band(age_on(r.birth_date, today)) for r in active)
    return RosterStats(
        total=len(active),
        by_category=dict(Counter(r.category for r in active).most_common()),
        by_gender=dict(Counter(r.gender or "未填" for r in active).most_common()),
        by_ethnicity=dict(Counter(r.ethnicity or "未填" for r in active).most_common()),
        by_education=dict(Counter(r.education or "未填" for r in active).most_common()),
        by_age_band={
            band: bands.get(band, 0)
            for band in (*AGE_BANDS, "出生日期不详")
            if band in AGE_BANDS or bands.get(band)
        },
        mobile=sum(1 for r in active if r.is_mobile),
        admitted_per_year=dict(sorted(Counter(r.join_date.year for r in active if r.join_date).items())),
    )
