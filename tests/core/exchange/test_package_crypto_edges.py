"""The package's seal and signature on their lines (issue 21, mutation testing of
core/exchange/package_crypto.py): the signature over the label and the tag manifest, one byte
changed anywhere; the township's HPKE header and a key of another township; the passphrase seal
checked against scrypt and AES-GCM computed here, every header field, a body one byte short or long.
The package sealed is a real one, exported by a real village."""

import datetime as dt
import hashlib
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from dangjian_desktop.core.exchange import package_crypto as crypto
from dangjian_desktop.core.exchange.package_crypto import (
    MAGIC_SEALED,
    MAGIC_TOWNSHIP,
    PackageError,
    decrypt_for_township,
    encrypt_to_township,
    recipient_id,
    seal,
    sign,
    signature_valid,
    unseal,
)
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import public_raw

from .conftest import make_village

WHEN = dt.datetime(2026, 11, 22, 9, 30)
LABEL = b"dangjian-package signature v2\n"
HEADER = struct.Struct(">16sBBB12sQ32s")
START = len(MAGIC_SEALED) + HEADER.size


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("crypto")
    village = make_village(folder / "v.sqlite3", size=3, seed=11, name="阿依古丽村党支部")
    try:
        return export_package(village, folder / "p.djpkg", now=WHEN, with_documents=False).read_bytes()
    finally:
        village.close()


def _public_hex(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def _scrypt(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=64, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


# --- the signature ----------------------------------------------------------------------------------


def test_the_signature_is_ed25519_over_the_label_and_the_tag_manifest_in_hex_and_one_newline() -> None:
    key = Ed25519PrivateKey.generate()
    written = sign(key, b"tag manifest\n")
    assert written.endswith(b"\n") and written.count(b"\n") == 1 and len(written) == 129
    assert written[:-1] == key.sign(LABEL + b"tag manifest\n").hex().encode("ascii")
    key.public_key().verify(bytes.fromhex(written.decode("ascii")), LABEL + b"tag manifest\n")


def test_a_signature_checks_only_for_its_key_and_the_very_bytes_it_signed() -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    tags = b"0" * 64 + b"  120  package-info.json\n"
    written = sign(key, tags)
    assert signature_valid(_public_hex(key), tags, written) is True
    assert signature_valid(_public_hex(key), tags, written.strip()) is True  # the newline is no part
    assert signature_valid(_public_hex(other), tags, written) is False  # another village's key
    for at in (0, len(tags) // 2, len(tags) - 1):  # one byte of the tag manifest changed
        changed = bytearray(tags)
        changed[at] ^= 1
        assert signature_valid(_public_hex(key), bytes(changed), written) is False
    # a signature over the tag manifest alone, without the label, is not this program's signature
    bare = key.sign(tags).hex().encode("ascii")
    assert signature_valid(_public_hex(key), tags, bare) is False
    flipped = bytearray(written)
    flipped[10] = ord("0") if flipped[10] != ord("0") else ord("1")
    assert signature_valid(_public_hex(key), tags, bytes(flipped)) is False


@pytest.mark.parametrize(
    "public, signature",
    [
        ("zz", None),  # a key that is no hex: ValueError
        ("ab" * 31, None),  # 31 bytes, no Ed25519 key: ValueError
        (None, None),  # no key at all: TypeError
        ("", "not hex at all"),  # a signature that is no hex
        ("", "\u4e2d\u6587"),  # a signature that is no ASCII: UnicodeDecodeError
    ],
)
def test_a_key_or_a_signature_that_cannot_be_read_is_no_valid_signature(public, signature) -> None:
    key = Ed25519PrivateKey.generate()
    written = sign(key, b"tags")
    public = _public_hex(key) if public == "" else public
    file = written if signature is None else signature.encode("utf-8")
    assert signature_valid(public, b"tags", file) is False


# --- encrypted to the township ----------------------------------------------------------------------


def test_the_township_header_names_its_key_and_the_package_comes_back_whole(plain) -> None:
    key = X25519PrivateKey.generate()
    raw = public_raw(key)
    assert recipient_id(raw) == hashlib.sha256(raw).digest()[:16]
    blob = encrypt_to_township(plain, raw)
    assert blob.startswith(MAGIC_TOWNSHIP + hashlib.sha256(raw).digest()[:16])
    # HPKE: the 32-byte encapsulated key, the ciphertext, the 16-byte tag
    assert len(blob) == len(MAGIC_TOWNSHIP) + 16 + 32 + len(plain) + 16
    assert decrypt_for_township(blob, key) == plain


def test_a_package_for_another_township_is_refused_by_name_not_as_damaged(plain) -> None:
    ours, theirs = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    blob = encrypt_to_township(plain, public_raw(theirs))
    with pytest.raises(PackageError) as caught:
        decrypt_for_township(blob, ours)
    assert str(caught.value) == (
        "数据包是加密给另一个乡镇公钥的，本乡镇无法打开（请村里导入本乡镇的公钥后重新导出）"
    )


def test_without_the_township_key_the_clerk_is_told_which_database_to_use(plain) -> None:
    blob = encrypt_to_township(plain, public_raw(X25519PrivateKey.generate()))
    with pytest.raises(
        PackageError, match=r"^数据包已加密给乡镇，只能在乡镇汇总数据库中打开（请用 --db 指定乡镇数据库）$"
    ):
        decrypt_for_township(blob, None)


def test_the_shortest_township_package_on_the_line_one_below(plain) -> None:
    """Magic, 16 bytes of key id, 32 of encapsulated key and 16 of tag: 77 bytes are read (and fail
    as damaged), 76 are truncated; the length is checked before the key is asked for."""
    key = X25519PrivateKey.generate()
    head = MAGIC_TOWNSHIP + recipient_id(public_raw(key))
    shortest = head + b"\x01" * 48
    with pytest.raises(PackageError, match=r"^加密数据包已被改动或损坏（认证失败），也可能文件不完整$"):
        decrypt_for_township(shortest, key)
    for blob, key_given in ((shortest[:-1], key), (shortest[:-1], None), (MAGIC_TOWNSHIP, key)):
        with pytest.raises(PackageError, match=r"^文件不完整：加密数据包被截断$"):
            decrypt_for_township(blob, key_given)


@pytest.mark.parametrize("where", ["header", "encapsulated key", "body", "tag"])
def test_one_byte_changed_in_a_township_package_is_refused(plain, where) -> None:
    key = X25519PrivateKey.generate()
    blob = bytearray(encrypt_to_township(plain, public_raw(key)))
    start = len(MAGIC_TOWNSHIP) + 16
    at = {"header": 2, "encapsulated key": start + 5, "body": start + 32 + 100, "tag": len(blob) - 1}[where]
    blob[at] ^= 0x40
    with pytest.raises(PackageError, match="认证失败|不是|另一个乡镇|截断"):
        decrypt_for_township(bytes(blob), key)


def test_the_header_is_bound_to_the_ciphertext(plain) -> None:
    """The header travels as HPKE's info: a package whose magic was rewritten does not open."""
    key = X25519PrivateKey.generate()
    blob = encrypt_to_township(plain, public_raw(key))
    changed = b"DJPKG-HPKE-9\n" + blob[len(MAGIC_TOWNSHIP) :]
    with pytest.raises(PackageError, match="认证失败"):
        decrypt_for_township(changed, key)


# --- sealed with a passphrase -----------------------------------------------------------------------


def test_the_seal_is_scrypt_then_aes_gcm_with_the_header_bound(plain) -> None:
    """Every field of the header, and the body, checked against the standard constructions."""
    blob = seal(plain, "凤凰村2026")
    assert blob.startswith(MAGIC_SEALED)
    salt, log2_n, r, p, nonce, length, check = HEADER.unpack(blob[len(MAGIC_SEALED) : START])
    assert (log2_n, r, p) == (15, 8, 1)
    assert length == len(plain) + 16 == len(blob) - START
    material = _scrypt("凤凰村2026", salt)
    assert check == hashlib.sha256(b"dangjian key check" + material[32:]).digest()
    assert AESGCM(material[:32]).decrypt(nonce, blob[START:], blob[:START]) == plain
    assert crypto._derive("凤凰村2026", salt) == (material[:32], check)
    assert unseal(blob, "凤凰村2026") == plain
    again = seal(plain, "凤凰村2026")
    assert again[len(MAGIC_SEALED) : len(MAGIC_SEALED) + 16] != salt  # a fresh salt each time
    assert HEADER.unpack(again[len(MAGIC_SEALED) : START])[4] != nonce  # and a fresh nonce


def test_an_empty_passphrase_seals_nothing_and_opens_nothing(plain) -> None:
    with pytest.raises(PackageError, match=r"^口令不能为空$"):
        seal(plain, "")
    blob = seal(b"x", "0")  # a passphrase of one character is a passphrase
    assert unseal(blob, "0") == b"x"
    for given in (None, ""):
        with pytest.raises(PackageError, match=r"^数据包已加密，需要与乡镇约定的口令（--passphrase-file）$"):
            unseal(blob, given)


def test_a_wrong_passphrase_is_named_as_such(plain) -> None:
    blob = seal(plain, "right")
    with pytest.raises(PackageError, match=r"^口令不对，无法打开加密数据包$"):
        unseal(blob, "Right")


def test_the_shortest_sealed_header_on_the_line_one_below() -> None:
    blob = seal(b"payload", "pw")
    with pytest.raises(PackageError, match=r"^文件不完整：加密数据包被截断$"):
        unseal(blob[: START - 1], "pw")
    with pytest.raises(PackageError) as caught:
        unseal(blob[:START], "pw")  # the header whole, the body missing
    assert str(caught.value) == f"文件不完整：加密数据包被截断（缺少 {len(b'payload') + 16} 字节）"


def test_a_body_one_byte_short_or_long_is_named_by_the_bytes() -> None:
    blob = seal(b"payload", "pw")
    with pytest.raises(PackageError) as caught:
        unseal(blob[:-1], "pw")
    assert str(caught.value) == "文件不完整：加密数据包被截断（缺少 1 字节）"
    with pytest.raises(PackageError) as caught:
        unseal(blob + b"\x00", "pw")
    assert str(caught.value) == "数据包末尾多出 1 字节，文件已被改动"
    with pytest.raises(PackageError) as caught:
        unseal(blob + b"\x00\x00\x00", "pw")
    assert str(caught.value) == "数据包末尾多出 3 字节，文件已被改动"


@pytest.mark.parametrize("field, value", [(1, 14), (1, 16), (2, 7), (2, 9), (3, 0), (3, 2)])
def test_only_the_scrypt_cost_this_program_writes_is_accepted(field, value) -> None:
    blob = seal(b"payload", "pw")
    parts = list(HEADER.unpack(blob[len(MAGIC_SEALED) : START]))
    parts[field] = value
    changed = MAGIC_SEALED + HEADER.pack(*parts) + blob[START:]
    with pytest.raises(PackageError, match=r"^加密数据包的文件头已损坏（密钥参数不是本程序写入的）$"):
        unseal(changed, "pw")


@pytest.mark.parametrize("at", ["magic", "nonce", "body", "tag"])
def test_one_byte_changed_in_a_sealed_package_fails_authentication(at) -> None:
    blob = bytearray(seal(b"payload of the village", "pw"))
    offset = {"magic": 3, "nonce": len(MAGIC_SEALED) + 19 + 2, "body": START + 4, "tag": len(blob) - 1}[at]
    blob[offset] ^= 0x01
    with pytest.raises(PackageError, match=r"^加密数据包已被改动或损坏（认证失败）$"):
        unseal(bytes(blob), "pw")


def test_a_changed_salt_or_key_check_reads_as_a_wrong_passphrase() -> None:
    blob = bytearray(seal(b"payload", "pw"))
    for offset in (len(MAGIC_SEALED), START - 1):  # the salt's first byte, the key check's last
        changed = bytearray(blob)
        changed[offset] ^= 0x01
        with pytest.raises(PackageError, match="口令不对"):
            unseal(bytes(changed), "pw")
