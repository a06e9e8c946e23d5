"""明白卡: the rules on their lines (one below, one above) and the exact words of each refusal, where
mutation testing found them untried (tests/MUTANTS.md, core/cards/)."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core import cards, settings
from dangjian_desktop.core.db import Database
from tests.conftest import add_branch
from tests.core.logs import last_log


def test_card_settings_take_one_or_two_cards_a_page_and_name_the_problem(db: Database) -> None:
    for per_page in (1, 2):
        with db.transaction() as s:
            cards.save_card_settings(s, cards.CardSettings(["学习"], ["岗"], per_page))
        with db.reading() as s:
            assert cards.cards_per_page(s) == per_page
        assert last_log(db) == ("修改明白卡设置", "")
    for per_page in (0, 3):
        with db.transaction() as s, pytest.raises(cards.CardError, match="^每页张数只能是1或2$"):
            cards.save_card_settings(s, cards.CardSettings([], ["岗"], per_page))
    with db.transaction() as s, pytest.raises(cards.CardError, match="^岗位列表不能为空，至少保留一个岗位$"):
        cards.save_card_settings(s, cards.CardSettings([], ["  "], 1))


@pytest.mark.parametrize(("length", "refused"), [(299, False), (300, False), (301, True)])
def test_a_standard_clause_of_up_to_300_characters(db: Database, length: int, refused: bool) -> None:
    text = "甲" * (length - 1) + "尾"
    activities = ["短的", text, "乙" * 400]
    if not refused:
        activities.pop()
        with db.transaction() as s:
            cards.save_card_settings(s, cards.CardSettings(activities, ["岗"], 1))
        with db.reading() as s:
            assert cards.standard_activities(s) == activities
        return
    with (
        db.transaction() as s,
        pytest.raises(cards.CardError, match=f"^标准条款太长，请精简到300字以内：{'甲' * 20}…$"),
    ):  # the first one too long, its first 20 characters
        cards.save_card_settings(s, cards.CardSettings(activities, ["岗"], 1))


def test_blank_posts_in_a_stored_setting_are_not_offered(db: Database) -> None:
    with db.transaction() as s:
        settings.put(s, cards.POSTS, ["护林岗", "   ", "", "宣传岗"])
        settings.put(s, cards.STANDARD_ACTIVITIES, ["  ", "学习"])
    with db.reading() as s:
        assert cards.post_choices(s) == ["护林岗", "宣传岗"]
        assert cards.standard_activities(s) == ["学习"]


def test_a_card_with_a_step_recorded_without_a_note_is_not_deleted(db: Database, branch_id: int) -> None:
    from tests.core.test_cards import TODAY, _card

    card_id = _card(db, branch_id, "张三", 2026)
    with db.transaction() as s:
        cards.record_step(s, card_id, "个人报", TODAY, "", today=TODAY)  # no note
    with (
        db.transaction() as s,
        pytest.raises(cards.CardError, match="^明白卡已进入“个人报”等程序，不能删除$"),
    ):
        cards.delete_card(s, card_id)
    draft = _card(db, branch_id, "李四", 2025)
    _card(db, branch_id, "王五", 2024)
    with db.transaction() as s:
        cards.delete_card(s, draft)
    assert last_log(db) == ("删除明白卡草稿", "李四 2025年度")
    with db.reading() as s:
        assert cards.card_years(s) == [2024, 2026]


def test_a_党员议_may_point_to_a_meeting_of_the_year_or_the_december_before(
    db: Database, branch_id: int
) -> None:
    from dangjian_desktop.core import meetings as m

    other_id = add_branch(db)
    days = ["2025-11-30", "2025-12-01", "2026-06-30", "2026-12-31", "2027-01-01"]
    ids = {}
    for day in days:
        with db.transaction() as s:
            draft = m.MeetingDraft(kind=m.THEME_DAY, date=day, title=f"会{day[5:]}", record_attendance=False)
            ids[day] = m.add_meeting(s, branch_id, draft, today=dt.date(2027, 6, 1)).meeting_id
    with db.transaction() as s:
        draft = m.MeetingDraft(kind=m.LECTURE, date="2026-03-01", record_attendance=False)
        elsewhere = m.add_meeting(s, other_id, draft, today=dt.date(2027, 6, 1)).meeting_id
    with db.reading() as s:
        mine = cards.meeting_choices(s, 2026, branch_id)
        everyone = cards.meeting_choices(s, 2026)
    assert [(c.id, c.date, c.kind, c.title) for c in mine] == [
        (ids["2026-12-31"], dt.date(2026, 12, 31), m.THEME_DAY, "会12-31"),
        (ids["2026-06-30"], dt.date(2026, 6, 30), m.THEME_DAY, "会06-30"),
        (ids["2025-12-01"], dt.date(2025, 12, 1), m.THEME_DAY, "会12-01"),
    ]
    assert mine[0].label() == "2026年12月31日 主题党日：会12-31"
    assert [c.id for c in everyone] == [ids["2026-12-31"], ids["2026-06-30"], elsewhere, ids["2025-12-01"]]
    assert everyone[2].label() == "2026年3月1日 党课"  # no title: no colon


def test_clearing_an_unknown_step_is_refused_in_words(db: Database, branch_id: int) -> None:
    from tests.core.test_cards import _card

    card_id = _card(db, branch_id)
    with db.transaction() as s, pytest.raises(cards.CardError, match="^未知的步骤“上墙”$"):
        cards.clear_step(s, card_id, "上墙")


def test_steps_are_undone_from_the_last_and_not_on_the_wall(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core.models import Meeting, ResponsibilityCard
    from tests.core.test_cards import TODAY, _card, _walk

    card_id = _card(db, branch_id)
    with db.transaction() as s:
        meeting = Meeting(branch_id=branch_id, kind="支部党员大会", date=dt.date(2026, 1, 15), title="议卡")
        s.add(meeting)
        s.flush()
        meeting_id = meeting.id
    _walk(db, card_id)
    with db.transaction() as s:
        cards.record_step(
            s, card_id, "党员议", dt.date(2026, 1, 15), "议", meeting_id=meeting_id, today=TODAY
        )
        cards.post_card(s, card_id, dt.date(2026, 2, 10), today=TODAY)
    with (
        db.transaction() as s,
        pytest.raises(cards.CardError, match="^明白卡已上墙，不能撤销步骤；请先撤下$"),
    ):
        cards.clear_step(s, card_id, "支部定")
    with db.transaction() as s:
        cards.unpost_card(s, card_id)
    assert last_log(db) == ("明白卡撤下", f"card {card_id}")
    with db.reading() as s:
        assert s.get(ResponsibilityCard, card_id).posted_date is None
    for step, later in [("党员议", "群众评"), ("个人报", "党员议"), ("群众评", "支部定")]:
        with (
            db.transaction() as s,
            pytest.raises(cards.CardError, match=f"^请先撤销“{later}”，再撤销“{step}”$"),
        ):
            cards.clear_step(s, card_id, step)
    with db.transaction() as s:
        cards.clear_step(s, card_id, "支部定")
    assert last_log(db) == ("撤销明白卡支部定", f"card {card_id}")
    with db.transaction() as s:
        cards.clear_step(s, card_id, "群众评")
    with db.reading() as s:
        row = s.get(ResponsibilityCard, card_id)
        assert (row.decided_date, row.decided_note, row.reviewed_date, row.reviewed_note) == (
            None,
            "",
            None,
            "",
        )
        assert (row.discussed_date, row.discussed_meeting_id) == (dt.date(2026, 1, 15), meeting_id)
    with db.transaction() as s:
        cards.clear_step(s, card_id, "党员议")
    with db.reading() as s:
        row = s.get(ResponsibilityCard, card_id)
        assert (row.discussed_date, row.discussed_note, row.discussed_meeting_id) == (None, "", None)
        assert row.proposed_date is not None


def test_the_year_end_review_on_a_posted_card(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core.models import ResponsibilityCard
    from tests.core.test_cards import TODAY, _card, _walk

    card_id = _card(db, branch_id)
    _walk(db, card_id)
    with db.transaction() as s, pytest.raises(cards.CardError, match="^明白卡尚未上墙，不能年终评诺$"):
        cards.set_year_end(s, card_id, "优秀")
    with db.transaction() as s:
        cards.post_card(s, card_id, dt.date(2026, 2, 10), today=TODAY)
    with (
        db.transaction() as s,
        pytest.raises(cards.CardError, match="^评诺结果应为：优秀、合格、基本合格、不合格$"),
    ):
        cards.set_year_end(s, card_id, "很好")
    with db.transaction() as s:
        cards.set_year_end(s, card_id, "优秀", "  全部兑现 ")
    with db.reading() as s:
        row = s.get(ResponsibilityCard, card_id)
        assert (row.year_end_result, row.year_end_note) == ("优秀", "全部兑现")
    assert last_log(db) == ("明白卡年终评诺", "张三 2026年度：优秀")
    with db.transaction() as s:
        cards.set_year_end(s, card_id, "合格")
    with db.reading() as s:
        row = s.get(ResponsibilityCard, card_id)
        assert (row.year_end_result, row.year_end_note) == ("合格", "")
    with (
        db.transaction() as s,
        pytest.raises(cards.CardError, match="^明白卡已年终评诺，不能撤下；请先清除评诺结果$"),
    ):
        cards.unpost_card(s, card_id)
    with db.transaction() as s:
        cards.set_year_end(s, card_id, "", "留着的话")
    assert last_log(db) == ("明白卡年终评诺", "张三 2026年度：清除")
    with db.reading() as s:
        row = s.get(ResponsibilityCard, card_id)
        assert (row.year_end_result, row.year_end_note) == ("", "")
