"""删除误录 in the window: confirm, back up and delete; or, when records exist, say which and offer
离开名册 (转出、去世…) instead, which keeps them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.roster_delete import HasRecords, check_deletable, delete_mistaken_entry
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.ops import read


def ask_delete_mistaken(
    parent: QWidget, ctx: AppContext, member_id: int, offer_leave: Callable[[], None]
) -> bool:
    """True when the member was deleted. `offer_leave` opens the 离开名册 dialog for the same member."""
    try:
        name = read(ctx, check_deletable, member_id)
    except HasRecords as exc:
        box = QMessageBox(QMessageBox.Icon.Information, "不能删除", str(exc), parent=parent)
        leave = box.addButton("办理离开名册…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is leave:
            offer_leave()
        return False
    except UserError as exc:
        QMessageBox.warning(parent, "不能删除", str(exc))
        return False
    answer = QMessageBox.question(
        parent,
        "删除误录",
        f"“{name}”是录入错误、根本不是本支部党员吗？\n\n"
        "确认后，程序先自动备份，再把此人从数据库中彻底删除（不会出现在花名册和报送乡镇的数据包里）。"
        "如果删错了，可以用“文件 → 从备份恢复”找回。\n\n"
        "如果此人是转走、去世等情况，请点“否”，改用“离开名册”办理。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        deleted = delete_mistaken_entry(ctx.db, member_id)
    except UserError as exc:
        QMessageBox.warning(parent, "不能删除", str(exc))
        return False
    QMessageBox.information(
        parent, "已删除", f"已删除误录的“{deleted.name}”。删除前的备份：\n{deleted.backup}"
    )
    return True
