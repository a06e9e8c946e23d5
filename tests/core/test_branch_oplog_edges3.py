"""The branch's record and the operation log read back as stored (core/branch.py, core/oplog.py), and
the storage-error words that never come from what was being written (core/errors.py): a branch made
with its name alone keeps empty details, not some placeholder; the refusal when there is no branch,
word for word; a log line written where the system cannot name the login; an error whose statement
carries words of the member's data is judged by SQLite's own words only."""

from __future__ import annotations

import getpass
import sqlite3

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from dangjian_desktop.core.branch import BranchError, create_branch, require_branch
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import is_storage_error, os_error_text
from dangjian_desktop.core.models import Branch, OperationLog
from dangjian_desktop.core.oplog import current_user, log


def test_a_branch_made_with_its_name_alone_keeps_empty_details(db: Database) -> None:
    with db.transaction() as session:
        info = create_branch(session, "甲村党支部")
    with db.reading() as session:
        stored = session.scalars(select(Branch)).one()
        assert (stored.township, stored.secretary, stored.phone) == ("", "", "")
    assert (info.township, info.secretary, info.phone) == ("", "", "")


def test_no_branch_yet_is_refused_in_these_words(db: Database) -> None:
    with db.reading() as session, pytest.raises(BranchError) as caught:
        require_branch(session)
    assert str(caught.value) == (
        "还没有创建党支部，请先运行 dangjian init --branch 支部名称，或在程序首页创建。"
    )


def test_a_login_the_system_cannot_name_is_logged_as_nobody(db: Database, monkeypatch) -> None:
    def no_login() -> str:
        raise OSError("No username set in the environment")  # as getpass says on a frozen Windows build

    monkeypatch.setattr(getpass, "getuser", no_login)
    assert current_user() == ""
    with db.transaction() as session:
        log(session, "导出数据包", "甲村")
    with db.reading() as session:
        line = session.execute(select(OperationLog.actor, OperationLog.action, OperationLog.detail)).one()
    assert tuple(line) == ("", "导出数据包", "甲村")


def test_an_error_is_judged_by_sqlites_words_not_by_the_values_being_written() -> None:
    # the statement's parameters hold a member's note; SQLite itself only says the file is busy
    wrapped = OperationalError(
        "UPDATE member SET note=? WHERE id=?",
        ("U盘 readonly, no space, permission", 7),
        sqlite3.OperationalError("database is locked"),
    )
    assert "readonly" in str(wrapped)  # SQLAlchemy's own text carries the values
    assert os_error_text(wrapped) == "读写文件出错"
    assert not is_storage_error(wrapped)


def test_an_error_number_that_cannot_be_looked_up_falls_back_to_the_words() -> None:
    odd = OSError(["not", "a", "number"], "database or disk is full")  # errno is whatever was given
    assert odd.errno == ["not", "a", "number"]
    assert os_error_text(odd) == "磁盘或U盘已满，请腾出空间后再试"
