"""What every printed document shares: styles with CJK line breaking, page numbers, the footer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from dangjian_desktop import __version__
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.printing.fonts import BUNDLED, PrintFonts, register_fonts


@dataclass(frozen=True)
class Styles:
    fonts: PrintFonts
    title: ParagraphStyle
    subtitle: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle


def styles(body_size: float = 12) -> Styles:
    fonts = register_fonts()
    # wordWrap='CJK' breaks between any two Chinese characters and keeps ，。、；：？！）》” off
    # the start of a line (ReportLab's ALL_CANNOT_START).
    base = {"wordWrap": "CJK"}
    return Styles(
        fonts=fonts,
        title=ParagraphStyle(
            "title",
            fontName=fonts.heading,
            fontSize=20,
            leading=28,
            alignment=TA_CENTER,
            spaceAfter=6,
            **base,
        ),
        subtitle=ParagraphStyle(
            "subtitle",
            fontName=fonts.body,
            fontSize=11,
            leading=16,
            alignment=TA_CENTER,
            textColor=colors.HexColor("#444444"),
            spaceAfter=8,
            **base,
        ),
        body=ParagraphStyle("body", fontName=fonts.body, fontSize=body_size, leading=body_size * 1.6, **base),
        cell=ParagraphStyle("cell", fontName=fonts.body, fontSize=8.5, leading=11, **base),
        cell_header=ParagraphStyle(
            "cell_header", fontName=fonts.heading, fontSize=9, leading=11, alignment=TA_CENTER, **base
        ),
    )


def esc(text: str) -> str:
    """Paragraph text is mini-HTML: a name with & or < must not break the document."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def today_cn(today: dt.date | None = None) -> str:
    return format_cn(today or dt.date.today())


class NumberedCanvas(Canvas):
    """Draws '第 n 页 共 m 页' and the program version once the page count is known."""

    footer_font = BUNDLED

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._saved_pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setFont(self.footer_font, 8)
        self.setFillColor(colors.HexColor("#555555"))
        self.drawCentredString(width / 2, 20, f"第 {self._pageNumber} 页 共 {total} 页")
        self.drawRightString(width - 28, 20, f"党务台账 {__version__}")
        self.restoreState()
