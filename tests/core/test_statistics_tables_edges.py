"""The year-end statistics' rows and check, without a database: the words as the tables read them
(spaces, short names, the first 职业 that matches), the band settings on their limits (1 and 149, a
blank line, numbers given as numbers), the labels of bands one year wide, the --json shape, and each
way check_totals refuses a table, in its exact words."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian_desktop.core.statistics import StatisticsError, StatRow, StatTable, YearStatistics, check_totals
from dangjian_desktop.core.statistics import categories as c


def test_gender_words() -> None:
    assert [c.gender_row(g) for g in (" 女 ", "男\u3000", "女", None, "", "未知", "男女")] == [
        "女", "男", "女", "未填", "未填", "未填", "未填",
    ]  # fmt: skip


def test_ethnicity_words() -> None:
    assert [c.ethnicity_row(e) for e in (" 汉 ", "汉族", "畲", " 畲族\u3000", "高山", None, "", "汉人")] == [
        "汉族", "汉族", "少数民族", "少数民族", "少数民族", "其他/未填", "其他/未填", "其他/未填",
    ]  # fmt: skip
    assert len(c.MINORITY_NAMES) == 2 * 55 and "汉" not in c.MINORITY_NAMES and "汉族" not in c.MINORITY_NAMES
    assert list(c.MINORITY_NAMES) == sorted(c.MINORITY_NAMES)


def test_education_words() -> None:
    words = (
        " 本科 ",
        "大学本科",
        "硕士",
        "大专",
        "中专",
        "技校",
        "高中",
        "职高",
        "初中",
        "小学",
        "文盲",
        None,
        "",
        "幼儿园",
    )
    assert [c.education_row(e) for e in words] == [
        "大学本科", "大学本科", "研究生", "大学专科", "中专/高中", "中专/高中", "中专/高中", "中专/高中",
        "初中及以下", "初中及以下", "初中及以下", "其他/未填", "其他/未填", "其他/未填",
    ]  # fmt: skip


def test_job_words_first_category_wins() -> None:
    jobs = {
        "退休村书记": "离退休人员",  # 退休 comes before 书记
        "在校学生": "学生",
        "村委会文书": "村（社区）干部",
        "乡镇干部": "党政机关工作人员",
        "乡村教师": "专业技术人员",
        "货车司机": "工人",
        "合作社理事": "个体经营和企业人员",
        "务农": "农牧渔民",
        "部队服役": "军人、武警",
        "开网店": "其他职业",
        " ": "未填",
        None: "未填",
    }
    assert {job: c.job_row(job) for job in jobs} == jobs
    for name, words in c.JOB_CATEGORIES:
        assert all(c.job_row(f" {word} ") == name for word in words)
    assert c.JOB_ROWS[-2:] == ("其他职业", "未填") and len(c.JOB_ROWS) == len(c.JOB_CATEGORIES) + 2


@pytest.mark.parametrize(
    ("values", "edges"),
    [
        (["1", "149"], (1, 149)),
        ([" 30 ", "", "  ", "40"], (30, 40)),
        ([30, 40], (30, 40)),
        (["5"], (5,)),
    ],
)
def test_band_settings_on_their_limits(values: list, edges: tuple[int, ...]) -> None:
    assert c.parse_edges(values, "年龄段") == edges


@pytest.mark.parametrize(
    "values", [["0", "30"], ["30", "150"], ["-5"], ["30", "30"], ["40", "30"], ["3a"], ["3.5"], [], [" ", ""]]
)
def test_band_settings_refused_in_words_naming_them(values: list) -> None:
    with pytest.raises(StatisticsError) as caught:
        c.parse_edges(values, "某设置")
    assert str(caught.value) == "设置“某设置”应为从小到大的整数，每行一个（如 30、35、40）"


def test_band_labels_one_year_wide() -> None:
    assert c.age_band_labels((30,)) == ("30岁及以下", "31岁及以上")
    assert c.age_band_labels((30, 31, 35, 37)) == ("30岁及以下", "31岁", "32-35岁", "36-37岁", "38岁及以上")
    assert c.party_age_labels((5,)) == ("5年以下", "5年及以上")
    assert c.party_age_labels((5, 6, 10, 12)) == ("5年以下", "5年", "6-9年", "10-11年", "12年及以上")


COLUMNS = ("合计", "女", "少数民族", "预备党员")


def _t(title: str, *rows: StatRow, key: str = "t", leavers: bool = False, columns=COLUMNS) -> StatTable:  # noqa: ANN001
    return StatTable(key, title, rows, columns, "注", leavers)


def test_json_shape() -> None:
    table = _t(
        "流动", StatRow("流动党员", (3, 1, 0, 1)), StatRow("其中：失联", (1, 1, 0, 0), part=True), key="m"
    )
    assert table.total == 3 and table.column_sums() == (3, 1, 0, 1) and table.rows[1].total == 1
    assert table.as_json() == {
        "key": "m",
        "title": "流动",
        "columns": list(COLUMNS),
        "rows": [
            {
                "label": "流动党员",
                "part": False,
                "counts": {"合计": 3, "女": 1, "少数民族": 0, "预备党员": 1},
            },
            {
                "label": "其中：失联",
                "part": True,
                "counts": {"合计": 1, "女": 1, "少数民族": 0, "预备党员": 0},
            },
        ],
        "total": 3,
        "note": "注",
        "counts_leavers": False,
    }
    left = _t("减少", StatRow("转出", (2, 0, 0, 0)), key="left", leavers=True)
    stats = YearStatistics(2026, "青山镇", 3, 3, 2, (table, left))
    assert stats.as_of == dt.date(2026, 12, 31) and stats.table("left") is left
    assert stats.as_json() == {
        "year": 2026,
        "as_of": "2026-12-31",
        "scope": "青山镇",
        "branches": 3,
        "roster_count": 3,
        "left_count": 2,
        "tables": [table.as_json(), left.as_json()],
    }
    assert stats.as_json()["tables"][1]["counts_leavers"] is True
    assert check_totals(stats) is stats


def _refused(*tables: StatTable, roster: int = 5, left: int = 0) -> str:
    with pytest.raises(StatisticsError) as caught:
        check_totals(YearStatistics(2026, "村", 1, roster, left, tables))
    return str(caught.value)


def _passes(*tables: StatTable, roster: int = 5, left: int = 0) -> None:
    stats = YearStatistics(2026, "村", 1, roster, left, tables)
    assert check_totals(stats) is stats


def test_each_refusal_in_its_words() -> None:
    five = StatRow("男", (5, 1, 1, 0))
    assert _refused(_t("性别", StatRow("男", (4, 1, 1, 0)))) == (
        "统计核对不一致：“性别”合计 4 名，12月31日在册党员 5 名，报表未生成"
    )
    assert _refused(_t("性别", five), _t("减少", StatRow("转出", (2, 0, 0, 0)), leavers=True), left=3) == (
        "统计核对不一致：“减少”合计 2 名，本年减少党员 3 名，报表未生成"
    )
    # the third table differs from the first; the second agrees
    assert _refused(_t("甲", five), _t("乙", five), _t("丙", StatRow("男", (5, 1, 0, 0)))) == (
        "统计核对不一致：“丙”各列合计与其他表不同，报表未生成"
    )
    assert _refused(_t("流动", five, StatRow("其中：失联", (1, 1, 1, 1), part=True))) == (
        "统计核对不一致：“流动”的“其中：失联”多于所属的行，报表未生成"
    )
    # a 其中 row above every row has nothing to belong to
    assert "“其中：失联”多于所属的行" in _refused(
        _t("流动", StatRow("其中：失联", (0, 0, 0, 0), part=True), five)
    )


def test_what_the_check_lets_through() -> None:
    five = StatRow("男", (5, 1, 1, 0))
    # a 其中 row equal to its row; two 其中 rows under one row, each read against that row
    _passes(
        _t(
            "流动",
            five,
            StatRow("其中：甲", (5, 1, 1, 0), part=True),
            StatRow("其中：乙", (1, 0, 1, 0), part=True),
        )
    )
    # 其中 rows are not added into the total
    _passes(
        _t(
            "流动",
            StatRow("a", (3, 1, 1, 0)),
            StatRow("b", (2, 0, 0, 0)),
            StatRow("其中", (2, 0, 0, 0), part=True),
        )
    )
    # the leavers' table's breakdown columns are not held to the roster's
    _passes(_t("性别", five), _t("减少", StatRow("转出", (2, 2, 2, 2)), leavers=True), left=2)
    # a table with other columns is held to the roster's total only
    _passes(_t("性别", five), _t("别的", StatRow("x", (5, 0)), columns=("合计", "其他")))
    _passes(_t("别的", StatRow("x", (5, 0)), columns=("合计", "其他")), _t("性别", five))
    _passes(roster=0)
    _passes(_t("空", StatRow("x", (0, 0, 0, 0))), roster=0)


def test_a_row_short_of_the_columns_is_not_written_short() -> None:
    """--json names each count by its column: a row with a count missing is an error, not a shorter row."""
    with pytest.raises(ValueError):
        _t("性别", StatRow("男", (5, 1, 1))).as_json()
    with pytest.raises(ValueError):
        _t("性别", StatRow("男", (5, 1, 1, 0, 0))).as_json()
    # nor is a 其中 row short of its row's columns read against the part it has
    with pytest.raises(ValueError):
        _passes(_t("流动", StatRow("男", (5, 1, 1, 0)), StatRow("其中：失联", (1, 1, 1), part=True)))
