"""连接服务器数据库: a township office's shared PostgreSQL database (several clerks at once).

Host, port, database and user are remembered (Qt's settings, as the window's size is); the password
is asked for at every connection and never stored by this program. A clerk who does not want to type
it may keep it in PostgreSQL's own password file (pgpass.conf / ~/.pgpass), which the server's client
library reads by itself; then the password field may stay empty.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.db_server import server_fields, server_url
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.widgets import scrolling

SETTINGS_KEY = "server/last"  # host, port, database, user: never the password


class ServerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, url: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("连接服务器数据库")
        self.database: Database | None = None
        intro = QLabel(
            "乡镇（县）几位同志同时使用一个数据库时，数据放在单位的 PostgreSQL 服务器上。"
            "请填写服务器管理员给的地址、数据库名和用户名；密码每次连接时输入，本程序不保存。"
        )
        intro.setWordWrap(True)
        self.host = QLineEdit(placeholderText="如：192.168.1.20")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.dbname = QLineEdit(placeholderText="如：dangjian")
        self.user = QLineEdit(placeholderText="如：zhangsan")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("服务器地址 *", self.host)
        form.addRow("端口", self.port)
        form.addRow("数据库名 *", self.dbname)
        form.addRow("用户名 *", self.user)
        form.addRow("密码", self.password)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton("连接", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        body = QVBoxLayout()
        body.addWidget(intro)
        body.addLayout(form)
        body.addWidget(self.error)
        body.addStretch()
        # the form scrolls on a small screen at the largest font; 连接/取消 stay in sight
        self.setLayout(scrolling(body, self.buttons))
        self._fill(url)
        fit_to_screen(self, 560, 380)

    def _fill(self, url: str | None) -> None:
        fields = server_fields(url or str(QSettings().value(SETTINGS_KEY, "") or ""))
        if fields is None:
            return
        host, port, database, user = fields
        self.host.setText(host)
        self.port.setValue(port)
        self.dbname.setText(database)
        self.user.setText(user)
        (self.password if self.host.text() and self.user.text() else self.host).setFocus()

    def url(self) -> str:
        return server_url(self.host.text(), self.port.value(), self.dbname.text(), self.user.text())

    def accept(self) -> None:
        """Connects (and upgrades the server's tables when this is a newer program); stays open with
        one Chinese sentence when the server cannot be reached or refuses the login."""
        missing = [
            name
            for name, edit in (("服务器地址", self.host), ("数据库名", self.dbname), ("用户名", self.user))
            if not edit.text().strip()
        ]
        if missing:
            self.error.setText("请填写：" + "、".join(missing))
            return
        from dangjian_desktop.core.db import open_database

        try:
            self.database = open_database(self.url(), password=self.password.text() or None)
        except UserError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        finally:
            if self.database is None:
                self.password.clear()
        self.password.clear()  # not kept in the dialog either
        QSettings().setValue(SETTINGS_KEY, self.url())
        super().accept()
