"""Table models over the plain rows of core/cards.py: the year's roster of cards, and one card's clauses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from dangjian_desktop.core import cards
from dangjian_desktop.core.cards import CardStatusRow, Clause
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.ui.filtered_rows_model import FilteredRowsModel

Index = QModelIndex | QPersistentModelIndex
ALL_STATES = "全部"

# how far along the cycle a state is, for sorting and for colour
STATE_ORDER = {state: n for n, state in enumerate(cards.STATES)}
STATE_COLOURS = {
    cards.NO_CARD: "#999999",
    cards.DRAFTING: "#b36b00",
    cards.POSTED: "#1b7d2c",
    cards.REVIEWED: "#1a4f9c",
}


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[CardStatusRow], str]
    sort_key: Callable[[CardStatusRow], Any]


def _commitments(r: CardStatusRow) -> str:
    if r.card_id is None:
        return ""
    warn = cards.commitment_warning(r.commitment_count)
    return f"{r.commitment_count}{' ⚠' if warn else ''}"


COLUMNS: tuple[Column, ...] = (
    Column("姓名", lambda r: r.name, lambda r: r.name),
    Column("党小组", lambda r: r.party_group, lambda r: r.party_group),
    Column("状态", lambda r: r.state, lambda r: STATE_ORDER.get(r.state, 0)),
    Column("岗位", lambda r: r.post, lambda r: r.post),
    Column("条款", lambda r: str(r.clause_count) if r.card_id else "", lambda r: r.clause_count),
    Column("承诺事项", _commitments, lambda r: r.commitment_count),
    Column(
        "已完成",
        lambda r: f"{r.done_count}/{r.clause_count}" if r.card_id else "",
        lambda r: r.done_count / r.clause_count if r.clause_count else -1,
    ),
    Column("年终评诺", lambda r: r.year_end_result, lambda r: r.year_end_result),
)


class CardsTableModel(FilteredRowsModel[CardStatusRow]):
    titles = tuple(c.title for c in COLUMNS)

    def __init__(self) -> None:
        super().__init__()
        self._state = ALL_STATES

    def set_rows(self, rows: list[CardStatusRow]) -> None:
        self._rows = rows
        self._refilter()

    def set_state_filter(self, state: str) -> None:
        self._state = state
        self._refilter()

    def _compute_visible(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if self._state in (ALL_STATES, r.state)]

    def _sort_key(self, column: int) -> Callable[[CardStatusRow], Any]:
        return COLUMNS[column].sort_key

    def row_id(self, row: CardStatusRow) -> int:
        return row.member_id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[self._visible[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()].text(row)
        if role == Qt.ItemDataRole.ForegroundRole and COLUMNS[index.column()].title == "状态":
            return QBrush(QColor(STATE_COLOURS.get(row.state, "#333333")))
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[index.column()].title == "承诺事项":
            return cards.commitment_warning(row.commitment_count) if row.card_id else None
        if role == Qt.ItemDataRole.UserRole:
            return row.member_id
        return None


CLAUSE_COLUMNS = ("类别", "条款", "完成", "完成日期", "备注")
SHORT_CATEGORY = {
    cards.REQUIRED: "必须参加",
    cards.CHOSEN: "个人选定",
    cards.POST_DUTY: "设岗定责",
    cards.COMMITMENT: "承诺事项",
}


class ClauseTableModel(QAbstractTableModel):
    """One card's clauses for marking them done (践诺)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Clause] = []

    def set_rows(self, rows: list[Clause]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(CLAUSE_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        clause = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                SHORT_CATEGORY.get(clause.category, clause.category),
                clause.text,
                "✔ 已完成" if clause.done else "未完成",
                format_cn(clause.done_date),
                clause.note,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return QBrush(QColor("#1b7d2c" if clause.done else "#999999"))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return clause.text
        if role == Qt.ItemDataRole.UserRole:
            return clause.id
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return CLAUSE_COLUMNS[section]
        return None

    def clause_at(self, position: int) -> Clause:
        return self._rows[position]
