"""The trust boundary in the window: the export dialog's fingerprint and protection, the township's
登记与合并记录 window with its confirmations."""

import datetime as dt

from sqlalchemy import select

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.demo import build_full_demo
from dangjian_desktop.core.exchange.merge import merge_package
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import ensure_township_key, key_file_bytes, key_state
from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.package.export_dialog import CLEAR_WARNING, ExportDialog
from dangjian_desktop.ui.township.branches_dialog import BranchesDialog

from .conftest import TODAY


def test_export_dialog_shows_the_fingerprint_and_says_plainly_when_data_is_in_clear(
    qtbot, ctx, demo_db, tmp_path
) -> None:
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    with demo_db.reading() as session:
        state = key_state(session)
    assert dialog.fingerprint.text() == state.signing and len(state.signing) == 23
    assert dialog.protection.text() == CLEAR_WARNING and dialog.encrypt.isVisibleTo(dialog)
    dialog.print_form(tmp_path / "登记表.pdf")
    assert "已生成报送登记表" in dialog.status.text() and (tmp_path / "登记表.pdf").stat().st_size > 1000

    township = open_database(tmp_path / "t.sqlite3")
    key_file = tmp_path / "乡镇公钥.djkey"
    key_file.write_bytes(key_file_bytes(ensure_township_key(township), "青山镇"))
    broken = tmp_path / "broken.djkey"
    broken.write_text("not a key")
    dialog.import_key(broken)
    assert "不是乡镇公钥文件" in dialog.status.text()
    dialog.import_key(key_file)
    with township.reading() as session:
        township_fp = key_state(session).township
    assert township_fp in dialog.status.text() and township_fp in dialog.protection.text()
    assert "青山镇" in dialog.protection.text() and not dialog.encrypt.isVisibleTo(dialog)
    township.close()


def test_branches_window_rolls_back_and_removes_after_confirmation(qtbot, qapp, tmp_path) -> None:
    village = open_database(tmp_path / "v.sqlite3")
    with village.transaction() as session:
        build_full_demo(session, today=TODAY)
    township = open_database(tmp_path / "t.sqlite3")
    when = dt.datetime(2026, 11, 20, 10, 0)
    merge_package(
        township, export_package(village, tmp_path / "1.djpkg", now=when, with_documents=False), enroll=True
    )
    with village.transaction() as session:
        add_member(session, 1, MemberDraft(name="后来的党员", join_date="2025-06-01"))
    merge_package(township, export_package(village, tmp_path / "2.djpkg", now=when, with_documents=False))
    ctx = AppContext(db=township, jobs=JobRunner(), today=lambda: TODAY)
    dialog = BranchesDialog(ctx)
    qtbot.addWidget(dialog)
    top = dialog.tree.topLevelItem(0)
    assert dialog.tree.topLevelItemCount() == 1 and top.text(2) == "2"
    assert [top.child(i).text(0) for i in range(top.childCount())] == ["合并", "合并", "登记"]
    dialog.tree.setCurrentItem(top)
    assert not dialog.rollback_button.isEnabled()  # a branch, not a merge, is selected
    dialog.tree.setCurrentItem(top.child(1))  # the first merge
    dialog.rollback_button.click()
    assert dialog.confirm_box is not None and "第 1 号" in dialog.confirm_box.text()
    dialog.confirm_box.reject()  # 取消: nothing changes
    with township.reading() as session:
        assert "后来的党员" in set(session.scalars(select(Member.name)))
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0).child(1))
    dialog.rollback_button.click()
    dialog.confirm_box.ok_button.click()
    assert "已将 凤凰村党支部 回退到第 1 号" in dialog.status.text()
    with township.reading() as session:
        assert "后来的党员" not in set(session.scalars(select(Member.name)))
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    dialog.remove_button.click()
    dialog.confirm_box.ok_button.click()
    assert dialog.tree.topLevelItemCount() == 0
    with township.reading() as session:
        assert session.scalar(select(Branch.id)) is None
    ctx.jobs.wait()
    village.close()
    township.close()
