"""Normalising what people type: full-width characters, stray spaces."""

from __future__ import annotations

import re

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_SPACES = re.compile(r"\s+")


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and ASCII punctuation become half-width (Chinese IMEs type them)."""
    return text.translate(_FULLWIDTH)


def clean(value: object) -> str:
    """A cell or field as a trimmed half-width string; None becomes ''."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return to_halfwidth(text).replace("\u00a0", " ").strip()


def clean_name(value: object) -> str:
    """Names lose every space: secretaries pad two-character names as '张  三' to line them up."""
    return _SPACES.sub("", clean(value))


def digits_only(value: object) -> str:
    return "".join(ch for ch in clean(value) if ch.isdigit())
