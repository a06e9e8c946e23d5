"""The shape of the year-end tables (rows = categories, columns = 合计 and its breakdowns) and the check
that each one adds up to the roster before anyone sees it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dangjian_desktop.core.statistics.categories import StatisticsError

TOTAL, WOMEN, MINORITIES, PROBATIONARY = "合计", "女", "少数民族", "预备党员"
COLUMNS: tuple[str, ...] = (TOTAL, WOMEN, MINORITIES, PROBATIONARY)


@dataclass(frozen=True)
class StatRow:
    label: str
    counts: tuple[int, ...]  # one per column of the table
    part: bool = False  # a 其中 row: part of the row above it, not added into the table's total

    @property
    def total(self) -> int:
        return self.counts[0]


@dataclass(frozen=True)
class StatTable:
    key: str  # English, for --json
    title: str
    rows: tuple[StatRow, ...]
    columns: tuple[str, ...] = COLUMNS
    note: str = ""
    counts_leavers: bool = False  # the one table that counts members who left, not those on the roster

    def column_sums(self) -> tuple[int, ...]:
        sums = [0] * len(self.columns)
        for row in self.rows:
            if not row.part:
                for i, n in enumerate(row.counts):
                    sums[i] += n
        return tuple(sums)

    @property
    def total(self) -> int:
        return self.column_sums()[0]

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "title": self.title,
            "columns": list(self.columns),
            "rows": [
                {"label": r.label, "part": r.part, "counts": dict(zip(self.columns, r.counts, strict=True))}
                for r in self.rows
            ],
            "total": self.total,
            "note": self.note,
            "counts_leavers": self.counts_leavers,
        }


@dataclass(frozen=True)
class YearStatistics:
    year: int
    scope: str  # 凤凰村党支部 / 青山镇 / 3个乡镇: who the tables are about, for titles
    branches: int
    roster_count: int  # members 在册 on 12月31日, counted on its own (not from the tables)
    left_count: int  # members who left during the year, counted on its own
    tables: tuple[StatTable, ...] = field(default_factory=tuple)

    @property
    def as_of(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    def table(self, key: str) -> StatTable:
        return next(t for t in self.tables if t.key == key)

    def as_json(self) -> dict[str, object]:
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "scope": self.scope,
            "branches": self.branches,
            "roster_count": self.roster_count,
            "left_count": self.left_count,
            "tables": [t.as_json() for t in self.tables],
        }


def check_totals(stats: YearStatistics) -> YearStatistics:
    """Every table adds up to the roster (the leavers' table to the leavers), every breakdown column
    agrees across the tables, and no 其中 row exceeds the row it belongs to; otherwise nothing is shown."""
    reference: tuple[int, ...] | None = None
    for table in stats.tables:
        expected = stats.left_count if table.counts_leavers else stats.roster_count
        sums = table.column_sums()
        if sums[0] != expected:
            what = "本年减少党员" if table.counts_leavers else "12月31日在册党员"
            raise StatisticsError(
                f"统计核对不一致：“{table.title}”合计 {sums[0]} 名，{what} {expected} 名，报表未生成"
            )
        if not table.counts_leavers and table.columns == COLUMNS:
            if reference is None:
                reference = sums
            elif sums != reference:
                raise StatisticsError(f"统计核对不一致：“{table.title}”各列合计与其他表不同，报表未生成")
        parent: StatRow | None = None
        for row in table.rows:
            if not row.part:
                parent = row
            elif parent is None or any(p < n for p, n in zip(parent.counts, row.counts, strict=True)):
                raise StatisticsError(
                    f"统计核对不一致：“{table.title}”的“{row.label}”多于所属的行，报表未生成"
                )
    return stats
