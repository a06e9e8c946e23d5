"""承诺完成率: done clauses over all clauses of the cards the branch has decided (支部定)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.cards.reading import list_cards
from dangjian_desktop.core.cards.rows import Card
from dangjian_desktop.core.cards.texts import (
    CATEGORIES,
)
from dangjian_desktop.core.models import CardClause, Member, ResponsibilityCard


@dataclass(frozen=True)
class Rate:
    done: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.done / self.total if self.total else None

    def text(self) -> str:
        """86.2% (25/29), the way the seeds report 承诺完成率."""
        if not self.total:
            return "—"
        return f"{self.done / self.total * 100:.1f}%（{self.done}/{self.total}）"


@dataclass(frozen=True)
class Completion:
    year: int
    cards: int  # cards counted: those the branch has decided (支部定), drafts are not commitments yet
    overall: Rate
    by_category: dict[str, Rate]


def is_decided(card: Card) -> bool:
    """Counted in 承诺完成率: a draft is not a commitment until the branch has decided it (支部定)."""
    return bool(card.step("支部定").date)


def completion(session: Session, year: int, *, branch_id: int | None = None) -> Completion:
    """承诺完成率: done clauses over all clauses of the cards the branch has decided."""
    cards = [c for c in list_cards(session, year, branch_id=branch_id) if is_decided(c)]
    return completion_of(cards, year)


def completion_of(cards: Iterable[Card], year: int) -> Completion:
    cards = list(cards)
    done = dict.fromkeys(CATEGORIES, 0)
    total = dict.fromkeys(CATEGORIES, 0)
    for card in cards:
        for clause in card.clauses:
            total[clause.category] = total.get(clause.category, 0) + 1
            done[clause.category] = done.get(clause.category, 0) + int(clause.done)
    by_category = {cat: Rate(done[cat], total[cat]) for cat in total}
    return Completion(year, len(cards), Rate(sum(done.values()), sum(total.values())), by_category)


def overall_per_branch(session: Session, year: int) -> dict[int, Rate]:
    """completion(session, year, branch_id=b).overall for every branch b with a clause on a decided card, in one
    grouped query (the township view): the clauses of the decided cards, counted and counted done. A
    decided card without clauses adds nothing to either count, so it is joined, not outer-joined: a
    branch whose cards have none is left out and read as Rate(0, 0), what completion() says of it; an
    inner join lets PostgreSQL hash the cards and stream the clauses past them."""
    query = (
        select(Member.branch_id, func.count(CardClause.id), func.sum(case((CardClause.done, 1), else_=0)))
        .select_from(ResponsibilityCard)
        .join(Member, Member.id == ResponsibilityCard.member_id)
        .join(CardClause, CardClause.card_id == ResponsibilityCard.id)
        .where(ResponsibilityCard.year == year, ResponsibilityCard.decided_date.is_not(None))
        .group_by(Member.branch_id)
    )
    return {branch_id: Rate(int(done or 0), total) for branch_id, total, done in session.execute(query)}
