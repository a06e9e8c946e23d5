"""Year-end statistics: a hand-made branch whose every count is worked out below by hand, the band edges
on 12月31日, the totals against the roster (demo branch, a township of merged villages), the check."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dangjian_desktop.core import settings
from dangjian_desktop.core.db import Database
from dangjian_desktop.core.models import Branch, DevelopPerson, DevelopStep, Member, MobileTrip
from dangjian_desktop.core.roster import list_members
from dangjian_desktop.core.statistics import (
    StatisticsError,
    StatRow,
    StatTable,
    YearStatistics,
    check_totals,
    default_scope,
    year_statistics,
)

YEAR = 2026
D = dt.date


def _member(session, branch_id: int, name: str, **fields) -> Member:
    values = {"gender": "男", "ethnicity": "汉族", "category": "正式党员", "status": "在册"} | fields
    member = Member(branch_id=branch_id, name=name, **values)
    session.add(member)
    session.flush()
    return member


@pytest.fixture
def hand_made(db: Database, branch_id: int) -> Database:
    """Ten members on the roster on 2026-12-31, three who left during 2026, three who count for neither."""
    with db.transaction() as s:
        b = branch_id
        _member(
            s,
            b,
            "甲",
            education="大学本科",
            job="务农",
            birth_date=D(1996, 12, 31),
            join_date=D(2019, 5, 1),
            full_date=D(2020, 5, 1),
        )
        _member(
            s,
            b,
            "乙",
            gender="女",
            ethnicity="畲族",
            education="初中",
            job="个体经营",
            birth_date=D(1995, 12, 31),
            join_date=D(2026, 3, 1),
            category="预备党员",
        )
        _member(
            s,
            b,
            "丙",
            education="本科",
            job="退休教师",
            birth_date=D(1976, 1, 1),
            join_date=D(1975, 12, 31),
            full_date=D(1976, 12, 31),
        )
        _member(
            s,
            b,
            "丁",
            gender="女",
            ethnicity="",
            education="",
            job="",
            join_date=D(2000, 6, 1),
            is_lost_contact=True,
        )
        _member(
            s,
            b,
            "戊",
            ethnicity="回族",
            education="中专",
            job="外出务工",
            birth_date=D(1965, 6, 30),
            join_date=D(1976, 1, 1),
            full_date=D(1977, 1, 1),
            is_mobile=True,
            is_lost_contact=True,
        )
        f = _member(
            s,
            b,
            "己",
            education="研究生",
            job="村党支部书记",
            birth_date=D(1991, 1, 1),
            join_date=D(2020, 12, 31),
            full_date=D(2021, 12, 31),
        )
        g = _member(
            s,
            b,
            "庚",
            gender="女",
            education="高中",
            job="说不清",
            birth_date=D(1990, 12, 31),
            join_date=D(2021, 1, 1),
            full_date=D(2022, 1, 1),
            is_mobile=True,
        )
        h = _member(
            s,
            b,
            "辛",
            education="小学",
            job="养殖户",
            birth_date=D(1996, 1, 1),
            join_date=D(2026, 2, 10),
            category="预备党员",
        )
        _member(
            s,
            b,
            "壬",
            job="网格员",
            education="大学专科",
            birth_date=D(1986, 12, 31),
            join_date=D(2015, 12, 31),
            full_date=D(2016, 12, 31),
            status="转出",
            left_date=D(2027, 1, 1),
        )
        _member(
            s,
            b,
            "癸",
            job="村医",
            education="大学专科",
            birth_date=D(1981, 1, 1),
            join_date=D(2026, 1, 2),
            full_date=D(2027, 1, 2),
        )
        # left during 2026
        _member(
            s,
            b,
            "子",
            status="转出",
            left_date=D(2026, 6, 30),
            join_date=D(2000, 1, 1),
            full_date=D(2001, 1, 1),
        )
        _member(
            s,
            b,
            "丑",
            status="去世",
            left_date=D(2026, 12, 31),
            join_date=D(1960, 1, 1),
            full_date=D(1961, 1, 1),
        )
        _member(
            s,
            b,
            "寅",
            gender="女",
            status="停止党籍",
            left_date=D(2026, 1, 1),
            join_date=D(2025, 10, 1),
            category="预备党员",
        )
        # neither: left in 2025, joined in 2027, left with no date
        _member(s, b, "卯", status="出党", left_date=D(2025, 12, 31), join_date=D(2000, 1, 1))
        _member(s, b, "辰", join_date=D(2027, 1, 1), category="预备党员")
        _member(s, b, "巳", status="转出", join_date=D(2000, 1, 1))
        # 己 came back in October; 庚 is still away; 辛 was admitted by a recorded 支部大会
        s.add(
            MobileTrip(
                member_id=f.id, left_date=D(2026, 3, 1), place="广东深圳", returned_date=D(2026, 10, 1)
            )
        )
        s.add(MobileTrip(member_id=g.id, left_date=D(2026, 6, 1), place="浙江宁波"))
        person = DevelopPerson(branch_id=b, name="辛", id_number="360426199601010071", member_id=h.id)
        s.add(person)
        s.flush()
        s.add(DevelopStep(person_id=person.id, step="支部大会", date=D(2026, 2, 10), passed=True))
    return db  # fmt: skip


def _rows(stats: YearStatistics, key: str) -> dict[str, tuple[int, ...]]:
    return {row.label: row.counts for row in stats.table(key).rows if not row.part}


def _parts(stats: YearStatistics, key: str) -> list[tuple[str, tuple[int, ...]]]:
    return [(row.label, row.counts) for row in stats.table(key).rows if row.part]


def test_the_hand_made_branch(hand_made: Database, branch_id: int) -> None:
    with hand_made.reading() as s:
        stats = year_statistics(s, YEAR, branch_id)
    assert (stats.roster_count, stats.left_count, stats.scope, stats.branches) == (10, 3, "测试村党支部", 1)
    # columns: 合计, 女, 少数民族, 预备党员
    assert _rows(stats, "category") == {"正式党员": (7, 2, 1, 0), "预备党员": (3, 1, 1, 3)}
    assert _rows(stats, "gender") == {"男": (7, 0, 1, 2), "女": (3, 3, 1, 1), "未填": (0, 0, 0, 0)}
    assert _rows(stats, "ethnicity") == {
        "汉族": (7, 1, 0, 2),
        "少数民族": (2, 1, 2, 1),
        "其他/未填": (1, 1, 0, 0),
    }
    assert _rows(stats, "education") == {
        "研究生": (1, 0, 0, 0),
        "大学本科": (2, 0, 0, 0),  # 甲, and 丙's 本科
        "大学专科": (2, 0, 0, 1),
        "中专/高中": (2, 1, 1, 0),
        "初中及以下": (2, 1, 1, 2),
        "其他/未填": (1, 1, 0, 0),
    }
    jobs = {label: counts[0] for label, counts in _rows(stats, "job").items()}
    assert jobs == {
        "离退休人员": 1,
        "学生": 0,
        "村（社区）干部": 2,
        "党政机关工作人员": 0,
        "专业技术人员": 1,
        "工人": 1,
        "个体经营和企业人员": 1,
        "农牧渔民": 2,
        "军人、武警": 0,
        "其他职业": 1,
        "未填": 1,
    }
    ages = {label: counts[0] for label, counts in _rows(stats, "age").items()}
    assert ages == {
        "30岁及以下": 2,  # 甲 (born 1996-12-31: 30 on the day), 辛 (born 1996-01-01)
        "31-35岁": 2,  # 乙 (born 1995-12-31: 31 on the day), 己 (born 1991-01-01: 35)
        "36-40岁": 2,  # 庚 (born 1990-12-31: 36), 壬 (40)
        "41-45岁": 1,
        "46-50岁": 1,
        "51-55岁": 0,
        "56-60岁": 0,
        "61岁及以上": 1,
        "出生日期未填": 1,
    }
    standing = {label: counts[0] for label, counts in _rows(stats, "party_age").items()}
    assert standing == {
        "5年以下": 1,  # 庚: 转正 2022-01-01, 4 years
        "5-9年": 2,  # 甲 6, 己 转正 2021-12-31: 5 on the day
        "10-19年": 1,  # 壬: 10 on the day
        "20-29年": 1,  # 丁: no 转正日期, 入党 2000-06-01 + 1 year: 25
        "30-39年": 0,
        "40-49年": 1,  # 戊: 转正 1977-01-01, 49
        "50年及以上": 1,  # 丙: 转正 1976-12-31, 50 on the day
        "预备党员（不计党龄）": 3,  # 乙, 辛, and 癸 whose 转正 is in 2027
        "入党、转正日期未填": 0,
    }
    assert "1 名正式党员按入党日期满一年估算" in stats.table("party_age").note
    assert _rows(stats, "new") == {
        "本年发展的党员": (3, 1, 1, 3),
        "以前年度入党": (7, 2, 1, 0),
        "入党日期未填": (0, 0, 0, 0),
    }
    assert _parts(stats, "new") == [("其中：有发展党员纪实记录", (1, 0, 0, 1))]
    assert _rows(stats, "mobile") == {"流动党员": (2, 1, 1, 0), "未外出流动的党员": (8, 2, 1, 3)}
    assert _parts(stats, "mobile") == [("其中：失联党员", (1, 0, 1, 0)), ("其中：失联党员", (1, 1, 0, 0))]
    assert _rows(stats, "left") == {
        "转出": (1, 0, 0, 0),
        "去世": (1, 0, 0, 0),
        "停止党籍": (1, 1, 0, 1),
        "出党": (0, 0, 0, 0),
    }
    assert [t.total for t in stats.tables] == [3 if t.counts_leavers else 10 for t in stats.tables]
    assert "places" not in {t.key for t in stats.tables}  # one branch


def test_the_next_year_moves_every_band(hand_made: Database, branch_id: int) -> None:
    """A year on, the roster is the nine still there (壬 left on 2027-01-01, 辰 joined that day)."""
    with hand_made.reading() as s:
        stats = year_statistics(s, YEAR + 1, branch_id)
    assert (stats.roster_count, stats.left_count) == (10, 1)
    assert _rows(stats, "left")["转出"][0] == 1
    assert _rows(stats, "age")["30岁及以下"][0] == 0  # 甲 and 辛 are 31 now
    # 癸 转正 on 2027-01-02 and 壬 left; 辰 came as a 预备党员
    assert _rows(stats, "category") == {"正式党员": (7, 2, 1, 0), "预备党员": (3, 1, 1, 3)}


def _born(db: Database, branch_id: int, births: list[dt.date]) -> None:
    with db.transaction() as s:
        for n, birth in enumerate(births):
            _member(
                s, branch_id, f"党员{n}", birth_date=birth, join_date=D(2020, 1, 1), full_date=D(2021, 1, 1)
            )


@pytest.mark.parametrize("edge", [30, 35, 40, 45, 50, 55, 60])
def test_every_age_edge_on_december_31(db: Database, branch_id: int, edge: int) -> None:
    """Born on 12月31日: the new age counts that very day; the day before too; the day after not yet."""
    on_the_day, day_before, day_after = (
        D(YEAR - edge, 12, 31),
        D(YEAR - edge, 12, 30),
        D(YEAR - edge + 1, 1, 1),
    )
    _born(db, branch_id, [on_the_day, day_before, day_after])
    with db.reading() as s:
        ages = {
            label: counts[0] for label, counts in _rows(year_statistics(s, YEAR, branch_id), "age").items()
        }
    at_edge = "30岁及以下" if edge == 30 else f"{edge - 4}-{edge}岁"
    above = "61岁及以上" if edge == 60 else f"{edge + 1}-{edge + 5}岁"
    # on 2026-12-31 the first two are `edge` years old, the third edge - 1 (its birthday is tomorrow's)
    assert ages[at_edge] == 3
    assert ages[above] == 0
    _born(db, branch_id, [D(YEAR - edge - 1, 12, 31), D(YEAR - edge - 1, 12, 30)])  # edge + 1 on the day
    with db.reading() as s:
        ages = {
            label: counts[0] for label, counts in _rows(year_statistics(s, YEAR, branch_id), "age").items()
        }
    assert ages[above] == 2


@pytest.mark.parametrize(("full_date", "band"), [
    (D(2022, 1, 1), "5年以下"),  # 4 years and 364 days
    (D(2021, 12, 31), "5-9年"),  # 5 on the day
    (D(2017, 1, 1), "5-9年"),
    (D(2016, 12, 31), "10-19年"),
    (D(2007, 1, 1), "10-19年"),
    (D(2006, 12, 31), "20-29年"),
    (D(1977, 1, 1), "40-49年"),
    (D(1976, 12, 31), "50年及以上"),  # 50 exactly
    (D(1976, 12, 30), "50年及以上"),
    (D(1976, 2, 29), "50年及以上"),  # a 2月29日 转正 is remembered on 2月28日
])  # fmt: skip
def test_every_party_age_edge(db: Database, branch_id: int, full_date: dt.date, band: str) -> None:
    with db.transaction() as s:
        _member(s, branch_id, "党员", join_date=full_date - dt.timedelta(days=365), full_date=full_date)
    with db.reading() as s:
        rows = _rows(year_statistics(s, YEAR, branch_id), "party_age")
    assert rows[band][0] == 1
    assert sum(counts[0] for counts in rows.values()) == 1


def test_the_band_settings_change_the_rows(db: Database, branch_id: int) -> None:
    _born(db, branch_id, [D(1990, 6, 1), D(1950, 6, 1)])  # 36 and 76
    with db.transaction() as s:
        settings.put(s, settings.STATISTICS_AGE_BANDS, ["35", "45", "60"])
        settings.put(s, settings.STATISTICS_PARTY_AGE_BANDS, ["10", "50"])
    with db.reading() as s:
        stats = year_statistics(s, YEAR, branch_id)
    assert list(_rows(stats, "age")) == ["35岁及以下", "36-45岁", "46-60岁", "61岁及以上", "出生日期未填"]
    assert _rows(stats, "age")["36-45岁"][0] == 1 and _rows(stats, "age")["61岁及以上"][0] == 1
    assert list(_rows(stats, "party_age"))[:3] == ["10年以下", "10-49年", "50年及以上"]


@pytest.mark.parametrize("bands", [["30", "abc"], ["40", "30"], ["30", "30"], [], ["0"], ["150"]])
def test_a_broken_band_setting_is_named(db: Database, branch_id: int, bands: list[str]) -> None:
    with db.transaction() as s:
        settings.put(s, settings.STATISTICS_AGE_BANDS, bands)
    with db.reading() as s, pytest.raises(StatisticsError, match="年龄段"):
        year_statistics(s, YEAR, branch_id)


@pytest.mark.parametrize(("year", "ok"), [(1949, False), (1950, True), (2100, True), (2101, False)])
def test_the_year_bounds(db: Database, branch_id: int, year: int, ok: bool) -> None:
    with db.reading() as s:
        if ok:
            assert year_statistics(s, year, branch_id).roster_count == 0
        else:
            with pytest.raises(StatisticsError, match="统计年度"):
                year_statistics(s, year, branch_id)


def test_a_table_that_disagrees_is_refused() -> None:
    def table(counts: tuple[int, ...], key: str = "t") -> StatTable:
        return StatTable(key, "性别", (StatRow("男", counts),))

    good = YearStatistics(YEAR, "村", 1, 5, 0, (table((5, 1, 0, 0)), table((5, 1, 0, 0), "u")))
    assert check_totals(good) is good
    with pytest.raises(StatisticsError, match="合计 4 名，12月31日在册党员 5 名"):
        check_totals(YearStatistics(YEAR, "村", 1, 5, 0, (table((4, 1, 0, 0)),)))
    with pytest.raises(StatisticsError, match="各列合计"):
        check_totals(YearStatistics(YEAR, "村", 1, 5, 0, (table((5, 1, 0, 0)), table((5, 2, 0, 0), "u"))))
    part = StatTable(
        "t", "流动", (StatRow("流动党员", (1, 0, 0, 0)), StatRow("其中：失联", (2, 0, 0, 0), part=True))
    )
    with pytest.raises(StatisticsError, match="多于所属的行"):
        check_totals(YearStatistics(YEAR, "村", 1, 1, 0, (part,)))
    leavers = StatTable("left", "减少", (StatRow("转出", (2, 0, 0, 0)),), counts_leavers=True)
    with pytest.raises(StatisticsError, match="本年减少党员 3 名"):
        check_totals(YearStatistics(YEAR, "村", 1, 0, 3, (leavers,)))


def test_the_demo_branch_agrees_with_the_roster(demo_db: Database) -> None:
    today = dt.date.today()
    with demo_db.reading() as s:
        scope = default_scope(s)
        stats = year_statistics(s, today.year, scope)
        on_roster = [
            r
            for r in list_members(s, include_left=False)
            if r.join_date is None or r.join_date.year <= today.year
        ]
        left = [
            r for r in list_members(s) if not r.is_active and r.left_date and r.left_date.year == today.year
        ]
    assert scope is not None and stats.roster_count == len(on_roster) > 30
    assert stats.left_count == len(left) == 2
    for table in stats.tables:
        assert table.total == (len(left) if table.counts_leavers else len(on_roster)), table.title
    assert stats.table("gender").column_sums()[1] == sum(1 for r in on_roster if r.gender == "女")
    assert stats.table("category").column_sums()[3] == sum(1 for r in on_roster if r.category == "预备党员")


def test_a_township_of_merged_villages(tmp_path, db: Database) -> None:
    from dangjian_desktop.core.exchange.merge import merge_package
    from dangjian_desktop.core.exchange.package_export import export_package
    from tests.core.exchange.conftest import make_village

    when = dt.datetime(2026, 11, 22, 9, 30)
    sizes = {"凤凰村党支部": 45, "青松村党支部": 30, "白云村党支部": 60}
    for n, (name, size) in enumerate(sizes.items()):
        village = make_village(tmp_path / f"v{n}.sqlite3", size=size, seed=10 + n, name=name)
        merge_package(
            db, export_package(village, tmp_path / f"{n}.djpkg", now=when, with_documents=False), enroll=True
        )
        village.close()
    with db.reading() as s:
        assert default_scope(s) is None  # several branches: the township
        stats = year_statistics(s, YEAR, None)
        names = dict(s.execute(select(Branch.id, Branch.name)).all())
        active = [r for r in list_members(s, include_left=False)]
        branch_of = dict(s.execute(select(Member.id, Member.branch_id)).all())
    assert stats.branches == 3 and stats.scope == "青山镇"
    assert stats.roster_count == len(active)
    places = {row.label: row.total for row in stats.table("places").rows}
    assert places == {name: sum(1 for r in active if names[branch_of[r.id]] == name) for name in sizes}
    for table in stats.tables:
        assert table.total == (stats.left_count if table.counts_leavers else len(active)), table.title
    assert stats.left_count == 2 * 3  # each demo village has one 转出 and one 去世 in 2026
    with db.transaction() as s:  # a county: several townships, one row each
        first = min(names)
        s.get(Branch, first).township = "白沙镇"
    with db.reading() as s:
        stats = year_statistics(s, YEAR, None)
    assert stats.scope == "2个乡镇"
    assert {row.label for row in stats.table("places").rows} == {"白沙镇", "青山镇"}
    assert stats.table("places").total == len(active)


def test_every_value_the_roster_offers_has_its_row() -> None:
    """The form's 学历 and 民族 lists never land in 其他/未填; anything else does, so totals still agree."""
    from dangjian_desktop.core.roster.checks import EDUCATIONS, ETHNICITIES
    from dangjian_desktop.core.statistics.categories import (
        EDUCATION_ROWS,
        education_row,
        ethnicity_row,
        gender_row,
        job_row,
    )

    assert {education_row(e) for e in EDUCATIONS} == set(EDUCATION_ROWS) - {"其他/未填"}
    assert [education_row(e) for e in ("硕士", "大专", "技校", "", "幼儿园", None)] == [
        "研究生", "大学专科", "中专/高中", "其他/未填", "其他/未填", "其他/未填",
    ]  # fmt: skip
    assert {ethnicity_row(e) for e in ETHNICITIES} == {"汉族", "少数民族"}
    assert [ethnicity_row(e) for e in ("汉", "畲", "穿青人", "", None)] == [
        "汉族",
        "少数民族",
        "其他/未填",
        "其他/未填",
        "其他/未填",
    ]
    assert [gender_row(g) for g in ("男", "女", "", "未知")] == ["男", "女", "未填", "未填"]
    assert [job_row(j) for j in ("退休教师", "村委会主任", "外出务工", "务农", "开网店", "  ")] == [
        "离退休人员", "村（社区）干部", "工人", "农牧渔民", "其他职业", "未填",
    ]  # fmt: skip
