"""The year-end statistics (党内统计 basics) as a workbook and as a PDF, for the GUI and the CLI alike.

The figures come from core/statistics, already checked against the roster; a mismatch raises there and
nothing is written. The workbook holds one sheet per table in the usual shape (rows = categories,
columns = 合计 and its breakdowns), every cell a plain value: a branch named "=..." stays text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from dangjian_desktop.core.statistics import StatTable, YearStatistics, default_scope, year_statistics

_SHEET_FORBIDDEN = str.maketrans({ch: "-" for ch in "[]:*?/\\"})


def gather(session: Session, year: int, *, beside: Session | None = None) -> YearStatistics:
    """The tables of the village's own branch, or of every branch in a township (or county) database
    (beside: a second reader of the same state, services.query_together)."""
    return year_statistics(session, year, default_scope(session), beside=beside)


def statistics_pdf(session: Session, year: int, today: dt.date, out: Path | BinaryIO) -> Path | BinaryIO:
    from dangjian_desktop.printing.statistics_pdf import print_statistics

    return print_statistics(gather(session, year), out, today=today)


def statistics_xlsx(session: Session, year: int, today: dt.date, out: Path) -> Path:
    return write_xlsx(gather(session, year), out, today=today)


def _text(cell, value: str) -> None:  # noqa: ANN001 - an openpyxl cell
    """A string stored as a string: openpyxl would take a leading "=" for a formula."""
    cell.value = value
    cell.data_type = "s"


def write_xlsx(stats: YearStatistics, out: Path, *, today: dt.date | None = None) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from dangjian_desktop.printing.statistics_pdf import heading_of, signature_line, title_of

    today = today or dt.date.today()
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold, header_fill = Font(bold=True), PatternFill("solid", fgColor="F2DEDE")
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in stats.tables:
        sheet = book.create_sheet(_sheet_name(table, used))
        width = len(table.columns) + 1
        _text(sheet.cell(1, 1), f"{title_of(stats)}：{table.title}")
        sheet.cell(1, 1).font = Font(bold=True, size=14)
        _text(sheet.cell(2, 1), heading_of(stats))
        header = ["项目", *table.columns]
        for col, value in enumerate(header, start=1):
            cell = sheet.cell(3, col)
            _text(cell, value)
            cell.font, cell.fill, cell.border = bold, header_fill, box
            cell.alignment = Alignment(horizontal="center")
        row_no = 4
        for row in table.rows:
            _text(sheet.cell(row_no, 1), f"　　{row.label}" if row.part else row.label)
            for col, n in enumerate(row.counts, start=2):
                sheet.cell(row_no, col).value = int(n)
            row_no += 1
        _text(sheet.cell(row_no, 1), "合计" if not table.counts_leavers else "合计（本年减少）")
        for col, n in enumerate(table.column_sums(), start=2):
            sheet.cell(row_no, col).value = int(n)
        for r in range(4, row_no + 1):
            for col in range(1, width + 1):
                sheet.cell(r, col).border = box
                if col > 1:
                    sheet.cell(r, col).alignment = Alignment(horizontal="center")
        sheet.cell(row_no, 1).font = bold
        if table.note:
            _text(sheet.cell(row_no + 1, 1), f"注：{table.note}")
        _text(sheet.cell(row_no + 3, 1), signature_line(today).replace("＿", "_"))
        sheet.column_dimensions["A"].width = 34
        for col in range(2, width + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 11
    book.save(out)
    return out


def _sheet_name(table: StatTable, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the book."""
    name = table.title.translate(_SHEET_FORBIDDEN)[:31] or table.key
    candidate, n = name, 2
    while candidate in used:
        candidate = f"{name[:28]}{n}"
        n += 1
    used.add(candidate)
    return candidate
