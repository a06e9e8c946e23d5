"""发展党员 in the township package, the township's counts, and the printed papers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.develop.queries import list_paths
from dangjian_desktop.core.develop.service import PersonDraft, StepDraft, add_person, record_step
from dangjian_desktop.core.develop.stats import develop_stats, township_counts
from dangjian_desktop.core.exchange.merge import merge_package
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.models import Branch
from dangjian_desktop.core.township import branch_summaries
from dangjian_desktop.documents.develop import (
    activist_register_pdf,
    publicity_pdf,
    record_pdf,
    resolution_pdf,
    stage_list_pdf,
)
from tests.core.develop.helpers import add_roster, id_for

TODAY = dt.date(2026, 12, 1)
WHEN = dt.datetime(2026, 11, 22, 9, 30)


def _village(path: Path, name: str, admitted: bool):
    db = open_database(path)
    with db.transaction() as session:
        branch_id = create_branch(session, name, township="测试镇", phone="0791-1234567").id
    add_roster(db, branch_id, full=5)
    pid = add_person(
        db,
        branch_id,
        PersonDraft(name="周明", id_number=id_for(dt.date(1998, 1, 2)), applied="2023-03-01"),
        today=TODAY,
    )
    steps = [
        StepDraft("谈话", "2023-03-10", people=["党员1"]),
        StepDraft("确定积极分子", "2023-06-01", people=["党员1"]),
        StepDraft("考察", "2023-12-01", note="良好"),
        StepDraft("确定发展对象", "2024-06-01", people=["党员1", "党员2"]),
        StepDraft("公示", "2024-06-17"),
    ]
    if admitted:
        steps += [
            StepDraft("支部大会", "2026-03-10", present=5, votes_for=5, votes_against=0, votes_abstain=0),
            StepDraft("党委审批", "2026-04-01"),
        ]
    for draft in steps:
        record_step(db, pid, draft, today=TODAY)
    add_person(
        db,
        branch_id,
        PersonDraft(name="吴越", id_number=id_for(dt.date(1980, 1, 2)), applied="2026-10-01"),
        today=TODAY,
    )
    return db, branch_id, pid


def test_package_round_trip_and_township_counts(tmp_path: Path) -> None:
    one, _b1, _p1 = _village(tmp_path / "one.sqlite3", "东村党支部", admitted=True)
    two, _b2, _p2 = _village(tmp_path / "two.sqlite3", "西村党支部", admitted=False)
    township = open_database(tmp_path / "township.sqlite3")
    for village, name in ((one, "1"), (two, "2")):
        package = export_package(village, tmp_path / f"{name}.djpkg", now=WHEN, with_documents=False)
        assert merge_package(township, package, backup=False, enroll=True).status == "merged"
    with one.reading() as session:
        village_rows = [row.as_json() for row in list_paths(session, include_finished=True, today=TODAY)]
    with township.reading() as session:
        east = session.scalar(select(Branch.id).where(Branch.name == "东村党支部"))
        merged = [row.as_json() for row in list_paths(session, east, include_finished=True, today=TODAY)]
        # ids are renumbered on merge; everything else, including the warnings, arrives as it was
        strip = [{k: v for k, v in row.items() if k not in ("id", "member_id")} for row in village_rows]
        assert [{k: v for k, v in row.items() if k not in ("id", "member_id")} for row in merged] == strip
        counts = {c.name: c for c in township_counts(session, TODAY)}
        summaries = {s.name: s for s in branch_summaries(session, TODAY)}
    # the township view's line per branch carries the same counts
    assert summaries["东村党支部"].develop_by_stage == counts["东村党支部"].by_stage
    assert (summaries["西村党支部"].new_this_year, summaries["西村党支部"].no_new_member_in_two_years) == (
        0,
        True,
    )
    assert counts["东村党支部"].by_stage["预备党员"] == 1 and counts["东村党支部"].new_this_year == 1
    assert counts["东村党支部"].by_stage["入党申请人"] == 1
    assert not counts["东村党支部"].no_new_member_in_two_years
    assert counts["西村党支部"].by_stage["发展对象"] == 1 and counts["西村党支部"].new_this_year == 0
    assert counts["西村党支部"].no_new_member_in_two_years  # the roster's last 入党日期 is 2000
    with two.reading() as session:
        stats = develop_stats(session, None, TODAY)
    assert (stats.in_progress, stats.young, stats.young_share, stats.ratio) == (2, 1, "50.0%", "0 : 1")
    assert stats.years_since_last and stats.years_since_last > 26
    for db in (one, two, township):
        db.close()


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace(" ", "").replace("\n", "")


def test_the_papers_hold_the_dates_and_mask_the_id(tmp_path: Path) -> None:
    db, branch_id, pid = _village(tmp_path / "v.sqlite3", "东村党支部", admitted=True)
    full_id = id_for(dt.date(1998, 1, 2))
    with db.reading() as session:
        record = _text(record_pdf(session, pid, tmp_path / "record.pdf"))
        notice = _text(publicity_pdf(session, pid, tmp_path / "notice.pdf", today=TODAY))
        resolution = _text(resolution_pdf(session, pid, tmp_path / "resolution.pdf"))
        register = _text(activist_register_pdf(session, pid, tmp_path / "register.pdf"))
        listing = _text(stage_list_pdf(session, branch_id, tmp_path / "list.pdf", today=TODAY))
    for day in (
        "2023年3月1日",
        "2023年3月10日",
        "2023年6月1日",
        "2023年12月1日",
        "2024年6月1日",
        "2026年3月10日",
        "2026年4月1日",
    ):
        assert day in record
    assert full_id not in notice and full_id[:6] + "********" + full_id[-4:] in notice
    assert "周明" in notice and "2024年6月17日" in notice
    assert all(full_id not in text for text in (record, resolution, register, listing))
    assert (
        "应到会有表决权的正式党员5名" in resolution
        and "赞成5票" in resolution
        and "同意接收周明" in resolution
    )
    assert "2023年12月1日" in register and "良好" in register
    assert "预备党员（1人）" in listing and "入党申请人（1人）" in listing and "吴越" in listing
    db.close()
