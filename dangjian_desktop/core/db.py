"""Opening the database: engine and sessions, pragmas, real transactions, migrate-on-open, checks.

Opening a file is the one place schema changes happen: an older file is backed up and upgraded by
Alembic; a file written by a newer version of the program is refused and left untouched.

SQLAlchemy is imported when a database is opened, not with this module: the window paints first and
reads what it shows meanwhile (`peek_branch`) with plain sqlite3, read-only.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

from dangjian_desktop.core.errors import UserError

BEGIN_OPTION = "sqlite_begin"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
ENV_DB = "DANGJIAN_DB"


class DatabaseError(UserError):
    """The message is Chinese and shown to the user as it is."""


class DatabaseTooNew(DatabaseError):
    pass


def default_db_path() -> Path:
    """The per-user data directory, never the USB stick; overridable by DANGJIAN_DB or --db."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("dangjian_desktop", appauthor=False)) / "dangjian.sqlite3"


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
    """An open, checked, up-to-date database file.

    The SQLAlchemy engine is made when first used: opening an up-to-date file checks it with plain
    sqlite3, so the window can show its first rows (read on a connection of their own, `connect()`)
    while SQLAlchemy is still loading.
    """

    def __init__(self, path: Path, engine: Engine | None = None) -> None:
        self.path = path
        self._engine = engine
        self._session_factory: sessionmaker[Session] | None = None
        self._writer: sessionmaker[Session] | None = None
        self._lock = threading.Lock()  # a worker thread may make the engine while the window waits

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

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

    def connect(self) -> sqlite3.Connection:
        """A connection of its own, set up as the engine's are, for reading without SQLAlchemy (the
        roster's first rows, on a worker thread). The caller closes it."""
        connection = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        configure_connection(connection)
        return connection

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together, or nothing does. On SQLite it starts
        with BEGIN IMMEDIATE (the write lock first, see make_engine)."""
        if self._writer is None:
            from sqlalchemy.orm import sessionmaker

            engine = self.engine
            if engine.dialect.name == "sqlite":
                engine = engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
            self._writer = sessionmaker(**{**self.session_factory.kw, "bind": engine})
        with self._writer() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        with self.session_factory() as session:
            yield session

    @contextlib.contextmanager
    def dbapi(self) -> Iterator[sqlite3.Connection]:
        """The sqlite3 connection under one of the engine's: plain SQL reads (the roster's rows) with
        the engine's pragmas, without the ORM."""
        connection = self.engine.raw_connection()
        try:
            yield connection.driver_connection  # type: ignore[misc]
        finally:
            connection.close()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def open_database(path: Path | str | None = None, *, backup_before_upgrade: bool = True) -> Database:
    path = Path(path) if path is not None else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    from dangjian_desktop.core.backup import remove_leftovers

    remove_leftovers(path)
    current = stored_revision(path)
    head = head_revision()
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            f"数据库 {path} 由更新版本的程序创建（结构版本 {current}），本程序无法打开。"
            "请安装最新版本；文件未做任何改动。"
        )
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
    """PRAGMA integrity_check plus foreign keys; an empty list means the file is sound."""
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
