"""The card editor (clauses, the four steps, done marks, year-end review); the 明白卡 settings are in
ui/cards/settings_dialog.py.

Each button is one service call in one transaction; the dialog then reloads the card from the database,
so what it shows is always what is stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import cards
from dangjian_desktop.core.cards import Card, Clause
from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import ResponsibilityCard
from dangjian_desktop.core.services import cards as service
from dangjian_desktop.core.versions import version_of
from dangjian_desktop.ui.cards.room import OK_STYLE, WARN_STYLE, room_text
from dangjian_desktop.ui.cards.step_row import StepRow, date_edit, lines_of
from dangjian_desktop.ui.cards.table_model import ClauseTableModel
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.editing import DraftKeeper, may_leave
from dangjian_desktop.ui.ops import Change, WriteOp, read
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.widgets import edited_date, qdate, scrolling

ERROR_STYLE = "color: #c0392b;"


class CardEditorDialog(QDialog):
    """One member's card of one year."""

    changed = Signal()

    def __init__(self, ctx: AppContext, card_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.card_id = card_id
        # the card's version when opened, read again after each of this dialog's own saves
        self.version = read(ctx, version_of, ResponsibilityCard, card_id)
        self.card: Card | None = None
        today = ctx.today()

        self.header = QLabel()
        self.header.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.state_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() + 4)  # no jump when it speaks
        # how much the printed wall card still takes, while typing (its type never shrinks below 14 pt);
        # pinned under the pages with the message, so it stays in sight whichever box is being typed in
        self.room_label = QLabel()
        self.room_label.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._clauses_page(), "条款")
        self.tabs.addTab(self._steps_page(today), "四步程序与上墙")
        self.tabs.addTab(self._done_page(today), "践诺")
        self.tabs.addTab(self._review_page(), "年终评诺")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.header)
        top.addStretch()
        top.addWidget(self.state_label)
        body = QVBoxLayout()
        body.addLayout(top)
        body.addWidget(self.tabs, 1)
        # The pages scroll on a small screen; the message and 关闭 stay in sight below them.
        self.tabs.currentChanged.connect(lambda index: self.room_label.setVisible(index == 0))
        self.setLayout(scrolling(body, self.room_label, self.message, buttons))
        self.reload()
        self.drafts = DraftKeeper(self, ctx.db.path, f"card-{card_id}", self.text_snapshot)
        self.drafts.set_baseline(self._stored_texts)
        fit_to_screen(self, 860, 640)

    # --- nothing typed is lost -------------------------------------------------------------------
    def text_snapshot(self) -> dict[str, object]:
        """The clauses and the review note as typed (the rest is written at once by its button)."""
        return {
            "post": self.post.currentText(),
            "texts": {category: edit.toPlainText() for category, edit in self.texts.items()},
            "review_note": self.review_note.toPlainText(),
        }

    def restore_texts(self, values: dict[str, object]) -> None:
        self.post.setCurrentText(str(values.get("post", "")))
        texts = values.get("texts", {})
        if isinstance(texts, dict):
            for category, edit in self.texts.items():
                edit.setPlainText(str(texts.get(category, edit.toPlainText())))
        self.review_note.setPlainText(str(values.get("review_note", "")))

    def offer_draft(self) -> bool:
        return self.drafts.offer(self, "这张明白卡", self.restore_texts)

    def is_dirty(self) -> bool:
        return self.text_snapshot() != self._stored_texts

    def reject(self) -> None:
        """关闭, Esc and the close button ask before typed clauses are thrown away."""
        if may_leave(self, "明白卡的条款或评诺意见", self.is_dirty(), self._save_texts):
            self.drafts.discard()
            self.drafts.timer.stop()
            super().reject()

    def _save_texts(self) -> bool:
        stored = self.text_snapshot()
        clauses_changed = (
            stored["post"] != self._stored_texts["post"] or stored["texts"] != self._stored_texts["texts"]
        )
        if clauses_changed and not self.save_clauses():
            return False
        if stored["review_note"] != self._stored_texts["review_note"]:
            return self.save_review()
        return True

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if not getattr(self, "_offered", False):
            self._offered = True
            QTimer.singleShot(0, self.offer_draft)

    # --- pages -----------------------------------------------------------------------------------
    def _clauses_page(self) -> QWidget:
        page = QWidget()
        self.post = QComboBox()
        self.post.setEditable(True)
        self.fill_duty = QPushButton("填入该岗位的常用职责")
        self.fill_duty.clicked.connect(self._fill_duty)
        self.texts: dict[str, QPlainTextEdit] = {}
        self.commitment_hint = QLabel()
        post_row = QHBoxLayout()
        post_row.addWidget(QLabel("设岗定责的岗位："))
        post_row.addWidget(self.post, 1)
        post_row.addWidget(self.fill_duty)
        grid = QGridLayout()
        for n, category in enumerate(cards.CATEGORIES):
            edit = QPlainTextEdit()
            edit.setPlaceholderText("每行一条")
            edit.setTabChangesFocus(True)
            self.texts[category] = edit
            # "每行一条" is the placeholder: in the title it made the grid wider than the screen at 18 pt
            group = QGroupBox(f"{'一二三四'[n]}、{category}")
            inner = QVBoxLayout(group)
            inner.addWidget(edit)
            if category == cards.COMMITMENT:
                inner.addWidget(self.commitment_hint)
                edit.textChanged.connect(self._update_commitment_hint)
            edit.textChanged.connect(self._update_room)
            grid.addWidget(group, n // 2, n % 2)
        self.post.currentTextChanged.connect(lambda _text: self._update_room())
        self.save_clauses_button = QPushButton("保存条款")
        self.save_clauses_button.clicked.connect(self.save_clauses)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.save_clauses_button)
        box = QVBoxLayout(page)
        box.addLayout(post_row)
        box.addLayout(grid, 1)
        box.addLayout(row)
        return page

    def _steps_page(self, today: dt.date) -> QWidget:
        page = QWidget()
        grid = QGridLayout()
        for col, title in enumerate(("步骤", "状态", "日期", "说明", "")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        self.steps: dict[str, StepRow] = {}
        for n, step in enumerate(cards.STEPS, start=1):
            row = StepRow(step, today)
            self.steps[step] = row
            grid.addWidget(QLabel(f"{n}. {step}"), n * 2 - 1, 0)
            grid.addWidget(row.state, n * 2 - 1, 1)
            grid.addWidget(row.date, n * 2 - 1, 2)
            grid.addWidget(row.note, n * 2 - 1, 3)
            buttons = QHBoxLayout()
            buttons.addWidget(row.record)
            buttons.addWidget(row.clear)
            grid.addLayout(buttons, n * 2 - 1, 4)
            if row.meeting is not None:
                grid.addWidget(QLabel("讨论的会议："), n * 2, 2, alignment=Qt.AlignmentFlag.AlignRight)
                grid.addWidget(row.meeting, n * 2, 3)
            row.record.clicked.connect(lambda _=False, s=step: self.record_step(s))
            row.clear.clicked.connect(lambda _=False, s=step: self.clear_step(s))
        grid.setColumnStretch(3, 1)

        self.posted_state = QLabel()
        self.posted_state.setMinimumWidth(
            self.posted_state.fontMetrics().horizontalAdvance("已于 2026年12月30日 上墙") + 8
        )
        self.posted_date = date_edit(today)
        self.post_button = QPushButton("上墙")
        self.unpost_button = QPushButton("撤下")
        self.post_button.clicked.connect(self.post_card)
        self.unpost_button.clicked.connect(self.unpost_card)
        wall = QGroupBox("上墙（经“支部定”后张贴，接受群众监督）")
        wall_row = QHBoxLayout(wall)
        wall_row.addWidget(self.posted_state)
        wall_row.addStretch()
        wall_row.addWidget(QLabel("上墙日期："))
        wall_row.addWidget(self.posted_date)
        wall_row.addWidget(self.post_button)
        wall_row.addWidget(self.unpost_button)

        intro = QLabel(
            "明白卡依次经过个人报、党员议、群众评、支部定四个步骤，每一步记下日期和说明；前一步没记录，后一步不能记录。"
        )
        intro.setWordWrap(True)
        box = QVBoxLayout(page)
        box.addWidget(intro)
        box.addLayout(grid)
        box.addWidget(wall)
        box.addStretch()
        return page

    def _done_page(self, today: dt.date) -> QWidget:
        page = QWidget()
        self.clause_model = ClauseTableModel()
        self.clause_view = QTableView()
        self.clause_view.setModel(self.clause_model)
        self.clause_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.clause_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.clause_view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.clause_view.verticalHeader().setVisible(False)
        self.clause_view.setWordWrap(False)  # one line per clause; the whole text is in the tooltip
        self.done_date = date_edit(today)
        self.done_note = QLineEdit(placeholderText="如：已帮助2户销售脐橙3000斤；或未完成的原因")
        self.mark_done_button = QPushButton("标记为已完成")
        self.mark_undone_button = QPushButton("标记为未完成")
        self.mark_done_button.clicked.connect(lambda: self.mark_selected(True))
        self.mark_undone_button.clicked.connect(lambda: self.mark_selected(False))
        self.card_rate = QLabel()
        form = QHBoxLayout()
        form.addWidget(QLabel("完成日期："))
        form.addWidget(self.done_date)
        form.addWidget(QLabel("说明："))
        form.addWidget(self.done_note, 1)
        form.addWidget(self.mark_done_button)
        form.addWidget(self.mark_undone_button)
        box = QVBoxLayout(page)
        box.addWidget(self.clause_view, 1)
        box.addLayout(form)
        box.addWidget(self.card_rate)
        return page

    def _review_page(self) -> QWidget:
        page = QWidget()
        self.review_result = QComboBox()
        self.review_result.addItems(["（未评）", *cards.YEAR_END_RESULTS])
        self.review_note = QPlainTextEdit()
        self.review_note.setPlaceholderText("评诺意见：承诺兑现情况、群众评价……")
        self.review_rate = QLabel()
        self.review_button = QPushButton("保存评诺结果")
        self.review_button.clicked.connect(self.save_review)
        form = QFormLayout(page)
        form.addRow("本卡完成情况：", self.review_rate)
        form.addRow("评诺结果：", self.review_result)
        form.addRow("评诺意见：", self.review_note)
        form.addRow("", self.review_button)
        return page

    # --- data in ---------------------------------------------------------------------------------
    def reload(self) -> None:
        card = read(self.ctx, cards.get_card, self.card_id)
        posts = read(self.ctx, cards.post_choices)
        meetings = read(self.ctx, cards.meeting_choices, card.year)
        self.card = card
        self.per_page = read(self.ctx, cards.cards_per_page)
        self.setWindowTitle(f"{card.member_name} {card.year}年度明白卡")
        self.header.setText(f"{card.member_name}　{card.year}年度党员目标责任明白卡")
        self.state_label.setText(f"状态：{card.state}")

        self.post.clear()
        self.post.addItems(posts)
        self.post.setCurrentText(card.post)
        for category, edit in self.texts.items():
            edit.setPlainText("\n".join(c.text for c in card.clauses_in(category)))
        self._update_commitment_hint()
        self._update_room()

        today = self.ctx.today()
        for step, row in self.steps.items():
            info = card.step(step)
            row.state.setText(f"已记录 {format_cn(info.date)}" if info.date else "未记录")
            row.state.setStyleSheet(OK_STYLE if info.date else "color: #999999;")
            row.date.setDate(qdate(info.date or today))
            row.note.setText(info.note)
            later = cards.STEPS[cards.STEPS.index(step) + 1 :]
            # only the last recorded step can be undone, and none once the card is on the wall
            row.clear.setEnabled(
                info.date is not None
                and card.posted_date is None
                and not any(card.step(x).date for x in later)
            )
            if row.meeting is not None:
                row.meeting.clear()
                row.meeting.addItem("（不关联会议记录）", None)
                for m in meetings:
                    row.meeting.addItem(m.label(), m.id)
                found = row.meeting.findData(card.discussed_meeting_id)
                row.meeting.setCurrentIndex(max(found, 0))
        decided = card.step("支部定").date
        self.posted_state.setText(
            f"已于 {format_cn(card.posted_date)} 上墙" if card.posted_date else "未上墙"
        )
        self.posted_date.setDate(qdate(card.posted_date or today))
        self.post_button.setEnabled(decided is not None and card.posted_date is None)
        self.unpost_button.setEnabled(card.posted_date is not None)

        self.clause_model.set_rows(list(card.clauses))
        rate = cards.completion_of([card], card.year).overall
        self.card_rate.setText(f"本卡完成率：{rate.text()}")
        self.review_rate.setText(rate.text())
        self.review_result.setCurrentIndex(
            cards.YEAR_END_RESULTS.index(card.year_end_result) + 1 if card.year_end_result else 0
        )
        self.review_note.setPlainText(card.year_end_note)
        self._stored_texts = self.text_snapshot()
        if hasattr(self, "drafts"):
            self.drafts.set_baseline(self._stored_texts)

    def typed_card(self) -> Card | None:
        """The card as the clauses are typed now (not yet saved): what the wall card would print."""
        if self.card is None:
            return None
        clauses = tuple(
            Clause(0, category, position, text, False, None, "")
            for category, edit in self.texts.items()
            for position, text in enumerate(lines_of(edit))
        )
        return dataclasses.replace(self.card, post=self.post.currentText().strip(), clauses=clauses)

    def _update_room(self) -> None:
        card = self.typed_card()
        if card is not None:
            text, style = room_text(card, self.per_page)
            self.room_label.setText(text)
            self.room_label.setStyleSheet(style)

    def _update_commitment_hint(self) -> None:
        count = len(lines_of(self.texts[cards.COMMITMENT]))
        warning = cards.commitment_warning(count)
        self.commitment_hint.setText(warning or f"共{count}条（应为2至5条）")
        self.commitment_hint.setStyleSheet(WARN_STYLE if warning else OK_STYLE)

    def _fill_duty(self) -> None:
        duty = cards.POST_DUTIES.get(self.post.currentText().strip())
        edit = self.texts[cards.POST_DUTY]
        if duty and duty not in lines_of(edit):
            edit.setPlainText("\n".join([*lines_of(edit), duty]))

    # --- actions: each one service call in one transaction --------------------------------------
    def _write(self, action: Callable[[Database], list[str] | None], done: str) -> bool:
        """One service call (core/services/cards.py) through ui/ops.py; the tab follows the change."""
        outcome = (
            WriteOp(self.ctx, self, action, Change.CARDS)
            .failure(lambda message: self.show_message(message, ERROR_STYLE))
            .reload(self._reload_from_database)
        )
        warnings = outcome.run() or []
        if not outcome.ok:
            return False
        self.version = read(self.ctx, version_of, ResponsibilityCard, self.card_id)
        self.reload()
        self.changed.emit()
        if warnings:
            self.show_message(f"{done}。请注意：" + "；".join(warnings), WARN_STYLE)
        else:
            self.show_message(done, OK_STYLE)
        return True

    def _reload_from_database(self) -> None:
        """重新载入 after another clerk saved this card: their version, shown and remembered."""
        self.version = read(self.ctx, version_of, ResponsibilityCard, self.card_id)
        self.reload()

    def show_message(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    def save_clauses(self) -> bool:
        texts = {category: lines_of(edit) for category, edit in self.texts.items()}
        post = self.post.currentText()
        return self._write(
            lambda db: service.save_clauses(db, self.card_id, post, texts, version=self.version), "条款已保存"
        )

    def record_step(self, step: str) -> bool:
        row = self.steps[step]
        day, note = edited_date(row.date), row.note.text()
        meeting_id = row.meeting.currentData() if row.meeting is not None else None
        today = self.ctx.today()

        def action(db: Database) -> None:
            service.record_step(db, self.card_id, step, day, note, meeting_id=meeting_id, today=today)

        return self._write(action, f"已记录“{step}”：{format_cn(day)}")

    def clear_step(self, step: str) -> bool:
        return self._write(lambda db: service.clear_step(db, self.card_id, step), f"已撤销“{step}”")

    def post_card(self) -> bool:
        day, today = edited_date(self.posted_date), self.ctx.today()
        return self._write(
            lambda db: service.post_card(db, self.card_id, day, today=today), f"已上墙：{format_cn(day)}"
        )

    def unpost_card(self) -> bool:
        return self._write(lambda db: service.unpost_card(db, self.card_id), "已撤下")

    def select_clause(self, position: int) -> None:
        self.clause_view.selectRow(position)

    def mark_selected(self, done: bool) -> bool:
        rows = sorted({i.row() for i in self.clause_view.selectionModel().selectedRows()})
        if not rows:
            self.show_message("请先在上表中选中要标记的条款（可多选）", ERROR_STYLE)
            return False
        ids = [self.clause_model.clause_at(r).id for r in rows]
        day, note, today = edited_date(self.done_date), self.done_note.text(), self.ctx.today()

        def action(db: Database) -> None:
            service.mark_clauses(db, ids, done, day, note, today=today)

        ok = self._write(action, f"已将{len(ids)}条标记为{'已完成' if done else '未完成'}")
        if ok:
            self.done_note.clear()
        return ok

    def save_review(self) -> bool:
        index = self.review_result.currentIndex()
        result = cards.YEAR_END_RESULTS[index - 1] if index > 0 else ""
        note = self.review_note.toPlainText()
        return self._write(
            lambda db: service.set_year_end(db, self.card_id, result, note), f"年终评诺：{result or '已清除'}"
        )
