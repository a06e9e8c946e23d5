"""连接服务器数据库: the dialog against a real PostgreSQL, from the first-run page to the tabs."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from dangjian_desktop.core.exchange.branches import list_branches
from dangjian_desktop.ui.main_window import MainWindow
from dangjian_desktop.ui.server_dialog import SETTINGS_KEY, ServerDialog, server_url

from .helpers import type_text, when_dialog_opens


def _fill(dialog: ServerDialog, url: str, *, user: str | None = None, password: str = "") -> None:
    parsed = make_url(url)
    dialog.host.clear()
    type_text(dialog.host, str(parsed.query["host"]))
    dialog.port.setValue(parsed.port or 5432)
    dialog.dbname.clear()
    type_text(dialog.dbname, parsed.database or "")
    dialog.user.clear()
    type_text(dialog.user, user or parsed.username or "")
    if password:
        type_text(dialog.password, password)


def test_the_url_of_the_fields() -> None:
    assert server_url(" 192.168.1.20 ", 5433, "dangjian", "zhang") == (
        "postgresql+psycopg://zhang@192.168.1.20:5433/dangjian"
    )
    assert server_url("/run/postgresql", 5432, "dj", "clerk") == (
        "postgresql+psycopg://clerk@:5432/dj?host=%2Frun%2Fpostgresql"
    )


def test_missing_fields_are_named_and_nothing_is_opened(qtbot) -> None:
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.host.clear()
    dialog.dbname.clear()
    dialog.user.clear()
    dialog.connect_button.click()
    assert dialog.error.text() == "请填写：服务器地址、数据库名、用户名"
    assert dialog.database is None and dialog.result() == 0


def test_a_refused_login_is_said_and_the_password_is_not_kept(qtbot, pg_url) -> None:
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, pg_url, user="nobody_here", password="secret-1")
    dialog.connect_button.click()
    assert dialog.database is None
    assert "nobody_here" in dialog.error.text() or "无法连接" in dialog.error.text() or "拒绝" in dialog.error.text()
    assert dialog.password.text() == ""


def test_the_first_run_page_connects_to_the_server_and_shows_the_township(qtbot, ctx, pg_url) -> None:
    from PySide6.QtCore import QSettings

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.first_run

    def connect(dialog: ServerDialog) -> None:
        _fill(dialog, pg_url)
        dialog.connect_button.click()

    failures: list[BaseException] = []
    when_dialog_opens(connect, failures)
    window.first_run.server_button.click()
    assert failures == []
    assert window.ctx.db.is_server
    assert window.ctx.db.location.startswith("postgresql+psycopg://postgres@")
    # the empty server database starts on the first-run page too; 乡镇汇总 from there
    window.first_run.township_button.click()
    assert window.township
    with window.ctx.db.reading() as session:
        assert list_branches(session) == []
    remembered = str(QSettings().value(SETTINGS_KEY))
    assert make_url(remembered).password is None and make_url(remembered).database == make_url(pg_url).database
    window.ctx.db.close()
