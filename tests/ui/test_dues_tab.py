"""The 党费 tab driven by qtbot: 核定 through the form, tick members, 本月收缴, record a payment and a
remittance, print; what the widgets show and what the database holds agree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.dues import AssessmentDraft, set_assessment
from dangjian_desktop.core.models import DuesAssessment, DuesPayment, DuesRemittance
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.ui.dues.tab import DuesTab
from dangjian_desktop.ui.dues.table_model import COLUMNS, TICK

TODAY = dt.date(2026, 11, 22)
COLUMN = {c.title: n for n, c in enumerate(COLUMNS)}


@pytest.fixture
def members(db: Database, branch_id: int) -> list[int]:
    with db.transaction() as s:
        ids = [
            add_member(s, branch_id, MemberDraft(name=name, join_date="2010-07-01"))
            for name in ("刘德华", "陈春生", "李秀英")
        ]
    set_assessment(db, AssessmentDraft(ids[1], 2026, "农民", amount=Decimal("0.5")), today=TODAY)
    set_assessment(db, AssessmentDraft(ids[2], 2026, "离退休", income=Decimal("5000.01")), today=TODAY)
    return ids


@pytest.fixture
def tab(qtbot, ctx, members) -> DuesTab:
    widget = DuesTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    return widget


def _cell(tab: DuesTab, member_id: int, title: str) -> str:
    position = tab.model.position_of(member_id)
    assert position is not None
    return tab.model.data(tab.model.index(position, COLUMN[title]))


def _count(db: Database, model) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_assess_collect_pay_and_remit(
    qtbot, tab: DuesTab, db: Database, members: list[int], tmp_path
) -> None:
    liu, chen, li = members
    assert tab.model.rowCount() == 3
    assert _cell(tab, liu, "每月（元）") == "未核定"
    assert _cell(tab, li, "基数（元）") == "5000.01" and _cell(tab, li, "比例") == "1%"
    assert _cell(tab, chen, "基数（元）") == ""  # a fixed amount has no base to show
    assert "连续 10 个月" in _cell(tab, li, "提示")

    # 核定 through the form: a bad income keeps the form open with the message, nothing stored
    tab.select_member(liu)
    dialog = tab.open_assessment()
    assert dialog is not None
    dialog.kind.setCurrentText("在职")
    dialog.income.setText("-3")
    assert not dialog.submit()
    assert "不能小于 0" in dialog.error.text() and dialog.isVisible()
    assert _count(db, DuesAssessment) == 2
    dialog.income.setText("3000.01")
    assert "30.00" in dialog.preview.text()
    assert dialog.submit()
    assert _cell(tab, liu, "每月（元）") == "30.00"

    # tick two and collect this month in one click
    for member_id in (liu, chen):
        index = tab.model.index(tab.model.position_of(member_id), TICK)
        assert tab.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    result = tab.collect_this_month()
    assert result is not None and sorted(result.recorded) == ["刘德华", "陈春生"]
    assert result.amount_fen == 3000 + 50
    assert _count(db, DuesPayment) == 2
    assert _cell(tab, chen, "交至") == ""  # January to October still unpaid: not paid through November
    assert "11月" in tab.totals.text() and "实收 30.50 元" in tab.totals.text()
    assert tab.model.ticked() == []

    # a back payment of ten months through the form: recorded, with the warning shown
    tab.select_member(chen)
    pay = tab.open_payment()
    assert pay is not None and pay.values()["first"] == "2026-01"
    pay.last.setDate(pay.first.date().addMonths(9))
    assert pay.submit()
    assert _cell(tab, chen, "交至") == "2026年11月"
    assert "补交 10 个月" in tab.status.text()

    remit = tab.open_remittance()
    assert remit is not None
    remit.receipt.setText("NO.2026-118")
    assert remit.submit()
    with db.reading() as s:
        (row,) = s.scalars(select(DuesRemittance)).all()
    assert row.amount_fen == 3000 + 50 + 500 and row.receipt_no == "NO.2026-118"
    assert tab.remittances.rowCount() == 1

    out = tmp_path / "pub.pdf"
    tab.print_document("publicity", out)
    assert ctx_wait(tab)
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "党费收缴公示表" in text and "陈春生" in text and "5000.01" not in text


def ctx_wait(tab: DuesTab) -> bool:
    from PySide6.QtWidgets import QApplication

    ok = tab.ctx.jobs.wait()
    for _ in range(5):
        QApplication.processEvents()
    return ok and "已生成" in tab.status.text()


def test_collect_with_nothing_ticked_says_so(tab: DuesTab, db: Database) -> None:
    assert tab.collect_this_month() is None
    assert "勾选" in tab.status.text()
    assert _count(db, DuesPayment) == 0


def test_township_view_shows_each_branch_dues(qtbot, ctx, db: Database, branch_id: int) -> None:
    from dangjian_desktop.core.dues import record_payment
    from dangjian_desktop.core.models import Branch
    from dangjian_desktop.ui.dues.township_view import BranchDuesView

    with db.transaction() as s:
        other_branch = Branch(name="西村党支部")  # as a merge makes it in a township database
        s.add(other_branch)
        s.flush()
        other = other_branch.id
        owing = add_member(s, branch_id, MemberDraft(name="甲", join_date="2010-07-01"))
        paying = add_member(s, other, MemberDraft(name="乙", join_date="2010-07-01"))
    for member_id in (owing, paying):
        set_assessment(db, AssessmentDraft(member_id, 2026, "学生"), today=TODAY)
    record_payment(db, paying, "2026-01", "2026-11", TODAY, today=TODAY)
    record_payment(db, owing, "2026-01", "2026-04", TODAY, today=TODAY)
    view = BranchDuesView(ctx)
    qtbot.addWidget(view)
    view.refresh()
    shown = {
        view.model.data(view.model.index(r, 0)): [
            view.model.data(view.model.index(r, c)) for c in range(1, 6)
        ]
        for r in range(view.model.rowCount())
    }
    # 甲 paid January to April: May to October ended unpaid (6), November still running
    assert shown["测试村党支部"] == ["2.20", "0.80", "1.40", "1", "1"]
    assert shown["西村党支部"] == ["2.20", "2.20", "0.00", "0", "0"]
    assert "应收 4.40 元" in view.heading.text()


def test_reopening_a_reduction_shows_what_was_recorded(
    tab: DuesTab, db: Database, members: list[int]
) -> None:
    li = members[2]
    set_assessment(
        db,
        AssessmentDraft(
            li,
            2026,
            "离退休",
            income=Decimal("5000.01"),
            reduced=Decimal("20"),
            decided=dt.date(2026, 1, 6),
            approved=dt.date(2026, 1, 19),
            reason="长期患病",
        ),
        today=TODAY,
    )
    tab.refresh()
    assert _cell(tab, li, "每月（元）") == "20.00（少交）"
    tab.select_member(li)
    dialog = tab.open_assessment()
    assert dialog is not None
    assert dialog.reduce.isChecked() and dialog.reason.text() == "长期患病"
    assert dialog.approved.date().toPython() == dt.date(2026, 1, 19)
    assert dialog.income.text() == "5000.01" and "50.00" in dialog.preview.text()
    assert dialog.submit()  # saved again unchanged
    with db.reading() as s:
        row = s.scalar(select(DuesAssessment).where(DuesAssessment.member_id == li))
    assert (row.reduced_fen, row.reduction_reason, row.decided_date) == (
        2000,
        "长期患病",
        dt.date(2026, 1, 6),
    )
