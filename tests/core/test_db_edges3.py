"""core/db.py on three more edges: a file written by a newer program is refused in words that name
that very file and say it was left as it was; a server's URL given to make_engine makes a PostgreSQL
engine for that server (no connection is made); a Database for a server knows it is one and shows its
URL without the password; the password a clerk types for a server is the one sent to it (a listener
that speaks the PostgreSQL login, since this machine runs no server for the tests); the data folder on Windows has no author folder in it (platformdirs' real
Windows rules, with its own override of the folder, since this machine is not Windows)."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import struct
import threading
from pathlib import Path

import platformdirs
import platformdirs.windows
import pytest

from dangjian_desktop.core import db as dbm
from dangjian_desktop.core.db import Database, DatabaseTooNew, make_engine, open_database
from dangjian_desktop.core.db_server import ServerLoginFailed

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


def test_a_file_made_new_is_opened_as_that_file(tmp_path: Path) -> None:
    path = tmp_path / "新村.sqlite3"
    database = open_database(path)
    try:
        assert database.path == path and database.location == str(path) and not database.is_server
        with database.connect() as connection:  # the path itself is what a worker's reader opens
            assert connection.execute("SELECT count(*) FROM branch").fetchone() == (0,)
    finally:
        database.close()


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


class _LoginDesk:
    """A listener on this computer that answers a PostgreSQL client as a server asking for a password
    does (the wire protocol's AuthenticationCleartextPassword), keeps the password it is sent and
    refuses it: what the program sends when a clerk types the server's password."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.passwords: list[str] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.listener.accept()
                with connection:
                    self._one(connection)

    @staticmethod
    def _exactly(connection: socket.socket, count: int) -> bytes:
        data = b""
        while len(data) < count:
            part = connection.recv(count - len(data))
            if not part:
                raise OSError("closed")
            data += part
        return data

    def _one(self, connection: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while True:  # SSL or GSS encryption asked first: refused ('N'), then the startup packet
                (length,) = struct.unpack("!i", self._exactly(connection, 4))
                body = self._exactly(connection, length - 4)
                if struct.unpack("!i", body[:4])[0] in (80877103, 80877104):
                    connection.sendall(b"N")
                    continue
                break
            connection.sendall(b"R" + struct.pack("!ii", 8, 3))  # a cleartext password, please
            kind = self._exactly(connection, 1)
            (length,) = struct.unpack("!i", self._exactly(connection, 4))
            body = self._exactly(connection, length - 4)
            if kind == b"p":
                self.passwords.append(body.rstrip(b"\0").decode("utf-8"))
            fields = b"SFATAL\0VFATAL\0C28P01\0M" + b'password authentication failed for user "clerk"\0\0'
            connection.sendall(b"E" + struct.pack("!i", len(fields) + 4) + fields)

    def close(self) -> None:
        self.listener.close()


def test_the_password_typed_for_a_server_is_the_one_sent_to_it() -> None:
    desk = _LoginDesk()
    try:
        url = f"postgresql+psycopg://clerk@127.0.0.1:{desk.port}/dangjian?sslmode=disable"
        with pytest.raises(ServerLoginFailed) as caught:
            open_database(url, password="村里的密码")
        assert desk.passwords == ["村里的密码"]
        assert str(caught.value) == (
            f"数据库服务器 postgresql+psycopg://clerk@127.0.0.1:{desk.port}/dangjian?sslmode=disable "
            "拒绝登录：用户名或密码不对"
        )
    finally:
        desk.close()
