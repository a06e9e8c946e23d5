"""The main window: the first-run page on an empty database, else one tab per part of the work."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTime, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from dangjian_desktop import APP_NAME, __version__
from dangjian_desktop.core.branch import current_branch
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.first_run import FirstRunPage


def tab_factories() -> list[Callable[[AppContext], QWidget]]:
    """Each part of the program is one package under ui/ with a tab.py; order is the tab order."""
    from dangjian_desktop.ui.birthdays.tab import BirthdaysTab
    from dangjian_desktop.ui.meetings.tab import MeetingsTab
    from dangjian_desktop.ui.roster.tab import RosterTab

    return [RosterTab, BirthdaysTab, MeetingsTab]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.resize(1280, 800)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.first_run = FirstRunPage(ctx)
        self.first_run.branch_ready.connect(self.show_tabs)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack.addWidget(self.first_run)
        self.stack.addWidget(self.tabs)
        self.branch_label = QLabel()
        self.statusBar().addPermanentWidget(self.branch_label)
        self.statusBar().addPermanentWidget(QLabel(f"版本 {__version__}"))
        self._build_menu()
        # Every 30 minutes of changes get a backup; checked every 5 minutes, a no-op when nothing changed.
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(5 * 60 * 1000)
        self.backup_timer.timeout.connect(self._periodic_backup)
        self.backup_timer.start()
        from dangjian_desktop.core.township import is_township

        with ctx.db.reading() as session:
            has_branch = current_branch(session) is not None or is_township(session)
        if has_branch:
            self.show_tabs()
        else:
            self.setWindowTitle(APP_NAME)
            self.stack.setCurrentWidget(self.first_run)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        file_menu.insertSeparator(quit_action)
        self.export_action = QAction("导出报送乡镇的数据包(&E)…", self)
        self.export_action.triggered.connect(self.export_package)
        backup_action = QAction("立即备份到…(&B)", self)
        backup_action.triggered.connect(self.backup_to)
        restore_action = QAction("从备份恢复(&R)…", self)
        restore_action.triggered.connect(self.restore_from_backup)
        for action in (self.export_action, backup_action, restore_action):
            file_menu.insertAction(quit_action, action)
        file_menu.insertSeparator(quit_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于(&A)", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(self, f"关于{APP_NAME}", f"{APP_NAME} {__version__}\n数据文件：{self.ctx.db.path}")

    def show_tabs(self) -> None:
        from dangjian_desktop.core.township import is_township

        with self.ctx.db.reading() as session:
            township = is_township(session)
        if township and self.tabs.count() == 0:
            from dangjian_desktop.ui.township.tab import TownshipTab

            tab = TownshipTab(self.ctx)
            self.tabs.addTab(tab, tab.title)
            self.export_action.setEnabled(False)  # a township database is not a village's package
        elif self.tabs.count() == 0:
            for factory in tab_factories():
                tab = factory(self.ctx)
                self.tabs.addTab(tab, getattr(tab, "title", tab.objectName()))
            QTimer.singleShot(0, self.show_opening_reminders)  # once the window is on screen
        with self.ctx.db.reading() as session:
            branch = current_branch(session)
        name = "乡镇汇总" if township else (branch.name if branch else "")
        self.setWindowTitle(f"{name} - {APP_NAME}")
        self.branch_label.setText(f"{name}　数据：{self.ctx.db.path}")
        self.stack.setCurrentWidget(self.tabs)
        self._tab_changed(self.tabs.currentIndex())

    # --- data safety ---------------------------------------------------------------------------------
    def export_package(self) -> None:
        from dangjian_desktop.ui.package.export_dialog import ExportDialog

        ExportDialog(self.ctx, self).exec()

    def backup_to(self) -> None:
        from pathlib import Path

        from dangjian_desktop.core.backup import backup_to
        from dangjian_desktop.core.errors import UserError

        folder = QFileDialog.getExistingDirectory(self, "备份到（可选U盘）")
        if not folder:
            return
        target = (
            Path(folder)
            / f"党务台账备份_{self.ctx.today():%Y%m%d}_{QTime.currentTime().toString('HHmmss')}.sqlite3"
        )
        try:
            backup_to(self.ctx.db.path, target)
        except UserError as exc:
            QMessageBox.warning(self, "备份失败", str(exc))
            return
        QMessageBox.information(self, "备份完成", f"已备份并校验：{target}")

    def restore_from_backup(self) -> None:
        from dangjian_desktop.ui.restore import RestoreDialog

        answer = QMessageBox.question(
            self, "从备份恢复", "恢复后，程序将关闭，请重新打开。现有数据文件会改名保留。继续吗？"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.jobs.wait()
        self.ctx.db.close()
        dialog = RestoreDialog(self.ctx.db.path, ["按您的要求从备份恢复"], self)
        if dialog.exec():
            QMessageBox.information(
                self, "已恢复", f"已恢复备份。原文件保留为：{dialog.moved_aside}\n请重新打开程序。"
            )
        self.close()

    def _periodic_backup(self) -> None:
        import datetime as dt

        from dangjian_desktop.core.backup import backup_if_changed

        path = self.ctx.db.path
        self.ctx.jobs.run(
            lambda _p: backup_if_changed(path, "periodic", min_interval=dt.timedelta(minutes=30)),
            lambda _r: None,
            lambda message: self.statusBar().showMessage(f"自动备份失败：{message}", 10000),
        )

    def show_opening_reminders(self) -> None:
        """Tabs with something to say on opening (政治生日 today and soon) say it, once, at start."""
        for i in range(self.tabs.count()):
            remind = getattr(self.tabs.widget(i), "opening_reminder", None)
            if callable(remind):
                remind()

    def _tab_changed(self, index: int) -> None:
        # Tabs reload from the database when shown, so an edit in one is seen in the others.
        tab = self.tabs.widget(index)
        refresh = getattr(tab, "refresh", None)
        if callable(refresh):
            refresh()

    def tab(self, kind: type) -> QWidget:
        for i in range(self.tabs.count()):
            if isinstance(self.tabs.widget(i), kind):
                return self.tabs.widget(i)
        raise LookupError(kind.__name__)
