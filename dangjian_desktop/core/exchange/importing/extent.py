"""How far each sheet of a workbook reaches, read before calamine allocates it.

calamine allocates the whole rectangle from A1 to the farthest filled cell before giving anything
back: a 1.6 KB .xlsx with one cell at XFD1048576 asked for 500 GB, a 6 KB .xls with one cell at
IV65536 costs 1.2 GB and 18 s (an .xlsb the same), and an .ods row that says "this cell, 16,384 times, on 1,048,576 rows"
is a few hundred bytes. So each format's own description of its cells is scanned first, in bounded
memory, and sheet.py refuses a sheet whose rectangle is out of all proportion before calamine sees it.

Each scanner returns (last row, last column), 0-based, per sheet that has any filled cell, or an
empty list for a file it cannot read (calamine then words the error for a damaged file). None trusts
the file's own summary (<dimension>, the DIMENSIONS record): a hostile file can say anything there.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO
from xml.parsers import expat

Extent = tuple[int, int]
_CHUNK = 1 << 20


class _TooFar(Exception):
    """Raised inside a scan once a sheet is already too large: the rest need not be read."""

    def __init__(self, extent: Extent) -> None:
        super().__init__()
        self.extent = extent


# --- .xlsx: cell references ---------------------------------------------------------------------------

# A reference past column Z or row 99,999: only such a cell can make the rectangle large (26 columns
# of 99,999 rows stay under MAX_CELLS), so most sheets need this one cheap pass and no more.
_FAR_REF = re.compile(rb' r="(?:[A-Z]{2,3}[0-9]|[A-Z][0-9]{6})')
_SHEET_ENTRY = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def _column_index(letters: bytes) -> int:
    index = 0
    for byte in letters:
        index = index * 26 + byte - 64
    return index - 1


def _has_far_ref(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether any cell reference of the part lies past Z or row 99,999; streamed, a megabyte at a time."""
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            if _FAR_REF.search(tail + chunk):
                return True
            tail = chunk[-16:]  # a reference cut between two chunks
    return False


def _xlsx_part_extent(data: bytes) -> Extent:
    """(last row, last column) from the cell references themselves."""
    columns = {
        _column_index(letters) for letters in set(re.findall(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})', data))
    }
    rows = re.findall(rb'<(?:\w+:)?c\b[^>]*?\br="[A-Z]{1,3}([0-9]{1,7})"', data)
    return max(map(int, rows), default=0) - 1, max(columns, default=-1)


def xlsx_extents(path: Path) -> list[Extent]:
    """The extent of each worksheet part that has a far reference (the others are small anyway)."""
    found: list[Extent] = []
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if _SHEET_ENTRY.match(info.filename) and _has_far_ref(archive, info):
                    found.append(_xlsx_part_extent(archive.read(info)))
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, zlib.error):
        return []
    return found


# --- .xls (BIFF8/BIFF5 in an OLE2 compound file): the cell records ------------------------------------

_BOF, _EOF = 0x0809, 0x000A
# Records that hold a value at (row, column): FORMULA, RSTRING, NUMBER, LABEL, BOOLERR, RK, LABELSST.
# BLANK and MULBLANK (a formatted empty cell) are left out, as calamine leaves them out.
_CELL_RECORDS = frozenset({0x0006, 0x00D6, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD})
_MULRK = 0x00BD  # several RK numbers on one row: row, first column, ..., last column
_HEADER = struct.Struct("<HH")
_ROW_COLUMN = struct.Struct("<HH")
_U16 = struct.Struct("<H").unpack_from


def xls_extents(path: Path) -> list[Extent]:
    """The extent of each worksheet, walking every record of the Workbook stream (calamine builds
    the rectangle from the cells it finds, whatever DIMENSIONS says)."""
    import olefile

    try:
        if not olefile.isOleFile(str(path)):
            return []
        with olefile.OleFileIO(str(path)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return []
            data = ole.openstream(name).read()  # as long as the file holds sectors for: bounded
    except Exception:  # olefile raises several types for a damaged file; calamine will word it
        return []
    found: list[Extent] = []
    last_row = last_column = -1
    position, size = 0, len(data)
    unpack = _HEADER.unpack_from
    cell = _ROW_COLUMN.unpack_from
    while position + 4 <= size:
        kind, length = unpack(data, position)
        body = position + 4
        position = body + length
        if kind in _CELL_RECORDS and length >= 4 and position <= size:
            row, column = cell(data, body)
        elif kind == _MULRK and length >= 6 and position <= size:
            row = cell(data, body)[0]
            # the last column is the record's last two bytes: read as two, not four (a MULRK on the
            # stream's last byte raised struct.error, a traceback instead of calamine's message)
            column = _U16(data, position - 2)[0]
        else:
            if kind == _BOF:
                last_row = last_column = -1
            elif kind == _EOF and last_row >= 0:
                found.append((last_row, last_column))
                last_row = -1
            continue
        if row > last_row:
            last_row = row
        if column > last_column:
            last_column = column
    if last_row >= 0:  # a stream cut short before its EOF record
        found.append((last_row, last_column))
    return found


# --- .xlsb (BIFF12 records in a zip): the row headers and cell records of each worksheet part --------

_XLSB_SHEET = re.compile(r"^xl/worksheets/[^/]+\.bin$")
_ROW_HEADER = 0x0000  # BrtRowHdr: the row of the cells that follow, in its first 4 bytes
# BrtCellRk .. BrtFmlaError hold a value, their column in the first 4 bytes. BrtCellBlank (1), a
# formatted empty cell, is left out, as calamine leaves it out.
_XLSB_VALUE_CELLS = range(0x0002, 0x000C)
_U32 = struct.Struct("<I").unpack_from


def _biff12_header(data: bytes, position: int, size: int) -> tuple[int, int, int] | None:
    """(kind, body length, body start) of the record at position; None when the bytes run out first.
    The kind is 1-2 bytes and the length 1-4 bytes of 7 bits each, the high bit meaning "more"."""
    values = []
    for most in (2, 4):
        value = shift = 0
        for _ in range(most):
            if position >= size:
                return None
            byte = data[position]
            position += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        values.append(value)
    return values[0], values[1], position


def _xlsb_part_extent(stream: IO[bytes]) -> Extent | None:
    """Streamed a megabyte at a time; a record's body is skipped unread, whatever length it claims."""
    last_row = last_column = row = -1
    pending, skip = b"", 0
    while True:
        chunk = stream.read(_CHUNK)
        if skip:
            if not chunk:  # a body that claims more than the stream holds
                break
            dropped = min(skip, len(chunk))
            chunk, skip = chunk[dropped:], skip - dropped
            if not chunk:
                # the body took this whole chunk, not the stream: a 3 MB record must not end the scan
                # before a far cell behind it (calamine would then allocate the 500 GB rectangle)
                continue
        data = pending + chunk
        position, size = 0, len(data)
        while True:
            if position + 1 < size and data[position] < 0x80 and data[position + 1] < 0x80:
                # nearly every record: a one-byte kind and a one-byte length, read without a call
                kind, length, body = data[position], data[position + 1], position + 2
            elif (header := _biff12_header(data, position, size)) is not None:
                kind, length, body = header
            else:
                break
            if kind == _ROW_HEADER or kind in _XLSB_VALUE_CELLS:
                if body + 4 > size:
                    break  # its first 4 bytes are in the next chunk: read the header again then
                value = _U32(data, body)[0]
                if kind == _ROW_HEADER:
                    row = value
                else:
                    last_row, last_column = max(last_row, row), max(last_column, value)
            if body + length > size:
                skip, position = body + length - size, size
                break
            position = body + length
        pending = data[position:]
        if not chunk:
            break
    return (last_row, last_column) if last_row >= 0 and last_column >= 0 else None


def xlsb_extents(path: Path) -> list[Extent]:
    found: list[Extent] = []
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if _XLSB_SHEET.match(info.filename):
                    with archive.open(info) as stream:
                        extent = _xlsb_part_extent(stream)
                    if extent is not None:
                        found.append(extent)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, zlib.error):
        return found  # calamine words the error for a damaged file
    return found


# --- .ods: table:number-rows-repeated and table:number-columns-repeated ------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ROWS_REPEATED = f"{_TABLE} number-rows-repeated"
_COLUMNS_REPEATED = f"{_TABLE} number-columns-repeated"
_VALUE_TYPE = f"{_OFFICE} value-type"
_CELLS = frozenset({f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell"})
_ROW = f"{_TABLE} table-row"
_SHEET = f"{_TABLE} table"
_PARAGRAPH = f"{_TEXT} p"


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isascii() and value.isdigit() else 1


class _OdsScan:
    """Streams content.xml through expat (no tree is built, so memory stays flat whatever its size),
    counting repeated rows and cells; only filled cells extend the rectangle (LibreOffice ends every
    sheet with a million empty repeated rows, which calamine does not expand)."""

    def __init__(self, too_far: object) -> None:
        self.too_far = too_far  # (last_row, last_column) -> bool
        self.found: list[Extent] = []
        self.row = 0  # rows of the current sheet consumed so far
        self.last_row = self.last_column = -1
        self.row_repeat = 1
        self.column = 0
        self.row_last_column = -1
        self.cell_repeat = 0  # > 0 while inside a cell
        self.cell_filled = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name in _CELLS:
            self.cell_repeat = _repeat(attributes.get(_COLUMNS_REPEATED))
            self.cell_filled = _VALUE_TYPE in attributes
        elif name == _PARAGRAPH and self.cell_repeat:
            self.cell_filled = True
        elif name == _ROW:
            self.row_repeat = _repeat(attributes.get(_ROWS_REPEATED))
            self.column, self.row_last_column = 0, -1
        elif name == _SHEET:
            self.row, self.last_row, self.last_column = 0, -1, -1

    def end(self, name: str) -> None:
        if name in _CELLS:
            if self.cell_filled:
                self.row_last_column = self.column + self.cell_repeat - 1
            self.column += self.cell_repeat
            self.cell_repeat, self.cell_filled = 0, False
        elif name == _ROW:
            if self.row_last_column >= 0:
                self.last_row = self.row + self.row_repeat - 1
                self.last_column = max(self.last_column, self.row_last_column)
                if self.too_far((self.last_row, self.last_column)):  # type: ignore[operator]
                    raise _TooFar((self.last_row, self.last_column))
            self.row += self.row_repeat
        elif name == _SHEET and self.last_row >= 0:
            self.found.append((self.last_row, self.last_column))


def _no_doctype(*_args: object) -> None:
    raise ValueError("a DOCTYPE in content.xml")  # no ODS has one; an entity bomb would


def ods_extents(path: Path, too_far: object) -> list[Extent]:
    """The extent of each table of content.xml; stops at the first that too_far(extent) refuses."""
    scan = _OdsScan(too_far)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = _no_doctype
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _TooFar as far:
        return [*scan.found, far.extent]
    except (
        KeyError,
        zipfile.BadZipFile,
        OSError,
        RuntimeError,
        ValueError,
        EOFError,
        zlib.error,
        expat.ExpatError,
    ):
        return scan.found  # calamine words the error for a damaged file
    return scan.found


# --- any workbook --------------------------------------------------------------------------------------

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def workbook_extents(path: Path, too_far: object) -> list[Extent]:
    """Whatever the file's name says, what its first bytes say it is decides the scan (calamine looks
    at the content too, so a renamed file must not slip past)."""
    with open(path, "rb") as stream:
        magic = stream.read(8)
    if magic.startswith(_OLE):
        return xls_extents(path)
    if not magic.startswith(_ZIP):
        return []
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        return []
    if "content.xml" in names:
        return ods_extents(path, too_far)
    if any(_XLSB_SHEET.match(name) for name in names):
        return xlsb_extents(path)
    return xlsx_extents(path)
