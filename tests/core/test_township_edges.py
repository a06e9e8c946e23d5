"""The township's summary lines and the way back to one village, on their lines (issue 21, mutation
testing of core/township.py): the refusal's words with two branches and more, none with one; the
political birthdays of the summary 30 days ahead by default (the 30th day in, the 31st out); the
lines in order of name, a branch with nothing in it counted as nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.core.stats import AGE_BANDS
from dangjian_desktop.core.township import branch_summaries, village_switch_problem

TODAY = dt.date(2026, 11, 22)


def _branches(db, names: list[str]) -> dict[str, int]:
    with db.transaction() as session:
        made = [Branch(name=name) for name in names]
        session.add_all(made)
        session.flush()
        return {b.name: b.id for b in made}


@pytest.mark.parametrize("count", [1, 2, 3])
def test_going_back_to_one_village_is_refused_in_words_from_two_branches(db, count) -> None:
    _branches(db, [f"第{i + 1}村党支部" for i in range(count)])
    with db.reading() as session:
        problem = village_switch_problem(session)
    if count == 1:
        assert problem is None
    else:
        assert problem == (
            f"这个数据库已经合并了 {count} 个党支部的数据，只能作为乡镇汇总使用，不能切换回本村台账。"
        )


def test_the_summary_counts_political_birthdays_30_days_ahead_by_default_in_order_of_name(db) -> None:
    ids = _branches(db, ["丙村党支部", "甲村党支部", "乙村党支部"])
    on_line, past = TODAY + dt.timedelta(days=30), TODAY + dt.timedelta(days=31)
    with db.transaction() as session:
        for branch, day in (("甲村党支部", on_line), ("乙村党支部", past)):
            join = day.replace(year=2000)
            session.add(
                Member(
                    branch_id=ids[branch],
                    name=f"{branch[0]}党员",
                    gender="男",
                    birth_date=dt.date(1970, 5, 5),
                    join_date=join,
                    join_md=join.strftime("%m-%d"),
                )
            )
    with db.reading() as session:
        lines = branch_summaries(session, TODAY)
        wider = branch_summaries(session, TODAY, birthday_days=31)
    assert [line.name for line in lines] == ["丙村党支部", "乙村党支部", "甲村党支部"]
    assert [line.birthdays_upcoming for line in lines] == [0, 0, 1]
    assert [line.birthdays_upcoming for line in wider] == [0, 1, 1]
    empty = lines[0]
    assert (empty.branch_id, empty.members, empty.probationary, empty.mobile) == (ids["丙村党支部"], 0, 0, 0)
    assert empty.age_bands == dict.fromkeys(AGE_BANDS, 0)
    assert empty.cards_completion == "—"
    assert lines[2].members == 1 and lines[2].age_bands["46-60岁"] == 1


def test_the_summary_is_of_the_day_given_with_the_branchs_package_times(db) -> None:
    """A summary read for 2020-06-01 counts that year's new member and the package times as stored,
    whatever the machine's clock says; the 党费 line names its branch by id and name."""
    from dangjian_desktop.core.township import branch_dues

    (branch_id,) = _branches(db, ["甲村党支部"]).values()
    exported, merged = dt.datetime(2020, 5, 30, 9, 0), dt.datetime(2020, 5, 31, 10, 0)
    with db.transaction() as session:
        branch = session.get(Branch, branch_id)
        branch.package_exported_at, branch.package_merged_at = exported, merged
        joined = dt.date(2020, 3, 1)
        session.add(
            Member(
                branch_id=branch_id,
                name="新党员",
                gender="女",
                join_date=joined,
                join_md=joined.strftime("%m-%d"),
            )
        )
    day = dt.date(2020, 6, 1)
    with db.reading() as session:
        (line,) = branch_summaries(session, day)
        (dues,) = branch_dues(session, 2020, day)
    assert (line.package_exported_at, line.package_merged_at) == (exported, merged)
    assert line.new_this_year == 1 and line.no_new_member_in_two_years is False
    assert (dues.branch_id, dues.name) == (branch_id, "甲村党支部")
