"""`dangjian develop add|record|list` and `print develop`, run in-process on a real database file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from dangjian_desktop.cli import main
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.models_develop import DevelopStep
from tests.core.develop.helpers import add_roster, id_for

ID = id_for(dt.date(1996, 4, 12))
KEYS = {
    "id", "name", "id_number", "stage", "applied", "activist", "candidate", "admitted", "full",
    "member_id", "next_step", "due", "warnings",
}  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _list(capsys, db: str, *extra: str) -> list[dict]:
    code, out, _ = _run(capsys, "--db", db, "develop", "list", "--json", *extra)
    assert code == 0
    return json.loads(out)


PATH = [
    ("谈话", "2023-03-20", "--people", "党员1"),
    ("确定积极分子", "2023-06-01", "--people", "党员1,党员2", "--how", "党员推荐"),
    ("考察", "2023-12-01", "--note", "表现良好"),
    ("确定发展对象", "2024-06-01", "--people", "党员1,党员2"),
    ("政审", "2024-06-10", "--note", "政审合格"),
    ("集中培训", "2024-06-11", "--to", "2024-06-13"),
    ("公示", "2024-06-17"),
    ("支委会审查", "2024-06-25"),
    ("预审", "2024-07-01", "--number", "2024001"),
    ("支部大会", "2024-07-10", "--present", "4", "--for", "4", "--against", "0", "--abstain", "0"),
    ("上级谈话", "2024-07-20", "--people", "党员3"),
    ("党委审批", "2024-08-01", "--number", "镇党字〔2024〕8号"),
    ("入党宣誓", "2024-08-05"),
    ("转正申请", "2025-06-01"),
    ("转正大会", "2025-07-10", "--present", "5", "--for", "5", "--against", "0", "--abstain", "0"),
    ("转正审批", "2025-09-01"),
]


def test_the_whole_path_through_the_command_line(db, branch_id, capsys, tmp_path: Path) -> None:
    add_roster(db, branch_id, full=5)
    path = str(db.path)
    code, out, _ = _run(capsys, "--db", path, "develop", "add", "--name", "赵青", "--id-number", ID,
                        "--applied", "2023-03-01", "--group", "第一党小组", "--phone", "13800138000")  # fmt: skip
    assert code == 0
    (row,) = _list(capsys, path)
    assert set(row) == KEYS
    assert (row["stage"], row["applied"], row["id_number"], row["next_step"], row["due"]) == (
        "入党申请人", "2023-03-01", ID, "谈话", "2023-04-01",
    )  # fmt: skip
    person = str(row["id"])
    for step, day, *extra in PATH:
        code, _out, err = _run(
            capsys, "--db", path, "develop", "record", person, "--step", step, "--date", day, *extra
        )
        assert code == 0, err
        assert "注意" not in err, err
    assert _list(capsys, path) == []
    (row,) = _list(capsys, path, "--all")
    assert (row["stage"], row["admitted"], row["full"], row["warnings"]) == (
        "正式党员", "2024-07-10", "2025-07-10", [],
    )  # fmt: skip
    code, out, _ = _run(capsys, "--db", path, "roster", "list", "--json")
    member = next(m for m in json.loads(out) if m["id"] == row["member_id"])
    assert (member["name"], member["category"], member["join_date"], member["full_date"], member["group"]) == (
        "赵青", "正式党员", "2024-07-10", "2025-07-10", "第一党小组",
    )  # fmt: skip

    pdf = tmp_path / "纪实表.pdf"
    code, _out, err = _run(capsys, "--db", path, "print", "develop", person, "--out", str(pdf))
    assert code == 0, err
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    compact = text.replace(" ", "").replace("\n", "")
    for _step, day, *_rest in [("入党申请", "2023-03-01"), *PATH]:
        y, m, d = (int(x) for x in day.split("-"))
        assert f"{y}年{m}月{d}日" in compact, day
    assert ID not in compact and "360426********" in compact


def test_a_failed_vote_is_recorded_exits_0_and_says_why(db, branch_id, capsys) -> None:
    add_roster(db, branch_id, full=6)
    path = str(db.path)
    _run(
        capsys, "--db", path, "develop", "add", "--name", "赵青", "--id-number", ID, "--applied", "2023-03-01"
    )
    for step, day, *extra in PATH[:4]:
        assert (
            _run(capsys, "--db", path, "develop", "record", "1", "--step", step, "--date", day, *extra)[0]
            == 0
        )
    code, _out, err = _run(capsys, "--db", path, "develop", "record", "1", "--step", "支部大会", "--date",
                           "2024-07-10", "--present", "4", "--for", "3", "--against", "1", "--abstain", "0")  # fmt: skip
    assert code == 0 and "未超过应到会有表决权 6 人的半数" in err
    (row,) = _list(capsys, path)
    assert row["stage"] == "发展对象" and row["admitted"] is None
    assert row["warnings"] == []  # a failed vote admits no one, so nothing is missing before it


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [
                "develop",
                "add",
                "--name",
                "小李",
                "--id-number",
                id_for(dt.date(2008, 6, 1)),
                "--applied",
                "2026-05-31",
            ],
            "未满18周岁",
        ),
        (
            [
                "develop",
                "add",
                "--name",
                "小李",
                "--id-number",
                "360426199101010072",
                "--applied",
                "2020-01-01",
            ],
            "校验",
        ),
        (
            ["develop", "record", "1", "--step", "确定发展对象", "--date", "2024-06-01", "--people", "党员1"],
            "尚未确定",
        ),
        (
            ["develop", "record", "1", "--step", "谈话", "--date", "2023-03-20", "--people", "王五"],
            "找不到“王五”",
        ),
        (["develop", "record", "1", "--step", "飞行", "--date", "2023-03-20"], "不认识"),
        (["develop", "record", "9", "--step", "谈话", "--date", "2023-03-20"], "找不到编号为 9"),
        (["print", "develop", "--out", "x.pdf"], "请写明"),
    ],
)
def test_refusals_exit_1_with_one_message_and_change_nothing(
    db, branch_id, capsys, argv, message, tmp_path
) -> None:
    add_roster(db, branch_id, full=3)
    path = str(db.path)
    _run(
        capsys, "--db", path, "develop", "add", "--name", "赵青", "--id-number", ID, "--applied", "2023-03-01"
    )
    with db.reading() as session:
        before = session.scalar(select(func.count()).select_from(DevelopStep))
    argv = [str(tmp_path / a) if a == "x.pdf" else a for a in argv]
    code, _out, err = _run(capsys, "--db", path, *argv)
    assert code == 1
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(DevelopStep)) == before
        assert session.scalar(select(func.count()).select_from(Member)) == 3
