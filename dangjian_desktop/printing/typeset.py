"""Chinese line breaking for every printed document (the rules of 《中文排版需求》, simplified).

ReportLab's CJK wrapping breaks between any two characters and keeps only a few marks off a line
start: lines began with ， and ；, times split as "09:00—11:0/0", dates as "2026年1/月3日" and names
before their "·". `Para` is a Paragraph whose line breaker knows where a line may end:
- never before closing punctuation (，。、；：？！）》」』”’…— and their half-width forms);
- never after opening punctuation (（《「『“‘);
- never inside a run of digits, Latin letters and the marks between them (times, ID numbers, words),
  nor between a number and the 年/月/日/时/分 that follows it, nor on either side of a name's "·".
Only a run wider than the whole line is cut, and then still not before closing punctuation.
"""

from __future__ import annotations

import weakref
from functools import cache, lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, cleanBlockQuotedText, makeCJKParaLine
from reportlab.platypus.paraparser import ParaParser
from reportlab.rl_config import _FUZZ

CLOSING = frozenset("，。、；：？！）》」』”’…—〕】〉］｝,.;:?!)]}%％·・")
OPENING = frozenset("（《「『“‘〔【〈［｛([{")
NAME_DOT = frozenset("·・•")
# marks that belong inside a number, a time or an identifier: 09:00, 3.5, 2026-01-03, A/B, 1,000
_JOINERS = frozenset(".:/-_@+#,'&%")
_UNITS = frozenset("年月日号时分秒点岁元万亿户人名次期届个项条")


def _wordish(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in _JOINERS) or "０" <= ch <= "９"


def break_points(chars: list[str]) -> list[bool]:
    """allowed[i]: a line may end before chars[i]."""
    n = len(chars)
    allowed = [False] * (n + 1)
    for i in range(1, n):
        before, here = chars[i - 1], chars[i]
        if here in CLOSING or before in OPENING:
            continue
        if before in NAME_DOT or here in NAME_DOT:
            continue
        if _wordish(before) and _wordish(here):
            continue
        if before.isdigit() and here in _UNITS:
            continue
        if before in "年月" and here.isdigit() and i >= 2 and chars[i - 2].isdigit():
            continue  # 2026年1月3日 stays whole
        if before in "—～~至" and here.isdigit() and i >= 2 and chars[i - 2].isdigit():
            continue  # 09:00—11:00 stays whole
        allowed[i] = True
    allowed[n] = True
    return allowed


def _text_of(frag: object) -> str:
    """A fragment's text; the second half of a paragraph split across pages holds it as `words`."""
    text = getattr(frag, "text", None)
    if text is None:
        text = "".join(getattr(frag, "words", []))
    return text


def _is_break(u: object) -> bool:
    return hasattr(u.frag, "lineBreak")  # type: ignore[attr-defined]


def split_lines(frags: list, max_widths: list[float], calc_bounds: bool, encoding: str = "utf8") -> ParaLines:
    units: list = []
    for f in frags:
        text = _text_of(f)
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(cjkU(t, f, encoding) for t in text)
        else:
            units.append(cjkU(text, f, encoding))
    chars = [str(u) for u in units]
    allowed = break_points(chars)
    n = len(units)
    lines: list = []
    start = 0
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used, i, hard = 0.0, start, False
        while i < n:
            u = units[i]
            if _is_break(u):
                i, hard = i + 1, True
                break
            if used + u.width > max_width + _FUZZ and i > start:
                break
            used += u.width
            i += 1
        if i < n and not hard:
            j = i
            while j > start and not allowed[j]:
                j -= 1
            if j == start:  # one run wider than the line: cut it, but not before a closing mark
                j = i
                while j > start + 1 and chars[j] in CLOSING:
                    j -= 1
            i = j
        width = sum(units[k].width for k in range(start, i) if not _is_break(units[k]))
        lines.append(makeCJKParaLine(units[start:i], max_width, width, max_width - width, hard, calc_bounds))
        start = i
        while start < n and chars[start] == " " and not hard:
            start += 1  # a space where a line was broken is not carried to the next line's start
    return ParaLines(kind=1, lines=lines)


@cache
def _char_width(ch: str, font: str, size: float) -> float:
    return stringWidth(ch, font, size)


def split_text(text: str, font: str, size: float, max_widths: list[float]) -> tuple[tuple[float, str], ...]:
    """The same breaking for a paragraph in one font: plain (extra space, line) pairs, as ReportLab's
    own single-fragment path makes them; several times faster to build and to draw than per-glyph lines.
    Remembered: a batch of cards or a roster repeats the same texts (the required activities, a
    党小组's name, 正式党员) at the same sizes hundreds of times."""
    return _split_text(text, font, size, tuple(max_widths))


@lru_cache(maxsize=8192)
def _split_text(
    text: str, font: str, size: float, max_widths: tuple[float, ...]
) -> tuple[tuple[float, str], ...]:
    chars = list(text)
    widths = [_char_width(ch, font, size) for ch in chars]
    allowed = break_points(chars)
    n = len(chars)
    lines: list[tuple[float, str]] = []
    start = 0
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used, i = 0.0, start
        while i < n and (used + widths[i] <= max_width + _FUZZ or i == start):
            used += widths[i]
            i += 1
        if i < n:
            j = i
            while j > start and not allowed[j]:
                j -= 1
            if j == start:
                j = i
                while j > start + 1 and chars[j] in CLOSING:
                    j -= 1
            i = j
        width = sum(widths[start:i])
        lines.append((max_width - width, text[start:i]))
        start = i
        while start < n and chars[start] == " ":
            start += 1
    return tuple(lines)


# The fragment ReportLab's markup parser makes for plain text in a style, kept per style: a document
# makes thousands of paragraphs of plain text, and parsing each as HTML was a fifth of a batch's time.
_templates: weakref.WeakKeyDictionary[ParagraphStyle, tuple[tuple, object]] = weakref.WeakKeyDictionary()


def _signature(style: ParagraphStyle) -> tuple:
    return (style.fontName, style.fontSize, style.textColor, style.textTransform)


def _plain_frags(text: str, style: ParagraphStyle) -> list | None:
    """The fragments of a paragraph without markup, or None when it needs the parser."""
    if "<" in text or "&" in text or style.textTransform or getattr(style, "bulletText", None):
        return None
    text = cleanBlockQuotedText(text)
    if not text:
        return None
    signature = _signature(style)
    known = _templates.get(style)
    if known is None or known[0] != signature:
        _style, frags, _bullet = ParaParser().parse("x", style)
        if not frags or len(frags) != 1:
            return None
        known = (signature, frags[0])
        _templates[style] = known
    template = known[1]
    frag = template.__class__()  # a shallow copy, as the parser makes one per piece of text
    frag.__dict__.update(template.__dict__)
    frag.text = text
    return [frag]


class Para(Paragraph):
    """A Paragraph with the line breaking above; its style needs wordWrap='CJK'."""

    def __init__(self, text, style=None, bulletText=None, frags=None, caseSensitive=1, encoding="utf8"):  # noqa: N803 - ReportLab's names
        if frags is None and style is not None and bulletText is None and isinstance(text, str):
            frags = _plain_frags(text, style)
            if frags is not None:
                text = frags[0].text
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)

    def breakLinesCJK(self, maxWidths):  # noqa: N802, N803 - ReportLab's names
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]  # noqa: N806
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            lines = self.blPara.lines
            if lines and isinstance(lines[0], tuple) and self.frags:
                # the first half of a split plain-lines paragraph: ReportLab labels its lines kind 1
                frag = self.frags[0]
                return frag.clone(kind=0, lines=lines, ascent=frag.fontSize, descent=-0.2 * frag.fontSize)
            return self.blPara
        style = self.style
        if not self.frags:
            return ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        frag = self.frags[0]
        if (
            len(self.frags) == 1
            and not hasattr(frag, "cbDefn")
            and not hasattr(frag, "lineBreak")
            and not style.endDots
            and isinstance(_text_of(frag), str)
        ):
            lines = split_text(_text_of(frag), frag.fontName, frag.fontSize, list(maxWidths))
            return frag.clone(
                kind=0,
                lines=[(space, [line]) for space, line in lines],
                ascent=frag.fontSize,
                descent=-0.2 * frag.fontSize,
            )
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return split_lines(self.frags, list(maxWidths), auto not in ("", "off"))


def line_texts(paragraph: Paragraph, width: float) -> list[str]:
    """The lines a paragraph breaks into at a width (tests and the card editor's room estimate)."""
    paragraph.wrap(width, 1e9)
    out = []
    for line in paragraph.blPara.lines:
        words = getattr(line, "words", None)
        if words is None:
            out.append("".join(line[1]))
        else:
            out.append("".join(getattr(w, "text", "") for w in words))
    return out
