"""The 乡镇汇总 tab reads its view (branches, 党费, moves) on the worker: it is built and answers while the
read waits, shows the view once it comes, and sizes its columns to the widest text of every row."""

from __future__ import annotations

import datetime as dt
import threading

from dangjian_desktop.core.models import Branch, Member
from dangjian_desktop.ui.context import AppContext
from dangjian_desktop.ui.jobs import JobRunner
from dangjian_desktop.ui.township.tab import HEADERS, TownshipTab

TODAY = dt.date(2026, 11, 22)
LONG = "第99村党支部（某某县某某镇某某某某某某村党总支部第二党支部）"  # sorts after 第00…第39


def test_the_view_is_read_on_the_worker(qtbot, db) -> None:
    with db.transaction() as s:
        for n in range(40):
            branch = Branch(name=f"第{n:02d}村党支部", township="测试镇")
            s.add(branch)
            s.flush()
            s.add(
                Member(branch_id=branch.id, name=f"党员{n}", join_date=dt.date(2000, 7, 1), join_md="07-01")
            )
        s.add(Branch(name=LONG, township="测试镇"))  # the last row: its width is measured all the same
    runner = JobRunner()
    gate = threading.Event()
    runner.run(lambda _p: gate.wait(30), lambda _r: None, lambda _m: None)  # the worker is busy
    tab = TownshipTab(AppContext(db=db, jobs=runner, today=lambda: TODAY))
    qtbot.addWidget(tab)
    # built, and nothing read on the GUI thread: the read waits behind the busy worker
    assert tab.loading and tab.model.rowCount() == 0 and "正在读取" in tab.totals.text()
    gate.set()
    qtbot.waitUntil(lambda: not tab.loading, timeout=30000)
    assert tab.model.rowCount() == 41 and tab.dues.model.rowCount() == 41
    assert tab.totals.text() == "41 个党支部，在册党员 40 名"
    name = HEADERS.index("党支部")
    assert tab.model.index(40, name).data() == LONG
    needed = tab.table.fontMetrics().horizontalAdvance(LONG)
    assert tab.table.horizontalHeader().sectionSize(name) > needed
    runner.wait()
