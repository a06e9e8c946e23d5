"""The 组织关系 tab driven as a secretary would: a letter issued, refused input kept, Esc guarded, done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QDialog, QLineEdit, QMessageBox
from sqlalchemy import select

from dangjian_desktop.core import transfers as tr
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.ui.transfers.tab import TransfersTab

from .helpers import type_text, when_dialog_opens


def _tab(qtbot, ctx, branch_id) -> tuple[TransfersTab, int]:
    with ctx.db.transaction() as session:
        member_id = add_member(session, branch_id, MemberDraft(name="王外出", join_date="2010-07-01"))
    tab = TransfersTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    return tab, member_id


def _answer(text: str, failures: list[BaseException]) -> None:
    """Presses `text` on the next message box (the 保存/不保存/取消 question)."""

    def press(box: QDialog) -> None:
        assert isinstance(box, QMessageBox), type(box)
        (button,) = [b for b in box.buttons() if b.text() == text]
        button.click()

    when_dialog_opens(press, failures)


def test_issue_a_letter_refusal_keeps_typing_then_done(qtbot, ctx, branch_id) -> None:
    tab, member_id = _tab(qtbot, ctx, branch_id)
    failures: list[BaseException] = []

    def fill(dialog: QDialog) -> None:
        dialog.findChild(QLineEdit, "dues").setText("2026-13")  # refused: the form stays, typing kept
        type_text(dialog.findChild(QLineEdit, "to"), "中共某某社区委员会")
        dialog.save_button.click()
        assert dialog.isVisible() and "YYYY-MM" in dialog.error.text()
        assert dialog.findChild(QLineEdit, "to").text() == "中共某某社区委员会"
        dialog.findChild(QLineEdit, "dues").setText("2026-10")
        dialog.save_button.click()

    when_dialog_opens(fill, failures)
    tab.issue_letter()
    assert not failures, failures
    (row,) = tab.transfer_model.rows
    assert (row.member_id, row.other_org, row.state) == (member_id, "中共某某社区委员会", tr.ISSUED)

    tab.transfer_view.selectRow(0)

    def done(dialog: QDialog) -> None:
        dialog.findChild(QDateEdit, "date").setDate(dialog.findChild(QDateEdit, "date").date())
        dialog.save_button.click()

    when_dialog_opens(done, failures)
    tab.complete_selected()
    assert not failures, failures
    assert tab.transfer_model.rows[0].state == tr.DONE
    with ctx.db.reading() as session:
        assert session.scalar(select(Member.status).where(Member.id == member_id)) == "转出"


def test_esc_on_a_typed_form_asks_and_keeps_or_discards(qtbot, ctx, branch_id) -> None:
    tab, member_id = _tab(qtbot, ctx, branch_id)
    failures: list[BaseException] = []
    for answer, kept in (("取消", True), ("不保存", False)):
        seen: dict[str, bool] = {}

        def typed_then_esc(dialog: QDialog, answer: str = answer, seen: dict[str, bool] = seen) -> None:
            type_text(dialog.findChild(QLineEdit, "place"), "宁波")
            _answer(answer, failures)
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            seen["open_after_esc"] = dialog.isVisible()
            if dialog.isVisible():
                assert dialog.findChild(QLineEdit, "place").text() == "宁波"
                dialog.done(QDialog.DialogCode.Rejected)  # leave the test's dialog without asking again

        when_dialog_opens(typed_then_esc, failures)
        tab.record_going_out()
        assert not failures, failures
        assert seen["open_after_esc"] is kept
    assert tab.mobile_model.rows == []  # neither answer wrote anything
    assert QApplication.activeModalWidget() is None


def test_the_township_tab_tells_a_move_from_a_duplicate(qtbot, qapp, tmp_path) -> None:
    import datetime as dt

    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.exchange.merge import merge_package
    from dangjian_desktop.core.exchange.package_export import export_package
    from dangjian_desktop.core.roster import list_members
    from dangjian_desktop.ui.context import AppContext
    from dangjian_desktop.ui.jobs import JobRunner
    from dangjian_desktop.ui.township.tab import TownshipTab
    from tests.core.exchange.conftest import make_village

    east = make_village(tmp_path / "east.sqlite3", size=12, seed=1, name="东村党支部")
    west = make_village(tmp_path / "west.sqlite3", size=12, seed=2, name="西村党支部")
    with east.reading() as session:
        mover, doubled = list_members(session)[:2]
    day = dt.date(2026, 10, 8)
    transfer_id = tr.transfer_out(east, mover.id, "西村党支部", day, today=day)
    tr.complete_transfer(east, transfer_id, day, today=day)
    tr.receive_member(west, 1, MemberDraft(name=mover.name, id_number=mover.id_number), "东村党支部", day)
    with west.transaction() as session:
        add_member(session, 1, MemberDraft(name=doubled.name, id_number=doubled.id_number))
    township = open_database(tmp_path / "township.sqlite3")
    for village, name in ((east, "e.djpkg"), (west, "w.djpkg")):
        package = export_package(
            village, tmp_path / name, now=dt.datetime(2026, 11, 22, 10), with_documents=False
        )
        merge_package(township, package, enroll=True)
    runner = JobRunner()
    tab = TownshipTab(AppContext(db=township, jobs=runner, today=lambda: dt.date(2026, 11, 22)))
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.loading, timeout=30000)  # the view is read on the worker
    shown = {(r.name, r.state) for r in tab.moves_model.rows}
    assert shown == {(mover.name, tr.SETTLED), (doubled.name, tr.TO_CHECK)}
    assert "待核实 1" in tab.details.tabText(1)
    assert mover.id_number not in tab.moves_model.index(0, 1).data()  # masked
    runner.wait()
    for database in (east, west, township):
        database.close()


def test_register_an_inbound_member_through_the_form(qtbot, ctx, branch_id) -> None:
    tab, _member_id = _tab(qtbot, ctx, branch_id)
    failures: list[BaseException] = []

    def fill(dialog: QDialog) -> None:
        dialog.save_button.click()  # nothing typed: refused on the form, which stays open
        assert dialog.isVisible() and "姓名" in dialog.error.text()
        type_text(dialog.findChild(QLineEdit, "name"), "外来乙")
        type_text(dialog.findChild(QLineEdit, "home"), "中共某县某村支部")
        dialog.save_button.click()

    when_dialog_opens(fill, failures)
    tab.register_inbound()
    assert not failures, failures
    assert [(r.name, r.home_org) for r in tab.inbound_model.rows] == [("外来乙", "中共某县某村支部")]
