"""The main window: the first-run page on an empty database, else one tab per part of the work."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
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
    from dangjian_desktop.ui.cards.tab import CardsTab
    from dangjian_desktop.ui.roster.tab import RosterTab

    return [RosterTab, CardsTab]


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
        with ctx.db.reading() as session:
            has_branch = current_branch(session) is not None
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
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于(&A)", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(self, f"关于{APP_NAME}", f"{APP_NAME} {__version__}\n数据文件：{self.ctx.db.path}")

    def show_tabs(self) -> None:
        if self.tabs.count() == 0:
            for factory in tab_factories():
                tab = factory(self.ctx)
                self.tabs.addTab(tab, getattr(tab, "title", tab.objectName()))
        with self.ctx.db.reading() as session:
            branch = current_branch(session)
        name = branch.name if branch else ""
        self.setWindowTitle(f"{name} - {APP_NAME}")
        self.branch_label.setText(f"{name}　数据：{self.ctx.db.path}")
        self.stack.setCurrentWidget(self.tabs)
        self._tab_changed(self.tabs.currentIndex())

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
