"""Reading the cells of a roster file (.xlsx, .xls, .csv) into a Table, refusing hostile files cleanly.

python-calamine reads workbooks (about ten times faster than openpyxl, and it reads .xls and .ods
too). It allocates the whole rectangle from A1 to the farthest cell before giving anything back, so a
1.6 KB xlsx with one cell at XFD1048576 would ask for 500 GB: extent.py scans each format's cells
first (.xlsx cell references, .xls cell records, .ods repeated rows and cells) and a sheet whose
rectangle is out of all proportion is refused, naming the far cell, before calamine sees it.

A CSV's encoding is decided line by line: a file whose lines disagree (mostly GBK with one UTF-8 line,
which decoded as GB18030 turns a name into "鐜嬩簲" that still matches by ID) is refused, naming the
first line that does not fit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.importing.extent import workbook_extents
from dangjian_desktop.core.text import clean

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
CSV_SUFFIXES = (".csv", ".txt")
# The largest rectangle a sheet may span (rows x columns) before it is refused unread: 200,000 rows
# of 25 columns. calamine keeps about 32 bytes a cell, Python 8 more, so this stays near 200 MB.
MAX_CELLS = 5_000_000
MAX_COLUMNS = 500


class RosterImportError(UserError):
    """The message is Chinese and shown to the user as it is."""


@dataclass
class Table:
    """The cells of one sheet as read; rows[0] is Excel row 1."""

    path: Path
    sheet: str
    rows: list[list[Any]]
    other_sheets: list[str] = field(default_factory=list)


_NEEDS_CLEAN = re.compile("[\uff01-\uff5e\u3000\u00a0]")


def cell_text(value: object) -> str:
    """A cell as text: whole floats lose their '.0' (Excel stores 1 as 1.0), dates become ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        # the fast path matters: 50,000 rows x 15 cells
        return clean(value) if _NEEDS_CLEAN.search(value) else value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return clean(repr(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean(value)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: Path | str, *, find_header: Any = None) -> Table:
    """The first sheet for which find_header(rows) is not None (else the first sheet), or
    RosterImportError with one clear message."""
    path = Path(path)
    if not path.is_file():
        raise RosterImportError(f"找不到文件：{path}")
    if path.stat().st_size == 0:
        raise RosterImportError(f"文件是空的：{path.name}")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return Table(path, path.stem, read_csv(path))
    if suffix not in SPREADSHEET_SUFFIXES:
        raise RosterImportError(f"“{path.name}”不是电子表格：请选择 .xlsx、.xls 或 .csv 文件")
    return _read_workbook(path, find_header)


# --- the used range, before calamine allocates it (extent.py) ---------------------------------------


def too_far(extent: tuple[int, int]) -> bool:
    last_row, last_column = extent
    return last_column + 1 > MAX_COLUMNS or (last_row + 1) * (last_column + 1) > MAX_CELLS


def check_extent(name: str, last_row: int, last_column: int) -> None:
    """Refuse a sheet whose rectangle from A1 is out of all proportion, naming its farthest cell."""
    if too_far((last_row, last_column)):
        far = f"{column_letter(last_column)}{last_row + 1}"
        raise RosterImportError(
            f"“{name}”中有内容远在表格之外（最远到单元格 {far}），读取它需要的内存超过这台电脑能给的："
            f"请在 Excel 中删除 {far} 等远处的单元格（或把花名册复制到新的工作簿）后再导入"
        )


# --- workbooks ---------------------------------------------------------------------------------------


def _read_workbook(path: Path, find_header: Any) -> Table:
    from python_calamine import CalamineWorkbook

    for last_row, last_column in workbook_extents(path, too_far):
        check_extent(path.name, last_row, last_column)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        visible = [m.name for m in workbook.sheets_metadata if str(m.visible).endswith("Visible")] or names
    except Exception as exc:  # calamine raises several types for damaged or foreign files
        raise RosterImportError(
            f"无法读取“{path.name}”：不是有效的 Excel 文件，或文件已损坏（{exc}）"
        ) from None
    if not names:
        raise RosterImportError(f"“{path.name}”中没有工作表")
    first: Table | None = None
    ordered = visible + [n for n in names if n not in visible]
    for name in ordered:
        try:
            sheet = workbook.get_sheet_by_name(name)
            check_extent(path.name, sheet.height - 1, sheet.width - 1)
            rows = _trimmed(sheet.to_python(skip_empty_area=False))
        except RosterImportError:
            raise
        except Exception as exc:
            raise RosterImportError(f"无法读取“{path.name}”的工作表“{name}”：{exc}") from None
        table = Table(path, name, rows)
        if first is None:
            first = table
        if find_header is not None and find_header(table.rows) is not None:
            table.other_sheets = [n for n in names if n != name]
            return table
    assert first is not None
    first.other_sheets = [n for n in names if n != first.sheet]
    return first  # detect_layout() will say that no header was found


def _blank(value: object) -> bool:
    return value is None or type(value) is str and (not value or value.isspace())


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows up to the last non-empty one (a sheet formatted far down reads as empty rows)."""
    end = len(rows)
    while end and all(_blank(v) for v in rows[end - 1]):
        end -= 1
    return rows[:end] if end < len(rows) else rows


# --- CSV -------------------------------------------------------------------------------------------


def _line_fits_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_csv(data: bytes, name: str) -> str:
    """The text of a CSV file: BOM first, then UTF-8, then GB18030 (Chinese Excel saves CSV in GBK),
    each decided for every line, so that a file whose lines disagree is refused, not half mangled."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise RosterImportError(f"“{name}”的编码（UTF-16）有误，无法读取") from None
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "gb18030"
    lines = data.split(b"\n")
    if encoding == "gb18030":
        # Lines with non-ASCII bytes that are valid UTF-8 in a file that as a whole is not: which side
        # the first such line is on does not matter, the file is refused naming the first odd line.
        utf8 = [i for i, line in enumerate(lines) if not line.isascii() and _line_fits_utf8(line)]
        other = [i for i, line in enumerate(lines) if not line.isascii() and not _line_fits_utf8(line)]
        if utf8 and other:
            minority = utf8 if len(utf8) <= len(other) else other
            described = "UTF-8" if minority is utf8 else "GBK（ANSI）"
            majority = "GBK（ANSI）" if minority is utf8 else "UTF-8"
            raise RosterImportError(
                f"“{name}”的第{minority[0] + 1}行是 {described} 编码，而文件其余部分是 {majority} 编码："
                "这样的文件无法可靠读取（姓名和住址会变成乱码）。请用 Excel 打开后另存为"
                "“CSV UTF-8”或 Excel 工作簿，再导入"
            )
    for number, line in enumerate(lines, start=1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            raise RosterImportError(
                f"“{name}”的第{number}行含有无法识别的字符（既不是 UTF-8 也不是 GBK 编码）："
                "请用 Excel 打开后另存为“CSV UTF-8”或 Excel 工作簿，再导入"
            ) from None
    return data.decode(encoding)


def read_csv(path: Path) -> list[list[Any]]:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RosterImportError(f"“{path.name}”不是文本表格（CSV）文件")
    text = decode_csv(data, path.name)
    sample = "\n".join(text.splitlines()[:20])
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    if delimiter == "," and sample.count("，") > sample.count(",") * 3 and sample.count(",") == 0:
        delimiter = "，"
    rows: list[list[Any]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            end = len(record)
            while end and not record[end - 1].strip():
                end -= 1  # a line of a million commas is a line of nothing
            if end > MAX_COLUMNS:
                check_extent(path.name, len(rows), end - 1)
            rows.append(record[:end])
    except csv.Error as exc:
        raise RosterImportError(f"无法读取 CSV 文件“{path.name}”：{exc}") from None
    return _trimmed(rows)
