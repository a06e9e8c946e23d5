"""Reading a CSV roster (issue 21, mutation testing of core/exchange/importing/sheet.py): the Table
keeps its own path (the import report names the file from it); a UTF-16 file with the big-endian
BOM is text, not refused for its NUL bytes; a file refused for its encoding is named, its line counted
as the editor counts lines (a blank line is a line), and the clerk is told in full what to do."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.exchange.importing import import_roster
from dangjian_desktop.core.exchange.importing.sheet import MAX_COLUMNS, RosterImportError, read_table
from tests.core.exchange.files import write_ods


def test_a_csv_table_keeps_its_path(tmp_path: Path) -> None:
    """Fails on `Table(None, path.stem, ...)` (sheet.x_read_table__mutmut_11)."""
    path = tmp_path / "花名册.csv"
    path.write_text("姓名,性别\n王建国,男\n", encoding="utf-8")
    table = read_table(str(path))
    assert (table.path, table.sheet) == (path, "花名册")


def test_a_csv_roster_imports_and_its_report_names_the_file(
    tmp_path: Path, db: Database, branch_id: int
) -> None:
    path = tmp_path / "花名册.csv"
    path.write_text("姓名,性别\n王建国,男\n", encoding="utf-8")
    report = import_roster(db, path, today=dt.date(2026, 11, 22), dry_run=True)
    assert (report.file_name, report.sheet, report.imported) == ("花名册.csv", "花名册", 1)


def test_a_utf16_big_endian_csv_is_text(tmp_path: Path) -> None:
    """Its NUL bytes are those of UTF-16, not of a binary file (fails on the big-endian BOM left out
    of the NUL check, sheet.x_read_csv__mutmut_9: the file is refused as not a CSV)."""
    path = tmp_path / "名册.csv"
    path.write_bytes(b"\xfe\xff" + "姓名,性别\n王,男\n".encode("utf-16-be"))
    assert read_table(path).rows == [["姓名", "性别"], ["王", "男"]]


def test_a_csv_of_two_encodings_is_refused_naming_the_file_the_line_and_what_to_do(tmp_path: Path) -> None:
    """Fails on the file's name not passed (read_csv 13), lines split at any whitespace instead of
    at line ends (decode_csv 22: the blank line is not counted, line 4 is called 3), and on any word
    of the advice changed (decode_csv 63-68)."""
    gbk, utf8 = "王五".encode("gbk"), "王五".encode()
    path = tmp_path / "花名册.csv"
    path.write_bytes(b"\n".join([b"name,gender", b"", gbk, utf8, gbk]))
    with pytest.raises(RosterImportError) as refused:
        read_table(path)
    assert str(refused.value) == (
        "“花名册.csv”的第4行是 UTF-8 编码，而文件其余部分是 GBK（ANSI） 编码："
        "这样的文件无法可靠读取（姓名和住址会变成乱码）。请用 Excel 打开后另存为"
        "“CSV UTF-8”或 Excel 工作簿，再导入"
    )


def test_a_csv_line_of_neither_encoding_is_refused_naming_the_line_and_what_to_do(tmp_path: Path) -> None:
    """A BOM'd UTF-8 file with a line that is not UTF-8 after a blank line: line 3 (fails on
    decode_csv 22, which calls it 2, and 76-78, the advice's words)."""
    path = tmp_path / "花名册.csv"
    path.write_bytes(b"\xef\xbb\xbfname\n\n\xff\xfe\xfd\n")
    with pytest.raises(RosterImportError) as refused:
        read_table(path)
    assert str(refused.value) == (
        "“花名册.csv”的第3行含有无法识别的字符（既不是 UTF-8 也不是 GBK 编码）："
        "请用 Excel 打开后另存为“CSV UTF-8”或 Excel 工作簿，再导入"
    )


def test_the_delimiter_is_decided_by_the_first_20_lines(tmp_path: Path) -> None:
    """20 lines of one tab and one comma each (as many: a comma file), then a line of two tabs: the
    21st line is not in the sample (fails on a sample of 21 lines, read_csv 19, where tabs win)."""
    path = tmp_path / "x.csv"
    path.write_text("a\tb,c\n" * 20 + "x\ty\tz\n", encoding="utf-8")
    rows = read_table(path).rows
    assert rows[0] == ["a\tb", "c"] and rows[20] == ["x\ty\tz"]


def test_a_sample_of_neither_comma_keeps_the_ascii_comma(tmp_path: Path) -> None:
    """No comma of either kind in the first 20 lines (a title and blank lines): the ASCII comma
    stays the delimiter for the lines after them (fails on `>=` for `>`, read_csv 36, which takes
    the full-width comma when there are none)."""
    path = tmp_path / "x.csv"
    path.write_text("花名册\n" + "\n" * 19 + "姓名,性别\n王,男\n", encoding="utf-8")
    assert read_table(path).rows[-2:] == [["姓名", "性别"], ["王", "男"]]


def test_a_quoted_cell_keeps_its_line_break_as_typed(tmp_path: Path) -> None:
    """The csv module reads the text with newline="" as its documentation asks: a quoted address of
    two lines keeps its CR LF, and the rows still end at each line's end (fails on newline=None or
    left out, read_csv 53, 55: the break inside the cell becomes a bare LF)."""
    path = tmp_path / "x.csv"
    path.write_bytes('姓名,家庭住址\r\n王,"一组\r\n二号"\r\n李,三组\r\n'.encode())
    assert read_table(path).rows == [["姓名", "家庭住址"], ["王", "一组\r\n二号"], ["李", "三组"]]


def test_a_csv_whose_lines_end_in_a_bare_cr_is_read(tmp_path: Path) -> None:
    """Excel's "CSV (Macintosh)" ends lines with CR alone: read line by line, not refused as a
    line with a new-line character inside a field (fails on StringIO's default newline, read_csv 55)."""
    path = tmp_path / "x.csv"
    path.write_bytes("姓名,性别\r王,男\r".encode())
    assert read_table(path).rows == [["姓名", "性别"], ["王", "男"]]


def test_an_ods_roster_is_scanned_with_the_bound_and_read(tmp_path: Path) -> None:
    """The .ods scan is handed too_far, which it asks at each row's end (fails on None handed
    instead, sheet.x__read_workbook__mutmut_2: a TypeError, no roster)."""
    table = read_table(write_ods(tmp_path / "花名册.ods", ""))
    assert table.sheet == "花名册" and [row[0] for row in table.rows] == ["姓名", "王建国"]


def test_a_csv_line_of_exactly_500_columns_far_down_is_read(tmp_path: Path) -> None:
    """Only a line past MAX_COLUMNS is checked against the bound: one of exactly 500 on the 10,001st
    line is read (fails on `>=`, read_csv 65, which checks it and refuses 10,001 x 500 cells as
    past MAX_CELLS)."""
    path = tmp_path / "x.csv"
    path.write_text("姓名\n" + "王\n" * 9_999 + ",".join(["x"] * MAX_COLUMNS) + "\n", encoding="utf-8")
    rows = read_table(path).rows
    assert len(rows) == 10_001 and len(rows[-1]) == MAX_COLUMNS


def test_a_csv_line_past_500_columns_is_refused_naming_the_file(tmp_path: Path) -> None:
    """Fails on the file's name not passed to the refusal (read_csv 66)."""
    path = tmp_path / "宽表.csv"
    path.write_text("姓名,性别\n" + ",".join(["x"] * (MAX_COLUMNS + 1)) + "\n", encoding="utf-8")
    with pytest.raises(RosterImportError) as refused:
        read_table(path)
    assert str(refused.value).startswith("“宽表.csv”中有内容远在表格之外（最远到单元格 SG2）")


def test_a_workbook_without_any_sheet_is_refused_naming_it(tmp_path: Path) -> None:
    """A workbook whose workbook.xml lists no sheet (fails on the refusal's words dropped,
    sheet.x__read_workbook__mutmut_25)."""
    from openpyxl import Workbook

    whole = tmp_path / "one.xlsx"
    Workbook().save(whole)
    empty = tmp_path / "空表.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(empty, "w") as target:
        for name in source.namelist():
            if name.startswith("xl/worksheets/"):
                continue
            data = source.read(name)
            data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
            data = re.sub(rb"<Relationship[^>]*worksheet[^>]*/>", b"", data)
            data = re.sub(rb"<Override[^>]*worksheets[^>]*/>", b"", data)
            target.writestr(name, data)
    with pytest.raises(RosterImportError) as refused:
        read_table(empty)
    assert str(refused.value) == "“空表.xlsx”中没有工作表"


def test_a_damaged_sheet_is_refused_naming_the_file_and_the_sheet(tmp_path: Path) -> None:
    """A workbook whose one worksheet part is cut in half: the refusal names the file and the sheet
    and passes calamine's reason on (fails on the words dropped, sheet.x__read_workbook__mutmut_46)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "名册"
    book.active.append(["姓名"])
    whole = tmp_path / "one.xlsx"
    book.save(whole)
    damaged = tmp_path / "坏表.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if name.startswith("xl/worksheets/") else data)
    with pytest.raises(RosterImportError) as refused:
        read_table(damaged)
    message = str(refused.value)
    assert message.startswith("无法读取“坏表.xlsx”的工作表“名册”：") and len(message) > len(
        "无法读取“坏表.xlsx”的工作表“名册”："
    )
