"""Settings of the calendar app, read with their documented defaults (config/settings stay untouched)."""

from django.conf import settings

from yingshang.calendar import sources


def first_year() -> int:
    """First year seeded from the ``holidays`` package (its China data are official from 2004)."""
    return getattr(settings, "CALENDAR_FIRST_YEAR", sources.FIRST_YEAR)


def last_official_year() -> int:
    """Last year with an official State Council schedule in the installed ``holidays`` package (0.109: 2026).
    Raise it only after checking the new year day by day against gov.cn."""
    return getattr(settings, "CALENDAR_LAST_OFFICIAL_YEAR", sources.LAST_OFFICIAL_YEAR)


def provisional_years() -> tuple[int, ...]:
    """Years loaded provisionally from the statutory days (holidays-2027.md), flagged unconfirmed."""
    return tuple(y for y in getattr(settings, "CALENDAR_PROVISIONAL_YEARS", (2027,)) if y > last_official_year())


def load_margin_days() -> int:
    """Days loaded past a period's nominal end so a holiday rollover stays inside the loaded calendar."""
    return getattr(settings, "CALENDAR_LOAD_MARGIN_DAYS", 45)
