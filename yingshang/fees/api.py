"""/api/v1/fees — the public fee quote, the per-case fee ledger, refunds and relief. Thin: parse, call one
service or selector, render."""

from datetime import date

from django.conf import settings
from ninja import Router, Status

from yingshang.cases.permissions import access_case
from yingshang.core.clock import court_today
from yingshang.core.money import fen_to_yuan, yuan_to_fen
from yingshang.core.pagination import PageRequest, paginate
from yingshang.fees import conf, domain, selectors, services
from yingshang.fees.choices import FeeType, RefundStatus
from yingshang.fees.permissions import require_refund_ledger
from yingshang.fees.schemas import (
    AllocationIn, AllocationOut, ChargeIn, ChargeOut, EntryOut, LedgerOut, MoneyIn, QuoteIn, QuoteOut, RefundListOut,
    RefundOut, RefundPaidIn, ReliefDecisionIn, ReliefIn, ReliefOut, TimelinessOut,
)

router = Router(tags=["fees 诉讼费用"])
PREFIX = "/fees"


def _fen(value: str | None) -> int | None:
    return None if value in (None, "") else yuan_to_fen(value)


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else fen_to_yuan(fen)


def quote_out(quote: domain.FeeQuote) -> dict:
    return {"fee_type": quote.fee_type, "fee_type_label": FeeType(quote.fee_type).label,
            "fee_yuan": fen_to_yuan(quote.fee_fen), "full_fee_yuan": fen_to_yuan(quote.full_fee_fen),
            "is_halved": quote.is_halved, "is_capped": quote.is_capped, "steps": list(quote.steps),
            "basis": quote.basis, "unconfirmed": list(quote.unconfirmed)}


def charge_out(charge) -> dict:
    prepaid = getattr(charge, "prepaid_fen", 0)
    return {"id": charge.pk, "fee_type": charge.fee_type, "fee_type_label": charge.get_fee_type_display(),
            "payer_case_party_id": charge.payer_id, "payer_name": charge.payer.party.name,
            "basis_amount_yuan": _yuan(charge.basis_amount_fen), "procedure": charge.procedure,
            "fee_yuan": fen_to_yuan(charge.fee_fen), "full_fee_yuan": fen_to_yuan(charge.full_fee_fen),
            "prepaid_yuan": fen_to_yuan(prepaid),
            "outstanding_yuan": fen_to_yuan(getattr(charge, "outstanding_fen",
                                                    charge.fee_fen - prepaid if charge.requires_prepayment else 0)),
            "requires_prepayment": charge.requires_prepayment, "steps": charge.steps, "basis": charge.basis}


def entry_out(entry) -> dict:
    return {"id": entry.pk, "kind": entry.kind, "kind_label": entry.get_kind_display(),
            "case_party_id": entry.case_party_id, "party_name": entry.case_party.party.name,
            "amount_yuan": fen_to_yuan(entry.amount_fen), "occurred_on": entry.occurred_on,
            "recorded_by": str(entry.recorded_by), "note": entry.note}


def share_out(share) -> dict:
    paid = getattr(share, "paid_fen", 0)
    return {"id": share.pk, "case_party_id": share.case_party_id, "party_name": share.case_party.party.name,
            "role_label": share.case_party.get_role_display(), "borne_yuan": fen_to_yuan(share.borne_fen),
            "prepaid_yuan": fen_to_yuan(share.prepaid_fen), "refund_yuan": fen_to_yuan(share.refund_fen),
            "receivable_yuan": fen_to_yuan(share.receivable_fen), "relieved_yuan": fen_to_yuan(share.relieved_fen),
            "paid_yuan": fen_to_yuan(paid), "owing_yuan": fen_to_yuan(share.receivable_fen - paid)}


def allocation_out(allocation, shares) -> dict:
    return {"id": allocation.pk, "manner": allocation.manner, "manner_label": allocation.get_manner_display(),
            "total_fee_yuan": fen_to_yuan(allocation.total_fee_fen), "is_override": allocation.is_override,
            "reason": allocation.reason, "steps": allocation.steps, "basis": allocation.basis,
            "decided_by": str(allocation.decided_by), "shares": [share_out(s) for s in shares]}


def refund_out(order, today: date) -> dict:
    is_paid = order.status == RefundStatus.PAID
    return {"id": order.pk, "case_id": order.case_id, "case_number": order.case.case_number,
            "case_party_id": order.case_party_id, "party_name": order.case_party.party.name, "kind": order.kind,
            "kind_label": order.get_kind_display(), "amount_yuan": fen_to_yuan(order.amount_fen),
            "due_on": order.due_on, "status": order.status, "status_label": order.get_status_display(),
            "paid_on": order.paid_on, "is_overdue": not is_paid and order.due_on < today,
            "is_on_time": (order.paid_on <= order.due_on) if is_paid else None, "note": order.note}


def relief_out(relief) -> dict:
    return {"id": relief.pk, "case_id": relief.case_id, "case_party_id": relief.case_party_id,
            "party_name": relief.case_party.party.name, "kind": relief.kind, "kind_label": relief.get_kind_display(),
            "ground": relief.ground, "ground_label": relief.get_ground_display(),
            "amount_yuan": _yuan(relief.amount_fen), "deferred_until": relief.deferred_until,
            "application_reason": relief.application_reason, "status": relief.status,
            "status_label": relief.get_status_display(),
            "decided_by": str(relief.decided_by) if relief.decided_by_id else None,
            "decided_at": relief.decided_at, "decision_reason": relief.decision_reason}


def ledger_out(ledger: selectors.CaseFeeLedger) -> dict:
    today = court_today()
    totals = {key.removesuffix("_fen") + "_yuan": fen_to_yuan(value)
              for key, value in ledger.totals.items() if key.endswith("_fen")}
    totals["pending_reliefs"] = ledger.totals["pending_reliefs"]
    return {"case_id": ledger.case.pk, "case_number": ledger.case.case_number,
            "charges": [charge_out(c) for c in ledger.charges], "entries": [entry_out(e) for e in ledger.entries],
            "allocation": allocation_out(ledger.allocation, ledger.shares) if ledger.allocation else None,
            "refunds": [refund_out(r, today) for r in ledger.refunds],
            "reliefs": [relief_out(r) for r in ledger.reliefs], "totals": totals}


# --- Public calculator ------------------------------------------------------------------------------------

@router.post("/quote", response=QuoteOut, auth=None, summary="诉讼费用计算（公开）")
def quote(request, payload: QuoteIn):
    """Compute a litigation fee under the 诉讼费用交纳办法 with the steps and the legal basis. Amounts are yuan
    strings with at most two decimals; the result is rounded half up to the fen. Bad amounts answer 422."""
    result = domain.fee_quote(fee_type=payload.fee_type, amount_fen=_fen(payload.amount_yuan),
                              procedure=payload.procedure, outcome=payload.outcome,
                              is_counterclaim=payload.is_counterclaim, local=conf.local_fees())
    return quote_out(result)


# --- Case fee ledger ---------------------------------------------------------------------------------------

@router.get("/cases/{case_id}/ledger", response=LedgerOut, summary="案件诉讼费台账")
def case_ledger(request, case_id: int):
    """Charges, money in and out, the sharing at closing, refund orders and relief applications of one case.
    Parties and their lawyers see their own cases only."""
    return ledger_out(selectors.case_fee_ledger(case=access_case(request.user, case_id)))


@router.post("/cases/{case_id}/charges", response={201: ChargeOut}, summary="开具诉讼费（交费通知）")
def create_charge(request, case_id: int, payload: ChargeIn):
    charge = services.fee_charge_create(case_id=case_id, fee_type=payload.fee_type,
                                        payer_case_party_id=payload.payer_case_party_id,
                                        amount_fen=_fen(payload.amount_yuan), is_counterclaim=payload.is_counterclaim,
                                        actor=request.user)
    return Status(201, charge_out(charge))


@router.post("/charges/{charge_id}/prepayments", response={201: EntryOut}, summary="登记预交款（财务）")
def record_prepayment(request, charge_id: int, payload: MoneyIn):
    entry = services.fee_prepayment_record(charge_id=charge_id, amount_fen=_fen(payload.amount_yuan),
                                           received_on=payload.received_on, note=payload.note, actor=request.user)
    return Status(201, entry_out(entry))


@router.post("/cases/{case_id}/allocation", response={201: AllocationOut}, summary="确定诉讼费负担")
def record_allocation(request, case_id: int, payload: AllocationIn):
    """Loser pays; a partial win in proportion to the amount awarded; mediation and withdrawal halve; the court
    may decide otherwise with a reason. On a case closed by judgment the refund orders are created at once."""
    override = None
    if payload.override is not None:
        override = {item.case_party_id: yuan_to_fen(item.borne_yuan) for item in payload.override}
    allocation = services.fee_allocation_record(case_id=case_id, manner=payload.manner,
                                                awarded_fen=_fen(payload.awarded_yuan),
                                                plaintiff_prevails=payload.plaintiff_prevails, override=override,
                                                reason=payload.reason, actor=request.user)
    return Status(201, allocation_out(allocation, allocation.shares.select_related("case_party__party").order_by("pk")))


@router.post("/cases/{case_id}/refund-on-judgment", response=list[RefundOut], summary="胜诉退费（判决结案后）")
def refund_on_judgment(request, case_id: int):
    """Create the refund orders owed to the winning prepaying parties (one per party, the whole case, the full
    amount), due one working day after the judgment closed the case. Returns the orders created now (none if they
    exist already, the case is not closed by judgment, or the sharing is not recorded yet)."""
    orders = services.refund_on_judgment(case_id=case_id, actor=request.user)
    today = court_today()
    return [refund_out(o, today) for o in orders]


@router.post("/shares/{share_id}/payments", response={201: EntryOut}, summary="登记败诉方交纳应收款（财务）")
def record_payment(request, share_id: int, payload: MoneyIn):
    entry = services.fee_payment_record(share_id=share_id, amount_fen=_fen(payload.amount_yuan),
                                        received_on=payload.received_on, note=payload.note, actor=request.user)
    return Status(201, entry_out(entry))


# --- Refund ledger ------------------------------------------------------------------------------------------

@router.get("/refunds", response=RefundListOut, summary="退费台账")
def list_refunds(request, status: str = "", kind: str = "", is_overdue: bool | None = None,
                 due_from: date | None = None, due_to: date | None = None, q: str = "", page: int = 1,
                 page_size: int = settings.PAGE_SIZE_DEFAULT):
    """Refund orders of the court, oldest due first; ``is_overdue=true`` lists the unpaid ones past their due day.
    Finance, the leadership and the trial-management office."""
    require_refund_ledger(request.user)
    today = court_today()
    qs = selectors.refund_order_list(user=request.user, today=today, filters=selectors.RefundFilters(
        status=status, kind=kind, is_overdue=is_overdue, due_from=due_from, due_to=due_to, q=q))
    items, count = paginate(qs, PageRequest.of(page, page_size))
    return {"items": [refund_out(o, today) for o in items], "count": count}


@router.get("/refunds/timeliness", response=TimelinessOut, summary="胜诉退费1个工作日内退付率")
def refund_timeliness(request, paid_from: date | None = None, paid_to: date | None = None):
    require_refund_ledger(request.user)
    row = selectors.refund_timeliness(user=request.user, paid_from=paid_from, paid_to=paid_to)
    return {"paid": row["paid"], "on_time": row["on_time"], "on_time_rate": row["on_time_rate"],
            "paid_yuan": fen_to_yuan(row["paid_fen"])}


@router.post("/refunds/{refund_id}/paid", response=RefundOut, summary="标记已退付（财务）")
def mark_refund_paid(request, refund_id: int, payload: RefundPaidIn):
    order = services.refund_order_mark_paid(refund_id=refund_id, paid_on=payload.paid_on, actor=request.user)
    return refund_out(order, court_today())


# --- Relief ------------------------------------------------------------------------------------------------

@router.post("/cases/{case_id}/reliefs", response={201: ReliefOut}, summary="申请缓交、减交、免交")
def apply_relief(request, case_id: int, payload: ReliefIn):
    relief = services.fee_relief_apply(case_id=case_id, case_party_id=payload.case_party_id, kind=payload.kind,
                                       ground=payload.ground, reason=payload.reason,
                                       amount_fen=_fen(payload.amount_yuan), deferred_until=payload.deferred_until,
                                       actor=request.user)
    return Status(201, relief_out(relief))


@router.post("/reliefs/{relief_id}/decision", response=ReliefOut, summary="审批缓减免申请")
def decide_relief(request, relief_id: int, payload: ReliefDecisionIn):
    """Hardship applications: the 院长 only (院长办公会). Withdrawal and bankruptcy waivers: the 院长 or the judge."""
    relief = services.fee_relief_decide(relief_id=relief_id, approve=payload.approve, reason=payload.reason,
                                        actor=request.user)
    return relief_out(relief)
