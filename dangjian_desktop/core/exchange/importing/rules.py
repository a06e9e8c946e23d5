"""The rules a roster row is checked by: one set, applied one way, row by row.

Only a few things reject a row: no name; an ID number that is wrong (GB 11643, or digits that are not
0-9, or digits lost because the cell was a number); a phone written with other digits than 0-9; a
入党日期 that cannot be read as a day (or lies in the future); an ID already seen on an earlier row
(planning.py). Everything else that looks wrong is a warning naming the row, and the row still
imports: a secretary whose first import silently loses rows goes back to Excel.

Each rule has two halves. What a cell says on its own (its text, the date it holds, the word it
means, the warning it earns) is cells.py's: one function per field, chosen once per import, run a
column at a time and remembered per distinct cell. What needs the rest of the row (性别 against the ID
number, 转正日期 after 入党日期, 党员 read from the dates) runs per row in `RowRules.check`, on those
remembered results.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.exchange.importing import vocabulary as words
from dangjian_desktop.core.exchange.importing.cells import (
    CELL_RULES,
    FULL,
    PROBATIONARY,
    SAME_CELL,
    Cell,
    CellRule,
)
from dangjian_desktop.core.exchange.importing.sheet import cell_text
from dangjian_desktop.core.exchange.importing.vocabulary import IGNORE, Layout
from dangjian_desktop.core.roster import eighteenth_birthday, join_md

Warn = Callable[[str], None]
_MOBILE_NOTE = re.compile(r"流动党员\s*[（(]\s*([^）)]*?)\s*[）)]|流动党员")


class Reject(Exception):
    """The row is not imported; the message says why."""


_UNIQUE = frozenset({"id_number", "phone"})
_EMPTY = Cell("")  # remembered for an empty cell; the rows see None
_OWN_KEYS = frozenset({str, dt.datetime, dt.date, dt.time, dt.timedelta})
_OWN_KEYS_OR_EMPTY = _OWN_KEYS | {type(None)}
Rows = list[list[Any]]
Column = list[Cell | None]


class _Slot(NamedTuple):
    key: str
    columns: tuple[int, ...]
    rule: CellRule
    memo: dict[Any, Cell] | None


class RowRules:
    """Turns one sheet row into stored values; remembers what repeats across 50,000 rows."""

    def __init__(self, layout: Layout, today: dt.date) -> None:
        self.today = today
        by_field: dict[str, list[int]] = {}
        for column, key in sorted(layout.mapping.items()):
            if key != IGNORE and key in CELL_RULES:
                by_field.setdefault(key, []).append(column)
        # field -> its columns; the first filled one on a row wins (手机号码, then 固定电话)
        self._slots = [
            _Slot(key, tuple(columns), CELL_RULES[key], None if key in _UNIQUE else {})
            for key, columns in by_field.items()
        ]
        self.mapped = set(by_field)
        self.flags = [k for k in member_fields.FLAG_KEYS if k in self.mapped]
        # 离开日期's warning before 党籍状态's, as the rows' warnings have always been ordered
        self.same_cell = sorted(
            (k for k in SAME_CELL if k in self.mapped and k not in member_fields.FLAG_KEYS),
            key=lambda k: k not in member_fields.DATE_KEYS,
        )
        self.note_flags_mobile = "is_mobile" not in self.mapped and "note" in self.mapped
        self._md: dict[int, str | None] = {}

    def join_md(self, join: dt.date | None) -> str | None:
        if join is None:
            return None
        key = join.month * 100 + join.day  # 366 keys, so roster.join_md runs 366 times at most
        md = self._md.get(key)
        if md is None:
            md = self._md[key] = join_md(join)
        return md

    def _cell(self, rule: CellRule, value: Any) -> Cell | None:
        """What one cell says (None for an empty one)."""
        if value is None:
            return None
        if value.__class__ is str:
            # ASCII has nothing full-width in it: strip() is all cell_text would do
            text = value.strip() if value.isascii() else cell_text(value)
        else:
            text = cell_text(value)
        return rule(value, text, self.today) if text else None

    def _column(
        self, column: int, rule: CellRule, memo: dict[Any, Any] | None, rows: Rows, narrowest: int
    ) -> Column:
        """What each row's cell in this column says, for all rows at once: one tight loop per column
        instead of a dozen branches per row. A cell seen before is looked up, not checked again."""
        if column < narrowest:  # every row reaches the column (calamine's rows are a rectangle)
            values = list(map(operator.itemgetter(column), rows))
        else:
            values = [row[column] if column < len(row) else None for row in rows]
        one = self._cell
        if memo is None:
            return [one(rule, value) for value in values]
        if set(map(type, values)) <= _OWN_KEYS_OR_EMPTY:
            # texts and dates only (nearly every column): each distinct cell is checked once, and
            # every row then looks its cell up, all in C but the checks themselves
            distinct = dict.fromkeys(values)  # value -> its cell, None for an empty one
            # set.difference looks each distinct value up in the memo; `keys() - keys()` would walk
            # the whole memo, which grows with every chunk of the sheet
            for value in set(distinct).difference(memo):
                if value is not None:
                    memo[value] = one(rule, value) or _EMPTY
            for value in distinct:
                cell = memo.get(value)
                distinct[value] = None if cell is _EMPTY else cell
            return list(map(distinct.__getitem__, values))
        # numbers are keyed with their type (see _lookup)
        found = [self._lookup(rule, memo, value) for value in values]
        if _EMPTY in found:
            return [None if cell is _EMPTY else cell for cell in found]
        return found

    def _lookup(self, rule: CellRule, memo: dict[Any, Any], value: Any) -> Any:
        """A cell not yet remembered (or not a text): checked once, remembered (_EMPTY: empty)."""
        # bool is 1 and 1.0 as a key, 1985 (int) reads unlike 1985.0: numbers are keyed with their type.
        # Texts and dates equal only their own kind, so they are their own keys (a column of only
        # those is read without coming here)
        key = value if value.__class__ in _OWN_KEYS else (value.__class__, value)
        try:
            cell = memo.get(key)
        except TypeError:
            return self._cell(rule, value) or _EMPTY
        if cell is None:
            cell = memo[key] = self._cell(rule, value) or _EMPTY
        return cell

    def cells_of(self, rows: Rows) -> Iterator[dict[str, Cell | None]]:
        """Row by row, what each field's cell says on its own (None: empty); a field read from two
        or more columns takes the first that is filled."""
        keys = [slot.key for slot in self._slots]
        narrowest = min(map(len, rows), default=0)
        columns: list[Column] = []
        for slot in self._slots:
            parts = [self._column(c, slot.rule, slot.memo, rows, narrowest) for c in slot.columns]
            if len(parts) == 1:
                columns.append(parts[0])
            else:
                columns.append(
                    [next((c for c in cells if c is not None), None) for cells in zip(*parts, strict=True)]
                )
        if not columns:
            yield from ({} for _row in rows)
            return
        for found in zip(*columns, strict=True):
            yield dict(zip(keys, found, strict=True))

    def read(self, row: list[Any], warn: Warn) -> dict[str, Any]:
        """Values of the fields this row provides (empty cells provide nothing). Raises Reject."""
        return self.check(next(self.cells_of([row])), warn)

    def check(self, cells: dict[str, Cell | None], warn: Warn) -> dict[str, Any]:
        """The row's values from what its cells say, checked against each other. Raises Reject."""
        get = cells.get
        values: dict[str, Any] = {}
        cell = get("name")
        if cell is None or cell.problem:
            raise Reject(cell.problem if cell else "没有填写姓名")
        values["name"] = cell.value

        id_birth: dt.date | None = None
        id_gender = ""
        cell = get("id_number")
        if cell is not None:
            if cell.problem:
                raise Reject(cell.problem)
            facts = cell.value
            values["id_number"] = facts.number
            values["birth_date"] = id_birth = facts.birth_date
            values["gender"] = id_gender = facts.gender
        join = None
        cell = get("join_date")
        if cell is not None:
            if cell.problem:
                raise Reject(cell.problem)
            values["join_date"] = join = cell.value
        cell = get("gender")
        if cell is not None:
            gender = cell.value
            if id_gender:
                if gender != id_gender:
                    warn(f"性别“{cell.text}”与身份证号不符，已按身份证号记为{id_gender}")
            elif gender:
                values["gender"] = gender
            else:
                warn(f"性别“{cell.text}”无法识别，未导入")
        cell = get("birth_date")
        if cell is not None:
            self._birth_date(cell, id_birth, values, warn)
        if id_birth is None:
            warn("没有身份证号：无法核对出生日期和性别，再次导入时按姓名和出生日期认人")
        birth = values.get("birth_date")
        if join and birth and join < eighteenth_birthday(birth):
            warn(f"入党日期 {join.isoformat()} 早于年满18周岁，请核对")
        cell = get("full_date")
        if cell is not None:
            if cell.problem:
                warn(cell.problem)
            elif cell.value:
                if join and cell.value <= join:
                    warn("转正日期不晚于入党日期，请核对")
                values["full_date"] = cell.value
        cell = get("category")
        if cell is not None:
            self._category(cell, join, values, warn)
        cell = get("phone")
        if cell is not None:
            if cell.raw:
                raise Reject(cell.problem)
            if cell.problem:
                warn(cell.problem)
            values["phone"] = cell.value
        for key in self.same_cell:  # text, words and 离开日期: what the cell says is the whole rule
            cell = get(key)
            if cell is not None:
                if cell.problem:
                    warn(cell.problem)
                    if cell.value is None:
                        continue  # an unreadable 离开日期 is not imported (a 党籍状态 falls back to 在册)
                values[key] = cell.value
        for key in self.flags:
            cell = get(key)
            if cell is None:
                values[key] = False  # a 是/blank column: blank is 否, so clearing 是 clears the flag
                continue
            values[key] = cell.value
            if cell.raw is not None and key == "is_mobile" and "mobile_destination" not in values:
                values["mobile_destination"] = cell.raw  # the column holds where they went
        if self.note_flags_mobile:
            note = values.get("note")
            if note and "流动党员" in note:
                match = _MOBILE_NOTE.search(note)
                if match:
                    values["is_mobile"] = True
                    if match.group(1) and "mobile_destination" not in values:
                        values["mobile_destination"] = match.group(1)
        return values

    # --- the rules that need more than their own cell --------------------------------------------

    def _birth_date(self, cell: Cell, id_birth: dt.date | None, values: dict[str, Any], warn: Warn) -> None:
        birth = cell.value
        if cell.problem and not id_birth:
            warn(cell.problem)
        if birth and id_birth:
            if birth != id_birth and not (
                birth.day == 1 and birth.year == id_birth.year and birth.month == id_birth.month
            ):  # 出生年月 holds only the month
                warn(f"出生日期“{cell.text}”与身份证号不符，已按身份证号记为{id_birth.isoformat()}")
        elif birth:
            if birth > self.today:
                warn(f"出生日期 {birth.isoformat()} 晚于今天，未导入")
            else:
                values["birth_date"] = birth

    def _category(self, cell: Cell, join: dt.date | None, values: dict[str, Any], warn: Warn) -> None:
        category = cell.value
        if category == words.PLAIN_MEMBER:
            # 党员 says only "a member": 正式党员 unless the dates say the probation is not over
            if "full_date" not in values and join and join > self.today - dt.timedelta(days=366):
                category = PROBATIONARY
                warn(f"人员类别“{cell.raw}”：入党不满一年且没有转正日期，已记为预备党员，请核对")
            else:
                category = FULL
        if category is None:
            warn(f"人员类别“{cell.text}”无法识别，应为正式党员或预备党员，未导入此项，请核对")
            return
        if category == PROBATIONARY and "full_date" in values:
            warn("已填写转正日期却标为预备党员，请核对")
        values["category"] = category
