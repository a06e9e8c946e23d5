"""The township's 党费 table: per branch, the year's 应收 / 实收 / 欠交 and the members owing 3 and 6
months (counted for follow-up; the program never changes anyone's status)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from dangjian_desktop.core.dues.rules import yuan_text
from dangjian_desktop.core.township import BranchDues, branch_dues
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.filtered_rows_model import FilteredRowsModel
from dangjian_desktop.ui.ops import read
from dangjian_desktop.ui.table_models import fit_columns

Index = QModelIndex | QPersistentModelIndex
COLUMNS: tuple[tuple[str, Callable[[BranchDues], Any]], ...] = (
    ("党支部", lambda r: r.name),
    ("应收（元）", lambda r: r.due_fen),
    ("实收（元）", lambda r: r.paid_fen),
    ("欠交（元）", lambda r: r.owed_fen),
    ("连续3个月以上未交", lambda r: r.owing_3),
    ("连续6个月以上未交", lambda r: r.owing_6),
)


def _text(row: BranchDues, column: int) -> str:
    value = COLUMNS[column][1](row)
    return yuan_text(value) if 1 <= column <= 3 else str(value)


class BranchDuesModel(FilteredRowsModel[BranchDues]):
    titles = tuple(title for title, _ in COLUMNS)

    def set_rows(self, rows: list[BranchDues]) -> None:
        self._rows = rows
        self._refilter()

    def row_id(self, row: BranchDues) -> int:
        return row.branch_id

    def _sort_key(self, column: int) -> Callable[[BranchDues], Any]:
        return COLUMNS[column][1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # only the two roles shown are worked out: sizing the columns asks a county's 1,000 rows for more
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole):
            return None
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(row, index.column())
        value = COLUMNS[index.column()][1](row)
        if index.column() >= 4 and value:
            return QBrush(QColor("#c0392b" if index.column() == 5 else "#b36b00"))
        return None


class BranchDuesView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = BranchDuesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.heading = QLabel()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.heading)
        box.addWidget(self.table)

    def refresh(self) -> None:
        """Reads the table here; the township tab instead hands it the rows read on its worker (show)."""
        today = self.ctx.today()
        self.show(read(self.ctx, branch_dues, today.year, today), today.year)

    def show(self, rows: list[BranchDues], year: int) -> None:
        self.model.set_rows(rows)
        titles = BranchDuesModel.titles
        fit_columns(self.table, titles, [[_text(r, c) for c in range(len(titles))] for r in rows])
        self.heading.setText(
            f"{year}年党费（至今）：应收 {yuan_text(sum(r.due_fen for r in rows))} 元，"
            f"实收 {yuan_text(sum(r.paid_fen for r in rows))} 元，欠交 {yuan_text(sum(r.owed_fen for r in rows))} 元"
        )
