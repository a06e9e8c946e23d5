"""Starting the program: the window paints before the heavy imports and the database, tabs come late.

The subprocess tests run the real start (`ui.app.start`) in a fresh interpreter, as a secretary's
double-click does, because what was imported before the first paint is only visible there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

import dangjian_desktop
from dangjian_desktop.core import settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.ui import app as app_module
from dangjian_desktop.ui.birthdays.tab import BirthdaysTab
from dangjian_desktop.ui.cards.tab import CardsTab
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.meetings.tab import MeetingsTab
from dangjian_desktop.ui.roster.tab import RosterTab
from dangjian_desktop.ui.settings_dialog import SettingsDialog
from dangjian_desktop.ui.tabs import VILLAGE_TABS

ROOT = Path(dangjian_desktop.__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "alembic", "reportlab", "pypinyin", "openpyxl", "python_calamine")

# Starts the window as main() does and reports, as JSON, what it saw before the first paint (when the
# database is about to be opened), its rows once painted, and the status bar and the modules once what
# follows the first screen has run.
_START = """
import json, os, sys
from pathlib import Path
from dangjian_desktop.ui import app as app_module
seen = {}
original = app_module._open
def spy(app, window, path, on_ready):
    seen['modules'] = sorted({m.split('.')[0] for m in sys.modules})
    seen['tabs'] = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    seen['label'] = window.branch_label.text()
    original(app, window, path, on_ready)
app_module._open = spy
qt = app_module.make_app()
from PySide6.QtCore import QTimer
from dangjian_desktop.ui.first_paint import SETTLE_MS
def ready(window):
    seen['rows'] = window.tabs.currentWidget().model.rowCount()
    def settled():  # what follows the first screen (the settings' check, its words) has run
        window.ctx.jobs.wait()
        qt.processEvents()
        window.ctx.jobs.wait()
        qt.processEvents()
        seen['status'] = window.statusBar().currentMessage()
        seen['later'] = sorted({m.split('.')[0] for m in sys.modules})
        print(json.dumps(seen, ensure_ascii=False))
        qt.quit()
    QTimer.singleShot(SETTLE_MS + 100, settled)
app_module.start(qt, Path(sys.argv[1]), ready)
qt.exec()
"""


def _start_in_a_fresh_process(path: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _START, str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_window_paints_before_the_heavy_imports(demo_db: Database) -> None:
    demo_db.close()
    seen = _start_in_a_fresh_process(demo_db.path)
    assert [name for name in HEAVY if name in seen["modules"]] == []
    assert "PySide6" in seen["modules"]
    assert seen["tabs"] == [entry.title for entry in VILLAGE_TABS]
    assert seen["label"].startswith("凤凰村党支部")
    assert seen["rows"] == 43  # 45 demo members, two of whom left
    assert "sqlalchemy" in seen["later"]  # the check above looked before the database, not never


def test_a_saved_setting_gives_no_warning_at_the_next_start(qtbot, ctx, demo_db: Database) -> None:
    dialog = SettingsDialog(ctx.db)
    qtbot.addWidget(dialog)
    dialog.editors["ui.font_size"].setValue(12)
    dialog.editors["birthdays.reminder_days"].setValue(45)
    dialog.editors["meetings.frequency.party_lecture"].setCurrentText("每月")
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    with ctx.db.reading() as session:
        assert settings.problems(session) == []
        assert session.query(settings_model()).count() >= 3
    ctx.jobs.wait()
    ctx.db.close()
    seen = _start_in_a_fresh_process(ctx.db.path)
    assert "损坏" not in seen["status"]
    assert seen["rows"] == 43


def settings_model() -> type:
    from dangjian_desktop.core.models import Setting

    return Setting


def test_tabs_are_built_when_first_shown(qtbot, qapp: QApplication, demo_db: Database) -> None:
    demo_db.close()
    windows: list[MainWindow | None] = []
    window = app_module.start(qapp, demo_db.path, windows.append)
    qtbot.addWidget(window)
    assert window.ctx is None  # shown before the database is open
    assert window.tabs.count() == len(VILLAGE_TABS) and window.windowTitle().startswith("凤凰村党支部")
    qtbot.waitUntil(lambda: windows == [window], timeout=30000)
    try:
        roster = window.tabs.widget(0)
        assert isinstance(roster, RosterTab) and roster.model.rowCount() == 43
        assert not any(isinstance(window.tabs.widget(i), (MeetingsTab, CardsTab)) for i in range(len(VILLAGE_TABS)))
        for index, kind in enumerate((RosterTab, BirthdaysTab, MeetingsTab, CardsTab)):
            window.tabs.setCurrentIndex(index)
            assert isinstance(window.tabs.currentWidget(), kind)
            assert window.tabs.currentIndex() == index
        assert window.tabs.tabText(2) == MeetingsTab.title
        window.tabs.setCurrentIndex(0)
        assert window.common_actions["new_item"].isEnabled()  # greyed only while the file opened
    finally:
        window.ctx.jobs.wait()
        window.ctx.db.close()


def test_a_window_built_late_matches_one_built_at_once(qtbot, ctx, demo_db: Database) -> None:
    """The tab tests build the window at once; a tab first shown later shows the same rows."""
    at_once = MainWindow(ctx)
    qtbot.addWidget(at_once)
    late = at_once.tab(CardsTab)  # built only now
    fresh = CardsTab(ctx)
    qtbot.addWidget(fresh)
    assert late.model.rowCount() == fresh.model.rowCount() > 0
