"""The 党费 rules as one declared table, with their source, and the arithmetic they need.

Money is decimal.Decimal in yuan at the edges (what people type and read, always to the 分) and whole
分 (int) in the database, so no sum ever meets binary floating point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.settings import catalogue

SOURCE = "中组发〔2008〕3号《关于中国共产党党费收缴、使用和管理的规定》"
FEN = Decimal("0.01")
MAX_INCOME = Decimal("10000000")  # a typing slip, not a wage


class DuesError(UserError):
    """The message is Chinese and shown to the user as it is."""


@dataclass(frozen=True)
class Tier:
    up_to: Decimal | None  # this amount included; None = no upper bound
    rate_permyriad: int  # 50 = 0.5%


@dataclass(frozen=True)
class KindRule:
    kind: str
    label: str  # what the rule says, for the form's tooltip and the approval form
    tiers: tuple[Tier, ...] = ()  # by monthly income: 在职, 离退休
    fixed: Decimal | None = None  # 学生, 下岗失业, 低保
    low: Decimal | None = None  # 农民: the branch fixes the amount within [low, high]
    high: Decimal | None = None

    @property
    def needs_income(self) -> bool:
        return bool(self.tiers)

    @property
    def needs_amount(self) -> bool:
        return self.low is not None


def _d(text: str) -> Decimal:
    return Decimal(text)


RULES: tuple[KindRule, ...] = (
    KindRule(
        "在职",
        "按每月税后工资收入：3000元以下（含）0.5%，3000–5000元（含）1%，5000–10000元（含）1.5%，10000元以上2%",
        tiers=(Tier(_d("3000"), 50), Tier(_d("5000"), 100), Tier(_d("10000"), 150), Tier(None, 200)),
    ),
    KindRule(
        "离退休",
        "按每月离退休费或养老金：5000元以下（含）0.5%，5000元以上1%",
        tiers=(Tier(_d("5000"), 50), Tier(None, 100)),
    ),
    KindRule("农民", "每月0.2元至1元，由支部按当地规定确定", low=_d("0.20"), high=_d("1.00")),
    KindRule("学生", "每月0.2元", fixed=_d("0.20")),
    KindRule("下岗失业", "每月0.2元", fixed=_d("0.20")),
    KindRule("低保", "依靠抚恤、救济或领取最低生活保障的，每月0.2元", fixed=_d("0.20")),
)
RULE_BY_KIND = {rule.kind: rule for rule in RULES}
KINDS = tuple(RULE_BY_KIND)
PAYMENT_WAYS = ("本人", "委托他人", "补交", "流入地")
BACKPAY_LIMIT = 6  # months a back payment normally covers; more is a warning
WARN_UNPAID, ALERT_UNPAID = 3, 6  # consecutive unpaid months: warning, alert (never a status change)

# Declared in the settings catalogue, where every setting is.
ROUNDING_CHOICES = catalogue.DUES_ROUNDING_CHOICES
ROUNDING = catalogue.DUES_ROUNDING
FARMER_AMOUNTS = catalogue.DUES_FARMER_AMOUNTS
FARMER_DEFAULT = catalogue.DUES_FARMER_DEFAULT
BOOK_PERIODS = catalogue.DUES_BOOK_PERIODS
BOOK_PERIOD = catalogue.DUES_BOOK_PERIOD
PACKAGE_INCOME = catalogue.DUES_PACKAGE_INCOME

# --- money ------------------------------------------------------------------------------------------

_MONEY = re.compile(r"^\d{1,9}(\.\d{1,2})?$")


def parse_yuan(text: object, what: str) -> Decimal:
    """'3000', '3000.5', '３０００元' -> Decimal; a Chinese DuesError naming `what` otherwise."""
    if isinstance(text, Decimal):
        raw = format(text, "f")
    elif isinstance(text, int) and not isinstance(text, bool):
        raw = str(text)
    else:
        from dangjian_desktop.core.text import clean

        raw = clean(text).removesuffix("元").replace(",", "").replace("，", "").strip()
    negative = raw.startswith("-")
    if negative:
        raw = raw[1:]
    if not _MONEY.match(raw):
        raise DuesError(f"{what}应为金额（元，最多两位小数）：{str(text)[:20]}")
    value = Decimal(raw)  # digits with at most two decimals (_MONEY): always a valid Decimal
    if negative and value != 0:
        raise DuesError(f"{what}不能小于 0")
    return value


def to_fen(yuan: Decimal) -> int:
    return int((yuan / FEN).to_integral_value(rounding=ROUND_HALF_UP))


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) * FEN).quantize(FEN)


def yuan_text(fen: int | None) -> str:
    """'40.00': always two decimals, as the CLI's JSON and every printout show it."""
    return "" if fen is None else f"{from_fen(fen):.2f}"


def rate_text(rate_permyriad: int | None) -> str:
    if rate_permyriad is None:
        return ""
    return f"{(Decimal(rate_permyriad) / 100).normalize():f}%"


# --- the rule applied ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standard:
    rate_permyriad: int | None
    monthly: Decimal  # to the 分


def tier_rate(rule: KindRule, income: Decimal) -> int:
    for tier in rule.tiers:
        if tier.up_to is None or income <= tier.up_to:
            return tier.rate_permyriad
    raise AssertionError("the last tier has no upper bound")


def _rounded(amount: Decimal, rounding: str) -> Decimal:
    exact = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    step = {"到角": Decimal("0.1"), "到元": Decimal("1")}.get(rounding)
    if step is None:
        return exact
    rounded = amount.quantize(step, rounding=ROUND_HALF_UP).quantize(FEN)
    # a tiny income rounded to the 元 would owe nothing at all; keep the exact amount then
    return rounded if rounded > 0 else exact


def standard_for(
    kind: str, *, income: Decimal | None = None, amount: Decimal | None = None, rounding: str = "不取整"
) -> Standard:
    """The monthly amount the rules give, or a DuesError saying which input is wrong."""
    rule = RULE_BY_KIND.get(kind)
    if rule is None:
        raise DuesError(f"党员类别应为{'、'.join(KINDS)}之一：{str(kind)[:20]}")
    if rule.needs_income:
        if amount is not None:
            raise DuesError(f"{kind}党员的党费按收入比例计算，不能直接填写金额")
        if income is None:
            raise DuesError(f"{kind}党员需要填写每月收入（税后）")
        if income <= 0:
            raise DuesError("每月收入应大于 0")
        if income > MAX_INCOME:
            raise DuesError("每月收入数额过大，请核对")
        rate = tier_rate(rule, income)
        return Standard(rate, _rounded(income * rate / 10000, rounding))
    if income is not None:
        raise DuesError(f"{kind}党员按固定金额交纳党费，不需要填写收入")
    if rule.needs_amount:
        assert rule.low is not None and rule.high is not None
        if amount is None:
            raise DuesError(f"{kind}党员需要填写每月党费金额（{rule.low}–{rule.high}元）")
        if not rule.low <= amount <= rule.high:
            raise DuesError(f"{kind}党员每月党费应在 {rule.low} 元到 {rule.high} 元之间：{amount}")
        return Standard(None, amount.quantize(FEN))
    if amount is not None:
        raise DuesError(f"{kind}党员的党费按规定为每月 {rule.fixed} 元，不能另填金额")
    assert rule.fixed is not None
    return Standard(None, rule.fixed)


# --- months ("2026-03") ----------------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def parse_month(text: object, what: str = "月份") -> str:
    match = _MONTH.match(str(text).strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2999:
        raise DuesError(f"{what}应写成 YYYY-MM：{str(text)[:20]}")
    return month_key(int(match.group(1)), int(match.group(2)))


@cache  # a ledger asks for the same few dozen months thousands of times
def month_index(key: str) -> int:
    year, month = key.split("-")
    return int(year) * 12 + int(month) - 1


@cache
def month_of_index(index: int) -> str:
    return month_key(index // 12, index % 12 + 1)


def months_between(first: str, last: str) -> list[str]:
    return [month_of_index(i) for i in range(month_index(first), month_index(last) + 1)]


def month_cn(key: str) -> str:
    year, month = key.split("-")
    return f"{int(year)}年{int(month)}月"
