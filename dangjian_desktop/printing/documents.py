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


def wall_cards_pdf(session: Session, branch_id: int, year: int, out: Path) -> Path | None:
    """The year's posted (上墙) cards; None when none is posted yet."""
    from dangjian_desktop.core.branch import require_branch
    from dangjian_desktop.core.cards import cards_per_page, list_cards, photos_for
    from dangjian_desktop.printing.cards_pdf import print_wall_cards

    cards = list_cards(session, year, branch_id=branch_id, posted_only=True)
    if not cards:
        return None
    photos = photos_for(session, [c.member_id for c in cards])
    print_wall_cards(cards, photos, require_branch(session), out, per_page=cards_per_page(session))
    return out


def _bytes_of(make: Callable[[Path], object]) -> bytes | None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "document.pdf"
        return out.read_bytes() if make(out) is not None else None


def package_documents() -> dict[str, Callable[[Session, int, str, dt.date], bytes | None]]:
    """What the township package carries besides the data, by file name."""
    from dangjian_desktop.core.exchange.roster_export import roster_workbook_bytes

    return {
        "documents/党员花名册.xlsx": roster_workbook_bytes,
        "documents/党员花名册.pdf": lambda s, b, name, today: _bytes_of(
            lambda out: roster_pdf(s, b, name, today, out)
        ),
        "documents/会议记录汇编.pdf": lambda s, b, name, today: _bytes_of(
            lambda out: meetings_archive_pdf(s, b, name, today.year, out)
        ),
        "documents/明白卡.pdf": lambda s, b, name, today: _bytes_of(
            lambda out: wall_cards_pdf(s, b, today.year, out)
        ),
    }
