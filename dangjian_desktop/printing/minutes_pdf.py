"""Meeting records as 记录本 pages, in the manner of GB/T 9704.

Top margin 37 mm and binding margin 28 mm, a large centred title, the body in the 仿宋 face where the
machine has one, dates as 2026年11月22日. Every part of a record splits across pages at any length: the
header is a two-column table whose long cells continue in "（续）" rows, and a page a record runs onto
names that record at its top. Headings stay with what follows; photos keep their captions; each record
ends with the sign-in list and the signature lines of 主持人 and 记录人.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.meetings import MeetingDetail
from dangjian_desktop.printing.layout import (
    CONTINUED,
    NumberedCanvas,
    Para,
    Styles,
    canvas_maker,
    esc,
    fit_rows,
    pdf_target,
    styles,
)

PAGE_W, PAGE_H = A4
# GB/T 9704: 天头 37 mm, 订口 (binding, left) 28 mm, a 156 x 225 mm text area
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 28 * mm, 26 * mm, 37 * mm, 35 * mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
TEXT_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
PAD = 3.0
RED = colors.HexColor("#c00000")
LABEL_BG = colors.HexColor("#f5f5f5")


@dataclass(frozen=True)
class RecordStyles:
    base: Styles
    label: ParagraphStyle
    value: ParagraphStyle
    section: ParagraphStyle
    para: ParagraphStyle
    sign: ParagraphStyle
    toc: ParagraphStyle
    caption: ParagraphStyle


def record_styles() -> RecordStyles:
    base = styles(body_size=13)
    fonts = base.fonts
    common = {"wordWrap": "CJK"}
    return RecordStyles(
        base=base,
        label=ParagraphStyle(
            "label", fontName=fonts.heading, fontSize=11.5, leading=16, alignment=TA_CENTER, **common
        ),
        value=ParagraphStyle("value", fontName=fonts.body, fontSize=11.5, leading=16, **common),
        section=ParagraphStyle(
            "section",
            fontName=fonts.heading,
            fontSize=14,
            leading=21,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
            **common,
        ),
        para=ParagraphStyle(
            "para", fontName=fonts.body, fontSize=13, leading=22, firstLineIndent=26, **common
        ),
        sign=ParagraphStyle(
            "sign", fontName=fonts.body, fontSize=13, leading=20, alignment=TA_RIGHT, **common
        ),
        toc=ParagraphStyle("toc", fontName=fonts.body, fontSize=10.5, leading=14, **common),
        caption=ParagraphStyle(
            "caption", fontName=fonts.body, fontSize=10, leading=13, alignment=TA_CENTER, **common
        ),
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
    """Zero-size marker: the record starting here (page for the contents, name for continuation pages);
    with `meeting_id` None it ends the record, so the next page is not marked as a continuation."""

    def __init__(self, meeting_id: int | None, name: str = "") -> None:
        super().__init__()
        self.meeting_id, self.name = meeting_id, name

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas.current_record = self.name  # type: ignore[attr-defined]
        anchors = getattr(canvas, "anchors", None)
        if anchors is not None and self.meeting_id is not None:
            anchors.setdefault(self.meeting_id, canvas.getPageNumber())


def _continuation_header(canvas: object, _doc: BaseDocTemplate) -> None:
    """At the top of a page a record runs onto: which meeting it continues."""
    name = getattr(canvas, "current_record", "")
    if not name:
        return
    fonts = styles().fonts
    canvas.saveState()  # type: ignore[attr-defined]
    canvas.setFont(fonts.body, 10)  # type: ignore[attr-defined]
    canvas.setFillColor(colors.HexColor("#444444"))  # type: ignore[attr-defined]
    text = f"{name}{CONTINUED}"
    while stringWidth(text, fonts.body, 10) > TEXT_W and len(text) > 8:
        text = text[: len(text) - len(CONTINUED) - 2] + "…" + CONTINUED
    canvas.drawString(MARGIN_LEFT, PAGE_H - MARGIN_TOP + 12, text)  # type: ignore[attr-defined]
    canvas.setStrokeColor(colors.HexColor("#999999"))  # type: ignore[attr-defined]
    canvas.setLineWidth(0.4)  # type: ignore[attr-defined]
    canvas.line(MARGIN_LEFT, PAGE_H - MARGIN_TOP + 8, PAGE_W - MARGIN_RIGHT, PAGE_H - MARGIN_TOP + 8)  # type: ignore[attr-defined]
    canvas.restoreState()  # type: ignore[attr-defined]


def _fits(text: str, style: ParagraphStyle, width: float) -> bool:
    return "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width


class _TextLine(Flowable):
    """One line in a paragraph style, drawn directly: parsing a Paragraph for every heading of hundreds
    of records was a large share of the archive's build time."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)

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


def line(text: str, style: ParagraphStyle) -> Flowable:
    """A heading or a signature line: drawn directly when it fits on one line, else a paragraph."""
    return _TextLine(text, style) if _fits(text, style, TEXT_W - 4) else Para(esc(text), style)


def _cell(text: str, style: ParagraphStyle, width: float) -> object:
    return text if _fits(text, style, width - 2 * PAD - 1) else Para(esc(text), style)


def _grid(data: list[list[object]], widths: list[float], st: RecordStyles, *, header: bool) -> Table:
    rows = (
        fit_rows(data, widths, TEXT_H / 4, PAD)
        if header
        else fit_rows([[]] + data, widths, TEXT_H / 4, PAD)[1:]
    )
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), st.value.fontName, st.value.fontSize, st.value.leading),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
    ]
    if header:
        commands += [
            ("FONT", (0, 0), (-1, 0), st.label.fontName, st.label.fontSize, st.label.leading),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
        ]
    else:  # a label column on the left
        commands += [
            ("FONT", (0, 0), (0, -1), st.label.fontName, st.label.fontSize, st.label.leading),
            ("ALIGN", (0, 0), (0, -1), "CENTER"),
            ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _header_table(d: MeetingDetail, st: RecordStyles) -> list[Flowable]:
    """Short pairs two to a row, long values on a row of their own; tables stacked so they read as one."""
    absent = "；".join(f"{a.name}（{a.reason}）" if a.reason else a.name for a in d.absent) or "无"
    present = f"{len(d.present)} 人" if d.attendance else "未登记"
    topics = "<br/>".join(f"{n}．{esc(t)}" for n, t in enumerate(d.topics, start=1)) or "—"
    label_w = 24 * mm
    half = TEXT_W / 2 - label_w
    pairs = [
        (("会议类型", d.kind_label), ("会议名称", d.title or "—")),
        (("时　　间", _time_text(d)), ("地　　点", d.place or "—")),
        (("主 持 人", d.host or "—"), ("记 录 人", d.recorder or "—")),
        (("应到人数", f"{d.expected_count} 人"), ("实到人数", present)),
    ]
    short: list[list[object]] = []
    long: list[list[object]] = []
    for (a, va), (b, vb) in pairs:
        if _fits(va, st.value, half - 2 * PAD - 1) and _fits(vb, st.value, half - 2 * PAD - 1):
            short.append([a, va, b, vb])
        else:
            long += [[a, _cell(va, st.value, TEXT_W - label_w)], [b, _cell(vb, st.value, TEXT_W - label_w)]]
    long += [
        ["缺席人员", _cell(absent, st.value, TEXT_W - label_w)],
        ["列席人员", _cell(d.observers or "无", st.value, TEXT_W - label_w)],
        ["议　　题", Para(topics, st.value)],
    ]
    tables: list[Flowable] = []
    if short:
        table = _grid(short, [label_w, half, label_w, half], st, header=False)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (2, 0), (2, -1), st.label.fontName, st.label.fontSize, st.label.leading),
                    ("ALIGN", (2, 0), (2, -1), "CENTER"),
                    ("BACKGROUND", (2, 0), (2, -1), LABEL_BG),
                ]
            )
        )
        tables.append(table)
    tables.append(_grid(long, [label_w, TEXT_W - label_w], st, header=False))
    return tables


def _resolutions(d: MeetingDetail, st: RecordStyles) -> Table:
    widths = [14 * mm, TEXT_W - 78 * mm, 28 * mm, 36 * mm]
    body = [
        [
            str(n),
            _cell(r.text, st.value, widths[1]),
            _cell(r.owner, st.value, widths[2]),
            format_cn(r.deadline),
        ]
        for n, r in enumerate(d.resolutions, start=1)
    ]
    return _grid([["序号", "决议事项", "责任人", "时限"], *body], widths, st, header=True)


def _sign_in(d: MeetingDetail, st: RecordStyles) -> Table | None:
    """签到表: every member expected, present or absent with the reason, and a blank for the signature."""
    if not d.attendance:
        return None
    per_row = 2
    name_w, state_w = 30 * mm, 22 * mm
    sign_w = TEXT_W / per_row - name_w - state_w
    head = ["姓名", "出席", "签名"] * per_row
    cells = []
    for a in d.attendance:
        state = "出席" if a.present else (a.reason or "缺席")
        cells.append([_cell(a.name, st.value, name_w), _cell(state, st.value, state_w), ""])
    rows = []
    for i in range(0, len(cells), per_row):
        chunk = cells[i : i + per_row]
        chunk += [["", "", ""]] * (per_row - len(chunk))
        rows.append([v for cell in chunk for v in cell])
    return _grid([head, *rows], [name_w, state_w, sign_w] * per_row, st, header=True)


def _photo_table(d: MeetingDetail, st: RecordStyles) -> Table | None:
    """Two photos a row, each at most 60 mm wide and 40 mm tall, its caption under it; an unreadable
    image is left out."""
    cells: list[list[Flowable]] = []
    for photo in d.photos:
        try:
            width, height = ImageReader(io.BytesIO(photo.jpeg)).getSize()
        except Exception:  # a damaged image must not stop the archive from printing
            continue
        scale = min(60 * mm / width, 40 * mm / height)
        cell: list[Flowable] = [Image(io.BytesIO(photo.jpeg), width=width * scale, height=height * scale)]
        if photo.caption:
            cell.append(Para(esc(photo.caption), st.caption))
        cells.append(cell)
    if not cells:
        return None
    rows = [cells[i : i + 2] + [""] * (2 - len(cells[i : i + 2])) for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[TEXT_W / 2, TEXT_W / 2])
    table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def meeting_story(d: MeetingDetail, st: RecordStyles, branch_name: str) -> list[Flowable]:
    """One record: 记录本 page(s)."""
    name = record_title(branch_name, d)
    marker = f"{name}　{d.title}　{format_cn(d.date)}" if d.title else f"{name}　{format_cn(d.date)}"
    story: list[Flowable] = [_Anchor(d.id, marker), line(name, st.base.title)]
    if d.title:
        story.append(line(d.title, st.base.subtitle))
    story += [Spacer(1, 2 * mm), *_header_table(d, st), line("会议内容（发言要点）", st.section)]
    paragraphs = [text.strip() for text in d.content.splitlines() if text.strip()] or ["（未填写）"]
    story.extend(Para(esc(text), st.para) for text in paragraphs)
    if d.has_vote or d.votes:
        story += [line("表决情况", st.section), Para(esc(d.votes or "（未填写）"), st.para)]
    if d.resolutions:
        story += [line("决　　议", st.section), _resolutions(d, st)]
    photos = _photo_table(d, st)
    if photos is not None:
        story += [line("会议照片", st.section), photos]
    sign_in = _sign_in(d, st)
    if sign_in is not None:
        story += [line("签　到　表", st.section), sign_in]
    story.append(Spacer(1, 3 * mm))
    story.append(
        KeepTogether(
            [line(f"主持人（签字）：＿＿＿＿＿　记录人（签字）：＿＿＿＿＿　{format_cn(d.date)}", st.sign)]
        )
    )
    story.append(_Anchor(None))
    return story


def document(target: object, title: str, author: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
    )


def records(details: Sequence[MeetingDetail], st: RecordStyles, branch_name: str) -> list[Flowable]:
    story: list[Flowable] = []
    for n, d in enumerate(details):
        if n:
            story.append(PageBreak())
        story.extend(meeting_story(d, st, branch_name))
    return story


def build(
    doc: SimpleDocTemplate, story: list[Flowable], branch_name: str, base: type = NumberedCanvas
) -> None:
    doc.build(
        story,
        onFirstPage=_continuation_header,
        onLaterPages=_continuation_header,
        canvasmaker=canvas_maker(branch_name, base),
    )


def print_minutes(
    details: Sequence[MeetingDetail],
    branch_name: str,
    out: Path,
    *,
    title: str = "",
    today: dt.date | None = None,
) -> Path:
    """The records given, one 记录本 record each, in the order given."""
    st = record_styles()
    story = records(details, st, branch_name)
    if not story:
        story = [
            Para(esc(f"{branch_name}{title or '会议记录'}"), st.base.title),
            Para("所选期间没有会议记录。", st.base.subtitle),
        ]
    build(document(pdf_target(out), f"{branch_name}{title or '会议记录'}", branch_name), story, branch_name)
    return out


def print_archive(*args: object, **kwargs: object) -> Path:
    """The year's 汇编: see printing.archive_pdf (kept here for the callers that know this module)."""
    from dangjian_desktop.printing.archive_pdf import print_archive as archive

    return archive(*args, **kwargs)  # type: ignore[arg-type]
