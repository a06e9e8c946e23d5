"""The roster tab driven through its real widgets, checked against the table and the database."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.roster.leave_dialog import LeaveDialog
from dangjian_desktop.ui.roster.member_dialog import MemberDialog
from dangjian_desktop.ui.roster.tab import RosterTab

from .helpers import type_text, when_dialog_opens


def table_names(tab: RosterTab) -> list[str]:
    model = tab.model
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def test_first_run_creates_the_branch(qtbot, ctx) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.first_run
    assert window.stack.currentWidget() is page
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "支部名称不能为空" in page.error.text()
    type_text(page.name, "凤凰村党支部")
    type_text(page.township, "青山镇")
    type_text(page.phone, "0792-4521234")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.tabs
    assert "凤凰村党支部" in window.windowTitle()
    with ctx.db.reading() as session:
        branch = session.scalars(select(Branch)).one()
    assert (branch.name, branch.township, branch.phone) == ("凤凰村党支部", "青山镇", "0792-4521234")


def test_add_edit_leave_search_filter(qtbot, ctx, branch_id) -> None:
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    failures: list[BaseException] = []

    def fill(dialog: MemberDialog) -> None:
        type_text(dialog.name, "单  丽")
        type_text(dialog.id_number, "360426199101010072")  # wrong check digit
        assert dialog.errors["id_number"].isVisible()
        assert "校验位" in dialog.errors["id_number"].text()
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert not save.isEnabled()
        dialog.id_number.clear()
        type_text(dialog.id_number, "360426199101010071")
        assert not dialog.errors["id_number"].isVisible()
        assert dialog.birth_date.text() == "1991-01-01" and dialog.gender.currentText() == "男"
        type_text(dialog.join_date, "2012.7.1")
        type_text(dialog.full_date, "2013年7月1日")
        type_text(dialog.phone, "13812345678")
        dialog.party_group.setEditText("第一党小组")
        assert save.isEnabled()
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    when_dialog_opens(fill, failures)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert not failures, failures
    assert table_names(tab) == ["单丽"]
    with ctx.db.reading() as session:
        member = session.scalars(select(Member)).one()
    assert (member.name, member.id_number, str(member.join_date), member.party_group) == (
        "单丽",
        "360426199101010071",
        "2012-07-01",
        "第一党小组",
    )

    # edit: the selected member opens with its values; change the job
    assert tab.select_member(member.id)

    def edit(dialog: MemberDialog) -> None:
        assert dialog.name.text() == "单丽"
        dialog.job.clear()
        type_text(dialog.job, "网格员")
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    when_dialog_opens(edit, failures)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    assert not failures, failures
    with ctx.db.reading() as session:
        assert session.get(Member, member.id).job == "网格员"

    # a second member, to see search and filters pick
    from dangjian_desktop.core.roster import MemberDraft, add_member

    with ctx.db.transaction() as session:
        add_member(
            session,
            branch_id,
            MemberDraft(
                name="张三",
                join_date="2020-01-01",
                category="预备党员",
                party_group="第二党小组",
                phone="13900001111",
                is_mobile=True,
            ),
        )
    tab.refresh()
    type_text(tab.search, "shanli")
    assert table_names(tab) == ["单丽"]
    tab.search.clear()
    type_text(tab.search, "1111")
    assert table_names(tab) == ["张三"]
    tab.search.clear()
    tab.category_filter.setCurrentText("预备党员")
    assert table_names(tab) == ["张三"]
    tab.category_filter.setCurrentIndex(0)
    tab.group_filter.setCurrentText("第一党小组")
    assert table_names(tab) == ["单丽"]
    tab.group_filter.setCurrentIndex(0)
    tab.mobile_filter.setChecked(True)
    assert table_names(tab) == ["张三"]
    tab.mobile_filter.setChecked(False)

    # leave the roster: 转出 with a date and reason; gone from 在册, found under 已离开
    assert tab.select_member(member.id)

    def leave(dialog: LeaveDialog) -> None:
        dialog.status.setCurrentText("转出")
        dialog.date.setText("2026-10-01")
        type_text(dialog.reason, "转至青山镇机关党支部")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    when_dialog_opens(leave, failures)
    qtbot.mouseClick(tab.leave_button, Qt.MouseButton.LeftButton)
    assert not failures, failures
    assert table_names(tab) == ["张三"]
    tab.status_filter.setCurrentText("已离开")
    assert table_names(tab) == ["单丽"]
    type_text(tab.search, "sl")
    assert table_names(tab) == ["单丽"]
    with ctx.db.reading() as session:
        left = session.get(Member, member.id)
    assert (left.status, str(left.left_date), left.left_reason) == (
        "转出",
        "2026-10-01",
        "转至青山镇机关党支部",
    )
    # issue 12: counts say 在册 N 人 and exclude those who left (was "显示 1 人 / 共 2 人")
    assert tab.count_label.text() == "显示 1 人 / 在册 1 人"


def test_photo_is_cropped_and_stored_and_bad_files_explained(qtbot, ctx, branch_id, tmp_path) -> None:
    from PIL import Image

    big = tmp_path / "photo.png"
    Image.new("RGB", (1200, 900), "red").save(big)
    not_image = tmp_path / "photo.jpg"
    not_image.write_text("这不是图片")
    dialog = MemberDialog(today=ctx.today())
    qtbot.addWidget(dialog)
    assert not dialog.load_photo_file(not_image)
    assert "不是可识别的图片" in dialog.photo_error.text()
    assert dialog.load_photo_file(big)
    stored = Image.open(__import__("io").BytesIO(dialog.photo_bytes))
    assert stored.size == (295, 413)
    type_text(dialog.name, "李四")
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    member_id = tab.save_member(None, dialog.draft(), dialog.photo_bytes, photo_changed=True)
    assert tab.model.index(0, 0).data() == "有"
    from dangjian_desktop.core.roster import get_photo

    with ctx.db.reading() as session:
        assert get_photo(session, member_id) == dialog.photo_bytes
    assert tab.photo.pixmap() is not None and not tab.photo.pixmap().isNull()


def test_sorting_by_column(qtbot, ctx, branch_id) -> None:
    from dangjian_desktop.core.roster import MemberDraft, add_member

    with ctx.db.transaction() as session:
        for name, birth in (("甲", "1960-01-01"), ("乙", "1990-01-01"), ("丙", "1975-01-01")):
            add_member(session, branch_id, MemberDraft(name=name, birth_date=birth))
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert table_names(tab) == ["甲", "丙", "乙"]
    tab.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert table_names(tab) == ["乙", "丙", "甲"]


def test_print_from_the_tab(qtbot, ctx, demo_db, tmp_path) -> None:
    from pypdf import PdfReader

    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    out = tmp_path / "tab.pdf"
    tab.print_to(out)
    qtbot.waitUntil(lambda: getattr(tab, "last_printed", None) == out, timeout=20000)
    text = PdfReader(out).pages[0].extract_text()
    assert "党员花名册" in text


def test_import_button_brings_the_sample_into_the_table(qtbot, ctx, branch_id) -> None:
    """The roster tab's button opens the import dialog; after the import the table shows the members."""
    from pathlib import Path

    from dangjian_desktop.ui.exchange.import_dialog import ImportDialog

    sample = Path(__file__).resolve().parents[1] / "data" / "roster_sample.xlsx"
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    failures: list[BaseException] = []

    def import_sample(dialog: ImportDialog) -> None:
        dialog.load_file(sample)
        qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=20000)
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)  # the summary before writing
        qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=20000)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.imported, timeout=20000)
        ctx.jobs.wait()
        dialog.accept()

    when_dialog_opens(import_sample, failures)
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    assert not failures, failures
    assert tab.model.rowCount() == 36
    assert "邹志明" in table_names(tab)
