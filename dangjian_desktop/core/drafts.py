"""Unsaved long texts (meeting minutes, card clauses) kept beside the database so a crash or a power cut
does not take half an hour of typing with it.

One small JSON file per editor in `<database file>.drafts/`, written to a temporary file, flushed to the
disk and renamed into place: after a power cut the file is either the old draft or the new one, never a
torn mix. A draft is removed when its editor saves or the user discards it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Draft:
    key: str
    saved_at: dt.datetime
    values: dict[str, Any]


def drafts_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".drafts")


def _file(db_path: Path, key: str) -> Path:
    if not re.fullmatch(r"[\w-]{1,80}", key):
        raise ValueError(f"bad draft key {key!r}")
    return drafts_dir(db_path) / f"{key}.json"


def save_draft(db_path: Path, key: str, values: dict[str, Any], *, now: dt.datetime | None = None) -> Path:
    target = _file(db_path, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = {"saved_at": (now or dt.datetime.now()).isoformat(timespec="seconds"), "values": values}
    temporary = target.with_suffix(".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    return target


def load_draft(db_path: Path, key: str) -> Draft | None:
    """The kept draft, or None (also for a file that cannot be read: a draft never stops an editor)."""
    path = _file(db_path, key)
    try:
        payload = json.loads(path.read_text("utf-8"))
        return Draft(key, dt.datetime.fromisoformat(payload["saved_at"]), dict(payload["values"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def discard_draft(db_path: Path, key: str) -> None:
    _file(db_path, key).unlink(missing_ok=True)
