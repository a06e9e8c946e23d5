"""Revision 0003 upgrades a database written at 0001 with every row intact, and the papers survive any length."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from pypdf import PdfReader
from sqlalchemy import inspect, select

from dangjian_desktop.core.db import alembic_config, make_engine, open_database
from dangjian_desktop.core.develop.service import PersonDraft, StepDraft, add_person, record_step
from dangjian_desktop.core.models import Member
from dangjian_desktop.documents.develop import publicity_pdf, record_pdf
from tests.core.develop.helpers import add_roster, id_for


def test_upgrade_from_0001_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001_initial")
        connection.exec_driver_sql(
            "INSERT INTO branch (name, township, secretary, phone, uid, package_digest) VALUES ('老村党支部', '', '', '', 'u1', '')"
        )
        connection.exec_driver_sql(
            "INSERT INTO member (branch_id, name, gender, ethnicity, education, category, party_group, is_committee,"
            " job, phone, address, status, left_reason, is_mobile, mobile_destination, is_lost_contact, is_hardship,"
            " note, search_key, join_date) VALUES (1, '老党员', '男', '汉族', '', '正式党员', '', 0, '', '', '', '在册',"
            " '', 0, '', 0, 0, '', '', '1980-07-01')"
        )
    engine.dispose()
    db = open_database(path)
    with db.reading() as session:
        assert [(m.name, m.join_date) for m in session.scalars(select(Member))] == [
            ("老党员", dt.date(1980, 7, 1))
        ]
        tables = set(inspect(session.connection()).get_table_names())
    assert {"develop_person", "develop_step", "develop_step_person"} <= tables
    db.close()


def test_papers_hold_any_length(db, branch_id, tmp_path: Path) -> None:
    add_roster(db, branch_id, full=3)
    long_name = "阿" * 50
    pid = add_person(
        db,
        branch_id,
        PersonDraft(
            name=long_name, id_number=id_for(dt.date(1990, 1, 1)), applied="2023-03-01", address="村" * 200
        ),
        today=dt.date(2026, 12, 1),
    )
    for n in range(3):
        note = "，".join(["考察情况良好"] * 300) + f"（{n}）"
        record_step(db, pid, StepDraft("谈话", f"2023-03-{2 + n % 20:02d}", note=note, people=["党员1"]),
                    today=dt.date(2026, 12, 1))  # fmt: skip
    with db.reading() as session:
        record = record_pdf(session, pid, tmp_path / "r.pdf")
        notice = publicity_pdf(session, pid, tmp_path / "p.pdf", today=dt.date(2026, 12, 1))
    pages = PdfReader(record).pages
    assert len(pages) >= 3 and "（2）" in "".join(p.extract_text() for p in pages).replace(" ", "")
    assert long_name in PdfReader(notice).pages[0].extract_text().replace("\n", "").replace(" ", "")
