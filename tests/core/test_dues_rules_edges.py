"""The 党费 arithmetic at its edges: what a typed amount or month may be, the exact words of each
refusal, and every limit on the line, one below and one above (slips mutation testing found unguarded).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from dangjian_desktop.core.dues.rules import (
    MAX_INCOME,
    RULE_BY_KIND,
    DuesError,
    Standard,
    parse_month,
    parse_yuan,
    rate_text,
    standard_for,
    tier_rate,
    to_fen,
    yuan_text,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3000", Decimal("3000")),
        ("3000.5", Decimal("3000.5")),
        ("3000.55", Decimal("3000.55")),
        ("３０００元", Decimal("3000")),  # full-width digits and the unit, as typed in Chinese
        ("3,000", Decimal("3000")),
        ("3，000", Decimal("3000")),
        (" 12 ", Decimal("12")),
        ("0", Decimal("0")),
        ("-0", Decimal("0")),  # a minus on nothing is nothing, not a refusal
        ("999999999", Decimal("999999999")),  # nine digits: the most the pattern takes
        (42, Decimal("42")),
        (Decimal("12.30"), Decimal("12.30")),
        (Decimal("1E+3"), Decimal("1000")),  # a Decimal in exponent form is written out, not refused
    ],
)
def test_amounts_people_type_are_read(typed: object, expected: Decimal) -> None:
    assert parse_yuan(typed, "收入") == expected


@pytest.mark.parametrize(
    "typed",
    ["", "元", "3000.555", "1234567890", "3e3", "abc", ".5", "5.", "--1", "1-", True],
)
def test_what_is_no_amount_is_refused_naming_the_field(typed: object) -> None:
    with pytest.raises(DuesError) as refused:
        parse_yuan(typed, "每月收入")
    assert str(refused.value).startswith("每月收入应为金额（元，最多两位小数）：")


def test_a_refusal_quotes_at_most_twenty_characters() -> None:
    with pytest.raises(DuesError) as refused:
        parse_yuan("x" * 50, "收入")
    assert str(refused.value).endswith("：" + "x" * 20)


@pytest.mark.parametrize("typed", ["-1", "-0.01", Decimal("-5"), -3])
def test_a_negative_amount_is_refused_in_its_own_words(typed: object) -> None:
    with pytest.raises(DuesError, match="^收入不能小于 0$"):
        parse_yuan(typed, "收入")


def test_fen_round_half_up_and_text_keeps_two_decimals() -> None:
    assert to_fen(Decimal("0.005")) == 1
    assert to_fen(Decimal("0.004")) == 0
    assert to_fen(Decimal("12.345")) == 1235
    assert yuan_text(None) == ""
    assert yuan_text(0) == "0.00"
    assert yuan_text(4000) == "40.00"
    assert yuan_text(5) == "0.05"


def test_rates_read_as_percent() -> None:
    assert rate_text(None) == ""
    assert rate_text(50) == "0.5%"
    assert rate_text(100) == "1%"
    assert rate_text(150) == "1.5%"
    assert rate_text(200) == "2%"


@pytest.mark.parametrize(
    ("income", "rate"),
    [("0.01", 50), ("3000", 50), ("3000.01", 100), ("10000", 150), ("10000.01", 200), ("99999999", 200)],
)
def test_tier_rate_at_the_tier_edges(income: str, rate: int) -> None:
    assert tier_rate(RULE_BY_KIND["在职"], Decimal(income)) == rate


@pytest.mark.parametrize(
    ("income", "rounding", "monthly"),
    [
        ("3000", "不取整", "15.00"),
        ("2989", "不取整", "14.95"),  # 14.945 to the 分, half up
        ("2990", "到角", "15.00"),  # 14.95 half up to the 角
        ("2989", "到角", "14.90"),  # 14.945: below the half 角
        ("2900", "到元", "15.00"),  # 14.50 half up to the 元
        ("2898", "到元", "14.00"),  # 14.49
        ("50", "到元", "0.25"),  # 0.25 would be 0 元: the exact amount is kept
        ("100", "到元", "1.00"),  # 0.50 rounds up to 1 元, more than nothing: kept rounded
    ],
)
def test_rounding_settings(income: str, rounding: str, monthly: str) -> None:
    assert standard_for("在职", income=Decimal(income), rounding=rounding).monthly == Decimal(monthly)


def test_income_limits_on_the_line() -> None:
    assert standard_for("在职", income=MAX_INCOME).rate_permyriad == 200
    with pytest.raises(DuesError, match="^每月收入数额过大，请核对$"):
        standard_for("在职", income=MAX_INCOME + Decimal("0.01"))
    assert standard_for("在职", income=Decimal("0.01")).monthly == Decimal("0.00")
    with pytest.raises(DuesError, match="^每月收入应大于 0$"):
        standard_for("在职", income=Decimal("0"))


def test_each_kind_refuses_the_input_it_does_not_take_in_its_own_words() -> None:
    with pytest.raises(DuesError, match="^党员类别应为在职、离退休、农民、学生、下岗失业、低保之一：工人$"):
        standard_for("工人")
    with pytest.raises(DuesError, match="^在职党员的党费按收入比例计算，不能直接填写金额$"):
        standard_for("在职", income=Decimal("3000"), amount=Decimal("1"))
    with pytest.raises(DuesError, match="^离退休党员需要填写每月收入（税后）$"):
        standard_for("离退休")
    with pytest.raises(DuesError, match="^农民党员按固定金额交纳党费，不需要填写收入$"):
        standard_for("农民", income=Decimal("3000"))
    with pytest.raises(DuesError, match="^农民党员需要填写每月党费金额（0.20–1.00元）$"):
        standard_for("农民")
    with pytest.raises(DuesError, match="^学生党员的党费按规定为每月 0.20 元，不能另填金额$"):
        standard_for("学生", amount=Decimal("0.20"))
    assert standard_for("低保") == Standard(None, Decimal("0.20"))


@pytest.mark.parametrize(("amount", "ok"), [("0.19", False), ("0.20", True), ("1.00", True), ("1.01", False)])
def test_farmer_amount_bounds(amount: str, ok: bool) -> None:
    if ok:
        assert standard_for("农民", amount=Decimal(amount)) == Standard(None, Decimal(amount))
    else:
        with pytest.raises(DuesError, match=f"^农民党员每月党费应在 0.20 元到 1.00 元之间：{amount}$"):
            standard_for("农民", amount=Decimal(amount))


@pytest.mark.parametrize(
    ("typed", "key"),
    [("2026-03", "2026-03"), ("2026-3", "2026-03"), (" 2026-12 ", "2026-12"), ("1900-01", "1900-01"), ("2999-12", "2999-12")],
)
def test_months_are_read(typed: str, key: str) -> None:
    assert parse_month(typed) == key


@pytest.mark.parametrize("typed", ["2026-00", "2026-13", "1899-12", "3000-01", "2026/03", "202603", "2026-003", ""])
def test_impossible_months_are_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(DuesError) as refused:
        parse_month(typed, "交纳月份")
    assert str(refused.value) == f"交纳月份应写成 YYYY-MM：{typed[:20]}"


def test_month_refusal_uses_its_default_name() -> None:
    with pytest.raises(DuesError, match="^月份应写成 YYYY-MM：x$"):
        parse_month("x")


def test_refusals_quote_at_most_twenty_characters_of_a_kind_or_month() -> None:
    with pytest.raises(DuesError) as refused:
        standard_for("工" * 30)
    assert str(refused.value).endswith("之一：" + "工" * 20)
    with pytest.raises(DuesError) as refused:
        parse_month("9" * 30)
    assert str(refused.value) == "月份应写成 YYYY-MM：" + "9" * 20
