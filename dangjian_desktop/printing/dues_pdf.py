"""党费 paper: the 收缴公示表 (posted; never an income), the 收缴登记簿 (a page per month or quarter,
with a column for the member's signature) and the 少交免交审批表.

Plain rows in, PDF out; the documents layer (documents/dues.py) gathers the rows and leaves the
income out before anything reaches this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dangjian_desktop.printing.layout import NumberedCanvas, Para, esc, styles

PUBLIC_SIZE = 12  # 公示 lists keep 12 pt and use more paper instead


@dataclass(frozen=True)
class PublicLine:
    name: str
    monthly: str  # "40.00"
    paid_through: str  # "2026年3月" or ""
    paid_total: str
    note: str  # 欠交 N 个月, 免交


@dataclass(frozen=True)
class BookLine:
    name: str
    kind: str
    rate: str  # "1%" or ""
    due: str  # 应交 in the period
    paid: list[str]  # per month of the period: 实交, "" when nothing
    paid_on: str  # 交纳日期 and 方式, as written in the book


@dataclass(frozen=True)
class BookPage:
    title: str  # 2026年3月 / 2026年第一季度
    months: list[str]  # column titles: ["3月"] or ["1月", "2月", "3月"]
    lines: list[BookLine]
    totals: tuple[str, str]  # 应交, 实交


@dataclass(frozen=True)
class ReductionForm:
    branch_name: str
    year: int
    name: str
    gender: str
    birth: str
    join: str
    category: str
    kind: str
    standard: str
    reduced: str  # "0.00" = 免交
    reason: str
    decided: str
    approved: str


def _doc(out: Path, title: str, *, wide: bool = False) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        str(out),
        pagesize=landscape(A4) if wide else A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="党务台账",
    )


HEADER_SHADE = colors.HexColor("#f2dede")


def _fit(text: str, style: ParagraphStyle, width_mm: float) -> object:
    """A plain string where it fits its cell (ten times faster to draw), else a wrapping Paragraph."""
    if stringWidth(text, style.fontName, style.fontSize) <= (width_mm - 3) * mm:
        return text
    return Para(esc(text), style)


def _grid(size: float, font: str, header_rows: int = 1) -> TableStyle:
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), font, size),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    if header_rows:
        style.add("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_SHADE)
    return style


def print_publicity(
    branch_name: str,
    year: int,
    as_of: str,
    lines: list[PublicLine],
    totals: tuple[str, str, str],
    supervision_phone: str,
    out: Path,
) -> Path:
    """The 公示表: 姓名, 每月党费, 交至, 本年已交, 备注, and the 应收/实收/欠交 totals. No income column
    exists here at all, so none can be printed."""
    st = styles()
    cell = ParagraphStyle("pub", parent=st.cell, fontSize=PUBLIC_SIZE, leading=PUBLIC_SIZE * 1.35)
    head = ParagraphStyle("pubh", parent=st.cell_header, fontSize=PUBLIC_SIZE, leading=PUBLIC_SIZE * 1.35)
    widths = [14, 34, 30, 32, 32, 38]
    data: list[list[object]] = [
        [Para(t, head) for t in ("序号", "姓名", "每月党费（元）", "交至", "本年已交（元）", "备注")]
    ]
    for number, line in enumerate(lines, start=1):
        data.append(
            [
                str(number),
                _fit(line.name, cell, widths[1]),
                line.monthly,
                line.paid_through,
                line.paid_total,
                _fit(line.note, cell, widths[5]),
            ]
        )
    table = LongTable(data, colWidths=[w * mm for w in widths], repeatRows=1)
    style = _grid(PUBLIC_SIZE, st.fonts.body)
    style.add("ALIGN", (0, 1), (0, -1), "CENTER")
    style.add("ALIGN", (2, 1), (4, -1), "RIGHT")
    table.setStyle(style)
    due, paid, owed = totals
    body = ParagraphStyle("pubb", parent=st.body, fontSize=PUBLIC_SIZE, leading=PUBLIC_SIZE * 1.6)
    story = [
        Para(f"{esc(branch_name)}{year}年党费收缴公示表", st.title),
        Para(f"截至 {esc(as_of)}", st.subtitle),
        table,
        Spacer(1, 4 * mm),
        Para(f"合计：应收 {due} 元，实收 {paid} 元，欠交 {owed} 元。", body),
        Para(
            "党费按中组发〔2008〕3号规定收缴。公示期间如有异议，请向党支部反映"
            + (f"，监督电话 {esc(supervision_phone)}。" if supervision_phone else "。"),
            body,
        ),
    ]
    _doc(out, f"{branch_name}{year}年党费收缴公示表").build(story, canvasmaker=NumberedCanvas)
    return out


def print_book(branch_name: str, year: int, pages: list[BookPage], out: Path) -> Path:
    """The 登记簿: one page per month or quarter, a signature column the member signs by hand."""
    st = styles()
    size = 10
    cell = ParagraphStyle("book", parent=st.cell, fontSize=size, leading=size * 1.3)
    head = ParagraphStyle("bookh", parent=st.cell_header, fontSize=size, leading=size * 1.3)
    story: list[object] = []
    wide = any(len(page.months) > 1 for page in pages)  # a quarter's three months need landscape
    room = 267 if wide else 180
    for index, page in enumerate(pages):
        if index:
            story.append(PageBreak())
        months = [f"{m}实交" for m in page.months] if len(page.months) > 1 else ["实交（元）"]
        titles = ["序号", "姓名", "类别", "比例", "应交（元）", *months, "交纳日期及方式", "本人签名"]
        fixed = [11, 22, 17, 13, 21]
        month_w = [21] * len(months)
        rest = room - sum(fixed) - sum(month_w)
        widths = [*fixed, *month_w, rest * 0.55, rest * 0.45]
        data: list[list[object]] = [[Para(t, head) for t in titles]]
        for number, line in enumerate(page.lines, start=1):
            data.append(
                [
                    str(number),
                    _fit(line.name, cell, widths[1]),
                    line.kind,
                    line.rate,
                    line.due,
                    *line.paid,
                    _fit(line.paid_on, cell, widths[-2]),
                    "",
                ]
            )
        due, paid = page.totals
        data.append(["", "合计", "", "", due, *([paid] + [""] * (len(months) - 1)), "", ""])
        table = LongTable(data, colWidths=[w * mm for w in widths], repeatRows=1)
        style = _grid(size, st.fonts.body)
        style.add("ALIGN", (4, 1), (4 + len(months), -1), "RIGHT")
        style.add("ALIGN", (0, 1), (0, -1), "CENTER")
        style.add("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#fafafa")])
        style.add("TOPPADDING", (0, 1), (-1, -1), 7)  # room for a hand signature
        style.add("BOTTOMPADDING", (0, 1), (-1, -1), 7)
        table.setStyle(style)
        story += [
            Para(f"{esc(branch_name)}党费收缴登记簿", st.title),
            Para(f"{esc(page.title)}　　收缴人：__________　　审核人：__________", st.subtitle),
            table,
        ]
    if not pages:
        story.append(Para(f"{esc(branch_name)}{year}年党费收缴登记簿：没有应交党费的月份", st.title))
    _doc(out, f"{branch_name}{year}年党费收缴登记簿", wide=wide).build(story, canvasmaker=NumberedCanvas)
    return out


def print_reduction_form(form: ReductionForm, out: Path) -> Path:
    """党员少交（免交）党费审批表: one member, the branch's decision and the 上一级党委's approval."""
    st = styles()
    size = 12
    cell = ParagraphStyle("form", parent=st.cell, fontSize=size, leading=size * 1.5)
    label = ParagraphStyle("forml", parent=st.cell_header, fontSize=size, leading=size * 1.5)
    exempt = form.reduced in ("0.00", "0")
    after = "免交" if exempt else f"每月 {form.reduced} 元"

    def p(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Para(esc(text), style)

    sign = "<br/><br/><br/>（盖章）<br/>负责人签字：__________　　　　{date}"
    blank = "　　　　年　　月　　日"
    data = [
        [
            p("姓名", label),
            p(form.name),
            p("性别", label),
            p(form.gender),
            p("出生年月", label),
            p(form.birth),
        ],
        [
            p("入党时间", label),
            p(form.join),
            p("党员类别", label),
            p(form.category),
            p("交纳类别", label),
            p(form.kind),
        ],
        [
            p("按规定每月应交", label),
            p(f"{form.standard} 元"),
            p("申请", label),
            p("免交" if exempt else "少交"),
            p("少交（免交）后", label),
            p(after),
        ],
        [p("申请理由", label), p(form.reason or "")],
        [p("党支部意见", label), Para(sign.format(date=esc(form.decided) or blank), cell)],
        [p("上一级党委意见", label), Para(sign.format(date=esc(form.approved) or blank), cell)],
    ]
    widths = [30, 30, 22, 30, 30, 38]
    table = Table(
        data,
        colWidths=[w * mm for w in widths],
        rowHeights=[12 * mm, 12 * mm, 14 * mm, 50 * mm, 45 * mm, 45 * mm],
    )
    style = _grid(size, st.fonts.body, header_rows=0)
    for column in (0, 2, 4):
        style.add("BACKGROUND", (column, 0), (column, 2), HEADER_SHADE)
    style.add("BACKGROUND", (0, 3), (0, 5), HEADER_SHADE)
    for row in (3, 4, 5):
        style.add("SPAN", (1, row), (-1, row))
        style.add("VALIGN", (1, row), (-1, row), "TOP")
    table.setStyle(style)
    story = [
        Para("党员少交（免交）党费审批表", st.title),
        Para(f"{esc(form.branch_name)}　　{form.year}年度", st.subtitle),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 4 * mm),
        Para(
            "注：对经济确有困难的党员，经党支部研究，报上一级党委批准，可以少交或免交党费"
            "（中组发〔2008〕3号）。",
            st.body,
        ),
    ]
    _doc(out, "党员少交（免交）党费审批表").build(story, canvasmaker=NumberedCanvas)
    return out
