"""Issue 19 figures: the year-end statistics and the township view (乡镇汇总) over a county (200,000
members in 1,000 branches of 25 townships, with a year of meetings and 明白卡), on SQLite and on
PostgreSQL, medians of several runs, with this process's CPU time beside the wall time.

The county is written with raw executemany and cached (DANGJIAN_BENCH_CACHE, default
/tmp/dangjian_bench) between runs: building it takes longer than what is measured. PostgreSQL:
DANGJIAN_BENCH_POSTGRES (a URL of a throwaway database, emptied), else DANGJIAN_BENCH_PG_URL or
DANGJIAN_TEST_PG_URL (a superuser's URL, as `.ci/pg.sh start DIR` prints: a fresh database is made
and dropped); the same rows are copied there. Repeats: DANGJIAN_BENCH_REPEAT (default 5).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Figure

TODAY = dt.date(2026, 11, 22)
BRANCHES, PER_BRANCH, TOWNSHIPS = 1000, 200, 25
VERSION = 2  # bump when the generated data changes
CACHE = (
    Path(os.environ.get("DANGJIAN_BENCH_CACHE") or "/tmp/dangjian_bench")
    / f"statistics-county-v{VERSION}.sqlite3"
)

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


def _meetings(rng: random.Random) -> list[tuple]:
    """A year of 三会一课 per branch up to TODAY (a few skipped: the view has periods to find missing),
    the 党小组会 per group, and one record in the December before (the 启用月份)."""
    rows = []
    for branch in range(1, BRANCHES + 1):
        rows.append((branch, "支部党员大会", "", dt.date(TODAY.year - 1, 12, 20).isoformat()))
        for month in range(1, TODAY.month + 1):
            day = dt.date(TODAY.year, month, rng.randint(1, 28))
            if day > TODAY:
                continue
            for kind in ("支部委员会会议", "主题党日"):
                if rng.random() < 0.95:
                    rows.append((branch, kind, "", day.isoformat()))
            for group in range(1, 6):
                if rng.random() < 0.9:
                    rows.append((branch, "党小组会", f"第{group}党小组", day.isoformat()))
            if month % 3 == 1:
                for kind in ("支部党员大会", "党课"):
                    rows.append((branch, kind, "", day.isoformat()))
    return rows


def _cards(rng: random.Random, members: int) -> tuple[list[tuple], list[tuple]]:
    """This year's 明白卡 of half the members (most decided), four clauses each, some done."""
    cards, clauses = [], []
    for member_id in range(1, members + 1):
        if rng.random() < 0.5:
            continue
        card_id = len(cards) + 1
        decided = dt.date(TODAY.year, 3, rng.randint(1, 28)).isoformat() if rng.random() < 0.8 else None
        cards.append((card_id, member_id, TODAY.year, decided))
        for position in range(4):
            clauses.append(
                (card_id, "岗位职责", position, f"承诺事项{position + 1}", int(rng.random() < 0.6))
            )
    return cards, clauses


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
    members = _members(rng)
    connection.executemany(
        "INSERT INTO member (branch_id, name, gender, ethnicity, birth_date, id_number, education, join_date,"
        " full_date, join_md, category, party_group, is_committee, job, phone, address, status, left_date,"
        " left_reason, is_mobile, mobile_destination, is_lost_contact, is_hardship, note, search_key)"
        " VALUES (" + ",".join("?" * 25) + ")",
        members,
    )
    connection.executemany(
        "INSERT INTO meeting (branch_id, kind, party_group, date, title, start_time, end_time, place,"
        " expected_count, observers, topics, content, votes, has_vote)"
        " VALUES (?, ?, ?, ?, '', '', '', '', 0, '', '', '', '', 0)",
        _meetings(rng),
    )
    cards, clauses = _cards(rng, len(members))
    connection.executemany(
        "INSERT INTO responsibility_card (id, member_id, year, decided_date, post, proposed_note,"
        " discussed_note, reviewed_note, decided_note, year_end_result, year_end_note)"
        " VALUES (?, ?, ?, ?, '', '', '', '', '', '', '')",
        cards,
    )
    connection.executemany(
        "INSERT INTO card_clause (card_id, category, position, text, done, note) VALUES (?, ?, ?, ?, ?, '')",
        clauses,
    )
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()
    partial.rename(path)
    return path


def dues_county(source: Path) -> Path:
    """The county with a year and a half of 党费: every member joined before 2025 assessed for 2025
    and 2026 (农民, 2 元 a month) and paying by the quarter, all of 2025 and 2026 up to a month of
    their own (some stopped paying months ago: the 3 and 6 month counts). Cached beside the county."""
    path = source.with_name(source.stem + "-dues.sqlite3")
    if path.exists():
        return path
    import shutil

    partial = path.with_name(path.name + ".building")
    shutil.copyfile(source, partial)
    rng = random.Random(17)
    connection = sqlite3.connect(partial)
    members = [
        m
        for (m,) in connection.execute(
            "SELECT id FROM member WHERE status = '在册' AND join_date < '2025-01-01'"
        )
    ]
    assessments, payments = [], []
    for member in members:
        for year in (2025, 2026):
            assessments.append((member, year, "农民", 200))
        last = rng.choice((0, 3, 6, 9, 10, 11))  # the last month of 2026 paid (0: none this year)
        for year, through in ((2025, 12), (2026, last)):
            for first in range(1, through + 1, 3):
                end = min(first + 2, through)
                payments.append(
                    (
                        member,
                        f"{year}-{first:02d}",
                        f"{year}-{end:02d}",
                        200 * (end - first + 1),
                        f"{year}-{first:02d}-10",
                    )
                )
    connection.executemany(
        "INSERT INTO dues_assessment (member_id, year, kind, standard_fen, reduction_reason, note)"
        " VALUES (?, ?, ?, ?, '', '')",
        assessments,
    )
    connection.executemany(
        "INSERT INTO dues_payment (member_id, first_month, last_month, amount_fen, paid_date, how, note)"
        " VALUES (?, ?, ?, ?, ?, '本人', '')",
        payments,
    )
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()
    partial.rename(path)
    return path


def _server_url() -> tuple[str, Callable[[], None]] | None:
    """A PostgreSQL database to copy the county into, and what drops it afterwards."""
    given = os.environ.get("DANGJIAN_BENCH_POSTGRES")
    if given:
        return given, lambda: None
    admin = os.environ.get("DANGJIAN_BENCH_PG_URL") or os.environ.get("DANGJIAN_TEST_PG_URL")
    if not admin:
        return None
    from benchmarks.bench_server import _fresh_server_database

    return _fresh_server_database(admin)


def _postgres(url: str, source: Path):  # noqa: ANN202 - an Engine
    """The county copied into an emptied PostgreSQL database, table by table in chunks."""
    from sqlalchemy import create_engine, select, text

    from dangjian_desktop.core.db import open_database

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    open_database(url).close()  # the revisions, as a clerk's first start makes the schema
    from dangjian_desktop.core.models import Base

    db = open_database(source)
    with db.reading() as session, engine.begin() as target:
        for table in reversed(Base.metadata.sorted_tables):
            target.execute(table.delete())  # what the first start wrote (settings): the county's own
        for table in Base.metadata.sorted_tables:
            result = session.execute(select(table)).mappings()
            while chunk := result.fetchmany(20000):
                target.execute(table.insert(), [dict(row) for row in chunk])
            if "id" in table.c and table.name != "setting":
                # the copied ids were given: the sequence carries on after them
                target.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                        f" (SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false)"
                    )
                )
    db.close()
    # VACUUM as autovacuum does soon after a merge (the visibility map: the index-only reads), ANALYZE
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def _server_cpu(url: str) -> Callable[[], float] | None:
    """The CPU seconds a local PostgreSQL cluster has used so far (the postmaster, the children it
    reaped such as parallel workers, and the live backends), when its socket folder is on this machine;
    None otherwise. On a loaded machine this says what the server's part of a figure costs."""
    from sqlalchemy.engine import make_url

    folder = make_url(url).query.get("host")
    lock = Path(str(folder)) / ".s.PGSQL.5432.lock" if folder else None
    if lock is None or not lock.exists():
        return None
    postmaster = int(lock.read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")

    def fields(pid: int) -> list[str]:
        text = Path(f"/proc/{pid}/stat").read_text()
        return text[text.rindex(")") + 2 :].split()  # after "pid (name) "

    def used() -> float:
        own = fields(postmaster)
        total = sum(int(v) for v in own[11:15])  # utime, stime, cutime, cstime
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = fields(int(entry.name))
                except OSError:
                    continue
                if int(stat[1]) == postmaster:  # ppid
                    total += int(stat[11]) + int(stat[12])
        return total / tick

    return used


def _timed(
    fn: Callable[[], object], repeat: int, server: Callable[[], float] | None = None
) -> tuple[float, str]:
    """The median wall time, and this process's median CPU time (and the server's, when it is local)
    with the machine's load: on a shared machine the wall time says more about the neighbours than
    about the code."""
    walls, cpus, served = [], [], []
    for _ in range(repeat):
        before = server() if server else 0.0
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        served.append((server() - before) if server else 0.0)
    note = f"CPU {statistics.median(cpus) * 1000:.0f} ms"
    if server:
        note += f" + server CPU {statistics.median(served) * 1000:.0f} ms"
    return statistics.median(walls), f"{note}, load average {os.getloadavg()[0]:.1f}"


def _figures(
    target: Path | str, backend: str, repeat: int, dues_note: str = "", only: tuple[str, ...] = ()
) -> list[Figure]:
    """The figures of one database; only: the names of the functions measured (default all)."""
    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.services import query_together
    from dangjian_desktop.core.statistics import year_statistics
    from dangjian_desktop.core.township import branch_dues, branch_summaries, township_view
    from dangjian_desktop.core.transfers import township_moves

    db = open_database(target)
    try:
        with db.reading() as session:
            members = year_statistics(session, TODAY.year).roster_count

        def year_end() -> None:  # as the dialog and `dangjian stats` read it: the codes read beside the rest
            query_together(db, year_statistics, TODAY.year)

        def summaries() -> None:  # one reader, every part one after another
            with db.reading() as session:
                branch_summaries(session, TODAY)

        def view() -> None:  # as the tab reads it: two readers of one state side by side, with moves
            query_together(db, township_view, TODAY)

        def dues() -> None:
            with db.reading() as session:
                branch_dues(session, TODAY.year, TODAY)

        def moves() -> None:
            with db.reading() as session:
                township_moves(session)

        def whole_tab() -> None:  # what the tab reads on its worker: the view and moves, then 党费
            view()
            dues()

        if not only:
            whole_tab()  # the first run warms the caches (pages, compiled statements) for all
        figures = []
        for name, fn, target_s in (
            (f"year-end statistics, {members:,} on the roster, {BRANCHES:,} branches", year_end, 1.0),
            (f"township view (乡镇汇总) with moves, two readers, {members:,} on the roster", view, 1.0),
            ("township view's summaries in one reader, one part after another", summaries, None),
            (f"township 党费 table, {BRANCHES:,} branches{dues_note}", dues, None),
            ("township moves (same ID number in two branches)", moves, None),
            ("township tab's whole read on its worker (view, 党费, moves)", whole_tab, None),
        ):
            if only and fn.__name__ not in only:
                continue
            wall, note = _timed(fn, repeat, _server_cpu(target) if isinstance(target, str) else None)
            figures.append(Figure(f"{name}, {backend}", wall, target_s, note))
        return figures
    finally:
        db.close()


def run() -> list[Figure]:
    repeat = int(os.environ.get("DANGJIAN_BENCH_REPEAT", "5"))
    made = time.perf_counter()
    source = county_database()
    print(f"  (county database ready in {time.perf_counter() - made:.0f} s: {source})", flush=True)
    figures = _figures(source, "sqlite", repeat)
    with_dues = dues_county(source)
    # each run is tens of seconds (every member's year worked out): measured once
    figures += _figures(with_dues, "sqlite", 1, " with 党费 for every member (one run)", ("dues",))
    server = _server_url()
    if server is None:
        figures.append(Figure("postgresql: not measured (DANGJIAN_BENCH_PG_URL not set)", 0.0))
        return figures
    url, drop = server
    try:
        made = time.perf_counter()
        _postgres(url, source)
        print(f"  (copied to PostgreSQL in {time.perf_counter() - made:.0f} s)", flush=True)
        figures += _figures(url, "postgresql", repeat)
    finally:
        drop()
    return figures
