"""Importing the roster from the spreadsheets secretaries really have (.xlsx, .xls, .ods, .csv).

The work is split so that the GUI can show each step before anything is written:
  sheet.py       reading the cells (hostile files refused before they are read; CSV encodings)
  extent.py      how far each sheet of an .xlsx, .xls or .ods reaches, scanned before calamine reads it
  vocabulary.py  header names (from core/member_fields.py), the header row, the data rows, value words
  rules.py       the one rule set a row is checked by (one function per field, chosen at plan time)
  planning.py    every row against the rules and the database: what would be inserted or updated
  writing.py     that plan written in one transaction; the entry points; the rejected-rows workbook
A dry run is the same plan, not written, so it reports exactly what a real import would do.
"""

from dangjian_desktop.core.exchange.importing.planning import ImportPlan, plan_import
from dangjian_desktop.core.exchange.importing.report import ImportReport, NameChange, RejectedRow, RowWarning
from dangjian_desktop.core.exchange.importing.sheet import (
    RosterImportError,
    Table,
    cell_text,
    column_letter,
)
from dangjian_desktop.core.exchange.importing.vocabulary import (
    FIELD_LABELS,
    IGNORE,
    Layout,
    detect_layout,
    match_header,
    preview_rows,
)
from dangjian_desktop.core.exchange.importing.writing import (
    import_roster,
    import_table,
    load,
    save_rejected,
    write_plan,
)


def read_table(path: object) -> Table:
    """The first sheet of the file that holds a roster header (or the first sheet)."""
    from dangjian_desktop.core.exchange.importing.sheet import read_table as read
    from dangjian_desktop.core.exchange.importing.vocabulary import find_header

    return read(path, find_header=find_header)  # type: ignore[arg-type]


__all__ = [
    "FIELD_LABELS",
    "IGNORE",
    "ImportPlan",
    "ImportReport",
    "Layout",
    "NameChange",
    "RejectedRow",
    "RosterImportError",
    "RowWarning",
    "Table",
    "cell_text",
    "column_letter",
    "detect_layout",
    "import_roster",
    "import_table",
    "load",
    "match_header",
    "plan_import",
    "preview_rows",
    "read_table",
    "save_rejected",
    "write_plan",
]
