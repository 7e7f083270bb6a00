"""Every periodic job in the beat schedule names a registered task."""

import pytest


@pytest.mark.django_db
def test_beat_schedule_names_registered_tasks():
    from config.celery import app

    app.loader.import_default_modules()
    registered = set(app.tasks)
    missing = {entry["task"] for entry in app.conf.beat_schedule.values()} - registered
    assert missing == set()
    assert len(app.conf.beat_schedule) == 10
