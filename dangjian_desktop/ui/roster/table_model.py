"""The roster as a table model over stored lines (core/member_rows.py): no widget per cell, no query
per row, no object per member until it is shown.

The model keeps the tuples the database driver gave for the fields the table needs (ROSTER_LINE) and
makes a RosterLine of one only when a cell, a sort or a caller asks for that member; filtering reads
the stored values in C. It keeps a list of row positions and tests each row's precomputed search key,
so a keystroke on 50,000 members is one pass of substring tests. The whole member (for the detail pane
and the form) is read when one is looked at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from itertools import compress, islice
from operator import countOf
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.dates import age_on, format_cn
from dangjian_desktop.core.member_rows import MemberLine, line_class
from dangjian_desktop.core.search import normalize_query
from dangjian_desktop.core.text import group_sort_key
from dangjian_desktop.ui.table_models import Column, RowsModel, brush

ACTIVE, LEFT, ALL = "在册", "已离开", "全部"  # 在册 is also the status of a member on the roster
_DISPLAY = Qt.ItemDataRole.DisplayRole
_LEFT_COLOUR = "#888888"

# What the table filters, counts and searches every member by: read for all members at start.
_KEY_FIELDS = ("status", "party_group", "category", "is_mobile", "search_key")
# What the table shows of a member: the key fields first, then the fields it has a column for and what
# those columns also use (the 党籍状态 tooltip, where a 流动党员 went, the photo mark). Read for the first
# screen at start and for other rows when they are shown. The rest of a member (ID number, address,
# note...) is read when the member is looked at.
ROSTER_LINE = line_class(
    "RosterLine",
    [
        *_KEY_FIELDS,
        *(f.key for f in member_fields.FIELDS if f.table_title and f.key not in _KEY_FIELDS),
        "left_date",
        "left_reason",
        "mobile_destination",
        "has_photo",
    ],
)
ROSTER_KEYS = line_class("RosterKeys", _KEY_FIELDS)  # the start of ROSTER_LINE
_WHOLE = len(ROSTER_LINE.names) + 1  # a stored line of ROSTER_LINE: its roster rank, then the fields
_SCREEN = 200  # rows whose shown fields are read at once: more than a maximised window shows
_ID, _KEY = ROSTER_LINE.getter("id"), ROSTER_LINE.getter("search_key")
_STATUS, _GROUP = ROSTER_LINE.getter("status"), ROSTER_LINE.getter("party_group")
_CATEGORY, _MOBILE = ROSTER_LINE.getter("category"), ROSTER_LINE.getter("is_mobile")
Stored = tuple[Any, ...]  # a stored line (core.member_rows.iter_member_lines)


def _date(d: dt.date | None) -> str:
    return format_cn(d)


def _field_column(f: member_fields.MemberField) -> Column[MemberLine]:
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


def roster_columns(today: Callable[[], dt.date]) -> tuple[Column[MemberLine], ...]:
    """The roster's columns, one per member field the declaration gives a table title, plus 照片 and
    年龄 (computed; the age on `today()`, fixed in tests)."""

    def age(r: MemberLine) -> int | None:
        return age_on(r.birth_date, today())

    titled = [f for f in member_fields.FIELDS if f.table_title]
    ordered = sorted(titled, key=lambda f: _EARLY.index(f.key) if f.key in _EARLY else len(_EARLY))
    columns: list[Column[MemberLine]] = [
        Column("照片", lambda r: "有" if r.has_photo else "", lambda r: r.has_photo)
    ]
    for f in ordered:
        columns.append(_field_column(f))
        if f.key == "birth_date":
            columns.append(Column("年龄", lambda r: str(age(r) or ""), lambda r: age(r) or -1))
    return tuple(columns)


COLUMNS: tuple[Column[MemberLine], ...] = roster_columns(dt.date.today)
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


class RosterTableModel(RowsModel[MemberLine]):
    """Rows in are stored lines (set_rows, append_rows: what iter_member_lines gives for ROSTER_LINE, or
    for ROSTER_KEYS when `read_shown` is given); rows out (row_at, visible_rows, all_rows, what the
    columns get) are ROSTER_LINEs made of them.

    A line that holds only the keys gets its shown fields from `read_shown` (ids -> their stored
    ROSTER_LINEs) when it is first shown, together with a screen of the rows shown around it; a sort by
    a column and the callers of all or visible rows get every member's first.
    """

    titles = tuple(c.title for c in COLUMNS)
    line = ROSTER_LINE  # what the stored lines it is fed hold
    keys_line = ROSTER_KEYS  # what it may be fed for the rows after the first screen

    def __init__(
        self,
        today: Callable[[], dt.date] = dt.date.today,
        read_shown: Callable[[list[int]], dict[int, Stored]] | None = None,
    ) -> None:
        super().__init__(roster_columns(lambda: self._today_cached), row_id=lambda r: r.id)
        self._today = today
        self._read_shown = read_shown
        self._query = ""
        self._group = ""
        self._category = ""
        self._status = ACTIVE
        self._mobile_only = False
        self._keys: list[str] = []
        self._base: list[int] = []
        self._base_filter: tuple[object, ...] | None = None
        self._base_rows: list[Stored] | None = None
        self._matched_query = ""
        self._matched: list[int] = []
        self._texts: dict[int, tuple[str, ...]] = {}  # display strings, made when a row is first shown
        self._today_cached = today()

    # --- data in -------------------------------------------------------------------------------
    def set_rows(self, rows: list[Stored]) -> None:  # type: ignore[override]
        self._rows = rows  # type: ignore[assignment]
        self._keys = list(map(_KEY, rows))
        self._texts.clear()
        self._today_cached = self._today()
        self._refilter()

    def append_rows(self, rows: list[Stored]) -> None:
        """More rows after those already in (the roster read in chunks at start): the ones the filters
        let through are inserted below the shown ones, so the view keeps its place and selection."""
        if not rows:
            return
        start = len(self._rows)
        self._rows.extend(rows)  # type: ignore[arg-type]
        self._keys.extend(map(_KEY, rows))
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

    def _in_base(self, r: Stored) -> bool:
        """Whether the filters other than the search text let the stored line through."""
        status = self._status
        if status == ACTIVE and _STATUS(r) != ACTIVE or status == LEFT and _STATUS(r) == ACTIVE:
            return False
        if self._group and _GROUP(r) != self._group:
            return False
        if self._category and _CATEGORY(r) != self._category:
            return False
        return not (self._mobile_only and not _MOBILE(r))

    # --- lines that hold only the keys ------------------------------------------------------------
    def _row(self, i: int) -> MemberLine:
        stored = self._rows[i]
        if len(stored) < _WHOLE:
            self._read_near(i)
            stored = self._rows[i]
        return ROSTER_LINE(stored)

    def _read_near(self, i: int) -> None:
        """The shown fields of the member at position i and of a screen of rows shown around it."""
        try:
            shown = self._visible.index(i)
        except ValueError:  # not shown (a caller asked for it by position)
            near = [i]
        else:
            near = self._visible[max(0, shown - _SCREEN // 4) : shown + _SCREEN]
        self._read_whole([p for p in near if len(self._rows[p]) < _WHOLE])

    def _read_all(self, positions: Iterable[int] | None = None) -> None:
        rows = self._rows
        wanted = range(len(rows)) if positions is None else positions
        self._read_whole([p for p in wanted if len(rows[p]) < _WHOLE])

    def _read_whole(self, positions: list[int]) -> None:
        if not positions:
            return
        rows = self._rows
        read = self._read_shown([_ID(rows[p]) for p in positions]) if self._read_shown else {}
        for p in positions:
            keys = rows[p]
            whole = read.get(_ID(keys))
            # its rank kept; a member deleted since its keys were read shows its keys and empty cells
            rows[p] = (keys[0], *whole[1:]) if whole is not None else keys + (None,) * (_WHOLE - len(keys))

    def _apply_sort(self) -> None:
        if self._sort is not None:
            self._read_all()
        super()._apply_sort()

    def visible_rows(self) -> list[MemberLine]:
        self._read_all(self._visible)
        return super().visible_rows()

    def all_rows(self) -> list[MemberLine]:
        self._read_all()
        return super().all_rows()

    # --- Qt model interface ----------------------------------------------------------------------
    def _cell_text(self, position: int, column: int) -> str:
        texts = self._texts.get(position)
        if texts is None:
            row = self._row(position)
            texts = self._texts[position] = tuple(c.text(row) for c in self.columns)
        return texts[column]

    def row_colour(self, row: MemberLine) -> QBrush | None:
        return None if row.is_active else brush(_LEFT_COLOUR)

    # --- lookups ---------------------------------------------------------------------------------
    def position_of(self, row_id: int) -> int | None:
        rows = self._rows
        for position, i in enumerate(self._visible):
            if _ID(rows[i]) == row_id:
                return position
        return None

    def groups(self) -> list[str]:
        return sorted(set(map(_GROUP, self._rows)) - {"", None}, key=group_sort_key)

    def count_active(self, rows: list[Stored]) -> int:
        """How many of the stored lines are 在册, counted in C."""
        return countOf(map(_STATUS, rows), ACTIVE)
