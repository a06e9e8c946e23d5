"""A believable year of meetings for the demo branch, with a few deliberately missing ones.

The gaps are there on purpose: the compliance calendar must have something red to show a newcomer.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.models import Member

THEMES = [
    "学习贯彻党的二十届三中全会精神",
    "重温入党誓词，过集体政治生日",
    "人居环境整治志愿服务",
    "学习《中国共产党纪律处分条例》",
    "乡村振兴产业发展专题学习",
    "“七一”主题党日：忆党史、守初心",
    "防汛抗旱志愿服务",
    "学习《中国共产党农村基层组织工作条例》",
    "关爱留守老人和儿童走访活动",
    "秋收助农志愿服务",
    "移风易俗宣传活动",
    "冬季安全生产和森林防火宣传",
]
LECTURES = [
    "书记讲党课：新时代党员如何发挥先锋模范作用",
    "党课：从党史中汲取奋进力量",
    "党课：以学促干，推动乡村全面振兴",
    "党课：严守纪律规矩，永葆清廉本色",
]
COMMITTEE_TOPICS = [
    ("研究本月党建工作安排", "由书记牵头，支委分工落实"),
    ("研究确定入党积极分子培养人选", "报镇党委备案"),
    ("研究困难党员慰问名单", "节前完成走访慰问"),
    ("研究村集体经济项目推进", "月底前形成方案提交党员大会"),
]
PLACES = ["村党群服务中心会议室", "村委会二楼会议室", "村文化广场"]


def build_demo_meetings(session: Session, branch_id: int, *, today: dt.date, seed: int = 2026) -> int:
    """The twelve months up to `today`; returns how many records were written."""
    rng = random.Random(seed)
    roster = m.roster_on(session, branch_id, today)
    committee = [p for p in roster if p.is_committee]
    if not committee:
        return 0
    committee.sort(key=lambda p: p.id)  # the first member entered is the secretary
    host, recorder = committee[0], committee[1 % len(committee)]
    mobile = set(
        session.scalars(select(Member.id).where(Member.branch_id == branch_id, Member.is_mobile.is_(True)))
    )
    start = dt.date(today.year - 1, today.month, 1) if today.month < 12 else dt.date(today.year, 1, 1)
    months = [(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1) for i in range(13)]
    months = [(y, mo) for y, mo in months if dt.date(y, mo, 1) <= today][-12:]
    # the gaps an inspector would find: one 主题党日, one 支委会, one 党小组's month, one 党课 quarter
    skip_theme, skip_committee, skip_group = months[-4], months[-7], months[-3]
    skip_lecture_quarter = (months[-6][0], (months[-6][1] - 1) // 3)
    written = 0
    rosters: dict[dt.date, list[m.Person]] = {}

    def roster(day: dt.date) -> list[m.Person]:
        if day not in rosters:
            rosters[day] = m.roster_on(session, branch_id, day)
        return rosters[day]

    def record(kind: str, day: dt.date, title: str, *, group: str = "", **extra: object) -> None:
        nonlocal written
        if day > today:
            return
        expected = m.expected_from(roster(day), kind, group)
        local = [p for p in expected if p.id not in mobile]
        # a 党小组会 is chaired by its 组长 (here the group's first member); the recorder is always there
        chair, clerk = (host, recorder) if kind != m.GROUP else (local[0], local[1 % len(local)])
        present, absent = [], {}
        for person in expected:
            if person.id in mobile:
                absent[person.id] = "外出务工"
            elif person.id not in (chair.id, clerk.id) and rng.random() < 0.08:
                absent[person.id] = rng.choice(["病假", "事假", "公出"])
            else:
                present.append(person.id)
        draft = m.MeetingDraft(
            kind=kind,
            date=day,
            party_group=group,
            title=title,
            start_time="19:30" if kind == m.GROUP else "09:00",
            end_time="21:00" if kind == m.GROUP else "11:00",
            place=rng.choice(PLACES),
            host_id=chair.id,
            recorder_id=clerk.id,
            present_ids=present,
            absent=absent,
            **extra,  # type: ignore[arg-type]
        )
        m.add_meeting(session, branch_id, draft, today=today)
        written += 1

    for year, month in months:
        quarter = (month - 1) // 3
        if (year, month) != skip_committee:
            topic, decision = COMMITTEE_TOPICS[month % len(COMMITTEE_TOPICS)]
            record(
                m.COMMITTEE,
                dt.date(year, month, 5),
                f"{year}年第{month}次支委会",
                topics=[topic],
                content=f"书记{host.name}主持会议，通报上月工作完成情况。\n与会支委围绕“{topic}”逐一发表意见。",
                votes="举手表决，全体到会支委一致同意。",
                has_vote=True,
                resolutions=[m.ResolutionDraft(decision, host.name, dt.date(year, month, 28))],
            )
        if (year, month) != skip_theme:
            theme = THEMES[(month - 1) % len(THEMES)]
            record(
                m.THEME_DAY,
                dt.date(year, month, 15),
                f"{month}月主题党日：{theme}",
                topics=["重温入党誓词", theme, "交纳党费"],
                content=f"全体党员重温入党誓词。\n{theme}。\n党员交纳{month}月党费。",
            )
        day20 = dt.date(year, month, 20)
        for n, group in enumerate(
            sorted({p.party_group for p in roster(day20) if p.party_group}, key=m.group_sort_key)
        ):
            if (year, month) == skip_group and n == 1:
                continue
            record(
                m.GROUP,
                dt.date(year, month, 20),
                f"{group}{month}月学习会",
                group=group,
                topics=["传达支部委员会会议精神", "组织党员学习"],
                content="组长传达支部工作安排，党员交流学习体会。",
            )
        if month % 3 == 2 and (year, quarter) != skip_lecture_quarter:
            record(
                m.LECTURE,
                dt.date(year, month, 10),
                LECTURES[quarter],
                topics=[LECTURES[quarter]],
                content=f"{host.name}同志讲授党课。\n党员结合工作实际谈体会。",
            )
        if month % 3 == 0:
            record(
                m.GENERAL_ASSEMBLY,
                dt.date(year, month, 25),
                f"{year}年第{month // 3}季度支部党员大会",
                topics=["通报本季度支部工作", "讨论村集体经济发展项目"],
                content="书记通报本季度工作。\n党员讨论集体经济项目并表决。",
                votes="应到有表决权党员过半数到会，举手表决，全票通过。",
                has_vote=True,
                resolutions=[
                    m.ResolutionDraft(
                        "实施村集体光伏发电项目", host.name, dt.date(year, month, 28) + dt.timedelta(90)
                    )
                ],
            )
        if month == 1:
            # last year's 组织生活会 and 民主评议党员 are held in January in many villages; these
            # count for the year they are held in, so the current year's still show as pending
            record(
                m.ORG_LIFE,
                dt.date(year, 1, 18),
                f"{year - 1}年度组织生活会",
                topics=["对照检查", "批评与自我批评"],
                content="支委班子作对照检查。\n党员逐一开展批评与自我批评。",
            )
            record(
                m.REVIEW,
                dt.date(year, 1, 18),
                f"{year - 1}年度民主评议党员",
                topics=["党员自评", "党员互评", "民主测评"],
                content="党员个人自评，党员互评，发放民主测评表。",
            )
    return written
