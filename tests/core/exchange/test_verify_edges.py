"""The package check on its lines (issue 21, mutation testing of core/exchange/package.py): every
number it refuses, on the line, one below and one above; every refusal in its own words; what a
package that passes hands to the merge. Packages are written by the exporter of a real village and
re-signed with that village's own key (pack) where package-info.json is changed on purpose."""

import datetime as dt
import hashlib
import io
import json
import zipfile
from types import SimpleNamespace

import pytest

from dangjian_desktop.core.exchange import package as module
from dangjian_desktop.core.exchange.package import (
    INFO,
    MANIFEST,
    TAG_FILES,
    TAGMANIFEST,
    PackageError,
    _parse_manifest,
    pack,
    verify_bytes,
    verify_file,
)
from dangjian_desktop.core.exchange.package_crypto import SIGNATURE, seal
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import signing_key

from .conftest import make_village
from .test_package_tags import rebuild

WHEN = dt.datetime(2026, 11, 22, 9, 30)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> SimpleNamespace:
    folder = tmp_path_factory.mktemp("edges")
    village = make_village(folder / "v.sqlite3", size=3, seed=7, name="南湖村党支部")
    try:
        package = export_package(village, folder / "p.djpkg", now=WHEN, with_documents=False)
        with village.reading() as session:
            signer = signing_key(session)
    finally:
        village.close()
    with zipfile.ZipFile(package) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    payload = {name: data for name, data in entries.items() if name not in TAG_FILES}
    return SimpleNamespace(
        blob=package.read_bytes(),
        entries=entries,
        info=json.loads(entries[INFO]),
        payload=payload,
        signer=signer,
    )


def signed(made, info: dict | None = None, payload: dict | None = None) -> bytes:
    """A package as the village's program writes it, signed by its key, with these contents."""
    return pack(
        made.payload if payload is None else payload, made.info if info is None else info, made.signer
    )


def refused(blob: bytes, words: str) -> list[str]:
    result = verify_bytes(blob)
    assert result.ok is False and not result.files and result.digest == ""
    assert any(words in problem for problem in result.problems), result.problems
    return result.problems


# --- what a whole package hands on --------------------------------------------------------------


def test_a_whole_package_hands_on_its_info_every_payload_file_and_the_tag_manifest_digest(made) -> None:
    result = verify_bytes(made.blob)
    assert result.ok and result.problems == [] and result.message() == "数据包完好"
    assert result.info == made.info
    assert result.files == made.payload
    assert result.digest == hashlib.sha256(made.entries[TAGMANIFEST]).hexdigest()
    assert result.encryption == ""
    sealed = verify_bytes(seal(made.blob, "口令123456"), "口令123456")
    assert sealed.ok and sealed.encryption == "口令" and sealed.files == made.payload


def test_problems_are_joined_in_one_message(made) -> None:
    edited = dict(made.entries)
    edited.pop("data/member.jsonl")
    edited["extra.txt"] = b"x"
    result = verify_bytes(rebuild(edited))
    assert result.message() == "；".join(result.problems) and len(result.problems) == 2
    assert result.problems == ["多出文件 extra.txt（清单中没有）", "缺少文件 data/member.jsonl"]
    assert result.ok is False and result.info == made.info  # who sent it goes with the refusal


# --- package-info.json, signed by the village's own key ------------------------------------------


@pytest.mark.parametrize(
    ("number", "ok"),
    [(1, True), (2, True), (0, False), (-1, False), (True, False), ("1", False), (None, False)],
)
def test_the_package_number_is_a_whole_number_from_one(made, number, ok) -> None:
    info = dict(made.info, package_number=number)
    if number is None:
        info.pop("package_number")
    result = verify_bytes(signed(made, info))
    assert result.ok is ok
    if not ok:
        assert result.problems == [f"{INFO} 中的数据包编号不对"] and result.info == info


@pytest.mark.parametrize(
    ("version", "words"),
    [
        (1, "旧版程序导出的数据包没有签名，请村里升级程序后重新导出"),
        (3, "数据包格式版本 3 本程序不认识，请升级程序"),
        ("2", "数据包格式版本 2 本程序不认识，请升级程序"),
    ],
)
def test_a_format_version_other_than_2_is_named(made, version, words) -> None:
    assert refused(signed(made, dict(made.info, format_version=version)), "") == [words]
    assert verify_bytes(signed(made, dict(made.info, format_version=2))).ok


def test_another_format_is_named(made) -> None:
    problems = refused(signed(made, dict(made.info, format="dangjian-packagex")), "")
    assert problems == ["不是党务台账数据包（格式标识不对）"]


def test_the_schema_revision_shown_is_bounded(made) -> None:
    problems = refused(signed(made, dict(made.info, schema_revision="9" * 100)), "数据结构版本")
    assert problems == [f"数据结构版本 {'9' * 40} 本程序不认识，请升级程序"]


def test_an_unsigned_package_or_one_whose_key_is_no_text_is_refused(made) -> None:
    unsigned = ["数据包没有签名，不能确认来自哪个村"]
    assert refused(pack(made.payload, made.info), "") == unsigned
    assert refused(signed(made, dict(made.info, signing_key=12345)), "") == unsigned
    other = dict(made.info, signing_key="00" * 32)
    assert refused(signed(made, other), "") == ["数据包签名不符：数据包已被改动，或不是该村的密钥签的"]
    # what the package claims goes with the refusal (`dangjian package verify` shows it)
    assert verify_bytes(pack(made.payload, made.info)).info == made.info
    assert verify_bytes(signed(made, other)).info == other


def test_info_that_is_no_object_is_refused(made) -> None:
    edited = dict(made.entries)
    edited[INFO] = b"[1, 2]"
    edited[TAGMANIFEST] = module._manifest({INFO: edited[INFO], MANIFEST: edited[MANIFEST]})
    assert refused(rebuild(edited), "") == [f"{INFO} 无法读取"]
    edited[INFO] = b"{not json"
    edited[TAGMANIFEST] = module._manifest({INFO: edited[INFO], MANIFEST: edited[MANIFEST]})
    assert refused(rebuild(edited), "") == [f"{INFO} 无法读取"]


@pytest.mark.parametrize("name", [INFO, MANIFEST, TAGMANIFEST])
def test_each_missing_tag_file_is_named(made, name) -> None:
    edited = dict(made.entries)
    edited.pop(name)
    result = verify_bytes(rebuild(edited))
    assert result.ok is False and result.problems == [f"缺少 {name}"]


@pytest.mark.parametrize("name", [INFO, MANIFEST])
def test_a_tag_manifest_without_the_line_of_a_tag_file_is_refused(made, name) -> None:
    edited = dict(made.entries)
    edited[TAGMANIFEST] = b"".join(
        line + b"\n" for line in edited[TAGMANIFEST].splitlines() if not line.endswith(name.encode())
    )
    result = verify_bytes(rebuild(edited))
    assert result.ok is False and result.problems == [f"{TAGMANIFEST} 缺少 {name} 的校验值"]


def test_a_malformed_line_of_the_manifest_is_named(made) -> None:
    edited = dict(made.entries, **{MANIFEST: made.entries[MANIFEST] + b"not a line\n"})
    edited[TAGMANIFEST] = module._manifest({INFO: edited[INFO], MANIFEST: edited[MANIFEST]})
    lines = len(made.entries[MANIFEST].splitlines()) + 1
    assert refused(rebuild(edited), "") == [f"清单 {MANIFEST} 第 {lines} 行格式不对，清单已被改动"]


def test_a_malformed_line_of_the_tag_manifest_is_named(made) -> None:
    edited = dict(made.entries, **{TAGMANIFEST: made.entries[TAGMANIFEST] + b"not a line\n"})
    assert refused(rebuild(edited), "") == [f"清单 {TAGMANIFEST} 第 3 行格式不对，清单已被改动"]


# --- the manifests' lines -----------------------------------------------------------------------

DIGEST = "a" * 64


def test_a_manifest_line_on_its_limits() -> None:
    assert _parse_manifest(f"{DIGEST}  {'9' * 12}  data/x.jsonl\n".encode(), MANIFEST) == {
        "data/x.jsonl": (DIGEST, 10**12 - 1)
    }
    assert _parse_manifest(f"{DIGEST}  0  a  b\n".encode(), MANIFEST) == {"a  b": (DIGEST, 0)}
    bad = [
        f"{DIGEST}  {'9' * 13}  data/x.jsonl",
        f"{DIGEST[:-1]}  1  data/x.jsonl",
        f"{DIGEST}a  1  data/x.jsonl",
        f"{DIGEST}  1x  data/x.jsonl",
        f"{DIGEST}  1",
        f"{DIGEST} 1 data/x.jsonl",
    ]
    for line in bad:
        text = f"{DIGEST}  1  data/ok.jsonl\n{line}\n".encode()
        with pytest.raises(PackageError) as caught:
            _parse_manifest(text, MANIFEST)
        assert str(caught.value) == f"清单 {MANIFEST} 第 2 行格式不对，清单已被改动", line


def test_a_manifest_naming_one_file_twice_is_refused() -> None:
    text = f"{DIGEST}  1  data/x.jsonl\n{'b' * 64}  2  data/x.jsonl\n".encode()
    with pytest.raises(PackageError, match=f"清单 {MANIFEST} 中文件 data/x.jsonl 出现两次"):
        _parse_manifest(text, MANIFEST)


def test_a_manifest_of_exactly_the_most_files_is_read_and_one_more_is_not() -> None:
    lines = "".join(f"{DIGEST}  1  f{n}\n" for n in range(module.MAX_ENTRIES))
    assert len(_parse_manifest(lines.encode(), MANIFEST)) == module.MAX_ENTRIES
    with pytest.raises(PackageError) as caught:
        _parse_manifest((lines + f"{DIGEST}  1  last\n").encode(), MANIFEST)
    assert str(caught.value) == f"清单 {MANIFEST} 的文件数超过 {module.MAX_ENTRIES}，不是本程序写的数据包"


def _zip_of(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(count):
            archive.writestr(f"f{n}", b"")
    body = buffer.getvalue()[:-2] + (64).to_bytes(2, "little")
    return body + hashlib.sha256(body).hexdigest().encode()


def test_a_zip_of_exactly_the_most_entries_is_opened_and_one_more_is_not() -> None:
    assert verify_bytes(_zip_of(module.MAX_ENTRIES)).problems[0] == f"缺少 {INFO}"
    assert verify_bytes(_zip_of(module.MAX_ENTRIES + 1)).problems == [
        f"数据包中的文件超过 {module.MAX_ENTRIES} 个，不是本程序写的数据包"
    ]


# --- the size caps: on the line, one below, one above -------------------------------------------


def test_the_file_size_cap(made, monkeypatch, tmp_path) -> None:
    path = tmp_path / "p.djpkg"
    path.write_bytes(made.blob)
    for cap, ok in ((len(made.blob), True), (len(made.blob) + 1, True), (len(made.blob) - 1, False)):
        monkeypatch.setattr(module, "MAX_FILE", cap)
        for result in (verify_bytes(made.blob), verify_file(path)):
            assert result.ok is ok, cap
            if not ok:
                assert result.problems == [f"文件超过 {cap // 2**20} MB，不是本程序写的数据包"]


def test_the_entry_and_total_caps(made, monkeypatch) -> None:
    largest = max(len(d) for d in made.payload.values())
    total = sum(len(d) for d in made.payload.values())
    for cap, ok in ((largest, True), (largest + 1, True), (largest - 1, False)):
        monkeypatch.setattr(module, "MAX_ENTRY", cap)
        result = verify_bytes(made.blob)
        assert result.ok is ok, cap
        if not ok:
            assert result.problems[0].endswith(f"超过 {cap // 2**20} MB，不是本程序写的数据包")
            assert result.info == made.info
    monkeypatch.undo()
    for cap, ok in ((total, True), (total + 1, True), (total - 1, False)):
        monkeypatch.setattr(module, "MAX_TOTAL", cap)
        result = verify_bytes(made.blob)
        assert result.ok is ok, cap
        if not ok:
            assert result.problems == [f"数据包解压后超过 {cap // 2**20} MB，不是本程序写的数据包"]
            assert result.info == made.info


def test_the_tag_file_cap(made, monkeypatch) -> None:
    largest = max(len(made.entries[name]) for name in (*TAG_FILES[:3], SIGNATURE))
    for cap, ok in ((largest, True), (largest + 1, True), (largest - 1, False)):
        monkeypatch.setattr(module, "MAX_TAG_FILE", cap)
        result = verify_bytes(made.blob)
        assert result.ok is ok, cap
        if not ok:
            name = next(n for n in TAG_FILES if len(made.entries[n]) > cap)
            size = len(made.entries[name])
            assert result.problems == [f"文件 {name} 过大（{size} 字节），不是本程序写的数据包"]


# --- the payload against the manifest, in a package signed by the village's own key ---------------


def resigned(made, entries: dict[str, bytes]) -> bytes:
    """The entries with their tag manifest recomputed and signed by the village's key."""
    from dangjian_desktop.core.exchange.package_crypto import sign

    entries = dict(entries)
    entries[TAGMANIFEST] = module._manifest({INFO: entries[INFO], MANIFEST: entries[MANIFEST]})
    entries[SIGNATURE] = sign(made.signer, entries[TAGMANIFEST])
    return rebuild(entries)


def _manifest_line_changed(made, name: str, change) -> dict[str, bytes]:
    lines = []
    for line in made.entries[MANIFEST].decode().splitlines():
        digest, size, path = line.split("  ", 2)
        lines.append(
            "  ".join(change(digest, int(size)) if path == name else (digest, str(size))) + f"  {path}"
        )
    return dict(made.entries, **{MANIFEST: ("\n".join(lines) + "\n").encode()})


def test_the_re_signing_itself_keeps_the_package_whole(made) -> None:
    assert verify_bytes(resigned(made, made.entries)).ok


def test_a_size_in_the_manifest_other_than_the_file_is_named(made) -> None:
    size = len(made.payload["data/member.jsonl"])
    for wrong in (size + 1, size - 1):
        entries = _manifest_line_changed(made, "data/member.jsonl", lambda d, s, w=wrong: (d, str(w)))
        result = verify_bytes(resigned(made, entries))
        assert result.problems == [f"文件 data/member.jsonl 大小不符（应为 {wrong} 字节，实为 {size}）"]
        assert result.ok is False and result.info == made.info


def test_a_digest_in_the_manifest_other_than_the_file_is_named(made) -> None:
    entries = _manifest_line_changed(made, "data/member.jsonl", lambda d, s: ("0" * 64, str(s)))
    result = verify_bytes(resigned(made, entries))
    assert result.problems == ["文件 data/member.jsonl 校验不符，内容已被改动"]
    assert result.ok is False and result.info == made.info and result.files == {}


def test_the_whole_file_digest_must_follow_a_comment_of_exactly_its_length(made) -> None:
    """A ZIP comment one byte longer than the digest, the digest itself right: refused."""
    import struct

    body = made.blob[: -64 - 2] + struct.pack("<H", 65) + b"x"
    assert refused(body + hashlib.sha256(body).hexdigest().encode(), "") == [
        "整个文件的校验值不符：文件在清单之外被改动或损坏"
    ]
    assert verify_bytes(body + hashlib.sha256(body).hexdigest().encode()).info == made.info
    body = made.blob[:-64]
    assert refused(body + hashlib.sha256(body + b"!").hexdigest().encode(), "") == [
        "整个文件的校验值不符：文件在清单之外被改动或损坏"
    ]


def test_the_caps_are_named_in_whole_megabytes(made, monkeypatch, tmp_path) -> None:
    """With caps of 3 MB (the real ones are too large to build in a test): a file, an entry and the
    total one byte over are each named with their cap in MB."""
    three = 3 * 2**20
    monkeypatch.setattr(module, "MAX_FILE", three)
    big = b"\0" * (three + 1)
    assert verify_bytes(big).problems == ["文件超过 3 MB，不是本程序写的数据包"]
    (tmp_path / "big.djpkg").write_bytes(big)
    assert verify_file(tmp_path / "big.djpkg").problems == ["文件超过 3 MB，不是本程序写的数据包"]
    monkeypatch.undo()
    monkeypatch.setattr(module, "MAX_ENTRY", three)
    monkeypatch.setattr(module, "MAX_TOTAL", three)
    over = signed(made, payload=dict(made.payload, **{"big.bin": big}))
    assert verify_bytes(over).problems == [
        "文件 big.bin 超过 3 MB，不是本程序写的数据包",
        "数据包解压后超过 3 MB，不是本程序写的数据包",
    ]


def test_a_file_that_cannot_be_read_is_named_with_the_reason(tmp_path) -> None:
    import errno
    import os

    result = verify_file(tmp_path / "没有这个文件.djpkg")
    assert result.ok is False
    assert result.problems == [f"无法读取文件 没有这个文件.djpkg：{os.strerror(errno.ENOENT)}"]


def test_a_package_encrypted_to_the_township_is_opened_with_its_key_and_says_so(made, tmp_path) -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from dangjian_desktop.core.exchange.package_crypto import encrypt_to_township
    from dangjian_desktop.core.keys import public_raw

    key = X25519PrivateKey.generate()
    blob = encrypt_to_township(made.blob, public_raw(key))
    result = verify_bytes(blob, township_key=key)
    assert result.ok and result.encryption == "乡镇公钥" and result.files == made.payload
    (tmp_path / "p.djpkg").write_bytes(blob)
    assert verify_file(tmp_path / "p.djpkg", township_key=key).ok


def test_a_file_too_short_to_be_a_package_and_one_byte_longer(made) -> None:
    """22 bytes of a ZIP's end record and 64 of the digest: 85 bytes are too short, 86 are read."""
    assert refused(b"x" * 85, "") == ["文件不完整或不是数据包（太短）"]
    assert refused(b"x" * 86, "") == ["文件不完整（可能在写入时拔出了U盘），或不是数据包"]


def test_a_central_directory_that_cannot_be_read_is_named_by_what_went_wrong(made) -> None:
    """A name flagged as UTF-8 that is not: the ZIP reader raises something other than BadZipFile."""
    import struct

    body = bytearray(made.blob[:-64])
    directory = body.rfind(b"PK\x01\x02")
    flags = struct.unpack("<H", body[directory + 8 : directory + 10])[0] | 0x800
    body[directory + 8 : directory + 10] = struct.pack("<H", flags)
    body[directory + 46 : directory + 48] = b"\xff\xfe"
    body = bytes(body)
    assert refused(body + hashlib.sha256(body).hexdigest().encode(), "") == [
        "数据包结构已损坏（UnicodeDecodeError）"
    ]


def test_a_manifest_that_is_no_text_is_refused_in_words(made) -> None:
    edited = dict(made.entries, **{MANIFEST: b"\xff\xfe not utf-8\n"})
    edited[TAGMANIFEST] = module._manifest({INFO: edited[INFO], MANIFEST: edited[MANIFEST]})
    assert refused(rebuild(edited), "") == [f"{INFO} 或清单无法读取，数据包已被改动"]


@pytest.mark.parametrize("size", [module._CHUNK - 1, module._CHUNK, module._CHUNK + 1, 2 * module._CHUNK + 1])
def test_a_file_read_in_more_than_one_chunk_is_whole(made, size) -> None:
    """A photo or a document larger than one read (1 MB): its size and digest are those of all of it."""
    data = bytes(range(256)) * (size // 256) + b"\x07" * (size % 256)
    result = verify_bytes(signed(made, payload=dict(made.payload, **{"photo.jpg": data})))
    assert result.ok, result.problems
    assert result.files["photo.jpg"] == data


@pytest.mark.parametrize("name", ["data/member.jsonl", INFO])
def test_an_entry_whose_bytes_do_not_match_its_crc_is_named_damaged(made, name) -> None:
    """A payload or tag file damaged inside the ZIP (its CRC no longer matches): named as damaged."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for entry, data in made.entries.items():
            archive.writestr(entry, data)
    body = buffer.getvalue()
    original = made.entries[name][:40]
    assert body.count(original) == 1
    body = body.replace(original, original[:-1] + bytes([original[-1] ^ 0x01]))
    body = body[:-2] + (64).to_bytes(2, "little")
    result = verify_bytes(body + hashlib.sha256(body).hexdigest().encode())
    assert result.problems == [f"文件 {name} 已损坏"] and result.ok is False


def test_a_long_format_version_is_shown_cut_to_twenty_characters(made) -> None:
    problems = refused(signed(made, dict(made.info, format_version="9" * 30)), "数据包格式版本")
    assert problems == [f"数据包格式版本 {'9' * 20} 本程序不认识，请升级程序"]


def test_every_damaged_entry_is_named_not_only_the_first(made) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for entry, data in made.entries.items():
            archive.writestr(entry, data)
    body = buffer.getvalue()
    damaged = sorted(name for name, data in made.payload.items() if len(data) > 40)[:2]
    assert len(damaged) == 2
    for name in damaged:
        original = made.entries[name][:40]
        assert body.count(original) == 1, name
        body = body.replace(original, original[:-1] + bytes([original[-1] ^ 0x01]))
    body = body[:-2] + (64).to_bytes(2, "little")
    result = verify_bytes(body + hashlib.sha256(body).hexdigest().encode())
    assert result.problems == [f"文件 {name} 已损坏" for name in damaged]
