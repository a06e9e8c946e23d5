"""The roster tab's detail pane shows the ID number masked: the laptop's screen is seen by whoever
stands in the 党员活动室. Issue 21: a pane showing the full number passed every test."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from dangjian_desktop.core.idcard import mask
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.ui.roster.tab import RosterTab

NUMBER = "360426199101010071"


def test_the_detail_pane_shows_the_id_number_masked(qtbot, ctx, branch_id) -> None:
    """Fails on a detail pane that shows `row.id_number` (planted in ui/roster/tab.py; red, reverted)."""
    with ctx.db.transaction() as session:
        add_member(
            session,
            branch_id,
            MemberDraft(name="单丽", id_number=NUMBER, join_date="2012-07-01", phone="13812345678"),
        )
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    index = tab.model.index(0, 1)
    assert index.data() == "单丽"
    rect = tab.table.visualRect(index)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = tab.details.text()
    assert "单丽" in text  # the click did select her
    assert f"身份证号：{mask(NUMBER)}" in text and mask(NUMBER) == "360426********0071"
    assert NUMBER not in text and "19910101" not in text


def test_the_detail_pane_shows_what_was_typed_not_markup(qtbot, ctx, branch_id) -> None:
    """A note with < and & (and a pasted tag) shows as typed: unescaped, "年龄<35" made the rest of the
    pane vanish into a tag and "<b>" turned text bold."""
    with ctx.db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name="王<五>", note="年龄<35 & 在外 <b>粗</b>"))
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    rect = tab.table.visualRect(tab.model.index(0, 1))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    document = QTextDocument()
    document.setHtml(tab.details.text())
    shown = document.toPlainText()
    assert "王<五>" in shown
    assert "备注：年龄<35 & 在外 <b>粗</b>" in shown
