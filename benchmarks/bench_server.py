"""Issue 19 figures: merging 1,000 village packages into an empty township database, on SQLite and
on PostgreSQL (target: under 5 minutes each), and the township view over what was merged.

The 1,000 signed packages (50 members each, with their meetings) are made once into a cache folder
(DANGJIAN_BENCH_CACHE, default ~/.cache/dangjian_desktop/bench) and reused: one village database is
re-identified 1,000 times (a new branch uid, name and signing key, its members' ID numbers made
unique) and exported each time. PostgreSQL: DANGJIAN_BENCH_PG_URL, else DANGJIAN_TEST_PG_URL (a
superuser's URL, as `.ci/pg.sh start DIR` prints); a fresh database is made for each run. Without
either, only SQLite is measured. Repeats: DANGJIAN_BENCH_REPEAT (default 1; each run is minutes).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.common import Figure, median_time

PACKAGES = 1000
MEMBERS = 50
TODAY = dt.date(2026, 11, 22)
WHEN = dt.datetime(2026, 11, 22, 9)
CACHE_VERSION = "merge1000-v1"


def cache_folder() -> Path:
    root = os.environ.get("DANGJIAN_BENCH_CACHE") or Path.home() / ".cache" / "dangjian_desktop" / "bench"
    return Path(root) / CACHE_VERSION


def packages() -> list[Path]:
    folder = cache_folder()
    done = folder / "complete"
    if done.exists():
        return sorted(folder.glob("p*.djpkg"))
    folder.mkdir(parents=True, exist_ok=True)
    import json

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.demo import build_demo
    from dangjian_desktop.core.demo.meetings import build_demo_meetings
    from dangjian_desktop.core.exchange.package import pack, verify_bytes
    from dangjian_desktop.core.exchange.package_export import build_package
    from dangjian_desktop.core.keys import new_signing_key

    with tempfile.TemporaryDirectory() as tmp:
        village = open_database(Path(tmp) / "village.sqlite3")
        with village.transaction() as session:
            branch_id = build_demo(session, today=TODAY, seed=19, size=MEMBERS)
            build_demo_meetings(session, branch_id, today=TODAY, seed=19)
        plain, info = build_package(village, now=WHEN, with_documents=False)
        village.close()
    files = verify_bytes(plain).files
    branch = json.loads(files["data/branch.jsonl"])
    members = [json.loads(line) for line in files["data/member.jsonl"].splitlines() if line.strip()]
    for number in range(PACKAGES):
        # a village of its own: uid, name and signing key; its members' ID numbers unique (the same
        # people in 1,000 villages would be 1,000 transfers to check)
        private, public_hex = new_signing_key()
        uid = uuid.uuid4().hex
        name = f"第{number:04d}村党支部"
        own = dict(files)
        own["data/branch.jsonl"] = (
            json.dumps({**branch, "uid": uid, "name": name, "signing_key": public_hex}, ensure_ascii=False)
            + "\n"
        ).encode("utf-8")
        own["data/member.jsonl"] = "".join(
            json.dumps({**m, "id_number": f"9{number:05d}{m['id']:012d}"}, ensure_ascii=False, sort_keys=True)
            + "\n"
            for m in members
        ).encode("utf-8")
        blob = pack(
            own,
            {**info, "branch_uid": uid, "branch_name": name, "signing_key": public_hex, "package_number": 1},
            Ed25519PrivateKey.from_private_bytes(private),
        )
        (folder / f"p{number:04d}.djpkg").write_bytes(blob)
    done.write_text("ok", encoding="utf-8")
    return sorted(folder.glob("p*.djpkg"))


def _server_url() -> str | None:
    return os.environ.get("DANGJIAN_BENCH_PG_URL") or os.environ.get("DANGJIAN_TEST_PG_URL") or None


def _fresh_server_database(admin_url: str) -> tuple[str, callable]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"dj_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def _merge_all(target: Path | str, paths: list[Path]) -> tuple[float, float]:
    """(seconds to merge every package into an empty database, median of the township view)."""
    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.exchange.merge import merge_packages
    from dangjian_desktop.core.services import query_together
    from dangjian_desktop.core.township import township_view

    township = open_database(target)
    start, cpu = time.perf_counter(), time.process_time()
    results = merge_packages(township, paths, enroll=True)  # as `dangjian merge --enroll FILE...`
    elapsed = time.perf_counter() - start
    # on a shared, loaded machine the wall time says little: this process's own CPU time too
    used = time.process_time() - cpu
    print(
        f"  ({target if isinstance(target, Path) else 'server'}: merge CPU {used:.0f} s,"
        f" {used / max(len(paths), 1) * 1000:.0f} ms per package, load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    failed = [r for _p, r in results if isinstance(r, str) or r.status != "merged"]
    assert not failed, failed[:3]

    def view() -> None:  # as the tab reads it: two readers of one state side by side
        query_together(township, township_view, TODAY)

    view_time = median_time(view, 3)
    township.close()
    return elapsed, view_time


def run() -> list[Figure]:
    made = time.perf_counter()
    paths = packages()
    note = f"{len(paths)} packages of {MEMBERS} members (cache made in {time.perf_counter() - made:.0f} s)"
    repeat = int(os.environ.get("DANGJIAN_BENCH_REPEAT", "1"))
    figures = []
    backends: list[str] = ["sqlite"] + (["postgresql"] if _server_url() else [])
    for backend in backends:
        merges, views = [], []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                if backend == "sqlite":
                    merge_s, view_s = _merge_all(Path(tmp) / "township.sqlite3", paths)
                else:
                    url, drop = _fresh_server_database(_server_url())  # type: ignore[arg-type]
                    try:
                        merge_s, view_s = _merge_all(url, paths)
                    finally:
                        drop()
            merges.append(merge_s)
            views.append(view_s)
        members = len(paths) * MEMBERS
        figures.append(
            Figure(
                f"merge {len(paths)} village packages, empty db, {backend}",
                statistics.median(merges),
                300.0,
                note,
            )
        )
        figures.append(
            Figure(f"township view over {members:,} members, {backend}", statistics.median(views), 1.0)
        )
    if "postgresql" not in backends:
        figures.append(Figure("postgresql: not measured (DANGJIAN_BENCH_PG_URL not set)", 0.0))
    return figures
