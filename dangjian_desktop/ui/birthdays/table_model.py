"""Table models over plain rows from core/birthdays: columns are (title, text, tooltip) functions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from dangjian_desktop.core.birthdays import (
    SIX_ITEMS,
    BirthdayRow,
    MedalRow,
    MissingDateRow,
    RecordRow,
)
from dangjian_desktop.core.dates import format_cn

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")
DONE = "✓"
MILESTONE_BRUSH = QBrush(QColor("#C8102E"))


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    highlight: Callable[[R], bool] | None = None  # red text: milestones, what is missing


class RowsModel(QAbstractTableModel, Generic[R]):
    def __init__(self, columns: Sequence[Column[R]]) -> None:
        super().__init__()
        self.columns = list(columns)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_columns(self, columns: Sequence[Column[R]]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, position: int) -> R:
        return self._rows[position]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.highlight and column.highlight(row):
            return MILESTONE_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and column.text(row) == DONE:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


def _md(row: BirthdayRow) -> str:
    return f"{row.date.month}月{row.date.day}日"


def _milestone(row: BirthdayRow) -> str:
    return f"入党{row.years}周年" if row.milestone else ""


BIRTHDAY_COLUMNS: list[Column[BirthdayRow]] = [
    Column("政治生日", lambda r: format_cn(r.date)),
    Column("姓名", lambda r: r.name),
    Column("党小组", lambda r: r.party_group),
    Column("人员类别", lambda r: r.category),
    Column("入党日期", lambda r: format_cn(r.join_date)),
    Column("第几个", lambda r: f"第{r.years}个"),
    Column("逢十纪念", _milestone, lambda r: bool(r.milestone)),
]


def _item_column(item: str) -> Column[RecordRow]:
    return Column(item, lambda r: DONE if item in r.done else "")


def record_columns(x_items: Sequence[str] = ()) -> list[Column[RecordRow]]:
    """The month view: who, when, then one column per 6+X item, then what is still missing."""
    return [
        Column("政治生日", lambda r: _md(r.birthday)),
        Column("姓名", lambda r: r.birthday.name),
        Column("党小组", lambda r: r.birthday.party_group),
        Column("入党日期", lambda r: format_cn(r.birthday.join_date)),
        Column("第几个", lambda r: f"第{r.birthday.years}个"),
        Column("逢十纪念", lambda r: _milestone(r.birthday), lambda r: bool(r.birthday.milestone)),
        *[_item_column(item) for item in SIX_ITEMS],
        *[_item_column(item) for item in x_items],
        Column("尚缺", lambda r: "、".join(r.missing) if r.missing else "已完成", lambda r: bool(r.missing)),
    ]


MISSING_RECORD_COLUMNS: list[Column[RecordRow]] = [
    Column("政治生日", lambda r: format_cn(r.birthday.date)),
    Column("姓名", lambda r: r.birthday.name),
    Column("党小组", lambda r: r.birthday.party_group),
    Column("第几个", lambda r: f"第{r.birthday.years}个"),
    Column("尚缺", lambda r: "、".join(r.missing), lambda r: True),
]

MEDAL_COLUMNS: list[Column[MedalRow]] = [
    Column("年度", lambda r: f"{r.year}年"),
    Column("姓名", lambda r: r.name),
    Column("党小组", lambda r: r.party_group),
    Column("入党日期", lambda r: format_cn(r.join_date)),
    Column(
        "转正日期", lambda r: format_cn(r.full_date) + ("（缺，按入党满一年估算）" if r.estimated else "")
    ),
    Column("党龄满50年", lambda r: format_cn(r.reach_date)),
    Column("七一前满50年", lambda r: "是" if r.by_july_first else "否（七一之后才满）"),
]

MISSING_DATE_COLUMNS: list[Column[MissingDateRow]] = [
    Column("姓名", lambda r: r.name),
    Column("党小组", lambda r: r.party_group),
    Column("人员类别", lambda r: r.category),
    Column("问题", lambda r: "缺入党日期，无法提醒政治生日", lambda r: True),
]
