"""报送登记表: one A4 page the village signs and hands to the township, carrying the key fingerprint
that the clerk compares when enrolling the branch. Data in, PDF out; no database, no Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from dangjian_desktop.printing.layout import NumberedCanvas, Para, esc, styles, today_cn


@dataclass(frozen=True)
class Registration:
    branch: str
    township: str
    secretary: str
    phone: str
    branch_code: str  # the first characters of the branch's stable id
    fingerprint: str  # the village's signing key, 4 groups of 5 digits
    township_fingerprint: str  # the imported township key, or ""
    last_package: int


def print_registration(data: Registration, out: Path, today: dt.date | None = None) -> Path:
    s = styles(14)
    big = ParagraphStyle("fingerprint", parent=s.body, fontName=s.fonts.heading, fontSize=22, leading=30)
    rows = [
        ("党支部", data.branch),
        ("所属乡镇", data.township or "（未填）"),
        ("书记", data.secretary or "（未填）"),
        ("联系电话", data.phone or "（未填）"),
        ("支部编号", data.branch_code),
        ("已导出数据包", f"{data.last_package} 个" if data.last_package else "尚未导出"),
        ("乡镇公钥指纹", data.township_fingerprint or "尚未导入（数据包为明文，请向乡镇索取乡镇公钥）"),
    ]
    table = Table(
        [[Para(esc(k), s.body), Para(esc(v), s.body)] for k, v in rows]
        + [[Para("本村密钥指纹", s.body), Para(esc(data.fingerprint), big)]],
        colWidths=[42 * mm, 128 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    note = (
        "乡镇第一次合并本支部的数据包时，经办人会看到同样的二十位数字，请电话逐组核对后再登记。"
        "以后只有这把密钥签名的数据包才会被合并。换电脑重新建库时，需乡镇“重新登记”。"
    )
    story = [
        Para("党支部数据包报送登记表", s.title),
        Para(esc(today_cn(today)), s.subtitle),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 6 * mm),
        Para(esc(note), s.body),
        Spacer(1, 16 * mm),
        Para("支部书记（签字）：______________", s.body),
        Spacer(1, 8 * mm),
        Para("乡镇经办人核对（签字）：______________", s.body),
        Spacer(1, 8 * mm),
        Para("日期：______年____月____日", s.body),
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    document = SimpleDocTemplate(str(out), pagesize=A4, title="党支部数据包报送登记表")
    document.build(story, canvasmaker=NumberedCanvas)
    return out
