"""The clerk's pile of sticks (merge_packages) and the question before it (pending_enrollments), on
their lines (issue 21, mutation testing of core/exchange/merge.py): one backup before the batch and no
other, the progress counted from 1, the enrollment asked per new branch and not assumed, a passphrase
carried to every package, a village database refused in its words. SQLite only: the batch's logic
does not depend on the backend (the merge itself is tested on both in test_merge_edges.py)."""

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from dangjian_desktop.core.backup import backup_dir_for
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.merge import MergeReport, merge_packages, pending_enrollments
from dangjian_desktop.core.exchange.package import PackageError
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.models import Branch

from .conftest import make_village
from .test_merge_edges import resigned

WHEN = dt.datetime(2026, 11, 22, 9, 30)
SECRET = "青山镇2026"


@pytest.fixture(scope="module")
def sticks(tmp_path_factory) -> dict[str, Path]:
    """Two small villages' packages, plain and sealed with a passphrase, made once for the module."""
    folder = tmp_path_factory.mktemp("sticks")
    made: dict[str, Path] = {}
    for key, seed, name in (("south", 4, "南村党支部"), ("north", 5, "北村党支部")):
        village = make_village(folder / f"{key}.sqlite3", size=3, seed=seed, name=name)
        made[key] = export_package(village, folder / f"{key}.djpkg", now=WHEN, with_documents=False)
        made[f"{key}-sealed"] = export_package(
            village, folder / f"{key}-sealed.djpkg", passphrase=SECRET, now=WHEN, with_documents=False
        )
        if key == "south":  # two members with one ID number: the database refuses, unexpectedly
            made["doubled"] = resigned(village, made["south"], folder / "doubled.djpkg", _one_id_twice)
        village.close()
    broken = folder / "broken.djpkg"
    broken.write_bytes(made["south"].read_bytes()[:-1])
    made["broken"] = broken
    return made


def _one_id_twice(payload: dict) -> None:
    lines = payload["data/member.jsonl"].decode().splitlines()
    rows = [json.loads(line) for line in lines]
    numbered = [row for row in rows if row.get("id_number")]
    numbered[1]["id_number"] = numbered[0]["id_number"]
    payload["data/member.jsonl"] = "".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows
    ).encode()


@pytest.fixture
def town(tmp_path):
    db = open_database(tmp_path / "town.sqlite3")
    yield db
    db.close()


def branch_names(db) -> list[str]:
    with db.reading() as session:
        return sorted(session.scalars(select(Branch.name)))


def merge_backups(db) -> list[str]:
    return sorted(p.name for p in backup_dir_for(db.path).glob("dangjian-*.sqlite3"))


def test_a_batch_without_enrollment_merges_no_new_branch_and_says_why(town, sticks) -> None:
    """enroll defaults to no: a new branch's package is reported, not merged (planted: default True)."""
    ((path, outcome),) = merge_packages(town, [sticks["south"]])
    assert path == sticks["south"] and isinstance(outcome, str)
    assert "尚未登记" in outcome and "南村党支部" in outcome
    assert branch_names(town) == []


def test_one_backup_named_merge_before_the_batch_and_none_per_package(town, sticks) -> None:
    """Two packages, one backup (planted: a backup per package, another reason in the name)."""
    results = merge_packages(town, [sticks["south"], sticks["north"]], enroll=True)
    assert [r.status for _p, r in results if isinstance(r, MergeReport)] == ["merged", "merged"]
    (made,) = merge_backups(town)
    assert made.startswith("dangjian-") and made.endswith("-merge.sqlite3")
    assert branch_names(town) == ["北村党支部", "南村党支部"]


def test_progress_is_counted_from_one_to_the_number_of_packages(town, sticks) -> None:
    seen: list[tuple[int, int]] = []
    merge_packages(
        town,
        [sticks["south"], sticks["broken"], sticks["north"]],
        enroll=True,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_each_failure_is_one_sentence_naming_its_file_and_the_others_merge(town, sticks) -> None:
    """A package that does not verify is reported in the check's words; one the database refuses in
    the merge's words, with the log beside the database (planted: the error, the file name or the
    database's path not passed on; a failure dropped from the results)."""
    results = merge_packages(town, [sticks["broken"], sticks["doubled"], sticks["north"]], enroll=True)
    assert [path for path, _r in results] == [sticks["broken"], sticks["doubled"], sticks["north"]]
    broken, doubled, north = (outcome for _p, outcome in results)
    assert isinstance(broken, str) and broken.startswith("数据包 broken.djpkg 未合并：")
    assert "意外" not in broken
    log = town.path.parent / "logs" / "errors.log"
    assert doubled == (
        "doubled.djpkg 未合并：数据包中的数据前后矛盾（例如同一身份证号出现两次，或引用了不存在的记录），"
        f"已撤回这个数据包的全部改动（详情已记入 {log}）"
    )
    assert log.is_file()
    assert isinstance(north, MergeReport) and north.status == "merged"
    assert branch_names(town) == ["北村党支部"]


def test_the_clerk_is_asked_per_new_branch_and_a_no_leaves_it_out(town, sticks) -> None:
    asked: list[str] = []

    def only_the_south(identity) -> bool:
        asked.append(identity.name)
        return identity.name == "南村党支部"

    results = merge_packages(town, [sticks["south"], sticks["north"]], enroll=only_the_south)
    assert asked == ["南村党支部", "北村党支部"]
    assert isinstance(results[0][1], MergeReport) and results[0][1].enrolled
    assert isinstance(results[1][1], str) and "尚未登记" in results[1][1]
    assert branch_names(town) == ["南村党支部"]
    assert len(merge_backups(town)) == 1  # the batch's; none for the merge after the clerk's yes


@pytest.mark.parametrize("enroll", [True, "ask"], ids=["enroll", "asked"])
def test_a_sealed_package_merges_with_its_passphrase_whether_enrolled_or_asked(town, sticks, enroll) -> None:
    """The passphrase reaches the merge of each package, and the second merge after the clerk said yes
    (planted: the passphrase left out of either call)."""
    question = enroll if enroll is True else (lambda identity: True)
    ((_p, outcome),) = merge_packages(town, [sticks["south-sealed"]], passphrase=SECRET, enroll=question)
    assert isinstance(outcome, MergeReport) and outcome.status == "merged", outcome
    assert branch_names(town) == ["南村党支部"]


def test_a_batch_on_a_village_database_is_refused_in_its_words_before_any_backup(tmp_path, sticks) -> None:
    village = make_village(tmp_path / "v.sqlite3", size=3, seed=6, name="西村党支部")
    try:
        with pytest.raises(PackageError) as refused:
            merge_packages(village, [sticks["south"]], enroll=True)
        assert str(refused.value) == (
            "这是村级数据库，不能合并数据包：合并只在乡镇汇总数据库中进行，以免用旧数据包覆盖本村数据"
        )
        assert merge_backups(village) == []
    finally:
        village.close()


def test_pending_enrollments_reads_sealed_packages_skips_broken_ones_and_lists_each_branch_once(
    town, sticks
) -> None:
    """A broken package first does not end the look (planted: break for continue); two branches are
    two entries (planted: one key for all); the passphrase opens the sealed one."""
    found = pending_enrollments(
        town, [sticks["broken"], sticks["south-sealed"], sticks["north"], sticks["south"]], passphrase=SECRET
    )
    assert [i.name for i in found] == ["南村党支部", "北村党支部"]
    assert pending_enrollments(town, [sticks["south-sealed"]]) == []  # no passphrase: left to the merge
