"""Celery tasks: thin wrappers around the idempotent services (cron can run the command instead)."""

from datetime import date

from celery import shared_task


@shared_task(name="documents.scan_effectiveness")
def scan_effectiveness(today: str | None = None) -> dict:
    """The daily effectiveness scan (beat: once a day after midnight, Asia/Shanghai). ``today``: ISO date."""
    from yingshang.documents.services import effectiveness_scan

    return effectiveness_scan(today=date.fromisoformat(today) if today else None).as_dict()


@shared_task(name="documents.sync_electronic_service")
def sync_electronic_service() -> dict:
    """Carry delivery results of electronic service from the outbox (may run every few minutes)."""
    from yingshang.documents.services import service_electronic_sync

    return service_electronic_sync()
