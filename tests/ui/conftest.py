import datetime as dt

import pytest

from dangjian_desktop.ui.app import install_chinese, install_font
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner

from .helpers import next_test

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def ctx(qapp, db) -> AppContext:
    install_chinese(qapp)
    install_font(qapp)
    runner = JobRunner()
    context = AppContext(db=db, jobs=runner, today=lambda: TODAY)
    yield context
    runner.wait()


@pytest.fixture(autouse=True)
def _polls_end_with_their_test():  # type: ignore[no-untyped-def]
    yield
    next_test()
