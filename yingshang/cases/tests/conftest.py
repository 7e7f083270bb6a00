"""Shared set-up for the cases tests: one court (鄂2826) with a filing division, two trial divisions and the
people who work in them. Cases registered through the service are filed on FILED_ON (2025, so the 2020 catalogue
of causes applies and no factory-built case of 2024 can collide with the allocated numbers)."""

from datetime import date

import pytest

from yingshang.cases import services
from yingshang.cases.choices import OrganisationKind, PartyKind, PartyRole
from yingshang.cases.models import CauseOfAction
from yingshang.cases.tests.factories import credit_code_for, id_number_for
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory, filing_clerk

FILED_ON = date(2025, 6, 2)


@pytest.fixture
def court(db):
    return CourtFactory()


@pytest.fixture
def civil(court):
    return DepartmentFactory(court=court, kind=DepartmentKind.CIVIL)


@pytest.fixture
def criminal(court):
    return DepartmentFactory(court=court, kind=DepartmentKind.CRIMINAL)


@pytest.fixture
def enforcement(court):
    return DepartmentFactory(court=court, kind=DepartmentKind.ENFORCEMENT)


@pytest.fixture
def clerk(court):
    """A 立案庭 clerk: registers cases."""
    return filing_clerk(display_name="立案员甲")


@pytest.fixture
def judge(court, civil):
    return UserFactory(role=Role.JUDGE, court=court, department=civil, display_name="民庭法官甲")


@pytest.fixture
def criminal_judge(court, criminal):
    return UserFactory(role=Role.JUDGE, court=court, department=criminal, display_name="刑庭法官乙")


def person(n: int, role: str = PartyRole.PLAINTIFF, **kwargs) -> services.PartyInput:
    return services.PartyInput(kind=PartyKind.PERSON, name=kwargs.pop("name", f"自然人{n}"), role=role,
                               id_number=id_number_for(n), **kwargs)


def enterprise(n: int, role: str = PartyRole.DEFENDANT, **kwargs) -> services.PartyInput:
    kwargs.setdefault("organisation_kind", OrganisationKind.ENTERPRISE)
    return services.PartyInput(kind=PartyKind.ORGANISATION, name=kwargs.pop("name", f"咸丰县企业{n}有限公司"),
                               role=role, credit_code=credit_code_for(n), **kwargs)


def register(clerk, court, type_code: str = "民初", filed_on: date = FILED_ON, parties=None, **kwargs):
    """Register a case through the service, with one plaintiff and one defendant unless told otherwise."""
    if parties is None:
        parties = [person(1), enterprise(1)]
    data = services.CaseInput(type_code=type_code, filed_on=filed_on, parties=parties, **kwargs)
    return services.case_register(court=court, data=data, actor=clerk)


def cause_named(name: str, revision: int = 2020) -> CauseOfAction:
    return CauseOfAction.objects.get(revision=revision, name=name, level__gte=3)
