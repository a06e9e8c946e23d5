"""The demo branch's political-birthday (6+X) record for this year, with a few gaps left to fill."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dangjian_desktop.core.birthdays import birthdays_in_month, mark_month_done, record_activity


def build_demo_records(session: Session, branch_id: int, today: dt.date) -> int:
    """The demo branch's 6+X record for this year: the months so far held together, a few gaps left."""
    group_items = ("重温入党誓词", "重读入党志愿书", "赠送生日礼物")
    count = 0
    for month in range(1, today.month):
        rows = birthdays_in_month(session, today.year, month, branch_id=branch_id)
        if not rows:
            continue
        # held at the month's last birthday, as a 主题党日 would be
        held = max(r.date for r in rows)
        count += mark_month_done(
            session,
            today.year,
            month,
            group_items,
            held,
            "主题党日集体过政治生日",
            branch_id=branch_id,
            today=today,
        )
        for index, row in enumerate(rows):
            if index % 3 == 2:
                continue  # the gaps the secretary still has to fill
            record_activity(session, row.member_id, today.year, "建立户口簿记录", row.date, today=today)
            record_activity(
                session, row.member_id, today.year, "谈心谈话", row.date, "支部书记与其谈心", today=today
            )
            count += 2
            if index % 3 == 0:
                record_activity(
                    session,
                    row.member_id,
                    today.year,
                    "提出意见建议",
                    row.date,
                    "建议村里多组织农技培训",
                    today=today,
                )
                record_activity(
                    session, row.member_id, today.year, "志愿服务", row.date, "参加环境卫生整治", today=today
                )
                count += 2
    return count
