"""Edges of core/text.py (what people type: full-width characters, spaces, 党小组 numbers) and
core/stats.py (the roster's counts): the ends of each full-width range and the characters just
outside them, 十 in every place of a number, the blanks counted as 未填, the age bands' lines."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster, list_members
from dangjian_desktop.core.stats import AGE_BANDS, age_band, roster_stats
from dangjian_desktop.core.text import (
    clean,
    clean_identifier,
    clean_name,
    digits_only,
    group_sort_key,
    has_foreign_digits,
    to_halfwidth,
)

TODAY = dt.date(2026, 11, 22)


def test_full_width_ranges_end_where_they_should() -> None:
    # ！ (FF01) and ～ (FF5E) are the ends of to_halfwidth's range; ｟ (FF5F) is past it
    assert to_halfwidth("！～｟　Ａ１") == "!~｟ A1"
    # clean(): digits and letters only, punctuation and ＠［｀｛ (next to them) kept as typed
    assert clean("０９ＡＺａｚ＠［｀｛，；（）") == "09AZaz＠［｀｛，；（）"
    assert clean("\u00a0 张三\u00a0") == "张三" and clean(None) == "" and clean(12) == "12"
    assert clean_identifier("\u00a0１１０－１\u00a0") == "110-1"
    assert clean_identifier(None) == "" and clean_identifier(7) == "7"
    # a no-break space inside becomes a plain one
    assert clean("张\u00a0三") == "张 三" and clean_identifier("0791\u00a01234") == "0791 1234"


def test_names_lose_every_space_and_digits_are_0_to_9_only() -> None:
    assert clean_name(" 张  三\u3000") == "张三" and clean_name(None) == ""
    assert digits_only("１３８-0013 ９000") == "13800139000"
    assert digits_only("²③٣") == "" and digits_only(None) == ""
    assert digits_only("138 TEL 8000 ext") == "1388000"  # letters are no digits, capitals neither
    assert has_foreign_digits("12²") and has_foreign_digits("①") and has_foreign_digits("٣")
    assert not has_foreign_digits("123") and not has_foreign_digits("１２３")
    assert not has_foreign_digits("张三") and not has_foreign_digits("")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("第2党小组", 2),
        ("第12党小组", 12),
        ("第〇党小组", 0),
        ("第二党小组", 2),
        ("第九党小组", 9),
        ("第十党小组", 10),
        ("第十一党小组", 11),
        ("第二十党小组", 20),
        ("第二十三党小组", 23),
        ("其他", 10_000),
        ("", 10_000),
    ],
)
def test_group_numbers_in_either_writing(name: str, value: int) -> None:
    assert group_sort_key(name) == (value, name)


def test_groups_sort_by_their_numbers() -> None:
    names = ["其他", "第二十党小组", "第十一党小组", "第十党小组", "第三党小组", "第二党小组", "第1党小组"]
    assert sorted(names, key=group_sort_key) == [
        "第1党小组",
        "第二党小组",
        "第三党小组",
        "第十党小组",
        "第十一党小组",
        "第二十党小组",
        "其他",
    ]


@pytest.mark.parametrize(
    ("age", "band"),
    [(None, "出生日期不详"), (0, AGE_BANDS[0]), (35, AGE_BANDS[0]), (36, AGE_BANDS[1]), (45, AGE_BANDS[1])]
    + [(46, AGE_BANDS[2]), (60, AGE_BANDS[2]), (61, AGE_BANDS[3]), (120, AGE_BANDS[3])],
)
def test_age_bands_on_their_lines(age: int | None, band: str) -> None:
    assert age_band(age) == band


def test_roster_counts_blanks_as_unfilled_and_shares(db, branch_id: int) -> None:  # noqa: ANN001
    drafts = [
        MemberDraft(name="甲", gender="女", ethnicity="汉族", education="高中", birth_date="1991-11-22"),
        MemberDraft(name="乙", gender="", ethnicity="", education="", birth_date=""),
        MemberDraft(name="丙", gender="男", ethnicity="回族", education="高中", birth_date="1960-01-01"),
    ]
    with db.transaction() as session:
        ids = [add_member(session, branch_id, d) for d in drafts]
        leave_roster(session, ids[2], "去世", dt.date(2026, 1, 1), "病故")
        # a blank 民族 as an imported or merged row may carry it (a new member gets 汉族)
        session.execute(update(Member).where(Member.id == ids[1]).values(ethnicity=""))
    with db.reading() as session:
        stats = roster_stats(list_members(session), TODAY)
        again = roster_stats(list_members(session))  # today's date by default
    assert stats.total == 2
    assert stats.by_gender == {"女": 1, "未填": 1}
    assert stats.by_ethnicity == {"汉族": 1, "未填": 1}
    assert stats.by_education == {"高中": 1, "未填": 1}
    # 35 on the day: still 35岁及以下
    assert stats.by_age_band == {**dict.fromkeys(AGE_BANDS, 0), "35岁及以下": 1, "出生日期不详": 1}
    assert again.total == 2 and sum(again.by_age_band.values()) == 2
    assert stats.share(1) == "50.00%" and stats.share(0) == "0.00%"
    assert roster_stats([], TODAY).share(3) == "0%"
