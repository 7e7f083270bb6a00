"""Review follow-ups: 立案庭 decides only its own cases, parties can be corrected, error shapes for odd requests."""

import json

import pytest

from yingshang.audit.models import AuditEvent
from yingshang.cases import services
from yingshang.cases.models import Case, Party
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, EnterpriseFactory
from yingshang.core.errors import DomainError
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import DepartmentFactory, UserFactory, filing_clerk

pytestmark = pytest.mark.django_db


def test_filing_staff_cannot_close_another_departments_case():
    case = CaseFactory()
    clerk = filing_clerk()
    with pytest.raises(DomainError) as refused:
        services.case_status_change(case_id=case.pk, status="closed", closing_manner="withdrawal", actor=clerk)
    assert refused.value.code == "CASE_DECISION_DENIED"
    assert Case.objects.get(pk=case.pk).status == "in_progress"
    assert not AuditEvent.objects.exists()
    services.case_status_change(case_id=case.pk, status="closed", closing_manner="withdrawal", actor=case.judge)
    assert Case.objects.get(pk=case.pk).status == "closed"


def test_party_particulars_corrected_flags_recomputed_identifier_kept(client):
    case = CaseFactory()
    company = EnterpriseFactory(enterprise_size="large")
    CasePartyFactory(case=case, party=company, role="defendant")
    services.case_flags_refresh(case)
    assert Case.objects.get(pk=case.pk).is_sme_involved is False
    client.force_login(case.judge)
    response = client.patch(f"/api/v1/parties/{company.pk}", json.dumps(
        {"enterprise_size": "micro", "phone": "139 0013 9000", "credit_code": "X"}), content_type="application/json")
    assert response.status_code == 200, response.content
    party = Party.objects.get(pk=company.pk)
    assert (party.enterprise_size, party.phone, party.credit_code) == ("micro", "13900139000", company.credit_code)
    assert Case.objects.get(pk=case.pk).is_sme_involved is True
    event = AuditEvent.objects.get(action="cases.party_updated")
    assert (event.before["enterprise_size"], event.after["enterprise_size"]) == ("large", "micro")


def test_party_update_refused_for_outsiders_and_other_departments(client):
    case = CaseFactory()
    company = EnterpriseFactory()
    CasePartyFactory(case=case, party=company)
    other = UserFactory(role=Role.JUDGE, department=DepartmentFactory(kind=DepartmentKind.CRIMINAL))
    for user in (other, UserFactory(role=Role.PARTY)):
        client.force_login(user)
        response = client.patch(f"/api/v1/parties/{company.pk}", json.dumps({"name": "改名"}),
                                content_type="application/json")
        assert response.status_code == 404
    assert Party.objects.get(pk=company.pk).name == company.name
    assert not AuditEvent.objects.exists()


def test_odd_requests_get_coded_json(client):
    client.force_login(filing_clerk())
    wrong_method = client.delete("/api/v1/cases")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["code"] == "METHOD_NOT_ALLOWED"
    for body in ("[1, 2]", "null", '"text"'):
        response = client.post("/api/v1/cases", body, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["message"] == "请求体应为 JSON 对象"
    empty = client.post("/api/v1/cases", "", content_type="application/json")
    assert empty.status_code in (400, 422) and "code" in empty.json()
    assert not Case.objects.exists()
