"""Pages: the judge's deadlines, the long-pending board, the weekly rolling report (page + Excel) and the case
page's time-limit panel with its forms. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from yingshang.cases.choices import OPEN_STATUSES
from yingshang.cases.permissions import access_case, can_write_case
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, NotFound
from yingshang.core.excel import Sheet, excel_response, workbook
from yingshang.core.pagination import PageRequest, paginate
from yingshang.deadlines import conf, domain, selectors, services
from yingshang.deadlines.choices import (
    AlertLevel, DeductionKind, ExtensionDecision, ExtensionReason, ExtensionStatus, PlanStatus, Tier,
)
from yingshang.deadlines.models import ALERT_LEVEL_LABELS
from yingshang.deadlines.monthly import month_bounds, previous_month
from yingshang.deadlines.permissions import can_decide_extension, can_plan, can_see_board

# Traffic lights with text, not colour alone (STYLE: pages).
LEVEL_BADGES = {
    AlertLevel.NONE: ("bg-success", "正常"),
    AlertLevel.DAYS_30: ("badge-amber", "30日内届满"),
    AlertLevel.DAYS_15: ("badge-amber", "15日内届满"),
    AlertLevel.DAYS_7: ("bg-danger", "7日内届满"),
    AlertLevel.OVERDUE: ("bg-danger", "已超审限"),
    AlertLevel.PAUSED: ("bg-secondary", "扣除中·暂停"),
    AlertLevel.NO_LIMIT: ("bg-light text-dark border", "无法定审限"),
}
TIER_BADGES = {
    Tier.NONE: ("bg-light text-dark border", "正常"),
    Tier.REMINDER: ("badge-amber", "提醒"),
    Tier.WARNING: ("bg-warning text-dark", "警告·超6个月"),
    Tier.SUPERVISION: ("bg-danger", "督办·超9个月"),
    Tier.COMMITTEE: ("bg-dark", "审委会·超12个月"),
}


def _decorate(rows, today: date) -> list[dict]:
    out = []
    for row in rows:
        left = (row.time_limit_end_on - today).days if row.time_limit_end_on and not row.is_paused else None
        out.append({"row": row, "case": row.case, "days_left": left,
                    "level_badge": LEVEL_BADGES.get(row.alert_level, ("bg-secondary", row.alert_level)),
                    "tier_badge": TIER_BADGES.get(row.tier, ("bg-secondary", row.tier))})
    return out


def _pages(request, qs):
    page = PageRequest.of(request.GET.get("page"), request.GET.get("page_size"))
    items, count = paginate(qs, page)
    query = request.GET.copy()
    query.pop("page", None)
    return items, {"count": count, "page": page.page, "pages": max((count + page.page_size - 1) // page.page_size, 1),
                   "query": query.urlencode()}


@login_required
def my_deadlines(request):
    """我的审限: the judge's open cases, soonest first, and the alerts addressed to the judge."""
    if not (request.user.is_court_staff or request.user.is_superuser):
        raise DjangoPermissionDenied("仅供院内人员查看")
    today = court_today()
    level = request.GET.get("level", "")
    if level not in AlertLevel.values:
        level = ""
    items, paging = _pages(request, selectors.deadlines_for_judge(user=request.user, level=level))
    alerts = [{"alert": a, "label": ALERT_LEVEL_LABELS.get((a.kind, a.level), a.level)}
              for a in selectors.alerts_for_user(request.user).filter(acknowledged_at__isnull=True,
                                                                        case__status__in=OPEN_STATUSES)[:20]]
    context = {"rows": _decorate(items, today), "today": today, "level": level, "levels": AlertLevel.choices,
               "alerts": alerts, "last_scan": selectors.last_scan(), **paging}
    return render(request, "deadlines/my.html", context)


@login_required
def board(request):
    """长期未结案件: counts by department and tier, the 审委会 list and the cases (filters: tier, department)."""
    if not can_see_board(request.user):
        raise DjangoPermissionDenied("只有院领导、庭长、审管办和督察室可以查看")
    today = court_today()
    tier = request.GET.get("tier", "")
    tier = tier if tier in Tier.values else ""
    try:
        department_id = int(request.GET.get("department") or 0) or None
    except ValueError:
        department_id = None
    rows = selectors.board_rows(user=request.user, tier=tier, department_id=department_id,
                                approaching=request.GET.get("approaching") == "1")
    items, paging = _pages(request, rows.prefetch_related("case__plans"))
    decorated = _decorate(items, today)
    for item in decorated:
        item["plan"] = next((p for p in item["case"].plans.all() if p.status == PlanStatus.ACTIVE), None)
    summary = selectors.board_summary(user=request.user)
    tiers = [t for t in Tier.choices if t[0] != Tier.NONE]
    for line in summary:
        line.cells = [(value, line.counts.get(value, 0)) for value, _ in tiers]
    context = {"rows": decorated, "summary": summary, "tiers": tiers,
               "tier": tier, "department_id": department_id, "today": today,
               "committee": _decorate(selectors.committee_list(user=request.user)[:50], today),
               "transfers": selectors.transfers_pending(user=request.user)[:50],
               "last_scan": selectors.last_scan(), **paging}
    return render(request, "deadlines/board.html", context)


def _report_date(request) -> date:
    raw = request.GET.get("end", "")
    if raw:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            messages.error(request, "日期格式应为 YYYY-MM-DD，已按今天生成")
    return court_today()


def _report_month(request) -> date | None:
    """``?month=YYYY-MM``: the first day of that month, or None (a bad value says so and is ignored)."""
    raw = request.GET.get("month", "")
    if not raw:
        return None
    try:
        return date.fromisoformat(f"{raw}-01")
    except ValueError:
        messages.error(request, "月份格式应为 YYYY-MM，已按日期生成")
        return None


LINE_HEADERS = ["部门", "名称", "未结", "超6个月", "超9个月", "超12个月", "本期新超6个月", "本期新超9个月",
                "本期新超12个月", "即将超期", "本期结案", "其中长期未结", "已超审限"]


def _line_row(line: selectors.ReportLine) -> list:
    return [line.department, line.name, line.open_total, line.past_6, line.past_9, line.past_12, line.crossed_6,
            line.crossed_9, line.crossed_12, line.approaching, line.closed, line.closed_long_pending, line.overdue]


CASE_HEADERS = ["案号", "部门", "承办法官", "立案日期", "审理程序", "已立案（月）", "审限届满日", "长期未结等级",
                "审限预警"]


def _case_row(row, period_end: date) -> list:
    case = row.case
    return [case.case_number, case.department.name if case.department_id else "", str(case.judge or ""),
            case.filed_on, case.get_procedure_display(), domain.full_months(case.filed_on, period_end),
            row.time_limit_end_on, Tier(row.tier).label, AlertLevel(row.alert_level).label]


def report_workbook(report: selectors.WeeklyReport):
    """One sheet per level: 全院, 部门, 法官; then the case lists (超12 / 超9 / 超6个月, 本期新超期, 本期结案)."""
    sheets = [
        Sheet("全院", LINE_HEADERS, [_line_row(report.court)]),
        Sheet("按部门", LINE_HEADERS, [_line_row(x) for x in report.departments]),
        Sheet("按法官", LINE_HEADERS, [_line_row(x) for x in report.judges]),
        Sheet("超12个月", CASE_HEADERS, [_case_row(r, report.period_end) for r in report.long_pending[Tier.COMMITTEE]]),
        Sheet("超9个月", CASE_HEADERS, [_case_row(r, report.period_end) for r in report.long_pending[Tier.SUPERVISION]]),
        Sheet("超6个月", CASE_HEADERS, [_case_row(r, report.period_end) for r in report.long_pending[Tier.WARNING]]),
        Sheet("本期新超期", CASE_HEADERS, [_case_row(r, report.period_end) for r in report.crossed]),
        Sheet("本期结案", CASE_HEADERS[:5] + ["结案日期"],
              [_case_row(r, report.period_end)[:5] + [r.closed_on] for r in report.closed]),
    ]
    return workbook(sheets)


@login_required
def weekly(request):
    """每周滚动通报 (``?period=month``: the 30 days to ``end``; ``?month=YYYY-MM``: that calendar month, the monthly
    summary to the leadership); ``?format=xlsx`` downloads it."""
    if not can_see_board(request.user):
        raise DjangoPermissionDenied("只有院领导、庭长、审管办和督察室可以查看")
    period_end = _report_date(request)
    monthly = request.GET.get("period") == "month"
    days = 30 if monthly else 7
    month = _report_month(request)
    if month is not None:  # a calendar month, as linked from the monthly summary notice
        first, period_end = month_bounds(month)
        monthly, days = True, (period_end - first).days + 1
    report = selectors.weekly_report(user=request.user, period_end=period_end, days=days)
    if request.GET.get("format") == "xlsx":
        name = f"{report.title}_{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.xlsx"
        return excel_response(report_workbook(report), name)
    tier_lists = [(Tier(t).label, report.long_pending[t]) for t in (Tier.COMMITTEE, Tier.SUPERVISION, Tier.WARNING)]
    query = request.GET.copy()
    query["format"] = "xlsx"
    context = {"report": report, "monthly": monthly, "tier_lists": tier_lists, "xlsx_query": query.urlencode(),
               "period_end": period_end, "last_month": previous_month(court_today())[0]}
    return render(request, "deadlines/weekly.html", context)


# --- the case page panel and its forms --------------------------------------------------------------------------

def case_panel(request, case):
    """Provider for yingshang.cases.views.CASE_PANELS: the time-limit explanation and, for staff, the forms."""
    if not (case.category and request.user.is_authenticated):
        return None
    view = selectors.time_limit_explain(case=case, today=court_today())
    staff = request.user.is_court_staff or request.user.is_superuser
    context = {
        "view": view, "staff": staff, "case": case,
        "can_write": case.is_open and can_write_case(request.user, case),
        "can_decide": case.is_open and can_decide_extension(request.user, case),
        "can_plan": staff and case.is_open and can_plan(request.user, case),
        "level_badge": LEVEL_BADGES.get(view.alert_level), "tier_badge": TIER_BADGES.get(view.tier),
        "deduction_kinds": [(k, DeductionKind(k).label, s) for k, s in view.allowed_deduction_kinds.items()],
        "reasons": ExtensionReason.choices, "pending": view.pending_extension,
        "decisions": ExtensionDecision, "statuses": ExtensionStatus, "today": court_today(),
        "window": view.extension_window if staff else None,
        "window_strict": conf.extension_window_strict(),
    }
    return {"title": "审限", "template": "deadlines/partials/_case_panel.html", "context": context}


def _back(case_id: int):
    return redirect(reverse("cases:detail", args=[case_id]) + "#deadlines")


def _post_date(request, name: str) -> date | None:
    raw = (request.POST.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DomainError("DATE_INVALID", "日期不正确，应为 YYYY-MM-DD 的有效日期", {"field": name})


def _post_int(request, name: str) -> int:
    try:
        return int(request.POST.get(name) or 0)
    except ValueError:
        raise DomainError("VALUE_INVALID", "应为整数", {"field": name})


def _run(request, case_id: int, call, success: str):
    """Call one service; show its refusal as an error message on the case page (nothing was written)."""
    try:
        access_case(request.user, case_id)
    except NotFound:
        raise Http404("未找到该案件，或您无权查看")
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _back(case_id)


@login_required
@require_POST
def deduction_add(request, case_id: int):
    return _run(request, case_id, lambda: services.deduction_record(
        case_id=case_id, kind=request.POST.get("kind", ""), start_on=_post_date(request, "start_on") or court_today(),
        end_on=_post_date(request, "end_on"), reason=request.POST.get("reason", ""), actor=request.user),
        "已登记审限扣除")


@login_required
@require_POST
def deduction_close(request, case_id: int, deduction_id: int):
    return _run(request, case_id, lambda: services.deduction_end(
        deduction_id=deduction_id, end_on=_post_date(request, "end_on") or court_today(), actor=request.user),
        "扣除期间已结束，审限恢复计算")


@login_required
@require_POST
def extension_add(request, case_id: int):
    return _run(request, case_id, lambda: services.extension_request(
        case_id=case_id, reason_code=request.POST.get("reason_code", ""), reason=request.POST.get("reason", ""),
        length_months=_post_int(request, "length_months"), length_days=_post_int(request, "length_days"),
        override_reason=request.POST.get("override_reason", ""), late_reason=request.POST.get("late_reason", ""),
        actor=request.user), "已提交延长审限申请")


@login_required
@require_POST
def extension_decide(request, case_id: int, extension_id: int):
    return _run(request, case_id, lambda: services.extension_decide(
        extension_id=extension_id, decision=request.POST.get("decision", ""), note=request.POST.get("note", ""),
        override_reason=request.POST.get("override_reason", ""),
        higher_court_reference=request.POST.get("higher_court_reference", ""),
        late_reason=request.POST.get("late_reason", ""), actor=request.user), "已记录审批决定")


@login_required
@require_POST
def plan_add(request, case_id: int):
    steps = [{"text": line.strip()} for line in request.POST.get("steps", "").splitlines() if line.strip()]
    return _run(request, case_id, lambda: services.case_plan_create(
        case_id=case_id, target_on=_post_date(request, "target_on") or court_today(), steps=steps,
        owner_id=_post_int(request, "owner_id") or request.user.pk, actor=request.user), "已制定一案一策")


@login_required
@require_POST
def plan_progress(request, case_id: int, plan_id: int):
    done = [int(i) for i in request.POST.getlist("done_steps") if i.isdigit()]
    status = request.POST.get("status") or None
    return _run(request, case_id, lambda: services.case_plan_update(
        plan_id=plan_id, note=request.POST.get("note", ""), progress_percent=_post_int(request, "progress_percent"),
        done_steps=done, status=status, actor=request.user), "已登记进展")


def rules_table(request):
    """The rule table as a page section (linked from the panel)."""
    return render(request, "deadlines/rules.html", {"rules": list(domain.RULES.values())})
