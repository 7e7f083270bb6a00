import pytest

from yingshang.enforcement.tests.conftest import bureau, ecase, head, officer, opened  # noqa: F401 (fixtures)
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory


@pytest.fixture
def president(ecase):
    return UserFactory(role=Role.PRESIDENT, court=ecase.court)
