"""Political birthdays over 50,000 members (target < 100 ms) and 300 greeting cards (target < 5 s)."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from sqlalchemy import insert

from benchmarks.common import Figure, median_time
from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.models import Branch, Member

MEMBERS = 50_000
CARDS = 300


def build(path: Path) -> tuple[Database, int]:
    db = open_database(path)
    rng = random.Random(7)
    with db.transaction() as session:
        branch = Branch(name="基准测试党支部")
        session.add(branch)
        session.flush()
        branch_id = branch.id
    rows = []
    for i in range(MEMBERS):
        join = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 27_000))
        full = join + dt.timedelta(days=365) if rng.random() < 0.9 else None
        rows.append(
            {
                "branch_id": branch_id,
                "name": f"党员{i:05d}",
                "gender": "男",
                "ethnicity": "汉族",
                "education": "",
                "join_date": None if i % 500 == 0 else join,
                "full_date": None if i % 500 == 0 else full,
                "join_md": None if i % 500 == 0 else join.strftime("%m-%d"),
                "category": "正式党员" if full else "预备党员",
                "party_group": f"第{i % 20 + 1}党小组",
                "is_committee": False,
                "job": "",
                "phone": "",
                "address": "",
                "status": "在册" if i % 40 else "转出",
                "left_reason": "",
                "is_mobile": False,
                "mobile_destination": "",
                "is_lost_contact": False,
                "is_hardship": False,
                "note": "",
                "search_key": "",
            }
        )
    with db.engine.begin() as connection:
        connection.execute(insert(Member), rows)  # executemany: one prepared statement
    return db, branch_id


def run() -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        db, branch_id = build(Path(tmp) / "bench.sqlite3")
        today = dt.date(2026, 12, 20)  # a window across the new year: two range segments
        counts: list[int] = []

        def upcoming() -> None:
            with db.reading() as session:
                counts.append(len(bd.political_birthdays(session, today, 30, branch_id=branch_id)))

        figures.append(
            Figure(
                f"upcoming birthdays, 30 days, {MEMBERS:,} members",
                median_time(upcoming, repeat=7),
                0.1,
                f"{counts[-1]} rows",
            )
        )

        def opening_reminder() -> None:
            with db.reading() as session:
                bd.reminder(session, today, branch_id=branch_id)

        # No target in the issue: the 50-year medal list is a scan (member.full_date has no index).
        figures.append(
            Figure(
                f"opening reminder (window+medal+missing), {MEMBERS:,}",
                median_time(opening_reminder),
                note="informational: medal list scans full_date",
            )
        )

        def from_full_date() -> None:
            with db.reading() as session:
                bd.political_birthdays(session, today, 30, branch_id=branch_id, from_full_date=True)

        figures.append(
            Figure(
                f"upcoming by full_date setting (SQL scan), {MEMBERS:,}",
                median_time(from_full_date),
                note="informational: the non-default setting has no MM-DD index",
            )
        )

        from dangjian_desktop.printing.birthday_cards import card_data, print_birthday_cards

        with db.reading() as session:
            rows = bd.political_birthdays(session, dt.date(2026, 1, 1), 365, branch_id=branch_id)[:CARDS]
        cards = card_data(rows, "基准测试党支部")
        out = Path(tmp) / "cards.pdf"
        for per_page in (2, 4):
            figures.append(
                Figure(
                    f"{CARDS} greeting cards, {per_page} per A4",
                    median_time(lambda p=per_page: print_birthday_cards(cards, out, per_page=p), repeat=3),
                    5.0,
                )
            )
        db.close()
    return figures


if __name__ == "__main__":
    for figure in run():
        print(figure.line())
