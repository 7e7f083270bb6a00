"""Pages: the case panel (stages side by side), the stage form, statistics, typical cases."""

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from yingshang.assessments import administrative, selectors, services
from yingshang.assessments.choices import MeasureTag, Stage
from yingshang.assessments.models import (
    AssessmentTemplate, GuidanceNote, SampleAudit, TemplateDomain, TrainingRecord, TypicalCase, TypicalCaseStatus,
)
from yingshang.assessments.permissions import agencies_of, is_administrative_tribunal, is_supervisor
from yingshang.cases.permissions import access_case
from yingshang.core.errors import DomainError, NotFound
from yingshang.core.excel import Sheet, excel_response, workbook
from yingshang.core.pdf import render_pdf


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


@login_required
def statistics_export(request):
    if not is_supervisor(request.user):
        raise Http404("无权查看")
    stats = selectors.assessment_statistics()
    sheets = [Sheet(title, ["分类", "件数", "占比"],
                    [[r["label"], r["count"], f"{r['share'] * 100:.1f}%" if r.get("share") is not None else "—"]
                     for r in stats[key]])
              for title, key in (("按环节", "by_stage"), ("按影响程度", "by_impact_level"), ("按部门", "by_department"),
                                 ("按法官", "by_judge"), ("按状态", "by_status"))]
    sheets.append(Sheet("按采取的措施", ["措施", "件数"], [[r["label"], r["count"]] for r in stats["by_tag"]]))
    sheets.append(Sheet("关口操作", ["项目", "数量"], [["涉企关口操作", stats["gated_actions"]],
                                                 ["其中未经评估", stats["gated_actions_without_assessment"]],
                                                 ["经说明不适用", stats["gated_actions_not_applicable"]]]))
    return excel_response(workbook(sheets), "涉企案件经济影响评估统计.xlsx")


@login_required
def samples_page(request):
    if not is_supervisor(request.user):
        raise Http404("无权查看")
    error = None
    if request.method == "POST":
        try:
            sample = services.sample_draw(period_start=date.fromisoformat(request.POST.get("period_start", "")),
                                          period_end=date.fromisoformat(request.POST.get("period_end", "")),
                                          size=int(request.POST.get("size", "0") or 0),
                                          seed=request.POST.get("seed", "").strip() or "default", actor=request.user)
            return redirect("assessments:sample", sample.pk)
        except ValueError:
            error = "日期应为 YYYY-MM-DD，数量应为正整数"
        except DomainError as exc:
            error = exc.message
    return render(request, "assessments/samples.html",
                  {"samples": SampleAudit.objects.order_by("-id")[:50], "error": error, "values": request.POST})


def _sample_context(sample_id: int) -> dict:
    sample = SampleAudit.objects.filter(pk=sample_id).first()
    if sample is None:
        raise Http404("抽查批次不存在")
    items = list(sample.items.select_related("assessment__case", "reviewer").order_by("department_name", "id"))
    scored = [i.quality_score for i in items if i.quality_score is not None]
    return {"sample": sample, "items": items, "checklist": services.REVIEW_CHECKLIST,
            "average": round(sum(scored) / len(scored), 1) if scored else None, "reviewed": len(scored)}


@login_required
def sample_page(request, sample_id: int):
    if not is_supervisor(request.user):
        raise Http404("无权查看")
    context = _sample_context(sample_id)
    if request.method == "POST":
        try:
            checklist = {code: int(request.POST.get(code, "")) for code, _, _ in services.REVIEW_CHECKLIST}
            services.sample_item_review(item_id=int(request.POST["item_id"]), checklist=checklist,
                                        comments=request.POST.get("comments", ""), actor=request.user)
            messages.success(request, "评查结果已保存")
            return redirect("assessments:sample", sample_id)
        except (ValueError, KeyError):
            messages.error(request, "各评查项应填写整数分值")
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "assessments/sample.html", context)


@login_required
def sample_pdf(request, sample_id: int):
    if not is_supervisor(request.user):
        raise Http404("无权查看")
    context = _sample_context(sample_id)
    pdf = render_pdf("assessments/sample_report_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=assessment-sample-{sample_id}.pdf"
    return response


@login_required
def agency_page(request):
    user = request.user
    agencies = list(agencies_of(user))
    if not agencies and not is_administrative_tribunal(user):
        raise Http404("仅限行政执法机关工作人员和行政审判庭")
    error = None
    if request.method == "POST":
        try:
            administrative.decision_record(
                agency_id=int(request.POST.get("agency_id", "0")), number=request.POST.get("number", ""),
                enterprise_name=request.POST.get("enterprise_name", ""),
                credit_code=request.POST.get("credit_code", ""), measure=request.POST.get("measure", ""),
                decided_on=date.fromisoformat(request.POST.get("decided_on", "")), actor=user)
            messages.success(request, "执法决定已登记，请填写经济影响评估")
            return redirect("assessments:agency")
        except ValueError:
            error = "决定日期应为有效日期"
        except DomainError as exc:
            error = exc.message
    return render(request, "assessments/agency.html", {
        "agencies": agencies, "error": error, "values": request.POST,
        "decisions": administrative.decisions_for_user(user).prefetch_related("assessments"),
        "guidance": GuidanceNote.objects.all()[:20], "trainings": TrainingRecord.objects.prefetch_related("agencies")[:20]})


@login_required
def agency_assess(request, decision_id: int):
    decision = administrative.decisions_for_user(request.user).filter(pk=decision_id).first()
    if decision is None or not agencies_of(request.user).filter(pk=decision.agency_id).exists():
        raise Http404("未找到该执法决定，或您无权填写")
    template = AssessmentTemplate.objects.filter(domain=TemplateDomain.ADMINISTRATIVE, is_active=True).first()
    latest = decision.assessments.order_by("-revision").first()
    error, typed = None, {}
    if request.method == "POST":
        typed = {k: v for k, v in request.POST.items() if k.startswith("q_")}
        try:
            administrative.decision_assess(decision_id=decision.pk, answers={k[2:]: v for k, v in typed.items() if v},
                                           tags=request.POST.getlist("tags"), actor=request.user)
            messages.success(request, "评估已保存")
            return redirect("assessments:agency")
        except DomainError as exc:
            error = exc
    previous = latest.answers if latest else {}
    return render(request, "assessments/agency_assess.html", {
        "decision": decision, "template": template, "error": error, "tags": MeasureTag.choices,
        "values": {**{f"q_{k}": str(v) for k, v in previous.items()}, **typed},
        "selected_tags": request.POST.getlist("tags") if request.method == "POST" else (latest.tags if latest else [])})
