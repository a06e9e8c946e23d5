"""The year-end statistics group a county by one packed number (age band, 党龄 code, 本年发展 code and
three flags) instead of six columns: the groups must be exactly those of the six columns, on both
backends, for members on every band's line, one day before it and one day after, with every flag and
code taken; and the bands must fall where the yearly tables put them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, or_, select

from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import create_branch
from dangjian_desktop.core.db import open_database
from dangjian_desktop.core.models import DevelopPerson, DevelopStep, Member, MobileTrip
from dangjian_desktop.core.statistics import categories as c
from dangjian_desktop.core.statistics import queries as q
from dangjian_desktop.core.statistics import year_statistics

D = dt.date
YEAR = 2026
AGE_EDGES = (30, 35, 40, 45, 50, 55, 60)
PARTY_EDGES = (5, 10, 20, 30, 40, 50)


# The crossed groups the tables are held to (test_statistics_split sums them): the roster and the
# year's leavers in one scan, grouped by (state, gender, ethnicity, probationary, education, job, age
# band, 党龄 code, 本年发展 code, away, lost) with a count, the six small codes packed into one number as
# queries._Codes packs them for by_codes(); decoded here, the rows are the plain tuples.
ON_ROSTER = "在册"  # the state of a group on the roster; a leaver's state is their status (转出, 去世…)


def _state(y: q.Year):  # noqa: ANN202 - a SQL expression
    """One that left by 12月31日 is a leaver, known by its status; every other row is on the roster."""
    return case((Member.left_date <= y.end, Member.status), else_=ON_ROSTER)


def grouped(session, y: q.Year, age_edges, party_edges) -> list[tuple]:  # noqa: ANN001
    codes = q._Codes(age_edges, party_edges)
    keys = (codes.packed(y), Member.job, Member.education, Member.ethnicity, Member.gender, _state(y))
    query = select(*keys, func.count()).where(y.scope(), or_(y.on_roster, y.left_in_year)).group_by(*keys)
    found = []
    for packed, job, education, ethnicity, gender, state, n in session.execute(query):
        age, standing, new, away, probationary, lost = codes.unpack(int(packed))
        found.append(
            (state, gender, ethnicity, probationary, education, job, age, standing, new, away, lost, n)
        )
    return found


def _member(session, branch_id: int, name: str, **fields) -> Member:  # noqa: ANN001
    values = {"gender": "男", "ethnicity": "汉族", "category": "正式党员", "status": "在册"}
    values |= {"birth_date": D(1980, 6, 1), "join_date": D(2010, 7, 1), "full_date": D(2011, 7, 1)}
    member = Member(branch_id=branch_id, name=name, **(values | fields))
    session.add(member)
    session.flush()
    return member


def _county_of_edges(target):  # noqa: ANN001, ANN202
    db = open_database(target)
    with db.transaction() as s:
        b = create_branch(s, "边界村党支部", township="测试镇").id
        for edge in AGE_EDGES:
            # "at most `edge` on 12月31日" is "born in YEAR - edge or later": the line is 1月1日
            line = D(YEAR - edge, 1, 1)
            for shift in (-1, 0, 1):
                _member(s, b, f"生{edge}{shift}", birth_date=line + dt.timedelta(days=shift))
        for edge in PARTY_EDGES:
            # 党龄 `edge` reached by 12月31日: 转正 on YEAR - edge's 12月31日 or before; without a 转正日期,
            # 入党日期 one year earlier (the estimate)
            line = D(YEAR - edge, 12, 31)
            for shift in (-1, 0, 1):
                day = line + dt.timedelta(days=shift)
                _member(s, b, f"转正{edge}{shift}", full_date=day, join_date=day - dt.timedelta(days=365))
                _member(
                    s, b, f"估{edge}{shift}", full_date=None, join_date=D(day.year - 1, day.month, day.day)
                )
        # 预备 by the dates (转正 after 12月31日, on it, before it) and by the category alone
        for shift in (-1, 0, 1):
            _member(s, b, f"预备{shift}", full_date=D(YEAR, 12, 31) + dt.timedelta(days=shift))
        _member(s, b, "预备无日期", full_date=None, category="预备党员", join_date=D(YEAR, 3, 1))
        _member(s, b, "无日期", full_date=None, join_date=None, birth_date=None)
        # 本年发展: joined on the year's first day, the day before; recorded by the 支部大会 this year / last
        for name, joined in (("元旦入党", D(YEAR, 1, 1)), ("除夕入党", D(YEAR - 1, 12, 31))):
            _member(s, b, name, join_date=joined, full_date=None, category="预备党员")
        for name, passed in (("纪实今年", D(YEAR, 1, 1)), ("纪实去年", D(YEAR - 1, 12, 31))):
            m = _member(s, b, name, join_date=D(YEAR - 1, 6, 1), full_date=None, category="预备党员")
            person = DevelopPerson(
                name=name, branch_id=b, member_id=m.id, id_number=f"36042619960101{m.id:04d}"
            )
            s.add(person)
            s.flush()
            s.add(DevelopStep(person_id=person.id, step="支部大会", date=passed, passed=True))
        # 流动 by the flag and by trips (home by 12月31日, on it, after it), 失联, 女, 少数民族
        _member(s, b, "外出旗", is_mobile=True, gender="女", ethnicity="畲族")
        for shift in (-1, 0, 1):
            m = _member(s, b, f"外出{shift}", is_lost_contact=shift == 0)
            back = D(YEAR, 12, 31) + dt.timedelta(days=shift)
            s.add(MobileTrip(member_id=m.id, left_date=D(YEAR, 3, 1), returned_date=back, place="广州"))
        # leavers: gone on 12月31日 (this year's), on 1月1日 of the next (still on the roster)
        for shift in (0, 1):
            _member(s, b, f"转出{shift}", status="转出", left_date=D(YEAR, 12, 31) + dt.timedelta(days=shift))
        _member(s, b, "去世", status="去世", left_date=D(YEAR, 1, 1), full_date=D(YEAR, 6, 1))
    return db


def _six_columns(session, y: q.Year) -> list[tuple]:  # noqa: ANN001
    """The groups as the statement made them before the codes were packed: one column each."""
    keys = (
        _state(y),
        Member.gender,
        Member.ethnicity,
        y.probationary(),
        Member.education,
        Member.job,
        y.age_band(AGE_EDGES),
        y.party_age_band(PARTY_EDGES),
        y.new_member(),
        y.away(),
        Member.is_lost_contact,
    )
    query = select(*keys, func.count()).where(y.scope(), or_(y.on_roster, y.left_in_year)).group_by(*keys)
    return [_plain(row) for row in session.execute(query)]


def _plain(row) -> tuple:  # noqa: ANN001 - the flags as the tables read them (true or not)
    state, g, eth, prob, edu, job, age, standing, new, away, lost, n = row
    return (state, g, eth, bool(prob), edu, job, age, standing, new, bool(away), bool(lost), n)


def test_packed_groups_are_the_six_columns_groups(new_target) -> None:
    db = _county_of_edges(new_target("edges"))
    with db.reading() as s:
        for year in (YEAR - 1, YEAR, YEAR + 1):
            y = q.Year(year, None)
            packed = sorted(map(_plain, grouped(s, y, AGE_EDGES, PARTY_EDGES)), key=repr)
            assert packed == sorted(_six_columns(s, y), key=repr), year
            codes = {row[6:11] for row in packed}
            assert len(codes) > 20  # every digit takes several values: the packing is exercised
    db.close()


def test_every_band_line_on_both_backends(new_target) -> None:
    db = _county_of_edges(new_target("bands"))
    with db.transaction() as s:
        settings.put(s, settings.STATISTICS_AGE_BANDS, [str(e) for e in AGE_EDGES])
        settings.put(s, settings.STATISTICS_PARTY_AGE_BANDS, [str(e) for e in PARTY_EDGES])
    with db.reading() as s:
        stats = year_statistics(s, YEAR)
    db.close()
    ages = {row.label: row.counts[0] for row in stats.table("age").rows if not row.part}
    labels = c.age_band_labels(AGE_EDGES)
    # per edge: born on the line and the day after are `edge` or younger, the day before is older
    born_on_lines = {labels[0]: 2, **{label: 3 for label in labels[1:-1]}, labels[-1]: 1}
    others = stats.roster_count - 3 * len(AGE_EDGES) - 1  # everyone else was born on 1980-06-01
    assert {label: ages[label] for label in labels if label != "46-50岁"} == {
        label: n for label, n in born_on_lines.items() if label != "46-50岁"
    }
    assert ages["46-50岁"] == born_on_lines["46-50岁"] + others  # born 1980: 46 on 12月31日
    assert ages[c.NO_BIRTH_DATE] == 1
    standing = {row.label: row.counts[0] for row in stats.table("party_age").rows if not row.part}
    party = c.party_age_labels(PARTY_EDGES)
    # per edge, by 转正日期 and by 入党日期 + 1 year: on the line and the day before reach the edge's band
    # (4), the day after stays in the band below (2); 预备-1 and 预备0 became 正式 in the year (党龄 0)
    expected = dict.fromkeys(party, 0)
    for i, _edge in enumerate(PARTY_EDGES):
        expected[party[i + 1]] += 4
        expected[party[i]] += 2
    expected[party[0]] += 2
    ten_to_nineteen = "10-19年"  # everyone else: 转正 2011-07-01, 党龄 15
    assert {k: v for k, v in standing.items() if k in party and k != ten_to_nineteen} == {
        k: v for k, v in expected.items() if k != ten_to_nineteen
    }
    assert standing[ten_to_nineteen] > expected[ten_to_nineteen]
    assert standing[c.NO_PARTY_DATES] == 1
    assert sum(standing.values()) == stats.roster_count
    new = {row.label: row.counts[0] for row in stats.table("new").rows}
    # 元旦入党 (1月1日), 预备无日期 (3月), 纪实今年 (支部大会 on 1月1日); not 除夕入党 nor 纪实去年 (12月31日)
    assert new["本年发展的党员"] == 3
    assert new["其中：有发展党员纪实记录"] == 1
