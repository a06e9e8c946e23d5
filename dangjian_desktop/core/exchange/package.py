"""The package a village carries to the township on a USB stick: export, encryption, verification.

Layout (a ZIP file, format "dangjian-package" version 1, after the BagIt idea):
    package-info.json        who, when, which branch, app and schema version, row counts
    manifest-sha256.txt      "<sha256>  <size>  <path>" for every payload file
    tagmanifest-sha256.txt   the same for package-info.json and manifest-sha256.txt
    data/<table>.jsonl       every table, one JSON object a line (core/exchange/tables.py)
    <documents>              the roster workbook and the year's PDFs, where the program makes them
The ZIP comment holds the SHA-256 of every byte before it, so a change anywhere, even outside the
files, is seen. With a passphrase the whole ZIP is sealed with AES-256-GCM under a key derived by
scrypt from the passphrase and a random salt; no plaintext copy is written anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from dangjian_desktop.core.backup import fsync_dir
from dangjian_desktop.core.errors import UserError

FORMAT = "dangjian-package"
FORMAT_VERSION = 1
SUFFIX = ".djpkg"
INFO, MANIFEST, TAGMANIFEST = "package-info.json", "manifest-sha256.txt", "tagmanifest-sha256.txt"
MAGIC_SEALED = b"DJPKG-SEALED-1\n"
_SEAL_HEADER = struct.Struct(">16sBBB12sQ32s")  # salt, log2 n, r, p, nonce, ciphertext length, key check
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1  # 32 MiB of memory: slow to guess, fine on an old laptop
_DIGEST_TRAILER = 64  # hex SHA-256 in the ZIP comment


class PackageError(UserError):
    pass


@dataclass
class Verification:
    ok: bool
    problems: list[str] = field(default_factory=list)
    info: dict | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    digest: str = ""  # identifies the content: the same export merged twice has the same digest

    def message(self) -> str:
        return "数据包完好" if self.ok else "；".join(self.problems)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- building --------------------------------------------------------------------------------------


def _manifest(files: dict[str, bytes]) -> bytes:
    return "".join(f"{sha256(data)}  {len(data)}  {name}\n" for name, data in sorted(files.items())).encode()


def pack(payload: dict[str, bytes], info: dict) -> bytes:
    info_bytes = json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    manifest = _manifest(payload)
    tagmanifest = _manifest({INFO: info_bytes, MANIFEST: manifest})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [
            (INFO, info_bytes),
            (MANIFEST, manifest),
            (TAGMANIFEST, tagmanifest),
            *sorted(payload.items()),
        ]:
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # content decides the bytes
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    body = buffer.getvalue()
    # The end record's last two bytes are the comment length: set it, then append the digest.
    assert body[-2:] == b"\x00\x00"
    body = body[:-2] + struct.pack("<H", _DIGEST_TRAILER)
    return body + sha256(body).encode("ascii")


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    material = Scrypt(salt=salt, length=64, n=2**log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return material[:32], hashlib.sha256(b"dangjian key check" + material[32:]).digest()


def seal(plain: bytes, passphrase: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not passphrase:
        raise PackageError("口令不能为空")
    salt, nonce = os.urandom(16), os.urandom(12)
    key, check = _derive(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
    header = _SEAL_HEADER.pack(salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, nonce, len(plain) + 16, check)
    return MAGIC_SEALED + header + AESGCM(key).encrypt(nonce, plain, MAGIC_SEALED + header)


def unseal(blob: bytes, passphrase: str | None) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not passphrase:
        raise PackageError("数据包已加密，需要与乡镇约定的口令（--passphrase-file）")
    start = len(MAGIC_SEALED) + _SEAL_HEADER.size
    if len(blob) < start:
        raise PackageError("文件不完整：加密数据包被截断")
    salt, log2_n, r, p, nonce, length, check = _SEAL_HEADER.unpack(blob[len(MAGIC_SEALED) : start])
    if not (10 <= log2_n <= 22 and 1 <= r <= 16 and 1 <= p <= 4):
        raise PackageError("加密数据包的文件头已损坏")
    body = blob[start:]
    if len(body) < length:
        raise PackageError(f"文件不完整：加密数据包被截断（缺少 {length - len(body)} 字节）")
    if len(body) > length:
        raise PackageError(f"数据包末尾多出 {len(body) - length} 字节，文件已被改动")
    key, expected_check = _derive(passphrase, salt, log2_n, r, p)
    if expected_check != check:
        raise PackageError("口令不对，无法打开加密数据包")
    try:
        return AESGCM(key).decrypt(nonce, body, blob[:start])
    except InvalidTag:
        raise PackageError("加密数据包已被改动或损坏（认证失败）") from None


# --- reading and verifying -------------------------------------------------------------------------


def _parse_manifest(text: bytes, name: str) -> dict[str, tuple[str, int]]:
    entries: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.decode("utf-8").splitlines(), start=1):
        parts = line.split("  ", 2)
        if len(parts) != 3 or len(parts[0]) != 64 or not parts[1].isdigit():
            raise PackageError(f"清单 {name} 第 {number} 行格式不对，清单已被改动")
        entries[parts[2]] = (parts[0], int(parts[1]))
    return entries


def verify_bytes(blob: bytes, passphrase: str | None = None) -> Verification:
    """Everything that can be wrong with a package, named; ok only when it is whole and untouched."""
    try:
        sealed = blob.startswith(MAGIC_SEALED)
        body = unseal(blob, passphrase) if sealed else blob
        return _verify_zip(body)
    except PackageError as exc:
        return Verification(False, [str(exc)])


def _verify_zip(body: bytes) -> Verification:
    if len(body) < 22 + _DIGEST_TRAILER:
        return Verification(False, ["文件不完整或不是数据包（太短）"])
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except zipfile.BadZipFile:
        return Verification(False, ["文件不完整（可能在写入时拔出了U盘），或不是数据包"])
    except Exception as exc:  # a damaged central directory can raise almost anything
        return Verification(False, [f"数据包结构已损坏（{exc.__class__.__name__}）"])
    problems: list[str] = []
    contents: dict[str, bytes] = {}
    with archive:
        names = set()
        for entry in archive.infolist():
            names.add(entry.filename)
            try:
                contents[entry.filename] = archive.read(entry)
            except Exception:  # bad CRC, broken deflate stream
                problems.append(f"文件 {entry.filename} 已损坏")
    for required in (INFO, MANIFEST, TAGMANIFEST):
        if required not in names:
            problems.append(f"缺少 {required}")
    if problems:
        return Verification(False, problems)
    try:
        tags = _parse_manifest(contents[TAGMANIFEST], TAGMANIFEST)
        for name in (INFO, MANIFEST):
            if name not in tags:
                problems.append(f"{TAGMANIFEST} 缺少 {name} 的校验值")
            elif tags[name] != (sha256(contents[name]), len(contents[name])):
                problems.append(f"{name} 校验不符：清单已被改动")
        if problems:
            return Verification(False, problems)
        info = json.loads(contents[INFO].decode("utf-8"))
        manifest = _parse_manifest(contents[MANIFEST], MANIFEST)
    except (PackageError, ValueError) as exc:
        return Verification(False, [str(exc) if isinstance(exc, PackageError) else f"{INFO} 无法读取"])
    if info.get("format") != FORMAT:
        return Verification(False, ["不是党务台账数据包（格式标识不对）"])
    if info.get("format_version") != FORMAT_VERSION:
        return Verification(False, [f"数据包格式版本 {info.get('format_version')} 本程序不认识，请升级程序"])
    from dangjian_desktop.core.db import known_revisions

    if info.get("schema_revision") not in known_revisions():
        return Verification(False, [f"数据结构版本 {info.get('schema_revision')} 本程序不认识，请升级程序"])
    payload_names = names - {INFO, MANIFEST, TAGMANIFEST}
    for name, (digest, size) in sorted(manifest.items()):
        if name not in payload_names:
            problems.append(f"缺少文件 {name}")
        elif len(contents[name]) != size:
            problems.append(f"文件 {name} 大小不符（应为 {size} 字节，实为 {len(contents[name])}）")
        elif sha256(contents[name]) != digest:
            problems.append(f"文件 {name} 校验不符，内容已被改动")
    for name in sorted(payload_names - set(manifest)):
        problems.append(f"多出文件 {name}（清单中没有）")
    if not problems:
        head, trailer = body[:-_DIGEST_TRAILER], body[-_DIGEST_TRAILER:]
        if head[-2:] != struct.pack("<H", _DIGEST_TRAILER) or sha256(head).encode("ascii") != trailer:
            problems.append("整个文件的校验值不符：文件在清单之外被改动或损坏")
    if problems:
        return Verification(False, problems, info)
    payload = {name: contents[name] for name in payload_names}
    return Verification(True, [], info, payload, sha256(contents[TAGMANIFEST]))


def verify_file(path: Path, passphrase: str | None = None) -> Verification:
    try:
        blob = Path(path).read_bytes()
    except OSError as exc:
        return Verification(False, [f"无法读取文件 {path}：{exc.strerror or exc}"])
    return verify_bytes(blob, passphrase)


# --- exporting -------------------------------------------------------------------------------------


def package_name(branch_name: str, when: dt.datetime) -> str:
    safe = "".join(ch for ch in branch_name if ch not in '\\/:*?"<>|').strip() or "支部"
    return f"{safe}_{when:%Y%m%d-%H%M%S}{SUFFIX}"


def write_verified(target: Path, blob: bytes, passphrase: str | None) -> Path:
    """Temporary name, flushed, read back and verified, then renamed: a pulled stick leaves no
    file under the final name, and what is under the final name is whole."""
    partial = target.with_name(target.name + ".partial")
    try:
        with open(partial, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        check = verify_file(partial, passphrase)
        if not check.ok:
            raise PackageError(f"写入后校验失败：{check.message()}（U盘可能有问题，请换一个再试）")
        os.replace(partial, target)
        fsync_dir(target.parent)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise PackageError(f"写入 {target} 失败：{exc.strerror or exc}") from exc
    except PackageError:
        partial.unlink(missing_ok=True)
        raise
    return target
