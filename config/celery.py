"""Celery app. With CELERY_BROKER_URL unset, tasks run eagerly in-process (embedded mode).

Periodic jobs are plain idempotent services with management commands; the beat schedule here only
calls them, so cron or any other scheduler can do the same.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("yingshang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The periodic jobs. Each is an idempotent service with a management command of the same purpose, so cron can run
# the commands instead (see README). Times are the court's (CELERY_TIMEZONE = Asia/Shanghai).
from celery.schedules import crontab  # noqa: E402

app.conf.beat_schedule = {
    "dispatch-notifications": {"task": "notifications.dispatch", "schedule": 30.0},
    "sync-electronic-service": {"task": "documents.sync_electronic_service", "schedule": 600.0},
    "scan-deadlines": {"task": "deadlines.scan_deadlines", "schedule": crontab(hour=1, minute=0)},
    "scan-filing-deadlines": {"task": "filing.scan_deadlines", "schedule": crontab(hour=1, minute=10)},
    "scan-listings": {"task": "credit.scan_listings", "schedule": crontab(hour=1, minute=20)},
    "scan-effectiveness": {"task": "documents.scan_effectiveness", "schedule": crontab(hour=1, minute=30)},
    "scan-measures": {"task": "measures.scan_measures", "schedule": crontab(hour=1, minute=45)},
    "scan-preservation": {"task": "preservation.scan", "schedule": crontab(hour=1, minute=50)},
    "scan-enforcement-messages": {"task": "enforcement.scan_messages", "schedule": crontab(hour=7, minute=30)},
    "credit-monthly": {"task": "credit.monthly", "schedule": crontab(day_of_month=1, hour=2, minute=0)},
    "deadlines-monthly-summary": {"task": "deadlines.dispatch_monthly_summary",
                                  "schedule": crontab(day_of_month=1, hour=7, minute=0)},
}
