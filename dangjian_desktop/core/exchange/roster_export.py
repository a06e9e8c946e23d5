"""The roster as a clean workbook for the township (`dangjian roster export FILE.xlsx`).

The sheet XML is streamed by hand, one string join a row: xlsxwriter spends about 20 µs a cell,
which makes 50,000 members take over ten seconds on a village laptop. ID numbers and phones are written as text cells with the text format, because an 18-digit ID
stored as a number loses its last digits in Excel; dates are real date cells. The header labels are the
ones the importer knows (both come from core/member_fields.py), so export then import gives the same roster back, field for field.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.importing.sheet import column_letter
from dangjian_desktop.core.models import Member, MemberStatus

Progress = Callable[[int, int], None]
TEXT, NUMBER_TEXT, DATE, FLAG = (
    member_fields.TEXT,
    member_fields.NUMBER_TEXT,
    member_fields.DATE,
    member_fields.FLAG,
)


@dataclass(frozen=True)
class ExportColumn:
    field: str
    kind: str
    width: float
    title: str = ""  # for columns that are not member fields

    @property
    def label(self) -> str:
        return self.title or member_fields.LABELS[self.field]


# The standard layout of DOMAIN.md, then what the program keeps beyond it (so nothing is lost): every
# exported member field, in the order core/member_fields.py declares them.
COLUMNS: tuple[ExportColumn, ...] = tuple(
    ExportColumn(f.key, f.kind, f.export_width) for f in member_fields.FIELDS if f.exported
)


# The township's combined roster leads with the branch each member belongs to.
BRANCH_COLUMN = ExportColumn("branch", TEXT, 16, title="所在党支部")


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
    """Write the workbook (to a temporary name, then renamed) and return the number of members.

    In a township database (several branches) this is the combined roster, one column more in front:
    the branch."""
    from dangjian_desktop.core.township import is_township

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"导出文件应以 .xlsx 结尾：{out.name}")
    today = today or dt.date.today()
    with db.reading() as session:
        if is_township(session):
            rows, columns, title = (
                township_roster_for_export(session),
                (BRANCH_COLUMN, *COLUMNS),
                "乡镇党员花名册（汇总）",
            )
        else:
            branch = require_branch(session)
            rows, columns, title = roster_for_export(session, branch.id), COLUMNS, f"{branch.name}党员花名册"
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    try:
        _write(partial, rows, title, today, progress, columns)
        os.replace(partial, out)
    except PermissionError:
        partial.unlink(missing_ok=True)
        raise ExportError(f"无法写入 {out}：文件可能正在 Excel 中打开，请关闭后重试") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"无法写入 {out}：{exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)  # never leave a half-written workbook behind
        raise
    return len(rows)


def township_roster_for_export(session: Session) -> list[tuple[Any, ...]]:
    """Every branch's members, branch by branch, each in the order of roster_for_export."""
    from dangjian_desktop.core.models import Branch

    rows: list[tuple[Any, ...]] = []
    for branch_id, name in session.execute(select(Branch.id, Branch.name).order_by(Branch.name)):
        rows.extend((name, *row) for row in roster_for_export(session, branch_id))
    return rows


def _write(
    path: Path | io.BytesIO,
    rows: list[tuple[Any, ...]],
    title: str,
    today: dt.date,
    progress: Progress | None,
    columns: tuple[ExportColumn, ...] = COLUMNS,
) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _package_parts().items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as raw:
            stream = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
            _write_sheet(stream, rows, title, today, progress, columns)
            stream.flush()
            stream.detach()


def _esc(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


# Style indexes into cellXfs of the styles part below.
_S_TITLE, _S_HEADER, _S_TEXT, _S_DATE = 1, 2, 3, 4
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = dt.date(1899, 12, 30).toordinal()
_SHEET_NAME = "党员花名册"


def _write_sheet(
    out: io.TextIOWrapper,
    rows: list[tuple[Any, ...]],
    title: str,
    today: dt.date,
    progress: Progress | None,
    columns: tuple[ExportColumn, ...] = COLUMNS,
) -> None:
    """The worksheet XML, streamed a row at a time: inline strings, date serials, fixed styles."""
    last = len(columns)
    letters = [column_letter(i) for i in range(last + 1)]
    total = len(rows)
    end_row = total + 2
    write = out.write
    write(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:{letters[-1]}{end_row}"/>'
        '<sheetViews><sheetView workbookViewId="0" tabSelected="1">'
        '<pane xSplit="2" ySplit="2" topLeftCell="C3" activePane="bottomRight" state="frozen"/>'
        '<selection pane="topRight"/><selection pane="bottomLeft"/>'
        '<selection pane="bottomRight" activeCell="C3" sqref="C3"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="5.7" customWidth="1"/>'
    )
    for index, column in enumerate(columns, start=2):
        style = f' style="{_S_TEXT}"' if column.kind == NUMBER_TEXT else ""
        write(f'<col min="{index}" max="{index}" width="{column.width + 0.7}"{style} customWidth="1"/>')
    write("</cols><sheetData>")
    heading = _esc(f"{title}（{format_cn(today)}导出，共{total}人）")
    write(
        f'<row r="1" ht="30" customHeight="1"><c r="A1" s="{_S_TITLE}" t="inlineStr"><is><t>{heading}</t></is></c>'
    )
    write("".join(f'<c r="{letters[i]}1" s="{_S_TITLE}"/>' for i in range(1, last + 1)))
    write('</row><row r="2" ht="22" customHeight="1">')
    labels = ["序号", *(c.label for c in columns)]
    for i, label in enumerate(labels):
        write(f'<c r="{letters[i]}2" s="{_S_HEADER}" t="inlineStr"><is><t>{_esc(label)}</t></is></c>')
    write("</row>")
    kinds = [(letters[i], c.kind) for i, c in enumerate(columns, start=1)]
    for position, row in enumerate(rows):
        line = position + 3
        parts = [f'<row r="{line}"><c r="A{line}"><v>{position + 1}</v></c>']
        append = parts.append
        for (letter, kind), value in zip(kinds, row, strict=True):
            if value is None or value == "" or value is False:
                continue
            if kind == DATE:
                append(f'<c r="{letter}{line}" s="{_S_DATE}"><v>{value.toordinal() - _EPOCH}</v></c>')
            elif kind == FLAG:
                append(f'<c r="{letter}{line}" t="inlineStr"><is><t>是</t></is></c>')
            else:
                # ID numbers and phones carry the text format too, so Excel never makes them numbers
                style = f' s="{_S_TEXT}"' if kind == NUMBER_TEXT else ""
                append(
                    f'<c r="{letter}{line}"{style} t="inlineStr"><is><t xml:space="preserve">'
                    f"{_esc(value)}</t></is></c>"
                )
        append("</row>")
        write("".join(parts))
        if progress is not None and position % 5000 == 0:
            progress(position, total)
    write("</sheetData>")
    write(f'<autoFilter ref="A2:{letters[-1]}{max(end_row, 3)}"/>')
    write(f'<mergeCells count="1"><mergeCell ref="A1:{letters[-1]}1"/></mergeCells>')
    write(
        '<printOptions horizontalCentered="1"/>'
        '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>"
        "</worksheet>"
    )
    if progress is not None:
        progress(total, total)


_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><charset val="134"/></font>'
    '<font><b/><sz val="16"/><name val="宋体"/><charset val="134"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFF2DCDB"/><bgColor indexed="64"/></patternFill>'
    "</fill></fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/>'
    "</border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" '
    'applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _package_parts() -> dict[str, str]:
    return {
        "[Content_Types].xml": _HEAD
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_XLSX}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_XLSX}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_XLSX}.styles+xml"/>'
        "</Types>",
        "_rels/.rels": _HEAD + f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f'<bookViews><workbookView/></bookViews><sheets><sheet name="{_SHEET_NAME}" sheetId="1" r:id="rId1"/>'
        "</sheets><definedNames>"
        f'<definedName name="_xlnm.Print_Titles" localSheetId="0">\'{_SHEET_NAME}\'!$1:$2</definedName>'
        "</definedNames></workbook>",
        "xl/_rels/workbook.xml.rels": _HEAD + f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": _HEAD + _STYLES,
    }


def roster_workbook_bytes(session: Session, branch_id: int, branch_name: str, today: dt.date) -> bytes:
    """The same workbook in memory, for the township package: full ID numbers never touch a
    temporary file that a crash would leave behind."""
    buffer = io.BytesIO()
    _write(buffer, roster_for_export(session, branch_id), f"{branch_name}党员花名册", today, None)
    return buffer.getvalue()
