""".xls and .ods files whose cells reach far away are refused before calamine allocates them (issue 14).

calamine builds the rectangle from A1 to the farthest filled cell: a 6 KB .xls with one cell at
IV65536 cost 1.2 GB and 18 s, and an .ods row that repeats a filled cell 16,384 times on a million
repeated rows is a few hundred bytes. The files are written here by hand (the .ods as its XML, the
.xlsb as its records, the .xls with xlwt), and the refusal is checked in a subprocess under a memory limit."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.importing import RosterImportError, read_table
from dangjian_desktop.core.exchange.importing.extent import ods_extents, xls_extents, xlsb_extents
from dangjian_desktop.core.exchange.importing.sheet import MAX_CELLS, too_far
from tests.core.exchange.files import (
    biff12_record,
    id_number,
    repeated_rows,
    string_cell,
    write_ods,
    write_xlsb,
    xlsb_sheet,
)

xlwt = pytest.importorskip("xlwt")

ROOT = Path(__file__).resolve().parents[3]
ID_A = id_number(dt.date(1985, 3, 12), 11)


def _xls(path: Path, far: tuple[int, int] | None, value: object = "x") -> Path:
    """A roster of one member and, at `far` (row, column, 0-based), one more cell (None: a BLANK)."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    for column, text in enumerate(("姓名", "公民身份号码")):
        sheet.write(0, column, text)
    sheet.write(1, 0, "王建国")
    sheet.write(1, 1, ID_A)
    if far is not None:
        if value is None:
            sheet.write(*far)  # a formatted empty cell: a BLANK record, which calamine skips
        else:
            sheet.write(*far, value)
    book.save(str(path))
    return path


def _xlsb(path: Path, far: tuple[int, int] | None, value: object = "x") -> Path:
    """The same roster as _xls, as an .xlsb."""
    cells: list[tuple[int, int, object]] = [
        (0, 0, "姓名"),
        (0, 1, "公民身份号码"),
        (1, 0, "王建国"),
        (1, 1, ID_A),
    ]
    if far is not None:
        cells.append((*far, value))
    return write_xlsb(path, [("花名册", xlsb_sheet(cells))])


# LibreOffice ends every sheet like this: empty cells to the last column, empty rows to the last row.
_LIBREOFFICE_TAIL = (
    '<table:table-row table:number-rows-repeated="1048574">'
    '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
)


@pytest.mark.skipif(sys.platform == "win32", reason="resource.setrlimit is POSIX")
@pytest.mark.parametrize("kind", ["xls", "ods", "xls renamed .xlsx", "xlsb"])
def test_a_far_cell_xls_or_ods_ends_with_a_chinese_message_under_a_memory_limit(
    tmp_path: Path, kind: str
) -> None:
    if kind == "ods":
        workbook, far = write_ods(tmp_path / "far.ods", repeated_rows(1_048_574, 16_384)), "XFD1048576"
    elif kind == "xlsb":
        workbook, far = _xlsb(tmp_path / "far.xlsb", (1_048_575, 16_383)), "XFD1048576"
    else:
        workbook, far = _xls(tmp_path / "far.xls", (65_535, 255)), "IV65536"
        if kind.endswith(".xlsx"):  # what the file is, not what it is called, decides the check
            workbook = workbook.rename(tmp_path / "far.xlsx")
    assert workbook.stat().st_size < 10_000
    db_path = tmp_path / "far.sqlite3"
    db = open_database(db_path)
    with db.transaction() as session:
        create_branch(session, "远格村党支部")
    db.close()
    limit = 1024 * 1024 * 1024  # 1 GiB of address space: calamine alone took 1.2 GB for the .xls
    script = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
        "from dangjian_desktop.cli import main\n"
        f"sys.exit(main(['--db', {str(db_path)!r}, 'roster', 'import', {str(workbook)!r}]))\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert done.returncode == 1, done.stderr
    assert far in done.stderr and "远在表格之外" in done.stderr
    assert "Traceback" not in done.stderr


def test_xls_extent_comes_from_the_cell_records(tmp_path: Path) -> None:
    assert xls_extents(_xls(tmp_path / "near.xls", None)) == [(1, 1)]
    assert xls_extents(_xls(tmp_path / "text.xls", (65_535, 255))) == [(65_535, 255)]
    assert xls_extents(_xls(tmp_path / "number.xls", (40_000, 7), 3.5)) == [(40_000, 7)]
    # a formatted empty cell far away is no content: calamine skips it, so the file is read
    blank = _xls(tmp_path / "blank.xls", (65_535, 255), None)
    assert xls_extents(blank) == [(1, 1)]
    assert read_table(blank).rows == [["姓名", "公民身份号码"], ["王建国", ID_A]]


def test_the_xls_boundary(tmp_path: Path) -> None:
    # column IV is the 256th: 19,531 rows of it stay within MAX_CELLS, 19,532 do not
    rows = MAX_CELLS // 256
    assert not too_far((rows - 1, 255)) and too_far((rows, 255))
    assert xls_extents(_xls(tmp_path / "at.xls", (rows - 1, 255))) == [(rows - 1, 255)]
    with pytest.raises(RosterImportError, match=f"IV{rows + 1}"):
        read_table(_xls(tmp_path / "over.xls", (rows, 255)))
    below = _xls(tmp_path / "below.xls", (99, 255))  # 100 x 256 cells: read as it is
    assert len(read_table(below).rows) == 100


def test_ods_extent_counts_repeats_of_filled_cells_only(tmp_path: Path) -> None:
    def extent(body: str, name: str) -> list[tuple[int, int]]:
        return ods_extents(write_ods(tmp_path / f"{name}.ods", body), too_far)

    assert extent("", "plain") == [(1, 1)]
    assert extent(_LIBREOFFICE_TAIL, "libreoffice") == [(1, 1)]
    assert extent(repeated_rows(3, 5), "small") == [(4, 4)]
    # empty cells before a filled one count: the filled one is the fourth column
    before = '<table:table-row><table:table-cell table:number-columns-repeated="3"/>' + string_cell("x")
    assert extent(before + "</table:table-row>", "gap") == [(2, 3)]


def test_the_ods_boundary(tmp_path: Path) -> None:
    rows = MAX_CELLS // 10  # columns A..J: two rows above, then repeated rows up to the limit
    at = write_ods(tmp_path / "at.ods", repeated_rows(rows - 2, 10))
    assert ods_extents(at, too_far) == [(rows - 1, 9)]
    assert not too_far((rows - 1, 9))
    with pytest.raises(RosterImportError, match=f"J{rows + 1}"):
        read_table(write_ods(tmp_path / "over.ods", repeated_rows(rows - 1, 10)))
    wide = write_ods(tmp_path / "wide.ods", repeated_rows(1, 501))  # past MAX_COLUMNS on one row
    with pytest.raises(RosterImportError, match="远在表格之外"):
        read_table(wide)


def test_an_ods_with_libreoffice_tail_reads_its_rows(tmp_path: Path) -> None:
    table = read_table(write_ods(tmp_path / "名册.ods", _LIBREOFFICE_TAIL))
    assert table.rows == [["姓名", "公民身份号码"], ["王建国", ID_A]]


def test_xlsb_extent_comes_from_the_row_and_cell_records(tmp_path: Path) -> None:
    near = _xlsb(tmp_path / "near.xlsb", None)
    assert xlsb_extents(near) == [(1, 1)]
    assert read_table(near).rows == [["姓名", "公民身份号码"], ["王建国", ID_A]]  # calamine reads it so
    assert xlsb_extents(_xlsb(tmp_path / "number.xlsb", (40_000, 7), 3.5)) == [(40_000, 7)]
    # a formatted empty cell far away is no content: calamine skips it, so the file is read
    blank = _xlsb(tmp_path / "blank.xlsb", (1_048_575, 16_383), None)
    assert xlsb_extents(blank) == [(1, 1)]
    assert read_table(blank).rows == [["姓名", "公民身份号码"], ["王建国", ID_A]]


def test_the_xlsb_boundary(tmp_path: Path) -> None:
    rows = MAX_CELLS // 256  # as for .xls: column IV, 19,531 rows within MAX_CELLS, 19,532 not
    assert xlsb_extents(_xlsb(tmp_path / "at.xlsb", (rows - 1, 255))) == [(rows - 1, 255)]
    assert len(read_table(_xlsb(tmp_path / "at.xlsb", (rows - 1, 255))).rows) == rows
    with pytest.raises(RosterImportError, match=f"IV{rows + 1}"):
        read_table(_xlsb(tmp_path / "over.xlsb", (rows, 255)))
    with pytest.raises(RosterImportError, match="XFD2"):  # one row, too wide
        read_table(_xlsb(tmp_path / "wide.xlsb", (1, 16_383)))


def test_xlsb_records_across_the_read_chunks_and_hostile_lengths(tmp_path: Path) -> None:
    # 40,000 rows of text: the part is read a megabyte at a time, records cut at every chunk edge
    cells = [(r, c, f"第{r}行") for r in range(40_000) for c in (0, 2)]
    part = xlsb_sheet(cells)
    assert len(part) > 2 * 1024 * 1024
    assert xlsb_extents(write_xlsb(tmp_path / "long.xlsb", [("表", part)])) == [(39_999, 2)]
    # a record that claims 200 MB more than the part holds: what came before it is still counted
    liar = xlsb_sheet([(0, 0, "姓名"), (5, 3, "x")]) + biff12_record(0x06)[:1] + b"\xff\xff\xff\x7f"
    assert xlsb_extents(write_xlsb(tmp_path / "liar.xlsb", [("表", liar)])) == [(5, 3)]
    # two sheets: one extent each; a sheet with no value cell has none
    two = write_xlsb(
        tmp_path / "two.xlsb", [("甲", xlsb_sheet([(3, 4, 1)])), ("乙", xlsb_sheet([(0, 0, None)]))]
    )
    assert xlsb_extents(two) == [(3, 4)]
