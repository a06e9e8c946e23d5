"""What an import did or would do: counts, rejected rows with reasons, warnings, the columns not
imported, and the names it changes. The CLI prints it, `--json` gives it, the GUI shows it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RejectedRow:
    row: int  # as Excel shows it
    reason: str
    cells: list[str] = field(default_factory=list)  # the row as typed, for the file the secretary fixes


@dataclass
class RowWarning:
    row: int
    message: str


@dataclass
class NameChange:
    row: int
    old: str
    new: str

    @property
    def message(self) -> str:
        return f"第{self.row}行：姓名将由“{self.old}”改为“{self.new}”"


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    dry_run: bool = False
    file_name: str = ""
    sheet: str = ""
    header_row: int = 0  # Excel row of the header
    headers: list[str] = field(default_factory=list)
    backup: str = ""
    # {"column": "H", "header": "..."} for every column with a header that is not imported
    unmapped_columns: list[dict[str, str]] = field(default_factory=list)
    # those among them whose header speaks of a date, a phone, a number or a name
    important_unmapped: list[str] = field(default_factory=list)
    # an existing member's 姓名 this import changes (also among the warnings, so --json carries them)
    name_changes: list[NameChange] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "rejected": [{"row": r.row, "reason": r.reason} for r in self.rejected],
            "warnings": [{"row": w.row, "message": w.message} for w in self.warnings],
            "unmapped_columns": list(self.unmapped_columns),
        }

    def summary(self) -> str:
        verb = "将" if self.dry_run else "已"
        parts = [f"{verb}新增 {self.imported} 人", f"{verb}更新 {self.updated} 人"]
        if self.unchanged:
            parts.append(f"{self.unchanged} 人已在名册中且无变化")
        if self.name_changes:
            changed = "将被" if self.dry_run else "已被"
            parts.append(f"其中 {len(self.name_changes)} 人的姓名{changed}修改")
        parts.append(f"拒绝 {len(self.rejected)} 行")
        if self.warnings:
            parts.append(f"提示 {len(self.warnings)} 条")
        line = "，".join(parts)
        if self.important_unmapped:
            line = f"注意：{'、'.join(self.important_unmapped)} 未导入。" + line
        return line

    def details(self) -> list[str]:
        """The lines the CLI prints under the summary (the columns not imported, the name changes)."""
        lines = []
        if self.unmapped_columns:
            listed = "、".join(f"{c['column']}列“{c['header']}”" for c in self.unmapped_columns)
            lines.append(f"未导入的列：{listed}")
        return lines
