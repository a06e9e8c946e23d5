"""The 明白卡 tab: for a chosen year, every member on the roster and where their card stands."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import cards
from dangjian_desktop.core.branch import current_branch
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.services import cards as service
from dangjian_desktop.ui.cards.dialogs import ERROR_STYLE, OK_STYLE, CardEditorDialog
from dangjian_desktop.ui.cards.settings_dialog import CardSettingsDialog
from dangjian_desktop.ui.cards.table_model import ALL_STATES, CardsTableModel
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import Progress
from dangjian_desktop.ui.ops import MEMBER_VIEWS, Change, attempt, follow_changes, read, write
from dangjian_desktop.ui.printing import offer_print
from dangjian_desktop.ui.widgets import ask


class CardsTab(QWidget):
    title = "明白卡"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cards_tab")
        self.ctx = ctx
        self.editor: CardEditorDialog | None = None

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.today().year)
        self.year.setSuffix(" 年度")
        self.year.valueChanged.connect(lambda _y: self.refresh())
        self.state_filter = QComboBox()
        self.state_filter.addItems([ALL_STATES, *cards.STATES])
        self.state_filter.currentTextChanged.connect(self._filter_changed)
        self.edit_button = QPushButton("新建/编辑明白卡")
        self.copy_button = QPushButton("从上一年复制")
        self.print_button = QPushButton("打印上墙明白卡…")
        self.publicity_button = QPushButton("打印公示名单…")
        self.settings_button = QPushButton("明白卡设置…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.copy_button.clicked.connect(lambda: self.copy_from_last_year(confirm=True))
        self.print_button.clicked.connect(lambda: self.print_wall_cards())
        self.publicity_button.clicked.connect(lambda: self.print_publicity())
        self.settings_button.clicked.connect(self.edit_settings)

        self.model = CardsTableModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.counts = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year)
        bar.addWidget(QLabel("状态："))
        bar.addWidget(self.state_filter)
        bar.addStretch()
        bar.addWidget(self.settings_button)
        # Actions on a row of their own, so the tab fits 1280 px at the largest interface font.
        actions = QHBoxLayout()
        for button in (self.edit_button, self.copy_button):
            actions.addWidget(button)
        actions.addStretch()
        for button in (self.print_button, self.publicity_button):
            actions.addWidget(button)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addLayout(actions)
        box.addWidget(self.summary)
        box.addWidget(self.counts)
        box.addWidget(self.view, 1)
        box.addWidget(self.status)
        follow_changes(self, ctx, MEMBER_VIEWS | Change.CARDS, self.refresh)
        self.refresh()

    # --- data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        year = self.year.value()
        branch = read(self.ctx, current_branch)
        branch_id = branch.id if branch else None
        rows = read(self.ctx, cards.card_states, year, branch_id=branch_id)
        rate = read(self.ctx, cards.completion, year, branch_id=branch_id)
        selected = self.selected_member_id()
        self.model.set_rows(rows)
        if selected is not None:
            self.select_member(selected)
        by_category = "　".join(
            f"{category}：{r.text()}" for category, r in rate.by_category.items() if r.total
        )
        self.summary.setText(
            f"<b>{year}年度承诺完成率：{rate.overall.text()}</b>　（已经支部定的明白卡 {rate.cards} 张）"
            + (f"<br>{by_category}" if by_category else "")
        )
        tally: dict[str, int] = {}
        for r in rows:
            tally[r.state] = tally.get(r.state, 0) + 1
        self.counts.setText(
            f"党员 {len(rows)} 名：" + "，".join(f"{s} {tally[s]}" for s in cards.STATES if tally.get(s))
        )

    def _filter_changed(self, state: str) -> None:
        self.model.set_state_filter(state)

    def selected_member_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.row_at(rows[0].row()).member_id if rows else None

    def select_member(self, member_id: int) -> bool:
        position = self.model.position_of(member_id)
        if position is None:
            return False
        self.view.selectRow(position)
        return True

    def show_status(self, text: str, style: str = OK_STYLE) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

    # --- actions ---------------------------------------------------------------------------------
    def edit_selected(self) -> CardEditorDialog | None:
        member_id = self.selected_member_id()
        if member_id is None:
            self.show_status("请先在表中选中一名党员", ERROR_STYLE)
            return None
        return self.open_card(member_id)

    def open_card(self, member_id: int) -> CardEditorDialog | None:
        """Opens the member's card of the chosen year, making a prefilled draft if there is none."""
        year = self.year.value()
        opened = write(
            self.ctx,
            self,
            lambda db: service.open_card(db, member_id, year),
            Change.CARDS,
            on_error=lambda message: self.show_status(message, ERROR_STYLE),
        )
        if opened is None:
            return None
        card_id, created = opened
        if created:
            self.select_member(member_id)
        self.editor = CardEditorDialog(self.ctx, card_id, self)
        self.editor.open()  # window-modal, does not block: the tab keeps refreshing behind it
        return self.editor

    def copy_from_last_year(self, *, confirm: bool = True) -> cards.CopyResult | None:
        year = self.year.value()
        if confirm:
            answer = QMessageBox.question(
                self,
                "从上一年复制",
                f"把{year - 1}年度的明白卡（岗位和条款）复制为{year}年度的草稿？\n"
                f"四个步骤和完成情况不复制；已有{year}年度明白卡的党员不受影响。",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        result = write(
            self.ctx,
            self,
            lambda db: service.copy_year(db, year),
            Change.CARDS,
            on_error=lambda message: self.show_status(message, ERROR_STYLE),
        )
        if result is None:
            return None
        self.show_status(
            f"已从{year - 1}年度复制 {result.copied} 张明白卡（草稿）"
            + (f"；{result.already_had} 名党员已有本年度明白卡，未改动" if result.already_had else "")
            + (f"；{result.left_roster} 名已不在册，未复制" if result.left_roster else "")
        )
        return result

    def crowded_cards(self) -> list[str]:
        """With two cards to a page: the members whose card does not fit half a page at 12 pt."""
        from dangjian_desktop.documents.cards import cards_needing_full_page

        year = self.year.value()
        if read(self.ctx, cards.cards_per_page) != 2:
            return []
        return read(self.ctx, cards_needing_full_page, year)

    def ask_crowded(self, names: list[str]) -> int | None:
        """Names the cards that run over half a page before two-to-a-page printing; returns the cards per
        page chosen (2 as set, or 1), or None to cancel."""
        choices = [
            ("照常每页两张", QMessageBox.ButtonRole.AcceptRole),
            ("这次每页一张", QMessageBox.ButtonRole.AcceptRole),
            ("取消", QMessageBox.ButtonRole.RejectRole),
        ]
        chosen = ask(
            self,
            "打印上墙明白卡",
            f"以下 {len(names)} 张明白卡半页放不下，每页两张时将续印到下一半页：",
            choices,
            icon=QMessageBox.Icon.Warning,
            detail="、".join(names) + "\n\n可以照常每页两张打印，也可以这次改为每页一张。",
        )
        return {0: 2, 1: 1}.get(chosen)

    def print_wall_cards(self, path: Path | None = None) -> None:
        """All posted cards of the year, off the GUI thread; with two to a page, the cards that do not
        fit half a page are named first (the CLI prints the same list)."""
        year = self.year.value()
        db, today = self.ctx.db, self.ctx.today()
        crowded = self.crowded_cards()
        per_page = self.ask_crowded(crowded) if crowded else None
        if crowded and per_page is None:
            self.show_status("已取消打印")
            return
        note = ""
        if crowded and per_page == 2:
            note = f"；{len(crowded)} 张续印到下一半页：{'、'.join(crowded)}"

        def job(progress: Progress, path: Path | None = path) -> Path:
            from dangjian_desktop.documents.cards import wall_cards_pdf
            from dangjian_desktop.documents.common import on

            made = on(
                db, lambda s: wall_cards_pdf(s, year, today, path, per_page=per_page, progress=progress)
            )
            if made is None:
                raise UserError(f"{year}年度还没有已上墙的明白卡，无可打印")
            return made

        if path is None:  # 打印 from the button: preview, printer or PDF
            offer_print(self, self.ctx, f"{year}年度明白卡", lambda out: job(lambda *_: None, out))
            return
        self._run_print(job, note)

    def print_publicity(self, path: Path | None = None) -> None:
        year = self.year.value()
        db, today = self.ctx.db, self.ctx.today()

        def job(_progress: Progress, path: Path | None = path) -> Path:
            from dangjian_desktop.documents.cards import publicity_pdf
            from dangjian_desktop.documents.common import on

            return on(db, lambda s: publicity_pdf(s, year, today, path))

        if path is None:  # 打印 from the button: preview, printer or PDF
            offer_print(self, self.ctx, f"{year}年度明白卡公示", lambda out: job(lambda *_: None, out))
            return
        self._run_print(job)

    def _run_print(self, job, note: str = "") -> None:  # noqa: ANN001 - a job function for JobRunner
        self.print_button.setEnabled(False)
        self.publicity_button.setEnabled(False)
        self.show_status("正在生成 PDF……")

        def done(path: Path) -> None:
            self._print_finished()
            self.show_status(f"已生成 {path}{note}")

        def failed(message: str) -> None:
            self._print_finished()
            self.show_status(message, ERROR_STYLE)

        def progress(n: int, total: int) -> None:
            self.show_status(f"正在生成 PDF……{n}/{total}")

        self.ctx.jobs.run(job, done, failed, progress)

    def _print_finished(self) -> None:
        self.print_button.setEnabled(True)
        self.publicity_button.setEnabled(True)

    def edit_settings(self) -> None:
        current = read(self.ctx, cards.card_settings)
        dialog = CardSettingsDialog(current, self)
        if dialog.exec() != CardSettingsDialog.DialogCode.Accepted:
            return
        self.save_settings(dialog.value())

    def save_settings(self, value: cards.CardSettings) -> bool:
        if not attempt(
            self.ctx,
            self,
            lambda db: service.save_settings(db, value),
            Change.SETTINGS,
            on_error=lambda message: self.show_status(message, ERROR_STYLE),
        ):
            return False
        self.show_status("明白卡设置已保存；已有的明白卡不受影响")
        return True
