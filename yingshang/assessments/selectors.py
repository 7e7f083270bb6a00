"""Reads for assessments: a case's stages side by side, statistics (可统计), samples."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from yingshang.assessments.choices import AssessmentStatus, GateOutcome, ImpactLevel, MeasureTag, Stage
from yingshang.assessments.models import Assessment, AssessmentRevision, AssessmentTemplate, GateCheck, TemplateDomain
from yingshang.cases.models import Case


def assessments_for_case(*, case: Case) -> list[dict]:
    """Every stage side by side: the current assessment (or none) with its versions."""
    current = {a.stage: a for a in Assessment.objects.filter(case=case).select_related("template", "completed_by")}
    revisions: dict[int, list] = {}
    for rev in (AssessmentRevision.objects.filter(assessment__case=case).select_related("recorded_by", "template")
                .order_by("revision")):
        revisions.setdefault(rev.assessment_id, []).append(rev)
    return [{"stage": stage, "stage_label": label, "assessment": current.get(stage),
             "revisions": revisions.get(current[stage].pk, []) if stage in current else []}
            for stage, label in Stage.choices]


def active_templates(domain_kind: str = TemplateDomain.COURT):
    return AssessmentTemplate.objects.filter(domain=domain_kind, is_active=True).order_by("stage")


def template_for_stage(stage: str) -> AssessmentTemplate | None:
    return AssessmentTemplate.objects.filter(domain=TemplateDomain.COURT, stage=stage, is_active=True).first()


@dataclass
class StatsFilter:
    date_from: date | None = None
    date_to: date | None = None
    department_id: int | None = None


def assessment_statistics(*, filters: StatsFilter | None = None) -> dict:
    """Counts and shares by stage, department, judge, impact level and measure adopted (可统计), and the
    gated actions on enterprise cases that passed without an assessment (should be none)."""
    f = filters or StatsFilter()
    qs = Assessment.objects.all()
    gates = GateCheck.objects.all()
    if f.date_from:
        qs = qs.filter(completed_at__date__gte=f.date_from)
        gates = gates.filter(checked_at__date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(completed_at__date__lte=f.date_to)
        gates = gates.filter(checked_at__date__lte=f.date_to)
    if f.department_id:
        qs = qs.filter(case__department_id=f.department_id)
        gates = gates.filter(case__department_id=f.department_id)
    total = qs.count()

    def rows(field, labels=None):
        out = []
        for row in qs.values(field).annotate(n=Count("id")).order_by("-n", field):
            key = row[field]
            out.append({"key": key, "label": (labels or {}).get(key, key or "—"), "count": row["n"],
                        "share": round(row["n"] / total, 4) if total else None})
        return out

    tags = Counter(tag for tag_list in qs.filter(status=AssessmentStatus.COMPLETED).values_list("tags", flat=True)
                   for tag in (tag_list or []))
    tag_labels = dict(MeasureTag.choices)
    enterprise_gates = gates.filter(case__is_enterprise_involved=True)
    return {
        "total": total,
        "by_stage": rows("stage", dict(Stage.choices)),
        "by_status": rows("status", dict(AssessmentStatus.choices)),
        "by_impact_level": rows("impact_level", {**dict(ImpactLevel.choices), "": "—"}),
        "by_department": rows("case__department__name"),
        "by_judge": rows("case__judge__display_name"),
        "by_tag": [{"key": k, "label": tag_labels.get(k, k), "count": n} for k, n in tags.most_common()],
        "gated_actions": enterprise_gates.count(),
        "gated_actions_without_assessment": enterprise_gates.filter(assessment__isnull=True).count(),
        "gated_actions_not_applicable": enterprise_gates.filter(outcome=GateOutcome.NOT_APPLICABLE).count(),
    }


def enterprise_cases_missing_stage(*, stage: str):
    """Open enterprise cases that have no assessment for a stage — a worklist for judges and 审管办."""
    has = Assessment.objects.filter(case=OuterRef("pk"), stage=stage)
    return Case.objects.open().filter(is_enterprise_involved=True).filter(~Q(Exists(has)))
