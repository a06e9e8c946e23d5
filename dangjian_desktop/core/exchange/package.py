"""The package a village carries to the township on a USB stick: layout, signature check, verification.

Layout (a ZIP file, format "dangjian-package" version 2, after the BagIt idea):
    package-info.json        who, which branch, its public key and package number, app and schema version
    manifest-sha256.txt      "<sha256>  <size>  <path>" for every payload file
    tagmanifest-sha256.txt   the same for package-info.json and manifest-sha256.txt
    signature-ed25519.txt    the branch's signature over the tag manifest (package_crypto.py)
    data/<table>.jsonl       every table, one JSON object a line (core/exchange/tables.py)
    <documents>              the roster workbook and the year's PDFs, where the program makes them
The ZIP comment holds the SHA-256 of every byte before it, so a change anywhere, even outside the
files, is seen. The whole ZIP is then encrypted to the township (HPKE) or sealed with a passphrase.

Verification is bounded: the file's size, each entry's declared size and the total are capped and
checked against the manifest before anything is decompressed; hashing streams; the payload kept in memory
is bounded by the caps. Duplicate entry names are refused (a reader could pick either copy).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from dangjian_desktop.core.backup import fsync_dir
from dangjian_desktop.core.errors import os_error_text
from dangjian_desktop.core.exchange.package_crypto import (
    MAGIC_SEALED,
    MAGIC_TOWNSHIP,
    SIGNATURE,
    PackageError,
    decrypt_for_township,
    seal,
    sign,
    signature_valid,
    unseal,
)

__all__ = ["PackageError", "seal", "MAGIC_SEALED"]

FORMAT = "dangjian-package"
FORMAT_VERSION = 2
SUFFIX = ".djpkg"
INFO, MANIFEST, TAGMANIFEST = "package-info.json", "manifest-sha256.txt", "tagmanifest-sha256.txt"
TAG_FILES = (INFO, MANIFEST, TAGMANIFEST, SIGNATURE)
_DIGEST_TRAILER = 64  # hex SHA-256 in the ZIP comment
MAX_FILE = 128 * 2**20  # a 300-member package with photos and documents is about 20 MB
MAX_ENTRY = 96 * 2**20  # uncompressed, one entry
MAX_TOTAL = 192 * 2**20  # uncompressed, all entries
MAX_TAG_FILE = 4 * 2**20
MAX_ENTRIES = 5000
_CHUNK = 1 << 20


@dataclass
class Verification:
    ok: bool
    problems: list[str] = field(default_factory=list)
    info: dict | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # every payload file, bounded by MAX_TOTAL
    digest: str = ""  # identifies the content: the same export merged twice has the same digest
    encryption: str = ""  # 乡镇公钥 / 口令 / "" (in clear)

    def message(self) -> str:
        return "数据包完好" if self.ok else "；".join(self.problems)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- building --------------------------------------------------------------------------------------


def _manifest(files: dict[str, bytes]) -> bytes:
    return "".join(f"{sha256(data)}  {len(data)}  {name}\n" for name, data in sorted(files.items())).encode()


def pack(payload: dict[str, bytes], info: dict, signer=None) -> bytes:
    """The ZIP of a package; signed when signer (the village's Ed25519 private key) is given."""
    info_bytes = json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    manifest = _manifest(payload)
    tagmanifest = _manifest({INFO: info_bytes, MANIFEST: manifest})
    tags = [(INFO, info_bytes), (MANIFEST, manifest), (TAGMANIFEST, tagmanifest)]
    if signer is not None:
        tags.append((SIGNATURE, sign(signer, tagmanifest)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*tags, *sorted(payload.items())]:
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # content decides the bytes
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    body = buffer.getvalue()
    # The end record's last two bytes are the comment length: set it, then append the digest.
    assert body[-2:] == b"\x00\x00"
    body = body[:-2] + struct.pack("<H", _DIGEST_TRAILER)
    return body + sha256(body).encode("ascii")


# --- reading and verifying -------------------------------------------------------------------------


def _shown(name: str) -> str:
    """An entry name as a message may show it: the name is the sender's, and could carry an ID
    number or a phone; long digit runs are masked and the length bounded."""
    return re.sub(r"\d{7,}", lambda m: m.group()[:3] + "*" * (len(m.group()) - 3), name[:80])


def _parse_manifest(text: bytes, name: str) -> dict[str, tuple[str, int]]:
    entries: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.decode("utf-8").splitlines(), start=1):
        parts = line.split("  ", 2)
        if len(parts) != 3 or len(parts[0]) != 64 or not parts[1].isdigit() or len(parts[1]) > 12:
            raise PackageError(f"清单 {name} 第 {number} 行格式不对，清单已被改动")
        if parts[2] in entries:
            raise PackageError(f"清单 {_shown(name)} 中文件 {_shown(parts[2])} 出现两次，清单已被改动")
        entries[parts[2]] = (parts[0], int(parts[1]))
        if len(entries) > MAX_ENTRIES:
            raise PackageError(f"清单 {name} 的文件数超过 {MAX_ENTRIES}，不是本程序写的数据包")
    return entries


def verify_bytes(blob: bytes, passphrase: str | None = None, township_key=None) -> Verification:
    """Everything that can be wrong with a package, named; ok only when it is whole, untouched and
    signed by the key it names. township_key: the township's X25519 private key, for HPKE packages."""
    try:
        if len(blob) > MAX_FILE:
            raise PackageError(f"文件超过 {MAX_FILE // 2**20} MB，不是本程序写的数据包")
        if blob.startswith(MAGIC_TOWNSHIP):
            result = _verify_zip(decrypt_for_township(blob, township_key))
            result.encryption = "乡镇公钥"
        elif blob.startswith(MAGIC_SEALED):
            result = _verify_zip(unseal(blob, passphrase))
            result.encryption = "口令"
        else:
            result = _verify_zip(blob)
        return result
    except PackageError as exc:
        return Verification(False, [str(exc)])


def _read_capped(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> bytes:
    if entry.file_size > limit:
        raise PackageError(
            f"文件 {_shown(entry.filename)} 过大（{entry.file_size} 字节），不是本程序写的数据包"
        )
    try:
        with archive.open(entry) as stream:
            data = stream.read(limit + 1)
    except Exception:  # bad CRC, broken deflate stream, anything a damaged entry raises
        raise PackageError(f"文件 {_shown(entry.filename)} 已损坏") from None
    if len(data) > limit:
        raise PackageError(f"文件 {_shown(entry.filename)} 过大，不是本程序写的数据包")
    return data


def _stream_digest(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, keep: bool) -> tuple[str, int, bytes]:
    """SHA-256 and size read in chunks, never more than the entry declares; bytes kept if asked."""
    digest, size, kept = hashlib.sha256(), 0, []
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > entry.file_size:
                raise PackageError(f"文件 {_shown(entry.filename)} 大小不符，数据包已被改动")
            digest.update(chunk)
            if keep:
                kept.append(chunk)
    return digest.hexdigest(), size, b"".join(kept)


def _verify_zip(body: bytes) -> Verification:
    if len(body) < 22 + _DIGEST_TRAILER:
        return Verification(False, ["文件不完整或不是数据包（太短）"])
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except zipfile.BadZipFile:
        return Verification(False, ["文件不完整（可能在写入时拔出了U盘），或不是数据包"])
    except Exception as exc:  # a damaged central directory can raise almost anything
        return Verification(False, [f"数据包结构已损坏（{exc.__class__.__name__}）"])
    with archive:
        try:
            return _verify_archive(archive, body)
        except PackageError as exc:
            return Verification(False, [str(exc)])
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
            return Verification(False, [f"{INFO} 或清单无法读取，数据包已被改动"])


def _verify_archive(archive: zipfile.ZipFile, body: bytes) -> Verification:
    entries: dict[str, zipfile.ZipInfo] = {}
    for entry in archive.infolist():
        if entry.filename in entries:
            raise PackageError(f"数据包中有两个同名文件 {_shown(entry.filename)}，数据包已被改动")
        entries[entry.filename] = entry
        if len(entries) > MAX_ENTRIES:
            raise PackageError(f"数据包中的文件超过 {MAX_ENTRIES} 个，不是本程序写的数据包")
    missing = [f"缺少 {name}" for name in (INFO, MANIFEST, TAGMANIFEST) if name not in entries]
    if missing:
        return Verification(False, missing)
    tags = {name: _read_capped(archive, entries[name], MAX_TAG_FILE) for name in TAG_FILES if name in entries}
    problems: list[str] = []
    tag_sums = _parse_manifest(tags[TAGMANIFEST], TAGMANIFEST)
    for name in (INFO, MANIFEST):
        if name not in tag_sums:
            problems.append(f"{TAGMANIFEST} 缺少 {name} 的校验值")
        elif tag_sums[name] != (sha256(tags[name]), len(tags[name])):
            problems.append(f"{name} 校验不符：清单已被改动")
    if problems:
        return Verification(False, problems)
    try:
        info = json.loads(tags[INFO].decode("utf-8"))
    except ValueError:
        return Verification(False, [f"{INFO} 无法读取"])
    if not isinstance(info, dict):
        return Verification(False, [f"{INFO} 无法读取"])
    manifest = _parse_manifest(tags[MANIFEST], MANIFEST)
    if info.get("format") != FORMAT:
        return Verification(False, ["不是党务台账数据包（格式标识不对）"])
    if info.get("format_version") != FORMAT_VERSION:
        version = str(info.get("format_version"))[:20]
        if info.get("format_version") == 1:
            return Verification(False, ["旧版程序导出的数据包没有签名，请村里升级程序后重新导出"])
        return Verification(False, [f"数据包格式版本 {version} 本程序不认识，请升级程序"])
    from dangjian_desktop.core.db import known_revisions

    if info.get("schema_revision") not in known_revisions():
        revision = str(info.get("schema_revision"))[:40]
        return Verification(False, [f"数据结构版本 {revision} 本程序不认识，请升级程序"])
    signing_key = info.get("signing_key")
    if SIGNATURE not in tags or not isinstance(signing_key, str):
        return Verification(False, ["数据包没有签名，不能确认来自哪个村"], info)
    if not signature_valid(signing_key, tags[TAGMANIFEST], tags[SIGNATURE]):
        return Verification(False, ["数据包签名不符：数据包已被改动，或不是该村的密钥签的"], info)
    number = info.get("package_number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        return Verification(False, [f"{INFO} 中的数据包编号不对"], info)

    # Every payload entry is checked against the manifest by its declared size before it is read.
    payload_names = set(entries) - set(TAG_FILES)
    total = 0
    for name in sorted(payload_names - set(manifest)):
        problems.append(f"多出文件 {_shown(name)}（清单中没有）")
    for name, (_digest, size) in sorted(manifest.items()):
        if name not in payload_names:
            problems.append(f"缺少文件 {_shown(name)}")
        elif entries[name].file_size != size:
            problems.append(
                f"文件 {_shown(name)} 大小不符（应为 {size} 字节，实为 {entries[name].file_size}）"
            )
        elif size > MAX_ENTRY:
            problems.append(f"文件 {_shown(name)} 超过 {MAX_ENTRY // 2**20} MB，不是本程序写的数据包")
        total += size
    if total > MAX_TOTAL:
        problems.append(f"数据包解压后超过 {MAX_TOTAL // 2**20} MB，不是本程序写的数据包")
    if problems:
        return Verification(False, problems, info)
    files: dict[str, bytes] = {}
    for name, (digest, size) in sorted(manifest.items()):
        try:
            actual, actual_size, data = _stream_digest(archive, entries[name], True)
        except PackageError:
            raise
        except Exception:  # bad CRC, broken deflate stream
            problems.append(f"文件 {_shown(name)} 已损坏")
            continue
        if actual_size != size:
            problems.append(f"文件 {_shown(name)} 大小不符（应为 {size} 字节，实为 {actual_size}）")
        elif actual != digest:
            problems.append(f"文件 {_shown(name)} 校验不符，内容已被改动")
        else:
            files[name] = data
    if not problems:
        head, trailer = body[:-_DIGEST_TRAILER], body[-_DIGEST_TRAILER:]
        if head[-2:] != struct.pack("<H", _DIGEST_TRAILER) or sha256(head).encode("ascii") != trailer:
            problems.append("整个文件的校验值不符：文件在清单之外被改动或损坏")
    if problems:
        return Verification(False, problems, info)
    return Verification(True, [], info, files, sha256(tags[TAGMANIFEST]))


def verify_file(path: Path, passphrase: str | None = None, township_key=None) -> Verification:
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE:
            return Verification(False, [f"文件超过 {MAX_FILE // 2**20} MB，不是本程序写的数据包"])
        blob = Path(path).read_bytes()
    except OSError as exc:
        return Verification(False, [f"无法读取文件 {Path(path).name}：{exc.strerror or exc}"])
    return verify_bytes(blob, passphrase, township_key)


# --- exporting -------------------------------------------------------------------------------------


def package_name(branch_name: str, when: dt.datetime) -> str:
    safe = "".join(ch for ch in branch_name if ch not in '\\/:*?"<>|').strip() or "支部"
    return f"{safe}_{when:%Y%m%d-%H%M%S}{SUFFIX}"


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def remove_leftovers(folder: Path) -> None:
    """Packages a killed export left half-written in this folder (never under a final name)."""
    for leftover in folder.glob(f"*{SUFFIX}.partial"):
        leftover.unlink(missing_ok=True)


def write_verified(target: Path, blob: bytes) -> Path:
    """Temporary name, flushed, read back and compared, then renamed: a pulled stick leaves no
    file under the final name, and what is under the final name is whole. (The village cannot open
    a package encrypted to the township, so the plain ZIP is verified before it is encrypted.)"""
    partial = target.with_name(target.name + ".partial")
    try:
        with open(partial, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        if _file_digest(partial) != sha256(blob):
            raise PackageError("写入后读回的内容与写入的不同（U盘可能有问题，请换一个再试）")
        os.replace(partial, target)
        fsync_dir(target.parent)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise PackageError(f"写入 {target.name} 失败：{os_error_text(exc)}") from None
    except PackageError:
        partial.unlink(missing_ok=True)
        raise
    return target
