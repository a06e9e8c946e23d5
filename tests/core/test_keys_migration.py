"""Revision 0002: an existing village database gets its signing key on upgrade; a township does not."""

from pathlib import Path

from alembic import command
from sqlalchemy import select, text

from dangjian_desktop.core.db import alembic_config, make_engine, open_database
from dangjian_desktop.core.keys import fingerprint_hex, is_village, key_state
from dangjian_desktop.core.models import Branch


def database_at_0001(path: Path, branches: list[str], township_mode: bool = False) -> None:
    engine = make_engine(path)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001_initial")
        for i, name in enumerate(branches):
            connection.execute(
                text(
                    "INSERT INTO branch (name, township, secretary, phone, uid, package_digest) "
                    "VALUES (:name, '', '', '', :uid, '')"
                ),
                {"name": name, "uid": f"{i:032d}"},
            )
        if township_mode:
            connection.execute(text("INSERT INTO setting (key, value) VALUES ('app.township_mode', 'true')"))
    engine.dispose()


def test_an_existing_village_gets_its_key_on_upgrade(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    database_at_0001(path, ["老村党支部"])
    db = open_database(path)
    with db.reading() as session:
        assert is_village(session)
        branch = session.scalars(select(Branch)).one()
        assert len(branch.signing_key) == 64
        assert key_state(session).signing == fingerprint_hex(branch.signing_key)
    db.close()


def test_a_township_or_an_empty_database_gets_no_signing_key(tmp_path) -> None:
    for name, branches, mode in (
        ("two", ["东村", "西村"], False),
        ("mode", ["东村"], True),
        ("empty", [], False),
    ):
        path = tmp_path / f"{name}.sqlite3"
        database_at_0001(path, branches, mode)
        db = open_database(path)
        with db.reading() as session:
            assert not is_village(session), name
            assert all(b.signing_key == "" for b in session.scalars(select(Branch)))
        db.close()


def test_a_new_branch_gets_a_key_and_the_key_never_travels(db, branch_id) -> None:
    from dangjian_desktop.core.exchange.tables import data_tables

    with db.reading() as session:
        assert is_village(session) and len(session.get(Branch, branch_id).signing_key) == 64
    assert "local_key" not in {t.name for t in data_tables()}
