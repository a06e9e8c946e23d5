"""A package whose files were edited inside the ZIP and whose whole-file digest was then recomputed
(anyone can: it is a plain SHA-256 in the ZIP comment). Only the manifests and the signature stand
between such an edit and the township, so each must catch it on its own. Issue 21: a verify that no
longer checked package-info.json against the tag manifest passed every test."""

import datetime as dt
import hashlib
import io
import json
import struct
import zipfile

import pytest

from dangjian_desktop.core.exchange.package import INFO, verify_bytes
from dangjian_desktop.core.exchange.package_export import export_package

from .conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 9, 30)


@pytest.fixture(scope="module")
def entries(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("tags")
    village = make_village(folder / "v.sqlite3", size=3, seed=5, name="北村党支部")
    try:
        package = export_package(village, folder / "p.djpkg", now=WHEN, with_documents=False)
    finally:
        village.close()
    with zipfile.ZipFile(package) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rebuild(entries: dict[str, bytes]) -> bytes:
    """The ZIP as the program writes it, entries in the same order, with a valid whole-file digest."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    body = buffer.getvalue()[:-2] + struct.pack("<H", 64)
    return body + hashlib.sha256(body).hexdigest().encode("ascii")


def test_the_rebuilt_package_itself_verifies(entries) -> None:
    assert verify_bytes(rebuild(entries)).ok  # so the refusals below are the edits' doing


def test_package_info_edited_inside_the_package_is_refused(entries) -> None:
    """Fails on a verify that leaves package-info.json out of the tag-manifest check (planted in
    package.py: `for name in (MANIFEST,)`; the edited number merged as 第 999 号; red, reverted)."""
    info = json.loads(entries[INFO])
    for key, value in (("package_number", 999), ("exported_at", "2099-01-01T00:00:00")):
        edited = dict(entries)
        edited[INFO] = json.dumps(
            dict(info, **{key: value}), ensure_ascii=False, indent=2, sort_keys=True
        ).encode()
        result = verify_bytes(rebuild(edited))
        assert not result.ok, key
        assert any(f"{INFO} 校验不符" in p for p in result.problems), result.problems


@pytest.mark.parametrize("offset", [0.0, 0.5, 1.0])
def test_one_byte_changed_in_any_member_of_the_package_is_refused(entries, offset) -> None:
    """Every file of the package (tag files, manifests, signature, each table), one byte changed at
    its start, middle or end: refused. Fails on a verify without the signature check, and on one
    without the payload digest check (planted one at a time in package.py; red each, reverted). A
    byte of package-info.json mostly breaks its JSON: the test above is the one for its tag check."""
    for name, data in entries.items():
        if not data:
            continue
        position = min(int(len(data) * offset), len(data) - 1)
        changed = bytearray(data)
        # a visible ASCII byte stays a visible ASCII byte (the JSON and manifests still parse)
        changed[position] = changed[position] ^ 0x01 if changed[position] > 0x21 else 0x41
        edited = dict(entries)
        edited[name] = bytes(changed)
        assert not verify_bytes(rebuild(edited)).ok, (name, position)
