"""Opening the database: engine and sessions, pragmas, real transactions, migrate-on-open, checks.

Opening a file is the one place schema changes happen: an older file is backed up and upgraded by
Alembic; a file written by a newer version of the program is refused and left untouched.

A village is one SQLite file. A township or county office with several clerks may instead name a
PostgreSQL server by a SQLAlchemy URL (`postgresql+psycopg://user@host/dbname`): core/db_server.py
opens it. This module, that one, core/db_dates.py and core/backup.py are the only places that know
which of the two they speak to. On the server, the SQLite write lock (BEGIN IMMEDIATE) becomes a
transaction-level advisory lock and a reader's snapshot is REPEATABLE READ; see Database.

SQLAlchemy is imported when a database is opened, not with this module: the window paints first and
reads what it shows meanwhile (`peek_branch`) with plain sqlite3, read-only.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

from dangjian_desktop.core.errors import UserError

BEGIN_OPTION = "sqlite_begin"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
ENV_DB = "DANGJIAN_DB"
T = TypeVar("T")


class DatabaseError(UserError):
    """The message is Chinese and shown to the user as it is."""


class DatabaseTooNew(DatabaseError):
    pass


def is_server_url(target: object) -> bool:
    """A SQLAlchemy URL naming a server (postgresql+psycopg://...) rather than a file path."""
    return isinstance(target, str) and "://" in target


def database_target(value: Path | str | None = None) -> Path | str:
    """What --db, DANGJIAN_DB or the default name: a file path, or a server URL kept as text."""
    value = value if value not in (None, "") else os.environ.get(ENV_DB)
    if value:
        return str(value) if is_server_url(str(value)) else Path(value)
    return _data_dir() / "dangjian.sqlite3"


def _data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("dangjian_desktop", appauthor=False))


def local_path(target: Path | str) -> Path:
    """The file itself, or for a server the place on this computer where its drafts, error log and
    backups are kept (a name in the data directory; no database file is ever made there)."""
    if not is_server_url(target):
        return Path(target)
    from sqlalchemy.engine import make_url

    url = make_url(str(target))
    parts = [url.host or (url.query.get("host") or "local"), str(url.port or ""), url.database or ""]
    name = re.sub(r"[^\w.-]+", "_", "-".join(p for p in parts if p).strip("/")) or "server"
    return _data_dir() / "servers" / name[:80] / "server"


def default_db_path() -> Path:
    """The per-user data directory, never the USB stick; overridable by DANGJIAN_DB or --db."""
    return local_path(database_target())


def configure_connection(dbapi_connection: sqlite3.Connection) -> None:
    """What every connection to the file runs first: the engine's and a reading worker's own alike."""
    # pysqlite's own transaction handling issues BEGIN lazily and not before DDL; turn it off
    # and emit BEGIN ourselves so that every session is one real transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(path: Path | str) -> Engine:
    from sqlalchemy import create_engine, event

    if is_server_url(path):
        from dangjian_desktop.core.db_server import make_server_engine

        return make_server_engine(str(path))
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        configure_connection(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Database.transaction() asks for BEGIN IMMEDIATE: a unit of work that reads before it writes
        # (an import reads every member first) takes the write lock at its start, so a second writer
        # waits for the busy timeout instead of failing half-way with "database is locked".
        mode = connection.get_execution_options().get(BEGIN_OPTION, "")
        connection.exec_driver_sql(f"BEGIN {mode}" if mode else "BEGIN")

    return engine


def alembic_config(connection: object | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*=\s*['\"]?([\w.]+|None)['\"]?", re.MULTILINE)


@cache  # the files do not change while the program runs
def _revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the migration files' headers.

    Alembic itself takes most of a second to import; opening an up-to-date file, which is nearly
    every start, needs only to know the revision names, so Alembic is imported only to upgrade.
    """
    graph: dict[str, str | None] = {}
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict((key, value) for key, value in _REVISION_LINE.findall(script.read_text("utf-8")))
        if "revision" in found:
            down = found.get("down_revision")
            graph[found["revision"]] = None if down in (None, "None") else down
    return graph


def known_revisions() -> set[str]:
    return set(_revision_graph())


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise DatabaseError(f"程序的数据库迁移脚本有误（{len(heads)} 个最新版本）")
    return heads.pop()


def stored_revision(path: Path) -> str | None:
    """Read without SQLAlchemy or Alembic, so that a file we must refuse is not touched at all."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            has_table = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if not has_table:
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"数据库文件 {path} 无法读取（{exc}），可能已损坏") from exc
    return row[0] if row else None


class Database:
    """An open, checked, up-to-date database: a file, or a server's database named by a URL.

    For a file the SQLAlchemy engine is made when first used: opening an up-to-date file checks it
    with plain sqlite3, so the window can show its first rows (read on a connection of their own,
    `connect()`) while SQLAlchemy is still loading. A server's engine is made on opening (it must log
    in and check the revision).
    """

    def __init__(self, path: Path, engine: Engine | None = None, server_url: str | None = None) -> None:
        self.path = path  # the file; for a server, local_path(url): where its drafts and logs are kept
        self.server_url = server_url  # the URL as given, for a server database
        self._engine = engine
        self._session_factory: sessionmaker[Session] | None = None
        self._writer: sessionmaker[Session] | None = None
        self._reader: sessionmaker[Session] | None = None
        self._lock = threading.Lock()  # a worker thread may make the engine while the window waits

    def __repr__(self) -> str:
        return f"Database({self.location!r})"

    @property
    def is_server(self) -> bool:
        return self.server_url is not None

    @property
    def location(self) -> str:
        """Where the data is, as shown to the user (a server's URL without its password)."""
        if self.server_url is None:
            return str(self.path)
        from dangjian_desktop.core.db_server import display_url

        return display_url(self.server_url)

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = make_engine(self.path)
            return self._engine

    @property
    def session_factory(self) -> sessionmaker[Session]:
        if self._session_factory is None:
            from sqlalchemy.orm import sessionmaker

            self._session_factory = sessionmaker(self.engine, expire_on_commit=False)
        return self._session_factory

    @contextlib.contextmanager
    def connect(self) -> Iterator[Any]:
        """A DB-API connection of its own, for reading without the ORM on a worker thread (the
        roster's first rows): for a file a plain sqlite3 connection set up as the engine's are (no
        SQLAlchemy needed); for a server one of the engine's."""
        if self.is_server:
            with self.dbapi() as connection:
                yield connection
            return
        connection = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        configure_connection(connection)
        try:
            yield connection
        finally:
            connection.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together, or nothing does. It starts by taking
        the write lock: BEGIN IMMEDIATE on SQLite (see make_engine), the advisory lock on a server; a
        unit of work that reads before it writes (a merge reads the branch first) so never works on
        what another clerk is changing at the same moment."""
        if self._writer is None:
            from sqlalchemy.orm import sessionmaker

            engine = self.engine
            if engine.dialect.name == "sqlite":
                engine = engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
            self._writer = sessionmaker(**{**self.session_factory.kw, "bind": engine})
        with self._writer() as session, session.begin():
            if self.is_server:
                from dangjian_desktop.core.db_server import take_write_lock

                take_write_lock(session)
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A reader sees one state throughout, never half of a merge committing meanwhile: SQLite's
        read transaction is a snapshot in WAL mode; on a server the session is REPEATABLE READ."""
        if self._reader is None:
            from sqlalchemy.orm import sessionmaker

            engine = self.engine
            if self.is_server:
                engine = engine.execution_options(isolation_level="REPEATABLE READ")
            self._reader = sessionmaker(**{**self.session_factory.kw, "bind": engine})
        with self._reader() as session:
            yield session

    @contextlib.contextmanager
    def reading_together(self, count: int) -> Iterator[list[Session]]:
        """`count` readers that see one and the same state, for reads run side by side on threads (a
        county's township view on two cores): each reader to one thread. One reader only when that
        state cannot be pinned at once, because a writer is at work on SQLite: the caller then reads
        its parts one after another in it (a reader never waits for a merge).

        SQLite: the write lock is held for the moment the readers start their snapshots, so no commit
        falls between them, and given back at once. A server: the first reader's snapshot is given to
        the others (pg_export_snapshot)."""
        with contextlib.ExitStack() as stack:
            readers = [stack.enter_context(self.reading()) for _ in range(count)]
            if self.is_server:
                from dangjian_desktop.core.db_server import share_snapshot

                share_snapshot(readers)
            elif count > 1 and not self._start_together(readers):
                readers = readers[:1]
            yield readers

    def _start_together(self, readers: list[Session]) -> bool:
        lock = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            try:
                lock.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:  # a writer holds the lock: no waiting for it
                return False
            for reader in readers:  # a read starts each one's snapshot, all of one state
                reader.connection().exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
            return True
        finally:
            lock.close()  # rolls back: nothing was written

    @contextlib.contextmanager
    def dbapi(self) -> Iterator[Any]:
        """The DB-API connection under one of the engine's (sqlite3 or psycopg): plain SQL reads (the
        roster's rows, core/member_rows.py) without the ORM."""
        connection = self.engine.raw_connection()
        try:
            yield connection.driver_connection  # type: ignore[misc]
        finally:
            connection.close()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


IN_LIST = 500  # values in one IN list: well within the bound-parameter limit of old SQLite builds (999)


def in_batches(items: Sequence[T], size: int = IN_LIST) -> Iterator[Sequence[T]]:
    """items a slice of `size` at a time (the values of one IN list each)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextlib.contextmanager
def read_beside(
    beside: Session | None, session: Session, part: Callable[[Session], T]
) -> Iterator[Callable[[], T]]:
    """Reads `part` in `beside` (a second reader of `session`'s state, Database.reading_together) on a
    thread while the body reads the rest in `session`; yields what gives the part's result, waiting
    for it. With no second reader the part is read in `session` when its result is asked for."""
    if beside is None:
        yield lambda: part(session)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool.submit(part, beside).result


def refuse_newer(current: str | None, where: object) -> None:
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            f"数据库 {where} 由更新版本的程序创建（结构版本 {current}），本程序无法打开。"
            "请安装最新版本；文件未做任何改动。"
        )


def open_database(
    path: Path | str | None = None, *, backup_before_upgrade: bool = True, password: str | None = None
) -> Database:
    target = database_target(path)
    if isinstance(target, str):
        from dangjian_desktop.core.db_server import open_server

        return open_server(target, password)
    path = target
    path.parent.mkdir(parents=True, exist_ok=True)
    from dangjian_desktop.core.backup import remove_leftovers

    remove_leftovers(path)
    current = stored_revision(path)
    head = head_revision()
    refuse_newer(current, path)
    if current is not None and current != head and backup_before_upgrade:
        from dangjian_desktop.core.backup import backup_before

        backup_before(path, "upgrade")
    if current == head:
        return Database(path)  # nothing to do: SQLAlchemy is loaded when first needed
    from alembic import command

    engine = make_engine(path)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    return Database(path, engine)


def peek_one(path: Path, sql: str, params: tuple[object, ...] = ()) -> tuple[Any, ...] | None:
    """One row read straight from the file, read-only, with plain sqlite3 (before SQLAlchemy loads):
    None when the file, the table or the row is missing or the file is unreadable. Opening the
    database properly, and reporting what is wrong, comes later."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return conn.execute(sql, params).fetchone()
    except sqlite3.Error:
        return None


def param_mark(connection: Any) -> str:
    """The DB-API parameter mark of a connection: sqlite3's qmark, psycopg's format."""
    return "?" if isinstance(connection, sqlite3.Connection) else "%s"


def is_busy(exc: BaseException) -> bool:
    """Another writer held the file longer than the busy timeout (SQLite's "database is locked")."""
    text = str(exc)
    return isinstance(exc, sqlite3.OperationalError | _sqlalchemy_operational()) and (
        "locked" in text or "busy" in text
    )


def bound_value_limit(connection: Any) -> int:
    """How many values one statement may bind on this SQLite connection (250,000 in current builds,
    999 in old ones, lower where the connection set its own limit)."""
    try:
        return connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python before 3.11
        return 999


def _sqlalchemy_operational() -> type[Exception]:
    from sqlalchemy.exc import OperationalError

    return OperationalError


def peek_branch(path: Path) -> tuple[str | None, bool]:
    """(the branch's name, whether a township database) as the file holds them, before it is opened.

    Read with plain sqlite3, for the window's title and set of tabs: painted before the file is opened,
    and read again once it is, without loading the ORM. (None, False) when the file is new, unreadable
    or not yet what this program writes; opening the database properly decides and reports.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None, False
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            names = [r[0] for r in conn.execute("SELECT name FROM branch ORDER BY id LIMIT 2")]
    except sqlite3.Error:
        return None, False
    from dangjian_desktop.core.settings import peek
    from dangjian_desktop.core.settings.catalogue import TOWNSHIP_MODE

    # the rule of core/branch.is_township, read without the database layer
    township = len(names) > 1 or peek(path, TOWNSHIP_MODE)
    if township:
        return "乡镇汇总", True
    return (names[0] if names else None), False


def integrity_problems(db: Database) -> list[str]:
    """PRAGMA integrity_check plus foreign keys; an empty list means the file is sound. A server
    checks its own pages and enforces foreign keys on every write: there, that it answers."""
    if db.is_server:
        from sqlalchemy import text

        with db.reading() as session:
            session.execute(text("SELECT 1"))
        return []
    with db.engine.connect() as connection:
        rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
        fk = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        problems += [f"外键错误：表 {r[0]} 第 {r[1]} 行引用了不存在的 {r[2]}" for r in fk]
    return problems


def quick_problems(path: Path) -> list[str]:
    """PRAGMA quick_check on start: seconds cheaper than integrity_check, and catches a damaged file."""
    if not path.exists():
        return []
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [f"数据库文件无法读取：{exc}"]
    return [] if rows == ["ok"] else rows


def damaged_message(path: Path, problems: list[str]) -> str:
    """What the GUI's restore page and every CLI command say about a damaged file."""
    return (
        f"数据文件 {path} 检查未通过：\n{problems[0] if problems else ''}\n\n"
        "请从下面的备份中选一个恢复。现有文件会改名保留在原文件夹，不会删除。"
    )


def refuse_if_damaged(path: Path) -> None:
    problems = quick_problems(path)
    if problems:
        raise DatabaseError(damaged_message(path, problems) + "（打开程序窗口即显示备份列表）")
