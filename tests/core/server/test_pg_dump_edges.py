"""pg_dump's extra copy of a server database (core/backup.py pg_dump_to) in what it hands pg_dump
and what it says: the password by the environment and never on the command line, the port and the
database of the URL, PostgreSQL's own default when the URL names no database, and a failure told in
pg_dump's words (text, cut to 300 characters), against the real PostgreSQL of tests/server_db.py.

What pg_dump is given is read by a stand-in placed first on PATH that writes down its arguments and
its PGPASSWORD and then runs the real pg_dump: the test server trusts every local connection, so a
password lost on the way would otherwise go unnoticed here and fail only at a county's server."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from dangjian_desktop.core.backup import BackupError, pg_dump_to
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.roster import MemberDraft, add_member
from tests.server_db import PgServer

pytestmark = pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="pg_dump / pg_restore are not installed",
)

PASSWORD = "s3cret-pw"
NAME = "阿依古丽·买买提江"


@dataclass
class Recorded:
    folder: Path

    @property
    def args(self) -> list[str]:
        return (self.folder / "pg_dump.args").read_text(encoding="utf-8").split("\n")[:-1]

    @property
    def password(self) -> str:
        return (self.folder / "pg_dump.password").read_text(encoding="utf-8")


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Recorded:
    """A pg_dump first on PATH that writes down what it was given, then runs the real one."""
    real = shutil.which("pg_dump")
    folder = tmp_path / "bin"
    folder.mkdir()
    stand_in = folder / "pg_dump"
    stand_in.write_text(
        "#!/bin/sh\n"
        'printf %s "${PGPASSWORD-(unset)}" > "$0.password"\n'
        'for a in "$@"; do printf "%s\\n" "$a"; done > "$0.args"\n'
        f'exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    stand_in.chmod(stand_in.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("PGPASSWORD", raising=False)  # only the program's own may reach pg_dump
    return Recorded(folder)


def _filled_and_dumped(url: str, target: Path, password: str | None = None) -> Path:
    """The server database at `url` given a branch and a member named NAME, then dumped to `target`."""
    db = open_database(url, password=password)
    try:
        with db.transaction() as session:
            branch = create_branch(session, "凤凰村党支部")
            add_member(session, branch.id, MemberDraft(name=NAME))
        return pg_dump_to(db, target)
    finally:
        db.close()


def _restored_text(dump: Path) -> str:
    """The dump as SQL (pg_restore to standard output): its rows are readable there."""
    return subprocess.run(
        ["pg_restore", "--file=-", str(dump)], capture_output=True, text=True, check=True
    ).stdout


def _server_port(db: Database) -> int:
    with db.engine.connect() as connection:
        return int(connection.scalar(text("SELECT current_setting('port')")))


def test_the_password_goes_to_pg_dump_by_the_environment_never_on_its_command_line(
    pg_url: str, recorded: Recorded, tmp_path: Path
) -> None:
    """The password typed when opening the server reaches pg_dump as PGPASSWORD (a server that asks
    for one refuses pg_dump without it) and appears in none of its arguments (any user of the
    computer can read a running program's command line)."""
    target = _filled_and_dumped(pg_url, tmp_path / "county.dump", PASSWORD)
    assert recorded.password == PASSWORD
    assert not any(PASSWORD in arg for arg in recorded.args)
    assert NAME in _restored_text(target)


def test_without_a_password_none_is_made_up(pg_url: str, recorded: Recorded, tmp_path: Path) -> None:
    db = open_database(pg_url)
    try:
        pg_dump_to(db, tmp_path / "county.dump")
    finally:
        db.close()
    assert recorded.password == "(unset)"


def test_pg_dump_is_given_the_host_port_user_and_database_of_the_url(
    pg_url: str, recorded: Recorded, tmp_path: Path
) -> None:
    """A URL naming its port (a county server seldom runs on the default one): pg_dump is given it,
    with the host, the user and the database, and dumps that database with its rows."""
    probe = open_database(pg_url)
    port = _server_port(probe)
    probe.close()
    url = make_url(pg_url).set(port=port)
    target = _filled_and_dumped(url.render_as_string(hide_password=False), tmp_path / "county.dump")
    host = url.host or url.query["host"]
    assert recorded.args == [
        "--format=custom",
        f"--file={target}",
        "--no-password",
        f"--host={host}",
        f"--port={port}",
        f"--username={url.username}",
        url.database,
    ]
    assert NAME in _restored_text(target)


@pytest.fixture
def own_role(pg_server: PgServer, pg_url: str) -> Iterator[str]:
    """A login role named as the test's database: for it, PostgreSQL's default database is that one."""
    name = make_url(pg_url).database
    pg_server._admin(f'CREATE ROLE "{name}" LOGIN SUPERUSER')
    yield name
    pg_server._admin(f'DROP ROLE IF EXISTS "{name}"')


def test_a_url_without_a_database_dumps_postgresqls_default_as_the_program_uses(
    pg_url: str, own_role: str, recorded: Recorded, tmp_path: Path
) -> None:
    """No database in the URL: the program works in PostgreSQL's default (the one named as the user),
    and pg_dump, given an empty name, dumps that same one, never a database of a made-up name."""
    server = make_url(pg_url)
    url = URL.create(server.drivername, own_role, host=server.host, port=server.port, query=server.query)
    target = _filled_and_dumped(url.render_as_string(hide_password=False), tmp_path / "county.dump")
    assert recorded.args[-1] == ""
    assert NAME in _restored_text(target)


def test_a_file_database_is_refused_in_exact_words(db: Database, tmp_path: Path) -> None:
    with pytest.raises(BackupError) as caught:
        pg_dump_to(db, tmp_path / "x.dump")
    assert str(caught.value) == "本机没有安装 pg_dump，或这不是服务器数据库"
    assert not (tmp_path / "x.dump").exists()


@pytest.fixture
def server_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    yield db
    db.close()


def test_a_failure_is_told_in_pg_dumps_own_words_as_text(server_db: Database, tmp_path: Path) -> None:
    """pg_dump's message after the program's words, as text (not b'…' bytes), whole when short."""
    target = tmp_path / "拔掉的U盘" / "x.dump"
    with pytest.raises(BackupError) as caught:
        pg_dump_to(server_db, target)
    message = str(caught.value)
    assert message.startswith("pg_dump 未成功：pg_dump: error: ")
    assert str(target) in message and message == message.strip()


def test_a_long_failure_is_cut_to_three_hundred_characters(server_db: Database, tmp_path: Path) -> None:
    """A message longer than 300 characters (a deep path) is cut to its first 300, not one more."""
    target = tmp_path / ("深" * 80) / ("层" * 80) / ("目" * 80) / "x.dump"  # the cut falls in the path
    with pytest.raises(BackupError) as caught:
        pg_dump_to(server_db, target)
    prefix = "pg_dump 未成功："
    message = str(caught.value)
    assert len(message) == len(prefix) + 300
    assert message.startswith(prefix + "pg_dump: error: ")
    assert str(target).startswith(message[message.index(str(tmp_path)) :])
