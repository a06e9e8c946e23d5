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
    """Zero-size marker whose page is noted while building, for the contents page."""

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def _meeting_story(d: MeetingDetail, st: _Styles, branch_name: str) -> list[Flowable]:
    """One 记录本 page (or more, for a long record)."""
    p = Paragraph
    story: list[Flowable] = [
        _Anchor(d.id),
        p(esc(record_title(branch_name, d)), st.base.title),
    ]
    if d.title:
        story.append(p(esc(d.title), st.base.subtitle))
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
            else:
                cells.append(p(esc(text), st.label if i % 2 == 0 else st.value))
        data.append(cells)
    data[-1][1] = p(topics, st.value)
    label_w, value_w = 27 * mm, TEXT_W / 2 - 27 * mm
    table = Table(data, colWidths=[label_w, value_w, label_w, value_w])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f5f5f5")),
                ("BACKGROUND", (2, 0), (2, 3), colors.HexColor("#f5f5f5")),
                *[("SPAN", (1, r), (3, r)) for r in range(4, 7)],
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story.append(table)

    story.append(p("会议内容（发言要点）", st.section))
    paragraphs = [line.strip() for line in d.content.splitlines() if line.strip()] or ["（未填写）"]
    story.extend(p(esc(line), st.para) for line in paragraphs)
    if d.has_vote or d.votes:
        story.append(p("表决情况", st.section))
        story.append(p(esc(d.votes or "（未填写）"), st.para))
    if d.resolutions:
        story.append(p("决　　议", st.section))
        head = [p(t, st.label) for t in ("序号", "决议事项", "责任人", "时限")]
        body = [
            [
                p(str(n), st.label),
                p(esc(r.text), st.value),
                p(esc(r.owner), st.value),
                p(format_cn(r.deadline), st.value),
            ]
            for n, r in enumerate(d.resolutions, start=1)
        ]
        resolutions = Table(
            [head, *body], colWidths=[12 * mm, TEXT_W - 72 * mm, 25 * mm, 35 * mm], repeatRows=1
        )
        resolutions.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f5f5f5")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(resolutions)
    photos = _photo_table(d)
    if photos is not None:
        story.append(p("会议照片", st.section))
        story.append(photos)
    story.append(Spacer(1, 10 * mm))
    story.append(
        KeepTogether(
            [
                p("主持人（签字）：＿＿＿＿＿＿＿＿　　记录人（签字）：＿＿＿＿＿＿＿＿", st.sign),
                p(esc(format_cn(d.date)), st.sign),
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


class _Doc(SimpleDocTemplate):
    def __init__(self, target: object, **kw: object) -> None:
        super().__init__(target, **kw)  # type: ignore[arg-type]
        self.pages_of: dict[int, int] = {}

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        if isinstance(flowable, _Anchor):
            self.pages_of.setdefault(flowable.meeting_id, self.page)


def _doc(target: object, title: str) -> _Doc:
    return _Doc(
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
    pages: dict[int, int],
    year: int,
    branch_name: str,
    today: dt.date,
) -> list[Flowable]:
    p = Paragraph
    head = [p(t, st.base.cell_header) for t in ("序号", "日期", "会议类型", "会议名称", "主持人", "页码")]
    rows = [
        [
            p(str(n), st.toc),
            p(f"{d.date.month}月{d.date.day}日", st.toc),
            p(esc(d.kind_label), st.toc),
            p(esc(d.title), st.toc),
            p(esc(d.host), st.toc),
            # a fixed-width placeholder on the first pass keeps the contents the same length on the second
            p(str(pages[d.id]) if d.id in pages else "000", st.toc_right),
        ]
        for n, d in enumerate(details, start=1)
    ]
    table = Table(
        [head, *rows],
        colWidths=[12 * mm, 22 * mm, 42 * mm, TEXT_W - 114 * mm, 22 * mm, 16 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
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

    Built twice: the first pass only learns on which page each record starts.
    """
    today = today or dt.date.today()
    st = _styles()
    details = sorted(details, key=lambda d: (d.date, d.start_time, d.id))
    title = f"{branch_name}{comp.year}年度会议记录汇编"

    def story(pages: dict[int, int]) -> list[Flowable]:
        return [
            *_contents(details, st, pages, comp.year, branch_name, today),
            PageBreak(),
            *_compliance_section(comp, rates, st, branch_name, today),
            *([PageBreak(), *_records(details, st, branch_name)] if details else []),
        ]

    first = _doc(io.BytesIO(), title)
    first.build(story({}), canvasmaker=NumberedCanvas)
    _doc(str(out), title).build(story(first.pages_of), canvasmaker=NumberedCanvas)
    return out
