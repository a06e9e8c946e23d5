"""The roster workbook's own parts (core/exchange/roster_export.py `_package_parts`), read as the XML
Excel reads: Excel refuses or "repairs" a workbook whose parts carry text where the schema allows only
elements, while openpyxl reads past it, so a test through openpyxl alone would not see such a slip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree

from dangjian_desktop.core.db import Database
from dangjian_desktop.core.exchange.roster_export import roster_workbook_bytes
from dangjian_desktop.core.roster import MemberDraft, add_member


def test_every_part_of_the_workbook_is_elements_only_where_excel_wants_elements(
    db: Database, branch_id: int
) -> None:
    with db.transaction() as session:
        add_member(session, branch_id, MemberDraft(name="王建国", gender="男", join_date="2001-07-01"))
        data = roster_workbook_bytes(session, branch_id, "测试村党支部", dt.date(2026, 11, 22))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [name for name in archive.namelist() if name.endswith((".xml", ".rels"))]
        assert "xl/workbook.xml" in parts and "[Content_Types].xml" in parts
        for name in parts:
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                continue  # cells and shared strings hold the roster's own text
            root = ElementTree.fromstring(archive.read(name))
            for element in root.iter():
                if len(element):  # an element that holds elements holds nothing else
                    assert not (element.text or "").strip(), (name, element.tag, element.text)
                for child in element:
                    assert not (child.tail or "").strip(), (name, child.tag, child.tail)
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        tags = [child.tag.rsplit("}", 1)[-1] for child in workbook]
        assert "sheets" in tags and tags.index("sheets") < tags.index("definedNames")
