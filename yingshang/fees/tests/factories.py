"""Set-up helpers for fee tests: a case with a plaintiff and a defendant, finance staff."""

from datetime import date

from yingshang.cases.choices import CaseStatus, ClosingManner, PartyRole, Procedure
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, EnterpriseFactory, PersonFactory
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

Y = 100


def finance_user(**kwargs):
    court = CourtFactory()
    return UserFactory(role=Role.FINANCE, court=court,
                       department=DepartmentFactory(court=court, kind=DepartmentKind.FINANCE), **kwargs)


def fee_case(*, procedure=Procedure.ORDINARY, claim_yuan=1_000_000, closed_on: date | None = None,
             closing_manner: str = "", defendant_is_enterprise=True, filed_on: date = date(2024, 1, 2)):
    """A first-instance case with one plaintiff (a person) and one defendant (an enterprise by default)."""
    case = CaseFactory(procedure=procedure, filed_on=filed_on, claim_amount_fen=claim_yuan * Y,
                       status=CaseStatus.CLOSED if closed_on else CaseStatus.IN_PROGRESS,
                       closed_on=closed_on, closing_manner=closing_manner)
    plaintiff = CasePartyFactory(case=case, role=PartyRole.PLAINTIFF, party=PersonFactory(name="原告张某"))
    defendant_party = EnterpriseFactory(name="被告某公司") if defendant_is_enterprise else PersonFactory(name="被告李某")
    defendant = CasePartyFactory(case=case, role=PartyRole.DEFENDANT, party=defendant_party)
    return case, plaintiff, defendant


def closed_judgment_case(closed_on: date, **kwargs):
    return fee_case(closed_on=closed_on, closing_manner=ClosingManner.JUDGMENT, **kwargs)
