"""Pages: the list of preservation applications for 立案庭 and judges, the case page's panel (with the staff's forms)
and the POST targets of those forms. Thin: parse, call one service or selector, render or redirect."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yingshang.cases.permissions import can_write_case
from yingshang.cases.selectors import case_parties_list
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.core.excel import Sheet, excel_response, workbook
from yingshang.core.money import fen_to_yuan, yuan_to_fen
from yingshang.core.pagination import PageRequest, paginate
from yingshang.preservation import selectors, services
from yingshang.preservation.choices import (
    ApplicationStatus, LiftReason, MeasureMethod, PreservationKind, PropertyKind, WaiverGround,
)
from yingshang.preservation.permissions import access_application, can_list_court_applications, is_staff


def _date(value: str | None, label: str) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        raise DomainError("PRESERVATION_DATE_INVALID", f"{label}应为有效日期")


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return timezone.make_aware(datetime.fromisoformat(value))
    except ValueError:
        raise DomainError("PRESERVATION_DATE_INVALID", "时间应为有效的日期时间")


def _money(value: str | None) -> int | None:
    return yuan_to_fen(value) if value not in (None, "") else None


# --- Case page panel ---------------------------------------------------------------------------------------------

def case_panel(request, case):
    """The case page's 财产保全 panel: the applications the user may see and, for the case's staff, the forms."""
    applications = list(selectors.applications_for_case(case=case, user=request.user))
    staff = is_staff(request.user)
    if not applications and not staff:
        return None
    can_write = staff and can_write_case(request.user, case)
    return {"title": "财产保全", "template": "preservation/partials/_case_panel.html",
            "context": {"case": case, "applications": applications, "can_write": can_write,
                        "parties": case_parties_list(case=case) if can_write else [],
                        "kinds": PreservationKind.choices, "waiver_grounds": WaiverGround.choices,
                        "property_kinds": PropertyKind.choices, "methods": MeasureMethod.choices,
                        "lift_reasons": LiftReason.choices, "today": court_today()}}


@login_required
@require_POST
def case_action(request, case_id: int):
    """Record a new application from the case page."""
    post = request.POST
    try:
        services.application_create(case_id=case_id, kind=post.get("kind", ""),
                                    applicant_id=int(post.get("applicant_id") or 0),
                                    respondent_id=int(post.get("respondent_id") or 0),
                                    amount_fen=_money(post.get("amount_yuan")) or 0,
                                    costs_fen=_money(post.get("costs_yuan")) or 0,
                                    is_urgent=bool(post.get("is_urgent")), applied_at=_moment(post.get("applied_at")),
                                    performance_ends_on=_date(post.get("performance_ends_on"), "履行期间届满日")
                                    if post.get("performance_ends_on") else None, actor=request.user)
        messages.success(request, "已登记保全申请")
    except ValueError:
        messages.error(request, "提交的数据不正确")
    except PermissionDenied as exc:
        messages.error(request, exc.message)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message)
        messages.error(request, exc.message)
    return redirect("cases:detail", case_id)


@login_required
@require_POST
def application_action(request, application_id: int):
    """POST target of the panel's small forms; one service call each, the refusal shown on the case page."""
    try:
        application = access_application(request.user, application_id)
    except DomainError:
        raise Http404("未找到该保全申请，或您无权查看")
    post, user, action = request.POST, request.user, request.POST.get("action", "")
    try:
        if action == "security":
            services.security_decide(application_id=application.pk, is_required=post.get("is_required") == "1",
                                     security_fen=_money(post.get("security_yuan")),
                                     waiver_ground=post.get("waiver_ground", ""), note=post.get("note", ""),
                                     actor=user)
        elif action == "security_provided":
            services.security_provide(application_id=application.pk, provided_at=_moment(post.get("provided_at")),
                                      actor=user)
        elif action == "ruling":
            services.ruling_make(application_id=application.pk, grant=post.get("grant") == "1",
                                 ruled_on=_date(post.get("ruled_on"), "裁定日期"),
                                 granted_amount_fen=_money(post.get("granted_amount_yuan")),
                                 reason=post.get("reason", ""), actor=user)
        elif action == "measure":
            services.measure_take(application_id=application.pk, property_kind=post.get("property_kind", ""),
                                  method=post.get("method", ""), description=post.get("description", ""),
                                  value_fen=_money(post.get("value_yuan")) or 0,
                                  taken_on=_date(post.get("taken_on"), "采取日期"),
                                  expires_on=_date(post.get("expires_on"), "届满日") if post.get("expires_on") else None,
                                  is_divisible=post.get("is_indivisible") != "1",
                                  is_factory_or_machinery=bool(post.get("is_factory_or_machinery")),
                                  is_live_seal=bool(post.get("is_live_seal")), actor=user)
        elif action == "renewal_request":
            services.renewal_request(measure_id=int(post.get("measure_id") or 0),
                                     requested_on=_date(post.get("requested_on"), "申请日期"), actor=user)
        elif action == "renew":
            services.measure_renew(measure_id=int(post.get("measure_id") or 0),
                                   renewed_on=_date(post.get("renewed_on"), "续行日期"),
                                   new_expires_on=_date(post.get("new_expires_on"), "届满日")
                                   if post.get("new_expires_on") else None, actor=user)
        elif action == "measure_lift":
            services.measure_lift(measure_id=int(post.get("measure_id") or 0), reason=post.get("reason", ""),
                                  lifted_on=_date(post.get("lifted_on"), "解除日期"), actor=user)
        elif action == "release":
            services.excess_release(measure_id=int(post.get("measure_id") or 0),
                                    release_fen=_money(post.get("release_yuan")) or 0,
                                    released_on=_date(post.get("released_on"), "解除日期"), actor=user)
        elif action == "lift":
            services.application_lift(application_id=application.pk, reason=post.get("reason", ""),
                                      lifted_on=_date(post.get("lifted_on"), "解除日期"), actor=user)
        elif action == "suit":
            services.suit_record(application_id=application.pk, filed_on=_date(post.get("filed_on"), "起诉日期"),
                                 actor=user)
        elif action == "enforcement_applied":
            services.enforcement_application_record(application_id=application.pk,
                                                    applied_on=_date(post.get("applied_on"), "申请执行日期"),
                                                    actor=user)
        else:
            raise DomainError("PRESERVATION_ACTION_UNKNOWN", "未知操作")
        messages.success(request, "已保存")
    except ValueError:
        messages.error(request, "提交的数据不正确")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:detail", application.case_id)


# --- The list for 立案庭 and judges ------------------------------------------------------------------------------

def _filtered(request):
    if not can_list_court_applications(request.user):
        raise Http404("页面不存在")
    filters = {"status": request.GET.get("status", ""), "kind": request.GET.get("kind", ""),
               "alert": request.GET.get("alert", ""), "over_limit": request.GET.get("over_limit") == "1"}
    return selectors.applications_list(user=request.user, **filters), filters


@login_required
def application_list(request):
    qs, filters = _filtered(request)
    items, count = paginate(qs, PageRequest.of(request.GET.get("page"), request.GET.get("page_size")))
    return render(request, "preservation/list.html", {
        "items": items, "count": count, **filters, "query": request.GET.urlencode(),
        "statuses": ApplicationStatus.choices, "kinds": PreservationKind.choices, "today": court_today()})


@login_required
def application_export(request):
    """The list as an Excel 台账 (same filters as the page)."""
    qs, _filters = _filtered(request)
    rows = []
    for a in qs:
        rows.append([a.case.case_number, a.get_kind_display(), "是" if a.is_urgent else "否", a.applicant.name,
                     a.respondent.name, fen_to_yuan(a.amount_fen), a.applied_on.isoformat(), a.get_status_display(),
                     a.ruling_due_on.isoformat() if a.ruling_due_on else "", a.ruled_on.isoformat() if a.ruled_on else "",
                     fen_to_yuan(a.granted_amount_fen) if a.granted_amount_fen else "",
                     fen_to_yuan(a.preserved_value_fen), fen_to_yuan(a.excess_fen), fen_to_yuan(a.peak_excess_fen),
                     a.suit_due_on.isoformat() if a.suit_due_on else "",
                     a.suit_filed_on.isoformat() if a.suit_filed_on else "", len(a.measures.all())])
    sheet = Sheet("财产保全台账", ["案号", "类型", "紧急", "申请人", "被申请人", "请求保全（元）", "申请日期", "状态", "裁定期限",
                             "裁定日期", "裁定保全（元）", "已保全（元）", "超标的（元）", "最高超标的（元）", "起诉期限",
                             "起诉日期", "措施数"], rows)
    return excel_response(workbook([sheet]), f"财产保全台账{court_today().isoformat()}.xlsx")
