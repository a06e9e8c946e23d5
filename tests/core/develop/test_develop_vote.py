"""The 支部大会 vote (细则 第二十条, 第二十一条): valid when more than half of 应到 came, passed when more
than half of 应到 (not of 实到) voted for; the counts that cannot be are refused in words. Each rule on
its line, one below and one above (tests/MUTANTS.md, core/develop/)."""

from __future__ import annotations

import pytest

from dangjian_desktop.core.develop.path import DevelopError
from dangjian_desktop.core.develop.vote import Vote, count_vote

QUORUM = "《中国共产党发展党员工作细则》（2014）第二十条"
MAJORITY = "《中国共产党发展党员工作细则》（2014）第二十一条"


@pytest.mark.parametrize(("present", "valid"), [(2, False), (3, False), (4, True)])
def test_more_than_half_of_those_entitled_must_come(present: int, valid: bool) -> None:
    vote = count_vote(6, present, present, 0, 0)
    assert vote.valid is valid
    if valid:
        assert (vote.passed, vote.result(), vote.reason()) == (True, "通过", "")
    else:
        assert (vote.passed, vote.result()) == (False, "会议无效")
        assert vote.reason() == (f"到会有表决权的 {present} 人未超过应到 6 人的半数，会议无效（{QUORUM}）")


@pytest.mark.parametrize(("votes_for", "passed"), [(2, False), (3, False), (4, True)])
def test_more_than_half_of_those_entitled_must_vote_for(votes_for: int, passed: bool) -> None:
    """Half of 应到 (6), not of 实到 (5): 3 for out of 5 present is a majority of those present but
    does not pass."""
    vote = count_vote(6, 5, votes_for, 5 - votes_for, 0)
    assert vote.valid is True
    assert vote.passed is passed
    assert vote.result() == ("通过" if passed else "未通过")
    if passed:
        assert vote.reason() == ""
    else:
        assert vote.reason() == (
            f"赞成 {votes_for} 票未超过应到会有表决权 6 人的半数，决议未通过（{MAJORITY}）"
        )
    assert vote.summary() == (
        f"应到会有表决权 6 人，实到 5 人；赞成 {votes_for} 票，反对 {5 - votes_for} 票，弃权 0 票；"
        f"{vote.result()}"
    )


def test_an_invalid_meeting_passes_nothing_whatever_the_votes() -> None:
    vote = Vote(entitled=6, present=3, votes_for=6, against=0, abstain=0)  # written opinions
    assert (vote.valid, vote.passed, vote.result()) == (False, False, "会议无效")
    assert "会议无效" in vote.summary()


def test_written_opinions_may_make_the_votes_exceed_those_present() -> None:
    vote = count_vote(6, 4, 5, 1, 0)
    assert (vote.entitled, vote.present, vote.votes_for, vote.against, vote.abstain) == (6, 4, 5, 1, 0)
    assert vote.passed is True


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ((6, -1, 0, 0, 0), "^实到人数不能为负数$"),
        ((6, 4, -1, 0, 0), "^赞成人数不能为负数$"),
        ((6, 4, 0, -1, 0), "^反对人数不能为负数$"),
        ((6, 4, 0, 0, -1), "^弃权人数不能为负数$"),
        ((0, 0, 0, 0, 0), "^当天花名册上没有有表决权的正式党员，无法表决；请先核对花名册$"),
        ((6, 7, 0, 0, 0), r"^实到 7 人多于应到会有表决权的 6 人（当天在册正式党员）$"),
        ((6, 6, 4, 2, 1), "^赞成、反对、弃权合计 7 票，多于应到会有表决权的 6 人$"),
    ],
)
def test_counts_that_cannot_be_are_refused_in_words(counts: tuple[int, ...], message: str) -> None:
    with pytest.raises(DevelopError, match=message):
        count_vote(*counts)


def test_counts_on_the_line_are_accepted() -> None:
    """Zero of each, everyone present, every entitled member voting: all allowed."""
    assert count_vote(1, 0, 0, 0, 0).valid is False
    assert count_vote(6, 6, 4, 1, 1).passed is True
    assert count_vote(1, 1, 1, 0, 0).passed is True
