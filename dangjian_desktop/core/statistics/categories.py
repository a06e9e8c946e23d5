"""The rows of the year-end tables: what the roster stores, mapped to the categories the tables use.

Every mapping ends in a catch-all row (其他/未填), so a value nobody foresaw is still counted and every
table adds up to the roster. No database here.

Ages and 党龄 are taken on 12月31日 of the statistics year. On that day every birthday and every
anniversary of the year has passed (a 2月29日 one is kept on 2月28日), so the age is the year minus the
birth year and 党龄 the year minus the year of 转正: queries.py turns each band into a comparison with
a date, the same on either backend.
"""

from __future__ import annotations

from collections.abc import Sequence

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.exchange.importing.vocabulary import EDUCATION as EDUCATION_WORDS
from dangjian_desktop.core.roster.checks import ETHNICITIES

OTHER = "其他/未填"
NOT_GIVEN = "未填"


class StatisticsError(UserError):
    """The message is Chinese and shown to the user as it is."""


# --- 性别, 民族 ----------------------------------------------------------------------------------------

GENDER_ROWS = ("男", "女", NOT_GIVEN)


def gender_row(value: str | None) -> str:
    text = (value or "").strip()
    return text if text in ("男", "女") else NOT_GIVEN


HAN = "汉族"
MINORITY = "少数民族"
ETHNICITY_ROWS = (HAN, MINORITY, OTHER)
_MINORITIES = frozenset(e for e in ETHNICITIES if e != HAN)
# as ethnicity_row() reads them: the 55 names, with or without 族
MINORITY_NAMES = tuple(sorted(_MINORITIES | {name.removesuffix("族") for name in _MINORITIES}))


def ethnicity_row(value: str | None) -> str:
    """汉族 / 少数民族 by the 56 names (written with or without 族, as the importer reads them)."""
    text = (value or "").strip()
    if text in (HAN, "汉"):
        return HAN
    if text in MINORITY_NAMES:
        return MINORITY
    return OTHER


# --- 学历: the roster's values (core/roster/checks.EDUCATIONS, the importer's words) to the tables' -----

EDUCATION_ROWS = ("研究生", "大学本科", "大学专科", "中专/高中", "初中及以下", OTHER)
_EDUCATION_ROW = {
    "研究生": "研究生",
    "大学本科": "大学本科",
    "大学专科": "大学专科",
    "中专": "中专/高中",
    "高中": "中专/高中",
    "初中": "初中及以下",
    "小学": "初中及以下",
    "文盲或半文盲": "初中及以下",
}


def education_row(value: str | None) -> str:
    text = (value or "").strip()
    return _EDUCATION_ROW.get(EDUCATION_WORDS.get(text, text), OTHER)


# --- 职业: the roster keeps free text (工作岗位/职业); the first category whose word it contains --------

JOB_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("离退休人员", ("退休", "离休")),
    ("学生", ("学生", "在读", "在校")),
    ("村（社区）干部", ("书记", "村委", "居委", "主任", "委员", "网格员", "村干部", "社区干部", "村民组长", "文书")),
    ("党政机关工作人员", ("公务员", "机关", "政府", "乡镇干部", "参公")),
    ("专业技术人员", ("教师", "医生", "村医", "医师", "护士", "技术员", "工程师", "律师", "会计")),
    ("工人", ("工人", "务工", "打工", "职工", "司机", "技工", "厨师", "保安")),
    ("个体经营和企业人员", ("个体", "经营", "经商", "企业", "公司", "老板", "私营", "合作社", "商户", "店主")),
    ("农牧渔民", ("务农", "农民", "种植", "养殖", "渔", "牧", "农业", "种粮", "果农", "菜农", "农户")),
    ("军人、武警", ("军人", "武警", "部队", "士兵")),
)  # fmt: skip
OTHER_JOB = "其他职业"
JOB_ROWS = (*(name for name, _words in JOB_CATEGORIES), OTHER_JOB, NOT_GIVEN)


def job_row(value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        return NOT_GIVEN
    for name, words in JOB_CATEGORIES:
        if any(word in text for word in words):
            return name
    return OTHER_JOB


# --- bands: declared as settings (core/settings/catalogue.py), read here ------------------------------

NO_BIRTH_DATE = "出生日期未填"
PROBATIONARY_NO_STANDING = "预备党员（不计党龄）"
NO_PARTY_DATES = "入党、转正日期未填"


def parse_edges(values: Sequence[str], label: str) -> tuple[int, ...]:
    """A band setting's lines as whole numbers, strictly rising; StatisticsError naming the setting."""
    try:
        edges = tuple(int(str(v).strip()) for v in values if str(v).strip())
    except ValueError:
        edges = ()
    if not edges or any(not 0 < e < 150 for e in edges) or list(edges) != sorted(set(edges)):
        raise StatisticsError(f"设置“{label}”应为从小到大的整数，每行一个（如 30、35、40）")
    return edges


def age_band_labels(edges: Sequence[int]) -> tuple[str, ...]:
    """30,35,…,60 -> 30岁及以下, 31-35岁, …, 56-60岁, 61岁及以上."""
    labels = [f"{edges[0]}岁及以下"]
    labels += [
        f"{low + 1}-{high}岁" if high > low + 1 else f"{high}岁"
        for low, high in zip(edges, edges[1:], strict=False)
    ]
    return (*labels, f"{edges[-1] + 1}岁及以上")


def party_age_labels(edges: Sequence[int]) -> tuple[str, ...]:
    """5,10,20,…,50 -> 5年以下, 5-9年, 10-19年, …, 40-49年, 50年及以上 (whole years)."""
    labels = [f"{edges[0]}年以下"]
    labels += [
        f"{low}-{high - 1}年" if high - 1 > low else f"{low}年"
        for low, high in zip(edges, edges[1:], strict=False)
    ]
    return (*labels, f"{edges[-1]}年及以上")
