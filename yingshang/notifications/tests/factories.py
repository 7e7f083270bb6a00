"""Factories for the notifications app's tests."""

from yingshang.cases.choices import PartyRole
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, PersonFactory
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory


def enforcement_case_with_creditor(*, phone: str = "13800138000", portal_user: bool = True):
    """An enforcement case (执) with a creditor party; optionally the creditor's portal account."""
    case = CaseFactory(type_code="执", category="enforcement", procedure="enforcement")
    creditor = PersonFactory(phone=phone)
    CasePartyFactory(case=case, party=creditor, role=PartyRole.CREDITOR)
    user = None
    if portal_user:
        user = UserFactory(role=Role.PARTY)
        creditor.users.add(user)
    return case, creditor, user


def clerk_of(case, **kwargs):
    return UserFactory(role=Role.CLERK, court=case.court, department=case.department, **kwargs)
