"""导出报送数据包: choose the stick, export off the GUI thread, then say plainly when the stick may be
pulled out. The dialog shows the village's key fingerprint (the township clerk reads the same digits
when enrolling) and how the package is protected: encrypted to the township once its public key was
imported, otherwise in clear unless the secretary chooses a passphrase, and it says so plainly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
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

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import import_township_key_file, key_state
from dangjian_desktop.documents.package import package_documents
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.ops import read
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.widgets import scrolling

CLEAR_WARNING = (
    "尚未导入乡镇公钥：U盘上的数据包是明文，丢失U盘会泄露全部党员的身份证号、电话和住址。"
    "请向乡镇要“乡镇公钥”文件并导入；在此之前请勾选口令加密。"
)


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
        self.fingerprint = QLabel()
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.fingerprint.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)  # twenty digits read aloud on the phone
        font.setBold(True)
        self.fingerprint.setFont(font)
        self.protection = QLabel()
        self.protection.setWordWrap(True)
        self.import_button = QPushButton("导入乡镇公钥…")
        self.import_button.clicked.connect(self._import_key)
        self.form_button = QPushButton("打印报送登记表…")
        self.form_button.clicked.connect(self._print_form)
        self.encrypt = QCheckBox("用口令加密（口令需与乡镇事先约定）")
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
        # room for the longest message (the file's name and "可以安全拔出U盘") so nothing jumps or is cut
        self.status.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("导出", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form = self.form = QFormLayout()
        form.addRow("保存到", row)
        form.addRow("本村密钥指纹", self.fingerprint)
        form.addRow(self.protection)
        keys_row = QHBoxLayout()
        keys_row.addWidget(self.import_button)
        keys_row.addWidget(self.form_button)
        keys_row.addStretch()
        form.addRow(keys_row)
        form.addRow(self.encrypt)
        form.addRow("口令", self.passphrase)
        form.addRow("再输一遍", self.passphrase_again)
        form.addRow(self.progress)
        form.addRow(self.status)
        # at the largest font on a small screen the form scrolls; 导出 and 关闭 stay in view below it
        self.setLayout(scrolling(form, self.buttons))
        self.written: Path | None = None
        self.show_keys()
        fit_to_screen(self, 640, 560)

    def show_keys(self) -> None:
        state = read(self.ctx, key_state)
        self.fingerprint.setText(state.signing or "（无）")
        self.to_township = bool(state.township)
        if state.township:
            who = state.township_name or "乡镇"
            self.protection.setText(f"数据包将加密给{who}（乡镇公钥指纹 {state.township}），只有乡镇能打开。")
            self.encrypt.setChecked(False)
        else:
            self.protection.setText(CLEAR_WARNING)
        for widget in (self.encrypt, self.passphrase, self.passphrase_again):
            self.form.setRowVisible(widget, not state.township)

    def _print_form(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "保存报送登记表", "报送登记表.pdf", "PDF (*.pdf)")
        if name:
            self.print_form(Path(name))

    def print_form(self, out: Path) -> None:
        """报送登记表 with the fingerprint, to sign and hand to the township with the first package."""
        from dangjian_desktop.documents.registration import registration_pdf

        try:
            read(self.ctx, registration_pdf, out, self.ctx.today())
        except (UserError, OSError) as exc:
            self.status.setText(f"无法生成报送登记表：{exc}")
            return
        self.status.setText(f"已生成报送登记表：{out}，请打印后签字交乡镇")

    def _import_key(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "选择乡镇公钥文件", "", "乡镇公钥 (*.djkey);;所有文件 (*)"
        )
        if name:
            self.import_key(Path(name))

    def import_key(self, path: Path) -> None:
        try:
            shown = import_township_key_file(self.ctx.db, path)
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self.show_keys()
        self.status.setText(f"已导入乡镇公钥，指纹 {shown}，请与乡镇核对。")

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
        if self.encrypt.isChecked() and not self.to_township:
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
