"""A card through the year: the four recorded steps (个人报 → 党员议 → 群众评 → 支部定, in that order),
the wall (上墙), the clauses marked done (践诺) and the year's review (年终评诺)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dangjian_desktop.core.cards.texts import (
    _STEP_COLUMNS,
    STEPS,
    YEAR_END_RESULTS,
    CardError,
)
from dangjian_desktop.core.cards.writes import _card, _member
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.models import (
    CardClause,
    Meeting,
)
from dangjian_desktop.core.oplog import log


def record_step(
    session: Session,
    card_id: int,
    step: str,
    day: dt.date,
    note: str = "",
    *,
    meeting_id: int | None = None,
    today: dt.date | None = None,
) -> None:
    """Record (or correct) one of 个人报/党员议/群众评/支部定; they happen in that order, never earlier."""
    if step not in STEPS:
        raise CardError(f"未知的步骤“{step}”，应为：{'、'.join(STEPS)}")
    today = today or dt.date.today()
    card = _card(session, card_id)
    if day > today:
        raise CardError(f"“{step}”的日期（{format_cn(day)}）不能晚于今天")
    index = STEPS.index(step)
    if index == 0 and not card.clauses:
        raise CardError("明白卡还没有任何条款，请先填写条款再记录“个人报”")
    if index > 0:
        previous = STEPS[index - 1]
        previous_date = getattr(card, _STEP_COLUMNS[previous][0])
        if previous_date is None:
            raise CardError(f"请先记录“{previous}”，再记录“{step}”")
        if day < previous_date:
            raise CardError(f"“{step}”的日期不能早于“{previous}”（{format_cn(previous_date)}）")
    if index + 1 < len(STEPS):
        following = STEPS[index + 1]
        following_date = getattr(card, _STEP_COLUMNS[following][0])
        if following_date is not None and day > following_date:
            raise CardError(f"“{step}”的日期不能晚于已记录的“{following}”（{format_cn(following_date)}）")
    elif card.posted_date is not None and day > card.posted_date:
        raise CardError(f"“支部定”的日期不能晚于上墙日期（{format_cn(card.posted_date)}）")
    if meeting_id is not None:
        if step != "党员议":
            raise CardError("只有“党员议”可以关联会议记录")
        if session.get(Meeting, meeting_id) is None:
            raise CardError(f"找不到编号为 {meeting_id} 的会议记录")
    date_col, note_col = _STEP_COLUMNS[step]
    setattr(card, date_col, day)
    setattr(card, note_col, note.strip())
    if step == "党员议":
        card.discussed_meeting_id = meeting_id
    session.flush()
    member = _member(session, card.member_id)
    log(session, f"明白卡{step}", f"{member.name} {card.year}年度 {day.isoformat()}")


def clear_step(session: Session, card_id: int, step: str) -> None:
    """Undo a step recorded by mistake: only the last one, and not once the card is on the wall."""
    if step not in STEPS:
        raise CardError(f"未知的步骤“{step}”")
    card = _card(session, card_id)
    if card.posted_date is not None:
        raise CardError("明白卡已上墙，不能撤销步骤；请先撤下")
    index = STEPS.index(step)
    for later in STEPS[index + 1 :]:
        if getattr(card, _STEP_COLUMNS[later][0]) is not None:
            raise CardError(f"请先撤销“{later}”，再撤销“{step}”")
    date_col, note_col = _STEP_COLUMNS[step]
    setattr(card, date_col, None)
    setattr(card, note_col, "")
    if step == "党员议":
        card.discussed_meeting_id = None
    session.flush()
    log(session, f"撤销明白卡{step}", f"card {card_id}")


def post_card(session: Session, card_id: int, day: dt.date, *, today: dt.date | None = None) -> None:
    """上墙: only a card the branch has decided (支部定)."""
    today = today or dt.date.today()
    card = _card(session, card_id)
    if card.decided_date is None:
        raise CardError("明白卡须经“支部定”后才能上墙")
    if day < card.decided_date:
        raise CardError(f"上墙日期不能早于“支部定”（{format_cn(card.decided_date)}）")
    if day > today:
        raise CardError("上墙日期不能晚于今天")
    card.posted_date = day
    session.flush()
    member = _member(session, card.member_id)
    log(session, "明白卡上墙", f"{member.name} {card.year}年度 {day.isoformat()}")


def unpost_card(session: Session, card_id: int) -> None:
    card = _card(session, card_id)
    if card.year_end_result:
        raise CardError("明白卡已年终评诺，不能撤下；请先清除评诺结果")
    card.posted_date = None
    session.flush()
    log(session, "明白卡撤下", f"card {card_id}")


def mark_clause(
    session: Session,
    clause_id: int,
    done: bool,
    day: dt.date | None = None,
    note: str = "",
    *,
    today: dt.date | None = None,
) -> None:
    """践诺: a clause done (with the day) or not done (the note may say why)."""
    today = today or dt.date.today()
    clause = session.get(CardClause, clause_id)
    if clause is None:
        raise CardError(f"找不到编号为 {clause_id} 的条款")
    card = _card(session, clause.card_id)
    if card.decided_date is None:
        raise CardError("明白卡尚未经“支部定”，还不能记录条款完成情况")
    if done:
        if day is None:
            raise CardError("请填写完成日期")
        if day > today:
            raise CardError("完成日期不能晚于今天")
        clause.done, clause.done_date = True, day
    else:
        clause.done, clause.done_date = False, None
    clause.note = note.strip()
    session.flush()
    member = _member(session, card.member_id)
    log(session, "明白卡践诺" if done else "明白卡条款未完成", f"{member.name}：{clause.text[:30]}")


def set_year_end(session: Session, card_id: int, result: str, note: str = "") -> None:
    """年终评诺; an empty result clears it."""
    card = _card(session, card_id)
    if result and result not in YEAR_END_RESULTS:
        raise CardError(f"评诺结果应为：{'、'.join(YEAR_END_RESULTS)}")
    if result and card.posted_date is None:
        raise CardError("明白卡尚未上墙，不能年终评诺")
    card.year_end_result, card.year_end_note = result, note.strip() if result else ""
    session.flush()
    member = _member(session, card.member_id)
    log(session, "明白卡年终评诺", f"{member.name} {card.year}年度：{result or '清除'}")
