"""Issue 2 figures: the roster tab on 50,000 members, cold start, printing 1,000 members."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, median_time
from benchmarks.data import make_member_db

ROOT = Path(__file__).resolve().parents[1]

BARE_WINDOW = """
import time, sys
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents()
w.close()
"""

OUR_WINDOW = """
import sys
from pathlib import Path
from dangjian_desktop.ui.app import make_app
from dangjian_desktop.core.db import open_database
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.main_window import MainWindow
app = make_app()
db = open_database(Path(sys.argv[1]))
w = MainWindow(AppContext(db=db, jobs=JobRunner())); w.show(); app.processEvents()
w.close()
"""


def _process_time(script: str, *args: str, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", script, *args],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.roster import list_members
    from dangjian_desktop.printing.roster_pdf import print_roster
    from dangjian_desktop.ui.app import make_app
    from dangjian_desktop.ui.context import AppContext
    from dangjian_desktop.ui.jobs import JobRunner
    from dangjian_desktop.ui.roster.tab import RosterTab

    figures = []
    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        big = make_member_db(Path(tmp) / "big.sqlite3", 50_000)
        db = open_database(big)
        ctx = AppContext(db=db, jobs=JobRunner())

        load = median_time(lambda: list_members(db.session_factory()), repeat=5)
        figures.append(Figure("50,000 members: read rows from the database", load, None))

        tab = RosterTab(ctx)
        tab.resize(1280, 760)
        tab.show()
        QApplication.processEvents()
        rows = tab._rows

        def first_screen() -> None:
            tab.model.set_rows(rows)
            tab.table.viewport().repaint()
            QApplication.processEvents()

        figures.append(
            Figure("50,000 members: first screen after data loaded", median_time(first_screen, 7), 0.5)
        )

        def whole_tab() -> None:
            fresh = RosterTab(ctx)
            fresh.resize(1280, 760)
            fresh.show()
            QApplication.processEvents()
            fresh.close()

        figures.append(
            Figure("50,000 members: new tab incl. database read, painted", median_time(whole_tab, 3), None)
        )

        keystrokes = ["w", "wa", "wan", "wang", "wangj", "wangji", "wangjia", "wangji", "wang", "13", "1390"]
        times = []
        for text in keystrokes * 3:
            start = time.perf_counter()
            tab.search.setText(text)  # as a keystroke does: the model resets, the view schedules its paint
            QApplication.processEvents()  # the paint happens here
            times.append(time.perf_counter() - start)
        figures.append(
            Figure(
                "50,000 members: filter keystroke incl. repaint",
                statistics.median(times),
                0.05,
                f"max {max(times) * 1000:.0f} ms",
            )
        )
        tab.close()

        with db.reading() as session:
            thousand = list_members(session)[:1000]
        out = Path(tmp) / "roster.pdf"
        figures.append(
            Figure(
                "print roster, 1,000 members",
                median_time(lambda: print_roster(thousand, "基准测试村党支部", out), 3),
                1.5,  # issue 13
            )
        )
        db.close()

        small = make_member_db(Path(tmp) / "small.sqlite3", 300)
        bare = _process_time(BARE_WINDOW)
        ours = _process_time(OUR_WINDOW, str(small))
        figures.append(Figure("cold start, bare PySide6 window (process)", bare, None))
        figures.append(
            Figure(
                "cold start, main window on 300 members (process)",
                ours,
                None,
                f"ratio {ours / bare:.2f}x (target < 2x)",
            )
        )
    del app
    return figures
