"""备份到U盘 on either backend: a file's sealed copy, a server's whole-database package sealed the same
way; each comes back only with its passphrase and holds every member."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian_desktop.core.backup import SEALED_SUFFIX, backup_sealed_to, unseal_backup
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange.package import verify_file
from dangjian_desktop.core.exchange.township_backup import restore_backup_package
from dangjian_desktop.core.models import Member
from dangjian_desktop.core.roster import MemberDraft, add_member


def test_a_sealed_backup_holds_every_member_and_opens_only_with_its_passphrase(
    new_target, backend, tmp_path
) -> None:
    db = open_database(new_target("village"))
    with db.transaction() as session:
        branch = create_branch(session, "凤凰村党支部")
        for name in ("张三", "李四", "阿依古丽·买买提江"):
            add_member(session, branch.id, MemberDraft(name=name))
    stick = tmp_path / "stick"
    stick.mkdir()
    written = backup_sealed_to(db, stick / f"党务台账备份{SEALED_SUFFIX}", "口令123456")
    assert written.exists() and written.parent == stick
    assert "张三".encode() not in written.read_bytes()  # sealed: no name in clear on the stick
    if backend == "sqlite":
        plain = unseal_backup(db.path, written, "口令123456")
        restored = open_database(plain)
    else:
        assert written.suffix == ".djpkg"
        assert not verify_file(written, "wrong-passphrase").ok
        restored = open_database(new_target("restored"))
        restore_backup_package(restored, written, "口令123456")
    with restored.reading() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 3
    restored.close()
    db.close()
