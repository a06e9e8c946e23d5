"""The roster's plain rows: what one roster line holds and how the lines are read, without the ORM.

Tables, the CLI, statistics and printouts all show MemberRow. The rows are read with one SQL statement
on the file's DB-API connection (sqlite3, or psycopg on a server): no ORM objects for a township's 50,000 members, and nothing
here imports SQLAlchemy, so `roster list` and the window's first rows do not wait for the ORM and the
models to load. core/roster/rows.py reads them the same way inside a session.

The rows come in roster order (党小组 as core.text.group_sort_key orders them, then by id) and, when
asked, in chunks, so the window can show the first members while the rest are still being read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.dates import age_on
from dangjian_desktop.core.db import param_mark
from dangjian_desktop.core.member_fields import MemberStatus
from dangjian_desktop.core.text import group_sort_key


class _RowMethods:
    __slots__ = ()
    status: str
    birth_date: dt.date | None
    id: int

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE.value

    def age(self, today: dt.date | None = None) -> int | None:
        return age_on(self.birth_date, today or dt.date.today())

    def as_json(self) -> dict[str, object]:
        """The `roster list --json` shape: the fields core/member_fields.py gives a JSON key."""
        out: dict[str, object] = {"id": self.id}
        for f in member_fields.FIELDS:
            if f.json_key:
                value = getattr(self, f.key)
                out[f.json_key] = _iso(value) if f.kind == member_fields.DATE else value
        return out


# One roster line as tables, the CLI and printouts show it: the id, every declared field (core/
# member_fields.py), whether there is a photo and the search key; read as columns in this order. A row
# made by hand (a test, a sample) names its values: the fields it leaves out hold their defaults.
MemberRow = dataclasses.make_dataclass(
    "MemberRow",
    [
        ("id", int),
        *((f.key, f.value_type, dataclasses.field(default=f.default)) for f in member_fields.FIELDS),
        ("has_photo", bool, dataclasses.field(default=False)),
        ("search_key", str, dataclasses.field(default="")),
    ],
    bases=(_RowMethods,),
    namespace={"__module__": __name__},
    frozen=True,
    slots=True,
)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# MemberRow's fields are the member table's columns, except has_photo (whether member_photo has a row).
_NAMES = tuple(f.name for f in dataclasses.fields(MemberRow))
_SELECT = ", ".join("p.member_id IS NOT NULL" if n == "has_photo" else f"m.{n}" for n in _NAMES)
# SQLite gives dates as the 'YYYY-MM-DD' text SQLAlchemy stored and booleans as 0/1; PostgreSQL gives
# dates and booleans already.
_KINDS = {f.key: f.kind for f in member_fields.FIELDS} | {"has_photo": member_fields.FLAG}
_DATES = tuple(i for i, n in enumerate(_NAMES) if _KINDS.get(n) == member_fields.DATE)
_FLAGS = tuple(i for i, n in enumerate(_NAMES) if _KINDS.get(n) == member_fields.FLAG)
_DAY = re.compile(r"(\d+)-(\d+)-(\d+)")  # SQLAlchemy's own reading of a stored date


def _day(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        found = _DAY.match(value)
        if found is None:
            raise ValueError(f"无法识别的日期：{value!r}") from None
        return dt.date(*map(int, found.groups()))


def _where(branch_id: int | None, include_left: bool, mark: str) -> tuple[str, list[object]]:
    conditions, params = [], []
    if branch_id is not None:
        conditions.append(f"m.branch_id = {mark}")
        params.append(branch_id)
    if not include_left:
        conditions.append(f"m.status = {mark}")
        params.append(MemberStatus.ACTIVE.value)
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params


def iter_member_rows(
    connection: Any,
    *,
    branch_id: int | None = None,
    include_left: bool = True,
    chunk: int = 5000,
    first: int | None = None,
) -> Iterator[list[MemberRow]]:
    """The rows in roster order, `chunk` at a time (the first `first` on their own, enough for a
    screen), read on a DB-API connection (a session's own, or one a worker thread opened)."""
    mark = param_mark(connection)
    where, params = _where(branch_id, include_left, mark)
    groups = [g for (g,) in connection.execute(f"SELECT DISTINCT m.party_group FROM member m{where}", params)]
    # 第一、第二、第三 in that order (code points would put 三 before 二): SQLite sorts by each group's
    # place in that order, given as a CASE so that the sort calls no Python per row
    ordered = sorted(groups, key=lambda g: group_sort_key(g or ""))
    rank = "CASE m.party_group " + " ".join(f"WHEN {mark} THEN {mark}" for _ in ordered) + " END, " if ordered else ""
    ranks = [value for i, g in enumerate(ordered) for value in (g, i)]
    cursor = connection.execute(
        f"SELECT {_SELECT} FROM member m LEFT JOIN member_photo p ON p.member_id = m.id{where}"
        f" ORDER BY {rank}m.id",
        [*params, *ranks],
    )
    size = first or chunk
    try:
        while batch := cursor.fetchmany(size):
            size = chunk
            rows = []
            for raw in batch:
                values = list(raw)
                for i in _DATES:
                    if values[i] is not None:
                        values[i] = _day(values[i])
                for i in _FLAGS:
                    if values[i] is not None:
                        values[i] = bool(values[i])
                rows.append(MemberRow(*values))
            yield rows
    finally:
        cursor.close()


def read_member_rows(
    connection: Any, *, branch_id: int | None = None, include_left: bool = True
) -> list[MemberRow]:
    return [
        row
        for rows in iter_member_rows(connection, branch_id=branch_id, include_left=include_left)
        for row in rows
    ]


def filter_rows(rows: list[MemberRow], text: str) -> list[MemberRow]:
    """The rows whose stored search key holds the typed text (core/search.py makes the keys)."""
    from dangjian_desktop.core.search import normalize_query

    query = normalize_query(text)
    return [r for r in rows if query in r.search_key] if query else list(rows)
