"""The main window: the first-run page on an empty database, else one tab per part of the work.

At start it is shown before the database is open (`MainWindow(preview=...)`: menu, tab headers, the
branch's name read straight from the file), then `attach(ctx)` brings the database and builds the
current tab; every other tab is built when first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from dangjian_desktop import APP_NAME, __version__
from dangjian_desktop.ui.elided_label import ElidedLabel
from dangjian_desktop.ui.first_paint import after_paint, after_settling
from dangjian_desktop.ui.ops import read
from dangjian_desktop.ui.preferences import apply_preferences
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.tabs import (
    COMMON_ACTIONS,
    TOWNSHIP_TABS,
    VILLAGE_TABS,
    GuardsLeaving,
    LazyTab,
    LoadsInBackground,
    Tab,
    TabFactory,
)

if TYPE_CHECKING:
    from pathlib import Path

    from dangjian_desktop.core.db import Database
    from dangjian_desktop.ui.context import AppContext
    from dangjian_desktop.ui.reminders import ReminderNote


def tab_factories() -> list[TabFactory]:
    """Each part of the program is one package under ui/ with a tab.py; order is the tab order."""
    return list(VILLAGE_TABS)


@dataclass(frozen=True)
class StartPreview:
    """What the window shows before the database is open: read from the file without SQLAlchemy."""

    path: Path
    branch_name: str | None  # None: no branch yet (the first-run page follows)
    township: bool = False


class _NotBuilt(QWidget):
    """Holds a tab's place until it is first shown."""

    def __init__(self, factory: TabFactory) -> None:
        super().__init__()
        self.factory = factory


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext | None = None, *, preview: StartPreview | None = None) -> None:
        super().__init__()
        self.ctx: AppContext = ctx  # type: ignore[assignment]  # set by attach() when started with a preview
        self.township = False
        self.notes: list[ReminderNote] = []  # the reminder window's notes, each handed to its tab
        fit_to_screen(self, 1280, 800)  # then shown maximised; this is its size when restored
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack.addWidget(self.tabs)
        self.branch_label = ElidedLabel()  # a file in a deep folder: its path gives way, not the window
        self.statusBar().addPermanentWidget(self.branch_label)
        version = QLabel(f"版本 {__version__}")
        version.setContentsMargins(version.fontMetrics().horizontalAdvance("国"), 0, 0, 0)  # apart from the path
        self.statusBar().addPermanentWidget(version)
        self._build_menu()
        if ctx is not None:
            self.attach(ctx)
        elif preview is not None:
            self._show_preview(preview)

    def _show_preview(self, preview: StartPreview) -> None:
        """Tab headers and the branch's name, nothing built: painted while the database opens."""
        self.setWindowTitle(f"{preview.branch_name} - {APP_NAME}" if preview.branch_name else APP_NAME)
        if preview.branch_name is None:
            return
        self.township = preview.township
        self.tabs.blockSignals(True)
        for factory in TOWNSHIP_TABS if preview.township else tab_factories():
            self.tabs.addTab(_NotBuilt(factory), factory.title)
        self.tabs.blockSignals(False)
        self.branch_label.setText(f"{preview.branch_name}　数据：{preview.path}")
        for action in (*self.common_actions.values(), self.export_action):
            action.setEnabled(False)

    def _branch(self) -> tuple[str | None, bool]:
        """(the branch's name, whether a township database), read with plain sqlite3 (core.db.peek_branch)
        so that starting needs no ORM before the first rows are painted; a server is asked through it."""
        if self.ctx.db.is_server:
            from dangjian_desktop.core.branch import current_branch, is_township

            if read(self.ctx, is_township):
                return "乡镇汇总", True
            branch = read(self.ctx, current_branch)
            return (branch.name if branch else None), False
        from dangjian_desktop.core.db import peek_branch

        return peek_branch(self.ctx.db.path)

    def attach(self, ctx: AppContext) -> None:
        """The open database: the first-run page or the tabs, the current one built now."""
        self.ctx = ctx
        # Every 30 minutes of changes get a backup; checked every 5 minutes, a no-op when nothing changed.
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(5 * 60 * 1000)
        self.backup_timer.timeout.connect(self._periodic_backup)
        self.backup_timer.start()
        name, township = branch = self._branch()
        if name is not None or township:
            self.show_tabs(branch)
        else:
            # built only for an empty database: it brings the demo builder with it
            from dangjian_desktop.ui.first_run import FirstRunPage

            self.first_run = FirstRunPage(ctx)
            self.first_run.branch_ready.connect(self.show_tabs)
            self.first_run.server_opened.connect(self.switch_database)
            self.stack.insertWidget(0, self.first_run)
            self._remove_tabs()
            self.branch_label.clear()
            self.setWindowTitle(APP_NAME)
            self.stack.setCurrentWidget(self.first_run)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.export_action = QAction("导出报送乡镇的数据包(&E)…", self)
        self.export_action.triggered.connect(self.export_package)
        self.backup_action = QAction("立即备份(&B)", self)
        self.backup_action.triggered.connect(self.backup_now)
        backup_to_action = QAction("备份到U盘或文件夹(&U)…", self)
        backup_to_action.triggered.connect(self.backup_to)
        restore_action = QAction("从备份恢复(&R)…", self)
        restore_action.triggered.connect(self.restore_from_backup)
        self.server_action = QAction("连接服务器数据库(&D)…", self)
        self.server_action.triggered.connect(self.connect_server)
        self.settings_action = QAction("设置(&S)…", self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for group in (
            (self.export_action,),
            (self.backup_action, backup_to_action, restore_action),
            (self.settings_action, self.server_action),
            (quit_action,),
        ):
            file_menu.addActions(list(group))
            if quit_action not in group:
                file_menu.addSeparator()
        self._build_work_menu()
        help_menu = self.menuBar().addMenu("帮助(&H)")
        guide = QAction("使用指南(&G)", self)
        guide.setShortcut(QKeySequence("F1"))  # HelpContents is unbound on some platforms
        guide.triggered.connect(self.open_help)
        help_menu.addAction(guide)
        about = QAction("关于(&A)", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # --- the common actions: the window owns the shortcuts, the current tab does the work -----------
    # A tab offers an action either by a method of this name or by a QShortcut of its own with the same
    # key (the roster tab's Ctrl+N/F/P). Such a tab shortcut is switched off and reached from here, so the
    # key is bound once: two live bindings of one key make Qt fire neither ("ambiguous shortcut").
    COMMON_ACTIONS = (
        ("new_item", "新增(&N)", QKeySequence.StandardKey.New),
        ("focus_search", "查找(&F)", QKeySequence.StandardKey.Find),
        ("print_current", "打印(&P)…", QKeySequence.StandardKey.Print),
    )  # the names are those of ui/tabs.py's COMMON_ACTIONS protocols

    def _build_work_menu(self) -> None:
        menu = self.menuBar().addMenu("操作(&E)")
        self.common_actions: dict[str, QAction] = {}
        self._handlers: dict[tuple[int, str], Callable[[], None] | None] = {}
        for name, text, key in self.COMMON_ACTIONS:
            action = QAction(text, self)
            action.setShortcut(key)
            action.triggered.connect(lambda _checked=False, n=name: self.run_common(n))
            menu.addAction(action)
            self.common_actions[name] = action

    def _tab_handler(self, tab: QWidget | None, name: str) -> Callable[[], None] | None:
        """Found once per tab: a tab's own binding is switched off the first time, so not found again."""
        if tab is None or isinstance(tab, _NotBuilt):
            return None
        if (id(tab), name) not in self._handlers:
            self._handlers[(id(tab), name)] = self._find_tab_handler(tab, name)
        return self._handlers[(id(tab), name)]

    def _find_tab_handler(self, tab: QWidget, name: str) -> Callable[[], None] | None:
        key = next(k for n, _t, k in self.COMMON_ACTIONS if n == name)
        bindings = QKeySequence.keyBindings(key)
        via_shortcut = None
        for shortcut in tab.findChildren(QShortcut):
            if shortcut.key() in bindings:
                shortcut.setEnabled(False)
                via_shortcut = shortcut.activated.emit
        for action in tab.findChildren(QAction):
            if action.shortcut() in bindings:
                action.setShortcuts([])  # the same key on a tab's own action would collide too
                via_shortcut = action.trigger
        if isinstance(tab, COMMON_ACTIONS[name]):
            return getattr(tab, name)  # the method the protocol names
        return via_shortcut

    def run_common(self, name: str) -> None:
        handler = self._tab_handler(
            self.tabs.currentWidget() if self.stack.currentWidget() is self.tabs else None, name
        )
        if handler is None:
            self.statusBar().showMessage("本页没有这个功能", 3000)
            return
        handler()

    def _update_common_actions(self) -> None:
        tab = self.tabs.currentWidget() if self.stack.currentWidget() is self.tabs else None
        for name, action in self.common_actions.items():
            action.setEnabled(self._tab_handler(tab, name) is not None)

    # --- settings, backup, help, about ----------------------------------------------------------
    def settings_dialog(self) -> QWidget:
        """Built apart from exec() so tests drive the same dialog the menu opens."""
        from dangjian_desktop.ui.settings_dialog import SettingsDialog

        return SettingsDialog(self.ctx.db, self)

    def open_settings(self) -> None:
        dialog = self.settings_dialog()
        if dialog.exec():
            self.settings_saved()

    def settings_saved(self) -> None:
        old_size = QApplication.font().pointSizeF()
        apply_preferences(QApplication.instance(), self.ctx.db)  # type: ignore[arg-type]
        if self.tabs.count() and QApplication.font().pointSizeF() != old_size:
            # The new application font reaches existing widgets through posted events; let it arrive
            # before the tabs are rebuilt, or they would measure rows with the old font. A job still
            # running (a print) reports to its tab first, while that tab still exists.
            self.ctx.jobs.wait()
            QApplication.processEvents()
            self.rebuild_tabs()  # tabs size rows and columns from the font when they are built
        elif self.tabs.count() and self._township_now() != self.township:
            self.ctx.jobs.wait()
            self.rebuild_tabs()  # 乡镇汇总模式 switched on or off: the other set of tabs, at once
        if self.stack.currentWidget() is self.tabs:
            self.show_tabs()  # the branch's name in the title may have changed
        self.statusBar().showMessage("设置已保存", 5000)

    def _township_now(self) -> bool:
        from dangjian_desktop.core.township import is_township

        return read(self.ctx, is_township)

    def rebuild_tabs(self) -> None:
        current = self.tabs.currentIndex()
        self._add_tabs(max(current, 0))

    def _remove_tabs(self) -> None:
        self._handlers.clear()
        self.tabs.blockSignals(True)
        while self.tabs.count():
            tab = self.tabs.widget(0)
            self.tabs.removeTab(0)
            tab.deleteLater()
        self.tabs.blockSignals(False)

    def backup_now(self) -> None:
        from dangjian_desktop.ui import backup_actions

        backup_actions.backup_now(self)

    def open_help(self) -> None:
        from dangjian_desktop.ui.help_dialog import HelpDialog

        HelpDialog(self).exec()

    def about_text(self) -> str:
        from html import escape

        return (
            f"<h3>{APP_NAME}</h3>"
            f"<p>版本 {__version__}</p>"
            "<p>村党支部党务台账：党员花名册、政治生日、三会一课、明白卡。离线使用，不需要网络。</p>"
            f"<p>数据文件：{escape(self.ctx.db.location)}</p>"
            "<p>遇到问题时，请把上面的版本号告诉技术人员。</p>"
        )

    def _about(self) -> None:
        QMessageBox.about(self, f"关于{APP_NAME}", self.about_text())

    def _add_tabs(self, current: int = 0, township: bool | None = None) -> None:
        """Every tab's header; only the current tab is built, the others when first shown."""
        self.township = self._branch()[1] if township is None else township
        factories = list(TOWNSHIP_TABS) if self.township else tab_factories()
        self._remove_tabs()
        self.tabs.blockSignals(True)
        for factory in factories:
            self.tabs.addTab(_NotBuilt(factory), factory.title)
        self.tabs.setCurrentIndex(min(current, len(factories) - 1))
        self.tabs.blockSignals(False)
        self.built(self.tabs.currentIndex())
        self.export_action.setEnabled(not self.township)  # a township database is not a village's package

    def built(self, index: int) -> QWidget:
        """The tab at index, built now if it has not been shown yet."""
        holder = self.tabs.widget(index)
        if not isinstance(holder, _NotBuilt):
            return holder
        tab = holder.factory(self.ctx)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)  # swapping the placeholder is not the user changing tabs
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, tab, holder.factory.title)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        holder.deleteLater()
        if self.notes:  # the reminder window has a note about it
            from dangjian_desktop.ui.reminders import hand_note

            hand_note(self.notes, tab)
        return tab

    def show_tabs(self, branch: tuple[str | None, bool] | None = None) -> None:
        """The tabs, the title and the branch's name; `branch` as attach() has just read it."""
        # read before the current tab starts reading its rows in the background, never beside it
        name, township = branch or self._branch()
        fresh = self.tabs.count() == 0 or isinstance(self.tabs.currentWidget(), _NotBuilt)
        if fresh:
            self._add_tabs(max(self.tabs.currentIndex(), 0), township)
            # a moment after the window shows its rows: a reminder must not hold back the first screen,
            # nor the first thing done on it (ui/first_paint.after_settling)
            self.when_rows_painted(lambda: after_settling(self, self.show_opening_reminders))
        name = "乡镇汇总" if self.township else (name or "")
        self.setWindowTitle(f"{name} - {APP_NAME}")
        self.branch_label.setText(f"{name}　数据：{self.ctx.db.location}")
        self.stack.setCurrentWidget(self.tabs)
        if fresh:
            self._update_common_actions()  # the tab built just now has read the database already
        else:
            self._tab_changed(self.tabs.currentIndex())

    def when_rows_painted(self, callback: Callable[[], None]) -> None:
        """Calls back once the current tab's rows are in (read in the background at start) and painted."""
        tab = self.tabs.currentWidget() if self.stack.currentWidget() is self.tabs else None
        if isinstance(tab, LoadsInBackground):
            tab.when_loaded(lambda: after_paint(self, callback))
        else:
            after_paint(self, callback)

    # --- data safety ---------------------------------------------------------------------------------
    def export_package(self) -> None:
        from dangjian_desktop.ui.package.export_dialog import ExportDialog

        ExportDialog(self.ctx, self).exec()

    def backup_to(self) -> None:
        from dangjian_desktop.ui import backup_actions

        backup_actions.backup_to(self)

    def restore_from_backup(self) -> None:
        from dangjian_desktop.ui import backup_actions

        backup_actions.restore_from_backup(self)

    def connect_server(self) -> None:
        """文件 → 连接服务器数据库: the township's shared database on PostgreSQL, from now on."""
        from dangjian_desktop.ui.server_dialog import ServerDialog

        dialog = ServerDialog(self, url=self.ctx.db.server_url if self.ctx.db.is_server else None)
        if dialog.exec() and dialog.database is not None:
            self.switch_database(dialog.database)

    def switch_database(self, db: Database) -> None:
        """Work on another database from now on (the server the clerk connected to)."""
        from dangjian_desktop.ui.context import AppContext

        old = self.ctx
        old.jobs.wait()
        self.backup_timer.stop()
        self._remove_tabs()
        first_run = getattr(self, "first_run", None)
        if first_run is not None:
            self.stack.removeWidget(first_run)
            first_run.deleteLater()
            self.first_run = None
        self.attach(AppContext(db=db, jobs=old.jobs, today=old.today))
        if old.db is not db:
            old.db.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Closing the program asks about typing not yet saved in a tab (the 6+X record)."""
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            if isinstance(tab, GuardsLeaving) and not tab.confirm_leave():
                self.tabs.setCurrentIndex(i)
                event.ignore()
                return
        super().closeEvent(event)

    def _periodic_backup(self) -> None:
        import datetime as dt

        from dangjian_desktop.core.backup import backup_if_changed

        if self.ctx.db.is_server:  # the server's own backups; `backup` writes the whole-database package
            return
        path = self.ctx.db.path
        self.ctx.jobs.run(
            lambda _p: backup_if_changed(path, "periodic", min_interval=dt.timedelta(minutes=30)),
            lambda _r: None,
            lambda message: self.statusBar().showMessage(f"自动备份失败：{message}", 10000),
        )

    opening_reminders_shown = False
    reminders: QWidget | None = None  # the one reminder window at start, when there was something to say

    def show_opening_reminders(self) -> None:
        """What 政治生日, 发展党员 and 组织关系 have to say, once, at start, in one window: read off the
        GUI thread without building any tab (ui/reminders.gather_at_start)."""
        if self.township:  # the township's tabs remind of nothing
            self.opening_reminders_shown = True
            return
        from dangjian_desktop.ui.reminders import gather_at_start

        gather_at_start(self)

    def _tab_changed(self, index: int) -> None:
        if index < 0 or self.ctx is None:
            return
        # A tab with typing not yet saved (the 6+X record) asks first; 取消 stays on it.
        previous = getattr(self, "_current_tab", None)
        leaving = isinstance(previous, GuardsLeaving) and previous is not self.tabs.widget(index)
        if leaving and not previous.confirm_leave():
            self.tabs.blockSignals(True)
            self.tabs.setCurrentWidget(previous)
            self.tabs.blockSignals(False)
            return
        if isinstance(self.tabs.widget(index), _NotBuilt):
            self.built(index)  # a new tab has just read the database
        else:
            tab = self.tabs.widget(index)
            # Tabs reload from the database when shown, so an edit in one is seen in the others.
            if isinstance(tab, Tab):
                tab.refresh()
        self._current_tab = self.tabs.widget(index)
        self._update_common_actions()

    def tab(self, kind: type) -> QWidget:
        for i in range(self.tabs.count()):
            holder = self.tabs.widget(i)
            if isinstance(holder, _NotBuilt):
                factory = holder.factory
                cls = factory.load() if isinstance(factory, LazyTab) else factory
                if isinstance(cls, type) and issubclass(cls, kind):
                    return self.built(i)
            elif isinstance(holder, kind):
                return holder
        raise LookupError(kind.__name__)
