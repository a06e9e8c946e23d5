"""Surnames read otherwise than their character's common reading (容易读错的姓氏), as data.

Source: the lists of 容易读错的姓氏 published by the Chinese press (e.g. 人民日报's "这些姓氏你读对了吗"
and 新华社's 多音字姓氏 lists, which agree with the surname readings in 《现代汉语词典》 第7版) and the
surname readings of the 百家姓; the readings were checked against pypinyin's heteronym table (every one
below is among the readings pypinyin knows for the character, except the surname readings in
NOT_IN_PYPINYIN, which the dictionaries give and pypinyin lacks). People search by the reading they know,
so a surname with two readings in use (尉: 尉缭 wei, 尉迟 yu; 覃 qin and tan) is found by both: the first
reading is the one the roster sorts by.

Checked again against the surname tables of three public pinyin projects (hotoo/pinyin's surname and
compound_surname tables, zh-lx/pinyin-pro's surname table, overtrue/pinyin's surnames list; 521
surnames in all): 513 agreed; 六 lu, 贠/貟 yun, 么 yao and 不 fou were added from them; 皇甫 "huang pu"
(one table; the other and the dictionaries read huang fu), 浣 "wan" and 扎 "za" (one table each, no
dictionary gives them as surnames) were not. tests/data/surname_readings_published.tsv holds the
readings so checked, each with the tables that give it; tests/core/test_search.py reads it.

Format: surname -> readings, each reading its syllables separated by spaces, without tones.
tests/core/test_search.py walks this table and the list the issue gave.
"""

from __future__ import annotations

NOT_IN_PYPINYIN = frozenset({("黑", "he"), ("谌", "shen"), ("贠", "yun"), ("貟", "yun")})

READINGS: dict[str, tuple[str, ...]] = {
    # one character
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "查": ("zha",),
    "朴": ("piao",),
    "盖": ("ge", "gai"),
    "覃": ("qin", "tan"),
    "缪": ("miao",),
    "翟": ("zhai",),
    "乐": ("yue", "le"),
    "种": ("chong",),
    "秘": ("bi",),
    "折": ("she",),
    "召": ("shao",),
    "繁": ("po",),
    "句": ("gou",),
    "员": ("yun",),
    "隗": ("wei", "kui"),
    "黑": ("he", "hei"),  # 黑 hè as a surname
    "薄": ("bo",),
    "尉": ("wei", "yu"),
    "柏": ("bai",),
    "长": ("chang",),
    "重": ("chong",),
    "纪": ("ji",),
    "任": ("ren",),
    "沈": ("shen",),
    "冼": ("xian",),
    "万": ("wan",),
    "宁": ("ning",),
    "蕃": ("pi",),
    "过": ("guo",),
    "应": ("ying",),
    "乜": ("nie",),
    "阚": ("kan",),
    "卜": ("bu",),
    "都": ("du",),
    "能": ("nai",),
    "佴": ("nai",),
    "莘": ("shen", "xin"),
    "谌": ("chen", "shen"),
    "郇": ("huan", "xun"),
    "逄": ("pang",),
    "眭": ("sui",),
    "訾": ("zi",),
    "亓": ("qi",),
    "厍": ("she",),
    "宓": ("mi", "fu"),
    "炅": ("gui", "jiong"),
    "朝": ("chao",),
    "相": ("xiang",),
    "华": ("hua",),
    "燕": ("yan",),
    "车": ("che",),
    "褚": ("chu",),
    "粘": ("nian",),
    "禚": ("zhuo",),
    "晟": ("sheng",),
    "藏": ("zang",),
    "角": ("jue", "jiao"),
    "冯": ("feng",),
    "哈": ("ha",),
    "洗": ("xian",),
    "於": ("yu",),
    "校": ("xiao",),
    "祭": ("zhai",),
    "圈": ("quan",),
    "雍": ("yong",),
    # found in the surname tables of hotoo/pinyin, zh-lx/pinyin-pro and overtrue/pinyin (see below)
    "六": ("lu", "liu"),  # 六 Lù, as in 六安
    "贠": ("yun", "yuan"),
    "貟": ("yun", "yuan"),
    "么": ("yao", "me"),  # 么 as 幺 Yāo
    "不": ("fou", "bu"),  # 不 Fǒu
    # two characters
    "万俟": ("mo qi",),
    "尉迟": ("yu chi",),
    "长孙": ("zhang sun",),
    "单于": ("chan yu",),
    "澹台": ("tan tai",),
    "欧阳": ("ou yang",),
    "司马": ("si ma",),
    "诸葛": ("zhu ge",),
    "子车": ("zi ju",),
    "令狐": ("ling hu",),
    "皇甫": ("huang fu",),
    "宇文": ("yu wen",),
    "公孙": ("gong sun",),
    "东方": ("dong fang",),
    "上官": ("shang guan",),
    "夏侯": ("xia hou",),
    "仉督": ("zhang du",),
    "亓官": ("qi guan",),
    "闾丘": ("lv qiu",),
}
