"""Exporting the village's package for the township: data, documents, manifest, signed, numbered,
encrypted to the township when its key was imported, verified on disk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dangjian_desktop import __version__
from dangjian_desktop.core.branch import require_branch
from dangjian_desktop.core.db import Database, head_revision
from dangjian_desktop.core.exchange.package import (
    FORMAT,
    FORMAT_VERSION,
    PackageError,
    pack,
    package_name,
    remove_leftovers,
    seal,
    verify_bytes,
    write_verified,
)
from dangjian_desktop.core.exchange.package_crypto import encrypt_to_township
from dangjian_desktop.core.exchange.tables import (
    count_lines,
    data_tables,
    dump_all,
    omitted_columns,
    table_file,
)
from dangjian_desktop.core.keys import imported_township_key, signing_key
from dangjian_desktop.core.models import Branch
from dangjian_desktop.core.oplog import current_user, log

# --- attachments: given by the caller (documents.package), core/ never builds a document itself ------
# name -> file bytes, or a maker(session, branch_id, branch_name, today) run on the export's own read
# snapshot. Documents are a courtesy for the clerk who opens the package; the data files are merged.
DocumentMaker = Callable[[Session, int, str, dt.date], "bytes | None"]
Attachments = Mapping[str, "bytes | DocumentMaker"]


def _attach(
    payload: dict, attachments: Attachments, session: Session, branch_id: int, name: str, today: dt.date
) -> None:
    for file_name, item in attachments.items():
        data = item if isinstance(item, bytes) else item(session, branch_id, name, today)
        if data:
            payload[file_name] = data


# -----------------------------------------------------------------------------------------------------


def build_package(
    db: Database,
    *,
    now: dt.datetime | None = None,
    with_documents: bool = True,
    attachments: Attachments | None = None,
) -> tuple[bytes, dict]:
    now = now or dt.datetime.now().replace(microsecond=0)
    number = reserve_number(db)
    with db.reading() as session:
        branch = require_branch(session)
        signer = signing_key(session)
        uid, key_hex = session.execute(
            select(Branch.uid, Branch.signing_key).where(Branch.id == branch.id)
        ).one()
        if session.scalar(select(func.count()).select_from(Branch)) != 1:
            raise PackageError("这是乡镇汇总数据库（含多个党支部），不能作为村级数据包导出")
        payload = dump_all(session.connection(), omit=omitted_columns(session))
        if with_documents and attachments:
            _attach(payload, attachments, session, branch.id, branch.name, now.date())
    info = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "schema_revision": head_revision(),
        "branch_uid": uid,
        "signing_key": key_hex,
        "package_number": number,
        "branch_name": branch.name,
        "township": branch.township,
        "secretary": branch.secretary,
        "exported_at": now.isoformat(),
        "exported_by": current_user(),
        "counts": {t.name: count_lines(payload[table_file(t)]) for t in data_tables()},
        "documents": sorted(n for n in payload if not n.startswith("data/")),
    }
    return pack(payload, info, signer), info


def reserve_number(db: Database) -> int:
    """The next number of this village's packages, committed before the package is built: a number
    is never given twice, gaps (a failed export) are harmless. The township orders by it, not by
    the laptop's clock."""
    with db.transaction() as session:
        branch = session.get(Branch, require_branch(session).id)
        assert branch is not None
        branch.package_number = (branch.package_number or 0) + 1
        return branch.package_number


def export_package(
    db: Database,
    target: Path,
    *,
    passphrase: str | None = None,
    now: dt.datetime | None = None,
    with_documents: bool = True,
    attachments: Attachments | None = None,
) -> Path:
    """target is a file, or a folder (the USB stick) where a file named by branch and time is made."""
    now = now or dt.datetime.now().replace(microsecond=0)
    plain, info = build_package(db, now=now, with_documents=with_documents, attachments=attachments)
    if target.is_dir():
        target = target / package_name(info["branch_name"], now)
    if not target.parent.is_dir():
        raise PackageError(f"目标文件夹 {target.parent} 不存在（U盘是否已插好？）")
    check = verify_bytes(plain)
    if not check.ok:  # a fault of this program, never of the user's data; said plainly
        raise PackageError(f"数据包生成后自检未通过：{check.message()}")
    with db.reading() as session:
        township = imported_township_key(session)
    if township is not None:
        blob, how = encrypt_to_township(plain, township[0]), "已加密给乡镇"
    elif passphrase:
        blob, how = seal(plain, passphrase), "已用口令加密"
    else:
        blob, how = plain, "未加密"
    remove_leftovers(target.parent)
    written = write_verified(target, blob)
    with db.transaction() as session:
        log(
            session,
            "导出数据包",
            f"{written.name}，第 {info['package_number']} 号，{how}，党员 {info['counts'].get('member', 0)} 条",
        )
    return written
