"""Drafts beside the database: written whole or not at all, read back, removed when done."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dangjian_desktop.core import drafts


def test_save_load_discard(tmp_path: Path) -> None:
    db_path = tmp_path / "dangjian.sqlite3"
    assert drafts.load_draft(db_path, "meeting-new-1") is None
    when = dt.datetime(2026, 11, 22, 9, 30)
    path = drafts.save_draft(db_path, "meeting-new-1", {"content": "会议内容" * 1000}, now=when)
    assert path.parent == tmp_path / "dangjian.sqlite3.drafts"
    assert not list(path.parent.glob("*.tmp"))  # the temporary file was renamed into place
    draft = drafts.load_draft(db_path, "meeting-new-1")
    assert draft is not None and draft.saved_at == when and draft.values["content"].startswith("会议内容")
    drafts.save_draft(db_path, "meeting-new-1", {"content": "改过"})
    assert drafts.load_draft(db_path, "meeting-new-1").values == {"content": "改过"}
    drafts.discard_draft(db_path, "meeting-new-1")
    drafts.discard_draft(db_path, "meeting-new-1")  # twice is harmless
    assert drafts.load_draft(db_path, "meeting-new-1") is None


def test_a_damaged_draft_is_no_draft(tmp_path: Path) -> None:
    db_path = tmp_path / "x.sqlite3"
    drafts.drafts_dir(db_path).mkdir()
    (drafts.drafts_dir(db_path) / "card-3.json").write_text('{"saved_at": "2026-11-', "utf-8")
    assert drafts.load_draft(db_path, "card-3") is None


@pytest.mark.parametrize("key", ["../escape", "a/b", "", "x" * 81])
def test_keys_cannot_leave_the_drafts_folder(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError):
        drafts.save_draft(tmp_path / "x.sqlite3", key, {})


def test_the_longest_key_is_accepted(tmp_path: Path) -> None:
    drafts.save_draft(tmp_path / "x.sqlite3", "k" * 80, {"a": 1})
    assert drafts.load_draft(tmp_path / "x.sqlite3", "k" * 80).values == {"a": 1}
