"""Reading a roster file's cells (core/exchange/importing/sheet.py) on its lines: a float of 15 digits
and of 16, column Z and AA, 500 columns and 501, exactly MAX_CELLS and one more, a CSV whose lines
disagree on the encoding (which side is the fewer), the delimiter a sample decides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dangjian_desktop.core.exchange.importing import sheet
from dangjian_desktop.core.exchange.importing.sheet import (
    MAX_CELLS,
    MAX_COLUMNS,
    RosterImportError,
    cell_text,
    column_letter,
    decode_csv,
    read_table,
    too_far,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (999_999_999_999_999.0, "999999999999999"),  # 15 digits: the '.0' goes
        (-999_999_999_999_999.0, "-999999999999999"),
        (1e15, "1000000000000000.0"),  # 16 digits: kept as Python writes it (an ID lost to a float)
        (-1e15, "-1000000000000000.0"),
        (1.5, "1.5"),
        (True, "是"),
        (False, "否"),
        (dt.datetime(2000, 1, 2), "2000-01-02"),
        (dt.datetime(2000, 1, 2, 3, 4, 5), "2000-01-02 03:04:05"),
        (dt.date(2000, 1, 2), "2000-01-02"),
        (12, "12"),
        (" ａｂ\u3000", "ab"),
        (" x ", "x"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("index", "letters"),
    [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"), (16383, "XFD")],
)
def test_column_letter(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def test_too_far_on_its_lines() -> None:
    assert not too_far((0, MAX_COLUMNS - 1)) and too_far((0, MAX_COLUMNS))
    rows = MAX_CELLS // 10
    assert not too_far((rows - 1, 9)) and too_far((rows, 9))
    assert not too_far((MAX_CELLS // 500 - 1, 499)) and too_far((MAX_CELLS // 500, 499))


def test_check_extent_names_the_far_cell() -> None:
    sheet.check_extent("x.xlsx", 10, MAX_COLUMNS - 1)
    with pytest.raises(RosterImportError) as caught:
        sheet.check_extent("名册.xlsx", 0, MAX_COLUMNS)
    assert str(caught.value).startswith("“名册.xlsx”中有内容远在表格之外（最远到单元格 SG1）")
    assert "请在 Excel 中删除 SG1 等远处的单元格" in str(caught.value)


def test_read_table_refuses_what_is_no_spreadsheet(tmp_path: Path) -> None:
    with pytest.raises(RosterImportError, match="^找不到文件："):
        read_table(tmp_path / "无.xlsx")
    with pytest.raises(RosterImportError, match="^找不到文件："):
        read_table(tmp_path)  # a folder
    (tmp_path / "空.xlsx").write_bytes(b"")
    with pytest.raises(RosterImportError, match="^文件是空的：空.xlsx$"):
        read_table(tmp_path / "空.xlsx")
    (tmp_path / "名册.docx").write_bytes(b"PK")
    with pytest.raises(RosterImportError, match="^“名册.docx”不是电子表格：请选择 .xlsx、.xls 或 .csv 文件$"):
        read_table(tmp_path / "名册.docx")
    (tmp_path / "坏.XLSX").write_bytes(b"not a zip at all")
    with pytest.raises(RosterImportError, match="^无法读取“坏.XLSX”：不是有效的 Excel 文件"):
        read_table(tmp_path / "坏.XLSX")


def test_a_csv_or_txt_is_read_with_its_stem_as_sheet(tmp_path: Path) -> None:
    path = tmp_path / "名册.TXT"
    path.write_text("姓名\t性别\n王\t男\n\n \t \n", encoding="utf-8")
    table = read_table(path)
    assert (table.sheet, table.rows, table.other_sheets) == ("名册", [["姓名", "性别"], ["王", "男"]], [])


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("姓名,性别,,\n王,男, ,\n", [["姓名", "性别"], ["王", "男"]]),  # empty cells at the end dropped
        ("姓名\t性别,x\n王\t男\n", [["姓名", "性别,x"], ["王", "男"]]),  # more tabs than commas
        ("姓名\t性别,x,y\n王\t男\n", [["姓名\t性别", "x", "y"], ["王\t男"]]),  # more commas
        ("姓名，性别\n王，男\n", [["姓名", "性别"], ["王", "男"]]),  # full-width commas only
        ("姓名，性别，民族\n王，男，汉,\n", [["姓名，性别，民族"], ["王，男，汉"]]),  # one ASCII comma: that
        ("a,b\n,\n,\n", [["a", "b"]]),
    ],
)
def test_csv_delimiters_and_trimming(tmp_path: Path, text: str, rows: list[list[str]]) -> None:
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    assert read_table(path).rows == rows


def test_a_csv_with_nul_bytes_is_no_text(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\x00c\n")
    with pytest.raises(RosterImportError, match="^“x.csv”不是文本表格（CSV）文件$"):
        read_table(path)
    last = tmp_path / "last.csv"  # a NUL as the 4,096th byte: looked for
    last.write_bytes(b"a,b\n" + b"x" * 4091 + b"\x00\n")
    with pytest.raises(RosterImportError, match="不是文本表格"):
        read_table(last)
    late = tmp_path / "late.csv"  # as the 4,097th: past the first 4 KB, not looked for
    late.write_bytes(b"a,b\n" + b"x" * 4092 + b"\x00\n")
    assert read_table(late).rows[0] == ["a", "b"]
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes("姓名,性别\n王,男\n".encode("utf-16"))
    assert read_table(utf16).rows == [["姓名", "性别"], ["王", "男"]]


def test_a_csv_line_past_500_columns_is_refused(tmp_path: Path) -> None:
    ok = tmp_path / "ok.csv"
    ok.write_text("姓名,性别\n" + ",".join(["x"] * MAX_COLUMNS) + "\n", encoding="utf-8")
    assert len(read_table(ok).rows[1]) == MAX_COLUMNS
    wide = tmp_path / "wide.csv"
    wide.write_text("姓名,性别\n" + ",".join(["x"] * (MAX_COLUMNS + 1)) + "\n", encoding="utf-8")
    with pytest.raises(RosterImportError, match="最远到单元格 SG2"):
        read_table(wide)
    commas = tmp_path / "commas.csv"
    commas.write_text("姓名,性别\n王" + "," * 100_000 + "\n", encoding="utf-8")
    assert read_table(commas).rows == [["姓名", "性别"], ["王"]]


def test_a_field_past_the_csv_limit_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("姓名,备注\n王," + "x" * 200_000 + "\n", encoding="utf-8")  # past csv's field limit
    with pytest.raises(RosterImportError, match="^无法读取 CSV 文件“x.csv”："):
        read_table(path)


def test_decode_csv_bom_utf8_gbk() -> None:
    assert decode_csv("\ufeff姓名".encode(), "x") == "姓名"
    assert decode_csv("姓名\n王".encode("gbk"), "x") == "姓名\n王"
    assert decode_csv("姓名".encode("utf-16-be").join([b"\xfe\xff", b""]), "x") == "姓名"
    with pytest.raises(RosterImportError, match="^“x.csv”的编码（UTF-16）有误，无法读取$"):
        decode_csv(b"\xff\xfe\x00\xd8", "x.csv")  # a lone surrogate
    # a BOM'd file with a line that is not UTF-8 names the line
    with pytest.raises(RosterImportError, match="^“x.csv”的第2行含有无法识别的字符"):
        decode_csv(b"\xef\xbb\xbfa\n\xff\xfe\xfd\n", "x.csv")


def test_decode_csv_names_the_fewer_side() -> None:
    gbk, utf8 = "王五".encode("gbk"), "王五".encode()
    # two GBK lines, one UTF-8: the UTF-8 one is named
    with pytest.raises(
        RosterImportError, match="^“x”的第3行是 UTF-8 编码，而文件其余部分是 GBK（ANSI） 编码"
    ):
        decode_csv(b"\n".join([b"a", gbk, utf8, gbk]), "x")
    # one GBK line, two UTF-8: the GBK one is named
    with pytest.raises(
        RosterImportError, match="^“x”的第2行是 GBK（ANSI） 编码，而文件其余部分是 UTF-8 编码"
    ):
        decode_csv(b"\n".join([b"a", gbk, utf8, utf8]), "x")
    # as many of each: the UTF-8 side is named
    with pytest.raises(RosterImportError, match="^“x”的第3行是 UTF-8 编码"):
        decode_csv(b"\n".join([b"a", gbk, utf8]), "x")


def test_trimmed_and_blank() -> None:
    assert sheet._trimmed([["a"], [None, ""], [" ", "\u3000"]]) == [["a"]]
    rows = [["a"], ["b"]]
    assert sheet._trimmed(rows) is rows
    assert sheet._trimmed([[None]]) == []
    assert sheet._trimmed([["a"], [0]]) == [["a"], [0]]  # a 0 is a value
    assert [sheet._blank(v) for v in (None, "", " ", "x", 0, False)] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
