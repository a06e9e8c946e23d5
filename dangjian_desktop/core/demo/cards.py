"""明白卡 in the demo branch: last year's cards reviewed, this year's at every stage of the cycle.

A newcomer opening the 明白卡 tab sees cards on the wall with clauses done, cards halfway through the
four steps, drafts and members without a card, and a few portraits so the printed cards look real.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dangjian_desktop.core import cards
from dangjian_desktop.core.models import CardClause, Meeting, ResponsibilityCard
from dangjian_desktop.core.photos import one_inch_photo
from dangjian_desktop.core.roster import list_members, set_photo
from dangjian_desktop.core.settings.catalogue import CARD_POSTS

CHOSEN_ACTIVITIES = [
    "参加“党员设岗创星”活动，争创服务之星",
    "参加村庄清洁行动志愿服务，每月不少于1次",
    "参加“双建双带”活动，帮带1户群众发展产业",
    "参加“文明家庭”创建活动",
    "参加防汛抗旱应急志愿服务队",
    "参加农村实用技术培训，学会1门致富技术",
]
COMMITMENTS = [
    "为本组困难户代办医保缴费、社保认证等事项",
    "帮助2户群众解决农产品销售难题",
    "带头不办无事酒、不搞封建迷信",
    "每月至少学习1次党的理论，记好学习笔记",
    "为村里留守老人义务理发，每月1次",
    "带领3户农户发展食用菌种植",
    "每周义务清扫村主干道1次",
    "协助做好本组防汛巡查和森林防火宣传",
    "帮助1名留守儿童辅导功课",
    "调解邻里纠纷，做到小事不出组",
]
POSTS = list(CARD_POSTS.default)  # the posts a new branch starts with


def _portrait(rng: random.Random) -> bytes:
    """A plain drawn head and shoulders on a studio-blue background: a stand-in for a real photo."""
    image = Image.new("RGB", (300, 420), (67, 142, 219) if rng.random() < 0.5 else (200, 40, 40))
    draw = ImageDraw.Draw(image)
    skin = rng.choice([(241, 206, 170), (228, 190, 150), (210, 170, 130)])
    coat = rng.choice([(40, 40, 50), (70, 70, 90), (30, 60, 90), (90, 60, 40)])
    draw.ellipse((30, 300, 270, 560), fill=coat)  # shoulders
    draw.polygon([(150, 300), (125, 330), (175, 330)], fill=(250, 250, 250))  # collar
    draw.rectangle((130, 250, 170, 305), fill=skin)  # neck
    draw.ellipse((85, 110, 215, 270), fill=skin)  # face
    hair = rng.choice([(20, 20, 20), (60, 50, 40), (120, 120, 120)])
    draw.chord((80, 95, 220, 215), 180, 360, fill=hair)
    for eye_x in (125, 175):
        draw.ellipse((eye_x - 6, 180, eye_x + 6, 190), fill=(30, 30, 30))
    draw.arc((130, 215, 170, 240), 20, 160, fill=(150, 60, 60), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return one_inch_photo(out.getvalue())


def _texts(rng: random.Random, post: str, commitments: int, *, long: bool = False) -> dict[str, list[str]]:
    promises = rng.sample(COMMITMENTS, commitments)
    if long:
        promises[0] = (
            "发挥懂技术的优势，帮助本组5户以上群众发展稻虾共养和高山蔬菜种植，全年上门指导不少于10次，"
            "并联系县农技站专家到村开展1次现场培训，带动群众户均增收2000元以上"
        )
    return {
        cards.CHOSEN: rng.sample(CHOSEN_ACTIVITIES, rng.choice([1, 2])),
        cards.POST_DUTY: [cards.POST_DUTIES[post]],
        cards.COMMITMENT: promises,
    }


def _meeting_near(session: Session, branch_id: int, day: dt.date) -> int | None:
    """The meetings part of the demo may have added a 支部党员大会 to point 党员议 at."""
    return session.scalar(
        select(Meeting.id)
        .where(
            Meeting.branch_id == branch_id,
            Meeting.kind.in_(["支部党员大会", "党小组会"]),
            Meeting.date <= day,
            Meeting.date >= day - dt.timedelta(days=45),
        )
        .order_by(Meeting.date.desc())
        .limit(1)
    )


def _card(
    member_id: int,
    year: int,
    post: str,
    texts: dict[str, list[str]],
    days: list[dt.date],
    meeting_id: int | None,
) -> ResponsibilityCard:
    """A card with its first len(days) steps recorded: built directly, the demo writes ~1000 rows."""
    card = ResponsibilityCard(member_id=member_id, year=year, post=post)
    columns = ("proposed", "discussed", "reviewed", "decided")
    for step, column, day in zip(cards.STEPS, columns, days, strict=False):
        setattr(card, f"{column}_date", day)
        setattr(card, f"{column}_note", STEP_NOTES[step])
    if len(days) >= 2:
        card.discussed_meeting_id = meeting_id
    for category in cards.CATEGORIES:
        for position, text in enumerate(texts.get(category, [])):
            card.clauses.append(CardClause(category=category, position=position, text=text, done=False))
    return card


def build_cards_demo(
    session: Session, branch_id: int, *, today: dt.date | None = None, seed: int = 5
) -> None:
    today = today or dt.date.today()
    rng = random.Random(seed)
    year = today.year
    members = [m for m in list_members(session, branch_id=branch_id) if m.is_active]
    required = cards.standard_activities(session)
    for m in members[:8]:
        set_photo(session, m.id, _portrait(rng))

    # Last year: every member then on the roster had a card, posted and reviewed at year end.
    last_days = [dt.date(year - 1, 1, d) for d in (6, 12, 18, 25)]
    meeting = _meeting_near(session, branch_id, last_days[1])
    # only those already members when last year's cards were made: the roster's order is by 党小组,
    # so its last three (taken here before) were not the newest, and members admitted since had cards
    # of a year before they joined
    for index, m in enumerate([m for m in members if m.join_date <= last_days[0]]):
        post = POSTS[index % len(POSTS)]
        texts = {cards.REQUIRED: required, **_texts(rng, post, rng.choice([2, 3, 3, 4]))}
        card = _card(m.id, year - 1, post, texts, last_days, meeting)
        card.posted_date = dt.date(year - 1, 2, 1)
        for clause in card.clauses:
            if rng.random() < 0.86:
                clause.done, clause.done_date = (
                    True,
                    dt.date(year - 1, rng.randint(3, 12), rng.randint(1, 28)),
                )
            else:
                clause.note = "外出务工，未能完成"
        done = sum(c.done for c in card.clauses)
        ratio = done / len(card.clauses)
        card.year_end_result = "优秀" if ratio > 0.95 else "合格" if ratio > 0.75 else "基本合格"
        card.year_end_note = f"完成{done}/{len(card.clauses)}项"
        session.add(card)
    session.flush()

    # This year: started from last year's cards (the real service), then each card at its own stage.
    cards.copy_year(session, year - 1, year, branch_id=branch_id)
    this_days = [min(dt.date(year, m, d), today) for m, d in ((1, 8), (1, 15), (1, 22), (2, 3))]
    posted_on = min(dt.date(year, 2, 10), today)
    meeting = _meeting_near(session, branch_id, this_days[1])
    copied = {
        c.member_id: c
        for c in session.scalars(
            select(ResponsibilityCard)
            .where(ResponsibilityCard.year == year)
            .options(selectinload(ResponsibilityCard.clauses))
        )
    }
    newest = {m.id for m in sorted(members, key=lambda m: (m.join_date, m.id))[-2:]}
    for index, m in enumerate(members):
        card = copied.get(m.id)
        if card is None:
            if m.id in newest:
                continue  # 无卡: the newest members have not started theirs
            post = POSTS[index % len(POSTS)]
            texts = {cards.REQUIRED: required, **_texts(rng, post, rng.choice([1, 3]))}
            session.add(_card(m.id, year, post, texts, [], None))  # 起草中; one commitment gets a warning
            continue
        # new commitments this year; one card carries a long clause to show wrapping on the wall card
        for clause in [c for c in card.clauses if c.category == cards.COMMITMENT]:
            card.clauses.remove(clause)
        promises = _texts(rng, card.post, rng.choice([2, 3, 4]), long=index == 1)[cards.COMMITMENT]
        for position, text in enumerate(promises):
            card.clauses.append(CardClause(category=cards.COMMITMENT, position=position, text=text))
        stage = index % 10
        steps_done = {6: 3, 7: 2, 8: 1, 9: 0}.get(stage, 4)
        columns = ("proposed", "discussed", "reviewed", "decided")
        for step, column, day in list(zip(cards.STEPS, columns, this_days, strict=True))[:steps_done]:
            setattr(card, f"{column}_date", day)
            setattr(card, f"{column}_note", STEP_NOTES[step])
        if steps_done >= 2:
            card.discussed_meeting_id = meeting
        if steps_done == 4:
            card.posted_date = posted_on
            start = dt.date(year, 3, 1)
            if start <= today:
                for clause in card.clauses:
                    if rng.random() < 0.55:
                        offset = rng.randint(0, (today - start).days)
                        clause.done, clause.done_date = True, start + dt.timedelta(days=offset)
    session.flush()


STEP_NOTES = {
    "个人报": "本人对照岗位职责提出承诺事项",
    "党员议": "支部党员大会逐条讨论，提出修改意见",
    "群众评": "在村务公开栏公示5天，征求群众意见",
    "支部定": "支委会审定",
}
