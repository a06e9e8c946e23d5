"""How far each sheet reaches (core/exchange/importing/extent.py), on the lines of each format's records.

The files are written here byte by byte where a library would not write the odd case: the .xls as its
Workbook stream in an OLE2 file (xlwt's compound-document writer, the stream's size then set to its
true length so that a record can end on the stream's last byte), the .xlsb as BIFF12 records, the .ods
as its content.xml, the .xlsx as a zip of worksheet parts. Each case names what a slip would change: a
row or column one off, the second sheet's extent carried into the first, a record on the stream's last
byte dropped, a reference cut between two megabyte chunks missed."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from dangjian_desktop.core.exchange.importing import RosterImportError, read_table
from dangjian_desktop.core.exchange.importing import extent as ex
from dangjian_desktop.core.exchange.importing.sheet import too_far
from tests.core.exchange.files import biff12_record, string_cell, write_xlsb, xlsb_sheet

# --- .xlsx ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("letters", "index"),
    [(b"A", 0), (b"B", 1), (b"Z", 25), (b"AA", 26), (b"AZ", 51), (b"BA", 52), (b"XFD", 16383)],
)
def test_column_index(letters: bytes, index: int) -> None:
    assert ex._column_index(letters) == index


def test_xlsx_part_extent_reads_cells_only() -> None:
    part = (
        b'<worksheet><cols><col min="1" max="60"/></cols><sheetData>'
        b'<row r="3" spans="1:3"><c r="B3" t="s"><v>0</v></c><c s="1" r="C7"><v>1</v></c></row>'
        b'<row r="40"><x:c r="AB12" t="n"/></row></sheetData>'
        b'<mergeCells><mergeCell ref="A1:ZZ900"/></mergeCells></worksheet>'
    )
    assert ex._xlsx_part_extent(part) == (11, 27)  # row 12 (AB12), column AB; <row r="40"> is no cell
    assert ex._xlsx_part_extent(b'<c r="A1"/>') == (0, 0)
    assert ex._xlsx_part_extent(b"<worksheet/>") == (-1, -1)  # no cell at all


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("reference", "far"),
    [("Z9", False), ("AA1", True), ("A99999", False), ("A100000", True), ("XFD1048576", True)],
)
def test_a_far_reference_is_past_z_or_row_99999(tmp_path: Path, reference: str, far: bool) -> None:
    path = _zip(
        tmp_path / "x.xlsx", {"xl/worksheets/sheet1.xml": f'<c r="A1"/><c r="{reference}"/>'.encode()}
    )
    with zipfile.ZipFile(path) as archive:
        assert ex._has_far_ref(archive, archive.getinfo("xl/worksheets/sheet1.xml")) is far


def test_a_far_reference_cut_between_two_chunks_is_found(tmp_path: Path) -> None:
    # ' r="' ends the first megabyte, 'AB1"' begins the second
    filler = b"<x>" + b" " * (ex._CHUNK - 4 - 3 - 2) + b"<c"
    data = filler + b' r="AB1"/>'
    assert data.index(b"AB1") == ex._CHUNK
    path = _zip(tmp_path / "cut.xlsx", {"xl/worksheets/sheet1.xml": data})
    with zipfile.ZipFile(path) as archive:
        assert ex._has_far_ref(archive, archive.getinfo("xl/worksheets/sheet1.xml"))
    assert ex.xlsx_extents(path) == [(0, 27)]


def test_xlsx_extents_only_of_worksheet_parts_with_a_far_reference(tmp_path: Path) -> None:
    near = b'<sheetData><row r="1"><c r="A1"/><c r="B2"/></row></sheetData>'
    far = b'<sheetData><row r="1"><c r="A1"/></row><row r="3"><c r="AB3"/></row></sheetData>'
    path = _zip(
        tmp_path / "two.xlsx",
        {
            "xl/sharedStrings.xml": b'<sst><si r="ZZ5"/></sst>',  # not a worksheet: never looked at
            "xl/worksheets/sheet1.xml": near,
            "xl/worksheets/sheet2.xml": far,
            "xl/worksheets/_rels/sheet2.xml.rels": b'<c r="ZZZ9"/>',  # not a part of cells
        },
    )
    assert ex.xlsx_extents(path) == [(2, 27)]
    assert ex.xlsx_extents(_zip(tmp_path / "near.xlsx", {"xl/worksheets/sheet1.xml": near})) == []
    assert ex.workbook_extents(path, too_far) == [(2, 27)]
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    assert ex.xlsx_extents(damaged) == [] and ex.workbook_extents(damaged, too_far) == []


def test_a_real_xlsx_with_a_far_cell_is_refused_naming_it(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "公民身份号码"])
    sheet.append(["王建国", "x"])
    workbook.create_sheet("远").cell(row=3, column=501, value="x")  # SG3: one past 500 columns
    workbook.save(tmp_path / "far.xlsx")
    assert ex.workbook_extents(tmp_path / "far.xlsx", too_far) == [(2, 500)]
    with pytest.raises(RosterImportError, match="最远到单元格 SG3"):
        read_table(tmp_path / "far.xlsx")


# --- .xls: the Workbook stream of an OLE2 file -------------------------------------------------------


def _record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


BOF = _record(0x0809, struct.pack("<HH", 0x0600, 0x0010) + b"\x00" * 12)
EOF = _record(0x000A)
FILLER = _record(0x00E1, b"\x00" * 4200)  # so that the stream is no mini stream (those are < 4,096 bytes)


def _label(row: int, column: int) -> bytes:
    return _record(0x00FD, struct.pack("<HHHI", row, column, 15, 0))  # LABELSST


def _number(row: int, column: int) -> bytes:
    return _record(0x0203, struct.pack("<HHHd", row, column, 15, 1.5))  # NUMBER


def _mulrk(row: int, first: int, last: int) -> bytes:
    values = b"".join(struct.pack("<HI", 15, 3) for _ in range(first, last + 1))
    return _record(0x00BD, struct.pack("<HH", row, first) + values + struct.pack("<H", last))


def _ole(path: Path, stream: bytes, name: str = "Workbook") -> Path:
    """An OLE2 file holding `stream` under `name`, its directory giving the stream's true size."""
    from xlwt.CompoundDoc import XlsDoc

    assert len(stream) >= 4096
    out = io.BytesIO()
    XlsDoc().save(out, stream)
    data = bytearray(out.getvalue())
    entry = data.index("Workbook\x00".encode("utf-16-le"))
    struct.pack_into("<I", data, entry + 120, len(stream))  # the stream size after the padding went
    if name != "Workbook":
        encoded = f"{name}\x00".encode("utf-16-le")
        data[entry : entry + 64] = encoded + b"\x00" * (64 - len(encoded))
        struct.pack_into("<H", data, entry + 64, len(encoded))
    path.write_bytes(bytes(data))
    return path


def _xls(tmp_path: Path, *records: bytes, name: str = "Workbook") -> list[tuple[int, int]]:
    return ex.xls_extents(_ole(tmp_path / "x.xls", FILLER + b"".join(records), name))


def test_xls_rows_and_columns_of_two_sheets(tmp_path: Path) -> None:
    row_record = _record(0x0208, struct.pack("<HHHHHHI", 9000, 0, 900, 0, 0, 0, 0))  # ROW: no cell
    globals_ = BOF + _record(0x0085, b"\x00" * 10) + EOF
    first = BOF + _label(0, 5) + row_record + EOF  # one cell, on row 0
    second = BOF + _label(2, 1) + _number(5, 0) + _record(0x0201, struct.pack("<HHH", 70, 9, 15)) + EOF
    assert _xls(tmp_path, globals_, first, second) == [(0, 5), (5, 1)]  # a BLANK (0x0201) is no cell


def test_xls_records_between_the_cells_of_one_sheet(tmp_path: Path) -> None:
    row_record = _record(0x0208, struct.pack("<HHHHHHI", 1, 0, 2, 0, 0, 0, 0))  # ROW: no cell, no end
    assert _xls(tmp_path, BOF, _label(1, 1), row_record, _number(3, 0), EOF) == [(3, 1)]


def test_xls_mulrk_row_and_last_column(tmp_path: Path) -> None:
    assert _xls(tmp_path, BOF, _mulrk(7, 2, 4), _label(1, 0), EOF) == [(7, 4)]
    short = _record(0x00BD, struct.pack("<HHH", 9, 1, 3))  # 6 bytes: row, first, last and no value
    assert _xls(tmp_path, BOF, _label(0, 0), short, EOF) == [(9, 3)]
    five = _record(0x00BD, struct.pack("<HHB", 9, 1, 3))  # 5 bytes: too short to hold a last column
    assert _xls(tmp_path, BOF, _label(0, 0), five, EOF) == [(0, 0)]


def test_xls_cell_record_lengths(tmp_path: Path) -> None:
    four = _record(0x0203, struct.pack("<HH", 30, 6))  # 4 bytes: row and column, nothing more
    assert _xls(tmp_path, BOF, _label(0, 0), four, EOF) == [(30, 6)]
    three = _record(0x0203, struct.pack("<HB", 60000, 200))  # 3 bytes: no column, not a cell
    assert _xls(tmp_path, BOF, _label(0, 0), three, EOF) == [(0, 0)]


def test_xls_records_on_the_stream_end(tmp_path: Path) -> None:
    # no EOF: the stream cut short still gives its extent, down to a cell on row 0 alone
    assert _xls(tmp_path, BOF, _label(0, 3)) == [(0, 3)]
    assert _xls(tmp_path, BOF, _label(0, 0), _label(4, 2)) == [(4, 2)]  # the last cell ends the stream
    assert _xls(tmp_path, BOF, _label(0, 0), _mulrk(6, 1, 2)) == [(6, 2)]
    # that MULRK on the last byte once raised struct.error: now calamine words the damaged file
    with pytest.raises(RosterImportError, match="^“x.xls”中没有工作表$"):
        read_table(tmp_path / "x.xls")
    # a record that claims more than the stream holds is no cell
    assert _xls(tmp_path, BOF, _label(0, 0), _label(8, 8)[:-1]) == [(0, 0)]
    # a new sheet's BOF (of no length) on the last four bytes: what came before it was another sheet's
    assert _xls(tmp_path, BOF, _label(3, 2), _record(0x0809)) == []


def test_xls_cells_before_any_bof_and_the_old_book_stream(tmp_path: Path) -> None:
    assert _xls(tmp_path, _label(0, 0), EOF) == [(0, 0)]
    assert _xls(tmp_path, BOF, _label(2, 3), EOF, name="Book") == [(2, 3)]  # BIFF5 names it Book
    assert _xls(tmp_path, BOF, _label(2, 3), EOF, name="Other") == []  # neither: calamine words it
    not_ole = tmp_path / "not.xls"
    not_ole.write_bytes(b"not an OLE file at all" * 100)
    assert ex.xls_extents(not_ole) == []


def test_workbook_extents_by_content(tmp_path: Path) -> None:
    xls = _ole(tmp_path / "renamed.ods", FILLER + BOF + _label(3, 2) + EOF)  # what it is, not its name
    assert ex.workbook_extents(xls, too_far) == [(3, 2)]
    text = tmp_path / "text.xlsx"
    text.write_bytes(b"\xd0\xcf\x11")  # three bytes of the OLE magic only
    assert ex.workbook_extents(text, too_far) == []
    ods = _ods(tmp_path / "book.xlsx", _table("甲", _row(_cell("x")) * 3))
    assert ex.workbook_extents(ods, too_far) == [(2, 0)]
    xlsb = write_xlsb(tmp_path / "book.xlsx", [("表", xlsb_sheet([(4, 6, "x")]))])
    assert ex.workbook_extents(xlsb, too_far) == [(4, 6)]


# --- .xlsb: BIFF12 records ----------------------------------------------------------------------------


def _row_header(row: int) -> bytes:
    return biff12_record(0x00, struct.pack("<IIHBBBI", row, 0, 300, 0, 0, 0, 0))


def _real(column: int) -> bytes:
    return biff12_record(0x05, struct.pack("<IId", column, 0, 1.0))


def _part(body: bytes) -> bytes:
    return biff12_record(0x81) + biff12_record(0x91) + body + biff12_record(0x92) + biff12_record(0x82)


def _xlsb(tmp_path: Path, *parts: bytes) -> list[tuple[int, int]]:
    return ex.xlsb_extents(write_xlsb(tmp_path / "x.xlsb", [(f"表{i}", p) for i, p in enumerate(parts)]))


def test_xlsb_a_cell_on_row_0_or_column_0(tmp_path: Path) -> None:
    assert _xlsb(tmp_path, _part(_row_header(0) + _real(7))) == [(0, 7)]
    assert _xlsb(tmp_path, _part(_row_header(5) + _real(0))) == [(5, 0)]
    assert _xlsb(tmp_path, _part(_row_header(5) + _real(0)), _part(_row_header(2) + _real(3))) == [
        (5, 0),
        (2, 3),
    ]


def test_xlsb_record_lengths_of_two_bytes(tmp_path: Path) -> None:
    text = "x" * 58  # a BrtCellSt of exactly 128 bytes: its length takes two bytes, 0x80 0x01
    string = biff12_record(0x06, struct.pack("<II", 9, 0) + struct.pack("<I", 58) + text.encode("utf-16-le"))
    assert string[1:3] == b"\x80\x01"
    long_text = "y" * 200  # 412 bytes: 0x9C 0x03
    longer = biff12_record(
        0x06, struct.pack("<II", 4, 0) + struct.pack("<I", 200) + long_text.encode("utf-16-le")
    )
    body = _row_header(1) + string + _row_header(3) + longer + _row_header(2) + _real(1)
    assert _xlsb(tmp_path, _part(body)) == [(3, 9)]


def test_xlsb_headers_with_more_continuation_bytes_than_allowed(tmp_path: Path) -> None:
    # a kind read as two bytes at most: 0x80 0x80 is kind 0 (a row header), the next byte its length
    row = struct.pack("<IIHBBBI", 9, 0, 300, 0, 0, 0, 0)
    odd_kind = b"\x80\x80" + bytes([len(row)]) + row
    assert _xlsb(tmp_path, _part(odd_kind + _real(2))) == [(9, 2)]
    # 0x80 0x00 is kind 0 too: a first byte of 0x80 is never a one-byte kind
    zero_kind = b"\x80\x00" + bytes([len(row)]) + row
    assert _xlsb(tmp_path, _part(zero_kind + _real(4))) == [(9, 4)]
    # a length read as four bytes at most: 0x91 0x80 0x80 0x80 is 17, then the body
    odd_length = b"\x00\x91\x80\x80\x80" + struct.pack("<IIHBBBI", 6, 0, 300, 0, 0, 0, 0)
    assert _xlsb(tmp_path, _part(odd_length + _real(3))) == [(6, 3)]


def test_xlsb_lengths_of_three_bytes_skip_the_whole_body(tmp_path: Path) -> None:
    # a record of 16,645 bytes (length 0x85 0x82 0x01: 5 + 2 x 128 + 16,384) whose body holds what
    # would look like far cells at the offsets a length read from fewer of its bits would land on
    fake = _row_header(900) + _real(800)
    body = bytearray(16_645)
    for offset in (5, 5 + 128 * 3, 5 + 128 * 2):
        body[offset : offset + len(fake)] = fake
    record = biff12_record(0x27, bytes(body))
    assert record[1:4] == b"\x85\x82\x01"
    assert _xlsb(tmp_path, _part(_row_header(2) + _real(1) + record + _row_header(3) + _real(0))) == [(3, 1)]


def test_xlsb_a_part_without_its_begin_record(tmp_path: Path) -> None:
    assert _xlsb(tmp_path, _row_header(4) + _real(2)) == [(4, 2)]
    assert _xlsb(tmp_path, _real(3)) == []  # a value before any row header lies on no row


def test_xlsb_a_part_cut_short(tmp_path: Path) -> None:
    start = biff12_record(0x81) + biff12_record(0x91) + _row_header(4)
    # the last record a value cell of four bytes (its column), on the part's last byte
    assert _xlsb(tmp_path, start + biff12_record(0x05, struct.pack("<I", 6))) == [(4, 6)]
    # a header cut after its first byte, and a value cell whose column is cut
    assert _xlsb(tmp_path, start + _real(2) + b"\x81") == [(4, 2)]
    assert _xlsb(tmp_path, start + _real(2) + b"\x05\x04\x09\x00") == [(4, 2)]
    assert _xlsb(tmp_path, start) == []  # a row header and no value: no extent


def test_xlsb_a_record_longer_than_a_chunk_does_not_end_the_scan(tmp_path: Path) -> None:
    # a record body of 1.5 MB and one of 3 MB (a whole megabyte chunk taken by the body): the far
    # cell behind each is still found, so calamine never allocates its 512 GB rectangle
    for size in (1_500_000, 3 * ex._CHUNK - 1000, 2 * ex._CHUNK):
        body = (
            _row_header(0)
            + _real(0)
            + biff12_record(0x27, b"\x00" * size)
            + _row_header(1_048_575)
            + _real(16_383)
        )
        assert _xlsb(tmp_path, _part(body)) == [(1_048_575, 16_383)], size
    with pytest.raises(RosterImportError, match="XFD1048576"):
        read_table(tmp_path / "x.xlsb")


def test_xlsb_records_around_the_chunk_edge(tmp_path: Path) -> None:
    # a filler record ending so that the next records fall on the first megabyte's edge, one byte on
    for shift in range(0, 12):
        head = biff12_record(0x81) + biff12_record(0x91) + _row_header(2) + _real(1)
        filler_body = ex._CHUNK - len(head) - 4 - shift
        filler = biff12_record(0x27, b"\x00" * filler_body)
        assert len(filler) == filler_body + 4  # one byte kind, three bytes length
        body = head + filler + _row_header(7) + _real(5)
        assert _xlsb(tmp_path, body + biff12_record(0x92)) == [(7, 5)], shift


# --- .ods: content.xml --------------------------------------------------------------------------------

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)


def _cell(text: str | None = None, repeat: int = 1, *, inner: str = "") -> str:
    if text is not None:
        return string_cell(text, repeat)
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-cell{repeated}>{inner}</table:table-cell>"


def _row(cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{cells}</table:table-row>"


def _table(name: str, rows: str) -> str:
    return f'<table:table table:name="{name}">{rows}</table:table>'


def _ods(path: Path, tables: str, doctype: str = "") -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content {_NS}>'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


def _extents(tmp_path: Path, tables: str, far: object = too_far) -> list[tuple[int, int]]:
    return ex.ods_extents(_ods(tmp_path / "x.ods", tables), far)


@pytest.mark.parametrize(
    ("value", "count"), [(None, 1), ("", 1), ("3", 3), ("1", 1), ("٣", 1), ("3x", 1), ("-2", 1)]
)
def test_repeat(value: str | None, count: int) -> None:
    assert ex._repeat(value) == count  # "٣" is a digit, but not an ASCII one


def test_ods_rows_columns_and_repeats(tmp_path: Path) -> None:
    rows = (
        _row(_cell("a") + _cell("b"))
        + _row(_cell(None, 2) + _cell("c", 3) + _cell(None, 40), 4)  # rows 1-4, columns C-E filled
        + _row(_cell(None, 9))  # an empty row
        + _row(_cell("d"), 2)  # rows 6-7, column A
        + _row(_cell(None, 5), 1000)
    )
    assert _extents(tmp_path, _table("甲", rows)) == [(7, 4)]


def test_ods_a_row_whose_only_value_is_in_column_a_and_a_table_of_one_row(tmp_path: Path) -> None:
    assert _extents(tmp_path, _table("甲", _row(_cell(None)) + _row(_cell("x")))) == [(1, 0)]
    assert _extents(tmp_path, _table("甲", _row(_cell(None, 3) + _cell("x")))) == [(0, 3)]


def test_ods_each_table_its_own_extent(tmp_path: Path) -> None:
    first = _table("甲", _row(_cell("a") + _cell("b", 4)) * 3)
    empty = _table("乙", _row(_cell(None, 9), 100))
    second = _table("丙", _row(_cell("x")) + _row(_cell("y"), 2))
    assert _extents(tmp_path, first + empty + second) == [(2, 4), (2, 0)]


def test_ods_what_fills_a_cell(tmp_path: Path) -> None:
    paragraph = _cell(None, inner="<text:p>手写</text:p>")  # text and no value type: filled
    covered = '<table:covered-table-cell office:value-type="string"/>'  # under a merged cell
    frame = _cell(None, 50, inner="<draw:frame/>")  # a picture in empty cells: not filled
    assert _extents(tmp_path, _table("甲", _row(_cell("a") + paragraph + frame))) == [(0, 1)]
    assert _extents(tmp_path, _table("甲", _row(_cell("a") + _cell(None) + covered + frame))) == [(0, 2)]


def test_ods_stops_at_the_first_table_too_far(tmp_path: Path) -> None:
    asked: list[tuple[int, int]] = []

    def far(extent: tuple[int, int]) -> bool:
        asked.append(extent)
        return extent[0] >= 5

    tables = (
        _table("甲", _row(_cell("a")) * 2)
        + _table("乙", _row(_cell("b", 2)) * 9)
        + _table("丙", _row(_cell("c")))
    )
    assert _extents(tmp_path, tables, far) == [(1, 0), (5, 1)]
    assert asked == [(0, 0), (1, 0), (0, 1), (1, 1), (2, 1), (3, 1), (4, 1), (5, 1)]


def test_ods_content_longer_than_a_chunk(tmp_path: Path) -> None:
    rows = _row(_cell("x" * 60)) * 25_000  # about 2.6 MB of content.xml: parsed in three chunks
    assert len(rows) > 2 * ex._CHUNK
    assert _extents(tmp_path, _table("甲", rows + _row(_cell(None) + _cell("z")))) == [(25_000, 1)]


def test_ods_with_a_doctype_or_damaged_is_left_to_calamine(tmp_path: Path) -> None:
    table = _table("甲", _row(_cell("a")))
    assert ex.ods_extents(_ods(tmp_path / "d.ods", table, "<!DOCTYPE x>"), too_far) == []
    no_content = _zip(tmp_path / "n.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert ex.ods_extents(no_content, too_far) == []
    # cut off inside the second table: the first one's extent is kept
    path = _ods(tmp_path / "cut.ods", table + _table("乙", _row(_cell("b"))))
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml")
    cut = content[: content.index(b'table:name="\xe4\xb9\x99"') + 20]
    assert ex.ods_extents(_zip(tmp_path / "cut2.ods", {"content.xml": cut}), too_far) == [(0, 0)]


def test_ods_a_row_outside_any_table_is_counted_from_row_0(tmp_path: Path) -> None:
    # no application writes one; a hostile file may, and the scan must neither fail nor keep it
    asked: list[tuple[int, int]] = []

    def far(extent: tuple[int, int]) -> bool:
        asked.append(extent)
        return False

    stray = _cell("y") + _row(_cell("x"))  # a cell outside any row, then a row outside any table
    assert _extents(tmp_path, stray + _table("甲", _row(_cell(None) + _cell("a"))), far) == [(0, 1)]
    assert asked == [(0, 0), (0, 1)]
