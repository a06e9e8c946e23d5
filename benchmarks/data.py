"""Big, valid databases for the benchmarks, written with raw executemany (the fast path)."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAMES, make_id_number
from dangjian_desktop.core.search import search_key


def member_rows(n: int, seed: int = 7, today: dt.date = dt.date(2026, 11, 22)) -> list[tuple]:
    rng = random.Random(seed)
    rows = []
    used: set[str] = set()
    for i in range(n):
        gender = "女" if rng.random() < 0.3 else "男"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_MALE if gender == "男" else GIVEN_FEMALE)
        birth = today - dt.timedelta(days=rng.randint(20 * 365, 90 * 365))
        id_number = make_id_number(rng, birth, gender)
        while id_number in used:
            id_number = make_id_number(rng, birth, gender)
        used.add(id_number)
        join = birth + dt.timedelta(days=rng.randint(19 * 365, 19 * 365 + 3000))
        join = min(join, today - dt.timedelta(days=10))
        full = join + dt.timedelta(days=365)
        phone = f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}"
        rows.append(
            (
                1,
                name,
                gender,
                "汉族",
                birth.isoformat(),
                id_number,
                "初中",
                join.isoformat(),
                full.isoformat() if full <= today else None,
                join.strftime("%m-%d"),
                "正式党员" if full <= today else "预备党员",
                f"第{i % 12 + 1}党小组",
                0,
                "务农",
                phone,
                f"某村{i % 9 + 1}组",
                "在册",
                None,
                "",
                0,
                "",
                0,
                0,
                "",
                search_key(name, id_number, phone),
            )
        )
    return rows


def make_member_db(path: Path, n: int) -> Path:
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    db = open_database(path)
    with db.transaction() as session:
        create_branch(session, "基准测试村党支部", township="基准镇", phone="0791-1234567")
    db.close()
    connection = sqlite3.connect(path)
    connection.executemany(
        "INSERT INTO member (branch_id, name, gender, ethnicity, birth_date, id_number, education, join_date,"
        " full_date, join_md, category, party_group, is_committee, job, phone, address, status, left_date,"
        " left_reason, is_mobile, mobile_destination, is_lost_contact, is_hardship, note, search_key)"
        " VALUES (" + ",".join("?" * 25) + ")",
        member_rows(n),
    )
    connection.commit()
    connection.close()
    return path
