"""Services and reads for the assessment in administrative enforcement (plan measure 12): agencies record their
decisions against enterprises and assess them with their own templates (domain "administrative"); the
administrative tribunal publishes guidance notes and records trainings. Audited like every write."""

from datetime import date

from django.db import transaction
from django.db.models import Max

from yingshang.assessments import domain
from yingshang.assessments.errors import AssessmentError
from yingshang.assessments.models import (
    AdministrativeAssessment, AdministrativeDecision, Agency, AssessmentTemplate, GuidanceNote, TemplateDomain,
    TrainingRecord,
)
from yingshang.assessments.permissions import agencies_of, is_administrative_tribunal, require_administrative_tribunal
from yingshang.audit.services import audit_record
from yingshang.cases.choices import OrganisationKind
from yingshang.cases.services import PartyInput, party_resolve
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, NotFound, PermissionDenied


def decisions_for_user(user):
    """Agency staff see their agencies' decisions; the tribunal and 审管办 see all."""
    qs = AdministrativeDecision.objects.select_related("agency", "enterprise")
    if is_administrative_tribunal(user):
        return qs
    return qs.filter(agency__in=agencies_of(user))


@transaction.atomic
def decision_record(*, agency_id: int, number: str, enterprise_name: str, credit_code: str, measure: str,
                    decided_on: date, actor) -> AdministrativeDecision:
    agency = agencies_of(actor).filter(pk=agency_id).first()
    if agency is None:
        raise PermissionDenied("ASSESSMENT_AGENCY_DENIED", "您不是该行政执法机关的工作人员")
    if not number.strip() or not measure.strip():
        raise DomainError("ASSESSMENT_DECISION_INCOMPLETE", "决定书文号和执法措施不能为空")
    if decided_on > court_today():
        raise DomainError("ASSESSMENT_DECISION_DATE", "决定日期不能晚于今天")
    if AdministrativeDecision.objects.filter(agency=agency, number=number.strip()).exists():
        raise DomainError("ASSESSMENT_DECISION_EXISTS", "该决定书文号已登记", status=409)
    enterprise, _ = party_resolve(PartyInput(kind="organisation", name=enterprise_name, role="respondent",
                                             credit_code=credit_code,
                                             organisation_kind=OrganisationKind.ENTERPRISE))
    decision = AdministrativeDecision.objects.create(agency=agency, number=number.strip(), enterprise=enterprise,
                                                     measure=measure.strip(), decided_on=decided_on,
                                                     created_by=actor)
    audit_record(actor=actor, action="assessments.admin_decision_recorded", target=decision,
                 after={"agency": agency.name, "number": decision.number, "enterprise": enterprise.name})
    return decision


@transaction.atomic
def decision_assess(*, decision_id: int, answers: dict, tags: list[str], actor) -> AdministrativeAssessment:
    decision = decisions_for_user(actor).select_for_update().filter(pk=decision_id).first()
    if decision is None or decision.agency not in agencies_of(actor):
        raise NotFound("ASSESSMENT_DECISION_NOT_FOUND", "未找到该执法决定，或您无权填写")
    template = AssessmentTemplate.objects.filter(domain=TemplateDomain.ADMINISTRATIVE, is_active=True).first()
    if template is None:
        raise DomainError(AssessmentError.NO_ACTIVE_TEMPLATE, "尚未发布行政执法经济影响评估模板，请联系行政审判庭")
    scored = domain.score_answers(domain.template_spec(template.questions, template.medium_from, template.high_from),
                                  answers)
    revision = (decision.assessments.aggregate(r=Max("revision"))["r"] or 0) + 1
    row = AdministrativeAssessment.objects.create(
        decision=decision, revision=revision, template=template, answers=scored.answers, score=scored.score,
        impact_level=scored.impact_level, tags=domain.check_tags(tags), recorded_by=actor, recorded_at=court_now())
    audit_record(actor=actor, action="assessments.admin_decision_assessed", target=row,
                 after={"decision": decision.number, "revision": revision, "impact_level": scored.impact_level})
    return row


@transaction.atomic
def guidance_publish(*, title: str, body: str, actor) -> GuidanceNote:
    require_administrative_tribunal(actor)
    if not title.strip() or not body.strip():
        raise DomainError("ASSESSMENT_GUIDANCE_EMPTY", "标题和正文不能为空")
    note = GuidanceNote.objects.create(title=title.strip(), body=body.strip(), published_on=court_today(),
                                       author=actor)
    audit_record(actor=actor, action="assessments.guidance_published", target=note, after={"title": note.title})
    return note


@transaction.atomic
def training_record(*, held_on: date, topic: str, agency_ids: list[int], attendees: int, actor) -> TrainingRecord:
    require_administrative_tribunal(actor)
    agencies = list(Agency.objects.filter(pk__in=agency_ids))
    if not topic.strip() or attendees < 1 or len(agencies) != len(set(agency_ids)) or not agencies:
        raise DomainError("ASSESSMENT_TRAINING_INVALID", "请填写培训主题、参训机关和参训人数（正整数）")
    record = TrainingRecord.objects.create(held_on=held_on, topic=topic.strip(), attendees=attendees, trainer=actor)
    record.agencies.set(agencies)
    audit_record(actor=actor, action="assessments.training_recorded", target=record,
                 after={"topic": record.topic, "agencies": [a.name for a in agencies], "attendees": attendees})
    return record
