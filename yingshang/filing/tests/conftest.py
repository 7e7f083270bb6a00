"""Shared set-up for the filing tests: the court (鄂2826) under its intermediate court, the 立案庭 (a clerk and its
head), a civil judge, a party and a lawyer with portal accounts, a Hubei wage row (confirmed, W = 100,000 yuan,
from 2024-01-01), uploaded files in a temporary MEDIA_ROOT, and helpers to submit filings at a frozen moment."""

import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from yingshang.cases.choices import FilingChannel, OrganisationKind, PartyKind, PartyRole
from yingshang.cases.models import CauseOfAction
from yingshang.cases.services import PartyInput
from yingshang.cases.tests.factories import credit_code_for, id_number_for
from yingshang.filing import services
from yingshang.filing.models import SmallClaimsThreshold
from yingshang.org.choices import CourtLevel, DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ENCRYPTED_PDF = (b"%PDF-1.6\n1 0 obj << /Type /Catalog >> endobj\n"
                 b"trailer << /Root 1 0 R /Encrypt 5 0 R /ID [<ab><cd>] >>\n%%EOF\n")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOCX = b"PK\x03\x04" + b"\x00" * 64


def at(day: date, hour: int = 10):
    """Freeze the court's clock on ``day`` (Asia/Shanghai)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI), tick=False)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = False
    return tmp_path / "media"


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.fixture
def court(db):
    parent = CourtFactory(name="湖北省恩施土家族苗族自治州中级人民法院", code="鄂28", level=CourtLevel.INTERMEDIATE)
    court = CourtFactory()
    court.parent = parent
    court.save(update_fields=["parent"])
    return court


@pytest.fixture
def filing_division(court):
    return DepartmentFactory(court=court, kind=DepartmentKind.FILING)


@pytest.fixture
def clerk(court, filing_division):
    return UserFactory(role=Role.CLERK, court=court, department=filing_division, display_name="立案员甲")


@pytest.fixture
def head(court, filing_division):
    return UserFactory(role=Role.DIVISION_HEAD, court=court, department=filing_division, display_name="立案庭长")


@pytest.fixture
def judge(court):
    return UserFactory(role=Role.JUDGE, court=court, department=DepartmentFactory(court=court, kind=DepartmentKind.CIVIL),
                       display_name="民庭法官")


@pytest.fixture
def party_user(court):
    return UserFactory(role=Role.PARTY, display_name="张三")


@pytest.fixture
def other_party(court):
    return UserFactory(role=Role.PARTY, display_name="李四")


@pytest.fixture
def lawyer(court):
    return UserFactory(role=Role.LAWYER, display_name="王律师", organisation_name="湖北某某律师事务所")


@pytest.fixture
def wage_row(db):
    SmallClaimsThreshold.objects.filter(province="湖北省").delete()
    return SmallClaimsThreshold.objects.create(province="湖北省", wage_year=2023, average_wage_fen=100_000_00,
                                               effective_from=date(2024, 1, 1), is_confirmed=True, source="测试数据")


def person(n: int, role: str = PartyRole.PLAINTIFF, **kwargs) -> PartyInput:
    return PartyInput(kind=PartyKind.PERSON, name=kwargs.pop("name", f"自然人{n}"), role=role,
                      id_number=id_number_for(n), **kwargs)


def enterprise(n: int, role: str = PartyRole.DEFENDANT, **kwargs) -> PartyInput:
    kwargs.setdefault("organisation_kind", OrganisationKind.ENTERPRISE)
    return PartyInput(kind=PartyKind.ORGANISATION, name=kwargs.pop("name", f"咸丰县企业{n}有限公司"), role=role,
                      credit_code=credit_code_for(n), **kwargs)


def upload(name: str, data: bytes, kind: str = "complaint") -> services.AttachmentInput:
    return services.AttachmentInput(name=name, kind=kind, file=io.BytesIO(data), size=len(data))


def cause(name: str, revision: int = 2020) -> CauseOfAction:
    return CauseOfAction.objects.filter(revision=revision, name=name, level__gte=3).order_by("-level").first()


def submit(actor, court, *, channel=FilingChannel.ONLINE, parties=None, attachments=None, **kwargs):
    """Submit through the service: an online complaint by default, one plaintiff and one defendant person."""
    if parties is None:
        parties = [person(1), person(2, PartyRole.DEFENDANT)]
    if attachments is None:
        attachments = [upload("起诉状.pdf", PDF)]
    kwargs.setdefault("type_code", "民初")
    kwargs.setdefault("claims", "判令被告归还借款3万元")
    data = services.FilingInput(channel=channel, parties=parties, **kwargs)
    return services.filing_submit(court=court, data=data, attachments=attachments, actor=actor)
