"""Meetings at scale: a 300-member branch in 20 党小组 with 10 years of records (about 3,000 meetings).

Targets (issue 4): a year's compliance calendar < 50 ms; the year's archive PDF < 5 s.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from sqlalchemy import insert

from benchmarks.common import Figure, median_time
from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.models import Meeting, MeetingAttendance, MeetingResolution, Member

YEARS = range(2016, 2026)
GROUP_COUNT = 20
MEMBERS = 300
TODAY = dt.date(2026, 3, 1)


def build(db: Database) -> int:
    """Rows are inserted in bulk: the service's checks are what the tests cover, not what we time here."""
    rng = random.Random(4)
    with db.transaction() as session:
        branch_id = create_branch(session, "基准村党支部").id
        members = [
            {
                "branch_id": branch_id,
                "name": f"党员{i:03d}",
                "join_date": dt.date(1990 + i % 30, 1 + i % 12, 1),
                "full_date": dt.date(1991 + i % 30, 1 + i % 12, 1),
                "party_group": f"第{i % GROUP_COUNT + 1}党小组",
                "is_committee": i < 7,
                "category": "正式党员",
                "status": "在册",
            }
            for i in range(MEMBERS)
        ]
        session.execute(insert(Member), members)
        ids = list(range(1, MEMBERS + 1))
        groups = {
            f"第{g + 1}党小组": [i for i in ids if (i - 1) % GROUP_COUNT == g] for g in range(GROUP_COUNT)
        }
        meetings, attendance, resolutions = [], [], []
        meeting_id = 0

        def add(kind: str, day: dt.date, who: list[int], group: str = "") -> None:
            nonlocal meeting_id
            meeting_id += 1
            meetings.append(
                {
                    "id": meeting_id,
                    "branch_id": branch_id,
                    "kind": kind,
                    "party_group": group,
                    "title": f"{day.year}年{day.month}月{kind}",
                    "date": day,
                    "place": "村党群服务中心",
                    "host_id": 1,
                    "recorder_id": 2,
                    "expected_count": len(who),
                    "topics": "学习传达上级精神\n研究本月工作",
                    "content": "书记传达上级会议精神。\n党员围绕本村产业发展、人居环境整治逐一发言。" * 3,
                    "votes": "",
                    "has_vote": False,
                }
            )
            attendance.extend(
                {
                    "meeting_id": meeting_id,
                    "member_id": i,
                    "present": rng.random() > 0.1,
                    "absence_reason": "",
                }
                for i in who
            )
            resolutions.append(
                {
                    "meeting_id": meeting_id,
                    "position": 0,
                    "text": "落实会议部署",
                    "owner": "党员001",
                    "deadline": day + dt.timedelta(days=30),
                }
            )

        committee = ids[:7]
        for year in YEARS:
            for month in range(1, 13):
                add(m.COMMITTEE, dt.date(year, month, 5), committee)
                add(m.COMMITTEE, dt.date(year, month, 25), committee)
                add(m.THEME_DAY, dt.date(year, month, 15), ids)
                for group, who in groups.items():
                    add(m.GROUP, dt.date(year, month, 20), who, group)
                if month % 3 == 0:
                    add(m.GENERAL_ASSEMBLY, dt.date(year, month, 28), ids)
                    add(m.LECTURE, dt.date(year, month, 10), ids)
            add(m.ORG_LIFE, dt.date(year, 12, 30), ids)
            add(m.REVIEW, dt.date(year, 12, 30), ids)
        session.execute(insert(Meeting), meetings)
        session.execute(insert(MeetingAttendance), attendance)
        session.execute(insert(MeetingResolution), resolutions)
    return branch_id


def run() -> list[Figure]:
    from dangjian_desktop.printing.minutes_pdf import print_archive

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite3")
        branch_id = build(db)
        with db.reading() as session:
            total = len(m.list_meetings(session, branch_id))
        year = 2025

        def compliance() -> None:
            with db.reading() as session:
                m.compliance(session, branch_id, year, today=TODAY)

        def listing() -> None:
            with db.reading() as session:
                m.list_meetings(session, branch_id, year=year)

        def archive() -> None:
            with db.reading() as session:
                rows = m.list_meetings(session, branch_id, year=year)
                details = m.meeting_details(session, [r.id for r in rows])
                comp = m.compliance(session, branch_id, year, today=TODAY)
                _members, kinds = m.attendance_rates(session, branch_id, year)
            print_archive(details, "基准村党支部", comp, Path(tmp) / "archive.pdf", rates=kinds, today=TODAY)

        with db.reading() as session:
            per_year = len(m.list_meetings(session, branch_id, year=year))
        figures = [
            Figure(
                "meetings: compliance calendar for a year",
                median_time(compliance, repeat=20),
                0.05,
                f"{total} meetings in 10 years",
            ),
            Figure(
                "meetings: list one year with attendee names",
                median_time(listing, repeat=10),
                None,
                f"{per_year} meetings",
            ),
            Figure(
                "meetings: the year's archive PDF",
                median_time(archive, repeat=3),
                5.0,
                f"{per_year} records + contents + compliance",
            ),
        ]
        db.close()
    return figures
