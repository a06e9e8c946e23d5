"""The year-end statistics as an A4 PDF: one table per subject (rows = categories, columns = 合计 and its
breakdowns), the date everything is counted on, a 填报人、审核人、填报日期 line.

The figures arrive already checked against the roster (core/statistics); this module only lays them out.
A table of a thousand branches runs over pages with its header row repeated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, LongTable, SimpleDocTemplate, Spacer, TableStyle

from dangjian_desktop.core.statistics import StatTable, YearStatistics
from dangjian_desktop.printing.layout import (
    Para,
    canvas_maker,
    continued_header,
    esc,
    pdf_target,
    styles,
    today_cn,
)

SIZE = 10.0
PAD = 3.0
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 16 * mm, 18 * mm
TEXT_W = A4[0] - 2 * MARGIN_X
LABEL_W = 62 * mm
SHORT = 30  # tables of up to so many rows are kept on one page


def title_of(stats: YearStatistics) -> str:
    return f"{stats.scope}{stats.year}年度党员统计表"


def heading_of(stats: YearStatistics) -> str:
    """The line under the title: the day everything is counted on, and the two totals."""
    where = f"{stats.branches}个党支部，" if stats.branches > 1 else ""
    return (
        f"统计截至{stats.year}年12月31日（年龄、党龄均按此日计算）　{where}"
        f"在册党员 {stats.roster_count} 名，本年减少 {stats.left_count} 名"
    )


def signature_line(today: dt.date) -> str:
    return f"填报人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　填报日期：{today_cn(today)}"


def _table(table: StatTable, st) -> list[object]:  # noqa: ANN001 - the document's Styles
    cell = st.cell.clone("stat-cell", fontSize=SIZE, leading=SIZE * 1.3)
    head = st.cell_header.clone("stat-head", fontSize=SIZE, leading=SIZE * 1.3)
    data: list[list[object]] = [[Para("项目", head), *(Para(c, head) for c in table.columns)]]
    for row in table.rows:
        label = f"　　{row.label}" if row.part else row.label
        data.append([Para(esc(label), cell), *(str(n) for n in row.counts)])
    data.append(
        [
            Para("合计" if not table.counts_leavers else "合计（本年减少）", head),
            *map(str, table.column_sums()),
        ]
    )
    number_w = (TEXT_W - LABEL_W) / len(table.columns)
    grid = LongTable(data, colWidths=[LABEL_W, *[number_w] * len(table.columns)], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (1, 1), (-1, -1), st.fonts.body, SIZE),
                ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2dede")),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f5f5f5")),
                ("TOPPADDING", (0, 0), (-1, -1), PAD),
                ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
            ]
        )
    )
    caption = st.body.clone(
        "stat-caption", fontName=st.fonts.heading, fontSize=13, leading=20, spaceBefore=10
    )
    note = st.body.clone(
        "stat-note", fontSize=9, leading=13, textColor=colors.HexColor("#444444"), spaceBefore=2
    )
    parts: list[object] = [Para(esc(table.title), caption), grid]
    if table.note:
        parts.append(Para(esc(f"注：{table.note}"), note))
    return [KeepTogether(parts)] if len(table.rows) <= SHORT else parts


def print_statistics(
    stats: YearStatistics, out: Path | BinaryIO, *, today: dt.date | None = None
) -> Path | BinaryIO:
    today = today or dt.date.today()
    st = styles()
    title = title_of(stats)
    story: list[object] = [
        Para(esc(title), st.title),
        Para(esc(heading_of(stats)), st.subtitle),
        Spacer(1, 2 * mm),
    ]
    for table in stats.tables:
        story.extend(_table(table, st))
    sign = st.body.clone("sign", fontSize=11, leading=18, spaceBefore=14)
    story.append(KeepTogether([Para(signature_line(today), sign)]))
    doc = SimpleDocTemplate(
        pdf_target(out),
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=stats.scope,
    )
    later = continued_header(title, st.fonts.body, MARGIN_TOP)
    doc.build(story, onLaterPages=later, canvasmaker=canvas_maker(stats.scope))
    return out
