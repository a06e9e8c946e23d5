"""The rules of 发展党员: stages, steps, the national rules as one versioned table, the local settings.

National rules are revised from time to time (the 1990 细则 was replaced in 2014), so each one is a row
of RULES naming its source, version and article; a rule's amount is read from its row, never written
into the code that checks it. Rules that differ from place to place are settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangjian_desktop.core import settings
from dangjian_desktop.core.dates import add_months, add_years  # noqa: F401 - the rules count in these
from dangjian_desktop.core.settings import catalogue

# --- stages ------------------------------------------------------------------------------------------

APPLICANT = "入党申请人"
ACTIVIST = "入党积极分子"
CANDIDATE = "发展对象"
PROBATIONARY = "预备党员"
FULL = "正式党员"
STOPPED = "终止"
STAGES: tuple[str, ...] = (APPLICANT, ACTIVIST, CANDIDATE, PROBATIONARY, FULL, STOPPED)
ON_PATH: tuple[str, ...] = (APPLICANT, ACTIVIST, CANDIDATE, PROBATIONARY)

# --- steps -------------------------------------------------------------------------------------------

APPLY = "入党申请"
TALK = "谈话"
NAME_ACTIVIST = "确定积极分子"
FILING = "备案"
REVIEW = "考察"
NAME_CANDIDATE = "确定发展对象"
VETTING = "政审"
TRAINING = "集中培训"
PUBLICITY = "公示"
COMMITTEE_REVIEW = "支委会审查"
PRE_REVIEW = "预审"
ASSEMBLY = "支部大会"
HIGHER_TALK = "上级谈话"
APPROVAL = "党委审批"
OATH = "入党宣誓"
FULL_REQUEST = "转正申请"
FULL_ASSEMBLY = "转正大会"
FULL_APPROVAL = "转正审批"
EXTEND = "延长预备期"
CANCEL = "取消预备党员资格"
STOP = "终止"


@dataclass(frozen=True)
class StepKind:
    name: str
    stages: tuple[str, ...]  # the stages in which it may be recorded
    people: str = ""  # the role of the members it names
    min_people: int = 0
    max_people: int = 0
    must_be_full: bool = False  # the named members must be 正式党员 on that date
    vote: bool = False
    hint: str = ""  # what the note or number holds, for the form


# In the order of the path: the order the form offers them and the order of steps on the same day.
STEP_KINDS: tuple[StepKind, ...] = (
    StepKind(APPLY, ()),
    StepKind(TALK, (APPLICANT, ACTIVIST, CANDIDATE), "谈话人", 1, 3, hint="谈话情况"),
    StepKind(NAME_ACTIVIST, (APPLICANT,), "培养联系人", 1, 2, True, hint="推荐方式：党员推荐 / 群团组织推优"),
    StepKind(FILING, (ACTIVIST, CANDIDATE), hint="报乡镇党委备案"),
    StepKind(REVIEW, (ACTIVIST, CANDIDATE), hint="考察结论"),
    StepKind(NAME_CANDIDATE, (ACTIVIST,), "入党介绍人", 2, 2, True, hint="支委会讨论情况"),
    StepKind(VETTING, (CANDIDATE,), hint="政审结论"),
    StepKind(TRAINING, (ACTIVIST, CANDIDATE), hint="培训班名称、学时"),
    StepKind(PUBLICITY, (CANDIDATE, PROBATIONARY), hint="公示结果"),
    StepKind(COMMITTEE_REVIEW, (CANDIDATE,), hint="审查意见"),
    StepKind(PRE_REVIEW, (CANDIDATE,), hint="入党志愿书编号"),
    StepKind(ASSEMBLY, (CANDIDATE,), vote=True, hint="支部大会讨论情况"),
    StepKind(HIGHER_TALK, (CANDIDATE,), "谈话人", 0, 3, hint="谈话情况（谈话人为党委委员或组织员）"),
    StepKind(APPROVAL, (CANDIDATE,), hint="审批文号"),
    StepKind(OATH, (PROBATIONARY,)),
    StepKind(FULL_REQUEST, (PROBATIONARY,)),
    StepKind(FULL_ASSEMBLY, (PROBATIONARY,), vote=True, hint="支部大会讨论情况"),
    StepKind(FULL_APPROVAL, (PROBATIONARY,), hint="审批文号"),
    StepKind(EXTEND, (PROBATIONARY,), hint="延长原因"),
    StepKind(CANCEL, (PROBATIONARY,), hint="原因"),
    StepKind(STOP, (APPLICANT, ACTIVIST, CANDIDATE, PROBATIONARY), hint="终止原因"),
)
STEPS: dict[str, StepKind] = {kind.name: kind for kind in STEP_KINDS}
STEP_ORDER: dict[str, int] = {kind.name: n for n, kind in enumerate(STEP_KINDS)}
RECORDABLE: tuple[str, ...] = tuple(kind.name for kind in STEP_KINDS if kind.stages)
# What people type: 积极分子 for 确定积极分子 and so on.
ALIASES = {
    "确定入党积极分子": NAME_ACTIVIST,
    "积极分子": NAME_ACTIVIST,
    "发展对象": NAME_CANDIDATE,
    "党委预审": PRE_REVIEW,
    "审批": APPROVAL,
    "宣誓": OATH,
    "延长": EXTEND,
    "取消资格": CANCEL,
}
METHODS: tuple[str, ...] = ("党员推荐", "群团组织推优")
# Steps that carry a document's number, and what the number is.
NUMBER_LABELS = {
    FILING: "备案文号",
    PRE_REVIEW: "入党志愿书编号",
    APPROVAL: "审批文号",
    FULL_APPROVAL: "审批文号",
}

# --- the national rules ------------------------------------------------------------------------------

SOURCE = "《中国共产党发展党员工作细则》"
VERSION = "2014"
# Article numbers as in the 2014 text: 年满十八岁 stands in 第五条 (第六条 says where to apply); 第七条
# (talk), 第十三条 (one year), 第十七条 (training), 第十九条 to 第二十一条 (预审, quorum, majority) and
# 第三十三条 (转正 vote) were checked against the text; the others should be checked when the table is next
# revised, which is one edit here.


@dataclass(frozen=True)
class Rule:
    key: str
    article: str
    text: str
    amount: int = 0  # years, months or days, as `unit` says
    unit: str = ""
    upper: int = 0  # a second amount where the rule has one (审批 at most 6 months)
    source: str = SOURCE
    version: str = VERSION

    @property
    def cite(self) -> str:
        return f"{self.source}（{self.version}）{self.article}"


RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        Rule("age", "第五条", "年满十八岁方可申请入党", 18, "年"),
        Rule("talk", "第七条", "收到入党申请书后一个月内派人谈话", 1, "月"),
        Rule("contacts", "第九条", "指定一至两名正式党员作培养联系人", 2, "人"),
        Rule("review", "第十一条", "党支部每半年对入党积极分子进行一次考察", 6, "月"),
        Rule("candidate", "第十三条", "经过一年以上培养教育和考察方可列为发展对象", 1, "年"),
        Rule("sponsors", "第十四条", "发展对象应当有两名正式党员作入党介绍人", 2, "人"),
        Rule("vetting", "第十六条", "未经政治审查或政治审查不合格的，不能发展入党"),
        Rule("training", "第十七条", "短期集中培训一般不少于三天（或不少于二十四个学时）", 3, "天"),
        Rule("pre_review", "第十九条", "支委会审查合格后报基层党委预审，发放入党志愿书"),
        Rule("quorum", "第二十条", "有表决权的到会人数必须超过应到会有表决权人数的半数"),
        Rule("majority", "第二十一条", "赞成人数超过应到会有表决权的正式党员的半数，才能通过决议"),
        Rule("approval", "第二十五条", "基层党委应当在三个月内审批，特殊情况不超过六个月", 3, "月", 6),
        Rule("probation", "第二十八条", "预备期为一年，自支部大会通过之日算起", 1, "年"),
        Rule("extension", "第三十二条", "延长预备期不能少于半年，最长不超过一年，只能延长一次", 6, "月", 12),
        Rule("full_assembly", "第三十三条", "讨论转正的支部大会，到会和赞成人数的要求与接收预备党员相同"),
        Rule("full_approval", "第三十四条", "上级党组织应当在三个月内审批预备党员转正", 3, "月"),
    )
}

# --- local rules (settings) --------------------------------------------------------------------------

# Declared in the settings catalogue, where every setting is.
PUBLICITY_DAYS = catalogue.DEVELOP_PUBLICITY_DAYS
TRAINING_HOURS = catalogue.DEVELOP_TRAINING_HOURS
FULL_REQUEST_LEAD_DAYS = catalogue.DEVELOP_FULL_REQUEST_LEAD_DAYS
REMINDER_DAYS = catalogue.DEVELOP_REMINDER_DAYS


@dataclass(frozen=True)
class LocalRules:
    publicity_days: int = 5
    training_hours: int = 24
    full_request_lead_days: int = 30


def local_rules(session: object) -> LocalRules:
    return LocalRules(
        settings.get(session, PUBLICITY_DAYS),  # type: ignore[arg-type]
        settings.get(session, TRAINING_HOURS),  # type: ignore[arg-type]
        settings.get(session, FULL_REQUEST_LEAD_DAYS),  # type: ignore[arg-type]
    )


# --- dates: periods counted the way the rules count them ---------------------------------------------


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday to Friday from start to end, both included (public holidays are not known here)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(rest):
        if (start.weekday() + offset) % 7 < 5:
            count += 1
    return count


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The last day of a period of `days` working days beginning on `start`."""
    day, counted = start, 0
    while True:
        if day.weekday() < 5:
            counted += 1
            if counted >= days:
                return day
        day += dt.timedelta(days=1)
