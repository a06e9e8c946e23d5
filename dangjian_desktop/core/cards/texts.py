"""The vocabulary of the 明白卡 and the texts a card is made of: categories, steps and states, the
posts and their usual duties, the branch's settings, and the checks on clause texts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.errors import UserError
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
