"""Reads of the working-day table. ``period_deadline`` is what other apps call for a statutory period;
``working_day_after_subquery`` / ``working_ordinal_subquery`` put working-day arithmetic into set-based SQL."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import IntegerField, OuterRef, Subquery, Value

from yingshang.calendar import conf, domain
from yingshang.calendar.domain import PeriodResult, WorkdayCalendar
from yingshang.calendar.errors import CalendarError
from yingshang.calendar.models import CalendarDay, CalendarYear
from yingshang.core.errors import DomainError, NotFound

_LOOKBACK_DAYS = 7


def _clamp(d: date, delta_days: int) -> date:
    try:
        return d + timedelta(days=delta_days)
    except OverflowError:
        return date.max if delta_days > 0 else date.min


def _load(lo: date, hi: date) -> WorkdayCalendar:
    working, rest, adjusted = set(), set(), set()
    names: dict[date, str] = {}
    rows = CalendarDay.objects.filter(day__gte=lo, day__lte=hi).values_list(
        "day", "is_working_day", "is_adjusted_workday", "holiday_name")
    for day, is_working, is_adjusted, name in rows:
        (working if is_working else rest).add(day)
        if is_adjusted:
            adjusted.add(day)
        if name:
            names[day] = name
    confirmed = set(CalendarYear.objects.filter(year__gte=lo.year, year__lte=hi.year, is_confirmed=True)
                    .values_list("year", flat=True))
    unconfirmed = frozenset(y for y in range(lo.year, hi.year + 1) if y not in confirmed)
    return WorkdayCalendar(working=frozenset(working), rest=frozenset(rest), names=names,
                           unconfirmed_years=unconfirmed, adjusted_workdays=frozenset(adjusted))


def workday_calendar(start: date, end: date) -> WorkdayCalendar:
    """The calendar from a week before ``start`` to ``end`` plus a margin (CALENDAR_LOAD_MARGIN_DAYS, default 45)
    so a holiday rollover past ``end`` stays inside it. Years without a confirmed schedule are in
    ``unconfirmed_years``; days outside the table fall back to Mon–Fri (flagged)."""
    return _load(_clamp(start, -_LOOKBACK_DAYS), _clamp(end, conf.load_margin_days()))


def _table_last_day() -> date | None:
    return CalendarDay.objects.order_by("-day").values_list("day", flat=True).first()


def period_deadline(*, start: date, days: int | None = None, months: int | None = None,
                    working_days: int | None = None, years: int | None = None, rollover: bool = True) -> PeriodResult:
    """The deadline of a period from ``start``: exactly one of ``days`` / ``months`` / ``working_days`` (/ ``years``).

    Days, months and years: 民事诉讼法第85条、民诉法解释第125条、民法典第201–203条 — the start day is not counted; with
    ``rollover`` a last day on a weekend or holiday moves to the next working day (a 调休 working weekend day is a
    working day). Working days: the n-th working day after ``start``. ``unconfirmed_calendar`` is True when the
    answer depends on a day of a year whose holiday schedule is not confirmed (e.g. 2027, provisional)."""
    given = {k: v for k, v in (("days", days), ("months", months), ("working_days", working_days),
                               ("years", years)) if v is not None}
    if not given:
        raise DomainError(CalendarError.PERIOD_KIND_REQUIRED, "请填写期间：日数、月数或工作日数（三者之一）")
    if len(given) > 1:
        raise DomainError(CalendarError.PERIOD_KIND_AMBIGUOUS, "日数、月数、工作日数只能填写其中一项",
                          {"given": sorted(given)})
    domain.check_start(start)
    if days is not None:
        domain.check_count(days, unit="日", maximum=domain.MAX_DAYS)
        estimate = start + timedelta(days=days)
        compute = lambda cal: domain.add_days(start, days, cal, rollover=rollover)  # noqa: E731
    elif months is not None:
        domain.check_count(months, unit="个月", maximum=domain.MAX_MONTHS)
        estimate = domain.shift_months(start, months)[0]
        compute = lambda cal: domain.add_months(start, months, cal, rollover=rollover)  # noqa: E731
    elif years is not None:
        domain.check_count(years, unit="年", maximum=domain.MAX_YEARS)
        estimate = domain.shift_months(start, years * 12)[0]
        compute = lambda cal: domain.add_years(start, years, cal, rollover=rollover)  # noqa: E731
    else:
        domain.check_count(working_days, unit="个工作日", maximum=domain.MAX_WORKING_DAYS)
        estimate = start + timedelta(days=working_days * 7 // 5 + 20)
        compute = lambda cal: domain.add_working_days(start, working_days, cal)  # noqa: E731
    table_last = _table_last_day()
    hi = _clamp(estimate, conf.load_margin_days())
    while True:
        result = compute(_load(_clamp(start, -_LOOKBACK_DAYS), hi))
        # Every day the rules looked at must come from the table when the table has it.
        if result.deadline < hi or table_last is None or hi >= table_last:
            return result
        hi = _clamp(result.deadline, 2 * conf.load_margin_days() + (hi - start).days)


def working_ordinal(d: date) -> int:
    """Working days from the table's first day up to and including ``d``."""
    value = CalendarDay.objects.filter(day=d).values_list("working_ordinal", flat=True).first()
    if value is None:
        raise NotFound(CalendarError.DAY_NOT_FOUND, f"日历表中没有{domain.format_date(d)}", {"day": d.isoformat()})
    return value


def add_working_days_on(d: date, n: int) -> date:
    """The n-th working day after ``d`` (``d`` itself not counted). Inside the table this is one indexed lookup
    by ordinal; past its end the rules fall back to Mon–Fri (use period_deadline to see the warning)."""
    domain.check_count(n, unit="个工作日", maximum=domain.MAX_WORKING_DAYS)
    ordinal = CalendarDay.objects.filter(day=d).values_list("working_ordinal", flat=True).first()
    if ordinal is not None:
        found = (CalendarDay.objects.filter(is_working_day=True, working_ordinal=ordinal + n)
                 .values_list("day", flat=True).first())
        if found is not None:
            return found
    return period_deadline(start=d, working_days=n).deadline


def working_ordinal_subquery(day_field: str) -> Subquery:
    """SQL: the working ordinal of the date in the outer query's ``day_field`` (NULL outside the table)."""
    return Subquery(CalendarDay.objects.filter(day=OuterRef(day_field)).values("working_ordinal")[:1],
                    output_field=IntegerField())


def working_day_after_subquery(day_field: str, n: int | str) -> Subquery:
    """SQL: the n-th working day after the date in the outer query's ``day_field``; ``n`` is a number or the name
    of an integer field of the outer row. NULL when either end is outside the table. Same answer as
    add_working_days() inside the table. Example::

        Case.objects.annotate(reply_due_on=working_day_after_subquery("filed_on", 5))
    """
    n_expr = Value(n) if isinstance(n, int) else OuterRef(n)
    start_ordinal = Subquery(CalendarDay.objects.filter(day=OuterRef(OuterRef(day_field)))
                             .values("working_ordinal")[:1], output_field=IntegerField())
    return Subquery(CalendarDay.objects.filter(is_working_day=True, working_ordinal=start_ordinal + n_expr)
                    .values("day")[:1])


def calendar_days_for_year(year: int):
    """Every day of a year in the table, in date order."""
    return CalendarDay.objects.filter(day__year=year).order_by("day")


def calendar_year_get(year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).select_related("confirmed_by").first()


def calendar_years_list():
    return CalendarYear.objects.select_related("confirmed_by").order_by("year")


def calendar_unconfirmed_years() -> list[int]:
    return list(CalendarYear.objects.filter(is_confirmed=False).order_by("year").values_list("year", flat=True))
