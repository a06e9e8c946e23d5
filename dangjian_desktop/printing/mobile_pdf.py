"""流动党员花名册: members working away, as an A4 landscape table with its header repeated on every page.

Every field is bounded in the database (地点 100, 党组织 200 characters), so no single row can outgrow
a page; the table itself continues over as many pages as it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

from dangjian_desktop.printing.layout import Para, Styles, canvas_maker, esc, pdf_target, styles

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


INBOUND_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 11),
    ("姓名", 24),
    ("性别", 12),
    ("流入日期", 28),
    ("所在党组织（流出地）", 62),
    ("在本村的单位或住处", 50),
    ("联系电话", 27),
    ("活动证编号", 28),
)


@dataclass(frozen=True)
class InboundLine:
    name: str
    gender: str
    arrived: str
    home_org: str
    work: str
    phone: str
    certificate_no: str


def _table(columns: tuple[tuple[str, float], ...], lines: list, empty: str, st: Styles) -> LongTable:
    cell = st.cell.clone("mobile-cell", fontSize=9.5, leading=12.5)
    header = [Para(title, st.cell_header) for title, _ in columns]
    body = [
        [Para(esc(text), cell) for text in (str(i), *vars(line).values())]
        for i, line in enumerate(lines, start=1)
    ]
    if not body:
        body = [[Para(empty, cell)] + [""] * (len(columns) - 1)]
    table = LongTable([header, *body], colWidths=[w * mm for _, w in columns], repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if not lines:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    return table


def print_mobile_roster(
    lines: list[MobileLine], inbound: list[InboundLine], branch_name: str, date_cn: str, out: Path | BinaryIO
) -> Path | BinaryIO:
    """流出 (members of this branch away) and 流入 (members of other branches here), one section each."""
    st = styles(body_size=10)
    doc = SimpleDocTemplate(
        pdf_target(out),
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"{branch_name}流动党员花名册",
    )
    section = st.body.clone(
        "mobile-section", fontName=st.fonts.heading, fontSize=13, leading=20, spaceBefore=8
    )
    story = [
        Para(f"{esc(branch_name)}流动党员花名册", st.title),
        Para(f"{esc(date_cn)}　内部资料 注意保密", st.subtitle),
        Para(f"一、流出党员（本支部外出党员 {len(lines)} 人）", section),
        _table(COLUMNS, lines, "（目前没有外出的党员）", st),
        Para(f"二、流入党员（在本村的外地党员 {len(inbound)} 人）", section),
        _table(INBOUND_COLUMNS, inbound, "（目前没有登记的流入党员）", st),
    ]
    doc.build(story, canvasmaker=canvas_maker(branch_name))
    return out
