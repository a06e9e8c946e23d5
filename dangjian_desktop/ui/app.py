"""Starting the window: the Chinese translation of Qt's own dialogs, the bundled font, the database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from dangjian_desktop import APP_NAME
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.resources import bundled_font_path

_translators: list[QTranslator] = []


def install_chinese(app: QApplication) -> None:
    """Qt's own buttons (OK, Cancel, file dialogs) in Chinese, whatever the system language."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        _translators.append(translator)


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


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("dangjian_desktop")
    install_chinese(app)  # type: ignore[arg-type]
    install_font(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def main(db_path: Path | None = None) -> int:
    app = make_app()
    from dangjian_desktop.ui.context import AppContext
    from dangjian_desktop.ui.jobs import JobRunner
    from dangjian_desktop.ui.main_window import MainWindow

    try:
        db = open_database(db_path)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window = MainWindow(AppContext(db=db, jobs=JobRunner()))
    window.show()
    code = app.exec()
    db.close()
    return code
