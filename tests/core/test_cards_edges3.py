"""明白卡, third part: a card made with no post named (as the 明白卡 tab's "open card" makes it) has no
post, not a made-up one, and says so among its warnings; it starts from the branch's standard list."""

from __future__ import annotations

from dangjian_desktop.core import cards
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member


def test_a_card_made_without_a_post_has_none_and_is_warned(db: Database, branch_id: int) -> None:
    with db.transaction() as s:
        member_id = add_member(s, branch_id, MemberDraft(name="张三", gender="男", join_date="2000-07-01"))
        card_id = cards.create_card(s, member_id, 2026)
        standard = cards.standard_activities(s)
    with db.reading() as s:
        card = cards.get_card(s, card_id)
    assert card.post == ""
    assert card.warnings[0] == "尚未设岗定责，请选择岗位"
    assert [c.text for c in card.clauses_in(cards.REQUIRED)] == standard
    assert card.clauses_in(cards.POST_DUTY) == []
