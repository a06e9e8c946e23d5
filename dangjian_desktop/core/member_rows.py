"""The roster's plain rows: what one roster line holds and how the lines are read, without the ORM.

Tables, the CLI, statistics and printouts all show MemberRow. The rows are read with one SQL statement
on the file's DB-API connection (sqlite3, or psycopg on a server): no ORM objects for a township's 50,000 members, and nothing
here imports SQLAlchemy, so `roster list` and the window's first rows do not wait for the ORM and the
models to load. core/roster/rows.py reads them the same way inside a session.

The rows come in roster order (党小组 as core.text.group_sort_key orders them, then by id) and, when
asked, in chunks, so the window can show the first members while the rest are still being read.

A table that shows only some fields reads lines instead (line_class, iter_member_lines): the stored
values of those fields, in the plain tuple the database driver gives, and nothing more; a MemberLine
made of one when it is shown names them and turns a date or a flag into one only when asked for. On
50,000 members the roster table so reads a few columns fewer and makes no object per member (Python's
collector forgets plain tuples of plain values, but walks every object made of them again and again);
the whole member (MemberRow) is read when one is looked at (read_member_row).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import re
from collections.abc import Callable, Iterator, Sequence
from itertools import starmap
from operator import itemgetter
from typing import Any, ClassVar

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.dates import age_on
from dangjian_desktop.core.db import param_mark
from dangjian_desktop.core.member_fields import MemberStatus
from dangjian_desktop.core.text import group_sort_key


class _Basics:
    """What a whole row and a table's line both answer."""

    __slots__ = ()
    status: str
    birth_date: dt.date | None
    id: int

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE.value

    def age(self, today: dt.date | None = None) -> int | None:
        return age_on(self.birth_date, today or dt.date.today())


class _RowMethods(_Basics):
    __slots__ = ()

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


def _column(name: str) -> str:
    return "p.member_id IS NOT NULL" if name == "has_photo" else f"m.{name}"


_SELECT = ", ".join(map(_column, _NAMES))
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


def _stored_row_class() -> type:
    """A twin of MemberRow for rows read from the database: the same slots, and an __init__ that takes
    a raw row (its roster rank first, then the columns), turns stored dates (ISO text) and 0/1 flags
    into dates and booleans, fills the slots directly and then makes the object a MemberRow.

    MemberRow stays the frozen dataclass every caller knows; but a frozen dataclass's __init__ fills each
    field through object.__setattr__, a call per field: over half a second for 50,000 members. Changing
    __class__ between two classes of the same slots is plain Python; the object is a MemberRow after.
    """
    lines = []
    for name in _NAMES:
        kind = _KINDS.get(name)
        if kind == member_fields.DATE:  # PostgreSQL gives dates; text not in ISO form raises ValueError
            value = f"{name} if {name} is None or {name}.__class__ is _date else _from_iso({name})"
        elif kind == member_fields.FLAG:  # SQLite's 0/1, PostgreSQL's booleans
            value = f"None if {name} is None else {name} != 0"
        else:
            value = name
        lines.append(f"    self.{name} = {value}")
    source = (
        f"def __init__(self, _rank, {', '.join(_NAMES)}):\n"
        + "\n".join(lines)
        + "\n    self.__class__ = _row\n"
    )
    scope = {"_date": dt.date, "_from_iso": dt.date.fromisoformat, "_row": MemberRow}
    exec(source, scope)  # noqa: S102 (made from the field names above, like dataclasses' own __init__)
    return type(
        "StoredMemberRow", (_RowMethods,), {"__slots__": MemberRow.__slots__, "__init__": scope["__init__"]}
    )


_StoredRow = _stored_row_class()


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Tens of thousands of new objects at once, none in a reference cycle: Python's cyclic collector
    would walk every object of the program again and again in their midst (a quarter of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _rows(batch: list[Any]) -> list[MemberRow]:
    """MemberRows of raw rows (rank first, then the columns in _NAMES' order)."""
    try:
        with _no_collection():
            return list(starmap(_StoredRow, batch))
    except ValueError:  # a date stored in another shape (SQLAlchemy reads d-m-y digits too)
        return [_slow_row(raw) for raw in batch]


def _slow_row(raw: tuple[Any, ...]) -> MemberRow:
    values = list(raw[1:])
    for i in _DATES:
        if values[i] is not None:
            values[i] = _day(values[i])
    for i in _FLAGS:
        if values[i] is not None:
            values[i] = bool(values[i])
    return MemberRow(*values)


def _where(branch_id: int | None, include_left: bool, mark: str) -> tuple[str, list[object]]:
    conditions, params = [], []
    if branch_id is not None:
        conditions.append(f"m.branch_id = {mark}")
        params.append(branch_id)
    if not include_left:
        conditions.append(f"m.status = {mark}")
        params.append(MemberStatus.ACTIVE.value)
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params


_BY_RANK = itemgetter(0, 1)  # a raw row's roster rank, then its id


def _stored_day(value: str | dt.date | None) -> dt.date | None:
    """A line's stored date as a date. Text no reading can make a date (written by another tool) shows
    as no date rather than stopping the table that asked; the whole member (read_member_row) says so."""
    if not value:
        return None
    try:
        return _day(value)
    except ValueError:
        return None


def _flag(value: object) -> bool | None:
    return None if value is None else value != 0  # SQLite's 0/1, PostgreSQL's booleans


class MemberLine(_Basics, tuple):  # type: ignore[misc]
    """One member as a table shows it, made of a stored line (a tuple iter_member_lines gave): the roster
    rank, the id, then the stored values of the fields its line_class names; each field is a property
    that reads (and, for a date or a flag, converts) its value when asked."""

    __slots__ = ()
    names: ClassVar[tuple[str, ...]] = ("id",)  # the fields after the rank, in the tuple's order
    columns: ClassVar[str] = "m.id"  # what a SELECT reads for them

    @classmethod
    def getter(cls, name: str) -> Callable[[tuple[Any, ...]], Any]:
        """The stored value of `name` in a stored line, read in C (itemgetter): for a pass over every
        line. A date stays as stored (ISO text on SQLite) and a flag as 0/1."""
        return itemgetter(cls.names.index(name) + 1)


def line_class(name: str, fields: Sequence[str]) -> type[MemberLine]:
    """A MemberLine class holding the id and `fields` (MemberRow's field names: has_photo and search_key
    among them); unknown names are refused here, once, not on the first line shown."""
    names = ("id", *(f for f in fields if f != "id"))
    unknown = set(names) - set(_NAMES)
    if unknown:
        raise ValueError(f"not member fields: {sorted(unknown)}")
    namespace: dict[str, object] = {
        "__slots__": (),
        "__module__": __name__,
        "names": names,
        "columns": ", ".join(map(_column, names)),
    }
    for i, field in enumerate(names, start=1):  # 0 is the roster rank
        kind = _KINDS.get(field)
        if kind == member_fields.DATE:
            namespace[field] = property(lambda line, i=i: _stored_day(line[i]))
        elif kind == member_fields.FLAG:
            namespace[field] = property(lambda line, i=i: _flag(line[i]))
        else:
            namespace[field] = property(itemgetter(i))
    return type(name, (MemberLine,), namespace)


def _iter_raw(
    connection: Any,
    columns: str,
    make: Callable[[list[Any]], list[Any]],
    *,
    branch_id: int | None,
    include_left: bool,
    chunk: int,
    first: int | None,
    rest_columns: str | None = None,
) -> Iterator[list[Any]]:
    """`make` of the raw rows (rank, then `columns`; the id first among them) in roster order, `chunk`
    at a time (the first `first` on their own); after those, only `rest_columns` when given.

    The database gives each row its 党小组's rank (a CASE: it calls no Python per row) but does not
    sort: an ORDER BY over every column made SQLite sort 50,000 whole rows before giving the first
    (half a second). The raw rows are sorted here by (rank, id), in C; only the first screen's ids
    are sorted by the database (a small LIMIT sort) so that they come before the rest are read.
    """
    mark = param_mark(connection)
    where, params = _where(branch_id, include_left, mark)
    groups = [g for (g,) in connection.execute(f"SELECT DISTINCT m.party_group FROM member m{where}", params)]
    # 第一、第二、第三 in that order (code points would put 三 before 二); a group added since: first
    ordered = sorted(groups, key=lambda g: group_sort_key(g or ""))
    when = " ".join(f"WHEN {mark} THEN {mark}" for _ in ordered)
    rank = f"CASE m.party_group {when} ELSE -1 END" if ordered else "0"
    ranks = [value for i, g in enumerate(ordered) for value in (g, i)]
    select = _select(rank, columns)
    shown: set[int] = set()
    # no member matched (a new village's empty roster): no first screen to read, and its ORDER BY would
    # be `ORDER BY 0, m.id`, which SQLite and PostgreSQL read as a column number and refuse
    if first and ordered:
        ids = [
            i
            for (i,) in connection.execute(
                f"SELECT m.id FROM member m{where} ORDER BY {rank}, m.id LIMIT {int(first)}",
                [*params, *ranks],  # the WHERE comes before the ORDER BY
            )
        ]
        if ids:
            screen_where = f"{where} AND" if where else " WHERE"
            marks = ", ".join(mark for _ in ids)
            screen = connection.execute(f"{select}{screen_where} m.id IN ({marks})", [*ranks, *params, *ids])
            raw = screen.fetchall()
            raw.sort(key=_BY_RANK)
            shown = set(ids)
            yield make(raw)
    if rest_columns is not None:
        select = _select(rank, rest_columns)
    cursor = connection.execute(f"{select}{where}", [*ranks, *params])
    try:
        with _no_collection():
            raw = cursor.fetchall()
    finally:
        cursor.close()
    if shown:
        raw = [r for r in raw if r[1] not in shown]
    raw.sort(key=_BY_RANK)
    if 0 < len(raw) <= chunk:
        yield make(raw)  # the rest in one piece, not a copy of it
        return
    for start in range(0, len(raw), chunk):
        yield make(raw[start : start + chunk])


def _select(rank: str, columns: str) -> str:
    photo = " LEFT JOIN member_photo p ON p.member_id = m.id" if "p.member_id" in columns else ""
    return f"SELECT {rank}, {columns} FROM member m{photo}"


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
    return _iter_raw(
        connection,
        _SELECT,
        _rows,
        branch_id=branch_id,
        include_left=include_left,
        chunk=chunk,
        first=first,
    )


def _as_read(batch: list[Any]) -> list[Any]:
    return batch


def iter_member_lines(
    connection: Any,
    line: type[MemberLine],
    *,
    branch_id: int | None = None,
    include_left: bool = True,
    chunk: int = 5000,
    first: int | None = None,
    rest: type[MemberLine] | None = None,
) -> Iterator[list[tuple[Any, ...]]]:
    """As iter_member_rows, the stored lines of `line` (line_class): only the fields it names are read,
    and each member stays the tuple the driver gave; `line(stored)` shows one.

    With `rest` (a line_class whose fields are the first of `line`'s), the members after
    the first screen are read as `rest` only: what a table filters, counts and searches every member by,
    in a few columns, while the fields it shows are read for the rows it shows (read_lines_by_id). On
    50,000 members SQLite takes less than half the time to give six columns than to give eighteen.
    """
    if rest is not None and line.names[: len(rest.names)] != rest.names:
        raise ValueError(f"{rest.__name__} is not the start of {line.__name__}")
    return _iter_raw(
        connection,
        line.columns,
        _as_read,
        branch_id=branch_id,
        include_left=include_left,
        chunk=chunk,
        first=first,
        rest_columns=rest.columns if rest is not None else None,
    )


def read_member_rows(
    connection: Any, *, branch_id: int | None = None, include_left: bool = True
) -> list[MemberRow]:
    return [
        row
        for rows in iter_member_rows(connection, branch_id=branch_id, include_left=include_left)
        for row in rows
    ]


def read_member_lines(
    connection: Any, line: type[MemberLine], *, branch_id: int | None = None, include_left: bool = True
) -> list[tuple[Any, ...]]:
    parts = iter_member_lines(connection, line, branch_id=branch_id, include_left=include_left, chunk=1 << 30)
    return [member for part in parts for member in part]


# More ids than this are read by reading every member's line (one scan) rather than in IN lists: well
# below any driver's limit on bound values (SQLite's was 999 before 3.32).
_IDS_PER_QUERY = 500


def read_lines_by_id(connection: Any, line: type[MemberLine], ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """The stored lines of `line` of the members `ids` (left members among them), by id; an id no member
    has any more is missing from the answer. The line's first value (the roster rank where the order
    is read) means nothing here: a caller that keeps the roster order keeps its own."""
    wanted = set(ids)
    if len(wanted) > _IDS_PER_QUERY:
        found = read_member_lines(connection, line)
        return {stored[1]: stored for stored in found if stored[1] in wanted}
    if not wanted:
        return {}
    mark = param_mark(connection)
    marks = ", ".join(mark for _ in wanted)
    rows = connection.execute(f"{_select('0', line.columns)} WHERE m.id IN ({marks})", list(wanted))
    return {stored[1]: tuple(stored) for stored in rows.fetchall()}


def read_member_row(connection: Any, member_id: int) -> MemberRow | None:
    """One whole member (a line's member, when looked at); None when there is none of that id."""
    mark = param_mark(connection)
    found = connection.execute(
        f"SELECT 0, {_SELECT} FROM member m LEFT JOIN member_photo p ON p.member_id = m.id"
        f" WHERE m.id = {mark}",
        [member_id],
    ).fetchall()
    return _rows(found)[0] if found else None


def filter_rows(rows: list[MemberRow], text: str) -> list[MemberRow]:
    """The rows whose stored search key holds the typed text (core/search.py makes the keys)."""
    from dangjian_desktop.core.search import normalize_query

    query = normalize_query(text)
    return [r for r in rows if query in r.search_key] if query else list(rows)
