"""The township side: a verified, signed package of an enrolled branch becomes that branch's latest
state, all or nothing.

Which branch a package replaces is taken from the signed package-info.json and must agree with
data/branch.jsonl. The first package of a branch is merged only when the clerk enrolls its key (after
reading the fingerprint aloud with the village); afterwards only that key's packages merge for it.
Packages are ordered by the village's counter, never by its clock.

Rows arrive with the village's own ids; they are inserted afresh and every foreign key is remapped
through the ids given on the way in. Generic over the models, so a new table merges without changes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Column, Table, delete, func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.db import Database, in_batches
from dangjian_desktop.core.db_server import after_explicit_ids, insert_rows
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.package import PackageError, Verification, verify_file
from dangjian_desktop.core.exchange.tables import data_tables, load_rows, table_file
from dangjian_desktop.core.keys import fingerprint_hex, is_village, township_private
from dangjian_desktop.core.models import Branch, Member, MemberStatus, MergeRecord
from dangjian_desktop.core.oplog import log
from dangjian_desktop.core.township import TOWNSHIP_MODE

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
    number: int = 0
    enrolled: bool = False  # this merge enrolled the branch's key


class NotEnrolled(PackageError):
    """A branch's first package: the clerk must confirm its fingerprint (--enroll, or the GUI asks)."""

    def __init__(self, message: str, identity: PackageIdentity) -> None:
        super().__init__(message)
        self.identity = identity


@dataclass(frozen=True)
class PackageIdentity:
    """Who a verified package says it is, from the signed data."""

    uid: str
    name: str
    township: str
    secretary: str
    signing_key: str
    number: int
    exported_at: str

    @property
    def fingerprint(self) -> str:
        return fingerprint_hex(self.signing_key)

    def describe(self) -> str:
        parts = [p for p in (self.township, f"书记 {self.secretary}" if self.secretary else "") if p]
        return f"{self.name}（{'，'.join(parts)}）" if parts else self.name


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
        for chunk in in_batches(parents):
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
        for chunk in in_batches(parents):
            session.execute(delete(table).where(key.in_(chunk)))


def _rows(table: Table, payload: dict[str, bytes]):
    """The package's rows of a table; a line that does not parse names the table and line only."""
    number = 0
    try:
        for row in load_rows(table, payload.get(table_file(table), b"")):
            number += 1
            yield row
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        if isinstance(exc, UserError):
            raise
        raise PackageError(f"数据包中 {table.name} 表第 {number + 1} 条的格式不对") from None


def _insert_rows(
    session: Session, tables: list[Table], payload: dict[str, bytes], branch_id: int
) -> dict[str, int]:
    id_maps: dict[str, dict[int, int]] = {"branch": {}}
    counts: dict[str, int] = {}
    for table in tables:
        if table.name == "branch":
            for row in _rows(table, payload):
                id_maps["branch"][row["id"]] = branch_id
            continue
        pk = list(table.primary_key.columns)
        surrogate = len(pk) == 1 and pk[0].autoincrement in (True, "auto") and not pk[0].foreign_keys
        mapping = id_maps.setdefault(table.name, {})
        if not payload.get(table_file(table), b"").strip():
            counts[table.name] = 0  # most tables of a village's package are empty: no query for them
            continue
        # New ids are handed out here, inside the transaction that holds the write lock, so that a
        # whole table goes in as one executemany: row-by-row inserts made a 50-village merge crawl.
        next_id = (session.scalar(select(func.max(pk[0]))) or 0) + 1 if surrogate else 0
        # each foreign key's column, the ids it is remapped through and the table it points to
        remaps = [
            (fk.parent.name, id_maps.setdefault(fk.column.table.name, {}), fk.column.table.name)
            for fk in table.foreign_keys
        ]
        key = pk[0].name
        rows = []
        for row in _rows(table, payload):
            if surrogate and not isinstance(row.get(key), int):
                raise PackageError(f"数据包中 {table.name} 表有一条缺少编号")
            for column, ids, target in remaps:
                value = row.get(column)
                if value is not None:
                    mapped = ids.get(value) if isinstance(value, int) else None
                    if mapped is None:
                        # never the value itself: a hostile package could put an ID number there
                        raise PackageError(f"数据包中 {table.name} 引用了不存在的 {target}")
                    row[column] = mapped
            if surrogate:
                mapping[row[key]] = next_id
                row[key] = next_id
                next_id += 1
            rows.append(row)
        insert_rows(session, table, rows)
        if surrogate and rows:
            after_explicit_ids(session, table.name)
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


def identify(check: Verification) -> PackageIdentity:
    """The branch a package replaces, from the signed information, and it must agree with the data
    the package carries: a package cannot claim one branch and carry another."""
    info = check.info or {}
    branch_table = next(t for t in data_tables() if t.name == "branch")
    rows = list(_rows(branch_table, check.files))
    uid, key = info.get("branch_uid"), info.get("signing_key")
    if (
        len(rows) != 1
        or not isinstance(uid, str)
        or rows[0].get("uid") != uid
        or rows[0].get("signing_key") != key
    ):
        raise PackageError("数据包中的党支部与签名信息不一致，数据包已被改动")
    row = rows[0]
    text = {k: str(row.get(k) or "")[:100] for k in ("name", "township", "secretary")}
    return PackageIdentity(
        uid,
        text["name"],
        text["township"],
        text["secretary"],
        key,
        info["package_number"],
        str(info.get("exported_at", ""))[:40],
    )


def open_package(
    db: Database, path: Path, passphrase: str | None = None
) -> tuple[Verification, PackageIdentity]:
    """Verify with the township's key (if this database has one) and identify; PackageError if bad."""
    with db.reading() as session:
        if is_village(session):
            raise PackageError(
                "这是村级数据库，不能合并数据包：合并只在乡镇汇总数据库中进行，以免用旧数据包覆盖本村数据"
            )
        key = township_private(session)
    check = verify_file(path, passphrase, key)
    if not check.ok:
        raise PackageError(f"数据包 {Path(path).name} 未合并：{check.message()}")
    try:
        return check, identify(check)
    except PackageError as exc:
        raise PackageError(f"数据包 {Path(path).name} 未合并：{exc}") from None


def enrollment_problem(
    existing: Branch | None, identity: PackageIdentity, enroll: bool, namesake: Branch | None = None
) -> PackageError | None:
    if existing is None:
        if enroll:
            return None
        return NotEnrolled(
            f"{identity.describe()} 尚未登记，数据包未合并。该村的密钥指纹：{identity.fingerprint}。"
            "请与该村书记核对指纹（村里在导出窗口可看到）后登记（命令行加 --enroll）"
            + (
                f"。注意：已有同名党支部登记，指纹 {fingerprint_hex(namesake.signing_key)}；"
                "如是该村换了电脑，应“重新登记”而不是新登记"
                if namesake is not None
                else ""
            ),
            identity,
        )
    if existing.signing_key != identity.signing_key:
        return PackageError(
            f"数据包自称 {existing.name}，但签名密钥与登记的不同，未合并，数据未做任何改动。"
            f"登记的指纹：{fingerprint_hex(existing.signing_key)}；数据包的指纹：{identity.fingerprint}。"
            "如确为该村换了电脑，请在乡镇汇总页“重新登记”（branches reenroll）"
        )
    return None


def data_archive(files: dict[str, bytes]) -> bytes:
    """The data files of a merge (documents left out), kept so that the branch can be rolled back."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted((n, d) for n, d in files.items() if n.startswith("data/")):
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def apply_data(
    session: Session, branch: Branch, files: dict[str, bytes], *, new_branch: bool = False
) -> dict[str, int]:
    """Replace everything of one branch by the package's rows, inside the caller's transaction
    (new_branch: enrolled in this transaction, so there is nothing of it to delete first)."""
    tables = _merged_tables()
    branch_table = next(t for t in tables if t.name == "branch")
    row = next(iter(_rows(branch_table, files)))
    if not new_branch:
        _delete_branch_data(session, tables, branch.id)
    for key in ("name", "township", "secretary", "phone"):
        value = row.get(key, "")
        if not isinstance(value, str):
            raise PackageError(f"数据包中党支部的 {key} 格式不对")
        setattr(branch, key, value)
    session.flush()
    return _insert_rows(session, tables, files, branch.id)


def _merged_before(
    existing: Branch | None, identity: PackageIdentity, digest: str, exported: dt.datetime
) -> MergeReport | None:
    """The report for a package this branch already has (the same one, or an older one)."""
    name, exported_at = identity.name, identity.exported_at
    if existing is not None and existing.package_digest == digest:
        return MergeReport("unchanged", name, exported_at, f"{name} 的这个数据包已合并过，未做改动")
    if existing is not None and identity.number <= existing.package_number:
        return MergeReport(
            "older",
            name,
            exported_at,
            f"{name} 已合并过更新的数据包（第 {existing.package_number} 号），"
            f"这个较旧的数据包（第 {identity.number} 号，{exported:%Y-%m-%d %H:%M} 导出）未合并",
        )
    return None


def merge_package(
    db: Database,
    path: Path,
    *,
    passphrase: str | None = None,
    enroll: bool = False,
    now: dt.datetime | None = None,
    backup: bool = True,
) -> MergeReport:
    check, identity = open_package(db, path, passphrase)
    exported_at = identity.exported_at
    try:
        exported = dt.datetime.fromisoformat(exported_at)
    except ValueError:
        raise PackageError(f"数据包 {Path(path).name} 未合并：导出时间格式不对") from None
    with db.reading() as session:
        existing = session.scalars(select(Branch).where(Branch.uid == identity.uid)).first()
        namesake = session.scalars(select(Branch).where(Branch.name == identity.name)).first()
        problem = enrollment_problem(existing, identity, enroll, namesake)
        if problem is not None:
            raise problem
        done = _merged_before(existing, identity, check.digest, exported)
        if done is not None:
            return done
    if backup:
        from dangjian_desktop.core.backup import backup_database

        backup_database(db, "merge")
    when = now or dt.datetime.now().replace(microsecond=0)
    with db.transaction() as session:
        branch = session.scalars(select(Branch).where(Branch.uid == identity.uid)).first()
        # asked again under the write lock: another clerk may have merged this very package (or a
        # newer one) since the look above; then this clerk is told so and nothing is written twice
        done = _merged_before(branch, identity, check.digest, exported)
        if done is not None:
            return done
        if branch is None and not enroll:
            raise enrollment_problem(None, identity, enroll) or PackageError("数据包未合并")
        is_new = branch is None
        if branch is None:
            branch = Branch(uid=identity.uid, name=identity.name, signing_key=identity.signing_key)
            session.add(branch)
            session.flush()
            settings.put(session, TOWNSHIP_MODE, True)  # an empty database becomes a township's
        counts = apply_data(session, branch, check.files, new_branch=is_new)
        branch.package_exported_at, branch.package_digest = exported, check.digest
        branch.package_merged_at, branch.package_number = when, identity.number
        record = dict(branch_uid=identity.uid, branch_name=branch.name, fingerprint=identity.fingerprint)
        if is_new:
            session.add(MergeRecord(action="登记", at=when, **record))
            log(session, "登记党支部", f"{branch.name}，密钥指纹 {identity.fingerprint}")
        session.add(
            MergeRecord(
                action="合并",
                at=when,
                number=identity.number,
                exported_at=exported,
                members=counts.get("member", 0),
                data=data_archive(check.files),
                **record,
            )
        )
        log(session, "合并数据包", f"{branch.name}（第 {identity.number} 号，{exported_at} 导出）")
        transfers = transfers_for(session, branch.id)
    return MergeReport(
        "merged",
        branch.name,
        exported_at,
        f"已合并 {branch.name}（第 {identity.number} 号）：党员 {counts.get('member', 0)} 名",
        counts,
        transfers,
        identity.number,
        is_new,
    )


def merge_packages(
    db: Database,
    paths: list[Path],
    *,
    passphrase: str | None = None,
    enroll: bool | Callable[[PackageIdentity], bool] = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[Path, MergeReport | str]]:
    """The clerk's pile of sticks: one backup first, then each package on its own. Whatever goes
    wrong inside one package rolls that package back and becomes one Chinese reason in place of its
    report; the others go on. enroll may be a question (the GUI asks the clerk per new branch)."""
    from dangjian_desktop.core.backup import backup_database
    from dangjian_desktop.core.errorlog import describe_failure

    with db.reading() as session:
        if is_village(session):
            raise PackageError(
                "这是村级数据库，不能合并数据包：合并只在乡镇汇总数据库中进行，以免用旧数据包覆盖本村数据"
            )
    backup_database(db, "merge")
    results: list[tuple[Path, MergeReport | str]] = []
    for number, path in enumerate(paths, start=1):
        try:
            try:
                report = merge_package(db, path, passphrase=passphrase, enroll=enroll is True, backup=False)
            except NotEnrolled as exc:
                if callable(enroll) and enroll(exc.identity):
                    report = merge_package(db, path, passphrase=passphrase, enroll=True, backup=False)
                else:
                    raise
            results.append((path, report))
        except Exception as exc:  # noqa: BLE001 - one package's failure must not stop the batch
            results.append((path, describe_failure(exc, Path(path).name, db.path)))
        if progress is not None:
            progress(number, len(paths))
    return results


def pending_enrollments(
    db: Database, paths: list[Path], passphrase: str | None = None
) -> list[PackageIdentity]:
    """The branches among these packages that are not enrolled yet, once each, for the clerk to
    confirm before the merge (a package that does not verify is reported by the merge itself)."""
    found: dict[str, PackageIdentity] = {}
    for path in paths:
        try:
            _check, identity = open_package(db, path, passphrase)
        except UserError:
            continue
        with db.reading() as session:
            known = session.scalar(select(Branch.id).where(Branch.uid == identity.uid))
        if known is None:
            found.setdefault(identity.uid, identity)
    return list(found.values())
