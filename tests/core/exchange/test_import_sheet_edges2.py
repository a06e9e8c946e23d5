"""Reading a roster workbook's sheets (core/exchange/importing/sheet.py), real .xlsx files written with
openpyxl: the first sheet with a header is taken (the visible ones before the hidden ones), else the first
sheet; the sheets not taken are named; the cells are read from A1 whatever the first filled cell; the
rectangle calamine gives is checked against MAX_CELLS on its line (MAX_CELLS made small for the test, so
that the line lies at 100 cells); a file of one byte is no empty file; a sheet of no rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from dangjian_desktop.core.exchange.importing import RosterImportError, load, read_table
from dangjian_desktop.core.exchange.importing import sheet as sheet_module
from dangjian_desktop.core.exchange.importing.sheet import read_table as read_sheet
from dangjian_desktop.core.exchange.importing.vocabulary import find_header

HEADER = ["姓名", "公民身份号码", "性别"]


def _book(path: Path, sheets: list[tuple[str, list[list[Any]], str]]) -> Path:
    """(title, rows, state) per sheet; state "visible", "hidden" or "veryHidden"."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows, state in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    workbook.save(path)
    return path


def test_the_first_sheet_with_a_header_is_read_and_the_others_named(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "x.xlsx",
        [
            ("说明", [["填表说明：请按实际填写"], ["姓名请写全"]], "visible"),
            ("花名册", [HEADER, ["王建国", "", "男"]], "visible"),
            ("备用", [HEADER, ["李秀英", "", "女"]], "visible"),
        ],
    )
    table = read_sheet(path, find_header=find_header)
    assert (table.sheet, table.rows, table.other_sheets) == (
        "花名册",
        [HEADER, ["王建国", "", "男"]],
        ["说明", "备用"],
    )
    # without a header finder, or with no header anywhere: the first sheet, the others named
    first = read_sheet(path)
    assert (first.sheet, first.other_sheets) == ("说明", ["花名册", "备用"])
    assert first.rows == [["填表说明：请按实际填写"], ["姓名请写全"]]
    nothing = read_sheet(path, find_header=lambda rows: None)
    assert (nothing.sheet, nothing.other_sheets) == ("说明", ["花名册", "备用"])


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_visible_sheet_before_a_hidden_one(tmp_path: Path, state: str) -> None:
    path = _book(
        tmp_path / "x.xlsx",
        [
            ("旧名册", [HEADER, ["旧人", "", "男"]], state),
            ("说明", [["说明"]], "visible"),
            ("名册", [HEADER, ["王建国", "", "男"]], "visible"),
        ],
    )
    table = read_sheet(path, find_header=find_header)
    assert (table.sheet, table.other_sheets) == ("名册", ["旧名册", "说明"])
    # no header among the visible: the hidden one is looked at after them
    only_hidden = _book(
        tmp_path / "y.xlsx", [("旧名册", [HEADER, ["旧人"]], state), ("说明", [["说明"]], "visible")]
    )
    assert read_sheet(only_hidden, find_header=find_header).sheet == "旧名册"
    # and with no header at all, the first visible sheet
    assert read_sheet(only_hidden).sheet == "说明"


def test_cells_are_read_from_a1_whatever_the_first_filled_cell(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet["B3"], sheet["C3"] = "姓名", "性别"
    sheet["B4"], sheet["C4"] = "王建国", "男"
    sheet["E9"].number_format = "@"  # formatted, empty: no row 9
    workbook.save(tmp_path / "x.xlsx")
    rows = read_table(tmp_path / "x.xlsx").rows
    assert rows[2][1:3] == ["姓名", "性别"] and rows[3][1:3] == ["王建国", "男"]
    assert len(rows) == 4 and rows[0] == ["", "", ""]  # empty cells read as ""


def test_a_sheet_of_no_rows(tmp_path: Path) -> None:
    path = _book(tmp_path / "empty.xlsx", [("Sheet1", [], "visible")])
    table = read_table(path)
    assert (table.sheet, table.rows, table.other_sheets) == ("Sheet1", [], [])
    with pytest.raises(RosterImportError):
        load(path)


@pytest.mark.parametrize(
    ("rows", "columns", "far"),
    [(10, 10, None), (11, 10, "J11"), (10, 11, "K10"), (1, 100, None), (1, 101, "CW1")],
)
def test_the_sheet_calamine_reads_is_checked_on_max_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int, columns: int, far: str | None
) -> None:
    monkeypatch.setattr(sheet_module, "MAX_CELLS", 100)
    path = _book(
        tmp_path / "x.xlsx", [("表", [[f"{r}-{c}" for c in range(columns)] for r in range(rows)], "visible")]
    )
    if far is None:
        table = read_table(path)
        assert (len(table.rows), len(table.rows[-1])) == (rows, columns)
    else:
        with pytest.raises(RosterImportError, match=f"^“x.xlsx”中有内容远在表格之外（最远到单元格 {far}）"):
            read_table(path)


def test_a_file_of_one_byte_is_not_empty(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a")
    assert read_table(path).rows == [["a"]]
    (tmp_path / "y.csv").write_bytes(b"")
    with pytest.raises(RosterImportError, match="^文件是空的：y.csv$"):
        read_table(tmp_path / "y.csv")
