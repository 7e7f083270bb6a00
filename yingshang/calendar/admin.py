"""Read-only admin: the table is changed only through the services (audit and ordinal recompute), i.e. the
工作日历 page or the API."""

from django.contrib import admin

from yingshang.core.admin import ReadOnlyAdmin
from yingshang.calendar.models import CalendarDay, CalendarYear


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdmin):
    list_display = ("day", "is_working_day", "is_adjusted_workday", "holiday_name", "source", "working_ordinal")
    list_filter = ("is_working_day", "is_adjusted_workday", "source")
    search_fields = ("holiday_name", "note")
    date_hierarchy = "day"


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "is_confirmed", "source", "confirmed_at", "confirmed_by")
    list_filter = ("is_confirmed", "source")
