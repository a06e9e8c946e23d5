"""The one reminder window at start: what each tab has to say on opening, gathered.

Three parts have something to say (政治生日, 发展党员, 组织关系): core/opening_reminders.py reads what,
as plain data, and note_texts() below words it, once for the window and for each tab's own
opening_note(). The main window reads it off the GUI thread once the first rows are painted, without
building any tab, and puts the notes in one window instead of up to three boxes on top of each other.
Each note's button shows its tab (built then).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

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
from shiboken6 import isValid

from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.tabs import BIRTHDAYS_TAB, DEVELOP_TAB, TRANSFERS_TAB, KeepsItsNote, LazyTab

if TYPE_CHECKING:
    from dangjian_desktop.core.birthdays import Reminder
    from dangjian_desktop.core.opening_reminders import StartReminders
    from dangjian_desktop.ui.main_window import MainWindow

TITLE_STYLE = "font-size: 14pt; font-weight: bold; color: #C8102E;"


@dataclass(frozen=True)
class NoteText:
    """One note's words: a heading, rich text (what people typed escaped), its button and its tab."""

    title: str
    text: str
    button: str
    tab: LazyTab


def birthday_note(r: Reminder) -> NoteText | None:
    from dangjian_desktop.ui.birthdays.reminder import reminder_lines

    if r.is_empty:
        return None
    return NoteText("政治生日提醒", "<br><br>".join(reminder_lines(r)), "查看政治生日", BIRTHDAYS_TAB)


def develop_note(lines: list[str]) -> NoteText | None:
    if not lines:
        return None
    return NoteText(
        "发展党员到期事项", "<br>".join(escape(line) for line in lines), "查看发展党员", DEVELOP_TAB
    )


def transfers_note(lines: list[str]) -> NoteText | None:
    if not lines:
        return None
    return NoteText(
        "组织关系提醒", "<br>".join(escape(line) for line in lines), "查看组织关系", TRANSFERS_TAB
    )


def note_texts(r: StartReminders) -> list[NoteText]:
    """The notes with something to say, in tab order."""
    notes = (birthday_note(r.birthdays), develop_note(r.develop), transfers_note(r.transfers))
    return [note for note in notes if note is not None]


class ReminderNote(QFrame):
    """One tab's reminder: a heading, the text (rich text; the tab escapes what people typed) and a
    button that shows the tab."""

    show_requested = Signal()

    def __init__(self, title: str, text: str, button: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.tab: LazyTab | None = None  # the tab its button shows (set by of())
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

    @classmethod
    def of(cls, words: NoteText, parent: QWidget | None = None) -> ReminderNote:
        note = cls(words.title, words.text, words.button, parent)
        note.tab = words.tab
        return note

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


def gather_at_start(window: MainWindow) -> None:
    """Reads the three parts (core/opening_reminders.py) on the worker, after the rows read at start,
    and shows their notes in one window: no tab is built to ask, nothing heavy on the GUI thread.
    Sets window.reminders (the window, or None with nothing to say) and opening_reminders_shown."""
    from dangjian_desktop.core.opening_reminders import start_reminders
    from dangjian_desktop.core.services import query

    ctx = window.ctx
    db, today = ctx.db, ctx.today()

    def arrived(found: StartReminders) -> None:
        if not isValid(window) or window.ctx is not ctx:  # closed, or on another database, meanwhile
            return
        notes = [ReminderNote.of(words) for words in note_texts(found)]
        for note in notes:
            note.show_requested.connect(lambda n=note: show_noted_tab(window, n))
        window.reminders = show_opening_reminders(notes, window)
        window.notes = notes
        for i in range(window.tabs.count()):  # a tab opened meanwhile keeps its note
            hand_note(notes, window.tabs.widget(i))
        window.opening_reminders_shown = True

    def failed(message: str) -> None:
        if isValid(window):
            window.opening_reminders_shown = True
            window.statusBar().showMessage(f"提醒读取失败：{message}", 10000)

    ctx.jobs.run(lambda _progress: query(db, start_reminders, today), arrived, failed)


def hand_note(notes: list[ReminderNote], tab: QWidget) -> None:
    """A tab that keeps its note (the 政治生日 tab: its banner's reminder) gets it."""
    if not isinstance(tab, KeepsItsNote):
        return
    target = f"{type(tab).__module__}:{type(tab).__qualname__}"
    for note in notes:
        if note.tab is not None and note.tab.target == target:
            tab.take_note(note)


def show_noted_tab(window: MainWindow, note: ReminderNote) -> None:
    """A note's button: its tab, built now if not yet shown (and its page the note is about)."""
    if note.tab is None:
        return
    tab = window.tab(note.tab.load())
    window.tabs.setCurrentWidget(tab)
    if isinstance(tab, KeepsItsNote):
        tab.show_me()
