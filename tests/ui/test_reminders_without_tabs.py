"""The reminder window at start is read in core on the worker, without building the tabs it is
about; its words are those each tab gives when built (on the edges of the birthday window too)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt

from dangjian_desktop.core import opening_reminders
from dangjian_desktop.core.birthdays import BirthdayRow, Reminder
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.ui import app as app_module
from dangjian_desktop.ui.birthdays.reminder import NAMES_SHOWN, reminder_lines
from dangjian_desktop.ui.birthdays.tab import BirthdaysTab
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.develop.tab import DevelopTab
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.roster.tab import RosterTab
from dangjian_desktop.ui.transfers.tab import TransfersTab
from tests.core.test_opening_reminders import EDGES, TODAY

REMINDING = (BirthdaysTab, DevelopTab, TransfersTab)
DAY_OF_THREE = dt.date(2027, 1, 20)  # the demo has something for each of the three on this day


def _built(window: MainWindow) -> list[type]:
    return [type(window.tabs.widget(i)) for i in range(window.tabs.count())]


def _window(qtbot, db: Database, today: dt.date) -> MainWindow:  # type: ignore[no-untyped-def]
    ctx = AppContext(db=db, jobs=JobRunner(), today=lambda: today)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.opening_reminders_shown, timeout=20000)
    return window


@pytest.fixture
def edges(db: Database, branch_id: int) -> Database:
    with db.transaction() as session:
        for name, join in EDGES.items():
            add_member(
                session, branch_id, MemberDraft(name=name, join_date=join, full_date=f"2001{join[4:]}")
            )
    return db


def test_no_tab_is_built_to_ask_and_the_words_are_the_tabs(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_db, DAY_OF_THREE)
    assert window.reminders is not None
    built = _built(window)
    assert built[0] is RosterTab
    assert not any(kind in built for kind in REMINDING)  # the reminder came without them
    shown = {note.title: note.text() for note in window.notes}
    for kind in REMINDING:  # each tab, built now, would say the same
        note = window.tab(kind).opening_note()
        assert note is not None and shown[note.title] == note.text()
    assert len(shown) == 3
    window.reminders.close()


@pytest.mark.parametrize(
    ("today", "named", "unnamed"),
    [
        (TODAY, ("钱今日", "孙明日", "李末日"), ("赵昨日", "周窗外")),
        (TODAY + dt.timedelta(days=1), ("孙明日", "李末日", "周窗外"), ("赵昨日", "钱今日")),
    ],
)
def test_the_birthday_note_on_the_edges_of_the_window(  # type: ignore[no-untyped-def]
    qtbot, edges: Database, today: dt.date, named: tuple[str, ...], unnamed: tuple[str, ...]
) -> None:
    window = _window(qtbot, edges, today)
    assert BirthdaysTab not in _built(window)
    (note,) = window.notes
    text = note.text()
    assert f"今天（{today.month}月{today.day}日）过政治生日：{named[0]}" in text
    assert all(name in text for name in named) and not any(name in text for name in unnamed)
    tab = window.tab(BirthdaysTab)  # built after the reminder: it keeps the window's note
    assert tab.reminder_dialog is note
    assert tab.opening_note().text() == text  # type: ignore[union-attr]
    assert tab.banner.text().replace("<br>", "") == text.replace("<br>", "")
    window.reminders.close()  # type: ignore[union-attr]


def test_a_note_builds_its_tab_when_pressed(qtbot, edges: Database) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, edges, TODAY)
    (note,) = window.notes
    qtbot.mouseClick(note.open_tab, Qt.MouseButton.LeftButton)
    tab = window.tabs.currentWidget()
    assert isinstance(tab, BirthdaysTab) and tab.views.currentIndex() == 1
    assert tab.reminder_dialog is note
    window.reminders.close()  # type: ignore[union-attr]


def test_the_reminders_are_read_on_the_worker_at_start(  # type: ignore[no-untyped-def]
    qtbot, qapp, demo_db: Database, monkeypatch
) -> None:
    """The program's own start: the reading runs off the GUI thread, and only the roster tab is built."""
    demo_db.close()
    threads: list[threading.Thread] = []
    original = opening_reminders.start_reminders

    def reading(session, today):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return original(session, today)

    monkeypatch.setattr(opening_reminders, "start_reminders", reading)
    window = app_module.start(qapp, demo_db.path, lambda _w: None)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.opening_reminders_shown, timeout=30000)
        assert len(threads) == 1 and threads[0] is not threading.main_thread()
        assert _built(window)[0] is RosterTab
        assert not any(kind in _built(window) for kind in REMINDING)
        if window.reminders is not None:
            window.reminders.close()
    finally:
        window.ctx.jobs.wait()
        window.ctx.db.close()


def test_after_the_rows_the_settings_are_read_off_the_gui_thread(qtbot, qapp, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    """The settings' check and the print fonts come after the rows, on the worker, and still act: a
    damaged setting is announced in the status bar, the stored print-font choice is applied."""
    from dangjian_desktop.core import settings
    from dangjian_desktop.printing import fonts

    with demo_db.transaction() as session:
        settings.put(session, settings.PRINT_SYSTEM_FONTS, False)
    demo_db.close()
    raw = sqlite3.connect(demo_db.path)
    raw.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('birthdays.reminder_days', '\"三十\"')")
    raw.commit()
    raw.close()
    fonts.set_use_system_fonts(True)
    window = app_module.start(qapp, demo_db.path, lambda _w: None)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: "部分设置已损坏" in window.statusBar().currentMessage(), timeout=30000)
        assert fonts._preferences["use_system_fonts"] is False
    finally:
        window.ctx.jobs.wait()
        window.ctx.db.close()
        fonts.set_use_system_fonts(True)


@pytest.mark.parametrize("count", [NAMES_SHOWN - 1, NAMES_SHOWN, NAMES_SHOWN + 1])
def test_a_long_list_of_birthdays_names_thirty_and_counts_the_rest(count: int) -> None:
    """Thousands of birthdays (a township-size roster) are counted, not listed: laying out a wall of
    names froze the window for seconds."""
    day = dt.date(2026, 6, 15)
    rows = [
        BirthdayRow(
            n,
            f"党员{n:04d}",
            "",
            "正式党员",
            dt.date(2000, 6, 16),
            dt.date(2000, 6, 16),
            day + dt.timedelta(days=1),
            26,
        )
        for n in range(count)
    ]
    lines = reminder_lines(Reminder(day, 30, [], rows, [], []))
    upcoming = lines[1]
    assert upcoming.startswith(f"未来30天内 {count} 人：")
    listed = [f"党员{n:04d}" for n in range(count) if f"党员{n:04d}" in upcoming]
    assert len(listed) == min(count, NAMES_SHOWN)
    assert upcoming.endswith(f"等 {count} 人（全部见“政治生日”页）") == (count > NAMES_SHOWN)
