"""Adding a member field is cheap: this walks the one declaration (core/member_fields.py) and checks
that the model, the importer, the exporter, the roster table and `roster list --json` all know every
field, so a field added there and forgotten anywhere fails here."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import inspect, select

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.exchange.importing import import_roster, match_header
from dangjian_desktop.core.exchange.roster_export import COLUMNS as EXPORT_COLUMNS
from dangjian_desktop.core.exchange.roster_export import export_roster
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import (
    MemberDraft,
    MemberRow,
    MemberValues,
    add_member,
    check_member,
    list_members,
    member_draft,
)
from dangjian_desktop.ui.roster.member_dialog import MemberDialog
from dangjian_desktop.ui.roster.table_model import COLUMNS as TABLE_COLUMNS
from dangjian_desktop.ui.roster.table_model import FIELD_OF_COLUMN, RosterTableModel
from tests.core.exchange.files import id_number

TODAY = dt.date(2026, 11, 22)
NUMBER = id_number(dt.date(1985, 3, 12), 11)  # 男
# One value per field, as a secretary would type it, and what must be stored.
TYPED: dict[str, tuple[object, object]] = {
    "name": ("王建国", "王建国"),
    "gender": ("男", "男"),
    "ethnicity": ("回族", "回族"),
    "birth_date": ("1985-03-12", dt.date(1985, 3, 12)),
    "id_number": (NUMBER, NUMBER),
    "education": ("大专", "大学专科"),
    "join_date": ("2008-07-01", dt.date(2008, 7, 1)),
    "full_date": ("2009-07-01", dt.date(2009, 7, 1)),
    "category": ("正式党员", "正式党员"),
    "party_group": ("第二党小组", "第二党小组"),
    "job": ("务农", "务农"),
    "phone": ("13800138000", "13800138000"),
    "address": ("凤凰村3组", "凤凰村3组"),
    "status": ("在册", "在册"),
    "is_mobile": ("是", True),
    "mobile_destination": ("广东深圳", "广东深圳"),
    "is_lost_contact": ("是", True),
    "is_hardship": ("是", True),
    "is_committee": ("是", True),
    "left_date": ("2020-01-01", dt.date(2020, 1, 1)),
    "left_reason": ("外出", "外出"),
    "note": ("老党员", "老党员"),
}
# `roster list --json` is a fixed contract (DESIGN.md): a field outside it is declared so, by name.
NOT_IN_JSON = {
    "mobile_destination",
    "is_lost_contact",
    "is_hardship",
    "is_committee",
    "left_date",
    "left_reason",
}
# The roster table shows these in the member form only.
NOT_IN_TABLE = {"id_number", "job", "address", "mobile_destination", "is_lost_contact", "is_hardship",
                "is_committee", "left_date", "left_reason", "note"}  # fmt: skip


def test_every_declared_field_is_a_member_column_and_has_a_test_value() -> None:
    columns = {c.key for c in inspect(Member).columns}
    assert set(member_fields.KEYS) <= columns
    assert set(TYPED) == set(member_fields.KEYS)
    assert len({f.label for f in member_fields.FIELDS}) == len(member_fields.FIELDS)


def test_the_importer_knows_every_field_by_its_label_and_aliases() -> None:
    for f in member_fields.FIELDS:
        assert match_header(f.label) == f.key, f.label
        for alias in f.aliases:
            assert match_header(alias) == f.key, alias


def test_a_sheet_headed_by_every_label_imports_every_field(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    book.active.append([f.label for f in member_fields.FIELDS])
    book.active.append([TYPED[f.key][0] for f in member_fields.FIELDS])
    book.save(tmp_path / "全部.xlsx")
    report = import_roster(db, tmp_path / "全部.xlsx", today=TODAY)
    assert report.imported == 1 and report.unmapped_columns == []
    with db.reading() as session:
        member = session.scalars(select(Member)).one()
    for key, (_typed, stored) in TYPED.items():
        assert getattr(member, key) == stored, key


def test_the_exporter_writes_every_field_under_its_label(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    assert [c.field for c in EXPORT_COLUMNS] == [f.key for f in member_fields.FIELDS if f.exported]
    assert {c.field for c in EXPORT_COLUMNS} == set(member_fields.KEYS)
    out = tmp_path / "导出.xlsx"
    book = openpyxl.Workbook()
    book.active.append([f.label for f in member_fields.FIELDS])
    book.active.append([TYPED[f.key][0] for f in member_fields.FIELDS])
    book.save(tmp_path / "全部.xlsx")
    import_roster(db, tmp_path / "全部.xlsx", today=TODAY)
    export_roster(db, out, today=TODAY)
    rows = [list(r) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    header_row = next(r for r in rows if "姓名" in r)
    assert [h for h in header_row if h and h != "序号"] == [f.label for f in member_fields.FIELDS]


def test_roster_list_json_knows_every_field(db: Database, branch_id: int) -> None:
    json_fields = {f.key for f in member_fields.FIELDS if f.json_key}
    assert json_fields | NOT_IN_JSON == set(member_fields.KEYS)
    assert not json_fields & NOT_IN_JSON
    with db.transaction() as session:
        from dangjian_desktop.core.roster import MemberDraft, add_member

        add_member(session, branch_id, MemberDraft(name="王建国", id_number=NUMBER, join_date="2008-07-01"))
    with db.reading() as session:
        row = list_members(session)[0]
    shown = row.as_json()
    assert set(shown) == {"id"} | {f.json_key for f in member_fields.FIELDS if f.json_key}
    assert shown["join_date"] == "2008-07-01" and shown["group"] == "" and shown["mobile"] is False
    assert {f.key for f in member_fields.FIELDS if f.json_key} <= set(MemberRow.__dataclass_fields__)


def test_the_roster_table_knows_every_field() -> None:
    titled = {f.key for f in member_fields.FIELDS if f.table_title}
    assert titled | NOT_IN_TABLE == set(member_fields.KEYS)
    assert not titled & NOT_IN_TABLE
    titles = [c.title for c in TABLE_COLUMNS]
    assert RosterTableModel.titles == tuple(titles)
    for f in member_fields.FIELDS:
        if f.table_title:
            assert f.table_title in titles and FIELD_OF_COLUMN[f.table_title] == f.key
    # the computed columns sit where the roster always had them
    assert titles[0] == "照片" and titles[titles.index("出生日期") + 1] == "年龄"


# 党籍状态 and 离开 are set by the 离开 action, never typed in the form.
NOT_IN_FORM = {"status", "left_date", "left_reason"}


def test_the_draft_the_values_and_the_rows_hold_every_field() -> None:
    typed = [f.key for f in member_fields.FIELDS if f.form is not None]
    assert set(typed) | NOT_IN_FORM == set(member_fields.KEYS) and not set(typed) & NOT_IN_FORM
    assert [f.name for f in dataclasses.fields(MemberDraft)] == typed
    assert [f.name for f in dataclasses.fields(MemberValues)] == typed
    assert [f.name for f in dataclasses.fields(MemberRow)] == [
        "id",
        *member_fields.KEYS,
        "has_photo",
        "search_key",
    ]
    # a fresh draft starts from the declared defaults, as typed text
    fresh = MemberDraft()
    for f in member_fields.FIELDS:
        if f.form is not None:
            expected = f.default if isinstance(f.default, (str, bool)) else ""
            assert getattr(fresh, f.key) == expected, f.key


def _form_draft() -> MemberDraft:
    """One typed value for every field of the form."""
    values: dict[str, object] = {}
    for f in member_fields.FORM_FIELDS:
        stored = TYPED[f.key][1]
        values[f.key] = stored.isoformat() if isinstance(stored, dt.date) else stored
    return MemberDraft(**values)


def test_the_member_form_shows_every_field_it_declares(qtbot: QtBot) -> None:
    dialog = MemberDialog(groups=["第一党小组", "第二党小组"], today=TODAY)
    qtbot.addWidget(dialog)
    assert list(dialog.fields) == [f.key for f in member_fields.FORM_FIELDS]
    assert set(dialog.fields) | NOT_IN_FORM == set(member_fields.KEYS)
    label_texts = {label.text() for label in dialog.findChildren(QLabel)}
    for f in member_fields.FORM_FIELDS:
        entry = f.form
        assert entry is not None
        widget = dialog.fields[f.key]
        assert getattr(dialog, f.key) is widget
        if entry.widget == member_fields.CHECK:
            assert isinstance(widget, QCheckBox) and widget.text() == (entry.hint or f.label)
        elif not entry.enabled_by:
            assert f.label + (" *" if entry.required else "") in label_texts, f.label
        if entry.widget == member_fields.LINE:
            assert isinstance(widget, QLineEdit) and widget.placeholderText() == entry.hint
        if entry.widget in (member_fields.CHOICE, member_fields.OPEN_CHOICE):
            assert isinstance(widget, QComboBox)
            offered = [widget.itemText(i) for i in range(widget.count())]
            wanted = ["第一党小组", "第二党小组"] if entry.roster_choices else list(entry.choices)
            assert [o for o in offered if o] == wanted
            assert widget.isEditable() == (entry.widget == member_fields.OPEN_CHOICE)
    # required first, then what fills in other fields, then the declaration's order
    assert list(dialog.fields)[:2] == ["name", "id_number"]
    assert "姓名 *" in label_texts


def test_every_form_field_goes_from_the_form_to_the_roster(
    qtbot: QtBot, db: Database, branch_id: int
) -> None:
    draft = _form_draft()
    dialog = MemberDialog(draft=draft, groups=["第二党小组"], today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.draft() == draft
    check = check_member(dialog.draft(), today=TODAY)
    assert check.ok, check.errors
    with db.transaction() as session:
        member_id = add_member(session, branch_id, dialog.draft())
    with db.reading() as session:
        row = list_members(session)[0]
        assert member_draft(session, member_id) == draft
    for f in member_fields.FORM_FIELDS:
        assert getattr(row, f.key) == TYPED[f.key][1], f.key
