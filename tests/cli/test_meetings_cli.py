"""`dangjian meetings add|list|compliance` and `print minutes|archive`, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from dangjian_desktop.cli import main
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Meeting
from dangjian_desktop.core.roster import MemberDraft, add_member


@pytest.fixture
def branch(db: Database, branch_id: int) -> Path:
    with db.transaction() as s:
        for name, group in (("王建国", "第一党小组"), ("李秀英", "第一党小组"), ("张三", "第二党小组")):
            add_member(
                s,
                branch_id,
                MemberDraft(
                    name=name, join_date="2001-07-01", party_group=group, is_committee=name != "张三"
                ),
            )
    return db.path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_then_list_as_json(branch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(branch)
    code, out, _ = _run(
        capsys,
        "--db",
        db,
        "meetings",
        "add",
        "--kind",
        "主题党日",
        "--date",
        "2025-03-31",
        "--title",
        "3月主题党日",
        "--attendees",
        "王建国，李秀英",
    )
    assert code == 0 and "已记录主题党日" in out
    assert _run(capsys, "--db", db, "meetings", "add", "--kind", "支委会", "--date", "2025-04-01")[0] == 0
    assert _run(capsys, "--db", db, "meetings", "add", "--kind", "党课", "--date", "2024-12-31")[0] == 0

    code, out, _ = _run(capsys, "--db", db, "meetings", "list", "--year", "2025", "--json")
    assert code == 0
    data = json.loads(out)
    assert [(d["kind"], d["date"], d["title"]) for d in data] == [
        ("主题党日", "2025-03-31", "3月主题党日"),
        ("支部委员会会议", "2025-04-01", ""),
    ]
    assert data[0]["attendees"] == ["王建国", "李秀英"] and data[0]["absent"] == ["张三"]
    assert data[1]["attendees"] == [] and data[1]["absent"] == []
    assert set(data[0]) == {"id", "kind", "date", "title", "attendees", "absent"}

    code, out, _ = _run(capsys, "--db", db, "meetings", "list")
    assert code == 0 and "共 3 次会议" in out


def test_unknown_member_is_refused_and_nothing_written(
    branch: Path, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys,
        "--db",
        str(branch),
        "meetings",
        "add",
        "--kind",
        "主题党日",
        "--date",
        "2025-05-15",
        "--attendees",
        "王建国,赵无名",
    )
    assert code == 1
    assert "赵无名" in err and "找不到" in err
    with db.reading() as s:
        assert s.query(Meeting).count() == 0

    code, _, err = _run(
        capsys, "--db", str(branch), "meetings", "add", "--kind", "茶话会", "--date", "2025-05-15"
    )
    assert code == 1 and "会议类型" in err
    code, _, err = _run(
        capsys, "--db", str(branch), "meetings", "add", "--kind", "党课", "--date", "2099-01-01"
    )
    assert code == 1 and "晚于今天" in err


def test_compliance_json(branch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(branch)
    _run(capsys, "--db", db, "meetings", "add", "--kind", "党课", "--date", "2025-06-30")
    _run(
        capsys,
        "--db",
        db,
        "meetings",
        "add",
        "--kind",
        "党小组会",
        "--group",
        "第一党小组",
        "--date",
        "2025-06-01",
    )
    code, out, _ = _run(capsys, "--db", db, "meetings", "compliance", "--year", "2025", "--json")
    assert code == 0
    rows = json.loads(out)
    assert all(set(r) == {"kind", "period", "required", "held", "ok"} for r in rows)
    lecture = {r["period"]: r["ok"] for r in rows if r["kind"] == "党课"}
    assert lecture == {"2025-Q1": False, "2025-Q2": True, "2025-Q3": False, "2025-Q4": False}
    june = next(r for r in rows if r["kind"] == "党小组会" and r["period"] == "2025-06")
    assert (june["required"], june["held"], june["ok"]) == (2, 1, False)
    assert {r["period"] for r in rows if r["kind"] == "组织生活会"} == {"2025"}


def test_print_minutes_and_archive(branch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(branch)
    _run(
        capsys, "--db", db, "meetings", "add", "--kind", "党课", "--date", "2025-06-30", "--title", "夏季党课"
    )
    _run(
        capsys, "--db", db, "meetings", "add", "--kind", "主题党日", "--date", "2025-07-01", "--title", "七一"
    )
    out = tmp_path / "june.pdf"
    code, _, _ = _run(
        capsys, "--db", db, "print", "minutes", "--year", "2025", "--month", "6", "--out", str(out)
    )
    assert code == 0
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "夏季党课" in text and "七一" not in text

    archive = tmp_path / "archive.pdf"
    assert _run(capsys, "--db", db, "print", "archive", "--year", "2025", "--out", str(archive))[0] == 0
    first = PdfReader(archive).pages[0].extract_text()
    assert "2025年度会议记录汇编" in first and "夏季党课" in first and "七一" in first
    code, _, err = _run(
        capsys, "--db", db, "print", "minutes", "--year", "2025", "--month", "13", "--out", str(out)
    )
    assert code == 1 and "月份" in err
