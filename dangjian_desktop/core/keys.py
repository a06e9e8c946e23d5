"""The keys of the township trust boundary, kept in the database so that backups carry them.

A village holds an Ed25519 signing key made when its branch is created; its public half stands in
branch.signing_key and travels in every package. A township holds an X25519 key pair; the public half
is given to the villages as a small file (乡镇公钥) and every package is then encrypted to it.
A fingerprint is twenty digits in four groups, short enough for a person to read aloud on the phone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.models import Branch, LocalKey, MergeRecord

VILLAGE_SIGNING = "village_signing"  # Ed25519 private key (raw 32 bytes)
TOWNSHIP_PRIVATE = "township_private"  # X25519 private key of a township database
TOWNSHIP_PUBLIC = "township_public"  # X25519 public key a village imported
KEY_FILE_FORMAT = "dangjian-township-key"
KEY_FILE_SUFFIX = ".djkey"
_KEY_FILE_MAX = 4096


class KeysError(UserError):
    """The message is Chinese and shown as it is."""


def fingerprint(public_raw: bytes) -> str:
    """Four groups of five digits from SHA-256 of the key, as in Signal's safety numbers (66 bits)."""
    digest = hashlib.sha256(b"dangjian key fingerprint\n" + public_raw).digest()
    return " ".join(f"{int.from_bytes(digest[i * 5 : i * 5 + 5], 'big') % 100000:05d}" for i in range(4))


def fingerprint_hex(public_hex: str) -> str:
    try:
        return fingerprint(bytes.fromhex(public_hex)) if public_hex else "（无）"
    except ValueError:
        return "（无效）"


def _stored(session: Session, kind: str) -> LocalKey | None:
    return session.get(LocalKey, kind)


# --- the village's signing key --------------------------------------------------------------------


def new_signing_key() -> tuple[bytes, str]:
    """(private raw bytes, public hex)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return private, key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def ensure_signing_key(session: Session, branch_id: int) -> str:
    """The village's key, made once (on branch creation, or on upgrade of an older database)."""
    branch = session.get(Branch, branch_id)
    assert branch is not None
    existing = _stored(session, VILLAGE_SIGNING)
    if existing is not None and branch.signing_key:
        return branch.signing_key
    private, public_hex = new_signing_key()
    session.merge(LocalKey(kind=VILLAGE_SIGNING, data=private, label=branch.uid))
    branch.signing_key = public_hex
    session.flush()
    return public_hex


def signing_key(session: Session):  # -> Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stored = _stored(session, VILLAGE_SIGNING)
    if stored is None:
        raise KeysError("本数据库没有签名密钥（不是村级数据库？），无法导出数据包")
    return Ed25519PrivateKey.from_private_bytes(stored.data)


def is_village(session: Session) -> bool:
    return _stored(session, VILLAGE_SIGNING) is not None


def is_township_db(session: Session) -> bool:
    """Anything that merged or holds a township key; an empty database is neither yet."""
    if is_village(session):
        return False
    if _stored(session, TOWNSHIP_PRIVATE) is not None:
        return True
    return bool(session.scalar(select(func.count()).select_from(MergeRecord)))


# --- the township's encryption key ----------------------------------------------------------------


def township_private(session: Session, *, create: bool = False):  # -> X25519PrivateKey | None
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    stored = _stored(session, TOWNSHIP_PRIVATE)
    if stored is not None:
        return X25519PrivateKey.from_private_bytes(stored.data)
    if not create:
        return None
    if is_village(session):
        raise KeysError("这是村级数据库，乡镇密钥只在乡镇汇总数据库中生成")
    key = X25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    session.add(LocalKey(kind=TOWNSHIP_PRIVATE, data=raw))
    session.flush()
    return key


def public_raw(key) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def imported_township_key(session: Session) -> tuple[bytes, str] | None:
    """(public raw, township name) a village imported, or None: then exports are in clear."""
    stored = _stored(session, TOWNSHIP_PUBLIC)
    return (stored.data, stored.label) if stored else None


def key_file_bytes(public: bytes, township: str) -> bytes:
    document = {
        "format": KEY_FILE_FORMAT,
        "version": 1,
        "township": township,
        "public_key": public.hex(),
        "fingerprint": fingerprint(public),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_key_file(path: Path) -> tuple[bytes, str]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(_KEY_FILE_MAX + 1)
    except OSError as exc:
        raise KeysError(f"无法读取乡镇公钥文件 {Path(path).name}：{exc.strerror or exc}") from None
    try:
        if len(raw) > _KEY_FILE_MAX:
            raise ValueError
        document = json.loads(raw.decode("utf-8-sig"))
        if document.get("format") != KEY_FILE_FORMAT or document.get("version") != 1:
            raise ValueError
        public = bytes.fromhex(document["public_key"])
        if len(public) != 32:
            raise ValueError
        township = str(document.get("township") or "")[:100]
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
        raise KeysError(f"{Path(path).name} 不是乡镇公钥文件（应由乡镇用 key export 导出）") from None
    return public, township


def import_township_key(session: Session, path: Path) -> str:
    """A village takes the township's public key; returns its fingerprint."""
    if not is_village(session):
        raise KeysError("只有村级数据库需要导入乡镇公钥")
    public, township = read_key_file(path)
    session.merge(LocalKey(kind=TOWNSHIP_PUBLIC, data=public, label=township))
    session.flush()
    return fingerprint(public)


def import_township_key_file(db: Database, path: Path) -> str:
    """The village's one write of `key import` / 导入乡镇公钥, logged; returns the fingerprint."""
    from dangjian_desktop.core.oplog import log

    with db.transaction() as session:
        shown = import_township_key(session, path)
        log(session, "导入乡镇公钥", f"指纹 {shown}")
    return shown


def ensure_township_key(db: Database) -> bytes:
    """The township's public key (made on first use); the database becomes a township database."""
    from dangjian_desktop.core import settings
    from dangjian_desktop.core.township import TOWNSHIP_MODE

    with db.transaction() as session:
        key = township_private(session, create=True)
        settings.put(session, TOWNSHIP_MODE, True)
    return public_raw(key)


@dataclass(frozen=True)
class KeyState:
    role: str  # 村 / 乡镇 / 空
    signing: str  # the village's fingerprint, or ""
    township: str  # the township key's fingerprint (own, or imported by a village), or ""
    township_name: str


def key_state(session: Session) -> KeyState:
    if is_village(session):
        branch = session.scalars(select(Branch).order_by(Branch.id).limit(1)).one()
        imported = imported_township_key(session)
        return KeyState(
            "村",
            fingerprint_hex(branch.signing_key),
            fingerprint(imported[0]) if imported else "",
            imported[1] if imported else "",
        )
    own = township_private(session)
    role = "乡镇" if is_township_db(session) else "空"
    return KeyState(role, "", fingerprint(public_raw(own)) if own else "", "")
