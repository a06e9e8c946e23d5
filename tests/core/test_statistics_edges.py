"""Year-end statistics held, to the member, against the rules worked out again in plain Python: three
branches (two of one name) whose members sit on every line the tables draw (a birthday or 转正 on the
band's last day, the first day after it; joined, left or admitted on 1月1日 and 12月31日 of the year,
the year before and after; 预备 by the category alone or by the dates; away by the flag or by trips;
a leaver of each status and of none; rows that count for neither), read for each branch and for all,
in the year before, the year and the year after. Every table is compared whole: each row, each of its
four columns, the 其中 rows; beside them the titles, the notes and the places table."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from dangjian_desktop.core import settings
from dangjian_desktop.core.db import Database, open_database
from dangjian_desktop.core.models import LEFT_STATUSES, Branch, DevelopPerson, DevelopStep, Member, MobileTrip
from dangjian_desktop.core.statistics import YearStatistics, year_statistics
from dangjian_desktop.core.statistics import categories as c

D = dt.date
Y = 2026
AGE_EDGES = (30, 35, 40, 45, 50, 55, 60)
PARTY_EDGES = (5, 10, 20, 30, 40, 50)
WORDS = (
    # (gender, ethnicity, education, job): every row of the words' tables, as typed and with spaces
    ("男", "汉族", "研究生", "村党支部书记"),
    ("女", "畲族", "大学本科", "退休教师"),
    (" 女", "回", "本科", "在读学生"),
    ("", "汉", "大专", "乡镇干部"),
    ("未知", "穿青人", "中专", "小学教师"),
    ("男", " 满族 ", "高中", "外出务工"),
    ("女", "", "初中", "个体经营"),
    ("男", "壮族", "小学", "种植大户"),
    ("女\u3000", "汉族", "文盲", "退伍军人"),
    ("男", "汉族", "", "开网店"),
    ("女", "苗", "幼儿园", ""),
    ("男", "汉族", "硕士", "  "),
    ("男", "汉族", " 大学专科 ", "村医"),
)


def _trip(left: dt.date, back: dt.date | None = None) -> tuple[dt.date, dt.date | None]:
    return (left, back)


def _people() -> list[dict]:
    """Each member as the fields it sets (the rest: 男, 汉族, 正式党员, 在册, born 1980, 入党 2010)."""
    people: list[dict] = []
    add = people.append
    # ages: for each edge the band's first birthday (1月1日 of Y - edge), the day before, 12月31日 of
    # Y - edge (the band's last: younger) and one on 2月29日
    for edge in AGE_EDGES:
        line = D(Y - edge, 1, 1)
        for shift in (-1, 0):
            add({"birth_date": line + dt.timedelta(days=shift)})
        add({"birth_date": D(Y - edge, 12, 31)})
    add({"birth_date": D(1996, 2, 29)})
    add({"birth_date": None})
    # 党龄 by 转正日期: 12月31日 of Y - edge (reached on the day), 1月1日 after it (not yet), the day before
    for edge in PARTY_EDGES:
        line = D(Y - edge, 12, 31)
        for shift in (-1, 0, 1):
            day = line + dt.timedelta(days=shift)
            add({"full_date": day, "join_date": day - dt.timedelta(days=365)})
        # 正式党员 without 转正日期: 入党日期 + 1 year, on the line and the day after
        for shift in (0, 1):
            join = D(Y - edge - 1, 12, 31) + dt.timedelta(days=shift)
            add({"full_date": None, "join_date": join})
    add({"full_date": None, "join_date": D(Y - 2, 6, 1)})  # estimated 党龄 1: the first band
    add({"full_date": None, "join_date": D(Y - 1, 12, 31)})  # estimated 党龄 0 (a 正式 by category)
    add({"full_date": None, "join_date": None, "birth_date": None})  # no dates at all
    add({"full_date": None, "join_date": None, "category": "预备党员"})
    # 预备 by the dates: 转正 on 12月31日 (正式 that day), 1月1日 after (still 预备), and by category only
    for full in (D(Y, 12, 31), D(Y + 1, 1, 1), D(Y, 1, 1), D(Y - 1, 12, 31)):
        add({"full_date": full, "join_date": full - dt.timedelta(days=365)})
    add({"full_date": D(Y + 1, 3, 1), "join_date": D(Y, 3, 1), "category": "正式党员"})
    add({"full_date": D(Y - 3, 3, 1), "join_date": D(Y - 4, 3, 1), "category": "预备党员"})
    add({"full_date": None, "join_date": D(Y, 5, 1), "category": "预备党员"})
    # 本年发展 by 入党日期: 1月1日, 12月31日, the day before the year and the day after it
    for join in (D(Y, 1, 1), D(Y, 12, 31), D(Y - 1, 12, 31), D(Y + 1, 1, 1), D(Y - 1, 1, 1)):
        add({"join_date": join, "full_date": None, "category": "预备党员"})
    add({"join_date": None, "full_date": D(Y - 10, 5, 1)})  # no 入党日期
    # 本年发展 by the 支部大会 recorded: passed on 1月1日 / 12月31日 of the year, before and after it;
    # not passed; not a 支部大会; passed the year before although 入党日期 says this year
    recorded = "36042619960101"
    for n, (day, step, passed, join) in enumerate((
        (D(Y, 1, 1), "支部大会", True, D(Y, 1, 1)),
        (D(Y, 12, 31), "支部大会", True, D(Y, 12, 31)),
        (D(Y - 1, 12, 31), "支部大会", True, D(Y - 1, 12, 31)),
        (D(Y + 1, 1, 1), "支部大会", True, D(Y + 1, 1, 1)),
        (D(Y, 6, 1), "支部大会", False, D(Y - 1, 6, 1)),
        (D(Y, 6, 1), "支部大会", None, D(Y - 1, 6, 1)),
        (D(Y, 6, 1), "支委会审查", True, D(Y - 1, 6, 1)),
        (D(Y - 1, 12, 20), "支部大会", True, D(Y, 1, 5)),
        (D(Y + 1, 1, 1), "支部大会", True, None),  # no 入党日期 on the roster: on it every year
    )):  # fmt: skip
        add({
            "join_date": join, "full_date": None, "category": "预备党员",
            "steps": [(day, step, passed)], "id_number": f"{recorded}{n:04d}",
        })  # fmt: skip
    # 流动: the flag alone; trips that decide it whatever the flag says
    add({"is_mobile": True})
    add({"is_mobile": True, "is_lost_contact": True})
    add({"is_lost_contact": True})
    add({"is_mobile": True, "trips": [_trip(D(Y, 3, 1), D(Y, 12, 31))]})  # home on 12月31日
    add({"trips": [_trip(D(Y, 3, 1), D(Y + 1, 1, 1))], "is_lost_contact": True})  # back the day after
    add({"trips": [_trip(D(Y, 12, 31))]})  # gone on 12月31日, not back
    add({"is_mobile": True, "trips": [_trip(D(Y + 1, 1, 1))]})  # gone the day after
    add({"trips": [_trip(D(Y - 2, 1, 1), D(Y - 1, 6, 1)), _trip(D(Y, 2, 1))]})  # the second trip open
    add({"trips": [_trip(D(Y - 1, 12, 31), D(Y, 1, 1))], "is_lost_contact": True})
    # leavers: each status on 1月1日 and 12月31日 of the year, the day before and the day after it
    for n, status in enumerate(LEFT_STATUSES):
        for left in (D(Y, 1, 1), D(Y, 12, 31), D(Y - 1, 12, 31), D(Y + 1, 1, 1)):
            add({"status": status, "left_date": left, **WORD_FIELDS(n + left.day)})
    # 预备 on the day they left: 转正 the day after, on the day, not given
    add({"status": "转出", "left_date": D(Y, 6, 30), "full_date": D(Y, 7, 1), "category": "正式党员"})
    add({"status": "去世", "left_date": D(Y, 6, 30), "full_date": D(Y, 6, 30), "category": "预备党员"})
    add({"status": "出党", "left_date": D(Y, 6, 30), "full_date": None, "category": "预备党员"})
    add({"status": "除名", "left_date": D(Y, 8, 8)})  # a status none of the four: 其他
    # leavers whose gender and ethnicity nobody on the roster writes so: still 女 and 少数民族
    add({"status": "去世", "left_date": D(Y, 9, 1), "gender": "女  ", "ethnicity": "土家"})
    add({"status": "转出", "left_date": D(Y, 9, 1), "gender": "\u3000女", "ethnicity": "鄂伦春族 "})
    add({"status": "转出", "left_date": D(Y, 4, 1), "join_date": None})
    add({"status": "转出", "left_date": D(Y, 12, 31), "join_date": D(Y, 12, 31), "full_date": None})
    add({"status": "转出", "left_date": D(Y, 4, 1), "join_date": D(Y + 1, 1, 1), "full_date": None})
    add({"status": "去世", "left_date": None})  # gone, no date: counted nowhere
    add({"status": "在册", "left_date": D(Y, 5, 1)})  # a date without a status: counted nowhere
    add({"status": "在册", "left_date": D(Y + 1, 5, 1)})  # leaves next year: on the roster
    return people


def WORD_FIELDS(n: int) -> dict:  # noqa: N802 - a table of values, read like one
    gender, ethnicity, education, job = WORDS[n % len(WORDS)]
    return {"gender": gender, "ethnicity": ethnicity, "education": education, "job": job}


def _branch(session, name: str, town: str) -> int:  # noqa: ANN001 - as a township's merges make them
    branch = Branch(name=name, township=town)
    session.add(branch)
    session.flush()
    return branch.id


def _build(path: Path | str) -> dict[int, dict]:
    """The three branches and the people, spread over them (and over the words); {member id: fields}."""
    db = open_database(path)
    made: dict[int, dict] = {}
    with db.transaction() as s:
        branches = [
            _branch(s, "东村党支部", "青山镇"),
            _branch(s, "西村党支部", " 青山镇 "),
            _branch(s, "东村党支部", "青山镇"),
        ]
        for n, fields in enumerate(_people()):
            fields = dict(fields)
            steps, trips = fields.pop("steps", []), fields.pop("trips", [])
            values = {"category": "正式党员", "status": "在册", "birth_date": D(1980, 6, 1)}
            values |= {"join_date": D(2010, 7, 1), "full_date": D(2011, 7, 1), "ethnicity": "汉族"}
            values |= WORD_FIELDS(n) | fields
            member = Member(branch_id=branches[n % 3], name=f"党员{n}", **values)
            s.add(member)
            s.flush()
            for left, back in trips:
                s.add(MobileTrip(member_id=member.id, left_date=left, returned_date=back, place="宁波"))
            for day, step, passed in steps:
                person = DevelopPerson(
                    branch_id=member.branch_id, name=member.name, id_number=values["id_number"],
                    member_id=member.id,
                )  # fmt: skip
                s.add(person)
                s.flush()
                s.add(DevelopStep(person_id=person.id, step=step, date=day, passed=passed))
            made[member.id] = values | {"branch_id": member.branch_id, "steps": steps, "trips": trips}
        # a 发展 record of nobody on the roster (not yet admitted) changes nothing
        s.add(DevelopPerson(branch_id=branches[0], name="发展对象", id_number="360426199601019999"))
    db.close()
    return made


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory, _empty_database: Path) -> Iterator[tuple]:
    path = tmp_path_factory.mktemp("statistics-edges") / "edges.sqlite3"
    shutil.copyfile(_empty_database, path)
    people = _build(path)
    db = open_database(path)
    yield db, people
    db.close()


# --- the rules, worked out again one member at a time ----------------------------------------------


def _on_roster(m: dict, end: dt.date) -> bool:
    joined = m["join_date"] is None or m["join_date"] <= end
    left = m.get("left_date")
    return joined and ((left is not None and left > end) or (left is None and m["status"] == "在册"))


def _gone(m: dict, start: dt.date, end: dt.date) -> bool:
    left = m.get("left_date")
    joined = m["join_date"] is None or m["join_date"] <= end
    return m["status"] != "在册" and left is not None and start <= left <= end and joined


def _probationary(m: dict, end: dt.date) -> bool:
    full, left = m["full_date"], m.get("left_date")
    if full is None:
        return m["category"] != "正式党员"
    if left is not None and left <= end:
        return full > left
    return full > end


def _band(value: int, edges: tuple[int, ...]) -> int:
    return next((i for i, e in enumerate(edges) if value <= e), len(edges))


def _reached(years: int, edges: tuple[int, ...]) -> int:
    return sum(1 for e in edges if years >= e)


class _Expected:
    def __init__(self) -> None:
        self.tables: dict[str, dict[str, list[int]]] = {}

    def add(self, key: str, label: str, w: tuple[int, int, int, int]) -> None:
        row = self.tables.setdefault(key, {}).setdefault(label, [0, 0, 0, 0])
        for i, n in enumerate(w):
            row[i] += n


def expected(people: dict[int, dict], year: int, branch_id: int | None) -> tuple[int, int, dict, int]:
    """(roster, leavers, {table key: {row label: counts}}, how many 党龄 were estimated)."""
    start, end = D(year, 1, 1), D(year, 12, 31)
    age_labels, party_labels = c.age_band_labels(AGE_EDGES), c.party_age_labels(PARTY_EDGES)
    e = _Expected()
    roster = leavers = estimated = 0
    for m in people.values():
        if branch_id is not None and m["branch_id"] != branch_id:
            continue
        woman = c.gender_row(m["gender"]) == "女"
        minority = c.ethnicity_row(m["ethnicity"]) == c.MINORITY
        prob = _probationary(m, end)
        w = (1, int(woman), int(minority), int(prob))
        if _gone(m, start, end):
            leavers += 1
            e.add("left", m["status"] if m["status"] in LEFT_STATUSES else "其他", w)
            continue
        if not _on_roster(m, end):
            continue
        roster += 1
        e.add("category", "预备党员" if prob else "正式党员", w)
        e.add("gender", c.gender_row(m["gender"]), w)
        e.add("ethnicity", c.ethnicity_row(m["ethnicity"]), w)
        e.add("education", c.education_row(m["education"]), w)
        e.add("job", c.job_row(m["job"]), w)
        birth = m["birth_date"]
        e.add("age", c.NO_BIRTH_DATE if birth is None else age_labels[_band(year - birth.year, AGE_EDGES)], w)
        if prob:
            e.add("party_age", c.PROBATIONARY_NO_STANDING, w)
        elif m["full_date"] is not None:
            e.add("party_age", party_labels[_reached(year - m["full_date"].year, PARTY_EDGES)], w)
        elif m["join_date"] is not None:
            estimated += 1
            e.add("party_age", party_labels[_reached(year - m["join_date"].year - 1, PARTY_EDGES)], w)
        else:
            e.add("party_age", c.NO_PARTY_DATES, w)
        passed = [day for day, step, ok in m["steps"] if step == "支部大会" and ok is True]
        if any(start <= day <= end for day in passed):
            e.add("new", "本年发展的党员", w)
            e.add("new", "其中：有发展党员纪实记录", w)
        elif passed:
            e.add("new", "以前年度入党", w)
        elif m["join_date"] is None:
            e.add("new", "入党日期未填", w)
        else:
            e.add("new", "本年发展的党员" if m["join_date"] >= start else "以前年度入党", w)
        if m["trips"]:
            away = any(left <= end and (back is None or back > end) for left, back in m["trips"])
        else:
            away = m.get("is_mobile", False)
        where = "流动党员" if away else "未外出流动的党员"
        e.add("mobile", where, w)
        if m.get("is_lost_contact"):
            e.add("mobile", where + "其中：失联党员", w)
    return roster, leavers, e.tables, estimated


ORDER = {
    "category": ("正式党员", "预备党员"),
    "gender": c.GENDER_ROWS,
    "ethnicity": c.ETHNICITY_ROWS,
    "education": c.EDUCATION_ROWS,
    "age": (*c.age_band_labels(AGE_EDGES), c.NO_BIRTH_DATE),
    "party_age": (*c.party_age_labels(PARTY_EDGES), c.PROBATIONARY_NO_STANDING, c.NO_PARTY_DATES),
    "job": c.JOB_ROWS,
    "new": ("本年发展的党员", "以前年度入党", "入党日期未填"),
    "mobile": ("流动党员", "未外出流动的党员"),
    "left": LEFT_STATUSES,
}
PARTS = {
    "new": (("本年发展的党员", "其中：有发展党员纪实记录"),),
    "mobile": (
        ("流动党员", "流动党员其中：失联党员"),
        ("未外出流动的党员", "未外出流动的党员其中：失联党员"),
    ),
}


def _rows(found: dict[str, list[int]], key: str) -> list[tuple[str, bool, tuple[int, ...]]]:
    """The rows as the table lists them: its order (zeros too), extra labels sorted, 其中 rows after."""
    labels = list(ORDER[key])
    parts = PARTS.get(key, ())
    labels += sorted(set(found) - set(labels) - {part for _row, part in parts})
    rows = []
    for label in labels:
        rows.append((label, False, tuple(found.get(label, (0, 0, 0, 0)))))
        for after, part in parts:
            if after == label:
                rows.append((part.removeprefix(label), True, tuple(found.get(part, (0, 0, 0, 0)))))
    return rows


def _table_rows(stats: YearStatistics, key: str) -> list[tuple[str, bool, tuple[int, ...]]]:
    return [(row.label, row.part, row.counts) for row in stats.table(key).rows]


KEYS = ("category", "gender", "ethnicity", "education", "age", "party_age", "job", "new", "mobile")


@pytest.mark.parametrize("year", [Y - 1, Y, Y + 1])
def test_every_table_to_the_member(county: tuple, year: int) -> None:
    db, people = county
    branch_ids = sorted({m["branch_id"] for m in people.values()})
    with db.reading() as s:
        for scope in (None, *branch_ids):
            stats = year_statistics(s, year, scope)
            roster, leavers, tables, estimated = expected(people, year, scope)
            assert (stats.roster_count, stats.left_count) == (roster, leavers), (year, scope)
            for key in (*KEYS, "left"):
                assert _table_rows(stats, key) == _rows(tables.get(key, {}), key), (year, scope, key)
            note = stats.table("party_age").note
            assert (f"转正日期未填的 {estimated} 名" in note) == bool(estimated), note
            if estimated:
                assert note.endswith(f"；转正日期未填的 {estimated} 名正式党员按入党日期满一年估算")
            assert stats.branches == (1 if scope else 3)


def test_every_table_to_the_member_on_postgresql(pg_url: str) -> None:
    """The same county on the server: each table of the year and of one branch, to the member."""
    people = _build(pg_url)
    db = open_database(pg_url)
    try:
        test_every_table_to_the_member((db, people), Y)
    finally:
        db.close()


def test_the_data_reach_every_line(county: tuple) -> None:
    """The people above do reach each row (so the comparison is not of empty tables)."""
    _db, people = county
    roster, leavers, tables, estimated = expected(people, Y, None)
    assert roster > 80 and leavers > 10 and estimated > 5
    for key in ("age", "party_age", "education", "job", "new", "mobile", "gender", "ethnicity"):
        assert all(tables[key].get(label, [0])[0] for label in ORDER[key]), key
    assert set(tables["left"]) == {*LEFT_STATUSES, "其他"}
    # two leavers write 女 and their 民族 as nobody on the roster does: read from the leavers' words
    on_roster = [m for m in people.values() if _on_roster(m, D(Y, 12, 31))]
    assert not {m["gender"] for m in on_roster} & {"女  ", "\u3000女"}
    assert not {m["ethnicity"] for m in on_roster} & {"土家", "鄂伦春族 "}
    assert tables["new"]["其中：有发展党员纪实记录"][0] == 2
    assert all(tables["mobile"][where + "其中：失联党员"][0] for where in ("流动党员", "未外出流动的党员"))
    assert all(all(counts) for counts in (tables["category"]["预备党员"], tables["left"]["转出"]))


def test_the_lines_by_hand(county: tuple) -> None:
    """A few of the lines read straight from the tables: the data's named members as counted."""
    db, people = county
    with db.reading() as s:
        stats = year_statistics(s, Y)
    left = {row.label: row.counts[0] for row in stats.table("left").rows}
    # per status: left on 1月1日 and 12月31日 of the year; plus the odd ones below them in _people()
    assert left == {"转出": 2 + 4, "去世": 2 + 2, "停止党籍": 2, "出党": 2 + 1, "其他": 1}
    assert [row.label for row in stats.table("left").rows] == [*LEFT_STATUSES, "其他"]
    ages = {row.label: row.counts[0] for row in stats.table("age").rows}
    assert ages["出生日期未填"] == 2  # one without a birth date, one without any date


def test_titles_notes_and_order(county: tuple) -> None:
    db, _people = county
    with db.reading() as s:
        stats = year_statistics(s, Y)
        one = year_statistics(s, Y, min(_people_branches(_people)))
    end = f"{Y}年12月31日"
    assert [(t.key, t.title, t.counts_leavers) for t in stats.tables] == [
        ("category", "党员类别", False),
        ("gender", "性别", False),
        ("ethnicity", "民族", False),
        ("education", "学历", False),
        ("age", "年龄", False),
        ("party_age", "党龄", False),
        ("job", "职业", False),
        ("new", "本年发展党员", False),
        ("mobile", "流动党员和失联党员", False),
        ("places", "各党支部党员数", False),
        ("left", "本年减少党员（按离开方式）", True),
    ]
    notes = {t.key: t.note for t in stats.tables}
    assert notes["category"] == f"按{end}的情况统计"
    assert notes["age"] == f"年龄按{end}计算"
    assert notes["party_age"].startswith(f"党龄从转正日期算至{end}；转正日期未填的 ")
    assert notes["job"] == "按花名册“工作岗位/职业”所填文字归类"
    assert notes["new"] == (
        "有发展党员纪实记录的按支部大会通过接收的日期，其余按入党日期；本年发展后又离开的计入“本年减少党员”"
    )
    assert notes["mobile"] == f"流动按外出登记（有外出记录的按{end}是否在外）；失联为支部已确认失联的党员"
    assert notes["left"] == f"离开日期在{Y}年内的党员；合计为本年减少人数，不是在册人数"
    assert notes["places"] == f"在册党员按{end}统计"
    assert notes["gender"] == notes["ethnicity"] == notes["education"] == ""
    assert all(t.columns == ("合计", "女", "少数民族", "预备党员") for t in stats.tables)
    assert [t.key for t in one.tables] == [t.key for t in stats.tables if t.key != "places"]
    assert (stats.scope, one.scope, stats.year, one.year) == ("青山镇", "东村党支部", Y, Y)


def _people_branches(people: dict[int, dict]) -> set[int]:
    return {m["branch_id"] for m in people.values()}


def test_places_per_branch_two_of_one_name(county: tuple) -> None:
    db, people = county
    first, second, third = sorted(_people_branches(people))
    with db.reading() as s:
        for year in (Y - 1, Y, Y + 1):
            stats = year_statistics(s, year)
            places = [(row.label, row.part, row.counts) for row in stats.table("places").rows]
            want = []
            # sorted by (township, name, id): 东村 (first), 东村 (third, told by its number), 西村
            for bid, label in (
                (first, "东村党支部"),
                (third, f"东村党支部（{third}）"),
                (second, "西村党支部"),
            ):
                roster, _left, tables, _est = expected(people, year, bid)
                counts = tuple(map(sum, zip(*tables["category"].values(), strict=True)))
                assert counts[0] == roster
                want.append((label, False, counts))
            assert places == want, year
            assert all(all(counts) for _label, _part, counts in want)  # each column counts someone


def _county_of(tmp_path: Path, empty: Path, towns: list[str], names: list[str] | None = None) -> Database:
    path = tmp_path / "towns.sqlite3"
    shutil.copyfile(empty, path)
    db = open_database(path)
    with db.transaction() as s:
        for n, town in enumerate(towns):
            name = names[n] if names else f"{n}号村党支部"
            b = _branch(s, name, town)
            for k in range(n + 1):  # branch n has n + 1 members: k = 0 a woman, 1 畲族, 2 预备
                s.add(
                    Member(
                        branch_id=b, name=f"{n}-{k}", gender="女" if k == 0 else "男",
                        ethnicity="畲族" if k == 1 else "汉族",
                        category="预备党员" if k == 2 else "正式党员", join_date=D(2010, 1, 1),
                    )
                )  # fmt: skip
    return db


def test_places_per_township_and_the_scope(tmp_path: Path, _empty_database: Path) -> None:
    db = _county_of(tmp_path, _empty_database, ["白沙镇", "青山镇", "", "青山镇"])
    with db.reading() as s:
        stats = year_statistics(s, Y)
    db.close()
    assert stats.scope == "2个乡镇" and stats.branches == 4
    table = stats.table("places")
    assert table.title == "各乡镇党员数"
    # sorted by township: "" (乡镇未填: branch 2, 3 members), 白沙镇 (branch 0), 青山镇 (branches 1 and 3)
    assert [(row.label, row.counts) for row in table.rows] == [
        ("乡镇未填", (3, 1, 1, 1)),
        ("白沙镇", (1, 1, 0, 0)),
        ("青山镇", (2 + 4, 2, 2, 1)),
    ]


@pytest.mark.parametrize(
    ("towns", "scope", "labels"),
    [
        (["", " "], "全部党支部", ["0号村党支部", "1号村党支部"]),
        (["青山镇", ""], "青山镇", ["乡镇未填", "青山镇"]),
        (["青山镇", "青山镇 "], "青山镇", ["0号村党支部", "1号村党支部"]),
        (["青山镇", "白沙镇", "青山镇"], "2个乡镇", ["白沙镇", "青山镇"]),
    ],
)
def test_the_scope_of_a_county(
    tmp_path: Path, _empty_database: Path, towns: list[str], scope: str, labels: list[str]
) -> None:
    db = _county_of(tmp_path, _empty_database, towns)
    with db.reading() as s:
        stats = year_statistics(s, Y)
        first_id = min(s.scalars(select(Member.branch_id)))
        first = year_statistics(s, Y, first_id)
    db.close()
    assert stats.scope == scope and stats.branches == len(towns)
    assert (first.scope, first.branches, first.roster_count) == ("0号村党支部", 1, 1)
    assert "places" not in {t.key for t in first.tables}
    assert [row.label for row in stats.table("places").rows] == labels


def test_one_branch_read_whole_has_no_places(db: Database, branch_id: int) -> None:
    with db.transaction() as s:
        s.add(Member(branch_id=branch_id, name="甲", gender="女", join_date=D(2010, 1, 1)))
    with db.reading() as s:
        stats = year_statistics(s, Y, None)
    assert "places" not in {t.key for t in stats.tables}
    assert (stats.scope, stats.branches, stats.roster_count) == ("测试镇", 1, 1)


def test_an_unknown_branch_and_year_are_named(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core.statistics import StatisticsError

    with db.reading() as s:
        with pytest.raises(StatisticsError) as caught:
            year_statistics(s, Y, branch_id + 1)
        assert str(caught.value) == "找不到该党支部"
        with pytest.raises(StatisticsError) as caught:
            year_statistics(s, 1949, branch_id)
        assert str(caught.value) == "统计年度应在 1950 到 2100 之间：1949"
        with pytest.raises(StatisticsError) as caught:
            year_statistics(s, 2101, None)
        assert str(caught.value) == "统计年度应在 1950 到 2100 之间：2101"


def test_a_broken_party_band_setting_is_named(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core.statistics import StatisticsError

    with db.transaction() as s:
        settings.put(s, settings.STATISTICS_PARTY_AGE_BANDS, ["10", "5"])
    with db.reading() as s, pytest.raises(StatisticsError) as caught:
        year_statistics(s, Y, branch_id)
    label = settings.STATISTICS_PARTY_AGE_BANDS.label
    assert str(caught.value) == f"设置“{label}”应为从小到大的整数，每行一个（如 30、35、40）"


@pytest.mark.parametrize("year", [1950, 2100])
def test_the_first_and_last_year_are_read(county: tuple, year: int) -> None:
    db, people = county
    with db.reading() as s:
        stats = year_statistics(s, year)
    roster, leavers, _tables, _estimated = expected(people, year, None)
    assert (stats.year, stats.roster_count, stats.left_count) == (year, roster, leavers)
    assert roster > 0  # those without 入党日期 are on every year's roster


def test_an_empty_branch_counts_nobody(db: Database, branch_id: int) -> None:
    with db.transaction() as s:  # joined after the year, left before it: on neither list
        s.add(Member(branch_id=branch_id, name="甲", join_date=D(Y + 1, 1, 1)))
        s.add(Member(branch_id=branch_id, name="乙", status="转出", left_date=D(Y - 1, 12, 31)))
    with db.reading() as s:
        stats = year_statistics(s, Y, branch_id)
    assert (stats.roster_count, stats.left_count) == (0, 0)
    assert all(t.total == 0 and all(n == 0 for row in t.rows for n in row.counts) for t in stats.tables)


def test_the_default_scope(db: Database, branch_id: int) -> None:
    from dangjian_desktop.core.statistics import default_scope

    with db.reading() as s:
        assert default_scope(s) == branch_id  # a village: its own branch
    with db.transaction() as s:
        settings.put(s, settings.TOWNSHIP_MODE, True)
    with db.reading() as s:
        assert default_scope(s) is None  # a township database, one branch merged so far
    with db.transaction() as s:
        settings.put(s, settings.TOWNSHIP_MODE, False)
        _branch(s, "西村党支部", "测试镇")
    with db.reading() as s:
        assert default_scope(s) is None  # several branches


def test_two_branches_of_one_name_on_both_backends(new_target) -> None:  # noqa: ANN001
    """The lower number keeps the plain name, whatever order the database lists the branches in
    (PostgreSQL lists a row written again after the others)."""
    db = open_database(new_target("names"))
    with db.transaction() as s:
        first, second = _branch(s, "东村党支部", "青山镇"), _branch(s, "东村党支部", "青山镇")
        for bid, size in ((first, 1), (second, 2)):
            for k in range(size):
                s.add(Member(branch_id=bid, name=f"{bid}-{k}", join_date=D(2010, 1, 1)))
    with db.transaction() as s:
        s.get(Branch, first).secretary = "新书记"
    with db.reading() as s:
        stats = year_statistics(s, Y)
    db.close()
    assert [(row.label, row.total) for row in stats.table("places").rows] == [
        ("东村党支部", 1),
        (f"东村党支部（{second}）", 2),
    ]
