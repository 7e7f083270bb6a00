"""Every measures test keeps evidence files in its own temporary directory (never the real var/private)."""

import pytest


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    root = tmp_path / "private-evidence"
    settings.MEASURES_EVIDENCE_ROOT = str(root)
    return root


@pytest.fixture(autouse=True)
def no_indicator_provider(settings):
    """Live values come from the metrics app in production; here a test installs its own stand-in provider."""
    settings.MEASURES_INDICATOR_VALUE_PROVIDER = ""
