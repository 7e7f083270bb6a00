"""Reads for fees, already scoped to the user: the case fee ledger, the refund ledger, overdue refunds and the
"refunded within one working day" indicator (plan measure 34)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, Sum

from yingshang.cases.models import Case
from yingshang.cases.permissions import case_scope_q
from yingshang.fees.choices import EntryKind, RefundKind, RefundStatus, ReliefStatus
from yingshang.fees.models import FeeAllocation, FeeCharge, FeeEntry, FeeRelief, FeeShare, RefundOrder


@dataclass
class CaseFeeLedger:
    case: Case
    charges: list[FeeCharge]
    entries: list[FeeEntry]
    allocation: FeeAllocation | None
    shares: list[FeeShare]
    refunds: list[RefundOrder]
    reliefs: list[FeeRelief]
    totals: dict = field(default_factory=dict)


def case_fee_ledger(*, case: Case) -> CaseFeeLedger:
    """Everything the court holds on a case's fees, with totals in fen. ``case`` must come from access_case.

    charges carry ``prepaid_fen`` and ``outstanding_fen``; shares carry ``paid_fen`` and ``owing_fen``."""
    charges = list(FeeCharge.objects.filter(case=case).select_related("payer__party")
                   .annotate(prepaid_fen=Sum("entries__amount_fen", filter=Q(entries__kind=EntryKind.PREPAYMENT),
                                             default=0))
                   .order_by("pk"))
    for charge in charges:
        charge.outstanding_fen = (charge.fee_fen - charge.prepaid_fen) if charge.requires_prepayment else 0
    entries = list(FeeEntry.objects.filter(case=case).select_related("case_party__party", "recorded_by", "charge")
                   .order_by("occurred_on", "pk"))
    allocation = FeeAllocation.objects.filter(case=case).select_related("decided_by").first()
    shares = []
    if allocation is not None:
        shares = list(allocation.shares.select_related("case_party__party")
                      .annotate(paid_fen=Sum("entries__amount_fen", filter=Q(entries__kind=EntryKind.PAYMENT),
                                             default=0))
                      .order_by("pk"))
        for share in shares:
            share.owing_fen = share.receivable_fen - share.paid_fen
    refunds = list(RefundOrder.objects.filter(case=case).select_related("case_party__party", "paid_by")
                   .order_by("due_on", "pk"))
    reliefs = list(FeeRelief.objects.filter(case=case).select_related("case_party__party", "decided_by")
                   .order_by("pk"))
    by_kind = {kind: 0 for kind in EntryKind.values}
    for entry in entries:
        by_kind[entry.kind] += entry.amount_fen
    totals = {
        "charged_fen": sum(c.fee_fen for c in charges),
        "prepaid_fen": by_kind[EntryKind.PREPAYMENT],
        "outstanding_prepayment_fen": sum(c.outstanding_fen for c in charges),
        "receivable_fen": sum(s.receivable_fen for s in shares),
        "received_fen": by_kind[EntryKind.PAYMENT],
        "owing_fen": sum(s.owing_fen for s in shares),
        "refund_ordered_fen": sum(r.amount_fen for r in refunds),
        "refunded_fen": by_kind[EntryKind.REFUND],
        "refund_pending_fen": sum(r.amount_fen for r in refunds if r.status == RefundStatus.PENDING),
        "pending_reliefs": sum(1 for r in reliefs if r.status == ReliefStatus.APPLIED),
    }
    return CaseFeeLedger(case=case, charges=charges, entries=entries, allocation=allocation, shares=shares,
                         refunds=refunds, reliefs=reliefs, totals=totals)


@dataclass(frozen=True)
class RefundFilters:
    status: str = ""
    kind: str = ""
    is_overdue: bool | None = None
    due_from: date | None = None
    due_to: date | None = None
    q: str = ""


def refund_order_list(*, user, filters: RefundFilters = RefundFilters(), today: date):
    """The refund ledger (退费台账) of the cases the user may see, oldest due first. ``is_overdue``: still pending
    after its due day. Each row carries ``is_late`` (pending and overdue, or paid after the due day)."""
    qs = (RefundOrder.objects.filter(case__in=Case.objects.filter(case_scope_q(user)).values("pk"))
          .select_related("case", "case_party__party", "paid_by", "case__department"))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.is_overdue is True:
        qs = qs.filter(status=RefundStatus.PENDING, due_on__lt=today)
    elif filters.is_overdue is False:
        qs = qs.exclude(status=RefundStatus.PENDING, due_on__lt=today)
    if filters.due_from:
        qs = qs.filter(due_on__gte=filters.due_from)
    if filters.due_to:
        qs = qs.filter(due_on__lte=filters.due_to)
    if filters.q.strip():
        term = filters.q.strip()
        qs = qs.filter(Q(case__case_number__icontains=term) | Q(case_party__party__name__icontains=term))
    return qs.order_by("due_on", "pk")


def refund_orders_overdue(*, user, today: date):
    """Refunds still unpaid after their due day — the alert list for finance and the leadership."""
    return refund_order_list(user=user, filters=RefundFilters(is_overdue=True), today=today)


def refund_timeliness(*, user, paid_from: date | None = None, paid_to: date | None = None) -> dict:
    """Indicator (plan measure 34): of the refunds on winning paid in the period, how many were paid by their due
    day (one working day after the judgment). One aggregate query."""
    qs = RefundOrder.objects.filter(case__in=Case.objects.filter(case_scope_q(user)).values("pk"),
                                    kind=RefundKind.WINNING, status=RefundStatus.PAID)
    if paid_from:
        qs = qs.filter(paid_on__gte=paid_from)
    if paid_to:
        qs = qs.filter(paid_on__lte=paid_to)
    row = qs.aggregate(paid=Count("pk"), on_time=Count("pk", filter=Q(paid_on__lte=F("due_on"))),
                       paid_fen=Sum("amount_fen", default=0))
    rate = round(row["on_time"] * 100 / row["paid"], 1) if row["paid"] else None
    return {"paid": row["paid"], "on_time": row["on_time"], "on_time_rate": rate, "paid_fen": row["paid_fen"]}
