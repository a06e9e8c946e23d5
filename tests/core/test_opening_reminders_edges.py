"""The window's reminders at start on their edges (core/opening_reminders.py), with the version check
(core/versions.py) and the packages' names resolved when first used (core/lazy_names.py): a step due
on the last day of the window and one overdue by a day, in their exact words; no branch at all; the
words of an edit conflict; a record's version and a gone record; a name not declared."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from sqlalchemy import inspect

from dangjian_desktop.core.birthdays import branch_reminder
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.develop.service import PersonDraft, add_person
from dangjian_desktop.core.lazy_names import lazy_names
from dangjian_desktop.core.mobile import opening_notes
from dangjian_desktop.core.models import Meeting, Member
from dangjian_desktop.core.opening_reminders import (
    birthday_reminder,
    develop_due_lines,
    start_reminders,
    transfer_notes,
)
from dangjian_desktop.core.roster import MemberDraft, add_member
from dangjian_desktop.core.versions import EditConflict, version_of
from tests.core.develop.helpers import add_roster, id_for

TODAY = dt.date(2026, 6, 1)
LATER = dt.date(2026, 12, 1)  # the day the applications are entered


@pytest.fixture
def due(db: Database, branch_id: int) -> Database:
    """Two applicants whose 谈话 is due a month after they applied: 2026-07-01 (30 days on, the
    reminder's last day) and 2026-05-31 (the day before today: overdue)."""
    add_roster(db, branch_id, full=3)
    add_person(
        db,
        branch_id,
        PersonDraft(name="线上", id_number=id_for(dt.date(1995, 5, 5), 1), applied="2026-06-01"),
        today=LATER,
    )
    add_person(
        db,
        branch_id,
        PersonDraft(name="逾期", id_number=id_for(dt.date(1995, 5, 5), 2), applied="2026-04-30"),
        today=LATER,
    )
    add_person(
        db,
        branch_id,
        PersonDraft(name="线外", id_number=id_for(dt.date(1995, 5, 5), 3), applied="2026-06-02"),
        today=LATER,
    )
    return db


def test_steps_due_in_their_words(due: Database) -> None:
    with due.reading() as session:
        lines = develop_due_lines(session, TODAY)
        together = start_reminders(session, TODAY)
    assert lines[0] == "以下发展党员事项近期到期或已逾期："
    assert sorted(lines[1:]) == ["线上：谈话，2026年7月1日", "逾期：谈话，2026年5月30日（已逾期）"]
    assert together.develop == lines


def test_due_today_is_not_yet_overdue(due: Database) -> None:
    with due.reading() as session:
        on_the_day = develop_due_lines(session, dt.date(2026, 7, 1))
    assert "线上：谈话，2026年7月1日" in on_the_day
    assert "线外：谈话，2026年7月2日" in on_the_day
    with due.reading() as session:
        day_after = develop_due_lines(session, dt.date(2026, 7, 2))
    assert "线上：谈话，2026年7月1日（已逾期）" in day_after and "线外：谈话，2026年7月2日" in day_after


def test_no_branch_and_nothing_due(db: Database) -> None:
    with db.reading() as session:
        assert develop_due_lines(session, TODAY) == []
        found = start_reminders(session, TODAY)
    assert found.develop == [] and found.transfers == [] and found.birthdays.is_empty


def test_each_part_is_what_its_tab_reads(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        add_member(
            session, branch_id, MemberDraft(name="今日", join_date="2000-06-01", full_date="2001-06-01")
        )
    with db.reading() as session:
        mine = birthday_reminder(session, TODAY)
        assert mine == branch_reminder(session, TODAY) and [r.name for r in mine.today_rows] == ["今日"]
        assert transfer_notes(session, TODAY) == opening_notes(session, TODAY)
        found = start_reminders(session, TODAY)
        later = start_reminders(session, TODAY + dt.timedelta(days=1))
    assert found.birthdays == mine and [r.name for r in later.birthdays.today_rows] == []


def test_the_words_of_an_edit_conflict() -> None:
    conflict = EditConflict("党员“张三”的信息")
    assert conflict.what == "党员“张三”的信息"
    assert str(conflict) == (
        "党员“张三”的信息已被他人修改（在您打开之后又保存过）。"
        "“重新载入”看他人修改后的内容（您这次的修改不保存），“覆盖”用您的内容替换他人的修改。"
    )


def test_a_records_version_and_a_gone_record(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        member_id = add_member(session, branch_id, MemberDraft(name="张三"))
        assert version_of(session, Member, member_id) == 1
        session.get(Member, member_id).note = "改过"  # type: ignore[union-attr]
        session.flush()
        assert version_of(session, Member, member_id) == 2
        assert version_of(session, Member, member_id + 1) is None
    for model in (Member, Meeting):
        column = inspect(model).columns["version"]
        assert column.nullable is False and column.default.arg == 1
        assert str(column.server_default.arg) == "1" and str(column.type) == "INTEGER"


def test_names_resolved_when_first_asked_for() -> None:
    namespace: dict[str, object] = {"__name__": "dangjian_desktop.core"}
    hook = lazy_names(namespace, {"text": ("clean", "digits_only"), "dangjian_desktop.core.dates.x": ()})
    from dangjian_desktop.core import text as text_module

    assert hook("clean") is text_module.clean and namespace["clean"] is text_module.clean
    assert hook("digits_only") is text_module.digits_only
    with pytest.raises(AttributeError) as caught:
        hook("format_cn")
    assert str(caught.value) == "module 'dangjian_desktop.core' has no attribute 'format_cn'"
    dotted = lazy_names({"__name__": "elsewhere"}, {"dangjian_desktop.core.dates": ("format_cn",)})
    from dangjian_desktop.core.dates import format_cn

    assert dotted("format_cn") is format_cn  # a module with a dot is named whole
    package = types.ModuleType("pkg")
    package.__getattr__ = lazy_names(vars(package), {"dangjian_desktop.core.text": ("clean",)})  # type: ignore[attr-defined]
    assert package.clean is text_module.clean and "clean" in vars(package)
