"""The roster as a table model over plain MemberRow tuples: no widget per cell, no query per row.

Filtering keeps a list of row positions and tests each row's precomputed search key, so a keystroke on
50,000 members is one pass of substring tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import compress, islice
from operator import attrgetter, countOf

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.dates import age_on, format_cn
from dangjian_desktop.core.member_rows import MemberRow
from dangjian_desktop.core.search import normalize_query
from dangjian_desktop.core.text import group_sort_key
from dangjian_desktop.ui.table_models import Column, RowsModel, brush

ACTIVE, LEFT, ALL = "在册", "已离开", "全部"  # 在册 is also the status of a member on the roster
_STATUS, _GROUP = attrgetter("status"), attrgetter("party_group")
_DISPLAY = Qt.ItemDataRole.DisplayRole
_LEFT_COLOUR = "#888888"


def _date(d: dt.date | None) -> str:
    return format_cn(d)


def _field_column(f: member_fields.MemberField) -> Column[MemberRow]:
    """A member field's column, titled by core/member_fields.py; how it shows and sorts by its kind."""
    key, title = f.key, f.table_title or f.label
    if f.kind == member_fields.DATE:
        return Column(title, lambda r: _date(getattr(r, key)), lambda r: getattr(r, key) or dt.date.min)
    if key == "name":  # by pinyin, so 张 sorts among the z's
        return Column(title, lambda r: r.name, lambda r: r.search_key.split("|")[1])
    if key == "party_group":  # 第一、第二、第三 in that order
        return Column(title, lambda r: r.party_group, lambda r: group_sort_key(r.party_group))
    if key == "status":
        return Column(
            title,
            lambda r: r.status,
            tooltip=lambda r: (
                None if r.is_active else f"{r.status}：{format_cn(r.left_date)} {r.left_reason}"
            ),
        )
    if key == "is_mobile":  # where they went says more than 是
        return Column(
            title, lambda r: (r.mobile_destination or "是") if r.is_mobile else "", lambda r: r.is_mobile
        )
    return Column(title, lambda r: getattr(r, key))


# The phone comes early so it is on screen without scrolling sideways on a 1093 px wide window.
_EARLY = ("name", "gender", "ethnicity", "birth_date", "phone")


def roster_columns(today: Callable[[], dt.date]) -> tuple[Column[MemberRow], ...]:
    """The roster's columns, one per member field the declaration gives a table title, plus 照片 and
    年龄 (computed; the age on `today()`, fixed in tests)."""

    def age(r: MemberRow) -> int | None:
        return age_on(r.birth_date, today())

    titled = [f for f in member_fields.FIELDS if f.table_title]
    ordered = sorted(titled, key=lambda f: _EARLY.index(f.key) if f.key in _EARLY else len(_EARLY))
    columns: list[Column[MemberRow]] = [
        Column("照片", lambda r: "有" if r.has_photo else "", lambda r: r.has_photo)
    ]
    for f in ordered:
        columns.append(_field_column(f))
        if f.key == "birth_date":
            columns.append(Column("年龄", lambda r: str(age(r) or ""), lambda r: age(r) or -1))
    return tuple(columns)


COLUMNS: tuple[Column[MemberRow], ...] = roster_columns(dt.date.today)
# column title -> the member field it shows (照片 and 年龄 are computed)
FIELD_OF_COLUMN = {f.table_title: f.key for f in member_fields.FIELDS if f.table_title}
# the width of each column in characters of the interface font
COLUMN_CHARS: dict[str, int] = {
    "照片": 3,
    "姓名": 5,
    "性别": 3,
    "民族": 5,
    "出生日期": 8,
    "联系电话": 8,
    "年龄": 3,
    "学历": 6,
    "入党日期": 8,
    "转正日期": 8,
    "人员类别": 5,
    "党小组": 6,
    "党籍状态": 4,
    "流动党员": 6,
}


class RosterTableModel(RowsModel[MemberRow]):
    titles = tuple(c.title for c in COLUMNS)

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(roster_columns(lambda: self._today_cached), row_id=lambda r: r.id)
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
    def set_rows(self, rows: list[MemberRow]) -> None:  # type: ignore[override]
        self._rows = rows
        self._keys = [r.search_key for r in rows]
        self._texts.clear()
        self._today_cached = self._today()
        self._refilter()

    def append_rows(self, rows: list[MemberRow]) -> None:
        """More rows after those already in (the roster read in chunks at start): the ones the filters
        let through are inserted below the shown ones, so the view keeps its place and selection."""
        if not rows:
            return
        start = len(self._rows)
        self._rows.extend(rows)
        self._keys.extend(r.search_key for r in rows)
        if self._sort is not None or self._base_rows is not self._rows:
            self._refilter()  # sorted by a column: the new rows belong anywhere, so lay out again
            return
        new = self._base_from(start)
        self._base.extend(new)
        query, keys = self._query, self._keys
        shown = [i for i in new if query in keys[i]] if query else new
        if query and self._matched_query:
            self._matched.extend(i for i in new if self._matched_query in keys[i])
        if shown:
            first = len(self._visible)
            self.beginInsertRows(QModelIndex(), first, first + len(shown) - 1)
            self._visible.extend(shown)
            self.endInsertRows()

    def is_filtered(self) -> bool:
        return bool(self._query or self._group or self._category or self._mobile_only)

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
        return self._base_from(0)

    def _base_from(self, start: int) -> list[int]:
        """The positions from `start` on that the filters other than the search text let through; by
        the status alone (as at start) in one comparison a row, not a method call."""
        rows, end = self._rows, len(self._rows)
        if self._group or self._category or self._mobile_only:
            return [i for i in range(start, end) if self._in_base(rows[i])]
        if self._status in (ACTIVE, LEFT):
            wanted = ACTIVE.__eq__ if self._status == ACTIVE else ACTIVE.__ne__
            # the positions whose status is wanted, in C: 50,000 rows at start
            return list(compress(range(start, end), map(wanted, map(_STATUS, islice(rows, start, None)))))
        return list(range(start, end))

    def _in_base(self, r: MemberRow) -> bool:
        """Whether the filters other than the search text let the row through."""
        status = self._status
        if status == ACTIVE and r.status != ACTIVE or status == LEFT and r.status == ACTIVE:
            return False
        if self._group and r.party_group != self._group:
            return False
        if self._category and r.category != self._category:
            return False
        return not (self._mobile_only and not r.is_mobile)

    # --- Qt model interface ----------------------------------------------------------------------
    def _cell_text(self, position: int, column: int) -> str:
        texts = self._texts.get(position)
        if texts is None:
            row = self._rows[position]
            texts = self._texts[position] = tuple(c.text(row) for c in self.columns)
        return texts[column]

    def row_colour(self, row: MemberRow) -> QBrush | None:
        return None if row.is_active else brush(_LEFT_COLOUR)

    # --- lookups ---------------------------------------------------------------------------------
    def groups(self) -> list[str]:
        return sorted(set(map(_GROUP, self._rows)) - {"", None}, key=group_sort_key)

    def count_active(self, rows: list[MemberRow]) -> int:
        """How many of `rows` are 在册 (r.is_active), counted in C."""
        return countOf(map(_STATUS, rows), ACTIVE)
