"""The 年报统计 workbook read back with openpyxl and the PDF's extracted text: the same figures, checked."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import update

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Branch
from dangjian_desktop.core.roster import list_members
from dangjian_desktop.documents.statistics import gather, statistics_pdf, statistics_xlsx

TODAY = dt.date.today()  # the demo branch is built around today
YEAR = TODAY.year
TITLE = f"凤凰村党支部{YEAR}年度党员统计表"


def _on_roster(db: Database) -> list:
    with db.reading() as s:
        return [
            r for r in list_members(s, include_left=False) if r.join_date is None or r.join_date.year <= YEAR
        ]


def _leavers(db: Database) -> int:
    with db.reading() as s:
        return sum(1 for r in list_members(s) if not r.is_active and r.left_date and r.left_date.year == YEAR)


def test_the_workbook_holds_every_table_as_plain_values(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.reading() as s:
        out = statistics_xlsx(s, YEAR, TODAY, tmp_path / "统计.xlsx")
    expected = len(_on_roster(demo_db))
    book = load_workbook(out)
    assert book.sheetnames[:4] == ["党员类别", "性别", "民族", "学历"]
    assert book.sheetnames[-1] == "本年减少党员（按离开方式）"
    for sheet in book.worksheets:
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert values[0][0].startswith(f"{TITLE}：")
        assert f"统计截至{YEAR}年12月31日" in values[1][0]
        assert values[2] == ["项目", "合计", "女", "少数民族", "预备党员"]
        total_row = next(row for row in values if row[0] in ("合计", "合计（本年减少）"))
        body = values[3 : values.index(total_row)]
        top = [row for row in body if not str(row[0]).startswith("　　")]
        assert total_row[1] == sum(row[1] for row in top)
        if sheet.title.startswith("本年减少"):
            assert total_row[1] == _leavers(demo_db)
        else:
            assert total_row[1] == expected, sheet.title
        assert any(str(v).startswith("填报人：") for row in values for v in row if v)
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # never a formula
    women = sum(1 for r in _on_roster(demo_db) if r.gender == "女")
    gender = {row[0].value: row[1].value for row in book["性别"].iter_rows(min_row=4)}
    assert gender["女"] == women


def test_a_branch_name_that_looks_like_a_formula_stays_text(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.transaction() as s:
        s.execute(update(Branch).values(name='=HYPERLINK("http://x","点我")'))
    with demo_db.reading() as s:
        out = statistics_xlsx(s, YEAR, TODAY, tmp_path / "s.xlsx")
    cell = load_workbook(out)["性别"]["A1"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_pdf_says_the_year_end_and_the_totals(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.reading() as s:
        stats = gather(s, YEAR)
        out = statistics_pdf(s, YEAR, TODAY, tmp_path / "统计.pdf")
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    flat = re.sub(r"\s+", "", text)
    expected = len(_on_roster(demo_db))
    left = _leavers(demo_db)
    assert TITLE in flat
    assert f"统计截至{YEAR}年12月31日（年龄、党龄均按此日计算）在册党员{expected}名，本年减少{left}名" in flat
    for table in stats.tables:
        assert table.title in flat
    # every table's 合计 line: the total and its columns
    totals = re.findall(r"合计(?:（本年减少）)?\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", text)
    assert len(totals) == len(stats.tables)
    assert [int(t[0]) for t in totals] == [left if t.counts_leavers else expected for t in stats.tables]
    assert [int(t[1]) for t in totals][:-1] == [sum(1 for r in _on_roster(demo_db) if r.gender == "女")] * (
        len(totals) - 1
    )
    assert (
        "填报人：" in flat
        and "审核人：" in flat
        and f"填报日期：{TODAY.year}年{TODAY.month}月{TODAY.day}日" in flat
    )


def test_a_township_pdf_lists_every_branch(db: Database, tmp_path: Path) -> None:
    """A township database of 120 branches: the per-branch table runs over pages, header repeated."""
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.models import Member

    with db.transaction() as s:
        settings.put(s, settings.TOWNSHIP_MODE, True)
        for n in range(120):
            branch = Branch(name=f"第{n:03d}村党支部", township="青山镇")
            s.add(branch)
            s.flush()
            s.add(Member(branch_id=branch.id, name=f"党员{n}", join_date=dt.date(2000, 1, 1)))
    with db.reading() as s:
        tables = len(gather(s, YEAR).tables)
        out = statistics_pdf(s, YEAR, TODAY, tmp_path / "镇.pdf")
    reader = PdfReader(out)
    text = "".join(page.extract_text() for page in reader.pages)
    assert f"青山镇{YEAR}年度党员统计表" in text and "120个党支部" in text
    assert "第000村党支部" in text and "第119村党支部" in text
    assert text.count("项目") > tables  # the long table's header row again on its next page
