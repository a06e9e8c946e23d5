"""The roster as a table model over plain MemberRow tuples: no widget per cell, no query per row.

Filtering keeps a list of row positions and tests each row's precomputed search key, so a keystroke on
50,000 members is one pass of substring tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.dates import age_on, format_cn
from dangjian_desktop.core.roster import MemberRow
from dangjian_desktop.core.search import normalize_query
from dangjian_desktop.core.text import group_sort_key
from dangjian_desktop.ui.filtered_rows_model import FilteredRowsModel, Index

ACTIVE, LEFT, ALL = "在册", "已离开", "全部"
_DISPLAY, _FOREGROUND, _TOOLTIP, _USER = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.UserRole,
)
_ROLES = frozenset((_DISPLAY, _FOREGROUND, _TOOLTIP, _USER))
_LEFT_BRUSH = QBrush(QColor("#888888"))


def _date(d: dt.date | None) -> str:
    return format_cn(d)


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[MemberRow, dt.date], str]
    sort_key: Callable[[MemberRow, dt.date], Any]


def _age(r: MemberRow, today: dt.date) -> int | None:
    return age_on(r.birth_date, today)


def _field_column(f: member_fields.MemberField) -> Column:
    """A member field's column, titled and ordered by core/member_fields.py."""
    key = f.key
    if f.kind == member_fields.DATE:
        return Column(
            f.table_title or f.label,
            lambda r, t: _date(getattr(r, key)),
            lambda r, t: getattr(r, key) or dt.date.min,
        )
    if key == "name":  # by pinyin, so 张 sorts among the z's
        return Column(f.table_title or f.label, lambda r, t: r.name, lambda r, t: r.search_key.split("|")[1])
    if key == "is_mobile":  # where they went says more than 是
        return Column(
            f.table_title or f.label,
            lambda r, t: (r.mobile_destination or "是") if r.is_mobile else "",
            lambda r, t: r.is_mobile,
        )
    return Column(f.table_title or f.label, lambda r, t: getattr(r, key), lambda r, t: getattr(r, key))


def _columns() -> tuple[Column, ...]:
    columns = [Column("照片", lambda r, t: "有" if r.has_photo else "", lambda r, t: r.has_photo)]
    for f in member_fields.FIELDS:
        if f.table_title:
            columns.append(_field_column(f))
            if f.key == "birth_date":
                columns.append(
                    Column("年龄", lambda r, t: str(_age(r, t) or ""), lambda r, t: _age(r, t) or -1)
                )
    return tuple(columns)


COLUMNS: tuple[Column, ...] = _columns()
# column title -> the member field it shows (照片 and 年龄 are computed)
FIELD_OF_COLUMN = {f.table_title: f.key for f in member_fields.FIELDS if f.table_title}


class RosterTableModel(FilteredRowsModel[MemberRow]):
    titles = tuple(c.title for c in COLUMNS)

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self._today = today
        self._query = ""
        self._group = ""
        self._category = ""
        self._status = ACTIVE
        self._mobile_only = False
        self._keys: list[str] = []
        self._base: list[int] = []
        self._base_filter: tuple[object, ...] | None = None
        self._base_rows: list[MemberRow] | None = None
        self._matched_query = ""
        self._matched: list[int] = []
        self._texts: dict[int, tuple[str, ...]] = {}  # display strings, made when a row is first shown
        self._today_cached = today()

    # --- data in -------------------------------------------------------------------------------
    def set_rows(self, rows: list[MemberRow]) -> None:
        self._rows = rows
        self._keys = [r.search_key for r in rows]
        self._texts.clear()
        self._today_cached = self._today()
        self._refilter()

    def set_filter(
        self,
        *,
        query: str | None = None,
        group: str | None = None,
        category: str | None = None,
        status: str | None = None,
        mobile_only: bool | None = None,
    ) -> None:
        if query is not None:
            self._query = normalize_query(query)
        if group is not None:
            self._group = group
        if category is not None:
            self._category = category
        if status is not None:
            self._status = status
        if mobile_only is not None:
            self._mobile_only = mobile_only
        self._refilter()

    def _compute_visible(self) -> list[int]:
        base_filter = (self._group, self._category, self._status, self._mobile_only)
        if self._base_filter != base_filter or self._base_rows is not self._rows:
            self._base = self._compute_base()
            self._base_filter, self._base_rows = base_filter, self._rows
            self._matched_query, self._matched = "", self._base
        query = self._query
        if not query:
            return list(self._base)
        # Typing narrows: when the new text extends the last one, only the last matches can match.
        pool = self._matched if self._matched_query and query.startswith(self._matched_query) else self._base
        keys = self._keys
        matched = [i for i in pool if query in keys[i]]
        self._matched_query, self._matched = query, matched
        return list(matched)

    def _compute_base(self) -> list[int]:
        group, category, status, mobile_only = self._group, self._category, self._status, self._mobile_only
        result = []
        for i, r in enumerate(self._rows):
            if status == ACTIVE and r.status != ACTIVE or status == LEFT and r.status == ACTIVE:
                continue
            if group and r.party_group != group:
                continue
            if category and r.category != category:
                continue
            if mobile_only and not r.is_mobile:
                continue
            result.append(i)
        return result

    def _sort_key(self, column: int) -> Callable[[MemberRow], Any]:
        key, today = COLUMNS[column].sort_key, self._today_cached
        return lambda row: key(row, today)

    def row_id(self, row: MemberRow) -> int:
        return row.id

    # --- Qt model interface ----------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks about ten roles per visible cell on every paint; answer the unused ones first.
        if role not in _ROLES or not index.isValid():
            return None
        position = self._visible[index.row()]
        if role == _DISPLAY:
            texts = self._texts.get(position)
            if texts is None:
                row, today = self._rows[position], self._today_cached
                texts = self._texts[position] = tuple(c.text(row, today) for c in COLUMNS)
            return texts[index.column()]
        row = self._rows[position]
        if role == _FOREGROUND:
            return _LEFT_BRUSH if not row.is_active else None
        if role == _TOOLTIP:
            return (
                f"{row.status}：{format_cn(row.left_date)} {row.left_reason}" if not row.is_active else None
            )
        return row.id

    # --- lookups ---------------------------------------------------------------------------------
    def groups(self) -> list[str]:
        return sorted({r.party_group for r in self._rows if r.party_group}, key=group_sort_key)
