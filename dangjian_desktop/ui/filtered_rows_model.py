"""A table model over plain rows with a filtered, sortable view of them: the shape the roster and the
明白卡 tables share. Subclasses say which rows are visible, how a column sorts and what a row's id is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class FilteredRowsModel(QAbstractTableModel, Generic[Row]):
    titles: Sequence[str] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []
        self._visible: list[int] = []  # positions in _rows, in display order
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- for subclasses --------------------------------------------------------------------------
    def _compute_visible(self) -> list[int]:
        return list(range(len(self._rows)))

    def _sort_key(self, column: int) -> Callable[[Row], Any]:
        raise NotImplementedError

    def row_id(self, row: Row) -> int:
        raise NotImplementedError

    def _row(self, i: int) -> Row:
        """The row at position i of _rows as callers and columns see it; a model that keeps its rows
        in another shape (the roster's stored lines) makes it here."""
        return self._rows[i]

    def _refilter(self) -> None:
        self.beginResetModel()
        self._visible = self._compute_visible()
        self._apply_sort()
        self.endResetModel()

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        key, row = self._sort_key(column), self._row
        self._visible.sort(key=lambda i: key(row(i)), reverse=order == Qt.SortOrder.DescendingOrder)

    # --- Qt model interface ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.titles)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.titles[section]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # sortByColumn(-1) means "the order the rows came in"; indexing with -1 would sort by the last column
        self._sort = (column, order) if 0 <= column < len(self.titles) else None
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()  # the selection, the current cell: they follow their rows
        rows_kept = [self._visible[index.row()] for index in kept]
        if self._sort is None:
            self._visible = self._compute_visible()  # back to the order the rows came in
        self._apply_sort()
        if kept:
            now = {i: position for position, i in enumerate(self._visible)}
            moved = [
                self.index(now[i], index.column()) if i in now else QModelIndex()
                for i, index in zip(rows_kept, kept, strict=True)
            ]
            self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    # --- lookups ---------------------------------------------------------------------------------
    def row_at(self, position: int) -> Row:
        return self._row(self._visible[position])

    def position_of(self, row_id: int) -> int | None:
        for position, i in enumerate(self._visible):
            if self.row_id(self._row(i)) == row_id:
                return position
        return None

    def visible_rows(self) -> list[Row]:
        return list(map(self._row, self._visible))
