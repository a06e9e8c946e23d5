"""Reading cards: one card, a year's cards, where each member's card stands, meetings and photos."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.cards.rows import Card, CardStatusRow, Clause, MeetingChoice, Step
from dangjian_desktop.core.cards.texts import (
    _STEP_COLUMNS,
    CATEGORIES,
    NO_CARD,
    CardError,
)
from dangjian_desktop.core.db import in_batches
from dangjian_desktop.core.models import (
    CardClause,
    Meeting,
    Member,
    MemberPhoto,
    MemberStatus,
    ResponsibilityCard,
)

# --- reading ----------------------------------------------------------------------------------------


# Cards are read as plain columns (two queries: the cards with their members, then their clauses), not
# as ORM objects: a batch print or the 明白卡 tab reads 300 cards and 3,000 clauses, and building and
# tracking the objects was most of that time.
_CARD_COLUMNS = (
    *(getattr(ResponsibilityCard, column.key) for column in ResponsibilityCard.__table__.c),
    Member.name.label("member_name"),
    Member.party_group,
    Member.category.label("member_category"),
)
_CLAUSE_COLUMNS = (
    CardClause.card_id,
    CardClause.id,
    CardClause.category,
    CardClause.position,
    CardClause.text,
    CardClause.done,
    CardClause.done_date,
    CardClause.note,
)


def _clause_order(clause: Clause) -> tuple[int, int, int]:
    category = CATEGORIES.index(clause.category) if clause.category in CATEGORIES else 99
    return category, clause.position, clause.id


def _read_cards(session: Session, *where: ColumnElement[bool]) -> list[Card]:
    """The cards matching `where` (on the card and its member) in roster order (党小组, then member)."""
    rows = session.execute(
        select(*_CARD_COLUMNS)
        .join(Member, Member.id == ResponsibilityCard.member_id)
        .where(*where)
        .order_by(Member.party_group, Member.id)
    ).all()
    if not rows:
        return []
    clauses: dict[int, list[Clause]] = defaultdict(list)
    query = (
        select(*_CLAUSE_COLUMNS)
        .join(ResponsibilityCard, ResponsibilityCard.id == CardClause.card_id)
        .join(Member, Member.id == ResponsibilityCard.member_id)
        .where(*where)
    )
    for card_id, *values in session.execute(query):
        clauses[card_id].append(Clause(*values))
    return [
        Card(
            id=row.id,
            member_id=row.member_id,
            member_name=row.member_name,
            party_group=row.party_group,
            member_category=row.member_category,
            year=row.year,
            post=row.post,
            steps=tuple(
                Step(step, getattr(row, date_col), getattr(row, note_col))
                for step, (date_col, note_col) in _STEP_COLUMNS.items()
            ),
            discussed_meeting_id=row.discussed_meeting_id,
            posted_date=row.posted_date,
            year_end_result=row.year_end_result,
            year_end_note=row.year_end_note,
            clauses=tuple(sorted(clauses.get(row.id, ()), key=_clause_order)),
        )
        for row in rows
    ]


def get_card(session: Session, card_id: int) -> Card:
    found = _read_cards(session, ResponsibilityCard.id == card_id)
    if not found:
        raise CardError(f"找不到编号为 {card_id} 的明白卡")
    return found[0]


def find_card(session: Session, member_id: int, year: int) -> Card | None:
    found = _read_cards(session, ResponsibilityCard.member_id == member_id, ResponsibilityCard.year == year)
    return found[0] if found else None


def list_cards(
    session: Session, year: int, *, branch_id: int | None = None, posted_only: bool = False
) -> list[Card]:
    """The year's cards in roster order (党小组, then member)."""
    where: list[ColumnElement[bool]] = [ResponsibilityCard.year == year]
    if branch_id is not None:
        where.append(Member.branch_id == branch_id)
    if posted_only:
        where.append(ResponsibilityCard.posted_date.is_not(None))
    return _read_cards(session, *where)


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
    for chunk in in_batches(ids):
        query = select(MemberPhoto.member_id, MemberPhoto.jpeg).where(MemberPhoto.member_id.in_(chunk))
        photos.update({member_id: jpeg for member_id, jpeg in session.execute(query)})
    return photos
