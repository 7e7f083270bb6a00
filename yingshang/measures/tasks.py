"""Celery task: the daily deadline scan (beat: once a day, Asia/Shanghai; cron may run the command instead)."""

from datetime import date

from celery import shared_task

from yingshang.measures.services import measures_scan


@shared_task(name="measures.scan_measures")
def scan_measures(today: str | None = None) -> dict:
    """Reminders and escalations for the plan's deadlines. ``today``: ISO date, default today."""
    return measures_scan(today=date.fromisoformat(today) if today else None).as_dict()
