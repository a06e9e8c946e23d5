"""A draft kept and read back where the system's own encoding is not UTF-8 (core/drafts.py): a Chinese
Windows writes text files in GBK unless told otherwise, so a draft written or read in the system's
encoding would be lost (read back as no draft) or fail to save. Here the C locale (ASCII) stands in
for it: a draft of Chinese text must still be written and read back whole."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from dangjian_desktop.core import drafts

WHEN = dt.datetime(2026, 11, 22, 9, 30, 15)


def test_a_chinese_draft_is_written_in_utf8_whatever_the_system_encoding(
    tmp_path: Path, ascii_locale: None
) -> None:
    db_path = tmp_path / "data.sqlite3"
    path = drafts.save_draft(db_path, "meeting-new", {"content": "会议内容：学习党章"}, now=WHEN)
    assert json.loads(path.read_bytes().decode("utf-8")) == {
        "saved_at": "2026-11-22T09:30:15",
        "values": {"content": "会议内容：学习党章"},
    }


def test_a_chinese_draft_is_read_in_utf8_whatever_the_system_encoding(
    tmp_path: Path, ascii_locale: None
) -> None:
    db_path = tmp_path / "data.sqlite3"
    drafts.drafts_dir(db_path).mkdir()
    text = json.dumps(
        {"saved_at": "2026-11-22T09:30:15", "values": {"content": "明白卡条款"}}, ensure_ascii=False
    )
    (drafts.drafts_dir(db_path) / "card-3.json").write_bytes(text.encode("utf-8"))
    assert drafts.load_draft(db_path, "card-3") == drafts.Draft("card-3", WHEN, {"content": "明白卡条款"})
