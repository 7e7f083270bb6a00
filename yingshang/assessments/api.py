"""/api/v1 — impact assessments per case, templates, statistics, sampling, typical cases. Thin."""

from datetime import date

from ninja import Router, Schema, Status

from yingshang.assessments import administrative, selectors, services
from yingshang.assessments.choices import ImpactLevel, Stage
from yingshang.assessments.models import GuidanceNote, SampleAudit, TypicalCase, TypicalCaseStatus
from yingshang.assessments.permissions import require_supervisor
from yingshang.assessments.schemas import (
    AssessmentIn, NotApplicableIn, ReviewIn, SampleIn, SampleOut, StageOut, TagsIn, TemplateIn, TemplateOut,
    TypicalIn, TypicalOut,
)
from yingshang.cases.permissions import access_case
from yingshang.core.errors import NotFound

router = Router(tags=["assessments 涉企经济影响评估"])
PREFIX = "/"


def _stage_out(row: dict) -> dict:
    a = row["assessment"]
    return {
        "stage": row["stage"], "stage_label": row["stage_label"],
        "status": a.status if a else None, "status_label": a.get_status_display() if a else None,
        "impact_level": a.impact_level if a else None,
        "impact_level_label": ImpactLevel(a.impact_level).label if a and a.impact_level else None,
        "score": a.score if a else None, "tags": a.tags if a else [],
        "not_applicable_reason": a.not_applicable_reason if a else "", "revision": a.revision if a else None,
        "revisions": [{"revision": r.revision, "status": r.status,
                       "template_version": r.template.version if r.template_id else None, "answers": r.answers,
                       "score": r.score, "impact_level": r.impact_level, "tags": r.tags, "reason": r.reason,
                       "recorded_by": str(r.recorded_by), "recorded_at": r.recorded_at} for r in row["revisions"]],
    }


def _template_out(t) -> dict:
    return {"id": t.pk, "stage": t.stage, "stage_label": t.get_stage_display(), "version": t.version,
            "title": t.title, "guidance": t.guidance, "questions": t.questions, "medium_from": t.medium_from,
            "high_from": t.high_from, "gated_actions": t.gated_actions, "is_active": t.is_active}


@router.get("/cases/{case_id}/assessments", response=list[StageOut], summary="案件各环节经济影响评估")
def case_assessments(request, case_id: int):
    """Every stage side by side with all versions (internal file: court staff only)."""
    case = access_case(request.user, case_id)
    if not request.user.is_court_staff and not request.user.is_superuser:
        raise NotFound("CASE_NOT_FOUND", "未找到该案件，或您无权查看")
    return [_stage_out(row) for row in selectors.assessments_for_case(case=case)]


def _one(request, case_id, stage):
    case = access_case(request.user, case_id)
    return next(_stage_out(r) for r in selectors.assessments_for_case(case=case) if r["stage"] == stage)


@router.put("/cases/{case_id}/assessments/{stage}", response=StageOut, summary="填写/修订评估")
def submit(request, case_id: int, stage: Stage, payload: AssessmentIn):
    services.assessment_submit(case_id=case_id, stage=stage, answers=payload.answers,
                               tags=[str(t) for t in payload.tags], actor=request.user)
    return _one(request, case_id, stage)


@router.post("/cases/{case_id}/assessments/{stage}/not-applicable", response=StageOut, summary="标记不适用（须说明理由）")
def not_applicable(request, case_id: int, stage: Stage, payload: NotApplicableIn):
    services.assessment_mark_not_applicable(case_id=case_id, stage=stage, reason=payload.reason, actor=request.user)
    return _one(request, case_id, stage)


@router.put("/cases/{case_id}/assessments/{stage}/tags", response=StageOut, summary="标注采取的措施")
def set_tags(request, case_id: int, stage: Stage, payload: TagsIn):
    services.assessment_tags_set(case_id=case_id, stage=stage, tags=[str(t) for t in payload.tags],
                                 actor=request.user)
    return _one(request, case_id, stage)


@router.get("/assessment-templates", response=list[TemplateOut], summary="现行评估模板")
def templates(request):
    return [_template_out(t) for t in selectors.active_templates()]


@router.post("/assessment-templates", response={201: TemplateOut}, summary="发布评估模板新版本（审管办）")
def publish_template(request, payload: TemplateIn):
    t = services.template_publish(stage=payload.stage, title=payload.title, guidance=payload.guidance,
                                  questions=payload.questions, medium_from=payload.medium_from,
                                  high_from=payload.high_from, gated_actions=payload.gated_actions,
                                  actor=request.user)
    return Status(201, _template_out(t))


@router.get("/assessment-statistics", summary="评估统计（可统计）")
def statistics(request, date_from: date | None = None, date_to: date | None = None,
               department_id: int | None = None):
    require_supervisor(request.user)
    return selectors.assessment_statistics(filters=selectors.StatsFilter(date_from, date_to, department_id))


def _sample_out(sample: SampleAudit) -> dict:
    return {"id": sample.pk, "period_start": sample.period_start, "period_end": sample.period_end,
            "size": sample.size, "seed": sample.seed,
            "items": [{"id": i.pk, "assessment_id": i.assessment_id, "case_number": i.assessment.case.case_number,
                       "stage": i.assessment.stage, "department_name": i.department_name,
                       "quality_score": i.quality_score}
                      for i in sample.items.select_related("assessment__case")]}


@router.post("/assessment-samples", response={201: SampleOut}, summary="抽取评查样本（可复现）")
def draw_sample(request, payload: SampleIn):
    sample = services.sample_draw(period_start=payload.period_start, period_end=payload.period_end,
                                  size=payload.size, seed=payload.seed, actor=request.user)
    return Status(201, _sample_out(sample))


@router.get("/assessment-samples/{sample_id}", response=SampleOut, summary="抽查批次")
def get_sample(request, sample_id: int):
    require_supervisor(request.user)
    sample = SampleAudit.objects.filter(pk=sample_id).first()
    if sample is None:
        raise NotFound("SAMPLE_NOT_FOUND", "抽查批次不存在")
    return _sample_out(sample)


@router.post("/assessment-sample-items/{item_id}/review", summary="评查打分")
def review_item(request, item_id: int, payload: ReviewIn):
    item = services.sample_item_review(item_id=item_id, checklist=payload.checklist, comments=payload.comments,
                                       actor=request.user)
    return {"id": item.pk, "quality_score": item.quality_score, "checklist": item.checklist}


def _typical_out(t: TypicalCase) -> dict:
    return {"id": t.pk, "kind": t.kind, "title": t.title, "text": t.text, "status": t.status,
            "published_on": t.published_on}


@router.post("/typical-cases", response={201: TypicalOut}, summary="推荐正反典型案例（自动隐名）")
def nominate(request, payload: TypicalIn):
    t = services.typical_case_nominate(case_id=payload.case_id, kind=payload.kind, title=payload.title,
                                       text=payload.text, actor=request.user)
    return Status(201, _typical_out(t))


@router.post("/typical-cases/{typical_id}/advance", response=TypicalOut, summary="审定 / 发布典型案例")
def advance(request, typical_id: int):
    return _typical_out(services.typical_case_advance(typical_id=typical_id, actor=request.user))


@router.get("/typical-cases", response=list[TypicalOut], auth=None, summary="已发布的典型案例（公开）")
def published(request):
    return [_typical_out(t) for t in TypicalCase.objects.filter(status=TypicalCaseStatus.PUBLISHED)]


# --- Administrative enforcement (measure 12) ---------------------------------------------------------------

class DecisionIn(Schema):
    agency_id: int
    number: str
    enterprise_name: str
    credit_code: str
    measure: str
    decided_on: date


class DecisionOut(Schema):
    id: int
    agency: str
    number: str
    enterprise: str
    measure: str
    decided_on: date
    impact_level: str | None
    revision: int | None


class GuidanceIn(Schema):
    title: str
    body: str


class TrainingIn(Schema):
    held_on: date
    topic: str
    agency_ids: list[int]
    attendees: int


def _decision_out(d) -> dict:
    latest = d.assessments.order_by("-revision").first()
    return {"id": d.pk, "agency": d.agency.name, "number": d.number, "enterprise": d.enterprise.name,
            "measure": d.measure, "decided_on": d.decided_on,
            "impact_level": latest.impact_level if latest else None, "revision": latest.revision if latest else None}


@router.get("/administrative-decisions", response=list[DecisionOut], summary="行政执法决定（本机关 / 行政审判庭）")
def list_decisions(request):
    return [_decision_out(d) for d in administrative.decisions_for_user(request.user)]


@router.post("/administrative-decisions", response={201: DecisionOut}, summary="登记涉企行政执法决定")
def create_decision(request, payload: DecisionIn):
    d = administrative.decision_record(actor=request.user, **payload.dict())
    return Status(201, _decision_out(d))


@router.put("/administrative-decisions/{decision_id}/assessment", response=DecisionOut, summary="填写行政执法经济影响评估")
def assess_decision(request, decision_id: int, payload: AssessmentIn):
    row = administrative.decision_assess(decision_id=decision_id, answers=payload.answers,
                                         tags=[str(t) for t in payload.tags], actor=request.user)
    return _decision_out(row.decision)


@router.get("/enforcement-guidance", auth=None, summary="行政执法指导意见（公开）")
def list_guidance(request):
    return [{"id": g.pk, "title": g.title, "body": g.body, "published_on": g.published_on}
            for g in GuidanceNote.objects.all()]


@router.post("/enforcement-guidance", response={201: dict}, summary="发布行政执法指导意见（行政审判庭）")
def publish_guidance(request, payload: GuidanceIn):
    g = administrative.guidance_publish(title=payload.title, body=payload.body, actor=request.user)
    return Status(201, {"id": g.pk, "title": g.title, "published_on": g.published_on.isoformat()})


@router.post("/enforcement-trainings", response={201: dict}, summary="登记行政执法培训（行政审判庭）")
def record_training(request, payload: TrainingIn):
    t = administrative.training_record(actor=request.user, **payload.dict())
    return Status(201, {"id": t.pk, "topic": t.topic, "attendees": t.attendees})
