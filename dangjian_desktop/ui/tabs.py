"""What the main window expects of a tab, declared once, and the list of tabs it shows.

A tab is a QWidget built from the AppContext, with a Chinese `title` and a `refresh()` that reloads it
from the database when it is shown. It may offer the window's common actions (新增, 查找, 打印: the methods
named in COMMON_ACTIONS) and a note for the one reminder window shown at start. The window tests these with isinstance on
the protocols below, never by probing attribute names.

The tabs are listed by module path, so the window paints its tab headers before any tab module (and
the database layer under it) is imported; a tab is built when it is first shown.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from dangjian_desktop.ui.context import AppContext
    from dangjian_desktop.ui.reminders import ReminderNote


@runtime_checkable
class Tab(Protocol):
    title: ClassVar[str]

    def refresh(self) -> None: ...


@runtime_checkable
class AddsItems(Protocol):
    def new_item(self) -> None: ...


@runtime_checkable
class Searches(Protocol):
    def focus_search(self) -> None: ...


@runtime_checkable
class Prints(Protocol):
    def print_current(self) -> None: ...


@runtime_checkable
class GuardsLeaving(Protocol):
    """A tab that may hold typing not yet saved (the 6+X record): asked before the user leaves it."""

    def confirm_leave(self) -> bool: ...


@runtime_checkable
class LoadsInBackground(Protocol):
    """A tab that, built while the program starts (AppContext.starting), reads its rows off the GUI
    thread: the window is usable, and the reminders wait, until they are in."""

    def when_loaded(self, callback: Callable[[], None]) -> None: ...


@runtime_checkable
class RemindsOnOpening(Protocol):
    """A tab with something to say at start: its note (ui/reminders.ReminderNote), or None. The window
    does not build the tab to ask: it reads the same words in core/opening_reminders.py off the GUI
    thread once the first rows are painted, and gathers them in one reminder window."""

    def opening_note(self) -> ReminderNote | None: ...


@runtime_checkable
class KeepsItsNote(Protocol):
    """A tab that keeps the window's note about it (the 政治生日 tab) and, when the note's button is
    pressed, shows the page the note is about (show_me)."""

    def take_note(self, note: ReminderNote) -> None: ...

    def show_me(self) -> None: ...


# The window's common actions: the method name -> the protocol a tab implements to offer it.
COMMON_ACTIONS: dict[str, type] = {"new_item": AddsItems, "focus_search": Searches, "print_current": Prints}


class TabFactory(Protocol):
    """A LazyTab or a tab class: the header text before the tab exists, and how to build it."""

    title: str

    def __call__(self, ctx: AppContext) -> QWidget: ...


@dataclass(frozen=True)
class LazyTab:
    """A tab by module path: its title for the header now, its class imported when it is built."""

    title: str
    target: str  # "package.module:ClassName"
    # has a note in the reminder window at start (read in core/opening_reminders.py, the tab not built)
    reminds_on_opening: bool = False

    def load(self) -> type[QWidget]:
        module, name = self.target.split(":")
        return getattr(importlib.import_module(module), name)

    def __call__(self, ctx: AppContext) -> QWidget:
        return self.load()(ctx)


# the tabs a note of the reminder window at start leads to (ui/reminders.py)
BIRTHDAYS_TAB = LazyTab("政治生日", "dangjian_desktop.ui.birthdays.tab:BirthdaysTab", reminds_on_opening=True)
DEVELOP_TAB = LazyTab("发展党员", "dangjian_desktop.ui.develop.tab:DevelopTab", reminds_on_opening=True)
TRANSFERS_TAB = LazyTab("组织关系", "dangjian_desktop.ui.transfers.tab:TransfersTab", reminds_on_opening=True)
VILLAGE_TABS: tuple[LazyTab, ...] = (
    LazyTab("党员花名册", "dangjian_desktop.ui.roster.tab:RosterTab"),
    BIRTHDAYS_TAB,
    LazyTab("会议记录", "dangjian_desktop.ui.meetings.tab:MeetingsTab"),
    LazyTab("明白卡", "dangjian_desktop.ui.cards.tab:CardsTab"),
    DEVELOP_TAB,
    LazyTab("党费", "dangjian_desktop.ui.dues.tab:DuesTab"),
    TRANSFERS_TAB,
)
TOWNSHIP_TABS: tuple[LazyTab, ...] = (LazyTab("乡镇汇总", "dangjian_desktop.ui.township.tab:TownshipTab"),)
