"""文件 menu's backups: 立即备份, 备份到U盘 (sealed), 从备份恢复, run for the main window.

Kept apart from ui/main_window.py, which holds the window and its tabs; each function asks what it
needs, calls one core function and says the outcome in the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.ui.ops import read

if TYPE_CHECKING:
    from dangjian_desktop.ui.main_window import MainWindow


def backup_now(window: MainWindow) -> None:
    """立即备份, to the folder the settings name (or beside the database)."""
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.backup import backup_database

    folder = read(window.ctx, settings.get, settings.BACKUP_FOLDER).strip()
    try:
        target = backup_database(window.ctx.db, "manual", folder=Path(folder) if folder else None)
    except UserError as exc:
        QMessageBox.warning(window, "备份失败", str(exc))
        return
    window.last_backup = target
    window.statusBar().showMessage(f"已备份到 {target}", 10000)


def backup_to(window: MainWindow) -> None:
    """备份到U盘: sealed with a passphrase, so that a lost stick is not a plain copy of the roster."""
    from dangjian_desktop.core.backup import SEALED_SUFFIX, backup_sealed_to

    folder = QFileDialog.getExistingDirectory(window, "备份到（可选U盘）")
    if not folder:
        return
    passphrase, ok = QInputDialog.getText(
        window,
        "备份口令",
        "备份会加密，请设一个口令（至少 6 个字符，恢复时要用，请记牢）：",
        QLineEdit.EchoMode.Password,
    )
    if not ok:
        return
    stamp = f"{window.ctx.today():%Y%m%d}_{QTime.currentTime().toString('HHmmss')}"
    target = Path(folder) / f"党务台账备份_{stamp}{SEALED_SUFFIX}"
    try:
        target = backup_sealed_to(window.ctx.db, target, passphrase)
    except UserError as exc:
        QMessageBox.warning(window, "备份失败", str(exc))
        return
    QMessageBox.information(window, "备份完成", f"已加密备份：{target}")


def restore_from_backup(window: MainWindow) -> None:
    """从备份恢复: the file is set aside and the chosen backup put in its place; the program then closes."""
    from dangjian_desktop.ui.restore import RestoreDialog

    if window.ctx.db.is_server:
        QMessageBox.information(
            window,
            "从备份恢复",
            "服务器数据库的整库备份（.djpkg）恢复到一个新建的空数据库："
            "dangjian --db 新数据库地址 backup --restore 备份文件。现有数据库不会被覆盖。",
        )
        return
    answer = QMessageBox.question(
        window, "从备份恢复", "恢复后，程序将关闭，请重新打开。现有数据文件会改名保留。继续吗？"
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    window.ctx.jobs.wait()
    window.ctx.db.close()
    dialog = RestoreDialog(window.ctx.db.path, ["按您的要求从备份恢复"], window)
    if dialog.exec():
        QMessageBox.information(
            window, "已恢复", f"已恢复备份。原文件保留为：{dialog.moved_aside}\n请重新打开程序。"
        )
    window.close()
