"""Working days and statutory periods (期间) — pure rules: no ORM, no settings, no clock.

Sources:
- 民事诉讼法 (2023) 第85条: periods are counted in hours, days, months and years; the starting hour and day are not
  counted (第2款); when the last day is a 法定休假日, the period ends on the first day after the holiday (第3款);
  travel time is not counted (第4款).
- 民诉法解释 (2022) 第125条: periods counted in days, months or years start on the next day.
- 民法典 第200–203条: 第201条 the starting day is not counted; 第202条 a month or year period ends on the
  corresponding day of the final month, or on that month's last day when there is none; 第203条 a last day that is a
  法定休假日 moves to the day after the holiday; the last day ends at 24:00.
- Working day (工作日): 国务院关于职工工作时间的规定 (1995) 第7条 — state organs rest on Saturday and Sunday;
  全国年节及纪念日放假办法 (2024 revision) 第2、6、7条 — statutory holidays, made-up days and 调休; the State Council
  General Office's yearly 部分节假日安排 notices name the 调休 working Saturdays/Sundays. So a working day is a
  Monday–Friday that is not a holiday, plus any 调休 working Saturday or Sunday (rule book §6).
- "N working days": by analogy with CPL 85, the start day is excluded and the N-th following working day is the
  deadline (rule book §6 — no national text on this).
"""

from __future__ import annotations

import calendar as _pycalendar
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from yingshang.calendar.errors import CalendarError
from yingshang.core.errors import DomainError

# Sanity limits for one period (not legal numbers: they refuse typing mistakes like 150000 days).
MAX_DAYS = 3650
MAX_MONTHS = 120
MAX_YEARS = 10
MAX_WORKING_DAYS = 2500
# Start dates the calculator accepts (the table covers 2004–2027; outside it Mon–Fri is assumed and flagged).
MIN_START = date(1950, 1, 1)
MAX_START = date(2100, 12, 31)
# The longest run of rest days ever announced is 10 days (春节 2020, extended); 60 is a safe bound.
_MAX_REST_RUN = 60

_WEEKDAYS = "一二三四五六日"

CPL_85_START = "民事诉讼法第85条第2款；民诉法解释第125条"
CPL_85_HOLIDAY = "民事诉讼法第85条第3款；民法典第203条"


def format_date(d: date) -> str:
    """2024年3月15日 — the court's way of writing a date."""
    return f"{d.year}年{d.month}月{d.day}日"


def weekday_label(d: date) -> str:
    return "星期" + _WEEKDAYS[d.weekday()]


@dataclass(frozen=True)
class WorkdayCalendar:
    """The working-day calendar over a range of dates.

    ``working`` and ``rest`` are the days the table knows (disjoint); ``names`` gives holiday names (the festival of
    a rest day, or the festival a 调休 working weekend day belongs to); ``unconfirmed_years`` are years whose
    schedule the State Council notice has not confirmed (e.g. 2027 loaded provisionally). A day the table does not
    know is taken as working Monday–Friday (国务院关于职工工作时间的规定 第7条) and its year is marked unconfirmed.
    """

    working: frozenset[date]
    rest: frozenset[date]
    names: dict[date, str] = field(default_factory=dict)
    unconfirmed_years: frozenset[int] = frozenset()
    adjusted_workdays: frozenset[date] = frozenset()
    _known_years: frozenset[int] = field(init=False, repr=False, compare=False)
    _missed_years: set[int] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.working & self.rest:
            raise ValueError("a day cannot be both working and rest")
        object.__setattr__(self, "_known_years", frozenset(d.year for d in self.working | self.rest))

    @classmethod
    def weekdays_only(cls) -> WorkdayCalendar:
        """An empty table: every day falls back to Mon–Fri and is flagged unconfirmed."""
        return cls(working=frozenset(), rest=frozenset())

    def is_known(self, d: date) -> bool:
        return d in self.working or d in self.rest

    def is_working_day(self, d: date) -> bool:
        """Working day per the table; outside it Mon–Fri, and that year is marked unconfirmed."""
        if d in self.working:
            return True
        if d in self.rest:
            return False
        self._missed_years.add(d.year)
        return d.weekday() < 5

    def is_confirmed(self, year: int) -> bool:
        """True when the table covers the year from a confirmed schedule and no day of it had to be guessed."""
        return year in self._known_years and year not in self.unconfirmed_years and year not in self._missed_years

    def is_day_confirmed(self, d: date) -> bool:
        return self.is_known(d) and d.year not in self.unconfirmed_years

    def is_adjusted_workday(self, d: date) -> bool:
        """A 调休 working Saturday/Sunday (a working day by the State Council notice)."""
        return d in self.adjusted_workdays or (d in self.working and d.weekday() >= 5)

    def holiday_name(self, d: date) -> str:
        return self.names.get(d, "")

    def next_working_day_on_or_after(self, d: date) -> date:
        for offset in range(_MAX_REST_RUN + 1):
            candidate = d + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise DomainError(CalendarError.NO_WORKING_DAY,
                          f"{format_date(d)}之后{_MAX_REST_RUN}日内没有工作日，请检查工作日历")

    def rest_label(self, d: date) -> str:
        """'国庆节假日' for a holiday, '星期六（休息日）' for an ordinary weekend day."""
        name = self.holiday_name(d)
        return f"{name}假日" if name else f"{weekday_label(d)}（休息日）"


@dataclass(frozen=True)
class PeriodResult:
    """A computed deadline with its explanation. ``nominal_end`` is the last day before any holiday rollover."""

    deadline: date
    steps: list[str]
    unconfirmed_calendar: bool
    unconfirmed_years: tuple[int, ...] = ()
    nominal_end: date | None = None


def check_count(n, *, unit: str, maximum: int) -> int:
    """A period length must be a whole number from 1 to ``maximum``."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise DomainError(CalendarError.PERIOD_NOT_INTEGER, f"期间应为整数（{unit}）", {"value": str(n)})
    if n < 1:
        raise DomainError(CalendarError.PERIOD_NOT_POSITIVE, f"期间应为正整数，至少1{unit}", {"value": n})
    if n > maximum:
        raise DomainError(CalendarError.PERIOD_TOO_LONG, f"期间过长：最多{maximum}{unit}", {"value": n, "maximum": maximum})
    return n


def check_start(start: date) -> date:
    if not (MIN_START <= start <= MAX_START):
        raise DomainError(CalendarError.DATE_OUT_OF_RANGE,
                          f"起算日超出可计算范围（{format_date(MIN_START)}至{format_date(MAX_START)}）",
                          {"start": start.isoformat()})
    return start


def shift_months(start: date, months: int) -> tuple[date, bool]:
    """The corresponding day ``months`` later, or that month's last day; second value: True if there was no
    corresponding day (民法典第202条)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not (1 <= year <= 9999):
        raise DomainError(CalendarError.DATE_OUT_OF_RANGE, "期间届满日超出可计算范围")
    last = _pycalendar.monthrange(year, month)[1]
    if start.day <= last:
        return date(year, month, start.day), False
    return date(year, month, last), True


def _plus_days(start: date, days: int) -> date:
    try:
        return start + timedelta(days=days)
    except OverflowError:
        raise DomainError(CalendarError.DATE_OUT_OF_RANGE, "期间届满日超出可计算范围") from None


def _unconfirmed(cal: WorkdayCalendar, consulted: Iterable[date]) -> tuple[int, ...]:
    return tuple(sorted({d.year for d in consulted if not cal.is_day_confirmed(d)}))


def _warnings(cal: WorkdayCalendar, consulted: list[date]) -> tuple[tuple[int, ...], list[str]]:
    """Years the answer depends on whose schedule is unconfirmed, and the warning lines for the steps."""
    years = _unconfirmed(cal, consulted)
    unknown = sorted({d.year for d in consulted if not cal.is_known(d)})
    provisional = [y for y in years if y not in unknown]
    lines = []
    if provisional:
        label = "、".join(f"{y}年" for y in provisional)
        lines.append(f"注意：{label}的节假日安排尚未经国务院办公厅通知确认，本结果按暂定日历计算，"
                     f"通知公布并录入后可能变化")
    if unknown:
        label = "、".join(f"{y}年" for y in unknown)
        lines.append(f"注意：{label}不在工作日历表内，按周一至周五为工作日计算（未计节假日），结果可能变化")
    return years, lines


def _finish(start: date, nominal_end: date, cal: WorkdayCalendar, rollover: bool, steps: list[str]) -> PeriodResult:
    """Apply CPL 85(3) / 民法典203: a last day that is a rest day moves to the first working day after it."""
    end_text = f"{format_date(nominal_end)}（{weekday_label(nominal_end)}）"
    if not rollover:
        if cal.is_known(nominal_end) and not cal.is_working_day(nominal_end):
            steps.append(f"期间届满日{format_date(nominal_end)}为{cal.rest_label(nominal_end)}；本期间不因节假日顺延")
        else:
            steps.append(f"期间届满日为{end_text}；本期间不因节假日顺延")
        return PeriodResult(deadline=nominal_end, steps=steps, unconfirmed_calendar=False, nominal_end=nominal_end)
    if cal.is_working_day(nominal_end):
        deadline = nominal_end
        if cal.is_adjusted_workday(nominal_end):
            name = cal.holiday_name(nominal_end)
            of = f"（{name}调休）" if name else ""
            steps.append(f"期间届满日{end_text}为调休上班日{of}，是工作日，不顺延")
        else:
            steps.append(f"期间届满日{end_text}为工作日，不顺延")
    else:
        deadline = cal.next_working_day_on_or_after(nominal_end)
        steps.append(f"期间届满日{format_date(nominal_end)}为{cal.rest_label(nominal_end)}，"
                     f"顺延至{format_date(deadline)}（{weekday_label(deadline)}）（{CPL_85_HOLIDAY}）")
    consulted = [nominal_end + timedelta(days=i) for i in range((deadline - nominal_end).days + 1)]
    years, warnings = _warnings(cal, consulted)
    steps.extend(warnings)
    return PeriodResult(deadline=deadline, steps=steps, unconfirmed_calendar=bool(years), unconfirmed_years=years,
                        nominal_end=nominal_end)


def add_days(start: date, days: int, cal: WorkdayCalendar, *, rollover: bool) -> PeriodResult:
    """A period of ``days`` days from ``start`` (e.g. the 15-day appeal period from service).

    民事诉讼法第85条第2款、民诉法解释第125条: the start day is not counted, the count starts the next day, so the last
    day is start + days. With ``rollover``, a last day that is a rest day (weekend or holiday; a 调休 working
    Saturday/Sunday is a working day) moves to the first working day after it (民事诉讼法第85条第3款；民法典第203条).
    Holidays inside the period are not deducted.
    """
    check_count(days, unit="日", maximum=MAX_DAYS)
    nominal_end = _plus_days(start, days)
    steps = [f"起算日{format_date(start)}不计入，自次日{format_date(_plus_days(start, 1))}起算（{CPL_85_START}）",
             f"自次日起算第{days}日为{format_date(nominal_end)}（{weekday_label(nominal_end)}）；期间内的节假日不扣除"]
    return _finish(start, nominal_end, cal, rollover, steps)


def _calendar_period(start: date, months: int, cal: WorkdayCalendar, rollover: bool, label: str) -> PeriodResult:
    nominal_end, clipped = shift_months(start, months)
    steps = [f"起算日{format_date(start)}不计入，自次日起算（民法典第201条；{CPL_85_START}）"]
    if clipped:
        steps.append(f"{label}后的到期月{nominal_end.year}年{nominal_end.month}月没有对应日（{start.day}日），"
                     f"以该月末日{format_date(nominal_end)}为期间最后一日（民法典第202条）")
    else:
        steps.append(f"{label}后到期月的对应日为{format_date(nominal_end)}（{weekday_label(nominal_end)}）（民法典第202条）")
    return _finish(start, nominal_end, cal, rollover, steps)


def add_months(start: date, months: int, cal: WorkdayCalendar, *, rollover: bool) -> PeriodResult:
    """A period of ``months`` months (e.g. a 6-month 审限).

    民法典第201条: the start day is not counted; 第202条: the period ends on the corresponding day of the final month,
    or on that month's last day when there is none (Aug 31 + 6 months → Feb 28, or Feb 29 in a leap year); an SPC
    text of 2014-12-12 gives 2014-05-28 + 3 months → 2014-08-28. Rollover as in add_days (民事诉讼法第85条第3款).
    """
    check_count(months, unit="个月", maximum=MAX_MONTHS)
    return _calendar_period(start, months, cal, rollover, f"{months}个月")


def add_years(start: date, years: int, cal: WorkdayCalendar, *, rollover: bool) -> PeriodResult:
    """A period of ``years`` years: 民法典第201–203条 as for months (Feb 29 + 1 year → Feb 28)."""
    check_count(years, unit="年", maximum=MAX_YEARS)
    return _calendar_period(start, years * 12, cal, rollover, f"{years}年")


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Group sorted dates into runs of consecutive days."""
    runs: list[tuple[date, date]] = []
    for d in days:
        if runs and runs[-1][1] + timedelta(days=1) == d:
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return runs


def add_working_days(start: date, n: int, cal: WorkdayCalendar) -> PeriodResult:
    """The n-th working day after ``start`` (e.g. "立案后5个工作日内").

    By analogy with 民事诉讼法第85条第2款 the start day is excluded (rule book §6: no national text). Weekends and
    statutory holidays are skipped; a 调休 working Saturday/Sunday counts (全国年节及纪念日放假办法；国务院办公厅
    部分节假日安排通知). The deadline is a working day, so no rollover applies.
    """
    check_count(n, unit="个工作日", maximum=MAX_WORKING_DAYS)
    counted = 0
    d = start
    named_rest: list[date] = []
    weekend_rest = 0
    adjusted: list[date] = []
    consulted: list[date] = []
    while counted < n:
        d = _plus_days(d, 1)
        consulted.append(d)
        if cal.is_working_day(d):
            counted += 1
            if cal.is_adjusted_workday(d):
                adjusted.append(d)
        elif cal.holiday_name(d):
            named_rest.append(d)
        else:
            weekend_rest += 1
    steps = [f"起算日{format_date(start)}不计入，自次日起按工作日计算（参照{CPL_85_START}；工作日不含周六、周日和"
             f"法定节假日，含调休上班日）"]
    for first, last in _runs(named_rest):
        name = cal.holiday_name(first)
        span = format_date(first) if first == last else f"{format_date(first)}至{format_date(last)}"
        steps.append(f"{span}为{name}假日，不计入")
    if weekend_rest:
        steps.append(f"期间内另有周六、周日休息日{weekend_rest}天，不计入")
    for a in adjusted:
        name = cal.holiday_name(a)
        of = f"（{name}调休）" if name else ""
        steps.append(f"{format_date(a)}（{weekday_label(a)}）为调休上班日{of}，计入工作日")
    steps.append(f"第{n}个工作日为{format_date(d)}（{weekday_label(d)}）")
    years, warnings = _warnings(cal, consulted)
    steps.extend(warnings)
    return PeriodResult(deadline=d, steps=steps, unconfirmed_calendar=bool(years), unconfirmed_years=years,
                        nominal_end=d)


def count_working_days(start: date, end: date, cal: WorkdayCalendar) -> int:
    """Working days d with start < d <= end (start excluded, end included, as in add_working_days); 0 when
    end <= start. add_working_days(start, count_working_days(start, end)) is the last working day <= end."""
    total = 0
    d = start
    while d < end:
        d += timedelta(days=1)
        total += cal.is_working_day(d)
    return total


# --- Building the table -------------------------------------------------------------------------------------------

_SWAP_RE = re.compile(r"由\s*(\d{4}-\d{2}-\d{2})\s*调休")
_FESTIVAL_ALIASES = {"农历除夕": "春节", "春节延长假期": "春节"}


def festival_of(raw_name: str) -> list[str]:
    """The festival(s) behind a holiday label: '国庆节（补假）' → ['国庆节']; '中秋节; 国庆节' → both;
    '休息日（由 2024-09-29 调休）' → [] (a swapped rest day belongs to the block it sits in)."""
    result = []
    for part in re.split(r"[;；]", raw_name):
        part = re.sub(r"（[^）]*）|\([^)]*\)", "", part).strip()
        if not part or part.startswith("休息日"):
            continue
        part = _FESTIVAL_ALIASES.get(part, part)
        if part not in result:
            result.append(part)
    return result


@dataclass(frozen=True)
class DayRow:
    """One row of the working-day table (what CalendarDay stores)."""

    day: date
    is_working_day: bool
    is_adjusted_workday: bool
    holiday_name: str
    note: str
    working_ordinal: int


def build_day_rows(first: date, last: date, rest_days: Mapping[date, str], adjusted_workdays: Collection[date],
                   *, ordinal_base: int = 0) -> list[DayRow]:
    """Every day from ``first`` to ``last`` with its working status, festival name and working-day ordinal.

    Working day = Mon–Fri not in ``rest_days`` (the notice's holidays and swapped rest days, with their labels), plus
    the 调休 working weekend days in ``adjusted_workdays`` (rule book §6). A run of consecutive rest days containing a
    festival is named after it, so the weekend inside the 国庆 block is '国庆节' too; a 调休 working day is named
    after the festival whose block took its rest day. ``working_ordinal`` counts working days from ``first`` (plus
    ``ordinal_base``) up to and including the day, so the n-th working day after d has ordinal(d) + n.
    """
    if last < first:
        return []
    adjusted = set(adjusted_workdays)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    working = {d: (d in adjusted) or (d.weekday() < 5 and d not in rest_days) for d in days}
    names: dict[date, str] = {}
    run: list[date] = []
    for d in days + [None]:
        if d is not None and not working[d]:
            run.append(d)
            continue
        festivals: list[str] = []
        for r in run:
            for f in festival_of(rest_days.get(r, "")):
                if f not in festivals:
                    festivals.append(f)
        if not festivals and any(r in rest_days for r in run):
            festivals = ["调休"]
        for r in run:
            if festivals:
                names[r] = "、".join(festivals)
        run = []
    swapped_to: dict[date, str] = {}
    for d, raw in rest_days.items():
        match = _SWAP_RE.search(raw)
        if match:
            swapped_to[date.fromisoformat(match.group(1))] = names.get(d, "")
    rows = []
    ordinal = ordinal_base
    for d in days:
        is_working = working[d]
        ordinal += is_working
        is_adjusted = is_working and d.weekday() >= 5
        if is_adjusted:
            name = swapped_to.get(d, "")
            note = f"调休上班日（{name}）" if name else "调休上班日"
        else:
            name = "" if is_working else names.get(d, "")
            note = rest_days.get(d, "")
        rows.append(DayRow(day=d, is_working_day=is_working, is_adjusted_workday=is_adjusted, holiday_name=name,
                           note=note, working_ordinal=ordinal))
    return rows
