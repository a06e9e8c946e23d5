"""The year's archive (会议记录汇编): cover box and contents, compliance table and chart, attendance,
then every record in date order (printing.minutes_pdf)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table, TableStyle

from dangjian_desktop.core.meetings import (
    GROUP,
    HELD,
    IN_PROGRESS,
    KINDS,
    MISSING,
    NOT_DUE,
    Compliance,
    KindRate,
    MeetingDetail,
)
from dangjian_desktop.printing.layout import NumberedCanvas, Para, esc, pdf_target, today_cn
from dangjian_desktop.printing.minutes_pdf import (
    RED,
    TEXT_W,
    RecordStyles,
    _fits,
    build,
    document,
    record_styles,
    records,
)

MISSING_BG = colors.HexColor("#f8c9c9")
HELD_BG = colors.HexColor("#e3f1e0")
PENDING_BG = colors.HexColor("#fff4cc")
HELD_BAR = colors.HexColor("#4c9a52")


class _PageRef(Flowable):
    """The page number of a record in the contents, filled in when the canvas saves the document.

    This replaces a second full build just to learn the page numbers (the archive prints hundreds).
    """

    def __init__(self, meeting_id: int, font: str, size: float) -> None:
        super().__init__()
        self.meeting_id, self.font, self.size = meeting_id, font, size

    def wrap(self, available_width: float, _ah: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.size * 1.3

    def draw(self) -> None:
        refs = getattr(self.canv, "page_refs", None)
        if refs is not None:
            x, y = self.canv.absolutePosition(self.width, self.size * 0.25)
            refs.append((self.canv.getPageNumber(), x, y, self.meeting_id, self.font, self.size))


class _TotalPages(_PageRef):
    """卷内页数 on the cover: the page count, known only when the canvas saves."""

    def __init__(self, font: str, size: float) -> None:
        super().__init__(-1, font, size)

    def draw(self) -> None:
        refs = getattr(self.canv, "page_refs", None)
        if refs is not None:
            x, y = self.canv.absolutePosition(0, self.size * 0.25)
            refs.append((self.canv.getPageNumber(), x, y, -1, self.font, self.size))


class _ArchiveCanvas(NumberedCanvas):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # mutated in place only: the per-page state copies NumberedCanvas keeps share these objects
        self.anchors: dict[int, int] = {}
        self.page_refs: list[tuple[int, float, float, int, str, float]] = []

    def _draw_footer(self, total: int) -> None:
        super()._draw_footer(total)
        for page, x, y, meeting_id, font, size in self.page_refs:
            if page != self._pageNumber:
                continue
            self.saveState()
            self.setFont(font, size)
            if meeting_id == -1:
                self.drawString(x, y, f"{total} 页")
            elif meeting_id in self.anchors:
                self.drawRightString(x, y, str(self.anchors[meeting_id]))
            self.restoreState()


def _contents(
    details: Sequence[MeetingDetail],
    st: RecordStyles,
    year: int,
    branch_name: str,
    today: dt.date,
    retention: str,
) -> list[Flowable]:
    p = Para
    head = [p(t, st.base.cell_header) for t in ("序号", "日期", "会议类型", "会议名称", "主持人", "页码")]
    widths = [12 * mm, 22 * mm, 42 * mm, TEXT_W - 114 * mm, 22 * mm, 16 * mm]

    def cell(text: str, column: int) -> object:
        return text if _fits(text, st.toc, widths[column] - 6) else p(esc(text), st.toc)

    rows = [
        [
            str(n),
            f"{d.date.month}月{d.date.day}日",
            cell(d.kind_label, 2),
            cell(d.title, 3),
            cell(d.host, 4),
            _PageRef(d.id, st.toc.fontName, st.toc.fontSize),
        ]
        for n, d in enumerate(details, start=1)
    ]
    table = Table([head, *rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), st.toc.fontName, st.toc.fontSize, st.toc.leading),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return [
        Spacer(1, 6 * mm),
        p(esc(f"{branch_name}"), st.base.title),
        p(f"{year}年度会议记录汇编", st.base.title),
        Spacer(1, 4 * mm),
        _cover_box(st, branch_name, year, len(details), today, retention),
        Spacer(1, 8 * mm),
        p("目　　录", st.section),
        table,
    ]


def _cover_box(
    st: RecordStyles, branch_name: str, year: int, count: int, today: dt.date, retention: str
) -> Table:
    """The 卷内备考 of an archive volume: who, which year, how many pages, how long it is kept."""
    value = st.value
    data = [
        ["立卷单位", Para(esc(branch_name), value), "年　　度", f"{year}年"],
        ["卷内页数", _TotalPages(value.fontName, value.fontSize), "保管期限", retention],
        ["会议次数", f"{count} 次", "编印日期", today_cn(today)],
    ]
    widths = [24 * mm, TEXT_W / 2 - 24 * mm, 24 * mm, TEXT_W / 2 - 24 * mm]
    table = Table(data, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("FONT", (0, 0), (-1, -1), value.fontName, value.fontSize, value.leading),
                ("FONT", (0, 0), (0, -1), st.label.fontName, st.label.fontSize, st.label.leading),
                ("FONT", (2, 0), (2, -1), st.label.fontName, st.label.fontSize, st.label.leading),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f5f5f5")),
                ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#f5f5f5")),
            ]
        )
    )
    return table


def _compliance_table(comp: Compliance, st: RecordStyles) -> Table:
    """Kinds down, the twelve months across; quarters and the year are spans; missing cells red."""
    p = Para
    small = ParagraphStyle("c", parent=st.base.cell, alignment=TA_CENTER, fontSize=8, leading=10)
    head = [p("会议类型", st.base.cell_header), p("频次", st.base.cell_header)]
    head += [p(str(m), st.base.cell_header) for m in range(1, 13)] + [p("缺", st.base.cell_header)]
    data: list[list[object]] = [head]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2dede")),
        ("LEFTPADDING", (1, 0), (-1, -1), 1),
        ("RIGHTPADDING", (1, 0), (-1, -1), 1),
    ]
    missing = comp.missing_by_kind()
    for kind in KINDS:
        rows = comp.for_kind(kind)
        line: list[object] = [p(esc(kind), st.base.cell), p(rows[0].frequency if rows else "不要求", small)]
        line += [""] * 12 + [p(str(missing[kind]) if rows else "—", small)]
        r = len(data)
        if missing[kind]:
            commands.append(("TEXTCOLOR", (14, r), (14, r), RED))
        for row in rows:
            first, span = _month_span(row.period)
            col = 2 + first
            if span > 1:
                commands.append(("SPAN", (col, r), (col + span - 1, r)))
            text = ""
            if kind == GROUP and row.state != NOT_DUE:
                text = f"{row.held}/{row.required}"
            elif row.state == HELD:
                text = "√" if row.held == 1 else f"√{row.held}"
            elif row.state == MISSING:
                text = "缺"
            elif row.state == IN_PROGRESS:
                text = "进行中"
            line[col] = p(text, small)
            background = {HELD: HELD_BG, MISSING: MISSING_BG, IN_PROGRESS: PENDING_BG}.get(row.state)
            if background is not None:
                commands.append(("BACKGROUND", (col, r), (col + span - 1, r), background))
        data.append(line)
    widths = [30 * mm, 13 * mm] + [(TEXT_W - 51 * mm) / 12] * 12 + [8 * mm]
    table = Table(data, colWidths=widths)
    table.setStyle(TableStyle(commands))
    return table


def _month_span(period: str) -> tuple[int, int]:
    """2026-03 -> (2, 1); 2026-Q2 -> (3, 3); 2026 -> (0, 12): first month column and width."""
    if "-Q" in period:
        return (int(period[-1]) - 1) * 3, 3
    if "-" in period:
        return int(period[-2:]) - 1, 1
    return 0, 12


def _compliance_chart(comp: Compliance, fonts_name: str) -> Drawing:
    """Per kind, the periods already due split into held (green) and missing (red)."""
    kinds = [k for k in KINDS if comp.for_kind(k)]
    held = [sum(1 for r in comp.for_kind(k) if r.state == HELD) for k in kinds]
    missing = [sum(1 for r in comp.for_kind(k) if r.state == MISSING) for k in kinds]
    longest = max([h + m for h, m in zip(held, missing, strict=True)] + [1])
    height = 22 * len(kinds) + 10
    drawing = Drawing(TEXT_W, height + 50)
    chart = HorizontalBarChart()
    chart.x, chart.y = 90, 20
    chart.width, chart.height = TEXT_W - 200, height
    chart.data = [list(reversed(held)), list(reversed(missing))]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = list(reversed(kinds))
    chart.categoryAxis.labels.fontName = fonts_name
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = longest + 1
    chart.valueAxis.valueStep = 2 if longest > 6 else 1
    chart.valueAxis.labels.fontName = fonts_name
    chart.valueAxis.labels.fontSize = 8
    chart.bars[0].fillColor = HELD_BAR
    chart.bars[1].fillColor = RED
    chart.barWidth = 12
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = TEXT_W - 95, height + 10
    legend.fontName = fonts_name
    legend.fontSize = 9
    legend.colorNamePairs = [(HELD_BAR, "已召开（期）"), (RED, "应开未开（期）")]
    drawing.add(legend)
    drawing.add(String(0, height + 36, "到期会议召开情况", fontName=fonts_name, fontSize=11))
    return drawing


def _rates_table(rates: Sequence[KindRate], st: RecordStyles) -> Table:
    p = Para
    head = [p(t, st.base.cell_header) for t in ("会议类型", "次数", "应到人次", "实到人次", "出席率")]
    rows = [
        [
            p(esc(r.kind), st.base.cell),
            p(str(r.meetings), st.base.cell),
            p(str(r.expected), st.base.cell),
            p(str(r.present), st.base.cell),
            p(f"{r.rate:.1%}" if r.rate is not None else "—", st.base.cell),
        ]
        for r in rates
    ]
    table = Table([head, *rows], colWidths=[50 * mm, 20 * mm, 28 * mm, 28 * mm, 28 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2dede")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _compliance_section(
    comp: Compliance, rates: Sequence[KindRate], st: RecordStyles, branch_name: str, today: dt.date
) -> list[Flowable]:
    p = Para
    missing = comp.missing
    summary = (
        f"截至{today_cn(today)}，应开未开 {len(missing)} 期："
        + "；".join(f"{kind} {n} 期" for kind, n in comp.missing_by_kind().items() if n)
        if missing
        else f"截至{today_cn(today)}，到期的各类会议均已召开。"
    )
    story: list[Flowable] = [
        p(esc(f"{branch_name}{comp.year}年度会议召开情况"), st.base.title),
        p(esc(summary), st.base.subtitle),
        Spacer(1, 3 * mm),
        _compliance_table(comp, st),
        Spacer(1, 3 * mm),
        p(
            "注：表头数字为月份。√ 为已召开，红色“缺”为应开未开，黄色为本期进行中；"
            "党小组会一栏为“已开会的党小组数/党小组数”。",
            st.toc,
        ),
        Spacer(1, 6 * mm),
        _compliance_chart(comp, st.base.fonts.body),
    ]
    gaps = [r for r in missing if r.missing_groups]
    if gaps:
        story.append(p("党小组会缺开明细", st.section))
        story.extend(p(esc(f"{r.label}：{'、'.join(r.missing_groups)}"), st.toc) for r in gaps)
    if rates:
        story += [CondPageBreak(50 * mm), p("出席情况", st.section), _rates_table(rates, st)]
    return story


def print_archive(
    details: Sequence[MeetingDetail],
    branch_name: str,
    comp: Compliance,
    out: Path,
    *,
    rates: Sequence[KindRate] = (),
    today: dt.date | None = None,
    retention: str = "永久",
) -> Path:
    """Contents with page numbers, the compliance table and chart, then every record in date order.

    One build: the contents' page numbers are drawn as the canvas saves, once every record is placed.
    """
    today = today or dt.date.today()
    st = record_styles()
    details = sorted(details, key=lambda d: (d.date, d.start_time, d.id))
    title = f"{branch_name}{comp.year}年度会议记录汇编"

    story = [
        *_contents(details, st, comp.year, branch_name, today, retention),
        PageBreak(),
        *_compliance_section(comp, rates, st, branch_name, today),
        *([PageBreak(), *records(details, st, branch_name)] if details else []),
    ]
    build(document(pdf_target(out), title, branch_name), story, branch_name, _ArchiveCanvas)
    return out
