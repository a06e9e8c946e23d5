"""What the program reminds of when it opens, as plain data: no Qt, no tab needed.

Three parts of the work have something to say at start: 政治生日 (today's and the coming days'
birthdays, milestones, the 光荣在党50年 medal), 发展党员 (steps due soon or overdue) and 组织关系
(letters past their validity, members to ask home, 停止党籍 reaching two years, 疑似失联). The window
reads all three here in one session on a worker thread once its rows are painted, and each tab reads
its own part through the same function, so the reminder says what the tab would say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dangjian_desktop.core.birthdays import Reminder


@dataclass(frozen=True)
class StartReminders:
    """The three parts; a part with nothing to say is empty (Reminder.is_empty, or no lines)."""

    birthdays: Reminder
    develop: list[str]  # a heading, then one line per step due
    transfers: list[str]  # one line per thing to see to


def birthday_reminder(session: Session, today: dt.date) -> Reminder:
    from dangjian_desktop.core.birthdays import branch_reminder

    return branch_reminder(session, today)


def develop_due_lines(session: Session, today: dt.date) -> list[str]:
    """Steps due in the next days (谈话, 考察, 转正, 审批) and the overdue ones: heading, then one a line."""
    from dangjian_desktop.core.branch import current_branch
    from dangjian_desktop.core.dates import format_cn
    from dangjian_desktop.core.develop import queries

    branch = current_branch(session)
    if branch is None:
        return []
    rows = queries.due_soon(session, branch.id, today)
    if not rows:
        return []
    lines = [
        f"{row.name}：{row.state.next_step}，{format_cn(row.state.due)}"
        + ("（已逾期）" if row.overdue(today) else "")
        for row in rows
    ]
    return ["以下发展党员事项近期到期或已逾期：", *lines]


def transfer_notes(session: Session, today: dt.date) -> list[str]:
    from dangjian_desktop.core.mobile import opening_notes

    return opening_notes(session, today)


def start_reminders(session: Session, today: dt.date) -> StartReminders:
    """All three, read in one session (the window's reminder at start)."""
    return StartReminders(
        birthdays=birthday_reminder(session, today),
        develop=develop_due_lines(session, today),
        transfers=transfer_notes(session, today),
    )
