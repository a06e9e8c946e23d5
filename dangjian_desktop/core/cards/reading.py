"""Reading cards: one card, a year's cards, where each member's card stands, meetings and photos."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dangjian_desktop.core.cards.rows import Card, CardStatusRow, Clause, MeetingChoice, Step
from dangjian_desktop.core.cards.texts import (
    _STEP_COLUMNS,
    CATEGORIES,
    NO_CARD,
    CardError,
)
from dangjian_desktop.core.models import (
    Meeting,
    Member,
    MemberPhoto,
    MemberStatus,
    ResponsibilityCard,
)

# --- reading ----------------------------------------------------------------------------------------


def _card_query():  # noqa: ANN202 - a Select of (card, member columns)
    return (
        select(ResponsibilityCard, Member.name, Member.party_group, Member.category)
        .join(Member, Member.id == ResponsibilityCard.member_id)
        .options(selectinload(ResponsibilityCard.clauses))
    )


def _to_card(card: ResponsibilityCard, name: str, group: str, category: str) -> Card:
    steps = tuple(
        Step(step, getattr(card, date_col), getattr(card, note_col))
        for step, (date_col, note_col) in _STEP_COLUMNS.items()
    )
    ordered = sorted(
        card.clauses,
        key=lambda c: (CATEGORIES.index(c.category) if c.category in CATEGORIES else 99, c.position, c.id),
    )
    clauses = tuple(
        Clause(c.id, c.category, c.position, c.text, c.done, c.done_date, c.note) for c in ordered
    )
    return Card(
        id=card.id,
        member_id=card.member_id,
        member_name=name,
        party_group=group,
        member_category=category,
        year=card.year,
        post=card.post,
        steps=steps,
        discussed_meeting_id=card.discussed_meeting_id,
        posted_date=card.posted_date,
        year_end_result=card.year_end_result,
        year_end_note=card.year_end_note,
        clauses=clauses,
    )


def get_card(session: Session, card_id: int) -> Card:
    row = session.execute(_card_query().where(ResponsibilityCard.id == card_id)).first()
    if row is None:
        raise CardError(f"找不到编号为 {card_id} 的明白卡")
    return _to_card(*row)


def find_card(session: Session, member_id: int, year: int) -> Card | None:
    row = session.execute(
        _card_query().where(ResponsibilityCard.member_id == member_id, ResponsibilityCard.year == year)
    ).first()
    return _to_card(*row) if row else None


def list_cards(
    session: Session, year: int, *, branch_id: int | None = None, posted_only: bool = False
) -> list[Card]:
    """The year's cards in roster order (党小组, then member)."""
    query = _card_query().where(ResponsibilityCard.year == year)
    if branch_id is not None:
        query = query.where(Member.branch_id == branch_id)
    if posted_only:
        query = query.where(ResponsibilityCard.posted_date.is_not(None))
    query = query.order_by(Member.party_group, Member.id)
    return [_to_card(*row) for row in session.execute(query)]


def card_states(session: Session, year: int, *, branch_id: int | None = None) -> list[CardStatusRow]:
    """Every member on the roster, plus anyone who left but holds a card of that year."""
    cards = {c.member_id: c for c in list_cards(session, year, branch_id=branch_id)}
    query = select(Member.id, Member.name, Member.party_group, Member.status)
    if branch_id is not None:
        query = query.where(Member.branch_id == branch_id)
    query = query.order_by(Member.party_group, Member.id)
    rows = []
    for member_id, name, group, status in session.execute(query):
        card = cards.get(member_id)
        if card is None and status != MemberStatus.ACTIVE.value:
            continue
        if card is None:
            rows.append(CardStatusRow(member_id, name, group, status, None, NO_CARD, "", 0, 0, 0, ""))
        else:
            rows.append(
                CardStatusRow(
                    member_id,
                    name,
                    group,
                    status,
                    card.id,
                    card.state,
                    card.post,
                    len(card.clauses),
                    card.commitment_count,
                    card.done_count,
                    card.year_end_result,
                )
            )
    return rows


def card_years(session: Session) -> list[int]:
    return list(session.scalars(select(ResponsibilityCard.year).distinct().order_by(ResponsibilityCard.year)))


def meeting_choices(session: Session, year: int, branch_id: int | None = None) -> list[MeetingChoice]:
    """Meetings a 党员议 can point to: those of the year and the December before it, newest first."""
    query = select(Meeting.id, Meeting.date, Meeting.kind, Meeting.title).where(
        Meeting.date >= dt.date(year - 1, 12, 1), Meeting.date <= dt.date(year, 12, 31)
    )
    if branch_id is not None:
        query = query.where(Meeting.branch_id == branch_id)
    return [MeetingChoice(*row) for row in session.execute(query.order_by(Meeting.date.desc()))]


def photos_for(session: Session, member_ids: Iterable[int]) -> dict[int, bytes]:
    """The members' stored photos, read in one query for a batch print."""
    ids = list(member_ids)
    photos: dict[int, bytes] = {}
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        chunk = ids[start : start + 500]
        query = select(MemberPhoto.member_id, MemberPhoto.jpeg).where(MemberPhoto.member_id.in_(chunk))
        photos.update({member_id: jpeg for member_id, jpeg in session.execute(query)})
    return photos
