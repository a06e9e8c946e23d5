"""core/db_server.py at its edges: the URL of the dialog's fields and back, what a clerk is told when
the server refuses, the session's settings, the id sequence after a merge's own ids, COPY's defaults.
The URL tests need no server; the rest a real PostgreSQL (tests/server_db.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dangjian_desktop.core import db_server
from dangjian_desktop.core.db import DatabaseError, DatabaseTooNew, open_database
from dangjian_desktop.core.db_server import (
    ServerLoginFailed,
    display_url,
    server_fields,
    server_problem,
    server_url,
)


def test_the_dialogs_fields_make_a_url_and_the_url_gives_them_back() -> None:
    url = server_url(" county-db ", 5433, " dangjian ", " clerk ")
    assert url == "postgresql+psycopg://clerk@county-db:5433/dangjian"
    assert server_fields(url) == ("county-db", 5433, "dangjian", "clerk")
    local = server_url("/run/postgresql", 5432, "dj", "me")
    assert "host=%2Frun%2Fpostgresql" in local or "host=/run/postgresql" in local
    assert server_fields(local) == ("/run/postgresql", 5432, "dj", "me")


def test_fields_of_empty_unparsable_and_bare_urls() -> None:
    assert server_fields("") is None
    assert server_fields("not a url at all") is None
    assert server_fields("postgresql+psycopg://") == ("", 5432, "", "")


def test_a_shown_url_never_carries_the_password() -> None:
    shown = display_url("postgresql+psycopg://clerk:s3cret@db:5432/dj")
    assert "s3cret" not in shown and shown.startswith("postgresql+psycopg://clerk:")
    assert shown.endswith("@db:5432/dj")


@pytest.mark.parametrize(
    ("said", "kind", "words"),
    [
        (
            'FATAL:  password authentication failed for user "clerk"',
            ServerLoginFailed,
            "拒绝登录：用户名或密码不对",
        ),
        ("fe_sendauth: no password supplied", ServerLoginFailed, "拒绝登录"),
        ("FATAL:  authentication method requirement not met", ServerLoginFailed, "拒绝登录"),
        ('FATAL:  database "dj" does not exist', DatabaseError, "服务器上没有这个数据库："),
        ('FATAL:  role "clerk" does not exist', DatabaseError, "无法连接数据库服务器"),
        ("connection refused\nIs the server running on that host?", DatabaseError, "（connection refused）"),
    ],
)
def test_what_a_clerk_is_told_when_the_server_refuses(said, kind, words) -> None:
    url = "postgresql+psycopg://clerk:s3cret@db:5432/dj"
    problem = server_problem(RuntimeError(said), url)
    assert type(problem) is kind
    assert words in str(problem) and "s3cret" not in str(problem)
    assert display_url(url) in str(problem)


def test_a_long_refusal_is_cut_and_an_empty_one_is_still_a_sentence() -> None:
    url = "postgresql+psycopg://clerk@db/dj"
    long = str(server_problem(RuntimeError("x" * 500), url))
    assert "（" + "x" * 200 + "）" in long and "x" * 201 not in long
    assert str(server_problem(RuntimeError(""), url)) == f"无法连接数据库服务器 {display_url(url)}（）"


def test_a_url_of_another_kind_of_database_is_refused_by_name() -> None:
    with pytest.raises(DatabaseError, match="只支持 PostgreSQL") as caught:
        db_server.make_server_engine("mysql://clerk:pw@db/dj")
    assert "pw" not in str(caught.value).replace("PostgreSQL", "")


def test_a_plain_postgresql_url_is_given_the_programs_driver_and_the_password() -> None:
    engine = db_server.make_server_engine("postgresql://clerk@db/dj", password="s3cret")
    assert engine.url.drivername == "postgresql+psycopg"
    assert engine.url.password == "s3cret"
    engine.dispose()
    kept = db_server.make_server_engine("postgresql+psycopg://clerk:old@db/dj")
    assert kept.url.password == "old"  # no password given: the URL's own stays
    kept.dispose()


def test_every_server_session_has_the_programs_settings(pg_url) -> None:
    db = open_database(pg_url)
    with db.reading() as session:
        shown = {
            name: session.execute(text(f"SHOW {name}")).scalar()
            for name in ("lock_timeout", "TimeZone", "work_mem", "application_name")
        }
        assert session.execute(text("SHOW transaction_isolation")).scalar() == "repeatable read"
    assert shown == {
        "lock_timeout": "30s",
        "TimeZone": "UTC",
        "work_mem": "64MB",
        "application_name": "dangjian_desktop",
    }
    with db.transaction() as session:
        assert session.execute(text("SHOW transaction_isolation")).scalar() == "read committed"
    db.close()


def test_after_a_merges_own_ids_the_next_row_takes_the_next_id(pg_url) -> None:
    db = open_database(pg_url)
    with db.transaction() as session:
        db_server.after_explicit_ids(session, "branch")  # an empty table: the next id is 1
        session.execute(
            text(
                "INSERT INTO branch (name, township, secretary, phone, uid, package_digest) "
                "VALUES ('一村', '镇', '', '', 'u1', '') RETURNING id"
            )
        )
    with db.reading() as session:
        assert session.execute(text("SELECT id FROM branch")).scalar() == 1
    with db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO branch (id, name, township, secretary, phone, uid, package_digest) "
                "VALUES (41, '二村', '镇', '', '', 'u41', '')"
            )
        )
        db_server.after_explicit_ids(session, "branch")
        new_id = session.execute(
            text(
                "INSERT INTO branch (name, township, secretary, phone, uid, package_digest) "
                "VALUES ('三村', '镇', '', '', 'u42', '') RETURNING id"
            )
        ).scalar()
    assert new_id == 42
    db.close()


def test_after_explicit_ids_leaves_a_file_alone(db) -> None:
    with db.transaction() as session:
        db_server.after_explicit_ids(session, "branch")  # SQLite hands out max(id) + 1 itself
        assert session.execute(text("SELECT count(*) FROM branch")).scalar() == 0


def test_a_newer_server_database_is_refused_and_left_as_it_is(pg_url) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_later'"))
    with pytest.raises(DatabaseTooNew, match="9999_later"):
        open_database(pg_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_later"
    engine.dispose()


def test_an_empty_server_database_is_brought_to_the_newest_revision(pg_server) -> None:
    from sqlalchemy import create_engine

    from dangjian_desktop.core.db import head_revision

    name = "dj_empty_" + str(id(pg_server))[-6:].translate(str.maketrans("0123456789", "ghijklmnop"))
    pg_server._admin(f'CREATE DATABASE "{name}"')
    pg_server.made.append(name)
    url = pg_server.url_for(name)
    open_database(url).close()
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    engine.dispose()
    open_database(url).close()  # opened again: nothing to do


def test_a_missing_server_database_is_named_in_chinese(pg_server) -> None:
    url = pg_server.url_for("dj_no_such_database")
    with pytest.raises(DatabaseError, match="服务器上没有这个数据库"):
        open_database(url)
