"""Meeting records (记录本 pages) and the year's archive (汇编) with its compliance table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.branch import require_branch


def minutes_pdf(session: Session, meeting_ids: Sequence[int], title: str, today: dt.date, out: Path) -> Path:
    """The meetings given, one 记录本 record each, in the order given."""
    from dangjian_desktop.printing.minutes_pdf import print_minutes

    branch = require_branch(session)
    details = m.meeting_details(session, list(meeting_ids))
    return print_minutes(details, branch.name, out, title=title, today=today)


def period_minutes_pdf(session: Session, year: int, month: int | None, today: dt.date, out: Path) -> Path:
    branch = require_branch(session)
    rows = m.list_meetings(session, branch.id, year=year, month=month)
    period = f"{year}年{month}月" if month else f"{year}年"
    return minutes_pdf(session, [r.id for r in rows], f"{period}会议记录", today, out)


def archive_pdf(session: Session, year: int, today: dt.date, out: Path) -> Path:
    """Cover, contents, compliance table and chart, attendance, then every record of the year."""
    from dangjian_desktop.printing.minutes_pdf import print_archive

    branch = require_branch(session)
    rows = m.list_meetings(session, branch.id, year=year)
    details = m.meeting_details(session, [r.id for r in rows])
    compliance = m.compliance(session, branch.id, year, today=today)
    _members, kinds = m.attendance_rates(session, branch.id, year)
    return print_archive(details, branch.name, compliance, out, rates=kinds, today=today)
