import datetime as dt

import pytest

from dangjian_desktop.ui.app import install_chinese, install_font
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def ctx(qapp, db) -> AppContext:
    install_chinese(qapp)
    install_font(qapp)
    runner = JobRunner()
    context = AppContext(db=db, jobs=runner, today=lambda: TODAY)
    yield context
    runner.wait()
