"""How a package is put together and written (issue 21, mutation testing of core/exchange/package.py
beyond the check, and merge.open_package): package-info.json, the manifests and the signature as
bytes; the ZIP's entries, order, dates and trailing digest; names shown with long digit runs masked;
the package's file name; the write to the stick read back, a leftover removed, a failed write named;
a package opened by the township with its own key, or by a village database refused."""

import datetime as dt
import hashlib
import io
import json
import shutil
import struct
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.exchange import package as module
from dangjian_desktop.core.exchange.merge import open_package
from dangjian_desktop.core.exchange.package import (
    INFO,
    MANIFEST,
    SIGNATURE,
    TAGMANIFEST,
    PackageError,
    Verification,
    pack,
    package_name,
    remove_leftovers,
    write_verified,
)
from dangjian_desktop.core.exchange.package_crypto import encrypt_to_township, signature_valid
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import public_raw, signing_key, township_private

from .conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 9, 30)
PAYLOAD = {"data/b.jsonl": b'{"x": 1}\n', "data/a.jsonl": b"", "花名册.xlsx": b"PK\x03\x04 roster"}
INFO_DICT = {"format": "dangjian-package", "branch_name": "阿依古丽村党支部", "package_number": 1}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _public_hex(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def test_the_tag_files_as_bytes() -> None:
    key = Ed25519PrivateKey.generate()
    blob = pack(PAYLOAD, INFO_DICT, key)
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        info = archive.read(INFO)
        manifest = archive.read(MANIFEST)
        tags = archive.read(TAGMANIFEST)
        signature = archive.read(SIGNATURE)
    assert info == json.dumps(INFO_DICT, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    assert "阿依古丽".encode() in info and b'\n  "branch_name"' in info
    assert (
        manifest
        == (
            f"{_sha(b'')}  0  data/a.jsonl\n"
            f"{_sha(PAYLOAD['data/b.jsonl'])}  9  data/b.jsonl\n"
            f"{_sha(PAYLOAD['花名册.xlsx'])}  11  花名册.xlsx\n"
        ).encode()
    )
    assert (
        tags
        == (f"{_sha(manifest)}  {len(manifest)}  {MANIFEST}\n{_sha(info)}  {len(info)}  {INFO}\n").encode()
    )
    assert signature_valid(_public_hex(key), tags, signature)


def test_the_zip_entries_in_order_deflated_and_dated_1980() -> None:
    blob = pack(PAYLOAD, INFO_DICT, Ed25519PrivateKey.generate())
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        entries = archive.infolist()
    assert [e.filename for e in entries] == [
        INFO,
        MANIFEST,
        TAGMANIFEST,
        SIGNATURE,
        "data/a.jsonl",
        "data/b.jsonl",
        "花名册.xlsx",
    ]
    assert all(e.compress_type == zipfile.ZIP_DEFLATED for e in entries)
    assert all(e.date_time == (1980, 1, 1, 0, 0, 0) for e in entries)


def test_the_same_content_gives_the_same_bytes_and_the_digest_closes_the_file() -> None:
    """No clock or random inside the ZIP: an unsigned package of the same content is byte for byte
    the same; the comment is the SHA-256 of everything before it."""
    first, second = pack(PAYLOAD, INFO_DICT), pack(dict(reversed(PAYLOAD.items())), INFO_DICT)
    assert first == second
    head, trailer = first[:-64], first[-64:]
    assert head[-2:] == struct.pack("<H", 64) and trailer == _sha(head).encode("ascii")
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.comment == trailer
        assert SIGNATURE not in archive.namelist()


def test_the_message_of_a_verification() -> None:
    assert Verification(True).message() == "数据包完好"
    assert Verification(False, ["甲"]).message() == "甲"
    assert Verification(False, ["甲", "乙", "丙"]).message() == "甲；乙；丙"


@pytest.mark.parametrize(
    "name, shown",
    [
        ("data/123456.jsonl", "data/123456.jsonl"),  # six digits: a table, a year, kept
        ("data/1234567.jsonl", "data/123****.jsonl"),  # seven: a phone's tail, masked
        ("360426199101010071.pdf", "360***************.pdf"),
        ("a13900001111b22", "a139********b22"),
        ("x" * 79 + "1234567", "x" * 79 + "1"),  # cut at 80 characters, then masked
        ("x" * 73 + "1234567", "x" * 73 + "123****"),
    ],
)
def test_a_name_in_a_message_has_its_long_digit_runs_masked_and_is_cut_at_80(name, shown) -> None:
    assert module._shown(name) == shown


@pytest.mark.parametrize(
    "branch, name",
    [
        ("凤凰村党支部", "凤凰村党支部_20261122-093000.djpkg"),
        ("XX村党支部", "XX村党支部_20261122-093000.djpkg"),  # a letter is no forbidden character
        (' 一/二\\三:四*五?六"七<八>九|十 ', "一二三四五六七八九十_20261122-093000.djpkg"),
        ('\\/:*?"<>|', "支部_20261122-093000.djpkg"),
        ("   ", "支部_20261122-093000.djpkg"),
    ],
)
def test_the_file_name_of_a_package(branch, name) -> None:
    assert package_name(branch, WHEN) == name


def test_leftovers_of_a_killed_export_are_removed_and_nothing_else(tmp_path) -> None:
    for name in ("a.djpkg.partial", "b.djpkg", "c.partial", "d.djpkg.partial.txt", "e.djpkg.partial"):
        (tmp_path / name).write_bytes(b"x")
    remove_leftovers(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.djpkg", "c.partial", "d.djpkg.partial.txt"]


@pytest.mark.parametrize("size", [0, 1, 2**20 - 1, 2**20, 2**20 + 1, 2 * 2**20 + 7])
def test_a_write_read_back_whole_in_one_or_more_chunks(tmp_path, size) -> None:
    blob = bytes(range(256)) * (size // 256) + b"\x07" * (size % 256)
    target = tmp_path / "p.djpkg"
    assert write_verified(target, blob) == target
    assert target.read_bytes() == blob
    assert module._file_digest(target) == _sha(blob)
    assert list(tmp_path.iterdir()) == [target]


def test_a_write_over_an_older_package_replaces_it(tmp_path) -> None:
    target = tmp_path / "p.djpkg"
    target.write_bytes(b"older")
    write_verified(target, b"newer")
    assert target.read_bytes() == b"newer" and list(tmp_path.iterdir()) == [target]


def test_a_stick_that_gives_back_other_bytes_is_named_and_nothing_is_left(tmp_path, monkeypatch) -> None:
    """A stick that reads back differently, planted as a read-back digest that differs."""
    read_back = []
    monkeypatch.setattr(module, "_file_digest", lambda path: read_back.append(path.name) or "0" * 64)
    with pytest.raises(PackageError) as caught:
        write_verified(tmp_path / "p.djpkg", b"package")
    # read back under the temporary name a later export removes if this one is killed
    assert read_back == ["p.djpkg.partial"]
    assert str(caught.value) == "写入后读回的内容与写入的不同（U盘可能有问题，请换一个再试）"
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_fails_is_named_by_the_file_and_the_reason(tmp_path) -> None:
    from dangjian_desktop.core.errors import os_error_text

    target = tmp_path / "没有" / "p.djpkg"
    with pytest.raises(PackageError) as caught:
        write_verified(target, b"package")
    assert str(caught.value).startswith("写入 p.djpkg 失败：")
    assert str(caught.value) == f"写入 p.djpkg 失败：{os_error_text(FileNotFoundError(2, 'x'))}"
    folder = tmp_path / "dir.djpkg"
    folder.mkdir()
    (folder / "inside").write_bytes(b"x")  # a folder under the final name: the rename fails
    with pytest.raises(PackageError, match=r"^写入 dir.djpkg 失败："):
        write_verified(folder, b"package")
    assert not (tmp_path / "dir.djpkg.partial").exists()


# --- the township opens a package ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("open")
    village = make_village(folder / "v.sqlite3", size=3, seed=17, name="南湖村党支部")
    try:
        path = export_package(village, folder / "p.djpkg", now=WHEN, with_documents=False)
        with village.reading() as session:
            signer = signing_key(session)
    finally:
        village.close()
    return folder, path, signer


def test_a_package_is_opened_and_named_by_its_branch(exported, tmp_path) -> None:
    _folder, path, _signer = exported
    township = open_database(tmp_path / "t.sqlite3")
    try:
        check, identity = open_package(township, path)
    finally:
        township.close()
    assert check.ok and identity.name == "南湖村党支部" and identity.number == 1
    assert identity.exported_at == WHEN.isoformat()


def test_a_village_database_does_not_open_packages(exported) -> None:
    folder, path, _signer = exported
    shutil.copyfile(folder / "v.sqlite3", folder / "v2.sqlite3")
    village = open_database(folder / "v2.sqlite3")
    try:
        with pytest.raises(PackageError) as caught:
            open_package(village, path)
    finally:
        village.close()
    assert str(caught.value) == (
        "这是村级数据库，不能合并数据包：合并只在乡镇汇总数据库中进行，以免用旧数据包覆盖本村数据"
    )


def test_a_package_encrypted_to_this_township_opens_with_its_own_key(exported, tmp_path) -> None:
    _folder, path, _signer = exported
    township = open_database(tmp_path / "t.sqlite3")
    try:
        with township.transaction() as session:
            key = township_private(session, create=True)
        sealed = tmp_path / "加密.djpkg"
        sealed.write_bytes(encrypt_to_township(path.read_bytes(), public_raw(key)))
        check, identity = open_package(township, sealed)
        assert check.ok and check.encryption == "乡镇公钥" and identity.name == "南湖村党支部"
        fresh = open_database(tmp_path / "t2.sqlite3")  # a township without that key
        try:
            with pytest.raises(PackageError, match=r"^数据包 加密.djpkg 未合并：数据包已加密给乡镇"):
                open_package(fresh, sealed)
        finally:
            fresh.close()
    finally:
        township.close()


def test_a_sealed_package_opens_with_its_passphrase(exported, tmp_path) -> None:
    from dangjian_desktop.core.exchange.package_crypto import seal

    _folder, path, _signer = exported
    sealed = tmp_path / "s.djpkg"
    sealed.write_bytes(seal(path.read_bytes(), "口令"))
    township = open_database(tmp_path / "t.sqlite3")
    try:
        check, _identity = open_package(township, sealed, "口令")
        assert check.encryption == "口令"
        with pytest.raises(PackageError, match=r"^数据包 s.djpkg 未合并：口令不对"):
            open_package(township, sealed, "别的")
    finally:
        township.close()


def test_a_package_whose_branch_disagrees_with_its_signed_info_is_refused_by_name(exported, tmp_path) -> None:
    _folder, path, signer = exported
    with zipfile.ZipFile(path) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    info = json.loads(entries[INFO])
    payload = {n: d for n, d in entries.items() if n not in (INFO, MANIFEST, TAGMANIFEST, SIGNATURE)}
    other = tmp_path / "冒名.djpkg"
    other.write_bytes(pack(payload, {**info, "branch_uid": "0" * 32}, signer))
    township = open_database(tmp_path / "t.sqlite3")
    try:
        with pytest.raises(PackageError) as caught:
            open_package(township, other)
    finally:
        township.close()
    assert str(caught.value) == "数据包 冒名.djpkg 未合并：数据包中的党支部与签名信息不一致，数据包已被改动"
