"""Drafts on their edges (core/drafts.py): a draft of 0 characters and a long one, Chinese kept as it
is in the file, the time to the second, keys on the limit of their length and characters, each kind
of damaged file read as no draft, the file written whole."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dangjian_desktop.core import drafts

WHEN = dt.datetime(2026, 11, 22, 9, 30, 15, 987654)


def test_an_empty_draft_is_still_a_draft(tmp_path: Path) -> None:
    db_path = tmp_path / "data.sqlite3"
    path = drafts.save_draft(db_path, "meeting-new", {"content": ""}, now=WHEN)
    draft = drafts.load_draft(db_path, "meeting-new")
    assert draft == drafts.Draft("meeting-new", dt.datetime(2026, 11, 22, 9, 30, 15), {"content": ""})
    assert path == tmp_path / "data.sqlite3.drafts" / "meeting-new.json"
    drafts.save_draft(db_path, "nothing", {}, now=WHEN)
    assert drafts.load_draft(db_path, "nothing") == drafts.Draft("nothing", WHEN.replace(microsecond=0), {})


def test_the_file_holds_chinese_as_typed_and_the_time_to_the_second(tmp_path: Path) -> None:
    db_path = tmp_path / "data.sqlite3"
    long_text = "会议内容：" + "学习贯彻党的二十大精神。" * 20_000  # 240,000 characters of typing
    path = drafts.save_draft(db_path, "card-12", {"content": long_text, "n": 3, "list": ["甲"]}, now=WHEN)
    raw = path.read_text(encoding="utf-8")
    assert json.loads(raw) == {
        "saved_at": "2026-11-22T09:30:15",
        "values": {"content": long_text, "n": 3, "list": ["甲"]},
    }
    assert "学习贯彻" in raw  # not \\u escapes: a person can read the file
    assert sorted(p.name for p in path.parent.iterdir()) == ["card-12.json"]
    assert drafts.load_draft(db_path, "card-12").values["content"] == long_text  # type: ignore[union-attr]


def test_without_a_time_the_draft_is_stamped_now(tmp_path: Path) -> None:
    db_path = tmp_path / "data.sqlite3"
    before = dt.datetime.now().replace(microsecond=0)
    drafts.save_draft(db_path, "k", {"a": 1})
    after = dt.datetime.now()
    draft = drafts.load_draft(db_path, "k")
    assert draft is not None and before <= draft.saved_at <= after and draft.saved_at.microsecond == 0


def test_a_second_draft_replaces_the_first_in_place(tmp_path: Path) -> None:
    db_path = tmp_path / "data.sqlite3"
    drafts.save_draft(db_path, "k", {"a": "一" * 5000}, now=WHEN)
    drafts.save_draft(db_path, "k", {"a": "二"}, now=WHEN + dt.timedelta(seconds=1))
    draft = drafts.load_draft(db_path, "k")
    assert draft is not None and draft.values == {"a": "二"} and draft.saved_at.second == 16
    assert [p.name for p in drafts.drafts_dir(db_path).iterdir()] == ["k.json"]


@pytest.mark.parametrize(
    ("key", "ok"),
    [
        ("k" * 80, True),
        ("k" * 81, False),
        ("a", True),
        ("", False),
        ("meeting_new-1", True),
        ("会议-1", True),  # \w takes Chinese
        ("a.b", False),
        ("a b", False),
        ("a/b", False),
        ("a\\b", False),
        ("a\n", False),
    ],
)
def test_a_key_on_the_limits(tmp_path: Path, key: str, ok: bool) -> None:
    db_path = tmp_path / "data.sqlite3"
    if ok:
        assert drafts.save_draft(db_path, key, {"x": 1}).name == f"{key}.json"
        assert drafts.load_draft(db_path, key).values == {"x": 1}  # type: ignore[union-attr]
        drafts.discard_draft(db_path, key)
        assert drafts.load_draft(db_path, key) is None
    else:
        for call in (
            lambda: drafts.save_draft(db_path, key, {}),
            lambda: drafts.load_draft(db_path, key),
            lambda: drafts.discard_draft(db_path, key),
        ):
            with pytest.raises(ValueError, match=r"^bad draft key "):
                call()
        assert not drafts.drafts_dir(db_path).exists()


@pytest.mark.parametrize(
    "content",
    [
        "",
        "not json",
        "[]",
        '{"values": {}}',
        '{"saved_at": "2026-11-22T09:30:15"}',
        '{"saved_at": "yesterday", "values": {}}',
        '{"saved_at": 5, "values": {}}',
        '{"saved_at": "2026-11-22T09:30:15", "values": 3}',
        '{"saved_at": "2026-11-22T09:30:15", "values": "ab"}',
    ],
)
def test_each_kind_of_damaged_file_is_no_draft(tmp_path: Path, content: str) -> None:
    db_path = tmp_path / "data.sqlite3"
    drafts.drafts_dir(db_path).mkdir()
    (drafts.drafts_dir(db_path) / "k.json").write_text(content, "utf-8")
    assert drafts.load_draft(db_path, "k") is None


def test_a_draft_file_that_is_a_folder_or_not_utf8(tmp_path: Path) -> None:
    db_path = tmp_path / "data.sqlite3"
    (drafts.drafts_dir(db_path) / "k.json").mkdir(parents=True)
    assert drafts.load_draft(db_path, "k") is None
    (drafts.drafts_dir(db_path) / "b.json").write_bytes(b'{"saved_at": "\xff"}')
    assert drafts.load_draft(db_path, "b") is None


def test_values_read_back_are_a_plain_dict_of_their_own(tmp_path: Path) -> None:
    db_path = tmp_path / "data.sqlite3"
    drafts.save_draft(db_path, "k", {"a": 1, "b": [1, 2]}, now=WHEN)
    first = drafts.load_draft(db_path, "k")
    assert first is not None and type(first.values) is dict and first.key == "k"
    first.values["a"] = 2
    assert drafts.load_draft(db_path, "k").values == {"a": 1, "b": [1, 2]}  # type: ignore[union-attr]


def test_the_drafts_folder_is_made_when_needed(tmp_path: Path) -> None:
    db_path = tmp_path / "new folder" / "data.sqlite3"  # a database not yet written (the folders too)
    drafts.save_draft(db_path, "k", {})
    drafts.save_draft(db_path, "other", {})  # the folder exists already
    assert drafts.drafts_dir(db_path).is_dir()
