"""Driving modal dialogs: exec() blocks, so the test acts on the dialog from a timer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

_test = 0  # raised after every test (conftest.py): a poll begun in one test never acts in the next


def next_test() -> None:
    global _test
    _test += 1


def poll_modal(act: Callable[[QWidget], bool], interval_ms: int = 10) -> None:
    """Calls act(the active modal widget) every few milliseconds until it returns True.

    The poll ends with its test: one that waited for a question never asked (a test that answers
    "just in case" before closing) would otherwise answer a box of a later test."""
    test = _test

    def run() -> None:
        if test != _test:
            return
        widget = QApplication.activeModalWidget()
        if widget is None or not act(widget):
            QTimer.singleShot(interval_ms, run)

    QTimer.singleShot(0, run)


def click_in_box(button_text: str, seen: list[str]) -> None:
    """Clicks `button_text` in the next message box, and records the question it asked; a box
    without that button fails the test."""

    def act(box: QWidget) -> bool:
        if not isinstance(box, QMessageBox):
            return False
        seen.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return True
        raise AssertionError(f"no button {button_text} in {[b.text() for b in box.buttons()]}")

    poll_modal(act)


def when_dialog_opens(action: Callable[[QDialog], None], failures: list[BaseException]) -> None:
    def act(dialog: QWidget) -> bool:
        try:
            action(dialog)  # type: ignore[arg-type]
        except BaseException as exc:  # reported by the test after exec() returns
            failures.append(exc)
            dialog.reject()  # type: ignore[attr-defined]
        return True

    poll_modal(act)


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
