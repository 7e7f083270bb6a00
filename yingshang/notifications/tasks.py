"""Celery task: one dispatcher pass. Takes ids, not objects. Scheduled after commit by notification_enqueue
when a broker is configured, and periodically (beat / cron via the management command) for retries."""

from celery import shared_task


@shared_task(name="notifications.dispatch", ignore_result=True)
def dispatch_notifications_task(message_ids: list[int] | None = None, limit: int | None = None) -> dict:
    from yingshang.notifications.dispatch import dispatch_due

    return dict(dispatch_due(limit=limit, message_ids=message_ids))
