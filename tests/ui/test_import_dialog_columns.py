"""The import dialog lists every column it will not import before anything is written, lets the
secretary map one, and asks before an import changes a member's 姓名 (issue 14)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.exchange.import_dialog import ImportDialog
from dangjian_desktop.ui.jobs import JobRunner
from tests.core.exchange.files import id_number

TODAY = dt.date(2026, 11, 22)
ID_A = id_number(dt.date(1985, 3, 12), 11)


@pytest.fixture
def ctx(db: Database, branch_id: int) -> AppContext:
    return AppContext(db=db, jobs=JobRunner(), today=lambda: TODAY)


def _book(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _open(qtbot: QtBot, ctx: AppContext, path: Path) -> ImportDialog:
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load_file(path)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    return dialog


def _run(qtbot: QtBot, dialog: ImportDialog, button_click: object) -> None:
    button_click()  # type: ignore[operator]
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)


def _names(db: Database) -> dict[str, Member]:
    with db.reading() as session:
        return {m.name: m for m in session.scalars(select(Member))}


def test_an_unknown_column_is_listed_and_can_be_mapped(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    path = _book(tmp_path / "x.xlsx", [["姓名", "公民身份号码", "住处"], ["王建国", ID_A, "凤凰村1组"]])
    dialog = _open(qtbot, ctx, path)
    assert "C列“住处”" in dialog.unmapped.text()
    dialog.set_column_field(2, "address")
    assert dialog.unmapped.text() == ""
    _run(qtbot, dialog, dialog.check)
    assert "将新增 1 人" in dialog.summary.text()
    _run(qtbot, dialog, dialog.commit)
    assert _names(ctx.db)["王建国"].address == "凤凰村1组"


def test_a_name_change_is_asked_before_writing(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.db.transaction() as session:
        add_member(session, 1, MemberDraft(name="王五", id_number=ID_A))
    path = _book(tmp_path / "x.xlsx", [["姓名", "公民身份号码"], ["王六", ID_A]])
    dialog = _open(qtbot, ctx, path)
    _run(qtbot, dialog, dialog.check)
    assert "姓名将被修改" in dialog.summary.text()
    assert any("姓名将由“王五”改为“王六”" in row[2] for row in dialog.problem_model.row_texts())
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton):  # noqa: ANN202
        def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
            asked.append(text)
            return button

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.commit()
    assert not dialog.busy and list(_names(ctx.db)) == ["王五"]
    assert "第2行：姓名将由“王五”改为“王六”" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    _run(qtbot, dialog, dialog.commit)
    assert list(_names(ctx.db)) == ["王六"]
