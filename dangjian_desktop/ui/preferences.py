"""The settings that act outside any one tab: the interface font size and the print fonts.

Apart from app.py (which starts the program and imports the main window) so that the main window can
apply saved settings without importing app.py back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from dangjian_desktop.core.db import Database


def apply_preferences(app: QApplication, db: Database, *, print_fonts: bool = True) -> list[str]:
    """Font size (and print fonts) from the database; returns the problems of the stored settings.

    At start the print fonts are left to apply_print_fonts, called once the window shows its rows:
    it loads ReportLab, which the first screen does not need.
    """
    size, problems = read_preferences(db)
    set_font_size(app, size)
    if print_fonts:
        apply_print_fonts(db)
    return problems


def read_preferences(db: Database) -> tuple[float, list[str]]:
    """The interface font size and the problems of the stored settings (no Qt: at start this runs
    on the worker, and the window applies the size)."""
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.services import query

    return query(db, settings.get, settings.UI_FONT_SIZE), query(db, settings.problems)


def apply_print_fonts(db: Database) -> None:
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.services import query
    from dangjian_desktop.printing.fonts import set_use_system_fonts

    set_use_system_fonts(query(db, settings.get, settings.PRINT_SYSTEM_FONTS))


def set_font_size(app: QApplication, point_size: float) -> None:
    """Every widget that has not set its own font follows the application font at once."""
    if app.font().pointSizeF() == point_size:
        return  # setFont would still post a change event to every widget
    font = QFont(app.font())
    font.setPointSizeF(point_size)
    app.setFont(font)
