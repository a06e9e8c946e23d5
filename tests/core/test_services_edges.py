"""Units of work on their edges (core/services/): every value a service is given reaches the rule it is
for: the day that counts as today (a day after it refused, although it is long past on the clock),
the note, the meeting, the branch, the result; another clerk's save in between named in the words of
the record; a read in a session of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core import cards, settings
from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import (
    BirthdayActivity,
    Branch,
    CardClause,
    Meeting,
    Member,
    OperationLog,
    ResponsibilityCard,
)
from dangjian_desktop.core.roster import MemberDraft
from dangjian_desktop.core.services import birthdays as birthday_service
from dangjian_desktop.core.services import cards as card_service
from dangjian_desktop.core.services import meetings as meeting_service
from dangjian_desktop.core.services import query, query_together
from dangjian_desktop.core.services import roster as roster_service
from dangjian_desktop.core.services import setup as setup_service
from dangjian_desktop.core.versions import EditConflict, overwriting, version_of

TODAY = dt.date(2026, 6, 30)  # the day the services are told is today; the clock is later
AFTER = dt.date(2026, 7, 1)  # a day after it: refused, though past on the clock


def _member(db: Database, name: str = "张三", **fields: str) -> int:
    return roster_service.save_member(
        db, None, MemberDraft(**{"name": name, "join_date": "2000-07-01", **fields})
    )


def _decided_card(db: Database, member_id: int) -> int:
    card_id, created = card_service.open_card(db, member_id, 2026)
    assert created
    for step, day in zip(cards.STEPS, (dt.date(2026, 1, d) for d in (5, 15, 25, 28)), strict=True):
        card_service.record_step(db, card_id, step, day, f"{step}说明", today=TODAY)
    return card_id


def test_a_card_opened_made_once(db: Database, branch_id: int) -> None:
    member_id = _member(db)
    first = card_service.open_card(db, member_id, 2026)
    assert first[1] is True and card_service.open_card(db, member_id, 2026) == (first[0], False)
    other = card_service.open_card(db, member_id, 2027)
    assert other[1] is True and other[0] != first[0]
    with db.reading() as s:
        card = s.get(ResponsibilityCard, first[0])
        assert (card.member_id, card.year) == (member_id, 2026)


def test_a_cards_steps_take_the_day_the_note_and_today(db: Database, branch_id: int) -> None:
    member_id = _member(db)
    card_id, _ = card_service.open_card(db, member_id, 2026)
    with pytest.raises(UserError, match="不能晚于今天"):
        card_service.record_step(db, card_id, cards.STEPS[0], AFTER, "", today=TODAY)
    card_service.record_step(db, card_id, cards.STEPS[0], TODAY, " 本人报告 ", today=TODAY)
    with db.reading() as s:
        card = s.get(ResponsibilityCard, card_id)
        assert (card.proposed_date, card.proposed_note) == (TODAY, "本人报告")
    with pytest.raises(UserError, match="只有“党员议”可以关联会议记录"):
        card_service.record_step(db, card_id, cards.STEPS[0], TODAY, "", meeting_id=1, today=TODAY)
    with pytest.raises(UserError, match="找不到编号为 99 的会议记录"):
        card_service.record_step(db, card_id, "党员议", TODAY, "", meeting_id=99, today=TODAY)
    card_service.clear_step(db, card_id, cards.STEPS[0])
    with db.reading() as s:
        card = s.get(ResponsibilityCard, card_id)
        assert (card.proposed_date, card.proposed_note) == (None, "")
    card_service.record_step(db, card_id, cards.STEPS[0], TODAY, "再报", today=TODAY)
    with db.reading() as s:
        actions = s.scalars(select(OperationLog.action).order_by(OperationLog.id)).all()
    assert actions[-3:] == [
        f"明白卡{cards.STEPS[0]}",
        f"撤销明白卡{cards.STEPS[0]}",
        f"明白卡{cards.STEPS[0]}",
    ]
    with pytest.raises(UserError, match="未知的步骤“另一步”"):
        card_service.clear_step(db, card_id, "另一步")


def test_posting_a_card_on_today_and_not_after(db: Database, branch_id: int) -> None:
    card_id = _decided_card(db, _member(db))
    with pytest.raises(UserError, match="^上墙日期不能晚于今天$"):
        card_service.post_card(db, card_id, AFTER, today=TODAY)
    card_service.post_card(db, card_id, TODAY, today=TODAY)
    with db.reading() as s:
        assert s.get(ResponsibilityCard, card_id).posted_date == TODAY
    card_service.set_year_end(db, card_id, "优秀", " 表现突出 ")
    with pytest.raises(UserError, match="^明白卡已年终评诺，不能撤下"):
        card_service.unpost_card(db, card_id)
    with db.reading() as s:
        card = s.get(ResponsibilityCard, card_id)
        assert (card.year_end_result, card.year_end_note) == ("优秀", "表现突出")
    with pytest.raises(UserError, match="^评诺结果应为"):
        card_service.set_year_end(db, card_id, "很好")
    card_service.set_year_end(db, card_id, "")
    card_service.unpost_card(db, card_id)
    with db.reading() as s:
        assert s.get(ResponsibilityCard, card_id).posted_date is None


def test_clauses_marked_done_on_today_with_the_note(db: Database, branch_id: int) -> None:
    card_id = _decided_card(db, _member(db))
    with db.reading() as s:
        ids = [c.id for c in cards.get_card(s, card_id).clauses][:2]
    with pytest.raises(UserError, match="^完成日期不能晚于今天$"):
        card_service.mark_clauses(db, ids, True, AFTER, today=TODAY)
    assert card_service.mark_clauses(db, ids, True, TODAY, " 已办 ", today=TODAY) == 2
    with db.reading() as s:
        marked = [(c.done, c.done_date, c.note) for c in (s.get(CardClause, i) for i in ids)]
    assert marked == [(True, TODAY, "已办")] * 2
    # not done: the day given is dropped, not stored (and not checked against today)
    assert card_service.mark_clauses(db, ids[:1], False, AFTER, "没办", today=TODAY) == 1
    with db.reading() as s:
        clause = s.get(CardClause, ids[0])
        assert (clause.done, clause.done_date, clause.note) == (False, None, "没办")
    assert card_service.mark_clauses(db, [], True, TODAY, today=TODAY) == 0


def test_a_cards_clauses_saved_over_another_clerks(db: Database, branch_id: int) -> None:
    member_id = _member(db)
    card_id, _ = card_service.open_card(db, member_id, 2026)
    with db.reading() as s:
        opened = version_of(s, ResponsibilityCard, card_id)
    texts = {cards.COMMITMENT: ["带领3户发展食用菌"]}
    card_service.save_clauses(db, card_id, "科技示范岗", texts, version=opened)
    with pytest.raises(EditConflict) as caught:
        card_service.save_clauses(db, card_id, "政策宣传岗", texts, version=opened)
    assert caught.value.what == "2026年度的明白卡"
    with db.reading() as s:
        assert s.get(ResponsibilityCard, card_id).post == "科技示范岗"
    with overwriting():
        card_service.save_clauses(db, card_id, "政策宣传岗", texts, version=opened)
    card_service.save_clauses(db, card_id, "环境卫生岗", texts)  # no version: not asked
    with db.reading() as s:
        assert s.get(ResponsibilityCard, card_id).post == "环境卫生岗"
        assert version_of(s, ResponsibilityCard, card_id) == opened + 3
    with pytest.raises(UserError, match="找不到"):
        card_service.save_clauses(db, card_id + 100, "政策宣传岗", texts, version=1)


def test_copying_a_year_and_the_card_settings(db: Database, branch_id: int) -> None:
    member_id = _member(db)
    card_id, _ = card_service.open_card(db, member_id, 2025)
    card_service.save_clauses(db, card_id, "科技示范岗", {cards.COMMITMENT: ["去年的承诺"]})
    result = card_service.copy_year(db, 2026)
    with db.reading() as s:
        copied = cards.find_card(s, member_id, 2026)
        assert copied is not None and copied.post == "科技示范岗"
        assert cards.find_card(s, member_id, 2027) is None
    assert result is not None
    with db.reading() as s:
        current = cards.card_settings(s)
    card_service.save_settings(db, current.__class__(**{**current.__dict__, "per_page": 2}))
    with db.reading() as s:
        assert cards.card_settings(s).per_page == 2


def test_a_meeting_saved_over_another_clerks(db: Database, branch_id: int) -> None:
    ids = [_member(db, f"党员{n}") for n in range(3)]
    draft = m.MeetingDraft(
        kind="支部党员大会", date="2026-03-05", title="研究工作", present_ids=ids, content="内容"
    )
    with pytest.raises(UserError, match="晚于今天|不能晚于"):
        meeting_service.save_meeting(
            db, branch_id, None, m.MeetingDraft(**{**draft.__dict__, "date": AFTER}), today=TODAY
        )
    saved = meeting_service.save_meeting(db, branch_id, None, draft, today=TODAY)
    meeting_id = saved.meeting_id
    with db.reading() as s:
        opened = version_of(s, Meeting, meeting_id)
    changed = m.MeetingDraft(**{**draft.__dict__, "title": "改过"})
    meeting_service.save_meeting(db, branch_id, meeting_id, changed, today=TODAY, version=opened)
    with pytest.raises(EditConflict) as caught:
        meeting_service.save_meeting(db, branch_id, meeting_id, draft, today=TODAY, version=opened)
    assert caught.value.what == "2026-03-05 的会议记录"
    later = m.MeetingDraft(**{**draft.__dict__, "date": AFTER})
    with pytest.raises(UserError, match="晚于今天|不能晚于"):
        meeting_service.save_meeting(db, branch_id, meeting_id, later, today=TODAY)
    with db.reading() as s:
        assert s.get(Meeting, meeting_id).title == "改过"
    with pytest.raises(UserError, match="找不到"):
        meeting_service.save_meeting(db, branch_id, meeting_id + 100, draft, today=TODAY, version=1)
    meeting_service.delete_meeting(db, meeting_id)
    with db.reading() as s:
        assert s.get(Meeting, meeting_id) is None


def test_frequencies_all_set(db: Database, branch_id: int) -> None:
    kinds = list(m.KINDS)
    meeting_service.set_frequencies(db, {kinds[0]: "每年", kinds[1]: "不要求"})
    with db.reading() as s:
        found = m.frequencies(s)
    assert found[kinds[0]] == "每年" and found[kinds[1]] == "不要求"


def test_a_member_saved_over_another_clerks(db: Database, branch_id: int) -> None:
    member_id = _member(db)
    with db.reading() as s:
        opened = version_of(s, Member, member_id)
    roster_service.save_member(db, member_id, MemberDraft(name="张三", note="一"), version=opened)
    with pytest.raises(EditConflict) as caught:
        roster_service.save_member(db, member_id, MemberDraft(name="张三", note="二"), version=opened)
    assert caught.value.what == "党员 张三 的信息"
    with overwriting():
        roster_service.save_member(db, member_id, MemberDraft(name="张三", note="三"), version=opened)
    with db.reading() as s:
        assert s.get(Member, member_id).note == "三"
    with pytest.raises(UserError, match="找不到"):
        roster_service.save_member(db, member_id + 100, MemberDraft(name="李四"), version=1)
    # the photo only when it changed
    roster_service.save_member(db, member_id, MemberDraft(name="张三"), b"\xff\xd8photo", photo_changed=False)
    with db.reading() as s:
        assert s.get(Member, member_id).photo is None


def test_leaving_on_today_not_after(db: Database, branch_id: int) -> None:
    member_id = _member(db)
    with pytest.raises(UserError, match="不能晚于今天"):
        roster_service.leave(db, member_id, "去世", AFTER, "病故", today=TODAY)
    roster_service.leave(db, member_id, "去世", TODAY, "病故", today=TODAY)
    with db.reading() as s:
        member = s.get(Member, member_id)
        assert (member.status, member.left_date, member.left_reason) == ("去世", TODAY, "病故")


def test_the_birthday_services_take_today_the_branch_and_the_note(db: Database, branch_id: int) -> None:
    member_id = _member(db, "六月", join_date="2000-06-15")
    with db.transaction() as s:
        neighbour = Branch(name="邻村党支部")
        s.add(neighbour)
        s.flush()
        from dangjian_desktop.core.roster import add_member

        add_member(s, neighbour.id, MemberDraft(name="邻村六月", join_date="2000-06-10"))
    item = bd.SIX_ITEMS[0]
    with pytest.raises(UserError, match="晚于今天"):
        birthday_service.mark_month_done(db, 2026, 6, [item], AFTER, today=TODAY)
    with pytest.raises(UserError, match="晚于今天"):
        birthday_service.save_record(db, member_id, 2026, [bd.ItemEdit(item, True, AFTER)], today=TODAY)
    count = birthday_service.mark_month_done(
        db, 2026, 6, [item], TODAY, " 集体 ", branch_id=branch_id, today=TODAY
    )
    assert count == 1
    with db.reading() as s:
        rows = s.execute(
            select(BirthdayActivity.member_id, BirthdayActivity.done_date, BirthdayActivity.note)
        ).all()
    assert [tuple(r) for r in rows] == [(member_id, TODAY, "集体")]
    birthday_service.save_record(db, member_id, 2026, [bd.ItemEdit(item, False, TODAY)], today=TODAY)
    birthday_service.save_record(
        db, member_id, 2026, [bd.ItemEdit(bd.SIX_ITEMS[1], True, TODAY, "个人")], today=TODAY
    )
    with db.reading() as s:
        rows = s.execute(select(BirthdayActivity.item, BirthdayActivity.note)).all()
        current = bd.load_settings(s)
    assert [tuple(r) for r in rows] == [(bd.SIX_ITEMS[1], "个人")]
    birthday_service.save_settings(db, bd.BirthdaySettings(**{**current.__dict__, "reminder_days": 45}))
    with db.reading() as s:
        assert bd.load_settings(s).reminder_days == 45


def test_setting_up(db: Database) -> None:
    info = setup_service.start_branch(db, " 甲村党支部 ", " 测试镇 ", " 王书记 ", " 0791 ")
    assert (info.name, info.township, info.secretary, info.phone) == (
        "甲村党支部",
        "测试镇",
        "王书记",
        "0791",
    )
    setup_service.save_settings(db, info.id, {"name": "乙村党支部"}, {"ui.font_size": 12.0})
    with db.reading() as s:
        assert s.get(Branch, info.id).name == "乙村党支部"
        assert settings.get(s, settings.UI_FONT_SIZE) == 12.0
    setup_service.save_settings(db, None, {"name": ""}, {"ui.font_size": 13.0})  # no branch: settings only
    with pytest.raises(UserError):
        setup_service.save_settings(db, info.id, {"name": "丙村党支部"}, {"ui.font_size": 99.0})
    with db.reading() as s:
        assert s.get(Branch, info.id).name == "乙村党支部" and settings.get(s, settings.UI_FONT_SIZE) == 13.0


def test_a_township_started(db: Database) -> None:
    setup_service.start_township(db)
    with db.reading() as s:
        assert settings.get(s, settings.REGISTRY["app.township_mode"]) is True


def test_a_read_in_a_session_of_its_own(db: Database, branch_id: int) -> None:
    _member(db)

    def names(session, prefix: str, *, suffix: str = "", beside=None) -> list[str]:  # type: ignore[no-untyped-def]
        found = [prefix + n + suffix for n in session.scalars(select(Member.name))]
        return found if beside is None else [*found, *(n + "!" for n in beside.scalars(select(Member.name)))]

    assert query(db, names, "<", suffix=">") == ["<张三>"]
    assert query_together(db, names, "<", suffix=">") == ["<张三>", "张三!"]
