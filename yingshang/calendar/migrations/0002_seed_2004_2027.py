"""Seed the working-day table: 2004–2026 from the ``holidays`` package's China calendar (official schedules),
2027 provisional from the statutory days (../shared/domain/holidays-2027.md). Reversible. ~8,800 rows in two
bulk inserts, so every test database has a usable calendar."""

from django.db import migrations


def seed(apps, schema_editor):
    from yingshang.calendar.sources import seed_rows

    CalendarDay = apps.get_model("calendar", "CalendarDay")
    CalendarYear = apps.get_model("calendar", "CalendarYear")
    days, years = seed_rows(first_year=2004, last_official_year=2026, provisional_years=(2027,))
    CalendarYear.objects.bulk_create([
        CalendarYear(year=y.year, is_confirmed=y.is_confirmed, source=y.source, note=y.note) for y in years])
    CalendarDay.objects.bulk_create([
        CalendarDay(day=row.day, is_working_day=row.is_working_day, is_adjusted_workday=row.is_adjusted_workday,
                    holiday_name=row.holiday_name, note=row.note, source=source, working_ordinal=row.working_ordinal)
        for row, source in days], batch_size=2000)


def unseed(apps, schema_editor):
    apps.get_model("calendar", "CalendarDay").objects.all().delete()
    apps.get_model("calendar", "CalendarYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("calendar", "0001_calendar_tables")]
    operations = [migrations.RunPython(seed, unseed)]
