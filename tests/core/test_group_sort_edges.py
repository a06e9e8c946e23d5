"""党小组 names in their numbers' order (core/text.group_sort_key), for names typed wrong as well: a run
of Chinese numerals that is no number (第十十党小组, 第二三十党小组, 第十一二党小组: a slip of the brush
in a roster) never stops the roster, the meetings or the statistics from sorting, and sorts by the rule
the function states: the part before the first 十 is the tens, a part that is no single numeral counts
as one ten (before 十) or as no ones (after it)."""

from __future__ import annotations

import pytest

from dangjian_desktop.core.text import group_sort_key


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("第九党小组", 9),
        ("第十党小组", 10),  # 十 alone: one ten
        ("第二三十党小组", 10),  # tens 二三, no single numeral: one ten
        ("第十一二党小组", 10),  # ones 一二, no single numeral: no ones
        ("第十一党小组", 11),
        ("第十十党小组", 20),  # the first 十 splits: nothing before it (one ten), 十 after it (ten)
        ("第二十党小组", 20),
    ],
)
def test_a_numeral_run_that_is_no_number_sorts_by_the_stated_rule(name: str, value: int) -> None:
    assert group_sort_key(name) == (value, name)


def test_wrongly_typed_groups_sort_among_the_others_without_stopping_the_sort() -> None:
    names = ["第二十党小组", "第十一二党小组", "第十十党小组", "第九党小组", "第十一党小组", "第二三十党小组"]
    assert sorted(names, key=group_sort_key) == [
        "第九党小组",
        "第二三十党小组",  # 10, then by the name itself
        "第十一二党小组",
        "第十一党小组",
        "第二十党小组",  # 20
        "第十十党小组",
    ]
