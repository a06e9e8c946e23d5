"""已被他人修改: the member dialog of one clerk, another clerk's save in between, and the question."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member, member_draft
from dangjian_desktop.core.services import roster as roster_service
from dangjian_desktop.ui import ops
from dangjian_desktop.ui.roster.tab import RosterTab


def _setup(qtbot, ctx, branch_id, monkeypatch, choice: str):
    with ctx.db.transaction() as session:
        member_id = add_member(session, branch_id, MemberDraft(name="李四", join_date="2010-07-01", address="一组"))
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.member_dialog(member_id)
    qtbot.addWidget(dialog)
    dialog.submit = lambda d: tab._submit(member_id, d)
    # the other clerk: another connection to the same database saves the member meanwhile
    other = open_database(ctx.db.server_url or ctx.db.path)
    with other.reading() as session:
        theirs = member_draft(session, member_id)
    theirs.address = "二组（他人改）"
    roster_service.save_member(other, member_id, theirs, version=dialog.version)
    other.close()
    asked: list[str] = []

    def answer(_parent, message: str) -> str:
        asked.append(message)
        return choice

    monkeypatch.setattr(ops, "ask_conflict", answer)
    dialog.address.setText("三组（我改）")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    with ctx.db.reading() as session:
        address = session.scalar(select(Member.address).where(Member.id == member_id))
    return dialog, asked, address


def test_reload_shows_the_other_clerks_work_and_keeps_it(qtbot, ctx, branch_id, monkeypatch) -> None:
    dialog, asked, address = _setup(qtbot, ctx, branch_id, monkeypatch, ops.RELOAD)
    assert len(asked) == 1 and "已被他人修改" in asked[0]
    assert address == "二组（他人改）"
    assert dialog.isVisible() or dialog.result() == 0  # not closed as saved
    assert dialog.address.text() == "二组（他人改）"  # the form shows what is stored now
    # saving again from the reloaded form is not asked again
    dialog.address.setText("四组")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert len(asked) == 1
    with ctx.db.reading() as session:
        assert session.scalar(select(Member.address).where(Member.address == "四组")) == "四组"


def test_overwrite_keeps_mine(qtbot, ctx, branch_id, monkeypatch) -> None:
    _dialog, asked, address = _setup(qtbot, ctx, branch_id, monkeypatch, ops.OVERWRITE)
    assert len(asked) == 1
    assert address == "三组（我改）"


def test_cancel_changes_nothing_and_keeps_what_was_typed(qtbot, ctx, branch_id, monkeypatch) -> None:
    dialog, asked, address = _setup(qtbot, ctx, branch_id, monkeypatch, ops.CANCEL)
    assert len(asked) == 1
    assert address == "二组（他人改）"
    assert dialog.address.text() == "三组（我改）"
