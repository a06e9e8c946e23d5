"""core/db_server.py: what a clerk reads when the server cannot be reached. The refusal comes from the
driver wrapped by SQLAlchemy, whose own text starts with the driver's class name in English and ends
with a link; the clerk is told the driver's words alone. Needs psycopg, not a running server."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from dangjian_desktop.core.db_server import display_url, server_problem, server_url


def _refusal(tmp_path: Path) -> tuple[OperationalError, str]:
    """A real refusal: a server on a local socket folder where none listens."""
    url = server_url(str(tmp_path), 5432, "dj", "clerk")
    engine = create_engine(url)
    try:
        with pytest.raises(OperationalError) as caught:
            engine.connect()
    finally:
        engine.dispose()
    return caught.value, url


def test_an_unreachable_server_is_told_in_the_drivers_words_without_sqlalchemys_wrapping(
    tmp_path: Path,
) -> None:
    exc, url = _refusal(tmp_path)
    assert "OperationalError" in str(exc)  # what the message must not carry is really there to leave out
    message = str(server_problem(exc, url))
    assert message.startswith("无法连接数据库服务器 ")
    first = str(exc.orig).strip().splitlines()[0]
    assert message.endswith(f"（{first[:200]}）")
    said = message.replace(display_url(url), "")  # the URL names the driver itself
    assert "OperationalError" not in said and "psycopg" not in said and "sqlalche.me" not in said
