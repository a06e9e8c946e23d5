"""Making and changing a card as a whole: create, save the clauses, delete a draft, copy a year."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core.cards.reading import list_cards
from dangjian_desktop.core.cards.rows import CopyResult
from dangjian_desktop.core.cards.texts import (
    _STEP_COLUMNS,
    CATEGORIES,
    COMMITMENT,
    CardError,
    _check_texts,
    _clean_post,
    card_warnings,
    default_texts,
)
from dangjian_desktop.core.models import (
    CardClause,
    Member,
    MemberStatus,
    ResponsibilityCard,
)
from dangjian_desktop.core.oplog import log

# --- writing ----------------------------------------------------------------------------------------


def _card(session: Session, card_id: int) -> ResponsibilityCard:
    card = session.get(ResponsibilityCard, card_id)
    if card is None:
        raise CardError(f"找不到编号为 {card_id} 的明白卡")
    return card


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise CardError(f"找不到编号为 {member_id} 的党员")
    return member


def create_card(
    session: Session,
    member_id: int,
    year: int,
    *,
    post: str = "",
    texts: dict[str, list[str]] | None = None,
) -> int:
    """A new draft card; without texts it is prefilled (default_texts)."""
    member = _member(session, member_id)
    if member.status != MemberStatus.ACTIVE.value:
        raise CardError(f"{member.name} 已{member.status}，不能新建明白卡")
    if not 2000 <= year <= 2100:
        raise CardError(f"年度“{year}”不对，请填写如 2026 的四位年份")
    existing = session.scalar(
        select(ResponsibilityCard.id).where(
            ResponsibilityCard.member_id == member_id, ResponsibilityCard.year == year
        )
    )
    if existing is not None:
        raise CardError(f"{member.name} 已有{year}年度的明白卡，请直接修改")
    post = _clean_post(post)
    checked = _check_texts(texts if texts is not None else default_texts(session, post))
    card = ResponsibilityCard(member_id=member_id, year=year, post=post)
    for category in CATEGORIES:
        for position, text in enumerate(checked.get(category, [])):
            card.clauses.append(CardClause(category=category, position=position, text=text))
    session.add(card)
    session.flush()
    log(session, "新建明白卡", f"{member.name} {year}年度")
    return card.id


def save_clauses(
    session: Session, card_id: int, post: str, texts_by_category: dict[str, list[str]]
) -> list[str]:
    """Replace the card's post and clause texts; returns the warnings (e.g. commitments not 2 to 5).

    A clause whose text is unchanged keeps its done mark, date and note: fixing a typo elsewhere on the
    card must not lose the year's record. Categories not given are left as they are.
    """
    card = _card(session, card_id)
    card.post = _clean_post(post)
    checked = _check_texts(texts_by_category)
    for category, texts in checked.items():
        old = sorted((c for c in card.clauses if c.category == category), key=lambda c: c.position)
        by_text: dict[str, list[CardClause]] = {}
        for clause in old:
            by_text.setdefault(clause.text, []).append(clause)
        keep: list[CardClause] = []
        for position, text in enumerate(texts):
            same = by_text.get(text)
            if same:
                clause = same.pop(0)
            else:
                clause = CardClause(category=category, text=text)
                card.clauses.append(clause)
            clause.position = position
            keep.append(clause)
        kept_ids = {id(c) for c in keep}
        for clause in old:
            if id(clause) not in kept_ids:
                card.clauses.remove(clause)
    session.flush()
    member = _member(session, card.member_id)
    log(session, "修改明白卡条款", f"{member.name} {card.year}年度")
    commitments = sum(1 for c in card.clauses if c.category == COMMITMENT)
    return card_warnings(card.post, commitments)


def delete_card(session: Session, card_id: int) -> None:
    """Only a draft: a card that went through any step is part of the record."""
    card = _card(session, card_id)
    if any(getattr(card, cols[0]) for cols in _STEP_COLUMNS.values()) or card.posted_date:
        raise CardError("明白卡已进入“个人报”等程序，不能删除")
    member = _member(session, card.member_id)
    session.delete(card)
    session.flush()
    log(session, "删除明白卡草稿", f"{member.name} {card.year}年度")


def copy_year(session: Session, from_year: int, to_year: int, *, branch_id: int | None = None) -> CopyResult:
    """Start a year from last year's cards: post and clause texts copied; steps and done marks not."""
    if from_year == to_year:
        raise CardError("复制的来源年度和目标年度不能相同")
    sources = list_cards(session, from_year, branch_id=branch_id)
    if not sources:
        raise CardError(f"{from_year}年度还没有明白卡，无从复制")
    have = set(
        session.scalars(select(ResponsibilityCard.member_id).where(ResponsibilityCard.year == to_year))
    )
    statuses = dict(
        session.execute(
            select(Member.id, Member.status).where(Member.id.in_([c.member_id for c in sources]))
        ).all()
    )
    copied = already = left = 0
    for source in sources:
        if source.member_id in have:
            already += 1
            continue
        if statuses.get(source.member_id) != MemberStatus.ACTIVE.value:
            left += 1
            continue
        card = ResponsibilityCard(member_id=source.member_id, year=to_year, post=source.post)
        for clause in source.clauses:
            card.clauses.append(
                CardClause(category=clause.category, position=clause.position, text=clause.text)
            )
        session.add(card)
        copied += 1
    session.flush()
    log(session, "复制明白卡", f"{from_year}→{to_year}：{copied}张")
    return CopyResult(copied, already, left)
