"""The village's own branch on a server (core/branch.current_branch): the first one created, even
after it was changed. PostgreSQL keeps no row order: an UPDATE writes the row's new version at the
end of the table, so a read without ORDER BY would then give the second branch first."""

from __future__ import annotations

from dangjian_desktop.core.branch import create_branch, current_branch, require_branch, update_branch
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.models import Branch


def test_the_first_branch_created_stays_the_current_one_after_an_edit(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.transaction() as session:
            first = create_branch(session, "甲村党支部")
            session.add(Branch(name="乙村党支部"))
        with db.transaction() as session:
            update_branch(session, first.id, name="甲村新党支部")
        with db.reading() as session:
            assert current_branch(session).id == first.id  # type: ignore[union-attr]
            assert require_branch(session).name == "甲村新党支部"
    finally:
        db.close()
