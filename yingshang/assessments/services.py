"""Writes for the impact assessment: templates, assessments and their versions, samples, typical cases.

Every write is audited and, for a case, leaves a timeline note — the trace in the internal file (副卷)."""

from datetime import date

from django.db import transaction
from django.db.models import Max

from yingshang.assessments import domain
from yingshang.assessments.choices import AssessmentStatus, Stage
from yingshang.assessments.errors import AssessmentError
from yingshang.assessments.models import (
    Assessment, AssessmentRevision, AssessmentTemplate, SampleAudit, SampleItem, TemplateDomain, TypicalCase,
    TypicalCaseKind, TypicalCaseStatus,
)
from yingshang.assessments.permissions import (
    require_administrative_tribunal, require_approver, require_supervisor, require_template_editor,
)
from yingshang.audit.services import audit_record
from yingshang.cases.choices import CaseEventKind
from yingshang.cases.models import Case, Party
from yingshang.cases.permissions import access_case, access_case_for_write
from yingshang.cases.services import case_event_write
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, NotFound

# The review checklist for sampled assessments: (code, label, maximum points). Court practice, editable here.
REVIEW_CHECKLIST = (
    ("substantive", "实质性分析经营影响", 40),
    ("alternatives", "考虑了影响更小的替代措施", 20),
    ("mitigation", "落实了减损措施", 20),
    ("timeliness", "在该环节操作前及时填写", 20),
)


@transaction.atomic
def template_publish(*, stage: str, title: str, questions: list[dict], medium_from: int, high_from: int,
                     gated_actions: list[str], actor, guidance: str = "",
                     domain_kind: str = TemplateDomain.COURT) -> AssessmentTemplate:
    """Publish a new version of a stage's template (审管办; for administrative enforcement also the administrative
    tribunal); the previous version stays for old assessments but is no longer active.
    Audit: assessments.template_published."""
    if domain_kind == TemplateDomain.ADMINISTRATIVE:
        require_administrative_tribunal(actor)
    else:
        require_template_editor(actor)
    if stage not in Stage.values:
        raise DomainError(AssessmentError.TEMPLATE_INVALID, "评估环节不正确", {"stage": stage})
    domain.template_spec(questions, medium_from, high_from)
    actions = [str(a).strip() for a in gated_actions if str(a).strip()]
    previous = (AssessmentTemplate.objects.select_for_update()
                .filter(domain=domain_kind, stage=stage, is_active=True).first())
    version = (AssessmentTemplate.objects.filter(domain=domain_kind, stage=stage)
               .aggregate(v=Max("version"))["v"] or 0) + 1
    if previous:
        previous.is_active = False
        previous.save(update_fields=["is_active", "updated_at"])
    template = AssessmentTemplate.objects.create(
        stage=stage, domain=domain_kind, version=version, title=title, guidance=guidance, questions=questions,
        medium_from=medium_from, high_from=high_from, gated_actions=actions, is_active=True, created_by=actor)
    audit_record(actor=actor, action="assessments.template_published", target=template,
                 before={"active_version": previous.version if previous else None},
                 after={"stage": stage, "version": version, "gated_actions": actions})
    return template


def _active_template(stage: str) -> AssessmentTemplate:
    template = AssessmentTemplate.objects.filter(domain=TemplateDomain.COURT, stage=stage, is_active=True).first()
    if template is None:
        raise DomainError(AssessmentError.NO_ACTIVE_TEMPLATE, f"「{Stage(stage).label}」环节没有现行评估模板",
                          {"stage": stage})
    return template


def _enterprise_case_for_write(actor, case_id) -> Case:
    case = access_case_for_write(actor, case_id)
    if not case.is_enterprise_involved:
        raise DomainError(AssessmentError.NOT_ENTERPRISE_CASE, "本案不是涉企案件，无需经济影响评估",
                          {"case_id": case.pk})
    return case


def _save_revision(*, case: Case, stage: str, status: str, template, answers: dict, score: int, impact_level: str,
                   tags: list[str], reason: str, actor) -> Assessment:
    now = court_now()
    assessment = Assessment.objects.select_for_update().filter(case=case, stage=stage).first()
    before = None
    if assessment is None:
        assessment = Assessment(case=case, stage=stage, revision=1)
    else:
        before = {"status": assessment.status, "revision": assessment.revision, "score": assessment.score,
                  "impact_level": assessment.impact_level, "tags": assessment.tags}
        assessment.revision += 1
    assessment.status, assessment.template = status, template
    assessment.answers, assessment.score, assessment.impact_level = answers, score, impact_level
    assessment.tags = tags
    assessment.not_applicable_reason = reason if status == AssessmentStatus.NOT_APPLICABLE else ""
    assessment.completed_by, assessment.completed_at = actor, now
    assessment.save()
    AssessmentRevision.objects.create(
        assessment=assessment, revision=assessment.revision, template=template, status=status, answers=answers,
        score=score, impact_level=impact_level, tags=tags, reason=reason, recorded_by=actor, recorded_at=now)
    label = Stage(stage).label
    note = (f"「{label}」环节涉企经济影响评估（第{assessment.revision}版）：影响{assessment.get_impact_level_display()}"
            if status == AssessmentStatus.COMPLETED else f"「{label}」环节经济影响评估标记为不适用：{reason}")
    case_event_write(case=case, kind=CaseEventKind.NOTE, occurred_on=court_today(), actor=actor, description=note,
                     data={"assessment_id": assessment.pk, "stage": stage, "revision": assessment.revision})
    audit_record(actor=actor, action=f"assessments.assessment_{status}", target=assessment, case_id=case.pk,
                 before=before, after={"status": status, "revision": assessment.revision, "score": score,
                                       "impact_level": impact_level, "tags": tags,
                                       "template_version": template.version if template else None},
                 reason=reason)
    return assessment


@transaction.atomic
def assessment_submit(*, case_id: int, stage: str, answers: dict, actor, tags: list[str] | None = None) -> Assessment:
    """Complete (or revise) a stage's assessment with the stage's current template. Every submission is a new
    version (可倒查). Audit: assessments.assessment_completed."""
    case = _enterprise_case_for_write(actor, case_id)
    template = _active_template(stage)
    spec = domain.template_spec(template.questions, template.medium_from, template.high_from)
    scored = domain.score_answers(spec, answers)
    clean_tags = domain.check_tags(tags or [])
    return _save_revision(case=case, stage=stage, status=AssessmentStatus.COMPLETED, template=template,
                          answers=scored.answers, score=scored.score, impact_level=scored.impact_level,
                          tags=clean_tags, reason="", actor=actor)


@transaction.atomic
def assessment_mark_not_applicable(*, case_id: int, stage: str, reason: str, actor) -> Assessment:
    """A judge may mark a stage "not applicable" only with a reason, which is recorded like an assessment."""
    if not (reason or "").strip():
        raise DomainError(AssessmentError.REASON_REQUIRED, "标记「不适用」必须说明理由")
    if stage not in Stage.values:
        raise DomainError(AssessmentError.TEMPLATE_INVALID, "评估环节不正确", {"stage": stage})
    case = _enterprise_case_for_write(actor, case_id)
    return _save_revision(case=case, stage=stage, status=AssessmentStatus.NOT_APPLICABLE, template=None, answers={},
                          score=0, impact_level="", tags=[], reason=reason.strip(), actor=actor)


@transaction.atomic
def assessment_tags_set(*, case_id: int, stage: str, tags: list[str], actor) -> Assessment:
    """Mark what was done (活封, 预留流动资金 …) on an existing assessment; recorded as a new version."""
    case = _enterprise_case_for_write(actor, case_id)
    current = Assessment.objects.filter(case=case, stage=stage).first()
    if current is None or current.status != AssessmentStatus.COMPLETED:
        raise DomainError(AssessmentError.ASSESSMENT_REQUIRED, f"「{Stage(stage).label}」环节尚未完成评估，不能标注",
                          {"stage": stage}, status=409)
    return _save_revision(case=case, stage=stage, status=current.status, template=current.template,
                          answers=current.answers, score=current.score, impact_level=current.impact_level,
                          tags=domain.check_tags(tags), reason="更新标注", actor=actor)


@transaction.atomic
def sample_draw(*, period_start: date, period_end: date, size: int, seed: str, actor) -> SampleAudit:
    """Draw a reproducible stratified sample (by department) of assessments completed in the period."""
    require_supervisor(actor)
    if period_end < period_start:
        raise DomainError("ASSESSMENT_PERIOD_INVALID", "抽查期间的结束日期不能早于开始日期")
    rows = (Assessment.objects.filter(status=AssessmentStatus.COMPLETED,
                                      completed_at__date__gte=period_start, completed_at__date__lte=period_end)
            .values_list("pk", "case__department__name"))
    population: dict[str, list[int]] = {}
    names = {}
    for pk, department in rows:
        population.setdefault(department or "未分案", []).append(pk)
        names[pk] = department or "未分案"
    chosen = domain.stratified_sample(population, size, seed)
    sample = SampleAudit.objects.create(period_start=period_start, period_end=period_end, size=size, seed=seed,
                                        drawn_by=actor)
    SampleItem.objects.bulk_create([SampleItem(sample=sample, assessment_id=pk, department_name=names[pk])
                                    for pk in chosen])
    audit_record(actor=actor, action="assessments.sample_drawn", target=sample,
                 after={"period": [period_start, period_end], "size": size, "seed": seed, "drawn": chosen})
    return sample


@transaction.atomic
def sample_item_review(*, item_id: int, checklist: dict, comments: str, actor) -> SampleItem:
    """Score one sampled assessment against REVIEW_CHECKLIST (each item 0..max)."""
    require_supervisor(actor)
    item = SampleItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFound("SAMPLE_ITEM_NOT_FOUND", "抽查案件不存在")
    clean, total = {}, 0
    for code, label, maximum in REVIEW_CHECKLIST:
        value = checklist.get(code)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            raise DomainError("ASSESSMENT_REVIEW_INVALID", f"「{label}」应为0至{maximum}的整数",
                              {"item": code, "value": value})
        clean[code] = value
        total += value
    before = {"quality_score": item.quality_score}
    item.checklist, item.quality_score, item.comments = clean, total, comments
    item.reviewer, item.reviewed_at = actor, court_now()
    item.save()
    audit_record(actor=actor, action="assessments.sample_reviewed", target=item, before=before,
                 after={"quality_score": total, "checklist": clean})
    return item


@transaction.atomic
def typical_case_nominate(*, case_id: int, kind: str, title: str, text: str, actor) -> TypicalCase:
    """Nominate a good or bad typical case; party names, ID numbers, credit codes and phones are removed."""
    case = access_case(actor, case_id)
    if not actor.is_court_staff:
        raise DomainError("ASSESSMENT_TYPICAL_DENIED", "只有院内人员可以推荐典型案例", status=403)
    if kind not in TypicalCaseKind.values:
        raise DomainError("ASSESSMENT_TYPICAL_KIND", "典型案例类型应为正面或反面")
    if not title.strip() or not text.strip():
        raise DomainError("ASSESSMENT_TYPICAL_EMPTY", "标题和正文不能为空")
    names = list(Party.objects.filter(case_roles__case=case).values_list("name", flat=True))
    typical = TypicalCase.objects.create(case=case, kind=kind, title=domain.anonymise(title, names),
                                         text=domain.anonymise(text, names), nominated_by=actor)
    audit_record(actor=actor, action="assessments.typical_nominated", target=typical, case_id=case.pk,
                 after={"kind": kind, "title": typical.title})
    return typical


@transaction.atomic
def typical_case_advance(*, typical_id: int, actor) -> TypicalCase:
    """nominated → approved (院长/分管院长) → published (审管办 or the approver)."""
    typical = TypicalCase.objects.select_for_update().filter(pk=typical_id).first()
    if typical is None:
        raise NotFound("TYPICAL_NOT_FOUND", "典型案例不存在")
    before = {"status": typical.status}
    if typical.status == TypicalCaseStatus.NOMINATED:
        require_approver(actor)
        typical.status, typical.approved_by = TypicalCaseStatus.APPROVED, actor
    elif typical.status == TypicalCaseStatus.APPROVED:
        require_supervisor(actor)
        typical.status, typical.published_on = TypicalCaseStatus.PUBLISHED, court_today()
    else:
        raise DomainError("TYPICAL_ALREADY_PUBLISHED", "该典型案例已发布", status=409)
    typical.save()
    audit_record(actor=actor, action="assessments.typical_advanced", target=typical, case_id=typical.case_id,
                 before=before, after={"status": typical.status})
    return typical
