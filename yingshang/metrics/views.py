"""Pages: the leadership dashboard (gauges with traffic lights, every indicator, monthly trend, comparison by
department), the department and judge views (the same page on a narrower scope), an indicator's page, the drill-down
lists, the catalogue, Excel exports, and the agency-head appearance register with its form and case panel.
Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from yingshang.cases.choices import CaseCategory
from yingshang.cases.models import Case
from yingshang.cases.permissions import case_scope_q
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.core.excel import Sheet, excel_response, workbook
from yingshang.core.pagination import PageRequest, paginate
from yingshang.metrics import selectors, services
from yingshang.metrics.forms import AppearanceForm
from yingshang.metrics.permissions import can_record_appearance, can_view_metrics, sees_court

EXCEL_SUMMARY_HEADERS = ["类别", "指标", "代码", "值", "分子", "分母", "目标", "状态", "暂无数据原因", "口径未确认",
                         "定义版本"]


def _require_viewer(user) -> None:
    if not can_view_metrics(user):
        raise DjangoPermissionDenied("质效指标仅供院内人员查看")


def _resolve(request, scope: str | None = None):
    """(Scope, Period, today) from ?scope=&period=, or a page refusing in Chinese."""
    today = court_today()
    try:
        scope_obj, period = selectors.scope_and_period(user=request.user, scope=scope or request.GET.get("scope"),
                                                       period=request.GET.get("period"), today=today)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    return scope_obj, period, today


def _query(scope, period, **extra) -> str:
    return urlencode({"scope": scope.key, "period": period.key, **{k: v for k, v in extra.items() if v != ""}})


def _scope_choices(user, scope) -> list[tuple[str, str]]:
    """The scopes the selector offers: the court and its departments for leaders, the supervised departments for a
    vice-president, the department for its head; always the current one."""
    from yingshang.org.models import Department

    out = []
    if sees_court(user) and user.court_id:
        out.append((f"court:{user.court_id}", "全院"))
        departments = Department.objects.filter(court_id=user.court_id)
    elif user.role == "vice_president":
        departments = user.supervised_departments.all()
    elif user.role == "division_head" and user.department_id:
        departments = Department.objects.filter(pk=user.department_id)
    else:
        departments = Department.objects.none()
    out += [(f"department:{d.pk}", d.name) for d in departments.order_by("sort_order", "pk")]
    out.append((f"judge:{user.pk}", f"本人（{user}）"))
    if scope.key not in {key for key, _ in out}:
        out.insert(0, (scope.key, scope.label))
    return out


def _period_shortcuts(today) -> list[tuple[str, str]]:
    quarter = (today.month - 1) // 3 + 1
    return [("ytd", "年初至今"), (f"{today.year:04d}-{today.month:02d}", "本月"), (f"{today.year}-Q{quarter}", "本季度"),
            (str(today.year), "本年"), (str(today.year - 1), "上年")]


def _code_choice(request, name: str, default: str) -> str:
    code = request.GET.get(name) or default
    try:
        return selectors.definition_get(code).code
    except NotFound:
        return default


@login_required
def dashboard(request, scope: str | None = None):
    """质效指标看板: gauges for the plan's targets, every indicator with numerator and denominator (each linking to
    its cases), the monthly trend and the comparison one level down — for the court, a department or a judge."""
    _require_viewer(request.user)
    scope_obj, period, today = _resolve(request, scope)
    values = selectors.indicator_values(scope=scope_obj, period=period, today=today)
    by_code = {v.code: v for v in values}
    trend_code = _code_choice(request, "trend", selectors.TREND_DEFAULT)
    compare_code = _code_choice(request, "compare", selectors.TREND_DEFAULT)
    context = {
        "scope": scope_obj, "period": period, "today": today, "query": _query(scope_obj, period),
        "gauges": [by_code[c] for c in selectors.GAUGE_CODES if c in by_code],
        "groups": selectors.grouped(values), "definitions": selectors.catalogue(),
        "scope_choices": _scope_choices(request.user, scope_obj), "period_shortcuts": _period_shortcuts(today),
        **_trend_context(scope_obj, period, today, trend_code),
        **_comparison_context(scope_obj, period, today, compare_code),
    }
    template = "metrics/partials/_dashboard_body.html" if request.headers.get("HX-Request") else "metrics/dashboard.html"
    return render(request, template, context)


def _trend_context(scope, period, today, code) -> dict:
    points = selectors.monthly_trend(code=code, scope=scope, period=period, today=today)
    chart = {"labels": [p.period.label for p in points],
             "values": [None if p.value.figure.value is None else float(p.value.figure.value) for p in points],
             "name": points[0].value.definition.name_zh if points else "",
             "unit": points[0].value.definition.get_unit_display() if points else ""}
    return {"trend_code": code, "trend_points": points, "trend_chart": chart}


def _comparison_context(scope, period, today, code) -> dict:
    rows = selectors.comparison(code=code, scope=scope, period=period, today=today)
    chart = {"labels": [r.label for r in rows],
             "values": [None if r.value.figure.value is None else float(r.value.figure.value) for r in rows],
             "name": rows[0].value.definition.name_zh if rows else "",
             "unit": rows[0].value.definition.get_unit_display() if rows else ""}
    level = {"department_id": "部门", "judge_id": "法官"}.get(scope.breakdown or "", "")
    return {"compare_code": code, "compare_rows": rows, "compare_chart": chart, "compare_level": level}


@login_required
def trend_partial(request):
    """HTMX: the trend card for another indicator."""
    _require_viewer(request.user)
    scope, period, today = _resolve(request)
    code = _code_choice(request, "trend", selectors.TREND_DEFAULT)
    return render(request, "metrics/partials/_trend.html", {"scope": scope, "period": period,
                                                           "definitions": selectors.catalogue(),
                                                           "query": _query(scope, period),
                                                           **_trend_context(scope, period, today, code)})


@login_required
def comparison_partial(request):
    """HTMX: the comparison card for another indicator."""
    _require_viewer(request.user)
    scope, period, today = _resolve(request)
    code = _code_choice(request, "compare", selectors.TREND_DEFAULT)
    return render(request, "metrics/partials/_comparison.html", {"scope": scope, "period": period,
                                                                "definitions": selectors.catalogue(),
                                                                "query": _query(scope, period),
                                                                **_comparison_context(scope, period, today, code)})


@login_required
def department_dashboard(request, department_id: int):
    return dashboard(request, scope=f"department:{department_id}")


@login_required
def judge_dashboard(request, judge_id: int):
    return dashboard(request, scope=f"judge:{judge_id}")


@login_required
def indicator_detail(request, code: str):
    """One indicator: its definition (and what is unconfirmed), the value with its parts, the trend, the comparison
    and the versions of its definition."""
    _require_viewer(request.user)
    scope, period, today = _resolve(request)
    try:
        value = selectors.indicator_value(code=code, scope=scope, period=period, today=today)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    context = {"value": value, "scope": scope, "period": period, "today": today, "query": _query(scope, period),
               "history": selectors.definition_history(value.code),
               "scope_choices": _scope_choices(request.user, scope), "period_shortcuts": _period_shortcuts(today),
               "definitions": selectors.catalogue(),
               **_trend_context(scope, period, today, value.code),
               **_comparison_context(scope, period, today, value.code)}
    return render(request, "metrics/indicator.html", context)


def _drilldown_view(request, code: str):
    scope, period, today = _resolve(request)
    side = request.GET.get("side", "numerator")
    try:
        item = int(request.GET.get("item") or 0)
    except ValueError:
        item = 0
    try:
        view = selectors.drilldown(code=code, side=side, index=item, scope=scope, period=period, today=today,
                                   user=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return scope, period, view


@login_required
def drilldown(request, code: str):
    """The cases (or payouts, messages, refunds, services …) behind a numerator or a denominator: exactly the rows
    the figure counted, paginated, with an Excel export."""
    _require_viewer(request.user)
    try:
        scope, period, view = _drilldown_view(request, code)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('metrics:indicator', args=[code])}?{request.GET.urlencode()}")
    page = PageRequest.of(request.GET.get("page"), request.GET.get("page_size"))
    rows, count = paginate(view.rows, page)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"view": view, "scope": scope, "period": period, "rows": [selectors.row_cells(view, r) for r in rows],
               "contribution_label": selectors.contribution_label(view), "count": count, "page": page.page,
               "pages": max((count + page.page_size - 1) // page.page_size, 1), "query": query.urlencode(),
               "side_label": selectors.SIDES[view.side], "base_query": _query(scope, period)}
    for row in context["rows"]:
        row["contribution_text"] = selectors.contribution_text(view, row["contribution"])
    return render(request, "metrics/drilldown.html", context)


@login_required
def drilldown_export(request, code: str):
    """The drill-down list as an Excel 台账 (every row, not just one page)."""
    _require_viewer(request.user)
    try:
        scope, period, view = _drilldown_view(request, code)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    label = selectors.contribution_label(view)
    headers = view.columns + ([label] if label else [])
    rows = []
    for row in view.rows:
        cells = selectors.row_cells(view, row)
        rows.append([*cells["cells"], *([selectors.contribution_text(view, cells["contribution"])] if label else [])])
    name = f"{view.value.definition.name_zh}-{selectors.SIDES[view.side]}-{scope.label}-{period.key}.xlsx"
    return excel_response(workbook([Sheet(selectors.SIDES[view.side], headers, rows)]), name)


def summary_rows(values) -> list[list]:
    """The indicator table exactly as the dashboard shows it (the same labels)."""
    out = []
    for group_label, items in selectors.grouped(values):
        for v in items:
            out.append([group_label, v.definition.name_zh, v.code, v.value_label,
                        v.numerator_label, v.denominator_label if v.has_denominator else "—",
                        v.definition.target_label, v.light.label, v.figure.reason,
                        v.definition.unconfirmed_note or "", v.definition.version])
    return out


@login_required
def export(request):
    """Excel of any indicator table of the dashboard: ?table=summary (every indicator), trend (one indicator month by
    month, ?code=) or comparison (one indicator by department or judge, ?code=)."""
    _require_viewer(request.user)
    scope, period, today = _resolve(request)
    table = request.GET.get("table", "summary")
    title = f"{scope.label}-{period.label}"
    if table == "trend":
        code = _code_choice(request, "code", selectors.TREND_DEFAULT)
        points = selectors.monthly_trend(code=code, scope=scope, period=period, today=today)
        rows = [[p.period.label, p.value.value_label, p.value.numerator_label,
                 p.value.denominator_label if p.value.has_denominator else "—", p.value.light.label,
                 p.value.figure.reason] for p in points]
        name = points[0].value.definition.name_zh if points else code
        sheet = Sheet("逐月趋势", ["月份", "值", "分子", "分母", "状态", "暂无数据原因"], rows)
        return excel_response(workbook([sheet]), f"{name}-逐月-{title}.xlsx")
    if table == "comparison":
        code = _code_choice(request, "code", selectors.TREND_DEFAULT)
        cmp_rows = selectors.comparison(code=code, scope=scope, period=period, today=today)
        rows = [[r.label, r.value.value_label, r.value.numerator_label,
                 r.value.denominator_label if r.value.has_denominator else "—", r.value.light.label,
                 r.value.figure.reason] for r in cmp_rows]
        name = cmp_rows[0].value.definition.name_zh if cmp_rows else code
        sheet = Sheet("对比", ["范围", "值", "分子", "分母", "状态", "暂无数据原因"], rows)
        return excel_response(workbook([sheet]), f"{name}-对比-{title}.xlsx")
    values = selectors.indicator_values(scope=scope, period=period, today=today)
    sheets = [Sheet("指标", EXCEL_SUMMARY_HEADERS, summary_rows(values)),
              Sheet("口径说明", ["代码", "指标", "分子定义", "分母定义", "期间规则", "排除情形", "来源"],
                    [[v.code, v.definition.name_zh, v.definition.numerator_definition,
                      v.definition.denominator_definition, v.definition.period_rule, v.definition.exclusions,
                      v.definition.source] for v in values])]
    return excel_response(workbook(sheets), f"质效指标-{title}.xlsx")


@login_required
def catalogue(request):
    """指标目录: every current definition, its target and source, and what is unconfirmed."""
    _require_viewer(request.user)
    return render(request, "metrics/catalogue.html", {"groups": _catalogue_groups()})


def _catalogue_groups():
    from yingshang.metrics.choices import IndicatorGroup

    definitions = list(selectors.catalogue())
    return [(label, [d for d in definitions if d.group == value]) for value, label in IndicatorGroup.choices]


# --- Agency-head appearances ---------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def appearances(request):
    """行政机关负责人出庭应诉登记: the register (administrative cases the user can see) and the form to add a hearing."""
    _require_viewer(request.user)
    initial = {"case_number": request.GET.get("case", "")}
    form = AppearanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        case = Case.objects.filter(case_scope_q(request.user), case_number=form.cleaned_data["case_number"]).first()
        if case is None:
            form.add_error("case_number", "未找到该案号，或您无权查看该案件")
        else:
            try:
                services.agency_appearance_record(
                    case_id=case.pk, hearing_on=form.cleaned_data["hearing_on"],
                    defendant_agency=form.cleaned_data["defendant_agency"],
                    appearance=form.cleaned_data["appearance"], head_name=form.cleaned_data["head_name"],
                    head_title=form.cleaned_data["head_title"], note=form.cleaned_data["note"], actor=request.user)
            except DomainError as exc:
                field = {"APPEARANCE_HEAD_NAME_REQUIRED": "head_name", "APPEARANCE_DATE_INVALID": "hearing_on",
                         "APPEARANCE_AGENCY_REQUIRED": "defendant_agency"}.get(exc.code, "case_number")
                form.add_error(field, exc.message)
            else:
                messages.success(request, f"已登记 {case.case_number} 的出庭应诉情况")
                return redirect(reverse("metrics:appearances"))
    items, count = paginate(selectors.appearances_for_user(user=request.user),
                            PageRequest.of(request.GET.get("page"), request.GET.get("page_size")))
    status = 422 if request.method == "POST" else 200
    return render(request, "metrics/appearances.html", {"form": form, "records": items, "count": count},
                  status=status)


def agency_head_case_panel(request, case):
    """Case page panel for administrative cases: the recorded hearings and a link to record one."""
    if case.category != CaseCategory.ADMINISTRATIVE or not can_view_metrics(request.user):
        return None
    return {"title": "行政机关负责人出庭应诉", "template": "metrics/partials/_case_panel.html",
            "context": {"records": list(selectors.appearances_for_case(case=case)),
                        "can_record": can_record_appearance(request.user, case),
                        "form_url": f"{reverse('metrics:appearances')}?{urlencode({'case': case.case_number})}"}}


