"""The township's branches: who is enrolled with which key, what was merged when, and the clerk's
three corrections: roll one branch back to an earlier merge, remove a branch (a duplicate), and
re-enroll a branch whose village changed its laptop. Each takes a backup first, touches only that
branch, and is written to the operation log."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.merge import _delete_branch_data, _merged_tables, apply_data, open_package
from dangjian_desktop.core.keys import fingerprint_hex
from dangjian_desktop.core.models import Branch, MergeRecord
from dangjian_desktop.core.oplog import log

_MAX_DATA = 512 * 2**20  # a stored merge is our own writing; still, never unpack without a bound


class BranchesError(UserError):
    pass


@dataclass(frozen=True)
class HistoryEntry:
    action: str
    number: int
    exported_at: dt.datetime | None
    at: dt.datetime
    members: int
    fingerprint: str


@dataclass(frozen=True)
class BranchEntry:
    uid: str
    name: str
    township: str
    fingerprint: str
    number: int
    exported_at: dt.datetime | None
    merged_at: dt.datetime | None
    history: list[HistoryEntry] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "uid": self.uid,
            "name": self.name,
            "township": self.township,
            "fingerprint": self.fingerprint,
            "last_package_number": self.number,
            "exported_at": self.exported_at.isoformat() if self.exported_at else None,
            "merged_at": self.merged_at.isoformat() if self.merged_at else None,
            "history": [
                {
                    "action": h.action,
                    "number": h.number,
                    "exported_at": h.exported_at.isoformat() if h.exported_at else None,
                    "at": h.at.isoformat(),
                    "members": h.members,
                    "fingerprint": h.fingerprint,
                }
                for h in self.history
            ],
        }


def list_branches(session: Session) -> list[BranchEntry]:
    history: dict[str, list[HistoryEntry]] = {}
    records = session.execute(
        select(
            MergeRecord.branch_uid,
            MergeRecord.action,
            MergeRecord.number,
            MergeRecord.exported_at,
            MergeRecord.at,
            MergeRecord.members,
            MergeRecord.fingerprint,
        ).order_by(MergeRecord.id)
    )
    for uid, *rest in records:
        history.setdefault(uid, []).append(HistoryEntry(*rest))
    return [
        BranchEntry(
            b.uid,
            b.name,
            b.township,
            fingerprint_hex(b.signing_key),
            b.package_number,
            b.package_exported_at,
            b.package_merged_at,
            history.get(b.uid, []),
        )
        for b in session.scalars(select(Branch).order_by(Branch.name, Branch.id))
    ]


def find_branch(session: Session, text: str) -> Branch:
    """By name, or by uid (or its first eight characters) when two branches share a name."""
    text = text.strip()
    by_uid = [
        b for b in session.scalars(select(Branch)) if text and b.uid.startswith(text) and len(text) >= 8
    ]
    if len(by_uid) == 1:
        return by_uid[0]
    named = list(session.scalars(select(Branch).where(Branch.name == text)))
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        ids = "、".join(b.uid[:8] for b in named)
        raise BranchesError(f"有 {len(named)} 个党支部名为 {text}，请用编号指定：{ids}")
    raise BranchesError(f"没有名为 {text} 的党支部（branches 列出全部）")


def _unpack(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        if sum(i.file_size for i in archive.infolist()) > _MAX_DATA:
            raise BranchesError("这次合并保存的数据过大，无法回退")
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _backup(db: Database, reason: str) -> None:
    from dangjian_desktop.core.backup import backup_database

    backup_database(db, reason)


def rollback_branch(db: Database, branch_text: str, number: int, *, now: dt.datetime | None = None) -> str:
    """Back to what merge number N brought; a later package of the branch still merges afterwards."""
    _backup(db, "rollback")
    with db.transaction() as session:
        branch = find_branch(session, branch_text)
        record = session.scalars(
            select(MergeRecord)
            .where(
                MergeRecord.branch_uid == branch.uid,
                MergeRecord.action == "合并",
                MergeRecord.number == number,
            )
            .order_by(MergeRecord.id.desc())
        ).first()
        if record is None or record.data is None:
            numbers = session.scalars(
                select(MergeRecord.number).where(
                    MergeRecord.branch_uid == branch.uid, MergeRecord.action == "合并"
                )
            ).all()
            known = "、".join(str(n) for n in sorted(set(numbers))) or "无"
            raise BranchesError(f"{branch.name} 没有合并过第 {number} 号数据包（合并过的：{known}）")
        counts = apply_data(session, branch, _unpack(record.data))
        branch.package_number, branch.package_exported_at = number, record.exported_at
        branch.package_digest = ""  # the same package merges again if the clerk brings it back
        branch.package_merged_at = now or dt.datetime.now().replace(microsecond=0)
        session.add(
            MergeRecord(
                branch_uid=branch.uid,
                branch_name=branch.name,
                action="回退",
                number=number,
                exported_at=record.exported_at,
                members=counts.get("member", 0),
                fingerprint=fingerprint_hex(branch.signing_key),
                at=branch.package_merged_at,
            )
        )
        log(session, "回退党支部", f"{branch.name} 回到第 {number} 号数据包")
        return f"已将 {branch.name} 回退到第 {number} 号数据包：党员 {counts.get('member', 0)} 名"


def remove_branch(db: Database, branch_text: str) -> str:
    """The branch, its rows and its stored merges go; the operation log keeps that it happened."""
    _backup(db, "remove")
    with db.transaction() as session:
        branch = find_branch(session, branch_text)
        name, uid = branch.name, branch.uid
        tables = _merged_tables()
        _delete_branch_data(session, tables, branch.id)
        session.delete(branch)
        session.execute(delete(MergeRecord).where(MergeRecord.branch_uid == uid))
        log(session, "删除党支部", f"{name}（编号 {uid[:8]}）")
        return f"已删除 {name} 及其全部数据（删除前已备份）"


def reenroll_branch(db: Database, branch_text: str, package: Path, passphrase: str | None = None) -> str:
    """重新登记: the branch is from now on the one that signed this package, e.g. a village that
    had to make a new database on a new laptop (new key, new identity). The clerk has confirmed the
    new fingerprint with the village; the package itself is merged afterwards as usual."""
    _check, identity = open_package(db, package, passphrase)
    _backup(db, "reenroll")
    with db.transaction() as session:
        branch = find_branch(session, branch_text)
        other = session.scalars(
            select(Branch).where(Branch.uid == identity.uid, Branch.id != branch.id)
        ).first()
        if other is not None:
            raise BranchesError(f"这个数据包的党支部已作为“{other.name}”登记，请先删除那个重复的党支部")
        old = fingerprint_hex(branch.signing_key)
        session.execute(
            update(MergeRecord).where(MergeRecord.branch_uid == branch.uid).values(branch_uid=identity.uid)
        )
        branch.uid, branch.signing_key = identity.uid, identity.signing_key
        branch.package_number, branch.package_digest = 0, ""  # the new key's packages count afresh
        session.add(
            MergeRecord(
                branch_uid=branch.uid,
                branch_name=branch.name,
                action="重新登记",
                fingerprint=identity.fingerprint,
            )
        )
        log(session, "重新登记党支部", f"{branch.name}：原指纹 {old}，新指纹 {identity.fingerprint}")
        return f"已重新登记 {branch.name}：原指纹 {old}，新指纹 {identity.fingerprint}"
