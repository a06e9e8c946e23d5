"""明白卡 for the wall, and the one-page 公示 list of posts and commitments.

A wall card is read from a few steps away by villagers: large type, the photo, the name and post, the
clauses grouped by category, and the branch's supervision phone (监督电话). It never carries an ID
number or a member's own phone: those are not even handed to this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from dangjian_desktop.core.branch import BranchInfo
from dangjian_desktop.core.cards import CATEGORIES, COMMITMENT, POST_DUTY, Card
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.printing.fonts import PrintFonts, register_fonts
from dangjian_desktop.printing.layout import esc

RED = colors.HexColor("#b71c1c")
DARK = colors.HexColor("#222222")
NUMERALS = "一二三四"
# 300 dpi at the largest printed photo size (32x45 mm) is about 380x530 px: anything bigger only
# makes the PDF heavy, so it is shrunk; a stored 1-inch photo (295x413) goes in as it is.
PRINT_PHOTO_PX = (380, 530)

Progress = Callable[[int, int], None]


class CardPrintError(UserError):
    """The message is Chinese and shown to the user as it is."""


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Streams as plain compressed binary, not ASCII85 text: a quarter smaller and, without ReportLab's
    C accelerator, several times faster to write for 300 photos."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def print_photo(jpeg: bytes) -> ImageReader | None:
    """The photo as it goes into the PDF: the stored JPEG itself when small, else downsampled."""
    try:
        image = PILImage.open(io.BytesIO(jpeg))
        if (
            image.format == "JPEG"
            and image.mode in ("RGB", "L")
            and (image.width <= PRINT_PHOTO_PX[0] and image.height <= PRINT_PHOTO_PX[1])
        ):
            return ImageReader(io.BytesIO(jpeg))  # ReportLab embeds JPEG bytes without re-encoding
        # draft() lets the JPEG decoder itself scale by 1/2, 1/4 or 1/8: a camera-sized photo is
        # never decoded at full size, which is most of the time of a 300-card batch
        image.draft("RGB", (PRINT_PHOTO_PX[0] * 3 // 4, PRINT_PHOTO_PX[1] * 3 // 4))
        image.thumbnail(PRINT_PHOTO_PX, PILImage.Resampling.LANCZOS)
        image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85, optimize=True)
        return ImageReader(io.BytesIO(out.getvalue()))
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None  # a damaged photo prints as the empty frame, not as a failed batch


# --- the wall card ----------------------------------------------------------------------------------


class _Photo(Flowable):
    """The photo in a thin frame, or an empty frame saying 照片 where there is none."""

    def __init__(self, image: ImageReader | None, width: float, height: float, font: str) -> None:
        super().__init__()
        self.image, self.width, self.height, self.font = image, width, height, font

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        if self.image is not None:
            c.drawImage(self.image, 0, 0, self.width, self.height, preserveAspectRatio=True, anchor="c")
        else:
            c.setFillColor(colors.HexColor("#f3f3f3"))
            c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            c.setFillColor(colors.HexColor("#999999"))
            c.setFont(self.font, 12)
            c.drawCentredString(self.width / 2, self.height / 2 - 4, "照片")
        c.setStrokeColor(colors.HexColor("#888888"))
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)


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
            leading=size * 1.55,
            textColor=RED,
            spaceBefore=size * 0.45,
            spaceAfter=size * 0.15,
            **base,
        ),
        # a hanging indent so that a wrapped clause lines up under its own text, not under its number
        "clause": ParagraphStyle(
            "clause",
            fontName=fonts.body,
            fontSize=size,
            leading=size * 1.45,
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
        clauses.append(Paragraph(f"{NUMERALS[number]}、{label}", st["heading"]))
        number += 1
        for i, clause in enumerate(items, start=1):
            clauses.append(Paragraph(f"{i}．{esc(clause.text)}", st["clause"]))
    if compact:
        return clauses  # the person is drawn in a column of its own, see _draw_card
    head = Table(
        [[_Photo(photo, photo_w, photo_w * 1.4, fonts.body), _info(card, st)]],
        colWidths=[photo_w + 5 * mm, width - photo_w - 5 * mm],
    )
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [head, Spacer(1, size * 0.3), *clauses]


def _info(card: Card, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [
        Paragraph(esc(card.member_name), st["name"]),
        Paragraph(f"岗　　位：{esc(card.post or '—')}", st["info"]),
        Paragraph(f"所在党小组：{esc(card.party_group or '—')}", st["info"]),
        Paragraph(f"类　　别：{esc(card.member_category)}", st["info"]),
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

    It mirrors _para_styles: a heading takes 1.55 + 0.6 of the size, a clause line 1.45, and a clause
    wraps inside its hanging indent. CJK breaking can add a line now and then; _fit checks for real.
    """
    total = 0.0 if compact else max(photo_w * 1.4, size * (2.1 + 3 * 1.55)) + size * 0.3
    line_width = width - size * 1.6
    for category in CATEGORIES:
        items = card.clauses_in(category)
        if not items:
            continue
        total += size * (1.55 + 0.6)
        for i, clause in enumerate(items, start=1):
            text_width = stringWidth(f"{i}．{clause.text}", fonts.body, size)
            total += size * 1.45 * max(1, math.ceil(text_width / line_width))
    return total


def _fit(
    c: Canvas,
    card: Card,
    photo: ImageReader | None,
    fonts: PrintFonts,
    width: float,
    height: float,
    photo_w: float,
    compact: bool,
) -> Placed:
    """The clauses at the largest type (16 pt, 13 pt for half a page, down to 9 pt) that fits the card.

    The size is chosen from an estimate of the height, then laid out for real: usually once, a step
    of 0.5 pt down now and then. A batch of 300 cards is mostly this layout work.
    """
    largest, smallest = (16.0, 9.0) if not compact else (13.0, 9.0)
    size = largest
    while size > smallest and _estimate(card, fonts, size, width, photo_w, compact) > height:
        size -= 0.5
    while True:
        flow = _card_flowables(card, photo, fonts, size, width, photo_w, compact)
        placed, total = _wrap_all(flow, width)
        if total <= height:
            return placed
        if size <= smallest:
            break
        size -= 0.5
    # an over-long card still stays inside its border, only smaller
    keep = KeepInFrame(width, height, flow, mode="shrink")
    _w, h = keep.wrapOn(c, width, height)  # KeepInFrame measures its content on the canvas
    return [(keep, h)]


def _draw_placed(c: Canvas, placed: Placed, x: float, top: float) -> None:
    """Draws what _fit already wrapped, top down: a Frame would wrap every paragraph a second time."""
    y = top
    for n, (f, h) in enumerate(placed):
        if n:
            y -= f.getSpaceBefore()
        f.drawOn(c, x, y - h)
        y -= h + f.getSpaceAfter()


def _draw_card(
    c: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    card: Card,
    photo: ImageReader | None,
    branch: BranchInfo,
    fonts: PrintFonts,
    compact: bool,
) -> None:
    c.saveState()
    c.setStrokeColor(RED)
    c.setLineWidth(2.2)
    c.roundRect(x, y, w, h, 4 * mm, stroke=1, fill=0)
    c.setLineWidth(0.6)
    c.roundRect(x + 1.8 * mm, y + 1.8 * mm, w - 3.6 * mm, h - 3.6 * mm, 3 * mm, stroke=1, fill=0)

    pad = 8 * mm if not compact else 6 * mm
    title_size = 26 if not compact else 19
    top = y + h - pad
    c.setFillColor(RED)
    c.setFont(fonts.heading, title_size)
    c.drawCentredString(x + w / 2, top - title_size, "党员目标责任明白卡")
    c.setFillColor(DARK)
    c.setFont(fonts.body, title_size * 0.5)
    c.drawCentredString(x + w / 2, top - title_size * 1.85, f"{branch.name}　{card.year}年度")
    header_bottom = top - title_size * 2.3
    c.setStrokeColor(RED)
    c.setLineWidth(1)
    c.line(x + pad, header_bottom, x + w - pad, header_bottom)

    footer_size = 15 if not compact else 11.5
    footer_top = y + pad + footer_size * 2.6
    c.line(x + pad, footer_top, x + w - pad, footer_top)
    c.setFillColor(RED)
    c.setFont(fonts.heading, footer_size)
    phone = branch.phone or "请向村党支部反映"
    c.drawCentredString(x + w / 2, y + pad + footer_size * 1.25, f"监督电话：{phone}")
    c.setFillColor(DARK)
    c.setFont(fonts.body, footer_size * 0.62)
    decided = card.step("支部定").date
    line = "公开承诺　接受监督" + (f"　　支部定：{format_cn(decided)}" if decided else "")
    c.drawCentredString(x + w / 2, y + pad + footer_size * 0.1, line)
    c.restoreState()

    body_x, body_w = x + pad, w - 2 * pad
    body_h = header_bottom - footer_top - 4 * mm
    photo_w = (32 if not compact else 26) * mm
    bottom = footer_top + 2 * mm
    if compact:
        # half a page is wide and short: the person in a column on the left, the clauses on the right
        left_w = 46 * mm
        person = [
            _Photo(photo, photo_w, photo_w * 1.4, fonts.body),
            Spacer(1, 3 * mm),
            *_info(card, _para_styles(fonts, 11)),
        ]
        _frame(body_x, bottom, left_w, body_h).addFromList(
            [KeepInFrame(left_w, body_h, person, mode="shrink")], c
        )
        body_x, body_w = body_x + left_w + 5 * mm, body_w - left_w - 5 * mm
    _draw_placed(c, _fit(c, card, photo, fonts, body_w, body_h, photo_w, compact), body_x, bottom + body_h)


def _frame(x: float, y: float, w: float, h: float) -> Frame:
    return Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)


def print_wall_cards(
    cards: Sequence[Card],
    photos: dict[int, bytes],
    branch: BranchInfo,
    out: Path,
    *,
    per_page: int = 1,
    progress: Progress | None = None,
) -> Path:
    """One card per member, one or two to an A4 page (portrait)."""
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
    c = Canvas(str(out), pagesize=A4, pageCompression=1)
    years = sorted({card.year for card in cards})
    c.setTitle(f"{branch.name}{'、'.join(map(str, years))}年度党员目标责任明白卡")
    c.setAuthor("党务台账")
    margin = 12 * mm
    compact = per_page == 2
    for index, card in enumerate(cards):
        raw = photos.get(card.member_id)
        photo = print_photo(raw) if raw else None
        if not compact:
            _draw_card(
                c,
                margin,
                margin,
                page_w - 2 * margin,
                page_h - 2 * margin,
                card,
                photo,
                branch,
                fonts,
                compact,
            )
            c.showPage()
        else:
            half = (page_h - 3 * margin) / 2
            slot = index % 2
            y = margin + half + margin if slot == 0 else margin
            _draw_card(c, margin, y, page_w - 2 * margin, half, card, photo, branch, fonts, compact)
            if slot == 0:
                c.saveState()  # a dashed cutting line between the two cards
                c.setDash(3, 3)
                c.setStrokeColor(colors.HexColor("#aaaaaa"))
                c.setLineWidth(0.4)
                c.line(6 * mm, page_h / 2, page_w - 6 * mm, page_h / 2)
                c.restoreState()
            if slot == 1 or index == len(cards) - 1:
                c.showPage()
        if progress is not None:
            progress(index + 1, len(cards))
    c.save()
    return out


# --- the 公示 list ----------------------------------------------------------------------------------


def print_publicity(
    cards: Sequence[Card], branch: BranchInfo, year: int, out: Path, *, today: dt.date | None = None
) -> Path:
    """Every member's post, its duties and the commitments for the notice board: one A4 landscape page,
    more only when a large branch would not be readable on one."""
    if not cards:
        raise CardPrintError(f"{year}年度还没有明白卡，无法生成公示名单")
    today = today or dt.date.today()
    fonts = register_fonts()
    page_w, page_h = landscape(A4)
    margin = 10 * mm
    c = Canvas(str(out), pagesize=landscape(A4), pageCompression=1)
    c.setTitle(f"{branch.name}{year}年度党员设岗定责及服务群众承诺事项公示")
    c.setAuthor("党务台账")

    title = ParagraphStyle(
        "t",
        fontName=fonts.heading,
        fontSize=18,
        leading=24,
        alignment=TA_CENTER,
        textColor=RED,
        wordWrap="CJK",
    )
    head = Paragraph(f"{esc(branch.name)}{year}年度党员设岗定责及服务群众承诺事项公示", title)
    _w, head_h = head.wrap(page_w - 2 * margin, 100)
    foot = ParagraphStyle("f", fontName=fonts.body, fontSize=10, leading=14, wordWrap="CJK")
    phone = branch.phone or "请向村党支部反映"
    note = Paragraph(
        f"以上明白卡经个人报、党员议、群众评、支部定产生。欢迎广大群众监督，如有意见建议，请向村党支部反映。"
        f"监督电话：{esc(phone)}　　　{esc(branch.name)}　{format_cn(today)}",
        foot,
    )
    _w, note_h = note.wrap(page_w - 2 * margin, 100)

    def page_frame() -> None:
        head.drawOn(c, margin, page_h - margin - head_h)
        note.drawOn(c, margin, margin)

    table_top = page_h - margin - head_h - 4 * mm
    avail_h = table_top - (margin + note_h + 3 * mm)
    avail_w = page_w - 2 * margin
    widths = [0.04, 0.07, 0.08, 0.08, 0.27, 0.46]

    def build(size: float) -> Table:
        cell = ParagraphStyle("c", fontName=fonts.body, fontSize=size, leading=size * 1.3, wordWrap="CJK")
        hcell = ParagraphStyle("h", parent=cell, fontName=fonts.heading, alignment=TA_CENTER)
        data: list[list[object]] = [
            [Paragraph(t, hcell) for t in ("序号", "姓名", "党小组", "岗位", "岗位职责", "服务群众承诺事项")]
        ]
        for n, card in enumerate(cards, start=1):
            duties = "；".join(cl.text for cl in card.clauses_in(POST_DUTY))
            promises = "　".join(f"{i}．{cl.text}" for i, cl in enumerate(card.clauses_in(COMMITMENT), 1))
            data.append(
                [
                    Paragraph(esc(v), cell)
                    for v in (str(n), card.member_name, card.party_group, card.post, duties, promises)
                ]
            )
        table = Table(data, colWidths=[avail_w * f for f in widths], repeatRows=1)
        pad = max(1.0, size * 0.25)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f6dcdc")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table

    page_frame()
    for size in (11, 10, 9, 8.5, 8, 7.5, 7, 6.5, 6):
        if (len(cards) + 1) * (size * 1.3 + 2 * max(1.0, size * 0.25)) > avail_h:
            continue  # even one line per row would not fit: no need to lay it out to know
        table = build(size)
        _w, h = table.wrap(avail_w, 100_000)
        if h <= avail_h:
            table.drawOn(c, margin, table_top - h)
            break
    else:
        smallest = build(6)
        _w, h = smallest.wrap(avail_w, 100_000)
        if h <= avail_h * 1.3:  # nearly fits: one page, a little smaller, as a 公示 is meant to be
            keep = KeepInFrame(avail_w, avail_h, [smallest], mode="shrink")
            _w, h = keep.wrapOn(c, avail_w, avail_h)
            keep.drawOn(c, margin, table_top - h)
            c.showPage()
            c.save()
            return out
        # a large branch does not fit one page at a readable size: the list goes on over more
        # pages, the header row and the page's title and supervision phone repeated on each
        rest: Table | None = build(7)
        first = True
        while rest is not None:
            parts = rest.split(avail_w, avail_h)
            if not parts:  # a single row taller than the page: cannot happen with these columns
                break
            if not first:
                c.showPage()
                page_frame()
            first = False
            _w, h = parts[0].wrapOn(c, avail_w, avail_h)
            parts[0].drawOn(c, margin, table_top - h)
            rest = parts[1] if len(parts) > 1 else None
    c.showPage()
    c.save()
    return out
