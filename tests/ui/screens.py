"""Opens every window and dialog of the program on the screens our users have and reports what does not fit.

The windows are found, not listed: every QDialog / QMainWindow subclass defined under dangjian_desktop.ui
is opened, so a new dialog is checked without editing this file. A dialog whose constructor takes
only things this module knows by name (ctx, db, branch_id, today, name, parent...) is built by
introspection; one that needs real data (a meeting, a card) has a factory in FACTORIES. A class neither
can build is itself reported as a problem, so it cannot slip through unchecked.

Run as a program in a fresh process per screen (the scale factor applies only when Qt starts):
`python -m tests.ui.screens SCREEN DEMO_DB EMPTY_DB TOWNSHIP_DB` prints one JSON object
{class name: [problem, ...]} on its last line. The offscreen platform is given a screen of the physical
size less the taskbar (40 logical px), so `availableGeometry()` is what a user's screen leaves over.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import os
import pkgutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# name -> (physical width, physical height, Windows scale factor)
SCREENS: dict[str, tuple[int, int, float]] = {
    "1366x768@100%": (1366, 768, 1.0),
    "1366x768@125%": (1366, 768, 1.25),
    "1920x1080@150%": (1920, 1080, 1.5),
    "1920x1080@175%": (1920, 1080, 1.75),
}
TASKBAR = 40  # logical px, at the bottom
TITLE_BAR = 32  # logical px a Windows title bar takes above a window (the offscreen frame is thinner)
TODAY = dt.date(2026, 11, 22)


def platform_for(screen: str, folder: Path) -> dict[str, str]:
    """Environment for a process whose only screen is `screen` less its taskbar."""
    width, height, scale = SCREENS[screen]
    config = folder / f"screen-{width}x{height}-{scale}.json"
    usable = height - round(TASKBAR * scale)
    config.write_text(
        json.dumps(
            {
                "windowFrameMargins": True,
                "screens": [
                    {"name": screen, "x": 0, "y": 0, "width": width, "height": usable, "logicalDpi": 96}
                ],
            }
        ),
        encoding="utf-8",
    )
    return {"QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": str(scale)}


# --- finding the windows ------------------------------------------------------------------------------
def window_classes() -> list[type]:
    """Every QDialog and QMainWindow subclass defined in a module under dangjian_desktop.ui."""
    from PySide6.QtWidgets import QDialog, QMainWindow

    import dangjian_desktop.ui as ui

    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(ui.__path__, ui.__name__ + "."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, (QDialog, QMainWindow)):
                found[qualified(cls)] = cls
    return [found[name] for name in sorted(found)]


def page_classes() -> list[type]:
    """The main window's pages: each ui/<part>/tab.py's tab and the first-run page."""
    from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

    import dangjian_desktop.ui as ui

    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(ui.__path__, ui.__name__ + "."):
        if not (info.name.endswith(".tab") or info.name.endswith(".first_run")):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                cls.__module__ == module.__name__
                and issubclass(cls, QWidget)
                and not issubclass(cls, (QDialog, QMainWindow))
                and (cls.__name__.endswith("Tab") or cls.__name__.endswith("Page"))
            ):
                found[qualified(cls)] = cls
    return [found[name] for name in sorted(found)]


def qualified(cls: type) -> str:
    return f"{cls.__module__.removeprefix('dangjian_desktop.ui.')}.{cls.__qualname__}"


# --- building them ------------------------------------------------------------------------------------
@dataclass
class Env:
    """What the windows are opened with: the demo branch, an empty database, a township database."""

    ctx: object
    empty_ctx: object
    township_ctx: object
    branch_id: int
    parent: object  # the maximised main window, the parent of every dialog as in the program

    @property
    def db(self):  # noqa: ANN201
        return self.ctx.db  # type: ignore[attr-defined]


Variant = tuple[str, object]  # (what is shown, the window)
Factory = Callable[[Env], list[Variant]]
FACTORIES: dict[str, Factory] = {}


def factory(name: str) -> Callable[[Factory], Factory]:
    def register(fn: Factory) -> Factory:
        FACTORIES[name] = fn
        return fn

    return register


@factory("main_window.MainWindow")
def _main_windows(env: Env) -> list[Variant]:
    from dangjian_desktop.ui.main_window import MainWindow

    return [
        ("示范支部", MainWindow(env.ctx)),
        ("首次使用", MainWindow(env.empty_ctx)),
        ("乡镇汇总", MainWindow(env.township_ctx)),
    ]


@factory("meetings.dialog.MeetingDialog")
def _meeting(env: Env) -> list[Variant]:
    from dangjian_desktop.core import meetings as m
    from dangjian_desktop.ui.meetings.dialog import MeetingDialog

    with env.db.reading() as session:
        rows = m.list_meetings(session, env.branch_id)
        fullest = max(rows, key=lambda r: (r.expected_count, r.resolution_count))
        detail = m.meeting_detail(session, fullest.id)
    return [
        ("新建", MeetingDialog(env.ctx, env.branch_id, None, env.parent)),
        ("修改", MeetingDialog(env.ctx, env.branch_id, detail, env.parent)),
    ]


@factory("meetings.tab.FrequencyDialog")
def _frequency(env: Env) -> list[Variant]:
    from dangjian_desktop.core import meetings as m
    from dangjian_desktop.ui.meetings.tab import FrequencyDialog

    with env.db.reading() as session:
        current = m.frequencies(session)
    return [("", FrequencyDialog(current, env.parent))]


@factory("roster.member_dialog.MemberDialog")
def _member(env: Env) -> list[Variant]:
    from dangjian_desktop.core import roster
    from dangjian_desktop.ui.roster.member_dialog import MemberDialog

    with env.db.reading() as session:
        first = roster.list_members(session)[0]
        draft = roster.member_draft(session, first.id)
        groups = roster.party_groups(session)
    return [
        ("新增", MemberDialog(env.parent, groups=groups, today=TODAY)),
        ("编辑", MemberDialog(env.parent, draft=draft, groups=groups, today=TODAY, title="编辑党员")),
    ]


@factory("cards.dialogs.CardEditorDialog")
def _card_editor(env: Env) -> list[Variant]:
    from dangjian_desktop.core import cards
    from dangjian_desktop.ui.cards.dialogs import CardEditorDialog

    with env.db.reading() as session:
        card = cards.list_cards(session, cards.card_years(session)[-1])[0]
    return [("", CardEditorDialog(env.ctx, card.id, env.parent))]


@factory("cards.settings_dialog.CardSettingsDialog")
def _card_settings(env: Env) -> list[Variant]:
    from dangjian_desktop.core import cards
    from dangjian_desktop.ui.cards.settings_dialog import CardSettingsDialog

    with env.db.reading() as session:
        current = cards.card_settings(session)
    return [("", CardSettingsDialog(current, env.parent))]


@factory("birthdays.record.MarkMonthDialog")
def _mark_month(env: Env) -> list[Variant]:
    from dangjian_desktop.core import birthdays, settings
    from dangjian_desktop.ui.birthdays.record import MarkMonthDialog

    with env.db.reading() as session:
        x_items = settings.get(session, birthdays.X_ITEMS)
    return [("", MarkMonthDialog(TODAY.year, TODAY.month, 12, x_items, TODAY, env.parent))]


@factory("birthdays.reminder.ReminderDialog")
def _reminder(env: Env) -> list[Variant]:
    from dangjian_desktop.ui.birthdays.reminder import ReminderDialog, load_reminder

    return [("", ReminderDialog(load_reminder(env.ctx), env.parent))]  # type: ignore[arg-type]


@factory("reminders.OpeningReminders")
def _opening_reminders(env: Env) -> list[Variant]:
    from dangjian_desktop.ui.birthdays.reminder import load_reminder, reminder_lines
    from dangjian_desktop.ui.reminders import OpeningReminders, ReminderNote

    # all three tabs speaking at once, with more lines than a village usually has: the most it shows
    due = [f"申请人{i}：谈话，2026年12月{i}日（已逾期）" for i in range(1, 9)]
    away = [f"流动党员{i}：外出务工，春节前请联系回乡参加组织生活" for i in range(1, 6)]
    notes = [
        ReminderNote("政治生日提醒", "<br><br>".join(reminder_lines(load_reminder(env.ctx))), "查看政治生日"),  # type: ignore[arg-type]
        ReminderNote(
            "发展党员到期事项", "<br>".join(["以下发展党员事项近期到期或已逾期：", *due]), "查看发展党员"
        ),
        ReminderNote("组织关系提醒", "<br>".join(away), "查看组织关系"),
    ]
    return [("", OpeningReminders(notes, env.parent))]


@factory("printing.PrintDialog")
def _print_dialog(env: Env) -> list[Variant]:
    from dangjian_desktop.core.branch import current_branch
    from dangjian_desktop.core.roster import list_members
    from dangjian_desktop.printing.roster_pdf import print_roster
    from dangjian_desktop.ui.printing import PrintDialog

    with env.db.reading() as session:
        name = current_branch(session).name  # type: ignore[union-attr]
        rows = [r for r in list_members(session) if r.is_active]
    dialog = PrintDialog(
        env.parent, env.ctx, "党员花名册", lambda out: print_roster(rows, name, out, today=TODAY)
    )
    env.ctx.jobs.wait()  # type: ignore[attr-defined]
    from PySide6.QtWidgets import QApplication

    for _ in range(20):  # the job's answer arrives as a queued signal
        QApplication.processEvents()
        if dialog.pdf is not None:
            break
    return [("", dialog), ("预览", dialog.preview_dialog())]


@factory("dues.dialogs.PaymentDialog")
def _dues_payment(env: Env) -> list[Variant]:
    from dangjian_desktop.ui.dues.dialogs import PaymentDialog

    return [("", PaymentDialog("欧阳明月", TODAY.replace(day=1), TODAY, lambda _v: None, env.parent))]


@factory("transfers.dialogs.FormDialog")
def _transfer_forms(env: Env) -> list[Variant]:
    """The longest form of the 组织关系 tab (登记外出, eight fields) and the shortest."""
    from dangjian_desktop.core.transfers import TRIP_REASONS
    from dangjian_desktop.ui.transfers.dialogs import Field, FormDialog

    longest = [
        Field("member", "党员", "choice", choices=("欧阳明月（1）",)),
        Field("date", "外出日期", "date", TODAY),
        Field("place", "外出地点", placeholder="省、市、县及单位"),
        Field("reason", "外出原因", "choice", "务工", choices=TRIP_REASONS),
        Field("phone", "外出期间电话"),
        Field("host", "流入地党组织"),
        Field("certificate", "流动党员活动证编号"),
        Field("contact", "支部联系人"),
        Field("report", "外出期间情况", "long"),
    ]
    shortest = [Field("date", "办结日期", "date", TODAY), Field("online", "已通过网上办理", "bool", False)]
    return [
        ("登记外出", FormDialog(env.parent, "登记外出", longest, lambda _v: None)),
        ("办结", FormDialog(env.parent, "组织关系转接办结", shortest, lambda _v: None)),
    ]


def by_introspection(cls: type, env: Env) -> list[Variant]:
    """Fills each constructor parameter by its name; TypeError names the one it cannot fill."""
    known: dict[str, object] = {
        "ctx": env.ctx,
        "db": env.db,
        "branch_id": env.branch_id,
        "today": TODAY,
        "name": "欧阳明月",
        "db_path": env.db.path,
        "problems": ["数据库文件损坏（示例）"],
        "parent": env.parent,
        # the forms of 发展党员 and 党费: a save callback that accepts, and plain example values
        "save": lambda _values: None,
        "title": "示例表单",
        "groups": ["第一党小组", "第二党小组"],
        "year": TODAY.year,
        "farmer_default": "0.50",
        "suggested": "1234.50",
    }
    args: dict[str, object] = {}
    for param in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if param.name in known:
            args[param.name] = known[param.name]
        elif param.default is inspect.Parameter.empty:
            raise TypeError(
                f"不知道怎样打开 {qualified(cls)}（参数 {param.name}）：请在 tests/ui/screens.py 加一个工厂"
            )
    return [("", cls(**args))]


def build(cls: type, env: Env) -> list[Variant]:
    fn = FACTORIES.get(qualified(cls))
    return fn(env) if fn else by_introspection(cls, env)


# --- checking one window ------------------------------------------------------------------------------
def _inside_scroll_area(widget, window) -> bool:  # noqa: ANN001
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def button_problems(root, window, area) -> list[str]:  # noqa: ANN001
    """Every visible button under root, outside a scrolling part, lies in the window and on the screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QAbstractButton

    problems = []
    visible = window.rect()
    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or _inside_scroll_area(button, window):
            continue
        where = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
        text = button.text() or button.toolTip() or type(button).__name__
        if not visible.contains(where):
            problems.append(f"按钮“{text}”在窗口外：{_rect(where)} / {_rect(visible)}")
        global_rect = QRect(button.mapToGlobal(button.rect().topLeft()), button.size())
        if not area.contains(global_rect):
            problems.append(f"按钮“{text}”在屏幕外：{_rect(global_rect)}")
    return problems


def frame_problems(window, area) -> list[str]:  # noqa: ANN001
    if window.isMaximized():
        # Maximised, the platform puts frame and title bar on the screen's edge; what must fit is the
        # smallest size the window's layout allows, with the title bar.
        least = window.minimumSizeHint().expandedTo(window.minimumSize())
        if least.height() + TITLE_BAR > area.height() or least.width() > area.width():
            return [f"窗口最小 {least.width()}x{least.height()} 加标题栏放不下：可用 {_rect(area)}"]
        return []
    problems = []
    frame = window.frameGeometry()
    if not area.contains(frame):
        problems.append(f"窗口超出屏幕：{_rect(frame)}，可用 {_rect(area)}")
    if window.height() + TITLE_BAR > area.height() or window.width() > area.width():
        problems.append(
            f"窗口加标题栏 {window.width()}x{window.height() + TITLE_BAR} 放不下：可用 {_rect(area)}"
        )
    return problems


def window_problems(window, settle, own: str) -> dict[str, list[str]]:  # noqa: ANN001
    """Problems by the class they belong to: the window's own, and each main-window page's."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    from tests.ui.layout_check import every_page_problems, layout_problems

    area = (window.screen() or QApplication.primaryScreen()).availableGeometry()
    if not isinstance(window, QMainWindow) or not hasattr(window, "tabs"):
        return {
            own: frame_problems(window, area)
            + button_problems(window, window, area)
            + every_page_problems(window, settle)
        }
    found: dict[str, list[str]] = {}
    if window.stack.currentWidget() is window.tabs:
        pages = [(window.tabs, i, window.tabs.widget(i)) for i in range(window.tabs.count())]
    else:
        pages = [(None, 0, window.stack.currentWidget())]
    shown = []
    for tabs, index, page in pages:
        if tabs is not None:
            tabs.setCurrentIndex(index)
            settle()
            page = tabs.widget(index)  # a tab is built when first shown: its placeholder is replaced
        shown.append(page)
        key = qualified(type(page))
        page_found = found.setdefault(key, [])
        # The room a page has on this screen: the area less the title bar and the window's own bars.
        chrome_w, chrome_h = window.width() - page.width(), window.height() - page.height()
        least = page.minimumSizeHint().expandedTo(page.minimumSize())
        if least.width() + chrome_w > area.width() or least.height() + chrome_h + TITLE_BAR > area.height():
            page_found.append(
                f"本页最小 {least.width()}x{least.height()}，屏幕只留 {area.width() - chrome_w}x{area.height() - chrome_h - TITLE_BAR}"
            )
        page_found += button_problems(page, window, area) + every_page_problems(page, settle)
    pages_only = tuple(shown)
    blamed = any(found.values())
    window_own = [] if blamed else frame_problems(window, area)  # a page too big is that page's fault
    found[own] = (
        window_own
        + button_problems(window.menuBar(), window, area)
        + layout_problems(window, exclude=pages_only)
    )
    return found


def _rect(rect) -> str:  # noqa: ANN001
    return f"({rect.x()},{rect.y()} {rect.width()}x{rect.height()})"


def open_like_the_program(window, settle) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMainWindow

    if isinstance(window, QMainWindow):
        window.showMaximized()
    else:
        window.show()
    settle()


def check_all(demo: Path, empty: Path, township: Path) -> dict[str, list[str]]:
    from PySide6.QtWidgets import QApplication

    from dangjian_desktop.core import settings
    from dangjian_desktop.core.branch import current_branch
    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.ui.app import make_app, set_font_size
    from dangjian_desktop.ui.context import AppContext
    from dangjian_desktop.ui.jobs import JobRunner
    from dangjian_desktop.ui.main_window import MainWindow
    from tests.ui.layout_check import settle

    app = make_app()
    runner = JobRunner()
    dbs = [open_database(path) for path in (demo, empty, township)]
    contexts = [AppContext(db=db, jobs=runner, today=lambda: TODAY) for db in dbs]
    with dbs[0].reading() as session:
        branch_id = current_branch(session).id  # type: ignore[union-attr]
    results: dict[str, list[str]] = {}
    default_font = settings.UI_FONT_SIZE.default
    for size in (default_font, settings.FONT_SIZES[1]):
        set_font_size(app, size)
        settle()
        parent = MainWindow(contexts[0])
        open_like_the_program(parent, settle)
        env = Env(contexts[0], contexts[1], contexts[2], branch_id, parent)
        for cls in window_classes():
            name = qualified(cls)
            found = results.setdefault(name, [])
            try:
                variants = build(cls, env)
            except Exception as exc:  # reported, so an unopenable window fails the test
                found.append(f"{size:g}磅：无法打开：{exc}")
                continue
            for label, window in variants:
                open_like_the_program(window, settle)
                where = f"{size:g}磅{('〈' + label + '〉') if label else ''}："
                for key, problems in window_problems(window, settle, name).items():
                    results.setdefault(key, []).extend(where + p for p in problems)
                window.close()
                window.deleteLater()
            settle()
        parent.close()
        parent.deleteLater()
        settle()
    runner.wait()
    for db in dbs:
        db.close()
    QApplication.processEvents()
    return results


def main(argv: list[str]) -> int:
    demo, empty, township = (Path(a) for a in argv[1:4])
    results = check_all(demo, empty, township)
    print(json.dumps(results, ensure_ascii=False))
    return 0


def run_screen(screen: str, demo: Path, empty: Path, township: Path, root: Path) -> dict[str, list[str]]:
    """Runs main() for one screen in a fresh process; its JSON answer."""
    import subprocess

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, **platform_for(screen, Path(folder)), "PYTHONPATH": str(root)}
        result = subprocess.run(
            [sys.executable, "-m", "tests.ui.screens", screen, str(demo), str(empty), str(township)],
            capture_output=True,
            text=True,
            env=env,
            cwd=root,
            timeout=600,
        )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{screen}: {result.stdout[-2000:]}{result.stderr[-4000:]}")
    return json.loads(lines[-1])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
