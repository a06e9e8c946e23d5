"""The roster's order of 党小组 that carry no number (core/member_rows.py): after the numbered ones,
members in no 党小组 first, then the other groups by name, a group named in Latin letters included
(an imported roster may call a group "A组"); as core.text.group_sort_key orders the group names."""

from __future__ import annotations

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.member_rows import read_member_rows
from dangjian_desktop.core.roster import MemberDraft, add_member


def test_members_in_no_group_come_before_every_group_without_a_number(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        for name, group in (
            ("甲", "A组"),
            ("乙", ""),
            ("丙", "第二党小组"),
            ("丁", "Z组"),
            ("戊", "妇女小组"),
        ):
            add_member(session, branch_id, MemberDraft(name=name, party_group=group))
    with db.connect() as connection:
        rows = read_member_rows(connection, branch_id=branch_id)
    assert [r.name for r in rows] == ["丙", "乙", "甲", "丁", "戊"]
