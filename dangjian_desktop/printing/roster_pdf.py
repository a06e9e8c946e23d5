"""The 花名册 as an A4 landscape PDF: column widths follow the content, a repeated header row.

It carries full ID numbers, so it says "内部资料 注意保密". A note too long for its cell goes to a
备注 appendix keyed by 序号, so a row never grows a page tall; a 填报人、审核人、填报日期 line ends it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, TableStyle

from dangjian_desktop.core.dates import age_on
from dangjian_desktop.core.roster import MemberRow
from dangjian_desktop.printing.layout import (
    Para,
    TextTable,
    canvas_maker,
    continued_header,
    esc,
    fit_rows,
    pdf_target,
    styles,
    today_cn,
)

SIZE = 9.0
PAD = 2.0
# header, and the widest a column grows before its text wraps (mm); 备注 takes what is left
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 14),
    ("姓名", 34),
    ("性别", 10),
    ("民族", 22),
    ("出生日期", 22),
    ("年龄", 10),
    ("公民身份号码", 40),
    ("学历", 24),
    ("入党日期", 22),
    ("转正日期", 22),
    ("人员类别", 20),
    ("党小组", 30),
    ("工作岗位", 34),
    ("联系电话", 28),
    ("备注", 0),
)
NOTE_MIN = 30 * mm
NOTE_LINES = 2  # a longer note goes to the appendix
PAGE = landscape(A4)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 10 * mm, 14 * mm, 16 * mm
TEXT_W = PAGE[0] - 2 * MARGIN_X


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def note_of(row: MemberRow) -> str:
    parts = []
    if row.is_mobile:
        parts.append(f"流动党员（{row.mobile_destination}）" if row.mobile_destination else "流动党员")
    if row.note:
        parts.append(row.note)
    return "；".join(parts)


def _values(number: int, r: MemberRow, today: dt.date) -> list[str]:
    age = age_on(r.birth_date, today)
    return [
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
        note_of(r),
    ]


# numbers and dates never wrap: their columns keep their width; the text columns give up room
FLEXIBLE = frozenset({"姓名", "民族", "学历", "人员类别", "党小组", "工作岗位"})


def column_widths(rows: list[list[str]], font: str, header_font: str) -> list[float]:
    """Each column as wide as its longest value (up to its cap); the 备注 column gets the rest."""
    widths = []
    for col, (title, cap) in enumerate(COLUMNS[:-1]):
        longest = max((stringWidth(r[col], font, SIZE) for r in rows), default=0.0)
        natural = max(longest, stringWidth(title, header_font, SIZE)) + 2 * PAD + 1
        widths.append(min(natural, cap * mm))
    rest = TEXT_W - sum(widths)
    if rest < NOTE_MIN:  # the text columns give up room in proportion down to their header's width
        flexible = [i for i, (title, _cap) in enumerate(COLUMNS[:-1]) if title in FLEXIBLE]
        floor = {i: stringWidth(COLUMNS[i][0], header_font, SIZE) + 2 * PAD + 1 for i in flexible}
        spare = sum(widths[i] - floor[i] for i in flexible)
        short = NOTE_MIN - rest
        if spare > 0:
            share = min(1.0, short / spare)
            for i in flexible:
                widths[i] -= (widths[i] - floor[i]) * share
        rest = max(TEXT_W - sum(widths), 12 * mm)
    return [*widths, rest]


def print_roster(rows: list[MemberRow], branch_name: str, out: Path, *, today: dt.date | None = None) -> Path:
    """Members on the roster (在册), in the order given."""
    today = today or dt.date.today()
    st = styles()
    font, header_font = st.fonts.body, st.fonts.heading
    cell = st.cell.clone("roster-cell", fontSize=SIZE, leading=SIZE * 1.25)
    header_style = st.cell_header.clone("roster-head", fontSize=SIZE, leading=SIZE * 1.25)
    texts = [_values(n, r, today) for n, r in enumerate(rows, start=1)]
    widths = column_widths(texts, font, header_font)
    note_w = widths[-1] - 2 * PAD
    appendix: list[tuple[str, str]] = []
    data: list[list[object]] = [[Para(title, header_style) for title, _ in COLUMNS]]
    for values in texts:
        note = values[-1]
        if note and stringWidth(note, font, SIZE) > note_w * NOTE_LINES * 0.92:
            appendix.append((values[0], note))
            values = [*values[:-1], f"见附注{values[0]}"]
        # plain strings draw ten times faster than paragraphs: only text too wide for its cell wraps
        data.append(
            [
                Para(esc(v), cell) if stringWidth(v, font, SIZE) > w - 2 * PAD else v
                for v, w in zip(values, widths, strict=True)
            ]
        )
    limit = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM - 60
    table = TextTable(fit_rows(data, widths, limit, PAD), colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), font, SIZE),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2dede")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), PAD),
                ("BOTTOMPADDING", (0, 0), (-1, -1), PAD + 1),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ]
        )
    )
    title = f"{branch_name}党员花名册"
    secret = st.subtitle.clone("secret", alignment=2, textColor=colors.HexColor("#b71c1c"), spaceAfter=0)
    story: list[object] = [
        Para("内部资料　注意保密（含公民身份号码）", secret),
        Para(esc(title), st.title),
        Para(f"截至{today_cn(today)}　在册党员 {len(rows)} 名", st.subtitle),
        Spacer(1, 1 * mm),
        table,
    ]
    if appendix:
        story.append(
            Para("备注附页（按序号）", st.title.clone("appendix", fontSize=14, leading=20, spaceBefore=8))
        )
        body = st.body.clone("appendix-body", fontSize=10.5, leading=16)
        story.extend(Para(f"{n}．{esc(note)}", body) for n, note in appendix)
    sign = st.body.clone("sign", fontSize=11, leading=18, spaceBefore=10)
    story.append(
        KeepTogether(
            [Para(f"填报人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　填报日期：{today_cn(today)}", sign)]
        )
    )
    doc = SimpleDocTemplate(
        pdf_target(out),
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=branch_name,
    )
    later = continued_header(title, st.fonts.body, MARGIN_TOP)
    doc.build(story, onLaterPages=later, canvasmaker=canvas_maker(branch_name))
    return out
