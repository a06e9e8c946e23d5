"""PostgreSQL for the tests: a fresh database per test, copied from one migrated template.

`.ci/run` (through `.ci/pg.sh`) starts a throwaway cluster and sets DANGJIAN_TEST_PG_URL to a URL of
its superuser. Without it the server tests skip with the reason, so a developer without PostgreSQL
runs the rest; in CI (CI=true) a missing or unreachable server fails them instead, never a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_URL_ENV = "DANGJIAN_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"CI=true: {reason}", pytrace=False)
    pytest.skip(f"{reason}（本机运行服务器测试的方法见 README：.ci/pg.sh）")


_LETTERS = str.maketrans("0123456789", "ghijklmnop")


@dataclass
class PgServer:
    admin_url: str
    template: str
    made: list[str] = field(default_factory=list)

    def url_for(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(sql))
        finally:
            engine.dispose()

    def fresh(self) -> str:
        """A new, empty, migrated database (CREATE DATABASE ... TEMPLATE: a file copy on the server,
        far quicker than running every migration again)."""
        # letters only: a name with 15 digits in a row reads as an ID number to the tests that make
        # sure no message shows one (a message may name where its details were logged)
        name = "dj_" + uuid.uuid4().hex[:16].translate(_LETTERS)
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.made.append(name)
        return self.url_for(name)

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = os.environ.get(PG_URL_ENV, "").strip()
    if not url:
        _missing(f"没有 PostgreSQL 服务器（环境变量 {PG_URL_ENV} 未设置）")
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except SQLAlchemyError as exc:
        _missing(f"PostgreSQL 服务器连不上（{PG_URL_ENV}）：{str(exc).splitlines()[0]}")
    server = PgServer(url, f"dj_template_{os.getpid()}")
    server.drop(server.template)
    server._admin(f'CREATE DATABASE "{server.template}"')
    from dangjian_desktop.core.db import open_database

    open_database(server.url_for(server.template)).close()  # the migrations, once
    yield server
    for name in [*server.made, server.template]:
        server.drop(name)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    url = pg_server.fresh()
    yield url
    pg_server.drop(url.rsplit("/", 1)[-1].split("?")[0])


DbMaker = Callable[[str], object]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def new_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[str], Path | str]:
    """name -> where a fresh database of this test's backend lives: a file, or a new server database."""

    def make(name: str) -> Path | str:
        if backend == "sqlite":
            return tmp_path / f"{name}.sqlite3"
        server: PgServer = request.getfixturevalue("pg_server")
        url = server.fresh()
        request.addfinalizer(lambda: server.drop(url.rsplit("/", 1)[-1].split("?")[0]))
        return url

    return make
