"""What every editor shares so that nothing typed is lost: the 保存 / 不保存 / 取消 question, and a
draft of long texts kept every minute beside the database (core/drafts.py) and offered back after a
crash on the next open."""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from dangjian_desktop.core import drafts
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.ui.widgets import ask

DRAFT_INTERVAL_MS = 60_000


class Answer(enum.Enum):
    SAVE = "保存"
    DISCARD = "不保存"
    CANCEL = "取消"


def ask_unsaved(parent: QWidget | None, what: str) -> Answer:
    """保存 / 不保存 / 取消, 保存 the default (Enter keeps the work)."""
    choices = [
        ("保存", QMessageBox.ButtonRole.AcceptRole),
        ("不保存", QMessageBox.ButtonRole.DestructiveRole),
        ("取消", QMessageBox.ButtonRole.RejectRole),
    ]
    chosen = ask(
        parent, "尚未保存", f"{what}有修改尚未保存。", choices, detail="要保存这些修改吗？", escape=2
    )
    return {0: Answer.SAVE, 1: Answer.DISCARD}.get(chosen, Answer.CANCEL)


def may_leave(parent: QWidget | None, what: str, dirty: bool, save: Callable[[], bool]) -> bool:
    """True when the editor may close or move on: nothing changed, the changes were saved, or the user
    chose 不保存. 取消, or a save that was refused (its message is shown), keeps the editor open."""
    if not dirty:
        return True
    answer = ask_unsaved(parent, what)
    if answer is Answer.CANCEL:
        return False
    if answer is Answer.DISCARD:
        return True
    return save()


class DraftKeeper(QObject):
    """Keeps `snapshot()` as a draft every minute while it differs from what was last stored."""

    def __init__(
        self,
        parent: QWidget,
        db_path: Path,
        key: str,
        snapshot: Callable[[], dict[str, Any]],
        *,
        interval_ms: int = DRAFT_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.db_path, self.key, self.snapshot = db_path, key, snapshot
        self._baseline: dict[str, Any] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.keep)
        self.timer.start()

    def set_baseline(self, values: dict[str, Any]) -> None:
        """What is stored in the database: no draft is kept while the editor shows exactly this."""
        self._baseline = values

    def keep(self) -> bool:
        values = self.snapshot()
        if values == self._baseline:
            drafts.discard_draft(self.db_path, self.key)
            return False
        try:
            drafts.save_draft(self.db_path, self.key, values)
        except OSError:  # a full or read-only disk must not break typing; the next minute tries again
            return False
        return True

    def pending(self) -> drafts.Draft | None:
        return drafts.load_draft(self.db_path, self.key)

    def discard(self) -> None:
        drafts.discard_draft(self.db_path, self.key)

    def offer(self, parent: QWidget | None, what: str, restore: Callable[[dict[str, Any]], None]) -> bool:
        """After a crash: asks whether to bring the kept draft back; True when it was restored."""
        draft = self.pending()
        if draft is None or draft.values == self._baseline:
            return False
        when = f"{format_cn(draft.saved_at.date())} {draft.saved_at:%H:%M}"
        answer = QMessageBox.question(
            parent,
            "找到未保存的内容",
            f"{what}有一份 {when} 自动保留、尚未保存的内容（可能是程序意外关闭或停电）。\n\n"
            "恢复这份内容吗？选“否”将丢弃它。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            restore(draft.values)
            return True
        self.discard()
        return False
