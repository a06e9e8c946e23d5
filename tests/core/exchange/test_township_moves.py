"""At the township: a transfer between two of its villages is one person moving, not a duplicate."""

from __future__ import annotations

import datetime as dt

from dangjian_desktop.core import transfers as tr
from dangjian_desktop.core.exchange.merge import merge_package
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.roster import MemberDraft, add_member, list_members

from .conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 10, 0)


def test_a_transfer_between_villages_is_settled_and_a_real_duplicate_is_to_check(tmp_path, township) -> None:
    east = make_village(tmp_path / "east.sqlite3", size=12, seed=1, name="东村党支部")
    west = make_village(tmp_path / "west.sqlite3", size=12, seed=2, name="西村党支部")
    with east.reading() as session:
        mover, doubled = list_members(session)[:2]
    # the mover: a letter out of 东村, done with the 回执; received in 西村
    transfer_id = tr.transfer_out(
        east, mover.id, "西村党支部", dt.date(2026, 10, 8), today=dt.date(2026, 10, 8)
    )
    tr.complete_transfer(east, transfer_id, dt.date(2026, 10, 20), today=dt.date(2026, 10, 20))
    draft = MemberDraft(name=mover.name, id_number=mover.id_number, join_date="2010-01-01")
    tr.receive_member(west, 1, draft, "东村党支部", dt.date(2026, 10, 15))
    # the duplicate: on both rosters with no transfer at all
    with west.transaction() as session:
        add_member(
            session, 1, MemberDraft(name=doubled.name, id_number=doubled.id_number, join_date="2011-01-01")
        )
    for village, name in ((east, "e.djpkg"), (west, "w.djpkg")):
        merge_package(
            township, export_package(village, tmp_path / name, now=WHEN, with_documents=False), enroll=True
        )
    with township.reading() as session:
        moves = {(m.name, m.from_branch, m.to_branch): m.state for m in tr.township_moves(session)}
        carried = [r for r in tr.list_transfers(session) if r.name == mover.name]
    assert moves == {
        (mover.name, "东村党支部", "西村党支部"): tr.SETTLED,
        (doubled.name, "东村党支部", "西村党支部"): tr.TO_CHECK,
    }
    # the package carried both ends of the transfer
    assert sorted((r.direction, r.state) for r in carried) == sorted(
        [(tr.OUT, tr.DONE), (tr.IN, tr.RECEIVED)]
    )
    east.close()
    west.close()
