"""What the window reminds of at start, read as plain data in core (no Qt, no tab): the political
birthdays on the lines of the reminder's window, and the same parts the tabs read on their own."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core.birthdays import branch_reminder
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.mobile import opening_notes
from dangjian_desktop.core.opening_reminders import develop_due_lines, start_reminders
from dangjian_desktop.core.roster import MemberDraft, add_member

TODAY = dt.date(2026, 6, 15)
DAYS = 30  # the default of birthdays.reminder_days

# name -> 入党日期: a political birthday yesterday, today, tomorrow, on the window's last day and the
# day after it
EDGES = {
    "赵昨日": "2000-06-14",
    "钱今日": "2000-06-15",
    "孙明日": "2000-06-16",
    "李末日": "2000-07-15",  # TODAY + 30 days
    "周窗外": "2000-07-16",  # TODAY + 31 days
}


@pytest.fixture
def edges(db: Database, branch_id: int) -> Database:
    with db.transaction() as session:
        for name, join in EDGES.items():
            full = f"2001{join[4:]}"
            add_member(session, branch_id, MemberDraft(name=name, join_date=join, full_date=full))
    return db


def test_birthdays_on_the_edges_of_the_window(edges: Database) -> None:
    with edges.reading() as session:
        found = start_reminders(session, TODAY)
    birthdays = found.birthdays
    assert birthdays.days == DAYS
    assert [r.name for r in birthdays.today_rows] == ["钱今日"]
    assert [(r.name, r.date) for r in birthdays.upcoming] == [
        ("孙明日", dt.date(2026, 6, 16)),
        ("李末日", TODAY + dt.timedelta(days=DAYS)),
    ]
    assert all(r.years == 26 for r in birthdays.today_rows + birthdays.upcoming)


def test_the_window_moves_with_today(edges: Database) -> None:
    """One day later, 明天 is today and the day beyond the window is its last day."""
    with edges.reading() as session:
        found = start_reminders(session, TODAY + dt.timedelta(days=1))
    assert [r.name for r in found.birthdays.today_rows] == ["孙明日"]
    assert [r.name for r in found.birthdays.upcoming] == ["李末日", "周窗外"]


def test_the_same_parts_as_the_tabs_read(demo_db: Database) -> None:
    """The window's reading is each tab's own: the birthday reminder, the steps due, the 组织关系 notes."""
    day = dt.date(2027, 1, 20)  # in the demo: a birthday soon, a 发展党员 step due, a member to confirm
    with demo_db.reading() as session:
        found = start_reminders(session, day)
        assert found.birthdays == branch_reminder(session, day)
        assert found.develop == develop_due_lines(session, day)
        assert found.transfers == opening_notes(session, day)
    assert not found.birthdays.is_empty
    assert found.develop[0] == "以下发展党员事项近期到期或已逾期："
    assert len(found.develop) > 1 and found.transfers


def test_nothing_to_say_on_an_empty_branch(db: Database, branch_id: int) -> None:
    with db.reading() as session:
        found = start_reminders(session, TODAY)
    assert found.birthdays.is_empty and found.develop == [] and found.transfers == []
