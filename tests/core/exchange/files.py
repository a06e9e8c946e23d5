"""Roster files the way secretaries type them, for the import tests and benchmarks/bench_import.py."""

from __future__ import annotations

import datetime as dt
import random
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dangjian_desktop.core import idcard

HEADER = [
    "序号", "姓  名", "性别", "民族", "出生年月", "公民身份号码", "文化程度", "入党时间", "转正时间",
    "党员类别", "所在党小组", "工作单位及职务", "联系电话", "家庭住址", "备注",
]  # fmt: skip
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = "建国强志明德华永胜春生海军文斌秀英桂兰玉珍梅丽红霞晓燕美玲淑芬雨婷佳怡凤翠静金冬娟光荣振新民福根水"
GROUPS = ("第一党小组", "第二党小组", "第三党小组", "第四党小组")
JOBS = ("务农", "个体经营", "外出务工", "村委会委员", "退休教师", "合作社理事长", "网格员", "村医")
EDUCATIONS = ("小学", "初中", "高中", "中专", "大专", "大学本科")


def id_number(birth: dt.date, sequence: int, area: str = "420117") -> str:
    first17 = f"{area}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + idcard.check_char(first17)


def _styles(rng: random.Random, day: dt.date) -> Any:
    return rng.choice(
        (
            day,
            day.isoformat(),
            f"{day.year}.{day.month:02d}.{day.day:02d}",
            f"{day.year}.{day.month}.{day.day}",
            f"{day.year}/{day.month}/{day.day}",
            f"{day.year}年{day.month}月{day.day}日",
            f"{day:%Y%m%d}",
        )
    )


def member_rows(count: int, seed: int = 8, start: int = 0) -> list[list[Any]]:
    """`count` clean-but-varied rows with unique valid IDs (dates typed many ways)."""
    rng = random.Random(seed)
    rows = []
    for index in range(start, start + count):
        birth = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 65))
        area = f"4201{index // 1000 % 100:02d}"
        number = id_number(birth, index, area)
        gender = "男" if int(number[16]) % 2 else "女"
        join = birth + dt.timedelta(days=365 * 19 + rng.randrange(0, 365 * 20))
        join = min(join, dt.date(2024, 12, 31))
        full = join + dt.timedelta(days=365)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        birth_cell = rng.choice((f"{birth.year}.{birth.month:02d}", birth.isoformat(), birth))
        rows.append(
            [
                index + 1,
                name if rng.random() > 0.2 else f" {name[0]} {name[1:]} ",
                gender,
                "汉族" if rng.random() > 0.1 else "回族",
                birth_cell,
                number if rng.random() > 0.05 else number.lower(),
                rng.choice(EDUCATIONS),
                _styles(rng, join),
                _styles(rng, full),
                "正式党员",
                rng.choice(GROUPS),
                rng.choice(JOBS),
                f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
                f"凤凰村{rng.randrange(1, 12)}组{rng.randrange(1, 80)}号",
                "",
            ]
        )
    return rows


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    header: Sequence[str] = HEADER,
    *,
    title: str | None = "XX村党支部党员花名册",
    footer: bool = True,
) -> Path:
    """Title row (merged), a 填报单位 line, the header, the rows, a 合计 line and signatures."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("花名册")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    line = 0
    if title:
        sheet.merge_range(0, 0, 0, len(header) - 1, title)
        sheet.write_string(1, 0, "填报单位：XX村党支部        填报日期：2026年11月1日")
        line = 3  # and a blank row
    for column, text in enumerate(header):
        sheet.write_string(line, column, text)
    line += 1
    for row in rows:
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(line, column, value, date_format)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(line, column, value)
            else:
                sheet.write_string(line, column, str(value))
        line += 1
    if footer:
        line += 1
        sheet.write_string(line, 0, f"合计：{len(rows)}人")
        sheet.write_string(line + 2, 0, "填表人：李四")
        sheet.write_string(line + 2, 5, "审核人：王五")
    workbook.close()
    return path


# --- .ods written by hand (no library writes table:number-rows-repeated as a hostile file would) ---

_ODS_ID = id_number(dt.date(1985, 3, 12), 11)
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def string_cell(text: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{repeated}><text:p>{text}</text:p></table:table-cell>'
    )


def write_ods(path: Path, body: str) -> Path:
    """An .ods written as its XML, whose one table is a header row, a member (row 2) and `body`
    (table-row elements): for the far-cell tests and benchmarks/bench_import.py."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {_NS} office:version="1.2"><office:body><office:spreadsheet>'
        '<table:table table:name="花名册">'
        f"<table:table-row>{string_cell('姓名')}{string_cell('公民身份号码')}</table:table-row>"
        f"<table:table-row>{string_cell('王建国')}{string_cell(_ODS_ID)}</table:table-row>"
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def repeated_rows(rows: int, columns: int) -> str:
    return (
        f'<table:table-row table:number-rows-repeated="{rows}">{string_cell("x", columns)}</table:table-row>'
    )


# --- .xlsb, written by hand: BIFF12 records in a zip (no Python library writes the format) ----------


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def biff12_record(kind: int, body: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(body)) + body


def _wide(text: str) -> bytes:
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def xlsb_sheet(cells: Sequence[tuple[int, int, object]]) -> bytes:
    """A worksheet part: (row, column, value) cells, 0-based, in row order; a value of None is a
    formatted empty cell (BrtCellBlank), a str a BrtCellSt, a number a BrtCellReal."""
    last_row = max((r for r, _, _ in cells), default=0)
    last_column = max((c for _, c, _ in cells), default=0)
    # the dimension record says nothing far: a hostile file's summary is never trusted
    dimension = struct.pack("<IIII", 0, min(last_row, 9), 0, min(last_column, 9))
    out = [biff12_record(0x81), biff12_record(0x94, dimension), biff12_record(0x91)]
    row = None
    for r, c, value in cells:
        if r != row:
            out.append(biff12_record(0x00, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 0)))
            row = r
        if value is None:
            out.append(biff12_record(0x01, struct.pack("<II", c, 0)))
        elif isinstance(value, str):
            out.append(biff12_record(0x06, struct.pack("<II", c, 0) + _wide(value)))
        else:
            out.append(biff12_record(0x05, struct.pack("<IId", c, 0, float(value))))  # type: ignore[arg-type]
    return b"".join([*out, biff12_record(0x92), biff12_record(0x82)])


def write_xlsb(path: Path, sheets: Sequence[tuple[str, bytes]]) -> Path:
    """A workbook of (name, worksheet part) pairs, as calamine reads it."""
    book = biff12_record(0x83) + biff12_record(0x8F)
    for i, (name, _) in enumerate(sheets, 1):
        book += biff12_record(0x9C, struct.pack("<II", 0, i) + _wide(f"rId{i}") + _wide(name))
    book += biff12_record(0x90) + biff12_record(0x84)
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_RELS}/worksheet" Target="worksheets/sheet{i}.bin"/>'
        for i in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _XLSB_TYPES)
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_RELS}/officeDocument" '
            'Target="xl/workbook.bin"/></Relationships>',
        )
        archive.writestr(
            "xl/_rels/workbook.bin.rels", f'<Relationships xmlns="{_PKG}">{rels}</Relationships>'
        )
        archive.writestr("xl/workbook.bin", book)
        for i, (_, part) in enumerate(sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{i}.bin", part)
    return path


_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSB_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>'
)
