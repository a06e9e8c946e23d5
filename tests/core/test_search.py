import datetime as dt
from pathlib import Path

from dangjian_desktop.core.roster import MemberDraft, add_member, filter_rows, list_members
from dangjian_desktop.core.search import name_syllables, search_key
from dangjian_desktop.core.surname_readings import NOT_IN_PYPINYIN, READINGS


def test_full_pinyin_and_initials() -> None:
    key = search_key("张三")
    assert "zhangsan" in key and "|zs|" in key


def test_heteronym_surnames_use_the_surname_reading() -> None:
    assert "|shanli|" in search_key("单丽") or "shanli" in search_key("单丽")
    assert "danli" not in search_key("单丽")
    assert "zengguofan" in search_key("曾国藩")
    assert "cengguofan" not in search_key("曾国藩")
    assert "xieming" in search_key("解明")
    assert "qiuhong" in search_key("仇红")
    assert "|xm|" in search_key("解明")


def test_compound_surname() -> None:
    assert "ouyangxiu" in search_key("欧阳修")


def test_search_by_name_pinyin_id_and_phone(db, branch_id) -> None:
    people = [
        ("张三", "360426199101010071", "13812345678"),
        ("单丽", "", "0791-88881234"),
        ("曾小明", "", ""),
    ]
    with db.transaction() as session:
        for name, id_number, phone in people:
            add_member(
                session,
                branch_id,
                MemberDraft(name=name, id_number=id_number, phone=phone, join_date="2015-01-01"),
            )
    with db.reading() as session:
        rows = list_members(session)

    def names(query: str) -> list[str]:
        return [r.name for r in filter_rows(rows, query)]

    assert names("zs") == ["张三"]
    assert names("zhangsan") == ["张三"]
    assert names("ZhangSan") == ["张三"]
    assert names("张") == ["张三"]
    assert names("shanli") == ["单丽"]
    assert names("sl") == ["单丽"]
    assert names("danli") == []
    assert names("zxm") == ["曾小明"]
    assert names("19910101") == ["张三"]
    assert names("5678") == ["张三"]
    assert names("88881234") == ["单丽"]
    assert names("") == ["张三", "单丽", "曾小明"]
    assert dt.date(1991, 1, 1) == rows[0].birth_date


# The surnames the issue named (容易读错的姓氏), each with every reading people search it by; written
# out here rather than read from core/surname_readings.py, so a reading dropped there fails.
PUBLISHED = {
    "尉": ("wei", "yu"),
    "乜": ("nie",),
    "阚": ("kan",),
    "卜": ("bu",),
    "都": ("du",),
    "能": ("nai",),
    "子车": ("ziju",),
    "万俟": ("moqi",),
    "尉迟": ("yuchi",),
    "长孙": ("zhangsun",),
    "单于": ("chanyu",),
    "单": ("shan",),
    "区": ("ou",),
    "仇": ("qiu",),
    "解": ("xie",),
    "朴": ("piao",),
    "翟": ("zhai",),
    "查": ("zha",),
    "盖": ("ge",),
    "覃": ("qin",),
    "缪": ("miao",),
    "繁": ("po",),
    "召": ("shao",),
    "秘": ("bi",),
}


def test_each_published_surname_is_found_by_every_reading() -> None:
    for surname, readings in PUBLISHED.items():
        key = search_key(surname + "明")
        for reading in readings:
            assert f"{reading}ming" in key, (surname, reading, key)
            initials = "".join(s[0] for s in READINGS[surname][readings.index(reading)].split()) + "m"
            assert f"|{initials}" in key, (surname, initials, key)


def test_the_surname_table_is_found_by_each_of_its_readings_and_pypinyin_knows_them() -> None:
    from pypinyin import Style, pinyin

    for surname, readings in READINGS.items():
        key = search_key(surname + "华")
        for reading in readings:
            syllables = reading.split()
            assert "".join(syllables) + "hua" in key, (surname, reading)
            for char, syllable in zip(surname, syllables, strict=True):
                if (char, syllable) in NOT_IN_PYPINYIN:
                    continue
                assert syllable in pinyin(char, style=Style.NORMAL, heteronym=True)[0], (surname, syllable)


def test_wei_liao_and_yuchi_gong_are_found_both_ways() -> None:
    assert "weiliao" in search_key("尉缭") and "yuliao" in search_key("尉缭")
    assert "yuchigong" in search_key("尉迟恭") and "weichigong" not in search_key("尉迟恭")
    # the first reading is the one the roster sorts by: the second field of the key
    assert search_key("尉缭").split("|")[1] == "weiliao"
    assert search_key("乜红").split("|")[1] == "niehong"
    assert "miehong" not in search_key("乜红")


def _published_readings() -> list[tuple[str, str, str]]:
    path = Path(__file__).resolve().parents[1] / "data" / "surname_readings_published.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


def test_every_reading_of_three_public_surname_tables_is_found() -> None:
    readings = _published_readings()
    assert len(readings) == 521  # hotoo/pinyin, zh-lx/pinyin-pro and overtrue/pinyin together
    for surname, reading, _tables in readings:
        syllables = reading.split()
        key = search_key(surname + "明")
        assert "".join(syllables) + "ming" in key, (surname, reading, key)
        assert "|" + "".join(s[0] for s in syllables) + "m" in key, (surname, reading, key)


def test_the_readings_the_public_tables_corrected() -> None:
    # the surname reading first (the roster sorts by it), the character's common reading still found
    for surname, first, common in (
        ("六", "lu", "liu"),
        ("贠", "yun", "yuan"),
        ("么", "yao", "me"),
        ("不", "fou", "bu"),
    ):
        assert name_syllables(surname + "明") == [first, "ming"]
        key = search_key(surname + "明")
        assert f"{first}ming" in key and f"{common}ming" in key, key
    # a reading one table gave and the others and the dictionaries do not: not indexed
    assert "huangpu" not in search_key("皇甫明") and "huangfuming" in search_key("皇甫明")
