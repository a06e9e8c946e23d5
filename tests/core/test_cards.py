"""明白卡 services: the step order, the 2-to-5 commitments warning, completion rates, copying a year."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core import cards, settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import CardClause, Meeting, ResponsibilityCard
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

TODAY = dt.date(2026, 11, 22)
D = dt.date


def _member(db: Database, branch_id: int, name: str) -> int:
    with db.transaction() as s:
        return add_member(s, branch_id, MemberDraft(name=name, gender="男", join_date="2000-07-01"))


def _card(db: Database, branch_id: int, name: str = "张三", year: int = 2026, **kw) -> int:
    member_id = _member(db, branch_id, name)
    texts = kw.pop(
        "texts",
        {
            cards.REQUIRED: ["按时参加三会一课", "按月交纳党费"],
            cards.CHOSEN: ["参加村庄清洁行动"],
            cards.POST_DUTY: ["每季度入户宣讲政策1次"],
            cards.COMMITMENT: ["帮助2户群众销售农产品", "为留守老人义务理发"],
        },
    )
    with db.transaction() as s:
        return cards.create_card(s, member_id, year, post=kw.pop("post", "政策宣传岗"), texts=texts)


STEP_DAYS = (D(2026, 1, 5), D(2026, 1, 15), D(2026, 1, 25), D(2026, 2, 5))


def _walk(db: Database, card_id: int, days: tuple[dt.date, ...] = STEP_DAYS) -> None:
    with db.transaction() as s:
        for step, day in zip(cards.STEPS, days, strict=True):
            cards.record_step(s, card_id, step, day, f"{step}备注", today=TODAY)


def test_new_card_is_prefilled_from_the_branch_standard_list(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id, "李四")
    with db.transaction() as s:
        settings.put(s, cards.STANDARD_ACTIVITIES, ["每月参加主题党日", "按月交纳党费"])
        card_id = cards.create_card(s, member_id, 2026, post="环境卫生岗")
    with db.reading() as s:
        card = cards.get_card(s, card_id)
    assert [c.text for c in card.clauses_in(cards.REQUIRED)] == ["每月参加主题党日", "按月交纳党费"]
    assert [c.text for c in card.clauses_in(cards.POST_DUTY)] == [cards.POST_DUTIES["环境卫生岗"]]
    assert card.state == cards.DRAFTING
    with db.transaction() as s, pytest.raises(cards.CardError, match="已有2026年度"):
        cards.create_card(s, member_id, 2026)


def test_steps_must_follow_in_order_and_not_go_back_in_time(db: Database, branch_id: int) -> None:
    card_id = _card(db, branch_id)
    with db.transaction() as s, pytest.raises(cards.CardError, match="请先记录“群众评”"):
        cards.record_step(s, card_id, "支部定", D(2026, 2, 1), today=TODAY)
    with db.transaction() as s, pytest.raises(cards.CardError, match="请先记录“个人报”"):
        cards.record_step(s, card_id, "党员议", D(2026, 2, 1), today=TODAY)
    with db.transaction() as s:
        cards.record_step(s, card_id, "个人报", D(2026, 1, 10), today=TODAY)
    with db.transaction() as s, pytest.raises(cards.CardError, match="不能早于“个人报”"):
        cards.record_step(s, card_id, "党员议", D(2026, 1, 9), today=TODAY)
    with db.transaction() as s, pytest.raises(cards.CardError, match="不能晚于今天"):
        cards.record_step(s, card_id, "党员议", D(2026, 12, 1), today=TODAY)
    with db.transaction() as s:
        cards.record_step(s, card_id, "党员议", D(2026, 1, 12), today=TODAY)
    # correcting an earlier step may not jump past the step after it
    with db.transaction() as s, pytest.raises(cards.CardError, match="不能晚于已记录的“党员议”"):
        cards.record_step(s, card_id, "个人报", D(2026, 1, 13), today=TODAY)
    with db.reading() as s:
        card = cards.get_card(s, card_id)
    assert card.state == "已党员议"
    assert card.step("个人报").date == D(2026, 1, 10)
    assert card.step("群众评").date is None


def test_a_card_is_posted_only_after_the_branch_decides(db: Database, branch_id: int) -> None:
    card_id = _card(db, branch_id)
    with db.transaction() as s:
        for step, day in zip(cards.STEPS[:3], (D(2026, 1, 5), D(2026, 1, 6), D(2026, 1, 7)), strict=True):
            cards.record_step(s, card_id, step, day, today=TODAY)
    with db.transaction() as s, pytest.raises(cards.CardError, match="须经“支部定”后才能上墙"):
        cards.post_card(s, card_id, D(2026, 1, 8), today=TODAY)
    with db.transaction() as s, pytest.raises(cards.CardError, match="尚未经“支部定”"):
        cards.mark_clause(s, cards.get_card(s, card_id).clauses[0].id, True, D(2026, 3, 1), today=TODAY)
    with db.transaction() as s:
        cards.record_step(s, card_id, "支部定", D(2026, 1, 20), today=TODAY)
    with db.transaction() as s, pytest.raises(cards.CardError, match="不能早于“支部定”"):
        cards.post_card(s, card_id, D(2026, 1, 19), today=TODAY)
    with db.transaction() as s, pytest.raises(cards.CardError, match="尚未上墙"):
        cards.set_year_end(s, card_id, "优秀")
    with db.transaction() as s:
        cards.post_card(s, card_id, D(2026, 1, 21), today=TODAY)
    with db.transaction() as s, pytest.raises(cards.CardError, match="已上墙"):
        cards.clear_step(s, card_id, "支部定")
    with db.transaction() as s:
        cards.set_year_end(s, card_id, "合格", "全部兑现")
    with db.reading() as s:
        assert cards.get_card(s, card_id).state == cards.REVIEWED
        assert s.get(ResponsibilityCard, card_id).posted_date == D(2026, 1, 21)


def test_党员议_can_link_a_meeting(db: Database, branch_id: int) -> None:
    card_id = _card(db, branch_id)
    with db.transaction() as s:
        meeting = Meeting(branch_id=branch_id, kind="支部党员大会", date=D(2026, 1, 12), title="讨论明白卡")
        s.add(meeting)
        s.flush()
        meeting_id = meeting.id
        cards.record_step(s, card_id, "个人报", D(2026, 1, 10), today=TODAY)
        cards.record_step(
            s, card_id, "党员议", D(2026, 1, 12), "党员大会逐条讨论", meeting_id=meeting_id, today=TODAY
        )
    with db.transaction() as s, pytest.raises(cards.CardError, match="找不到编号为 999 的会议"):
        cards.record_step(s, card_id, "党员议", D(2026, 1, 12), meeting_id=999, today=TODAY)
    with db.reading() as s:
        card = cards.get_card(s, card_id)
        choices = cards.meeting_choices(s, 2026)
    assert card.discussed_meeting_id == meeting_id
    assert card.step("党员议").note == "党员大会逐条讨论"
    assert [c.id for c in choices] == [meeting_id]


@pytest.mark.parametrize(("count", "warned"), [(0, True), (1, True), (2, False), (5, False), (6, True)])
def test_commitments_outside_2_to_5_are_warned_not_refused(
    db: Database, branch_id: int, count: int, warned: bool
) -> None:
    card_id = _card(db, branch_id)
    texts = {cards.COMMITMENT: [f"承诺事项{i}" for i in range(count)]}
    with db.transaction() as s:
        warnings = cards.save_clauses(s, card_id, "政策宣传岗", texts)
    message = "服务群众承诺事项应为2至5条"
    assert any(message in w for w in warnings) == warned
    with db.reading() as s:
        card = cards.get_card(s, card_id)
    assert card.commitment_count == count
    assert any(message in w for w in card.warnings) == warned
    if warned:
        assert f"{count}条" in cards.commitment_warning(count)


def test_saving_texts_keeps_done_marks_of_unchanged_clauses(db: Database, branch_id: int) -> None:
    card_id = _card(db, branch_id)
    _walk(db, card_id)
    with db.transaction() as s:
        kept = cards.get_card(s, card_id).clauses_in(cards.COMMITMENT)[1]
        cards.mark_clause(s, kept.id, True, D(2026, 5, 1), "已理发12人次", today=TODAY)
        cards.save_clauses(
            s,
            card_id,
            "政策宣传岗",
            {cards.COMMITMENT: ["帮助3户群众销售农产品", "为留守老人义务理发", "  义务清扫主干道  "]},
        )
    with db.reading() as s:
        commitments = cards.get_card(s, card_id).clauses_in(cards.COMMITMENT)
    assert [(c.text, c.done, c.note) for c in commitments] == [
        ("帮助3户群众销售农产品", False, ""),
        ("为留守老人义务理发", True, "已理发12人次"),
        ("义务清扫主干道", False, ""),
    ]


def test_completion_rates_on_known_data(db: Database, branch_id: int) -> None:
    a = _card(db, branch_id, "甲")  # 6 clauses: 2 required, 1 chosen, 1 post, 2 commitments
    b = _card(db, branch_id, "乙")
    draft = _card(db, branch_id, "丙")  # never decided: not counted
    _walk(db, a)
    _walk(db, b)
    with db.transaction() as s:
        ca, cb = cards.get_card(s, a), cards.get_card(s, b)
        for clause in (*ca.clauses_in(cards.REQUIRED), ca.clauses_in(cards.COMMITMENT)[0]):
            cards.mark_clause(s, clause.id, True, D(2026, 6, 1), today=TODAY)
        for clause in cb.clauses_in(cards.COMMITMENT):
            cards.mark_clause(s, clause.id, True, D(2026, 6, 1), today=TODAY)
        cards.mark_clause(s, cb.clauses_in(cards.POST_DUTY)[0].id, True, D(2026, 7, 1), today=TODAY)
        # marked done, then found not done after all
        cards.mark_clause(s, cb.clauses_in(cards.CHOSEN)[0].id, True, D(2026, 7, 1), today=TODAY)
        cards.mark_clause(s, cb.clauses_in(cards.CHOSEN)[0].id, False, note="外出未参加", today=TODAY)
    with db.reading() as s:
        result = cards.completion(s, 2026)
        draft_card = cards.get_card(s, draft)
    assert draft_card.state == cards.DRAFTING
    assert result.cards == 2
    assert (result.overall.done, result.overall.total) == (6, 12)
    assert result.overall.rate == pytest.approx(0.5)
    assert result.overall.text() == "50.0%（6/12）"
    assert (result.by_category[cards.REQUIRED].done, result.by_category[cards.REQUIRED].total) == (2, 4)
    assert (result.by_category[cards.CHOSEN].done, result.by_category[cards.CHOSEN].total) == (0, 2)
    assert (result.by_category[cards.POST_DUTY].done, result.by_category[cards.POST_DUTY].total) == (1, 2)
    assert (result.by_category[cards.COMMITMENT].done, result.by_category[cards.COMMITMENT].total) == (3, 4)
    with db.reading() as s:
        assert cards.completion(s, 2025).overall.text() == "—"


def test_copying_a_year_copies_texts_not_steps_or_marks(db: Database, branch_id: int) -> None:
    a = _card(db, branch_id, "甲", year=2025)
    b = _card(db, branch_id, "乙", year=2025)
    c = _card(db, branch_id, "丙", year=2025)
    _walk(db, a, days=(D(2025, 1, 5), D(2025, 1, 6), D(2025, 1, 7), D(2025, 1, 8)))
    with db.transaction() as s:
        card_a = cards.get_card(s, a)
        cards.mark_clause(s, card_a.clauses[0].id, True, D(2025, 3, 1), today=TODAY)
        cards.post_card(s, a, D(2025, 1, 9), today=TODAY)
        card_b = cards.get_card(s, b)
        leave_roster(s, card_b.member_id, "转出", D(2025, 10, 1), "转至镇机关")
        member_c = cards.get_card(s, c).member_id
        cards.create_card(s, member_c, 2026, post="环境卫生岗")  # 丙 already started 2026 by hand
    with db.transaction() as s:
        result = cards.copy_year(s, 2025, 2026)
    assert result == cards.CopyResult(copied=1, already_had=1, left_roster=1)
    with db.reading() as s:
        new = cards.find_card(s, card_a.member_id, 2026)
        assert new is not None
        assert new.post == card_a.post
        assert [(x.category, x.text) for x in new.clauses] == [(x.category, x.text) for x in card_a.clauses]
        assert not any(x.done for x in new.clauses)
        assert all(step.date is None for step in new.steps) and new.posted_date is None
        assert new.state == cards.DRAFTING
        assert cards.find_card(s, member_c, 2026).post == "环境卫生岗"
        assert (
            s.scalar(select(func.count()).select_from(CardClause))
            == 6 * 3 + 6 + len(cards.default_texts(s, "环境卫生岗")[cards.REQUIRED]) + 1
        )
    with db.transaction() as s:  # twice changes nothing
        assert cards.copy_year(s, 2025, 2026) == cards.CopyResult(0, 2, 1)


def test_card_states_cover_every_member_on_the_roster(db: Database, branch_id: int) -> None:
    a = _card(db, branch_id, "甲")
    _member(db, branch_id, "乙")
    _walk(db, a)
    with db.reading() as s:
        rows = cards.card_states(s, 2026, branch_id=branch_id)
        data = cards.list_cards(s, 2026)[0].as_json()
    assert [(r.name, r.state) for r in rows] == [("甲", "已支部定"), ("乙", cards.NO_CARD)]
    assert rows[0].clause_count == 6 and rows[0].commitment_count == 2
    assert data["steps"] == {
        "个人报": "2026-01-05",
        "党员议": "2026-01-15",
        "群众评": "2026-01-25",
        "支部定": "2026-02-05",
    }
    assert data["items"][0] == {"category": cards.REQUIRED, "text": "按时参加三会一课", "done": False}


def test_long_or_unknown_clauses_are_refused_with_a_clear_message(db: Database, branch_id: int) -> None:
    card_id = _card(db, branch_id)
    with db.transaction() as s, pytest.raises(cards.CardError, match="请精简到300字以内"):
        cards.save_clauses(s, card_id, "", {cards.CHOSEN: ["很长" * 200]})
    with db.transaction() as s, pytest.raises(cards.CardError, match="未知的条款类别"):
        cards.save_clauses(s, card_id, "", {"别的": ["x"]})
    with db.transaction() as s:
        cards.delete_card(s, card_id)
        assert s.get(ResponsibilityCard, card_id) is None


def test_card_settings_round_trip_and_refuse_nonsense(db: Database, branch_id: int) -> None:
    with db.transaction() as s:
        cards.save_card_settings(
            s,
            cards.CardSettings(["  每月参加主题党日 ", "", "按月交纳党费"], ["护林防火岗", "护林防火岗"], 2),
        )
    with db.reading() as s:
        assert cards.card_settings(s) == cards.CardSettings(
            ["每月参加主题党日", "按月交纳党费"], ["护林防火岗"], 2
        )
    with db.transaction() as s, pytest.raises(cards.CardError, match="岗位列表不能为空"):
        cards.save_card_settings(s, cards.CardSettings([], [" "], 1))
    with db.transaction() as s, pytest.raises(cards.CardError, match="每页张数只能是1或2"):
        cards.save_card_settings(s, cards.CardSettings([], ["岗"], 3))


def test_demo_branch_shows_the_whole_cycle(demo_db: Database) -> None:
    with demo_db.reading() as s:
        year = max(cards.card_years(s))
        this_year = {r.state for r in cards.card_states(s, year)}
        last_year = {r.state for r in cards.card_states(s, year - 1)}
        done = cards.completion(s, year - 1).overall
        photos = cards.photos_for(s, [c.member_id for c in cards.list_cards(s, year, posted_only=True)])
    assert {cards.NO_CARD, cards.DRAFTING, "已个人报", "已党员议", "已群众评", cards.POSTED} <= this_year
    assert cards.REVIEWED in last_year
    assert done.total and 0.6 < done.rate < 1
    assert photos  # a few demo members have a portrait for the printed cards
