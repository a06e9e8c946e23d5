"""Driving modal dialogs: exec() blocks, so the test acts on the dialog from a timer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def when_dialog_opens(action: Callable[[QDialog], None], failures: list[BaseException]) -> None:
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        try:
            action(dialog)  # type: ignore[arg-type]
        except BaseException as exc:  # reported by the test after exec() returns
            failures.append(exc)
            dialog.reject()  # type: ignore[union-attr]

    QTimer.singleShot(0, run)


def type_text(widget: QWidget, text: str) -> None:
    """Types like a keyboard or an input method would, one key event per character.

    QTest.keyClicks only knows ASCII keys (it aborts on 张), so Chinese is sent as key events
    carrying the character, which is what an IME commit delivers to a line edit.
    """
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )
