"""明白卡, the rest of the rules on their lines: a step on the day of the one before and after it, 上墙 on
the day of 支部定 and on today, a commitment count on its limit and one more, a clause and a post on their
longest and one character more, the year's bounds, only posted cards on the wall, the words of each
refusal and each log line (tests/MUTANTS.md, core/cards/)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dangjian_desktop.core import cards
from dangjian_desktop.core.cards.completion import overall_per_branch
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import (
    CardClause,
    Meeting,
    MemberPhoto,
    ResponsibilityCard,
)
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster
from tests.conftest import add_branch
from tests.core.logs import last_log

D = dt.date
TODAY = D(2026, 6, 15)  # well before the machine's date: a step on TODAY + 1 is in the future here only
TEXTS = {
    cards.REQUIRED: ["按时参加三会一课", "按月交纳党费"],
    cards.CHOSEN: ["参加村庄清洁行动"],
    cards.POST_DUTY: ["每季度入户宣讲政策1次"],
    cards.COMMITMENT: ["帮助2户群众销售农产品", "为留守老人义务理发"],
}


def _member(db: Database, branch_id: int, name: str, **fields: str) -> int:
    with db.transaction() as s:
        draft = MemberDraft(name=name, gender="男", join_date="2000-07-01", **fields)
        return add_member(s, branch_id, draft)


def _card(
    db: Database, member_id: int, year: int = 2026, texts: dict | None = None, post: str = "政策宣传岗"
) -> int:
    with db.transaction() as s:
        return cards.create_card(s, member_id, year, post=post, texts=TEXTS if texts is None else texts)


def _steps(db: Database, card_id: int, days: tuple[dt.date, ...], today: dt.date = TODAY) -> None:
    with db.transaction() as s:
        for step, day in zip(cards.STEPS, days, strict=False):
            cards.record_step(s, card_id, step, day, today=today)


def _refused(db: Database, message: str, call, *args, **kw) -> None:
    """The call is refused in exactly these words."""
    with db.transaction() as s, pytest.raises(cards.CardError) as caught:
        call(s, *args, **kw)
    assert str(caught.value) == message


def _row(db: Database, card_id: int) -> ResponsibilityCard:
    with db.reading() as s:
        row = s.get(ResponsibilityCard, card_id)
        s.expunge(row)
        return row


# --- texts: the warnings, the lengths -------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "warning"),
    [
        (0, "服务群众承诺事项应为2至5条，现在只有0条，请补充"),
        (1, "服务群众承诺事项应为2至5条，现在只有1条，请补充"),
        (2, None),
        (3, None),
        (5, None),
        (6, "服务群众承诺事项应为2至5条，现在有6条，请精简"),
    ],
)
def test_the_commitment_warning_in_its_words(count: int, warning: str | None) -> None:
    assert cards.commitment_warning(count) == warning
    assert cards.card_warnings("岗", count) == ([warning] if warning else [])
    no_post = ["尚未设岗定责，请选择岗位"]
    assert cards.card_warnings("", count) == no_post + ([warning] if warning else [])


@pytest.mark.parametrize(("length", "refused"), [(49, False), (50, False), (51, True)])
def test_a_post_of_up_to_50_characters(db: Database, branch_id: int, length: int, refused: bool) -> None:
    post = "岗" * (length - 1) + "尾"
    member_id = _member(db, branch_id, "张三")
    if refused:
        _refused(
            db, "岗位名称太长，请控制在50字以内", cards.create_card, member_id, 2026, post=post, texts={}
        )
        _refused(
            db, "岗位名称太长，请控制在50字以内", cards.save_card_settings, cards.CardSettings([], [post], 1)
        )
        with db.reading() as s:
            assert cards.find_card(s, member_id, 2026) is None
        return
    card_id = _card(db, member_id, post=f"  {post} ")
    with db.transaction() as s:
        cards.save_card_settings(s, cards.CardSettings([], [post, "  护林  防火岗 "], 1))
    with db.reading() as s:
        assert cards.get_card(s, card_id).post == post
        assert cards.post_choices(s) == [post, "护林 防火岗"]  # a run of spaces made one


@pytest.mark.parametrize(("length", "refused"), [(299, False), (300, False), (301, True)])
def test_a_clause_of_up_to_300_characters(db: Database, branch_id: int, length: int, refused: bool) -> None:
    text = "长" * (length - 1) + "尾"
    card_id = _card(db, _member(db, branch_id, "张三"))
    texts = {cards.CHOSEN: ["短的", text]}
    if refused:
        message = f"“{cards.CHOSEN}”中有一条长达301字，请精简到300字以内：{'长' * 20}…"
        _refused(db, message, cards.save_clauses, card_id, "岗", texts)
        _refused(db, message, cards.create_card, _member(db, branch_id, "李四"), 2026, texts=texts)
        with db.reading() as s:
            assert [c.text for c in cards.get_card(s, card_id).clauses_in(cards.CHOSEN)] == [
                "参加村庄清洁行动"
            ]
        return
    with db.transaction() as s:
        cards.save_clauses(s, card_id, "岗", texts)
    with db.reading() as s:
        assert [c.text for c in cards.get_card(s, card_id).clauses_in(cards.CHOSEN)] == ["短的", text]


def test_an_unknown_category_is_named_with_the_four(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"))
    message = "未知的条款类别“其他”，应为：必须参加的教育管理活动、个人选定参加的主题实践活动、设岗定责、服务群众承诺事项"
    _refused(db, message, cards.save_clauses, card_id, "岗", {cards.CHOSEN: ["x"], "其他": ["y"]})


def test_clause_texts_are_cleaned_and_blank_ones_dropped(db: Database, branch_id: int) -> None:
    texts = {cards.CHOSEN: ["  参加  村庄\t清洁 ", "   ", "", "义务植树"]}
    card_id = _card(db, _member(db, branch_id, "张三"), texts=texts)
    with db.reading() as s:
        card = cards.get_card(s, card_id)
    assert [(c.text, c.position) for c in card.clauses] == [("参加 村庄 清洁", 0), ("义务植树", 1)]


def test_default_texts_give_the_post_its_duty_and_the_branch_its_standard(db: Database) -> None:
    with db.transaction() as s:
        cards.save_card_settings(s, cards.CardSettings(["  学习  党章 ", " ", "交党费"], ["岗"], 1))
    with db.reading() as s:
        assert cards.default_texts(s, "科技示范岗") == {
            cards.REQUIRED: ["学习 党章", "交党费"],
            cards.CHOSEN: [],
            cards.POST_DUTY: [cards.POST_DUTIES["科技示范岗"]],
            cards.COMMITMENT: [],
        }
        assert cards.default_texts(s, "自定岗")[cards.POST_DUTY] == []
        assert cards.default_texts(s)[cards.POST_DUTY] == []
        assert cards.card_settings(s) == cards.CardSettings(["学习 党章", "交党费"], ["岗"], 1)


# --- writes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "refused"), [(1999, True), (2000, False), (2100, False), (2101, True)])
def test_a_card_year_from_2000_to_2100(db: Database, branch_id: int, year: int, refused: bool) -> None:
    member_id = _member(db, branch_id, "张三")
    if refused:
        _refused(db, f"年度“{year}”不对，请填写如 2026 的四位年份", cards.create_card, member_id, year)
        return
    card_id = _card(db, member_id, year)
    assert last_log(db) == ("新建明白卡", f"张三 {year}年度")
    with db.reading() as s:
        assert cards.get_card(s, card_id).year == year
    _refused(db, f"张三 已有{year}年度的明白卡，请直接修改", cards.create_card, member_id, year)


def test_a_card_for_no_member_or_one_who_left_is_refused_by_name(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id, "张三")
    _refused(db, f"找不到编号为 {member_id + 1} 的党员", cards.create_card, member_id + 1, 2026)
    with db.transaction() as s:
        leave_roster(s, member_id, "去世", D(2026, 3, 1), "病故", today=TODAY)
    _refused(db, "张三 已去世，不能新建明白卡", cards.create_card, member_id, 2026)


def test_a_new_card_without_texts_is_prefilled_and_keeps_the_order(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id, "张三")
    with db.transaction() as s:
        card_id = cards.create_card(s, member_id, 2026, post="矛盾调解岗")
    with db.reading() as s:
        card = cards.get_card(s, card_id)
        standard = cards.standard_activities(s)
    assert [(c.category, c.position, c.text) for c in card.clauses] == [
        *((cards.REQUIRED, i, t) for i, t in enumerate(standard)),
        (cards.POST_DUTY, 0, cards.POST_DUTIES["矛盾调解岗"]),
    ]
    assert all(not c.done and c.done_date is None and c.note == "" for c in card.clauses)


def test_saving_clauses_moves_repeated_texts_and_keeps_other_categories(db: Database, branch_id: int) -> None:
    texts = {**TEXTS, cards.COMMITMENT: ["同一件事", "另一件事", "同一件事"]}
    card_id = _card(db, _member(db, branch_id, "张三"), texts=texts)
    _steps(db, card_id, (D(2026, 1, 5),) * 4)
    with db.transaction() as s:
        first, second, third = cards.get_card(s, card_id).clauses_in(cards.COMMITMENT)
        cards.mark_clause(s, first.id, True, D(2026, 3, 1), "第一条", today=TODAY)
        cards.mark_clause(s, third.id, True, D(2026, 4, 1), "第三条", today=TODAY)
        warnings = cards.save_clauses(s, card_id, "  新 岗 ", {cards.COMMITMENT: ["同一件事", "新的事"]})
    assert warnings == []
    assert last_log(db) == ("修改明白卡条款", "张三 2026年度")
    with db.reading() as s:
        card = cards.get_card(s, card_id)
        stored = s.scalars(select(CardClause.id).where(CardClause.card_id == card_id)).all()
    assert card.post == "新 岗"
    assert [(c.id, c.position, c.text, c.done, c.note) for c in card.clauses_in(cards.COMMITMENT)] == [
        (first.id, 0, "同一件事", True, "第一条"),
        (card.clauses_in(cards.COMMITMENT)[1].id, 1, "新的事", False, ""),
    ]
    assert card.clauses_in(cards.COMMITMENT)[1].id not in (first.id, second.id, third.id)
    assert [c.text for c in card.clauses_in(cards.REQUIRED)] == TEXTS[cards.REQUIRED]  # not given: kept
    assert len(stored) == 6  # the two dropped ones deleted, not left behind
    with db.transaction() as s:
        warnings = cards.save_clauses(
            s, card_id, "", {cards.COMMITMENT: ["一", "二", "三", "四", "五", "六"]}
        )
    assert warnings == ["尚未设岗定责，请选择岗位", "服务群众承诺事项应为2至5条，现在有6条，请精简"]


def test_unknown_cards_and_clauses_are_named_by_number(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"))
    missing = card_id + 1
    message = f"找不到编号为 {missing} 的明白卡"
    _refused(db, message, cards.get_card, missing)
    _refused(db, message, cards.save_clauses, missing, "", {})
    _refused(db, message, cards.delete_card, missing)
    _refused(db, message, cards.record_step, missing, "个人报", TODAY, today=TODAY)
    _refused(db, message, cards.post_card, missing, TODAY, today=TODAY)
    _refused(db, message, cards.set_year_end, missing, "")
    _refused(db, message, cards.clear_step, missing, "个人报")
    with db.reading() as s:
        clause_ids = s.scalars(select(CardClause.id)).all()
    _refused(db, f"找不到编号为 {max(clause_ids) + 1} 的条款", cards.mark_clause, max(clause_ids) + 1, False)


def test_copying_a_year_in_words_one_branch_and_the_clause_order(db: Database, branch_id: int) -> None:
    other_id = add_branch(db)
    mine = _card(db, _member(db, branch_id, "甲"), 2025, post="")
    theirs = _card(db, _member(db, other_id, "乙"), 2025)
    with db.transaction() as s:  # positions no longer follow the ids
        cards.save_clauses(s, mine, "环境卫生岗", {cards.CHOSEN: ["后加的", "参加村庄清洁行动"]})
    _refused(db, "复制的来源年度和目标年度不能相同", cards.copy_year, 2025, 2025)
    _refused(db, "2024年度还没有明白卡，无从复制", cards.copy_year, 2024, 2026)
    _refused(db, "2025年度还没有明白卡，无从复制", cards.copy_year, 2025, 2026, branch_id=other_id + 1)
    with db.transaction() as s:
        assert cards.copy_year(s, 2025, 2026, branch_id=branch_id) == cards.CopyResult(1, 0, 0)
    assert last_log(db) == ("复制明白卡", "2025→2026：1张")
    with db.reading() as s:
        old, new = cards.get_card(s, mine), cards.list_cards(s, 2026)
        assert cards.find_card(s, cards.get_card(s, theirs).member_id, 2026) is None
    assert [c.member_name for c in new] == ["甲"]
    assert new[0].post == "环境卫生岗"
    assert [(c.category, c.position, c.text) for c in new[0].clauses] == [
        (c.category, c.position, c.text) for c in old.clauses
    ]
    assert [c.text for c in new[0].clauses_in(cards.CHOSEN)] == ["后加的", "参加村庄清洁行动"]
    with db.transaction() as s:
        assert cards.copy_year(s, 2025, 2026) == cards.CopyResult(1, 1, 0)
    assert last_log(db) == ("复制明白卡", "2025→2026：1张")


# --- steps ------------------------------------------------------------------------------------------


def test_a_step_on_today_and_not_the_day_after(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"))
    message = f"“个人报”的日期（{TODAY.year}年{TODAY.month}月{TODAY.day + 1}日）不能晚于今天"
    _refused(db, message, cards.record_step, card_id, "个人报", TODAY + dt.timedelta(days=1), today=TODAY)
    with db.transaction() as s:
        cards.record_step(s, card_id, "个人报", TODAY, "  本人申报 ", today=TODAY)
    assert last_log(db) == ("明白卡个人报", f"张三 2026年度 {TODAY.isoformat()}")
    with db.reading() as s:
        assert cards.get_card(s, card_id).step("个人报") == cards.Step("个人报", TODAY, "本人申报")


def test_an_unknown_step_and_a_card_without_clauses(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"), texts={})
    _refused(
        db,
        "未知的步骤“上墙”，应为：个人报、党员议、群众评、支部定",
        cards.record_step,
        card_id,
        "上墙",
        TODAY,
    )
    _refused(
        db,
        "明白卡还没有任何条款，请先填写条款再记录“个人报”",
        cards.record_step,
        card_id,
        "个人报",
        TODAY,
        today=TODAY,
    )
    _refused(db, "请先记录“个人报”，再记录“党员议”", cards.record_step, card_id, "党员议", TODAY, today=TODAY)


def test_each_step_on_the_day_of_the_one_before_and_after(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"))
    day = D(2026, 3, 10)
    _steps(db, card_id, (day, day, day, day))  # all four on one day: allowed
    with db.reading() as s:
        assert cards.get_card(s, card_id).state == "已支部定"
    before = day - dt.timedelta(days=1)
    after = day + dt.timedelta(days=1)
    for step, previous in zip(cards.STEPS[1:], cards.STEPS, strict=False):
        _refused(
            db,
            f"“{step}”的日期不能早于“{previous}”（2026年3月10日）",
            cards.record_step,
            card_id,
            step,
            before,
            today=TODAY,
        )
    for step, following in zip(cards.STEPS, cards.STEPS[1:], strict=False):
        _refused(
            db,
            f"“{step}”的日期不能晚于已记录的“{following}”（2026年3月10日）",
            cards.record_step,
            card_id,
            step,
            after,
            today=TODAY,
        )
    with db.transaction() as s:  # with nothing after it, 支部定 may move later until the card is posted
        cards.record_step(s, card_id, "支部定", after, today=TODAY)
        cards.post_card(s, card_id, after, today=TODAY)
    with db.transaction() as s:
        cards.record_step(s, card_id, "支部定", after, "再定", today=TODAY)  # on the post day: allowed
    _refused(
        db,
        "“支部定”的日期不能晚于上墙日期（2026年3月11日）",
        cards.record_step,
        card_id,
        "支部定",
        after + dt.timedelta(days=1),
        today=TODAY,
    )
    assert _row(db, card_id).decided_note == "再定"


def test_only_党员议_links_a_meeting_and_recording_it_again_unlinks(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"))
    with db.transaction() as s:
        meeting = Meeting(branch_id=branch_id, kind="支部党员大会", date=D(2026, 1, 12), title="议卡")
        s.add(meeting)
        s.flush()
        meeting_id = meeting.id
    _refused(
        db,
        "只有“党员议”可以关联会议记录",
        cards.record_step,
        card_id,
        "个人报",
        TODAY,
        meeting_id=meeting_id,
        today=TODAY,
    )
    _steps(db, card_id, (D(2026, 1, 10),))
    _refused(
        db,
        f"找不到编号为 {meeting_id + 1} 的会议记录",
        cards.record_step,
        card_id,
        "党员议",
        TODAY,
        meeting_id=meeting_id + 1,
        today=TODAY,
    )
    with db.transaction() as s:
        cards.record_step(s, card_id, "党员议", D(2026, 1, 12), meeting_id=meeting_id, today=TODAY)
        cards.record_step(s, card_id, "群众评", D(2026, 1, 13), today=TODAY)
    assert _row(db, card_id).discussed_meeting_id == meeting_id  # a later step leaves it
    with db.transaction() as s:
        cards.record_step(s, card_id, "党员议", D(2026, 1, 12), today=TODAY)
    assert _row(db, card_id).discussed_meeting_id is None


def test_posting_on_the_day_decided_and_on_today(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"))
    decided = D(2026, 3, 10)
    _steps(db, card_id, (decided,) * 3)
    _refused(db, "明白卡须经“支部定”后才能上墙", cards.post_card, card_id, decided, today=TODAY)
    _steps(db, card_id, (decided,) * 4)
    _refused(
        db,
        "上墙日期不能早于“支部定”（2026年3月10日）",
        cards.post_card,
        card_id,
        decided - dt.timedelta(days=1),
        today=TODAY,
    )
    _refused(db, "上墙日期不能晚于今天", cards.post_card, card_id, TODAY + dt.timedelta(days=1), today=TODAY)
    with db.transaction() as s:
        cards.post_card(s, card_id, TODAY, today=TODAY)
    assert last_log(db) == ("明白卡上墙", f"张三 2026年度 {TODAY.isoformat()}")
    with db.transaction() as s:
        cards.post_card(s, card_id, decided, today=TODAY)
    assert _row(db, card_id).posted_date == decided
    _refused(db, "明白卡已进入“个人报”等程序，不能删除", cards.delete_card, card_id)


def test_a_clause_done_on_today_not_after_and_undone_with_a_note(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"))
    with db.reading() as s:
        clause = cards.get_card(s, card_id).clauses_in(cards.COMMITMENT)[0]
    _refused(
        db, "明白卡尚未经“支部定”，还不能记录条款完成情况", cards.mark_clause, clause.id, False, today=TODAY
    )
    _steps(db, card_id, (D(2026, 1, 5),) * 4)
    _refused(db, "请填写完成日期", cards.mark_clause, clause.id, True, today=TODAY)
    _refused(
        db,
        "完成日期不能晚于今天",
        cards.mark_clause,
        clause.id,
        True,
        TODAY + dt.timedelta(days=1),
        today=TODAY,
    )
    with db.transaction() as s:
        cards.mark_clause(s, clause.id, True, TODAY, "  卖出200斤 ", today=TODAY)
    assert last_log(db) == ("明白卡践诺", "张三：帮助2户群众销售农产品")
    with db.reading() as s:
        done = cards.get_card(s, card_id)
    assert done.clauses_in(cards.COMMITMENT)[0] == cards.Clause(
        clause.id, cards.COMMITMENT, 0, clause.text, True, TODAY, "卖出200斤"
    )
    assert done.done_count == 1
    with db.transaction() as s:
        cards.mark_clause(s, clause.id, False, TODAY, " 外出 ", today=TODAY)
    assert last_log(db) == ("明白卡条款未完成", "张三：帮助2户群众销售农产品")
    with db.reading() as s:
        undone = cards.get_card(s, card_id).clauses_in(cards.COMMITMENT)[0]
    assert (undone.done, undone.done_date, undone.note) == (False, None, "外出")


def test_the_log_of_a_done_clause_names_its_first_30_characters(db: Database, branch_id: int) -> None:
    text = "一二三四五六七八九十" * 3 + "多出"
    card_id = _card(db, _member(db, branch_id, "张三"), texts={cards.COMMITMENT: [text, "二"]})
    _steps(db, card_id, (D(2026, 1, 5),) * 4)
    with db.transaction() as s:
        clause_id = cards.get_card(s, card_id).clauses[0].id
        cards.mark_clause(s, clause_id, True, D(2026, 1, 5), today=TODAY)
    assert last_log(db) == ("明白卡践诺", f"张三：{text[:30]}")
    with db.reading() as s:
        assert cards.get_card(s, card_id).clauses[0].note == ""  # marked without a note: none


def test_today_given_is_the_one_read_not_the_machines(db: Database, branch_id: int) -> None:
    """A day after the given today but before the machine's date is refused at each step."""
    past = D(2025, 6, 1)
    next_day = past + dt.timedelta(days=1)
    card_id = _card(db, _member(db, branch_id, "张三"), 2025)
    _refused(
        db,
        "“个人报”的日期（2025年6月2日）不能晚于今天",
        cards.record_step,
        card_id,
        "个人报",
        next_day,
        today=past,
    )
    _steps(db, card_id, (past,) * 4, today=past)
    _refused(db, "上墙日期不能晚于今天", cards.post_card, card_id, next_day, today=past)
    with db.reading() as s:
        clause_id = cards.get_card(s, card_id).clauses[0].id
    _refused(db, "完成日期不能晚于今天", cards.mark_clause, clause_id, True, next_day, today=past)


def test_the_year_end_note_is_kept_with_a_result(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"))
    _steps(db, card_id, (D(2026, 1, 5),) * 4)
    with db.transaction() as s:
        cards.post_card(s, card_id, D(2026, 1, 6), today=TODAY)
        cards.set_year_end(s, card_id, "基本合格", " 两条未完成 ")
    with db.reading() as s:
        card = cards.get_card(s, card_id)
    assert (card.year_end_result, card.year_end_note, card.state) == (
        "基本合格",
        "两条未完成",
        cards.REVIEWED,
    )
    with db.transaction() as s:
        cards.set_year_end(s, card_id, "优秀")
    with db.reading() as s:
        assert cards.get_card(s, card_id).year_end_note == ""  # without a note: the old one is not kept


# --- reading ----------------------------------------------------------------------------------------


def test_a_card_read_back_whole(db: Database, branch_id: int) -> None:
    member_id = _member(db, branch_id, "张三", party_group="第二党小组")
    card_id = _card(db, member_id)
    with db.transaction() as s:
        meeting = Meeting(branch_id=branch_id, kind="支部党员大会", date=D(2026, 1, 6), title="议卡")
        s.add(meeting)
        s.flush()
        meeting_id = meeting.id
        cards.record_step(s, card_id, "个人报", D(2026, 1, 5), "报", today=TODAY)
        cards.record_step(s, card_id, "党员议", D(2026, 1, 6), "议", meeting_id=meeting_id, today=TODAY)
        cards.record_step(s, card_id, "群众评", D(2026, 1, 7), "评", today=TODAY)
        cards.record_step(s, card_id, "支部定", D(2026, 1, 8), "定", today=TODAY)
        cards.post_card(s, card_id, D(2026, 1, 9), today=TODAY)
        cards.set_year_end(s, card_id, "优秀", "好")
    with db.reading() as s:
        card = cards.get_card(s, card_id)
        assert cards.find_card(s, member_id, 2026) == card
        assert cards.find_card(s, member_id, 2025) is None
        assert cards.find_card(s, member_id + 1, 2026) is None
    assert (card.id, card.member_id, card.member_name, card.party_group, card.member_category) == (
        card_id,
        member_id,
        "张三",
        "第二党小组",
        "正式党员",
    )
    assert (card.year, card.post, card.discussed_meeting_id, card.posted_date) == (
        2026,
        "政策宣传岗",
        meeting_id,
        D(2026, 1, 9),
    )
    assert card.steps == (
        cards.Step("个人报", D(2026, 1, 5), "报"),
        cards.Step("党员议", D(2026, 1, 6), "议"),
        cards.Step("群众评", D(2026, 1, 7), "评"),
        cards.Step("支部定", D(2026, 1, 8), "定"),
    )
    assert [c.category for c in card.clauses] == [cards.REQUIRED] * 2 + [cards.CHOSEN, cards.POST_DUTY] + [
        cards.COMMITMENT
    ] * 2
    assert card.as_json() == {
        "member_id": member_id,
        "name": "张三",
        "year": 2026,
        "post": "政策宣传岗",
        "items": [{"category": c.category, "text": c.text, "done": False} for c in card.clauses],
        "steps": {
            "个人报": "2026-01-05",
            "党员议": "2026-01-06",
            "群众评": "2026-01-07",
            "支部定": "2026-01-08",
        },
    }


def test_a_draft_reads_its_last_step_and_json_none_for_the_rest(db: Database, branch_id: int) -> None:
    card_id = _card(db, _member(db, branch_id, "张三"))
    _steps(db, card_id, (D(2026, 1, 5), D(2026, 1, 6), D(2026, 1, 7)))
    with db.reading() as s:
        card = cards.get_card(s, card_id)
    assert card.state == "已群众评"
    assert card.step("群众评").date == D(2026, 1, 7) and card.step("支部定").date is None
    assert card.as_json()["steps"] == {
        "个人报": "2026-01-05",
        "党员议": "2026-01-06",
        "群众评": "2026-01-07",
        "支部定": None,
    }
    assert card.warnings == []
    assert card.commitment_count == 2 and card.done_count == 0
    assert [step.note for step in card.steps] == ["", "", "", ""]  # recorded without a note: none


def test_clauses_read_in_category_then_position_not_id_order(db: Database, branch_id: int) -> None:
    card_id = _card(
        db, _member(db, branch_id, "张三"), texts={cards.COMMITMENT: ["乙"], cards.REQUIRED: ["甲"]}
    )
    with db.transaction() as s:
        cards.save_clauses(s, card_id, "岗", {cards.COMMITMENT: ["新", "乙"], cards.CHOSEN: ["选"]})
    with db.reading() as s:
        card = cards.get_card(s, card_id)
    assert [(c.category, c.position, c.text) for c in card.clauses] == [
        (cards.REQUIRED, 0, "甲"),
        (cards.CHOSEN, 0, "选"),
        (cards.COMMITMENT, 0, "新"),
        (cards.COMMITMENT, 1, "乙"),
    ]
    # two clauses on one position (written by an older version): the older id first, whatever the
    # order the rows come in (the done one, read last through the (card_id, done) index, is older)
    with db.transaction() as s:
        s.add(CardClause(card_id=card_id, category=cards.CHOSEN, position=0, text="同位"))
        s.scalars(select(CardClause).where(CardClause.text == "选")).one().done = True
    with db.reading() as s:
        chosen = cards.get_card(s, card_id).clauses_in(cards.CHOSEN)
    assert [c.text for c in chosen] == ["选", "同位"]


def test_a_clause_of_a_category_no_longer_known_comes_last(db: Database, branch_id: int) -> None:
    card_id = _card(
        db, _member(db, branch_id, "张三"), texts={cards.REQUIRED: ["甲"], cards.COMMITMENT: ["丁"]}
    )
    with db.transaction() as s:
        s.add(CardClause(card_id=card_id, category="旧类别", position=0, text="旧"))
        s.add(CardClause(card_id=card_id, category=cards.REQUIRED, position=1, text="乙"))
    with db.reading() as s:
        card = cards.get_card(s, card_id)
    assert [c.text for c in card.clauses] == ["甲", "乙", "丁", "旧"]


def test_the_wall_lists_posted_cards_of_the_branch_in_roster_order(db: Database, branch_id: int) -> None:
    other_id = add_branch(db)
    late = _card(db, _member(db, branch_id, "后", party_group="第二党小组"))
    early = _card(db, _member(db, branch_id, "先", party_group="第一党小组"))
    draft = _card(db, _member(db, branch_id, "草", party_group="第一党小组"))
    decided = _card(db, _member(db, branch_id, "定", party_group="第一党小组"))
    elsewhere = _card(db, _member(db, other_id, "外"))
    last_year = _card(db, _member(db, branch_id, "去"), 2025)
    for card_id in (late, early, elsewhere):
        _steps(db, card_id, (D(2026, 1, 5),) * 4)
        with db.transaction() as s:
            cards.post_card(s, card_id, D(2026, 1, 6), today=TODAY)
    _steps(db, decided, (D(2026, 1, 5),) * 4)
    with db.reading() as s:
        wall = cards.list_cards(s, 2026, branch_id=branch_id, posted_only=True)
        year = cards.list_cards(s, 2026, branch_id=branch_id)
        everyone = cards.list_cards(s, 2026, posted_only=True)
        assert cards.list_cards(s, 2027) == []
    assert [c.id for c in wall] == [early, late]
    assert [c.id for c in year] == [early, draft, decided, late]
    assert sorted(c.id for c in everyone) == sorted([early, late, elsewhere])
    assert last_year not in [c.id for c in year]


def test_card_states_of_the_roster_those_who_left_with_a_card_and_one_branch(
    db: Database, branch_id: int
) -> None:
    other_id = add_branch(db)
    left_with = _member(db, branch_id, "走有卡", party_group="第一党小组")
    left_without = _member(db, branch_id, "走无卡", party_group="第一党小组")
    here = _member(db, branch_id, "在", party_group="第二党小组")
    no_card = _member(db, branch_id, "无", party_group="第一党小组")
    _member(db, other_id, "外")
    card_id = _card(db, here, texts={**TEXTS, cards.COMMITMENT: ["一", "二", "三"]})
    _card(db, left_with, post="")
    _steps(db, card_id, (D(2026, 1, 5),) * 4)
    with db.transaction() as s:
        for clause in cards.get_card(s, card_id).clauses_in(cards.COMMITMENT)[:2]:
            cards.mark_clause(s, clause.id, True, D(2026, 2, 1), today=TODAY)
        cards.post_card(s, card_id, D(2026, 1, 6), today=TODAY)
        cards.set_year_end(s, card_id, "合格")
        leave_roster(s, left_with, "转出", D(2026, 3, 1), "外迁", today=TODAY)
        leave_roster(s, left_without, "转出", D(2026, 3, 1), "外迁", today=TODAY)
    with db.reading() as s:
        rows = cards.card_states(s, 2026, branch_id=branch_id)
        names = [r.name for r in cards.card_states(s, 2026)]
    left_card = rows[0].card_id
    assert rows == [
        cards.CardStatusRow(left_with, "走有卡", "第一党小组", "转出", left_card, "起草中", "", 6, 2, 0, ""),
        cards.CardStatusRow(no_card, "无", "第一党小组", "在册", None, "无卡", "", 0, 0, 0, ""),
        cards.CardStatusRow(
            here, "在", "第二党小组", "在册", card_id, "已评诺", "政策宣传岗", 7, 3, 2, "合格"
        ),
    ]
    assert sorted(names) == sorted(["走有卡", "无", "在", "外"])


def test_photos_of_the_members_asked_for(db: Database, branch_id: int) -> None:
    a, b, c = (_member(db, branch_id, n) for n in "甲乙丙")
    with db.transaction() as s:
        s.add(MemberPhoto(member_id=a, jpeg=b"a-photo"))
        s.add(MemberPhoto(member_id=c, jpeg=b"c-photo"))
    with db.reading() as s:
        assert cards.photos_for(s, [a, b]) == {a: b"a-photo"}
        assert cards.photos_for(s, iter([c, a])) == {a: b"a-photo", c: b"c-photo"}
        assert cards.photos_for(s, []) == {}


# --- completion ---------------------------------------------------------------------------------------


def test_rate_text_and_value() -> None:
    assert cards.Rate(0, 0).text() == "—" and cards.Rate(0, 0).rate is None
    assert cards.Rate(0, 3).text() == "0.0%（0/3）" and cards.Rate(0, 3).rate == 0
    assert cards.Rate(2, 3).text() == "66.7%（2/3）"
    assert cards.Rate(1, 8).text() == "12.5%（1/8）" and cards.Rate(1, 8).rate == 0.125
    assert cards.Rate(3, 3).text() == "100.0%（3/3）"


def test_completion_counts_decided_cards_by_category_and_per_branch(db: Database, branch_id: int) -> None:
    other_id, third_id, fourth_id = (
        add_branch(db, name) for name in ("别村党支部", "三村党支部", "四村党支部")
    )
    mine = _card(db, _member(db, branch_id, "甲"))
    theirs = _card(db, _member(db, other_id, "乙"), texts={cards.COMMITMENT: ["一", "二", "三"]})
    undecided = _card(db, _member(db, other_id, "丙"))
    empty = _card(db, _member(db, third_id, "丁"), texts={})
    last_year = _card(db, _member(db, branch_id, "戊"), 2025)
    nothing_done = _card(db, _member(db, fourth_id, "己"))
    for card_id in (mine, theirs, nothing_done):
        _steps(db, card_id, (D(2026, 1, 5),) * 4)
    with db.transaction() as s:  # decided without a clause (an older version let it): a card, no clause
        s.get(ResponsibilityCard, empty).decided_date = D(2026, 1, 5)
    _steps(db, undecided, (D(2026, 1, 5),) * 3)
    _steps(db, last_year, (D(2025, 1, 5),) * 4)
    with db.transaction() as s:
        for clause in cards.get_card(s, mine).clauses[:4]:
            cards.mark_clause(s, clause.id, True, D(2026, 2, 1), today=TODAY)
        cards.mark_clause(s, cards.get_card(s, theirs).clauses[0].id, True, D(2026, 2, 1), today=TODAY)
        cards.mark_clause(s, cards.get_card(s, last_year).clauses[0].id, True, D(2025, 2, 1), today=TODAY)
        # clauses of a category no longer offered (written by an older version): counted, under their own
        s.add(CardClause(card_id=theirs, category="旧类别", position=0, text="旧的做完了", done=True))
        s.add(CardClause(card_id=theirs, category="旧类别", position=1, text="旧的没做", done=False))
    with db.reading() as s:
        per_branch = overall_per_branch(s, 2026)
        whole = cards.completion(s, 2026)
        one = cards.completion(s, 2026, branch_id=other_id)
        decided = [c for c in cards.list_cards(s, 2026) if cards.is_decided(c)]
    assert per_branch == {
        branch_id: cards.Rate(4, 6),
        other_id: cards.Rate(2, 5),
        fourth_id: cards.Rate(0, 6),
    }
    assert (one.cards, one.overall) == (1, cards.Rate(2, 5))
    assert one.by_category == {
        cards.REQUIRED: cards.Rate(0, 0),
        cards.CHOSEN: cards.Rate(0, 0),
        cards.POST_DUTY: cards.Rate(0, 0),
        cards.COMMITMENT: cards.Rate(1, 3),
        "旧类别": cards.Rate(1, 2),
    }
    assert (whole.year, whole.cards, whole.overall) == (2026, 4, cards.Rate(6, 17))
    assert whole.by_category[cards.REQUIRED] == cards.Rate(2, 4)
    assert whole.by_category[cards.CHOSEN] == cards.Rate(1, 2)
    assert whole.by_category[cards.POST_DUTY] == cards.Rate(1, 2)
    assert whole.by_category[cards.COMMITMENT] == cards.Rate(1, 7)
    assert sorted(c.id for c in decided) == sorted([mine, theirs, empty, nothing_done])
    assert cards.completion_of([], 2026) == cards.Completion(
        2026, 0, cards.Rate(0, 0), dict.fromkeys(cards.CATEGORIES, cards.Rate(0, 0))
    )
