"""Writes to the working-day table: seeding, editing a day, confirming a year. Each owns its transaction and audit.

Every change serialises on the CalendarYear rows (one small lock) so two edits never compute ordinals from each
other's stale snapshot; ordinals are recomputed set-based, in one UPDATE with a window function.
"""

from __future__ import annotations

import calendar as _pycalendar
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from yingshang.audit.services import audit_record
from yingshang.calendar import conf, sources
from yingshang.calendar.choices import DaySource
from yingshang.calendar.errors import CalendarError
from yingshang.calendar.models import CalendarDay, CalendarYear
from yingshang.calendar.permissions import require_manage_calendar
from yingshang.calendar.signals import calendar_changed
from yingshang.core.clock import court_now
from yingshang.core.errors import DomainError, NotFound

_DAY_FIELDS = ("is_working_day", "is_adjusted_workday", "holiday_name", "note", "source")


def _lock_calendar() -> None:
    """Serialise calendar writers (PostgreSQL row locks; SQLite serialises writers anyway)."""
    list(CalendarYear.objects.select_for_update().order_by("year").values_list("pk", flat=True))


def _notify(from_day: date, reason: str) -> None:
    transaction.on_commit(lambda: calendar_changed.send(sender=CalendarDay, from_day=from_day, reason=reason))


def calendar_ordinals_recompute(*, from_day: date | None = None) -> int:
    """Recompute ``working_ordinal`` for every day on or after ``from_day`` (all days when None) in one UPDATE:
    ordinal = ordinal of the previous day + running count of working days (window function; SQLite ≥ 3.33 and
    PostgreSQL). Only rows whose ordinal changes are written. Returns the number of rows updated."""
    qn = connection.ops.quote_name
    table = qn(CalendarDay._meta.db_table)
    pk, day, working, ordinal = qn("id"), qn("day"), qn("is_working_day"), qn("working_ordinal")
    if from_day is None:
        from_day = CalendarDay.objects.order_by("day").values_list("day", flat=True).first()
        if from_day is None:
            return 0
    base = (CalendarDay.objects.filter(day__lt=from_day).order_by("-day")
            .values_list("working_ordinal", flat=True).first()) or 0
    sql = (f"UPDATE {table} SET {ordinal} = ranked.new_ordinal FROM ("
           f"SELECT {pk} AS row_id, %s + SUM(CASE WHEN {working} THEN 1 ELSE 0 END) "
           f"OVER (ORDER BY {day} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS new_ordinal "
           f"FROM {table} WHERE {day} >= %s) AS ranked "
           f"WHERE {table}.{pk} = ranked.row_id AND {table}.{ordinal} <> ranked.new_ordinal")
    with connection.cursor() as cursor:
        cursor.execute(sql, [base, from_day])
        return cursor.rowcount


def _day_snapshot(row: CalendarDay) -> dict:
    return {"day": row.day, "is_working_day": row.is_working_day, "is_adjusted_workday": row.is_adjusted_workday,
            "holiday_name": row.holiday_name, "source": row.source, "working_ordinal": row.working_ordinal}


@transaction.atomic
def calendar_day_update(*, day: date, is_working_day: bool, holiday_name: str = "", reason: str,
                        actor) -> CalendarDay:
    """Set one date working or rest (e.g. entering the State Council's 2027 notice, or a local 民族节日 under
    全国年节及纪念日放假办法第4条). A Saturday/Sunday made working becomes a 调休上班日. Ordinals from that day on are
    recomputed set-based. Only 审管办 / 综合管理人员 / superusers. Audit: calendar.day_updated.
    An edit that changes nothing writes nothing."""
    require_manage_calendar(actor)
    reason = (reason or "").strip()
    holiday_name = (holiday_name or "").strip()
    if not reason:
        raise DomainError(CalendarError.REASON_REQUIRED, "请填写修改依据（如国务院办公厅通知文号）")
    if len(holiday_name) > 100:
        raise DomainError(CalendarError.HOLIDAY_NAME_TOO_LONG, "节假日名称过长（最多100字）")
    if not is_working_day and day.weekday() < 5 and not holiday_name:
        raise DomainError(CalendarError.HOLIDAY_NAME_REQUIRED, "把周一至周五改为休息日时，请填写节假日名称（如 春节）")
    _lock_calendar()
    row = CalendarDay.objects.select_for_update().filter(day=day).first()
    if row is None:
        raise NotFound(CalendarError.DAY_NOT_FOUND, "日历表中没有该日期，请先载入该年度", {"day": day.isoformat()})
    is_adjusted = bool(is_working_day) and day.weekday() >= 5
    if is_working_day and not is_adjusted:
        holiday_name = ""  # an ordinary working day carries no festival
    if (row.is_working_day, row.is_adjusted_workday, row.holiday_name) == (is_working_day, is_adjusted, holiday_name):
        return row
    before = _day_snapshot(row)
    status_changed = row.is_working_day != is_working_day
    row.is_working_day = is_working_day
    row.is_adjusted_workday = is_adjusted
    row.holiday_name = holiday_name
    row.note = f"法院修改：{reason}"[:200]
    row.source = DaySource.MANUAL
    row.save(update_fields=[*_DAY_FIELDS, "updated_at"])
    if status_changed:
        calendar_ordinals_recompute(from_day=day)
        row.refresh_from_db(fields=["working_ordinal"])
    audit_record(actor=actor, action="calendar.day_updated", target=row, before=before, after=_day_snapshot(row),
                 reason=reason)
    _notify(day, "day_updated")
    return row


@transaction.atomic
def calendar_year_confirm(*, year: int, note: str, actor) -> CalendarYear:
    """Confirm that a year's days match the State Council General Office's 部分节假日安排 notice. Deadlines in the
    year stop carrying the "unconfirmed calendar" warning; its provisional days become court-entered.
    Audit: calendar.year_confirmed."""
    require_manage_calendar(actor)
    note = (note or "").strip()
    if not note:
        raise DomainError(CalendarError.REASON_REQUIRED, "请填写确认依据（如国务院办公厅通知文号）")
    _lock_calendar()
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if row is None:
        raise NotFound(CalendarError.YEAR_NOT_FOUND, f"日历表中没有{year}年", {"year": year})
    if row.is_confirmed:
        raise DomainError(CalendarError.YEAR_ALREADY_CONFIRMED, f"{year}年的工作日历已确认", {"year": year},
                          status=409)
    expected = 366 if _pycalendar.isleap(year) else 365
    present = CalendarDay.objects.filter(day__year=year).count()
    if present != expected:
        raise DomainError(CalendarError.YEAR_INCOMPLETE, f"{year}年的日历不完整（{present}/{expected}日），不能确认",
                          {"year": year, "present": present, "expected": expected})
    before = {"is_confirmed": row.is_confirmed, "source": row.source, "note": row.note}
    provisional_days = CalendarDay.objects.filter(day__year=year, source=DaySource.PROVISIONAL).update(
        source=DaySource.MANUAL)
    row.is_confirmed = True
    row.source = DaySource.MANUAL
    row.note = note
    row.confirmed_at = court_now()
    row.confirmed_by = actor
    row.save(update_fields=["is_confirmed", "source", "note", "confirmed_at", "confirmed_by", "updated_at"])
    audit_record(actor=actor, action="calendar.year_confirmed", target=row, before=before,
                 after={"is_confirmed": True, "source": row.source, "note": note,
                        "provisional_days_confirmed": provisional_days}, reason=note)
    _notify(date(year, 1, 1), "year_confirmed")
    return row


@dataclass(frozen=True)
class SeedReport:
    days_created: int
    days_updated: int
    days_kept_manual: int
    years_created: int
    years_updated: int


@transaction.atomic
def calendar_seed(*, actor=None, first_year: int | None = None, last_official_year: int | None = None,
                  provisional_years: tuple[int, ...] | None = None) -> SeedReport:
    """Load (or refresh) the table from the ``holidays`` package and the provisional statutory days. Idempotent:
    a second run changes nothing. Days the court entered (source manual) and years it confirmed are never
    overwritten. Audit: calendar.year_seeded per year created or changed (actor may be None: a system run)."""
    first_year = first_year or conf.first_year()
    last_official_year = last_official_year or conf.last_official_year()
    if provisional_years is None:
        provisional_years = tuple(y for y in conf.provisional_years() if y > last_official_year)
    day_rows, year_rows = sources.seed_rows(first_year=first_year, last_official_year=last_official_year,
                                            provisional_years=provisional_years)
    _lock_calendar()
    manual_years = set(CalendarYear.objects.filter(source=DaySource.MANUAL).values_list("year", flat=True))
    existing = {d.day: d for d in CalendarDay.objects.filter(day__gte=day_rows[0][0].day,
                                                             day__lte=day_rows[-1][0].day)}
    to_create, to_update, kept = [], [], 0
    changed_years: dict[int, list[int]] = {}
    for row, source in day_rows:
        obj = existing.get(row.day)
        wanted = {"is_working_day": row.is_working_day, "is_adjusted_workday": row.is_adjusted_workday,
                  "holiday_name": row.holiday_name, "note": row.note, "source": source}
        if obj is None:
            to_create.append(CalendarDay(day=row.day, working_ordinal=row.working_ordinal, **wanted))
            changed_years.setdefault(row.day.year, [0, 0])[0] += 1
        elif obj.source == DaySource.MANUAL or row.day.year in manual_years:
            kept += 1
        elif any(getattr(obj, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(obj, k, v)
            to_update.append(obj)
            changed_years.setdefault(row.day.year, [0, 0])[1] += 1
    CalendarDay.objects.bulk_create(to_create, batch_size=2000)
    CalendarDay.objects.bulk_update(to_update, fields=list(_DAY_FIELDS), batch_size=1000)
    years_existing = {y.year: y for y in CalendarYear.objects.all()}
    years_created = years_updated = 0
    for y in year_rows:
        obj = years_existing.get(y.year)
        days_changed = changed_years.get(y.year, [0, 0])
        if obj is None:
            obj = CalendarYear.objects.create(year=y.year, is_confirmed=y.is_confirmed, source=y.source, note=y.note)
            years_created += 1
            before = None
        elif obj.source == DaySource.MANUAL or (obj.is_confirmed and not y.is_confirmed):
            continue
        elif (obj.is_confirmed, obj.source, obj.note) != (y.is_confirmed, y.source, y.note) or any(days_changed):
            before = {"is_confirmed": obj.is_confirmed, "source": obj.source, "note": obj.note}
            obj.is_confirmed, obj.source, obj.note = y.is_confirmed, y.source, y.note
            obj.save(update_fields=["is_confirmed", "source", "note", "updated_at"])
            years_updated += 1
        else:
            continue
        audit_record(actor=actor, action="calendar.year_seeded", target=obj, before=before,
                     after={"is_confirmed": obj.is_confirmed, "source": obj.source,
                            "days_created": days_changed[0], "days_updated": days_changed[1]})
    if to_create or to_update:
        from_day = min(o.day for o in [*to_create, *to_update])
        calendar_ordinals_recompute(from_day=from_day)
        _notify(from_day, "seeded")
    return SeedReport(days_created=len(to_create), days_updated=len(to_update), days_kept_manual=kept,
                      years_created=years_created, years_updated=years_updated)
