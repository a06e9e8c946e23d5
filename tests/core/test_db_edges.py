"""core/db.py at its edges: where a target is, what a file says before it is opened, what a damaged or
busy file is called, the IN-list step. Real files throughout (sqlite3 and the program's own open)."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from dangjian_desktop.core import db as dbm
from dangjian_desktop.core.backup import backup_dir_for
from dangjian_desktop.core.db import (
    Database,
    DatabaseError,
    DatabaseTooNew,
    database_target,
    in_batches,
    is_busy,
    is_server_url,
    local_path,
    open_database,
    peek_branch,
    peek_one,
    quick_problems,
    refuse_if_damaged,
    stored_revision,
)

URL = "postgresql+psycopg://clerk@county-db:5433/dangjian"


def _garbage(path: Path) -> Path:
    path.write_bytes(b"this is not a database, only words " * 200)
    return path


# --- where the data is ---------------------------------------------------------------------------


def test_a_url_names_a_server_and_a_path_does_not() -> None:
    assert is_server_url(URL)
    assert not is_server_url(r"C:\村\dangjian.sqlite3")
    assert not is_server_url(Path("/tmp/a://b"))  # a Path is never a URL, whatever it spells


def test_the_target_is_what_was_given_else_the_environment_else_the_data_folder(
    monkeypatch, tmp_path
) -> None:
    monkeypatch.delenv(dbm.ENV_DB, raising=False)
    default = database_target()
    assert default.name == "dangjian.sqlite3" and default.parent.name == "dangjian_desktop"
    assert database_target("") == default  # an empty --db is no --db
    monkeypatch.setenv(dbm.ENV_DB, str(tmp_path / "env.sqlite3"))
    assert database_target() == tmp_path / "env.sqlite3"
    assert database_target("") == tmp_path / "env.sqlite3"
    assert database_target(tmp_path / "given.sqlite3") == tmp_path / "given.sqlite3"
    monkeypatch.setenv(dbm.ENV_DB, URL)
    assert database_target() == URL and isinstance(database_target(), str)
    assert dbm.default_db_path() == local_path(URL)


def test_a_servers_local_folder_is_named_by_host_port_and_database() -> None:
    data = dbm._data_dir()
    assert local_path(URL) == data / "servers" / "county-db-5433-dangjian" / "server"
    assert local_path("postgresql+psycopg://clerk@/dangjian?host=/run/pg") == (
        data / "servers" / "run_pg-dangjian" / "server"
    )
    assert (
        local_path("postgresql+psycopg://clerk@/dangjian") == data / "servers" / "local-dangjian" / "server"
    )
    assert local_path("postgresql+psycopg://clerk@db:5432").parent.name == "db-5432"  # no database named
    assert local_path("postgresql+psycopg://clerk@Xdb/XX").parent.name == "Xdb-XX"  # only the slashes cut
    long = "postgresql+psycopg://clerk@" + "h" * 120 + "/db"
    assert local_path(long).parent.name == "h" * 80
    assert local_path("/tmp/村.sqlite3") == Path("/tmp/村.sqlite3")


# --- the revision, read before anything is touched ------------------------------------------------


def test_the_stored_revision_of_missing_empty_bare_and_damaged_files(tmp_path) -> None:
    assert stored_revision(tmp_path / "none.sqlite3") is None
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    assert stored_revision(tmp_path / "empty.sqlite3") is None
    bare = tmp_path / "bare.sqlite3"
    with sqlite3.connect(bare) as conn:
        conn.execute("CREATE TABLE other (x)")
    assert stored_revision(bare) is None
    with sqlite3.connect(bare) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    assert stored_revision(bare) is None  # the table, no row
    with sqlite3.connect(bare) as conn:
        conn.execute("INSERT INTO alembic_version VALUES ('0001_x')")
    assert stored_revision(bare) == "0001_x"
    bad = _garbage(tmp_path / "bad.sqlite3")
    with pytest.raises(DatabaseError, match="无法读取") as caught:
        stored_revision(bad)
    assert str(bad) in str(caught.value) and "可能已损坏" in str(caught.value)


def test_a_newer_revision_is_refused_by_name_and_a_known_one_is_not() -> None:
    dbm.refuse_newer(None, "x")
    dbm.refuse_newer(dbm.head_revision(), "x")
    with pytest.raises(DatabaseTooNew) as caught:
        dbm.refuse_newer("9999_later", "村.sqlite3")
    assert "村.sqlite3" in str(caught.value) and "9999_later" in str(caught.value)
    assert "文件未做任何改动" in str(caught.value)


def test_two_newest_revisions_are_a_fault_of_the_program(monkeypatch, tmp_path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    for name, down in (("a1", None), ("b2", "a1"), ("c3", "a1")):
        (versions / f"{name}.py").write_text(f'revision = "{name}"\ndown_revision = {down!r}\n', "utf-8")
    monkeypatch.setattr(dbm, "MIGRATIONS_DIR", tmp_path)
    dbm._revision_graph.cache_clear()
    try:
        assert dbm._revision_graph() == {"a1": None, "b2": "a1", "c3": "a1"}
        with pytest.raises(DatabaseError, match="2 个最新版本"):
            dbm.head_revision()
        (versions / "c3.py").unlink()
        dbm._revision_graph.cache_clear()
        assert dbm.head_revision() == "b2" and dbm.known_revisions() == {"a1", "b2"}
    finally:
        dbm._revision_graph.cache_clear()


def test_alembic_is_pointed_at_the_programs_migrations_and_the_given_connection() -> None:
    config = dbm.alembic_config("the connection")
    assert Path(config.get_main_option("script_location")) == dbm.MIGRATIONS_DIR
    assert config.attributes["connection"] == "the connection"
    assert "connection" not in dbm.alembic_config().attributes


# --- opening ---------------------------------------------------------------------------------------


def test_opening_makes_the_folder_and_backs_up_only_an_older_file(tmp_path, _empty_database) -> None:
    fresh = tmp_path / "新" / "村" / "a.sqlite3"
    open_database(fresh).close()
    assert stored_revision(fresh) == dbm.head_revision()
    assert not backup_dir_for(fresh).exists()  # a new file has nothing to keep
    open_database(fresh).close()
    assert not backup_dir_for(fresh).exists()  # an up-to-date one neither
    old = tmp_path / "old.sqlite3"
    old.write_bytes((Path(__file__).parents[1] / "data" / "rev0001_demo.sqlite3").read_bytes())
    open_database(old, backup_before_upgrade=False).close()
    assert not backup_dir_for(old).exists()
    older = tmp_path / "older.sqlite3"
    older.write_bytes((Path(__file__).parents[1] / "data" / "rev0001_demo.sqlite3").read_bytes())
    database = open_database(older)
    assert [p.name.endswith("-upgrade.sqlite3") for p in backup_dir_for(older).iterdir()] == [True]
    with database.reading() as session:  # the upgraded file is the one opened
        assert (
            session.execute(text("SELECT version_num FROM alembic_version")).scalar() == dbm.head_revision()
        )
    database.close()


def test_opening_clears_an_old_half_written_backup(tmp_path, _empty_database) -> None:
    path = tmp_path / "a.sqlite3"
    path.write_bytes(_empty_database.read_bytes())
    stale = tmp_path / "x.sqlite3.part"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    open_database(path).close()
    assert not stale.exists()


def test_a_database_names_its_file_and_connects_with_the_pragmas(db) -> None:
    assert repr(db) == f"Database({str(db.path)!r})"
    assert not db.is_server and db.location == str(db.path)
    with db.connect() as connection:
        assert connection.isolation_level is None  # BEGIN is the program's own
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_a_plain_reading_session_takes_no_write_lock(db, branch_id) -> None:
    with db.reading() as session:
        session.execute(text("SELECT count(*) FROM branch")).scalar()
        other = sqlite3.connect(db.path, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # a reader leaves the lock to a writer
        other.rollback()
        other.close()


def test_closing_lets_go_of_the_files_connections(db, branch_id) -> None:
    with db.reading() as session:
        session.execute(text("SELECT 1")).scalar()
    assert db.engine.pool.checkedin() >= 1
    db.close()
    assert db.engine.pool.checkedin() == 0


# --- reading before opening ------------------------------------------------------------------------


def test_peeking_one_row_of_missing_empty_damaged_and_sound_files(tmp_path, db, branch_id) -> None:
    assert peek_one(tmp_path / "none.sqlite3", "SELECT 1") is None
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    assert peek_one(tmp_path / "empty.sqlite3", "SELECT 1") is None
    assert peek_one(_garbage(tmp_path / "bad.sqlite3"), "SELECT count(*) FROM sqlite_master") is None
    assert peek_one(db.path, "SELECT name FROM branch WHERE id = ?", (branch_id,)) == ("测试村党支部",)
    assert peek_one(db.path, "SELECT name FROM no_such_table") is None


def test_the_branch_peeked_before_opening(tmp_path, db, branch_id) -> None:
    assert peek_branch(tmp_path / "none.sqlite3") == (None, False)
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    assert peek_branch(tmp_path / "empty.sqlite3") == (None, False)
    assert peek_branch(_garbage(tmp_path / "bad.sqlite3")) == (None, False)
    assert peek_branch(db.path) == ("测试村党支部", False)
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.settings.catalogue import TOWNSHIP_MODE

    with db.transaction() as session:
        settings.put(session, TOWNSHIP_MODE, True)
    assert peek_branch(db.path) == ("乡镇汇总", True)  # one branch, and the township's mode
    with db.transaction() as session:
        settings.put(session, TOWNSHIP_MODE, False)
    with sqlite3.connect(db.path) as conn:  # a village merged in, as a township's file holds it
        conn.execute(
            "INSERT INTO branch (name, township, secretary, phone, uid, package_digest) "
            "VALUES ('第二村党支部', '测试镇', '李', '', 'second', '')"
        )
    conn.close()
    assert peek_branch(db.path) == ("乡镇汇总", True)  # two branches: a township's file


def test_an_empty_program_file_has_no_branch_yet(db) -> None:
    assert peek_branch(db.path) == (None, False)


# --- damaged files ---------------------------------------------------------------------------------


def test_a_sound_file_has_no_problems_and_a_broken_key_is_named(db, branch_id) -> None:
    from dangjian_desktop.core.roster import MemberDraft, add_member

    assert dbm.integrity_problems(db) == []
    with db.transaction() as session:
        member_id = add_member(session, branch_id, MemberDraft(name="甲"))
    conn = sqlite3.connect(db.path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("UPDATE member SET branch_id = 9999 WHERE id = ?", (member_id,))
    conn.commit()
    conn.close()
    assert dbm.integrity_problems(db) == [f"外键错误：表 member 第 {member_id} 行引用了不存在的 branch"]


def test_quick_problems_of_missing_sound_and_garbage_files(tmp_path, db) -> None:
    assert quick_problems(tmp_path / "none.sqlite3") == []
    assert quick_problems(db.path) == []
    problems = quick_problems(_garbage(tmp_path / "bad.sqlite3"))
    assert len(problems) == 1 and problems[0].startswith("数据库文件无法读取：")


def test_a_damaged_file_is_refused_with_its_name_its_first_problem_and_the_way_out(tmp_path, db) -> None:
    refuse_if_damaged(db.path)  # a sound file passes
    refuse_if_damaged(tmp_path / "none.sqlite3")
    bad = _garbage(tmp_path / "bad.sqlite3")
    with pytest.raises(DatabaseError) as caught:
        refuse_if_damaged(bad)
    message = str(caught.value)
    assert message.startswith(f"数据文件 {bad} 检查未通过：\n数据库文件无法读取：")
    assert message.endswith("不会删除。（打开程序窗口即显示备份列表）")
    assert dbm.damaged_message(bad, []) == (
        f"数据文件 {bad} 检查未通过：\n\n\n请从下面的备份中选一个恢复。现有文件会改名保留在原文件夹，不会删除。"
    )
    assert dbm.damaged_message(bad, ["第一", "第二"]).split("\n")[1] == "第一"


# --- busy, limits, marks, batches ------------------------------------------------------------------


def test_busy_is_the_lock_and_nothing_else(db) -> None:
    from sqlalchemy.exc import OperationalError

    assert is_busy(sqlite3.OperationalError("database is locked"))
    assert is_busy(sqlite3.OperationalError("database table is busy"))
    assert not is_busy(sqlite3.OperationalError("no such table: member"))
    assert not is_busy(RuntimeError("database is locked"))  # a word in another kind of error
    wrapped = OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
    assert is_busy(wrapped)
    assert not is_busy(OperationalError("SELECT", {}, sqlite3.OperationalError("disk I/O error")))


def test_the_bound_value_limit_is_the_connections_own(db) -> None:
    conn = sqlite3.connect(":memory:")
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 123)
    assert dbm.bound_value_limit(conn) == 123
    conn.close()
    assert dbm.bound_value_limit(object()) == 999  # a connection without getlimit: old SQLite's 999


def test_parameter_marks(db) -> None:
    with db.connect() as connection:
        assert dbm.param_mark(connection) == "?"
    assert dbm.param_mark(object()) == "%s"


@pytest.mark.parametrize("count", [0, 1, 499, 500, 501, 1000, 1001])
def test_in_batches_cut_on_the_step_and_keep_every_item(count) -> None:
    items = list(range(count))
    batches = list(in_batches(items))
    assert [len(b) for b in batches] == [500] * (count // 500) + ([count % 500] if count % 500 else [])
    assert [x for b in batches for x in b] == items
    small = items[:7]
    assert [list(b) for b in in_batches(small, 3)] == [small[i : i + 3] for i in range(0, len(small), 3)]


def test_a_database_made_from_an_engine_uses_it(db_path, _empty_database) -> None:
    db_path.write_bytes(_empty_database.read_bytes())
    engine = dbm.make_engine(db_path)
    database = Database(db_path, engine)
    assert database.engine is engine
    assert database.server_url is None and database.path == db_path
    database.close()
