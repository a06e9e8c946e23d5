"""The 公示 list of posts and commitments (党员设岗定责及服务群众承诺事项公示) for the notice board.

Posted where villagers read it standing: every character at least 12 pt, however many members (more
pages, never smaller type). Each page carries the title, the 公示期 and the 监督电话; each member's
commitments are a numbered list; cards the branch has not decided (支部定) yet are marked as such; the
list ends with the branch, the date and the place for the seal (盖章处).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from dangjian_desktop.core.branch import BranchInfo
from dangjian_desktop.core.cards import COMMITMENT, POST_DUTY, Card, is_decided
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.printing.fonts import register_fonts
from dangjian_desktop.printing.layout import Para, canvas_maker, esc, fit_rows

SIZE = 12.0  # the smallest type anywhere on the list
RED = colors.HexColor("#b71c1c")
PAGE = landscape(A4)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 12 * mm, 26 * mm, 22 * mm
TEXT_W = PAGE[0] - 2 * MARGIN_X
PAD = 3.0
# 序号, 姓名, 党小组, 岗位, 支部定, 岗位职责, 服务群众承诺事项 (mm; the commitments take the rest)
WIDTHS_MM = (14, 32, 28, 30, 30, 70)


class PublicityError(UserError):
    """The message is Chinese and shown to the user as it is."""


def signer(branch_name: str) -> str:
    return branch_name if branch_name.startswith("中共") else f"中共{branch_name}"


class _SealArea(Flowable):
    """A dashed circle marking where the branch's seal goes, with the word 盖章处."""

    def __init__(self, font: str, side: float = 36 * mm) -> None:
        super().__init__()
        self.font, self.side = font, side

    def wrap(self, available_width: float, _ah: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.side

    def draw(self) -> None:
        c = self.canv
        r = self.side / 2
        cx = self.width - r - 10 * mm
        c.saveState()
        c.setDash(3, 3)
        c.setStrokeColor(colors.HexColor("#999999"))
        c.circle(cx, r, r - 1)
        c.setFillColor(colors.HexColor("#999999"))
        c.setFont(self.font, SIZE)
        c.drawCentredString(cx, r - SIZE / 3, "盖章处")
        c.restoreState()


def _page(title: str, foot: str, font: str, heading: str):  # noqa: ANN202 - a ReportLab page callback
    def draw(canvas: object, _doc: object) -> None:
        width, height = PAGE
        canvas.saveState()  # type: ignore[attr-defined]
        size = 18.0
        while stringWidth(title, heading, size) > TEXT_W and size > SIZE:
            size -= 0.5
        canvas.setFont(heading, size)  # type: ignore[attr-defined]
        canvas.setFillColor(RED)  # type: ignore[attr-defined]
        text = title
        while stringWidth(text, heading, size) > TEXT_W:
            text = text[:-2] + "…"
        canvas.drawCentredString(width / 2, height - 16 * mm, text)  # type: ignore[attr-defined]
        canvas.setFont(font, SIZE)  # type: ignore[attr-defined]
        canvas.setFillColor(colors.black)  # type: ignore[attr-defined]
        line = foot
        while stringWidth(line, font, SIZE) > TEXT_W:
            line = line[:-2] + "…"
        canvas.drawCentredString(width / 2, 12 * mm, line)  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    return draw


def print_publicity(
    cards: Sequence[Card],
    branch: BranchInfo,
    year: int,
    out: Path,
    *,
    today: dt.date | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> Path:
    """Every card of the year: decided ones first, the others marked 未经支部定."""
    if not cards:
        raise PublicityError(f"{year}年度还没有明白卡，无法生成公示名单")
    today = today or dt.date.today()
    start, end = period or (today, today)
    fonts = register_fonts()
    cell = ParagraphStyle("pc", fontName=fonts.body, fontSize=SIZE, leading=SIZE * 1.35, wordWrap="CJK")
    head = ParagraphStyle("ph", parent=cell, fontName=fonts.heading, alignment=TA_CENTER)
    body = ParagraphStyle("pb", parent=cell, fontSize=13, leading=20, firstLineIndent=26)
    right = ParagraphStyle("pr", parent=cell, fontSize=14, leading=22, alignment=TA_RIGHT)
    widths = [w * mm for w in WIDTHS_MM]
    widths.append(TEXT_W - sum(widths))
    ordered = sorted(cards, key=lambda card: not is_decided(card))  # stable: the caller's order within
    data: list[list[object]] = [
        [Para(t, head) for t in ("序号", "姓名", "党小组", "岗位", "支部定", "岗位职责", "服务群众承诺事项")]
    ]
    for n, card in enumerate(ordered, start=1):
        decided = card.step("支部定").date
        duties = "<br/>".join(
            f"{i}．{esc(cl.text)}" for i, cl in enumerate(card.clauses_in(POST_DUTY), start=1)
        )
        promises = "<br/>".join(
            f"{i}．{esc(cl.text)}" for i, cl in enumerate(card.clauses_in(COMMITMENT), start=1)
        )
        data.append(
            [
                Para(str(n), cell),
                Para(esc(card.member_name), cell),
                Para(esc(card.party_group or "—"), cell),
                Para(esc(card.post or "—"), cell),
                Para(format_cn(decided) if decided else "<b>未定</b>", cell),
                Para(duties or "—", cell),
                Para(promises or "—", cell),
            ]
        )
    limit = (PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM) / 3  # long cells continue in "（续）" rows
    table = Table(fit_rows(data, widths, limit, PAD), colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONT", (0, 0), (-1, -1), fonts.body, SIZE, SIZE * 1.35),  # the "（续）" marks too
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f6dcdc")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *[(name, (0, 0), (-1, -1), PAD) for name in ("TOPPADDING", "BOTTOMPADDING")],
                *[(name, (0, 0), (-1, -1), PAD) for name in ("LEFTPADDING", "RIGHTPADDING")],
            ]
        )
    )
    phone = branch.phone or "请向村党支部反映"
    undecided = sum(1 for card in cards if not is_decided(card))
    origin = (
        "以上明白卡经个人报、党员议、群众评、支部定产生。"
        if not undecided
        else f"其中 {undecided} 张标“未定”的明白卡尚未经支部定，公示期间继续征求意见。"
    )
    period_text = f"{format_cn(start)}至{format_cn(end)}"
    notice = (
        f"公示期：{period_text}。{origin}欢迎广大群众监督，如有意见建议，请在公示期内向村党支部反映。"
        f"监督电话：{esc(phone)}。"
    )
    story: list[Flowable] = [
        table,
        Spacer(1, 5 * mm),
        KeepTogether(
            [
                Para(notice, body),
                Spacer(1, 4 * mm),
                Para(esc(signer(branch.name)), right),
                Para(format_cn(today), right),
                _SealArea(fonts.body),
            ]
        ),
    ]
    title = f"{branch.name}{year}年度党员设岗定责及服务群众承诺事项公示"
    doc = SimpleDocTemplate(
        str(out),
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=branch.name,
    )
    page = _page(title, f"公示期：{period_text}　　监督电话：{phone}", fonts.body, fonts.heading)
    doc.build(story, onFirstPage=page, onLaterPages=page, canvasmaker=canvas_maker(branch.name, size=SIZE))
    return out
