"""The month and the day of a DATE column in SQL, said the cheapest way each backend allows.

SQLite keeps a date as 'YYYY-MM-DD' text: cutting its two digits out costs a fraction of extract()'s
strftime, which parses the date (the township view reads a county's year of meetings by month).
PostgreSQL's extract() is used as it is, made an integer as on SQLite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, cast, extract
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class _DatePart(FunctionElement):
    type = Integer()
    inherit_cache = True
    field, digits = "", 0  # the part's name for extract(), where its two digits start in the text


class month_of(_DatePart):  # noqa: N801 - used as a SQL function, as func.* are
    """The month (1-12) of a DATE column, as an integer."""

    inherit_cache = True
    field, digits = "month", 6


class day_of(_DatePart):  # noqa: N801
    """The day of the month of a DATE column, as an integer."""

    inherit_cache = True
    field, digits = "day", 9


@compiles(month_of)
@compiles(day_of)
def _anywhere(element: _DatePart, compiler: Any, **kw: Any) -> str:
    # PostgreSQL's extract() gives a numeric: an integer here too
    return compiler.process(cast(extract(element.field, *element.clauses), Integer), **kw)


@compiles(month_of, "sqlite")
@compiles(day_of, "sqlite")
def _on_sqlite(element: _DatePart, compiler: Any, **kw: Any) -> str:
    return f"CAST(substr({compiler.process(element.clauses, **kw)}, {element.digits}, 2) AS INTEGER)"
