import pytest

from yingshang.notifications.tests.fake_mas import FakeMasPlatform


@pytest.fixture
def fake_mas(settings):
    """The loopback 云MAS look-alike, with the SMS settings pointing at it. The after-commit kick is off so a
    test drives the dispatcher itself (tests of the kick switch it back on)."""
    platform = FakeMasPlatform().start()
    settings.SMS_MAS_BASE_URL = platform.url
    settings.SMS_MAS_EC_NAME = platform.ec_name
    settings.SMS_MAS_AP_ID = platform.ap_id
    settings.SMS_MAS_SECRET_KEY = platform.secret_key
    settings.SMS_MAS_SIGN = platform.sign
    settings.SMS_MAS_TIMEOUT_SECONDS = 5
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = False
    yield platform
    platform.stop()


@pytest.fixture
def sms_unconfigured(settings):
    for name in ("SMS_MAS_BASE_URL", "SMS_MAS_EC_NAME", "SMS_MAS_AP_ID", "SMS_MAS_SECRET_KEY", "SMS_MAS_SIGN"):
        setattr(settings, name, "")
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = False
