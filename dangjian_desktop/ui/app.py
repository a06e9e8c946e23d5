"""Starting the window: the Chinese translation of Qt's own dialogs, the bundled font, the database."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from dangjian_desktop import APP_NAME
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.resources import bundled_font_path, resource_path

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


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    install_icon(app)  # type: ignore[arg-type]
    app.setOrganizationName("dangjian_desktop")
    install_chinese(app)  # type: ignore[arg-type]
    install_font(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def open_checked(db_path: Path | None) -> Database | None:
    """Open the database; a damaged one goes through the restore page first."""
    from dangjian_desktop.core.backup import backup_if_changed
    from dangjian_desktop.core.db import DatabaseTooNew, default_db_path, quick_problems
    from dangjian_desktop.ui.restore import RestoreDialog

    path = Path(db_path) if db_path is not None else default_db_path()
    problems = quick_problems(path)
    if problems and not RestoreDialog(path, problems).exec():
        return None
    try:
        db = open_database(path)
    except DatabaseTooNew as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None
    except UserError as exc:
        if not RestoreDialog(path, [str(exc)]).exec():
            return None
        db = open_database(path)
    try:
        backup_if_changed(path, "start")
    except UserError as exc:  # a full disk must not stop the secretary from working
        QMessageBox.warning(None, APP_NAME, f"启动时的自动备份没有成功：{exc}")
    return db


def apply_preferences(app: QApplication, db: Database) -> list[str]:
    """The settings that act outside any one tab: interface font size, print fonts. Returns problems."""
    from dangjian_desktop.core import settings
    from dangjian_desktop.printing.fonts import set_use_system_fonts

    with db.reading() as session:
        size = settings.get(session, settings.UI_FONT_SIZE)
        system_fonts = settings.get(session, settings.PRINT_SYSTEM_FONTS)
        problems = settings.problems(session)
    set_font_size(app, size)
    set_use_system_fonts(system_fonts)
    return problems


def set_font_size(app: QApplication, point_size: float) -> None:
    """Every widget that has not set its own font follows the application font at once."""
    font = QFont(app.font())
    font.setPointSizeF(point_size)
    app.setFont(font)


def main(db_path: Path | None = None) -> int:
    app = make_app()
    from dangjian_desktop.ui.context import AppContext
    from dangjian_desktop.ui.jobs import JobRunner
    from dangjian_desktop.ui.main_window import MainWindow

    db = open_checked(db_path)
    if db is None:
        return 1
    problems = apply_preferences(app, db)
    window = MainWindow(AppContext(db=db, jobs=JobRunner()))
    window.showMaximized()  # the whole screen: small laptops have no room to spare
    if problems:
        window.statusBar().showMessage("部分设置已损坏，已改用默认值（详见“设置”）", 15000)
    if os.environ.get("DANGJIAN_SMOKE_EXIT") == "1":
        # The packaging check: the window was built and shown; report and leave without a user.
        translated = bool(_translators)
        print(f"窗口已打开：{window.windowTitle()}；Qt 中文界面：{'有' if translated else '缺'}")
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    db.close()
    return code
