"""The 发展党员 tab driven by qtbot: the whole path from 入党申请 to 转正; widget and database agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from dangjian_desktop.core.models import Member
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.develop.tab import DevelopTab
from dangjian_desktop.ui.jobs import JobRunner
from tests.core.develop.helpers import add_roster, id_for

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def tab(qtbot, db, branch_id) -> DevelopTab:
    add_roster(db, branch_id, full=5)
    widget = DevelopTab(AppContext(db=db, jobs=JobRunner(), today=lambda: TODAY))
    qtbot.addWidget(widget)
    return widget


def _qdate(text: str) -> QDate:
    y, m, d = (int(x) for x in text.split("-"))
    return QDate(y, m, d)


def _record(tab: DevelopTab, step: str, day: str, **fields) -> str:
    dialog = tab.record_step()
    assert dialog is not None
    dialog.step.setCurrentText(step)
    dialog.date.setDate(_qdate(day))
    if "people" in fields:
        dialog.people.setText(fields["people"])
    if "end" in fields:
        dialog.has_end.setChecked(True)
        dialog.end.setDate(_qdate(fields["end"]))
    if "number" in fields:
        dialog.number.setText(fields["number"])
    for key in ("present", "votes_for", "votes_against", "votes_abstain"):
        if key in fields:
            dialog.vote[key].setValue(fields[key])
    if "present" in fields:  # the form counts 应到 from the roster and says whether the vote stands
        assert dialog.entitled_hint.text() == "应到会有表决权 5 人（当天在册正式党员）\n表决结果：通过"
        dialog.vote["votes_for"].setValue(2)
        assert (
            dialog.entitled_hint.text().endswith("未通过") and "第二十一条" in dialog.entitled_hint.toolTip()
        )
        dialog.vote["votes_for"].setValue(fields["votes_for"])
    dialog.try_save()
    message = dialog.error.text()
    if not message:
        assert not dialog.isVisible()
    dialog.close()
    return message


def test_the_whole_path_through_the_tab(tab: DevelopTab, db, tmp_path: Path) -> None:
    dialog = tab.add_person()
    dialog.name.setText("钱进")
    dialog.id_number.setText(id_for(dt.date(1999, 9, 9)))
    dialog.applied.setDate(QDate(2023, 3, 1))
    dialog.group.setCurrentText("第二党小组")
    dialog.try_save()
    assert dialog.error.text() == ""
    assert tab.model.rowCount() == 1 and tab.model.row_at(0).state.next_step == "谈话"
    person_id = tab.model.row_at(0).id
    assert tab.select(person_id)
    vote = {"present": 4, "votes_for": 4, "votes_against": 0, "votes_abstain": 0}
    path = [
        ("谈话", "2023-03-20", {"people": "党员1"}),
        ("确定积极分子", "2023-06-01", {"people": "党员1，党员2"}),
        ("考察", "2023-12-01", {}),
        ("确定发展对象", "2024-06-01", {"people": "党员1,党员2"}),
        ("政审", "2024-06-10", {}),
        ("集中培训", "2024-06-11", {"end": "2024-06-13"}),
        ("公示", "2024-06-17", {}),
        ("预审", "2024-07-01", {"number": "2024001"}),
        ("支部大会", "2024-07-10", vote),
        ("党委审批", "2024-08-01", {}),
        ("转正申请", "2025-06-01", {}),
        ("转正大会", "2025-07-10", vote),
        ("转正审批", "2025-09-01", {}),
    ]
    for step, day, fields in path:
        assert _record(tab, step, day, **fields) == "", step
    assert tab.model.position_of(person_id) is None  # off the path: shown only with 已转正
    tab.show_all.setChecked(True)
    assert tab.select(person_id)
    row = tab.model.row_at(tab.model.position_of(person_id))
    assert row.stage == "正式党员" and row.state.warnings == []
    timeline = tab.timeline_text()
    assert "2025年9月1日" in timeline and "入党介绍人：党员1、党员2" in timeline
    with db.reading() as session:
        member = session.get(Member, row.member_id)
        assert (member.name, member.category, member.join_date, member.full_date, member.party_group) == (
            "钱进", "正式党员", dt.date(2024, 7, 10), dt.date(2025, 7, 10), "第二党小组",
        )  # fmt: skip
    pdf = tab.print_document("纪实表", tmp_path / "r.pdf")
    assert pdf is not None and "2024年7月10日" in PdfReader(pdf).pages[0].extract_text().replace(" ", "")


def test_a_refused_step_keeps_the_form_and_what_was_typed(tab: DevelopTab, db, monkeypatch) -> None:
    dialog = tab.add_person()
    dialog.name.setText("孙小")
    dialog.id_number.setText(id_for(dt.date(2010, 1, 1)))
    dialog.applied.setDate(QDate(2026, 1, 1))
    # checked as typed, under the field, before any save
    assert "未满18周岁" in dialog.field_errors["applied"].text()
    assert dialog.derived.text() == "出生日期 2010年1月1日，男"
    dialog.id_number.setText("3604261")
    assert dialog.field_errors["id_number"].text() and dialog.derived.text() == ""
    dialog.id_number.setText(id_for(dt.date(2010, 1, 1)))
    dialog.try_save()
    assert "未满18周岁" in dialog.error.text() and dialog.name.text() == "孙小"
    assert tab.model.rowCount() == 0
    # cancelling asks first, and "No" keeps the form open
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No
    )
    dialog.reject()
    assert asked and dialog.result() == 0 and dialog.name.text() == "孙小"


def test_the_opening_reminder_lists_steps_due_soon(tab: DevelopTab) -> None:
    dialog = tab.add_person()
    dialog.name.setText("周到")
    dialog.id_number.setText(id_for(dt.date(1990, 1, 1)))
    dialog.applied.setDate(QDate(2026, 11, 20))
    dialog.try_save()
    box = tab.opening_reminder()
    assert box is not None and "周到：谈话，2026年12月20日" in box.text()


def test_edit_details_and_undo_a_mistaken_step(tab: DevelopTab, db) -> None:
    from dangjian_desktop.core.models_develop import DevelopPerson

    dialog = tab.add_person()
    dialog.name.setText("李错字")
    dialog.id_number.setText(id_for(dt.date(1992, 2, 2)))
    dialog.applied.setDate(QDate(2026, 1, 5))
    dialog.try_save()
    person_id = tab.model.row_at(0).id
    assert tab.select(person_id)
    edit = tab.edit_person()
    assert (
        edit.name.text() == "李错字" and edit.applied.date() == QDate(2026, 1, 5) and not edit.is_modified()
    )
    edit.name.setText("李正字")
    assert edit.is_modified()
    edit.try_save()
    assert _record(tab, "谈话", "2026-01-20", people="党员1") == ""
    assert tab.undo_last_step(confirm=False) == "2026-01-20 谈话"
    with db.reading() as session:
        person = session.get(DevelopPerson, person_id)
        assert person.name == "李正字" and [s.step for s in person.steps] == ["入党申请"]
    assert tab.model.row_at(tab.model.position_of(person_id)).state.next_step == "谈话"


def test_the_step_form_fits_a_small_screen_at_the_largest_font(qtbot, qapp, tab: DevelopTab) -> None:
    """Every step's form at 18 pt fits 1366x768 at 125% (1093x614 logical) with nothing squeezed."""
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.develop import rules
    from dangjian_desktop.ui.app import set_font_size
    from dangjian_desktop.ui.develop.dialogs import StepDialog
    from tests.ui.layout_check import layout_problems, settle

    before = qapp.font()
    set_font_size(qapp, settings.FONT_SIZES[1])
    try:
        dialog = StepDialog(lambda _d: None, TODAY, "钱进", parent=tab, entitled=lambda _day: 5)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        for step in rules.RECORDABLE:
            dialog.step.setCurrentText(step)
            dialog.has_end.setChecked(step in (rules.PUBLICITY, rules.TRAINING))
            dialog.adjustSize()
            settle()
            hint = dialog.sizeHint()
            assert hint.width() <= 1093 and hint.height() <= 614, (step, hint)
            assert layout_problems(dialog) == [], step
        dialog.step.setCurrentText(rules.ASSEMBLY)
        dialog.vote["present"].setValue(3)
        assert dialog.entitled_hint.text().endswith("：未通过")  # 3 of 5 came, no one voted for
    finally:
        dialog.mark_clean()  # closing at teardown must not ask
        qapp.setFont(before)
