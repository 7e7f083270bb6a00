"""calendar_changed: sent after commit when working days change (a day edited, a year confirmed or re-seeded).

Receivers get ``from_day`` (the earliest date whose status or ordinal may have changed) and ``reason``; the
deadlines app recomputes deadlines on or after it (holidays-2027.md: deadlines in a provisional year are recomputed
when the year is confirmed)."""

from django.dispatch import Signal

calendar_changed = Signal()
