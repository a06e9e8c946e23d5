"""The reminders at start: one window gathering what each tab has to say, after the rows are painted,
each note with a button to its tab (instead of up to three boxes on top of each other)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from dangjian_desktop.core.db import Database
from dangjian_desktop.ui import app as app_module
from dangjian_desktop.ui.birthdays.tab import BirthdaysTab
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.develop.tab import DevelopTab
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.reminders import OpeningReminders
from dangjian_desktop.ui.roster.tab import RosterTab
from dangjian_desktop.ui.transfers.tab import TransfersTab

# In the demo, this day has a 政治生日 soon, a 发展党员 step due and a member to confirm as 失联.
DAY_OF_THREE = dt.date(2027, 1, 20)


def _window(qtbot, db: Database, today: dt.date) -> MainWindow:  # type: ignore[no-untyped-def]
    ctx = AppContext(db=db, jobs=JobRunner(), today=lambda: today)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.opening_reminders_shown, timeout=10000)
    return window


def _shown_besides(window: MainWindow) -> list[object]:
    return [w for w in QApplication.topLevelWidgets() if w is not window and w.isVisible()]


def test_one_window_gathers_every_tabs_reminder(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_db, DAY_OF_THREE)
    reminders = window.reminders
    assert isinstance(reminders, OpeningReminders)
    assert _shown_besides(window) == [reminders]  # one window, no message box beside it
    assert not any(isinstance(w, QMessageBox) for w in QApplication.topLevelWidgets() if w.isVisible())
    assert [note.title for note in reminders.notes] == ["政治生日提醒", "发展党员到期事项", "组织关系提醒"]
    text = reminders.text()
    assert "未来30天内" in text and "以下发展党员事项近期到期或已逾期" in text and "叶丽娟" in text
    assert window.tabs.currentWidget() is window.tab(RosterTab)  # the secretary stays where she was
    reminders.close()


def test_each_note_shows_its_tab(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_db, DAY_OF_THREE)
    notes = {note.title: note for note in window.reminders.notes}  # type: ignore[union-attr]
    qtbot.mouseClick(notes["组织关系提醒"].open_tab, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.tab(TransfersTab)
    qtbot.mouseClick(notes["发展党员到期事项"].open_tab, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.tab(DevelopTab)
    qtbot.mouseClick(notes["政治生日提醒"].open_tab, Qt.MouseButton.LeftButton)
    birthdays = window.tab(BirthdaysTab)
    assert window.tabs.currentWidget() is birthdays
    assert birthdays.views.currentIndex() == 1  # the coming birthdays, as the old dialog's button did
    assert window.reminders.isVisible()  # type: ignore[union-attr]  # the other notes stay to be read
    window.reminders.close()  # type: ignore[union-attr]


def test_a_tab_with_nothing_to_say_adds_no_note(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    # 2026-11-22: birthdays and 发展党员 steps are due, nothing about 组织关系
    window = _window(qtbot, demo_db, dt.date(2026, 11, 22))
    assert [note.title for note in window.reminders.notes] == ["政治生日提醒", "发展党员到期事项"]  # type: ignore[union-attr]
    window.reminders.close()  # type: ignore[union-attr]


def test_no_window_when_no_tab_has_anything_to_say(qtbot, db: Database, branch_id: int) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, db, DAY_OF_THREE)  # a branch without members
    assert window.reminders is None
    assert _shown_besides(window) == []


def test_the_reminders_come_after_the_rows_are_painted(qtbot, qapp, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    seen: list[tuple[int, bool]] = []

    def ready(window: MainWindow | None) -> None:
        assert window is not None
        seen.append((window.tabs.currentWidget().model.rowCount(), window.opening_reminders_shown))

    window = app_module.start(qapp, demo_db.path, ready)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.opening_reminders_shown, timeout=30000)
        assert seen == [(43, False)]  # the rows were in and painted, the reminders not yet shown
        if window.reminders is not None:
            window.reminders.close()
    finally:
        window.ctx.jobs.wait()
        window.ctx.db.close()
