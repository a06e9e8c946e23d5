"""The keys of the trust boundary on their edges (core/keys.py), with the branch (core/branch.py) and
the operation log (core/oplog.py) they write through: a key made once and kept, made again when its
half is missing; the fingerprint's shape and padding; a key file of exactly the largest size and one
byte more, with a byte-order mark, of another format or version, a key one byte short or long; what a
village, a township and an empty database each are and show."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select

from dangjian_desktop.core import keys, settings
from dangjian_desktop.core.branch import (
    BranchError,
    branch_count,
    create_branch,
    current_branch,
    is_township,
    require_branch,
    update_branch,
)
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.keys import KeysError, fingerprint
from dangjian_desktop.core.models import Branch, LocalKey, MergeRecord, OperationLog
from dangjian_desktop.core.oplog import current_user, log

PUBLIC = bytes(range(1, 33))


def _expected_fingerprint(raw: bytes) -> str:
    digest = hashlib.sha256(b"dangjian key fingerprint\n" + raw).digest()
    groups = [int.from_bytes(digest[i : i + 5], "big") % 100000 for i in (0, 5, 10, 15)]
    return " ".join(f"{g:05d}" for g in groups)


def test_the_fingerprint_read_aloud() -> None:
    assert fingerprint(PUBLIC) == _expected_fingerprint(PUBLIC)
    shown = fingerprint(PUBLIC)
    assert len(shown) == 23 and [len(g) for g in shown.split(" ")] == [5, 5, 5, 5]
    # a group below 10000 keeps its leading zeros (find a key that has one)
    padded = next(k for k in (bytes([n]) * 32 for n in range(256)) if min(_groups(k)) < 10000)
    assert fingerprint(padded) == _expected_fingerprint(padded)
    assert fingerprint(PUBLIC) != fingerprint(PUBLIC[:-1] + b"\0")
    assert keys.fingerprint_hex(PUBLIC.hex()) == shown
    assert keys.fingerprint_hex("") == "（无）" and keys.fingerprint_hex("zz") == "（无效）"


def _groups(raw: bytes) -> list[int]:
    return [int(g) for g in _expected_fingerprint(raw).split(" ")]


def test_a_villages_signing_key_made_once_and_kept(db: Database) -> None:
    with db.transaction() as session:
        info = create_branch(
            session, "  凤凰村党支部 ", township=" 测试镇 ", secretary=" 王书记", phone="0791 "
        )
        branch = session.get(Branch, info.id)
        assert branch is not None
        public_hex = branch.signing_key
        assert len(bytes.fromhex(public_hex)) == 32
        stored = session.get(LocalKey, keys.VILLAGE_SIGNING)
        assert stored is not None and len(stored.data) == 32 and stored.label == branch.uid
        assert keys.ensure_signing_key(session, info.id) == public_hex  # kept, not made again
        signer = keys.signing_key(session)
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        public.verify(signer.sign(b"package"), b"package")  # the stored half matches the shown half
        assert keys.is_village(session) and not keys.is_township_db(session)
    assert (info.name, info.township, info.secretary, info.phone) == (
        "凤凰村党支部",
        "测试镇",
        "王书记",
        "0791",
    )
    with db.transaction() as session:
        branch = session.get(Branch, info.id)
        branch.signing_key = ""  # the public half lost: a key pair made again, both halves
        made = keys.ensure_signing_key(session, info.id)
        assert made != public_hex and branch.signing_key == made
        again = keys.signing_key(session)
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(made)).verify(again.sign(b"x"), b"x")


def test_a_signing_key_made_for_a_branch_of_an_older_database(db: Database) -> None:
    with db.transaction() as session:
        branch = Branch(name="老数据库党支部")
        session.add(branch)
        session.flush()
        assert not keys.is_village(session)
        with pytest.raises(KeysError) as caught:
            keys.signing_key(session)
        assert str(caught.value) == "本数据库没有签名密钥（不是村级数据库？），无法导出数据包"
        branch.signing_key = "ab" * 32  # a public half without its private half: made again
        made = keys.ensure_signing_key(session, branch.id)
        assert made != "ab" * 32 and keys.is_village(session)
        assert session.get(LocalKey, keys.VILLAGE_SIGNING).label == branch.uid  # type: ignore[union-attr]


def test_branch_rules(db: Database) -> None:
    with db.transaction() as session:
        assert current_branch(session) is None and branch_count(session) == 0
        with pytest.raises(BranchError, match="^还没有创建党支部"):
            require_branch(session)
        with pytest.raises(BranchError, match="^支部名称不能为空$"):
            create_branch(session, "   ")
        first = create_branch(session, "甲村党支部")
        with pytest.raises(BranchError, match="^本数据库已有党支部，不能重复创建$"):
            create_branch(session, "乙村党支部")
        assert require_branch(session) == first and branch_count(session) == 1
        assert not is_township(session)
        changed = update_branch(session, first.id, name=" 甲村新党支部 ", phone=" 123 ")
        assert changed.name == "甲村新党支部" and changed.phone == "123" and changed.id == first.id
        with pytest.raises(BranchError, match="^支部名称不能为空$"):
            update_branch(session, first.id, name="  ")
        with pytest.raises(BranchError, match="^找不到该党支部$"):
            update_branch(session, first.id + 1, name="丙")
        session.add(Branch(name="乙村党支部"))
        session.flush()
        assert branch_count(session) == 2 and is_township(session)
        assert current_branch(session).id == first.id  # type: ignore[union-attr]  # the first created


def test_township_mode_alone_makes_a_township(db: Database) -> None:
    with db.transaction() as session:
        create_branch(session, "甲村党支部")
        settings.put(session, settings.REGISTRY["app.township_mode"], True)
        assert is_township(session) is True


def test_a_township_key_made_once_and_refused_to_a_village(db: Database) -> None:
    with db.transaction() as session:
        assert keys.township_private(session) is None
        assert keys.key_state(session) == keys.KeyState("空", "", "", "")
        assert not keys.is_township_db(session)
    public = keys.ensure_township_key(db)
    assert len(public) == 32 and keys.ensure_township_key(db) == public
    with db.transaction() as session:
        assert settings.get(session, settings.REGISTRY["app.township_mode"]) is True
        assert keys.public_raw(keys.township_private(session)) == public
        assert keys.public_raw(keys.township_private(session, create=True)) == public
        assert keys.is_township_db(session) and not keys.is_village(session)
        assert keys.key_state(session) == keys.KeyState("乡镇", "", fingerprint(public), "")
        assert session.scalar(select(LocalKey.label).where(LocalKey.kind == keys.TOWNSHIP_PRIVATE)) == ""


def test_a_township_by_its_merges_alone(db: Database) -> None:
    with db.transaction() as session:
        session.add(MergeRecord(branch_uid="u" * 32, action="合并"))
        session.flush()
        assert keys.is_township_db(session)
        assert keys.key_state(session) == keys.KeyState("乡镇", "", "", "")


def test_a_village_cannot_make_a_township_key(db: Database, branch_id: int) -> None:
    with db.transaction() as session:
        assert keys.township_private(session) is None
        with pytest.raises(KeysError) as caught:
            keys.township_private(session, create=True)
        assert str(caught.value) == "这是村级数据库，乡镇密钥只在乡镇汇总数据库中生成"
        session.add(MergeRecord(branch_uid="u" * 32, action="合并"))
        session.flush()
        assert not keys.is_township_db(session)  # a village stays a village


def _key_file(
    tmp_path: Path, document: object, name: str = "乡镇.djkey", *, raw: bytes | None = None
) -> Path:
    path = tmp_path / name
    path.write_bytes(raw if raw is not None else json.dumps(document, ensure_ascii=False).encode("utf-8"))
    return path


def test_the_key_file_written(tmp_path: Path) -> None:
    data = keys.key_file_bytes(PUBLIC, "测试镇")
    assert data.endswith(b"}\n") and b"\xe6\xb5\x8b" in data  # 测, not \\u6d4b
    assert data.decode("utf-8") == json.dumps(json.loads(data), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(data) == {
        "format": "dangjian-township-key",
        "version": 1,
        "township": "测试镇",
        "public_key": PUBLIC.hex(),
        "fingerprint": fingerprint(PUBLIC),
    }
    assert list(json.loads(data)) == ["format", "version", "township", "public_key", "fingerprint"]
    assert keys.read_key_file(_key_file(tmp_path, None, raw=data)) == (PUBLIC, "测试镇")


def test_a_key_file_of_exactly_the_largest_size_and_one_byte_more(tmp_path: Path) -> None:
    data = keys.key_file_bytes(PUBLIC, "测试镇")
    on_line = data + b" " * (4096 - len(data))
    assert keys.read_key_file(_key_file(tmp_path, None, raw=on_line)) == (PUBLIC, "测试镇")
    with pytest.raises(KeysError) as caught:
        keys.read_key_file(_key_file(tmp_path, None, raw=on_line + b" "))
    assert str(caught.value) == "乡镇.djkey 不是乡镇公钥文件（应由乡镇用 key export 导出）"
    with_bom = b"\xef\xbb\xbf" + data  # saved again by Notepad
    assert keys.read_key_file(_key_file(tmp_path, None, raw=with_bom)) == (PUBLIC, "测试镇")


def _document(**changes: object) -> dict[str, object]:
    document = json.loads(keys.key_file_bytes(PUBLIC, "测试镇"))
    document.update(changes)
    return {k: v for k, v in document.items() if v is not _GONE}


_GONE = object()


@pytest.mark.parametrize(
    "document",
    [
        _document(format="dangjian-village-key"),
        _document(format=_GONE),
        _document(version=2),
        _document(version="1"),
        _document(version=_GONE),
        _document(public_key=PUBLIC[:31].hex()),
        _document(public_key=(PUBLIC + b"\0").hex()),
        _document(public_key="not hex"),
        _document(public_key=None),
        _document(public_key=_GONE),
        ["format", "dangjian-township-key"],
        "dangjian-township-key",
    ],
)
def test_a_file_that_is_no_township_key(tmp_path: Path, document: object) -> None:
    with pytest.raises(KeysError) as caught:
        keys.read_key_file(_key_file(tmp_path, document))
    assert str(caught.value) == "乡镇.djkey 不是乡镇公钥文件（应由乡镇用 key export 导出）"


def test_bytes_that_are_no_text_and_a_file_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(KeysError, match=r"^乡镇.djkey 不是乡镇公钥文件"):
        keys.read_key_file(_key_file(tmp_path, None, raw=b"\xff\xfe{}"))
    with pytest.raises(KeysError) as caught:
        keys.read_key_file(tmp_path / "没有.djkey")
    assert str(caught.value) == "无法读取乡镇公钥文件 没有.djkey：No such file or directory"


def test_the_township_name_in_a_key_file(tmp_path: Path) -> None:
    for township, read in (
        ("镇" * 100, "镇" * 100),
        ("镇" * 101, "镇" * 100),
        (None, ""),
        (_GONE, ""),
        (7, "7"),
    ):
        path = _key_file(tmp_path, _document(township=township))
        assert keys.read_key_file(path) == (PUBLIC, read), township


def test_a_village_imports_the_township_key_and_it_is_logged(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    path = _key_file(tmp_path, None, raw=keys.key_file_bytes(PUBLIC, "测试镇"))
    with db.transaction() as session:
        assert keys.imported_township_key(session) is None
    shown = keys.import_township_key_file(db, path)
    assert shown == fingerprint(PUBLIC)
    other = bytes(range(2, 34))
    keys.import_township_key_file(
        db, _key_file(tmp_path, None, "b.djkey", raw=keys.key_file_bytes(other, "新镇"))
    )
    with db.transaction() as session:
        assert keys.imported_township_key(session) == (other, "新镇")  # the newer one replaces it
        lines = session.execute(
            select(OperationLog.action, OperationLog.detail).order_by(OperationLog.id)
        ).all()
        state = keys.key_state(session)
        branch = session.get(Branch, branch_id)
    assert [tuple(line) for line in lines] == [
        ("导入乡镇公钥", f"指纹 {fingerprint(PUBLIC)}"),
        ("导入乡镇公钥", f"指纹 {fingerprint(other)}"),
    ]
    assert state == keys.KeyState("村", keys.fingerprint_hex(branch.signing_key), fingerprint(other), "新镇")


def test_a_village_without_a_township_key_and_a_township_that_imports(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        info = create_branch(session, "甲村党支部")
        state = keys.key_state(session)
        signing = session.get(Branch, info.id).signing_key  # type: ignore[union-attr]
    assert state == keys.KeyState("村", keys.fingerprint_hex(signing), "", "")
    assert state.signing not in ("", "（无）", "（无效）")


def test_only_a_village_imports(db: Database, tmp_path: Path) -> None:
    path = _key_file(tmp_path, None, raw=keys.key_file_bytes(PUBLIC, "测试镇"))
    with pytest.raises(KeysError) as caught:
        keys.import_township_key_file(db, path)
    assert str(caught.value) == "只有村级数据库需要导入乡镇公钥"
    with db.transaction() as session:
        assert session.scalars(select(OperationLog)).all() == []
        assert keys.imported_township_key(session) is None


def test_the_operation_log_line(db: Database) -> None:
    with db.transaction() as session:
        log(session, "某操作", "某内容")
        log(session, "无内容")
    with db.transaction() as session:
        lines = session.execute(select(OperationLog.actor, OperationLog.action, OperationLog.detail)).all()
    assert [tuple(line) for line in lines] == [
        (current_user(), "某操作", "某内容"),
        (current_user(), "无内容", ""),
    ]
    assert current_user() != ""
