"""A meeting record being typed survives the process being killed (SIGKILL: no chance to clean up), and
is offered back on the next open; 恢复 brings it back, 否 throws it away."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dangjian_desktop.core.db import Database
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.meetings.tab import MeetingsTab

from .helpers import poll_modal

ROOT = Path(__file__).resolve().parents[2]
CONTENT = "一、学习党的二十届四中全会精神。\n二、研究春耕生产互助安排。\n" * 40

TYPIST = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from dangjian_desktop.core.db import open_database
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.meetings.tab import MeetingsTab

app = QApplication([])
ctx = AppContext(db=open_database(sys.argv[1]), jobs=JobRunner())
dialog = MeetingsTab(ctx).open_dialog()
dialog.drafts.timer.setInterval(50)  # the real timer, its minute shortened
dialog.show()
dialog.title_edit.setText("三月主题党日")
dialog.content.setPlainText(sys.argv[2])

def kept():
    if dialog.drafts.pending() is not None:
        print("kept", flush=True)
    else:
        QTimer.singleShot(20, kept)

QTimer.singleShot(20, kept)
app.exec()
"""


def _type_and_get_killed(db: Database) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    typist = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(db.path), CONTENT], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert typist.stdout is not None
        line = typist.stdout.readline()  # blocks until the draft is on the disk
        assert line.strip() == "kept"
    finally:
        typist.send_signal(signal.SIGKILL)
        typist.wait(timeout=30)
    assert typist.returncode == -signal.SIGKILL


def _answer(button: QMessageBox.StandardButton, questions: list[str]) -> None:
    def act(box: QWidget) -> bool:
        if not isinstance(box, QMessageBox):
            return False
        questions.append(box.text())
        box.button(button).click()
        return True

    poll_modal(act)


def _reopen(qtbot, db: Database):  # type: ignore[no-untyped-def]
    tab = MeetingsTab(AppContext(db=db, jobs=JobRunner()))
    qtbot.addWidget(tab)
    dialog = tab.open_dialog()
    return tab, dialog


@pytest.mark.parametrize("restore", [True, False])
def test_draft_offered_back_after_sigkill(qtbot, db: Database, branch_id: int, restore: bool) -> None:
    _type_and_get_killed(db)
    _tab, dialog = _reopen(qtbot, db)
    assert dialog.content.toPlainText() == ""
    questions: list[str] = []
    _answer(QMessageBox.StandardButton.Yes if restore else QMessageBox.StandardButton.No, questions)
    dialog.show()
    qtbot.waitUntil(lambda: bool(questions), timeout=5000)
    assert "自动保留、尚未保存的内容" in questions[0]
    if restore:
        assert dialog.content.toPlainText() == CONTENT
        assert dialog.title_edit.text() == "三月主题党日"
        assert dialog.drafts.pending() is not None  # kept until the record is saved
    else:
        assert dialog.content.toPlainText() == "" and dialog.drafts.pending() is None
    dialog.restore_texts(dialog.drafts._baseline or {})
    dialog.reject()
    # the next open asks no more when the draft was thrown away
    if not restore:
        _tab2, again = _reopen(qtbot, db)
        again.show()
        time.sleep(0.05)
        QApplication.processEvents()
        assert QApplication.activeModalWidget() is None
        again.reject()
