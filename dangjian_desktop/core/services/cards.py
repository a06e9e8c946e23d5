"""明白卡 writes as units of work; the warnings a step returns are handed back, not raised."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dangjian_desktop.core import cards
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import ResponsibilityCard
from dangjian_desktop.core.versions import versioned_save


def open_card(db: Database, member_id: int, year: int) -> tuple[int, bool]:
    """The member's card of the year, made as a prefilled draft when there is none: (card id, created)."""
    with db.transaction() as session:
        card = cards.find_card(session, member_id, year)
        if card is not None:
            return card.id, False
        return cards.create_card(session, member_id, year), True


def copy_year(db: Database, year: int) -> cards.CopyResult:
    with db.transaction() as session:
        return cards.copy_year(session, year - 1, year, branch_id=require_branch(session).id)


def save_settings(db: Database, value: cards.CardSettings) -> None:
    with db.transaction() as session:
        cards.save_card_settings(session, value)


def save_clauses(
    db: Database, card_id: int, post: str, texts: dict[str, list[str]], *, version: int | None = None
) -> list[str]:
    """version: the card's when the dialog opened; another clerk's save since is EditConflict."""
    with db.transaction() as session:
        record = session.get(ResponsibilityCard, card_id)
        if record is None:
            return cards.save_clauses(session, card_id, post, texts)  # says the card is not found
        with versioned_save(session, record, version, f"{record.year}年度的明白卡"):
            return cards.save_clauses(session, card_id, post, texts)


def record_step(
    db: Database,
    card_id: int,
    step: str,
    day: dt.date,
    note: str,
    *,
    meeting_id: int | None = None,
    today: dt.date | None = None,
) -> None:
    with db.transaction() as session:
        cards.record_step(session, card_id, step, day, note, meeting_id=meeting_id, today=today)


def clear_step(db: Database, card_id: int, step: str) -> None:
    with db.transaction() as session:
        cards.clear_step(session, card_id, step)


def post_card(db: Database, card_id: int, day: dt.date, *, today: dt.date | None = None) -> None:
    with db.transaction() as session:
        cards.post_card(session, card_id, day, today=today)


def unpost_card(db: Database, card_id: int) -> None:
    with db.transaction() as session:
        cards.unpost_card(session, card_id)


def mark_clauses(
    db: Database,
    clause_ids: Sequence[int],
    done: bool,
    day: dt.date | None,
    note: str = "",
    *,
    today: dt.date | None = None,
) -> int:
    """Several clauses marked in one transaction: one refused clause leaves all of them unmarked."""
    with db.transaction() as session:
        for clause_id in clause_ids:
            cards.mark_clause(session, clause_id, done, day if done else None, note, today=today)
    return len(clause_ids)


def set_year_end(db: Database, card_id: int, result: str, note: str = "") -> None:
    with db.transaction() as session:
        cards.set_year_end(session, card_id, result, note)
