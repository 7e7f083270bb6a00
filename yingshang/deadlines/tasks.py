"""Celery tasks: thin wrappers around the idempotent services (cron can run the command instead)."""

from datetime import date

from celery import shared_task

from yingshang.deadlines.services import deadlines_scan


@shared_task(name="deadlines.scan_deadlines")
def scan_deadlines(today: str | None = None) -> dict:
    """The daily scan (beat: once a day after midnight, Asia/Shanghai). ``today``: ISO date, default today."""
    result = deadlines_scan(today=date.fromisoformat(today) if today else None)
    return {"today": result.today.isoformat(), **result.counts.as_dict(), "notified": result.notified}


@shared_task(name="deadlines.dispatch_monthly_summary")
def dispatch_monthly_summary(today: str | None = None) -> dict:
    """Last month's summary to the leaders (beat: the 1st of each month, 07:00). ``today``: ISO date."""
    from yingshang.deadlines.monthly import monthly_summary_dispatch

    result = monthly_summary_dispatch(today=date.fromisoformat(today) if today else None)
    return {"month": f"{result.month_on:%Y-%m}", "notified": result.notified,
            "already_notified": result.already_notified}
