"""Files made to hurt the township: a zip bomb, a hostile key-derivation header, duplicate entry
names, and a malformed package in the middle of a batch."""

import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from sqlalchemy import select

from dangjian_desktop.core.exchange.package import MAX_ENTRY, pack, verify_file
from dangjian_desktop.core.exchange.package_crypto import _SEAL_HEADER, MAGIC_SEALED
from dangjian_desktop.core.exchange.package_export import export_package
from dangjian_desktop.core.keys import signing_key
from dangjian_desktop.core.models import Branch, Member

from .conftest import make_village

ROOT = Path(__file__).resolve().parents[3]
WHEN = dt.datetime(2026, 11, 22, 9, 30)
LIMITED_VERIFY = """
import resource, sys
from pathlib import Path
limit = 768 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from dangjian_desktop.core.exchange.package import verify_file
result = verify_file(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
print("ok" if result.ok else result.message())
"""


def verify_under_memory_limit(path: Path, passphrase: str | None = None) -> subprocess.CompletedProcess:
    args = [sys.executable, "-c", LIMITED_VERIFY, str(path), *([passphrase] if passphrase else [])]
    return subprocess.run(args, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)


def _bomb(village, tmp_path: Path, size: int) -> Path:
    """A package in every way but one: its member file is `size` zero bytes, listed in a manifest
    with its true size and hash, signed by a key of the attacker's own."""
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    package = export_package(village, tmp_path / "real.djpkg", now=WHEN, with_documents=False)
    with zipfile.ZipFile(package) as source:
        info = json.loads(source.read("package-info.json"))
    key = Ed25519PrivateKey.generate()
    info["signing_key"] = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    info_bytes = json.dumps(info).encode()
    chunk = b"\0" * 2**20
    digest = hashlib.sha256()
    for _ in range(size // len(chunk)):
        digest.update(chunk)
    digest.update(b"\0" * (size % len(chunk)))
    manifest = f"{digest.hexdigest()}  {size}  data/member.jsonl\n".encode()
    tags = "".join(
        f"{hashlib.sha256(d).hexdigest()}  {len(d)}  {n}\n"
        for n, d in sorted({"manifest-sha256.txt": manifest, "package-info.json": info_bytes}.items())
    ).encode()
    bomb = tmp_path / "bomb.djpkg"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("package-info.json", info_bytes)
        archive.writestr("manifest-sha256.txt", manifest)
        archive.writestr("tagmanifest-sha256.txt", tags)
        archive.writestr("signature-ed25519.txt", key.sign(b"dangjian-package signature v2\n" + tags).hex())
        with archive.open("data/member.jsonl", "w", force_zip64=True) as stream:
            for _ in range(size // len(chunk)):
                stream.write(chunk)
            stream.write(b"\0" * (size % len(chunk)))
    return bomb


def test_a_zip_bomb_is_refused_from_its_headers_within_a_memory_limit(village, tmp_path) -> None:
    bomb = _bomb(village, tmp_path, MAX_ENTRY + 1)  # one byte over the cap: refused before inflating
    assert bomb.stat().st_size < 1_000_000
    done = verify_under_memory_limit(bomb)
    assert done.returncode == 0, done.stderr[-500:]
    assert "data/member.jsonl 超过" in done.stdout, done.stdout


def test_an_entry_at_the_cap_and_over_it(village, tmp_path) -> None:
    with village.reading() as session:
        key = signing_key(session)
    package = export_package(village, tmp_path / "p.djpkg", now=WHEN, with_documents=False)
    with zipfile.ZipFile(package) as source:
        info = json.loads(source.read("package-info.json"))
        payload = {n: source.read(n) for n in source.namelist() if n.startswith("data/")}
    from dangjian_desktop.core.exchange import package as module

    for size, accepted in (
        (module.MAX_TAG_FILE - 1, True),
        (module.MAX_TAG_FILE, True),
        (module.MAX_TAG_FILE + 1, False),
    ):
        padded = dict(
            info,
            padding="x"
            * (
                size
                - len(
                    json.dumps(dict(info, padding=""), ensure_ascii=False, indent=2, sort_keys=True).encode()
                )
            ),
        )
        result = module.verify_bytes(pack(payload, padded, key))
        assert result.ok is accepted, (size, result.problems)


def test_a_hostile_key_derivation_header_is_refused_within_a_memory_limit(tmp_path) -> None:
    header = _SEAL_HEADER.pack(b"s" * 16, 22, 16, 1, b"n" * 12, 16, b"c" * 32)  # scrypt asking 8 GiB
    hostile = tmp_path / "kdf.djpkg"
    hostile.write_bytes(MAGIC_SEALED + header + b"\0" * 16)
    assert len(hostile.read_bytes()) < 200
    done = verify_under_memory_limit(hostile, "口令")
    assert done.returncode == 0, done.stderr[-500:]
    assert "密钥参数不是本程序写入的" in done.stdout
    # the parameters this program writes, one step off in each: refused too
    for log2_n, r, p in ((14, 8, 1), (16, 8, 1), (15, 7, 1), (15, 9, 1), (15, 8, 2)):
        hostile.write_bytes(
            MAGIC_SEALED + _SEAL_HEADER.pack(b"s" * 16, log2_n, r, p, b"n" * 12, 16, b"c" * 32) + b"\0" * 16
        )
        assert "密钥参数" in verify_file(hostile, "口令").message()


def test_duplicate_entry_names_are_refused(village, tmp_path) -> None:
    package = export_package(village, tmp_path / "p.djpkg", now=WHEN, with_documents=False)
    with zipfile.ZipFile(package) as source:
        files = [(n, source.read(n)) for n in source.namelist()]
    twice = tmp_path / "twice.djpkg"
    with zipfile.ZipFile(twice, "w") as target:
        for name, data in files:
            target.writestr(name, data)
        target.writestr("data/member.jsonl", b'{"id": 1, "name": "x"}\n')
    assert "同名文件 data/member.jsonl" in verify_file(twice).message()


def _resign(village_db, package: Path, out: Path, change) -> Path:
    """A package of a genuine, enrolled village whose content is malformed, signed by its own key."""
    with village_db.reading() as session:
        key = signing_key(session)
    with zipfile.ZipFile(package) as source:
        info = json.loads(source.read("package-info.json"))
        payload = {n: source.read(n) for n in source.namelist() if n.startswith("data/")}
    change(payload)
    info["package_number"] += 1
    out.write_bytes(pack(payload, info, key))
    return out


def test_a_malformed_package_in_the_middle_of_a_batch(tmp_path) -> None:
    villages = [
        make_village(tmp_path / f"v{i}.sqlite3", size=5, seed=i, name=f"第{i}村党支部") for i in range(3)
    ]
    packages = [
        export_package(v, tmp_path / f"p{i}.djpkg", now=WHEN, with_documents=False)
        for i, v in enumerate(villages)
    ]
    township = tmp_path / "t.sqlite3"
    cli = [sys.executable, "-m", "dangjian_desktop", "--db", str(township), "merge", "--enroll"]
    first = subprocess.run(
        [*cli, *map(str, packages)], capture_output=True, text=True, encoding="utf-8", cwd=ROOT
    )
    assert first.returncode == 0, first.stderr

    def duplicate_ids(payload) -> None:  # two members with one ID number: the database refuses
        lines = payload["data/member.jsonl"].decode().splitlines()
        a, b = json.loads(lines[0]), json.loads(lines[1])
        b["id_number"] = a["id_number"]
        lines[1] = json.dumps(b, ensure_ascii=False)
        payload["data/member.jsonl"] = ("\n".join(lines) + "\n").encode()

    def wrong_types(payload) -> None:
        lines = payload["data/member.jsonl"].decode().splitlines()
        row = json.loads(lines[0])
        row["birth_date"] = "2026-01-01T00:00:00+08:00"
        row["name"] = {"nested": [1, 2]}
        lines[0] = json.dumps(row, ensure_ascii=False)
        payload["data/member.jsonl"] = ("\n".join(lines) + "\n").encode()

    def bad_json(payload) -> None:
        payload["data/meeting.jsonl"] = b'{"id": 1, "kind": \n'

    for i, v in enumerate(villages):  # the good ones have something new to merge
        from dangjian_desktop.core.roster import MemberDraft, add_member

        with v.transaction() as session:
            add_member(session, 1, MemberDraft(name=f"新{i}", join_date="2025-06-01"))
    good = [
        export_package(v, tmp_path / f"q{i}.djpkg", now=WHEN, with_documents=False)
        for i, v in enumerate(villages)
    ]
    for change in (duplicate_ids, wrong_types, bad_json):
        bad = _resign(villages[1], good[1], tmp_path / f"bad-{change.__name__}.djpkg", change)
        batch = [good[0], bad, good[2]]
        done = subprocess.run(
            [*cli, *map(str, batch)], capture_output=True, text=True, encoding="utf-8", cwd=ROOT
        )
        output = done.stdout + done.stderr
        assert done.returncode == 1, output
        assert "Traceback" not in output and "未合并" in output and output.count("\n") < 10
        with villages[1].reading() as session:
            ids = [m.id_number for m in session.scalars(select(Member)) if m.id_number]
        assert ids and not any(i in output for i in ids)
        assert not re.search(r"\d{15,}", output)
    from dangjian_desktop.core.db import open_database

    db = open_database(township)
    with db.reading() as session:
        names = set(session.scalars(select(Member.name)))
        numbers = dict(session.execute(select(Branch.name, Branch.package_number)).all())
    assert {"新0", "新2"} <= names and "新1" not in names  # the ones after the bad one merged
    assert numbers == {"第0村党支部": 2, "第1村党支部": 1, "第2村党支部": 2}
    log = (
        (tmp_path / "logs" / "errors.log").read_text(encoding="utf-8") if (tmp_path / "logs").exists() else ""
    )
    assert not any(i in log for i in ids) and not re.search(r"\d{15,}", log)
    db.close()
    for v in villages:
        v.close()


def test_an_entry_of_exactly_the_cap_is_read_within_the_memory_limit(village, tmp_path) -> None:
    bomb = _bomb(village, tmp_path, MAX_ENTRY)  # on the line: read, hashed, and judged on content
    done = verify_under_memory_limit(bomb)
    assert done.returncode == 0, done.stderr[-500:]
    assert "整个文件的校验值不符" in done.stdout, done.stdout


def _edit_first(table: str, **changes):
    def change(payload) -> None:
        name = f"data/{table}.jsonl"
        lines = payload[name].decode().splitlines()
        row = json.loads(lines[0])
        row.update(changes)
        lines[0] = json.dumps(row, ensure_ascii=False)
        payload[name] = ("\n".join(lines) + "\n").encode()

    return change


MALFORMED = {
    "not json": lambda p: p.__setitem__("data/member.jsonl", b"{not json\n"),
    "a list instead of a row": lambda p: p.__setitem__("data/member.jsonl", b"[1, 2, 3]\n"),
    "an id that is text": _edit_first("member", id="abc"),
    "a foreign key to nowhere": _edit_first("meeting_attendance", member_id=999999),
    "an ID number as a foreign key": _edit_first("meeting_attendance", member_id=360421198001011234),
    "a date with a time zone": _edit_first("member", join_date="2001-07-01T00:00:00+08:00"),
    "a date that is a number": _edit_first("member", birth_date=19800101),
    "a name that is a dict": _edit_first("member", name={"x": 1}),
    "a photo that is not base64": _edit_first("member_photo", jpeg={"$b64": "***"}),
    "a boolean that is a list": _edit_first("member", is_mobile=[1]),
    "no branch row": lambda p: p.__setitem__("data/branch.jsonl", b""),
    "a huge integer": _edit_first("member", id=10**40),
}


def test_every_kind_of_malformed_content_rolls_back_only_that_package(tmp_path, township) -> None:
    from dangjian_desktop.core.exchange.merge import merge_packages

    victim = make_village(tmp_path / "v.sqlite3")  # the full demo: photos, meetings, attendance
    other = make_village(tmp_path / "o.sqlite3", size=5, seed=9, name="西村党支部")
    first = export_package(victim, tmp_path / "v1.djpkg", now=WHEN, with_documents=False)
    merge_packages(
        township,
        [first, export_package(other, tmp_path / "o.djpkg", now=WHEN, with_documents=False)],
        enroll=True,
    )

    def snapshot():
        with township.reading() as session:
            return sorted(map(tuple, session.execute(select(Member.__table__)).all()), key=str)

    before = snapshot()
    with victim.reading() as session:
        ids = [m.id_number for m in session.scalars(select(Member)) if m.id_number]
    for kind, change in MALFORMED.items():
        bad = _resign(victim, first, tmp_path / "bad.djpkg", change)
        ((_path, outcome),) = merge_packages(township, [bad])
        assert isinstance(outcome, str) and "未合并" in outcome, (kind, outcome)
        assert not any(i in outcome for i in ids) and not re.search(r"\d{15,}", outcome), kind
        assert len(outcome) < 300, kind
        assert snapshot() == before, kind
    victim.close()
    other.close()


def test_an_entry_named_by_an_id_number_is_not_shown_in_full(village, tmp_path) -> None:
    package = export_package(village, tmp_path / "p.djpkg", now=WHEN, with_documents=False)
    with zipfile.ZipFile(package) as source:
        files = [(n, source.read(n)) for n in source.namelist()]
    extra = tmp_path / "extra.djpkg"
    with zipfile.ZipFile(extra, "w") as target:
        for name, data in files:
            target.writestr(name, data)
        target.writestr("360421198001011234_13812345678.txt", b"x")
    message = verify_file(extra).message()
    assert "多出文件 360" in message and "198001011234" not in message and "13812345678" not in message
