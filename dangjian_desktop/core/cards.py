"""党员目标责任明白卡: clauses in four categories, the four recorded steps, the wall, the year's review.

A card belongs to one member for one year. It is drafted, then goes through 个人报 → 党员议 → 群众评 →
支部定 in that order (each with a date and a note), is posted on the wall (上墙), its clauses are marked
done through the year (践诺), and it ends with the year's review (年终评诺). No Qt here: the tab, the CLI
and the printouts all read the plain dataclasses below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import (
    CardClause,
    Meeting,
    Member,
    MemberPhoto,
    MemberStatus,
    ResponsibilityCard,
)
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.settings import catalogue

REQUIRED = "必须参加的教育管理活动"
CHOSEN = "个人选定参加的主题实践活动"
POST_DUTY = "设岗定责"
COMMITMENT = "服务群众承诺事项"
CATEGORIES: tuple[str, ...] = (REQUIRED, CHOSEN, POST_DUTY, COMMITMENT)

STEPS: tuple[str, ...] = ("个人报", "党员议", "群众评", "支部定")
# step -> (date column, note column) on ResponsibilityCard
_STEP_COLUMNS = {
    "个人报": ("proposed_date", "proposed_note"),
    "党员议": ("discussed_date", "discussed_note"),
    "群众评": ("reviewed_date", "reviewed_note"),
    "支部定": ("decided_date", "decided_note"),
}

NO_CARD = "无卡"
DRAFTING = "起草中"
POSTED = "已上墙"
REVIEWED = "已评诺"
STATES: tuple[str, ...] = (NO_CARD, DRAFTING, *(f"已{s}" for s in STEPS), POSTED, REVIEWED)

YEAR_END_RESULTS: tuple[str, ...] = ("优秀", "合格", "基本合格", "不合格")
MIN_COMMITMENTS, MAX_COMMITMENTS = 2, 5
MAX_CLAUSE_CHARS = 300

# This feature's settings, declared in the settings catalogue.
STANDARD_ACTIVITIES = catalogue.CARD_STANDARD_ACTIVITIES
POSTS = catalogue.CARD_POSTS
CARDS_PER_PAGE = catalogue.CARD_WALL_PER_PAGE
PUBLICITY_DAYS = catalogue.CARD_PUBLICITY_DAYS

# The usual duties of each post, offered when a post is chosen; the branch edits them freely.
POST_DUTIES: dict[str, str] = {
    "政策宣传岗": "向群众宣传党的方针政策和强农惠农政策，每季度入户宣讲不少于1次",
    "环境卫生岗": "监督所在村民小组的环境卫生，带头参加人居环境整治和村庄清洁行动",
    "矛盾调解岗": "及时了解邻里纠纷并协助调解，重大矛盾第一时间报告村党支部",
    "科技示范岗": "推广种养殖新技术，每年示范带动农户不少于3户",
    "治安巡逻岗": "参加村治安巡逻和防火防汛值守，发现隐患及时报告",
    "关爱帮扶岗": "结对帮扶困难群众和留守老人、儿童，每月走访不少于1次",
    "乡风文明岗": "带头移风易俗，劝导红白事简办，不搞封建迷信",
}


class CardError(UserError):
    """The message is Chinese and shown to the user as it is."""


# --- plain rows out ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    date: dt.date | None
    note: str


@dataclass(frozen=True)
class Clause:
    id: int
    category: str
    position: int
    text: str
    done: bool
    done_date: dt.date | None
    note: str


@dataclass(frozen=True)
class Card:
    id: int
    member_id: int
    member_name: str
    party_group: str
    member_category: str  # 正式党员 / 预备党员
    year: int
    post: str
    steps: tuple[Step, ...]
    discussed_meeting_id: int | None
    posted_date: dt.date | None
    year_end_result: str
    year_end_note: str
    clauses: tuple[Clause, ...]

    @property
    def state(self) -> str:
        if self.year_end_result:
            return REVIEWED
        if self.posted_date:
            return POSTED
        done = [s.name for s in self.steps if s.date]
        return f"已{done[-1]}" if done else DRAFTING

    def step(self, name: str) -> Step:
        return self.steps[STEPS.index(name)]

    def clauses_in(self, category: str) -> list[Clause]:
        return [c for c in self.clauses if c.category == category]

    @property
    def commitment_count(self) -> int:
        return len(self.clauses_in(COMMITMENT))

    @property
    def done_count(self) -> int:
        return sum(c.done for c in self.clauses)

    @property
    def warnings(self) -> list[str]:
        return card_warnings(self.post, self.commitment_count)

    def as_json(self) -> dict[str, object]:
        """The `cards list --json` shape of DESIGN.md."""
        return {
            "member_id": self.member_id,
            "name": self.member_name,
            "year": self.year,
            "post": self.post,
            "items": [{"category": c.category, "text": c.text, "done": c.done} for c in self.clauses],
            "steps": {s.name: s.date.isoformat() if s.date else None for s in self.steps},
        }


@dataclass(frozen=True)
class CardStatusRow:
    """One line of the 明白卡 tab: a member on the roster and where their card of the year stands."""

    member_id: int
    name: str
    party_group: str
    member_status: str
    card_id: int | None
    state: str
    post: str
    clause_count: int
    commitment_count: int
    done_count: int
    year_end_result: str


@dataclass(frozen=True)
class Rate:
    done: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.done / self.total if self.total else None

    def text(self) -> str:
        """86.2% (25/29), the way the seeds report 承诺完成率."""
        if not self.total:
            return "—"
        return f"{self.done / self.total * 100:.1f}%（{self.done}/{self.total}）"


@dataclass(frozen=True)
class Completion:
    year: int
    cards: int  # cards counted: those the branch has decided (支部定), drafts are not commitments yet
    overall: Rate
    by_category: dict[str, Rate]


@dataclass(frozen=True)
class CopyResult:
    copied: int
    already_had: int  # members who already had a card in the target year: left as they were
    left_roster: int  # members no longer on the roster: not copied


@dataclass(frozen=True)
class MeetingChoice:
    id: int
    date: dt.date
    kind: str
    title: str

    def label(self) -> str:
        return f"{format_cn(self.date)} {self.kind}{('：' + self.title) if self.title else ''}"


# --- rules ------------------------------------------------------------------------------------------


def commitment_warning(count: int) -> str | None:
    if count < MIN_COMMITMENTS:
        return f"服务群众承诺事项应为{MIN_COMMITMENTS}至{MAX_COMMITMENTS}条，现在只有{count}条，请补充"
    if count > MAX_COMMITMENTS:
        return f"服务群众承诺事项应为{MIN_COMMITMENTS}至{MAX_COMMITMENTS}条，现在有{count}条，请精简"
    return None


def card_warnings(post: str, commitment_count: int) -> list[str]:
    """What the app points out but does not forbid: a branch may have its reasons."""
    warnings = []
    if not post:
        warnings.append("尚未设岗定责，请选择岗位")
    problem = commitment_warning(commitment_count)
    if problem:
        warnings.append(problem)
    return warnings


def standard_activities(session: Session) -> list[str]:
    return [t for t in settings.get(session, STANDARD_ACTIVITIES) if isinstance(t, str) and t.strip()]


def post_choices(session: Session) -> list[str]:
    return [t for t in settings.get(session, POSTS) if isinstance(t, str) and t.strip()]


def cards_per_page(session: Session) -> int:
    value = settings.get(session, CARDS_PER_PAGE)
    return 2 if value == 2 else 1


@dataclass(frozen=True)
class CardSettings:
    standard_activities: list[str]
    posts: list[str]
    per_page: int


def card_settings(session: Session) -> CardSettings:
    return CardSettings(standard_activities(session), post_choices(session), cards_per_page(session))


def save_card_settings(session: Session, value: CardSettings) -> None:
    """The branch's standard list, its posts and the print layout; cards already made are not touched."""
    activities = [_clean_text(t) for t in value.standard_activities if _clean_text(t)]
    posts = [_clean_post(t) for t in value.posts if _clean_text(t)]
    if not posts:
        raise CardError("岗位列表不能为空，至少保留一个岗位")
    if value.per_page not in (1, 2):
        raise CardError("每页张数只能是1或2")
    too_long = [t for t in activities if len(t) > MAX_CLAUSE_CHARS]
    if too_long:
        raise CardError(f"标准条款太长，请精简到{MAX_CLAUSE_CHARS}字以内：{too_long[0][:20]}…")
    settings.put(session, STANDARD_ACTIVITIES, activities)
    settings.put(session, POSTS, list(dict.fromkeys(posts)))
    settings.put(session, CARDS_PER_PAGE, value.per_page)
    log(session, "修改明白卡设置", "")


# --- reading ----------------------------------------------------------------------------------------


def _card_query():  # noqa: ANN202 - a Select of (card, member columns)
    return (
        select(ResponsibilityCard, Member.name, Member.party_group, Member.category)
        .join(Member, Member.id == ResponsibilityCard.member_id)
        .options(selectinload(ResponsibilityCard.clauses))
    )


def _to_card(card: ResponsibilityCard, name: str, group: str, category: str) -> Card:
    steps = tuple(
        Step(step, getattr(card, date_col), getattr(card, note_col))
        for step, (date_col, note_col) in _STEP_COLUMNS.items()
    )
    ordered = sorted(
        card.clauses,
        key=lambda c: (CATEGORIES.index(c.category) if c.category in CATEGORIES else 99, c.position, c.id),
    )
    clauses = tuple(
        Clause(c.id, c.category, c.position, c.text, c.done, c.done_date, c.note) for c in ordered
    )
    return Card(
        id=card.id,
        member_id=card.member_id,
        member_name=name,
        party_group=group,
        member_category=category,
        year=card.year,
        post=card.post,
        steps=steps,
        discussed_meeting_id=card.discussed_meeting_id,
        posted_date=card.posted_date,
        year_end_result=card.year_end_result,
        year_end_note=card.year_end_note,
        clauses=clauses,
    )


def get_card(session: Session, card_id: int) -> Card:
    row = session.execute(_card_query().where(ResponsibilityCard.id == card_id)).first()
    if row is None:
        raise CardError(f"找不到编号为 {card_id} 的明白卡")
    return _to_card(*row)


def find_card(session: Session, member_id: int, year: int) -> Card | None:
    row = session.execute(
        _card_query().where(ResponsibilityCard.member_id == member_id, ResponsibilityCard.year == year)
    ).first()
    return _to_card(*row) if row else None


def list_cards(
    session: Session, year: int, *, branch_id: int | None = None, posted_only: bool = False
) -> list[Card]:
    """The year's cards in roster order (党小组, then member)."""
    query = _card_query().where(ResponsibilityCard.year == year)
    if branch_id is not None:
        query = query.where(Member.branch_id == branch_id)
    if posted_only:
        query = query.where(ResponsibilityCard.posted_date.is_not(None))
    query = query.order_by(Member.party_group, Member.id)
    return [_to_card(*row) for row in session.execute(query)]


def card_states(session: Session, year: int, *, branch_id: int | None = None) -> list[CardStatusRow]:
    """Every member on the roster, plus anyone who left but holds a card of that year."""
    cards = {c.member_id: c for c in list_cards(session, year, branch_id=branch_id)}
    query = select(Member.id, Member.name, Member.party_group, Member.status)
    if branch_id is not None:
        query = query.where(Member.branch_id == branch_id)
    query = query.order_by(Member.party_group, Member.id)
    rows = []
    for member_id, name, group, status in session.execute(query):
        card = cards.get(member_id)
        if card is None and status != MemberStatus.ACTIVE.value:
            continue
        if card is None:
            rows.append(CardStatusRow(member_id, name, group, status, None, NO_CARD, "", 0, 0, 0, ""))
        else:
            rows.append(
                CardStatusRow(
                    member_id,
                    name,
                    group,
                    status,
                    card.id,
                    card.state,
                    card.post,
                    len(card.clauses),
                    card.commitment_count,
                    card.done_count,
                    card.year_end_result,
                )
            )
    return rows


def is_decided(card: Card) -> bool:
    """Counted in 承诺完成率: a draft is not a commitment until the branch has decided it (支部定)."""
    return bool(card.step("支部定").date)


def completion(session: Session, year: int, *, branch_id: int | None = None) -> Completion:
    """承诺完成率: done clauses over all clauses of the cards the branch has decided."""
    cards = [c for c in list_cards(session, year, branch_id=branch_id) if is_decided(c)]
    return completion_of(cards, year)


def completion_of(cards: Iterable[Card], year: int) -> Completion:
    cards = list(cards)
    done = dict.fromkeys(CATEGORIES, 0)
    total = dict.fromkeys(CATEGORIES, 0)
    for card in cards:
        for clause in card.clauses:
            total[clause.category] = total.get(clause.category, 0) + 1
            done[clause.category] = done.get(clause.category, 0) + int(clause.done)
    by_category = {cat: Rate(done[cat], total[cat]) for cat in total}
    return Completion(year, len(cards), Rate(sum(done.values()), sum(total.values())), by_category)


def card_years(session: Session) -> list[int]:
    return list(session.scalars(select(ResponsibilityCard.year).distinct().order_by(ResponsibilityCard.year)))


def meeting_choices(session: Session, year: int, branch_id: int | None = None) -> list[MeetingChoice]:
    """Meetings a 党员议 can point to: those of the year and the December before it, newest first."""
    query = select(Meeting.id, Meeting.date, Meeting.kind, Meeting.title).where(
        Meeting.date >= dt.date(year - 1, 12, 1), Meeting.date <= dt.date(year, 12, 31)
    )
    if branch_id is not None:
        query = query.where(Meeting.branch_id == branch_id)
    return [MeetingChoice(*row) for row in session.execute(query.order_by(Meeting.date.desc()))]


def photos_for(session: Session, member_ids: Iterable[int]) -> dict[int, bytes]:
    """The members' stored photos, read in one query for a batch print."""
    ids = list(member_ids)
    photos: dict[int, bytes] = {}
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        chunk = ids[start : start + 500]
        query = select(MemberPhoto.member_id, MemberPhoto.jpeg).where(MemberPhoto.member_id.in_(chunk))
        photos.update({member_id: jpeg for member_id, jpeg in session.execute(query)})
    return photos


# --- writing ----------------------------------------------------------------------------------------


def _card(session: Session, card_id: int) -> ResponsibilityCard:
    card = session.get(ResponsibilityCard, card_id)
    if card is None:
        raise CardError(f"找不到编号为 {card_id} 的明白卡")
    return card


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise CardError(f"找不到编号为 {member_id} 的党员")
    return member


def _clean_text(text: str) -> str:
    # Not core.text.clean: that turns the Chinese ，；（） of a clause into ASCII punctuation.
    return " ".join(text.split())


def _clean_post(post: str) -> str:
    post = _clean_text(post)
    if len(post) > 50:
        raise CardError("岗位名称太长，请控制在50字以内")
    return post


def _check_texts(texts_by_category: dict[str, list[str]]) -> dict[str, list[str]]:
    checked: dict[str, list[str]] = {}
    for category, texts in texts_by_category.items():
        if category not in CATEGORIES:
            raise CardError(f"未知的条款类别“{category}”，应为：{'、'.join(CATEGORIES)}")
        lines = [_clean_text(t) for t in texts]
        lines = [t for t in lines if t]
        for text in lines:
            if len(text) > MAX_CLAUSE_CHARS:
                raise CardError(
                    f"“{category}”中有一条长达{len(text)}字，请精简到{MAX_CLAUSE_CHARS}字以内：{text[:20]}…"
                )
        checked[category] = lines
    return checked


def default_texts(session: Session, post: str = "") -> dict[str, list[str]]:
    """What a new card starts with: the branch's standard activities and the post's usual duty."""
    texts = {category: [] for category in CATEGORIES}
    texts[REQUIRED] = standard_activities(session)
    if post in POST_DUTIES:
        texts[POST_DUTY] = [POST_DUTIES[post]]
    return texts


def create_card(
    session: Session,
    member_id: int,
    year: int,
    *,
    post: str = "",
    texts: dict[str, list[str]] | None = None,
) -> int:
    """A new draft card; without texts it is prefilled (default_texts)."""
    member = _member(session, member_id)
    if member.status != MemberStatus.ACTIVE.value:
        raise CardError(f"{member.name} 已{member.status}，不能新建明白卡")
    if not 2000 <= year <= 2100:
        raise CardError(f"年度“{year}”不对，请填写如 2026 的四位年份")
    existing = session.scalar(
        select(ResponsibilityCard.id).where(
            ResponsibilityCard.member_id == member_id, ResponsibilityCard.year == year
        )
    )
    if existing is not None:
        raise CardError(f"{member.name} 已有{year}年度的明白卡，请直接修改")
    post = _clean_post(post)
    checked = _check_texts(texts if texts is not None else default_texts(session, post))
    card = ResponsibilityCard(member_id=member_id, year=year, post=post)
    for category in CATEGORIES:
        for position, text in enumerate(checked.get(category, [])):
            card.clauses.append(CardClause(category=category, position=position, text=text))
    session.add(card)
    session.flush()
    log(session, "新建明白卡", f"{member.name} {year}年度")
    return card.id


def save_clauses(
    session: Session, card_id: int, post: str, texts_by_category: dict[str, list[str]]
) -> list[str]:
    """Replace the card's post and clause texts; returns the warnings (e.g. commitments not 2 to 5).

    A clause whose text is unchanged keeps its done mark, date and note: fixing a typo elsewhere on the
    card must not lose the year's record. Categories not given are left as they are.
    """
    card = _card(session, card_id)
    card.post = _clean_post(post)
    checked = _check_texts(texts_by_category)
    for category, texts in checked.items():
        old = sorted((c for c in card.clauses if c.category == category), key=lambda c: c.position)
        by_text: dict[str, list[CardClause]] = {}
        for clause in old:
            by_text.setdefault(clause.text, []).append(clause)
        keep: list[CardClause] = []
        for position, text in enumerate(texts):
            same = by_text.get(text)
            if same:
                clause = same.pop(0)
            else:
                clause = CardClause(category=category, text=text)
                card.clauses.append(clause)
            clause.position = position
            keep.append(clause)
        kept_ids = {id(c) for c in keep}
        for clause in old:
            if id(clause) not in kept_ids:
                card.clauses.remove(clause)
    session.flush()
    member = _member(session, card.member_id)
    log(session, "修改明白卡条款", f"{member.name} {card.year}年度")
    commitments = sum(1 for c in card.clauses if c.category == COMMITMENT)
    return card_warnings(card.post, commitments)


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


def delete_card(session: Session, card_id: int) -> None:
    """Only a draft: a card that went through any step is part of the record."""
    card = _card(session, card_id)
    if any(getattr(card, cols[0]) for cols in _STEP_COLUMNS.values()) or card.posted_date:
        raise CardError("明白卡已进入“个人报”等程序，不能删除")
    member = _member(session, card.member_id)
    session.delete(card)
    session.flush()
    log(session, "删除明白卡草稿", f"{member.name} {card.year}年度")


def copy_year(session: Session, from_year: int, to_year: int, *, branch_id: int | None = None) -> CopyResult:
    """Start a year from last year's cards: post and clause texts copied; steps and done marks not."""
    if from_year == to_year:
        raise CardError("复制的来源年度和目标年度不能相同")
    sources = list_cards(session, from_year, branch_id=branch_id)
    if not sources:
        raise CardError(f"{from_year}年度还没有明白卡，无从复制")
    have = set(
        session.scalars(select(ResponsibilityCard.member_id).where(ResponsibilityCard.year == to_year))
    )
    statuses = dict(
        session.execute(
            select(Member.id, Member.status).where(Member.id.in_([c.member_id for c in sources]))
        ).all()
    )
    copied = already = left = 0
    for source in sources:
        if source.member_id in have:
            already += 1
            continue
        if statuses.get(source.member_id) != MemberStatus.ACTIVE.value:
            left += 1
            continue
        card = ResponsibilityCard(member_id=source.member_id, year=to_year, post=source.post)
        for clause in source.clauses:
            card.clauses.append(
                CardClause(category=clause.category, position=clause.position, text=clause.text)
            )
        session.add(card)
        copied += 1
    session.flush()
    log(session, "复制明白卡", f"{from_year}→{to_year}：{copied}张")
    return CopyResult(copied, already, left)
