"""Messages and logs of failures hold no personal value; storage failures have Chinese words."""

import errno
import sqlite3

from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from dangjian_desktop.core.errorlog import describe_failure, log_path, scrub
from dangjian_desktop.core.errors import os_error_text

ID = "36042119800101123X"
PHONE = "13812345678"


def _integrity_error() -> IntegrityError:
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE m (id_number TEXT UNIQUE, name TEXT, address TEXT)"))
    try:
        with engine.begin() as connection:
            rows = [{"i": ID, "n": "张三", "a": "凤凰村三组"}] * 2
            connection.execute(text("INSERT INTO m VALUES (:i, :n, :a)"), rows)
    except IntegrityError as exc:
        return exc
    raise AssertionError("no error")


def test_scrub_removes_ids_phones_names_and_parameters() -> None:
    error = _integrity_error()
    assert ID in str(error)  # what the library would have shown
    cleaned = scrub(f"{error}\nphone {PHONE} name '李四' 地址 凤凰村")
    for secret in (ID, PHONE, "张三", "李四", "凤凰村", "1234"):
        assert secret not in cleaned
    assert "UNIQUE constraint failed" in cleaned and "[SQL: INSERT INTO m" in cleaned  # the why stays


def test_describe_failure_is_one_chinese_sentence_and_the_log_is_clean(tmp_path) -> None:
    db_path = tmp_path / "t.sqlite3"
    message = describe_failure(_integrity_error(), "第1村.djpkg", db_path)
    assert message.startswith("第1村.djpkg 未合并：") and "身份证号出现两次" in message
    assert ID not in message and "\n" not in message
    logged = log_path(db_path).read_text(encoding="utf-8")
    assert "IntegrityError" in logged and ID not in logged and "张三" not in logged


def test_storage_failures_in_chinese() -> None:
    assert "已满" in os_error_text(OSError(errno.ENOSPC, "No space left on device"))
    assert "只读" in os_error_text(OSError(errno.EROFS, "Read-only file system"))
    assert "已满" in os_error_text(sqlite3.OperationalError("database or disk is full"))
    assert "只读" in os_error_text(sqlite3.OperationalError("attempt to write a readonly database"))
    assert os_error_text(ValueError("something else")) == "读写文件出错"
