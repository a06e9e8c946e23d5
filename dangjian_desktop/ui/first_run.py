"""The first-run page on an empty database: create the branch, or load the demo branch."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.services import setup
from dangjian_desktop.core.township import TOWNSHIP_MODE_TEXT, VILLAGE_MODE_TEXT
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.ops import Change, attempt


class FirstRunPage(QWidget):
    branch_ready = Signal()
    server_opened = Signal(object)  # the Database of a server the clerk connected to

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel("欢迎使用党务台账")
        title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        intro = QLabel("第一次使用，请先选择这台电脑的用途：")
        intro.setWordWrap(True)
        village_text = QLabel(f"<b>{VILLAGE_MODE_TEXT.replace('：', '</b>：', 1)}")
        village_text.setWordWrap(True)
        township_text = QLabel(f"<b>{TOWNSHIP_MODE_TEXT.replace('：', '</b>：', 1)}")
        township_text.setWordWrap(True)
        village_hint = QLabel("填写本党支部的基本信息后创建；也可以先载入示范党支部，看看各项功能。")
        village_hint.setWordWrap(True)

        self.name = QLineEdit(placeholderText="如：凤凰村党支部")
        self.township = QLineEdit(placeholderText="如：青山镇")
        self.secretary = QLineEdit()
        self.phone = QLineEdit(placeholderText="张贴在明白卡上，供群众监督")
        form = QFormLayout()
        form.addRow("支部名称 *", self.name)
        form.addRow("所属乡镇", self.township)
        form.addRow("书记", self.secretary)
        form.addRow("监督电话", self.phone)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setMinimumHeight(self.fontMetrics().lineSpacing())  # reserved: the form does not jump

        self.create_button = QPushButton("创建党支部")
        self.create_button.setDefault(True)
        self.demo_button = QPushButton("载入示范党支部")
        self.township_button = QPushButton("乡镇汇总（合并各村数据包）")
        self.township_button.setToolTip("乡镇党委使用：不建本村支部，只合并各村报送的数据包")
        self.create_button.clicked.connect(self.create)
        self.demo_button.clicked.connect(self.load_demo)
        self.township_button.clicked.connect(self.township_mode)
        # several clerks on one shared database: a PostgreSQL server of the township office
        self.server_button = QPushButton("连接服务器数据库…")
        self.server_button.setToolTip("乡镇（县）几位同志同时使用单位服务器上的一个数据库时")
        self.server_button.clicked.connect(self.connect_server)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch()
        township_row = QHBoxLayout()
        township_row.addWidget(self.township_button)
        township_row.addWidget(self.server_button)
        township_row.addStretch()

        box = QVBoxLayout()
        box.addWidget(title)
        box.addWidget(intro)
        box.addSpacing(8)
        box.addWidget(village_text)
        box.addWidget(village_hint)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addLayout(buttons)
        box.addSpacing(16)
        box.addWidget(township_text)
        box.addLayout(township_row)
        box.addStretch()
        content = QWidget()
        row = QHBoxLayout(content)
        row.addStretch(1)
        row.addLayout(box, 3)
        row.addStretch(1)
        # At the largest font on a small screen the page is taller than the window: it scrolls.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)

    def create(self) -> None:
        fields = (self.name.text(), self.township.text(), self.secretary.text(), self.phone.text())
        if not attempt(
            self.ctx, self, lambda db: setup.start_branch(db, *fields), Change.BRANCH, on_error=self._refused
        ):
            return
        self.error.clear()
        self.branch_ready.emit()

    def _refused(self, message: str) -> None:
        self.error.setText(message)
        self.name.setFocus()

    def connect_server(self) -> None:
        from dangjian_desktop.ui.server_dialog import ServerDialog

        dialog = ServerDialog(self)
        if dialog.exec() and dialog.database is not None:
            self.server_opened.emit(dialog.database)

    def township_mode(self) -> None:
        if attempt(self.ctx, self, setup.start_township, Change.everything()):
            self.branch_ready.emit()

    def load_demo(self) -> None:
        today = self.ctx.today()
        if attempt(self.ctx, self, lambda db: setup.start_demo(db, today=today), Change.everything()):
            self.branch_ready.emit()
