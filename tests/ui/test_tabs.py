"""The tab list and the tab protocol: what the main window may rely on, checked on every tab."""

from __future__ import annotations

import pytest

from dangjian_desktop.ui.tabs import (
    COMMON_ACTIONS,
    TOWNSHIP_TABS,
    VILLAGE_TABS,
    LazyTab,
    RemindsOnOpening,
    Tab,
)

ALL_TABS = (*VILLAGE_TABS, *TOWNSHIP_TABS)


@pytest.mark.parametrize("entry", ALL_TABS, ids=lambda e: e.title)
def test_each_listed_tab_is_a_tab_with_the_same_title(qtbot, ctx, demo_db, entry: LazyTab) -> None:
    tab = entry(ctx)
    qtbot.addWidget(tab)
    assert type(tab).title == entry.title  # the header painted before the class was imported
    assert isinstance(tab, Tab)


def test_the_reminding_tab_is_marked_so_it_is_built_at_start() -> None:
    marked = {entry.target for entry in ALL_TABS if entry.reminds_on_opening}
    reminding = {entry.target for entry in ALL_TABS if issubclass(entry.load(), RemindsOnOpening)}
    assert marked == reminding
    assert {
        "dangjian_desktop.ui.birthdays.tab:BirthdaysTab",
        "dangjian_desktop.ui.develop.tab:DevelopTab",
        "dangjian_desktop.ui.transfers.tab:TransfersTab",
    } <= marked


def test_the_common_actions_are_the_window_menu(qtbot, ctx, demo_db) -> None:
    from dangjian_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert set(window.common_actions) == set(COMMON_ACTIONS)
    assert [name for name, _text, _key in MainWindow.COMMON_ACTIONS] == list(COMMON_ACTIONS)
