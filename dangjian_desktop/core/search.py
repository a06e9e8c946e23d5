"""Search keys: what a member can be found by as a secretary types (张三, zs, zhangsan, ID or phone digits).

The key is computed once when a member is written and stored in member.search_key, so that filtering
50,000 members is a substring test per row, not pinyin conversion per keystroke.
"""

from __future__ import annotations

import os
from functools import lru_cache

from dangjian_desktop.core.surname_readings import READINGS

# surname -> each of its readings as syllables (the first is the one the roster sorts by)
_SURNAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    surname: tuple(tuple(reading.split()) for reading in readings) for surname, readings in READINGS.items()
}


@lru_cache(maxsize=20000)
def _char_pinyin(char: str) -> str:
    # Per-character cache: pypinyin's phrase matching costs ~20 µs a name; names are mostly
    # made of a few thousand characters, so caching single characters makes 50,000 names cheap.
    # Imported here: pypinyin loads its dictionaries on import, half a second the window need not wait.
    # Only single characters are asked for, so its phrase table (three quarters of that import) is
    # never read: without it every one of the 41,923 characters pypinyin knows reads the same.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.NORMAL, errors=lambda c: c.lower())[0]


def name_readings(name: str) -> list[list[str]]:
    """The name's syllables, once for each reading its surname has (most have one)."""
    if not name:
        return [[]]
    surname = name[:2] if name[:2] in _SURNAMES else name[:1]
    rest = [_char_pinyin(ch) for ch in name[len(surname) :]]
    readings = _SURNAMES.get(surname)
    if readings is None:
        return [[_char_pinyin(ch) for ch in surname] + rest]
    return [[*reading, *rest] for reading in readings]


def name_syllables(name: str) -> list[str]:
    return name_readings(name)[0]


@lru_cache(maxsize=50_000)
def _name_part(name: str) -> tuple[str, str]:
    """('张三|zhangsan|zs', the other readings' '|full|initials'): names repeat on a 50,000-row import,
    and pinyin is the costly part of a key."""
    parts = []
    for syllables in name_readings(name):
        parts.append("".join(syllables) + "|" + "".join(s[0] for s in syllables if s))
    return f"{name}|{parts[0]}", "".join(f"|{p}" for p in parts[1:])


def search_key(name: str, id_number: str | None = "", phone: str | None = "") -> str:
    """'张三|zhangsan|zs|<id>|<phone digits>' in lower case, then a surname's other readings
    ('|yuliao|yl' for 尉缭): matched as a substring."""
    phone = phone or ""
    digits = phone if phone.isascii() and phone.isdigit() else "".join(ch for ch in phone if "0" <= ch <= "9")
    first, others = _name_part(name)
    return "|".join((first, (id_number or "").lower(), digits)).lower() + others


def recompute_search_keys(connection: object) -> None:
    """Write every member's key again from today's recipe (Alembic revisions 0006 and 0009, on an
    Alembic connection): the key is derived data, and an older file keeps its old keys until then, so
    a member would not be found by a reading added later (尉缭 by "wei") until next saved."""
    import sqlalchemy as sa

    member = sa.table(
        "member",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("id_number", sa.String),
        sa.column("phone", sa.String),
        sa.column("search_key", sa.Text),
    )
    rows = connection.execute(sa.select(member.c.id, member.c.name, member.c.id_number, member.c.phone))  # type: ignore[attr-defined]
    updates = [{"key_id": row.id, "key": search_key(row.name, row.id_number, row.phone)} for row in rows]
    if updates:
        connection.execute(  # type: ignore[attr-defined]
            member.update()
            .where(member.c.id == sa.bindparam("key_id"))
            .values(search_key=sa.bindparam("key")),
            updates,
        )


def normalize_query(text: str) -> str:
    from dangjian_desktop.core.text import to_halfwidth

    return to_halfwidth(text).strip().lower().replace(" ", "")
