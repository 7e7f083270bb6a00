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
