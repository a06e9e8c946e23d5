"""发展党员 at township size: 60 branches x 10 people on the path (informational; no target in issue 16).

The list replays each person's steps in Python; this measures what that costs for the tab, for
`develop list` and for the township's counts.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from sqlalchemy import insert

from benchmarks.common import Figure, median_time
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.develop.queries import list_paths
from dangjian_desktop.core.develop.stats import township_counts
from dangjian_desktop.core.models import Branch
from dangjian_desktop.core.models_develop import DevelopPerson, DevelopStep

BRANCHES, PEOPLE = 60, 10
PATH = ("入党申请", "谈话", "确定积极分子", "考察", "考察", "确定发展对象", "政审", "集中培训", "公示")


def build(path: Path) -> Database:
    db = open_database(path)
    with db.transaction() as session:
        for b in range(BRANCHES):
            session.add(Branch(name=f"第{b:02d}村党支部", uid=f"b{b:030d}"))
    people, steps = [], []
    for n in range(BRANCHES * PEOPLE):
        people.append({"id": n + 1, "branch_id": n // PEOPLE + 1, "name": f"申请人{n}", "id_number": f"{n:018d}",
                       "gender": "男", "ethnicity": "汉族", "education": "", "party_group": "", "job": "",
                       "phone": "", "address": "", "note": ""})  # fmt: skip
        start = dt.date(2022, 1, 3) + dt.timedelta(days=n % 300)
        for k, step in enumerate(PATH[: 1 + n % len(PATH)]):
            steps.append({"person_id": n + 1, "step": step, "date": start + dt.timedelta(days=75 * k),
                          "note": "", "number": "", "method": ""})  # fmt: skip
    with db.engine.begin() as connection:
        connection.execute(insert(DevelopPerson), people)
        connection.execute(insert(DevelopStep), steps)
    return db


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        db = build(Path(tmp) / "bench.sqlite3")
        today = dt.date(2026, 12, 1)

        def everyone() -> None:
            with db.reading() as session:
                list_paths(session, None, include_finished=True, today=today)

        def one_branch() -> None:
            with db.reading() as session:
                list_paths(session, 1, today=today)

        def counts() -> None:
            with db.reading() as session:
                township_counts(session, today)

        figures = [
            Figure(
                f"develop list, all {BRANCHES * PEOPLE} people", median_time(everyone), note="informational"
            ),
            Figure(f"develop list, one branch of {PEOPLE}", median_time(one_branch), 0.2),
            Figure(f"township counts, {BRANCHES} branches", median_time(counts), note="informational"),
        ]
        db.close()
    return figures


if __name__ == "__main__":
    for figure in run():
        print(figure.line())
