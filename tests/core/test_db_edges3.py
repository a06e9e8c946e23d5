"""core/db.py on three more edges: a file written by a newer program is refused in words that name
that very file and say it was left as it was; a server's URL given to make_engine makes a PostgreSQL
engine for that server (no connection is made); a Database for a server knows it is one and shows its
URL without the password; the data folder on Windows has no author folder in it (platformdirs' real
Windows rules, with its own override of the folder, since this machine is not Windows)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import platformdirs
import platformdirs.windows
import pytest

from dangjian_desktop.core import db as dbm
from dangjian_desktop.core.db import Database, DatabaseTooNew, make_engine, open_database

URL = "postgresql+psycopg://clerk:secret@county-db:5433/dangjian"


def test_a_newer_file_is_refused_in_words_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "凤凰村.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_later')")
    connection.close()
    with pytest.raises(DatabaseTooNew) as caught:
        open_database(path)
    assert str(caught.value) == (
        f"数据库 {path} 由更新版本的程序创建（结构版本 9999_later），本程序无法打开。"
        "请安装最新版本；文件未做任何改动。"
    )


def test_a_servers_url_makes_an_engine_for_that_server() -> None:
    engine = make_engine(URL)
    try:
        assert engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"
        assert (engine.url.host, engine.url.port, engine.url.database) == ("county-db", 5433, "dangjian")
        assert engine.url.username == "clerk"
    finally:
        engine.dispose()


def test_a_database_on_a_server_knows_it_and_hides_the_password() -> None:
    database = Database(Path("/tmp/x/server"), server_url=URL)
    assert database.is_server and database.server_url == URL
    assert database.location == "postgresql+psycopg://clerk:***@county-db:5433/dangjian"
    assert repr(database) == "Database('postgresql+psycopg://clerk:***@county-db:5433/dangjian')"


def test_the_data_folder_on_windows_has_no_author_folder(monkeypatch) -> None:
    local = "C:\\Users\\clerk\\AppData\\Local"
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", local)  # platformdirs' own override
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    folder = dbm._data_dir()
    assert folder == Path(local) / "dangjian_desktop"  # not ...\dangjian_desktop\dangjian_desktop
