"""The township side: a verified package becomes that branch's latest state, all or nothing.

Rows arrive with the village's own ids; they are inserted afresh and every foreign key is remapped
through the ids given on the way in. Generic over the models, so a new table merges without changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Column, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.package import PackageError, verify_file
from dangjian_desktop.core.exchange.tables import data_tables, load_rows, table_file
from dangjian_desktop.core.models import Branch, Member, MemberStatus
from dangjian_desktop.core.oplog import log

# The package's own history, readable in the package; the township keeps its own log.
NOT_MERGED = {"operation_log"}
BRANCH_BOOKKEEPING = ("package_exported_at", "package_digest", "package_merged_at")


@dataclass(frozen=True)
class Transfer:
    id_number: str
    name: str
    other_branch: str
    other_status: str


@dataclass
class MergeReport:
    status: str  # merged / unchanged / older
    branch_name: str
    exported_at: str
    message: str
    counts: dict[str, int] = field(default_factory=dict)
    transfers: list[Transfer] = field(default_factory=list)


def _merged_tables() -> list[Table]:
    return [t for t in data_tables() if t.name not in NOT_MERGED]


def _owner_key(table: Table, owned: dict[str, set]) -> tuple[Column, str] | None:
    """The foreign key through which a table's rows belong to a branch (member.branch_id, ...), and
    the table it points to."""
    for fk in table.foreign_keys:
        if fk.column.table.name in owned and not fk.parent.nullable:
            return fk.parent, fk.column.table.name
    return None


def _owned_ids(session: Session, tables: list[Table], branch_id: int) -> dict[str, set]:
    """For every table with its own id, the ids of the rows that belong to the branch."""
    owned: dict[str, set] = {"branch": {branch_id}}
    for table in tables:
        owner = _owner_key(table, owned) if table.name != "branch" else None
        if owner is None or len(table.primary_key.columns) != 1:
            continue
        (pk,) = table.primary_key.columns
        key, parent = owner
        parents = list(owned[parent])
        owned[table.name] = set()
        for start in range(0, len(parents), 500):
            chunk = parents[start : start + 500]
            owned[table.name].update(session.scalars(select(pk).where(key.in_(chunk))))
    return owned


def _delete_branch_data(session: Session, tables: list[Table], branch_id: int) -> None:
    owned = _owned_ids(session, tables, branch_id)
    for table in reversed(tables):  # children before parents
        owner = _owner_key(table, owned) if table.name != "branch" else None
        if owner is None:
            continue
        key, parent = owner
        parents = list(owned[parent])
        for start in range(0, len(parents), 500):
            session.execute(delete(table).where(key.in_(parents[start : start + 500])))


def _insert_rows(
    session: Session, tables: list[Table], payload: dict[str, bytes], branch_id: int
) -> dict[str, int]:
    id_maps: dict[str, dict[int, int]] = {"branch": {}}
    counts: dict[str, int] = {}
    for table in tables:
        if table.name == "branch":
            for row in load_rows(table, payload.get(table_file(table), b"")):
                id_maps["branch"][row["id"]] = branch_id
            continue
        pk = list(table.primary_key.columns)
        surrogate = len(pk) == 1 and pk[0].autoincrement in (True, "auto") and not pk[0].foreign_keys
        mapping = id_maps.setdefault(table.name, {})
        # New ids are handed out here, inside the transaction that holds the write lock, so that a
        # whole table goes in as one executemany: row-by-row inserts made a 50-village merge crawl.
        next_id = (session.scalar(select(func.max(pk[0]))) or 0) + 1 if surrogate else 0
        rows = []
        for row in load_rows(table, payload.get(table_file(table), b"")):
            for fk in table.foreign_keys:
                value = row.get(fk.parent.name)
                if value is not None:
                    mapped = id_maps.get(fk.column.table.name, {}).get(value)
                    if mapped is None:
                        raise PackageError(
                            f"数据包中 {table.name} 引用了不存在的 {fk.column.table.name} {value}"
                        )
                    row[fk.parent.name] = mapped
            if surrogate:
                mapping[row[pk[0].name]] = next_id
                row[pk[0].name] = next_id
                next_id += 1
            rows.append(row)
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            # rows may differ in which columns they carry (an older package); group by shape
            shapes: dict[tuple[str, ...], list[dict]] = {}
            for row in chunk:
                shapes.setdefault(tuple(sorted(row)), []).append(row)
            for group in shapes.values():
                session.execute(insert(table), group)
        counts[table.name] = len(rows)
    return counts


def transfers_for(session: Session, branch_id: int) -> list[Transfer]:
    """Members of this branch whose ID number also stands in another branch: a move to check."""
    here, there = Member.__table__.alias("here"), Member.__table__.alias("there")
    rows = session.execute(
        select(here.c.id_number, here.c.name, Branch.name, there.c.status)
        .join(there, (there.c.id_number == here.c.id_number) & (there.c.branch_id != here.c.branch_id))
        .join(Branch, Branch.id == there.c.branch_id)
        .where(
            here.c.branch_id == branch_id,
            here.c.id_number.is_not(None),
            here.c.status == MemberStatus.ACTIVE.value,
        )
        .order_by(here.c.name)
    ).all()
    return [Transfer(*row) for row in rows]


def merge_package(
    db: Database,
    path: Path,
    *,
    passphrase: str | None = None,
    now: dt.datetime | None = None,
    backup: bool = True,
) -> MergeReport:
    check = verify_file(path, passphrase)
    if not check.ok:
        raise PackageError(f"数据包 {Path(path).name} 未合并：{check.message()}")
    info = check.info or {}
    exported_at = dt.datetime.fromisoformat(info["exported_at"])
    name = info.get("branch_name", "")
    with db.reading() as session:
        existing = session.scalars(select(Branch).where(Branch.uid == info["branch_uid"])).first()
        if existing is not None and existing.package_digest == check.digest:
            return MergeReport(
                "unchanged", name, info["exported_at"], f"{name} 的这个数据包已合并过，未做改动"
            )
        if (
            existing is not None
            and existing.package_exported_at
            and exported_at <= existing.package_exported_at
        ):
            return MergeReport(
                "older",
                name,
                info["exported_at"],
                f"{name} 已合并过更新的数据包（{existing.package_exported_at:%Y-%m-%d %H:%M}"
                f" 导出），这个较旧的数据包（{exported_at:%Y-%m-%d %H:%M}）未合并",
            )
    if backup:
        from dangjian_desktop.core.backup import backup_before

        backup_before(db.path, "merge")
    tables = _merged_tables()
    branch_table = next(t for t in tables if t.name == "branch")
    branch_row = next(iter(load_rows(branch_table, check.files[table_file("branch")])))
    with db.transaction() as session:
        branch = session.scalars(select(Branch).where(Branch.uid == info["branch_uid"])).first()
        if branch is None:
            branch = Branch(uid=info["branch_uid"], name=branch_row["name"])
            session.add(branch)
            session.flush()
        else:
            _delete_branch_data(session, tables, branch.id)
        for key in ("name", "township", "secretary", "phone"):
            setattr(branch, key, branch_row.get(key, ""))
        branch.package_exported_at, branch.package_digest = exported_at, check.digest
        branch.package_merged_at = now or dt.datetime.now().replace(microsecond=0)
        session.flush()
        counts = _insert_rows(session, tables, check.files, branch.id)
        log(session, "合并数据包", f"{branch.name}（{info['exported_at']} 导出）")
        transfers = transfers_for(session, branch.id)
    return MergeReport(
        "merged",
        branch_row["name"],
        info["exported_at"],
        f"已合并 {branch_row['name']}：党员 {counts.get('member', 0)} 名",
        counts,
        transfers,
    )


def merge_packages(
    db: Database,
    paths: list[Path],
    *,
    passphrase: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[Path, MergeReport | str]]:
    """The clerk's pile of sticks: one backup first, then each package on its own; a broken one is
    reported (its message in place of a report) and does not stop the others."""
    from dangjian_desktop.core.backup import backup_before

    backup_before(db.path, "merge")
    results: list[tuple[Path, MergeReport | str]] = []
    for number, path in enumerate(paths, start=1):
        try:
            results.append((path, merge_package(db, path, passphrase=passphrase, backup=False)))
        except UserError as exc:
            results.append((path, str(exc)))
        if progress is not None:
            progress(number, len(paths))
    return results
