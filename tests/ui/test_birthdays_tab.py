"""The 政治生日 tab with a fixed 'today': the opening reminder, the 6+X record, the group mark, printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from dangjian_desktop.core import birthdays as bd
from dangjian_desktop.core import settings as app_settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import BirthdayActivity
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster
from dangjian_desktop.ui.birthdays.record import GROUP_DEFAULT, MarkMonthDialog
from dangjian_desktop.ui.birthdays.tab import BirthdaysTab
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def ids(db: Database, branch_id: int) -> dict[str, int]:
    people = {
        "今天十年": ("2016-03-10", "2017-03-10", "正式党员"),
        "下周": ("2000-03-17", "2001-03-17", "正式党员"),
        "预备党员甲": ("2025-03-25", "", "预备党员"),
        "月初": ("2003-03-02", "2004-03-02", "正式党员"),  # this month, already past: its 6+X is due
        "下个月": ("1990-04-20", "1991-04-20", "正式党员"),  # 41 days ahead: outside the 30-day window
        "转出者": ("2001-03-12", "2002-03-12", "正式党员"),
        "老党员": ("1975-05-01", "1976-05-01", "正式党员"),  # 党龄 50 on 2026-05-01
    }
    result = {}
    with db.transaction() as session:
        for name, (join, full, category) in people.items():
            draft = MemberDraft(name=name, join_date=join, full_date=full, category=category)
            result[name] = add_member(session, branch_id, draft)
        leave_roster(session, result["转出者"], "转出", dt.date(2025, 6, 1), "转至镇机关党支部")
    return result


@pytest.fixture
def ctx(db: Database) -> Iterator[AppContext]:
    jobs = JobRunner()
    yield AppContext(db=db, jobs=jobs, today=lambda: TODAY)
    jobs.wait()


@pytest.fixture
def tab(qtbot, ctx: AppContext, ids: dict[str, int]) -> BirthdaysTab:  # type: ignore[no-untyped-def]
    widget = BirthdaysTab(ctx)
    qtbot.addWidget(widget)
    return widget


def _names(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def test_opening_reminder_for_a_fixed_today(qtbot, tab: BirthdaysTab) -> None:  # type: ignore[no-untyped-def]
    dialog = tab.opening_reminder()
    assert dialog is not None and dialog.isVisible()  # a child of the tab: closed with it
    text = dialog.text()
    assert "今天（3月10日）过政治生日：<b>今天十年（入党10周年）</b>" in text
    assert "未来30天内 2 人" in text
    assert "下周（3月17日，第26个）" in text and "预备党员甲（3月25日，第1个）" in text
    assert "逢十周年纪念：今天十年（10周年）" in text
    assert "光荣在党50年" in text and "老党员（2026年5月）" in text
    for absent in ("下个月", "转出者", "月初"):
        assert absent not in text
    assert tab.banner.text().replace("<br>", "") == dialog.text().replace("<br>", "")
    assert _names(tab.upcoming_model) == ["今天十年", "下周", "预备党员甲"]
    assert [r.name for r in tab.medal_model.rows()] == ["老党员"]
    qtbot.mouseClick(dialog.open_tab, Qt.MouseButton.LeftButton)
    assert tab.views.currentIndex() == 1


def test_no_reminder_dialog_when_nothing_is_due(qtbot, db: Database, branch_id: int) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        add_member(
            session, branch_id, MemberDraft(name="八月", join_date="2000-08-01", full_date="2001-08-01")
        )
    widget = BirthdaysTab(AppContext(db=db, jobs=JobRunner(), today=lambda: TODAY))
    qtbot.addWidget(widget)
    assert widget.opening_reminder() is None
    assert "未来30天内没有党员过政治生日" in widget.banner.text()


def test_recording_6x_items_updates_what_is_missing_and_the_database(  # type: ignore[no-untyped-def]
    qtbot, tab: BirthdaysTab, db: Database, ids: dict[str, int]
) -> None:
    assert tab.month.currentText() == "3月"
    assert _names(tab.month_model) == ["月初", "今天十年", "下周", "预备党员甲"]
    assert _names(tab.missing_model) == ["月初", "今天十年"]  # birthdays so far this year
    tab.select_member(ids["今天十年"])
    panel = tab.panel
    assert panel.record is not None and panel.record.birthday.name == "今天十年"
    for item in ("建立户口簿记录", "谈心谈话", "重温入党誓词"):
        panel.line(item).check.setChecked(True)
    panel.line("谈心谈话").note.setText("谈家庭和工作")
    panel.line("志愿服务").check.setChecked(True)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    with db.reading() as session:
        stored = session.execute(
            select(
                BirthdayActivity.item,
                BirthdayActivity.year,
                BirthdayActivity.done_date,
                BirthdayActivity.note,
            )
            .where(BirthdayActivity.member_id == ids["今天十年"])
            .order_by(BirthdayActivity.item)
        ).all()
    assert sorted(stored) == sorted(
        [
            ("建立户口簿记录", 2026, TODAY, ""),
            ("谈心谈话", 2026, TODAY, "谈家庭和工作"),
            ("重温入党誓词", 2026, TODAY, ""),
            ("志愿服务", 2026, TODAY, ""),
        ]
    )
    row = _names(tab.month_model).index("今天十年")
    missing_column = tab.month_model.columnCount() - 1
    assert tab.month_model.index(row, missing_column).data() == "重读入党志愿书、赠送生日礼物、提出意见建议"
    assert tab.panel.record is not None and tab.panel.record.birthday.name == "今天十年"  # kept selected
    assert tab.panel.missing.text() == "尚缺：重读入党志愿书、赠送生日礼物、提出意见建议"

    # the rest, then the member leaves 今年尚缺
    for item in ("重读入党志愿书", "赠送生日礼物", "提出意见建议"):
        tab.panel.line(item).check.setChecked(True)
    qtbot.mouseClick(tab.panel.save_button, Qt.MouseButton.LeftButton)
    assert tab.month_model.index(row, missing_column).data() == "已完成"
    assert _names(tab.missing_model) == ["月初"]
    assert "今年尚缺（1）" in tab.views.tabText(2)
    tab.month.setCurrentIndex(0)
    tab.open_record(tab.missing_model.row_at(0).birthday)  # what a double click in 今年尚缺 does
    assert tab.month.currentText() == "3月" and tab.panel.record.birthday.name == "月初"  # type: ignore[union-attr]
    tab.select_member(ids["今天十年"])

    # unticking removes the item again
    tab.panel.line("志愿服务").check.setChecked(False)
    qtbot.mouseClick(tab.panel.save_button, Qt.MouseButton.LeftButton)
    with db.reading() as session:
        items = session.scalars(
            select(BirthdayActivity.item).where(BirthdayActivity.member_id == ids["今天十年"])
        ).all()
    assert "志愿服务" not in items and len(items) == 6


def test_marking_the_month_group_done(qtbot, tab: BirthdaysTab, db: Database, ids: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    dialog = MarkMonthDialog(2026, 3, 4, ["志愿服务"], TODAY)
    qtbot.addWidget(dialog)
    items, done_date, note = dialog.values()
    assert items == list(GROUP_DEFAULT) and done_date == TODAY and note
    assert tab.mark_month(items, done_date, note) == 12
    with db.reading() as session:
        rows = session.execute(select(BirthdayActivity.member_id, BirthdayActivity.item)).all()
    assert len(rows) == 12
    assert {m for m, _ in rows} == {ids[n] for n in ("月初", "今天十年", "下周", "预备党员甲")}
    missing_column = tab.month_model.columnCount() - 1
    assert tab.month_model.index(0, missing_column).data() == "建立户口簿记录、谈心谈话、提出意见建议"
    assert "六项全部完成 0 人" in tab.summary.text()
    # an empty choice is refused with a message, nothing written
    assert tab.mark_month([], TODAY) is None
    assert "至少选择" in tab.error.text() and tab.error.isVisibleTo(tab)


def test_settings_change_the_window_and_the_x_items(qtbot, tab: BirthdaysTab, db: Database) -> None:  # type: ignore[no-untyped-def]
    tab.days_edit.setValue(45)
    tab.x_items_edit.setText("参观红色教育基地、志愿服务")
    qtbot.mouseClick(tab.save_settings_button, Qt.MouseButton.LeftButton)
    with db.reading() as session:
        assert app_settings.get(session, bd.REMINDER_DAYS) == 45
        assert app_settings.get(session, bd.X_ITEMS) == ["参观红色教育基地", "志愿服务"]
    assert "未来45天内 3 人" in tab.banner.text() and "下个月" in tab.banner.text()
    headers = [
        tab.month_model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.month_model.columnCount())
    ]
    assert "参观红色教育基地" in headers
    tab.x_items_edit.setText("谈心谈话")
    assert tab.save_settings() is False
    assert "六项规定动作" in tab.error.text()


def test_printing_the_month_cards_off_the_gui_thread(qtbot, tab: BirthdaysTab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cards.pdf"
    tab.print_cards(tab.month_rows(), out)
    qtbot.waitUntil(lambda: tab.last_pdf is not None, timeout=15000)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    for name in ("月初", "今天十年", "下周", "预备党员甲"):
        assert name in text
    assert "已生成" in tab.status.text()


def test_main_window_shows_the_reminder_on_start(qtbot, ctx: AppContext, ids: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip(
        "dangjian_desktop.ui.roster.tab"
    )  # the roster tab lives on another branch until merged
    from dangjian_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    tab = window.tab(BirthdaysTab)
    qtbot.waitUntil(lambda: tab.reminder_dialog is not None, timeout=5000)
    assert "今天十年" in tab.reminder_dialog.text()  # type: ignore[union-attr]
