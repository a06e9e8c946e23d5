"""A CSV file's lines as the encoding check counts them (core/exchange/importing/sheet.py decode_csv):
lines end at a line break only, so a line with spaces and tabs in it is still one line, and the refusal
names the line a clerk finds in Notepad, in the exact words that tell what to do."""

from __future__ import annotations

import pytest

from dangjian_desktop.core.exchange.importing import RosterImportError
from dangjian_desktop.core.exchange.importing.sheet import decode_csv

HEAD = "姓名, 性别, 住址\n".encode()  # spaces after the commas, as typed by hand


def test_a_mixed_file_names_its_odd_line_counting_lines_with_spaces_as_one() -> None:
    data = (
        HEAD
        + "张 三, 男, 凤凰村 一组\n".encode()
        + "李 四, 女, 凤凰村 二组\n".encode()
        + "王 五, 男, 三组\n".encode("gbk")
    )
    with pytest.raises(RosterImportError) as refused:
        decode_csv(data, "花名册.csv")
    assert str(refused.value) == (
        "“花名册.csv”的第4行是 GBK（ANSI） 编码，而文件其余部分是 UTF-8 编码："
        "这样的文件无法可靠读取（姓名和住址会变成乱码）。请用 Excel 打开后另存为"
        "“CSV UTF-8”或 Excel 工作簿，再导入"
    )


def test_a_byte_neither_encoding_reads_is_named_by_its_line() -> None:
    data = "姓名 性别\n张 三 男\n".encode("gbk") + b"\xff\xff \xff\n"
    with pytest.raises(RosterImportError) as refused:
        decode_csv(data, "名单.csv")
    assert str(refused.value) == (
        "“名单.csv”的第3行含有无法识别的字符（既不是 UTF-8 也不是 GBK 编码）："
        "请用 Excel 打开后另存为“CSV UTF-8”或 Excel 工作簿，再导入"
    )


def test_a_gbk_file_with_spaces_reads_whole() -> None:
    text = "姓名, 性别\n张 三, 男\n"
    assert decode_csv(text.encode("gbk"), "a.csv") == text
    assert decode_csv(b"\xef\xbb\xbf" + text.encode(), "b.csv") == text
