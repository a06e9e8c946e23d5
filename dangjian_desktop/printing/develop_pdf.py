"""The papers of 发展党员: 全程纪实表, 积极分子考察登记表, 公示, 支部大会决议, the list by stage.

Plain data in, PDF out (no database). Every table is a LongTable of Paragraphs, so no length of note
breaks a page; ID numbers arrive masked from the documents layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, SimpleDocTemplate, Spacer, TableStyle

from dangjian_desktop.printing.layout import NumberedCanvas, Para, Styles, esc, styles


@dataclass(frozen=True)
class PersonFacts:
    """The lines at the top of a person's paper, already as they should be printed."""

    branch_name: str
    name: str
    gender: str
    birth: str
    id_number: str  # masked
    ethnicity: str
    education: str
    party_group: str
    job: str
    address: str
    stage: str


@dataclass(frozen=True)
class StepLine:
    step: str
    date: str
    detail: str


@dataclass(frozen=True)
class RecordSheet:
    person: PersonFacts
    steps: Sequence[StepLine]
    warnings: Sequence[str] = ()
    rule_source: str = ""


@dataclass(frozen=True)
class Notice:
    """A 公示 or a 决议: a title, paragraphs, a signature block. Public text stays at 12 pt or more."""

    title: str
    paragraphs: Sequence[str]
    signature: Sequence[str] = ()
    table: Sequence[Sequence[str]] = field(default_factory=list)


def _doc(out: Path, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="党务台账",
    )


def _cell_style(st: Styles, size: float = 10.5) -> ParagraphStyle:
    return ParagraphStyle("dcell", parent=st.cell, fontSize=size, leading=size * 1.45)


def _grid(rows: list[list[object]], widths: list[float], header: bool = False) -> LongTable:
    # splitInRow: a note longer than a page continues on the next page instead of breaking the document
    table = LongTable(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2dede")))
    table.setStyle(TableStyle(commands))
    return table


def _facts_table(p: PersonFacts, st: Styles) -> LongTable:
    cell = _cell_style(st)
    label = ParagraphStyle("dlabel", parent=cell, fontName=st.fonts.heading)

    def pair(*items: str) -> list[object]:
        return [Para(esc(t), label if n % 2 == 0 else cell) for n, t in enumerate(items)]

    rows = [
        pair("姓名", p.name, "性别", p.gender, "出生日期", p.birth),
        pair("民族", p.ethnicity, "学历", p.education, "党小组", p.party_group),
        pair("公民身份号码", p.id_number, "工作岗位", p.job, "当前阶段", p.stage),
        [Para("家庭住址", label), Para(esc(p.address), cell), "", "", "", ""],
    ]
    table = _grid(rows, [24 * mm, 45 * mm, 20 * mm, 27 * mm, 22 * mm, 32 * mm])
    table.setStyle(TableStyle([("SPAN", (1, 3), (5, 3))]))
    return table


def _steps_table(steps: Sequence[StepLine], st: Styles, first: str = "步骤") -> LongTable:
    cell = _cell_style(st)
    head = ParagraphStyle("dhead", parent=cell, fontName=st.fonts.heading)
    rows: list[list[object]] = [
        [Para(t, head) for t in ("序号", first, "日期", "情况（人员、结论、编号、表决）")]
    ]
    for n, line in enumerate(steps, start=1):
        rows.append(
            [
                str(n),
                Para(esc(line.step), cell),
                Para(esc(line.date), cell),
                Para(esc(line.detail), cell),
            ]
        )
    if len(rows) == 1:
        rows.append(["", "", "", Para("（尚无记录）", cell)])
    table = _grid(rows, [12 * mm, 30 * mm, 32 * mm, 96 * mm], header=True)
    table.setStyle(
        TableStyle([("FONT", (0, 1), (0, -1), st.fonts.body, 10.5), ("ALIGN", (0, 0), (0, -1), "CENTER")])
    )
    return table


def print_record(sheet: RecordSheet, out: Path, *, title: str = "发展党员全程纪实表") -> Path:
    st = styles()
    p = sheet.person
    story: list[Flowable] = [
        Para(title, st.title),
        Para(f"{esc(p.branch_name)}　{esc(p.name)}", st.subtitle),
        _facts_table(p, st),
        Spacer(1, 5 * mm),
        _steps_table(sheet.steps, st),
    ]
    if sheet.warnings:
        note = _cell_style(st)
        story += [
            Spacer(1, 4 * mm),
            Para("需要说明的情况：", ParagraphStyle("w", parent=note, fontName=st.fonts.heading)),
        ]
        story += [Para(f"{n}. {esc(w)}", note) for n, w in enumerate(sheet.warnings, start=1)]
    if sheet.rule_source:
        story += [Spacer(1, 3 * mm), Para(f"依据：{esc(sheet.rule_source)}", _cell_style(st, 9))]
    story += _signatures(st, ("党支部书记（签字）：", "党支部（盖章）"))
    _doc(out, f"{p.name}{title}").build(story, canvasmaker=NumberedCanvas)
    return out


def _signatures(st: Styles, lines: Sequence[str]) -> list[Flowable]:
    sign = ParagraphStyle("sign", parent=st.body, alignment=TA_RIGHT, fontSize=12, leading=24)
    return [Spacer(1, 8 * mm), *[Para(esc(t) + "　" * 6, sign) for t in lines]]


def print_notice(notice: Notice, out: Path) -> Path:
    """公示 and 决议: 16 pt title, 14 pt body (公示 must stay readable on a wall)."""
    st = styles(body_size=14)
    body = ParagraphStyle("nbody", parent=st.body, firstLineIndent=28)
    story: list[Flowable] = [Para(esc(notice.title), st.title), Spacer(1, 4 * mm)]
    story += [Para(esc(text), body) for text in notice.paragraphs]
    if notice.table:
        cell = ParagraphStyle("ncell", parent=st.body, fontSize=12, leading=17)
        rows = [[Para(esc(c), cell) for c in row] for row in notice.table]
        width = 170 * mm / max(len(notice.table[0]), 1)
        story += [Spacer(1, 3 * mm), _grid(rows, [width] * len(notice.table[0]), header=True)]
    sign = ParagraphStyle("nsign", parent=st.body, alignment=TA_RIGHT)
    story += [Spacer(1, 10 * mm), *[Para(esc(t), sign) for t in notice.signature]]
    _doc(out, notice.title).build(story, canvasmaker=NumberedCanvas)
    return out


@dataclass(frozen=True)
class StageGroup:
    stage: str
    rows: Sequence[Sequence[str]]  # 姓名, 性别, 年龄, 关键日期, 下一步, 应完成


def print_stage_list(branch_name: str, date_text: str, groups: Sequence[StageGroup], out: Path) -> Path:
    st = styles()
    cell = _cell_style(st)
    head = ParagraphStyle("lhead", parent=cell, fontName=st.fonts.heading)
    section = ParagraphStyle(
        "lsec", parent=st.body, fontName=st.fonts.heading, fontSize=13, spaceBefore=8, spaceAfter=3
    )
    story: list[Flowable] = [
        Para("发展党员各阶段人员名单", st.title),
        Para(f"{esc(branch_name)}　截至{esc(date_text)}", st.subtitle),
    ]
    titles = ("序号", "姓名", "性别", "年龄", "进入本阶段", "下一步", "应完成日期")
    widths = [11 * mm, 24 * mm, 12 * mm, 12 * mm, 30 * mm, 28 * mm, 53 * mm]
    for group in groups:
        story.append(Para(f"{esc(group.stage)}（{len(group.rows)} 人）", section))
        rows: list[list[object]] = [[Para(t, head) for t in titles]]
        for n, values in enumerate(group.rows, start=1):
            rows.append([str(n), *[Para(esc(v), cell) for v in values]])
        if len(rows) == 1:
            rows.append(["", Para("无", cell), "", "", "", "", ""])
        story.append(_grid(rows, widths, header=True))
    _doc(out, "发展党员各阶段人员名单").build(story, canvasmaker=NumberedCanvas)
    return out
