"""`dangjian stats` and `dangjian print statistics`, run in-process on real files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dangjian_desktop.cli import main
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import list_members

YEAR = dt.date.today().year  # the demo branch is built around today


def _run(capsys: pytest.CaptureFixture[str], db: Database, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db.path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _on_roster(db: Database) -> int:
    with db.reading() as s:
        return sum(
            1 for r in list_members(s, include_left=False) if r.join_date is None or r.join_date.year <= YEAR
        )


def test_json_and_both_files(demo_db: Database, capsys, tmp_path: Path) -> None:
    xlsx, pdf = tmp_path / "out" / "统计.xlsx", tmp_path / "out" / "统计.pdf"
    code, out, err = _run(
        capsys, demo_db, "stats", "--year", str(YEAR), "--json", "--xlsx", str(xlsx), "--pdf", str(pdf)
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    expected = _on_roster(demo_db)
    assert data["year"] == YEAR and data["as_of"] == f"{YEAR}-12-31" and data["scope"] == "凤凰村党支部"
    assert data["roster_count"] == expected
    for table in data["tables"]:
        assert table["total"] == (data["left_count"] if table["counts_leavers"] else expected)
        assert table["columns"] == ["合计", "女", "少数民族", "预备党员"]
        top = [row["counts"]["合计"] for row in table["rows"] if not row["part"]]
        assert sum(top) == table["total"]
    assert {t["key"] for t in data["tables"]} >= {"gender", "ethnicity", "education", "job", "age", "party_age",
                                                   "category", "new", "mobile", "left"}  # fmt: skip
    assert load_workbook(xlsx)["性别"]["B3"].value == "合计"
    assert f"在册党员 {expected} 名" in "".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_the_text_listing(demo_db: Database, capsys) -> None:
    code, out, _err = _run(capsys, demo_db, "stats", "--year", str(YEAR))
    assert code == 0
    assert out.startswith(f"凤凰村党支部{YEAR}年度党员统计表\n")
    assert "【年龄】\t合计\t女\t少数民族\t预备党员" in out
    assert (
        out.count(f"合计\t{_on_roster(demo_db)}\t")
        == len([line for line in out.splitlines() if line.startswith("【")]) - 1
    )


def test_print_statistics(demo_db: Database, capsys, tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    code, stdout, _err = _run(capsys, demo_db, "print", "statistics", "--year", str(YEAR), "--out", str(out))
    assert code == 0 and "已生成" in stdout
    assert f"{YEAR}年度党员统计表" in PdfReader(out).pages[0].extract_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--year", "20x6"], "统计年度应写成四位数字"),
        (["--year", "１９９０"], "统计年度应写成四位数字"),
        (["--year", "1949"], "统计年度应在 1950 到 2100 之间"),
        (["--year", "2101"], "统计年度应在 1950 到 2100 之间"),
        (["--pdf", "x.txt"], "文件名应以 .pdf 结尾"),
        (["--xlsx", "x.xls"], "文件名应以 .xlsx 结尾"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_1(db: Database, branch_id: int, capsys, argv, message) -> None:
    code, out, err = _run(capsys, db, "stats", *argv)
    assert code == 1 and out == ""
    assert err.startswith("错误：") and message in err and err.count("\n") == 1
    assert "Traceback" not in err


def test_a_broken_band_setting_is_named(db: Database, branch_id: int, capsys) -> None:
    from dangjian_desktop.core import settings

    with db.transaction() as s:
        settings.put(s, settings.STATISTICS_PARTY_AGE_BANDS, ["10", "5"])
    code, _out, err = _run(capsys, db, "stats")
    assert code == 1 and "党龄段" in err and "从小到大" in err


def test_no_branch_yet(db: Database, capsys) -> None:
    code, _out, err = _run(capsys, db, "stats", "--year", "2026")
    assert code == 1 and "还没有创建党支部" in err
