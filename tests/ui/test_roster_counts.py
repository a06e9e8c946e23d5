"""The roster tab's counts, the empty roster's next step, and the phone in the table and the details."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from dangjian_desktop.core.roster import MemberDraft
from dangjian_desktop.core.services import roster as roster_service
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.roster.tab import RosterTab

TODAY = dt.date(2026, 11, 22)


def test_an_empty_roster_shows_the_next_step(qtbot, ctx: AppContext, branch_id: int) -> None:
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    assert tab.table_stack.currentWidget() is tab.empty_page
    assert {tab.empty_add.text(), tab.empty_import.text()} == {"新增党员", "从Excel导入…"}
    assert tab.count_label.text() == "在册 0 人"
    roster_service.save_member(ctx.db, None, MemberDraft(name="甲"))
    tab.refresh()
    assert tab.table_stack.currentWidget() is tab.table


def test_counts_say_on_the_roster_and_leave_out_who_left(qtbot, ctx: AppContext, branch_id: int) -> None:
    ids = [
        roster_service.save_member(ctx.db, None, MemberDraft(name=n, phone="13812345678")) for n in "甲乙丙"
    ]
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    assert tab.count_label.text() == "在册 3 人"
    assert tab.leave(ids[0], "转出", "2026-11-22", "转至镇机关")  # leaving today counts at once
    assert tab.count_label.text() == "在册 2 人"
    tab.status_filter.setCurrentText("全部")
    assert tab.count_label.text() == "显示 3 人 / 在册 2 人"
    tab.status_filter.setCurrentText("在册")
    tab.search.setText("乙")
    assert tab.count_label.text() == "显示 1 人 / 在册 2 人"


def test_phone_in_the_table_and_the_details(qtbot, ctx: AppContext, branch_id: int) -> None:
    member_id = roster_service.save_member(ctx.db, None, MemberDraft(name="甲", phone="13812345678"))
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    titles = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    phone = titles.index("联系电话")
    # on screen without scrolling sideways, on the smallest window (1093 logical px wide)
    tab.resize(1093, 580)
    tab.show()
    qtbot.waitExposed(tab)
    right_edge = tab.table.columnViewportPosition(phone) + tab.table.columnWidth(phone)
    assert not tab.table.isColumnHidden(phone) and 0 < right_edge <= tab.table.viewport().width()
    assert tab.model.index(0, phone).data() == "13812345678"
    tab.select_member(member_id)
    assert "联系电话：13812345678" in tab.details.text()
