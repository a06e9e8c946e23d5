"""The roster as a clean workbook for the township (`dangjian roster export FILE.xlsx`).

xlsxwriter in constant-memory mode streams rows straight to the file: 50,000 members in a few
seconds. ID numbers and phones are written as text cells with the text format, because an 18-digit ID
stored as a number loses its last digits in Excel; dates are real date cells. The header labels are the
ones roster_import knows, so export then import gives the same roster back, field for field.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.roster_import import FIELD_LABELS
from dangjian_desktop.core.models import Member, MemberStatus

Progress = Callable[[int, int], None]
TEXT, NUMBER_TEXT, DATE, FLAG = "text", "number_text", "date", "flag"


@dataclass(frozen=True)
class ExportColumn:
    field: str
    kind: str
    width: float

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


# The standard layout of DOMAIN.md, then what the program keeps beyond it (so nothing is lost).
COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("name", TEXT, 10),
    ExportColumn("gender", TEXT, 5),
    ExportColumn("ethnicity", TEXT, 8),
    ExportColumn("birth_date", DATE, 11.5),
    ExportColumn("id_number", NUMBER_TEXT, 20),
    ExportColumn("education", TEXT, 10),
    ExportColumn("join_date", DATE, 11.5),
    ExportColumn("full_date", DATE, 11.5),
    ExportColumn("category", TEXT, 9),
    ExportColumn("party_group", TEXT, 11),
    ExportColumn("job", TEXT, 14),
    ExportColumn("phone", NUMBER_TEXT, 13),
    ExportColumn("address", TEXT, 22),
    ExportColumn("status", TEXT, 8),
    ExportColumn("is_mobile", FLAG, 8),
    ExportColumn("mobile_destination", TEXT, 12),
    ExportColumn("is_lost_contact", FLAG, 8),
    ExportColumn("is_hardship", FLAG, 8),
    ExportColumn("is_committee", FLAG, 6),
    ExportColumn("left_date", DATE, 11.5),
    ExportColumn("left_reason", TEXT, 14),
    ExportColumn("note", TEXT, 20),
)


class ExportError(UserError):
    """The message is Chinese and shown to the user as it is."""


def roster_for_export(session: Session, branch_id: int) -> list[tuple[Any, ...]]:
    """One tuple per member in COLUMNS order: members on the roster first, by 党小组, then the rest."""
    columns = [getattr(Member, c.field) for c in COLUMNS]
    left_last = case((Member.status == MemberStatus.ACTIVE.value, 0), else_=1)
    query = (
        select(*columns)
        .where(Member.branch_id == branch_id)
        .order_by(left_last, Member.party_group, Member.id)
    )
    return [tuple(row) for row in session.execute(query)]


def export_roster(
    db: Database,
    out: Path | str,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the workbook (to a temporary name, then renamed) and return the number of members."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"导出文件应以 .xlsx 结尾：{out.name}")
    today = today or dt.date.today()
    with db.reading() as session:
        branch = require_branch(session)
        rows = roster_for_export(session, branch.id)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    try:
        _write(partial, rows, f"{branch.name}党员花名册", today, progress)
        os.replace(partial, out)
    except PermissionError:
        partial.unlink(missing_ok=True)
        raise ExportError(f"无法写入 {out}：文件可能正在 Excel 中打开，请关闭后重试") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"无法写入 {out}：{exc}") from None
    return len(rows)


def _write(
    path: Path, rows: list[tuple[Any, ...]], title: str, today: dt.date, progress: Progress | None
) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet("党员花名册")
        title_format = workbook.add_format(
            {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
        )
        header_format = workbook.add_format(
            {
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "bg_color": "#F2DCDB",
                "text_wrap": True,
            }
        )
        text_format = workbook.add_format({"num_format": "@"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        last = len(COLUMNS)  # column 0 is 序号
        sheet.set_column(0, 0, 5)
        for index, column in enumerate(COLUMNS, start=1):
            cell_format = text_format if column.kind == NUMBER_TEXT else None
            sheet.set_column(index, index, column.width, cell_format)
        sheet.set_row(0, 30)
        sheet.merge_range(0, 0, 0, last, f"{title}（{format_cn(today)}导出，共{len(rows)}人）", title_format)
        sheet.set_row(1, 22)
        sheet.write_string(1, 0, "序号", header_format)
        for index, column in enumerate(COLUMNS, start=1):
            sheet.write_string(1, index, column.label, header_format)
        kinds = [(index, column.kind) for index, column in enumerate(COLUMNS, start=1)]
        write_string, write_number, write_datetime = (
            sheet.write_string,
            sheet.write_number,
            sheet.write_datetime,
        )
        total = len(rows)
        for position, row in enumerate(rows):
            line = position + 2
            write_number(line, 0, position + 1)
            for (index, kind), value in zip(kinds, row, strict=True):
                if value is None or value == "" or value is False:
                    continue
                if kind == DATE:
                    write_datetime(line, index, value, date_format)
                elif kind == NUMBER_TEXT:  # a text cell with the text format, so Excel never
                    write_string(line, index, value, text_format)  # turns it into a number on edit
                elif kind == FLAG:
                    write_string(line, index, "是")
                else:
                    write_string(line, index, value)
            if progress is not None and position % 5000 == 0:
                progress(position, total)
        sheet.freeze_panes(2, 2)
        sheet.autofilter(1, 0, max(1, total + 1), last)
        sheet.repeat_rows(0, 1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
    finally:
        workbook.close()
    if progress is not None:
        progress(total, total)
