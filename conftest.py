"""Shared pytest fixtures for every app."""

import pytest


@pytest.fixture
def api_client():
    """A Django test client for /api/v1 calls (JSON by default)."""
    from django.test import Client

    return Client(enforce_csrf_checks=False)


def pytest_collection_modifyitems(config, items):
    """Transactional tests flush every table when they end, including the reference data that migrations load
    (the working-day calendar, the causes of action, the assessment templates …). Give every such test
    ``serialized_rollback=True`` so Django restores that data before it runs."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "serialized_rollback" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}),
                            append=False)
