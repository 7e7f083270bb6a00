"""Writes for the fee ledger. Each service authorizes, loads (locking what it changes), validates with the pure
rules, then writes the rows, the audit event and the case timeline event in one transaction. A refusal writes
nothing.

Hook for the lead: call ``refund_on_judgment(case_id=case.pk, actor=actor)`` from
``cases.services.case_status_change`` after a case is closed with closing manner ``judgment`` (same transaction).
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Sum

from yingshang.audit.services import audit_record
from yingshang.cases.choices import CaseEventKind, CaseStatus, ClosingManner, OrganisationKind, PartyRole, Procedure
from yingshang.cases.models import Case, CaseParty
from yingshang.cases.permissions import access_case, can_write_case
from yingshang.cases.services import case_event_write
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.core.money import fen_to_yuan
from yingshang.fees import conf, domain
from yingshang.fees.choices import (
    ACCEPTANCE_FEE_TYPES, AllocationManner, EntryKind, FeeOutcome, FeeProcedure, FeeType, RefundKind, RefundStatus,
    ReliefGround, ReliefKind, ReliefStatus,
)
from yingshang.fees.errors import FeeError
from yingshang.fees.models import FeeAllocation, FeeCharge, FeeEntry, FeeRelief, FeeShare, RefundOrder
from yingshang.fees.permissions import (
    access_case_fees_for_write, access_charge, access_refund, access_relief, access_share, can_decide_relief,
    represents, require_finance,
)
from yingshang.notifications.services import notification_enqueue

PLAINTIFF_ROLES = {PartyRole.PLAINTIFF, PartyRole.APPELLANT, PartyRole.APPLICANT, PartyRole.CREDITOR}
DEFENDANT_ROLES = {PartyRole.DEFENDANT, PartyRole.APPELLEE, PartyRole.RESPONDENT, PartyRole.DEBTOR}

# Application fees are paid after the event, not prepaid (FM 20): execution, bankruptcy.
NOT_PREPAID = {FeeType.EXECUTION, FeeType.BANKRUPTCY}

_MANNER_OF_CLOSING = {ClosingManner.JUDGMENT: AllocationManner.JUDGMENT,
                      ClosingManner.MEDIATION: AllocationManner.MEDIATION,
                      ClosingManner.WITHDRAWAL: AllocationManner.WITHDRAWAL}
_OUTCOME_OF_MANNER = {AllocationManner.JUDGMENT: None, AllocationManner.MEDIATION: FeeOutcome.MEDIATED,
                      AllocationManner.WITHDRAWAL: FeeOutcome.WITHDRAWN}


def fee_procedure_of(case_procedure: str) -> str:
    """The fee procedure for a case procedure: simple and small claims halve (FM 16); everything else is charged
    in full. (速裁 is not mapped: it is not itself a procedure of the CPL; the court records simple or ordinary.)"""
    if case_procedure == Procedure.SIMPLE:
        return FeeProcedure.SIMPLE
    if case_procedure == Procedure.SMALL_CLAIMS:
        return FeeProcedure.SMALL_CLAIMS
    return FeeProcedure.ORDINARY


def side_of(role: str) -> str:
    if role in PLAINTIFF_ROLES:
        return domain.PLAINTIFF_SIDE
    if role in DEFENDANT_ROLES:
        return domain.DEFENDANT_SIDE
    return domain.OTHER_SIDE


def _lock_case(case_id: int) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def _case_party(case: Case, case_party_id) -> CaseParty:
    party = CaseParty.objects.select_related("party").filter(pk=case_party_id, case=case).first()
    if party is None:
        raise DomainError(FeeError.PARTY_NOT_IN_CASE, "该当事人不属于本案", {"case_party_id": case_party_id},
                          status=422)
    return party


def _check_positive(amount_fen: int) -> None:
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
        raise DomainError(FeeError.AMOUNT_NOT_POSITIVE, "金额必须大于零", {"amount_fen": amount_fen}, status=422)


def _check_not_future(on: date, label: str) -> None:
    if on > court_today():
        raise DomainError(FeeError.PAID_DATE_IN_FUTURE, f"{label}不能晚于今天", {"date": on.isoformat()}, status=422)


def _timeline(case: Case, actor, description: str, data: dict, on: date | None = None) -> None:
    case_event_write(case=case, kind=CaseEventKind.NOTE, occurred_on=on or court_today(), actor=actor,
                     description=description, data={"app": "fees", **data})


def _charge_snapshot(charge: FeeCharge) -> dict:
    return {"fee_type": charge.fee_type, "basis_amount_fen": charge.basis_amount_fen, "procedure": charge.procedure,
            "fee_fen": charge.fee_fen, "payer_id": charge.payer_id, "basis": charge.basis}


# --- Charges and money in ------------------------------------------------------------------------------

@transaction.atomic
def fee_charge_create(*, case_id: int, fee_type: str, payer_case_party_id: int, actor, amount_fen: int | None = None,
                      is_counterclaim: bool = False) -> FeeCharge:
    """Issue a fee (交费通知): computed by the calculator on the case's current procedure, charged to the party who
    must prepay it. Execution and bankruptcy fees are not prepaid (FM 20). Audit: fees.charge_created."""
    access_case_fees_for_write(actor, case_id)
    case = _lock_case(case_id)
    payer = _case_party(case, payer_case_party_id)
    is_acceptance = fee_type in ACCEPTANCE_FEE_TYPES
    procedure = fee_procedure_of(case.procedure) if is_acceptance else FeeProcedure.ORDINARY
    quote = domain.fee_quote(fee_type=fee_type, amount_fen=amount_fen,
                             procedure=procedure if is_acceptance else None, is_counterclaim=is_counterclaim,
                             local=conf.local_fees())
    if is_acceptance and FeeAllocation.objects.filter(case=case).exists():
        raise DomainError(FeeError.ALLOCATION_EXISTS, "诉讼费负担已确定，不能再增加案件受理费", status=409)
    charge = FeeCharge.objects.create(
        case=case, payer=payer, fee_type=quote.fee_type, basis_amount_fen=amount_fen, procedure=procedure,
        is_counterclaim=is_counterclaim, fee_fen=quote.fee_fen, full_fee_fen=quote.full_fee_fen,
        steps=list(quote.steps), basis=quote.basis[:500], requires_prepayment=fee_type not in NOT_PREPAID,
        created_by=actor)
    audit_record(actor=actor, action="fees.charge_created", target=charge, after=_charge_snapshot(charge),
                 case_id=case.pk)
    _timeline(case, actor, f"开具{charge.get_fee_type_display()} {fen_to_yuan(charge.fee_fen)} 元"
                           f"（预交人：{payer.party.name}）", {"charge_id": charge.pk})
    return charge


def _sum(qs) -> int:
    return qs.aggregate(total=Sum("amount_fen"))["total"] or 0


@transaction.atomic
def fee_prepayment_record(*, charge_id: int, amount_fen: int, received_on: date, actor, note: str = "") -> FeeEntry:
    """Finance records money prepaid against a charge (预交). More than is still due is refused, as is a
    prepayment after the fee has been shared. Audit: fees.prepayment_recorded."""
    require_finance(actor)
    charge = access_charge(actor, charge_id, lock=True)
    _check_positive(amount_fen)
    _check_not_future(received_on, "到账日期")
    if charge.fee_type in ACCEPTANCE_FEE_TYPES and FeeAllocation.objects.filter(case_id=charge.case_id).exists():
        raise DomainError(FeeError.ALLOCATION_EXISTS, "诉讼费负担已确定，预交款请按应收款登记", status=409)
    paid = _sum(charge.entries.filter(kind=EntryKind.PREPAYMENT))
    outstanding = charge.fee_fen - paid
    if amount_fen > outstanding:
        raise DomainError(FeeError.OVERPAYMENT, f"超过尚未预交的金额（{fen_to_yuan(outstanding)} 元）",
                          {"outstanding_fen": outstanding, "amount_fen": amount_fen}, status=422)
    entry = FeeEntry.objects.create(case_id=charge.case_id, case_party_id=charge.payer_id, kind=EntryKind.PREPAYMENT,
                                    amount_fen=amount_fen, charge=charge, occurred_on=received_on,
                                    recorded_at=court_now(), recorded_by=actor, note=note[:200])
    audit_record(actor=actor, action="fees.prepayment_recorded", target=entry, case_id=charge.case_id,
                 before={"prepaid_fen": paid}, after={"prepaid_fen": paid + amount_fen, "received_on": received_on})
    return entry


@transaction.atomic
def fee_payment_record(*, share_id: int, amount_fen: int, received_on: date, actor, note: str = "") -> FeeEntry:
    """Finance records the losing party paying what it owes (应收). More than is outstanding is refused.
    Audit: fees.payment_recorded."""
    require_finance(actor)
    share = access_share(actor, share_id, lock=True)
    _check_positive(amount_fen)
    _check_not_future(received_on, "到账日期")
    paid = _sum(share.entries.filter(kind=EntryKind.PAYMENT))
    outstanding = share.receivable_fen - paid
    if amount_fen > outstanding:
        raise DomainError(FeeError.OVERPAYMENT, f"超过尚欠的应收金额（{fen_to_yuan(outstanding)} 元）",
                          {"outstanding_fen": outstanding, "amount_fen": amount_fen}, status=422)
    case = share.allocation.case
    entry = FeeEntry.objects.create(case=case, case_party_id=share.case_party_id, kind=EntryKind.PAYMENT,
                                    amount_fen=amount_fen, share=share, occurred_on=received_on,
                                    recorded_at=court_now(), recorded_by=actor, note=note[:200])
    audit_record(actor=actor, action="fees.payment_recorded", target=entry, case_id=case.pk,
                 before={"paid_fen": paid}, after={"paid_fen": paid + amount_fen, "received_on": received_on})
    return entry


# --- Sharing at closing and refunds ----------------------------------------------------------------------

def _allocation_inputs(case: Case, manner: str) -> tuple[int, int | None, list[domain.ShareInput]]:
    """Total acceptance fee after the closing (FM 15 halving recomputed from the charges' inputs on the case's
    current procedure), the amount claimed, and each party's side, prepayment and approved relief."""
    charges = list(case.fee_charges.filter(fee_type__in=ACCEPTANCE_FEE_TYPES).order_by("pk"))
    if not charges:
        raise DomainError(FeeError.NO_CHARGES, "本案尚未开具案件受理费，无法确定负担", status=422)
    local = conf.local_fees()
    outcome = _OUTCOME_OF_MANNER[manner]
    total = 0
    for charge in charges:
        total += domain.fee_quote(fee_type=charge.fee_type, amount_fen=charge.basis_amount_fen,
                                  procedure=fee_procedure_of(case.procedure), outcome=outcome,
                                  is_counterclaim=charge.is_counterclaim, local=local).fee_fen
    property_claims = [c.basis_amount_fen for c in charges
                       if c.fee_type == FeeType.ACCEPTANCE and not c.is_counterclaim and c.basis_amount_fen]
    claimed = sum(property_claims) if property_claims else None
    prepaid = dict(FeeEntry.objects.filter(case=case, kind=EntryKind.PREPAYMENT, charge__in=charges).order_by()
                   .values("case_party_id").annotate(total=Sum("amount_fen")).values_list("case_party_id", "total"))
    reliefs: dict[int, tuple[str, int]] = {}
    for relief in FeeRelief.objects.filter(case=case, status=ReliefStatus.APPROVED).order_by("pk"):
        if relief.ground == ReliefGround.WITHDRAWAL and manner != AllocationManner.WITHDRAWAL:
            continue  # the withdrawal waiver only applies if the case did end by withdrawal
        if relief.kind == ReliefKind.WAIVER:
            reliefs[relief.case_party_id] = ("waiver", 0)
        elif relief.kind == ReliefKind.REDUCTION and reliefs.get(relief.case_party_id, ("", 0))[0] != "waiver":
            previous = reliefs.get(relief.case_party_id, ("reduction", 0))[1]
            reliefs[relief.case_party_id] = ("reduction", previous + (relief.amount_fen or 0))
    parties = [domain.ShareInput(party_id=cp.pk, side=side_of(cp.role), prepaid_fen=prepaid.get(cp.pk, 0),
                                 label=f"{cp.get_role_display()}{cp.party.name}",
                                 relief=reliefs.get(cp.pk, (None, 0))[0], relief_fen=reliefs.get(cp.pk, (None, 0))[1])
               for cp in case.case_parties.select_related("party").order_by("pk")]
    return total, claimed, parties


@transaction.atomic
def fee_allocation_record(*, case_id: int, manner: str, actor, awarded_fen: int | None = None,
                          plaintiff_prevails: bool | None = None, override: dict[int, int] | None = None,
                          reason: str = "") -> FeeAllocation:
    """Fix who bears the acceptance fee (FM 29–34), once per case, and settle each party against what it prepaid.

    A judgment's sharing may be recorded while the judgment is drafted (case still open) or after closing; a
    mediation's or withdrawal's only after the case closed that way. Pending relief applications must be decided
    first. If the case is already closed, the refund orders are created at once (judgment: refund_on_judgment,
    one working day; mediation/withdrawal: FM 53, within FEES_HALVING_REFUND_DAYS). Audit: fees.allocation_recorded.
    """
    access_case_fees_for_write(actor, case_id)
    case = _lock_case(case_id)
    try:
        manner = AllocationManner(manner)
    except ValueError:
        raise DomainError(FeeError.MANNER_MISMATCH, "结案方式应为判决、调解或撤诉", {"manner": manner}, status=422)
    if FeeAllocation.objects.filter(case=case).exists():
        raise DomainError(FeeError.ALLOCATION_EXISTS, "本案诉讼费负担已确定；计算有误的，请按复核程序更正（《办法》第四十三条）",
                          status=409)
    if case.status in (CaseStatus.CLOSED, CaseStatus.ARCHIVED):
        if _MANNER_OF_CLOSING.get(case.closing_manner) != manner:
            raise DomainError(FeeError.MANNER_MISMATCH,
                              f"本案结案方式为{case.get_closing_manner_display() or '未记录'}，与所选不一致",
                              {"closing_manner": case.closing_manner, "manner": manner}, status=422)
    elif manner != AllocationManner.JUDGMENT:
        raise DomainError(FeeError.CASE_NOT_CLOSED, "调解、撤诉的诉讼费负担须在结案后登记", status=422)
    if FeeRelief.objects.filter(case=case, status=ReliefStatus.APPLIED).exists():
        raise DomainError(FeeError.RELIEF_PENDING, "本案有尚未审批的缓减免申请，请先作出决定", status=409)
    total, claimed, parties = _allocation_inputs(case, manner)
    result = domain.allocate_fee(total_fee_fen=total, manner=manner, parties=parties, claimed_fen=claimed,
                                 awarded_fen=awarded_fen, plaintiff_prevails=plaintiff_prevails,
                                 override=override, override_reason=reason)
    allocation = FeeAllocation.objects.create(
        case=case, manner=manner, total_fee_fen=result.total_fee_fen, claimed_fen=claimed, awarded_fen=awarded_fen,
        plaintiff_prevails=plaintiff_prevails, is_override=result.is_override, reason=reason.strip(),
        steps=list(result.steps), basis=result.basis[:500], decided_by=actor)
    FeeShare.objects.bulk_create([
        FeeShare(allocation=allocation, case_party_id=s.party_id, borne_fen=s.borne_fen, prepaid_fen=s.prepaid_fen,
                 refund_fen=s.refund_fen, receivable_fen=s.receivable_fen, relieved_fen=s.relieved_fen)
        for s in result.shares])
    audit_record(actor=actor, action="fees.allocation_recorded", target=allocation, case_id=case.pk,
                 after={"manner": manner, "total_fee_fen": result.total_fee_fen, "is_override": result.is_override,
                        "shares": {str(s.party_id): s.borne_fen for s in result.shares}},
                 reason=reason.strip())
    _timeline(case, actor, f"确定诉讼费负担：合计 {fen_to_yuan(result.total_fee_fen)} 元"
                           + ("（法院另行决定）" if result.is_override else ""), {"allocation_id": allocation.pk})
    if case.status in (CaseStatus.CLOSED, CaseStatus.ARCHIVED):
        if manner == AllocationManner.JUDGMENT:
            _create_winning_refunds(case, allocation, actor)
        else:
            _create_halving_refunds(case, allocation, actor)
    return allocation


def refund_due_on_judgment(closed_on: date) -> date:
    """胜诉即退费 (plan measure 34): the refund is paid within one working day of the judgment closing the case."""
    from yingshang.calendar.selectors import period_deadline

    return period_deadline(start=closed_on, working_days=1).deadline


def _create_refund(case: Case, share: FeeShare, kind: str, due_on: date, actor, note: str) -> RefundOrder:
    order = RefundOrder.objects.create(case=case, case_party_id=share.case_party_id, share=share, kind=kind,
                                       amount_fen=share.refund_fen, due_on=due_on, created_by=actor, note=note)
    audit_record(actor=actor, action="fees.refund_order_created", target=order, case_id=case.pk,
                 after={"kind": kind, "amount_fen": order.amount_fen, "due_on": due_on,
                        "case_party_id": share.case_party_id})
    _timeline(case, actor, f"生成退费单：{share.case_party.party.name} {fen_to_yuan(order.amount_fen)} 元，"
                           f"应于{due_on.year}年{due_on.month}月{due_on.day}日前退付", {"refund_order_id": order.pk})
    return order


def _open_shares(allocation: FeeAllocation):
    return (allocation.shares.select_related("case_party__party").filter(refund_fen__gt=0, refund_order__isnull=True)
            .order_by("pk"))


def _create_winning_refunds(case: Case, allocation: FeeAllocation, actor) -> list[RefundOrder]:
    due_on = refund_due_on_judgment(case.closed_on)
    return [_create_refund(case, share, RefundKind.WINNING, due_on, actor,
                           "胜诉退费：一次、全案、全额退还预交而不应负担的诉讼费（《民诉法解释》第二百零七条）")
            for share in _open_shares(allocation)]


def _create_halving_refunds(case: Case, allocation: FeeAllocation, actor) -> list[RefundOrder]:
    due_on = case.closed_on + timedelta(days=conf.halving_refund_days())
    orders = []
    for share in _open_shares(allocation):
        kind = RefundKind.WAIVER if share.relieved_fen else RefundKind.HALVING
        orders.append(_create_refund(case, share, kind, due_on, actor,
                                     "调解、撤诉减半或免交后多预交的部分，自法律文书生效之日起十五日内退还"
                                     "（《诉讼费用交纳办法》第十五条、第五十三条）"))
    return orders


@transaction.atomic
def refund_on_judgment(*, case_id: int, actor) -> list[RefundOrder]:
    """Refund on winning (胜诉即退费, plan measure 34): when a judgment has closed the case, every party who prepaid
    more than the judgment makes it bear gets one refund order for the whole case and the full amount, due one
    working day after closing (calendar.period_deadline(start=closed_on, working_days=1)).

    Idempotent and tolerant, so it can be called on every closing: it does nothing (returns []) when the case is
    not closed by judgment, when the fee sharing is not recorded yet (recording it later creates the orders), or
    when the orders exist already. Court staff only. Audit: fees.refund_order_created per order.
    """
    case = access_case(actor, case_id)
    if not (actor.is_superuser or actor.is_court_staff):
        raise PermissionDenied(FeeError.WRITE_DENIED, "只有法院工作人员可以办理退费")
    case = _lock_case(case.pk)
    if case.status not in (CaseStatus.CLOSED, CaseStatus.ARCHIVED) or case.closing_manner != ClosingManner.JUDGMENT:
        return []
    allocation = FeeAllocation.objects.filter(case=case).first()
    if allocation is None or allocation.manner != AllocationManner.JUDGMENT:
        return []
    return _create_winning_refunds(case, allocation, actor)


def refund_on_judgment_hook(*, case, actor, **change) -> None:
    """Registered in cases.services.CASE_STATUS_HOOKS: every close by judgment computes the refund on winning in
    the closing transaction."""
    if case.status == CaseStatus.CLOSED and case.closing_manner == ClosingManner.JUDGMENT:
        refund_on_judgment(case_id=case.pk, actor=actor)


@transaction.atomic
def refund_order_mark_paid(*, refund_id: int, paid_on: date, actor) -> RefundOrder:
    """Finance marks a refund order paid (退付). Paid once; the date cannot be in the future nor before the order's
    case closed. Writes a 退费 ledger entry and tells the party (notifications outbox, template fees.refund_order,
    sent after commit). Audit: fees.refund_order_paid."""
    require_finance(actor)
    order = access_refund(actor, refund_id, lock=True)
    _check_not_future(paid_on, "退付日期")
    if order.status == RefundStatus.PAID:
        raise DomainError(FeeError.REFUND_ALREADY_PAID, "该退费单已退付", {"paid_on": order.paid_on.isoformat()},
                          status=409)
    if order.case.closed_on and paid_on < order.case.closed_on:
        raise DomainError(FeeError.PAID_DATE_IN_FUTURE, "退付日期不能早于结案日期", status=422)
    before = {"status": order.status, "paid_on": None}
    order.status, order.paid_on, order.paid_by = RefundStatus.PAID, paid_on, actor
    order.save(update_fields=["status", "paid_on", "paid_by", "updated_at"])
    FeeEntry.objects.create(case=order.case, case_party_id=order.case_party_id, kind=EntryKind.REFUND,
                            amount_fen=order.amount_fen, refund_order=order, share_id=order.share_id,
                            occurred_on=paid_on, recorded_at=court_now(), recorded_by=actor)
    audit_record(actor=actor, action="fees.refund_order_paid", target=order, case_id=order.case_id, before=before,
                 after={"status": order.status, "paid_on": paid_on, "on_time": paid_on <= order.due_on})
    _timeline(order.case, actor, f"退费 {fen_to_yuan(order.amount_fen)} 元已退付", {"refund_order_id": order.pk},
              on=paid_on)
    notification_enqueue(recipient_party=order.case_party.party, template_code="fees.refund_order",
                         context={"case_number": order.case.case_number, "amount_yuan": fen_to_yuan(order.amount_fen),
                                  "date": paid_on},
                         case=order.case, idempotency_key=f"fees.refund_order:{order.pk}")
    return order


# --- Relief: deferral, reduction, waiver (FM 44–51; plan measure 35) ---------------------------------------

def _relief_snapshot(relief: FeeRelief) -> dict:
    return {"kind": relief.kind, "ground": relief.ground, "status": relief.status, "amount_fen": relief.amount_fen,
            "deferred_until": relief.deferred_until, "case_party_id": relief.case_party_id}


@transaction.atomic
def fee_relief_apply(*, case_id: int, case_party_id: int, kind: str, ground: str, reason: str, actor,
                     amount_fen: int | None = None, deferred_until: date | None = None) -> FeeRelief:
    """Record an application for 缓交 / 减交 / 免交, by the party itself (portal) or by court staff for it.

    - Withdrawal (plan measure 35): a waiver of the acceptance fee, granted on application; only while the court
      follows the plan (FEES_WITHDRAWAL_WAIVER_ON_APPLICATION), otherwise the statute's halving applies (FM 15).
    - Bankruptcy: an enterprise in bankruptcy applies to waive the bankruptcy application fee and the fees of
      derivative suits (plan measure 35).
    - Hardship: waiver, reduction (at least 30%, FM 46) or deferral; decided by the 院长 (院长办公会).
    Audit: fees.relief_applied.
    """
    case = access_case(actor, case_id)
    case = _lock_case(case.pk)
    party = _case_party(case, case_party_id)
    if not (can_write_case(actor, case) or represents(actor, party)):
        raise PermissionDenied(FeeError.WRITE_DENIED, "只能为本人（或所代理的当事人）申请，或由承办人员代为登记")
    try:
        kind, ground = ReliefKind(kind), ReliefGround(ground)
    except ValueError:
        raise DomainError(FeeError.RELIEF_KIND_NOT_ALLOWED, "申请类型或事由不正确", {"kind": kind, "ground": ground},
                          status=422)
    if not reason.strip():
        raise DomainError(FeeError.RELIEF_REASON_REQUIRED, "请填写申请理由", status=422)
    if FeeAllocation.objects.filter(case=case).exists():
        raise DomainError(FeeError.ALLOCATION_EXISTS, "诉讼费负担已确定，不能再申请缓减免", status=409)
    if ground == ReliefGround.WITHDRAWAL:
        if not conf.withdrawal_waiver_on_application():
            raise DomainError(FeeError.RELIEF_WITHDRAWAL_WAIVER_DISABLED,
                              "本院撤诉案件按《诉讼费用交纳办法》第十五条减半收取案件受理费，不另行免交", status=422)
        if kind != ReliefKind.WAIVER or side_of(party.role) != domain.PLAINTIFF_SIDE:
            raise DomainError(FeeError.RELIEF_KIND_NOT_ALLOWED, "因撤诉申请的，只能由原告（上诉人）申请免交案件受理费",
                              status=422)
    if ground == ReliefGround.BANKRUPTCY:
        if party.party.organisation_kind != OrganisationKind.ENTERPRISE:
            raise DomainError(FeeError.RELIEF_NOT_ENTERPRISE, "只有进入破产程序的企业可以此事由申请免交", status=422)
        if kind != ReliefKind.WAIVER:
            raise DomainError(FeeError.RELIEF_KIND_NOT_ALLOWED, "进入破产程序的企业申请的是免交", status=422)
    if kind == ReliefKind.REDUCTION:
        if not amount_fen:
            raise DomainError(FeeError.RELIEF_AMOUNT_REQUIRED, "减交须填写减交金额", status=422)
        _check_positive(amount_fen)
        fee_fen = sum(case.fee_charges.filter(fee_type__in=ACCEPTANCE_FEE_TYPES).values_list("fee_fen", flat=True))
        if fee_fen:
            domain.check_reduction(fee_fen=fee_fen, reduction_fen=amount_fen)
    else:
        amount_fen = None
    if kind == ReliefKind.DEFERRAL:
        if deferred_until is None or deferred_until <= court_today():
            raise DomainError(FeeError.RELIEF_DATE_REQUIRED, "缓交须填写今天以后的缓交期限", status=422)
    else:
        deferred_until = None
    relief = FeeRelief.objects.create(case=case, case_party=party, kind=kind, ground=ground, amount_fen=amount_fen,
                                      deferred_until=deferred_until, application_reason=reason.strip(),
                                      applied_by=actor)
    audit_record(actor=actor, action="fees.relief_applied", target=relief, case_id=case.pk,
                 after=_relief_snapshot(relief), reason=reason.strip())
    _timeline(case, actor, f"{party.party.name}申请{relief.get_kind_display()}诉讼费（{relief.get_ground_display()}）",
              {"relief_id": relief.pk})
    return relief


@transaction.atomic
def fee_relief_decide(*, relief_id: int, approve: bool, actor, reason: str = "") -> FeeRelief:
    """Decide an application. Hardship: the 院长 only (院长办公会). A refusal must give its reason in writing
    (FM 48). The decision is entered on the case timeline and the applicant is told (notifications outbox).
    Audit: fees.relief_decided."""
    relief = access_relief(actor, relief_id, lock=True)
    if not can_decide_relief(actor, relief):
        if relief.ground == ReliefGround.HARDSHIP:
            raise PermissionDenied(FeeError.PRESIDENT_ONLY, "确有困难申请免交、减交、缓交的，须经院长办公会讨论，由院长审批")
        raise PermissionDenied(FeeError.WRITE_DENIED, "您无权审批该申请")
    if relief.status != ReliefStatus.APPLIED:
        raise DomainError(FeeError.RELIEF_ALREADY_DECIDED, "该申请已作出决定", {"status": relief.status}, status=409)
    if not approve and not reason.strip():
        raise DomainError(FeeError.RELIEF_REASON_REQUIRED, "不予准许的，须书面说明理由（《诉讼费用交纳办法》第四十八条）",
                          status=422)
    if FeeAllocation.objects.filter(case_id=relief.case_id).exists():
        raise DomainError(FeeError.ALLOCATION_EXISTS, "诉讼费负担已确定，不能再审批缓减免", status=409)
    before = _relief_snapshot(relief)
    relief.status = ReliefStatus.APPROVED if approve else ReliefStatus.REFUSED
    relief.decided_by, relief.decided_at, relief.decision_reason = actor, court_now(), reason.strip()
    relief.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
    audit_record(actor=actor, action="fees.relief_decided", target=relief, case_id=relief.case_id, before=before,
                 after=_relief_snapshot(relief), reason=reason.strip())
    _timeline(relief.case, actor, f"{relief.case_party.party.name}的{relief.get_kind_display()}申请："
                                  f"{relief.get_status_display()}" + (f"（{reason.strip()}）" if reason.strip() else ""),
              {"relief_id": relief.pk})
    notification_enqueue(recipient_party=relief.case_party.party, template_code="fees.relief_decided",
                         case=relief.case, idempotency_key=f"fees.relief_decided:{relief.pk}",
                         context={"case_number": relief.case.case_number, "relief": relief.get_kind_display(),
                                  "date": court_today(), "outcome": relief.get_status_display()
                                  + (f"（{reason.strip()}）" if reason.strip() else "")})
    return relief
