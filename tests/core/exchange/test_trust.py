"""The township trust boundary: forgery, enrollment, replay, encryption, rollback and removal."""

import datetime as dt
import hashlib
import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select

from dangjian_desktop.core.exchange.branches import list_branches, remove_branch, rollback_branch
from dangjian_desktop.core.exchange.merge import NotEnrolled, merge_package, merge_packages
from dangjian_desktop.core.exchange.package import PackageError, verify_file
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import key_file_bytes, public_raw, township_private
from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.core.roster import MemberDraft, add_member

from .conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 9, 30)


def export(db, path: Path, when: dt.datetime = WHEN) -> Path:
    return export_package(db, path, now=when, with_documents=False)


def branch_rows(db, uid: str) -> list[tuple]:
    """Every member row of one branch, as stored (ids included): byte-for-byte unchanged or not."""
    with db.reading() as session:
        branch_id = session.scalar(select(Branch.id).where(Branch.uid == uid))
        return [
            tuple(r)
            for r in session.execute(
                select(Member.__table__).where(Member.branch_id == branch_id).order_by(Member.id)
            )
        ]


def uid_of(db) -> str:
    with db.reading() as session:
        return session.scalar(select(Branch.uid))


# --- independent package code: nothing of the program's own writer is used ------------------------


def forge(package: Path, out: Path, change) -> Path:
    with zipfile.ZipFile(package) as source:
        files = {n: source.read(n) for n in source.namelist()}
    info = json.loads(files.pop("package-info.json"))
    for name in ("manifest-sha256.txt", "tagmanifest-sha256.txt", "signature-ed25519.txt"):
        files.pop(name)
    key = Ed25519PrivateKey.generate()
    info["signing_key"] = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    change(info, files)

    def listing(entries: dict[str, bytes]) -> bytes:
        return "".join(
            f"{hashlib.sha256(d).hexdigest()}  {len(d)}  {n}\n" for n, d in sorted(entries.items())
        ).encode()

    info_bytes = json.dumps(info, ensure_ascii=False).encode()
    manifest = listing(files)
    tags = listing({"package-info.json": info_bytes, "manifest-sha256.txt": manifest})
    signature = key.sign(b"dangjian-package signature v2\n" + tags).hex().encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        target.writestr("package-info.json", info_bytes)
        target.writestr("manifest-sha256.txt", manifest)
        target.writestr("tagmanifest-sha256.txt", tags)
        target.writestr("signature-ed25519.txt", signature)
        for name, data in files.items():
            target.writestr(name, data)
    body = buffer.getvalue()[:-2] + struct.pack("<H", 64)
    out.write_bytes(body + hashlib.sha256(body).hexdigest().encode())
    return out


def test_a_forged_package_claiming_another_enrolled_branch_is_refused(tmp_path, township) -> None:
    one = make_village(tmp_path / "a.sqlite3", size=6, seed=1, name="东村党支部")
    two = make_village(tmp_path / "b.sqlite3", size=5, seed=2, name="凤凰村党支部")
    merge_package(township, export(one, tmp_path / "a.djpkg"), enroll=True)
    merge_package(township, export(two, tmp_path / "b.djpkg"), enroll=True)
    victim = uid_of(two)
    before = branch_rows(township, victim)
    assert len(before) == 5

    def claim_victim(info, files) -> None:
        info["branch_uid"] = victim
        row = json.loads(files["data/branch.jsonl"])
        row.update(uid=victim, signing_key=info["signing_key"], name="凤凰村党支部")
        files["data/branch.jsonl"] = (json.dumps(row, ensure_ascii=False) + "\n").encode()
        info["package_number"] = 99

    forged = forge(tmp_path / "a.djpkg", tmp_path / "forged.djpkg", claim_victim)
    assert verify_file(forged).ok  # whole and validly signed, by the forger's own key
    with pytest.raises(PackageError) as refused:
        merge_package(township, forged, enroll=True)
    message = str(refused.value)
    with township.reading() as session:
        enrolled = session.scalar(select(Branch.signing_key).where(Branch.uid == victim))
    from dangjian_desktop.core.keys import fingerprint_hex

    assert "凤凰村党支部" in message and fingerprint_hex(enrolled) in message
    assert (
        fingerprint_hex(json.loads(zipfile.ZipFile(forged).read("package-info.json"))["signing_key"])
        in message
    )
    assert branch_rows(township, victim) == before
    one.close()
    two.close()


def test_a_package_whose_data_names_another_branch_than_its_signed_information(
    village, township, tmp_path
) -> None:
    def mismatch(info, files) -> None:
        row = json.loads(files["data/branch.jsonl"])
        row["signing_key"] = info["signing_key"]  # consistent key, but uid left as the village's
        info["branch_uid"] = "0" * 32
        files["data/branch.jsonl"] = (json.dumps(row, ensure_ascii=False) + "\n").encode()

    forged = forge(export(village, tmp_path / "p.djpkg"), tmp_path / "f.djpkg", mismatch)
    with pytest.raises(PackageError, match="与签名信息不一致"):
        merge_package(township, forged, enroll=True)


def test_first_package_needs_enrollment_and_shows_the_fingerprint(village, township, tmp_path) -> None:
    package = export(village, tmp_path / "p.djpkg")
    with pytest.raises(NotEnrolled) as refused:
        merge_package(township, package)
    with village.reading() as session:
        from dangjian_desktop.core.keys import key_state

        fingerprint = key_state(session).signing
    assert fingerprint in str(refused.value) and len(fingerprint.replace(" ", "")) == 20
    with township.reading() as session:
        assert session.scalar(select(Branch.id)) is None
    asked = []
    results = merge_packages(township, [package], enroll=lambda identity: asked.append(identity) or True)
    assert [i.fingerprint for i in asked] == [fingerprint]
    assert results[0][1].status == "merged"


def test_order_is_by_counter_not_by_the_village_clock(village, township, tmp_path) -> None:
    future = export(village, tmp_path / "1.djpkg", dt.datetime(2099, 1, 1))  # a clock years ahead
    assert merge_package(township, future, enroll=True).status == "merged"
    with village.transaction() as session:
        add_member(session, 1, MemberDraft(name="新党员", join_date="2025-06-01"))
    corrected = export(village, tmp_path / "2.djpkg", WHEN)  # clock corrected: earlier date, later number
    assert merge_package(township, corrected).status == "merged"
    snapshot = branch_rows(township, uid_of(village))
    assert "新党员" in [r[2] for r in snapshot]
    replay = merge_package(township, future)  # an old genuine package brought again
    assert replay.status == "older" and "第 2 号" in replay.message
    assert branch_rows(township, uid_of(village)) == snapshot


def test_a_lost_stick_reveals_nothing_and_only_the_township_opens_it(village, township, tmp_path) -> None:
    with township.transaction() as session:
        key = township_private(session, create=True)
    key_file = tmp_path / "乡镇公钥.djkey"
    key_file.write_bytes(key_file_bytes(public_raw(key), "青山镇"))
    from dangjian_desktop.core.keys import import_township_key

    with village.transaction() as session:
        import_township_key(session, key_file)
        members = list(session.scalars(select(Member)))
    package = export(village, tmp_path / "p.djpkg")
    blob = package.read_bytes()
    for member in members:
        assert member.name.encode() not in blob
        for secret in (member.id_number, member.phone):
            if secret:
                assert secret.encode() not in blob
    assert "凤凰村".encode() not in blob
    assert "乡镇" in verify_file(package).message()
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    assert "另一个乡镇" in verify_file(package, township_key=X25519PrivateKey.generate()).message()
    assert verify_file(package, township_key=key).ok
    assert merge_package(township, package, enroll=True).status == "merged"


def test_merge_refuses_to_run_on_a_village_database(village, tmp_path) -> None:
    other = make_village(tmp_path / "o.sqlite3", size=4, seed=3, name="西村党支部")
    package = export(other, tmp_path / "o.djpkg")
    with pytest.raises(PackageError, match="村级数据库"):
        merge_packages(village, [package], enroll=True)
    other.close()


def test_rollback_and_removal_leave_other_branches_unchanged(tmp_path, township) -> None:
    one = make_village(tmp_path / "a.sqlite3", size=6, seed=1, name="东村党支部")
    two = make_village(tmp_path / "b.sqlite3", size=5, seed=2, name="西村党支部")
    merge_package(township, export(one, tmp_path / "a1.djpkg"), enroll=True)
    merge_package(township, export(two, tmp_path / "b1.djpkg"), enroll=True)
    first = [r[2:] for r in branch_rows(township, uid_of(one))]
    with one.transaction() as session:
        add_member(session, 1, MemberDraft(name="后来的党员", join_date="2025-06-01"))
    merge_package(township, export(one, tmp_path / "a2.djpkg"))
    other = branch_rows(township, uid_of(two))
    assert len(branch_rows(township, uid_of(one))) == 7

    rollback_branch(township, "东村党支部", 1)
    rolled = branch_rows(township, uid_of(one))
    assert [r[2:] for r in rolled] == first  # ids are new; every value is what merge 1 brought
    assert "后来的党员" not in [r[2] for r in rolled]
    assert branch_rows(township, uid_of(two)) == other
    with township.reading() as session:
        (entry,) = [e for e in list_branches(session) if e.name == "东村党支部"]
    assert [h.action for h in entry.history] == ["登记", "合并", "合并", "回退"] and entry.number == 1
    # the later package is still accepted after a rollback
    assert merge_package(township, tmp_path / "a2.djpkg").status == "merged"

    remove_branch(township, "东村党支部")
    assert branch_rows(township, uid_of(one)) == []
    assert branch_rows(township, uid_of(two)) == other
    with township.reading() as session:
        assert [e.name for e in list_branches(session)] == ["西村党支部"]
    one.close()
    two.close()


def test_reenrolling_a_village_that_started_a_new_database(tmp_path, township) -> None:
    from dangjian_desktop.core.exchange.branches import reenroll_branch
    from dangjian_desktop.core.models import OperationLog

    old = make_village(tmp_path / "old.sqlite3", size=6, seed=1, name="东村党支部")
    merge_package(township, export(old, tmp_path / "old.djpkg"), enroll=True)
    new = make_village(tmp_path / "new.sqlite3", size=7, seed=5, name="东村党支部")  # new laptop, new key
    package = export(new, tmp_path / "new.djpkg")
    with pytest.raises(NotEnrolled):
        merge_package(township, package)
    message = reenroll_branch(township, "东村党支部", package)
    assert "原指纹" in message and "新指纹" in message
    report = merge_package(township, package)  # no --enroll: the branch now carries the new key
    assert report.status == "merged" and report.number == 1
    with township.reading() as session:
        (entry,) = list_branches(session)
        assert entry.uid == uid_of(new) and [h.action for h in entry.history] == [
            "登记",
            "合并",
            "重新登记",
            "合并",
        ]
        assert session.query(Member).count() == 7  # one branch, not two: no member shown as a transfer
        assert session.scalars(
            select(OperationLog.action).where(OperationLog.action == "重新登记党支部")
        ).all()
    # the old laptop's packages are a stranger now, and the clerk is warned of the namesake
    with pytest.raises(NotEnrolled, match="已有同名党支部登记"):
        merge_package(township, export(old, tmp_path / "old2.djpkg"))
    old.close()
    new.close()
