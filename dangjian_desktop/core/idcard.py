"""Citizen ID numbers (公民身份号码, GB 11643-1999): validation, 15->18 conversion, facts, masking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.text import clean_identifier as clean

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


class IdNumberError(UserError):
    """The message is Chinese and shown to the user as it is."""


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize(raw: object) -> str:
    """Half-width, no spaces or hyphens, upper-case X. Does not validate."""
    text = clean(raw).replace(" ", "").replace("-", "").upper()
    if text.endswith(".0") and text[:-2].isdigit():  # a number cell that went through float
        text = text[:-2]
    return text


def _birth(digits8: str) -> dt.date:
    try:
        return dt.date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期 {digits8} 不是真实日期") from None


def convert_15_to_18(id15: str) -> str:
    """First-generation numbers: area(6) + YYMMDD + sequence(3); all born in the 1900s."""
    if len(id15) != 15 or not id15.isdigit():
        raise IdNumberError("15位身份证号应全部为数字")
    first17 = id15[:6] + "19" + id15[6:]
    _birth(first17[6:14])
    return first17 + check_char(first17)


def validate(raw: object) -> str:
    """The canonical 18-character number, or IdNumberError with a Chinese reason."""
    text = normalize(raw)
    if not text:
        raise IdNumberError("身份证号为空")
    if len(text) == 15:
        return convert_15_to_18(text)
    if len(text) != 18:
        raise IdNumberError(f"身份证号应为18位（或旧式15位），这里是{len(text)}位")
    first17, last = text[:17], text[17]
    if not first17.isdigit() or not (last.isdigit() or last == "X"):
        raise IdNumberError("身份证号只能由数字组成，最后一位可以是X")
    born = _birth(first17[6:14])
    if born > dt.date.today() or born.year < 1890:
        raise IdNumberError(f"身份证号中的出生日期 {born.isoformat()} 不可能")
    expected = check_char(first17)
    if last != expected:
        raise IdNumberError(f"身份证号校验位不对（应为{expected}），请核对是否抄错")
    return text


def is_valid(raw: object) -> bool:
    try:
        validate(raw)
    except IdNumberError:
        return False
    return True


@dataclass(frozen=True)
class IdFacts:
    number: str
    birth_date: dt.date
    gender: str  # 男 / 女


def facts(raw: object) -> IdFacts:
    number = validate(raw)
    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return IdFacts(number, _birth(number[6:14]), gender)


def mask(number: str | None) -> str:
    """For anything posted or handed around: first 6 + ******** + last 4."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
