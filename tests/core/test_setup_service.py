"""The first-run page's choices and the 设置 dialog's save as units of work (core/services/setup.py):
each is all of it or nothing, and the same call serves the GUI, the CLI and a test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import current_branch, is_township
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.services import query, setup

TODAY = dt.date(2026, 11, 22)


def test_the_branch_is_created_once_with_its_details_cleaned(db: Database) -> None:
    with pytest.raises(UserError, match="支部名称不能为空"):
        setup.start_branch(db, "  ")
    assert query(db, current_branch) is None
    info = setup.start_branch(db, " 凤凰村党支部 ", " 青山镇 ", "王书记", "0791-88881234")
    assert (info.name, info.township) == ("凤凰村党支部", "青山镇")
    with pytest.raises(UserError, match="不能重复创建"):
        setup.start_branch(db, "另一个支部")
    assert query(db, current_branch).name == "凤凰村党支部"


def test_the_township_choice_and_the_demo(db: Database, db_path: Path) -> None:
    assert query(db, is_township) is False
    setup.start_township(db)
    assert query(db, is_township) is True
    other = open_database(db_path.with_name("demo.sqlite3"))
    branch_id = setup.start_demo(other, today=TODAY)
    assert query(other, current_branch).id == branch_id
    with other.reading() as session:
        assert session.scalar(select(func.count()).select_from(Member)) > 0
    other.close()


def test_settings_and_branch_details_are_saved_together_or_not_at_all(db: Database, branch_id: int) -> None:
    before = query(db, settings.current_values)
    size_key = settings.UI_FONT_SIZE.key
    low, high = settings.FONT_SIZES
    # a value one step over the bound refuses the whole save: the branch's new name is not stored
    with pytest.raises(UserError):
        setup.save_settings(db, branch_id, {"name": "新名字"}, {**before, size_key: high + 0.5})
    assert query(db, current_branch).name != "新名字"
    assert query(db, settings.current_values) == before
    # on the bound, both are stored
    setup.save_settings(db, branch_id, {"name": "新名字"}, {**before, size_key: high})
    assert query(db, current_branch).name == "新名字"
    assert query(db, settings.get, settings.UI_FONT_SIZE) == high
    setup.save_settings(db, None, {}, {**before, size_key: low})
    assert query(db, settings.get, settings.UI_FONT_SIZE) == low
