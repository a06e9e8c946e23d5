"""Starting the window: the Chinese translation of Qt's own dialogs, the bundled font, the database.

apply_preferences and set_font_size live in ui/preferences.py (the main window uses them too) and are
importable from here as before.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dangjian_desktop import APP_NAME
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.resources import bundled_font_path, resource_path
from dangjian_desktop.ui.first_paint import after_paint, after_settling
from dangjian_desktop.ui.preferences import apply_preferences, set_font_size  # noqa: F401 (importable from here)

if TYPE_CHECKING:
    from dangjian_desktop.core.db import Database
    from dangjian_desktop.ui.context import AppContext
    from dangjian_desktop.ui.main_window import MainWindow

_translators: list[QTranslator] = []


def install_chinese(app: QApplication) -> bool:
    """Qt's own buttons (OK, Cancel, file dialogs) in Chinese, whatever the system language."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    # Qt's own folder in a checkout or pip install; resources/translations in the frozen bundle, which
    # carries only this one file of Qt's translations.
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    with contextlib.suppress(FileNotFoundError):
        folders.append(str(resource_path("translations")))
    for folder in folders:
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
            _translators.append(translator)
            return True
    return False


def install_font(app: QApplication, point_size: float | None = None) -> str:
    """Registers the bundled CJK font so Chinese renders even on a machine without Chinese fonts."""
    font_id = QFontDatabase.addApplicationFont(str(bundled_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else ""
    font = QFont(app.font())
    if family:
        # Prefer the system's own UI font (微软雅黑 on Windows) and fall back to ours for missing glyphs.
        font.setFamilies(["Microsoft YaHei UI", "Microsoft YaHei", family])
    if point_size:
        font.setPointSizeF(point_size)
    app.setFont(font)
    return family


def install_icon(app: QApplication) -> None:
    """The program's own icon on every window and, on Windows, on its taskbar button."""
    if sys.platform == "win32":
        # Without an id of its own, a `python -m` start is grouped under Python's icon on the taskbar.
        import ctypes

        with contextlib.suppress(AttributeError, OSError):
            ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID("dangjian_desktop.gui")
    icon = QIcon()
    for name in ("dangjian.ico", "dangjian.png"):
        with contextlib.suppress(FileNotFoundError):
            path = resource_path("icons", name)
            if path.is_file():
                icon.addFile(str(path))
    app.setWindowIcon(icon)


# How long a thread running Python keeps the interpreter's lock while another waits for it (Python's
# default: 5 ms). The GUI thread takes the lock for every call Qt makes into Python (each cell it
# paints, each row it asks about): while the worker runs Python (SQLAlchemy's import behind the first
# rows, the reminders' reading), each of those waited up to 5 ms, and a keystroke in the search box
# took twice as long as at rest. At 0.5 ms it takes about as long as at rest; the worker, alone, is not
# interrupted at all.
SWITCH_INTERVAL_S = 0.0005


def make_app(argv: list[str] | None = None) -> QApplication:
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    install_icon(app)  # type: ignore[arg-type]
    app.setOrganizationName("dangjian_desktop")
    install_chinese(app)  # type: ignore[arg-type]
    install_font(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def open_checked(db_path: Path | str | None, parent: QWidget | None = None) -> Database | None:
    """Open the database; a damaged one goes through the restore page first; a server that wants a
    password gets it asked for (never stored)."""
    from dangjian_desktop.core.db import (
        DatabaseTooNew,
        database_target,
        open_database,
        quick_problems,
    )
    from dangjian_desktop.core.db_server import ServerLoginFailed

    target = database_target(db_path)
    if isinstance(target, str):
        try:
            return open_database(target)
        except ServerLoginFailed:
            from dangjian_desktop.ui.server_dialog import ServerDialog

            dialog = ServerDialog(parent, url=target)
            return dialog.database if dialog.exec() else None
        except UserError as exc:
            QMessageBox.critical(parent, APP_NAME, str(exc))
            return None
    path = target
    pending = _checks.pop(path, None)
    problems = pending.result() if pending is not None else quick_problems(path)
    if problems:
        from dangjian_desktop.ui.restore import RestoreDialog  # with the backups it lists: only when needed

        if not RestoreDialog(path, problems, parent).exec():
            return None
    try:
        db = open_database(path)
    except DatabaseTooNew as exc:
        QMessageBox.critical(parent, APP_NAME, str(exc))
        return None
    except UserError as exc:
        from dangjian_desktop.ui.restore import RestoreDialog

        if not RestoreDialog(path, [str(exc)], parent).exec():
            return None
        db = open_database(path)
    return db


# The file's quick check (core.db.quick_problems: a damaged file goes to the restore page), started with the window:
# SQLite reads the whole file without holding Python's lock, while the window is built and painted,
# instead of after the first paint in front of the rows (a fifth of a second on 50,000 members).
_checks: dict[Path, _QuickCheck] = {}


class _QuickCheck(threading.Thread):
    def __init__(self, path: Path) -> None:
        super().__init__(name="quick_check", daemon=True)
        self.path = path
        self.problems: list[str] | None = None

    def run(self) -> None:
        from dangjian_desktop.core.db import quick_problems

        self.problems = quick_problems(self.path)

    def result(self) -> list[str]:
        self.join()
        if self.problems is None:  # the check itself failed: done again here, where its error is seen
            from dangjian_desktop.core.db import quick_problems

            return quick_problems(self.path)
        return self.problems


def _check_meanwhile(path: Path) -> None:
    _checks[path] = check = _QuickCheck(path)
    check.start()


def start(
    app: QApplication, db_path: Path | str | None, on_ready: Callable[[MainWindow | None], None]
) -> MainWindow:
    """Shows the window at once, then opens the database and fills the current tab.

    Before the first paint only PySide6 and a few plain-sqlite3 reads of the file (font size, branch
    name) run; SQLAlchemy, the tabs and their data come after, so the secretary sees the program at
    once. on_ready gets the window when its rows are painted, or None when the database could not be
    opened (the window is then closed).
    """
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.db import database_target, local_path, peek_branch
    from dangjian_desktop.ui.main_window import MainWindow, StartPreview

    target = database_target(db_path)
    path = local_path(target)  # a server: nothing to peek at before it is connected
    if isinstance(target, Path):
        _check_meanwhile(target)
    set_font_size(app, settings.peek(path, settings.UI_FONT_SIZE))  # laid out once, at the right size
    name, township = peek_branch(path)
    window = MainWindow(preview=StartPreview(path, name, township))
    window.showMaximized()  # the whole screen: small laptops have no room to spare
    after_paint(window, lambda: _open(app, window, target, on_ready))
    return window


def _open(
    app: QApplication, window: MainWindow, path: Path | str, on_ready: Callable[[MainWindow | None], None]
) -> None:
    """Opens the file (an up-to-date one with plain sqlite3 only) and builds the current tab, whose rows
    come in from a worker; SQLAlchemy and the models load on that worker once the rows are read."""
    from dangjian_desktop.ui.context import AppContext
    from dangjian_desktop.ui.jobs import JobRunner

    db = open_checked(path, window)
    if db is None:
        window.close()
        on_ready(None)
        return
    ctx = AppContext(db=db, jobs=JobRunner(), starting=True)
    window.attach(ctx)

    def settled() -> None:
        # on the one worker a moment after the rows are painted, not right behind their reading: the
        # import holds the interpreter's lock, and the GUI thread needs it for every cell it paints and
        # every keystroke it filters
        ctx.jobs.run(lambda _progress: _load_database_layer(db), lambda _r: None, lambda _m: None)
        _after_start(app, window, ctx)

    def ready() -> None:
        ctx.starting = False
        on_ready(window)
        after_settling(window, settled)

    window.when_rows_painted(ready)


def _load_database_layer(db: Database) -> None:
    """SQLAlchemy, the engine and the models, off the GUI thread: a second of imports the first screen
    did without."""
    db.engine  # noqa: B018 (made when first asked for)
    import dangjian_desktop.core.models  # noqa: F401


def _after_start(app: QApplication, window: MainWindow, ctx: AppContext) -> None:
    """What the first screen did not wait for, a moment after its rows are painted (after_settling), on
    the worker (behind the database layer) so that the window answers the first keystroke at once: the
    stored settings' check, the print fonts (ReportLab); then the backup."""
    from shiboken6 import isValid

    from dangjian_desktop.ui.preferences import apply_print_fonts, read_preferences

    db = ctx.db

    def load(_progress: object) -> tuple[float, list[str]]:
        found = read_preferences(db)
        apply_print_fonts(db)
        return found

    def loaded(found: tuple[float, list[str]]) -> None:
        size, problems = found
        set_font_size(app, size)  # applied before the first paint already: a no-op unless changed since
        if problems and isValid(window):  # not closed meanwhile
            window.statusBar().showMessage("部分设置已损坏，已改用默认值（详见“设置”）", 15000)

    def failed(message: str) -> None:
        if isValid(window):
            window.statusBar().showMessage(message, 15000)

    ctx.jobs.run(load, loaded, failed)
    # after the reminders (queued when the rows were painted), which the secretary waits to read
    QTimer.singleShot(0, lambda: _backup_on_start(window, ctx))


def _backup_on_start(window: MainWindow, ctx: AppContext) -> None:
    """A backup when the data changed since the last one, off the GUI thread."""
    from dangjian_desktop.core.backup import backup_if_changed

    if ctx.db.is_server:  # the server keeps its own backups (and `backup` writes the whole package)
        return
    path = ctx.db.path
    ctx.jobs.run(
        lambda _progress: backup_if_changed(path, "start"),
        lambda _made: None,
        # a full disk must not stop the secretary from working
        lambda message: QMessageBox.warning(window, APP_NAME, f"启动时的自动备份没有成功：{message}"),
    )


def main(db_path: Path | str | None = None) -> int:
    app = make_app()
    outcome: list[int] = []

    def ready(window: MainWindow | None) -> None:
        outcome.append(0 if window is not None else 1)
        if window is None:
            app.quit()
            return
        if os.environ.get("DANGJIAN_SMOKE_EXIT") == "1":
            # The packaging check: the window was built and shown; report and leave without a user.
            translated = bool(_translators)
            print(f"窗口已打开：{window.windowTitle()}；Qt 中文界面：{'有' if translated else '缺'}")
            QTimer.singleShot(0, app.quit)

    window = start(app, db_path, ready)
    code = app.exec()
    if window.ctx is not None:
        window.ctx.jobs.wait()
        window.ctx.db.close()
    return 1 if outcome == [1] else code
