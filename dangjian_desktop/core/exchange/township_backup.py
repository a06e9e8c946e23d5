"""The whole database as one package: how a township's server database is backed up.

The village package format (core/exchange/package.py: JSON lines per table, manifest, signature,
optional passphrase seal) carrying every table and every branch, including the township's keys,
settings and merge history. It restores into an empty database of either kind (a SQLite file or a
server), so a township can move from one to the other. Rows keep their ids: the target is empty.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dangjian_desktop import __version__
from dangjian_desktop.core.db import Database, head_revision
from dangjian_desktop.core.db_server import after_explicit_ids, insert_rows
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.package import (
    FORMAT,
    FORMAT_VERSION,
    PackageError,
    pack,
    seal,
    verify_bytes,
    verify_file,
    write_verified,
)
from dangjian_desktop.core.exchange.tables import count_lines, dump_all, load_rows, table_file
from dangjian_desktop.core.models import Base, Branch
from dangjian_desktop.core.oplog import current_user, log

KIND = "whole-database"  # package-info.json "kind": not a village's package, never merged


def build_backup(db: Database, *, now: dt.datetime | None = None) -> bytes:
    """Every table, read in one snapshot (Database.reading), packed and signed.

    The signature is by a key made for this one package: it proves the package is whole, not who
    wrote it (the clerk chooses the file to restore; a stick copy is sealed with a passphrase)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from dangjian_desktop.core.keys import new_signing_key

    now = now or dt.datetime.now().replace(microsecond=0)
    private, public_hex = new_signing_key()
    tables = list(Base.metadata.sorted_tables)
    with db.reading() as session:
        payload = dump_all(session.connection(), tables)
        branches = session.scalar(select(func.count()).select_from(Branch)) or 0
    info = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": KIND,
        "app_version": __version__,
        "schema_revision": head_revision(),
        "signing_key": public_hex,
        "package_number": 1,
        "branch_name": f"整库备份（党支部 {branches} 个）",
        "exported_at": now.isoformat(),
        "exported_by": current_user(),
        "counts": {t.name: count_lines(payload[table_file(t)]) for t in tables},
        "documents": [],
    }
    return pack(payload, info, Ed25519PrivateKey.from_private_bytes(private))


def write_backup(db: Database, target: Path, *, passphrase: str | None = None) -> Path:
    blob = build_backup(db)
    check = verify_bytes(blob)
    if not check.ok:  # a fault of this program, said plainly
        raise PackageError(f"整库备份生成后自检未通过：{check.message()}")
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_verified(target, seal(blob, passphrase) if passphrase else blob)


def _restore_rows(session: Session, files: dict[str, bytes]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:  # parents before children
        rows = list(load_rows(table, files.get(table_file(table), b"")))
        insert_rows(session, table, rows)
        if rows and "id" in table.columns and len(table.primary_key.columns) == 1:
            after_explicit_ids(session, table.name)
        counts[table.name] = len(rows)
    return counts


def restore_backup_package(db: Database, path: Path, passphrase: str | None = None) -> str:
    """Into an empty database only (a fresh file, or a new database on the server): nothing is ever
    overwritten by a restore of this kind."""
    check = verify_file(path, passphrase)
    if not check.ok:
        raise PackageError(f"{Path(path).name} 不能恢复：{check.message()}")
    if (check.info or {}).get("kind") != KIND:
        raise PackageError(f"{Path(path).name} 是村里报送的数据包，不是整库备份：请用“合并数据包”")
    try:
        with db.transaction() as session:
            if session.scalar(select(func.count()).select_from(Branch)):
                raise PackageError("整库备份只能恢复到空数据库：这个数据库已有党支部，未做任何改动")
            # the settings and key rows an empty database made for itself give way to the backup's
            for table in reversed(Base.metadata.sorted_tables):
                session.execute(table.delete())
            counts = _restore_rows(session, check.files)
            log(session, "恢复整库备份", f"{Path(path).name}")
    except UserError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise PackageError(f"{Path(path).name} 的内容格式不对，未做任何改动") from exc
    return f"已从整库备份恢复：党支部 {counts.get('branch', 0)} 个，党员 {counts.get('member', 0)} 名"
