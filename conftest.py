"""Shared pytest fixtures for every app."""

import pytest


@pytest.fixture
def api_client():
    """A Django test client for /api/v1 calls (JSON by default)."""
    from django.test import Client

    return Client(enforce_csrf_checks=False)
