"""The 党费 tab's tables: the year's members (with a tick for 本月收缴) and the remittances."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from dangjian_desktop.core.dues import MemberDues
from dangjian_desktop.core.dues.rules import month_cn, yuan_text
from dangjian_desktop.core.dues.service import RemittanceRow
from dangjian_desktop.ui.filtered_rows_model import FilteredRowsModel

Index = QModelIndex | QPersistentModelIndex
LEVEL_COLOURS = {"提醒": "#b36b00", "警示": "#c0392b"}


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[MemberDues], str]
    sort_key: Callable[[MemberDues], Any]


def _base(r: MemberDues) -> str:
    """The income base, only where the rate depends on it; on screen, never on paper."""
    a = r.assessed
    return yuan_text(a.income_fen) if a and a.rate_permyriad is not None and a.income_fen is not None else ""


def _monthly(r: MemberDues) -> str:
    if r.assessed is None:
        return "未核定"
    text = yuan_text(r.monthly_fen)
    if r.assessed.reduced_fen is not None:
        text += "（免交）" if r.exempt else "（少交）"
    return text


COLUMNS: tuple[Column, ...] = (
    Column("收缴", lambda r: "", lambda r: 0),  # the tick box for 本月收缴
    Column("姓名", lambda r: r.name, lambda r: r.name),
    Column("类别", lambda r: r.kind, lambda r: r.kind),
    Column("基数（元）", _base, lambda r: (r.assessed.income_fen or 0) if r.assessed else -1),
    Column("比例", lambda r: r.rate, lambda r: r.assessed.rate_permyriad or 0 if r.assessed else -1),
    Column("每月（元）", _monthly, lambda r: r.monthly_fen if r.monthly_fen is not None else -1),
    Column(
        "交至", lambda r: month_cn(r.paid_through) if r.paid_through else "", lambda r: r.paid_through or ""
    ),
    Column("欠交月数", lambda r: str(r.owed_months) if r.owed_months else "", lambda r: r.owed_months),
    Column("提示", lambda r: "；".join(r.warnings), lambda r: (r.unpaid_run, len(r.warnings))),
)
TICK = 0


class DuesTableModel(FilteredRowsModel[MemberDues]):
    titles = tuple(c.title for c in COLUMNS)

    def __init__(self) -> None:
        super().__init__()
        self._ticked: set[int] = set()

    def set_rows(self, rows: list[MemberDues]) -> None:
        self._rows = rows
        present = {r.member_id for r in rows}
        self._ticked &= present
        self._refilter()

    def row_id(self, row: MemberDues) -> int:
        return row.member_id

    def _sort_key(self, column: int) -> Callable[[MemberDues], Any]:
        if column == TICK:
            return lambda r: r.member_id not in self._ticked
        return COLUMNS[column].sort_key

    # --- ticks -----------------------------------------------------------------------------------
    def ticked(self) -> list[int]:
        return [r.member_id for r in self.visible_rows() if r.member_id in self._ticked]

    def set_ticked(self, member_ids: set[int] | list[int]) -> None:
        self._ticked = set(member_ids)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, TICK), self.index(self.rowCount() - 1, TICK))

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() and index.column() == TICK else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != TICK or role != Qt.ItemDataRole.CheckStateRole:
            return False
        member_id = self.row_at(index.row()).member_id
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        (self._ticked.add if checked else self._ticked.discard)(member_id)
        self.dataChanged.emit(index, index, [role])
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == TICK:
            return Qt.CheckState.Checked if row.member_id in self._ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and column.title in ("提示", "欠交月数"):
            colour = LEVEL_COLOURS.get(row.level) or ("#999999" if row.assessed is None else None)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.title in (
            "基数（元）",
            "每月（元）",
            "欠交月数",
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.title == "提示":
            return "\n".join(row.warnings) or None
        if role == Qt.ItemDataRole.UserRole:
            return row.member_id
        return None


REMITTANCE_TITLES = ("期间", "金额（元）", "上缴日期", "收据号", "备注")


class RemittanceModel(FilteredRowsModel[RemittanceRow]):
    titles = REMITTANCE_TITLES

    def set_rows(self, rows: list[RemittanceRow]) -> None:
        self._rows = rows
        self._refilter()

    def row_id(self, row: RemittanceRow) -> int:
        return row.id

    def _sort_key(self, column: int) -> Callable[[RemittanceRow], Any]:
        return lambda r: (r.first_month, r.amount_fen, r.remitted_date, r.receipt_no, r.note)[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.row_at(index.row())
        period = month_cn(r.first_month) + (
            "" if r.first_month == r.last_month else f"至{month_cn(r.last_month)}"
        )
        return (period, yuan_text(r.amount_fen), r.remitted_date.isoformat(), r.receipt_no, r.note)[
            index.column()
        ]
