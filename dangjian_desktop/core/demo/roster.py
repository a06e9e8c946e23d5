"""A believable demo branch, so a newcomer sees every part of the program with data in it.

Deterministic for a given seed and day: the same demo every time, valid ID numbers throughout.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from dangjian_desktop.core import idcard
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.dates import add_years
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏吕丁任沈姚卢单"
)
GIVEN_MALE = [
    "建国",
    "国强",
    "志明",
    "德华",
    "永胜",
    "春生",
    "海军",
    "文斌",
    "家豪",
    "子轩",
    "明辉",
    "宏伟",
    "光荣",
    "振华",
    "秋生",
    "大勇",
    "立新",
    "卫东",
    "浩然",
    "俊杰",
    "长根",
    "金福",
    "水生",
    "新民",
]
GIVEN_FEMALE = [
    "秀英",
    "桂兰",
    "玉珍",
    "春梅",
    "丽华",
    "红霞",
    "晓燕",
    "美玲",
    "淑芬",
    "雨婷",
    "佳怡",
    "小红",
    "凤英",
    "翠兰",
    "海燕",
    "静怡",
    "梦瑶",
    "金凤",
    "冬梅",
    "丽娟",
]
EDUCATION_BY_AGE = [
    (35, ["大学本科", "大学专科", "高中", "大学专科"]),
    (50, ["高中", "初中", "中专", "大学专科"]),
    (200, ["初中", "小学", "小学", "高中"]),
]
JOBS = ["务农", "个体经营", "外出务工", "村委会委员", "退休教师", "合作社理事长", "网格员", "村医", "养殖户"]
GROUPS = ("第一党小组", "第二党小组", "第三党小组")
MOBILE_PLACES = ["广东深圳", "浙江宁波", "江苏苏州", "福建厦门", "上海"]
AREA = "360426"


def make_id_number(rng: random.Random, birth: dt.date, gender: str) -> str:
    sequence = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if gender == "男" else [0, 2, 4, 6, 8])
    first17 = f"{AREA}{birth:%Y%m%d}{sequence:03d}"
    return first17 + idcard.check_char(first17)


def build_demo(session: Session, *, today: dt.date | None = None, seed: int = 2026, size: int = 45) -> int:
    """Create the demo branch with about `size` members; returns the branch id."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    branch = create_branch(
        session, "凤凰村党支部", township="青山镇", secretary="王建国", phone="0792-4521234"
    )
    used_names: set[str] = set()
    member_ids: list[int] = []
    for index in range(size):
        gender = "女" if rng.random() < 0.3 else "男"
        while True:
            surname = "王" if index == 0 else rng.choice(SURNAMES)
            given = "建国" if index == 0 else rng.choice(GIVEN_MALE if gender == "男" else GIVEN_FEMALE)
            if index == 0:
                gender = "男"
            name = surname + given
            if name not in used_names:
                used_names.add(name)
                break
        age = rng.choice([rng.randint(24, 35), rng.randint(36, 45), rng.randint(46, 60), rng.randint(61, 88)])
        if index == 0:
            age = 52
        birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        join = add_years(birth, rng.randint(19, min(40, max(19, age - 1)))) + dt.timedelta(
            days=rng.randint(0, 300)
        )
        join = min(join, today - dt.timedelta(days=30))
        if index < 5:  # the 支委 have led the branch for years: they host and record the demo's meetings
            join = min(join, add_years(today, -3))
        probationary = index in (7, 21, 33)
        if probationary:
            join = today - dt.timedelta(days=rng.randint(60, 330))
        full = None if probationary else add_years(join, 1)
        if full and full > today:
            full = None
            probationary = True
        edu_choices = next(choices for limit, choices in EDUCATION_BY_AGE if age <= limit)
        mobile = index in (5, 12, 19, 28)
        draft = MemberDraft(
            name=name,
            gender=gender,
            ethnicity="畲族" if index in (9, 30) else "汉族",
            id_number=make_id_number(rng, birth, gender),
            education=rng.choice(edu_choices),
            join_date=join.isoformat(),
            full_date=full.isoformat() if full else "",
            category="预备党员" if probationary else "正式党员",
            party_group=GROUPS[index % 3],
            is_committee=index in (0, 1, 2, 3, 4),
            job="外出务工" if mobile else ("村党支部书记" if index == 0 else rng.choice(JOBS)),
            phone=f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            address=f"凤凰村{rng.randint(1, 9)}组{rng.randint(1, 60)}号",
            is_mobile=mobile,
            mobile_destination=rng.choice(MOBILE_PLACES) if mobile else "",
            is_hardship=index in (40, 41),
            note="",
        )
        member_ids.append(add_member(session, branch.id, draft))
    leave_roster(
        session, member_ids[-1], "转出", today - dt.timedelta(days=200), "组织关系转至青山镇机关党支部"
    )
    leave_roster(session, member_ids[-2], "去世", today - dt.timedelta(days=90), "病故")
    return branch.id
