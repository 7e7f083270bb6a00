"""Set-up for the documents tests: one court, a civil division with its judge and clerk, a case with a plaintiff
(who has a portal account) and a defendant enterprise; files go to a temporary MEDIA_ROOT."""

from datetime import date

import pytest

from yingshang.cases.choices import PartyRole
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, EnterpriseFactory, PersonFactory
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = False
    for name in ("SMS_MAS_BASE_URL", "SMS_MAS_EC_NAME", "SMS_MAS_AP_ID", "SMS_MAS_SECRET_KEY", "SMS_MAS_SIGN"):
        setattr(settings, name, "")
    return tmp_path


@pytest.fixture
def court(db):
    return CourtFactory()


@pytest.fixture
def civil(court):
    return DepartmentFactory(court=court, kind=DepartmentKind.CIVIL)


@pytest.fixture
def judge(court, civil):
    return UserFactory(role=Role.JUDGE, court=court, department=civil, display_name="民庭法官甲")


@pytest.fixture
def clerk(court, civil):
    return UserFactory(role=Role.CLERK, court=court, department=civil, display_name="书记员乙")


@pytest.fixture
def plaintiff_user(db):
    return UserFactory(role=Role.PARTY, display_name="原告账号")


@pytest.fixture
def defendant_user(db):
    return UserFactory(role=Role.PARTY, display_name="被告账号")


@pytest.fixture
def case(court, civil, judge):
    return CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2024, 6, 3), year=2024)


@pytest.fixture
def plaintiff(case, plaintiff_user):
    party = PersonFactory(name="张三", address="咸丰县高乐山镇民族路1号", phone="13800138001")
    party.users.add(plaintiff_user)
    CasePartyFactory(case=case, party=party, role=PartyRole.PLAINTIFF)
    return party


@pytest.fixture
def defendant(case, defendant_user):
    party = EnterpriseFactory(name="咸丰县某某建材有限公司", address="咸丰县工业园区8号", phone="13800138002")
    party.users.add(defendant_user)
    CasePartyFactory(case=case, party=party, role=PartyRole.DEFENDANT)
    return party


@pytest.fixture
def parties(plaintiff, defendant):
    return plaintiff, defendant


def pdf_bytes(text: str = "测试") -> bytes:
    """A tiny valid-looking PDF payload for uploads (content is only hashed and stored)."""
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


def at(d: date, hour: int = 10):
    """Freeze the court clock on a date (Asia/Shanghai)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    return time_machine.travel(datetime(d.year, d.month, d.day, hour, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
