"""Pages: the public fee calculator (HTMX), the fee ledger panel on the case page with its HTMX actions, the
refund ledger (退费台账) with its Excel export."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, NotFound
from yingshang.core.excel import Sheet, excel_response, workbook
from yingshang.core.money import fen_to_yuan, yuan_to_fen
from yingshang.core.pagination import PageRequest, paginate
from yingshang.fees import conf, domain, selectors, services
from yingshang.fees.choices import ACCEPTANCE_FEE_TYPES, RefundStatus, ReliefStatus
from yingshang.fees.forms import QuoteForm, RefundFilterForm
from yingshang.fees.permissions import (
    access_charge, access_refund, access_relief, can_decide_relief, can_manage_case_fees, can_see_refund_ledger,
    is_finance,
)


def calculator(request):
    """诉讼费计算器 — public, no login. The form submits by GET (shareable, no CSRF) and HTMX swaps the result."""
    form = QuoteForm(request.GET or None)
    result = error = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        is_acceptance = data["fee_type"] in ACCEPTANCE_FEE_TYPES
        try:
            result = domain.fee_quote(
                fee_type=data["fee_type"], amount_fen=data["amount_fen"],
                procedure=(data["procedure"] or None) if is_acceptance else None,
                outcome=(data["outcome"] or None) if is_acceptance else None,
                is_counterclaim=data["is_counterclaim"] and is_acceptance, local=conf.local_fees())
        except DomainError as exc:
            error = exc.message
    context = {"form": form, "result": result, "error": error}
    if request.headers.get("HX-Request"):
        return render(request, "fees/partials/_quote_result.html", context)
    return render(request, "fees/calculator.html", context)


# --- Case page panel ----------------------------------------------------------------------------------------

def _panel_context(request, case, error: str = "") -> dict:
    ledger = selectors.case_fee_ledger(case=case)
    user = request.user
    return {"case": case, "ledger": ledger, "today": court_today(), "error": error,
            "is_finance": is_finance(user), "can_manage": can_manage_case_fees(user, case),
            "decidable": {r.pk for r in ledger.reliefs
                          if r.status == ReliefStatus.APPLIED and can_decide_relief(user, r)},
            "is_staff": user.is_court_staff or user.is_superuser}


def case_fee_panel(request, case):
    """Provider for cases.views.CASE_PANELS: the case's fee ledger (parties see their own cases only, because
    the case page itself is loaded through access_case)."""
    return {"title": "诉讼费", "template": "fees/partials/_case_panel.html", "context": _panel_context(request, case)}


def _render_panel(request, case, error: str = ""):
    return render(request, "fees/partials/_case_panel.html", {"ctx": _panel_context(request, case, error)})


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _load_or_404(loader, user, pk):
    try:
        return loader(user, pk)
    except NotFound:
        raise Http404("未找到该记录，或您无权查看")


@login_required
@require_POST
def prepayment_record(request, charge_id: int):
    charge = _load_or_404(access_charge, request.user, charge_id)
    error = ""
    try:
        received_on = _date(request.POST.get("received_on", ""))
        if received_on is None:
            raise DomainError("DATE_INVALID", "请填写到账日期")
        services.fee_prepayment_record(charge_id=charge.pk, amount_fen=yuan_to_fen(request.POST.get("amount_yuan", "")),
                                       received_on=received_on, actor=request.user)
    except DomainError as exc:
        error = exc.message
    return _render_panel(request, charge.case, error)


@login_required
@require_POST
def relief_decide(request, relief_id: int):
    relief = _load_or_404(access_relief, request.user, relief_id)
    error = ""
    try:
        services.fee_relief_decide(relief_id=relief.pk, approve=request.POST.get("approve") == "1",
                                   reason=request.POST.get("reason", ""), actor=request.user)
    except DomainError as exc:
        error = exc.message
    return _render_panel(request, relief.case, error)


@login_required
@require_POST
def refund_mark_paid(request, refund_id: int):
    """Finance marks a refund paid, from the case panel or from the refund ledger (``from=ledger`` swaps the row)."""
    order = _load_or_404(access_refund, request.user, refund_id)
    error = ""
    try:
        paid_on = _date(request.POST.get("paid_on", ""))
        if paid_on is None:
            raise DomainError("DATE_INVALID", "请填写退付日期")
        order = services.refund_order_mark_paid(refund_id=order.pk, paid_on=paid_on, actor=request.user)
    except DomainError as exc:
        error = exc.message
    if request.POST.get("from") == "ledger":
        order = access_refund(request.user, order.pk)
        return render(request, "fees/partials/_refund_row.html",
                      {"order": order, "today": court_today(), "is_finance": is_finance(request.user),
                       "error": error})
    return _render_panel(request, order.case, error)


# --- Refund ledger ------------------------------------------------------------------------------------------

def _refund_filters(form: RefundFilterForm) -> selectors.RefundFilters:
    if not form.is_valid():
        return selectors.RefundFilters()
    data = form.cleaned_data
    overdue = {"1": True, "0": False}.get(data.get("overdue") or "")
    return selectors.RefundFilters(status=data.get("status") or "", kind=data.get("kind") or "", is_overdue=overdue,
                                   due_from=data.get("due_from"), due_to=data.get("due_to"), q=data.get("q") or "")


@login_required
def refund_ledger(request):
    """退费台账: every refund order of the court, overdue first in red, with the on-time indicator."""
    if not can_see_refund_ledger(request.user):
        raise Http404("未找到该页面，或您无权查看")
    today = court_today()
    form = RefundFilterForm(request.GET or None)
    qs = selectors.refund_order_list(user=request.user, filters=_refund_filters(form), today=today)
    page = PageRequest.of(request.GET.get("page"), request.GET.get("page_size"))
    items, count = paginate(qs, page)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "orders": items, "count": count, "page": page.page,
               "pages": max((count + page.page_size - 1) // page.page_size, 1), "query": query.urlencode(),
               "today": today, "is_finance": is_finance(request.user),
               "overdue_count": selectors.refund_orders_overdue(user=request.user, today=today).count(),
               "timeliness": selectors.refund_timeliness(user=request.user)}
    if request.headers.get("HX-Request"):
        return render(request, "fees/partials/_refund_table.html", context)
    return render(request, "fees/refund_ledger.html", context)


@login_required
def refund_ledger_export(request):
    """The refund ledger as an Excel workbook (same filters as the page)."""
    if not can_see_refund_ledger(request.user):
        raise Http404("未找到该页面，或您无权查看")
    today = court_today()
    qs = selectors.refund_order_list(user=request.user, filters=_refund_filters(RefundFilterForm(request.GET or None)),
                                     today=today)
    rows = []
    for order in qs.iterator(chunk_size=500):
        is_paid = order.status == RefundStatus.PAID
        state = ("按期退付" if order.paid_on <= order.due_on else "逾期退付") if is_paid else \
            ("逾期未退" if order.due_on < today else "待退付")
        rows.append([order.case.case_number, order.case_party.party.name, order.get_kind_display(),
                     fen_to_yuan(order.amount_fen), order.case.closed_on.isoformat() if order.case.closed_on else "",
                     order.due_on.isoformat(), order.paid_on.isoformat() if order.paid_on else "", state,
                     str(order.paid_by) if order.paid_by_id else "", order.note])
    sheet = Sheet("退费台账", ["案号", "收款当事人", "退费类型", "金额（元）", "结案日期", "应退付日期", "退付日期", "状态",
                           "经办人", "说明"], rows)
    return excel_response(workbook([sheet]), f"退费台账{today.isoformat()}.xlsx")
