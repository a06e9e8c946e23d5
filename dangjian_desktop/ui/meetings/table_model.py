"""Table models for the meetings tab: plain rows in, text and colours out; no queries here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from dangjian_desktop.core.dates import format_cn
from dangjian_desktop.core.meetings import (
    ABSENCE_REASONS,
    GROUP,
    HELD,
    IN_PROGRESS,
    KINDS,
    MISSING,
    NOT_DUE,
    Compliance,
    ComplianceRow,
    KindRate,
    MeetingRow,
    MemberRate,
    Person,
)
from dangjian_desktop.core.text import group_sort_key
from dangjian_desktop.ui.table_models import Column, RowsModel

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

MISSING_COLOR = QColor("#f4b4b4")
HELD_COLOR = QColor("#d7ecd3")
PENDING_COLOR = QColor("#fff1bf")
NOT_DUE_COLOR = QColor("#f3f3f3")


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


MEETING_COLUMNS: tuple[Column[MeetingRow], ...] = (
    Column("日期", lambda r: format_cn(r.date), lambda r: r.date),
    Column("会议类型", lambda r: r.kind_label),
    Column("会议名称", lambda r: r.title),
    Column("主持人", lambda r: r.host),
    Column("记录人", lambda r: r.recorder),
    Column("应到", lambda r: str(r.expected_count), lambda r: r.expected_count),
    Column(
        "实到",
        lambda r: str(r.present_count) if r.attendees or r.absent else "未登记",
        lambda r: r.present_count if r.attendees or r.absent else -1,
    ),
    Column("缺席", lambda r: "、".join(r.absent), lambda r: len(r.absent)),
    Column(
        "决议", lambda r: str(r.resolution_count) if r.resolution_count else "", lambda r: r.resolution_count
    ),
    Column("照片", lambda r: str(r.photo_count) if r.photo_count else "", lambda r: r.photo_count),
)
MEMBER_RATE_COLUMNS: tuple[Column[MemberRate], ...] = (
    Column("姓名", lambda r: r.name),
    Column("党小组", lambda r: r.party_group, lambda r: group_sort_key(r.party_group)),
    Column("应参加", lambda r: str(r.expected), lambda r: r.expected),
    Column("实参加", lambda r: str(r.present), lambda r: r.present),
    Column("出席率", lambda r: _rate(r.rate), lambda r: r.rate),
)
KIND_RATE_COLUMNS: tuple[Column[KindRate], ...] = (
    Column("会议类型", lambda r: r.kind),
    Column("次数", lambda r: str(r.meetings), lambda r: r.meetings),
    Column("应到人次", lambda r: str(r.expected), lambda r: r.expected),
    Column("实到人次", lambda r: str(r.present), lambda r: r.present),
    Column("出席率", lambda r: _rate(r.rate), lambda r: r.rate),
)


def meeting_model() -> RowsModel[MeetingRow]:
    return RowsModel(MEETING_COLUMNS, row_id=lambda r: r.id)


# --- the compliance calendar ------------------------------------------------------------------------


def month_span(period: str) -> tuple[int, int]:
    """2026-03 -> (2, 1); 2026-Q2 -> (3, 3); 2026 -> (0, 12)."""
    if "-Q" in period:
        return (int(period[-1]) - 1) * 3, 3
    if "-" in period:
        return int(period[-2:]) - 1, 1
    return 0, 12


class ComplianceModel(QAbstractTableModel):
    """Kinds down, months across (a quarter or the year is one spanned cell), the missing count last."""

    MISSING_COLUMN = 13

    def __init__(self) -> None:
        super().__init__()
        self.compliance: Compliance | None = None
        self._cells: dict[tuple[int, int], ComplianceRow] = {}
        self._missing: dict[str, int] = {}

    def set_compliance(self, compliance: Compliance) -> None:
        self.beginResetModel()
        self.compliance = compliance
        self._missing = compliance.missing_by_kind()
        self._cells = {}
        for r, kind in enumerate(KINDS):
            for row in compliance.for_kind(kind):
                first, _span = month_span(row.period)
                self._cells[(r, first + 1)] = row
        self.endResetModel()

    def spans(self) -> list[tuple[int, int, int]]:
        """(row, column, width) for each quarter or year cell, for QTableView.setSpan."""
        result = []
        for (r, c), row in self._cells.items():
            width = month_span(row.period)[1]
            if width > 1:
                result.append((r, c, width))
        return result

    def cell(self, row: int, column: int) -> ComplianceRow | None:
        return self._cells.get((row, column))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(KINDS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 14

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.compliance is None:
            return None
        kind = KINDS[index.row()]
        column = index.column()
        if column == 0:
            return self._kind_cell(kind, role)
        if column == self.MISSING_COLUMN:
            missing = self._missing.get(kind, 0)
            if role == Qt.ItemDataRole.DisplayRole:
                return str(missing) if self.compliance.for_kind(kind) else "—"
            if role == Qt.ItemDataRole.ForegroundRole and missing:
                return QBrush(QColor("#c00000"))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        row = self._cells.get((index.row(), column))
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(
                {HELD: HELD_COLOR, MISSING: MISSING_COLOR, IN_PROGRESS: PENDING_COLOR}.get(
                    row.state, NOT_DUE_COLOR
                )
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{row.kind} {row.label}：{row.state}（已开 {row.held}，应开 {row.required}）"
            if row.missing_groups:
                tip += f"\n未开：{'、'.join(row.missing_groups)}"
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def _kind_cell(self, kind: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            rows = self.compliance.for_kind(kind) if self.compliance else []
            return f"{kind}（{rows[0].frequency}）" if rows else f"{kind}（不要求）"
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return "会议类型"
        if section == self.MISSING_COLUMN:
            return "缺"
        return f"{section}月"


def cell_text(row: ComplianceRow) -> str:
    if row.state == NOT_DUE:
        return ""
    if row.kind == GROUP:
        return f"{row.held}/{row.required}"
    if row.state == HELD:
        return "√" if row.held == 1 else f"√ {row.held}次"
    if row.state == MISSING:
        return "缺"
    return "进行中"


# --- attendance in the form -------------------------------------------------------------------------


class AttendanceModel(QAbstractTableModel):
    """The members expected at the meeting: 出席 ticked, or a reason for the absence.

    Ticking someone present clears their reason; giving a reason marks them absent.
    """

    NAME, GROUP_COLUMN, PRESENT, REASON = range(4)
    TITLES = ("姓名", "党小组", "出席", "缺席原因")
    REASONS = ABSENCE_REASONS

    def __init__(self) -> None:
        super().__init__()
        self.people: list[Person] = []
        self.present: dict[int, bool] = {}
        self.reasons: dict[int, str] = {}

    def set_people(self, people: Sequence[Person], present: dict[int, bool], reasons: dict[int, str]) -> None:
        """Keeps what was already ticked for members still expected after a change of date or kind."""
        self.beginResetModel()
        self.people = list(people)
        self.present = {p.id: present.get(p.id, False) for p in people}
        self.reasons = {p.id: reasons.get(p.id, "") for p in people}
        self.endResetModel()

    def set_all_present(self, value: bool) -> None:
        for person in self.people:
            self.present[person.id] = value
            if value:
                self.reasons[person.id] = ""
        self._changed_all()

    def _changed_all(self) -> None:
        if self.people:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.people) - 1, 3))

    def present_ids(self) -> list[int]:
        return [p.id for p in self.people if self.present.get(p.id)]

    def absent(self) -> dict[int, str]:
        return {p.id: self.reasons.get(p.id, "") for p in self.people if not self.present.get(p.id)}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 4

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.PRESENT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == self.REASON:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.people[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return person.name + ("（支委）" if person.is_committee else "")
            if column == self.GROUP_COLUMN:
                return person.party_group
            if column == self.PRESENT:
                return "出席" if self.present.get(person.id) else "缺席"
            if column == self.REASON:
                return self.reasons.get(person.id, "")
        if role == Qt.ItemDataRole.EditRole and column == self.REASON:
            return self.reasons.get(person.id, "")
        if role == Qt.ItemDataRole.CheckStateRole and column == self.PRESENT:
            return Qt.CheckState.Checked if self.present.get(person.id) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and not self.present.get(person.id):
            return QBrush(QColor("#a00000"))
        if role == Qt.ItemDataRole.UserRole:
            return person.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        person = self.people[index.row()]
        if index.column() == self.PRESENT and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.present[person.id] = checked
            if checked:
                self.reasons[person.id] = ""
        elif index.column() == self.REASON and role == Qt.ItemDataRole.EditRole:
            reason = str(value or "").strip()
            self.reasons[person.id] = reason
            if reason:
                self.present[person.id] = False
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 3))
        return True

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.TITLES[section]
        return None

    def row_of(self, member_id: int) -> int:
        return next(i for i, p in enumerate(self.people) if p.id == member_id)
