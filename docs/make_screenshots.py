"""Screenshots for README.md, taken from the real program on the demo branch, so they stay current.

.venv/bin/python docs/make_screenshots.py      # writes docs/screenshots/<tab>.png
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dangjian_desktop.core.db import open_database  # noqa: E402
from dangjian_desktop.ui.app import make_app  # noqa: E402
from dangjian_desktop.ui.context import AppContext  # noqa: E402
from dangjian_desktop.ui.jobs import JobRunner  # noqa: E402
from dangjian_desktop.ui.main_window import MainWindow  # noqa: E402

TODAY = dt.date(2026, 11, 22)
NAMES = {"RosterTab": "roster", "BirthdaysTab": "birthdays", "MeetingsTab": "meetings", "CardsTab": "cards"}


def main() -> int:
    app = make_app()
    out_dir = ROOT / "docs" / "screenshots"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "demo.sqlite3")
        window = MainWindow(AppContext(db=db, jobs=JobRunner(), today=lambda: TODAY))
        window.resize(1280, 760)
        window.show()
        window.first_run.load_demo()
        for other in app.topLevelWidgets():  # the opening birthday reminder would cover the tabs
            if other is not window and other.isVisible():
                other.close()
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            app.processEvents()
            tab = window.tabs.widget(index)
            name = NAMES.get(type(tab).__name__, type(tab).__name__.removesuffix("Tab").lower())
            window.grab().save(str(out_dir / f"{name}.png"))
            print(out_dir / f"{name}.png")
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
