"""Pages: the public period calculator and the staff year view where the working-day table is edited."""

import calendar as _pycalendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from yingshang.calendar import selectors, services
from yingshang.calendar.choices import PeriodUnit
from yingshang.calendar.domain import format_date, weekday_label
from yingshang.calendar.errors import CalendarError
from yingshang.calendar.forms import CalculatorForm, DayEditForm, YearConfirmForm
from yingshang.calendar.permissions import can_manage_calendar
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError

_COUNT_ERRORS = {CalendarError.PERIOD_NOT_POSITIVE, CalendarError.PERIOD_TOO_LONG, CalendarError.PERIOD_NOT_INTEGER}


def calculator(request):
    """Public: start date + n days / months / years / working days → deadline with its steps."""
    result = None
    if "start" in request.GET:
        form = CalculatorForm(request.GET)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = selectors.period_deadline(start=data["start"], **{data["unit"]: data["count"]},
                                                   rollover=data["rollover"])
            except DomainError as exc:
                field = "count" if exc.code in _COUNT_ERRORS else ("start" if exc.code ==
                                                                    CalendarError.DATE_OUT_OF_RANGE else None)
                form.add_error(field, exc.message)
    else:
        form = CalculatorForm(initial={"start": court_today(), "unit": PeriodUnit.DAYS, "count": 15,
                                       "rollover": True})
    context = {"form": form, "result": result,
               "deadline_label": f"{format_date(result.deadline)}（{weekday_label(result.deadline)}）" if result else "",
               "unconfirmed_years": "、".join(f"{y}年" for y in result.unconfirmed_years) if result else ""}
    template = "calendar/partials/_result.html" if request.headers.get("HX-Request") else "calendar/calculator.html"
    return render(request, template, context)


def _require_manager(request) -> None:
    if not can_manage_calendar(request.user):
        raise DjangoPermissionDenied("只有审管办或综合管理人员可以修改工作日历")


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404("日期不正确")


def _months(year: int, rows) -> list[dict]:
    by_day = {r.day: r for r in rows}
    months = []
    for month in range(1, 13):
        weeks = [[{"day": d, "row": by_day.get(d)} if d.month == month else None for d in week]
                 for week in _pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)]
        months.append({"month": month, "weeks": weeks})
    return months


def _manage_context(year: int, selected: date | None, edit_form=None, confirm_form=None) -> dict:
    rows = list(selectors.calendar_days_for_year(year))
    selected_row = next((r for r in rows if r.day == selected), None) if selected else None
    if selected_row and edit_form is None:
        edit_form = DayEditForm(initial={"is_working_day": "1" if selected_row.is_working_day else "0",
                                         "holiday_name": selected_row.holiday_name})
    return {
        "year": year, "year_row": selectors.calendar_year_get(year), "years": selectors.calendar_years_list(),
        "months": _months(year, rows), "working_count": sum(r.is_working_day for r in rows), "day_count": len(rows),
        "selected": selected_row, "selected_weekday": weekday_label(selected_row.day) if selected_row else "",
        "edit_form": edit_form, "confirm_form": confirm_form or YearConfirmForm(),
        "weekdays": "一二三四五六日",
    }


@login_required
def manage(request):
    """Staff: a year's days as twelve month grids; click a day to edit it; confirm the year."""
    _require_manager(request)
    try:
        year = int(request.GET.get("year") or court_today().year)
    except ValueError:
        year = court_today().year
    selected = None
    if request.GET.get("day"):
        try:
            selected = date.fromisoformat(request.GET["day"])
        except ValueError:
            selected = None
    return render(request, "calendar/manage.html", _manage_context(year, selected))


@login_required
def day_edit(request, day: str):
    """GET: the editor for one day (HTMX partial). POST: save through calendar_day_update."""
    _require_manager(request)
    d = _parse_day(day)
    if request.method == "POST":
        form = DayEditForm(request.POST)
        if form.is_valid():
            try:
                services.calendar_day_update(day=d, is_working_day=form.cleaned_data["is_working_day"],
                                             holiday_name=form.cleaned_data["holiday_name"],
                                             reason=form.cleaned_data["reason"], actor=request.user)
            except DomainError as exc:
                field = {CalendarError.HOLIDAY_NAME_REQUIRED: "holiday_name",
                         CalendarError.HOLIDAY_NAME_TOO_LONG: "holiday_name",
                         CalendarError.REASON_REQUIRED: "reason"}.get(exc.code)
                form.add_error(field, exc.message)
            else:
                messages.success(request, f"已保存{format_date(d)}的修改")
                url = f"{reverse('calendar:manage')}?year={d.year}&day={d.isoformat()}"
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
        context = _manage_context(d.year, d, edit_form=form)
    else:
        context = _manage_context(d.year, d)
    if context["selected"] is None:
        raise Http404("日历表中没有该日期")
    template = "calendar/partials/_day_editor.html" if request.headers.get("HX-Request") else "calendar/manage.html"
    return render(request, template, context)


@login_required
@require_POST
def year_confirm(request, year: int):
    _require_manager(request)
    form = YearConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.calendar_year_confirm(year=year, note=form.cleaned_data["note"], actor=request.user)
        except DomainError as exc:
            form.add_error("note", exc.message)
        else:
            messages.success(request, f"{year}年工作日历已确认")
            return redirect(f"{reverse('calendar:manage')}?year={year}")
    return render(request, "calendar/manage.html", _manage_context(year, None, confirm_form=form), status=400)
