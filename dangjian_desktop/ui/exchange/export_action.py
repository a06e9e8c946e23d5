"""The roster tab's 导出 button: choose where, write the workbook as a job, say where it went."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from dangjian_desktop.core.exchange.roster_export import export_roster
from dangjian_desktop.ui.context import AppContext

Notify = Callable[[str, str], None]


class ExportRun:
    """One export in flight: a progress window while the job writes, then one message."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, path: Path, notify: Notify) -> None:
        self.path, self.notify = path, notify
        self.finished = False
        self.count: int | None = None
        self.error = ""
        self.progress = QProgressDialog("正在导出花名册…", "", 0, 0, parent)
        self.progress.setWindowTitle("导出花名册")
        self.progress.setCancelButton(None)  # the file is written to a temporary name; no half files
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        today = ctx.today()
        ctx.jobs.run(
            lambda progress: export_roster(ctx.db, path, today=today, progress=progress),
            self._done,
            self._failed,
            self._progressed,
        )

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _done(self, count: Any) -> None:
        self.progress.reset()
        self.progress.close()
        self.finished, self.count = True, int(count)
        self.notify("导出完成", f"已导出 {count} 名党员到：\n{self.path}")

    def _failed(self, message: str) -> None:
        self.progress.reset()
        self.progress.close()
        self.finished, self.error = True, message
        self.notify("导出失败", message)


def _message_box(parent: QWidget | None) -> Notify:
    def notify(title: str, text: str) -> None:
        if title == "导出失败":
            QMessageBox.warning(parent, title, text)
        else:
            QMessageBox.information(parent, title, text)

    return notify


def default_export_name(ctx: AppContext) -> str:
    return f"党员花名册-{ctx.today():%Y%m%d}.xlsx"


def start_export(
    ctx: AppContext, parent: QWidget | None, path: Path, notify: Notify | None = None
) -> ExportRun:
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    return ExportRun(ctx, parent, path, notify or _message_box(parent))


_runs: set[ExportRun] = set()  # kept alive until their job reports


def run_export_dialog(ctx: AppContext, parent: QWidget | None = None) -> None:
    """Ask where to save, then export in the background; the result is shown in a message box."""
    from dangjian_desktop.ui.printing import default_folder

    default_folder().mkdir(parents=True, exist_ok=True)
    start_dir = default_folder() / default_export_name(ctx)
    name, _filter = QFileDialog.getSaveFileName(
        parent, "导出党员花名册", str(start_dir), "Excel 工作簿 (*.xlsx)"
    )
    if not name:
        return
    notify = _message_box(parent)

    def forget(title: str, text: str) -> None:
        _runs.discard(run)
        notify(title, text)

    run = start_export(ctx, parent, Path(name), forget)
    _runs.add(run)
