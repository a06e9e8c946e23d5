"""What every printed document shares: styles with CJK line breaking, page numbers, the footer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, LongTable, Table

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.printing.fonts import BUNDLED, PrintFonts, register_fonts
from dangjian_desktop.printing.typeset import Para  # noqa: F401 - re-exported: documents import it from here

CONTINUED = "（续）"


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
    # wordWrap='CJK' selects the line breaker; printing.typeset.Para applies the Chinese rules to it
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


class _RepeatedText(PDFTextObject):
    """A text object that encodes each piece of text once per document.

    Encoding text in an embedded TrueType subset runs in Python character by character; a batch of 300
    wall cards prints the same headings, required activities and footers 300 times. The operators for a
    text depend only on the font, size, leading, the subset selected before it (which they may change)
    and the text, and the subset codes of a document never change once given, so they are kept per
    canvas under exactly that key."""

    def _formatText(self, text: str) -> str:  # noqa: N802 - ReportLab's name
        if type(text) is not str:  # bytes, or text shaped by HarfBuzz (it carries glyph positions)
            return super()._formatText(text)
        known: dict = self._canvas._encoded_texts  # type: ignore[attr-defined]
        key = (self._fontname, self._fontsize, self._leading, self._curSubset, text)
        hit = known.get(key)
        if hit is None:
            out = super()._formatText(text)
            known[key] = (out, self._curSubset)
            return out
        self._curSubset = hit[1]
        return hit[0]


class EncodeOnceCanvas(Canvas):
    """The canvas every document draws on: text encoded once per document (see _RepeatedText)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._encoded_texts: dict = {}

    def beginText(self, x: float = 0, y: float = 0, direction: object = None) -> PDFTextObject:  # noqa: N802
        return _RepeatedText(self, x, y, direction=direction)


class NumberedCanvas(EncodeOnceCanvas):
    """Draws the footer (the branch, '第 n 页 共 m 页') once the page count is known.

    The first font it selects is the embedded CJK font, so no page refers to an unembedded Helvetica.
    """

    footer_font = BUNDLED
    footer_text = ""  # the branch; set per document by canvas_maker
    footer_size = 9.0  # documents posted in public (公示) keep their minimum size down to the footer

    def __init__(self, *args: object, **kwargs: object) -> None:
        register_fonts()
        if not kwargs.get("initialFontName"):  # the doc template passes None explicitly
            kwargs["initialFontName"] = self.footer_font
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
        self.setFont(self.footer_font, self.footer_size)
        self.setFillColor(colors.HexColor("#333333"))
        y = 22 if self.footer_size < 11 else 14
        self.drawCentredString(width / 2, y, f"第 {self._pageNumber} 页 共 {total} 页")
        if self.footer_text:
            self.drawString(28, y, self.footer_text[: int(width / 4 / self.footer_size)])
        self.restoreState()


def canvas_maker(
    footer: str, base: type[NumberedCanvas] = NumberedCanvas, size: float = 9.0
) -> type[NumberedCanvas]:
    """A canvas class whose footer names the branch (a document's footer carries no program version)."""
    return type("BranchCanvas", (base,), {"footer_text": footer, "footer_size": size})


def pdf_target(out: Path | BinaryIO) -> str | BinaryIO:
    """Where ReportLab writes: a path, or an in-memory buffer (the township package builds its PDFs in
    memory, so a PDF with full ID numbers never lands in a temporary file)."""
    return out if hasattr(out, "write") else str(out)  # type: ignore[return-value]


def plain_canvas(out: str | BinaryIO, pagesize: tuple[float, float], **kwargs: object) -> Canvas:
    """A canvas for documents drawn directly (wall cards, greeting cards): embedded font from the start."""
    fonts = register_fonts()
    return EncodeOnceCanvas(out, pagesize=pagesize, initialFontName=fonts.body, **kwargs)


# --- rows that never outgrow a page ------------------------------------------------------------------


def fit_rows(
    data: list[list[object]], widths: list[float], limit: float, pad: float, mark_col: int = 0
) -> list[list[object]]:
    """Rows whose paragraphs would be taller than `limit` are cut into a row and continuation rows.

    A continuation row carries the rest of each long cell and "（续）" in column `mark_col`, so a table of
    any content splits between rows and never raises LayoutError. Row 0 (the header) is kept as is.
    """
    out = [data[0]] if data else []
    for row in data[1:]:
        out.extend(_cut_row(row, widths, limit, pad, mark_col))
    return out


def _cut_row(row: list[object], widths: list[float], limit: float, pad: float, mark_col: int) -> list[list]:
    pieces: list[list[object]] = []
    current = row
    while True:
        heights = [_height(v, w - 2 * pad) for v, w in zip(current, widths, strict=True)]
        if max(heights) + 2 * pad <= limit:
            pieces.append(current)
            return pieces
        head: list[object] = []
        tail: list[object] = []
        for value, width, height in zip(current, widths, heights, strict=True):
            if isinstance(value, Flowable) and height + 2 * pad > limit:
                parts = value.split(width - 2 * pad, limit - 2 * pad)
                if len(parts) == 2:
                    head.append(parts[0])
                    tail.append(parts[1])
                    continue
            head.append(value)
            tail.append("")
        if all(t == "" for t in tail):  # nothing could be cut: give up cutting, the table still splits
            pieces.append(current)
            return pieces
        if tail[mark_col] == "":
            tail[mark_col] = CONTINUED
        pieces.append(head)
        current = tail


def _height(value: object, width: float) -> float:
    if isinstance(value, Flowable):
        return value.wrap(width, 1e9)[1]
    if isinstance(value, str):
        return 12 * (value.count("\n") + 1)
    return 0.0


def repeat_table(
    data: list[list[object]], widths: list[float], style: list[tuple], **kwargs: object
) -> Table:
    """A table that repeats its header row on every page it runs onto."""
    from reportlab.platypus import TableStyle

    table = Table(data, colWidths=widths, repeatRows=1, **kwargs)  # type: ignore[arg-type]
    table.setStyle(TableStyle(style))
    return table


def continued_header(title: str, font: str, top_margin: float) -> object:
    """A page callback that names the document with "（续）" at the top of every page after the first."""

    def draw(canvas: Canvas, doc: object) -> None:
        if canvas.getPageNumber() == 1:
            return
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawCentredString(width / 2, height - top_margin + 10, f"{title}{CONTINUED}"[:60])
        canvas.restoreState()

    return draw


class TextTable(LongTable):
    """A LongTable that writes its one-line plain-text cells in one text object per stretch of cells.

    ReportLab draws each string cell with Canvas.drawString, a text object of its own: a 1,000-member
    roster has 15,000 such cells and spent most of its time there. The text, its position and its order
    in the page are unchanged: pending cells are written before any paragraph cell and before the lines.
    """

    def draw(self) -> None:
        self._pending: list[tuple[float, float, str, str, float, object]] = []
        super().draw()

    def _drawCell(self, cellval, cellstyle, pos, size):  # noqa: N802 - ReportLab's names
        if not self._plain(cellval, cellstyle):
            self._flush_text()
            self._curcellstyle = None  # the cell sets its own font and colour again
            return super()._drawCell(cellval, cellstyle, pos, size)
        colpos, rowpos = pos
        colwidth, rowheight = size
        s = cellstyle
        # where Table._drawCell puts one line, for the alignments and VALIGN this class accepts
        y = rowpos + (s.bottomPadding + rowheight - s.topPadding + s.leading) / 2.0 - s.fontsize
        if s.valign == "TOP":
            y = rowpos + rowheight - s.topPadding - s.fontsize
        elif s.valign == "BOTTOM":
            y = rowpos + s.bottomPadding + s.leading - s.fontsize
        if s.alignment == "LEFT":
            x = colpos + s.leftPadding
        else:
            x = colpos + (colwidth + s.leftPadding - s.rightPadding) * 0.5
            x -= stringWidth(cellval, s.fontname, s.fontsize) / 2
        self._pending.append((x, y, cellval, s.fontname, s.fontsize, s.color))
        return None

    @staticmethod
    def _plain(cellval: object, s: object) -> bool:
        return (
            isinstance(cellval, str)
            and "\n" not in cellval
            and s.alignment in ("LEFT", "CENTRE", "CENTER")  # type: ignore[attr-defined]
            and s.valign in ("TOP", "MIDDLE", "BOTTOM")  # type: ignore[attr-defined]
            and not (s.href or s.destination or s.direction or s.shaping)  # type: ignore[attr-defined]
        )

    def _flush_text(self) -> None:
        pending = [p for p in self._pending if p[2]]
        self._pending = []
        if not pending:
            return
        tx = self.canv.beginText()
        font = color = None
        for x, y, text, name, size, fill in pending:
            if (name, size) != font:
                tx.setFont(name, size)
                font = (name, size)
            if fill != color:
                tx.setFillColor(fill)
                color = fill
            tx.setTextOrigin(x, y)
            tx.textLine(text)  # as drawString writes it (text extractors read the line end)
        self.canv.drawText(tx)

    def _drawLines(self) -> None:  # noqa: N802 - ReportLab's name
        self._flush_text()
        super()._drawLines()
