"""完成时限: the last day to finish a measure, or ongoing (持续推进 / 长期坚持)."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from yingshang.measures.domain.vocabulary import (
    _CN_NUM, _SPACES, ONGOING_EXACT, ONGOING_WORDS, cn_to_int,
)

@dataclass(frozen=True)
class Deadline:
    """A measure's 完成时限. ``on`` is the last day to finish; ``is_ongoing`` for 持续推进 / 长期坚持 (no date)."""

    text: str
    on: date | None
    is_ongoing: bool
    is_recognised: bool


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _to_int(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    return cn_to_int(text)


_NUM = rf"[0-9{_CN_NUM}]+"
_DATE_PATTERNS = (
    # 2024年6月30日(前) / 2024-06-30 / 2024.6.30 / 2024/6/30
    (re.compile(rf"({_NUM})\s*年\s*({_NUM})\s*月\s*({_NUM})\s*[日号]"), "day"),
    (re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})"), "day"),
    # 2024年第三季度(末/底)(前)
    (re.compile(rf"({_NUM})\s*年\s*第?\s*([一二三四1-4])\s*季度"), "quarter"),
    (re.compile(rf"({_NUM})\s*年\s*(上半年|下半年)"), "half"),
    # 2023年12月(底)(前) / 2023年5月中旬 / 2023年5月上旬
    (re.compile(rf"({_NUM})\s*年\s*({_NUM})\s*月\s*(上旬|中旬|下旬)?"), "month"),
    # 2024年底 / 2024年年底前 / 2024年末 / 2024年全年
    (re.compile(rf"({_NUM})\s*年\s*(?:年\s*)?(?:底|末|全年|年内)"), "year"),
    (re.compile(r"(\d{4})[-./](\d{1,2})(?![\d])"), "month"),
)


def _date_candidates(text: str) -> list[tuple[int, date]]:
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            try:
                year = _to_int(match.group(1))
                if year is None or year < 1900:
                    continue
                if kind == "day":
                    value = date(year, _to_int(match.group(2)), _to_int(match.group(3)))
                elif kind == "quarter":
                    quarter = _to_int(match.group(2))
                    value = _month_end(year, quarter * 3)
                elif kind == "half":
                    value = date(year, 6, 30) if match.group(2) == "上半年" else date(year, 12, 31)
                elif kind == "month":
                    month = _to_int(match.group(2))
                    part = match.group(3) if match.lastindex and match.lastindex >= 3 else None
                    value = (date(year, month, 10) if part == "上旬" else date(year, month, 20) if part == "中旬"
                             else _month_end(year, month))
                else:
                    value = date(year, 12, 31)
            except (TypeError, ValueError):
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), value))
    return sorted(found)


def parse_deadline(text: str) -> Deadline:
    """Read a 完成时限. A date means the last day to finish: 2023年12月底前 and 2023年12月 → 2023-12-31,
    2023年8月底 → 2023-08-31, 2024年6月30日前 → 2024-06-30, 2024年底 / 2024年年底前 → 2024-12-31,
    2024年第三季度 → 2024-09-30, 2024年上半年 → 2024-06-30, 5月中旬 → the 20th. 持续推进 and 长期坚持 mean
    ongoing, with no date. Where several dates are named the latest one is the deadline."""
    clean = "".join(ch for ch in (text or "") if ch not in _SPACES)
    dates = _date_candidates(clean)
    bare = clean.strip("。.；;，,")
    is_ongoing = bare in ONGOING_EXACT or any(word in clean for word in ONGOING_WORDS)
    on = max(d for _, d in dates) if dates else None
    return Deadline(text=clean, on=on, is_ongoing=is_ongoing, is_recognised=bool(dates) or is_ongoing)
