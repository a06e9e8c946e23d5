"""Table models over the plain rows of core/cards (its rows module): the year's roster of cards, and one card's clauses."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from dangjian_desktop.core import cards
from dangjian_desktop.core.cards import CardStatusRow, Clause
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.text import group_sort_key
from dangjian_desktop.ui.table_models import Column, RowsModel

Index = QModelIndex | QPersistentModelIndex
ALL_STATES = "全部"

# how far along the cycle a state is, for sorting and for colour
STATE_ORDER = {state: n for n, state in enumerate(cards.STATES)}
STATE_COLOURS = {
    cards.NO_CARD: "#999999",
    cards.DRAFTING: "#b36b00",
    cards.POSTED: "#1b7d2c",
    cards.REVIEWED: "#1a4f9c",
}


def _commitments(r: CardStatusRow) -> str:
    if r.card_id is None:
        return ""
    warn = cards.commitment_warning(r.commitment_count)
    return f"{r.commitment_count}{' ⚠' if warn else ''}"


COLUMNS: tuple[Column[CardStatusRow], ...] = (
    Column("姓名", lambda r: r.name),
    Column("党小组", lambda r: r.party_group, lambda r: group_sort_key(r.party_group)),
    Column(
        "状态",
        lambda r: r.state,
        lambda r: STATE_ORDER.get(r.state, 0),
        colour=lambda r: STATE_COLOURS.get(r.state, "#333333"),
    ),
    Column("岗位", lambda r: r.post),
    Column("条款", lambda r: str(r.clause_count) if r.card_id else "", lambda r: r.clause_count),
    Column(
        "承诺事项",
        _commitments,
        lambda r: r.commitment_count,
        tooltip=lambda r: cards.commitment_warning(r.commitment_count) if r.card_id else None,
    ),
    Column(
        "已完成",
        lambda r: f"{r.done_count}/{r.clause_count}" if r.card_id else "",
        lambda r: r.done_count / r.clause_count if r.clause_count else -1,
    ),
    Column("年终评诺", lambda r: r.year_end_result),
)


class CardsTableModel(RowsModel[CardStatusRow]):
    def __init__(self) -> None:
        super().__init__(COLUMNS, row_id=lambda r: r.member_id)
        self._state = ALL_STATES

    def set_state_filter(self, state: str) -> None:
        self._state = state
        self.set_predicate(None if state == ALL_STATES else lambda r: r.state == state)


SHORT_CATEGORY = {
    cards.REQUIRED: "必须参加",
    cards.CHOSEN: "个人选定",
    cards.POST_DUTY: "设岗定责",
    cards.COMMITMENT: "承诺事项",
}


CLAUSE_TABLE: tuple[Column[Clause], ...] = (
    Column("类别", lambda c: SHORT_CATEGORY.get(c.category, c.category)),
    Column("条款", lambda c: c.text, tooltip=lambda c: c.text),
    Column(
        "完成",
        lambda c: "✔ 已完成" if c.done else "未完成",
        colour=lambda c: "#1b7d2c" if c.done else "#999999",
    ),
    Column("完成日期", lambda c: format_cn(c.done_date), lambda c: c.done_date),
    Column("备注", lambda c: c.note),
)


class ClauseTableModel(RowsModel[Clause]):
    """One card's clauses for marking them done (践诺)."""

    def __init__(self) -> None:
        super().__init__(CLAUSE_TABLE, row_id=lambda c: c.id)

    def clause_at(self, position: int) -> Clause:
        return self.row_at(position)
