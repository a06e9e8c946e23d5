"""The roster table over stored lines (ui/roster/table_model.py): it reads only the fields it shows and
makes a member's line when asked. Searching, filtering and sorting still go over every member and
give what the whole rows give; the detail pane and the form read the whole member, shown or not."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.demo import build_demo
from dangjian_desktop.core.idcard import mask
from dangjian_desktop.core.member_rows import MemberRow, read_member_lines
from dangjian_desktop.core.roster import MemberDraft, add_member, filter_rows, leave_roster, list_members
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.roster.member_dialog import MemberDialog
from dangjian_desktop.ui.roster.tab import RosterTab
from dangjian_desktop.ui.roster.table_model import ALL, ROSTER_LINE, RosterTableModel

from .helpers import type_text, when_dialog_opens

NUMBER = "360426199101010071"  # a valid ID number (check digit 1)


@pytest.fixture
def roster(db: Database) -> dict[str, int]:
    """The demo roster's 45 members and three more, one with what only the detail pane shows (ID
    number, address, job, note), one with no birth date, who left."""
    ids = {}
    with db.transaction() as session:
        branch = build_demo(session)
        for name, group, birth in (
            ("单丽", "第九党小组", "1991-01-01"),
            ("尉缭", "", "1950-06-30"),
            ("欧阳修", "", ""),
        ):
            draft = MemberDraft(
                name=name,
                id_number=NUMBER if name == "单丽" else "",
                birth_date=birth,
                party_group=group,
                join_date="2012-07-01",
                phone="13812345678" if name == "单丽" else "",
                address="某村9组" if name == "单丽" else "",
                job="网格员" if name == "单丽" else "",
                note="年龄<35" if name == "单丽" else "",
            )
            ids[name] = add_member(session, branch, draft)
        leave_roster(session, ids["欧阳修"], "去世", dt.date(2025, 3, 1), "病故")
    return ids


@pytest.fixture
def roster_db(db: Database, roster: dict[str, int]) -> Database:
    return db


def _whole_rows(db: Database) -> list[MemberRow]:
    with db.reading() as session:
        return list_members(session)


@pytest.fixture
def jobs(qapp):  # type: ignore[no-untyped-def]
    runner = JobRunner()
    yield runner
    runner.wait()


FIRST_SCREEN = 5  # members read whole at start; the others' keys only, their shown fields when shown


@pytest.fixture(autouse=True)
def small_first_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RosterTab, "first_screen", FIRST_SCREEN)


def _started_tab(qtbot, db: Database, jobs: JobRunner) -> RosterTab:  # type: ignore[no-untyped-def]
    """The roster tab as the window builds it at start: rows read on the worker (the first few whole,
    the others' keys only); never shown."""
    ctx = AppContext(db=db, jobs=jobs, starting=True, today=lambda: dt.date(2026, 11, 22))
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    loaded: list[bool] = []
    tab.when_loaded(lambda: loaded.append(True))
    qtbot.waitUntil(lambda: loaded == [True], timeout=10000)
    assert not tab.isVisible()  # nothing of it was ever painted
    return tab


def _shown_ids(tab: RosterTab) -> list[int]:
    model = tab.model
    return [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]


# a name, its pinyin and initials, a surname's other reading, ID digits, a phone, a left member's name
TEXTS = ["", "单丽", "shanli", "sl", "yuliao", "weiliao", "010071", "13812345678", "欧阳", "z", "没有这个人"]


def test_the_search_over_rows_never_shown_gives_what_the_whole_rows_give(
    qtbot, jobs, roster: dict[str, int], roster_db: Database
) -> None:
    tab = _started_tab(qtbot, roster_db, jobs)
    rows = _whole_rows(roster_db)
    for status in (ALL, "在册"):
        tab.status_filter.setCurrentText(status)
        for text in TEXTS:
            tab.search.setText(text)
            expected = [r.id for r in filter_rows(rows, text) if status == ALL or r.is_active]
            assert _shown_ids(tab) == expected, (status, text)
            found = text in ("", "单丽", "shanli", "sl", "010071", "13812345678")
            assert (roster["单丽"] in expected) == found, text
    assert roster["欧阳修"] not in _shown_ids(tab)  # 在册 only, the last filter set


def test_filters_and_the_count_over_every_member(
    qtbot, jobs, roster: dict[str, int], roster_db: Database
) -> None:
    tab = _started_tab(qtbot, roster_db, jobs)
    rows = _whole_rows(roster_db)
    active = [r.id for r in rows if r.is_active]
    assert _shown_ids(tab) == active  # the roster order, the 在册 ones
    assert tab.count_label.text() == f"在册 {len(active)} 人"
    tab.status_filter.setCurrentText("已离开")
    assert _shown_ids(tab) == [r.id for r in rows if not r.is_active] and roster["欧阳修"] in _shown_ids(tab)
    tab.status_filter.setCurrentText(ALL)
    tab.group_filter.setCurrentText("第九党小组")
    assert _shown_ids(tab) == [roster["单丽"]]
    tab.group_filter.setCurrentIndex(0)
    tab.mobile_filter.setChecked(True)
    assert _shown_ids(tab) == [r.id for r in rows if r.is_mobile] != []


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_by_a_column_orders_every_member(qtbot, jobs, roster, roster_db: Database, order) -> None:  # type: ignore[no-untyped-def]
    tab = _started_tab(qtbot, roster_db, jobs)
    tab.status_filter.setCurrentText(ALL)
    rows = _whole_rows(roster_db)
    titles = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    descending = order == Qt.SortOrder.DescendingOrder

    tab.table.sortByColumn(titles.index("出生日期"), order)
    by_birth = sorted(rows, key=lambda r: r.birth_date or dt.date.min, reverse=descending)
    assert _shown_ids(tab) == [r.id for r in by_birth]
    assert tab.model.row_at(0).birth_date == by_birth[0].birth_date
    # 欧阳修 has no birth date: first going up, last going down; 单丽 (1991-01-01) sorts among them all
    assert (_shown_ids(tab)[0] == roster["欧阳修"]) == (not descending)

    tab.table.sortByColumn(titles.index("姓名"), order)  # by pinyin: 单 as shan, 尉缭 as yu
    by_name = sorted(rows, key=lambda r: r.search_key.split("|")[1], reverse=descending)
    assert _shown_ids(tab) == [r.id for r in by_name]

    tab.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # back to the roster's own order
    assert _shown_ids(tab) == [r.id for r in rows]


def test_the_detail_pane_shows_a_member_never_painted(
    qtbot, jobs, roster: dict[str, int], roster_db: Database
) -> None:
    tab = _started_tab(qtbot, roster_db, jobs)
    assert tab.select_member(roster["单丽"])  # the last line of the roster, never on screen
    text = tab.details.text()
    # what the table does not read: the ID number (masked), the address, the job, the note
    assert f"身份证号：{mask(NUMBER)}" in text and NUMBER not in text
    assert "住址：某村9组" in text and "工作岗位：网格员" in text and "备注：年龄&lt;35" in text
    assert "联系电话：13812345678" in text
    tab.status_filter.setCurrentText(ALL)
    assert tab.select_member(roster["欧阳修"])
    assert "去世：2025年3月1日 病故" in tab.details.text()


def test_the_id_number_is_in_no_cell_yet_finds_its_member(
    qtbot, jobs, roster: dict[str, int], roster_db: Database
) -> None:
    tab = _started_tab(qtbot, roster_db, jobs)
    model = tab.model
    position = model.position_of(roster["单丽"])
    assert position is not None
    cells = [
        model.index(position, c).data(role)
        for c in range(model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    ]
    assert "单丽" in cells and "1991年1月1日" in cells  # her line, as the table shows it
    assert not any(cell and ("0071" in cell or "199101010" in cell) for cell in cells)
    tab.search.setText("0426199101010071")
    assert _shown_ids(tab) == [roster["单丽"]]
    assert tab.select_member(roster["单丽"]) and mask(NUMBER) in tab.details.text()


def test_a_member_edited_in_the_dialog_appears_updated(
    qtbot, jobs, roster: dict[str, int], roster_db: Database
) -> None:
    tab = _started_tab(qtbot, roster_db, jobs)
    member = roster["单丽"]
    assert tab.select_member(member)
    failures: list[BaseException] = []

    def edit(dialog: MemberDialog) -> None:
        assert dialog.name.text() == "单丽" and dialog.address.text() == "某村9组"  # the whole member
        dialog.name.clear()
        type_text(dialog.name, "单丽华")
        dialog.phone.clear()
        type_text(dialog.phone, "13900001111")
        dialog.address.clear()
        type_text(dialog.address, "某村10组")
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    when_dialog_opens(edit, failures)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    assert not failures, failures
    position = tab.model.position_of(member)
    assert position is not None and tab.selected_id() == member
    titles = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    assert tab.model.index(position, titles.index("姓名")).data() == "单丽华"
    assert tab.model.index(position, titles.index("联系电话")).data() == "13900001111"
    assert "住址：某村10组" in tab.details.text() and "单丽华" in tab.details.text()
    tab.search.setText("shanlihua")
    assert _shown_ids(tab) == [member]
    tab.search.setText("13812345678")  # the old phone finds nobody now
    assert _shown_ids(tab) == []


def test_lines_in_chunks_search_and_sort_as_the_whole_rows(
    qapp, roster: dict[str, int], roster_db: Database
) -> None:
    """The model fed as at start: a first screen, then the rest, with a search typed in between."""
    with roster_db.connect() as connection:
        lines = read_member_lines(connection, ROSTER_LINE)
    rows = _whole_rows(roster_db)
    assert [line[1] for line in lines] == [r.id for r in rows]  # the roster order of the whole rows
    model = RosterTableModel(today=lambda: dt.date(2026, 11, 22))
    model.set_filter(status=ALL)
    model.set_rows([])
    model.append_rows(lines[:7])
    model.set_filter(query="w")
    model.append_rows(lines[7:])
    assert [r.id for r in model.visible_rows()] == [r.id for r in filter_rows(rows, "w")]
    model.set_filter(query="")
    whole = {r.id: r for r in rows}
    for line in model.all_rows():  # every field a line holds reads as the whole row's
        assert all(getattr(line, name) == getattr(whole[line.id], name) for name in ROSTER_LINE.names)
        assert line.is_active == whole[line.id].is_active
    assert model.count_active(lines) == sum(r.is_active for r in rows)


def test_a_date_no_reading_makes_a_date_shows_as_none_and_says_so(
    qtbot, jobs, roster: dict[str, int], roster_db: Database
) -> None:
    """Text another tool stored as a birth date: the table shows the member (no date), and the detail
    pane says what it cannot read instead of a traceback."""
    import sqlite3

    connection = sqlite3.connect(roster_db.path)
    connection.execute("UPDATE member SET birth_date = '不详' WHERE id = ?", (roster["单丽"],))
    connection.commit()
    connection.close()
    tab = _started_tab(qtbot, jobs=jobs, db=roster_db)
    position = tab.model.position_of(roster["单丽"])
    assert position is not None and tab.model.row_at(position).birth_date is None
    assert tab.select_member(roster["单丽"])
    assert "无法读取这名党员的记录：无法识别的日期：'不详'" in tab.details.text()
    assert tab.select_member(roster["尉缭"]) and "尉缭" in tab.details.text()  # the others as before


def test_the_selected_member_stays_selected_when_the_table_is_sorted(
    qtbot, jobs, roster: dict[str, int], roster_db: Database
) -> None:
    """Sorting moves the rows: the selection (and 编辑, and the detail pane) stays with the member, not
    with the row number it had."""
    tab = _started_tab(qtbot, roster_db, jobs)
    assert tab.select_member(roster["单丽"])
    before = tab.model.position_of(roster["单丽"])
    titles = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    for title, order in (("出生日期", Qt.SortOrder.DescendingOrder), ("姓名", Qt.SortOrder.AscendingOrder)):
        tab.table.sortByColumn(titles.index(title), order)
        assert tab.selected_id() == roster["单丽"]
        assert "单丽" in tab.details.text()
    assert tab.model.position_of(roster["单丽"]) != before
    tab.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert tab.selected_id() == roster["单丽"] and tab.model.position_of(roster["单丽"]) == before


def _cells(model: RosterTableModel, row: int) -> list[object]:
    return [
        model.index(row, c).data(role)
        for c in range(model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole)
    ]


def test_rows_after_the_first_screen_read_what_they_show_a_screen_at_a_time(
    qtbot, jobs, roster: dict[str, int], roster_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At start the members after the first screen are read as their keys (what the filters, the count
    and the search use); a row's shown fields are read when it is shown, with a screen of rows around
    it: from a quarter screen above to a screen below. Every cell then shows what the whole line shows."""
    from dangjian_desktop.ui.roster import table_model

    monkeypatch.setattr(table_model, "_SCREEN", 8)  # 2 rows above, 8 from the one shown down
    tab = _started_tab(qtbot, roster_db, jobs)
    tab.status_filter.setCurrentText(ALL)
    model, whole = tab.model, len(ROSTER_LINE.names) + 1
    assert [len(stored) == whole for stored in tab._rows] == [i < FIRST_SCREEN for i in range(len(tab._rows))]
    assert len(tab._rows[-1]) == 1 + len(model.keys_line.names) < whole

    tab.search.setText("单丽")  # the visible rows read: 单丽's alone, not every member's
    assert [line.name for line in model.visible_rows()] == ["单丽"]
    assert sum(len(stored) == whole for stored in tab._rows) == FIRST_SCREEN + 1
    tab.search.setText("")

    model.index(20, 0).data()  # the 21st row painted: rows 18 to 27 read, 17 and 28 not
    read = [len(tab._rows[model._visible[r]]) == whole for r in range(len(tab._rows))]
    assert read[17:29] == [False, True, True, True, True, True, True, True, True, True, True, False]

    expected = RosterTableModel(today=lambda: dt.date(2026, 11, 22))  # fed whole lines
    expected.set_filter(status=ALL)
    with roster_db.connect() as connection:
        expected.set_rows(read_member_lines(connection, ROSTER_LINE))
    assert model.rowCount() == expected.rowCount() == len(roster) + 45
    for row in range(model.rowCount()):
        assert _cells(model, row) == _cells(expected, row), row


def test_a_member_gone_before_their_row_is_shown(
    qtbot, jobs, roster: dict[str, int], roster_db: Database
) -> None:
    """Another clerk deletes a member after the keys were read: the row shows its keys and empty cells
    until the table is read again, and nothing fails."""
    import sqlite3

    tab = _started_tab(qtbot, roster_db, jobs)
    connection = sqlite3.connect(roster_db.path)
    connection.execute("DELETE FROM member WHERE id = ?", (roster["尉缭"],))
    connection.commit()
    connection.close()
    position = tab.model.position_of(roster["尉缭"])
    assert position is not None and position >= FIRST_SCREEN
    line = tab.model.row_at(position)
    assert line.id == roster["尉缭"] and line.status == "在册" and line.name is None
    titles = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    assert tab.model.index(position, titles.index("姓名")).data() in (None, "")
    assert tab.model.index(position, titles.index("党籍状态")).data() == "在册"
