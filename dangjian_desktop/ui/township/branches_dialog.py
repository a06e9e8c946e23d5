"""登记与合并记录: each branch with its key fingerprint and merge history; the clerk's corrections
(roll one branch back to an earlier merge, remove a branch, 重新登记 with a new laptop's package),
each after a confirmation. The services take a backup first and touch only that branch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.branches import (
    list_branches,
    reenroll_branch,
    remove_branch,
    rollback_branch,
)
from dangjian_desktop.core.exchange.merge import open_package
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.ops import read

UID_ROLE = int(Qt.ItemDataRole.UserRole)
NUMBER_ROLE = UID_ROLE + 1


class BranchesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("党支部登记与合并记录")
        self.resize(760, 480)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["党支部 / 记录", "密钥指纹", "数据包编号", "时间", "党员"])
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.rollback_button = QPushButton("回退到所选的合并")
        self.remove_button = QPushButton("删除所选党支部")
        self.reenroll_button = QPushButton("重新登记…")
        self.rollback_button.clicked.connect(self.rollback_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.reenroll_button.clicked.connect(self._choose_reenroll_package)
        self.status = QLabel("每项操作之前都会先备份数据库，只改动所选的党支部。")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        for button in (self.rollback_button, self.remove_button, self.reenroll_button):
            bar.addWidget(button)
        bar.addStretch()
        box = QVBoxLayout(self)
        box.addWidget(self.tree, 1)
        box.addLayout(bar)
        box.addWidget(self.status)
        box.addWidget(buttons)
        self.confirm_box: QMessageBox | None = None
        self.refresh()

    def refresh(self) -> None:
        entries = read(self.ctx, list_branches)
        self.tree.clear()
        for entry in entries:
            top = QTreeWidgetItem(
                [f"{entry.name}（{entry.uid[:8]}）", entry.fingerprint, str(entry.number), "", ""]
            )
            top.setData(0, UID_ROLE, entry.uid)
            for h in reversed(entry.history):
                merged = h.action in ("合并", "回退")
                child = QTreeWidgetItem(
                    [
                        h.action,
                        h.fingerprint if not merged else "",
                        str(h.number) if merged else "",
                        f"{h.at:%Y-%m-%d %H:%M}",
                        str(h.members) if merged else "",
                    ]
                )
                child.setData(0, UID_ROLE, entry.uid)
                child.setData(0, NUMBER_ROLE, h.number if h.action == "合并" else None)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)  # a fingerprint is read aloud: never elided
        self._update_buttons()

    def _selected(self) -> tuple[str | None, int | None]:
        item = self.tree.currentItem()
        if item is None:
            return None, None
        return item.data(0, UID_ROLE), item.data(0, NUMBER_ROLE)

    def _update_buttons(self) -> None:
        uid, number = self._selected()
        self.rollback_button.setEnabled(number is not None)
        self.remove_button.setEnabled(uid is not None)
        self.reenroll_button.setEnabled(uid is not None)

    def _confirm(self, text: str, action: Callable[[], str]) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "请确认", text, parent=self)
        box.ok_button = box.addButton("确认", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)

        def answered() -> None:
            self.confirm_box = None
            if box.clickedButton() is not box.ok_button:
                return
            try:
                self.status.setText(action())
            except UserError as exc:
                self.status.setText(str(exc))
            self.refresh()

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()

    def rollback_selected(self) -> None:
        uid, number = self._selected()
        if uid is None or number is None:
            return
        db = self.ctx.db
        self._confirm(
            f"把这个党支部回退到第 {number} 号数据包合并后的状态？\n先备份，其他党支部不受影响。",
            lambda: rollback_branch(db, uid, number),
        )

    def remove_selected(self) -> None:
        uid, _number = self._selected()
        if uid is None:
            return
        db = self.ctx.db
        self._confirm(
            "删除这个党支部及其全部党员、会议、明白卡和合并记录？\n（例如重复出现的党支部）先备份，其他党支部不受影响。",
            lambda: remove_branch(db, uid),
        )

    def _choose_reenroll_package(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "该村新电脑导出的数据包", "", "党务数据包 (*.djpkg)")
        if name:
            self.reenroll(Path(name))

    def reenroll(self, package: Path) -> None:
        uid, _number = self._selected()
        if uid is None:
            return
        db = self.ctx.db
        try:
            _check, identity = open_package(db, package)
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self._confirm(
            f"重新登记：以后只接受这把新密钥签名的数据包，原来的密钥作废。\n\n"
            f"新的密钥指纹：{identity.fingerprint}\n\n请先与该村书记电话核对这二十位数字。",
            lambda: reenroll_branch(db, uid, package),
        )
