"""Pure rules of the indicators: periods, age cut-offs, the arithmetic of rates and the traffic light.

No ORM, no settings, no clock: values in, result (or a coded DomainError) out. Sources are named per rule;
definitions and their open points are in ../shared/domain/indicators.md."""

from __future__ import annotations

import calendar as _pycalendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from yingshang.core.errors import DomainError
from yingshang.deadlines.domain import months_after
from yingshang.metrics.choices import Comparator, Direction, PeriodKind, ScopeKind, Status, Unit
from yingshang.metrics.errors import MetricsError

# --- Case types (最高人民法院关于人民法院案件案号的若干规定 法〔2015〕137号, annex 案件类型及其代字标准) ---------------------
CIVIL_FIRST_INSTANCE = ("民初",)
FIRST_INSTANCE = ("民初", "行初", "行赔初", "刑初")
FIRST_ENFORCEMENT = ("执",)  # 首次执行; 执恢 is a resumed enforcement and not a first one
LITIGATION_CATEGORIES = ("civil", "commercial", "financial", "administrative", "criminal", "state_compensation")
CIVIL_CATEGORIES = ("civil", "commercial", "financial")

# 2023 plan measure 13: cases open past 6 months (分管院长督办), 9 months (院长督办), 12 months (审委会逐案讨论).
LONG_PENDING_MONTHS = (6, 9, 12)

TWO_PLACES = Decimal("0.01")


# --- Periods -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A closed interval of days [start, end] with the kind and the text it was parsed from."""

    kind: str
    start: date
    end: date
    label: str
    key: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_of(self, today: date) -> date:
        """The day stock figures (pending cases, ages) are taken: the period's last day, or today while the period
        is still running (cases cannot be known to be open on a day that has not come)."""
        return min(self.end, today)


def _month_end(year: int, month: int) -> date:
    return date(year, month, _pycalendar.monthrange(year, month)[1])


def month_period(year: int, month: int) -> Period:
    return Period(PeriodKind.MONTH, date(year, month, 1), _month_end(year, month), f"{year}年{month}月",
                  f"{year:04d}-{month:02d}")


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period(PeriodKind.QUARTER, date(year, first, 1), _month_end(year, first + 2),
                  f"{year}年第{'一二三四'[quarter - 1]}季度", f"{year:04d}-Q{quarter}")


def year_period(year: int) -> Period:
    return Period(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31), f"{year}年", f"{year:04d}")


def _invalid(text: str) -> DomainError:
    return DomainError(MetricsError.PERIOD_INVALID,
                       "统计期间格式不正确：应为 2023-07（月）、2023-Q3（季度）、2023（年度）、ytd 或 ytd-2023（年初至今）、"
                       "2023-01-01..2023-03-31（自定义）", {"period": text}, status=422)


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_YTD = re.compile(r"^ytd(?:-(\d{4}))?$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def parse_period(text: str | None, today: date) -> Period:
    """Parse a period: ``2023-07`` month, ``2023-Q3`` quarter, ``2023`` year, ``ytd`` (this year, 1 January to
    today) or ``ytd-2023`` (1 January to the same day of that year, for comparisons), ``2023-01-01..2023-03-31``
    custom (both ends included, at most ten years). Empty: year to date."""
    raw = (text or "ytd").strip()
    try:
        if m := _MONTH.match(raw):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise _invalid(raw)
            return month_period(year, month)
        if m := _QUARTER.match(raw):
            return quarter_period(int(m[1]), int(m[2]))
        if m := _YEAR.match(raw):
            return year_period(int(m[1]))
        if m := _YTD.match(raw):
            year = int(m[1]) if m[1] else today.year
            end = date(year, today.month, min(today.day, _pycalendar.monthrange(year, today.month)[1]))
            return Period(PeriodKind.YEAR_TO_DATE, date(year, 1, 1), end, f"{year}年初至{end.month}月{end.day}日",
                          f"ytd-{year}" if m[1] else "ytd")
        if m := _CUSTOM.match(raw):
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if start > end:
                raise DomainError(MetricsError.PERIOD_INVALID, "统计期间的开始日期不能晚于结束日期",
                                  {"period": raw}, status=422)
            if (end - start).days > 3660:
                raise DomainError(MetricsError.PERIOD_INVALID, "自定义期间最长十年", {"period": raw}, status=422)
            return Period(PeriodKind.CUSTOM, start, end, f"{chinese_date(start)}至{chinese_date(end)}", raw)
    except ValueError:  # an impossible date such as 2023-02-30
        raise _invalid(raw) from None
    raise _invalid(raw)


def months_of(period: Period) -> list[Period]:
    """The calendar months a period touches, each clipped to the period (for monthly trends)."""
    out = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        whole = month_period(year, month)
        out.append(Period(PeriodKind.MONTH, max(whole.start, period.start), min(whole.end, period.end),
                          whole.label, whole.key))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- Ages of pending cases (2023 plan measure 13; indicators.md §3.10) -------------------------------------------

def filed_on_cutoff(as_of: date, months: int) -> date:
    """The latest filing date of a case that is "past ``months`` months" on ``as_of``.

    A case filed on F is past N months on D when D is after the corresponding day N months later
    (民法典 第201–202条: the start day is not counted; the period ends on the corresponding day, the month's last
    day when there is none — the same rule as the deadlines app's thresholds). months_after is monotonic in F, so
    "past" is exactly ``filed_on <= cutoff``, which SQL can filter on an index."""
    guess = months_after(as_of, -months)
    while months_after(guess + timedelta(days=1), months) < as_of:
        guess += timedelta(days=1)
    while months_after(guess, months) >= as_of:
        guess -= timedelta(days=1)
    return guess


# --- Arithmetic ----------------------------------------------------------------------------------------------------

def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def rate_percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator × 100, two decimals, half up; None when the denominator is zero (no data)."""
    if not denominator:
        return None
    return _q(Decimal(numerator) * 100 / Decimal(denominator))


def mean(total: int, count: int) -> Decimal | None:
    """total ÷ count, two decimals; None when nothing was counted."""
    if not count:
        return None
    return _q(Decimal(total) / Decimal(count))


def ratio(numerator: int, denominator: int) -> Decimal | None:
    return mean(numerator, denominator)


def disposition_time(pending_at_end: int, resolved: int, period_days: int) -> Decimal | None:
    """CEPEJ Disposition Time = pending cases at the end of the period ÷ cases resolved in the period × days in the
    period (CEPEJ: × 365 for a year, × 182.5 for half a year; indicators.md §4.2). None when nothing was resolved."""
    if not resolved:
        return None
    return _q(Decimal(pending_at_end) * Decimal(period_days) / Decimal(resolved))


# --- Traffic light ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Light:
    status: str
    label: str
    css: str


LIGHTS = {
    Status.MET: Light(Status.MET, "达标", "bg-success"),
    Status.NEAR: Light(Status.NEAR, "接近目标", "badge-amber"),
    Status.MISSED: Light(Status.MISSED, "未达标", "bg-danger"),
    Status.NO_TARGET: Light(Status.NO_TARGET, "监测（无目标值）", "bg-secondary"),
    Status.NO_DATA: Light(Status.NO_DATA, "暂无数据", "bg-light text-dark border"),
}


def status_for(*, value: Decimal | None, comparator: str, target: Decimal | None,
               margin_percent: Decimal) -> Light:
    """Green when the target is met, amber when the value misses it by no more than ``margin_percent`` of the target
    (a setting: the plan names no tolerance), red otherwise; grey without data or without a target."""
    if value is None:
        return LIGHTS[Status.NO_DATA]
    if target is None or not comparator:
        return LIGHTS[Status.NO_TARGET]
    slack = abs(target) * margin_percent / 100
    if comparator == Comparator.GTE:
        if value >= target:
            return LIGHTS[Status.MET]
        return LIGHTS[Status.NEAR] if value >= target - slack else LIGHTS[Status.MISSED]
    if value <= target:
        return LIGHTS[Status.MET]
    return LIGHTS[Status.NEAR] if value <= target + slack else LIGHTS[Status.MISSED]


def is_better(direction: str, new: Decimal | None, old: Decimal | None) -> bool | None:
    """Whether ``new`` improves on ``old`` given the indicator's direction; None when either is missing."""
    if new is None or old is None or new == old:
        return None
    return new > old if direction == Direction.HIGHER else new < old


def format_value(value: Decimal | None, unit: str) -> str:
    """66.67% · 45.50 天 · 17 件 · 1 : 1.35 — the way the pages and the Excel export show a value."""
    if value is None:
        return "暂无数据"
    if unit == Unit.PERCENT:
        return f"{value}%"
    if unit == Unit.DAYS:
        return f"{value} 天"
    if unit == Unit.CASES:
        return f"{int(value)} 件"
    if unit == Unit.RATIO:
        return f"1 : {value}"
    return str(value)


# --- Scopes ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScopeRef:
    kind: str
    id: int | None


_SCOPE = re.compile(r"^(court|department|team|judge)(?::(\d{1,12}))?$")


def parse_scope(text: str | None) -> ScopeRef:
    """``court`` (the user's court), ``court:3``, ``department:12``, ``team:4``, ``judge:57``."""
    raw = (text or "court").strip()
    m = _SCOPE.match(raw)
    if not m or (m[1] != ScopeKind.COURT and m[2] is None):
        raise DomainError(MetricsError.SCOPE_INVALID,
                          "统计范围格式不正确：应为 court、court:<id>、department:<id>、team:<id> 或 judge:<id>",
                          {"scope": raw}, status=422)
    return ScopeRef(m[1], int(m[2]) if m[2] else None)
