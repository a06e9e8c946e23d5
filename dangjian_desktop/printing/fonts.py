"""CJK fonts for printing: a system 仿宋/宋体 where the machine has one, else the bundled font.

Always a TrueType font embedded as a subset, never the unembedded STSong-Light CID font, whose Chinese
punctuation vanishes on machines without Adobe's font pack.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus.tables import CellStyle

from dangjian_desktop.resources import bundled_font_path

BUNDLED = "WenQuanYiMicroHei"
# The 打印 setting "use the system's 仿宋/黑体"; the window and the CLI set it from the database.
_preferences = {"use_system_fonts": True}


def set_use_system_fonts(flag: bool) -> None:
    _preferences["use_system_fonts"] = bool(flag)


@dataclass(frozen=True)
class PrintFonts:
    body: str  # 仿宋-like where available: the official-document body face
    heading: str  # 宋体/黑体-like for titles; the bundled font otherwise


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _candidates() -> dict[str, list[tuple[Path, int]]]:
    win = _windows_fonts()
    return {
        "body": [(win / "simfang.ttf", 0), (win / "SIMFANG.TTF", 0), (win / "simsun.ttc", 0)],
        "heading": [(win / "simhei.ttf", 0), (win / "simsun.ttc", 0)],
    }


def _try_register(name: str, path: Path, index: int) -> bool:
    if not path.is_file():
        return False
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    except (TTFError, OSError, ValueError):
        return False  # a CFF-outline or damaged font: ReportLab can only embed TrueType outlines
    return True


def register_fonts(use_system_fonts: bool | None = None) -> PrintFonts:
    if use_system_fonts is None:
        use_system_fonts = _preferences["use_system_fonts"]
    return _register_fonts(use_system_fonts)


@cache
def _register_fonts(use_system_fonts: bool) -> PrintFonts:
    pdfmetrics.registerFont(TTFont(BUNDLED, str(bundled_font_path()), subfontIndex=0))
    # A table cell selects its style's font even when it holds a paragraph, and ReportLab's default is
    # the unembedded Helvetica: every PDF referenced it. The default becomes the embedded CJK font.
    CellStyle.fontname = BUNDLED
    chosen = {"body": BUNDLED, "heading": BUNDLED}
    if use_system_fonts and os.environ.get("DANGJIAN_BUNDLED_FONT_ONLY") != "1":
        for role, options in _candidates().items():
            for path, index in options:
                name = f"{role}-{path.stem}"
                if _try_register(name, path, index):
                    chosen[role] = name
                    break
    return PrintFonts(body=chosen["body"], heading=chosen["heading"])
