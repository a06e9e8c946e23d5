"""Every window and dialog of the program fits the screens our users have, at the default and largest font.

The windows are found by tests/ui/screens.py itself (every QDialog / QMainWindow under dangjian_desktop.ui),
so a new dialog is covered without editing this file. One process per screen opens all of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dangjian_desktop.core import settings
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.township import TOWNSHIP_MODE
from tests.ui.screens import SCREENS, page_classes, qualified, run_screen, window_classes

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def databases(tmp_path_factory) -> tuple[Path, Path, Path]:
    from dangjian_desktop.core.demo import build_full_demo

    folder = tmp_path_factory.mktemp("screens")
    paths = (folder / "demo.sqlite3", folder / "empty.sqlite3", folder / "township.sqlite3")
    for path in paths:
        db = open_database(path)
        with db.transaction() as session:
            if path is paths[0]:
                build_full_demo(session)
            elif path is paths[2]:
                settings.put(session, TOWNSHIP_MODE, True)
        db.close()
    return paths


_results: dict[str, dict[str, list[str]]] = {}


def results_for(screen: str, databases: tuple[Path, Path, Path]) -> dict[str, list[str]]:
    if screen not in _results:
        _results[screen] = run_screen(screen, *databases, root=ROOT)
    return _results[screen]


def _cases() -> list:
    cases = []
    for cls in [*window_classes(), *page_classes()]:
        name = qualified(cls)
        for screen in SCREENS:
            cases.append(pytest.param(screen, name, id=f"{screen}-{name}"))
    return cases


def test_the_windows_are_found_by_themselves() -> None:
    names = {qualified(cls) for cls in window_classes()}
    assert {"main_window.MainWindow", "settings_dialog.SettingsDialog", "help_dialog.HelpDialog"} <= names
    assert "exchange.import_dialog.ImportDialog" in names
    assert len(names) >= 12
    pages = {qualified(cls) for cls in page_classes()}
    assert {"first_run.FirstRunPage", "township.tab.TownshipTab", "roster.tab.RosterTab"} <= pages


@pytest.mark.parametrize(("screen", "name"), _cases())
def test_window_fits_the_screen(screen: str, name: str, databases) -> None:
    results = results_for(screen, databases)
    assert name in results, f"{name} 没有被打开"
    assert results[name] == []
