"""Every member field, declared once: key, Chinese label, import header aliases, export column, JSON
key, default, roster-table title, and how the member form edits it.

The importer's vocabulary (core/exchange/importing/vocabulary.py), the exporter's columns
(core/exchange/roster_export.py), `roster list --json` (MemberRow.as_json in core/roster/rows.py) and the
roster table's columns (ui/roster/table_model.py), the form's draft, the checked values and the roster
rows (MemberDraft, MemberValues, MemberRow in core/roster/) and the member form's widgets, labels,
order, required marks and hints (ui/roster/member_dialog.py) are all derived from FIELDS. Adding a field
such as 籍贯 is the model, a migration and one MemberField here; tests/test_member_fields.py walks this
declaration and fails when any of those does not know a field.

Header aliases are compared after spaces, full-width brackets and "*"/":" are normalised (see
vocabulary.header_key), so "转正日期（年月日）" and "转正 日期" need no alias of their own: only a different
wording does. The aliases come from the national member information system's export (全国党员管理信息
系统) and the templates village rosters are made from.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any


class Category(str, enum.Enum):
    FULL = "正式党员"
    PROBATIONARY = "预备党员"


class MemberStatus(str, enum.Enum):
    ACTIVE = "在册"
    TRANSFERRED = "转出"
    DECEASED = "去世"
    SUSPENDED = "停止党籍"
    EXPELLED = "出党"


LEFT_STATUSES = tuple(s.value for s in MemberStatus if s is not MemberStatus.ACTIVE)


# How a field is stored and written to a workbook.
TEXT, NUMBER_TEXT, DATE, FLAG = "text", "number_text", "date", "flag"
# How the member form edits a field: a line, a fixed choice, a choice one may also type into, a check
# box (in the form's 情况 box), several lines.
LINE, CHOICE, OPEN_CHOICE, CHECK, LONG_TEXT = "line", "choice", "open_choice", "check", "long_text"

# The vocabularies the form offers (and the importer and check_member accept).
GENDERS = ("男", "女")
EDUCATIONS = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中", "小学", "文盲或半文盲")
CATEGORIES = tuple(c.value for c in Category)
STATUSES = tuple(s.value for s in MemberStatus)
ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族",
    "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族",
    "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
)  # fmt: skip
DATE_HINT = "如 1985-03-12"


@dataclass(frozen=True)
class FormEntry:
    """How the member form shows a field. A field without one is not typed in the form (党籍状态 and
    离开 are set by the 离开 action)."""

    widget: str  # LINE, CHOICE, OPEN_CHOICE, CHECK or LONG_TEXT
    hint: str = ""  # a line's placeholder; a check box's text
    required: bool = False  # marked "*" and asked first
    # Asked right after the required fields: what it holds fills in others (the ID number gives 出生日期
    # and 性别), so typing it first saves typing them.
    leads: bool = False
    choices: tuple[str, ...] = ()
    roster_choices: bool = False  # the choices are the values the roster already holds (党小组)
    enabled_by: str | None = None  # a check box's key: editable only when it is ticked, shown beside it


@dataclass(frozen=True)
class MemberField:
    key: str  # the Member column
    label: str  # the Chinese label: our export's header, the import dialog's choice
    aliases: tuple[str, ...] = ()  # other header wordings seen on real rosters
    kind: str = TEXT
    default: Any = ""
    export_width: float = 10.0  # column width in the exported workbook; 0: not exported
    json_key: str | None = None  # the `roster list --json` key; None: not in that (fixed) contract
    table_title: str | None = None  # the roster table's column; None: shown in the member form only
    form: FormEntry | None = None  # how the member form edits it; None: not in the form

    @property
    def exported(self) -> bool:
        return self.export_width > 0

    @property
    def value_type(self) -> object:
        """The Python type of the stored value (the dataclasses of core/roster/ are built with it)."""
        if self.kind == FLAG:
            return bool
        if self.kind == DATE:
            return dt.date | None
        return str | None if self.default is None else str


FIELDS: tuple[MemberField, ...] = (
    MemberField(
        "name",
        "姓名",
        ("党员姓名", "名字", "姓 名"),
        export_width=10,
        json_key="name",
        table_title="姓名",
        form=FormEntry(LINE, required=True),
    ),
    MemberField(
        "gender",
        "性别",
        ("姓别",),
        export_width=5,
        json_key="gender",
        table_title="性别",
        form=FormEntry(CHOICE, choices=GENDERS),
    ),
    MemberField(
        "ethnicity",
        "民族",
        (),
        default="汉族",
        export_width=8,
        json_key="ethnicity",
        table_title="民族",
        form=FormEntry(OPEN_CHOICE, choices=ETHNICITIES),
    ),
    MemberField(
        "birth_date",
        "出生日期",
        ("出生年月", "出生年月日", "出生时间", "出生日期年月日"),
        kind=DATE,
        default=None,
        export_width=11.5,
        json_key="birth_date",
        table_title="出生日期",
        form=FormEntry(LINE, DATE_HINT),
    ),
    MemberField(
        "id_number",
        "公民身份号码",
        ("身份证号", "身份证号码", "身份证", "身份号码", "公民身份证号码", "公民身份证号", "证件号码"),
        kind=NUMBER_TEXT,
        default=None,
        export_width=20,
        json_key="id_number",
        form=FormEntry(LINE, "18位，旧式15位会自动转换", leads=True),
    ),
    MemberField(
        "education",
        "学历",
        ("文化程度", "最高学历", "全日制学历", "全日制教育学历", "学历学位"),
        export_width=10,
        json_key="education",
        table_title="学历",
        form=FormEntry(OPEN_CHOICE, choices=EDUCATIONS),
    ),
    MemberField(
        "join_date",
        "入党日期",
        (
            "入党时间",
            "入党年月",
            "加入党组织日期",
            "加入党组织时间",
            "预备党员日期",
            "预备日期",
            "入党年月日",
            "成为预备党员日期",
            "入党日期（预备）",
        ),
        kind=DATE,
        default=None,
        export_width=11.5,
        json_key="join_date",
        table_title="入党日期",
        form=FormEntry(LINE, DATE_HINT),
    ),  # fmt: skip
    MemberField(
        "full_date",
        "转正日期",
        (
            "转正时间",
            "转正年月",
            "转为正式党员日期",
            "转为正式党员时间",
            "正式党员日期",
            "正式日期",
            "成为正式党员日期",
            "转正年月日",
        ),
        kind=DATE,
        default=None,
        export_width=11.5,
        json_key="full_date",
        table_title="转正日期",
        form=FormEntry(LINE, "预备党员留空"),
    ),  # fmt: skip
    MemberField(
        "category",
        "人员类别",
        ("党员类别", "党员身份", "类别", "党员类型", "人员身份"),
        default="正式党员",
        export_width=9,
        json_key="category",
        table_title="人员类别",
        form=FormEntry(CHOICE, choices=CATEGORIES),
    ),
    MemberField(
        "party_group",
        "所在党小组",
        ("党小组", "所属党小组", "党小组名称"),
        export_width=11,
        json_key="group",
        table_title="党小组",
        form=FormEntry(OPEN_CHOICE, roster_choices=True),
    ),
    MemberField(
        "job",
        "工作岗位/职业",
        (
            "职业",
            "工作岗位",
            "工作单位及职务",
            "现工作单位及职务",
            "职务",
            "工作单位",
            "现工作单位",
            "从事职业",
            "工作岗位职业",
            "岗位",
        ),
        export_width=14,
        json_key="job",
        form=FormEntry(LINE),
    ),  # fmt: skip
    MemberField(
        "phone",
        "联系电话",
        (
            "电话",
            "手机",
            "手机号",
            "手机号码",
            "联系方式",
            "电话号码",
            "移动电话",
            "固定电话",
            "固话",
            "联系电话手机",
            "办公电话",
            "家庭电话",
        ),
        kind=NUMBER_TEXT,
        export_width=13,
        json_key="phone",
        table_title="联系电话",
        form=FormEntry(LINE, "11位手机号或固定电话"),
    ),  # fmt: skip
    MemberField(
        "address",
        "家庭住址",
        (
            "住址",
            "现居住地",
            "现住址",
            "家庭地址",
            "居住地址",
            "现居住地址",
            "户籍地址",
            "户籍所在地",
            "居住地",
            "家庭详细住址",
            "通讯地址",
        ),
        export_width=22,
        json_key="address",
        form=FormEntry(LINE, "如：凤凰村3组12号"),
    ),  # fmt: skip
    MemberField(
        "status",
        "党籍状态",
        ("状态", "党员状态"),
        default="在册",
        export_width=8,
        json_key="status",
        table_title="党籍状态",
    ),
    MemberField(
        "is_mobile",
        "流动党员",
        ("是否流动党员",),
        kind=FLAG,
        default=False,
        export_width=8,
        json_key="mobile",
        table_title="流动党员",
        form=FormEntry(CHECK, "流动党员"),
    ),
    MemberField(
        "mobile_destination",
        "外出流向",
        ("流向", "外出地点", "流动去向", "外出务工地点"),
        export_width=12,
        form=FormEntry(LINE, "外出流向，如：广东深圳", enabled_by="is_mobile"),
    ),
    MemberField(
        "is_lost_contact",
        "失联党员",
        ("失联", "是否失联", "是否失联党员"),
        kind=FLAG,
        default=False,
        export_width=8,
        form=FormEntry(CHECK, "失联（6个月以上联系不上）"),
    ),
    MemberField(
        "is_hardship",
        "困难党员",
        ("是否困难党员",),
        kind=FLAG,
        default=False,
        export_width=8,
        form=FormEntry(CHECK, "困难党员"),
    ),
    MemberField(
        "is_committee",
        "支委",
        ("是否支委", "支部委员"),
        kind=FLAG,
        default=False,
        export_width=6,
        form=FormEntry(CHECK, "支部委员（支委）"),
    ),
    MemberField(
        "left_date", "离开日期", ("转出日期", "离开时间"), kind=DATE, default=None, export_width=11.5
    ),
    MemberField("left_reason", "离开原因", ("转出原因",), export_width=14),
    MemberField("note", "备注", ("说明",), export_width=20, json_key="note", form=FormEntry(LONG_TEXT)),
)

BY_KEY: dict[str, MemberField] = {f.key: f for f in FIELDS}
KEYS: tuple[str, ...] = tuple(BY_KEY)
LABELS: dict[str, str] = {f.key: f.label for f in FIELDS}
DEFAULTS: dict[str, Any] = {f.key: f.default for f in FIELDS}
DATE_KEYS = frozenset(f.key for f in FIELDS if f.kind == DATE)
FLAG_KEYS = tuple(f.key for f in FIELDS if f.kind == FLAG)
# The fields the member form edits, in the form's order: required first, then the leading ones, then
# the declaration's order (sorted() is stable).
FORM_FIELDS: tuple[MemberField, ...] = tuple(
    sorted(
        (f for f in FIELDS if f.form is not None),
        key=lambda f: (not f.form.required, not f.form.leads),  # type: ignore[union-attr]
    )
)
