"""Search keys: what a member can be found by as a secretary types (张三, zs, zhangsan, ID or phone digits).

The key is computed once when a member is written and stored in member.search_key, so that filtering
50,000 members is a substring test per row, not pinyin conversion per keystroke.
"""

from __future__ import annotations

from functools import lru_cache

# Surnames whose reading differs from the character's common reading (单 is shan, not dan).
SURNAME_READINGS: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "乐": "yue",
    "种": "chong",
    "秘": "bi",
    "折": "she",
    "召": "shao",
    "繁": "po",
    "句": "gou",
    "员": "yun",
    "隗": "wei",
    "黑": "he",
    "薄": "bo",
    "尉": "yu",
    "柏": "bai",
    "长": "chang",
    "重": "chong",
    "纪": "ji",
    "任": "ren",
    "沈": "shen",
    "冼": "xian",
    "万": "wan",
    "宁": "ning",
    "蕃": "pi",
    "过": "guo",
    "应": "ying",
}
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
}


@lru_cache(maxsize=20000)
def _char_pinyin(char: str) -> str:
    # Per-character cache: pypinyin's phrase matching costs ~20 µs a name; names are mostly
    # made of a few thousand characters, so caching single characters makes 50,000 names cheap.
    # Imported here: pypinyin loads its dictionaries on import, half a second the window need not wait.
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.NORMAL, errors=lambda c: c.lower())[0]


def name_syllables(name: str) -> list[str]:
    if not name:
        return []
    syllables: list[str] = []
    rest = name
    if name[:2] in COMPOUND_SURNAMES:
        syllables.extend(COMPOUND_SURNAMES[name[:2]])
        rest = name[2:]
    elif name[0] in SURNAME_READINGS:
        syllables.append(SURNAME_READINGS[name[0]])
        rest = name[1:]
    syllables.extend(_char_pinyin(ch) for ch in rest)
    return syllables


@lru_cache(maxsize=50_000)
def _name_part(name: str) -> str:
    """'张三|zhangsan|zs': names repeat on a 50,000-row import, and pinyin is the costly part."""
    syllables = name_syllables(name)
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s)
    return "|".join((name, full, initials))


def search_key(name: str, id_number: str | None = "", phone: str | None = "") -> str:
    """'张三|zhangsan|zs|<id>|<phone digits>' in lower case: matched as a substring."""
    digits = "".join(ch for ch in (phone or "") if "0" <= ch <= "9")
    return "|".join((_name_part(name), (id_number or "").lower(), digits)).lower()


def normalize_query(text: str) -> str:
    from dangjian_desktop.core.text import to_halfwidth

    return to_halfwidth(text).strip().lower().replace(" ", "")
