import datetime as dt

from pypdf import PdfReader

from dangjian_desktop.core.roster import list_members
from dangjian_desktop.printing.roster_pdf import print_roster
from tests.pdf_render import render_page


def test_roster_pdf_is_landscape_with_every_name_and_page_numbers(demo_db, tmp_path) -> None:
    with demo_db.reading() as session:
        rows = list_members(session, include_left=False)
    out = print_roster(rows, "凤凰村党支部", tmp_path / "r.pdf", today=dt.date(2026, 11, 22))
    reader = PdfReader(out)
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = "".join(p.extract_text() for p in reader.pages)
    assert "2026年11月22日" in text
    assert all(r.name in text for r in rows)
    assert f"共 {len(reader.pages)} 页" in text
    fonts = {
        str(f)
        for p in reader.pages
        for f in p["/Resources"]["/Font"].values()
        for f in [f.get_object()["/BaseFont"]]
    }
    # a subset-embedded TrueType font, never the unembedded STSong-Light CID font
    assert any("+WenQuanYi" in name for name in fonts), fonts
    assert not any("STSong" in name for name in fonts), fonts


def test_a_page_renders_with_ink_in_the_title(demo_db, tmp_path) -> None:
    """Chinese that fell back to boxes or nothing would leave the title area blank."""
    with demo_db.reading() as session:
        rows = list_members(session, include_left=False)
    out = print_roster(rows, "凤凰村党支部", tmp_path / "r.pdf")
    image = render_page(out).convert("L")
    title = image.crop((0, 0, image.width, image.height // 10))
    assert title.getextrema()[0] < 100
