"""Windows sized to the screen they open on: never larger than what the taskbar leaves over.

Our users' screens leave as little as 1093x574 logical pixels (1366x768 at 125% less the taskbar), so a
window asks for its comfortable size and gets at most the available area, less the title bar that Qt
does not count in a window's size before it is first shown.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QWidget

TITLE_BAR = 32  # logical px of a Windows 10/11 title bar, outside a top-level widget's geometry
BORDER = 8  # logical px of frame on the sides and at the bottom, together


def available_area(widget: QWidget | None = None) -> QRect:
    """The screen's area without the taskbar: the widget's screen (its window's), else the primary."""
    screen = widget.screen() if widget is not None else None
    return (screen or QGuiApplication.primaryScreen()).availableGeometry()


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resizes to width x height, or to what the scrolling form inside needs when that is more (a larger
    font gets a larger window), but never beyond the available area: past it, the form scrolls."""
    scroll = window.findChild(QScrollArea)
    if scroll is not None and scroll.widget() is not None:
        inner = scroll.widget().sizeHint()
        extra_w = window.sizeHint().width() - scroll.sizeHint().width()
        extra_h = window.sizeHint().height() - scroll.sizeHint().height()
        scrollbar = scroll.verticalScrollBar().sizeHint().width()
        width = max(width, inner.width() + max(extra_w, 0) + scrollbar + 4)
        height = max(height, inner.height() + max(extra_h, 0) + 4)
    area = available_area(window.parentWidget() or window)
    window.resize(min(width, area.width() - BORDER), min(height, area.height() - TITLE_BAR - BORDER))
