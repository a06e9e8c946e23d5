"""明白卡 for the wall, and the one-page 公示 list of posts and commitments.

A wall card is read from a few steps away by villagers: large type, the photo, the name and post, the
clauses grouped by category, and the branch's supervision phone (监督电话). It never carries an ID
number or a member's own phone: those are not even handed to this module.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from dangjian_desktop.core.branch import BranchInfo
from dangjian_desktop.core.cards import CATEGORIES, POST_DUTY, Card
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.printing.fonts import PrintFonts, register_fonts
from dangjian_desktop.printing.layout import Para, esc, pdf_target, plain_canvas
from dangjian_desktop.printing.photo_print import PhotoFrame, _binary_streams, print_photos

RED = colors.HexColor("#b71c1c")
DARK = colors.HexColor("#222222")
NUMERALS = "一二三四"
Progress = Callable[[int, int], None]


class CardPrintError(UserError):
    """The message is Chinese and shown to the user as it is."""


# --- the wall card ----------------------------------------------------------------------------------


@cache  # one set per type size: the paragraphs of every card share them (and their parsed templates)
def _para_styles(fonts: PrintFonts, size: float) -> dict[str, ParagraphStyle]:
    base = {"wordWrap": "CJK"}
    return {
        "name": ParagraphStyle(
            "name", fontName=fonts.heading, fontSize=size * 1.6, leading=size * 2.1, textColor=DARK, **base
        ),
        "info": ParagraphStyle(
            "info", fontName=fonts.body, fontSize=size * 1.05, leading=size * 1.55, textColor=DARK, **base
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName=fonts.heading,
            fontSize=size * 1.1,
            leading=size * 1.4,
            textColor=RED,
            spaceBefore=size * 0.3,
            spaceAfter=size * 0.15,
            **base,
        ),
        # a hanging indent so that a wrapped clause lines up under its own text, not under its number
        "clause": ParagraphStyle(
            "clause",
            fontName=fonts.body,
            fontSize=size,
            leading=size * 1.36,
            leftIndent=size * 1.6,
            firstLineIndent=-size * 1.6,
            textColor=DARK,
            **base,
        ),
    }


def _card_flowables(
    card: Card,
    photo: ImageReader | None,
    fonts: PrintFonts,
    size: float,
    width: float,
    photo_w: float,
    compact: bool,
) -> list[Flowable]:
    st = _para_styles(fonts, size)
    clauses: list[Flowable] = []
    number = 0
    for category in CATEGORIES:
        items = card.clauses_in(category)
        if not items:
            continue
        label = "设岗定责内容" if category == POST_DUTY else category
        clauses.append(Para(f"{NUMERALS[number]}、{label}", st["heading"]))
        number += 1
        for i, clause in enumerate(items, start=1):
            clauses.append(Para(f"{i}．{esc(clause.text)}", st["clause"]))
    if compact:
        if person_fits(card, fonts):
            return clauses  # the person is drawn in a column of its own, see _draw_card
        return [*_info(card, _para_styles(fonts, 12)), Spacer(1, size * 0.3), *clauses]
    info = _info(card, st)
    info_w = width - photo_w - 5 * mm
    heights = [f.wrap(info_w, 10_000)[1] for f in info]
    picture = PhotoFrame(photo, photo_w, photo_w * 1.4, fonts.body)
    if sum(heights) > photo_w * 2.2:
        # a very long name or post: the details go under the photo, where they can run onto a next sheet
        return [picture, *info, Spacer(1, size * 0.3), *clauses]
    return [_Head(picture, info, heights, photo_w + 5 * mm), Spacer(1, size * 0.3), *clauses]


class _Head(Flowable):
    """The photo with the member's details beside it, both centred on the taller of the two (what a
    one-row Table did, at a fraction of a Table's cost in a batch of 300 cards)."""

    def __init__(self, photo: PhotoFrame, info: list[Flowable], heights: list[float], info_x: float) -> None:
        super().__init__()
        self.photo, self.info, self.heights, self.info_x = photo, info, heights, info_x
        self.height = max(photo.height, sum(heights))

    def wrap(self, aw: float, _ah: float) -> tuple[float, float]:
        return aw, self.height

    def draw(self) -> None:
        self.photo.drawOn(self.canv, 0, (self.height - self.photo.height) / 2)
        y = (self.height + sum(self.heights)) / 2
        for f, h in zip(self.info, self.heights, strict=True):
            y -= h
            f.drawOn(self.canv, self.info_x, y)


def _info(card: Card, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    return _info_paras(card.member_name, card.post, card.party_group, card.member_category, st)


def _info_paras(
    name: str, post: str, group: str, category: str, st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    return [
        Para(esc(name), st["name"]),
        Para(f"岗　　位：{esc(post or '—')}", st["info"]),
        Para(f"所在党小组：{esc(group or '—')}", st["info"]),
        Para(f"类　　别：{esc(category)}", st["info"]),
    ]


Placed = list[tuple[Flowable, float]]  # each flowable with its height, wrapped once to the card's width


def _wrap_all(flow: list[Flowable], width: float) -> tuple[Placed, float]:
    placed: Placed = []
    total = 0.0
    for f in flow:
        _w, h = f.wrap(width, 10_000)
        placed.append((f, h))
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return placed, total


def _estimate(
    card: Card, fonts: PrintFonts, size: float, width: float, photo_w: float, compact: bool
) -> float:
    """The height of the clauses at a type size, from text widths alone (no line breaking).

    It mirrors _para_styles: a heading takes 1.4 + 0.45 of the size, a clause line 1.36, and a clause
    wraps inside its hanging indent. CJK breaking can add a line now and then; _fit checks for real.
    """
    total = 0.0 if compact else max(photo_w * 1.4, size * (2.1 + 3 * 1.55)) + size * 0.3
    line_width = width - size * 1.6
    for category in CATEGORIES:
        items = card.clauses_in(category)
        if not items:
            continue
        total += size * (1.4 + 0.45)
        for i, clause in enumerate(items, start=1):
            text_width = _unit_width(f"{i}．{clause.text}", fonts.body) * size
            total += size * 1.36 * max(1, math.ceil(text_width / line_width))
    return total


@lru_cache(maxsize=4096)
def _unit_width(text: str, font: str) -> float:
    """A text's width at 1 pt: widths scale with the size, and _estimate tries several sizes for each
    card while the cards of a branch share many clauses (the required activities)."""
    return stringWidth(text, font, 1.0)


SIZES = {False: (16.0, 14.0), True: (13.0, 12.0)}  # (largest, smallest) clause type: full, half page


@dataclass(frozen=True)
class _Box:
    """Where a card's parts go on its sheet (or half sheet)."""

    pad: float
    title: float
    footer: float
    band: float  # the 年终评诺 / 承诺人签名 band above the footer
    photo_w: float

    @staticmethod
    def of(compact: bool) -> _Box:
        if compact:
            return _Box(5 * mm, 17, 12, 12 * 1.9, 26 * mm)
        return _Box(8 * mm, 26, 15, 14 * 2.4, 32 * mm)

    def body(
        self, x: float, y: float, w: float, h: float, compact: bool
    ) -> tuple[float, float, float, float]:
        """x, bottom, width, height of the clause area."""
        header_bottom = y + h - self.pad - self.title * 2.3
        footer_top = y + self.pad + self.footer * 2.6
        bottom = footer_top + self.band + 2 * mm
        body_x, body_w = x + self.pad, w - 2 * self.pad
        if compact:
            body_x, body_w = body_x + 43 * mm, body_w - 43 * mm
        return body_x, bottom, body_w, header_bottom - bottom - 2 * mm


def _card_slot(compact: bool) -> tuple[float, float, float, float]:
    page_w, page_h = A4
    margin = 12 * mm
    if compact:
        return margin, margin, page_w - 2 * margin, (page_h - 3 * margin) / 2
    return margin, margin, page_w - 2 * margin, page_h - 2 * margin


def _sheets(card: Card, photo: ImageReader | None, fonts: PrintFonts, compact: bool) -> list[Placed]:
    """The card's content at the largest type that fits one sheet; at the smallest allowed type
    (14 pt on a full page, 12 pt on half a page) it continues on more sheets instead of shrinking."""
    box = _Box.of(compact)
    _x, _b, width, height = box.body(*_card_slot(compact), compact)
    largest, smallest = SIZES[compact]
    size = largest
    while size > smallest and _estimate(card, fonts, size, width, box.photo_w, compact) > height:
        size -= 0.5
    while True:
        flow = _card_flowables(card, photo, fonts, size, width, box.photo_w, compact)
        placed, total = _wrap_all(flow, width)
        if total <= height:
            return [placed]
        if size <= smallest:
            break
        size -= 0.5
    sheets: list[Placed] = [[]]
    room = height
    queue = list(flow)
    while queue:
        f = queue.pop(0)
        _w, h = f.wrap(width, 10_000)
        need = h + (f.getSpaceBefore() if sheets[-1] else 0) + f.getSpaceAfter()
        if need <= room:
            sheets[-1].append((f, h))
            room -= need
            continue
        parts = f.split(width, room - f.getSpaceBefore()) if room > size * 2 else []
        if len(parts) == 2:
            first, rest = parts
            _w, fh = first.wrap(width, 10_000)
            sheets[-1].append((first, fh))
            queue.insert(0, rest)
        elif not sheets[-1]:  # taller than a whole sheet and not splittable: place it anyway
            sheets[-1].append((f, h))
        else:
            queue.insert(0, f)
        sheets.append([])
        room = height
    return [sheet for sheet in sheets if sheet]


PERSON_W = 39 * mm  # the left column of a half-page card


def person_fits(card: Card, fonts: PrintFonts) -> bool:
    """Whether photo, name and details fit the left column of a half-page card at 12 pt."""
    return _person_fits(card.member_name, card.post, card.party_group, card.member_category, fonts)


@lru_cache(maxsize=1024)  # asked for each type size tried and again when drawing, for 300 cards
def _person_fits(name: str, post: str, group: str, category: str, fonts: PrintFonts) -> bool:
    box = _Box.of(True)
    _x, _b, _w, height = box.body(*_card_slot(True), True)
    used = box.photo_w * 1.4 + 3 * mm
    info = _info_paras(name, post, group, category, _para_styles(fonts, 12))
    used += sum(f.wrap(PERSON_W, 10_000)[1] for f in info)
    return used <= height


def room_left(card: Card, *, per_page: int = 1) -> float:
    """The share of the first sheet's clause area still free at the smallest allowed type; below zero
    the card runs onto a second sheet. An estimate from text widths: fast enough to run per keystroke."""
    compact = per_page == 2
    fonts = register_fonts()
    box = _Box.of(compact)
    _x, _b, width, height = box.body(*_card_slot(compact), compact)
    used = _estimate(card, fonts, SIZES[compact][1], width, box.photo_w, compact)
    return (height - used) / height


def chars_left(card: Card, *, per_page: int = 1) -> int:
    """About how many more characters of clause text the first sheet takes at the smallest allowed
    type: whole free lines times the characters of a line. Negative (-1) once the card runs over."""
    if room_left(card, per_page=per_page) < 0:
        return -1
    compact = per_page == 2
    fonts = register_fonts()
    box = _Box.of(compact)
    _x, _b, width, height = box.body(*_card_slot(compact), compact)
    size = SIZES[compact][1]
    free = height - _estimate(card, fonts, size, width, box.photo_w, compact)
    per_line = int((width - size * 1.6) // size)
    return int(free // (size * 1.36)) * per_line


def needs_full_page(card: Card) -> bool:
    """A card that does not fit half a page at 12 pt: print it one to a page."""
    return room_left(card, per_page=2) < 0


def _draw_placed(c: Canvas, placed: Placed, x: float, top: float) -> None:
    """Draws what was already wrapped, top down: a Frame would wrap every paragraph a second time."""
    y = top
    for n, (f, h) in enumerate(placed):
        if n:
            y -= f.getSpaceBefore()
        f.drawOn(c, x, y - h)
        y -= h + f.getSpaceAfter()


def _draw_band(
    c: Canvas, x: float, y: float, w: float, box: _Box, card: Card, fonts: PrintFonts, last: bool
) -> None:
    """年终评诺 and 承诺人签名 on the card's last sheet; "接下页" on the others."""
    size = 14 if box.pad > 7 * mm else 12
    c.saveState()
    c.setFillColor(DARK)
    c.setFont(fonts.body, size)
    if not last:
        c.drawRightString(x + w, y + box.band / 2, "（接下页）")
    else:
        result = card.year_end_result or "□优秀 □合格 □基本合格 □不合格"
        c.drawString(x, y + box.band * 0.35, f"年终评诺：{result}")
        c.drawRightString(x + w, y + box.band * 0.35, "承诺人签名：＿＿＿＿＿＿")
        c.setStrokeColor(colors.HexColor("#bbbbbb"))
        c.setLineWidth(0.5)
        c.line(x, y + box.band - 2, x + w, y + box.band - 2)
    c.restoreState()


def _draw_card(
    c: Canvas,
    slot: tuple[float, float, float, float],
    card: Card,
    photo: ImageReader | None,
    branch: BranchInfo,
    fonts: PrintFonts,
    compact: bool,
    placed: Placed,
    sheet: int,
    last: bool,
) -> None:
    x, y, w, h = slot
    box = _Box.of(compact)
    c.saveState()
    c.setStrokeColor(RED)
    c.setLineWidth(2.2)
    c.roundRect(x, y, w, h, 4 * mm, stroke=1, fill=0)
    c.setLineWidth(0.6)
    c.roundRect(x + 1.8 * mm, y + 1.8 * mm, w - 3.6 * mm, h - 3.6 * mm, 3 * mm, stroke=1, fill=0)

    pad, title_size = box.pad, box.title
    top = y + h - pad
    c.setFillColor(RED)
    c.setFont(fonts.heading, title_size)
    c.drawCentredString(x + w / 2, top - title_size, "党员目标责任明白卡" + ("（续）" if sheet else ""))
    c.setFillColor(DARK)
    sub_size = 14 if not compact else 12
    c.setFont(fonts.body, sub_size)
    subtitle = f"{branch.name}　{card.year}年度" + (f"　{card.member_name}" if sheet else "")
    while stringWidth(subtitle, fonts.body, sub_size) > w - 2 * pad and len(subtitle) > 4:
        subtitle = subtitle[:-2] + "…"
    c.drawCentredString(x + w / 2, top - title_size * 1.85, subtitle)
    header_bottom = top - title_size * 2.3
    c.setStrokeColor(RED)
    c.setLineWidth(1)
    c.line(x + pad, header_bottom, x + w - pad, header_bottom)

    footer_size = box.footer
    footer_top = y + pad + footer_size * 2.6
    c.line(x + pad, footer_top, x + w - pad, footer_top)
    c.setFillColor(RED)
    c.setFont(fonts.heading, footer_size)
    phone = branch.phone or "请向村党支部反映"
    c.drawCentredString(x + w / 2, y + pad + footer_size * 1.3, f"监督电话：{phone}")
    c.setFillColor(DARK)
    small = 14 if not compact else 12
    c.setFont(fonts.body, small)
    decided = card.step("支部定").date
    line = "公开承诺　接受监督" + (f"　　支部定：{format_cn(decided)}" if decided else "")
    c.drawCentredString(x + w / 2, y + pad + footer_size * 0.05, line)
    c.restoreState()

    _draw_band(c, x + pad, footer_top + 1 * mm, w - 2 * pad, box, card, fonts, last)
    body_x, bottom, _body_w, body_h = box.body(x, y, w, h, compact)
    if compact and sheet == 0:
        # half a page is wide and short: the person in a column on the left, the clauses on the right
        person: list[Flowable] = [PhotoFrame(photo, box.photo_w, box.photo_w * 1.4, fonts.body)]
        if person_fits(card, fonts):  # else the details lead the clauses (see _card_flowables)
            person += [Spacer(1, 3 * mm), *_info(card, _para_styles(fonts, 12))]
        # person_fits measured this column at this width: it fits, and is drawn as wrapped (a Frame
        # with a shrinking KeepInFrame wrapped it twice more, a fifth of a two-to-a-page batch)
        _draw_placed(c, _wrap_all(person, PERSON_W)[0], x + pad, bottom + body_h)
    _draw_placed(c, placed, body_x, bottom + body_h)


def print_wall_cards(
    cards: Sequence[Card],
    photos: dict[int, bytes],
    branch: BranchInfo,
    out: Path,
    *,
    per_page: int = 1,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> Path:
    """One card per member, one or two to an A4 page (portrait). `today` is accepted for the family's
    uniform signature; a card prints the dates it carries (支部定), not the printing day."""
    if not cards:
        raise CardPrintError("没有可打印的明白卡：本年度还没有已上墙的明白卡")
    with _binary_streams():
        return _print_wall_cards(cards, photos, branch, out, per_page=per_page, progress=progress)


def _print_wall_cards(
    cards: Sequence[Card],
    photos: dict[int, bytes],
    branch: BranchInfo,
    out: Path,
    *,
    per_page: int,
    progress: Progress | None,
) -> Path:
    fonts = register_fonts()
    page_w, page_h = A4
    c = plain_canvas(pdf_target(out), A4, pageCompression=1)
    years = sorted({card.year for card in cards})
    c.setTitle(f"{branch.name}{'、'.join(map(str, years))}年度党员目标责任明白卡")
    c.setAuthor(branch.name)
    compact = per_page == 2
    slot_index = 0
    prepared = print_photos([photos.get(card.member_id) for card in cards])
    for index, (card, photo) in enumerate(zip(cards, prepared, strict=True)):
        sheets = _sheets(card, photo, fonts, compact)
        for n, placed in enumerate(sheets):
            x, y, w, h = _card_slot(compact)
            if compact and slot_index % 2 == 0:
                y = y + h + 12 * mm  # the upper half
            _draw_card(c, (x, y, w, h), card, photo, branch, fonts, compact, placed, n, n == len(sheets) - 1)
            if compact and slot_index % 2 == 0:
                c.saveState()  # a dashed cutting line between the two cards
                c.setDash(3, 3)
                c.setStrokeColor(colors.HexColor("#aaaaaa"))
                c.setLineWidth(0.4)
                c.line(6 * mm, page_h / 2, page_w - 6 * mm, page_h / 2)
                c.restoreState()
            slot_index += 1
            if not compact or slot_index % 2 == 0:
                c.showPage()
        if progress is not None:
            progress(index + 1, len(cards))
    if compact and slot_index % 2 == 1:
        c.showPage()
    c.save()
    return out
