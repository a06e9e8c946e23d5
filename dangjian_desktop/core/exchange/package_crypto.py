"""Signing and encryption of the township package, each a standard construction from `cryptography`.

- Signature: Ed25519 over a fixed label and the tag manifest, which holds the SHA-256 of
  package-info.json (branch, key, package number) and of the manifest (every payload file's hash).
- Encryption to the township: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
  AES-256-GCM, single shot over the whole ZIP. The header names the recipient key so that a package
  for another township is refused plainly rather than as "damaged".
- Passphrase sealing (for villages without the township key): scrypt then AES-256-GCM. Only the
  scrypt parameters this program writes are accepted, so a hostile header cannot ask for 8 GiB.
"""

from __future__ import annotations

import hashlib
import os
import struct

from dangjian_desktop.core.errors import UserError

SIGNATURE = "signature-ed25519.txt"
_SIGNED_LABEL = b"dangjian-package signature v2\n"

MAGIC_SEALED = b"DJPKG-SEALED-1\n"
_SEAL_HEADER = struct.Struct(">16sBBB12sQ32s")  # salt, log2 n, r, p, nonce, ciphertext length, key check
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1  # 32 MiB of memory: slow to guess, fine on an old laptop

MAGIC_TOWNSHIP = b"DJPKG-HPKE-1\n"
_RECIPIENT_ID = 16  # bytes of SHA-256 of the township's public key
_HPKE_ENC = 32  # X25519 encapsulated key


class PackageError(UserError):
    pass


# --- signatures ------------------------------------------------------------------------------------


def sign(private_key, tagmanifest: bytes) -> bytes:
    return private_key.sign(_SIGNED_LABEL + tagmanifest).hex().encode("ascii") + b"\n"


def signature_valid(public_hex: str, tagmanifest: bytes, signature_file: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        key.verify(bytes.fromhex(signature_file.decode("ascii").strip()), _SIGNED_LABEL + tagmanifest)
    except (InvalidSignature, ValueError, TypeError, UnicodeDecodeError):
        return False
    return True


# --- HPKE to the township ---------------------------------------------------------------------------


def _suite():
    from cryptography.hazmat.primitives import hpke

    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def recipient_id(public_raw: bytes) -> bytes:
    return hashlib.sha256(public_raw).digest()[:_RECIPIENT_ID]


def encrypt_to_township(plain: bytes, public_raw: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    header = MAGIC_TOWNSHIP + recipient_id(public_raw)
    return header + _suite().encrypt(plain, X25519PublicKey.from_public_bytes(public_raw), info=header)


def decrypt_for_township(blob: bytes, private_key) -> bytes:
    from dangjian_desktop.core.keys import public_raw

    start = len(MAGIC_TOWNSHIP) + _RECIPIENT_ID
    if len(blob) < start + _HPKE_ENC + 16:
        raise PackageError("文件不完整：加密数据包被截断")
    if private_key is None:
        raise PackageError("数据包已加密给乡镇，只能在乡镇汇总数据库中打开（请用 --db 指定乡镇数据库）")
    header = blob[:start]
    if header[len(MAGIC_TOWNSHIP) :] != recipient_id(public_raw(private_key)):
        raise PackageError(
            "数据包是加密给另一个乡镇公钥的，本乡镇无法打开（请村里导入本乡镇的公钥后重新导出）"
        )
    try:
        return _suite().decrypt(blob[start:], private_key, info=header)
    except Exception:  # the library raises its own InvalidTag-like errors; all mean the same here
        raise PackageError("加密数据包已被改动或损坏（认证失败），也可能文件不完整") from None


# --- passphrase sealing ----------------------------------------------------------------------------


def _derive(passphrase: str, salt: bytes) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    material = Scrypt(salt=salt, length=64, n=2**SCRYPT_LOG2_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        passphrase.encode("utf-8")
    )
    return material[:32], hashlib.sha256(b"dangjian key check" + material[32:]).digest()


def seal(plain: bytes, passphrase: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not passphrase:
        raise PackageError("口令不能为空")
    salt, nonce = os.urandom(16), os.urandom(12)
    key, check = _derive(passphrase, salt)
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
    # Exactly what seal() writes: any other cost is either a damaged header or an attack on memory.
    if (log2_n, r, p) != (SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P):
        raise PackageError("加密数据包的文件头已损坏（密钥参数不是本程序写入的）")
    body = blob[start:]
    if len(body) < length:
        raise PackageError(f"文件不完整：加密数据包被截断（缺少 {length - len(body)} 字节）")
    if len(body) > length:
        raise PackageError(f"数据包末尾多出 {len(body) - length} 字节，文件已被改动")
    key, expected_check = _derive(passphrase, salt)
    if expected_check != check:
        raise PackageError("口令不对，无法打开加密数据包")
    try:
        return AESGCM(key).decrypt(nonce, body, blob[:start])
    except InvalidTag:
        raise PackageError("加密数据包已被改动或损坏（认证失败）") from None
