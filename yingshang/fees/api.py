"""/api/v1/fees — the public fee quote, the per-case fee ledger, refunds and relief. Thin: parse, call one
service or selector, render."""

from ninja import Router

from yingshang.core.money import fen_to_yuan, yuan_to_fen
from yingshang.fees import conf, domain
from yingshang.fees.choices import FeeType
from yingshang.fees.schemas import QuoteIn, QuoteOut

router = Router(tags=["fees 诉讼费用"])
PREFIX = "/fees"


def quote_out(quote: domain.FeeQuote) -> dict:
    return {"fee_type": quote.fee_type, "fee_type_label": FeeType(quote.fee_type).label,
            "fee_yuan": fen_to_yuan(quote.fee_fen), "full_fee_yuan": fen_to_yuan(quote.full_fee_fen),
            "is_halved": quote.is_halved, "is_capped": quote.is_capped, "steps": list(quote.steps),
            "basis": quote.basis, "unconfirmed": list(quote.unconfirmed)}


@router.post("/quote", response=QuoteOut, auth=None, summary="诉讼费用计算（公开）")
def quote(request, payload: QuoteIn):
    """Compute a litigation fee under the 诉讼费用交纳办法 with the steps and the legal basis. Amounts are yuan
    strings with at most two decimals; the result is rounded half up to the fen. Bad amounts answer 422."""
    amount_fen = None if payload.amount_yuan in (None, "") else yuan_to_fen(payload.amount_yuan)
    result = domain.fee_quote(fee_type=payload.fee_type, amount_fen=amount_fen, procedure=payload.procedure,
                              outcome=payload.outcome, is_counterclaim=payload.is_counterclaim,
                              local=conf.local_fees())
    return quote_out(result)
