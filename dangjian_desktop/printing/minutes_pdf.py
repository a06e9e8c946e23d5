"""Meeting records as 记录本 pages, and the year's archive with contents, compliance table and chart.

Official-document look (GB/T 9704): a large centred title, dates as 2026年11月22日, the body in the
仿宋-like face where the machine has one, signature lines for 主持人 and 记录人 at the end of each record.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from dangjian_desktop.core.dates import format_cn
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
from dangjian_desktop.printing.layout import NumberedCanvas, Styles, esc, styles, today_cn

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 25 * mm, 25 * mm, 22 * mm
TEXT_W = PAGE_W - 2 * MARGIN_X
RED = colors.HexColor("#c00000")
MISSING_BG = colors.HexColor("#f8c9c9")
HELD_BG = colors.HexColor("#e3f1e0")
PENDING_BG = colors.HexColor("#fff4cc")
HELD_BAR = colors.HexColor("#4c9a52")


@dataclass(frozen=True)
class _Styles:
    base: Styles
    label: ParagraphStyle
    value: ParagraphStyle
    section: ParagraphStyle
    para: ParagraphStyle
    sign: ParagraphStyle
    toc: ParagraphStyle
    toc_right: ParagraphStyle


def _styles() -> _Styles:
    base = styles(body_size=12)
    fonts = base.fonts
    common = {"wordWrap": "CJK"}
    return _Styles(
        base=base,
        label=ParagraphStyle(
            "label", fontName=fonts.heading, fontSize=10.5, leading=15, alignment=TA_CENTER, **common
        ),
        value=ParagraphStyle("value", fontName=fonts.body, fontSize=10.5, leading=15, **common),
        section=ParagraphStyle(
            "section", fontName=fonts.heading, fontSize=13, leading=20, spaceBefore=8, spaceAfter=3, **common
        ),
        para=ParagraphStyle(
            "para", fontName=fonts.body, fontSize=12, leading=20, firstLineIndent=24, **common
        ),
        sign=ParagraphStyle(
            "sign", fontName=fonts.body, fontSize=12, leading=22, alignment=TA_RIGHT, **common
        ),
        toc=ParagraphStyle("toc", fontName=fonts.body, fontSize=10.5, leading=14, **common),
        toc_right=ParagraphStyle("toc_r", fontName=fonts.body, fontSize=10.5, leading=14, alignment=TA_RIGHT),
    )


def _time_text(d: MeetingDetail) -> str:
    text = format_cn(d.date)
    if d.start_time:
        text += f"　{d.start_time}—{d.end_time}" if d.end_time else f"　{d.start_time}"
    return text


def record_title(branch_name: str, d: MeetingDetail) -> str:
    """凤凰村党支部委员会会议记录, not 凤凰村党支部支部委员会会议记录."""
    kind = d.kind_label
    if branch_name.endswith("支部") and kind.startswith("支部"):
        kind = kind[2:]
    return f"{branch_name}{kind}记录"


class _Anchor(Flowable):
    """Zero-size marker that tells the canvas on which page a record starts."""

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        anchors = getattr(self.canv, "anchors", None)
        if anchors is not None:
            anchors.setdefault(self.meeting_id, self.canv.getPageNumber())


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


class _ArchiveCanvas(NumberedCanvas):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # mutated in place only: the per-page state copies NumberedCanvas keeps share these objects
        self.anchors: dict[int, int] = {}
        self.page_refs: list[tuple[int, float, float, int, str, float]] = []

    def _draw_footer(self, total: int) -> None:
        super()._draw_footer(total)
        for page, x, y, meeting_id, font, size in self.page_refs:
            if page == self._pageNumber and meeting_id in self.anchors:
                self.saveState()
                self.setFont(font, size)
                self.drawRightString(x, y, str(self.anchors[meeting_id]))
                self.restoreState()


def _fits(text: str, style: ParagraphStyle, width: float) -> bool:
    return "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width


class _TextLine(Flowable):
    """One line in a paragraph style, drawn directly: parsing a Paragraph for every heading of hundreds
    of records was a large share of the archive's build time."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def wrap(self, available_width: float, _ah: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.style.leading

    def draw(self) -> None:
        st = self.style
        canvas = self.canv
        canvas.setFont(st.fontName, st.fontSize)
        canvas.setFillColor(st.textColor)
        y = (st.leading - st.fontSize) / 2 + st.fontSize * 0.15
        if st.alignment == TA_CENTER:
            canvas.drawCentredString(self.width / 2, y, self.text)
        elif st.alignment == TA_RIGHT:
            canvas.drawRightString(self.width, y, self.text)
        else:
            canvas.drawString(0, y, self.text)


def _line(text: str, style: ParagraphStyle) -> Flowable:
    """A heading or a signature line: drawn directly when it fits on one line, else a Paragraph."""
    return _TextLine(text, style) if _fits(text, style, TEXT_W - 4) else Paragraph(esc(text), style)


def _meeting_story(d: MeetingDetail, st: _Styles, branch_name: str) -> list[Flowable]:
    """One 记录本 page (or more, for a long record)."""
    p = Paragraph
    story: list[Flowable] = [
        _Anchor(d.id),
        _line(record_title(branch_name, d), st.base.title),
    ]
    if d.title:
        story.append(_line(d.title, st.base.subtitle))
    story.append(Spacer(1, 2 * mm))

    absent = "；".join(f"{a.name}（{a.reason}）" if a.reason else a.name for a in d.absent) or "无"
    present_count = len(d.present) if d.attendance else ""
    topics = "<br/>".join(f"{n}. {esc(t)}" for n, t in enumerate(d.topics, start=1)) or "—"
    rows = [
        ["会议类型", d.kind_label, "会议名称", d.title or "—"],
        ["时　　间", _time_text(d), "地　　点", d.place or "—"],
        ["主 持 人", d.host or "—", "记 录 人", d.recorder or "—"],
        [
            "应到人数",
            f"{d.expected_count} 人",
            "实到人数",
            f"{present_count} 人" if d.attendance else "未登记",
        ],
        ["缺席人员", absent, None, None],
        ["列席人员", d.observers or "无", None, None],
        ["议　　题", None, None, None],
    ]
    data = []
    for row in rows:
        cells: list[object] = []
        for i, text in enumerate(row):
            if text is None:
                cells.append("")
            elif i % 2 == 0 or _fits(text, st.value, TEXT_W / 2 - 30 * mm):
                # labels and short values as plain strings: a Paragraph per cell is most of the build time
                cells.append(text)
            else:
                cells.append(p(esc(text), st.value))
        data.append(cells)
    data[-1][1] = p(topics, st.value)
    label_w, value_w = 27 * mm, TEXT_W / 2 - 27 * mm
    table = Table(data, colWidths=[label_w, value_w, label_w, value_w])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONT", (0, 0), (-1, -1), st.value.fontName, st.value.fontSize, st.value.leading),
                ("FONT", (0, 0), (0, -1), st.label.fontName, st.label.fontSize, st.label.leading),
                ("FONT", (2, 0), (2, 3), st.label.fontName, st.label.fontSize, st.label.leading),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("ALIGN", (2, 0), (2, 3), "CENTER"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f5f5f5")),
                ("BACKGROUND", (2, 0), (2, 3), colors.HexColor("#f5f5f5")),
                *[("SPAN", (1, r), (3, r)) for r in range(4, 7)],
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story.append(table)

    story.append(_line("会议内容（发言要点）", st.section))
    paragraphs = [line.strip() for line in d.content.splitlines() if line.strip()] or ["（未填写）"]
    story.extend(p(esc(line), st.para) for line in paragraphs)
    if d.has_vote or d.votes:
        story.append(_line("表决情况", st.section))
        story.append(p(esc(d.votes or "（未填写）"), st.para))
    if d.resolutions:
        story.append(_line("决　　议", st.section))
        widths = [12 * mm, TEXT_W - 72 * mm, 25 * mm, 35 * mm]

        def cell(text: str, column: int) -> object:
            return text if _fits(text, st.value, widths[column] - 6) else p(esc(text), st.value)

        body = [
            [str(n), cell(r.text, 1), cell(r.owner, 2), format_cn(r.deadline)]
            for n, r in enumerate(d.resolutions, start=1)
        ]
        resolutions = Table([["序号", "决议事项", "责任人", "时限"], *body], colWidths=widths, repeatRows=1)
        resolutions.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), st.value.fontName, st.value.fontSize, st.value.leading),
                    ("FONT", (0, 0), (-1, 0), st.label.fontName, st.label.fontSize, st.label.leading),
                    ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                    ("ALIGN", (0, 0), (0, -1), "CENTER"),
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f5f5f5")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(resolutions)
    photos = _photo_table(d)
    if photos is not None:
        story.append(_line("会议照片", st.section))
        story.append(photos)
    story.append(Spacer(1, 10 * mm))
    story.append(
        KeepTogether(
            [
                _line("主持人（签字）：＿＿＿＿＿＿＿＿　　记录人（签字）：＿＿＿＿＿＿＿＿", st.sign),
                _line(format_cn(d.date), st.sign),
            ]
        )
    )
    return story


def _photo_table(d: MeetingDetail) -> Table | None:
    """Two photos a row, each at most 78 mm wide and 58 mm tall; an unreadable image is left out."""
    cells: list[Image] = []
    for photo in d.photos:
        try:
            width, height = ImageReader(io.BytesIO(photo.jpeg)).getSize()
        except Exception:  # a damaged image must not stop the archive from printing
            continue
        scale = min(78 * mm / width, 58 * mm / height)
        cells.append(Image(io.BytesIO(photo.jpeg), width=width * scale, height=height * scale))
    if not cells:
        return None
    rows = [cells[i : i + 2] + [""] * (2 - len(cells[i : i + 2])) for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[TEXT_W / 2, TEXT_W / 2])
    table.setStyle(
        TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    return table


def _doc(target: object, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author="党务台账",
    )


def _records(details: Sequence[MeetingDetail], st: _Styles, branch_name: str) -> list[Flowable]:
    story: list[Flowable] = []
    for n, d in enumerate(details):
        if n:
            story.append(PageBreak())
        story.extend(_meeting_story(d, st, branch_name))
    return story


def print_minutes(details: Sequence[MeetingDetail], branch_name: str, out: Path, *, title: str = "") -> Path:
    """The records given, one 记录本 page each, in the order given."""
    st = _styles()
    story = _records(details, st, branch_name)
    if not story:
        story = [
            Paragraph(esc(f"{branch_name}{title or '会议记录'}"), st.base.title),
            Paragraph("所选期间没有会议记录。", st.base.subtitle),
        ]
    _doc(str(out), f"{branch_name}{title or '会议记录'}").build(story, canvasmaker=NumberedCanvas)
    return out


# --- the year's archive -----------------------------------------------------------------------------


def _contents(
    details: Sequence[MeetingDetail],
    st: _Styles,
    year: int,
    branch_name: str,
    today: dt.date,
) -> list[Flowable]:
    p = Paragraph
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
        Spacer(1, 30 * mm),
        p(esc(f"{branch_name}"), st.base.title),
        p(f"{year}年度会议记录汇编", st.base.title),
        Spacer(1, 6 * mm),
        p(f"共 {len(details)} 次会议　　{today_cn(today)}编印", st.base.subtitle),
        Spacer(1, 10 * mm),
        p("目　　录", st.section),
        table,
    ]


def _compliance_table(comp: Compliance, st: _Styles) -> Table:
    """Kinds down, the twelve months across; quarters and the year are spans; missing cells red."""
    p = Paragraph
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


def _rates_table(rates: Sequence[KindRate], st: _Styles) -> Table:
    p = Paragraph
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
    comp: Compliance, rates: Sequence[KindRate], st: _Styles, branch_name: str, today: dt.date
) -> list[Flowable]:
    p = Paragraph
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
) -> Path:
    """Contents with page numbers, the compliance table and chart, then every record in date order.

    One build: the contents' page numbers are drawn as the canvas saves, once every record is placed.
    """
    today = today or dt.date.today()
    st = _styles()
    details = sorted(details, key=lambda d: (d.date, d.start_time, d.id))
    title = f"{branch_name}{comp.year}年度会议记录汇编"

    story = [
        *_contents(details, st, comp.year, branch_name, today),
        PageBreak(),
        *_compliance_section(comp, rates, st, branch_name, today),
        *([PageBreak(), *_records(details, st, branch_name)] if details else []),
    ]
    _doc(str(out), title).build(story, canvasmaker=_ArchiveCanvas)
    return out
