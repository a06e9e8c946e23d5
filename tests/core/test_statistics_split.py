"""The year-end tables are read in two statements (queries.by_words, by_codes) instead of the one that
crosses every dimension (test_statistics_codes.grouped): each must be grouped() summed over the dimensions it leaves
out, on both backends, for members on every band's line, a day before and after (the county of
test_statistics_codes), with genders and ethnicities written with spaces or without 族, and leavers
whose words no member on the roster shares."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from dangjian_desktop.core import settings
from dangjian_desktop.core.models import LEFT_STATUSES, Member
from dangjian_desktop.core.statistics import categories as c
from dangjian_desktop.core.statistics import queries as q
from dangjian_desktop.core.statistics import year_statistics

from .test_statistics_codes import AGE_EDGES, ON_ROSTER, PARTY_EDGES, YEAR, _county_of_edges, grouped

D = dt.date


def _county(target):  # noqa: ANN001, ANN202
    db = _county_of_edges(target)
    with db.transaction() as s:
        branch_id = s.scalar(select(Member.branch_id).limit(1))
        born = {"birth_date": D(1980, 6, 1), "join_date": D(2010, 7, 1), "full_date": D(2011, 7, 1)}
        odd = (
            ("空格女", " 女", "回", "大学本科", "务农", "在册", None),
            ("全角女", "女\u3000", "汉族", "初中", "外出务工", "在册", None),
            ("未填", "", "", "", "", "在册", None),
            # leavers whose words nobody on the roster writes: their 女 and 少数民族 still count
            ("去世女", "女 ", "畲", "研究生", "退休教师", "去世", D(YEAR, 6, 1)),
            ("出党", "男", "满族", "中专", "个体", "出党", D(YEAR, 12, 31)),
            ("停止党籍", "女", "汉族", "高中", "", "停止党籍", D(YEAR, 1, 1)),
        )
        for name, gender, ethnicity, education, job, status, left in odd:
            member = Member(
                branch_id=branch_id,
                name=name,
                gender=gender,
                ethnicity=ethnicity,
                education=education,
                job=job,
                status=status,
                left_date=left,
                category="正式党员",
                **born,
            )
            s.add(member)
    return db


def _expected(rows: list[tuple]) -> tuple[Counter, Counter, list[str], list[str]]:
    """by_words' and by_codes' rows summed from grouped()'s, and the stored words read as 女 / 少数民族."""
    words: Counter = Counter()
    codes: Counter = Counter()
    women = sorted({r[1] for r in rows if r[1] is not None and c.gender_row(r[1]) == "女"})
    minorities = sorted({r[2] for r in rows if r[2] is not None and c.ethnicity_row(r[2]) == c.MINORITY})
    for state, g, eth, prob, edu, job, age, standing, new, away, lost, n in rows:
        on_roster = state == ON_ROSTER
        words[(g, eth, edu, job)] += 0  # a leavers' group is there, with 0 on the roster
        words[(g, eth, edu, job)] += n if on_roster else 0
        words[(g, eth, edu, job, "预备")] += n if on_roster and prob else 0
        code = 0 if on_roster else LEFT_STATUSES.index(state) + 1
        woman, minority = int(g in women), int(eth in minorities)
        codes[
            (code, woman, minority, int(bool(prob)), age, standing, new, int(bool(away)), int(bool(lost)))
        ] += n
    return words, codes, women, minorities


def test_the_two_statements_are_the_crossed_groups_summed(new_target) -> None:
    db = _county(new_target("split"))
    with db.reading() as s:
        for year in (YEAR - 1, YEAR, YEAR + 1):
            y = q.Year(year, None)
            words, codes, women, minorities = _expected(grouped(s, y, AGE_EDGES, PARTY_EDGES))
            if year == YEAR:  # the year the leavers left in: their words are read too
                assert women == sorted({" 女", "女\u3000", "女 ", "女"})
                assert {"回", "畲", "满族"} <= set(minorities)
            found_words: Counter = Counter()
            for g, eth, edu, job, n, in_probation in q.by_words(s, y):
                found_words[(g, eth, edu, job)] += n
                found_words[(g, eth, edu, job, "预备")] += in_probation
            assert +found_words == +words and set(found_words) >= {k for k in words if len(k) == 4}, year
            found_codes = Counter()
            for *key, n in q.by_codes(s, y, AGE_EDGES, PARTY_EDGES, women, minorities):
                found_codes[tuple(int(v) for v in key)] += n
            assert found_codes == codes, year
            assert sum(found_codes.values()) == sum(q.counted(s, y))
    db.close()


def test_the_tables_count_the_words_as_categories_reads_them(new_target) -> None:
    db = _county(new_target("split_tables"))
    with db.transaction() as s:
        settings.put(s, settings.STATISTICS_AGE_BANDS, [str(e) for e in AGE_EDGES])
        settings.put(s, settings.STATISTICS_PARTY_AGE_BANDS, [str(e) for e in PARTY_EDGES])
    with db.reading() as s:
        stats = year_statistics(s, YEAR)  # check_totals: every table's 女 and 少数民族 columns agree
    db.close()
    gender = {row.label: row.counts for row in stats.table("gender").rows}
    # 女, " 女" and "女\u3000" on the roster; "女 " left in the year and "女" was stopped (停止党籍)
    assert gender["女"][0] == 3  # 外出旗 of the county of edges, 空格女 and 全角女
    assert gender[c.NOT_GIVEN][0] == 1
    ethnicity = {row.label: row.counts for row in stats.table("ethnicity").rows}
    assert ethnicity[c.MINORITY] == (2, 2, 2, 0)  # 外出旗 (畲族, 女) and 空格女 (回, " 女")
    left = {row.label: row.counts for row in stats.table("left").rows}
    # 去世: the county's one and 去世女 ("女 ", 畲); 出党 (满族) on 12月31日; 停止党籍 ("女") on 1月1日
    # the county's 去世 was still 预备 on the day (转正 after it)
    assert left["去世"] == (2, 1, 1, 1)
    assert left["出党"] == (1, 0, 1, 0)
    assert left["停止党籍"] == (1, 1, 0, 0)
    assert stats.left_count == sum(counts[0] for counts in left.values())
