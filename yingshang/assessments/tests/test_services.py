from datetime import date

import pytest

from yingshang.assessments import selectors, services
from yingshang.assessments.choices import AssessmentStatus, GateOutcome
from yingshang.assessments.gate import assessment_gate
from yingshang.assessments.models import (
    Assessment, AssessmentRevision, AssessmentTemplate, GateCheck, SampleItem, TypicalCase,
)
from yingshang.assessments.tests.test_domain import FULL
from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseEventKind
from yingshang.cases.models import CaseEvent
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, EnterpriseFactory
from yingshang.core.errors import DomainError
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise_case():
    case = CaseFactory(is_enterprise_involved=True)
    CasePartyFactory(case=case, party=EnterpriseFactory(name="咸丰县明珠茶业有限公司"))
    return case


def test_gate_refuses_without_assessment_and_writes_nothing(enterprise_case):
    with pytest.raises(DomainError) as refused:
        assessment_gate(case=enterprise_case, action="preservation.order", actor=enterprise_case.judge)
    assert refused.value.code == "ASSESSMENT_REQUIRED"
    assert refused.value.status == 409
    assert refused.value.detail["stage"] == "preservation"
    assert "保全" in refused.value.message
    assert not GateCheck.objects.exists()


def test_gate_allows_with_a_completed_assessment_and_records_it(enterprise_case):
    judge = enterprise_case.judge
    assessment = services.assessment_submit(case_id=enterprise_case.pk, stage="preservation", answers=FULL,
                                            tags=["use_preserving_seal"], actor=judge)
    check = assessment_gate(case=enterprise_case, action="preservation.order", actor=judge)
    assert (check.outcome, check.assessment_id, check.assessment_revision) == (GateOutcome.ASSESSED, assessment.pk, 1)


def test_gate_passes_non_enterprise_cases_and_ungated_actions():
    case = CaseFactory(is_enterprise_involved=False)
    assert assessment_gate(case=case, action="preservation.order", actor=case.judge).outcome == \
        GateOutcome.NOT_ENTERPRISE
    assert assessment_gate(case=case, action="cases.nothing_gated", actor=case.judge).outcome == GateOutcome.NOT_GATED


def test_new_gated_actions_plug_in_through_the_template(enterprise_case):
    tm = UserFactory(role=Role.TRIAL_MANAGEMENT)
    current = AssessmentTemplate.objects.get(stage="filing", is_active=True)
    services.template_publish(stage="filing", title="立案环节评估表（修订）", questions=current.questions,
                              medium_from=12, high_from=22, gated_actions=["filing.priority"], actor=tm)
    with pytest.raises(DomainError) as refused:
        assessment_gate(case=enterprise_case, action="filing.priority", actor=enterprise_case.judge)
    assert refused.value.detail["stage"] == "filing"


def test_not_applicable_needs_a_reason_and_then_passes_the_gate(enterprise_case):
    judge = enterprise_case.judge
    with pytest.raises(DomainError) as refused:
        services.assessment_mark_not_applicable(case_id=enterprise_case.pk, stage="time_limit", reason="  ",
                                                actor=judge)
    assert refused.value.code == "ASSESSMENT_REASON_REQUIRED"
    assert not Assessment.objects.exists() and not AuditEvent.objects.exists()
    services.assessment_mark_not_applicable(case_id=enterprise_case.pk, stage="time_limit",
                                            reason="延长审限系因鉴定，不影响企业经营", actor=judge)
    check = assessment_gate(case=enterprise_case, action="deadlines.extension_request", actor=judge)
    assert check.outcome == GateOutcome.NOT_APPLICABLE


def test_every_version_is_kept_with_its_template_version(enterprise_case):
    judge = enterprise_case.judge
    services.assessment_submit(case_id=enterprise_case.pk, stage="enforcement", answers=FULL, actor=judge)
    tm = UserFactory(role=Role.TRIAL_MANAGEMENT)
    v1 = AssessmentTemplate.objects.get(stage="enforcement", domain="court", is_active=True)
    v2 = services.template_publish(stage="enforcement", title="执行环节评估表（第二版）", questions=v1.questions,
                                   medium_from=10, high_from=20, gated_actions=v1.gated_actions, actor=tm)
    services.assessment_submit(case_id=enterprise_case.pk, stage="enforcement",
                               answers={**FULL, "failure_risk": "high"}, tags=["instalments"], actor=judge)
    revisions = list(AssessmentRevision.objects.filter(assessment__case=enterprise_case).order_by("revision"))
    assert [(r.revision, r.template.version, r.score, r.impact_level) for r in revisions] == [
        (1, 1, 18, "medium"), (2, 2, 21, "high")]
    assert revisions[1].tags == ["instalments"]
    assert v2.version == 2 and not AssessmentTemplate.objects.get(pk=v1.pk).is_active
    notes = CaseEvent.objects.filter(case=enterprise_case, kind=CaseEventKind.NOTE).count()
    assert notes == 2
    assert list(AuditEvent.objects.filter(case_id=enterprise_case.pk).values_list("action", flat=True)
                .order_by("id")) == ["assessments.assessment_completed", "assessments.assessment_completed"]


def test_invalid_submission_writes_nothing(enterprise_case):
    with pytest.raises(DomainError) as refused:
        services.assessment_submit(case_id=enterprise_case.pk, stage="trial", answers={"employees": "3"},
                                   actor=enterprise_case.judge)
    assert refused.value.code == "ASSESSMENT_ANSWER_MISSING"
    assert not Assessment.objects.exists() and not AssessmentRevision.objects.exists()
    assert not CaseEvent.objects.exists() and not AuditEvent.objects.exists()


def test_non_enterprise_case_and_outsiders_are_refused(enterprise_case):
    plain = CaseFactory(is_enterprise_involved=False)
    with pytest.raises(DomainError) as refused:
        services.assessment_submit(case_id=plain.pk, stage="trial", answers=FULL, actor=plain.judge)
    assert refused.value.code == "ASSESSMENT_NOT_ENTERPRISE_CASE"
    other_judge = UserFactory(role=Role.JUDGE, department=DepartmentFactory(kind=DepartmentKind.CRIMINAL))
    with pytest.raises(DomainError) as hidden:
        services.assessment_submit(case_id=enterprise_case.pk, stage="trial", answers=FULL, actor=other_judge)
    assert hidden.value.status == 404
    assert not Assessment.objects.exists()


def test_only_trial_management_publishes_templates(enterprise_case):
    with pytest.raises(DomainError) as refused:
        services.template_publish(stage="trial", title="x", questions=[{"code": "a", "text": "b", "kind": "text"}],
                                  medium_from=1, high_from=2, gated_actions=[], actor=enterprise_case.judge)
    assert refused.value.status == 403
    assert AssessmentTemplate.objects.count() == 7  # six court stages + one administrative


def test_statistics_on_a_hand_built_set(enterprise_case):
    judge = enterprise_case.judge
    second = CaseFactory(is_enterprise_involved=True, department=enterprise_case.department, judge=judge)
    services.assessment_submit(case_id=enterprise_case.pk, stage="preservation", answers=FULL,
                               tags=["use_preserving_seal", "working_capital_reserved"], actor=judge)
    services.assessment_submit(case_id=second.pk, stage="preservation",
                               answers={**FULL, "jobs_effect": "serious", "supply_chain_effect": "serious",
                                        "failure_risk": "high"}, tags=["use_preserving_seal"], actor=judge)
    services.assessment_mark_not_applicable(case_id=second.pk, stage="publicity", reason="不公开", actor=judge)
    assessment_gate(case=enterprise_case, action="preservation.order", actor=judge)
    stats = selectors.assessment_statistics()
    assert stats["total"] == 3
    assert {r["key"]: r["count"] for r in stats["by_stage"]} == {"preservation": 2, "publicity": 1}
    assert {r["key"]: r["count"] for r in stats["by_impact_level"]} == {"medium": 1, "high": 1, "": 1}
    assert {r["key"]: r["count"] for r in stats["by_tag"]} == {"use_preserving_seal": 2,
                                                               "working_capital_reserved": 1}
    assert stats["by_department"][0]["count"] == 3
    assert (stats["gated_actions"], stats["gated_actions_without_assessment"]) == (1, 0)


def test_sample_is_the_same_for_the_same_seed(enterprise_case):
    tm = UserFactory(role=Role.TRIAL_MANAGEMENT)
    judge = enterprise_case.judge
    for _ in range(6):
        c = CaseFactory(is_enterprise_involved=True, department=enterprise_case.department, judge=judge)
        services.assessment_submit(case_id=c.pk, stage="trial", answers=FULL, actor=judge)
    from yingshang.core.clock import court_today
    today = court_today()
    a = services.sample_draw(period_start=date(2020, 1, 1), period_end=today, size=3, seed="2026Q4", actor=tm)
    b = services.sample_draw(period_start=date(2020, 1, 1), period_end=today, size=3, seed="2026Q4", actor=tm)
    ids = lambda s: sorted(SampleItem.objects.filter(sample=s).values_list("assessment_id", flat=True))  # noqa: E731
    assert len(ids(a)) == 3 and ids(a) == ids(b)
    item = SampleItem.objects.filter(sample=a).first()
    reviewed = services.sample_item_review(item_id=item.pk, comments="分析充分",
                                           checklist={"substantive": 35, "alternatives": 15, "mitigation": 20,
                                                      "timeliness": 10}, actor=tm)
    assert reviewed.quality_score == 80
    with pytest.raises(DomainError):
        services.sample_item_review(item_id=item.pk, comments="", actor=tm,
                                    checklist={"substantive": 41, "alternatives": 0, "mitigation": 0,
                                               "timeliness": 0})
    with pytest.raises(DomainError) as refused:
        services.sample_draw(period_start=date(2020, 1, 1), period_end=today, size=3, seed="x", actor=judge)
    assert refused.value.status == 403


def test_typical_case_is_anonymised_approved_and_published(enterprise_case):
    judge = enterprise_case.judge
    typical = services.typical_case_nominate(
        case_id=enterprise_case.pk, kind="good", title="咸丰县明珠茶业有限公司活封案",
        text="对咸丰县明珠茶业有限公司（91422826MA0000003T）厂房采取活封措施。", actor=judge)
    assert typical.title == "当事人A活封案"
    assert typical.text == "对当事人A（[信用代码已隐去]）厂房采取活封措施。"
    with pytest.raises(DomainError):
        services.typical_case_advance(typical_id=typical.pk, actor=judge)
    president = UserFactory(role=Role.PRESIDENT)
    assert services.typical_case_advance(typical_id=typical.pk, actor=president).status == "approved"
    assert services.typical_case_advance(typical_id=typical.pk, actor=president).status == "published"
    assert TypicalCase.objects.get().published_on is not None
