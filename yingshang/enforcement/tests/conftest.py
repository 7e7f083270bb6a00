from datetime import date

import pytest

from yingshang.cases.choices import CaseCategory, PartyRole, Procedure
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, EnterpriseFactory, PersonFactory
from yingshang.enforcement import services
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def bureau():
    return DepartmentFactory(kind=DepartmentKind.ENFORCEMENT)


@pytest.fixture
def officer(bureau):
    return UserFactory(role=Role.ENFORCEMENT_OFFICER, department=bureau, court=bureau.court)


@pytest.fixture
def head(bureau):
    return UserFactory(role=Role.DIVISION_HEAD, department=bureau, court=bureau.court)


@pytest.fixture
def ecase(bureau, officer):
    case = CaseFactory(court=bureau.court, type_code="执", category=CaseCategory.ENFORCEMENT,
                       procedure=Procedure.ENFORCEMENT, department=bureau, judge=officer, filed_on=date(2024, 3, 1))
    CasePartyFactory(case=case, party=PersonFactory(name="申请人甲", phone="13900139000"), role=PartyRole.CREDITOR)
    CasePartyFactory(case=case, party=EnterpriseFactory(name="被执行企业乙"), role=PartyRole.DEBTOR)
    return case


@pytest.fixture
def opened(ecase, officer):
    return services.enforcement_open(case_id=ecase.pk, amount_applied_fen=100_000, actor=officer)


def creditor_of(case):
    return case.case_parties.get(role=PartyRole.CREDITOR).party
