"""Reads: period_deadline (what other apps call), the loaded calendar, ordinals and their SQL form."""

from datetime import date, timedelta

import pytest
from django.db.models import Value

from yingshang.calendar import domain
from yingshang.calendar.errors import CalendarError
from yingshang.calendar.models import CalendarDay
from yingshang.calendar.selectors import (
    add_working_days_on, period_deadline, working_day_after_subquery, working_ordinal, working_ordinal_subquery,
    workday_calendar,
)
from yingshang.calendar.tests.factories import seeded_calendar
from yingshang.core.errors import DomainError, NotFound

pytestmark = pytest.mark.django_db
D = date


def test_period_deadline_days_months_years_working_days():
    assert period_deadline(start=D(2024, 9, 20), days=15).deadline == D(2024, 10, 8)
    assert period_deadline(start=D(2024, 9, 20), days=15, rollover=False).deadline == D(2024, 10, 5)
    assert period_deadline(start=D(2024, 8, 31), months=6).deadline == D(2025, 2, 28)
    assert period_deadline(start=D(2024, 2, 29), years=1).deadline == D(2025, 2, 28)
    assert period_deadline(start=D(2026, 2, 13), working_days=6).deadline == D(2026, 2, 28)


def test_period_deadline_needs_exactly_one_kind():
    with pytest.raises(DomainError) as none:
        period_deadline(start=D(2024, 1, 1))
    assert none.value.code == CalendarError.PERIOD_KIND_REQUIRED
    with pytest.raises(DomainError) as several:
        period_deadline(start=D(2024, 1, 1), days=1, working_days=1)
    assert (several.value.code, several.value.detail) == (CalendarError.PERIOD_KIND_AMBIGUOUS,
                                                          {"given": ["days", "working_days"]})


def test_period_deadline_matches_the_pure_rules_on_the_seeded_table():
    cal = seeded_calendar()
    for offset in range(0, 800, 29):
        start = D(2023, 6, 1) + timedelta(days=offset)
        assert period_deadline(start=start, days=15) == domain.add_days(start, 15, cal, rollover=True)
        assert period_deadline(start=start, months=6) == domain.add_months(start, 6, cal, rollover=True)
        assert period_deadline(start=start, working_days=20) == domain.add_working_days(start, 20, cal)


def test_a_long_working_day_period_is_loaded_far_enough():
    # 900 working days from early 2023 end in 2026; every day must come from the table, not the Mon–Fri fallback.
    result = period_deadline(start=D(2023, 1, 3), working_days=900)
    assert result == domain.add_working_days(D(2023, 1, 3), 900, seeded_calendar())
    assert result.deadline.year == 2026
    assert result.unconfirmed_calendar is False


def test_past_the_table_end_mon_to_fri_is_assumed_and_flagged():
    result = period_deadline(start=D(2027, 12, 20), days=20)
    assert (result.deadline, result.unconfirmed_years) == (D(2028, 1, 10), (2028,))


def test_period_deadline_runs_in_a_few_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        period_deadline(start=D(2024, 9, 20), days=15)


def test_workday_calendar_flags_2027_and_loads_a_margin():
    cal = workday_calendar(D(2026, 12, 1), D(2026, 12, 31))
    assert cal.is_confirmed(2026) is True
    assert cal.is_confirmed(2027) is False
    assert 2027 in cal.unconfirmed_years
    assert cal.is_known(D(2027, 2, 8)) and not cal.is_working_day(D(2027, 2, 8))  # 春节, within the margin
    assert cal.holiday_name(D(2027, 2, 8)) == "春节"


def test_working_ordinal_and_add_working_days_on():
    assert working_ordinal(D(2026, 2, 27)) - working_ordinal(D(2026, 2, 13)) == 5
    assert working_ordinal(D(2026, 2, 15)) == working_ordinal(D(2026, 2, 14))  # a rest day keeps the count
    assert add_working_days_on(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert add_working_days_on(D(2026, 2, 15), 1) == D(2026, 2, 24)
    assert add_working_days_on(D(2027, 12, 30), 3) == D(2028, 1, 4)  # past the table: Mon–Fri
    with pytest.raises(NotFound) as unknown:
        working_ordinal(D(2030, 1, 1))
    assert unknown.value.code == CalendarError.DAY_NOT_FOUND


def test_the_sql_form_gives_the_same_working_day_as_the_rules():
    cal = seeded_calendar()
    rows = (CalendarDay.objects.filter(day__range=(D(2024, 9, 1), D(2024, 10, 31)))
            .annotate(due=working_day_after_subquery("day", 5), ordinal=working_ordinal_subquery("day"))
            .values_list("day", "due", "ordinal", "working_ordinal"))
    for day, due, ordinal, own in rows:
        assert due == domain.add_working_days(day, 5, cal).deadline
        assert ordinal == own


def test_the_sql_form_takes_n_from_a_column():
    due = (CalendarDay.objects.filter(day=D(2026, 2, 13)).annotate(n=Value(6))
           .annotate(due=working_day_after_subquery("day", "n")).values_list("due", flat=True).get())
    assert due == D(2026, 2, 28)
