"""Files that must be refused cleanly or read safely (issue 14): a far-away cell, CSVs whose lines
disagree on their encoding, formulas in the rejected-rows workbook, a name the import would change,
and two imports at the same moment from two processes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from dangjian_desktop.core.backup import backup_dir_for
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import Database, integrity_problems, open_database
from dangjian_desktop.core.exchange.importing import (
    RosterImportError,
    Table,
    import_roster,
    import_table,
    read_table,
    save_rejected,
)
from dangjian_desktop.core.exchange.importing.sheet import MAX_CELLS
from dangjian_desktop.core.models import Member, OperationLog
from dangjian_desktop.core.roster import MemberDraft, add_member
from tests.core.exchange.files import id_number, member_rows, write_xlsx

TODAY = dt.date(2026, 11, 22)
ROOT = Path(__file__).resolve().parents[3]
ID_A = id_number(dt.date(1985, 3, 12), 11)
ID_B = id_number(dt.date(1990, 7, 1), 22)


def _far_workbook(path: Path, far: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "公民身份号码"])
    sheet.append(["王建国", ID_A])
    sheet[far] = "x"
    book.save(path)
    return path


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("DISPLAY", None)
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="resource.setrlimit is POSIX")
@pytest.mark.parametrize("far", ["XFD1048576", "Z1048576"])
def test_a_far_cell_workbook_ends_with_a_chinese_message_under_a_memory_limit(
    tmp_path: Path, far: str
) -> None:
    workbook = _far_workbook(tmp_path / "far.xlsx", far)
    assert workbook.stat().st_size < 10_000
    db_path = tmp_path / "far.sqlite3"
    db = open_database(db_path)
    with db.transaction() as session:
        create_branch(session, "远格村党支部")
    db.close()
    limit = 1024 * 1024 * 1024  # 1 GiB of address space: the old importer asked for 500 GB
    script = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
        "from dangjian_desktop.cli import main\n"
        f"sys.exit(main(['--db', {str(db_path)!r}, 'roster', 'import', {str(workbook)!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=_env(), check=False
    )
    assert done.returncode == 1, done.stderr
    assert far in done.stderr and "远" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_used_range_boundary(tmp_path: Path) -> None:
    rows = MAX_CELLS // 10  # ten columns A..J: exactly MAX_CELLS cells is read, one row more is not
    at_limit = _far_workbook(tmp_path / "at.xlsx", f"J{rows}")
    over = _far_workbook(tmp_path / "over.xlsx", f"J{rows + 1}")
    with pytest.raises(RosterImportError, match=f"J{rows + 1}"):
        read_table(over)
    assert len(read_table(at_limit).rows) == rows


def test_a_sheet_formatted_far_down_is_read_to_its_last_filled_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", member_rows(3))
    filled = len(read_table(path).rows)
    book = openpyxl.load_workbook(path)
    book.active["C5000"] = ""  # an emptied cell far down
    book.active["D4000"] = " "
    book.save(path)
    assert len(read_table(path).rows) == filled


# --- CSV encodings -----------------------------------------------------------------------------------


def _csv_lines() -> list[str]:
    return [
        "姓名,公民身份号码,家庭住址",
        f"王五,{ID_A},凤凰村1组",
        f"李秀英,{ID_B},凤凰村2组",
        f"张三,{id_number(dt.date(1970, 1, 5), 33)},凤凰村3组",
    ]


def test_a_gbk_csv_with_one_utf8_line_is_refused_naming_the_line(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    lines = [line.encode("gbk") for line in _csv_lines()]
    lines[2] = _csv_lines()[2].encode("utf-8")
    path = tmp_path / "混合.csv"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    with pytest.raises(RosterImportError, match="第3行是 UTF-8"):
        import_roster(db, path, today=TODAY)


def test_a_utf8_csv_with_one_gbk_line_is_refused_naming_the_line(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    lines = [line.encode("utf-8") for line in _csv_lines()]
    lines[1] = _csv_lines()[1].encode("gbk")
    path = tmp_path / "混合.csv"
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(RosterImportError, match="第2行是 GBK"):
        import_roster(db, path, today=TODAY)


def test_a_mojibake_line_never_overwrites_a_member(db: Database, branch_id: int, tmp_path: Path) -> None:
    with db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name="王五", id_number=ID_A, address="凤凰村1组"))
    lines = [line.encode("gbk") for line in _csv_lines()]
    lines[1] = _csv_lines()[1].replace("凤凰村1组", "凤凰村9组").encode("utf-8")
    path = tmp_path / "混合.csv"
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(RosterImportError):
        import_roster(db, path, today=TODAY)
    with db.reading() as session:
        member = session.scalars(select(Member)).one()
    assert (member.name, member.address) == ("王五", "凤凰村1组")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16"])
def test_a_csv_in_one_encoding_is_read(db: Database, branch_id: int, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes("\r\n".join(_csv_lines()).encode(encoding))
    assert import_roster(db, path, today=TODAY).imported == 3


def test_bytes_that_are_neither_utf8_nor_gbk_name_their_line(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    data = "\n".join(_csv_lines()).encode("gbk").split(b"\n")
    data[3] = data[3] + b"\x80\xff"
    path = tmp_path / "坏.csv"
    path.write_bytes(b"\n".join(data))
    with pytest.raises(RosterImportError, match="第4行"):
        import_roster(db, path, today=TODAY)


# --- name changes --------------------------------------------------------------------------------------


def test_a_name_change_is_listed_before_anything_is_written(
    db: Database, branch_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name="王五", id_number=ID_A))
        add_member(session, branch_id, MemberDraft(name="李秀英", id_number=ID_B))
    path = tmp_path / "改名.csv"
    path.write_text(f"姓名,公民身份号码\n王六,{ID_A}\n李秀英,{ID_B}\n", encoding="utf-8")
    report = import_roster(db, path, dry_run=True, today=TODAY)
    assert [c.message for c in report.name_changes] == ["第2行：姓名将由“王五”改为“王六”"]
    assert report.updated == 1 and report.unchanged == 1

    from dangjian_desktop.cli import main

    capsys.readouterr()
    assert main(["--db", str(db.path), "roster", "import", str(path), "--dry-run"]) == 0
    assert "第2行：姓名将由“王五”改为“王六”" in capsys.readouterr().out
    with db.reading() as session:
        assert sorted(session.scalars(select(Member.name))) == ["李秀英", "王五"]


# --- the rejected rows workbook --------------------------------------------------------------------------

HOSTILE = ["=1+1", "+1", "-1", "@SUM(A1)", '=WEBSERVICE("http://127.0.0.1/x")', '=HYPERLINK("x","y")']


def test_the_rejected_rows_workbook_stores_every_value_as_text(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    grid: list[list[object]] = [["姓名", "公民身份号码", "备注", "家庭住址"]]
    grid += [["", value, value, 12.5] for value in HOSTILE]  # no name: every row is rejected
    report = import_table(db, Table(Path("x.xlsx"), "Sheet1", grid), dry_run=True, today=TODAY)
    assert len(report.rejected) == len(HOSTILE)
    out = save_rejected(report, tmp_path / "未导入.xlsx")
    with zipfile.ZipFile(out) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = openpyxl.load_workbook(out).active
    for row in sheet.iter_rows(min_row=2):
        assert isinstance(row[0].value, int)  # the program's own row number
        for cell in row[1:]:
            if cell.value is None:
                continue  # a blank cell of the row as typed
            assert cell.data_type in ("s", "inlineStr") and isinstance(cell.value, str), cell.coordinate
    values = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert [r[3] for r in values[1:]] == HOSTILE  # as typed, not computed
    assert [r[5] for r in values[1:]] == ["12.5"] * len(HOSTILE)


# --- two writers ----------------------------------------------------------------------------------------


def _count(path: Path) -> tuple[int, int, list[str]]:
    db = open_database(path)
    try:
        with db.reading() as session:
            members = session.scalar(select(func.count()).select_from(Member)) or 0
            logs = session.scalar(
                select(func.count()).select_from(OperationLog).where(OperationLog.action == "导入花名册")
            )
        return members, logs or 0, integrity_problems(db)
    finally:
        db.close()


def test_two_imports_at_once_from_two_processes_both_land(tmp_path: Path) -> None:
    db_path = tmp_path / "two.sqlite3"
    db = open_database(db_path)
    with db.transaction() as session:
        branch = create_branch(session, "并发村党支部")
        add_member(session, branch.id, MemberDraft(name="老党员", id_number=ID_A))
    db.close()
    first = write_xlsx(tmp_path / "first.xlsx", member_rows(1500, seed=1, start=1000))
    second = write_xlsx(tmp_path / "second.xlsx", member_rows(1500, seed=2, start=5000))
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "dangjian_desktop", "--db", str(db_path), "roster", "import", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for path in (first, second)
    ]
    outputs = [p.communicate(timeout=300) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert "已新增 1500 人" in out and "Traceback" not in err
    members, logs, problems = _count(db_path)
    assert (members, logs, problems) == (3001, 2, [])
    backups = sorted(p.name for p in backup_dir_for(db_path).glob("*.sqlite3"))
    assert len(backups) == 2  # one each, neither overwrote the other
    assert not list(backup_dir_for(db_path).glob("*.part"))
