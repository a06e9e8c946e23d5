"""core/db_server.py's engine on a real PostgreSQL, where the server, not the program, decides: a
connection the server ended while it waited in the pool (a restart, an idle timeout, an administrator)
is replaced before the next read instead of failing it; writers run READ COMMITTED even on a server
whose default is stricter; a row the server's COPY refuses is raised with the COPY that carried it, as
a refused INSERT is raised with its INSERT (the error log then says which table)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import integrity_problems, open_database
from dangjian_desktop.core.db_server import insert_rows
from dangjian_desktop.core.models import Branch


def _end_connection(url: str, pid: int) -> None:
    """What a server restart does to one connection: ended from the server's side, and gone."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
            for _ in range(200):  # the backend leaves within milliseconds; never wait long
                alive = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
                if not connection.execute(alive, {"pid": pid}).scalar():
                    break
                time.sleep(0.01)
    finally:
        admin.dispose()


def test_a_connection_the_server_ended_is_replaced_before_the_next_read(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.reading() as session:
            first = session.execute(text("SELECT pg_backend_pid()")).scalar()
        _end_connection(pg_url, first)
        with db.reading() as session:  # the pooled connection is dead: checked and replaced, not used
            again = session.execute(text("SELECT pg_backend_pid()")).scalar()
            assert session.scalar(select(Branch.id).limit(1)) is None
        assert again != first
    finally:
        db.close()


@pytest.mark.parametrize("server_default", ["serializable", "repeatable read", "read committed"])
def test_a_writer_is_read_committed_whatever_the_servers_default(pg_url: str, server_default: str) -> None:
    escaped = server_default.replace(" ", "\\ ")  # libpq splits options at unescaped spaces
    options = f"-c default_transaction_isolation={escaped}"
    url = make_url(pg_url).update_query_dict({"options": options}).render_as_string(hide_password=False)
    db = open_database(url)
    try:
        with db.transaction() as session:
            assert session.execute(text("SHOW default_transaction_isolation")).scalar() == server_default
            assert session.execute(text("SHOW transaction_isolation")).scalar() == "read committed"
    finally:
        db.close()


def test_a_row_the_copy_refuses_is_raised_with_the_copy_statement(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.transaction() as session:
            create_branch(session, "甲村党支部")
            row = dict(session.execute(select(Branch.__table__)).mappings().one())
        with pytest.raises(IntegrityError) as caught, db.transaction() as session:
            insert_rows(session, Branch.__table__, [row])  # every column given: by COPY; the id is taken
        statement = caught.value.statement or ""
        assert statement.startswith('COPY "branch" (') and statement.endswith(") FROM STDIN"), statement
        with db.reading() as session:
            assert session.scalars(select(Branch.name)).all() == ["甲村党支部"]
    finally:
        db.close()


def test_a_server_database_that_answers_has_no_problems(pg_url: str) -> None:
    """The server checks its own pages and keeps its foreign keys on every write: `dangjian check`
    asks it only to answer."""
    db = open_database(pg_url)
    try:
        assert integrity_problems(db) == []
    finally:
        db.close()
