"""明白卡, fourth part: what the mutation run of issue 21 found untested (tests/MUTANTS.md, core/cards/):
a year copied from the one before counts every card copied and every member gone, not only the first."""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.core import cards
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster
from tests.core.logs import last_log

D = dt.date
TODAY = D(2026, 6, 15)  # the day the members leave on is checked against this, not the clock
TEXTS = {
    cards.REQUIRED: ["按时参加三会一课"],
    cards.CHOSEN: ["参加村庄清洁行动"],
    cards.POST_DUTY: ["每季度入户宣讲政策1次"],
    cards.COMMITMENT: ["帮助2户群众销售农产品", "为留守老人义务理发"],
}


def _member(db: Database, branch_id: int, name: str = "张三") -> int:
    with db.transaction() as s:
        return add_member(s, branch_id, MemberDraft(name=name, gender="男", join_date="2000-07-01"))


def _card(db: Database, member_id: int, year: int = 2026) -> int:
    with db.transaction() as s:
        return cards.create_card(s, member_id, year, post="政策宣传岗", texts=TEXTS)


# --- a year copied from the one before --------------------------------------------------------------


def test_copying_a_year_counts_each_card_copied_and_each_member_gone(db: Database, branch_id: int) -> None:
    """Two of each, so a count that is set to 1 instead of added to is seen: two members on the roster
    (copied), two gone (a transfer and a death: not copied), one who already has next year's card."""
    names = ("甲", "乙", "丙", "丁", "戊")
    ids = {name: _member(db, branch_id, name) for name in names}
    for member_id in ids.values():
        _card(db, member_id, 2025)
    _card(db, ids["戊"], 2026)
    with db.transaction() as s:
        leave_roster(s, ids["丙"], "转出", D(2026, 1, 10), "迁往外地", today=TODAY)
        leave_roster(s, ids["丁"], "去世", D(2026, 2, 10), "病故", today=TODAY)
    with db.transaction() as s:
        result = cards.copy_year(s, 2025, 2026, branch_id=branch_id)
    assert result == cards.CopyResult(copied=2, already_had=1, left_roster=2)
    assert last_log(db) == ("复制明白卡", "2025→2026：2张")
    with db.reading() as s:
        copied = {c.member_name for c in cards.list_cards(s, 2026, branch_id=branch_id)}
    assert copied == {"甲", "乙", "戊"}
