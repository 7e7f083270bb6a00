"""Pages: the case list (search, filters, HTMX pagination) and the case page (parties, timeline, history)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from yingshang.audit.selectors import audit_list_for_case
from yingshang.cases import selectors
from yingshang.cases.forms import CaseSearchForm
from yingshang.cases.permissions import access_case, can_write_case
from yingshang.core.errors import NotFound
from yingshang.core.pagination import PageRequest, paginate


@login_required
def case_list(request):
    form = CaseSearchForm(request.GET or None)
    filters = selectors.CaseFilters()
    if form.is_valid():
        filters = selectors.CaseFilters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    page = PageRequest.of(request.GET.get("page"), request.GET.get("page_size"))
    items, count = paginate(selectors.case_list_for_user(user=request.user, filters=filters), page)
    pages = max((count + page.page_size - 1) // page.page_size, 1)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "cases": items, "count": count, "page": page.page, "pages": pages,
               "query": query.urlencode()}
    template = "cases/partials/_case_table.html" if request.headers.get("HX-Request") else "cases/case_list.html"
    return render(request, template, context)


@login_required
def case_detail(request, case_id: int):
    try:
        case = access_case(request.user, case_id)
    except NotFound:
        raise Http404("未找到该案件，或您无权查看")
    show_history = request.user.is_court_staff or request.user.is_superuser
    context = {
        "case": case,
        "parties": selectors.case_parties_list(case=case),
        "events": selectors.case_events_list(case=case),
        "links": selectors.case_links_list(case=case),
        "history": audit_list_for_case(case_id=case.pk)[:200] if show_history else None,
        "can_write": can_write_case(request.user, case),
        "panels": _case_panels(request, case),
    }
    return render(request, "cases/case_detail.html", context)


# Other apps add panels to the case page: callables (request, case) -> {"title", "template", "context"} or None.
CASE_PANELS: list = []


def _case_panels(request, case) -> list[dict]:
    panels = []
    for provider in CASE_PANELS:
        panel = provider(request, case)
        if panel:
            panels.append(panel)
    return panels
