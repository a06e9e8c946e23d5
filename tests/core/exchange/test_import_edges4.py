"""Roster import on the lines the other import tests leave open (issue 21, mutation testing of
core/exchange/importing/): the name-change warning quoted whole when a name holds a full-width colon;
the search key rebuilt when only the phone changes; every unchanged row counted and the rows after it
still read; a dry run of exactly one chunk of new rows; the package entry point read_table choosing
the sheet that holds the roster; column letters answered at once; a dry run judging dates by the
day it is given; the progress bar of a real import step by step; an .xls scanned record by record;
an .xlsb scan that keeps the far cell it found before a record cut short, and reads a huge record a
megabyte at a time. Real SQLite files, real workbooks written here."""

from __future__ import annotations

import datetime as dt
import struct
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.exchange.importing import (
    ImportReport,
    RowWarning,
    Table,
    column_letter,
    import_table,
    read_table,
)
from dangjian_desktop.core.exchange.importing import extent as ex
from dangjian_desktop.core.exchange.importing.planning import CHUNK
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.search import search_key
from tests.core.exchange.files import biff12_record, id_number, write_xlsb

TODAY = dt.date(2026, 11, 22)
ID_A = id_number(dt.date(1985, 3, 12), 11)
ID_B = id_number(dt.date(1990, 7, 1), 22)
ID_C = id_number(dt.date(1972, 1, 9), 33)
ID_D = id_number(dt.date(1968, 10, 2), 44)
HEADER = ["姓名", "公民身份号码", "联系电话", "家庭住址"]


def _table(rows: list[list[Any]]) -> Table:
    return Table(Path("花名册.xlsx"), "名册", rows, [])


def _import(db: Database, rows: list[list[Any]], **options: Any) -> ImportReport:
    options.setdefault("backup", False)
    return import_table(db, _table([HEADER, *rows]), today=TODAY, **options)


def _members(db: Database) -> list[Member]:
    with db.reading() as session:
        return list(session.scalars(select(Member).order_by(Member.id)))


# --- sheet.column_letter ------------------------------------------------------------------------------


# a loop that never ends fails here instead of hanging the run (generous: the machine may be busy)
@pytest.mark.timeout(120, method="signal", func_only=True)
@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters_are_answered_at_once(index: int, letters: str) -> None:
    """Fails (instead of hanging the whole run) on `divmod(index - 2, 26)`, sheet.x_column_letter__mutmut_12,
    whose loop never reaches zero."""
    assert column_letter(index) == letters


# --- planning.py ----------------------------------------------------------------------------------


def test_a_new_name_holding_a_colon_is_warned_of_whole(db: Database, branch_id: int) -> None:
    """The warning drops only the "第N行：" before the first colon: a secretary's note typed into the
    name cell after a full-width colon stays in the quoted new name (fails on the message split at
    every colon, or at the last: planning.x_plan_import__mutmut_188, _189, _191)."""
    _import(db, [["王建国", ID_A, "", ""]])
    report = _import(db, [["王建国：外出务工", ID_A, "", ""]])
    assert report.updated == 1
    assert report.warnings == [RowWarning(2, "姓名将由“王建国”改为“王建国：外出务工”")]
    assert report.name_changes[0].message == "第2行：姓名将由“王建国”改为“王建国：外出务工”"


def test_a_changed_phone_alone_rebuilds_the_search_key(db: Database, branch_id: int) -> None:
    """Searching by the new number finds the member: the key is rebuilt when the phone is the only
    field that changed (fails on "phone" misspelt in the set of key fields, _207, _208)."""
    _import(db, [["王建国", ID_A, "13800000001", "一组"]])
    report = _import(db, [["王建国", ID_A, "13900000002", "一组"]])
    assert (report.updated, report.unchanged) == (1, 0)
    (member,) = _members(db)
    assert member.phone == "13900000002"
    assert member.search_key == search_key("王建国", ID_A, "13900000002")
    assert "13900000002" in member.search_key and "13800000001" not in member.search_key


def test_every_unchanged_row_is_counted_and_the_rows_after_it_are_read(db: Database, branch_id: int) -> None:
    """Two unchanged rows, a new one between them and a changed one after: each counted where it
    belongs (fails on the count set to 1 instead of added to, _161, and on the planning stopping
    at the first unchanged row, _164: the new and changed rows after it are lost)."""
    _import(db, [["王建国", ID_A, "", "一组"], ["李秀英", ID_B, "", "二组"], ["赵六", ID_D, "", "四组"]])
    report = _import(
        db,
        [
            ["王建国", ID_A, "", "一组"],  # unchanged
            ["张三", ID_C, "", "三组"],  # new
            ["李秀英", ID_B, "", "二组"],  # unchanged
            ["赵六", ID_D, "", "五组"],  # moved to another 组
        ],
    )
    assert (report.unchanged, report.imported, report.updated, report.rejected) == (2, 1, 1, [])
    assert [(m.name, m.address) for m in _members(db)] == [
        ("王建国", "一组"),
        ("李秀英", "二组"),
        ("赵六", "五组"),
        ("张三", "三组"),
    ]


@pytest.mark.parametrize("count", [CHUNK - 1, CHUNK, CHUNK + 1])
def test_a_dry_run_of_a_chunk_of_new_rows_reports_them_and_writes_nothing(
    db: Database, branch_id: int, count: int
) -> None:
    """A dry run has nobody to hand finished chunks to; at exactly CHUNK new rows (and one below,
    one above) it still plans them all (fails on `ready is not None or ...`, _152: the missing
    writer is called and the dry run crashes)."""
    rows = [[f"人{i}", "", "", "x"] for i in range(count)]
    report = _import(db, rows, dry_run=True)
    assert (report.dry_run, report.imported, report.rejected) == (True, count, [])
    assert _members(db) == []


# --- writing.py ------------------------------------------------------------------------------------


def test_a_dry_run_judges_dates_by_the_day_it_is_given(db: Database, branch_id: int) -> None:
    """A dry run on 2000-01-01 refuses a 入党日期 of 2005 as a real import that day would, whatever
    the machine's clock says (fails on the dry run's plan made without `today`, writing.x__import_table__mutmut_8,
    _13: checked against the clock, the row passes; and on the report not marked a dry run, _15, _16)."""
    rows: list[list[Any]] = [["姓名", "入党日期"], ["王建国", "2005-07-01"]]
    report = import_table(db, _table(rows), today=dt.date(2000, 1, 1), dry_run=True)
    assert report.dry_run is True and report.backup == ""  # the report says it wrote nothing
    assert (report.imported, [(r.row, r.reason) for r in report.rejected]) == (
        0,
        [(2, "入党日期 2005-07-01 晚于今天，请核对")],
    )
    # the day before the join is still refused, the join day itself accepted: the line is `today`
    assert import_table(db, _table(rows), today=dt.date(2005, 6, 30), dry_run=True).imported == 0
    assert import_table(db, _table(rows), today=dt.date(2005, 7, 1), dry_run=True).imported == 1


def test_the_bar_of_a_real_import_of_one_chunk_and_one_row_step_by_step(db: Database, branch_id: int) -> None:
    """CHUNK + 1 new rows: the first CHUNK go to the writing thread as soon as they are checked, and
    the bar counts rows checked plus rows written, so each step is known (fails on the planning's
    finished chunks not handed over, writing._43, _49, planning._153 to _155, or handed over row by
    row; on the planning's own progress not passed on, writing._42, _48, or the writer given none,
    _34, _36; on the last report left out, _52; on the plan's row count dropped, planning._257; on
    the rows written twice by a second writer, writing._53, _57; on the chunk handed over as None,
    planning._156)."""
    total = CHUNK + 1
    rows = [[f"人{i}", "", "", "x"] for i in range(total)]
    seen: list[tuple[int, int]] = []
    report = _import(db, rows, progress=lambda done, of: seen.append((done, of)))
    assert report.imported == total and len(_members(db)) == total
    whole = 2 * total
    assert seen == [
        (0, whole),  # the first row about to be checked
        (CHUNK, whole),  # a chunk checked; it is on its way to the database, not written yet
        (total, whole),  # every row checked
        (total + CHUNK, whole),  # the first chunk written
        (whole, whole),  # the last row written
        (whole, whole),  # and the bar set full at the end
    ]


# --- __init__.read_table ------------------------------------------------------------------------------


@pytest.mark.timeout(120, method="signal", func_only=True)  # a read that never ends fails instead of hanging
def test_the_package_read_table_takes_the_sheet_that_holds_the_roster(tmp_path: Path) -> None:
    """importing.read_table (what the import window reads a file with) looks for the roster header
    on every sheet: a workbook opening on its 填表说明 sheet gives the roster sheet behind it
    (fails on the header finder not passed, importing.x_read_table__mutmut_2, _4: the notes sheet; and
    on the trailing blank rows trimmed without end, sheet.x__trimmed__mutmut_2)."""
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "填表说明"
    notes.append(["1. 身份证号请设为文本格式"])
    roster = workbook.create_sheet("党员名册")
    roster.append(["姓名", "身份证号"])
    roster.append(["王建国", ID_A])
    workbook.save(tmp_path / "sheets.xlsx")
    table = read_table(tmp_path / "sheets.xlsx")
    assert (table.sheet, table.rows, table.other_sheets) == (
        "党员名册",
        [["姓名", "身份证号"], ["王建国", ID_A]],
        ["填表说明"],
    )


# --- extent.py: .xls ----------------------------------------------------------------------------------


@pytest.mark.timeout(
    120, method="signal", func_only=True
)  # a scan that walks backwards fails instead of hanging
def test_a_real_xls_is_scanned_to_the_last_cell_of_each_sheet(tmp_path: Path) -> None:
    """An .xls written by xlwt: each sheet's last row and column, read record by record (fails on a
    record's body or the next record looked for in the wrong place, extent.x_xls_extents__mutmut_37,
    _40)."""
    import xlwt

    book = xlwt.Workbook()
    notes = book.add_sheet("说明")
    notes.write(0, 0, "填表说明")
    roster = book.add_sheet("名册")
    roster.write(0, 0, "姓名")
    roster.write(2, 1, 1.5)
    roster.write(3, 6, "王建国")
    path = tmp_path / "名册.xls"
    book.save(str(path))
    assert ex.xls_extents(path) == [(0, 0), (3, 6)]


# --- extent.py: .xlsb ---------------------------------------------------------------------------------


def _row_header(row: int) -> bytes:
    return biff12_record(0x00, struct.pack("<IIHBBBI", row, 0, 300, 0, 0, 0, 0))


def _real(column: int) -> bytes:
    return biff12_record(0x05, struct.pack("<IId", column, 0, 1.0))


def test_an_xlsb_part_ending_inside_a_record_body_keeps_the_cells_before_it(tmp_path: Path) -> None:
    """A part whose last record claims more bytes than the part holds: the cells found before it
    still count, so a far cell there is refused before calamine reads the sheet (fails on the scan
    giving up the whole part there, extent.x__xlsb_part_extent__mutmut_11)."""
    cut = biff12_record(0x27, b"\x00" * 200)[:60]  # a filler record whose body stops after 57 bytes
    start = biff12_record(0x81) + biff12_record(0x91)
    path = write_xlsb(tmp_path / "cut.xlsb", [("表", start + _row_header(4) + _real(2) + cut)])
    assert ex.xlsb_extents(path) == [(4, 2)]
    far = write_xlsb(tmp_path / "far.xlsb", [("表", start + _row_header(1_048_575) + _real(16_383) + cut)])
    assert ex.xlsb_extents(far) == [(1_048_575, 16_383)]


def test_an_xlsb_record_of_48_mb_is_read_a_megabyte_at_a_time(tmp_path: Path) -> None:
    """A hostile .xlsb of a few hundred kilobytes whose worksheet part unpacks to 48 MB: the scan
    holds a megabyte or two of it at a time, never the whole part (fails on the part read at once,
    extent.x__xlsb_part_extent__mutmut_9), and still finds the far cell behind the record."""
    size = 48 * ex._CHUNK
    body = _row_header(0) + _real(0) + biff12_record(0x27, b"\x00" * size) + _row_header(7) + _real(9)
    path = write_xlsb(tmp_path / "big.xlsb", [("表", body)])
    with zipfile.ZipFile(path) as archive:  # small on disk, 48 MB once unpacked
        assert archive.getinfo("xl/worksheets/sheet1.bin").file_size > size
    del body
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        found = ex.xlsb_extents(path)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == [(7, 9)]
    assert peak < 8 * ex._CHUNK, peak  # a few chunks and the zip's buffers; the part is 48 chunks
