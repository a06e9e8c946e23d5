"""`dangjian stats --year Y [--xlsx F] [--pdf F] [--json]`: the year-end statistics of the village's branch,
or of every branch on a township (or county) database; also `dangjian print statistics --year Y --out F`.

The year is read as text and checked here, so a bad one is one Chinese sentence and exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dangjian_desktop.cli.common import Printer, open_db, print_json
from dangjian_desktop.core.errors import UserError


def _year(text: str | None) -> int:
    if text is None:
        return dt.date.today().year
    value = text.strip()
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise UserError(f"统计年度应写成四位数字，如 2026：{text[:20]}")
    return int(value)


def _target(text: str, suffix: str) -> Path:
    path = Path(text)
    if path.suffix.lower() != suffix:
        raise UserError(f"文件名应以 {suffix} 结尾：{path.name[:40]}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _show(stats) -> None:  # noqa: ANN001 - YearStatistics
    from dangjian_desktop.printing.statistics_pdf import heading_of, title_of

    print(title_of(stats))
    print(heading_of(stats))
    for table in stats.tables:
        print()
        print(f"【{table.title}】\t" + "\t".join(table.columns))
        for row in table.rows:
            label = f"  {row.label}" if row.part else row.label
            print(label + "\t" + "\t".join(str(n) for n in row.counts))
        print("合计\t" + "\t".join(str(n) for n in table.column_sums()))
        if table.note:
            print(f"注：{table.note}")


def cmd_stats(args: argparse.Namespace) -> int:
    from dangjian_desktop.core.services import query_together
    from dangjian_desktop.documents.statistics import gather, write_xlsx
    from dangjian_desktop.printing.statistics_pdf import print_statistics

    year = _year(args.year)
    xlsx = _target(args.xlsx, ".xlsx") if args.xlsx else None
    pdf = _target(args.pdf, ".pdf") if args.pdf else None
    db = open_db(args)
    stats = query_together(db, gather, year)
    today = dt.date.today()
    if xlsx is not None:
        write_xlsx(stats, xlsx, today=today)
    if pdf is not None:
        from dangjian_desktop.cli import _apply_print_preferences

        _apply_print_preferences(args)  # as `dangjian print` does: 仿宋/黑体 where the setting asks
        print_statistics(stats, pdf, today=today)
    if args.json:
        print_json(stats.as_json())
    else:
        _show(stats)
    for path in (xlsx, pdf):
        if path is not None and not args.json:
            print(f"已生成 {path}")
    return 0


def print_statistics_cmd(args: argparse.Namespace, out: Path) -> None:
    from dangjian_desktop.documents.statistics import statistics_pdf

    year = _year(None if args.year is None else str(args.year))
    with open_db(args).reading() as session:
        statistics_pdf(session, year, dt.date.today(), out)


def register(sub: argparse._SubParsersAction, printers: dict[str, Printer]) -> None:
    p = sub.add_parser("stats", help="年报统计：党员队伍基本情况（截至当年12月31日）")
    p.add_argument("--year", help="统计年度，默认今年")
    p.add_argument("--xlsx", help="另存为 Excel 文件（每张表一页）")
    p.add_argument("--pdf", help="另存为 PDF 文件")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stats)
    printers["statistics"] = print_statistics_cmd
