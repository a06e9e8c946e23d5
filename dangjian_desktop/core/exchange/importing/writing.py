"""Writing an import plan in one transaction, and the entry points the CLI and the GUI call.

The write transaction reads the members first and then writes; it starts with BEGIN IMMEDIATE
(Database.transaction), so a second import at the same moment waits for the first instead of failing
half-way, and one that waits too long gets one Chinese message.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.db import Database, bound_value_limit, is_busy
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


def _sqlite_columns(connection: Any) -> str | None:
    """The column list of a multi-row INSERT for SQLite in INSERT_COLUMNS order, to run with the
    plan's plain tuples as they are (None on other databases, or if Core would add columns of its own).

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
    return f"INSERT INTO {quote.format_table(table)} ({columns}) VALUES "


def _core_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """A plan tuple as Core's executemany takes it, dates as dates."""
    record = dict(zip(INSERT_COLUMNS, row, strict=True))
    for key in member_fields.DATE_KEYS:
        if record[key] is not None:
            record[key] = dt.date.fromisoformat(record[key])
    return record


class Inserts:
    """The plan's new rows written in the import's transaction; on SQLite while the rows after them
    are still being checked.

    On SQLite each CHUNK goes to the driver as multi-row INSERTs: binding the values holds the GIL
    for a few milliseconds, then SQLite inserts the rows in one step without it, on a second thread,
    while the main thread checks the next chunk. (An executemany hands the GIL back and forth once
    per row, and each hand-over can wait the interpreter's 5 ms switch interval.) One chunk is in
    flight at a time, on the transaction's own connection, which the planning no longer touches once
    it has read the members; the rows are written in plan order. Other databases take Core's
    executemany on the calling thread.

    Progress: the bar's first half is the rows checked, the second the rows written; both move at
    once. Use as a context manager: leaving it waits for the chunk in flight, so that a failure
    anywhere rolls the transaction back only once the connection is idle again.
    """

    def __init__(self, connection: Any, progress: Progress | None = None) -> None:
        self._connection = connection
        self._columns = _sqlite_columns(connection)
        self._progress = progress
        self._pool: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None
        self._in_flight = 0
        self._checked, self._of = 0, 0  # the planning's last report
        self.sent = 0  # rows handed over
        self.written = 0  # rows known to be written (and, in write_plan, updated)

    def __enter__(self) -> Inserts:
        return self

    def __exit__(self, kind: object, *_exc: object) -> None:
        try:
            if kind is None:
                self.finish()
            elif self._pending is not None:
                concurrent.futures.wait([self._pending])  # its own error is not the one to report
        finally:
            if self._pool is not None:
                self._pool.shutdown()

    def checked(self, done: int, total: int) -> None:
        """The planning's progress report, passed on with the rows written so far added."""
        self._checked, self._of = done, total
        if self._progress is not None:
            self._progress(done + self.written, total)

    def add(self, inserts: list[tuple[Any, ...]]) -> None:
        """Write the rows of `inserts` not handed over yet (the list only grows)."""
        rows = inserts[self.sent :]
        if not rows:
            return
        self.finish()
        self.sent = len(inserts)
        if self._columns is None:
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start : start + CHUNK]
                self._connection.execute(insert(Member.__table__), [_core_row(row) for row in chunk])
                self.count(len(chunk))
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="import-write")
        self._in_flight = len(rows)
        self._pending = self._pool.submit(self._write_sqlite, rows)

    def _write_sqlite(self, rows: list[tuple[Any, ...]]) -> None:
        # through the Connection, so that a failure arrives as SQLAlchemy's error, as every other
        # write's does (core.errors words a full disk from it)
        connection = self._connection
        width = len(INSERT_COLUMNS)
        one = "(" + ", ".join("?" * width) + ")"
        per = max(1, min(CHUNK, bound_value_limit(connection.connection.dbapi_connection) // width))
        for start in range(0, len(rows), per):
            part = rows[start : start + per]
            connection.exec_driver_sql(
                self._columns + ", ".join([one] * len(part)), tuple(chain.from_iterable(part))
            )

    def finish(self) -> None:
        """Wait for the chunk in flight (raising its error) and count it written."""
        if self._pending is None:
            return
        pending, self._pending = self._pending, None
        pending.result()
        self.count(self._in_flight)

    def count(self, rows: int) -> None:
        """`rows` more written; reported on top of the rows checked."""
        self.written += rows
        if self._progress is not None and self._of:
            self._progress(self._checked + self.written, self._of)


def write_plan(
    session: Session, plan: ImportPlan, progress: Progress | None = None, inserts: Inserts | None = None
) -> None:
    """The plan written: its new rows through `inserts` (those not handed over while planning), then
    the updates through Core executemany (ORM objects for 50,000 rows cost seconds), then the log."""
    connection = session.connection()
    table = Member.__table__
    with contextlib.ExitStack() as stack:
        if inserts is None:
            inserts = stack.enter_context(Inserts(connection, progress))
            inserts.checked(plan.total, plan.total * 2)
        inserts.add(plan.inserts)
        inserts.finish()
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
            inserts.count(len(changes))
    if progress is not None:
        progress(max(plan.total, 1) * 2, max(plan.total, 1) * 2)
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
    with db.transaction() as session, Inserts(session.connection(), progress) as inserts:
        plan = plan_import(session, table, layout, today=today, progress=inserts.checked, ready=inserts.add)
        write_plan(session, plan, progress, inserts)
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
