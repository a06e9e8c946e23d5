"""Compound surnames (复姓) other than 欧阳, found in the roster by the reading people know and by
initials, and not by the reading of the first character alone. Issue 21: only 欧阳 had a roster test."""

from dangjian_desktop.core.roster import MemberDraft, add_member, filter_rows, list_members

# name -> (queries that find it, queries that must not: the single-character misreadings)
CASES = {
    "长孙无忌": (("zhangsunwuji", "zswj", "zhangsun", "长孙"), ("changsun", "cswj")),
    "单于明": (("chanyuming", "cym", "chanyu"), ("shanyu", "danyu", "sym", "dym")),
    "司马光": (("simaguang", "smg"), ()),
    "诸葛亮": (("zhugeliang", "zgl"), ()),
    "上官婉儿": (("shangguanwaner", "sgwe"), ()),
    "尉迟恭": (("yuchigong", "ycg"), ("weichi", "wcg")),
    "万俟卨": (("moqi", "mqx"), ("wanqi", "wsx")),
}


def test_compound_surnames_are_found_in_the_roster(db, branch_id) -> None:
    """Fails on a search key that looks the surname up by its first character only (planted in
    core/search.py: `surname = name[:1]`; 长孙 read chang sun; red, reverted)."""
    with db.transaction() as session:
        for name in [*CASES, "单丽", "张三"]:
            add_member(session, branch_id, MemberDraft(name=name, join_date="2015-01-01"))
    with db.reading() as session:
        rows = list_members(session)
    for name, (found, not_found) in CASES.items():
        for query in found:
            assert name in [r.name for r in filter_rows(rows, query)], (name, query)
        for query in not_found:
            assert name not in [r.name for r in filter_rows(rows, query)], (name, query)
    # 单 alone is still shan: the compound 单于 does not change 单丽
    assert [r.name for r in filter_rows(rows, "shanli")] == ["单丽"]
    assert [r.name for r in filter_rows(rows, "chanyu")] == ["单于明"]
