"""报送登记表: the fingerprint the township compares is on paper, large, with the branch's details."""

import datetime as dt

import pytest
from pypdf import PdfReader

from dangjian_desktop.core.errors import UserError
from dangjian_desktop.core.keys import key_state
from dangjian_desktop.documents.registration import registration_pdf


def test_the_registration_form_carries_the_fingerprint(db, branch_id, tmp_path) -> None:
    out = tmp_path / "登记表.pdf"
    with db.reading() as session:
        registration_pdf(session, out, dt.date(2026, 11, 22))
        fingerprint = key_state(session).signing
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "党支部数据包报送登记表" in text and "测试村党支部" in text and "王书记" in text
    assert fingerprint in text and "2026年11月22日" in text and "尚未导入" in text
    sizes = []
    reader.pages[0].extract_text(visitor_text=lambda t, cm, tm, font, size: sizes.append((t, tm[0] * size)))
    assert max(size for t, size in sizes if fingerprint.split()[0] in t) >= 20  # read aloud from paper


def test_a_township_database_has_no_registration_form(db, tmp_path) -> None:
    with db.reading() as session, pytest.raises(UserError, match="村级数据库"):
        registration_pdf(session, tmp_path / "x.pdf")
