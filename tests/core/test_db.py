import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from dangjian_desktop.core.backup import backup_dir_for
from dangjian_desktop.core.db import DatabaseTooNew, head_revision, integrity_problems, open_database
from dangjian_desktop.core.models import Base


def test_every_connection_has_the_pragmas(db) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_migrations_match_the_models(db) -> None:
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_a_failed_transaction_leaves_nothing(db, branch_id) -> None:
    from dangjian_desktop.core.roster import MemberDraft, add_member

    with pytest.raises(RuntimeError), db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name="甲"))
        raise RuntimeError("power cut")
    with db.reading() as session:
        assert session.execute(text("SELECT count(*) FROM member")).scalar() == 0


def test_transactions_are_real_begin(db, branch_id) -> None:
    """With pysqlite's default handling a second writer would not block; a real BEGIN holds the lock."""
    with db.transaction() as session:
        session.execute(text("UPDATE branch SET name = '改名' WHERE id = :i"), {"i": branch_id})
        other = sqlite3.connect(db.path, timeout=0.1)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_newer_database_is_refused_untouched(tmp_path) -> None:
    path = tmp_path / "future.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    connection.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="更新版本"):
        open_database(path)
    assert path.read_bytes() == before
    assert not backup_dir_for(path).exists()


def test_reopening_is_idempotent_and_sound(db_path) -> None:
    first = open_database(db_path)
    first.close()
    second = open_database(db_path)
    with second.engine.connect() as connection:
        assert (
            connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        )
    assert integrity_problems(second) == []
    second.close()


def test_the_quick_revision_reader_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    from dangjian_desktop.core.db import alembic_config, known_revisions

    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == {rev.revision for rev in scripts.walk_revisions()}
