"""Issue 19 figures: the year-end statistics over a county (200,000 members in 1,000 branches of 25
townships) on SQLite, and the township view (乡镇汇总) over the same database for comparison.

The database is written with raw executemany and kept in benchmarks/results/ (ignored by git) between
runs: building it takes longer than what is measured. With DANGJIAN_BENCH_POSTGRES set to a SQLAlchemy
URL (postgresql+psycopg://...), the same rows are copied into that (throwaway) database's public schema
and the statistics are timed there too.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, median_time

TODAY = dt.date(2026, 11, 22)
BRANCHES, PER_BRANCH, TOWNSHIPS = 1000, 200, 25
VERSION = 1  # bump when the generated data changes
CACHE = Path(__file__).parent / "results" / f"statistics-county-v{VERSION}.sqlite3"

EDUCATIONS = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中", "小学", "文盲或半文盲", "")
JOBS = (
    "务农",
    "个体经营",
    "外出务工",
    "村委会委员",
    "退休教师",
    "合作社理事长",
    "网格员",
    "村医",
    "养殖户",
    "学生",
    "",
)
ETHNICITIES = ("汉族",) * 18 + ("畲族", "回族", "")
LEFT = ("转出", "去世", "停止党籍", "出党")


def _members(rng: random.Random) -> list[tuple]:
    rows = []
    for branch in range(1, BRANCHES + 1):
        for i in range(PER_BRANCH):
            birth = TODAY - dt.timedelta(days=rng.randint(18 * 365, 95 * 365))
            join = birth + dt.timedelta(days=rng.randint(18 * 365, 40 * 365))
            join = min(join, TODAY - dt.timedelta(days=rng.randint(1, 400)))
            full = join + dt.timedelta(days=365)
            status, left = "在册", None
            if rng.random() < 0.05:
                status = rng.choice(LEFT)
                left = (
                    max(join, TODAY - dt.timedelta(days=3000)) + dt.timedelta(days=rng.randint(1, 2000))
                ).isoformat()
                left = min(left, TODAY.isoformat())
            rows.append(
                (
                    branch,
                    f"党员{branch}-{i}",
                    "女" if rng.random() < 0.3 else "男",
                    rng.choice(ETHNICITIES),
                    birth.isoformat(),
                    f"{branch:06d}{i:012d}",
                    rng.choice(EDUCATIONS),
                    join.isoformat(),
                    full.isoformat() if full <= TODAY else None,
                    join.strftime("%m-%d"),
                    "正式党员" if full <= TODAY else "预备党员",
                    f"第{i % 5 + 1}党小组",
                    0,
                    rng.choice(JOBS),
                    "",
                    "",
                    status,
                    left,
                    "",
                    int(rng.random() < 0.05),
                    "",
                    int(rng.random() < 0.01),
                    0,
                    "",
                    "",
                )
            )
    return rows


def county_database(path: Path = CACHE) -> Path:
    """The cached county database, built once."""
    if path.exists():
        return path
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.db import open_database

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    for stale in partial.parent.glob(partial.name + "*"):
        stale.unlink()
    db = open_database(partial)
    with db.transaction() as session:
        settings.put(session, settings.TOWNSHIP_MODE, True)
    db.close()
    rng = random.Random(19)
    connection = sqlite3.connect(partial)
    connection.executemany(
        "INSERT INTO branch (id, name, township, secretary, phone, uid, package_digest, signing_key,"
        " package_number) VALUES (?, ?, ?, '', '', ?, '', '', 0)",
        [(b, f"第{b}村党支部", f"第{b % TOWNSHIPS + 1}镇", f"{b:032x}") for b in range(1, BRANCHES + 1)],
    )
    connection.executemany(
        "INSERT INTO member (branch_id, name, gender, ethnicity, birth_date, id_number, education, join_date,"
        " full_date, join_md, category, party_group, is_committee, job, phone, address, status, left_date,"
        " left_reason, is_mobile, mobile_destination, is_lost_contact, is_hardship, note, search_key)"
        " VALUES (" + ",".join("?" * 25) + ")",
        _members(rng),
    )
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()
    partial.rename(path)
    return path


def _postgres(url: str, source: Path):  # noqa: ANN202 - an Engine
    """The county copied into an emptied PostgreSQL database, table by table in chunks."""
    from sqlalchemy import create_engine, select, text

    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.models import Base

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    Base.metadata.create_all(engine)
    db = open_database(source)
    with db.reading() as session, engine.begin() as target:
        for table in Base.metadata.sorted_tables:
            result = session.execute(select(table)).mappings()
            while chunk := result.fetchmany(20000):
                target.execute(table.insert(), [dict(row) for row in chunk])
        target.execute(text("ANALYZE"))
    db.close()
    return engine


def _cpu(fn, repeat: int) -> str:  # noqa: ANN001
    """This process's CPU time, median, and the machine's load: on a shared machine the wall time
    says more about the neighbours than about the code."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return f"CPU {statistics.median(times) * 1000:.0f} ms, load average {os.getloadavg()[0]:.1f}"


def run() -> list[Figure]:
    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.statistics import year_statistics
    from dangjian_desktop.core.township import branch_summaries

    db = open_database(county_database())
    try:
        with db.reading() as session:
            members = year_statistics(session, TODAY.year).roster_count

        def year_end() -> None:
            with db.reading() as session:
                year_statistics(session, TODAY.year)

        def township_view() -> None:
            with db.reading() as session:
                branch_summaries(session, TODAY)

        figures = [
            Figure(
                f"year-end statistics, county: {members:,} on the roster, {BRANCHES:,} branches",
                median_time(year_end, 5),
                1.0,
                _cpu(year_end, 3),
            ),
            Figure(
                "township view (乡镇汇总) over the same 200,000 members",
                median_time(township_view, 1),
                1.0,
                f"one run, load average {os.getloadavg()[0]:.1f}",
            ),
        ]
    finally:
        db.close()
    url = os.environ.get("DANGJIAN_BENCH_POSTGRES")
    if url:
        from sqlalchemy.orm import Session

        engine = _postgres(url, county_database())

        def on_postgres() -> None:
            with Session(engine) as session:
                year_statistics(session, TODAY.year)

        figures.append(
            Figure("year-end statistics, the same county on PostgreSQL", median_time(on_postgres, 5), 1.0)
        )
        engine.dispose()
    return figures
