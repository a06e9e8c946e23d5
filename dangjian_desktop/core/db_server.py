"""The PostgreSQL half of opening a database: a township or county office's shared server.

A village is one SQLite file (core/db.py); an office with several clerks may name a PostgreSQL server
by a SQLAlchemy URL instead. Only this module, core/db.py, core/db_dates.py and core/backup.py know
which of the two they speak to (tests/test_layers.py). On the server the SQLite write lock (BEGIN
IMMEDIATE) becomes a transaction-level advisory lock and a reader's snapshot is REPEATABLE READ
(core.db.Database).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dangjian_desktop.core.db import (
    Database,
    DatabaseError,
    alembic_config,
    head_revision,
    in_batches,
    local_path,
    refuse_newer,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine, Table
    from sqlalchemy.orm import Session

# pg_advisory_xact_lock key taken by every writing unit of work on a server ("dj" + "wr"): the
# server's BEGIN IMMEDIATE. Writers queue one after another, as on SQLite; readers never wait.
WRITE_LOCK_KEY = 0x646A7772
LOCK_WAIT = "30s"  # as SQLite's busy timeout: a writer waits this long for another clerk's unit of work
WORK_MEM = "64MB"  # per sort or hash of one statement (see _on_connect)
# The planner's settings of a session (see _on_connect): a page read at random costs little more than
# one read in order (the database is cached in memory or on an SSD), and one statement is one process.
PLANNER = {"random_page_cost": "1.1", "max_parallel_workers_per_gather": "0"}


def server_url(host: str, port: int, database: str, user: str) -> str:
    """The SQLAlchemy URL of the fields the GUI asks for (no password in it). A host that is a folder
    is the server's local socket directory (a server on this computer)."""
    from sqlalchemy.engine import URL

    host = host.strip()
    local = host.startswith("/")
    return URL.create(
        "postgresql+psycopg",
        username=user.strip(),
        host=None if local else host,
        port=port,
        database=database.strip(),
        query={"host": host} if local else {},
    ).render_as_string(hide_password=False)


def server_fields(url: str) -> tuple[str, int, str, str] | None:
    """(host, port, database, user) of a URL, or None when it is empty or no longer parses."""
    from sqlalchemy.engine import make_url

    if not url:
        return None
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - a remembered value that no longer parses is just not shown
        return None
    host = parsed.host or str(parsed.query.get("host") or "")
    return host, parsed.port or 5432, parsed.database or "", parsed.username or ""


def display_url(url: str) -> str:
    """A server URL as shown to the user: never its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def make_server_engine(url: str, password: str | None = None) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseError(
            f"不支持的数据库地址 {display_url(url)}：只支持 PostgreSQL（postgresql+psycopg://…）"
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if password:
        parsed = parsed.set(password=password)
    # Writers run READ COMMITTED behind the advisory lock (each statement sees what the clerk before
    # committed); readers ask for REPEATABLE READ per session (Database.reading).
    engine = create_engine(
        parsed,
        isolation_level="READ COMMITTED",
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10, "application_name": "dangjian_desktop"},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = '{LOCK_WAIT}'")
            cursor.execute("SET TIME ZONE 'UTC'")  # naive datetimes stay as written, as on SQLite
            # The county's grouped reads (year-end statistics: 200,000 members in tens of thousands of
            # groups) sort or hash more than the server's default 4 MB per operation holds, and would
            # spill to disk: one clerk's session may use more (a few clerks, a few such reads at once).
            cursor.execute(f"SET work_mem = '{WORK_MEM}'")
            # The county's reads count 200,000 members from the covering indexes made for them
            # (ix_member_branch_group, ix_member_statistics, ix_card_clause_card_id): with the default
            # random_page_cost of a spinning disk (4) the planner scans the whole table instead. A
            # parallel plan of these reads builds the same hash in every worker: two or three times
            # the server's CPU for the same answer, while other clerks' reads wait for it.
            for name, value in PLANNER.items():
                cursor.execute(f"SET {name} = {value}")
        dbapi_connection.commit()

    return engine


BUSY_MESSAGE = (
    f"数据库正被另一位同志的操作占用（等了 {LOCK_WAIT.removesuffix('s')} 秒），这次没有保存，请稍后再试"
)


def take_write_lock(session_or_connection: Any) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    try:
        session_or_connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
    except OperationalError as exc:
        if "lock timeout" in str(exc):  # another clerk's unit of work held it longer than LOCK_WAIT
            raise DatabaseError(BUSY_MESSAGE) from None
        raise


def share_snapshot(readers: list[Session]) -> None:
    """The first reader's snapshot given to the others (Database.reading_together): each REPEATABLE
    READ transaction then sees exactly what the first sees, whatever commits meanwhile."""
    from sqlalchemy import text

    if len(readers) > 1:
        snapshot = readers[0].execute(text("SELECT pg_export_snapshot()")).scalar_one()
        for reader in readers[1:]:
            reader.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows with their ids into a table (a merge, a restore), a few thousand a statement, rows that carry
    the same columns together (an older package may lack one): an executemany each; on a server by
    COPY where it can (_copy_rows)."""
    from sqlalchemy import insert

    server = session.get_bind().dialect.name == "postgresql"
    for batch in in_batches(rows, 5000):
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in batch:
            shapes.setdefault(tuple(sorted(row)), []).append(row)
        for group in shapes.values():
            if not (server and _copy_rows(session, table, group)):
                session.execute(insert(table), group)


def _copy_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> bool:
    """Rows that carry the same columns into a table by COPY, in the session's transaction: the server
    takes them as one stream instead of a statement per row, which cost the county's merge of 1,000
    villages most of its time. A column the rows do not carry gets its
    default: a constant one here, the server's by COPY itself. False (nothing done) when a missing
    column's default is worked out in Python: the caller then inserts the rows as usual.
    A refused row is raised as SQLAlchemy raises a refused INSERT (IntegrityError, DataError, ...)."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    keys = list(rows[0])
    missing = [c for c in table.columns if c.name not in rows[0] and c.default is not None]
    if any(not c.default.is_scalar for c in missing):
        return False
    filled = [c.default.arg for c in missing]
    names = ", ".join(f'"{name}"' for name in keys + [c.name for c in missing])
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    connection = session.connection().connection.driver_connection
    try:
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[k] for k in keys] + filled)
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from None
    return True


def after_explicit_ids(session: Session, table_name: str) -> None:
    """Rows were inserted with ids chosen by the program (a merge keeps a package's rows together):
    a server's id sequence must then move past them, or the next row added normally would take an id
    already used. SQLite hands out max(id) + 1 by itself."""
    if session.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy import text

    session.execute(
        text(
            "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
            f'GREATEST((SELECT max(id) FROM "{table_name}"), 1), (SELECT max(id) FROM "{table_name}") IS NOT NULL)'
        ),
        {"t": table_name},
    )


def server_problem(exc: BaseException, url: str) -> DatabaseError:
    """One Chinese sentence for a server that cannot be reached or refuses the login."""
    text = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    first = text[0] if text else ""
    if "password" in first or "authentication" in first:
        return ServerLoginFailed(f"数据库服务器 {display_url(url)} 拒绝登录：用户名或密码不对")
    if "does not exist" in first and "database" in first:
        return DatabaseError(f"数据库服务器上没有这个数据库：{display_url(url)}")
    return DatabaseError(f"无法连接数据库服务器 {display_url(url)}（{first[:200]}）")


class ServerLoginFailed(DatabaseError):
    """The server wants a (different) password: the window asks for it again."""


def _server_revision(connection: Any) -> str | None:
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def open_server(url: str, password: str | None = None) -> Database:
    """A township's shared database on PostgreSQL. The upgrade needs no backup first: on the server
    DDL is transactional, so a failed upgrade leaves nothing changed; two clerks starting the new
    version at once upgrade one after the other (the write lock) and the second finds nothing to do."""
    from sqlalchemy.exc import DBAPIError

    engine = make_server_engine(url, password)
    head = head_revision()
    try:
        with engine.connect() as connection:
            current = _server_revision(connection)
        refuse_newer(current, display_url(url))
        if current != head:
            from alembic import command

            with engine.begin() as connection:
                take_write_lock(connection)
                current = _server_revision(connection)
                refuse_newer(current, display_url(url))
                if current != head:
                    command.upgrade(alembic_config(connection), "head")
    except DBAPIError as exc:
        engine.dispose()
        raise server_problem(exc, url) from None
    return Database(local_path(url), engine, url)
