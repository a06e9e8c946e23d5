"""`dangjian birthdays` and `dangjian print birthday-cards`: the JSON contract of DESIGN.md, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from dangjian_desktop.cli import main
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.roster import MemberDraft, add_member


@pytest.fixture
def members(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        for name, join in (("张三", "2000-12-25"), ("李四", "2004-02-29"), ("王五", "2010-01-05")):
            add_member(session, branch_id, MemberDraft(name=name, join_date=join))


def test_birthdays_json_across_the_new_year(
    db: Database, members: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db.path), "birthdays", "--from", "2026-12-20", "--days", "30", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {"member_id": 1, "name": "张三", "join_date": "2000-12-25", "date": "2026-12-25", "years": 26},
        {"member_id": 3, "name": "王五", "join_date": "2010-01-05", "date": "2027-01-05", "years": 17},
    ]
    assert main(["--db", str(db.path), "birthdays", "--from", "2027-02-28", "--days", "0", "--json"]) == 0
    assert [d["date"] for d in json.loads(capsys.readouterr().out)] == ["2027-02-28"]


def test_birthdays_bad_input(db: Database, members: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db.path), "birthdays", "--days", "1000"]) == 1
    assert "提醒天数" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(db.path), "birthdays", "--from", "12/20"])
    assert exc.value.code == 2


def test_print_birthday_cards(
    db: Database, members: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cards.pdf"
    assert (
        main(
            [
                "--db",
                str(db.path),
                "print",
                "birthday-cards",
                "--month",
                "12",
                "--year",
                "2026",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "张三" in text and "王五" not in text
    assert (
        main(
            [
                "--db",
                str(db.path),
                "print",
                "birthday-cards",
                "--month",
                "7",
                "--year",
                "2026",
                "--out",
                str(out),
            ]
        )
        == 1
    )
    assert "没有党员过政治生日" in capsys.readouterr().err
