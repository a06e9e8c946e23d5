"""The year-end tables: the grouped rows of queries.py folded into the tables, then checked.

Strings (性别, 民族, 学历, 职业) are classified here in Python, once per distinct value; dates were
reduced to band codes by the queries. The roster count and the leavers are counted by a query of their
own, and check_totals() refuses tables that disagree with them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from sqlalchemy.orm import Session

from dangjian_desktop.core import settings
from dangjian_desktop.core.branch import is_township, require_branch
from dangjian_desktop.core.db import read_beside
from dangjian_desktop.core.models import LEFT_STATUSES, Category
from dangjian_desktop.core.statistics import categories as c
from dangjian_desktop.core.statistics import queries as q
from dangjian_desktop.core.statistics.tables import COLUMNS, StatRow, StatTable, YearStatistics, check_totals

FULL, PROBATIONARY = Category.FULL.value, Category.PROBATIONARY.value
FIRST_YEAR, LAST_YEAR = 1950, 2100
NEW, NEW_RECORDED, EARLIER, NO_JOIN_DATE = (
    "本年发展的党员",
    "其中：有发展党员纪实记录",
    "以前年度入党",
    "入党日期未填",
)
MOBILE, STAYING, LOST = "流动党员", "未外出流动的党员", "其中：失联党员"
LEFT_OTHER = "其他"
TABLE_KEYS = (
    "category",
    "gender",
    "ethnicity",
    "education",
    "job",
    "age",
    "party_age",
    "new",
    "mobile",
    "left",
)
_NEW_ROWS = {q.NEW_BY_DATE: NEW, q.EARLIER: EARLIER, q.NO_JOIN_DATE: NO_JOIN_DATE, q.NEW_RECORDED: NEW}


def default_scope(session: Session) -> int | None:
    """The village's own branch; None (every branch) in a township or county database."""
    return None if is_township(session) else require_branch(session).id


class _Table:
    """Counts per row label in the four columns (合计, 女, 少数民族, 预备党员)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])

    def add(self, label: str, weights: tuple[int, int, int, int]) -> None:
        row = self.rows[label]
        for i, n in enumerate(weights):
            row[i] += n

    def table(
        self,
        key: str,
        title: str,
        labels: Iterable[str],
        *,
        parts: tuple[tuple[str, str], ...] = (),
        note: str = "",
        leavers: bool = False,
    ) -> StatTable:
        """Rows in the order given (zeros included); labels found but not foreseen follow, sorted.
        A 其中 row's key starts with its row's label where two 其中 rows share a name."""
        labels = list(labels)
        order = labels + sorted(set(self.rows) - set(labels) - {part for _row, part in parts})
        rows: list[StatRow] = []
        for label in order:
            rows.append(StatRow(label, tuple(self.rows.get(label, (0, 0, 0, 0)))))
            for after, part in parts:
                if after == label:
                    counts = tuple(self.rows.get(part, (0, 0, 0, 0)))
                    rows.append(StatRow(part.removeprefix(label), counts, part=True))
        return StatTable(key, title, tuple(rows), COLUMNS, note, leavers)


def _edges(session: Session, spec: settings.SettingSpec) -> tuple[int, ...]:
    return c.parse_edges(settings.get(session, spec), spec.label)


def year_statistics(
    session: Session, year: int, branch_id: int | None = None, *, beside: Session | None = None
) -> YearStatistics:
    """The year-end tables of one branch (branch_id) or of every branch in the database (None). Given
    a second reader of the same state (services.query_together), the codes' statement, the longest,
    is read in it on a thread beside the rest."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise c.StatisticsError(f"统计年度应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间：{year}")
    age_edges = _edges(session, settings.STATISTICS_AGE_BANDS)
    party_edges = _edges(session, settings.STATISTICS_PARTY_AGE_BANDS)
    age_labels, party_labels = c.age_band_labels(age_edges), c.party_age_labels(party_edges)
    branches = q.branches(session)
    if branch_id is not None and branch_id not in branches:
        raise c.StatisticsError("找不到该党支部")
    y = q.Year(year, branch_id)
    gender, ethnicity = cache(c.gender_row), cache(c.ethnicity_row)
    education, job = cache(c.education_row), cache(c.job_row)

    t = {key: _Table() for key in TABLE_KEYS}
    # the tables of the words (性别, 民族, 学历, 职业): each stored word classified once
    words = q.by_words(session, y)
    women = sorted({g for g, *_rest in words if g is not None and gender(g) == "女"})
    minorities = sorted({e for _g, e, *_rest in words if e is not None and ethnicity(e) == c.MINORITY})
    for g, eth, edu, work, n, in_probation in words:
        if n:
            w = (n, n if gender(g) == "女" else 0, n if ethnicity(eth) == c.MINORITY else 0, in_probation)
            t["gender"].add(gender(g), w)
            t["ethnicity"].add(ethnicity(eth), w)
            t["education"].add(education(edu), w)
            t["job"].add(job(work), w)

    # the tables of the codes, the 女 and 少数民族 columns by the words found above
    def codes(reader: Session) -> list[tuple[int, ...]]:
        return list(q.by_codes(reader, y, age_edges, party_edges, women, minorities))

    with read_beside(beside, session, codes) as coded:
        roster, left = q.counted(session, y)
        places = None
        if branch_id is None and len(branches) > 1:
            places = _places(session, y, branches, women, minorities)
        estimated = _add_codes(t, coded(), age_labels, party_labels)
    tables = _tables(t, year, age_labels, party_labels, estimated)
    if places is not None:
        tables.insert(-1, places)
    scope = branches[branch_id][0] if branch_id is not None else _scope_name(branches)
    count = 1 if branch_id is not None else len(branches)
    return check_totals(YearStatistics(year, scope, count, roster, left, tuple(tables)))


def _add_codes(
    t: dict[str, _Table],
    rows: list[tuple[int, ...]],
    age_labels: tuple[str, ...],
    party_labels: tuple[str, ...],
) -> int:
    """The tables of the codes from by_codes' rows; how many members' 党龄 was estimated."""
    estimated = 0
    for state, woman, minority, prob, age, standing, new, away, lost, n in rows:
        w = (n, n * woman, n * minority, n if prob else 0)
        if state:
            t["left"].add(LEFT_STATUSES[state - 1] if state < q.LEFT_OTHER_CODE else LEFT_OTHER, w)
            continue
        t["category"].add(PROBATIONARY if prob else FULL, w)
        t["age"].add(c.NO_BIRTH_DATE if age < 0 else age_labels[age], w)
        if prob:
            t["party_age"].add(c.PROBATIONARY_NO_STANDING, w)
        elif standing == q.NO_DATES_CODE:
            t["party_age"].add(c.NO_PARTY_DATES, w)
        else:
            estimated += n if standing >= q.ESTIMATED else 0
            t["party_age"].add(party_labels[standing % q.ESTIMATED], w)
        t["new"].add(_NEW_ROWS[new], w)
        if new == q.NEW_RECORDED:
            t["new"].add(NEW_RECORDED, w)
        where = MOBILE if away else STAYING
        t["mobile"].add(where, w)
        if lost:
            t["mobile"].add(where + LOST, w)
    return estimated


def _tables(
    t: dict[str, _Table],
    year: int,
    age_labels: tuple[str, ...],
    party_labels: tuple[str, ...],
    estimated: int,
) -> list[StatTable]:
    end = f"{year}年12月31日"
    party_note = f"党龄从转正日期算至{end}"
    if estimated:
        party_note += f"；转正日期未填的 {estimated} 名正式党员按入党日期满一年估算"
    return [
        t["category"].table("category", "党员类别", (FULL, PROBATIONARY), note=f"按{end}的情况统计"),
        t["gender"].table("gender", "性别", c.GENDER_ROWS),
        t["ethnicity"].table("ethnicity", "民族", c.ETHNICITY_ROWS),
        t["education"].table("education", "学历", c.EDUCATION_ROWS),
        t["age"].table("age", "年龄", (*age_labels, c.NO_BIRTH_DATE), note=f"年龄按{end}计算"),
        t["party_age"].table(
            "party_age",
            "党龄",
            (*party_labels, c.PROBATIONARY_NO_STANDING, c.NO_PARTY_DATES),
            note=party_note,
        ),
        t["job"].table("job", "职业", c.JOB_ROWS, note="按花名册“工作岗位/职业”所填文字归类"),
        t["new"].table(
            "new",
            "本年发展党员",
            (NEW, EARLIER, NO_JOIN_DATE),
            parts=((NEW, NEW_RECORDED),),
            note="有发展党员纪实记录的按支部大会通过接收的日期，其余按入党日期；"
            "本年发展后又离开的计入“本年减少党员”",
        ),
        t["mobile"].table(
            "mobile",
            "流动党员和失联党员",
            (MOBILE, STAYING),
            parts=((MOBILE, MOBILE + LOST), (STAYING, STAYING + LOST)),
            note=f"流动按外出登记（有外出记录的按{end}是否在外）；失联为支部已确认失联的党员",
        ),
        t["left"].table(
            "left",
            "本年减少党员（按离开方式）",
            LEFT_STATUSES,
            note=f"离开日期在{year}年内的党员；合计为本年减少人数，不是在册人数",
            leavers=True,
        ),
    ]


def _places(
    session: Session,
    y: q.Year,
    branches: dict[int, tuple[str, str]],
    women: list[str],
    minorities: list[str],
) -> StatTable:
    """Members on the roster per branch, or per township where the database holds several."""
    by_township = len({town for _name, town in branches.values()}) > 1
    labels: dict[int, str] = {}
    taken: set[str] = set()
    for bid, (name, town) in sorted(branches.items(), key=lambda item: (item[1][1], item[1][0], item[0])):
        label = (town or "乡镇未填") if by_township else name
        if not by_township and label in taken:  # two branches of one name: told apart by their number
            label = f"{name}（{bid}）"
        taken.add(label)
        labels[bid] = label
    table = _Table()
    for bid, n, female, minority, probationary in q.per_branch(session, y, women, minorities):
        table.add(labels[bid], (n, female, minority, probationary))
    title = "各乡镇党员数" if by_township else "各党支部党员数"
    order = tuple(dict.fromkeys(labels.values()))
    return table.table("places", title, order, note=f"在册党员按{y.year}年12月31日统计")


def _scope_name(branches: dict[int, tuple[str, str]]) -> str:
    towns = sorted({town for _name, town in branches.values()} - {""})
    if len(towns) == 1:
        return towns[0]
    return f"{len(towns)}个乡镇" if towns else "全部党支部"
