"""The page a damaged database opens on: its backups with dates and member counts, and a restore
that moves the damaged file aside rather than deleting it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.backup import BackupError, list_backups, restore_backup
from dangjian_desktop.core.db import damaged_message


class RestoreDialog(QDialog):
    def __init__(self, db_path: Path, problems: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.setWindowTitle("数据库需要恢复")
        self.setMinimumWidth(560)
        intro = QLabel(damaged_message(db_path, problems))
        intro.setWordWrap(True)
        self.list = QListWidget()
        for backup in list_backups(db_path):
            item = QListWidgetItem(backup.label)
            item.setData(256, str(backup.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.list.addItem("（没有找到备份）")
            self.list.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("恢复所选备份", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(self.list.isEnabled())
        self.buttons.accepted.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(self.list, 1)
        box.addWidget(self.buttons)
        self.moved_aside: Path | None = None

    def restore(self) -> None:
        item = self.list.currentItem()
        if item is None or item.data(256) is None:
            return
        try:
            self.moved_aside = restore_backup(self.db_path, Path(item.data(256)))
        except BackupError as exc:
            QMessageBox.warning(self, "无法恢复", str(exc))
            return
        self.accept()
