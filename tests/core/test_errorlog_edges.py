"""The error log and the failure sentences on their edges (core/errorlog.py, core/errors.py): an
18-digit ID number, one ending in X, an 11-digit phone and four digits (kept: a line number), quoted
and Chinese text, a parameter list over several lines; where the log is written and what one entry
holds; each kind of failure in its own words; each storage condition by its error number and by
SQLite's text."""

from __future__ import annotations

import errno
import sqlite3
import traceback
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError, StatementError

from dangjian_desktop.core.errorlog import LOG_NAME, describe_failure, log_path, log_unexpected, scrub
from dangjian_desktop.core.errors import UserError, is_storage_error, os_error_text

ID = "36042119800101123X"
ID_DIGITS = "360421198001011234"
PHONE = "13812345678"


@pytest.mark.parametrize(
    ("raw", "scrubbed"),
    [
        (f"id {ID} end", "id # end"),
        (f"id {ID_DIGITS} end", "id # end"),
        (f"id {ID.lower()} end", "id # end"),
        (f"phone {PHONE}.", "phone #."),
        ("line 1234 of 12345", "line 1234 of #"),  # four digits stay (a line number), five go
        ("year 2026x", "year 2026x"),
        ("code 12345X9", "code #"),
        ("name '张三' and \"李四\"", "name '…' and '…'"),
        ("地址 凤凰村三组", "… …"),
        ("全角 ＡＢＣ", "… …"),
        ("⺀ and 丿 and 鿿 and 豈 and ｟", "… and … and … and … and …"),
        ("[parameters: ('360421', '张三')]", "[parameters: …]"),
        (
            "a [parameters: (1,\n 2)]\n(Background on this error",
            "a [parameters: …]\n(Background on this error",
        ),
        ("plain english text", "plain english text"),
        ("'x'", "'…'"),
        ("''", "'…'"),
    ],
)
def test_what_the_log_keeps_of_a_text(raw: str, scrubbed: str) -> None:
    assert scrub(raw) == scrubbed


def test_a_quoted_value_is_scrubbed_only_up_to_200_characters_and_one_line() -> None:
    assert scrub("'" + "a" * 200 + "'") == "'…'"
    assert scrub("'" + "a" * 201 + "'") == "'" + "a" * 201 + "'"
    assert scrub("'ab\ncd'") == "'ab\ncd'"
    assert scrub('"' + "b" * 200 + '"') == "'…'"


def test_two_parameter_lists_are_each_scrubbed_not_the_text_between() -> None:
    raw = "[parameters: (1, 2)] (Background) middle [parameters: (3,)]"
    assert scrub(raw) == "[parameters: …] (Background) middle [parameters: …]"


def test_the_log_beside_the_database(tmp_path: Path) -> None:
    db_path = tmp_path / "村" / "data.sqlite3"
    assert LOG_NAME == "errors.log"
    assert log_path(db_path) == tmp_path / "村" / "logs" / "errors.log"
    assert log_path(str(db_path)) == tmp_path / "村" / "logs" / "errors.log"  # type: ignore[arg-type]


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001
        return caught


def test_one_entry_per_failure_appended_and_scrubbed(tmp_path: Path) -> None:
    db_path = tmp_path / "data.sqlite3"
    first = log_unexpected(_raised(ValueError(f"bad {ID} for '王五'")), db_path, f"合并 {PHONE}.djpkg")
    second = log_unexpected(_raised(KeyError("k")), db_path)
    assert first == second == tmp_path / "logs" / "errors.log"
    logged = first.read_text(encoding="utf-8")
    entries = logged.split("--- ")[1:]
    assert len(entries) == 2
    assert entries[0].splitlines()[0].endswith(" … #.djpkg")
    assert entries[1].splitlines()[0].count(":") == 2 and entries[1].splitlines()[0].endswith(" ")
    assert "ValueError: bad # for '…'" in entries[0] and "Traceback (most recent call last)" in entries[0]
    assert "KeyError: '…'" in entries[1]
    caught = _raised(IndexError("the list"))
    log_unexpected(caught, db_path, "读取")
    last = first.read_text(encoding="utf-8").split("--- ")[-1]
    whole = "".join(traceback.format_exception(caught))  # the whole traceback, scrubbed, nothing between
    assert last.split("\n", 1)[1] == scrub(whole) + "\n" and last.split("\n", 1)[0].endswith(" …")
    for secret in (ID, PHONE, "王五", "合并"):
        assert secret not in logged
    assert logged.endswith("\n\n") and entries[0].endswith("\n\n")


def test_a_log_that_cannot_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "a file"
    blocked.write_bytes(b"")
    assert log_unexpected(ValueError("x"), blocked / "data.sqlite3") is None
    message = describe_failure(ValueError("x"), "第1村.djpkg", blocked / "data.sqlite3")
    assert message == "第1村.djpkg 未合并：数据包的内容格式不对，已撤回这个数据包的全部改动"


def _integrity() -> IntegrityError:
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE m (n TEXT UNIQUE)"))
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO m VALUES (:n)"), [{"n": ID}, {"n": ID}])
    except IntegrityError as exc:
        return exc
    raise AssertionError("no error")


def _statement() -> StatementError:
    return StatementError("bad value", "INSERT", {"n": ID}, TypeError(ID))


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_integrity, "数据包中的数据前后矛盾（例如同一身份证号出现两次，或引用了不存在的记录）"),
        (_statement, "数据包中有类型不对的值"),
        (lambda: ValueError(ID), "数据包的内容格式不对"),
        (lambda: TypeError(ID), "数据包的内容格式不对"),
        (lambda: KeyError(ID), "数据包的内容格式不对"),
        (lambda: AttributeError(ID), "数据包的内容格式不对"),
        (lambda: IndexError(ID), "数据包的内容格式不对"),
        (lambda: MemoryError(), "数据包太大，内存不够"),
        (lambda: RuntimeError(ID), "处理时出现意外错误"),
        (lambda: ZeroDivisionError(ID), "处理时出现意外错误"),
    ],
)
def test_each_kind_of_failure_in_its_own_words_and_logged(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "data.sqlite3"
    exc = make()
    message = describe_failure(
        _raised(exc) if not isinstance(exc, IntegrityError) else exc, "第2村.djpkg", db_path
    )
    log = log_path(db_path)
    assert message == f"第2村.djpkg 未合并：{reason}，已撤回这个数据包的全部改动（详情已记入 {log}）"
    logged = log.read_text(encoding="utf-8")
    assert logged.startswith("--- ") and type(exc).__name__ in logged and ID not in logged
    assert "第2村.djpkg" not in logged and logged.splitlines()[0].endswith(" …2….djpkg")


def test_a_users_error_is_passed_on_with_the_packages_name_once(tmp_path: Path) -> None:
    db_path = tmp_path / "data.sqlite3"
    assert describe_failure(UserError("签名不符"), "a.djpkg", db_path) == "a.djpkg 未合并：签名不符"
    assert describe_failure(UserError("a.djpkg 已合并过"), "a.djpkg", db_path) == "a.djpkg 已合并过"
    assert (
        describe_failure(UserError("数据包未合并：版本太旧"), "a.djpkg", db_path) == "数据包未合并：版本太旧"
    )
    assert not log_path(db_path).exists()  # a user's error is no failure of the program


def test_a_storage_failure_names_the_condition_and_is_not_logged(tmp_path: Path) -> None:
    db_path = tmp_path / "data.sqlite3"
    full = OSError(errno.ENOSPC, "No space left on device")
    assert describe_failure(full, "b.djpkg", db_path) == "b.djpkg 未合并：磁盘或U盘已满，请腾出空间后再试"
    locked = OperationalError("INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database"))
    assert (
        describe_failure(locked, "b.djpkg", db_path)
        == "b.djpkg 未合并：磁盘或U盘是只读的（写保护开关？），无法写入"
    )
    assert not log_path(db_path).exists()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "磁盘或U盘已满，请腾出空间后再试"),
        (errno.EDQUOT, "磁盘或U盘已满，请腾出空间后再试"),
        (errno.EROFS, "磁盘或U盘是只读的（写保护开关？），无法写入"),
        (errno.EACCES, "没有写入权限（文件只读，或被其他程序占用）"),
        (errno.EPERM, "没有写入权限（文件只读，或被其他程序占用）"),
        (errno.ENOENT, "文件或文件夹不存在（U盘是否已插好？）"),
        (errno.EIO, "读写出错（U盘或磁盘可能有问题，请换一个再试）"),
        (errno.EEXIST, "读写文件出错"),
    ],
)
def test_each_error_number_in_its_words(code: int, words: str) -> None:
    assert os_error_text(OSError(code, "whatever the system says")) == words
    assert is_storage_error(OSError(code, "x"))


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("database or disk is full", "磁盘或U盘已满，请腾出空间后再试"),
        ("No space left", "磁盘或U盘已满，请腾出空间后再试"),
        ("attempt to write a readonly database", "磁盘或U盘是只读的（写保护开关？），无法写入"),
        ("Read-only file system", "磁盘或U盘是只读的（写保护开关？），无法写入"),
        ("disk I/O error", "读写出错（U盘或磁盘可能有问题，请换一个再试）"),
        ("unable to open database file", "没有写入权限（文件只读，或被其他程序占用）"),
        ("Permission denied", "没有写入权限（文件只读，或被其他程序占用）"),
        ("no such table: member", "读写文件出错"),
    ],
)
def test_sqlites_own_words_read_directly_and_through_sqlalchemy(said: str, words: str) -> None:
    assert os_error_text(sqlite3.OperationalError(said)) == words
    wrapped = OperationalError("SELECT 1", {}, sqlite3.OperationalError(said))
    assert os_error_text(wrapped) == words
    assert is_storage_error(wrapped) == (words != "读写文件出错")
    assert not is_storage_error(sqlite3.OperationalError(said))  # not SQLAlchemy's: handled elsewhere


def test_an_error_number_that_is_not_a_number_or_unknown() -> None:
    class Odd(Exception):
        errno = "ENOSPC"

    assert os_error_text(Odd("nothing known")) == "读写文件出错"
    assert os_error_text(OSError(99999, "disk is full")) == "磁盘或U盘已满，请腾出空间后再试"
    assert os_error_text(OSError("no code at all")) == "读写文件出错"
    assert not is_storage_error(ValueError("disk is full"))
    assert is_storage_error(OSError("no code at all"))
