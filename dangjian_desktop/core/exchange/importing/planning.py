"""Planning an import: every row checked against the rules and the database, deciding what would be
inserted and updated. Writes nothing, so a dry run is the same plan, not written, and reports exactly
what a real import would do."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.exchange.importing.report import ImportReport, NameChange, RejectedRow, RowWarning
from dangjian_desktop.core.exchange.importing.rules import Reject, RowRules
from dangjian_desktop.core.exchange.importing.sheet import RosterImportError, Table, cell_text, column_letter
from dangjian_desktop.core.exchange.importing.vocabulary import (
    FIELD_LABELS,
    IGNORE,
    Layout,
    data_rows,
    is_important,
)
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import join_md
from dangjian_desktop.core.search import search_key

Progress = Callable[[int, int], None]
CHUNK = 2000  # rows per executemany and per progress report
# Every stored column the importer sets: the member fields, then what is derived from them.
MEMBER_COLUMNS = (*member_fields.KEYS, "join_md", "search_key")
# Columns of an INSERT, in the order of the tuples in ImportPlan.inserts.
INSERT_COLUMNS = ("branch_id", *MEMBER_COLUMNS)
DATE_POSITIONS = tuple(i for i, key in enumerate(INSERT_COLUMNS) if key in member_fields.DATE_KEYS)
_insert_row = operator.itemgetter(*INSERT_COLUMNS)


@dataclass
class ImportPlan:
    report: ImportReport
    # one tuple per new member in INSERT_COLUMNS order, dates as ISO text (as SQLite stores them)
    inserts: list[tuple[Any, ...]]
    updates: list[dict[str, Any]]  # each holds "_id" and only the changed columns
    total: int = 0  # data rows read, for progress


def stored(record: dict[str, Any]) -> tuple[Any, ...]:
    """A record as an ImportPlan.inserts tuple."""
    row = list(_insert_row(record))
    for i in DATE_POSITIONS:
        if row[i] is not None:
            row[i] = row[i].isoformat()
    return tuple(row)


def _existing(
    session: Session, branch_id: int
) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, Any], list[dict[str, Any]]]]:
    """This branch's members by ID number, and those without one by (name, birth date).

    ID numbers are unique per branch (a township database holds the same person in two villages
    after a transfer), so a village import matches only within its own branch.
    """
    columns = [Member.id, *(getattr(Member, c) for c in MEMBER_COLUMNS)]
    by_id: dict[str, dict[str, Any]] = {}
    by_name: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for row in session.execute(select(*columns).where(Member.branch_id == branch_id)):
        record = dict(zip(("id", *MEMBER_COLUMNS), row, strict=True))
        if record["id_number"]:
            by_id[record["id_number"]] = record
        else:
            by_name.setdefault((record["name"], record["birth_date"]), []).append(record)
    return by_id, by_name


def _pop_by_name(
    by_name: dict[tuple[str, Any], list[dict[str, Any]]], values: dict[str, Any]
) -> dict[str, Any] | None:
    """A member without an ID number is the same person when name and birth date agree."""
    candidates = by_name.get((values["name"], values.get("birth_date")))
    return candidates.pop(0) if candidates else None


def _report_header(report: ImportReport, table: Table, layout: Layout) -> None:
    report.unmapped_columns = layout.unmapped_json()
    # every column not imported is in unmapped_columns; a warning only for those nobody chose to skip
    for column in layout.unknown_columns:
        header = layout.headers[column]
        report.warnings.append(
            RowWarning(layout.header_row + 1, f"第{column_letter(column)}列“{header}”未识别，未导入")
        )
        if is_important(header):
            report.important_unmapped.append(f"{column_letter(column)}列“{header}”")
    first_column: dict[str, int] = {}
    for column, key in sorted(layout.mapping.items()):
        if key == IGNORE:
            continue
        if key not in first_column:
            first_column[key] = column
            continue
        first = first_column[key]
        report.warnings.append(
            RowWarning(
                layout.header_row + 1,
                f"第{column_letter(column)}列“{layout.headers[column]}”与第{column_letter(first)}列"
                f"“{layout.headers[first]}”都是{FIELD_LABELS[key]}：每行取先填写的一列",
            )
        )
    if table.other_sheets:
        report.warnings.append(
            RowWarning(0, f"只导入了工作表“{table.sheet}”；其他工作表未导入：{'、'.join(table.other_sheets)}")
        )


def plan_import(
    session: Session,
    table: Table,
    layout: Layout,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    ready: Callable[[list[tuple[Any, ...]]], None] | None = None,
) -> ImportPlan:
    """What an import of this table would do to this database; writes nothing itself.

    `ready` is handed the list of new rows each time another CHUNK of them is complete, so that they
    can be written while the rows after them are checked (writing.Inserts)."""
    today = today or dt.date.today()
    if "name" not in layout.mapping.values():
        raise RosterImportError("没有指定哪一列是“姓名”，无法导入")
    branch = require_branch(session)
    report = ImportReport(
        file_name=table.path.name,
        sheet=table.sheet,
        header_row=layout.header_row + 1,
        headers=list(layout.headers),
    )
    _report_header(report, table, layout)
    rules = RowRules(layout, today)
    by_id, by_name = _existing(session, branch.id)
    rows = list(data_rows(table, layout))
    if not rows:
        raise RosterImportError(f"“{table.path.name}”的表头（第{layout.header_row + 1}行）下面没有党员数据")
    total = len(rows)
    defaults = {**member_fields.DEFAULTS, "branch_id": branch.id}
    seen_ids: dict[str, int] = {}
    inserts: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    messages: list[str] = []
    warn = messages.append
    # a chunk at a time, so that the first new rows can be written (`ready`) while the rest are checked
    checked = (
        cells
        for start in range(0, total, CHUNK)
        for cells in rules.cells_of([row for _index, row in rows[start : start + CHUNK]])
    )
    for position, ((index, row), cells) in enumerate(zip(rows, checked, strict=True)):
        if progress is not None and position % CHUNK == 0:
            progress(position, total * 2)
        excel_row = index + 1
        if messages:
            messages.clear()
        try:
            values = rules.check(cells, warn)
            number = values.get("id_number")
            if number:
                if number in seen_ids:
                    raise Reject(f"身份证号 {number} 与第{seen_ids[number]}行重复")
                seen_ids[number] = excel_row
        except Reject as reject:
            report.rejected.append(RejectedRow(excel_row, str(reject), [cell_text(v) for v in row]))
            continue
        if messages:
            report.warnings.extend(RowWarning(excel_row, m) for m in messages)
        existing = (by_id.get(number) if by_id else None) if number else _pop_by_name(by_name, values)
        if existing is None:
            record = defaults.copy()
            record.update(values)
            record["join_md"] = rules.join_md(record["join_date"])
            record["search_key"] = search_key(record["name"], record["id_number"], record["phone"])
            inserts.append(stored(record))
            if ready is not None and not len(inserts) % CHUNK:
                ready(inserts)
            continue
        changed = {k: v for k, v in values.items() if existing[k] != v}
        if not changed:
            report.unchanged += 1
            continue
        if "name" in changed:
            change = NameChange(excel_row, existing["name"], changed["name"])
            report.name_changes.append(change)
            report.warnings.append(RowWarning(excel_row, change.message.split("：", 1)[1]))
        if "join_date" in changed:
            changed["join_md"] = join_md(changed["join_date"])
        if changed.keys() & {"name", "id_number", "phone"}:
            merged = {**existing, **changed}
            key = search_key(merged["name"], merged["id_number"], merged["phone"])
            if key != existing["search_key"]:
                changed["search_key"] = key
        changed["_id"] = existing["id"]
        updates.append(changed)
        existing.update({k: v for k, v in changed.items() if k != "_id"})
        report.updated += 1
    report.imported = len(inserts)
    if progress is not None:
        progress(total, total * 2)
    return ImportPlan(report, inserts, updates, total)
