"""The 发展党员 list as a table: one row per person, overdue ones first (the order the service gives)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.develop.queries import PathRow
from dangjian_desktop.ui.filtered_rows_model import FilteredRowsModel

Index = QModelIndex | QPersistentModelIndex
OVERDUE = QColor("#b00020")


class PathTableModel(FilteredRowsModel[PathRow]):
    titles = ("编号", "姓名", "阶段", "下一步", "应完成日期", "提示")

    def __init__(self, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self._today = today

    def set_rows(self, rows: list[PathRow]) -> None:
        self._rows = list(rows)
        self._refilter()

    def row_id(self, row: PathRow) -> int:
        return row.id

    def _sort_key(self, column: int) -> Callable[[PathRow], Any]:
        keys: list[Callable[[PathRow], Any]] = [
            lambda r: r.id,
            lambda r: r.name,
            lambda r: r.stage,
            lambda r: r.state.next_step,
            lambda r: r.state.due or dt.date.max,
            lambda r: len(r.state.warnings),
        ]
        return keys[column]

    def _text(self, row: PathRow, column: int) -> str:
        if column == 0:
            return str(row.id)
        if column == 1:
            return row.name
        if column == 2:
            return row.stage
        if column == 3:
            return row.state.next_step
        if column == 4:
            late = "（已逾期）" if row.overdue(self._today()) else ""
            return format_cn(row.state.due) + late
        return f"{len(row.state.warnings)} 条" if row.state.warnings else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4 and row.overdue(self._today()):
            return OVERDUE
        if role == Qt.ItemDataRole.ToolTipRole and row.state.warnings:
            return "\n".join(row.state.warnings)
        return None
