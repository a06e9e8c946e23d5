"""Four people on the path for the demo branch, at different stages, one with a step due soon.

Nobody here reaches the 支部大会: the demo's roster and meeting records stay as the other parts of
the demo build them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dangjian_desktop.core.dates import add_months
from dangjian_desktop.core.develop.service import PersonDraft, StepDraft, add_person_in, record_step_in
from dangjian_desktop.core.idcard import check_char
from dangjian_desktop.core.meetings import roster_on


def _id_number(birth: dt.date, serial: int) -> str:
    first17 = f"360426{birth:%Y%m%d}{serial:03d}"
    return first17 + check_char(first17)


def build_develop_demo(session: Session, branch_id: int, *, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    voters = [str(p.id) for p in roster_on(session, branch_id, add_months(today, -30)) if p.can_vote]
    if len(voters) < 3:
        return 0

    def month(n: int) -> dt.date:
        return add_months(today, n)

    people = [
        ("刘晓婷", dt.date(today.year - 26, 4, 18), "第一党小组", month(0) - dt.timedelta(days=20), []),
        (
            "陈志强",
            dt.date(today.year - 31, 9, 2),
            "第二党小组",
            month(-3),
            [("谈话", month(-3) + dt.timedelta(days=12), [voters[0]])],
        ),
        (
            "黄丽华",
            dt.date(today.year - 29, 1, 25),
            "第一党小组",
            month(-17),
            [
                ("谈话", month(-17) + dt.timedelta(days=9), [voters[1]]),
                ("确定积极分子", month(-11), [voters[0], voters[1]]),
                ("考察", month(-6) + dt.timedelta(days=10), []),
            ],
        ),
        (
            "赵文斌",
            dt.date(today.year - 34, 6, 6),
            "第三党小组",
            month(-30),
            [
                ("谈话", month(-30) + dt.timedelta(days=15), [voters[2]]),
                ("确定积极分子", month(-26), [voters[2]]),
                ("考察", month(-20), []),
                ("考察", month(-14), []),
                ("确定发展对象", month(-9), [voters[0], voters[2]]),
                ("考察", month(-4), []),
                ("政审", month(-3), []),
            ],
        ),
    ]
    # the ID number's serial gives the gender (odd = 男): 900 for 刘晓婷, 901 for 陈志强 and so on,
    # so each is the gender the name says (from 901 every one of them came out the other way)
    for serial, (name, birth, group, applied, steps) in enumerate(people, start=900):
        draft = PersonDraft(
            name=name, id_number=_id_number(birth, serial), applied=applied, party_group=group
        )
        person_id = add_person_in(session, branch_id, draft, today=today)
        for step, day, who in steps:
            note = "表现良好，学习积极" if step == "考察" else ("政审合格" if step == "政审" else "")
            record_step_in(session, person_id, StepDraft(step, day, note=note, people=who), today=today)
    return len(people)
