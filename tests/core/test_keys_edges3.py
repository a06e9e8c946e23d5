"""A township key file is read no further than its largest size (core/keys.read_key_file): a clerk
who picks some other, huge file (a video on the USB stick) is refused at once, without the program
reading all of it. A pipe stands in for the endless file: the refusal must come while the writer
still holds it open, with more than the largest size in it and no end yet."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from dangjian_desktop.core import keys
from dangjian_desktop.core.keys import KeysError


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")
def test_a_file_past_the_largest_size_is_refused_without_reading_to_its_end(tmp_path: Path) -> None:
    pipe = tmp_path / "录像.djkey"
    os.mkfifo(pipe)
    refused = threading.Event()
    released: list[bool] = []

    def writer() -> None:
        with open(pipe, "wb") as handle:
            handle.write(b" " * (keys._KEY_FILE_MAX + 100))
            handle.flush()
            released.append(refused.wait(10))  # the end of the file comes only after the refusal

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        with pytest.raises(KeysError) as caught:
            keys.read_key_file(pipe)
    finally:
        refused.set()
        thread.join()
    assert str(caught.value) == "录像.djkey 不是乡镇公钥文件（应由乡镇用 key export 导出）"
    assert released == [True]  # refused while the file had no end yet
