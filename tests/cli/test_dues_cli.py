"""`dangjian dues set|pay|list` and `print dues|dues-book|dues-form`, run in-process on a real file."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from dangjian_desktop.cli import main
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import DuesAssessment, DuesPayment
from dangjian_desktop.core.roster import MemberDraft, add_member

YEAR = dt.date.today().year - 1  # a year that is over: every month of it has ended
INCOME = "7654.32"  # 1.5% -> 114.81; a figure that appears nowhere else


@pytest.fixture
def members(db: Database, branch_id: int) -> list[int]:
    with db.transaction() as s:
        return [
            add_member(s, branch_id, MemberDraft(name=name, join_date="2001-07-01"))
            for name in ("王建国", "李秀英", "张三")
        ]


def _run(capsys: pytest.CaptureFixture[str], db: Database, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db.path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _counts(db: Database) -> tuple[int, int]:
    with db.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(DuesAssessment)),
            s.scalar(select(func.count()).select_from(DuesPayment)),
        )


def test_set_pay_list_json(db, members, capsys) -> None:
    a, b, _c = members
    assert (
        _run(capsys, db, "dues", "set", str(a), "--year", str(YEAR), "--kind", "在职", "--income", INCOME)[0]
        == 0
    )
    assert (
        _run(capsys, db, "dues", "set", str(b), "--year", str(YEAR), "--kind", "农民", "--amount", "0.5")[0]
        == 0
    )
    code, _out, _err = _run(
        capsys,
        db,
        "dues",
        "pay",
        str(a),
        "--from",
        f"{YEAR}-01",
        "--to",
        f"{YEAR}-03",
        "--date",
        f"{YEAR}-01-09",
    )
    assert code == 0
    code, _out, err = _run(
        capsys,
        db,
        "dues",
        "pay",
        str(b),
        "--from",
        f"{YEAR}-01",
        "--to",
        f"{YEAR}-07",
        "--date",
        f"{YEAR}-08-20",
        "--how",
        "补交",
    )
    assert code == 0 and "补交 7 个月" in err
    code, out, _ = _run(capsys, db, "dues", "list", "--year", str(YEAR), "--json")
    assert code == 0
    rows = {r["member_id"]: r for r in json.loads(out)}
    assert set(rows) == {a, b}  # 张三's year is not set yet
    assert rows[a] == {
        "member_id": a,
        "name": "王建国",
        "kind": "在职",
        "monthly": "114.81",
        "paid_through": f"{YEAR}-03",
        "owed_months": 9,
        "paid_total": "344.43",
        "warnings": [rows[a]["warnings"][0]],
    }
    assert "连续 9 个月" in rows[a]["warnings"][0]
    assert (
        rows[b]["monthly"] == "0.50"
        and rows[b]["paid_total"] == "3.50"
        and rows[b]["paid_through"] == f"{YEAR}-07"
    )
    assert any("补交 7 个月" in w for w in rows[b]["warnings"])
    assert INCOME not in out and "7654" not in out


def test_nothing_paid_gives_null(db, members, capsys) -> None:
    _run(capsys, db, "dues", "set", str(members[2]), "--year", str(YEAR), "--kind", "学生")
    code, out, _ = _run(capsys, db, "dues", "list", "--year", str(YEAR), "--json")
    (row,) = json.loads(out)
    assert code == 0 and row["paid_through"] is None and row["monthly"] == "0.20" and row["owed_months"] == 12


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dues", "set", "999", "--year", str(YEAR), "--kind", "学生"], "没有编号为 999"),
        (["dues", "set", "abc", "--year", str(YEAR), "--kind", "学生"], "党员编号"),
        (["dues", "set", "{a}", "--year", str(YEAR), "--kind", "在职", "--income", "-5"], "不能小于 0"),
        (["dues", "set", "{a}", "--year", str(YEAR), "--kind", "在职", "--income", "abc"], "金额"),
        (["dues", "set", "{a}", "--year", str(YEAR), "--kind", "农民", "--amount", "1.01"], "之间"),
        (["dues", "set", "{a}", "--year", str(YEAR), "--kind", "农民", "--amount", "0.19"], "之间"),
        (["dues", "set", "{a}", "--year", str(YEAR), "--kind", "农民"], "需要填写"),
        (
            ["dues", "set", "{a}", "--year", str(YEAR), "--kind", "在职", "--income", "9", "--amount", "1"],
            "不能直接填写",
        ),
        (["dues", "set", "{a}", "--year", str(YEAR), "--kind", "学生", "--amount", "0.5"], "不能另填"),
        (["dues", "set", "{a}", "--year", str(YEAR), "--kind", "学生", "--reduced", "0"], "批准"),
        (
            ["dues", "pay", "{s}", "--from", f"{YEAR}-05", "--to", f"{YEAR}-03", "--date", f"{YEAR}-05-01"],
            "颠倒",
        ),
        (
            ["dues", "pay", "{s}", "--from", f"{YEAR}-5", "--to", "2026/07", "--date", f"{YEAR}-05-01"],
            "YYYY-MM",
        ),
        (
            ["dues", "pay", "{s}", "--from", f"{YEAR}-01", "--to", f"{YEAR}-01", "--date", "yesterday"],
            "YYYY-MM-DD",
        ),
        (
            [
                "dues",
                "pay",
                "{s}",
                "--from",
                f"{YEAR}-01",
                "--to",
                f"{YEAR}-01",
                "--date",
                f"{YEAR}-01-02",
                "--how",
                "微信",
            ],
            "交纳方式",
        ),
        (
            [
                "dues",
                "pay",
                "{s}",
                "--from",
                f"{YEAR}-01",
                "--to",
                f"{YEAR}-01",
                "--date",
                f"{YEAR}-01-02",
                "--amount",
                "-1",
            ],
            "不能小于 0",
        ),
        (
            ["dues", "pay", "{a}", "--from", f"{YEAR}-01", "--to", f"{YEAR}-01", "--date", f"{YEAR}-01-02"],
            "尚未核定",
        ),
    ],
)
def test_bad_input_exits_1_with_one_chinese_line_and_changes_nothing(
    db, members, capsys, argv, message
) -> None:
    a, _b, student = members
    assert _run(capsys, db, "dues", "set", str(student), "--year", str(YEAR), "--kind", "学生")[0] == 0
    before = _counts(db)
    code, out, err = _run(capsys, db, *[x.format(a=a, s=student) for x in argv])
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and re.search(r"[\u4e00-\u9fff]", err)
    assert "Traceback" not in err
    assert _counts(db) == before


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_printed_documents_never_hold_the_income(db, members, capsys, tmp_path) -> None:
    a, b, _c = members
    _run(capsys, db, "dues", "set", str(a), "--year", str(YEAR), "--kind", "在职", "--income", INCOME)
    _run(
        capsys,
        db,
        "dues",
        "set",
        str(b),
        "--year",
        str(YEAR),
        "--kind",
        "离退休",
        "--income",
        "5000.01",
        "--reduced",
        "10",
        "--decided",
        f"{YEAR}-01-03",
        "--approved",
        f"{YEAR}-01-20",
        "--reason",
        "患病",
    )
    _run(
        capsys,
        db,
        "dues",
        "pay",
        str(a),
        "--from",
        f"{YEAR}-01",
        "--to",
        f"{YEAR}-03",
        "--date",
        f"{YEAR}-03-05",
    )
    publicity, book, form = tmp_path / "pub.pdf", tmp_path / "book.pdf", tmp_path / "form.pdf"
    assert _run(capsys, db, "print", "dues", "--year", str(YEAR), "--out", str(publicity))[0] == 0
    assert (
        _run(capsys, db, "print", "dues-book", "--year", str(YEAR), "--month", "3", "--out", str(book))[0]
        == 0
    )
    assert _run(capsys, db, "print", "dues-form", str(b), "--year", str(YEAR), "--out", str(form))[0] == 0
    text = _text(publicity)
    assert "党费收缴公示表" in text and "王建国" in text and "114.81" in text and "344.43" in text
    assert f"{YEAR}年3月" in text  # paid through
    assert "应收 1497.72 元" in text.replace("\n", "")  # 12 × 114.81 + 12 × 10.00
    book_text = _text(book)
    assert "党费收缴登记簿" in book_text and "本人签名" in book_text and "3月5日 本人" in book_text
    form_text = _text(form)
    assert "少交" in form_text and "10.00" in form_text and "50.00" in form_text and "患病" in form_text
    for t in (text, book_text, form_text):
        flat = t.replace(",", "").replace(" ", "")
        assert "7654" not in flat and "5000.01" not in flat and "收入" not in flat
