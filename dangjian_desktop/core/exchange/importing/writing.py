"""Writing an import plan in one transaction, and the entry points the CLI and the GUI call.

The write transaction reads the members first and then writes; it starts with BEGIN IMMEDIATE
(Database.transaction), so a second import at the same moment waits for the first instead of failing
half-way, and one that waits too long gets one Chinese message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.db import Database, is_busy
from dangjian_desktop.core.exchange.importing.planning import (
    CHUNK,
    INSERT_COLUMNS,
    ImportPlan,
    Progress,
    plan_import,
)
from dangjian_desktop.core.exchange.importing.report import ImportReport
from dangjian_desktop.core.exchange.importing.sheet import RosterImportError, Table, read_table
from dangjian_desktop.core.exchange.importing.vocabulary import Layout, detect_layout, find_header
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.oplog import log

BUSY_MESSAGE = "数据库正被另一个导入或写入操作占用，等待超时：请等它完成后再导入（本次没有写入任何数据）"


def _sqlite_insert(connection: Any) -> str | None:
    """The INSERT for SQLite with its columns in INSERT_COLUMNS order, to run with the plan's plain
    tuples as they are (None on other databases, or if Core would add columns of its own).

    Core's executemany spends a quarter of the write converting 50,000 dicts; on SQLite we hand the
    driver tuples instead (dates as the ISO text SQLAlchemy's SQLite Date type stores). Core's own
    statement lists the columns in the table's order, so its text is used only to check that it
    binds exactly these columns; the columns are then named in the plan's order, so that no row has
    to be rebuilt. Other databases take the ordinary Core path.
    """
    if connection.dialect.name != "sqlite" or connection.dialect.paramstyle != "qmark":
        return None
    table = Member.__table__
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(INSERT_COLUMNS))
    bound = set(compiled.positiontup or [])
    # Core also binds the columns it fills itself (the version column's 1); the statement below may
    # leave those out only when the database fills them the same way (a server default)
    added = bound - set(INSERT_COLUMNS)
    if not set(INSERT_COLUMNS) <= bound or any(table.c[key].server_default is None for key in added):
        return None
    quote = connection.dialect.identifier_preparer
    columns = ", ".join(quote.quote(key) for key in INSERT_COLUMNS)
    marks = ", ".join("?" for _ in INSERT_COLUMNS)
    return f"INSERT INTO {quote.format_table(table)} ({columns}) VALUES ({marks})"


def _core_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """A plan tuple as Core's executemany takes it, dates as dates."""
    record = dict(zip(INSERT_COLUMNS, row, strict=True))
    for key in member_fields.DATE_KEYS:
        if record[key] is not None:
            record[key] = dt.date.fromisoformat(record[key])
    return record


def write_plan(session: Session, plan: ImportPlan, progress: Progress | None = None) -> None:
    """Inserts and updates through Core executemany: ORM objects for 50,000 rows cost seconds."""
    connection = session.connection()
    table = Member.__table__
    # the first half of the bar was checking the rows (plan_import); writing is the second half
    base = max(plan.total, 1)
    work = max(len(plan.inserts) + len(plan.updates), 1)
    done = 0
    fast = _sqlite_insert(connection) if plan.inserts else None
    for start in range(0, len(plan.inserts), CHUNK):
        chunk = plan.inserts[start : start + CHUNK]
        if fast is not None:
            connection.exec_driver_sql(fast, chunk)
        else:
            connection.execute(insert(table), [_core_row(row) for row in chunk])
        done += len(chunk)
        if progress is not None:
            progress(base + done * base // work, base * 2)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for change in plan.updates:
        groups.setdefault(tuple(sorted(change)), []).append(change)
    for keys, changes in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({k: bindparam(k) for k in keys if k != "_id"})
        )
        connection.execute(statement, changes)
        done += len(changes)
        if progress is not None:
            progress(base + done * base // work, base * 2)
    report = plan.report
    log(
        session,
        "导入花名册",
        f"{report.file_name}：新增{report.imported}人，更新{report.updated}人，拒绝{len(report.rejected)}行",
    )


def member_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Member)) or 0


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector paused for a bulk import.

    Reading and checking 50,000 rows makes about a million lists, tuples and strings that live until
    the import ends and hold no reference cycles; the collector would walk them again and again
    (about a tenth of the import's time) and free nothing. Reference counting still frees all else.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_table(
    db: Database,
    table: Table,
    layout: Layout | None = None,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    backup: bool = True,
) -> ImportReport:
    """Check every row, then (unless dry_run) write all of it in one transaction."""
    with no_cyclic_gc():
        try:
            return _import_table(
                db, table, layout, dry_run=dry_run, today=today, progress=progress, backup=backup
            )
        except Exception as exc:
            if is_busy(exc):
                raise RosterImportError(BUSY_MESSAGE) from None
            raise


def _import_table(
    db: Database,
    table: Table,
    layout: Layout | None,
    *,
    dry_run: bool,
    today: dt.date | None,
    progress: Progress | None,
    backup: bool,
) -> ImportReport:
    layout = layout or detect_layout(table)
    if dry_run:
        with db.reading() as session:
            plan = plan_import(session, table, layout, today=today, progress=progress)
        plan.report.dry_run = True
        return plan.report
    backup_path = ""
    if backup:
        with db.reading() as session:
            has_members = member_count(session) > 0
        if has_members:
            from dangjian_desktop.core.backup import backup_database

            backup_path = str(backup_database(db, "import") or "")
    with db.transaction() as session:
        plan = plan_import(session, table, layout, today=today, progress=progress)
        write_plan(session, plan, progress)
    plan.report.backup = backup_path
    return plan.report


def load(path: Path | str, mapping: dict[int, str | None] | None = None) -> tuple[Table, Layout]:
    """Read a file and find its header: what the GUI's preview and `roster import` both start with."""
    table = read_table(path, find_header=find_header)
    layout = detect_layout(table)
    if mapping:
        layout = layout.with_mapping(mapping)
    return table, layout


def import_roster(
    db: Database,
    path: Path | str,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    mapping: dict[int, str | None] | None = None,
) -> ImportReport:
    """Read, detect and import one file: what `dangjian roster import` does."""
    with no_cyclic_gc():
        table, layout = load(path, mapping)
        return import_table(db, table, layout, dry_run=dry_run, today=today, progress=progress)


def save_rejected(report: ImportReport, out: Path | str) -> Path:
    """The rejected rows with their reasons, as an xlsx the secretary can fix and import again.

    Every value is a text cell: a cell typed "=1+1" or "=WEBSERVICE(...)" in the roster must come back
    as those characters, never as a live formula (openpyxl would write any string starting with "="
    as one)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "未导入的行"
    lines: list[list[str]] = [["原行号", "原因", *report.headers]]
    lines += [["", r.reason, *r.cells] for r in report.rejected]
    for number, line in enumerate(lines, start=1):
        for column, value in enumerate(line, start=1):
            if not value:
                continue  # a blank cell stays blank
            cell = sheet.cell(row=number, column=column)
            cell.value = value
            cell.data_type = TYPE_STRING  # after the value: openpyxl guesses "f" for "=..."
            cell.number_format = "@"  # IDs stay text when the secretary edits them
            if number == 1:
                cell.font = Font(bold=True)
        if number > 1:  # the row number is the program's own, a number to sort by
            sheet.cell(row=number, column=1).value = report.rejected[number - 2].row
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["B"].width = 48
    try:
        workbook.save(out)
    except OSError as exc:
        raise RosterImportError(f"无法保存 {out}：{exc}") from None
    return out
