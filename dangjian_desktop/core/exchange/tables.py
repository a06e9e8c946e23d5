"""Every table as plain JSON lines and back: the data part of the township package.

Generic over the models' metadata, so a table added by a later feature travels without changes here.
Dates are ISO strings, bytes are {"$b64": ...}; foreign keys stay numbers, remapped on merge.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Date, DateTime, LargeBinary, Table, select
from sqlalchemy.orm import Session

from dangjian_desktop.core.models import Base

# Tables that never travel: settings are the village's own preferences; keys stay in their database;
# the township's merge history is its own.
LOCAL_ONLY = {"setting", "local_key", "merge_record"}


def data_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in LOCAL_ONLY]


def omitted_columns(session: Session) -> set[str]:
    """ "table.column" of the private columns the package leaves out: a column whose info names a
    setting (`info={"private": "dues.package_income"}`) travels only when that setting is on."""
    from dangjian_desktop.core import settings

    omitted = set()
    for table in data_tables():
        for column in table.columns:
            key = column.info.get("private")
            if key is None:
                continue
            spec = settings.REGISTRY.get(key)
            if spec is None or not settings.get(session, spec):
                omitted.add(f"{table.name}.{column.name}")
    return omitted


def _encode(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode("ascii")}
    return value


def _decoder(table: Table) -> dict[str, Any]:
    decoders: dict[str, Any] = {}
    for column in table.columns:
        if isinstance(column.type, DateTime):
            decoders[column.name] = dt.datetime.fromisoformat
        elif isinstance(column.type, Date):
            decoders[column.name] = dt.date.fromisoformat
        elif isinstance(column.type, LargeBinary):
            decoders[column.name] = lambda v: base64.b64decode(v["$b64"], validate=True)
    return decoders


def dump_table(connection: Connection, table: Table, omit: Collection[str] = ()) -> bytes:
    ordering = list(table.primary_key.columns)
    columns = [c for c in table.columns if f"{table.name}.{c.name}" not in omit]
    rows = connection.execute(select(*columns).order_by(*ordering)).mappings()
    lines = (
        json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False, sort_keys=True)
        for row in rows
    )
    return "".join(line + "\n" for line in lines).encode("utf-8")


def load_rows(table: Table, payload: bytes) -> Iterator[dict[str, Any]]:
    decoders = _decoder(table)
    known = set(table.columns.keys())
    for line in payload.decode("utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        row = {}
        for key, value in raw.items():
            if key not in known:
                continue  # a column from a newer schema the township does not have: ignored
            row[key] = decoders[key](value) if value is not None and key in decoders else value
        yield row


def count_lines(payload: bytes) -> int:
    return sum(1 for line in payload.splitlines() if line.strip())


def table_file(table: Table | str) -> str:
    name = table if isinstance(table, str) else table.name
    return f"data/{name}.jsonl"


def dump_all(
    connection: Connection, tables: Iterable[Table] | None = None, *, omit: Collection[str] = ()
) -> dict[str, bytes]:
    return {table_file(t): dump_table(connection, t, omit) for t in (tables or data_tables())}
