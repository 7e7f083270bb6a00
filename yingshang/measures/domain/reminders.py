"""Reminders before a deadline and escalation after it (plan 四(二): 督察室 定期检查、及时通报、督促落实、跟踪问效;
every task 项目化、清单化 with its 完成时限)."""

from datetime import date, timedelta


class AlertKind:
    REMINDER = "reminder"      # to the responsible departments, before the deadline
    ESCALATION = "escalation"  # to the lead leaders, once the deadline has passed unfinished


def deadline_alert(*, due_on: date | None, today: date, lead_days: int, is_open: bool) -> str | None:
    """The alert an item with this deadline calls for on ``today``, or None.

    - REMINDER from ``lead_days`` days before the deadline up to and including the deadline day;
    - ESCALATION from the day after the deadline (the deadline day itself is still in time, as for a measure's
      status: 2023年8月底 → due 2023-08-31, overdue on 2023-09-01);
    - nothing for finished items or items without a date (持续推进).
    Each (item, deadline, kind) is raised once; a new deadline (re-imported plan, changed rectification
    deadline) is a new item."""
    if not is_open or due_on is None:
        return None
    if today > due_on:
        return AlertKind.ESCALATION
    if due_on <= today + timedelta(days=lead_days):
        return AlertKind.REMINDER
    return None


def reminder_horizon(today: date, lead_days: int) -> date:
    """The last deadline a reminder is raised for on ``today`` (the scan's SQL bound, equal to deadline_alert)."""
    return today + timedelta(days=lead_days)


def short_title(text: str, limit: int = 30) -> str:
    """A title short enough for a notice: cut at ``limit`` characters with an ellipsis."""
    text = (text or "").strip()
    return text if len(text) <= limit else text[:limit] + "…"
