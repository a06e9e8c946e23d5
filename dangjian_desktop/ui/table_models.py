"""The one column declaration and the one rows model every table of the program uses.

A table is a tuple of `Column`s over plain rows (dataclasses or tuples from core/): the title, the text
a cell shows, how the column sorts (by the text unless a key is given: dates sort as dates, counts as
numbers), and optionally a colour, a tooltip and an alignment. `RowsModel` shows such rows, sorts by any
column (FilteredRowsModel keeps a list of row positions, so sorting never copies rows) and filters by a
predicate; the roster and the 明白卡 tables subclass it only to say how they filter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView

from dangjian_desktop.ui.filtered_rows_model import FilteredRowsModel, Index

R = TypeVar("R")

_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_USER = Qt.ItemDataRole.UserRole
_ROLES = frozenset((_DISPLAY, _FOREGROUND, _BACKGROUND, _TOOLTIP, _ALIGN, _USER))
_BRUSHES: dict[str, QBrush] = {}


def brush(colour: str) -> QBrush:
    """One QBrush per colour, made once (Qt asks for the colour of every visible cell on every paint)."""
    found = _BRUSHES.get(colour)
    if found is None:
        found = _BRUSHES[colour] = QBrush(QColor(colour))
    return found


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None  # None: by the text shown
    colour: Callable[[R], str | None] | None = None  # text colour, e.g. red for what is missing
    background: Callable[[R], str | None] | None = None
    tooltip: Callable[[R], str | None] | None = None
    align: Qt.AlignmentFlag | None = None

    def key(self) -> Callable[[R], Any]:
        return self.sort_key or self.text


def red_when(test: Callable[[R], bool], colour: str = "#C8102E") -> Callable[[R], str | None]:
    """A colour function: `colour` when the row passes the test."""
    return lambda row: colour if test(row) else None


def _none_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


class _ShownRows(list[R]):
    """A list that may also be called: the tables were read both ways before they shared one model."""

    def __call__(self) -> list[R]:
        return list(self)


class RowsModel(FilteredRowsModel[R], Generic[R]):
    """Read-only rows shown through `columns`; UserRole gives `row_id(row)` (the row itself by default)."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        row_id: Callable[[R], Any] | None = None,
    ) -> None:
        super().__init__()
        self.columns: list[Column[R]] = list(columns)
        self.titles = tuple(c.title for c in self.columns)
        self._row_id = row_id
        self._predicate: Callable[[R], bool] | None = None

    # --- data in ---------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self._rows = list(rows)
        self._refilter()

    def set_columns(self, columns: Sequence[Column[R]]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.titles = tuple(c.title for c in self.columns)
        if self._sort is not None and self._sort[0] >= len(self.columns):
            self._sort = None
        self._visible = self._compute_visible()
        self._apply_sort()
        self.endResetModel()

    def set_predicate(self, predicate: Callable[[R], bool] | None) -> None:
        """Shows only the rows the predicate keeps (None: all)."""
        self._predicate = predicate
        self._refilter()

    def is_filtered(self) -> bool:
        return self._predicate is not None

    # --- what rows are visible and how they sort -------------------------------------------------
    def _compute_visible(self) -> list[int]:
        keep = self._predicate
        if keep is None:
            return list(range(len(self._rows)))
        return [i for i in range(len(self._rows)) if keep(self._row(i))]

    def _sort_key(self, column: int) -> Callable[[R], Any]:
        key = self.columns[column].key()
        return lambda row: _none_last(key(row))

    def row_id(self, row: R) -> Any:
        return self._row_id(row) if self._row_id is not None else row

    # --- lookups ---------------------------------------------------------------------------------
    @property
    def rows(self) -> _ShownRows[R]:
        """The rows as shown (filtered and sorted); `model.rows` and `model.rows()` both read them."""
        return _ShownRows(self.visible_rows())

    def all_rows(self) -> list[R]:
        return list(map(self._row, range(len(self._rows))))

    # --- Qt model interface ----------------------------------------------------------------------
    def _cell_text(self, position: int, column: int) -> str:
        return self.columns[column].text(self._row(position))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks about ten roles per visible cell on every paint; answer the unused ones first.
        if role not in _ROLES or not index.isValid():
            return None
        position = self._visible[index.row()]
        if role == _DISPLAY:
            return self._cell_text(position, index.column())
        row = self._row(position)
        if role == _USER:
            return self.row_id(row)
        column = self.columns[index.column()]
        if role == _FOREGROUND:
            colour = column.colour(row) if column.colour else None
            return brush(colour) if colour else self.row_colour(row)
        if role == _BACKGROUND:
            colour = column.background(row) if column.background else None
            return brush(colour) if colour else None
        if role == _TOOLTIP:
            return column.tooltip(row) if column.tooltip else None
        if role == _ALIGN:
            return column.align
        return None

    def row_colour(self, row: R) -> QBrush | None:
        """The text colour of a whole row (e.g. grey for members who left); none by default."""
        return None


class TextRowsModel(RowsModel[list[str]]):
    """Rows of ready text under headers known only at run time (a spreadsheet's preview, a problem list);
    `highlight` columns are greyed (e.g. the columns that will not be imported)."""

    def __init__(self, headers: Sequence[str] = ()) -> None:
        super().__init__(self._columns(headers, set()))

    @staticmethod
    def _columns(headers: Sequence[str], highlight: set[int]) -> list[Column[list[str]]]:
        def cell(i: int) -> Callable[[list[str]], str]:
            return lambda row: row[i] if i < len(row) else ""

        return [
            Column(title, cell(i), colour=(lambda _row: "#999999") if i in highlight else None)
            for i, title in enumerate(headers)
        ]

    def set_rows(  # type: ignore[override]
        self, headers: Sequence[str], rows: Sequence[list[str]], highlight: set[int] | None = None
    ) -> None:
        self.set_columns(self._columns(headers, highlight or set()))
        super().set_rows(rows)

    def row_texts(self) -> list[list[str]]:
        return [list(row) for row in self.visible_rows()]


def fit_columns(table: QTableView, headers: Sequence[str], texts: Sequence[Sequence[str]]) -> None:
    """Each column as wide as its widest text or heading, measured once per read: ResizeToContents
    would lay out every cell of a county's 1,000 rows, for several roles each, on the GUI thread."""
    header = table.horizontalHeader()
    cell, heading = table.fontMetrics(), header.fontMetrics()
    room = cell.horizontalAdvance("国")  # the cell's margins and the sort arrow
    for column, title in enumerate(headers):
        widest = max((cell.horizontalAdvance(t) for t in {row[column] for row in texts}), default=0)
        header.resizeSection(column, max(widest, heading.horizontalAdvance(title)) + room)
