"""Year-end statistics (党内统计 basics) of a branch, a township or a county: the tables the yearly
statistical report asks for, each checked against the roster before it is shown or printed.

categories.py maps what the roster stores to the tables' rows; tables.py is their shape and the check;
gather.py reads the database (portable SQLAlchemy, the same on SQLite and PostgreSQL).
"""

from dangjian_desktop.core.statistics.categories import StatisticsError
from dangjian_desktop.core.statistics.gather import default_scope, year_statistics
from dangjian_desktop.core.statistics.tables import COLUMNS, StatRow, StatTable, YearStatistics, check_totals

__all__ = [
    "COLUMNS",
    "StatRow",
    "StatTable",
    "StatisticsError",
    "YearStatistics",
    "check_totals",
    "default_scope",
    "year_statistics",
]
