"""Issue 6 and 15 figures: export and verify of a 300-member branch; merging 50 signed packages
encrypted to the township (each branch enrolled on its first package); township views."""

from __future__ import annotations

import datetime as dt
import io
import random
import tempfile
import time
from pathlib import Path

from PIL import Image

from benchmarks.common import Figure, median_time

TODAY = dt.date(2026, 11, 22)


def _photo(rng: random.Random) -> bytes:
    image = Image.new("RGB", (295, 413), tuple(rng.randrange(256) for _ in range(3)))
    for _ in range(40):  # some structure, so JPEG does not shrink it to nothing
        x, y = rng.randrange(295), rng.randrange(413)
        image.paste(tuple(rng.randrange(256) for _ in range(3)), (x, y, min(295, x + 40), min(413, y + 40)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def make_branch(path: Path, seed: int, size: int = 300, photos: bool = True, key_file: Path | None = None):
    from sqlalchemy import update

    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.demo import build_demo, build_full_demo
    from dangjian_desktop.core.models import Branch
    from dangjian_desktop.core.roster import list_members, set_photo

    db = open_database(path)
    with db.transaction() as session:
        if photos:
            build_full_demo(session, today=TODAY)
        else:
            from dangjian_desktop.core.demo.meetings import build_demo_meetings

            branch_id = build_demo(session, today=TODAY, seed=seed, size=size)
            build_demo_meetings(session, branch_id, today=TODAY, seed=seed)
        session.execute(update(Branch).values(name=f"第{seed}村党支部"))
    if photos:
        # the full demo has 45 members; add the rest of the 300 as plain members with photos
        from dangjian_desktop.core.roster import MemberDraft, add_member

        rng = random.Random(seed)
        with db.transaction() as session:
            for i in range(size - 45):
                add_member(
                    session,
                    1,
                    MemberDraft(
                        name=f"党员{i:03d}", join_date="2010-07-01", party_group=f"第{i % 3 + 1}党小组"
                    ),
                )
            for row in list_members(session):
                set_photo(session, row.id, _photo(rng))
    if key_file is not None:
        from dangjian_desktop.core.keys import import_township_key_file

        import_township_key_file(db, key_file)  # every package of this village is encrypted to the township
    return db


def run() -> list[Figure]:
    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.exchange.merge import merge_packages
    from dangjian_desktop.core.exchange.package import verify_file
    from dangjian_desktop.core.exchange.package_export import export_package
    from dangjian_desktop.core.keys import ensure_township_key, key_file_bytes, township_private
    from dangjian_desktop.core.township import branch_summaries
    from dangjian_desktop.documents.package import package_documents

    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        township = open_database(root / "township.sqlite3")
        key_file = root / "township.djkey"
        key_file.write_bytes(key_file_bytes(ensure_township_key(township), "青山镇"))
        with township.reading() as session:
            private = township_private(session)
        village = make_branch(root / "village.sqlite3", 1, key_file=key_file)
        out = root / "p.djpkg"
        attachments = package_documents()
        export_time = median_time(
            lambda: export_package(village, out, now=dt.datetime(2026, 11, 22, 9), attachments=attachments), 3
        )
        size_mb = out.stat().st_size / 1e6
        figures.append(
            Figure(
                "export, 300 members with photos, minutes, documents", export_time, 10.0, f"{size_mb:.1f} MB"
            )
        )
        figures.append(
            Figure(
                "verify that package (signed, encrypted to the township)",
                median_time(lambda: verify_file(out, township_key=private), 5),
                1.0,
            )
        )
        village.close()

        packages = []
        for seed in range(50):
            db = make_branch(root / f"v{seed}.sqlite3", seed + 100, photos=False, key_file=key_file)
            packages.append(
                export_package(
                    db, root / f"p{seed}.djpkg", now=dt.datetime(2026, 11, 22, 9), with_documents=False
                )
            )
            db.close()
        start = time.perf_counter()
        results = merge_packages(township, packages, enroll=True)  # as `dangjian merge --enroll FILE...`
        assert all(not isinstance(r, str) and r.status == "merged" for _p, r in results)
        figures.append(
            Figure(
                "merge 50 signed, encrypted packages of 300 members (15,000)",
                time.perf_counter() - start,
                60.0,
            )
        )

        def views() -> None:
            with township.reading() as session:
                branch_summaries(session, TODAY)

        figures.append(Figure("township view over 15,000 members", median_time(views, 3), 1.0))
        township.close()
    return figures
