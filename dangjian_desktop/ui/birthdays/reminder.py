"""The opening reminder: today's and the coming days' political birthdays, milestones, the 50-year medal.

`ReminderBanner` sits at the top of the 政治生日 tab; `ReminderDialog` is what the window shows on
start (through `open_reminder()`), non-modal, so it never blocks the work.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core.birthdays import BirthdayRow, Reminder, branch_reminder
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.ops import read

# Names listed in a reminder line; the others are counted. A township-size roster has thousands of
# birthdays a month: a wall of names is not read, and laying it out froze the window for seconds.
NAMES_SHOWN = 30


def _some(parts: list[str], total: int) -> str:
    listed = "、".join(parts[:NAMES_SHOWN])
    return listed if total <= NAMES_SHOWN else f"{listed}等 {total} 人（全部见“政治生日”页）"


def _who(rows: list[BirthdayRow], *, with_date: bool) -> str:
    parts = []
    for r in rows[:NAMES_SHOWN]:
        text = escape(r.name)
        details = []
        if with_date:
            details.append(f"{r.date.month}月{r.date.day}日")
        details.append(f"入党{r.years}周年" if r.milestone else f"第{r.years}个")
        text += f"（{'，'.join(details)}）"
        parts.append(f"<b>{text}</b>" if r.milestone else text)
    return _some(parts, len(rows))


def reminder_lines(r: Reminder) -> list[str]:
    """The reminder as a few lines of rich text; the same words in the banner and the dialog."""
    lines = []
    if r.today_rows:
        lines.append(
            f"今天（{r.today.month}月{r.today.day}日）过政治生日：{_who(r.today_rows, with_date=False)}"
        )
    else:
        lines.append(f"今天（{r.today.month}月{r.today.day}日）没有党员过政治生日。")
    if r.upcoming:
        lines.append(f"未来{r.days}天内 {len(r.upcoming)} 人：{_who(r.upcoming, with_date=True)}")
    else:
        lines.append(f"未来{r.days}天内没有党员过政治生日。")
    if r.milestones:
        milestones = r.milestones
        names = _some(
            [f"{escape(m.name)}（{m.years}周年）" for m in milestones[:NAMES_SHOWN]], len(milestones)
        )
        lines.append(f"<span style='color:#C8102E'>逢十周年纪念：{names}</span>")
    if r.medal:
        years = sorted({m.year for m in r.medal})
        span = "、".join(f"{y}年" for y in years)
        names = _some(
            [
                f"{escape(m.name)}（{m.reach_date.year}年{m.reach_date.month}月）"
                for m in r.medal[:NAMES_SHOWN]
            ],
            len(r.medal),
        )
        lines.append(
            f"<span style='color:#C8102E'>光荣在党50年（党龄从转正日期算，{span}满50年）：{names}。"
            "请在七一前申报纪念章。</span>"
        )
    if r.missing_dates:
        lines.append(f"另有 {len(r.missing_dates)} 名党员缺入党日期，无法提醒，请在花名册中补全。")
    return lines


def load_reminder(ctx: AppContext) -> Reminder:
    return read(ctx, branch_reminder, ctx.today())


class ReminderBanner(QFrame):
    """A coloured strip at the top of the tab, always up to date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("birthdayBanner")
        self.setStyleSheet(
            "#birthdayBanner { background: #FFF4E5; border: 1px solid #F0C36D; border-radius: 4px; }"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)

    def set_reminder(self, r: Reminder) -> None:
        self.label.setText("<br>".join(reminder_lines(r)))

    def text(self) -> str:
        return self.label.text()


class ReminderDialog(QDialog):
    show_tab_requested = Signal()

    def __init__(self, r: Reminder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("政治生日提醒")
        self.reminder = r
        title = QLabel("政治生日提醒")
        title.setStyleSheet("font-size: 16pt; font-weight: bold; color: #C8102E;")
        self.body = QLabel("<br><br>".join(reminder_lines(r)))
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setMinimumWidth(480)
        buttons = QDialogButtonBox()
        self.open_tab = QPushButton("查看政治生日")
        buttons.addButton(self.open_tab, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("知道了", QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(True)
        self.open_tab.clicked.connect(self._open_tab)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.body)
        layout.addWidget(buttons)

    def _open_tab(self) -> None:
        self.show_tab_requested.emit()
        self.accept()

    def text(self) -> str:
        return self.body.text()


def open_reminder(ctx: AppContext, parent: QWidget | None = None) -> ReminderDialog | None:
    """Shows the reminder dialog (non-modal) when there is something to remind of; returns it."""
    r = load_reminder(ctx)
    if r.is_empty:
        return None
    dialog = ReminderDialog(r, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # Seen, but not in the way: the window keeps the keyboard, so the secretary can go on working.
    dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    dialog.show()
    return dialog
