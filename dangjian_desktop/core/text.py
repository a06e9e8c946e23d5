"""Normalising what people type: full-width characters, stray spaces."""

from __future__ import annotations

import re

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
# Free text keeps the punctuation the user typed (，；（）): only full-width digits and Latin letters,
# which Chinese IMEs type by accident, become half-width.
_ALNUM = {
    code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
_SPACES = re.compile(r"\s+")


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and ASCII punctuation become half-width (Chinese IMEs type them)."""
    return text.translate(_FULLWIDTH)


def clean(value: object) -> str:
    """Free text as typed, trimmed: full-width digits and letters half-width, punctuation kept."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text.translate(_ALNUM).replace("\u00a0", " ").strip()


def clean_identifier(value: object) -> str:
    """An identifier or a number (ID number, date, phone): every full-width character half-width."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return to_halfwidth(text).replace("\u00a0", " ").strip()


def clean_name(value: object) -> str:
    """Names lose every space: secretaries pad two-character names as '张  三' to line them up."""
    return _SPACES.sub("", clean(value))


def digits_only(value: object) -> str:
    """The digits 0-9 of a value (full-width ones made half-width); no other script's digits."""
    return "".join(ch for ch in clean_identifier(value) if "0" <= ch <= "9")


def has_foreign_digits(text: str) -> bool:
    """Whether text holds a digit other than 0-9 (after full-width ones are made half-width): ²,
    ①, Arabic-Indic ٣... str.isdigit() accepts them, int() refuses some, and none belongs in an ID
    number or a phone."""
    return not text.isascii() and any(ch.isdigit() for ch in to_halfwidth(text) if ch > "\x7f")


_NUMERALS = {ch: n for n, ch in enumerate("〇一二三四五六七八九十", start=0)}


def group_sort_key(name: str) -> tuple[int, str]:
    """第二党小组 before 第三党小组 before 第十党小组: code-point order would put 三 before 二."""
    digits = re.search(r"\d+", name)
    if digits:
        return int(digits.group()), name
    numerals = re.search(r"[〇一二三四五六七八九十]+", name)
    if not numerals:
        return 10_000, name
    value, text = 0, numerals.group()
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_NUMERALS.get(tens, 1) if tens else 1) * 10 + (_NUMERALS.get(ones, 0) if ones else 0)
    else:
        value = _NUMERALS[text[0]]
    return value, name
