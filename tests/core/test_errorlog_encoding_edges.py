"""The error log beside the database (core/errorlog.py) is UTF-8 whatever the system's encoding: a
Chinese Windows writes text files in GBK unless told otherwise. The log never holds a value itself: a
Chinese context (a package's file name) or message stands in it as the scrub's mark "…", which is not
ASCII either, so a log written in the system's encoding could fail to be written or be read back
garbled. The C locale (ASCII) stands in for such a system here."""

from __future__ import annotations

from pathlib import Path

from dangjian_desktop.core.errorlog import log_unexpected


def test_a_chinese_context_is_logged_in_utf8_whatever_the_system_encoding(
    tmp_path: Path, ascii_locale: None
) -> None:
    try:
        raise ValueError("数据包的内容格式不对")
    except ValueError as exc:
        path = log_unexpected(exc, tmp_path / "data.sqlite3", "合并 凤凰村.djpkg")
    assert path is not None
    text = path.read_bytes().decode("utf-8")
    assert "\nValueError: …\n" in text  # the message's words scrubbed to the mark, in UTF-8
    assert text.split("\n", 1)[0].endswith(" … ….djpkg")  # so is the context's Chinese
