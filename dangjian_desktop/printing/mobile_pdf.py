"""流动党员花名册: members working away, as an A4 landscape table with its header repeated on every page.

Every field is bounded in the database (地点 100, 党组织 200 characters), so no single row can outgrow
a page; the table itself continues over as many pages as it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

from dangjian_desktop.printing.layout import NumberedCanvas, esc, styles

COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 11),
    ("姓名", 24),
    ("外出日期", 28),
    ("外出地点", 40),
    ("原因", 12),
    ("外出期间电话", 27),
    ("流入地党组织", 49),
    ("活动证编号", 22),
    ("联系人", 18),
    ("最近联系", 31),
)


@dataclass(frozen=True)
class MobileLine:
    name: str
    left: str
    place: str
    reason: str
    phone: str  # in full: the branch uses this list to reach them (an internal document, marked so)
    host_org: str
    certificate_no: str
    contact_person: str
    last_contact: str


def print_mobile_roster(lines: list[MobileLine], branch_name: str, date_cn: str, out: Path) -> Path:
    st = styles(body_size=10)
    cell = st.cell.clone("mobile-cell", fontSize=9.5, leading=12.5)
    doc = SimpleDocTemplate(
        str(out),
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"{branch_name}流动党员花名册",
    )
    header = [Paragraph(title, st.cell_header) for title, _ in COLUMNS]
    body = [
        [Paragraph(esc(text), cell) for text in (str(i), *vars(line).values())]
        for i, line in enumerate(lines, start=1)
    ]
    if not body:
        body = [[Paragraph("（目前没有外出的党员）", cell)] + [""] * (len(COLUMNS) - 1)]
    table = LongTable([header, *body], colWidths=[w * mm for _, w in COLUMNS], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story = [
        Paragraph(f"{esc(branch_name)}流动党员花名册", st.title),
        Paragraph(f"外出党员 {len(lines)} 人　{esc(date_cn)}　内部资料 注意保密", st.subtitle),
        table,
    ]
    doc.build(story, canvasmaker=NumberedCanvas)
    return out
