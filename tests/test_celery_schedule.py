"""Every periodic job in the beat schedule names a registered task."""

import pytest


@pytest.mark.django_db
def test_beat_schedule_names_registered_tasks():
    from config.celery import app

    app.loader.import_default_modules()
    registered = set(app.tasks)
    missing = {entry["task"] for entry in app.conf.beat_schedule.values()} - registered
    assert missing == set()
    assert len(app.conf.beat_schedule) == 11


def test_the_monthly_summary_runs_on_the_first_at_seven():
    from config.celery import app

    entry = app.conf.beat_schedule["deadlines-monthly-summary"]
    schedule = entry["schedule"]
    assert (entry["task"], schedule.day_of_month, schedule.hour, schedule.minute) == (
        "deadlines.dispatch_monthly_summary", {1}, {7}, {0})
