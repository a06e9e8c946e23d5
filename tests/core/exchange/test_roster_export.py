"""The exported workbook: layout, cell types, and export -> import giving the same roster back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from dangjian_desktop.core.branch import create_branch, require_branch
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.exchange.importing import import_roster
from dangjian_desktop.core.exchange.roster_export import ExportError, export_roster, roster_for_export
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member, leave_roster

TODAY = dt.date(2026, 11, 22)


def _awkward_members(db: Database, branch_id: int) -> None:
    """What the demo lacks: markup characters, a 预备党员, flags, a member who left, no ID."""
    with db.transaction() as session:
        odd = add_member(
            session,
            branch_id,
            MemberDraft(
                name="欧阳<&>",
                id_number="360426199101010071",
                phone="0791-88881234",
                address=' 凤凰村"七组" & 后山 ',
                note="a < b & c",
                job="村医",
                is_mobile=True,
                mobile_destination="浙江宁波",
                is_hardship=True,
                is_lost_contact=True,
                is_committee=True,
                category="预备党员",
                join_date="2026-03-01",
            ),
        )
        add_member(
            session, branch_id, MemberDraft(name="无证人", birth_date="1950-05-05", join_date="1975-05-05")
        )
        leave_roster(session, odd, "转出", dt.date(2026, 6, 1), "转入县城社区")


def test_export_layout_and_cell_types(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.reading() as session:
        branch = require_branch(session)
    _awkward_members(demo_db, branch.id)
    out = tmp_path / "花名册.xlsx"
    count = export_roster(demo_db, out, today=TODAY)
    assert count >= 45
    sheet = openpyxl.load_workbook(out).active
    title = sheet["A1"].value
    assert branch.name in title and "2026年11月22日" in title
    assert "A1:W1" in {str(r) for r in sheet.merged_cells.ranges}
    header = [c.value for c in sheet[2]]
    assert header[:6] == ["序号", "姓名", "性别", "民族", "出生日期", "公民身份号码"]
    assert all(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "C3"
    assert sheet.column_dimensions["F"].width > 18  # room for 18 digits
    id_col, phone_col, birth_col = (
        header.index("公民身份号码"),
        header.index("联系电话"),
        header.index("出生日期"),
    )
    data = list(sheet.iter_rows(min_row=3))
    assert len(data) == count
    with_id = [r for r in data if r[id_col].value]
    assert with_id and all(
        isinstance(r[id_col].value, str) and r[id_col].number_format == "@" for r in with_id
    )
    assert all(len(r[id_col].value) == 18 for r in with_id)
    assert all(isinstance(r[phone_col].value, str) for r in data if r[phone_col].value)
    assert all(isinstance(r[birth_col].value, dt.datetime) for r in data if r[birth_col].value)
    odd = next(r for r in data if r[1].value == "欧阳<&>")
    assert odd[header.index("备注")].value == "a < b & c"
    assert odd[header.index("党籍状态")].value == "转出"
    assert data[-1][header.index("党籍状态")].value != "在册"  # members who left come last
    assert out.with_name(out.name + ".part").exists() is False


def test_export_then_import_into_an_empty_database_gives_the_same_roster(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.reading() as session:
        branch = require_branch(session)
    _awkward_members(demo_db, branch.id)
    out = export_roster(demo_db, tmp_path / "roster.xlsx", today=TODAY) and tmp_path / "roster.xlsx"
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        with fresh.transaction() as session:
            fresh_branch = create_branch(session, branch.name)
        report = import_roster(fresh, out, today=TODAY)
        assert not report.rejected
        with demo_db.reading() as session:
            original = roster_for_export(session, branch.id)
            keys = {r.id_number or r.name: (r.search_key, r.join_md) for r in session.scalars(select(Member))}
        with fresh.reading() as session:
            copied = roster_for_export(session, fresh_branch.id)
            keys_copied = {
                r.id_number or r.name: (r.search_key, r.join_md) for r in session.scalars(select(Member))
            }
        assert report.imported == len(original)
        assert sorted(copied, key=repr) == sorted(original, key=repr)  # field for field
        assert keys_copied == keys
        again = import_roster(fresh, out, today=TODAY)
        assert (again.imported, again.updated) == (0, 0)
    finally:
        fresh.close()


def test_export_needs_an_xlsx_name(demo_db: Database, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="xlsx"):
        export_roster(demo_db, tmp_path / "roster.xls")


def test_the_exported_file_reads_with_calamine_too(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    export_roster(demo_db, out, today=TODAY)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[1][1] == "姓名"
    assert isinstance(rows[2][4], dt.date)
