"""The import dialog and the export action, driven as a secretary would, checked against the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Member
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.exchange.export_action import start_export
from dangjian_desktop.ui.exchange.import_dialog import ImportDialog
from dangjian_desktop.ui.jobs import JobRunner
from tests.core.exchange.files import id_number

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "roster_sample.xlsx"  # copy of shared/samples
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def ctx(db: Database, branch_id: int) -> AppContext:
    return AppContext(db=db, jobs=JobRunner(), today=lambda: TODAY)


def _count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


def _wait_idle(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")
def test_check_then_import_the_sample(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.check_button.isEnabled() and not dialog.import_button.isEnabled()
    dialog.load_file(SAMPLE)
    _wait_idle(qtbot, dialog)
    assert "表头在第 2 行" in dialog.info.text()
    assert dialog.preview_model.rowCount() == 39
    assert "姓名" in dialog.preview_model.headerData(1, Qt.Orientation.Horizontal)
    assert not dialog.import_button.isEnabled()  # nothing can be written before a check

    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)
    assert "将新增 36 人" in dialog.summary.text()
    problems = dialog.problem_model.row_texts()
    assert [p[1] for p in problems if p[0] == "拒绝"] == ["8", "20", "26"]
    assert _count(ctx.db) == 0
    assert dialog.import_button.isEnabled() and dialog.save_button.isEnabled()
    dialog.grab().save(str(tmp_path / "import_dialog.png"))

    saved = tmp_path / "未导入.xlsx"
    dialog.save_rejected_to(saved)
    assert [r[0] for r in openpyxl.load_workbook(saved).active.iter_rows(min_row=2, values_only=True)] == [
        8,
        20,
        26,
    ]

    dialog.import_button.click()
    _wait_idle(qtbot, dialog)
    assert dialog.error.text() == ""
    assert _count(ctx.db) == 36
    assert dialog.imported and "导入完成" in dialog.summary.text()
    assert dialog.close_button.text() == "完成"
    assert not dialog.import_button.isEnabled()  # the same check cannot be committed twice


def test_an_unknown_column_is_mapped_by_hand(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "党内职务", "户籍"])
    ws.append(["王建国", id_number(dt.date(1985, 3, 12), 11), "组织委员", "本村"])
    path = tmp_path / "职务.xlsx"
    wb.save(path)
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.load_file(path)
    _wait_idle(qtbot, dialog)
    assert set(dialog.combos) == {0, 1, 2, 3}
    assert dialog.combos[2].currentData() == ""  # 党内职务 is not known
    dialog.set_column_field(2, "job")
    assert "工作岗位/职业" in dialog.preview_model.headerData(2, Qt.Orientation.Horizontal)
    dialog.check_button.click()
    _wait_idle(qtbot, dialog)
    assert "将新增 1 人" in dialog.summary.text()
    assert not any("户籍" in p[2] for p in dialog.problem_model.row_texts())  # left as 不导入 by choice
    dialog.set_column_field(3, "address")  # changing the mapping asks for a new check
    assert not dialog.import_button.isEnabled()
    dialog.check_button.click()
    _wait_idle(qtbot, dialog)
    dialog.import_button.click()
    _wait_idle(qtbot, dialog)
    with ctx.db.reading() as session:
        member = session.scalars(select(Member)).one()
    assert (member.job, member.address) == ("组织委员", "本村")


def test_a_file_that_is_not_a_roster_shows_one_message(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "照片.xlsx"
    path.write_bytes(b"\xff\xd8\xff\xe0 not a workbook")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.load_file(path)
    _wait_idle(qtbot, dialog)
    assert "无法读取" in dialog.error.text()
    assert not dialog.check_button.isEnabled() and not dialog.import_button.isEnabled()
    assert _count(ctx.db) == 0


def test_export_action_writes_the_workbook(qtbot: QtBot, demo_db: Database, tmp_path: Path) -> None:
    ctx = AppContext(db=demo_db, jobs=JobRunner(), today=lambda: TODAY)
    messages: list[tuple[str, str]] = []
    run = start_export(ctx, None, tmp_path / "花名册", lambda title, text: messages.append((title, text)))
    qtbot.waitUntil(lambda: run.finished, timeout=20000)
    assert messages and messages[0][0] == "导出完成"
    out = tmp_path / "花名册.xlsx"
    assert out.exists() and run.count == _count(demo_db)
    assert openpyxl.load_workbook(out).active["B2"].value == "姓名"
