"""factory_boy factories for cases and parties. Use these in every app's tests.

CaseFactory builds rows directly (no service, no audit): for setting up state. To test behaviour that the
services own (numbers, audit, timeline), call the services.
"""

from datetime import date

import factory

from yingshang.cases.choices import (
    CaseCategory, CaseStatus, EnterpriseSize, FilingChannel, OrganisationKind, PartyKind, PartyRole, Procedure,
)
from yingshang.cases.models import Case, CaseParty, Party
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

# Valid identifiers (check digits verified with python-stdnum): use these or the generators below.
# The factories draw from their own ranges (FACTORY_*_OFFSET), so a test that uses these constants or
# id_number_for(n) / credit_code_for(n) with n below the offset never collides with a factory-made party.
# (VALID_ID_NUMBERS[1] is id_number_for(3) and VALID_CREDIT_CODES[1] is credit_code_for(3).)
FACTORY_ID_NUMBER_OFFSET = 10_000
FACTORY_CREDIT_CODE_OFFSET = 1_000_000
VALID_ID_NUMBERS = ["11010519491231002X", "422826196304040031"]
VALID_CREDIT_CODES = ["91110108551385082Q", "91422826MA0000003T"]


def id_number_for(n: int) -> str:
    """A valid 18-digit resident ID number for 咸丰县 (422826) with a computed check digit."""
    from stdnum.cn import ric

    body = f"422826{1960 + n % 40:04d}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def credit_code_for(n: int) -> str:
    """A valid unified social credit code (91 + division 422826 + 9-char org code + check)."""
    from stdnum.cn import uscc

    body = f"91422826MA{n:07d}"[:17]
    return body + uscc.calc_check_digit(body)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    kind = PartyKind.PERSON
    name = factory.Sequence(lambda n: f"当事人{n}")
    id_number = factory.Sequence(lambda n: id_number_for(FACTORY_ID_NUMBER_OFFSET + n))
    phone = "13800138000"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    kind = PartyKind.ORGANISATION
    name = factory.Sequence(lambda n: f"咸丰县测试企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: credit_code_for(FACTORY_CREDIT_CODE_OFFSET + n))
    organisation_kind = OrganisationKind.ENTERPRISE
    enterprise_size = EnterpriseSize.SMALL


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    court = factory.SubFactory(CourtFactory)
    year = factory.LazyAttribute(lambda o: o.filed_on.year)
    type_code = "民初"
    sequence = factory.Sequence(lambda n: n + 1)
    case_number = factory.LazyAttribute(lambda o: f"（{o.year}）{o.court.code}{o.type_code}{o.sequence}号")
    category = CaseCategory.CIVIL
    procedure = Procedure.SIMPLE
    channel = FilingChannel.WINDOW
    filed_on = date(2024, 3, 15)
    department = factory.LazyAttribute(lambda o: DepartmentFactory(court=o.court))
    judge = factory.LazyAttribute(lambda o: UserFactory(court=o.court, department=o.department))
    status = CaseStatus.IN_PROGRESS


class CasePartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseParty

    case = factory.SubFactory(CaseFactory)
    party = factory.SubFactory(PersonFactory)
    role = PartyRole.PLAINTIFF
