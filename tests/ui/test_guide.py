"""The F1 guide: every tab and the USB export in plain Chinese, with pictures, and no command lines."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QTextDocument

from dangjian_desktop.ui.help_dialog import HelpDialog, guide_path
from tests.ui.screens import page_classes


def _html() -> str:
    return guide_path().read_text("utf-8")


def test_every_tab_has_a_section(qtbot) -> None:
    html = _html()
    titles = [cls.title for cls in page_classes() if hasattr(cls, "title")]  # every tab, found by itself
    assert {"党员花名册", "政治生日", "会议记录", "明白卡", "乡镇汇总"} <= set(titles)
    for title in titles:
        assert re.search(rf"<h2[^>]*>.*{title}", html), title
    for section in ("向乡镇报送", "打印", "设置", "删除误录", "启用月份"):
        assert section in html


def test_no_command_lines() -> None:
    html = _html()
    assert "<code>" not in html and "dangjian " not in html and "--" not in html


def test_the_passphrase_is_described_as_the_dialog_asks_for_it() -> None:
    html = _html()
    assert "密码文件" not in html  # the export dialog asks for a typed passphrase, twice, not a file
    assert "口令" in html and "再输一遍" in html and "至少 6 个字符" in html


def test_every_picture_exists_and_shows(qtbot) -> None:
    html = _html()
    pictures = re.findall(r'<img src="([^"]+)"', html)
    assert len(pictures) >= 6
    for picture in pictures:
        assert (guide_path().parent / picture).is_file(), picture
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    document = dialog.browser.document()
    for picture in pictures:
        image = document.resource(
            QTextDocument.ResourceType.ImageResource, dialog.browser.source().resolved(picture)
        )
        assert image is not None and not image.isNull(), picture
    assert Path(dialog.browser.source().toLocalFile()) == guide_path()
