import datetime as dt

from dangjian_desktop.core.roster import MemberDraft, add_member, filter_rows, list_members
from dangjian_desktop.core.search import search_key


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
