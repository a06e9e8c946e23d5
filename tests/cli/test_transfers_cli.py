"""The transfer, mobile and lost commands as the issue's contract states them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from dangjian_desktop.cli import main


def _run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_transfer_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "v.sqlite3"
    assert _run(capsys, db, "demo")[0] == 0
    code, out, _ = _run(capsys, db, "roster", "list", "--json")
    member = json.loads(out)[0]
    assert "transfer" not in member
    today = dt.date.today().isoformat()
    code, out, err = _run(
        capsys,
        db,
        "transfer",
        "out",
        str(member["id"]),
        "--to",
        "中共某镇某社区委员会",
        "--date",
        today,
        "--dues-through",
        "2026-03",
    )
    assert code == 0, err
    code, out, _ = _run(capsys, db, "transfer", "list", "--json")
    (row,) = json.loads(out)
    assert set(row) >= {"id", "member_id", "name", "to", "issued", "valid_until", "state", "done"}
    assert (row["member_id"], row["to"], row["state"], row["done"]) == (
        member["id"],
        "中共某镇某社区委员会",
        "已开具",
        None,
    )
    listed = {m["id"]: m for m in json.loads(_run(capsys, db, "roster", "list", "--json")[1])}
    assert (listed[member["id"]]["status"], listed[member["id"]]["transfer"]) == ("在册", "转出中")

    pdf = tmp_path / "letter.pdf"
    code, _, err = _run(capsys, db, "print", "letter", str(row["id"]), "--out", str(pdf))
    assert code == 0, err
    assert "贰零贰陆年叁月" in PdfReader(pdf).pages[0].extract_text()
    code, _, err = _run(capsys, db, "print", "letter", "--out", str(pdf))
    assert code == 1 and "介绍信编号" in err

    code, _, err = _run(capsys, db, "transfer", "done", str(row["id"]), "--date", today, "--online")
    assert code == 0, err
    (row,) = json.loads(_run(capsys, db, "transfer", "list", "--json")[1])
    assert (row["state"], row["done"]) == ("已转出", today)
    everyone = {m["id"]: m for m in json.loads(_run(capsys, db, "roster", "list", "--all", "--json")[1])}
    assert everyone[member["id"]]["status"] == "转出" and "transfer" not in everyone[member["id"]]


def test_bad_input_exits_1_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "v.sqlite3"
    _run(capsys, db, "demo")
    for args in (
        ("transfer", "out", "9999", "--to", "某组织", "--date", "2026-01-01"),
        ("transfer", "out", "1", "--to", "某组织", "--date", "2026-01-01", "--validity-days", "91"),
        ("transfer", "done", "77", "--date", "2026-01-01"),
        ("mobile", "out", "1", "--date", "2026-01-01", "--place", "宁波", "--reason", "旅游"),
    ):
        code, out, err = _run(capsys, db, *args)
        assert code == 1 and err.startswith("错误：") and "Traceback" not in err, args
    assert json.loads(_run(capsys, db, "transfer", "list", "--json")[1]) == []


def test_mobile_and_lost_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "v.sqlite3"
    _run(capsys, db, "init", "--branch", "测试村党支部")
    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.roster import MemberDraft, add_member

    database = open_database(db)
    with database.transaction() as session:
        from dangjian_desktop.core.branch import require_branch

        member_id = add_member(
            session, require_branch(session).id, MemberDraft(name="外出甲", join_date="2010-01-01")
        )
    database.close()
    code, _, err = _run(
        capsys,
        db,
        "mobile",
        "out",
        str(member_id),
        "--date",
        "2026-02-01",
        "--place",
        "宁波",
        "--host-org",
        "某园区党委",
    )
    assert code == 0, err
    (away,) = json.loads(_run(capsys, db, "mobile", "list", "--json")[1])
    assert (away["direction"], away["member_id"], away["place"], away["host_org"]) == (
        "流出",
        member_id,
        "宁波",
        "某园区党委",
    )
    code, _, err = _run(
        capsys,
        db,
        "mobile",
        "in",
        "--name",
        "外来乙",
        "--home-org",
        "中共某县某村支部",
        "--date",
        "2026-03-01",
        "--work",
        "本村砖厂",
    )
    assert code == 0, err
    listed = json.loads(_run(capsys, db, "mobile", "list", "--json")[1])
    assert [(r["direction"], r["name"]) for r in listed] == [("流出", "外出甲"), ("流入", "外来乙")]
    code, _, err = _run(
        capsys, db, "mobile", "in", "--name", " ", "--home-org", "某支部", "--date", "2026-03-01"
    )
    assert code == 1 and "姓名" in err
    pdf = tmp_path / "mobile.pdf"
    assert _run(capsys, db, "print", "mobile", "--out", str(pdf))[0] == 0
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert "一、流出党员" in text and "二、流入党员" in text and "外来乙" in text and "本村砖厂" in text
    # entered today, no contact yet: not six months, not listed
    assert json.loads(_run(capsys, db, "lost", "list", "--json")[1]) == []
    assert _run(capsys, db, "lost", "confirm", str(member_id))[0] == 0
    (lost,) = json.loads(_run(capsys, db, "lost", "list", "--json")[1])
    assert set(lost) == {"member_id", "name", "last_contact", "months", "confirmed"}
    assert (lost["member_id"], lost["confirmed"], lost["last_contact"]) == (member_id, True, None)
