"""The importer's column pass against its row reader: a row the column pass takes must get exactly the
values _RowReader.read() gives it, and read() must have nothing to say about it. Rows with something
to say are read() alone, so this is what keeps the fast path from drifting from the rules."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian_desktop.core import idcard
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange import roster_import as ri
from dangjian_desktop.core.roster import join_md
from dangjian_desktop.core.search import search_key
from tests.core.exchange.files import HEADER, id_number, member_rows

TODAY = dt.date(2026, 11, 22)
HEADERS = [
    "性别", "民族", "出生年月", "身份证号", "学历", "入党时间", "转正时间", "党员类别", "党小组", "职业",
    "电话", "住址", "党籍状态", "流动党员", "外出流向", "失联党员", "困难党员", "支委", "离开日期", "备注",
]  # fmt: skip


def _day_styles(day: dt.date) -> list[object]:
    return [
        day,
        dt.datetime(day.year, day.month, day.day),
        day.isoformat(),
        f"{day.year}.{day.month:02d}.{day.day:02d}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y%m%d}",
        f"{day.year}.{day.month:02d}",
        f"{day.year}年{day.month}月",
        f" {day.isoformat()} ",
        float(f"{day:%Y%m%d}"),
        float((day - dt.date(1899, 12, 30)).days),
        f"{day.year}",
        float(day.year),
        day.isoformat().replace("-", "－"),
    ]


days = st.builds(
    lambda day, i: _day_styles(day)[i],
    st.dates(dt.date(1880, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 15),
)
valid_ids = st.builds(id_number, st.dates(dt.date(1880, 1, 1), dt.date(2030, 1, 1)), st.integers(0, 999))
ids = st.one_of(
    valid_ids,
    valid_ids,
    valid_ids.map(str.lower),
    valid_ids.map(lambda s: f" {s}\u3000"),
    valid_ids.map(lambda s: s[:-1] + "7"),
    valid_ids.map(lambda s: s[:6] + s[8:17]),
    valid_ids.map(lambda s: s.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})),
    valid_ids.map(lambda s: "".join(chr(0x660 + int(c)) if c.isdigit() else c for c in s)),
    valid_ids.filter(lambda s: s[-1] != "X").map(float),
    st.text("0123456789Xx ", max_size=19),
)
any_cell = st.one_of(
    st.none(), st.just(""), st.text(max_size=6), st.floats(), st.booleans(), st.integers(-5, 30000)
)
names = st.one_of(
    st.sampled_from(
        ["王建国", " 李 秀英 ", "张\u3000三", "欧阳明", "单田芳", "Ｔｏｍ", "曾国藩", "ΑΣ", "李" * 51]
    ),
    any_cell,
)
CELLS = {
    "性别": st.one_of(st.sampled_from(["男", "女", "男性", "女 ", "未知"]), any_cell),
    "出生年月": st.one_of(days, any_cell),
    "身份证号": ids,
    "入党时间": st.one_of(days, days, any_cell),
    "转正时间": st.one_of(days, any_cell),
    "离开日期": st.one_of(days, any_cell),
    "党员类别": st.one_of(st.sampled_from(["正式党员", "预备党员", "正式", "预 备", "其他"]), any_cell),
    "电话": st.one_of(
        st.sampled_from(
            ["13800138000", "138 0013 8000", "0791-88881234", "1380013800", "１３８００１３８０００"]
        ),
        any_cell,
    ),
    "流动党员": st.one_of(st.sampled_from(["是", "否", "√", "广东深圳", "Y", "0"]), any_cell),
    "失联党员": st.one_of(st.sampled_from(["是", "否", "失联"]), any_cell),
}
PLAIN = ["", None, "第一党小组", "务农"]
FITTING = {
    "备注": ["", "流动党员（广东深圳）", "老党员"],
    "民族": ["汉族", "汉", "回族", " 回 "],
    "学历": ["大专", "大学本科", "本科", "初中"],
    "党员类别": ["正式党员", "预备党员", "正式", "预备", ""],
    "电话": ["13800138000", "0791-88881234", "１３８００１３８０００", "", 13800138000.0],
    "党籍状态": ["正常", "在册", "死亡", ""],
    "流动党员": ["是", "否", "", None, True],
    "失联党员": ["是", "否", "", "失联"],
    "困难党员": ["√", "", "否"],
    "支委": ["是", ""],
}
simple = st.one_of(
    st.sampled_from(
        ["汉", "回族", "大专", "本科", "正常", "死亡", "乱码", "流动党员（广东深圳）", "流动党员"]
    ),
    any_cell,
)


@st.composite
def person_cells(draw: st.DrawFn, headers: list[str]) -> list[object]:
    """One member's row, mostly consistent (so the column pass has rows to take) and sometimes not."""
    # recent births too: joined at 18, they joined after TODAY
    birth = draw(
        st.one_of(st.dates(dt.date(1885, 1, 1), dt.date(2012, 12, 31)), st.dates(dt.date(2007, 1, 1)))
    )
    number = id_number(birth, draw(st.integers(0, 999)))
    gender = "男" if int(number[16]) % 2 else "女"
    # joined around 18 (the warning's edge), or years later; 转正 a year on, or (rarely) before
    join = birth + dt.timedelta(days=draw(st.sampled_from([365 * 18 + 3, 365 * 18 + 5, 6600, 9000, 12000])))
    full = join + dt.timedelta(days=draw(st.sampled_from([365, 366, 0, -3])))
    fitting: dict[str, st.SearchStrategy[object]] = {
        "身份证号": st.sampled_from([number, number.lower(), f" {number} "]),
        "性别": st.sampled_from([gender, f"{gender}性", "", None]),
        "出生年月": st.builds(lambda i: _day_styles(birth)[i], st.integers(0, 15)),
        "入党时间": st.builds(lambda i: _day_styles(join)[i], st.integers(0, 15)),
        "转正时间": st.builds(lambda i: _day_styles(full)[i], st.integers(0, 15)),
        "离开日期": st.builds(lambda i: _day_styles(full)[i], st.integers(0, 15)),
    }
    names_ = st.sampled_from(["王建国", "李秀英", " 张 三 ", "欧阳明", "单田芳", "Ｔｏｍ"])
    cells: list[object] = [draw(st.one_of(names_, names_, names))]
    for header in headers[1:]:
        messy = CELLS.get(header, simple)
        fine = fitting[header] if header in fitting else st.sampled_from(FITTING.get(header, PLAIN))
        # one messy cell in ten: enough rows stay clean for the column pass to take them
        cells.append(draw(messy if draw(st.integers(0, 9)) == 0 else fine))
    return cells


@st.composite
def grids(draw: st.DrawFn) -> list[list[object]]:
    others = draw(st.lists(st.sampled_from(HEADERS), unique=True, min_size=1, max_size=len(HEADERS)))
    headers = ["姓名", *others]
    rows = [draw(person_cells(headers)) for _ in range(draw(st.integers(1, 8)))]
    if draw(st.booleans()):  # a CSV's rows need not be as wide as its header
        rows = [r[: draw(st.integers(1, len(r)))] for r in rows]
    return [headers, *rows]


def _as_read(reader: ri._RowReader, row: list[object]) -> tuple[list[str], tuple[object, ...] | None]:
    """read()'s messages for the row, and the INSERT tuple plan_import() would make of it."""
    messages: list[str] = []
    try:
        values = reader.read(row, messages.append)
    except ri._Reject as reject:
        return [str(reject)], None
    record = {**ri._DEFAULTS, "branch_id": 1, **values}
    record["join_md"] = join_md(record["join_date"])
    record["search_key"] = search_key(record["name"], record["id_number"], record["phone"])
    return messages, ri._stored(record)


def _column_pass(grid: list[list[object]]) -> list[tuple[list[object], bool, object, tuple[object, ...]]]:
    table = ri.Table(Path("名册.xlsx"), "Sheet1", grid)
    layout = ri.detect_layout(table)
    rows = [row for _index, row in ri._data_rows(table, layout)]
    if not rows:
        return []
    passes, numbers, tuples = ri._Columns(ri._RowReader(layout, TODAY), 1).run(rows)
    return list(zip(rows, passes, numbers, tuples, strict=True))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids())
def test_a_row_the_column_pass_takes_is_one_read_takes_silently_with_the_same_values(
    grid: list[list[object]],
) -> None:
    checked = _column_pass(grid)
    reader = ri._RowReader(ri.detect_layout(ri.Table(Path("名册.xlsx"), "Sheet1", grid)), TODAY)
    for row, passed, number, stored in checked:
        if passed:
            messages, expected = _as_read(reader, row)
            assert messages == []
            assert stored == expected
            assert number == stored[ri.INSERT_COLUMNS.index("id_number")]


def test_a_clean_roster_goes_through_the_column_pass() -> None:
    grid: list[list[object]] = [list(HEADER), *member_rows(300, seed=3)]
    checked = _column_pass(grid)
    reader = ri._RowReader(ri.detect_layout(ri.Table(Path("名册.xlsx"), "Sheet1", grid)), TODAY)
    silent = [row for row, *_rest in checked if _as_read(reader, row)[0] == []]
    taken = [row for row, passed, *_rest in checked if passed]
    # only an ID typed with a lower-case x is left to read() (it needs idcard's normalising)
    assert len(silent) == 300
    assert all(str(row[5]).endswith("x") for row in silent if row not in taken)
    assert len(taken) > 280


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_the_check_character_shortcut_agrees_with_idcard(first17: str) -> None:
    assert ri._check_char(first17) == idcard.check_char(first17)


def _person(birth: dt.date, sequence: int) -> tuple[str, str]:
    number = id_number(birth, sequence)
    return number, "男" if int(number[16]) % 2 else "女"


def test_each_rule_between_cells_sends_the_row_to_read() -> None:
    """Rows that break one rule linking two cells: the column pass must leave each to read(), which
    words the warning; the rows that break nothing it takes, with read()'s values."""
    birth = dt.date(1985, 3, 12)
    number, gender = _person(birth, 1)
    headers = [
        "姓名",
        "性别",
        "出生年月",
        "身份证号",
        "入党时间",
        "转正时间",
        "党员类别",
        "电话",
        "离开日期",
        "党籍状态",
    ]
    clean = [
        "王建国",
        gender,
        "1985.03",
        number,
        "2010-07-01",
        "2011-07-01",
        "正式党员",
        "13800138000",
        "",
        "正常",
    ]
    changes: list[tuple[int, object, bool]] = [  # (column, cell, read() has something to say)
        (5, "", False),
        (1, "OTHER", True),
        (2, "1985.04", True),
        (2, "1985-03-12", False),
        (2, "1985年3月", False),
        (2, "1985-03-15", True),
        (4, "2003-03-11", True),  # a day before 18
        (4, "2003-03-12", False),
        (4, "2027-01-01", True),
        (5, "2010-07-01", True),  # 转正 not after 入党
        (5, "2010-06-30", True),
        (5, "2027-01-01", True),
        (5, "乱写", True),
        (6, "预备党员", True),  # with a 转正日期
        (6, "其他", True),
        (7, "1380013800", True),
        (8, "2020-01-01", False),
        (8, "乱写", True),
        (9, "死亡", False),
        (9, "乱写", True),
        (0, "", True),
        (0, "李" * 51, True),
        (3, number[:-1] + "7", True),
    ]
    rows = [list(clean)]
    expect = [False]
    for sequence, (column, cell, says) in enumerate(changes, start=2):
        row = list(clean)
        row[3], row[1] = _person(birth, sequence)
        row[column] = ("女" if row[1] == "男" else "男") if cell == "OTHER" else cell
        if row[4] == "2027-01-01":
            row[5] = ""  # joining after today is all that is wrong with it
        rows.append(row)
        expect.append(says)
    rows.append(list(clean))  # the same ID again
    expect.append(True)
    grid: list[list[object]] = [headers, *rows]
    reader = ri._RowReader(ri.detect_layout(ri.Table(Path("名册.xlsx"), "Sheet1", grid)), TODAY)
    checked = _column_pass(grid)
    assert [_as_read(reader, row)[0] != [] for row in rows[:-1]] == expect[:-1]
    for (row, passed, _number, stored), says in zip(checked[:-1], expect[:-1], strict=True):
        assert passed is not says, row
        if passed:
            assert _as_read(reader, row)[1] == stored


def test_a_note_that_says_mobile_sends_the_row_to_read() -> None:
    number, gender = _person(dt.date(1985, 3, 12), 1)
    grid: list[list[object]] = [
        ["姓名", "身份证号", "备注"],
        ["王建国", number, "流动党员（广东深圳）"],
        ["李秀英", _person(dt.date(1986, 3, 12), 2)[0], "老党员"],
    ]
    assert [passed for _row, passed, *_rest in _column_pass(grid)] == [False, True]


def test_the_garbage_collector_is_back_on_after_an_import_and_after_a_refused_one(
    db: Database, branch_id: int, tmp_path: Path
) -> None:
    number, _gender = _person(dt.date(1985, 3, 12), 1)
    table = ri.Table(Path("名册.xlsx"), "Sheet1", [["姓名", "身份证号"], ["王建国", number]])
    assert ri.import_table(db, table, today=TODAY, backup=False).imported == 1
    assert gc.isenabled()
    (tmp_path / "empty.csv").write_text("姓名,身份证号\n", encoding="utf-8")
    with pytest.raises(UserError):
        ri.import_roster(db, tmp_path / "empty.csv", today=TODAY)
    assert gc.isenabled()
