"""Set-up for the preservation tests: one court (鄂2826) with a civil division, its judge, a judge of another
division, a civil case (民初) with a plaintiff who has a portal account and a defendant enterprise (so the case is
涉企). Moments are frozen with time-machine in court time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from yingshang.cases.choices import PartyRole
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, EnterpriseFactory, PersonFactory
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def moment(d: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=SHANGHAI)


def at(d: date, hour: int = 10):
    """Freeze the court clock on a date (Asia/Shanghai)."""
    import time_machine

    return time_machine.travel(moment(d, hour), tick=False)


@pytest.fixture(autouse=True)
def quiet_outbox(settings):
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = False
    for name in ("SMS_MAS_BASE_URL", "SMS_MAS_EC_NAME", "SMS_MAS_AP_ID", "SMS_MAS_SECRET_KEY", "SMS_MAS_SIGN"):
        setattr(settings, name, "")


@pytest.fixture
def court(db):
    return CourtFactory()


@pytest.fixture
def civil(court):
    return DepartmentFactory(court=court, kind=DepartmentKind.CIVIL, name="民事审判庭")


@pytest.fixture
def judge(court, civil):
    return UserFactory(role=Role.JUDGE, court=court, department=civil, display_name="民庭法官甲")


@pytest.fixture
def other_judge(court):
    return UserFactory(role=Role.JUDGE, court=court, display_name="刑庭法官",
                       department=DepartmentFactory(court=court, kind=DepartmentKind.CRIMINAL, name="刑事审判庭"))


@pytest.fixture
def plaintiff_user(db):
    return UserFactory(role=Role.PARTY, display_name="原告账号")


@pytest.fixture
def defendant_user(db):
    return UserFactory(role=Role.PARTY, display_name="被告账号")


@pytest.fixture
def case(court, civil, judge):
    return CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2024, 3, 1), year=2024,
                       is_enterprise_involved=True)


@pytest.fixture
def plaintiff(case, plaintiff_user):
    party = PersonFactory(name="张三", phone="13800138001")
    party.users.add(plaintiff_user)
    CasePartyFactory(case=case, party=party, role=PartyRole.PLAINTIFF)
    return party


@pytest.fixture
def defendant(case, defendant_user):
    party = EnterpriseFactory(name="咸丰县某某建材有限公司", phone="13800138002")
    party.users.add(defendant_user)
    CasePartyFactory(case=case, party=party, role=PartyRole.DEFENDANT)
    return party


@pytest.fixture
def person_defendant(case):
    party = PersonFactory(name="李四", phone="13800138003")
    CasePartyFactory(case=case, party=party, role=PartyRole.DEFENDANT)
    return party
