"""政治生日贺卡: two or four cards on an A4 sheet, with cut marks.

A card holds the name, the date the member joined, the years, the oath and a message, and a framed
space for the emblem image when `resources/images/emblem.png` is supplied (the program does not draw
the party emblem itself). A card is handed around, so it carries no ID number and no phone number:
`CardData` has no field for either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepInFrame

from dangjian_desktop.core.birthdays import DEFAULT_MESSAGE, MILESTONES, BirthdayRow
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.printing.layout import Para, esc, plain_canvas, styles
from dangjian_desktop.resources import resource_path

OATH = (
    "我志愿加入中国共产党，拥护党的纲领，遵守党的章程，履行党员义务，执行党的决定，严守党的纪律，"
    "保守党的秘密，对党忠诚，积极工作，为共产主义奋斗终身，随时准备为党和人民牺牲一切，永不叛党。"
)
RED = colors.HexColor("#C8102E")
GOLD = colors.HexColor("#C9A227")
PAPER = colors.HexColor("#FFF8F0")
MARGIN = 10 * mm  # printers cannot print to the edge: cards sit inside, cut marks in this margin
MARK = 6 * mm
MARK_GAP = 2 * mm


@dataclass(frozen=True)
class CardData:
    name: str
    join_date: dt.date
    date: dt.date  # the political birthday the card is for
    years: int
    branch_name: str
    secretary: str = ""


def card_data(rows: Iterable[BirthdayRow], branch_name: str, secretary: str = "") -> list[CardData]:
    return [CardData(r.name, r.join_date, r.date, r.years, branch_name, secretary) for r in rows]


def signer(branch_name: str) -> str:
    """凤凰村党支部 signs as 中共凤凰村支部委员会's usual form: 中共凤凰村党支部委员会."""
    name = branch_name if branch_name.startswith("中共") else f"中共{branch_name}"
    return name if name.endswith("委员会") else f"{name}委员会"


def oath_text(oath: str, chars_per_line: int) -> str:
    """The oath with a no-break join before its last words, so the last line is never a lone "党。"."""
    if chars_per_line <= 0 or len(oath) % chars_per_line > 3:
        return esc(oath)
    # the last line would hold three characters or fewer: carry the four before them down with it
    return esc(oath[:-7]) + "<br/>" + esc(oath[-7:]) if len(oath) > 7 else esc(oath)


def emblem_path() -> Path | None:
    try:
        path = resource_path("images", "emblem.png")
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


@dataclass(frozen=True)
class _Layout:
    cols: int
    rows: int
    scale: float  # font sizes relative to the two-per-sheet card
    emblem: float  # side of the emblem frame

    @property
    def card_w(self) -> float:
        return (A4[0] - 2 * MARGIN) / self.cols

    @property
    def card_h(self) -> float:
        return (A4[1] - 2 * MARGIN) / self.rows


LAYOUTS = {2: _Layout(1, 2, 1.05, 22 * mm), 4: _Layout(2, 2, 0.8, 17 * mm)}


class _Styles:
    def __init__(self, scale: float) -> None:
        base = styles()
        heading, body = base.fonts.heading, base.fonts.body

        def style(name: str, font: str, size: float, **kw: object) -> ParagraphStyle:
            size *= scale
            return ParagraphStyle(
                name, fontName=font, fontSize=size, leading=size * 1.5, wordWrap="CJK", **kw
            )

        self.title = style("card-title", heading, 22, alignment=TA_CENTER, textColor=RED)
        self.greeting = style("card-greeting", heading, 14)
        self.body = style("card-body", body, 11.5, firstLineIndent=23 * scale)
        self.milestone = style("card-milestone", heading, 11.5, textColor=RED, firstLineIndent=23 * scale)
        self.oath_title = style("card-oath-title", heading, 10.5, alignment=TA_CENTER, textColor=RED)
        self.oath = style("card-oath", body, 9.5, textColor=colors.HexColor("#333333"))
        self.sign = style("card-sign", body, 11, alignment=TA_RIGHT)


def _cut_marks(c: Canvas, layout: _Layout) -> None:
    """Short lines in the margin at every cut line, so a paper cutter can be lined up on both ends."""
    c.saveState()
    c.setStrokeColor(colors.black)
    c.setLineWidth(0.3)
    top, bottom = A4[1] - MARGIN, MARGIN
    left, right = MARGIN, A4[0] - MARGIN
    for i in range(layout.cols + 1):
        x = left + i * layout.card_w
        c.line(x, top + MARK_GAP, x, top + MARK_GAP + MARK)
        c.line(x, bottom - MARK_GAP, x, bottom - MARK_GAP - MARK)
    for j in range(layout.rows + 1):
        y = bottom + j * layout.card_h
        c.line(left - MARK_GAP, y, left - MARK_GAP - MARK, y)
        c.line(right + MARK_GAP, y, right + MARK_GAP + MARK, y)
    c.restoreState()


class _CardPainter:
    """Draws one card; what is the same on every card (oath, message) is laid out once."""

    def __init__(self, layout: _Layout, message: str, emblem: Path | None) -> None:
        self.layout = layout
        self.st = _Styles(layout.scale)
        self.emblem = str(emblem) if emblem else None
        self.pad = 9 * mm * layout.scale
        self.text_w = layout.card_w - 2 * self.pad
        self.oath_title = self._wrapped(Para("入党誓词", self.st.oath_title))
        per_line = int(self.text_w // self.st.oath.fontSize)
        self.oath = self._wrapped(Para(oath_text(OATH, per_line), self.st.oath))
        self.message = self._wrapped(Para(esc(message), self.st.body))
        self.title = self._wrapped(Para("政治生日贺卡", self.st.title))

    def _wrapped(self, p: Para, width: float | None = None) -> tuple[Para, float]:
        _w, h = p.wrap(width or self.text_w, 10_000)
        return p, h

    def draw(self, c: Canvas, x: float, y: float, card: CardData) -> None:
        lay, st = self.layout, self.st
        w, h = lay.card_w, lay.card_h
        c.saveState()
        # background and the red-and-gold frame
        inset = 3 * mm
        c.setFillColor(PAPER)
        c.setStrokeColor(RED)
        c.setLineWidth(2)
        c.rect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, stroke=1, fill=1)
        c.setStrokeColor(GOLD)
        c.setLineWidth(0.8)
        c.rect(x + inset + 2 * mm, y + inset + 2 * mm, w - 2 * inset - 4 * mm, h - 2 * inset - 4 * mm)
        c.restoreState()

        greeting = self._wrapped(Para(f"{esc(card.name)} 同志：", st.greeting))
        body = (
            f"您于{format_cn(card.join_date)}光荣加入中国共产党，{format_cn(card.date)}是您"
            f"入党{card.years}周年的政治生日。"
        )
        letter = [greeting, self._wrapped(Para(esc(body), st.body))]
        if card.years in MILESTONES:
            line = f"值此入党{card.years}周年之际，谨致崇高敬意！"
            letter.append(self._wrapped(Para(esc(line), st.milestone)))
        letter.append(self.message)
        sign, sign_h = self._wrapped(
            Para(
                f"{esc(signer(card.branch_name))}<br/>"
                + (f"书记：{esc(card.secretary)}<br/>" if card.secretary else "")
                + format_cn(card.date),
                st.sign,
            )
        )
        oath_h = self.oath_title[1] + self.oath[1] + 4 * mm
        room = h - 2 * self.pad - lay.emblem - self.title[1] - oath_h - sign_h - 8 * mm
        if sum(p[1] for p in letter) > room:
            # a very long name or message: the letter is set smaller rather than run off the card
            keep = KeepInFrame(self.text_w, room, [p for p, _h in letter], mode="shrink")
            _w, keep_h = keep.wrapOn(c, self.text_w, room)  # KeepInFrame measures on the canvas
            letter = [(keep, keep_h)]
        used = lay.emblem + self.title[1] + sum(p[1] for p in letter) + oath_h + sign_h
        gap = max(2 * mm, (h - 2 * self.pad - used) / 4)  # the free height shared by the four gaps

        left = x + self.pad
        cursor = y + h - self.pad
        # the emblem where an image was chosen in 设置; without one a red band with the card's title
        side = lay.emblem
        ex, ey = x + (w - side) / 2, cursor - side
        c.saveState()
        if self.emblem:
            c.drawImage(self.emblem, ex, ey, side, side, preserveAspectRatio=True, mask="auto")
        else:
            c.setFillColor(RED)
            c.rect(x + self.pad, ey + side * 0.25, w - 2 * self.pad, side * 0.5, stroke=0, fill=1)
            c.setFillColor(GOLD)
            c.setFont(self.st.title.fontName, side * 0.3)
            c.drawCentredString(x + w / 2, ey + side * 0.4, f"入党{card.years}周年")
        c.restoreState()
        cursor = self._put(c, self.title, left, ey - gap / 2)
        cursor -= gap / 2
        for part in letter:
            cursor = self._put(c, part, left, cursor)
        cursor -= gap

        # the oath in a tinted box
        c.saveState()
        c.setFillColor(colors.HexColor("#FBE9E7"))
        c.setStrokeColor(colors.HexColor("#E8B4B0"))
        c.roundRect(left - 2 * mm, cursor - oath_h, self.text_w + 4 * mm, oath_h, 2 * mm, stroke=1, fill=1)
        c.restoreState()
        inner = self._put(c, self.oath_title, left, cursor - 2 * mm)
        self._put(c, self.oath, left, inner)
        sign.drawOn(c, left, y + self.pad)  # signed at the foot of the card

    def _put(self, c: Canvas, wrapped: tuple[Para, float], left: float, top: float) -> float:
        para, height = wrapped
        para.drawOn(c, left, top - height)
        return top - height


def print_birthday_cards(
    cards: list[CardData],
    out: Path,
    *,
    per_page: int = 2,
    message: str = DEFAULT_MESSAGE,
    emblem: Path | None | bool = True,
) -> Path:
    """emblem: True looks for resources/images/emblem.png; a path uses that image; None leaves the frame empty."""
    if per_page not in LAYOUTS:
        raise UserError(f"每张A4纸可印 2 张或 4 张贺卡，这里是 {per_page}")
    if not cards:
        raise UserError("没有要打印的政治生日贺卡")
    layout = LAYOUTS[per_page]
    image = emblem_path() if emblem is True else (emblem or None)
    painter = _CardPainter(layout, message.strip() or DEFAULT_MESSAGE, image)  # type: ignore[arg-type]
    c = plain_canvas(str(out), A4)
    c.setTitle("政治生日贺卡")
    c.setAuthor(cards[0].branch_name)
    for start in range(0, len(cards), per_page):
        _cut_marks(c, layout)
        for slot, card in enumerate(cards[start : start + per_page]):
            col, row = slot % layout.cols, slot // layout.cols
            x = MARGIN + col * layout.card_w
            y = A4[1] - MARGIN - (row + 1) * layout.card_h
            painter.draw(c, x, y, card)
        c.showPage()
    c.save()
    return out
