"""Tab moves through every form in reading order: down a column, then on to the next column."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from dangjian_desktop.ui.first_run import FirstRunPage
from dangjian_desktop.ui.roster.leave_dialog import LeaveDialog
from dangjian_desktop.ui.roster.member_dialog import MemberDialog
from dangjian_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.layout_check import settle

TODAY = dt.date(2026, 11, 22)


def focus_chain(root: QWidget) -> list[QWidget]:
    """The widgets Tab visits, in order, starting after root."""
    chain: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not root and len(chain) < 500:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def order_problems(root: QWidget) -> list[str]:
    """A step that goes back up the form is fine only when it moves right, to the next column."""
    problems = []
    chain = focus_chain(root)
    places = [w.mapTo(root, w.rect().topLeft()) for w in chain]
    for i in range(1, len(chain)):
        a, pa, b, pb = chain[i - 1], places[i - 1], chain[i], places[i]
        if pb.y() + 4 < pa.y() and pb.x() <= pa.x():
            problems.append(f"{type(a).__name__}({pa.x()},{pa.y()}) -> {type(b).__name__}({pb.x()},{pb.y()})")
    return problems


def _shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    settle()
    return widget


def test_the_check_sees_a_jump_back(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    form = QWidget()
    column = QVBoxLayout(form)
    edits = [QLineEdit() for _ in range(3)]
    for edit in edits:
        column.addWidget(edit)
    _shown(qtbot, form)
    assert order_problems(form) == []
    QWidget.setTabOrder(edits[0], edits[2])
    QWidget.setTabOrder(edits[2], edits[1])
    assert order_problems(form) != []


def test_member_form(qtbot) -> None:
    dialog = _shown(qtbot, MemberDialog(None, groups=["第一党小组"], today=TODAY))
    assert len(focus_chain(dialog)) > 10
    assert order_problems(dialog) == []


def test_leave_form(qtbot) -> None:
    assert order_problems(_shown(qtbot, LeaveDialog("张三", None, today=TODAY))) == []


def test_first_run_page(qtbot, ctx) -> None:
    assert order_problems(_shown(qtbot, FirstRunPage(ctx))) == []


def test_every_settings_page(qtbot, ctx, branch_id) -> None:
    dialog = _shown(qtbot, SettingsDialog(ctx.db))
    for index in range(dialog.pages.count()):
        dialog.pages.setCurrentIndex(index)
        settle()
        assert order_problems(dialog) == [], dialog.pages.tabText(index)
