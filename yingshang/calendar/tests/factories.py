"""Helpers for calendar tests: the seeded table as a pure WorkdayCalendar, and the users who may edit it."""

from functools import lru_cache

from yingshang.calendar.domain import WorkdayCalendar
from yingshang.calendar.sources import seed_rows
from yingshang.org.choices import DepartmentKind, Role


@lru_cache(maxsize=1)
def seeded_calendar() -> WorkdayCalendar:
    """2004–2026 official, 2027 provisional: the same rows the data migration loads, without a database."""
    days, _years = seed_rows()
    return WorkdayCalendar(
        working=frozenset(r.day for r, _ in days if r.is_working_day),
        rest=frozenset(r.day for r, _ in days if not r.is_working_day),
        names={r.day: r.holiday_name for r, _ in days if r.holiday_name},
        unconfirmed_years=frozenset({2027}),
        adjusted_workdays=frozenset(r.day for r, _ in days if r.is_adjusted_workday),
    )


def fresh_calendar() -> WorkdayCalendar:
    """A new instance (its 'missed years' memory starts empty)."""
    cal = seeded_calendar()
    return WorkdayCalendar(working=cal.working, rest=cal.rest, names=cal.names,
                           unconfirmed_years=cal.unconfirmed_years, adjusted_workdays=cal.adjusted_workdays)


def trial_manager(**kwargs):
    """A 审管办 staff member: may edit the calendar."""
    from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

    court = CourtFactory()
    return UserFactory(role=Role.TRIAL_MANAGEMENT, court=court,
                       department=DepartmentFactory(court=court, kind=DepartmentKind.TRIAL_MANAGEMENT), **kwargs)
