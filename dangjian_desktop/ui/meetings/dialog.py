"""The form for one meeting: it returns a MeetingDraft; the tab hands it to core.meetings to save.

The attendance list follows the roster on the meeting's date and its kind (the whole branch, the 支委 or
one 党小组), so changing either reloads it, keeping the ticks of members who are still expected.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dangjian_desktop.core import meetings as m
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.photos import shrink_photo
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.editing import DraftKeeper, may_leave
from dangjian_desktop.ui.meetings.table_model import AttendanceModel
from dangjian_desktop.ui.ops import read
from dangjian_desktop.ui.screen_fit import fit_to_screen
from dangjian_desktop.ui.widgets import dialog_buttons, qdate, scrolling


class ReasonDelegate(QStyledItemDelegate):
    """病假/事假/公出/外出务工 to pick, or any other reason typed in."""

    def createEditor(self, parent: QWidget, _option: object, _index: object) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(["", *m.ABSENCE_REASONS])
        return combo

    def setEditorData(self, editor: QWidget, index: object) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole) or "")  # type: ignore[attr-defined]

    def setModelData(self, editor: QWidget, model: object, index: object) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]


class MeetingDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        branch_id: int,
        detail: m.MeetingDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.branch_id, self.detail = ctx, branch_id, detail
        self.version: int | None = None  # the record's when opened (core/versions.py), set by the tab
        self.setWindowTitle("修改会议记录" if detail else "新建会议记录")
        self._photos: list[m.PhotoDraft] = []

        self.kind = QComboBox()
        self.kind.addItems(list(m.KINDS))
        self.group = QComboBox()
        self.title_edit = QLineEdit(placeholderText="如：2026年第3次支委会、3月主题党日")
        self.date = QDateEdit(calendarPopup=True)
        self.date.setDisplayFormat("yyyy年M月d日")
        today = ctx.today()
        self.date.setMaximumDate(qdate(today))
        self.date.setDate(qdate(today))
        self.start = QLineEdit(placeholderText="09:00")
        self.end = QLineEdit(placeholderText="11:00")
        self.place = QLineEdit(placeholderText="如：村党群服务中心会议室")
        self.host = QComboBox()
        self.recorder = QComboBox()
        self.observers = QLineEdit(placeholderText="非党员列席人员，如：驻村第一书记 刘洋、村民代表 张三")
        self.counts = QLabel()

        top = QGridLayout()
        top.addWidget(QLabel("会议类型"), 0, 0)
        top.addWidget(self.kind, 0, 1)
        top.addWidget(QLabel("党小组"), 0, 2)
        top.addWidget(self.group, 0, 3)
        top.addWidget(QLabel("会议名称/届次"), 1, 0)
        top.addWidget(self.title_edit, 1, 1, 1, 3)
        top.addWidget(QLabel("日期"), 2, 0)
        top.addWidget(self.date, 2, 1)
        times = QHBoxLayout()
        for edit in (self.start, self.end):
            edit.setMaximumWidth(90)
        times.addWidget(self.start)
        times.addWidget(QLabel("至"))
        times.addWidget(self.end)
        times.addStretch(1)
        top.addWidget(QLabel("时间"), 2, 2)
        top.addLayout(times, 2, 3)
        top.addWidget(QLabel("地点"), 3, 0)
        top.addWidget(self.place, 3, 1, 1, 3)
        top.addWidget(QLabel("主持人"), 4, 0)
        top.addWidget(self.host, 4, 1)
        top.addWidget(QLabel("记录人"), 4, 2)
        top.addWidget(self.recorder, 4, 3)
        top.addWidget(QLabel("列席"), 5, 0)
        top.addWidget(self.observers, 5, 1, 1, 3)

        # attendance
        self.attendance = AttendanceModel()
        self.attendance_view = QTableView()
        self.attendance_view.setModel(self.attendance)
        self.attendance_view.setItemDelegateForColumn(AttendanceModel.REASON, ReasonDelegate(self))
        self.attendance_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.attendance_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.attendance_view.verticalHeader().setDefaultSectionSize(24)
        self.all_present = QPushButton("全部到会")
        self.none_present = QPushButton("全部清除")
        self.all_present.clicked.connect(lambda: self.attendance.set_all_present(True))
        self.none_present.clicked.connect(lambda: self.attendance.set_all_present(False))
        self.attendance.dataChanged.connect(self._update_counts)
        self.attendance.modelReset.connect(self._update_counts)
        attendance_box = QWidget()
        box = QVBoxLayout(attendance_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.counts, 1)
        buttons.addWidget(self.all_present)
        buttons.addWidget(self.none_present)
        box.addLayout(buttons)
        box.addWidget(self.attendance_view)
        box.addWidget(
            QLabel("勾选到会党员；缺席的双击“缺席原因”选择病假、事假、公出、外出务工，或直接输入。")
        )

        # content
        self.topics = QPlainTextEdit(placeholderText="每行一个议题")
        lines = self.fontMetrics().lineSpacing()
        self.topics.setMinimumHeight(lines * 3 + 12)
        self.topics.setMaximumHeight(max(80, lines * 4 + 12))
        self.content = QPlainTextEdit(placeholderText="会议内容、发言要点")
        self.content.setMinimumHeight(lines * 6 + 12)  # the minutes never shrink to a slit: the form scrolls
        self.has_vote = QCheckBox("本次会议进行了表决")
        self.votes = QLineEdit(placeholderText="如：应到有表决权党员 40 人，实到 35 人，举手表决，同意 35 票")
        content_box = QWidget()
        form = QFormLayout(content_box)
        form.addRow("议题", self.topics)
        form.addRow("内容/发言要点", self.content)
        form.addRow("", self.has_vote)
        form.addRow("表决情况", self.votes)

        # resolutions
        self.resolutions = QStandardItemModel(0, 3)
        self.resolutions.setHorizontalHeaderLabels(["决议事项", "责任人", "时限（如 2026-06-30）"])
        self.resolutions_view = QTableView()
        self.resolutions_view.setModel(self.resolutions)
        self.resolutions_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_resolution_button = QPushButton("添加决议")
        self.remove_resolution_button = QPushButton("删除所选决议")
        self.add_resolution_button.clicked.connect(lambda: self.add_resolution("", "", ""))
        self.remove_resolution_button.clicked.connect(self._remove_resolution)
        resolution_box = QWidget()
        rbox = QVBoxLayout(resolution_box)
        rbuttons = QHBoxLayout()
        rbuttons.addStretch(1)
        rbuttons.addWidget(self.add_resolution_button)
        rbuttons.addWidget(self.remove_resolution_button)
        rbox.addLayout(rbuttons)
        rbox.addWidget(self.resolutions_view)

        # photos
        self.photo_list = QListWidget()
        self.photo_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.photo_list.setIconSize(QSize(160, 120))
        self.add_photo_button = QPushButton("添加照片…")
        self.remove_photo_button = QPushButton("删除所选照片")
        self.add_photo_button.clicked.connect(self._choose_photos)
        self.remove_photo_button.clicked.connect(self._remove_photo)
        photo_box = QWidget()
        pbox = QVBoxLayout(photo_box)
        pbuttons = QHBoxLayout()
        pbuttons.addStretch(1)
        pbuttons.addWidget(self.add_photo_button)
        pbuttons.addWidget(self.remove_photo_button)
        pbox.addLayout(pbuttons)
        pbox.addWidget(self.photo_list)

        self.pages = QTabWidget()
        self.pages.addTab(attendance_box, "出席")
        self.pages.addTab(content_box, "议题与内容")
        self.pages.addTab(resolution_box, "决议")
        self.pages.addTab(photo_box, "照片")

        self.error = QLabel()
        self.error.setStyleSheet("color: #c00000;")
        self.error.setWordWrap(True)
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing() + 4)  # room kept: no jump
        self.error.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.buttons = dialog_buttons(self, "保存", save=True)

        header = QGroupBox("基本信息")
        header.setLayout(top)
        body = QVBoxLayout()
        body.addWidget(header)
        body.addWidget(self.pages, 1)
        # The tables keep a usable height when the form scrolls on a small screen.
        self.pages.setMinimumHeight(
            max(self.fontMetrics().lineSpacing() * 12, self.pages.minimumSizeHint().height())
        )
        self.setLayout(scrolling(body, self.error, self.buttons))

        self.warnings_confirmed = False
        if detail is not None:
            self._load(detail)
        else:
            self._reload_roster()
        self.kind.currentTextChanged.connect(self._kind_changed)
        self.group.currentTextChanged.connect(lambda _t: self._reload_roster())
        self.date.dateChanged.connect(lambda _d: self._reload_roster())
        self._kind_changed(self.kind.currentText(), reload=False)
        self._initial = self.draft()
        key = f"meeting-{detail.id}" if detail else f"meeting-new-{branch_id}"
        self.drafts = DraftKeeper(self, ctx.db.path, key, self.text_snapshot)
        self.drafts.set_baseline(self.text_snapshot())
        fit_to_screen(self, 900, 760)

    # --- nothing typed is lost -------------------------------------------------------------------
    def text_snapshot(self) -> dict[str, str]:
        """The long texts a crash must not take: kept as a draft every minute (ui/editing.py)."""
        return {
            "title": self.title_edit.text(),
            "place": self.place.text(),
            "observers": self.observers.text(),
            "topics": self.topics.toPlainText(),
            "content": self.content.toPlainText(),
            "votes": self.votes.text(),
        }

    def restore_texts(self, values: dict[str, str]) -> None:
        self.title_edit.setText(values.get("title", ""))
        self.place.setText(values.get("place", ""))
        self.observers.setText(values.get("observers", ""))
        self.topics.setPlainText(values.get("topics", ""))
        self.content.setPlainText(values.get("content", ""))
        self.votes.setText(values.get("votes", ""))

    def offer_draft(self) -> bool:
        """Called when the dialog opens: a draft left by a crash is offered back."""
        return self.drafts.offer(self, "这份会议记录", self.restore_texts)

    def is_dirty(self) -> bool:
        return self.draft() != self._initial

    def saved(self) -> None:
        """The tab stored the record: the kept draft has done its work."""
        self.drafts.discard()
        self.drafts.timer.stop()

    def reject(self) -> None:
        """取消, Esc and the close button ask before minutes are thrown away."""
        if may_leave(self, "会议记录", self.is_dirty(), self._save_from_question):
            self.drafts.discard()
            self.drafts.timer.stop()
            super().reject()

    def _save_from_question(self) -> bool:
        self.accept()
        return False  # accept() closed the dialog when the record passed its checks

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if not getattr(self, "_offered", False):
            self._offered = True
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.offer_draft)

    # --- roster-driven parts ---------------------------------------------------------------------
    def meeting_date(self) -> dt.date:
        q = self.date.date()
        return dt.date(q.year(), q.month(), q.day())

    def _kind_changed(self, kind: str, reload: bool = True) -> None:
        self.group.setEnabled(kind == m.GROUP)
        self.has_vote.setEnabled(kind in m.QUORUM_KINDS or kind == m.REVIEW)
        if reload:
            self._reload_roster()

    def _reload_roster(self) -> None:
        day = self.meeting_date()
        kind = self.kind.currentText()
        groups = read(self.ctx, m.party_groups_on, self.branch_id, day)
        roster = read(self.ctx, m.roster_on, self.branch_id, day)
        group = self.group.currentText() or (groups[0] if groups else "")
        expected = read(
            self.ctx, m.expected_people, self.branch_id, kind, day, group if kind == m.GROUP else ""
        )
        self._fill_combo(self.group, [(g, g) for g in groups], group)
        host, recorder = self.host.currentData(), self.recorder.currentData()
        people = [("", None)] + [(p.name, p.id) for p in roster]
        self._fill_combo(self.host, people, host)
        self._fill_combo(self.recorder, people, recorder)
        self.attendance.set_people(expected, dict(self.attendance.present), dict(self.attendance.reasons))

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, object]], selected: object) -> None:
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        position = combo.findData(selected) if selected is not None else 0
        combo.setCurrentIndex(max(position, 0))
        combo.blockSignals(False)

    def _update_counts(self, *_args: object) -> None:
        present = len(self.attendance.present_ids())
        self.counts.setText(f"应到 {len(self.attendance.people)} 人　实到 {present} 人")

    # --- resolutions and photos --------------------------------------------------------------------
    def add_resolution(self, text: str, owner: str, deadline: str) -> None:
        self.resolutions.appendRow([QStandardItem(text), QStandardItem(owner), QStandardItem(deadline)])

    def _remove_resolution(self) -> None:
        rows = sorted(
            {i.row() for i in self.resolutions_view.selectionModel().selectedIndexes()}, reverse=True
        )
        for row in rows:
            self.resolutions.removeRow(row)

    def add_photo(self, data: bytes, caption: str = "") -> None:
        """Raw image bytes from a file: shrunk here (JPEG, at most 1600 px), PhotoError when unreadable."""
        self._add_photo(m.PhotoDraft(shrink_photo(data), caption))

    def _add_photo(self, photo: m.PhotoDraft) -> None:
        self._photos.append(photo)
        pixmap = QPixmap()
        pixmap.loadFromData(photo.jpeg)
        item = QListWidgetItem(QIcon(pixmap), photo.caption or f"照片{len(self._photos)}")
        self.photo_list.addItem(item)

    def _choose_photos(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, "选择会议照片", "", "图片 (*.jpg *.jpeg *.png *.bmp *.heic *.webp)"
        )
        for name in files:
            try:
                self.add_photo(Path(name).read_bytes(), Path(name).stem)
            except (UserError, OSError) as exc:
                QMessageBox.warning(self, "照片", f"{Path(name).name}：{exc}")

    def _remove_photo(self) -> None:
        row = self.photo_list.currentRow()
        if row >= 0:
            self.photo_list.takeItem(row)
            del self._photos[row]

    # --- values in and out -------------------------------------------------------------------------
    def _load(self, d: m.MeetingDetail) -> None:
        self.kind.setCurrentText(d.kind)
        self.date.setDate(qdate(d.date))
        self.title_edit.setText(d.title)
        self.start.setText(d.start_time)
        self.end.setText(d.end_time)
        self.place.setText(d.place)
        self.observers.setText(d.observers)
        self.topics.setPlainText("\n".join(d.topics))
        self.content.setPlainText(d.content)
        self.has_vote.setChecked(d.has_vote)
        self.votes.setText(d.votes)
        self.group.addItem(d.party_group, d.party_group)
        self.group.setCurrentText(d.party_group)
        self.host.addItem(d.host, d.host_id)
        self.host.setCurrentIndex(self.host.findData(d.host_id))
        self.recorder.addItem(d.recorder, d.recorder_id)
        self.recorder.setCurrentIndex(self.recorder.findData(d.recorder_id))
        self.attendance.present = {a.member_id: a.present for a in d.attendance}
        self.attendance.reasons = {a.member_id: a.reason for a in d.attendance}
        self._reload_roster()
        for r in d.resolutions:
            self.add_resolution(r.text, r.owner, r.deadline.isoformat() if r.deadline else "")
        for photo in d.photos:
            self._add_photo(photo)

    def draft(self) -> m.MeetingDraft:
        resolutions = []
        for row in range(self.resolutions.rowCount()):
            text, owner, deadline = (
                (self.resolutions.item(row, c).text() if self.resolutions.item(row, c) else "")
                for c in range(3)
            )
            if text.strip() or owner.strip() or deadline.strip():
                resolutions.append(m.ResolutionDraft(text, owner, deadline or None))
        kind = self.kind.currentText()
        return m.MeetingDraft(
            kind=kind,
            date=self.meeting_date(),
            party_group=self.group.currentText() if kind == m.GROUP else "",
            title=self.title_edit.text(),
            start_time=self.start.text(),
            end_time=self.end.text(),
            place=self.place.text(),
            host_id=self.host.currentData(),
            recorder_id=self.recorder.currentData(),
            present_ids=self.attendance.present_ids(),
            absent=self.attendance.absent(),
            observers=self.observers.text(),
            topics=self.topics.toPlainText().splitlines(),
            content=self.content.toPlainText(),
            votes=self.votes.text(),
            has_vote=self.has_vote.isChecked() and self.has_vote.isEnabled(),
            resolutions=resolutions,
            photos=list(self._photos),
        )

    def accept(self) -> None:
        """Checks through the service first: errors stay on the form, a quorum warning asks once."""
        check = read(self.ctx, m.check_meeting, self.branch_id, self.draft(), today=self.ctx.today())
        if not check.ok:
            self.error.setText("；".join(check.errors))
            return
        if check.warnings and not self.warnings_confirmed:
            answer = QMessageBox.warning(
                self,
                "人数不足",
                "\n".join(check.warnings) + "\n\n仍然保存这份记录吗？",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Save:
                return
            self.warnings_confirmed = True
        self.error.clear()
        super().accept()
