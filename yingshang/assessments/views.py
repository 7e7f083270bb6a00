"""Pages: the case panel (stages side by side), the stage form, statistics, typical cases."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from yingshang.assessments import selectors, services
from yingshang.assessments.choices import MeasureTag, Stage
from yingshang.assessments.models import TypicalCase, TypicalCaseStatus
from yingshang.assessments.permissions import is_supervisor
from yingshang.cases.permissions import access_case
from yingshang.core.errors import DomainError, NotFound


def case_panel(request, case):
    """Case-page panel: only for enterprise cases and court staff (the internal file)."""
    if not case.is_enterprise_involved or not (request.user.is_court_staff or request.user.is_superuser):
        return None
    return {"title": "涉企案件经济影响评估（副卷）", "template": "assessments/partials/_case_panel.html",
            "context": {"case": case, "stages": selectors.assessments_for_case(case=case)}}


@login_required
def stage_form(request, case_id: int, stage: str):
    if stage not in Stage.values:
        raise Http404("评估环节不存在")
    try:
        case = access_case(request.user, case_id)
    except NotFound:
        raise Http404("未找到该案件，或您无权查看")
    template = selectors.template_for_stage(stage)
    current = next(r for r in selectors.assessments_for_case(case=case) if r["stage"] == stage)
    error, typed = None, {}
    if request.method == "POST":
        typed = {k: v for k, v in request.POST.items() if k.startswith("q_")}
        try:
            if request.POST.get("not_applicable"):
                services.assessment_mark_not_applicable(case_id=case.pk, stage=stage,
                                                        reason=request.POST.get("reason", ""), actor=request.user)
            else:
                answers = {k[2:]: v for k, v in typed.items() if v != ""}
                services.assessment_submit(case_id=case.pk, stage=stage, answers=answers,
                                           tags=request.POST.getlist("tags"), actor=request.user)
            messages.success(request, f"「{Stage(stage).label}」环节评估已保存")
            return redirect("cases:detail", case.pk)
        except DomainError as exc:
            error = exc
    previous = current["assessment"].answers if current["assessment"] else {}
    return render(request, "assessments/stage_form.html", {
        "case": case, "stage": stage, "stage_label": Stage(stage).label, "template": template,
        "current": current, "error": error, "tags": MeasureTag.choices,
        "values": {**{f"q_{k}": str(v) for k, v in previous.items()}, **typed},
        "selected_tags": request.POST.getlist("tags") if request.method == "POST" else
        (current["assessment"].tags if current["assessment"] else []),
    })


@login_required
def statistics_page(request):
    if not is_supervisor(request.user):
        raise Http404("无权查看")
    stats = selectors.assessment_statistics()
    return render(request, "assessments/statistics.html", {"stats": stats, "stats_json": json.dumps(stats)})


def typical_cases_page(request):
    return render(request, "assessments/typical_cases.html",
                  {"cases": TypicalCase.objects.filter(status=TypicalCaseStatus.PUBLISHED)})
