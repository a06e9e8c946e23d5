"""导出报送数据包: choose the stick, optionally a passphrase, export off the GUI thread, then say
plainly when the stick may be pulled out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.documents.package import package_documents
from dangjian_desktop.ui.context import AppContext


class ExportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("导出报送乡镇的数据包")
        self.setMinimumWidth(520)
        self.folder = QLineEdit(placeholderText="选择U盘或文件夹")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.encrypt = QCheckBox("加密（口令需与乡镇事先约定）")
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase_again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        for edit in (self.passphrase, self.passphrase_again):
            edit.setEnabled(False)
            self.encrypt.toggled.connect(edit.setEnabled)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel("数据包含全部党员信息（含完整身份证号和电话），只交乡镇党委，请妥善保管U盘。")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("导出", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("保存到", row)
        form.addRow(self.encrypt)
        form.addRow("口令", self.passphrase)
        form.addRow("再输一遍", self.passphrase_again)
        form.addRow(self.progress)
        form.addRow(self.status)
        form.addRow(self.buttons)
        self.written: Path | None = None

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择U盘或文件夹")
        if folder:
            self.folder.setText(folder)

    def start(self) -> None:
        folder = Path(self.folder.text().strip()) if self.folder.text().strip() else None
        if folder is None or not folder.is_dir():
            self.status.setText("请选择一个存在的文件夹（U盘是否已插好？）")
            return
        passphrase = None
        if self.encrypt.isChecked():
            passphrase = self.passphrase.text()
            if len(passphrase) < 6:
                self.status.setText("口令至少 6 个字符")
                return
            if passphrase != self.passphrase_again.text():
                self.status.setText("两次输入的口令不一致")
                return
        self.export_button.setEnabled(False)
        self.progress.show()
        self.status.setText("正在导出并校验，请不要拔出U盘……")
        db = self.ctx.db
        self.ctx.jobs.run(
            lambda _p: export_package(db, folder, passphrase=passphrase, attachments=package_documents()),
            self._done,
            self._failed,
        )

    def _done(self, path: Path) -> None:
        self.written = path
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.status.setText(f"已导出并校验无误：{path.name}\n现在可以安全拔出U盘。")

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.status.setText(f"导出失败：{message}")
