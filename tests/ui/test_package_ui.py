"""The export dialog, the township tab and the restore page, through their widgets."""

import datetime as dt

from PySide6.QtCore import Qt

from dangjian_desktop.core.backup import backup_before, list_backups
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.demo import build_full_demo
from dangjian_desktop.core.exchange.package import verify_file
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.roster import list_members
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.package.export_dialog import ExportDialog
from dangjian_desktop.ui.restore import RestoreDialog
from dangjian_desktop.ui.township.tab import TownshipTab

from .conftest import TODAY


def test_export_dialog_writes_a_verified_package(qtbot, ctx, demo_db, tmp_path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(stick))
    dialog.encrypt.setChecked(True)
    dialog.passphrase.setText("abc123456")
    dialog.passphrase_again.setText("abc12345X")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "不一致" in dialog.status.text()
    assert not list(stick.iterdir())
    dialog.passphrase_again.setText("abc123456")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30000)
    assert "可以安全拔出U盘" in dialog.status.text()
    assert verify_file(dialog.written, "abc123456").ok
    assert [p.suffix for p in stick.iterdir()] == [".djpkg"]  # no .partial left behind


def test_township_tab_merges_and_summarises(qtbot, qapp, tmp_path) -> None:
    village = open_database(tmp_path / "v.sqlite3")
    with village.transaction() as session:
        build_full_demo(session, today=TODAY)
    package = export_package(village, tmp_path, now=dt.datetime(2026, 11, 20, 10, 0), with_documents=False)
    township = open_database(tmp_path / "t.sqlite3")
    ctx = AppContext(db=township, jobs=JobRunner(), today=lambda: TODAY)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    qtbot.mouseClick(window.first_run.township_button, Qt.MouseButton.LeftButton)
    tab = window.tabs.widget(0)
    assert isinstance(tab, TownshipTab) and window.tabs.count() == 1
    tab.merge_files([package, package])
    qtbot.waitUntil(lambda: tab.enroll_box is not None, timeout=30000)  # a new branch: the clerk confirms
    assert village_fingerprint(village) in tab.enroll_box.text()
    tab.enroll_box.enroll_button.click()
    qtbot.waitUntil(lambda: hasattr(tab, "merge_finished"), timeout=30000)
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 0).data() == "凤凰村党支部"
    assert tab.model.index(0, 3).data() == "43"
    assert "%" in tab.model.index(0, 11).data()  # 明白卡承诺完成率
    log = tab.log.toPlainText()
    assert "已合并 凤凰村党支部" in log and "已合并过，未做改动" in log
    with township.reading() as session:
        assert len(list_members(session)) == 45
    ctx.jobs.wait()
    village.close()
    township.close()


def test_restore_page_lists_backups_and_restores(qtbot, db, branch_id, tmp_path) -> None:
    backup_before(db.path, "manual", now=dt.datetime(2026, 11, 1, 9, 0))
    db.close()
    dialog = RestoreDialog(db.path, ["测试：文件损坏"])
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert "党员 0 名" in dialog.list.item(0).text() and "2026-11-01 09:00" in dialog.list.item(0).text()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.moved_aside is not None and dialog.moved_aside.exists()
    assert len(list_backups(db.path)) == 1


def village_fingerprint(db) -> str:
    from dangjian_desktop.core.keys import key_state

    with db.reading() as session:
        return key_state(session).signing
