"""Where the working-day table comes from.

- 2004 up to the last year with an official schedule (2026 in ``holidays`` 0.109): the ``holidays`` package's China
  calendar — holidays, 补假 and swapped rest days, and ``weekend_workdays`` (调休 working Saturdays/Sundays), taken
  from the State Council General Office's yearly 部分节假日安排 notices. Matches the rule book §6 day by day for
  2023–2026.
- 2027: PROVISIONAL. The 2027 notice had not been found (../shared/domain/holidays-2027.md, status 2026-11-26), and
  the package's 2027 days are rule-generated (with invented 补假), so 2027 is the statutory days of
  全国年节及纪念日放假办法 (2024 revision, 13 days) plus ordinary weekends, with no 补假 or 调休, flagged
  unconfirmed until a court user enters the notice and confirms the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yingshang.calendar.choices import DaySource
from yingshang.calendar.domain import DayRow, build_day_rows

FIRST_YEAR = 2004
LAST_OFFICIAL_YEAR = 2026

# holidays-2027.md, "What the law already fixes for 2027" (lunar dates checked three ways there).
PROVISIONAL_HOLIDAYS: dict[int, dict[date, str]] = {
    2027: {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 5): "农历除夕",
        date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节",
        date(2027, 2, 8): "春节",
        date(2027, 4, 5): "清明节",
        date(2027, 5, 1): "劳动节",
        date(2027, 5, 2): "劳动节",
        date(2027, 6, 9): "端午节",
        date(2027, 9, 15): "中秋节",
        date(2027, 10, 1): "国庆节",
        date(2027, 10, 2): "国庆节",
        date(2027, 10, 3): "国庆节",
    },
}

PROVISIONAL_NOTE = ("暂定：尚无国务院办公厅{year}年部分节假日安排通知，仅按《全国年节及纪念日放假办法》的法定节日和普通周末载入，"
                    "补假和调休上班日未知。通知公布后请逐日录入并确认本年度。")
PACKAGE_NOTE = "依国务院办公厅当年部分节假日安排通知（holidays 软件包 China 日历）载入"


@dataclass(frozen=True)
class YearRow:
    year: int
    is_confirmed: bool
    source: str
    note: str


def package_schedule(first_year: int, last_year: int) -> tuple[dict[date, str], set[date]]:
    """Rest days (with their Chinese labels) and 调休 working days from the ``holidays`` package."""
    import holidays

    years = range(first_year, last_year + 1)
    china = holidays.China(years=years, language="zh_CN")
    rest = {d: str(name) for d, name in china.items() if first_year <= d.year <= last_year}
    adjusted = {d for d in china.weekend_workdays if first_year <= d.year <= last_year}
    return rest, adjusted


def seed_rows(*, first_year: int = FIRST_YEAR, last_official_year: int = LAST_OFFICIAL_YEAR,
              provisional_years: tuple[int, ...] = (2027,)) -> tuple[list[tuple[DayRow, str]], list[YearRow]]:
    """Every day from 1 January ``first_year`` to 31 December of the last provisional (or official) year, each with
    its source, and one YearRow per year. Ordinals count from the first day."""
    rest, adjusted = package_schedule(first_year, last_official_year)
    last_year = max((last_official_year, *provisional_years))
    for year in provisional_years:
        if year not in PROVISIONAL_HOLIDAYS:
            raise ValueError(f"no provisional holiday table for {year}")
        rest.update(PROVISIONAL_HOLIDAYS[year])
    rows = build_day_rows(date(first_year, 1, 1), date(last_year, 12, 31), rest, adjusted)
    provisional = set(provisional_years)
    days = [(row, DaySource.PROVISIONAL if row.day.year in provisional else DaySource.PACKAGE) for row in rows]
    years = [YearRow(year=y, is_confirmed=False, source=DaySource.PROVISIONAL, note=PROVISIONAL_NOTE.format(year=y))
             if y in provisional else YearRow(year=y, is_confirmed=True, source=DaySource.PACKAGE, note=PACKAGE_NOTE)
             for y in range(first_year, last_year + 1)]
    return days, years
