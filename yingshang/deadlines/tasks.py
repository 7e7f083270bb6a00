"""Celery tasks: thin wrappers around the idempotent services (cron can run the command instead)."""

from datetime import date

from celery import shared_task

from yingshang.deadlines.services import deadlines_scan


@shared_task(name="deadlines.scan_deadlines")
def scan_deadlines(today: str | None = None) -> dict:
    """The daily scan (beat: once a day after midnight, Asia/Shanghai). ``today``: ISO date, default today."""
    result = deadlines_scan(today=date.fromisoformat(today) if today else None)
    return {"today": result.today.isoformat(), **result.counts.as_dict(), "notified": result.notified}
