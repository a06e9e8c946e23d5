"""The 支部大会 vote on admission and on 转正 (细则 第二十条, 第二十一条, 第三十三条).

应到 is every 正式党员 on the roster that day (预备党员 have no vote). The meeting is valid only when
实到 is more than half of 应到; the resolution passes only when 赞成 is more than half of 应到, not of
实到. Written opinions of entitled members who could not come count as votes, so the votes may
exceed 实到, but never 应到.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangjian_desktop.core.develop.path import DevelopError
from dangjian_desktop.core.develop.rules import RULES


@dataclass(frozen=True)
class Vote:
    entitled: int
    present: int
    votes_for: int
    against: int
    abstain: int

    @property
    def valid(self) -> bool:
        return self.present * 2 > self.entitled

    @property
    def passed(self) -> bool:
        return self.valid and self.votes_for * 2 > self.entitled

    def reason(self) -> str:
        """Why the vote failed, in Chinese with the rule; empty when it passed."""
        if not self.valid:
            return (
                f"到会有表决权的 {self.present} 人未超过应到 {self.entitled} 人的半数，会议无效"
                f"（{RULES['quorum'].cite}）"
            )
        if not self.passed:
            return (
                f"赞成 {self.votes_for} 票未超过应到会有表决权 {self.entitled} 人的半数，决议未通过"
                f"（{RULES['majority'].cite}）"
            )
        return ""

    def result(self) -> str:
        if not self.valid:
            return "会议无效"
        return "通过" if self.passed else "未通过"

    def summary(self) -> str:
        return (
            f"应到会有表决权 {self.entitled} 人，实到 {self.present} 人；赞成 {self.votes_for} 票，"
            f"反对 {self.against} 票，弃权 {self.abstain} 票；{self.result()}"
        )


def count_vote(entitled: int, present: int, votes_for: int, against: int, abstain: int) -> Vote:
    """The counts as entered, checked for what cannot be: DevelopError names the problem."""
    for value, label in ((present, "实到"), (votes_for, "赞成"), (against, "反对"), (abstain, "弃权")):
        if value < 0:
            raise DevelopError(f"{label}人数不能为负数")
    if entitled == 0:
        raise DevelopError("当天花名册上没有有表决权的正式党员，无法表决；请先核对花名册")
    if present > entitled:
        raise DevelopError(f"实到 {present} 人多于应到会有表决权的 {entitled} 人（当天在册正式党员）")
    if votes_for + against + abstain > entitled:
        raise DevelopError(
            f"赞成、反对、弃权合计 {votes_for + against + abstain} 票，多于应到会有表决权的 {entitled} 人"
        )
    return Vote(entitled, present, votes_for, against, abstain)
