"""明白卡 documents: the wall cards (上墙) and the 公示 list of posts and commitments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from dangjian_desktop.core import cards as c
from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.dates import add_working_days

Progress = Callable[[int, int], None]


def wall_cards_pdf(
    session: Session,
    year: int,
    today: dt.date,
    out: Path,
    *,
    per_page: int | None = None,
    progress: Progress | None = None,
) -> Path | None:
    """The year's posted (上墙) cards, one or two to a sheet as set; None when none is posted yet."""
    from dangjian_desktop.printing.cards_pdf import print_wall_cards

    branch = require_branch(session)
    cards = c.list_cards(session, year, branch_id=branch.id, posted_only=True)
    if not cards:
        return None
    photos = c.photos_for(session, [card.member_id for card in cards])
    per_page = per_page or c.cards_per_page(session)
    return print_wall_cards(cards, photos, branch, out, per_page=per_page, progress=progress, today=today)


def publicity_period(session: Session, today: dt.date) -> tuple[dt.date, dt.date]:
    """公示期: from the printing day for the set number of working days."""
    start = today
    while start.weekday() >= 5:
        start += dt.timedelta(days=1)
    return start, add_working_days(start, settings.get(session, c.PUBLICITY_DAYS))


def publicity_pdf(session: Session, year: int, today: dt.date, out: Path) -> Path:
    """Every card of the year, those the branch has decided (支部定) first, the others marked."""
    from dangjian_desktop.printing.publicity_pdf import print_publicity

    branch = require_branch(session)
    cards = c.list_cards(session, year, branch_id=branch.id)
    return print_publicity(cards, branch, year, out, today=today, period=publicity_period(session, today))


def card_room(card: c.Card, *, per_page: int = 1) -> float:
    """The share of the wall card's clause area left free at the smallest allowed type (negative:
    the card continues on a second sheet). The card editor shows it while the clauses are typed."""
    from dangjian_desktop.printing.cards_pdf import room_left

    return room_left(card, per_page=per_page)


def card_chars_left(card: c.Card, *, per_page: int = 1) -> int:
    """About how many more characters the card's first sheet takes (-1: it runs onto another)."""
    from dangjian_desktop.printing.cards_pdf import chars_left

    return chars_left(card, per_page=per_page)


def cards_needing_full_page(session: Session, year: int) -> list[str]:
    """Names whose posted card does not fit half a page at 12 pt: with two cards to a sheet these
    continue on another half; the branch may rather print them one to a page."""
    from dangjian_desktop.printing.cards_pdf import needs_full_page

    branch = require_branch(session)
    cards = c.list_cards(session, year, branch_id=branch.id, posted_only=True)
    return [card.member_name for card in cards if needs_full_page(card)]
