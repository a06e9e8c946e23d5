"""The shared rows model without a database: plain rows in, sorting, filtering and roles out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt

from dangjian_desktop.ui.table_models import Column, RowsModel, red_when


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    day: dt.date | None
    count: int


COLUMNS = (
    Column("姓名", lambda r: r.name),
    Column("日期", lambda r: r.day.isoformat() if r.day else "", lambda r: r.day),
    Column(
        "次数",
        lambda r: str(r.count),
        lambda r: r.count,
        colour=red_when(lambda r: r.count == 0),
        tooltip=lambda r: f"{r.name}：{r.count}次",
        align=Qt.AlignmentFlag.AlignRight,
    ),
)
ROWS = [
    Row(1, "乙", dt.date(2026, 3, 1), 10),
    Row(2, "甲", None, 9),
    Row(3, "丙", dt.date(2025, 12, 31), 0),
    Row(4, "丁", dt.date(2026, 3, 2), 100),
]


def names(model: RowsModel[Row]) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def make(qapp) -> RowsModel[Row]:
    model: RowsModel[Row] = RowsModel(COLUMNS, row_id=lambda r: r.id)
    model.set_rows(ROWS)
    return model


def test_rows_in_the_order_given_until_sorted(qapp) -> None:
    model = make(qapp)
    assert model.rowCount() == 4 and model.columnCount() == 3
    assert names(model) == ["乙", "甲", "丙", "丁"]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["姓名", "日期", "次数"]
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"


def test_numbers_sort_as_numbers_not_as_text(qapp) -> None:
    model = make(qapp)
    model.sort(2, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 2).data() for r in range(4)] == ["0", "9", "10", "100"]  # as text: 0 10 100 9
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 2).data() for r in range(4)] == ["100", "10", "9", "0"]


def test_dates_sort_as_dates_and_a_missing_date_goes_last(qapp) -> None:
    model = make(qapp)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    # 2025-12-31, the day before 2026-03-01, the day after it, then the row without a date
    assert names(model) == ["丙", "乙", "丁", "甲"]


def test_sort_minus_one_restores_the_given_order(qapp) -> None:
    model = make(qapp)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert names(model) != ["乙", "甲", "丙", "丁"]
    model.sort(-1)
    assert names(model) == ["乙", "甲", "丙", "丁"]


def test_filtering_keeps_the_sort_and_row_lookups_follow_the_view(qapp) -> None:
    model = make(qapp)
    model.sort(2, Qt.SortOrder.AscendingOrder)
    model.set_predicate(lambda r: r.count >= 10)  # the line is 10: 9 out, 10 in
    assert names(model) == ["乙", "丁"]
    assert model.is_filtered()
    assert model.row_at(0).id == 1 and model.position_of(4) == 1 and model.position_of(2) is None
    assert [r.id for r in model.rows] == [1, 4] and [r.id for r in model.rows()] == [1, 4]
    assert len(model.all_rows()) == 4
    model.set_predicate(None)
    assert model.rowCount() == 4 and not model.is_filtered()


def test_roles(qapp) -> None:
    model = make(qapp)
    zero = model.index(2, 2)  # 丙, count 0
    nine = model.index(1, 2)
    assert zero.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c8102e"
    assert nine.data(Qt.ItemDataRole.ForegroundRole) is None
    assert zero.data(Qt.ItemDataRole.ToolTipRole) == "丙：0次"
    assert model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert zero.data(Qt.ItemDataRole.TextAlignmentRole) == Qt.AlignmentFlag.AlignRight
    assert zero.data(Qt.ItemDataRole.UserRole) == 3
    assert zero.data(Qt.ItemDataRole.DecorationRole) is None
    without_id: RowsModel[Row] = RowsModel(COLUMNS)
    without_id.set_rows(ROWS)
    assert without_id.index(0, 0).data(Qt.ItemDataRole.UserRole) == ROWS[0]


def test_changing_columns_drops_a_sort_on_a_column_that_is_gone(qapp) -> None:
    model = make(qapp)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    model.set_columns(COLUMNS[:2])
    assert model.columnCount() == 2
    assert names(model) == ["乙", "甲", "丙", "丁"]
