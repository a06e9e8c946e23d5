"""What the cells of a roster say: header names (derived from core/member_fields.py), where the header
is, which column holds which field, which rows hold data, and the words used for values.

Header cells are compared after normalising: spaces, "*" and ":" removed, full-width brackets made
half-width, and a bracketed unit or hint dropped, so "转正日期（年月日）", "固定电话(区号)" and
"姓  名" need no alias of their own. Two columns may name the same field (手机号码 and 固定电话):
the first one that is filled on a row wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dangjian_desktop.core import member_fields
from dangjian_desktop.core.exchange.importing.sheet import (
    RosterImportError,
    Table,
    cell_text,
    column_letter,
)
from dangjian_desktop.core.text import to_halfwidth

HEADER_SCAN_ROWS = 30
IGNORE = "__ignore__"
FIELD_LABELS = dict(member_fields.LABELS)
# Columns rosters carry that are computed here (年龄, 党龄), numbering, or about the organisation the
# file came from: recognised, and listed as not imported (never silently).
IGNORED_HEADERS = (
    "序号", "编号", "NO", "NO.", "年龄", "党龄", "照片", "签名", "本人签名", "所在党支部", "所在党组织",
    "党组织名称", "党支部", "所在支部", "党组织", "籍贯",
)  # fmt: skip
# Header words that speak of something worth keeping: left unmapped, they head the summary's warnings.
IMPORTANT_HEADER_WORDS = (
    "日期",
    "时间",
    "年月",
    "电话",
    "手机",
    "号码",
    "身份",
    "证号",
    "姓名",
    "名字",
    "介绍人",
)

_BRACKETED = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")
_HEADER_NOISE = re.compile(r"[\s*＊:：]+")


def header_key(value: object) -> str:
    """A header cell as compared with the vocabulary: half-width, no spaces, '*' or ':'."""
    return _HEADER_NOISE.sub("", to_halfwidth(cell_text(value)))


def _vocabulary() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for f in member_fields.FIELDS:
        for name in (f.label, *f.aliases):
            aliases.setdefault(header_key(name), f.key)
            aliases.setdefault(_BRACKETED.sub("", header_key(name)), f.key)
    for name in IGNORED_HEADERS:
        aliases.setdefault(header_key(name), IGNORE)
    return aliases


ALIASES: dict[str, str] = _vocabulary()


def match_header(value: object) -> str | None:
    """The field a header cell names, IGNORE for 序号-like columns, None when unknown."""
    key = header_key(value)
    if not key:
        return None
    for candidate in (key, _BRACKETED.sub("", key), key.replace("/", "")):
        found = ALIASES.get(candidate) or ALIASES.get(candidate.upper())
        if found:
            return found
    return None


def is_important(header: str) -> bool:
    return any(word in header for word in IMPORTANT_HEADER_WORDS)


# --- the header ----------------------------------------------------------------------------------------


@dataclass
class Layout:
    """Where the header is and which column holds which field."""

    header_row: int  # 0-based index of the (last) header row; Excel row header_row + 1
    data_start: int
    headers: list[str]  # header text per column
    mapping: dict[int, str]  # column -> field (or IGNORE); a field may have several columns

    @property
    def unknown_columns(self) -> list[int]:
        return [i for i, h in enumerate(self.headers) if h and i not in self.mapping]

    @property
    def not_imported(self) -> list[int]:
        """Every column with a header that will not be imported: unknown, or deliberately skipped."""
        return [i for i, h in enumerate(self.headers) if h and self.mapping.get(i, IGNORE) == IGNORE]

    def unmapped_json(self) -> list[dict[str, str]]:
        return [{"column": column_letter(c), "header": self.headers[c]} for c in self.not_imported]

    def with_mapping(self, mapping: dict[int, str | None]) -> Layout:
        """A copy with hand-made choices applied (None or '' un-maps a column)."""
        merged = dict(self.mapping)
        for column, key in mapping.items():
            if key:
                merged[column] = key
            else:
                merged.pop(column, None)
        return Layout(self.header_row, self.data_start, list(self.headers), merged)


def _row_fields(row: list[Any]) -> dict[int, str]:
    return {column: key for column, value in enumerate(row) if (key := match_header(value)) is not None}


def find_header(rows: list[list[Any]]) -> int | None:
    best, best_score = None, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        real = {k for k in _row_fields(row).values() if k != IGNORE}
        if "name" not in real:
            continue
        score = len(real)
        if score >= 2 and score > best_score:
            best, best_score = index, score
    return best


_SPACE = re.compile(r"[\s\u3000]+")
_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,20}$")
_CJK = re.compile("[\u3400-\u9fff]")


def _is_code_row(row: list[Any], mapping: dict[int, str]) -> bool:
    """A row of field codes (A0101, xm, name) or column numbers (1 2 3 ...) under the Chinese header,
    as national-system templates and printed forms have: not a member."""
    texts = [cell_text(v) for v in row]
    filled = [t for t in texts if t]
    if len(filled) < 2 or not all(_CODE.match(t) for t in filled):
        return False
    for column, key in mapping.items():
        text = texts[column] if column < len(texts) else ""
        if key == "name" and _CJK.search(text):
            return False
        if key == "id_number" and len(text) >= 15 and text[:14].isdigit():
            return False
    return True


def detect_layout(table: Table) -> Layout:
    index = find_header(table.rows)
    if index is None:
        raise RosterImportError(
            f"在“{table.path.name}”（工作表“{table.sheet}”）的前{HEADER_SCAN_ROWS}行中没有找到表头："
            "需要一行同时写有“姓名”和“身份证号”“性别”等列名"
        )
    header = table.rows[index]
    mapping = _row_fields(header)
    headers = [_SPACE.sub("", cell_text(v)) for v in header]
    data_start = index + 1
    # A two-row header: a group cell ("党员发展情况") above 入党日期 / 转正日期, the name cell merged
    # down so the row below it is empty there.
    name_column = next(c for c, k in mapping.items() if k == "name")
    if data_start < len(table.rows):
        below = table.rows[data_start]
        taken = set(mapping.values())
        extra = {
            c: k
            for c, k in _row_fields(below).items()
            if c not in mapping and (k == IGNORE or k not in taken)
        }
        name_below = cell_text(below[name_column]) if name_column < len(below) else ""
        if extra and not name_below:
            for column, key in extra.items():
                mapping[column] = key
                while len(headers) <= column:
                    headers.append("")
                headers[column] = _SPACE.sub("", cell_text(below[column]))
            data_start += 1
            index += 1
    # code rows or column numbers directly under the header
    while (
        data_start < len(table.rows)
        and data_start <= index + 2
        and _is_code_row(table.rows[data_start], mapping)
    ):
        data_start += 1
    width = max((len(r) for r in table.rows[data_start : data_start + 200]), default=0)
    headers += [""] * max(0, width - len(headers))
    return Layout(index, data_start, headers, mapping)


# --- the data rows -------------------------------------------------------------------------------------

_TOTAL_ROW = re.compile(r"^(合计|总计|小计|共计|累计)")
_FOOTER_ROW = re.compile(
    r"^(填表人|填报人|制表人|审核人|审批人|负责人|联系人|统计人|经办人|单位负责人|支部书记|书记|"
    r"填表日期|填报日期|制表日期|填报单位|注|说明)([:：]|$)"
)
_FOOTER_START = re.compile(r"^(填表人|填报人|制表人|审核人|审批人|单位负责人|统计人|经办人)")
_FOOTER_FIRST_CHARS = frozenset("合总小共累填制审负联统经单支书注说")


def filled(value: object) -> bool:
    if isinstance(value, str):
        return bool(value) and not value.isspace()
    return value is not None


def data_rows(table: Table, layout: Layout) -> Iterable[tuple[int, list[Any]]]:
    """(index, row) of the rows that hold data; stops at the signature lines under the table."""
    mapped = [c for c, k in layout.mapping.items() if k != IGNORE]
    name_column = next((c for c, k in layout.mapping.items() if k == "name"), -1)
    rows = table.rows
    for index in range(layout.data_start, len(rows)):
        row = rows[index]
        first = next((v for v in row if filled(v)), None)
        if first is None:
            continue  # blank
        if type(first) is str and first.lstrip()[:1] in _FOOTER_FIRST_CHARS:
            compact = _SPACE.sub("", first)
            if _TOTAL_ROW.match(compact):
                continue
            if _FOOTER_ROW.match(compact) or _FOOTER_START.match(compact):
                break
        width = len(row)
        name = row[name_column] if 0 <= name_column < width else None
        if filled(name):
            if type(name) is str and "名" in name and match_header(name) == "name":
                continue  # the header repeated (a sheet pasted from several printed pages)
        elif not any(c < width and filled(row[c]) for c in mapped):
            continue  # only a 序号 typed ahead, or notes outside the table
        yield index, row


def preview_rows(table: Table, layout: Layout, limit: int = 50) -> list[list[str]]:
    """The first data rows as text, for the mapping preview."""
    width = len(layout.headers)
    result = []
    for _index, row in data_rows(table, layout):
        texts = [cell_text(v) for v in row[:width]]
        result.append(texts + [""] * (width - len(texts)))
        if len(result) >= limit:
            break
    return result


# --- the words for values ------------------------------------------------------------------------------

EDUCATION = {
    "大专": "大学专科", "专科": "大学专科", "大学专科": "大学专科", "高职": "大学专科",
    "本科": "大学本科", "大本": "大学本科", "大学": "大学本科", "大学本科": "大学本科",
    "硕士": "研究生", "博士": "研究生", "硕士研究生": "研究生", "博士研究生": "研究生", "研究生": "研究生",
    "研究生及以上": "研究生",
    "中技": "中专", "中专": "中专", "技校": "中专", "中等专科": "中专", "中等专业学校": "中专",
    "高中": "高中", "职高": "高中", "初中": "初中", "小学": "小学",
    "文盲": "文盲或半文盲", "半文盲": "文盲或半文盲", "文盲或半文盲": "文盲或半文盲",
}  # fmt: skip
# 党员 alone means 正式党员 only where nothing on the row says otherwise (rules.py looks at the dates).
CATEGORY = {
    "正式党员": "正式党员", "正式": "正式党员", "中共党员": "正式党员", "中共正式党员": "正式党员",
    "预备党员": "预备党员", "预备": "预备党员", "中共预备党员": "预备党员",
}  # fmt: skip
PLAIN_MEMBER = "党员"
STATUS = {"正常": "在册", "在籍": "在册", "死亡": "去世"}
GENDER = {"男": "男", "女": "女", "男性": "男", "女性": "女"}
TRUE_WORDS = frozenset({"是", "√", "✓", "✔", "Y", "YES", "TRUE", "1", "是的", "有", "流动", "困难", "失联"})
FALSE_WORDS = frozenset({"否", "×", "✗", "N", "NO", "FALSE", "0", "无", "不是", "-", "/"})
