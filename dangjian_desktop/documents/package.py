"""What the township package carries besides the data: the documents, by file name.

The exporter in core/ takes these makers from its caller (the CLI and the export dialog), so core/
never reaches up into the documents or the printer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from dangjian_desktop.documents.cards import wall_cards_pdf
from dangjian_desktop.documents.common import pdf_bytes
from dangjian_desktop.documents.meetings import archive_pdf
from dangjian_desktop.documents.roster import roster_pdf

# maker(session, branch_id, branch_name, today) -> the file's bytes, or None to leave it out
DocumentMaker = Callable[[Session, int, str, dt.date], "bytes | None"]


def _roster_xlsx(session: Session, branch_id: int, branch_name: str, today: dt.date) -> bytes | None:
    from dangjian_desktop.core.exchange.roster_export import roster_workbook_bytes

    return roster_workbook_bytes(session, branch_id, branch_name, today)


def package_documents() -> dict[str, DocumentMaker]:
    return {
        "documents/党员花名册.xlsx": _roster_xlsx,
        "documents/党员花名册.pdf": lambda s, _b, _n, today: pdf_bytes(lambda out: roster_pdf(s, today, out)),
        "documents/会议记录汇编.pdf": lambda s, _b, _n, today: pdf_bytes(
            lambda out: archive_pdf(s, today.year, today, out)
        ),
        "documents/明白卡.pdf": lambda s, _b, _n, today: pdf_bytes(
            lambda out: wall_cards_pdf(s, today.year, today, out)
        ),
    }
