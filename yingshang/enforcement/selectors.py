"""Reads for enforcement: the officer's workbench, a party's view, overdue payouts, reconciliation and the
indicator data (实际执行到位率, 执行完毕率, average days to close, payout and reply timeliness)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum

from yingshang.cases.choices import ClosingManner, OPEN_STATUSES
from yingshang.cases.permissions import case_scope_q
from yingshang.enforcement import conf, domain
from yingshang.enforcement.choices import DeferralStatus, LedgerAccount, PayoutStatus, TransactionKind
from yingshang.enforcement.models import (
    Deferral, EnforcementCase, GridTask, InstalmentItem, LedgerPosting, LedgerTransaction, Node, PartyMessage, Payout,
    Sanction,
)


def enforcement_list_for_user(*, user):
    return (EnforcementCase.objects.filter(case__in=_cases(user)).select_related("case", "case__judge")
            .order_by("-case__filed_on"))


def _cases(user):
    from yingshang.cases.models import Case

    return Case.objects.filter(case_scope_q(user)).values("pk")


def nodes_for(enforcement: EnforcementCase):
    return Node.objects.filter(enforcement=enforcement).select_related("actor")


def transactions_for(enforcement: EnforcementCase):
    return LedgerTransaction.objects.filter(enforcement=enforcement).select_related("counterparty", "created_by")


def payouts_pending_for_user(*, user):
    return Payout.objects.filter(status=PayoutStatus.PENDING, enforcement__case__in=_cases(user)).select_related(
        "enforcement__case", "creditor", "maker")


def messages_due_for_user(*, user):
    return PartyMessage.objects.filter(replied_on__isnull=True, enforcement__case__in=_cases(user)).select_related(
        "enforcement__case", "author").order_by("due_on")


def messages_for_case(*, enforcement: EnforcementCase, user):
    qs = PartyMessage.objects.filter(enforcement=enforcement).select_related("author", "replied_by")
    if not (user.is_court_staff or user.is_superuser):
        qs = qs.filter(author=user)
    return qs


@dataclass(frozen=True)
class PayoutDue:
    enforcement: EnforcementCase
    oldest_unpaid_on: date
    due_on: date
    deferred_until: date | None
    is_overdue: bool


def payouts_due(*, user, today: date) -> list[PayoutDue]:
    """Accounts holding money: when the oldest unpaid money arrived (FIFO), the payout deadline (arrival + the
    setting, 30 days by default), an approved deferral, and whether it is overdue."""
    scope = EnforcementCase.objects.filter(balance_fen__gt=0)
    if user is not None:  # None: the system's daily scan over every account
        scope = scope.filter(case__in=_cases(user))
    accounts = list(scope.select_related("case", "case__judge"))
    receipts: dict[int, list] = {}
    for enf_id, on, amount in LedgerTransaction.objects.filter(
            enforcement__in=accounts, kind=TransactionKind.RECEIPT).values_list("enforcement_id", "occurred_on",
                                                                                 "amount_fen"):
        receipts.setdefault(enf_id, []).append((on, amount))
    deferrals = dict(Deferral.objects.filter(enforcement__in=accounts, status=DeferralStatus.APPROVED,
                                             deferred_until__gte=today)
                     .values_list("enforcement_id", "deferred_until"))
    out = []
    for account in accounts:
        oldest = domain.oldest_unpaid_arrival(receipts.get(account.pk, []),
                                              account.received_fen - account.balance_fen)
        if oldest is None:
            continue
        due = domain.payout_due_on(oldest, conf.payout_days())
        deferred = deferrals.get(account.pk)
        out.append(PayoutDue(account, oldest, due, deferred, today > due and not deferred))
    return sorted(out, key=lambda d: d.due_on)


def reconciliation(*, day: date) -> dict:
    """The day's movements by kind and the ledger invariants: every transaction balances (Σ postings = 0) and the
    case balances equal minus the case-account postings."""
    moves = {row["kind"]: row["total"] or 0 for row in
             LedgerTransaction.objects.filter(occurred_on=day).values("kind").annotate(total=Sum("amount_fen"))}
    unbalanced = (LedgerPosting.objects.values("transaction_id").annotate(s=Sum("amount_fen")).exclude(s=0).count())
    case_postings = LedgerPosting.objects.filter(account=LedgerAccount.CASE).aggregate(s=Sum("amount_fen"))["s"] or 0
    balances = EnforcementCase.objects.aggregate(s=Sum("balance_fen"))["s"] or 0
    return {"day": day, "receipts_fen": moves.get(TransactionKind.RECEIPT, 0),
            "payouts_fen": moves.get(TransactionKind.PAYOUT, 0),
            "fees_fen": moves.get(TransactionKind.FEE_DEDUCTION, 0),
            "refunds_fen": moves.get(TransactionKind.REFUND, 0),
            "total_balance_fen": balances, "unbalanced_transactions": unbalanced,
            "balances_match_postings": balances == -case_postings}


def indicator_data(*, date_from: date, date_to: date, department_id: int | None = None) -> dict:
    """Enforcement indicator inputs for cases closed (or messages received, payouts made) in the period:
    实际执行到位率 = delivered ÷ applied; 执行完毕率; average days to close fully enforced cases; share of payouts
    within the deadline; share of messages answered within 3 working days."""
    closed = EnforcementCase.objects.filter(case__closed_on__gte=date_from, case__closed_on__lte=date_to)
    if department_id:
        closed = closed.filter(case__department_id=department_id)
    money = closed.aggregate(applied=Sum("amount_applied_fen"), delivered=Sum("paid_out_fen"), n=Count("id"),
                             full=Count("id", filter=Q(case__closing_manner=ClosingManner.FULLY_ENFORCED)))
    duration = ExpressionWrapper(F("case__closed_on") - F("case__filed_on"), output_field=DurationField())
    avg = closed.filter(case__closing_manner=ClosingManner.FULLY_ENFORCED).aggregate(d=Avg(duration))["d"]
    messages = PartyMessage.objects.filter(received_on__gte=date_from, received_on__lte=date_to,
                                           replied_on__isnull=False)
    replies = messages.aggregate(n=Count("id"), on_time=Count("id", filter=Q(replied_on__lte=F("due_on"))))
    return {
        "closed_cases": money["n"], "applied_fen": money["applied"] or 0, "delivered_fen": money["delivered"] or 0,
        "fully_enforced_cases": money["full"],
        "average_days_to_full_enforcement": _days(avg),
        "messages_replied": replies["n"], "messages_replied_on_time": replies["on_time"],
    }


def _days(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86_400_000_000, 1)  # SQLite returns microseconds


def missed_instalments(*, user, today: date):
    return (InstalmentItem.objects.filter(plan__is_active=True, paid_on__isnull=True, due_on__lt=today,
                                          plan__enforcement__case__in=_cases(user))
            .select_related("plan__enforcement__case").order_by("due_on"))


def sanctions_public():
    """The publicity list of refusal-to-enforce sanctions (measure 18)."""
    return Sanction.objects.filter(is_public=True).select_related("target", "enforcement__case").order_by("-decided_on")


def grid_tasks_for_worker(*, user):
    return GridTask.objects.filter(worker=user).select_related("enforcement__case").order_by("status", "due_on")


def open_enforcement_count(*, user) -> int:
    return EnforcementCase.objects.filter(case__in=_cases(user), case__status__in=OPEN_STATUSES).count()
