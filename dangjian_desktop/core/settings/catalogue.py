"""Every setting of the program, declared here and nowhere else (MusicBrainz Picard's options.py).

One declaration each: key, default (which gives the type), Chinese label, bounds or choices, and a
hint; the key's prefix names its group, the page of the 设置 dialog (spec.GROUPS). Importing this module
alone completes the registry, so the check of stored settings at start can never take a known key for
an unknown one, whatever has been imported before. A feature refers to its settings through the constants below; adding a setting is
one `register(...)` call in this file.
"""

from __future__ import annotations

from dangjian_desktop.core.settings.spec import SettingSpec, register

# --- the program as a whole ----------------------------------------------------------------------

FONT_SIZES = (9.0, 18.0)
UI_FONT_SIZE = register(
    "ui.font_size",
    10.5,
    "界面字号（磅）",
    minimum=FONT_SIZES[0],
    maximum=FONT_SIZES[1],
    hint="年纪大的同志看不清时调大；12 以上适合老花眼。改后立即生效。",
)
PRINT_SYSTEM_FONTS = register(
    "print.use_system_fonts",
    True,
    "打印时使用本机的仿宋、黑体字体（没有时用程序自带字体）",
    hint="公文格式正文用仿宋。关闭后所有文件都用程序自带的字体，不同电脑打印结果完全一致。",
)
BACKUP_FOLDER = register(
    "backup.folder",
    "",
    "备份文件夹（留空则放在数据库旁的 backups 文件夹）",
    hint="可以选本机另一个硬盘分区；不要选 U 盘作为唯一的备份位置。",
)
TOWNSHIP_MODE = register("app.township_mode", False, "乡镇汇总模式（合并各村数据包）")

# --- 政治生日 ---------------------------------------------------------------------------------------

BIRTHDAY_REMINDER_DAYS = register("birthdays.reminder_days", 30, "政治生日提前提醒天数")
BIRTHDAY_COUNT_FROM_FULL_DATE = register(
    "birthdays.count_from_full_date", False, "政治生日按转正日期计算（默认按入党日期）"
)
BIRTHDAY_X_ITEMS = register(
    "birthdays.x_items", ["参观学习", "志愿服务", "结对帮扶"], "政治生日“X”活动（支部自定）"
)
BIRTHDAY_CARD_MESSAGE = register(
    "birthdays.card_message",
    "不忘初心，牢记使命。感谢您多年来为党和人民的事业默默奉献，祝您政治生日快乐！",
    "政治生日贺卡寄语",
)
# The program ships no emblem image; a branch that has one (PNG/JPEG) names the file here.
BIRTHDAY_EMBLEM_IMAGE = register("birthdays.emblem_image", "", "政治生日贺卡：党徽图片文件（可不填）")
BIRTHDAY_CARDS_PER_PAGE = register(
    "birthdays.cards_per_page", 2, "每张A4纸打印贺卡张数（2或4）", choices=(2, 4)
)

# --- 三会一课: how often each kind of meeting must be held ----------------------------------------

MONTHLY, QUARTERLY, YEARLY, NOT_REQUIRED = "每月", "每季度", "每年", "不要求"
FREQUENCIES: tuple[str, ...] = (MONTHLY, QUARTERLY, YEARLY, NOT_REQUIRED)


def _frequency(key: str, kind: str, default: str) -> SettingSpec[str]:
    return register(
        f"meetings.frequency.{key}",
        default,
        f"{kind}召开频次（{'/'.join(FREQUENCIES)}）",
        choices=FREQUENCIES,
    )


# Keyed by the English name core/meetings/kinds.py gives each kind (its _KIND_KEYS).
MEETING_FREQUENCY: dict[str, SettingSpec[str]] = {
    "general_assembly": _frequency("general_assembly", "支部党员大会", QUARTERLY),
    "committee": _frequency("committee", "支部委员会会议", MONTHLY),
    "party_group": _frequency("party_group", "党小组会", MONTHLY),
    "party_lecture": _frequency("party_lecture", "党课", QUARTERLY),
    "theme_day": _frequency("theme_day", "主题党日", MONTHLY),
    "organisational_life": _frequency("organisational_life", "组织生活会", YEARLY),
    "member_review": _frequency("member_review", "民主评议党员", YEARLY),
}

# --- 明白卡 ------------------------------------------------------------------------------------------

MEETING_START_MONTH = register(
    "meetings.start_month",
    "",
    "启用月份（如 2026-03；留空则从第一条会议记录的月份算起）",
    hint="这个月以前的各期不算“应开未开”：程序启用以前开的会没有记在本程序里。",
)

CARD_STANDARD_ACTIVITIES = register(
    "cards.standard_activities",
    [
        "按时参加支部党员大会、党小组会和党课，不无故缺席",
        "每月参加支部主题党日活动",
        "参加组织生活会和民主评议党员，认真开展批评与自我批评",
        "每年参加集中学习培训不少于32学时",
        "按月足额交纳党费",
    ],
    "明白卡：必须参加的教育管理活动（新建明白卡时预先填入）",
)
CARD_POSTS = register(
    "cards.posts",
    ["政策宣传岗", "环境卫生岗", "矛盾调解岗", "科技示范岗", "治安巡逻岗", "关爱帮扶岗", "乡风文明岗"],
    "明白卡：设岗定责的岗位",
)
CARD_PUBLICITY_DAYS = register(
    "cards.publicity_days", 5, "明白卡公示期：自打印之日起几个工作日", minimum=1, maximum=30
)
CARD_WALL_PER_PAGE = register("cards.per_page", 1, "打印上墙明白卡：每张A4纸印几张（1或2）", choices=(1, 2))

# --- 发展党员 -----------------------------------------------------------------------------------------

DEVELOP_PUBLICITY_DAYS = register(
    "develop.publicity_working_days",
    5,
    "发展党员公示期（工作日）",
    minimum=1,
    maximum=30,
    hint="确定发展对象后、支部大会前的公示期，各地一般不少于5个工作日。",
)
DEVELOP_TRAINING_HOURS = register(
    "develop.training_hours",
    24,
    "发展对象集中培训不少于（学时）",
    minimum=1,
    maximum=200,
)
DEVELOP_FULL_REQUEST_LEAD_DAYS = register(
    "develop.full_request_lead_days",
    30,
    "转正申请应在预备期满前提出（天）",
    minimum=0,
    maximum=180,
    hint="预备党员应在预备期满前提出书面转正申请；提醒按此天数提前。",
)
DEVELOP_REMINDER_DAYS = register(
    "develop.reminder_days", 30, "发展党员到期事项提前提醒天数", minimum=1, maximum=180
)

# --- 党费 --------------------------------------------------------------------------------------------

DUES_ROUNDING_CHOICES = ("不取整", "到角", "到元")
DUES_ROUNDING = register(
    "dues.rounding",
    "不取整",
    "按比例计算的党费取整方式（四舍五入）",
    choices=DUES_ROUNDING_CHOICES,
    hint="按当地做法：不取整则精确到分；到角、到元只用于按收入比例计算的金额。",
)
DUES_FARMER_AMOUNTS = tuple(f"0.{n}0" for n in range(2, 10)) + ("1.00",)  # 0.20 … 1.00, as typed
DUES_FARMER_DEFAULT = register(
    "dues.farmer_amount",
    "0.50",
    "农民党员每月党费（新建时的默认金额，元）",
    choices=DUES_FARMER_AMOUNTS,
    hint="当地规定的农民党员每月党费，0.2元至1元；每名党员可在此范围内单独确定。",
)
DUES_BOOK_PERIODS = ("按月", "按季度")
DUES_BOOK_PERIOD = register(
    "dues.book_period",
    "按月",
    "党费收缴登记簿每页登记的期间",
    choices=DUES_BOOK_PERIODS,
    hint="按季度收缴的支部选“按季度”：每页登记一个季度的三个月。",
)
DUES_PACKAGE_INCOME = register(
    "dues.package_income",
    False,
    "报送乡镇的数据包中包含党员收入（乡镇要求时才打开）",
    hint="收入属于个人隐私，任何打印件和公示表都不含收入；数据包默认也不含。",
)

# --- 组织关系 -----------------------------------------------------------------------------------------

TRANSFER_VALIDITY_DAYS = register("transfers.validity_days", 30, "介绍信有效期（天）", minimum=1, maximum=90)
TRANSFER_BRANCH_ADDRESS = register("transfers.branch_address", "", "党支部通讯地址（印在介绍信上）")
TRANSFER_SPRING_FESTIVAL_MONTH = register(
    "transfers.spring_festival_month",
    1,
    "春节前提醒外出党员回乡参加组织生活的月份",
    minimum=1,
    maximum=12,
)

# --- 年报统计 (core/statistics): the bands of the year-end statistical tables ---------------------------

STATISTICS_AGE_BANDS = register(
    "statistics.age_bands",
    ["30", "35", "40", "45", "50", "55", "60"],
    "年报统计：年龄段的上限（岁，每行一个，从小到大）",
    hint="默认 30岁及以下、31-35岁……56-60岁、61岁及以上；年龄按统计年度12月31日计算。",
)
STATISTICS_PARTY_AGE_BANDS = register(
    "statistics.party_age_bands",
    ["5", "10", "20", "30", "40", "50"],
    "年报统计：党龄段的起点（年，每行一个，从小到大）",
    hint="默认 5年以下、5-9年、10-19年……40-49年、50年及以上；党龄从转正日期算到统计年度12月31日。",
)
