"""The file's quick check runs beside the window's first paint (ui/app.py) and still sends a damaged
file to the restore page before anything is read from it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from dangjian_desktop.ui import app as app_module
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.restore import RestoreDialog
from tests.ui.helpers import when_dialog_opens


def test_a_damaged_file_goes_to_the_restore_page(qtbot, qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "坏文件.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)  # a header, then nothing readable
    seen: list[QDialog] = []
    failures: list[BaseException] = []

    def refuse(dialog: QDialog) -> None:
        seen.append(dialog)
        dialog.reject()

    outcome: list[MainWindow | None] = []
    when_dialog_opens(refuse, failures)
    window = app_module.start(qapp, path, outcome.append)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: outcome == [None], timeout=20000)
    assert not failures
    assert len(seen) == 1 and isinstance(seen[0], RestoreDialog)
    assert path not in app_module._checks  # the check started with the window was the one used


def test_a_sound_file_opens_without_the_restore_page(qtbot, qapp, demo_db) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    outcome: list[MainWindow | None] = []
    window = app_module.start(qapp, demo_db.path, outcome.append)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: len(outcome) == 1, timeout=30000)
        assert outcome == [window] and window.tabs.currentWidget().model.rowCount() == 43
        assert demo_db.path not in app_module._checks
    finally:
        window.ctx.jobs.wait()
        window.ctx.db.close()
