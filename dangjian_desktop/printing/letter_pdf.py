"""《中国共产党党员组织关系介绍信》: 存根, 介绍信 and 回执 on one A4 sheet, separated by cut lines.

Plain data in, a PDF out. The letter carries the full ID number (the receiving organisation needs it), so
it is handed to the member, never posted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Frame, KeepInFrame

from dangjian_desktop.printing.layout import Para, esc, pdf_target, plain_canvas, styles

TITLE = "中国共产党党员组织关系介绍信"


@dataclass(frozen=True)
class LetterData:
    number: str  # 编号
    to_org: str  # 抬头: the receiving organisation
    name: str
    gender: str
    age: str  # "" when the birth date is unknown
    ethnicity: str
    category: str  # 正式党员 / 预备党员
    id_number: str
    from_org: str  # the sending branch
    dues_to: str  # 党费交到, in capital numerals (贰零贰陆年叁月), or "" when not known
    validity_days: int
    sender_address: str
    sender_phone: str
    date_cn: str  # 2026年12月1日


def _person(d: LetterData) -> str:
    facts = "，".join(x for x in (d.gender, f"{d.age}岁" if d.age else "", d.ethnicity) if x)
    return f"{esc(d.name)}同志（{esc(facts)}）" if facts else f"{esc(d.name)}同志"


def _dues(d: LetterData) -> str:
    return f"党费已交到{d.dues_to}。" if d.dues_to else "党费交纳情况：＿＿＿＿年＿＿月。"


def _parts(d: LetterData) -> list[tuple[str, list[str], list[str]]]:
    """(heading, body paragraphs, signature lines) for each of the three parts, top to bottom."""
    number = f"第 {esc(d.number)} 号"
    stub = [
        f"{_person(d)}，系中共{esc(d.category)}，身份证号码 {esc(d.id_number) or '＿＿＿＿＿＿'}，"
        f"由{esc(d.from_org)}转到{esc(d.to_org)}。",
        f"{_dues(d)}有效期 {d.validity_days} 天。",
    ]
    letter = [
        f"{esc(d.to_org)}：",
        f"兹介绍{_person(d)}，系中共{esc(d.category)}，身份证号码 {esc(d.id_number) or '＿＿＿＿＿＿'}，"
        f"由{esc(d.from_org)}转去你处，请接洽。{_dues(d)}",
        f"（有效期 {d.validity_days} 天）",
    ]
    sender = [
        f"{esc(d.from_org)}（盖章）",
        f"通讯地址：{esc(d.sender_address) or '＿＿＿＿＿＿＿＿'}　联系电话：{esc(d.sender_phone) or '＿＿＿＿'}",
        d.date_cn,
    ]
    receipt = [
        f"{esc(d.from_org)}：",
        f"你处介绍的{esc(d.name)}同志的党员组织关系已转到我处，特此回复。",
    ]
    return [
        (f"{TITLE}（存根）　{number}", stub, [d.date_cn]),
        (f"{TITLE}　{number}", letter, sender),
        (
            f"{TITLE}（回执）　{number}",
            receipt,
            ["接收党组织（盖章）＿＿＿＿＿＿＿＿", "＿＿＿＿年＿＿月＿＿日"],
        ),
    ]


def print_letter(data: LetterData, out: Path) -> Path:
    st = styles(body_size=11)
    canvas = plain_canvas(pdf_target(out), A4)
    canvas.setTitle(f"{TITLE} {data.number}")
    width, height = A4
    margin = 18 * mm
    # 存根 a little shorter than the letter itself; the 回执 like the 存根
    heights = [78 * mm, 112 * mm, 74 * mm]
    top = height - 12 * mm
    heading = st.title.clone("letter-title", fontSize=13, leading=18, spaceAfter=4)
    right = st.body.clone("letter-sign", alignment=2)
    # the salutation line stands flush left; the text under it is indented two characters
    indented = st.body.clone("letter-text", firstLineIndent=2 * st.body.fontSize)
    for index, ((title, body, signature), part_height) in enumerate(zip(_parts(data), heights, strict=True)):
        first_is_salutation = body[0].endswith("：")
        flow = [Para(title, heading)]
        flow += [
            Para(p, st.body if (i == 0 and first_is_salutation) else indented) for i, p in enumerate(body)
        ]
        flow += [Para(line, right) for line in signature]
        if index == 1:
            flow.append(Para("盖章处", right.clone("seal", textColor="#999999", fontSize=9)))
        frame = Frame(margin, top - part_height, width - 2 * margin, part_height, showBoundary=0)
        # a very long organisation name shrinks this part rather than running into the next one
        frame.addFromList([KeepInFrame(width - 2 * margin, part_height - 12, flow, mode="shrink")], canvas)
        top -= part_height
        if index < 2:
            canvas.saveState()
            canvas.setDash(4, 3)
            canvas.setStrokeColorRGB(0.4, 0.4, 0.4)
            canvas.line(margin / 2, top - 2 * mm, width - margin / 2, top - 2 * mm)
            canvas.setFont(st.fonts.body, 8)
            canvas.drawCentredString(width / 2, top - 5 * mm, "（沿此线剪开）")
            canvas.restoreState()
            top -= 9 * mm
    canvas.showPage()
    canvas.save()
    return out
