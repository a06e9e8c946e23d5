"""Issue 20 figures: opening the program as whole processes, against a bare PySide6 window.

Each figure is the median of 7 runs of a fresh interpreter, from process start to the moment named:
the main window's first paint, and the roster's rows painted (the program's own start path,
ui.app.start, stopped there), on 300 and on 50,000 members; the peak memory of each process. Then the
command line against importing SQLAlchemy alone, and the roster search's first keystroke against the
later ones on 50,000 members.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure
from benchmarks.data import make_member_db

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7

# A bare window, stopped after its first paint has been handled (as our window is below).
BARE_WINDOW = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow(); window.resize(1280, 800)
class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: os._exit(0))
        return False
watch = Watch(); window.installEventFilter(watch); window.show(); app.exec()
"""

# The program's start: 'paint' stops when the first paint is done (when the database would be
# opened), 'first' when the first screen of roster rows (the first chunk read) has been painted,
# 'rows' when all the current tab's rows are in and painted.
OUR_WINDOW = """
import os, sys
from pathlib import Path
from dangjian_desktop.ui import app as app_module
from dangjian_desktop.ui.first_paint import after_paint
if sys.argv[2] == 'paint':
    app_module._open = lambda *args: os._exit(0)
if sys.argv[2] == 'first':
    opened = app_module._open
    def spy(app, window, path, on_ready):
        opened(app, window, path, on_ready)
        model = window.tabs.currentWidget().model
        model.rowsInserted.connect(lambda *_: after_paint(window, lambda: os._exit(0)))
    app_module._open = spy
qt = app_module.make_app()
app_module.start(qt, Path(sys.argv[1]), lambda window: os._exit(0 if window is not None else 3))
qt.exec()
"""

# First keystroke in the roster search of a freshly started window, then later ones, in seconds. The
# first is pressed the moment the rows are painted: it waits for whatever the program does right then
# on the GUI thread (what ui.app does after on_ready) and beside it on the worker, so its time runs
# from that moment to its answer. The later ones are pressed once the start has settled (the reminders
# shown, the worker idle: SQLAlchemy's import on the worker would slow them as much as the first),
# each timed from its own press: the first is compared with a keystroke of the program at rest.
KEYSTROKES = """
import os, sys, time, json
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from dangjian_desktop.ui import app as app_module
qt = app_module.make_app()
def type_keys(window, pressed):
    search = window.tabs.currentWidget().search
    times = []
    for text in ['z', 'zs', 'z', '', 'z', 'zs', 'z', '', 'z', 'zs', 'z', '', 'z']:
        if len(times) == 1:  # settled: the reminders read and shown, nothing left on the worker
            while not window.opening_reminders_shown:
                QApplication.processEvents()
                time.sleep(0.005)
            window.ctx.jobs.wait()
            if window.reminders is not None:
                window.reminders.close()
            QApplication.processEvents()
        start = pressed if not times else time.perf_counter()
        search.setText(text)
        QApplication.processEvents()
        times.append((text, time.perf_counter() - start))
    print(json.dumps(times))
    os._exit(0)
def ready(window):
    pressed = time.perf_counter()
    QTimer.singleShot(0, lambda: type_keys(window, pressed))
app_module.start(qt, Path(sys.argv[1]), ready)
qt.exec()
"""


def _run(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, peak memory in MB) of one whole process.

    The peak comes from GNU time, a small parent: a child forked from this (large) process would
    report this process's memory as its own peak.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as peak_file:
        start = time.perf_counter()
        subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", peak_file.name, *argv],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        elapsed = time.perf_counter() - start
        peak_kb = int(Path(peak_file.name).read_text().split()[-1])
    return elapsed, peak_kb / 1024


def _median(argv: list[str]) -> tuple[float, float]:
    _run(argv)  # warm the file cache
    runs = [_run(argv) for _ in range(RUNS)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def _keystrokes(db: Path) -> tuple[float, float]:
    """(first, later) keystroke, each the median over RUNS fresh processes."""
    import json

    firsts, laters = [], []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", KEYSTROKES, str(db)], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        times = json.loads(out.strip().splitlines()[-1])
        firsts.append(times[0][1])
        laters.append(statistics.median(t for text, t in times[1:] if text == "z"))
    return statistics.median(firsts), statistics.median(laters)


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def run() -> list[Figure]:
    # An installed program starts from compiled bytecode (Python writes it on first use; the frozen
    # bundle carries it); a setting such as PYTHONDONTWRITEBYTECODE would otherwise make every run
    # compile the program's own modules again while SQLAlchemy and PySide6 load theirs compiled.
    compileall.compile_dir(ROOT / "dangjian_desktop", quiet=1)
    figures: list[Figure] = [Figure("machine load at the start", 0.0, None, _load())]
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        dbs = {n: make_member_db(Path(tmp) / f"m{n}.sqlite3", n) for n in (300, 50_000)}
        bare, bare_mb = _median([python, "-c", BARE_WINDOW])
        figures.append(
            Figure("bare PySide6 window, first paint (process)", bare, None, f"peak {bare_mb:.0f} MB")
        )
        stages = {
            (300, "paint"): 2,
            (300, "rows"): 3,
            (50_000, "paint"): 2,
            (50_000, "first"): None,
            (50_000, "rows"): 5,
        }
        names = {
            "paint": "first paint",
            "first": "first screen of rows painted",
            "rows": "all roster rows painted",
        }
        for (n, stage), target in stages.items():
            took, peak = _median([python, "-c", OUR_WINDOW, str(dbs[n]), stage])
            goal = f" (target < {target}x)" if target else ""
            figures.append(
                Figure(
                    f"{n:,} members: {names[stage]} (process)",
                    took,
                    None,
                    f"ratio {took / bare:.2f}x{goal}, peak {peak:.0f} MB",
                )
            )
        alchemy, _ = _median([python, "-c", "import sqlalchemy"])
        listing, peak = _median(
            [python, "-m", "dangjian_desktop", "--db", str(dbs[300]), "roster", "list", "--search", "zs"]
        )
        figures.append(Figure("python -c 'import sqlalchemy' (process)", alchemy, None))
        figures.append(
            Figure(
                "roster list --search zs, 300 members (process)",
                listing,
                None,
                f"ratio {listing / alchemy:.2f}x (target < 1.5x), peak {peak:.0f} MB",
            )
        )
        first, later = _keystrokes(dbs[50_000])
        figures.append(Figure("50,000 members: first search keystroke", first, None))
        figures.append(
            Figure(
                "50,000 members: later keystroke (same text)",
                later,
                None,
                f"first/later {first / later:.2f}x (target < 2x)",
            )
        )
    figures.append(Figure("machine load at the end", 0.0, None, _load()))
    return figures
