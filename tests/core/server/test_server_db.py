"""The same schema, township view and backups on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select, text

from dangjian_desktop.core.db import alembic_config, head_revision, open_database
from dangjian_desktop.core.exchange.merge import merge_package
from dangjian_desktop.core.exchange.package import PackageError
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.exchange.township_backup import restore_backup_package, write_backup
from dangjian_desktop.core.models import Base, Branch, Member
from dangjian_desktop.core.township import branch_summaries

from ..exchange.conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 10, 0)
DAY = dt.date(2026, 11, 22)


def test_migrations_match_the_models_on_the_server(pg_url) -> None:
    db = open_database(pg_url)
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.close()
    assert diff == []


def test_every_server_session_plans_for_a_cached_database_and_one_process(pg_url) -> None:
    """The planner's settings (core.db_server.PLANNER) hold in the readers' and the writers' sessions."""
    from dangjian_desktop.core.db_server import PLANNER

    db = open_database(pg_url)
    for session_of in (db.reading, db.transaction):
        with session_of() as session:
            shown = {name: session.execute(text(f"SHOW {name}")).scalar() for name in PLANNER}
            assert shown == PLANNER
    db.close()


def test_the_same_revisions_upgrade_a_server_database_with_its_rows(pg_server) -> None:
    """Created at 0007, a member written, then opened by this version: 0008 adds the version column
    and the member keeps every value."""
    name = "dj_upgrade_" + str(id(pg_server))[-8:]
    pg_server.drop(name)
    pg_server._admin(f'CREATE DATABASE "{name}"')
    url = pg_server.url_for(name)
    try:
        engine = create_engine(url)
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0007_inbound_members")
            connection.execute(text("INSERT INTO branch (uid, name, township, secretary, phone, signing_key, package_number, package_digest) VALUES ('u', '老村党支部', '', '', '', '', 0, '')"))
            connection.execute(
                text(
                    "INSERT INTO member (branch_id, name, gender, ethnicity, education, category, party_group,"
                    " is_committee, job, phone, address, status, left_reason, is_mobile, mobile_destination,"
                    " is_lost_contact, is_hardship, note, search_key) VALUES ((SELECT id FROM branch), '李四',"
                    " '男', '汉族', '', '正式党员', '', false, '', '', '', '在册', '', false, '', false, false, '', '')"
                )
            )
        engine.dispose()
        db = open_database(url)
        with db.reading() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            member = session.scalars(select(Member)).one()
            assert (member.name, member.version, member.category) == ("李四", 1, "正式党员")
        db.close()
    finally:
        pg_server.drop(name)


def _packages(folder) -> list:
    folder.mkdir(exist_ok=True)
    made = []
    for seed, name in ((1, "东村党支部"), (2, "西村党支部")):
        village = make_village(folder / f"v{seed}.sqlite3", size=15, seed=seed, name=name)
        made.append(export_package(village, folder / f"{seed}.djpkg", now=WHEN, with_documents=False))
        village.close()
    return made


def _merged_township(target, packages):
    township = open_database(target)
    for package in packages:
        merge_package(township, package, enroll=True, now=WHEN)
    return township


def test_the_township_view_is_the_same_on_both_backends(pg_url, tmp_path) -> None:
    packages = _packages(tmp_path / "villages")
    township = _merged_township(pg_url, packages)
    reference = _merged_township(tmp_path / "reference.sqlite3", packages)
    with township.reading() as one, reference.reading() as two:
        on_server, in_file = branch_summaries(one, DAY), branch_summaries(two, DAY)
    assert [s.name for s in on_server] == ["东村党支部", "西村党支部"]
    assert on_server == in_file
    township.close()
    reference.close()


def _content(db) -> dict[str, list]:
    """Every table's rows without the ids (the same data restored has the same content)."""
    content = {}
    with db.reading() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name not in ("created_at", "at")]
            rows = session.execute(select(*columns)).all()
            content[table.name] = sorted(repr(tuple(r)) for r in rows)
    return content


@pytest.mark.parametrize("into", ["sqlite", "postgresql"])
def test_a_whole_database_backup_restores_into_an_empty_database_of_either_kind(
    new_target, tmp_path, backend, into, request
) -> None:
    source = _merged_township(new_target("source"), _packages(tmp_path / "villages"))
    package = write_backup(source, tmp_path / "whole.djpkg", passphrase="口令123456")
    if into == "sqlite":
        target = tmp_path / "restored.sqlite3"
    else:
        target = request.getfixturevalue("pg_server").fresh()
    restored = open_database(target)
    message = restore_backup_package(restored, package, "口令123456")
    assert "党支部 2 个" in message
    expected, got = _content(source), _content(restored)
    got["operation_log"] = got["operation_log"][: len(expected["operation_log"])]
    assert {k: v for k, v in got.items() if k != "operation_log"} == {
        k: v for k, v in expected.items() if k != "operation_log"
    }
    # the restored township goes on: a later package of a village merges, ids do not collide
    village = make_village(tmp_path / "v3.sqlite3", size=5, seed=3, name="南村党支部")
    report = merge_package(
        restored, export_package(village, tmp_path / "3.djpkg", now=WHEN, with_documents=False), enroll=True
    )
    assert report.status == "merged"
    with restored.reading() as session:
        assert session.scalar(select(func.count()).select_from(Branch)) == 3
    # never over existing data: a second restore is refused and changes nothing
    with pytest.raises(PackageError, match="只能恢复到空数据库"):
        restore_backup_package(restored, package, "口令123456")
    for db in (source, restored, village):
        db.close()


def test_a_village_package_is_not_a_whole_database_backup(tmp_path) -> None:
    village = make_village(tmp_path / "v.sqlite3", size=5, seed=3, name="南村党支部")
    package = export_package(village, tmp_path / "v.djpkg", now=WHEN, with_documents=False)
    empty = open_database(tmp_path / "empty.sqlite3")
    with pytest.raises(PackageError, match="不是整库备份"):
        restore_backup_package(empty, package)
    village.close()
    empty.close()
