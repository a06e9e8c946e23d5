"""Run something once a window has painted: the next step of starting waits until there is a picture.

A zero timer right after show() may fire before the window's first paint (the paint is itself a posted
event), so the work it starts would delay the picture. An event filter sees the paint and only then
queues the callback.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000  # a platform that never paints (a window hidden meanwhile) must not stop the program


class _PaintWatch(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.widget and event.type() == QEvent.Type.Paint and self.callback is not None:
            QTimer.singleShot(0, self, self._fire)  # after this paint has reached the screen
        return False

    def _fire(self) -> None:
        callback, self.callback = self.callback, None
        if callback is None:
            return
        self.widget.removeEventFilter(self)
        self.deleteLater()
        callback()


def after_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Calls back once widget has painted (at once, on the next loop turn, when it is not shown)."""
    if not widget.isVisible():
        QTimer.singleShot(0, callback)
        return
    _PaintWatch(widget, callback)
    widget.update()  # a window already on screen paints again, so the watch has something to see


# What follows the first screen (the reminders, the settings' check, the print fonts, the backup) waits
# this long after the rows are painted. It would wait anyway on the worker, behind SQLAlchemy's import
# (queued once the rows are painted); what it does on the GUI thread first (its modules' imports) would otherwise
# come before whatever the secretary does first: nobody types within a quarter of a second.
SETTLE_MS = 250


def after_settling(owner: QObject, callback: Callable[[], None]) -> None:
    """Calls back SETTLE_MS from now, unless `owner` (a window closed meanwhile) is gone by then."""
    QTimer.singleShot(SETTLE_MS, owner, callback)
