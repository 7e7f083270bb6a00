"""/api/v1/calendar — the public period calculator and the working-day table (staff edit it). Thin."""

from datetime import date

from django.db.models import Count
from ninja import Query, Router, Schema

from yingshang.calendar import selectors, services
from yingshang.calendar.choices import DaySource
from yingshang.calendar.domain import PeriodResult, format_date, weekday_label
from yingshang.calendar.errors import CalendarError
from yingshang.calendar.models import CalendarDay, CalendarYear
from yingshang.calendar.schemas import (
    DayListOut, DayOut, DayUpdateIn, DeadlineIn, DeadlineOut, YearConfirmIn, YearListOut, YearOut,
)
from yingshang.core.errors import DomainError

router = Router(tags=["calendar 工作日历与期间"])
PREFIX = "/calendar"

MIN_YEAR, MAX_YEAR = 1950, 2100


def deadline_out(result: PeriodResult) -> dict:
    return {"deadline": result.deadline,
            "deadline_label": f"{format_date(result.deadline)}（{weekday_label(result.deadline)}）",
            "nominal_end": result.nominal_end or result.deadline, "steps": result.steps,
            "unconfirmed_calendar": result.unconfirmed_calendar, "unconfirmed_years": list(result.unconfirmed_years)}


def day_out(row: CalendarDay) -> dict:
    return {"day": row.day, "weekday": row.day.isoweekday(), "weekday_label": weekday_label(row.day),
            "is_working_day": row.is_working_day, "is_adjusted_workday": row.is_adjusted_workday,
            "holiday_name": row.holiday_name, "note": row.note, "source": row.source,
            "source_label": DaySource(row.source).label, "working_ordinal": row.working_ordinal}


def year_out(row: CalendarYear, working_day_count: int | None = None) -> dict:
    return {"year": row.year, "is_confirmed": row.is_confirmed, "source": row.source,
            "source_label": DaySource(row.source).label, "note": row.note, "confirmed_at": row.confirmed_at,
            "confirmed_by": str(row.confirmed_by) if row.confirmed_by_id else "",
            "working_day_count": working_day_count}


def _check_year(year: int) -> int:
    if not (MIN_YEAR <= year <= MAX_YEAR):
        raise DomainError(CalendarError.YEAR_OUT_OF_RANGE, f"年份应在{MIN_YEAR}至{MAX_YEAR}之间", {"year": year})
    return year


@router.post("/deadline", auth=None, response=DeadlineOut, summary="期间计算")
def deadline(request, payload: DeadlineIn):
    """The deadline of a statutory period: exactly one of ``days``, ``months``, ``working_days`` (or ``years``).
    The start day is not counted (民事诉讼法第85条；民诉法解释第125条；民法典第201条); months end on the corresponding
    day or the month's last day (民法典第202条); with ``rollover`` a last day on a weekend or holiday moves to the
    next working day, a 调休 working Saturday/Sunday being a working day (民事诉讼法第85条第3款). Public."""
    result = selectors.period_deadline(start=payload.start, days=payload.days, months=payload.months,
                                       working_days=payload.working_days, years=payload.years,
                                       rollover=payload.rollover)
    return deadline_out(result)


class DaysQuery(Schema):
    year: int


@router.get("/days", auth=None, response=DayListOut, summary="某年度的工作日历")
def list_days(request, query: Query[DaysQuery]):
    """Every day of ``year`` with its working status, holiday name, source and working-day ordinal, and whether
    the year's schedule is confirmed. Public."""
    year = _check_year(query.year)
    rows = list(selectors.calendar_days_for_year(year))
    year_row = selectors.calendar_year_get(year)
    working = sum(r.is_working_day for r in rows)
    return {"year": year_out(year_row, working) if year_row else None, "items": [day_out(r) for r in rows],
            "count": len(rows)}


@router.get("/years", auth=None, response=YearListOut, summary="日历年度及确认状态")
def list_years(request):
    """Every year in the table: confirmed or provisional, its source and working-day count. Public."""
    counts = dict(CalendarDay.objects.filter(is_working_day=True).values("day__year").annotate(n=Count("pk"))
                  .values_list("day__year", "n"))
    rows = list(selectors.calendar_years_list())
    return {"items": [year_out(r, counts.get(r.year)) for r in rows], "count": len(rows)}


@router.patch("/days/{day}", response=DayOut, summary="修改某日（审管办）")
def update_day(request, day: date, payload: DayUpdateIn):
    """Set a date working or rest (e.g. entering the State Council notice for 2027). 审管办 / 综合管理人员 only;
    audited; working-day ordinals from that day on are recomputed."""
    row = services.calendar_day_update(day=day, is_working_day=payload.is_working_day,
                                       holiday_name=payload.holiday_name, reason=payload.reason, actor=request.user)
    return day_out(row)


@router.post("/years/{year}/confirm", response=YearOut, summary="确认年度日历（审管办）")
def confirm_year(request, year: int, payload: YearConfirmIn):
    """Confirm that the year's days match the State Council notice; deadlines in it lose the warning.
    审管办 / 综合管理人员 only; audited."""
    row = services.calendar_year_confirm(year=_check_year(year), note=payload.note, actor=request.user)
    return year_out(row)
