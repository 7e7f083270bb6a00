"""The one clock. "Today" at the court is the date in Asia/Shanghai, whatever the server's zone.

Everything that needs the current date or moment calls these two functions, so tests can move time
with time-machine and the whole platform follows.
"""

from datetime import date, datetime

from django.utils import timezone


def court_now() -> datetime:
    """The current moment, aware, in the court's time zone (settings.TIME_ZONE)."""
    return timezone.localtime(timezone.now())


def court_today() -> date:
    """The court's calendar date now."""
    return court_now().date()
