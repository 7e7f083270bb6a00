"""The gate: the one function other apps call before an action that a stage's template names.

    from yingshang.assessments.gate import assessment_gate
    assessment_gate(case=case, action="preservation.order", actor=actor)   # inside the caller's transaction

On an enterprise-involved case whose active template for some stage lists ``action``, the action may proceed
only if that stage's assessment is completed or marked not applicable with a reason. Otherwise it raises
DomainError ASSESSMENT_REQUIRED (409) naming the missing assessment; the caller must call the gate before it
writes anything, so a refusal leaves no trace. A pass is recorded as a GateCheck (countable). Which actions are
gated is data (AssessmentTemplate.gated_actions), so a new stage or action plugs in without code changes here.
"""

from yingshang.assessments import domain
from yingshang.assessments.choices import GateOutcome, Stage
from yingshang.assessments.errors import AssessmentError
from yingshang.assessments.models import Assessment, AssessmentTemplate, GateCheck, TemplateDomain
from yingshang.core.clock import court_now
from yingshang.core.errors import DomainError


def stage_for_action(action: str) -> str | None:
    for stage, actions in (AssessmentTemplate.objects.filter(domain=TemplateDomain.COURT, is_active=True)
                           .values_list("stage", "gated_actions")):
        if action in (actions or []):
            return stage
    return None


def assessment_gate(*, case, action: str, actor) -> GateCheck:
    """Refuse ``action`` on ``case`` without the stage's assessment; record the pass. See the module docstring."""
    stage = stage_for_action(action)
    assessment = Assessment.objects.filter(case=case, stage=stage).first() if stage else None
    outcome = domain.gate_decision(is_enterprise_involved=case.is_enterprise_involved, stage=stage,
                                   assessment_status=assessment.status if assessment else None)
    if not outcome:
        label = Stage(stage).label
        raise DomainError(AssessmentError.ASSESSMENT_REQUIRED,
                          f"本案为涉企案件，须先完成「{label}」环节的涉企案件经济影响评估（或说明不适用的理由）后才能办理此操作",
                          {"case_id": case.pk, "stage": stage, "stage_label": label, "action": action}, status=409)
    return GateCheck.objects.create(
        case=case, stage=stage or "", action=action, outcome=outcome,
        assessment=assessment if outcome in (GateOutcome.ASSESSED, GateOutcome.NOT_APPLICABLE) else None,
        assessment_revision=assessment.revision if assessment and outcome in (
            GateOutcome.ASSESSED, GateOutcome.NOT_APPLICABLE) else None,
        actor=actor if getattr(actor, "pk", None) else None, checked_at=court_now())
