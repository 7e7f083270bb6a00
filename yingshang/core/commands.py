"""Helpers shared by the management commands (the periodic scans)."""

import argparse
from datetime import date


def court_date(value: str) -> date:
    """argparse type for ``--today YYYY-MM-DD``: a bad date is a usage error with a Chinese message."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError("应为 YYYY-MM-DD 的有效日期")


def add_today_argument(parser) -> None:
    """``--today YYYY-MM-DD``: run the scan as of that day (default: the court's today)."""
    parser.add_argument("--today", type=court_date, default=None,
                        help="按该日期扫描（YYYY-MM-DD），默认法院当日（北京时间）")
