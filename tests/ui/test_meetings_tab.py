"""The 会议记录 tab driven by qtbot: a meeting written through the form shows in the list, the calendar
and the database."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core import settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.meetings.tab import MeetingsTab
from dangjian_desktop.ui.meetings.table_model import AttendanceModel, cell_text

TODAY = dt.date(2026, 4, 10)


@pytest.fixture
def tab(qtbot, db: Database, branch_id: int) -> MeetingsTab:
    with db.transaction() as s:
        for name, committee in (("王建国", True), ("李秀英", True), ("张三", False), ("赵四", False)):
            add_member(
                s,
                branch_id,
                MemberDraft(
                    name=name, join_date="2001-07-01", party_group="第一党小组", is_committee=committee
                ),
            )
        # joined after the meeting below: must not appear on its attendance list
        add_member(
            s,
            branch_id,
            MemberDraft(name="新党员", join_date="2026-04-01", party_group="第一党小组", category="预备党员"),
        )
    widget = MeetingsTab(AppContext(db=db, jobs=JobRunner(), today=lambda: TODAY))
    qtbot.addWidget(widget)
    return widget


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def _type(widget, text: str) -> None:
    """Chinese arrives through the input method, which QTest cannot drive: commit it the way an IME does."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _click_save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_write_a_meeting_through_the_form(qtbot, tab: MeetingsTab, db: Database, branch_id: int) -> None:
    with db.transaction() as s:  # in use since January: the months before the first record count too
        settings.put(s, m.START_MONTH, "2026-01")
    dialog = tab.open_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentText(m.GENERAL_ASSEMBLY)
    dialog.date.setDate(QDate(2026, 3, 31))
    _type(dialog.title_edit, "2026年第一季度支部党员大会")
    qtbot.keyClicks(dialog.start, "09:00")
    qtbot.keyClicks(dialog.end, "11:00")
    _type(dialog.place, "村部会议室")
    dialog.host.setCurrentIndex(dialog.host.findText("王建国"))
    dialog.recorder.setCurrentIndex(dialog.recorder.findText("李秀英"))

    people = [p.name for p in dialog.attendance.people]
    assert people == ["王建国", "李秀英", "张三", "赵四"]  # 新党员 joined on 1 April
    qtbot.mouseClick(dialog.all_present, Qt.MouseButton.LeftButton)
    view = dialog.attendance_view
    row = dialog.attendance.row_of(next(p.id for p in dialog.attendance.people if p.name == "赵四"))
    # untick 赵四 with the keyboard, then give the reason through the cell's editor
    view.setCurrentIndex(dialog.attendance.index(row, AttendanceModel.PRESENT))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    zhao = dialog.attendance.people[row].id
    assert zhao not in dialog.attendance.present_ids() and len(dialog.attendance.present_ids()) == 3
    assert "实到 3 人" in dialog.counts.text()
    view.edit(dialog.attendance.index(row, AttendanceModel.REASON))
    editor = view.viewport().findChild(QComboBox)
    assert editor is not None
    editor.setCurrentText("外出务工")
    view.commitData(editor)
    view.closeEditor(editor, view.itemDelegate().EndEditHint.NoHint)
    assert dialog.attendance.absent() == {dialog.attendance.people[row].id: "外出务工"}

    dialog.pages.setCurrentIndex(1)
    _type(dialog.topics, "通报一季度工作")
    _type(dialog.content, "书记通报工作，党员讨论。")
    dialog.has_vote.setChecked(True)
    _type(dialog.votes, "举手表决，全票通过")
    qtbot.mouseClick(dialog.add_resolution_button, Qt.MouseButton.LeftButton)
    dialog.resolutions.item(0, 0).setText("修缮村道")
    dialog.resolutions.item(0, 1).setText("张三")
    dialog.resolutions.item(0, 2).setText("2026-06-30")
    dialog.add_photo(_png(), "会场")
    assert dialog.photo_list.count() == 1

    _click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    meeting_id = tab.save_dialog(dialog)
    assert meeting_id is not None

    # the list
    assert [r.title for r in tab.model.rows] == ["2026年第一季度支部党员大会"]
    shown = [tab.model.index(0, c).data() for c in range(tab.model.columnCount())]
    assert shown[:6] == [
        "2026年3月31日",
        m.GENERAL_ASSEMBLY,
        "2026年第一季度支部党员大会",
        "王建国",
        "李秀英",
        "4",
    ]
    assert shown[6:8] == ["3", "赵四"]
    # the calendar: the first quarter is held; 支委会 in January-March is missing (red) and counted
    calendar = tab.calendar.model
    assembly_row = m.KINDS.index(m.GENERAL_ASSEMBLY)
    q1 = calendar.cell(assembly_row, 1)
    assert q1 is not None and q1.period == "2026-Q1" and q1.state == m.HELD and cell_text(q1) == "√"
    assert calendar.index(assembly_row, 1).data() == "√"
    assert tab.calendar.view.columnSpan(assembly_row, 1) == 3
    committee_row = m.KINDS.index(m.COMMITTEE)
    assert calendar.index(committee_row, 1).data() == "缺"
    assert calendar.index(committee_row, 13).data() == "3"
    assert "应开未开" in tab.calendar.summary.text()
    # the database
    with db.reading() as s:
        d = m.meeting_detail(s, meeting_id)
    assert (d.kind, d.date, d.title, d.start_time, d.end_time, d.place) == (
        m.GENERAL_ASSEMBLY,
        dt.date(2026, 3, 31),
        "2026年第一季度支部党员大会",
        "09:00",
        "11:00",
        "村部会议室",
    )
    assert (d.host, d.recorder, d.expected_count) == ("王建国", "李秀英", 4)
    assert sorted(a.name for a in d.present) == sorted(["王建国", "李秀英", "张三"])
    assert [(a.name, a.reason) for a in d.absent] == [("赵四", "外出务工")]
    assert d.topics == ("通报一季度工作",) and d.content == "书记通报工作，党员讨论。"
    assert d.has_vote and d.votes == "举手表决，全票通过"
    assert d.resolutions == (m.ResolutionLine("修缮村道", "张三", dt.date(2026, 6, 30)),)
    assert len(d.photos) == 1 and d.photos[0].jpeg[:2] == b"\xff\xd8"


def test_errors_stay_on_the_form_and_edit_keeps_the_record(qtbot, tab: MeetingsTab, db: Database) -> None:
    dialog = tab.open_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentText(m.LECTURE)
    dialog.date.setDate(QDate(2026, 2, 10))
    _type(dialog.title_edit, "春季党课")
    qtbot.mouseClick(dialog.add_resolution_button, Qt.MouseButton.LeftButton)
    dialog.resolutions.item(0, 0).setText("学习笔记")
    dialog.resolutions.item(0, 2).setText("2026-01-01")
    _click_save(qtbot, dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "时限早于会议日期" in dialog.error.text()
    dialog.resolutions.item(0, 2).setText("2026-02-28")
    _click_save(qtbot, dialog)
    meeting_id = tab.save_dialog(dialog)
    assert meeting_id is not None

    tab.month.setCurrentIndex(tab.month.findData(2))
    assert [r.title for r in tab.model.rows] == ["春季党课"]
    tab.month.setCurrentIndex(tab.month.findData(3))
    assert tab.model.rows == []
    tab.month.setCurrentIndex(0)
    tab.table.selectRow(0)
    with db.reading() as s:
        detail = m.meeting_detail(s, meeting_id)
    edit = tab.open_dialog(detail)
    qtbot.addWidget(edit)
    assert edit.title_edit.text() == "春季党课" and edit.resolutions.rowCount() == 1
    edit.title_edit.setText("春季党课（书记讲）")
    _click_save(qtbot, edit)
    assert tab.save_dialog(edit) == meeting_id
    with db.reading() as s:
        again = m.meeting_detail(s, meeting_id)
    assert again.title == "春季党课（书记讲）" and again.resolutions[0].text == "学习笔记"
    lecture_row = m.KINDS.index(m.LECTURE)
    assert tab.calendar.model.index(lecture_row, 1).data() == "√"


def test_changing_a_frequency_redraws_the_calendar(qtbot, tab: MeetingsTab, db: Database) -> None:
    lecture_row = m.KINDS.index(m.LECTURE)
    assert tab.calendar.view.columnSpan(lecture_row, 1) == 3  # quarterly by default
    dialog = tab.frequency_dialog()
    qtbot.addWidget(dialog)
    dialog.combos[m.LECTURE].setCurrentText(m.MONTHLY)
    dialog.combos[m.REVIEW].setCurrentText(m.NOT_REQUIRED)
    tab.save_frequencies(dialog.values())
    assert tab.calendar.view.columnSpan(lecture_row, 1) == 1
    assert tab.calendar.model.index(lecture_row, 1).data() == "缺"  # January 2026 is over with no 党课
    assert tab.calendar.model.index(lecture_row, 13).data() == "3"  # January, February, March
    assert tab.calendar.model.index(m.KINDS.index(m.REVIEW), 13).data() == "—"
    with db.reading() as s:
        assert m.frequency(s, m.LECTURE) == m.MONTHLY
