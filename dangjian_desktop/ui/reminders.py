"""The one reminder window at start: what each tab has to say on opening, gathered.

A tab that reminds (ui/tabs.RemindsOnOpening: 政治生日, 发展党员, 组织关系) gives a ReminderNote, or None
when there is nothing to say; the main window puts the notes in one window once the first rows are
painted, instead of up to three boxes on top of each other. Each note's button shows its tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.ui.screen_fit import fit_to_screen

TITLE_STYLE = "font-size: 14pt; font-weight: bold; color: #C8102E;"


class ReminderNote(QFrame):
    """One tab's reminder: a heading, the text (rich text; the tab escapes what people typed) and a
    button that shows the tab."""

    show_requested = Signal()

    def __init__(self, title: str, text: str, button: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        heading = QLabel(title)
        heading.setStyleSheet(TITLE_STYLE)
        self.body = QLabel(text)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_tab = QPushButton(button)
        self.open_tab.clicked.connect(self.show_requested.emit)
        box = QVBoxLayout(self)
        box.addWidget(heading)
        box.addWidget(self.body)
        box.addWidget(self.open_tab, alignment=Qt.AlignmentFlag.AlignLeft)

    def text(self) -> str:
        return self.body.text()


class OpeningReminders(QDialog):
    """The notes one under another (scrolling on a small screen), closed with 知道了."""

    def __init__(self, notes: list[ReminderNote], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("提醒")
        self.notes = notes
        inner = QWidget()
        column = QVBoxLayout(inner)
        for i, note in enumerate(notes):
            if i:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                column.addWidget(line)
            column.addWidget(note)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        buttons = QDialogButtonBox()
        close = buttons.addButton("知道了", QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(True)
        buttons.accepted.connect(self.accept)
        box = QVBoxLayout(self)
        box.addWidget(scroll, 1)
        box.addWidget(buttons)
        fit_to_screen(self, 560, 420)

    def text(self) -> str:
        return "\n".join(f"{note.title}\n{note.text()}" for note in self.notes)


def show_opening_reminders(notes: list[ReminderNote], parent: QWidget) -> OpeningReminders | None:
    """Shows the window (not modal, without taking the keyboard from the main window) when a tab has
    something to say; returns it."""
    if not notes:
        return None
    window = OpeningReminders(notes, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # Seen, but not in the way: the main window keeps the keyboard, so the secretary can go on working.
    window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    window.show()
    return window
