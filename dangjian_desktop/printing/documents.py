"""Documents built straight from the database: one place for the CLI, the GUI and the package."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from dangjian_desktop.core.roster import list_members


def roster_pdf(session: Session, branch_id: int, branch_name: str, today: dt.date, out: Path) -> Path:
    from dangjian_desktop.printing.roster_pdf import print_roster

    rows = list_members(session, branch_id=branch_id, include_left=False)
    return print_roster(rows, branch_name, out, today=today)


def meetings_archive_pdf(session: Session, branch_id: int, branch_name: str, year: int, out: Path) -> Path:
    from dangjian_desktop.core.meetings import attendance_rates, compliance, list_meetings, meeting_details
    from dangjian_desktop.printing.minutes_pdf import print_archive

    rows = list_meetings(session, branch_id, year=year)
    details = meeting_details(session, [r.id for r in rows])
    _members, kinds = attendance_rates(session, branch_id, year)
    return print_archive(details, branch_name, compliance(session, branch_id, year), out, rates=kinds)


def _bytes_of(make: Callable[[Path], object]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "document.pdf"
        make(out)
        return out.read_bytes()


def package_documents() -> dict[str, Callable[[Session, int, str, dt.date], bytes | None]]:
    """What the township package carries besides the data, by file name."""
    return {
        "documents/党员花名册.pdf": lambda s, b, name, today: _bytes_of(
            lambda out: roster_pdf(s, b, name, today, out)
        ),
        "documents/会议记录汇编.pdf": lambda s, b, name, today: _bytes_of(
            lambda out: meetings_archive_pdf(s, b, name, today.year, out)
        ),
    }
