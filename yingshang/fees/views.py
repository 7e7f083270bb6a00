"""Pages: the public fee calculator (HTMX), the fee ledger panel on the case page, the refund ledger."""

from django.shortcuts import render

from yingshang.core.errors import DomainError
from yingshang.fees import conf, domain
from yingshang.fees.choices import ACCEPTANCE_FEE_TYPES
from yingshang.fees.forms import QuoteForm


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
    context = {"form": form, "result": result, "error": error, "local": conf.local_fees()}
    if request.headers.get("HX-Request"):
        return render(request, "fees/partials/_quote_result.html", context)
    return render(request, "fees/calculator.html", context)
