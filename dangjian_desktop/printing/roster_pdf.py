"""The 花名册 as an A4 landscape PDF: branch name and date in the title, a repeated header row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from dangjian_desktop.core.dates import age_on
from dangjian_desktop.core.roster import MemberRow
from dangjian_desktop.printing.layout import NumberedCanvas, esc, styles, today_cn

COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 10),
    ("姓名", 17),
    ("性别", 9),
    ("民族", 12),
    ("出生日期", 20),
    ("年龄", 9),
    ("公民身份号码", 36),
    ("学历", 17),
    ("入党日期", 20),
    ("转正日期", 20),
    ("人员类别", 17),
    ("党小组", 20),
    ("工作岗位", 26),
    ("联系电话", 24),
    ("备注", 18),
)


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _note(row: MemberRow) -> str:
    parts = []
    if row.is_mobile:
        parts.append(f"流动党员{('(' + row.mobile_destination + ')') if row.mobile_destination else ''}")
    if row.note:
        parts.append(row.note)
    return "；".join(parts)


def print_roster(rows: list[MemberRow], branch_name: str, out: Path, *, today: dt.date | None = None) -> Path:
    """Members on the roster (在册), in the order given."""
    today = today or dt.date.today()
    st = styles()
    doc = SimpleDocTemplate(
        str(out),
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=f"{branch_name}党员花名册",
        author="党务台账",
    )
    header = [Paragraph(title, st.cell_header) for title, _ in COLUMNS]
    room = [(width - 2.5) * mm for _, width in COLUMNS]  # inside the cell padding
    data: list[list[object]] = [header]
    for number, r in enumerate(rows, start=1):
        age = age_on(r.birth_date, today)
        values = (
            str(number),
            r.name,
            r.gender,
            r.ethnicity,
            _d(r.birth_date),
            "" if age is None else str(age),
            r.id_number or "",
            r.education,
            _d(r.join_date),
            _d(r.full_date),
            r.category,
            r.party_group,
            r.job,
            r.phone,
            _note(r),
        )
        # Plain strings draw ten times faster than Paragraphs; only text too long for its cell wraps.
        data.append(
            [
                Paragraph(esc(v), st.cell) if stringWidth(v, st.fonts.body, 8.5) > space else v
                for v, space in zip(values, room, strict=True)
            ]
        )
    table = LongTable(data, colWidths=[w * mm for _, w in COLUMNS], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), st.fonts.body, 8.5),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2dede")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#fafafa")]),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story = [
        Paragraph(f"{esc(branch_name)}党员花名册", st.title),
        Paragraph(f"截至 {today_cn(today)}　在册党员 {len(rows)} 名", st.subtitle),
        Spacer(1, 2 * mm),
        table,
    ]
    doc.build(story, canvasmaker=NumberedCanvas)
    return out
