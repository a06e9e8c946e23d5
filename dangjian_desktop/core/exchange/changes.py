"""What merging a package would change for its branch: members, meetings and 明白卡 added, changed,
removed. Rows are matched by what identifies them to a person (a member's ID number or name, a
meeting's kind, date and title, a card's member and year), since ids differ between databases."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.db import in_batches
from dangjian_desktop.core.exchange.merge import _rows
from dangjian_desktop.core.exchange.tables import data_tables
from dangjian_desktop.core.models import Branch

# table -> (label, the columns that identify a row to a person); card rows name their member
WATCHED = {"member": "党员", "meeting": "会议", "responsibility_card": "明白卡"}
_IGNORED = {
    "id",
    "branch_id",
    "member_id",
    "created_at",
    "updated_at",
    "search_key",
    "host_id",
    "recorder_id",
}


@dataclass(frozen=True)
class Change:
    table: str
    label: str
    added: int
    changed: int
    removed: int

    def text(self) -> str:
        return f"{self.label}：新增 {self.added}，修改 {self.changed}，删除 {self.removed}"


def _member_key(row: dict) -> str:
    return row.get("id_number") or f"name:{row.get('name')}"


def _keyed(table: Table, rows: list[dict], members: dict[int, str]) -> dict[tuple, tuple]:
    keyed: dict[tuple, tuple] = {}
    for row in rows:
        if table.name == "member":
            key: tuple = (_member_key(row),)
        elif table.name == "meeting":
            key = (row.get("kind"), str(row.get("date")), row.get("title"))
        else:
            key = (members.get(row.get("member_id"), ""), row.get("year"))
        keyed[key] = tuple(sorted((k, str(v)) for k, v in row.items() if k not in _IGNORED))
    return keyed


def _diff(old: dict, new: dict) -> tuple[int, int, int]:
    added = len(new.keys() - old.keys())
    removed = len(old.keys() - new.keys())
    changed = sum(1 for key in new.keys() & old.keys() if new[key] != old[key])
    return added, changed, removed


def changes_for(session: Session, branch_uid: str, files: dict[str, bytes]) -> list[Change]:
    """Against the branch's rows in this (township) database; an unknown branch is all 新增."""
    tables = {t.name: t for t in data_tables()}
    branch_id = session.scalar(select(Branch.id).where(Branch.uid == branch_uid))
    connection = session.connection()
    current: dict[str, list[dict]] = {name: [] for name in WATCHED}
    if branch_id is not None:
        member_t, meeting_t, card_t = tables["member"], tables["meeting"], tables["responsibility_card"]
        current["member"] = [
            dict(r)
            for r in connection.execute(select(member_t).where(member_t.c.branch_id == branch_id)).mappings()
        ]
        current["meeting"] = [
            dict(r)
            for r in connection.execute(
                select(meeting_t).where(meeting_t.c.branch_id == branch_id)
            ).mappings()
        ]
        member_ids = [r["id"] for r in current["member"]]
        current["responsibility_card"] = [
            dict(r)
            for chunk in in_batches(member_ids)
            for r in connection.execute(select(card_t).where(card_t.c.member_id.in_(chunk))).mappings()
        ]
    incoming = {name: list(_rows(tables[name], files)) for name in WATCHED}
    old_members = {r["id"]: _member_key(r) for r in current["member"]}
    new_members = {r.get("id"): _member_key(r) for r in incoming["member"]}
    result = []
    for name, label in WATCHED.items():
        old = _keyed(tables[name], current[name], old_members)
        new = _keyed(tables[name], incoming[name], new_members)
        result.append(Change(name, label, *_diff(old, new)))
    return result
