"""Measure 12: the assessment in administrative enforcement."""

import json
from datetime import date

import pytest

from yingshang.assessments import administrative
from yingshang.assessments.models import AdministrativeAssessment, AdministrativeDecision, Agency, GuidanceNote
from yingshang.assessments.tests.test_domain import FULL
from yingshang.audit.models import AuditEvent
from yingshang.core.errors import DomainError
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db
CODE = "91422826MA0000003T"


@pytest.fixture
def agency_user():
    user = UserFactory(role=Role.AGENCY)
    Agency.objects.create(name="咸丰县市场监督管理局").members.add(user)
    return user


def test_agency_records_and_assesses_its_decision(agency_user):
    agency = Agency.objects.get()
    decision = administrative.decision_record(agency_id=agency.pk, number="咸市监罚〔2024〕12号",
                                              enterprise_name="咸丰县明珠茶业有限公司", credit_code=CODE,
                                              measure="查封扣押", decided_on=date(2024, 5, 6), actor=agency_user)
    first = administrative.decision_assess(decision_id=decision.pk, answers=FULL, tags=["use_preserving_seal"],
                                           actor=agency_user)
    second = administrative.decision_assess(decision_id=decision.pk, answers={**FULL, "failure_risk": "high", "tax_effect": "minor"},
                                            tags=[], actor=agency_user)
    assert [(a.revision, a.score, a.impact_level) for a in AdministrativeAssessment.objects.order_by("revision")] == \
        [(1, 18, "medium"), (2, 23, "high")]
    assert first.template.domain == second.template.domain == "administrative"


def test_other_agency_and_court_judges_cannot_act(agency_user):
    agency = Agency.objects.get()
    outsider = UserFactory(role=Role.AGENCY)
    Agency.objects.create(name="咸丰县生态环境分局").members.add(outsider)
    with pytest.raises(DomainError) as refused:
        administrative.decision_record(agency_id=agency.pk, number="X1", enterprise_name="某公司",
                                       credit_code=CODE, measure="罚款", decided_on=date(2024, 5, 6), actor=outsider)
    assert refused.value.status == 403
    assert not AdministrativeDecision.objects.exists() and not AuditEvent.objects.exists()
    decision = administrative.decision_record(agency_id=agency.pk, number="X1", enterprise_name="某公司",
                                              credit_code=CODE, measure="罚款", decided_on=date(2024, 5, 6),
                                              actor=agency_user)
    with pytest.raises(DomainError) as hidden:
        administrative.decision_assess(decision_id=decision.pk, answers=FULL, tags=[], actor=outsider)
    assert hidden.value.status == 404
    assert list(administrative.decisions_for_user(outsider)) == []
    tribunal = UserFactory(role=Role.JUDGE, department=DepartmentFactory(kind=DepartmentKind.ADMINISTRATIVE))
    assert list(administrative.decisions_for_user(tribunal)) == [decision]


def test_guidance_and_training_only_by_the_tribunal(agency_user, client):
    with pytest.raises(DomainError):
        administrative.guidance_publish(title="t", body="b", actor=agency_user)
    tribunal = UserFactory(role=Role.JUDGE, department=DepartmentFactory(kind=DepartmentKind.ADMINISTRATIVE))
    administrative.guidance_publish(title="关于涉企查封扣押前开展经济影响评估的指导意见", body="一、……", actor=tribunal)
    record = administrative.training_record(held_on=date(2024, 6, 1), topic="涉企行政执法经济影响评估",
                                            agency_ids=[Agency.objects.get().pk], attendees=45, actor=tribunal)
    assert record.agencies.count() == 1
    assert client.get("/api/v1/enforcement-guidance").json()[0]["title"] == GuidanceNote.objects.get().title
    client.force_login(agency_user)
    page = client.get("/agency/").content.decode()
    assert "关于涉企查封扣押前开展经济影响评估的指导意见" in page and "涉企行政执法经济影响评估" in page


def test_api_round_trip(agency_user, client):
    client.force_login(agency_user)
    created = client.post("/api/v1/administrative-decisions", content_type="application/json", data=json.dumps({
        "agency_id": Agency.objects.get().pk, "number": "咸市监〔2024〕3号", "enterprise_name": "咸丰县明珠茶业有限公司",
        "credit_code": CODE, "measure": "责令停产整顿", "decided_on": "2024-05-06"}))
    assert created.status_code == 201, created.content
    bad = client.post("/api/v1/administrative-decisions", content_type="application/json", data=json.dumps({
        "agency_id": Agency.objects.get().pk, "number": "n2", "enterprise_name": "x", "credit_code": "123",
        "measure": "m", "decided_on": "2024-05-06"}))
    assert bad.status_code == 400 and bad.json()["code"] == "PARTY_CREDIT_CODE_INVALID"
    assessed = client.put(f"/api/v1/administrative-decisions/{created.json()['id']}/assessment",
                          content_type="application/json", data=json.dumps({"answers": FULL}))
    assert assessed.json()["impact_level"] == "medium" and assessed.json()["revision"] == 1
