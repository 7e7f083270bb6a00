"""Writes for enforcement: opening the per-case account, nodes (told to the parties), money in and out with
double-entry postings and maker-checker payouts, deferrals, 终本 and 执行完毕, party messages, enterprise-friendly
measures, instalments, refusal-to-enforce sanctions, grid tasks. Every write is audited, notifications go to the
outbox in the same transaction."""

from datetime import date

from django.db import transaction
from django.db.models import F

from yingshang.assessments.gate import assessment_gate
from yingshang.audit.services import audit_record
from yingshang.calendar.selectors import add_working_days_on
from yingshang.cases.choices import CaseCategory, CaseEventKind, CaseStatus, ClosingManner, PartyRole
from yingshang.cases.models import Case, CaseParty
from yingshang.cases.permissions import access_case, access_case_for_write
from yingshang.cases.services import case_event_write, case_status_change
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.core.money import fen_to_yuan
from yingshang.enforcement import conf, domain
from yingshang.enforcement.choices import (
    DeferralStatus, GridTaskStatus, NodeKind, PayoutStatus, ReceiptSource, SanctionOutcome, TransactionKind,
)
from yingshang.enforcement.errors import EnforcementError
from yingshang.enforcement.models import (
    CreditorClaim, Deferral, EnforcementCase, FriendlyMeasure, GridTask, InstalmentItem, InstalmentPlan, LedgerPosting,
    LedgerTransaction, Node, PartyMessage, Payout, Sanction,
)
from yingshang.enforcement.permissions import access_enforcement, access_enforcement_for_write, require_approver
from yingshang.notifications.services import notification_enqueue
from yingshang.org.choices import Role
from yingshang.org.models import User

# Nodes that the assessment gate guards on enterprise cases (action codes in the enforcement template).
GATED_NODES = {NodeKind.SEAL: "enforcement.seize", NodeKind.SEIZE: "enforcement.seize",
               NodeKind.FREEZE: "enforcement.freeze", NodeKind.AUCTION: "enforcement.auction"}
# Nodes written only by their own services (money, closure, opening).
RESERVED_NODES = {NodeKind.REGISTERED, NodeKind.MONEY_RECEIVED, NodeKind.MONEY_PAID_OUT, NodeKind.ROUND_CLOSURE,
                  NodeKind.FULLY_ENFORCED}
# Node → notice template told to the creditors (plan measure 15).
NODE_NOTICES = {
    NodeKind.REGISTERED: "enforcement.case_registered",
    NodeKind.NOTICE_SERVED: "enforcement.notice_served",
    NodeKind.PROPERTY_REPORT_ORDERED: "enforcement.property_report_ordered",
    NodeKind.ASSET_SEARCH: "enforcement.asset_search_done",
    NodeKind.SEAL: "enforcement.property_sealed",
    NodeKind.SEIZE: "enforcement.property_sealed",
    NodeKind.FREEZE: "enforcement.property_sealed",
    NodeKind.ROUND_CLOSURE: "enforcement.round_closed",
    NodeKind.FULLY_ENFORCED: "enforcement.fully_enforced",
}


def _parties(case: Case, role: str) -> list:
    return [cp.party for cp in CaseParty.objects.filter(case=case, role=role).select_related("party")]


def _notify_creditors(enforcement: EnforcementCase, template_code: str, key: str, **context) -> None:
    case = enforcement.case
    for party in _parties(case, PartyRole.CREDITOR):
        notification_enqueue(recipient_party=party, template_code=template_code, case=case,
                             context={"case_number": case.case_number, **context},
                             idempotency_key=f"{template_code}:{key}:{party.pk}")


def _node(enforcement: EnforcementCase, kind: str, on: date, actor, description: str = "") -> Node:
    node = Node.objects.create(enforcement=enforcement, kind=kind, occurred_on=on, description=description,
                               actor=actor if getattr(actor, "pk", None) else None, recorded_at=court_now())
    case_event_write(case=enforcement.case, kind=CaseEventKind.NOTE, occurred_on=on, actor=actor,
                     description=f"执行节点：{NodeKind(kind).label}{'，' + description if description else ''}",
                     data={"enforcement_node": kind, "node_id": node.pk})
    return node


def account_number_for(case: Case) -> str:
    """Virtual sub-account number, one per case: the court's division digits, the year, a type digit and the
    sequence (e.g. 2826 2024 1 000123 → 282620241000123)."""
    digits = "".join(ch for ch in case.court.code if ch.isdigit()) or "0"
    type_digit = {"执": 1, "执恢": 2, "执保": 3}.get(case.type_code, 9)
    return f"{digits}{case.year}{type_digit}{case.sequence:06d}"


@transaction.atomic
def enforcement_open(*, case_id: int, amount_applied_fen: int, actor, source_case_id: int | None = None,
                     on: date | None = None) -> EnforcementCase:
    """Open the enforcement record and its per-case account (一案一账号) for an enforcement case, and tell the
    creditor the case number. Audit: enforcement.opened."""
    case = access_case_for_write(actor, case_id)
    if case.category != CaseCategory.ENFORCEMENT:
        raise DomainError(EnforcementError.NOT_ENFORCEMENT_CASE, "只有执行类案件可以建立执行账户")
    if amount_applied_fen < 0:
        raise DomainError(EnforcementError.AMOUNT_NOT_POSITIVE, "申请执行标的不能为负数")
    if EnforcementCase.objects.filter(case=case).exists():
        raise DomainError("ENFORCEMENT_ALREADY_OPEN", "该案已建立执行账户", status=409)
    source = access_case(actor, source_case_id) if source_case_id else None
    enforcement = EnforcementCase.objects.create(case=case, source_case=source, amount_applied_fen=amount_applied_fen,
                                                 account_number=account_number_for(case))
    _node(enforcement, NodeKind.REGISTERED, on or case.filed_on, actor, f"执行账户{enforcement.account_number}")
    _notify_creditors(enforcement, NODE_NOTICES[NodeKind.REGISTERED], f"open:{enforcement.pk}",
                      date=on or case.filed_on)
    audit_record(actor=actor, action="enforcement.opened", target=enforcement, case_id=case.pk,
                 after={"account_number": enforcement.account_number, "amount_applied_fen": amount_applied_fen})
    return enforcement


def _check_node_date(enforcement: EnforcementCase, on: date) -> None:
    if on < enforcement.case.filed_on or on > court_today():
        raise DomainError(EnforcementError.NODE_DATE_INVALID, "节点日期应在立案日期与今天之间",
                          {"occurred_on": on.isoformat()})


def _require_active(enforcement: EnforcementCase) -> None:
    if not enforcement.case.is_open:
        raise DomainError(EnforcementError.CASE_NOT_ACTIVE, "案件不在执行中", status=409)


@transaction.atomic
def node_record(*, case_id: int, kind: str, occurred_on: date, actor, description: str = "") -> Node:
    """Record a node (执行通知, 报告财产令, 网络查控, 查封/扣押/冻结, 询价评估, 拍卖 …) and tell the creditors.

    Seals, seizures, freezes and auctions on enterprise cases pass the impact-assessment gate first.
    Audit: enforcement.node_recorded."""
    if kind in RESERVED_NODES:
        raise DomainError("ENFORCEMENT_NODE_RESERVED", f"「{NodeKind(kind).label}」由相应操作自动记录", {"kind": kind})
    enforcement = access_enforcement_for_write(actor, case_id)
    _require_active(enforcement)
    _check_node_date(enforcement, occurred_on)
    if kind in GATED_NODES:
        assessment_gate(case=enforcement.case, action=GATED_NODES[kind], actor=actor)
    node = _node(enforcement, kind, occurred_on, actor, description)
    if kind in NODE_NOTICES:
        extra = {"measure": NodeKind(kind).label} if kind in (NodeKind.SEAL, NodeKind.SEIZE, NodeKind.FREEZE) else {}
        _notify_creditors(enforcement, NODE_NOTICES[kind], f"node:{node.pk}", date=occurred_on, **extra)
    audit_record(actor=actor, action="enforcement.node_recorded", target=node, case_id=enforcement.case_id,
                 after={"kind": kind, "occurred_on": occurred_on, "description": description})
    return node


def _post(enforcement: EnforcementCase, kind: str, amount_fen: int, on: date, actor, **fields) -> LedgerTransaction:
    tx = LedgerTransaction.objects.create(enforcement=enforcement, kind=kind, amount_fen=amount_fen, occurred_on=on,
                                          created_by=actor, created_at=court_now(), **fields)
    LedgerPosting.objects.bulk_create([LedgerPosting(transaction=tx, account=account, amount_fen=amount)
                                       for account, amount in domain.postings_for(kind, amount_fen)])
    return tx


def _locked(case_id: int) -> EnforcementCase:
    return EnforcementCase.objects.select_for_update().select_related("case", "case__court").get(case_id=case_id)


@transaction.atomic
def receipt_record(*, case_id: int, amount_fen: int, source: str, received_on: date, actor,
                   second_officer_id: int | None = None, memo: str = "") -> LedgerTransaction:
    """Money arrives for the case. Cash needs a second officer (两名干警). Audit: enforcement.money_received."""
    access_enforcement_for_write(actor, case_id)
    enforcement = _locked(case_id)
    _require_active(enforcement)
    _check_node_date(enforcement, received_on)
    if amount_fen <= 0:
        raise DomainError(EnforcementError.AMOUNT_NOT_POSITIVE, "金额必须大于零")
    second = None
    if source == ReceiptSource.CASH:
        second = User.objects.filter(pk=second_officer_id, is_active=True, court=enforcement.case.court_id).first() \
            if second_officer_id else None
        if second is None or second.pk == actor.pk or not second.is_court_staff:
            raise DomainError(EnforcementError.CASH_NEEDS_TWO_OFFICERS, "现金收取须由两名干警共同办理，请填写另一名干警")
    tx = _post(enforcement, TransactionKind.RECEIPT, amount_fen, received_on, actor, source=source,
               second_officer=second, memo=memo)
    before = {"balance_fen": enforcement.balance_fen}
    EnforcementCase.objects.filter(pk=enforcement.pk).update(balance_fen=F("balance_fen") + amount_fen,
                                                             received_fen=F("received_fen") + amount_fen)
    node = _node(enforcement, NodeKind.MONEY_RECEIVED, received_on, actor, f"{fen_to_yuan(amount_fen)}元")
    _notify_creditors(enforcement, "enforcement.money_received", f"tx:{tx.pk}", date=received_on,
                      amount_yuan=fen_to_yuan(amount_fen))
    audit_record(actor=actor, action="enforcement.money_received", target=tx, case_id=case_id, before=before,
                 after={"balance_fen": before["balance_fen"] + amount_fen, "source": source, "node_id": node.pk})
    return tx


@transaction.atomic
def payout_request(*, case_id: int, creditor_id: int, amount_fen: int, actor, note: str = "") -> Payout:
    """The officer (maker) proposes paying a creditor. Audit: enforcement.payout_requested."""
    enforcement = access_enforcement_for_write(actor, case_id)
    if not CaseParty.objects.filter(case_id=case_id, party_id=creditor_id, role=PartyRole.CREDITOR).exists():
        raise DomainError(EnforcementError.NOT_A_CREDITOR, "收款人须为本案申请执行人")
    domain.check_outflow(balance_fen=enforcement.balance_fen, amount_fen=amount_fen)
    payout = Payout.objects.create(enforcement=enforcement, creditor_id=creditor_id, amount_fen=amount_fen,
                                   maker=actor, note=note)
    audit_record(actor=actor, action="enforcement.payout_requested", target=payout, case_id=case_id,
                 after={"amount_fen": amount_fen, "creditor_id": creditor_id})
    return payout


@transaction.atomic
def payout_decide(*, payout_id: int, approve: bool, actor, note: str = "") -> Payout:
    """A leader other than the maker approves (money leaves the account at once) or rejects a payout.

    The case account row is locked first (SELECT … FOR UPDATE), so concurrent payouts cannot spend the same money
    twice; the balance check happens under the lock and the database refuses a negative balance anyway.
    Audit: enforcement.payout_paid / enforcement.payout_rejected."""
    head = Payout.objects.filter(pk=payout_id).values("enforcement__case_id").first()
    if head is None:
        raise NotFound("PAYOUT_NOT_FOUND", "发放单不存在")
    case_id = head["enforcement__case_id"]
    enforcement = _locked(case_id)
    require_approver(actor, enforcement)
    payout = Payout.objects.select_for_update().get(pk=payout_id)
    if payout.status != PayoutStatus.PENDING:
        raise DomainError(EnforcementError.PAYOUT_NOT_PENDING, "该发放单已处理", status=409)
    if payout.maker_id == actor.pk:
        raise DomainError(EnforcementError.MAKER_CANNOT_CHECK, "经办人不能审批自己提交的发放单", status=403)
    payout.checker, payout.decided_at, payout.note = actor, court_now(), note or payout.note
    if not approve:
        payout.status = PayoutStatus.REJECTED
        payout.save()
        audit_record(actor=actor, action="enforcement.payout_rejected", target=payout, case_id=case_id, reason=note)
        return payout
    remaining = domain.check_outflow(balance_fen=enforcement.balance_fen, amount_fen=payout.amount_fen)
    today = court_today()
    _post(enforcement, TransactionKind.PAYOUT, payout.amount_fen, today, actor, counterparty_id=payout.creditor_id,
          payout=payout, memo=f"发放申请执行人 {payout.creditor}")
    EnforcementCase.objects.filter(pk=enforcement.pk).update(balance_fen=F("balance_fen") - payout.amount_fen,
                                                             paid_out_fen=F("paid_out_fen") + payout.amount_fen)
    payout.status, payout.paid_on = PayoutStatus.PAID, today
    payout.save()
    _node(enforcement, NodeKind.MONEY_PAID_OUT, today, actor, f"{fen_to_yuan(payout.amount_fen)}元")
    notification_enqueue(recipient_party=payout.creditor, template_code="enforcement.money_paid_out",
                         case=enforcement.case, idempotency_key=f"enforcement.money_paid_out:{payout.pk}",
                         context={"case_number": enforcement.case.case_number, "date": today,
                                  "amount_yuan": fen_to_yuan(payout.amount_fen)})
    audit_record(actor=actor, action="enforcement.payout_paid", target=payout, case_id=case_id,
                 before={"balance_fen": enforcement.balance_fen}, after={"balance_fen": remaining})
    return payout


@transaction.atomic
def outflow_record(*, case_id: int, kind: str, amount_fen: int, actor, party_id: int | None = None,
                   memo: str = "") -> LedgerTransaction:
    """Deduct the enforcement fee or refund surplus to the debtor. Audit: enforcement.<kind>."""
    if kind not in (TransactionKind.FEE_DEDUCTION, TransactionKind.REFUND):
        raise DomainError("ENFORCEMENT_OUTFLOW_KIND", "只能扣收执行费或退还被执行人")
    access_enforcement_for_write(actor, case_id)
    enforcement = _locked(case_id)
    if kind == TransactionKind.REFUND and not CaseParty.objects.filter(
            case_id=case_id, party_id=party_id, role=PartyRole.DEBTOR).exists():
        raise DomainError(EnforcementError.NOT_A_DEBTOR, "退款对象须为本案被执行人")
    remaining = domain.check_outflow(balance_fen=enforcement.balance_fen, amount_fen=amount_fen)
    tx = _post(enforcement, kind, amount_fen, court_today(), actor, counterparty_id=party_id, memo=memo)
    EnforcementCase.objects.filter(pk=enforcement.pk).update(balance_fen=F("balance_fen") - amount_fen)
    audit_record(actor=actor, action=f"enforcement.{kind}", target=tx, case_id=case_id,
                 before={"balance_fen": enforcement.balance_fen}, after={"balance_fen": remaining})
    return tx


@transaction.atomic
def deferral_request(*, case_id: int, reason: str, explanation: str, deferred_until: date, actor) -> Deferral:
    """Ask to defer payout (延缓发放) on a listed ground. Audit: enforcement.deferral_requested."""
    enforcement = access_enforcement_for_write(actor, case_id)
    if not explanation.strip():
        raise DomainError(EnforcementError.REASON_REQUIRED, "请说明延缓发放的具体情况")
    if deferred_until <= court_today():
        raise DomainError("ENFORCEMENT_DEFERRAL_DATE", "延缓期限应晚于今天")
    deferral = Deferral.objects.create(enforcement=enforcement, reason=reason, explanation=explanation.strip(),
                                       deferred_until=deferred_until, requested_by=actor)
    audit_record(actor=actor, action="enforcement.deferral_requested", target=deferral, case_id=case_id,
                 after={"reason": reason, "deferred_until": deferred_until})
    return deferral


@transaction.atomic
def deferral_decide(*, deferral_id: int, approve: bool, actor) -> Deferral:
    deferral = Deferral.objects.select_for_update().select_related("enforcement").filter(pk=deferral_id).first()
    if deferral is None:
        raise NotFound("DEFERRAL_NOT_FOUND", "延缓发放申请不存在")
    require_approver(actor, deferral.enforcement)
    if deferral.status != DeferralStatus.PENDING:
        raise DomainError(EnforcementError.DEFERRAL_NOT_PENDING, "该申请已处理", status=409)
    if deferral.requested_by_id == actor.pk:
        raise DomainError(EnforcementError.MAKER_CANNOT_CHECK, "申请人不能审批自己的申请", status=403)
    deferral.status = DeferralStatus.APPROVED if approve else DeferralStatus.REJECTED
    deferral.decided_by = actor
    deferral.save()
    audit_record(actor=actor, action="enforcement.deferral_decided", target=deferral,
                 case_id=deferral.enforcement.case_id, after={"status": deferral.status})
    return deferral


def _close(enforcement: EnforcementCase, manner: str, node_kind: str, actor, reason: str) -> EnforcementCase:
    today = court_today()
    _node(enforcement, node_kind, today, actor, reason)
    case_status_change(case_id=enforcement.case_id, status=CaseStatus.CLOSED, actor=actor, on=today,
                       closing_manner=manner, reason=reason)
    _notify_creditors(enforcement, NODE_NOTICES[node_kind], f"close:{enforcement.pk}", date=today)
    return enforcement


@transaction.atomic
def round_close(*, case_id: int, actor, reason: str = "") -> EnforcementCase:
    """终结本次执行: refused (nothing written) unless every condition of 法〔2016〕373号 art. 1 is on record."""
    enforcement = access_enforcement_for_write(actor, case_id)
    _require_active(enforcement)
    nodes = frozenset(Node.objects.filter(enforcement=enforcement).values_list("kind", flat=True))
    domain.check_round_closure(domain.ClosureFacts(nodes=nodes, filed_on=enforcement.case.filed_on,
                                                   today=court_today(), min_months=conf.round_closure_min_months()))
    audit_record(actor=actor, action="enforcement.round_closed", target=enforcement, case_id=case_id, reason=reason,
                 after={"outstanding_fen": enforcement.amount_applied_fen - enforcement.paid_out_fen})
    return _close(enforcement, ClosingManner.ROUND_CLOSURE, NodeKind.ROUND_CLOSURE, actor,
                  reason or "经财产调查未发现可供执行的财产，终结本次执行程序")


@transaction.atomic
def fully_enforced_close(*, case_id: int, actor) -> EnforcementCase:
    """执行完毕: the whole applied amount paid out and nothing left in the case account."""
    access_enforcement_for_write(actor, case_id)
    enforcement = _locked(case_id)
    _require_active(enforcement)
    if enforcement.paid_out_fen < enforcement.amount_applied_fen or enforcement.balance_fen != 0:
        raise DomainError(EnforcementError.NOT_FULLY_ENFORCED,
                          "尚未执行完毕：已发放金额未达申请执行标的，或子账户仍有余额",
                          {"paid_out_fen": enforcement.paid_out_fen, "applied_fen": enforcement.amount_applied_fen,
                           "balance_fen": enforcement.balance_fen}, status=409)
    audit_record(actor=actor, action="enforcement.fully_enforced", target=enforcement, case_id=case_id)
    return _close(enforcement, ClosingManner.FULLY_ENFORCED, NodeKind.FULLY_ENFORCED, actor, "执行完毕")


# --- Party messages (measure 21) ------------------------------------------------------------------------------

@transaction.atomic
def message_post(*, case_id: int, kind: str, body: str, actor) -> PartyMessage:
    """A party (or its lawyer) leaves a message, clue or suggestion; the reply is due in 3 working days."""
    enforcement = access_enforcement(actor, case_id)
    if not body.strip():
        raise DomainError("ENFORCEMENT_MESSAGE_EMPTY", "留言内容不能为空")
    if len(body) > 2000:
        raise DomainError("ENFORCEMENT_MESSAGE_TOO_LONG", "留言不能超过2000字")
    today = court_today()
    message = PartyMessage.objects.create(enforcement=enforcement, author=actor, kind=kind, body=body.strip(),
                                          received_on=today,
                                          due_on=add_working_days_on(today, conf.message_reply_working_days()))
    audit_record(actor=actor, action="enforcement.message_posted", target=message, case_id=case_id,
                 after={"kind": kind, "due_on": message.due_on})
    return message


@transaction.atomic
def message_reply(*, message_id: int, reply: str, actor) -> PartyMessage:
    message = PartyMessage.objects.select_for_update().select_related("enforcement__case").filter(pk=message_id).first()
    if message is None:
        raise NotFound("MESSAGE_NOT_FOUND", "留言不存在")
    access_case_for_write(actor, message.enforcement.case_id)
    if message.replied_on:
        raise DomainError(EnforcementError.MESSAGE_ALREADY_REPLIED, "该留言已答复", status=409)
    if not reply.strip():
        raise DomainError(EnforcementError.REASON_REQUIRED, "答复内容不能为空")
    message.reply, message.replied_on, message.replied_by = reply.strip(), court_today(), actor
    message.save()
    notification_enqueue(recipient_user=message.author, template_code="enforcement.message_replied",
                         case=message.enforcement.case, idempotency_key=f"enforcement.message_replied:{message.pk}",
                         context={"case_number": message.enforcement.case.case_number, "date": message.replied_on})
    audit_record(actor=actor, action="enforcement.message_replied", target=message,
                 case_id=message.enforcement.case_id, after={"replied_on": message.replied_on,
                                                             "on_time": message.replied_on <= message.due_on})
    return message


def _department_head(case: Case) -> User | None:
    if not case.department_id:
        return None
    return User.objects.filter(role=Role.DIVISION_HEAD, department_id=case.department_id, is_active=True).first()


@transaction.atomic
def messages_scan(*, today: date | None = None) -> dict:
    """Daily, idempotent: unanswered messages due today or earlier alert the officer (level 1); overdue ones go to
    the department head (level 2). Two set-based UPDATEs pick the rows; only those rows get a notice."""
    today = today or court_today()
    open_msgs = PartyMessage.objects.filter(replied_on__isnull=True)
    to_officer = list(open_msgs.filter(escalation=0, due_on__lte=today).values_list("pk", flat=True))
    to_head = list(open_msgs.filter(escalation__lt=2, due_on__lt=today).values_list("pk", flat=True))
    PartyMessage.objects.filter(pk__in=to_officer).update(escalation=1)
    PartyMessage.objects.filter(pk__in=to_head).update(escalation=2)
    for message in PartyMessage.objects.filter(pk__in=set(to_officer) | set(to_head)).select_related(
            "enforcement__case__judge"):
        case = message.enforcement.case
        if message.pk in to_officer and case.judge_id:
            notification_enqueue(recipient_user=case.judge, template_code="enforcement.message_reply_due", case=case,
                                 idempotency_key=f"enforcement.message_reply_due:{message.pk}",
                                 context={"case_number": case.case_number, "due_on": message.due_on})
        head = _department_head(case)
        if message.pk in to_head and head:
            notification_enqueue(recipient_user=head, template_code="enforcement.message_reply_overdue", case=case,
                                 idempotency_key=f"enforcement.message_reply_overdue:{message.pk}",
                                 context={"case_number": case.case_number, "due_on": message.due_on,
                                          "officer": str(case.judge) if case.judge_id else "未分案"})
    return {"officer_alerted": len(to_officer), "head_alerted": len(to_head)}


# --- Enterprise-friendly measures, instalments (measure 16) ------------------------------------------------------

@transaction.atomic
def friendly_measure_record(*, case_id: int, kind: str, description: str, decided_on: date, actor,
                            amount_fen: int = 0, outcome: str = "") -> FriendlyMeasure:
    enforcement = access_enforcement_for_write(actor, case_id)
    if not description.strip():
        raise DomainError(EnforcementError.REASON_REQUIRED, "请填写措施内容")
    if amount_fen < 0:
        raise DomainError(EnforcementError.AMOUNT_NOT_POSITIVE, "金额不能为负数")
    _check_node_date(enforcement, decided_on)
    measure = FriendlyMeasure.objects.create(enforcement=enforcement, kind=kind, description=description.strip(),
                                             amount_fen=amount_fen, decided_on=decided_on, outcome=outcome,
                                             created_by=actor)
    audit_record(actor=actor, action="enforcement.friendly_measure_recorded", target=measure, case_id=case_id,
                 after={"kind": kind, "amount_fen": amount_fen})
    return measure


@transaction.atomic
def instalment_plan_create(*, case_id: int, agreed_on: date, schedule: list[domain.Instalment], actor) -> InstalmentPlan:
    """An instalment plan (分期履行) with its schedule; the INSTALMENT node is recorded."""
    enforcement = access_enforcement_for_write(actor, case_id)
    _require_active(enforcement)
    _check_node_date(enforcement, agreed_on)
    total = sum(i.amount_fen for i in schedule)
    domain.check_instalment_schedule(schedule, total, agreed_on)
    plan = InstalmentPlan.objects.create(enforcement=enforcement, agreed_on=agreed_on, total_fen=total,
                                         created_by=actor)
    InstalmentItem.objects.bulk_create([InstalmentItem(plan=plan, due_on=i.due_on, amount_fen=i.amount_fen)
                                        for i in schedule])
    _node(enforcement, NodeKind.INSTALMENT, agreed_on, actor, f"共{len(schedule)}期，合计{fen_to_yuan(total)}元")
    audit_record(actor=actor, action="enforcement.instalment_plan_created", target=plan, case_id=case_id,
                 after={"total_fen": total, "items": [(i.due_on, i.amount_fen) for i in schedule]})
    return plan


@transaction.atomic
def instalment_item_paid(*, item_id: int, paid_on: date, actor) -> InstalmentItem:
    item = InstalmentItem.objects.select_for_update().select_related("plan__enforcement").filter(pk=item_id).first()
    if item is None:
        raise NotFound("INSTALMENT_NOT_FOUND", "分期不存在")
    access_case_for_write(actor, item.plan.enforcement.case_id)
    if item.paid_on:
        raise DomainError("ENFORCEMENT_INSTALMENT_PAID", "该期已登记履行", status=409)
    item.paid_on = paid_on
    item.save(update_fields=["paid_on"])
    audit_record(actor=actor, action="enforcement.instalment_paid", target=item,
                 case_id=item.plan.enforcement.case_id, after={"paid_on": paid_on})
    return item


# --- Refusal to enforce (measure 18) ---------------------------------------------------------------------------

@transaction.atomic
def sanction_record(*, case_id: int, target_id: int, kind: str, decided_on: date, grounds: str, actor,
                    amount_fen: int = 0, days: int = 0, is_public: bool = True) -> Sanction:
    enforcement = access_enforcement_for_write(actor, case_id)
    if not CaseParty.objects.filter(case_id=case_id, party_id=target_id).exists():
        raise DomainError("ENFORCEMENT_SANCTION_TARGET", "惩戒对象须为本案当事人")
    if not grounds.strip():
        raise DomainError(EnforcementError.REASON_REQUIRED, "请填写事实与理由")
    if kind == "fine" and amount_fen <= 0:
        raise DomainError(EnforcementError.AMOUNT_NOT_POSITIVE, "罚款金额必须大于零")
    if kind == "detention" and not 1 <= days <= 15:
        raise DomainError("ENFORCEMENT_DETENTION_DAYS", "司法拘留期限为1至15日（民事诉讼法第118条）")
    _check_node_date(enforcement, decided_on)
    sanction = Sanction.objects.create(enforcement=enforcement, target_id=target_id, kind=kind, decided_on=decided_on,
                                       grounds=grounds.strip(), amount_fen=amount_fen, days=days, is_public=is_public,
                                       created_by=actor)
    audit_record(actor=actor, action="enforcement.sanction_recorded", target=sanction, case_id=case_id,
                 after={"kind": kind, "amount_fen": amount_fen, "days": days})
    return sanction


@transaction.atomic
def sanction_outcome_set(*, sanction_id: int, outcome: str, outcome_on: date, actor) -> Sanction:
    sanction = Sanction.objects.select_for_update().select_related("enforcement").filter(pk=sanction_id).first()
    if sanction is None:
        raise NotFound("SANCTION_NOT_FOUND", "惩戒记录不存在")
    access_case_for_write(actor, sanction.enforcement.case_id)
    if outcome not in SanctionOutcome.values:
        raise DomainError("ENFORCEMENT_SANCTION_OUTCOME", "结果不正确")
    before = {"outcome": sanction.outcome}
    sanction.outcome, sanction.outcome_on = outcome, outcome_on
    sanction.save()
    audit_record(actor=actor, action="enforcement.sanction_outcome_set", target=sanction,
                 case_id=sanction.enforcement.case_id, before=before, after={"outcome": outcome})
    return sanction


# --- Grid assistance (measure 24) ------------------------------------------------------------------------------

@transaction.atomic
def grid_task_create(*, case_id: int, worker_id: int, kind: str, instructions: str, due_on: date, actor) -> GridTask:
    enforcement = access_enforcement_for_write(actor, case_id)
    worker = User.objects.filter(pk=worker_id, role=Role.GRID_WORKER, is_active=True).first()
    if worker is None:
        raise DomainError(EnforcementError.GRID_WORKER_REQUIRED, "请选择网格员")
    if due_on < court_today():
        raise DomainError("ENFORCEMENT_GRID_DUE", "完成期限不能早于今天")
    task = GridTask.objects.create(enforcement=enforcement, worker=worker, kind=kind, instructions=instructions,
                                   due_on=due_on, created_by=actor)
    audit_record(actor=actor, action="enforcement.grid_task_created", target=task, case_id=case_id,
                 after={"worker_id": worker.pk, "kind": kind, "due_on": due_on})
    return task


@transaction.atomic
def grid_task_complete(*, task_id: int, done: bool, outcome: str, actor) -> GridTask:
    """The grid worker reports the outcome of their own task."""
    task = GridTask.objects.select_for_update().filter(pk=task_id, worker=actor).first()
    if task is None:
        raise NotFound("GRID_TASK_NOT_FOUND", "任务不存在，或不是派给您的任务")
    if task.status != GridTaskStatus.OPEN:
        raise DomainError(EnforcementError.TASK_NOT_OPEN, "该任务已办结", status=409)
    if not outcome.strip():
        raise DomainError(EnforcementError.REASON_REQUIRED, "请填写办理结果")
    task.status = GridTaskStatus.DONE if done else GridTaskStatus.FAILED
    task.outcome, task.completed_at = outcome.strip(), court_now()
    task.save()
    audit_record(actor=actor, action="enforcement.grid_task_completed", target=task,
                 case_id=task.enforcement.case_id, after={"status": task.status})
    return task


def require_grid_worker(user) -> None:
    if user.role != Role.GRID_WORKER:
        raise PermissionDenied("ENFORCEMENT_GRID_ONLY", "仅限网格员")


# --- Several creditors (参与分配) and the daily money scan --------------------------------------------------------

@transaction.atomic
def creditor_claim_set(*, case_id: int, creditor_id: int, amount_fen: int, actor) -> CreditorClaim:
    """Record what one creditor applied to enforce (several creditors share money pro rata to these)."""
    enforcement = access_enforcement_for_write(actor, case_id)
    if not CaseParty.objects.filter(case_id=case_id, party_id=creditor_id, role=PartyRole.CREDITOR).exists():
        raise DomainError(EnforcementError.NOT_A_CREDITOR, "须为本案申请执行人")
    if amount_fen < 0:
        raise DomainError(EnforcementError.AMOUNT_NOT_POSITIVE, "金额不能为负数")
    claim, created = CreditorClaim.objects.update_or_create(enforcement=enforcement, creditor_id=creditor_id,
                                                            defaults={"amount_fen": amount_fen})
    audit_record(actor=actor, action="enforcement.creditor_claim_set", target=claim, case_id=case_id,
                 after={"creditor_id": creditor_id, "amount_fen": amount_fen, "created": created})
    return claim


def _outstanding_claims(enforcement: EnforcementCase) -> dict[int, int]:
    creditors = [cp.party_id for cp in CaseParty.objects.filter(case=enforcement.case, role=PartyRole.CREDITOR)]
    claims = dict(CreditorClaim.objects.filter(enforcement=enforcement).values_list("creditor_id", "amount_fen"))
    if not claims and len(creditors) == 1:
        claims = {creditors[0]: enforcement.amount_applied_fen}
    if set(claims) != set(creditors):
        raise DomainError("ENFORCEMENT_CLAIMS_MISSING", "本案有多个申请执行人，请先登记各自的申请执行金额",
                          {"creditors": creditors, "claims": sorted(claims)})
    paid: dict[int, int] = {}
    for creditor_id, amount in Payout.objects.filter(enforcement=enforcement).exclude(
            status=PayoutStatus.REJECTED).values_list("creditor_id", "amount_fen"):
        paid[creditor_id] = paid.get(creditor_id, 0) + amount
    return {creditor: max(amount - paid.get(creditor, 0), 0) for creditor, amount in claims.items()}


@transaction.atomic
def payout_allocate(*, case_id: int, amount_fen: int, actor, note: str = "") -> list[Payout]:
    """Propose payouts of ``amount_fen`` to every creditor pro rata to its outstanding claim (参与分配, 民诉法解释
    506–510; domain.allocate_pro_rata), each then checked by a leader as any payout. Audit per payout."""
    enforcement = access_enforcement_for_write(actor, case_id)
    domain.check_outflow(balance_fen=enforcement.balance_fen, amount_fen=amount_fen)
    shares = domain.allocate_pro_rata(amount_fen, _outstanding_claims(enforcement))
    return [payout_request(case_id=case_id, creditor_id=creditor, amount_fen=share, actor=actor,
                           note=note or "按债权比例分配")
            for creditor, share in sorted(shares.items()) if share > 0]


@transaction.atomic
def money_scan(*, today: date | None = None) -> dict:
    """Daily, idempotent: money held past its payout deadline (without an approved deferral) alerts the officer and
    the department head; a missed instalment alerts the officer. One notice per account and deadline, per item."""
    from yingshang.enforcement import selectors

    today = today or court_today()
    overdue = [d for d in selectors.payouts_due(user=None, today=today) if d.is_overdue]
    for due in overdue:
        case = due.enforcement.case
        for user in filter(None, {case.judge, _department_head(case)}):
            notification_enqueue(recipient_user=user, template_code="enforcement.payout_overdue", case=case,
                                 idempotency_key=f"enforcement.payout_overdue:{due.enforcement.pk}:{due.due_on}:{user.pk}",
                                 context={"case_number": case.case_number, "arrived_on": due.oldest_unpaid_on,
                                          "due_on": due.due_on, "amount_yuan": fen_to_yuan(due.enforcement.balance_fen)})
    missed = list(InstalmentItem.objects.filter(plan__is_active=True, paid_on__isnull=True, due_on__lt=today)
                  .select_related("plan__enforcement__case__judge"))
    for item in missed:
        case = item.plan.enforcement.case
        if case.judge_id:
            notification_enqueue(recipient_user=case.judge, template_code="enforcement.instalment_missed", case=case,
                                 idempotency_key=f"enforcement.instalment_missed:{item.pk}",
                                 context={"case_number": case.case_number, "due_on": item.due_on,
                                          "amount_yuan": fen_to_yuan(item.amount_fen)})
    return {"payouts_overdue": len(overdue), "instalments_missed": len(missed)}
