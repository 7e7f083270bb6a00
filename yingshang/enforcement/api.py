"""/api/v1 — enforcement: the per-case account, nodes, money, 终本/执行完毕, messages, measures, sanctions, grid tasks."""

from datetime import date

from ninja import Router, Schema, Status
from pydantic import field_validator

from yingshang.core.clock import court_today
from yingshang.core.errors import PermissionDenied
from yingshang.core.money import fen_to_yuan, yuan_to_fen
from yingshang.core.schemas import check_yuan
from yingshang.enforcement import domain, selectors, services
from yingshang.enforcement.models import EnforcementCase
from yingshang.enforcement.permissions import access_enforcement
from yingshang.enforcement.schemas import (
    ApproveIn, DecisionIn, DeferralIn, FriendlyIn, GridDoneIn, GridTaskIn, MessageIn, NodeIn, OpenIn, OutcomeIn,
    OutflowIn, PaidIn, PayoutIn, PlanIn, ReceiptIn, ReplyIn, SanctionIn,
)

router = Router(tags=["enforcement 执行"])
PREFIX = "/"


def _summary(enforcement: EnforcementCase, user) -> dict:
    staff = user.is_court_staff or user.is_superuser
    return {
        "case_id": enforcement.case_id, "case_number": enforcement.case.case_number,
        "account_number": enforcement.account_number,
        "amount_applied_yuan": fen_to_yuan(enforcement.amount_applied_fen),
        "received_yuan": fen_to_yuan(enforcement.received_fen),
        "paid_out_yuan": fen_to_yuan(enforcement.paid_out_fen),
        "balance_yuan": fen_to_yuan(enforcement.balance_fen),
        "nodes": [{"kind": n.kind, "kind_label": n.get_kind_display(), "occurred_on": n.occurred_on,
                   "description": n.description} for n in selectors.nodes_for(enforcement)],
        "transactions": [{"id": t.pk, "kind": t.kind, "kind_label": t.get_kind_display(), "occurred_on": t.occurred_on,
                          "amount_yuan": fen_to_yuan(t.amount_fen), "memo": t.memo}
                         for t in selectors.transactions_for(enforcement)] if staff else [],
        "payouts": [{"id": p.pk, "creditor": p.creditor.name, "amount_yuan": fen_to_yuan(p.amount_fen),
                     "status": p.status, "status_label": p.get_status_display(), "paid_on": p.paid_on}
                    for p in enforcement.payouts.select_related("creditor")],
        "messages": [_message(m) for m in selectors.messages_for_case(enforcement=enforcement, user=user)],
    }


def _message(m) -> dict:
    return {"id": m.pk, "kind": m.kind, "kind_label": m.get_kind_display(), "body": m.body,
            "received_on": m.received_on, "due_on": m.due_on, "reply": m.reply, "replied_on": m.replied_on}


@router.post("/cases/{case_id}/enforcement", response={201: dict}, summary="建立执行账户（一案一账号）")
def open_enforcement(request, case_id: int, payload: OpenIn):
    e = services.enforcement_open(case_id=case_id, amount_applied_fen=yuan_to_fen(payload.amount_applied_yuan),
                                  source_case_id=payload.source_case_id, actor=request.user)
    return Status(201, _summary(e, request.user))


@router.get("/cases/{case_id}/enforcement", summary="执行概况：账户、节点、流水、发放、留言")
def get_enforcement(request, case_id: int):
    return _summary(access_enforcement(request.user, case_id), request.user)


@router.post("/cases/{case_id}/enforcement/nodes", response={201: dict}, summary="记录执行节点（并告知当事人）")
def record_node(request, case_id: int, payload: NodeIn):
    n = services.node_record(case_id=case_id, kind=payload.kind, occurred_on=payload.occurred_on,
                             description=payload.description, actor=request.user)
    return Status(201, {"id": n.pk, "kind": n.kind, "occurred_on": n.occurred_on})


@router.post("/cases/{case_id}/enforcement/receipts", response={201: dict}, summary="执行款到账")
def record_receipt(request, case_id: int, payload: ReceiptIn):
    tx = services.receipt_record(case_id=case_id, amount_fen=payload.amount_fen, source=payload.source,
                                 received_on=payload.received_on, second_officer_id=payload.second_officer_id,
                                 memo=payload.memo, actor=request.user)
    return Status(201, {"id": tx.pk, "amount_yuan": fen_to_yuan(tx.amount_fen)})


@router.post("/cases/{case_id}/enforcement/payouts", response={201: dict}, summary="提交发放（经办人）")
def request_payout(request, case_id: int, payload: PayoutIn):
    p = services.payout_request(case_id=case_id, creditor_id=payload.creditor_id, amount_fen=payload.amount_fen,
                                note=payload.note, actor=request.user)
    return Status(201, {"id": p.pk, "status": p.status})


class ClaimIn(Schema):
    creditor_id: int
    amount_yuan: str

    @field_validator("amount_yuan")
    @classmethod
    def _check(cls, value):
        return check_yuan(value)


class AllocateIn(Schema):
    amount_yuan: str
    note: str = ""

    @field_validator("amount_yuan")
    @classmethod
    def _check(cls, value):
        return check_yuan(value)


@router.post("/cases/{case_id}/enforcement/claims", response={201: dict}, summary="登记各申请执行人的申请执行金额")
def set_claim(request, case_id: int, payload: ClaimIn):
    claim = services.creditor_claim_set(case_id=case_id, creditor_id=payload.creditor_id,
                                        amount_fen=yuan_to_fen(payload.amount_yuan), actor=request.user)
    return Status(201, {"id": claim.pk, "creditor_id": claim.creditor_id, "amount_yuan": fen_to_yuan(claim.amount_fen)})


@router.post("/cases/{case_id}/enforcement/allocations", response={201: list[dict]}, summary="按债权比例分配执行款（参与分配）")
def allocate(request, case_id: int, payload: AllocateIn):
    payouts = services.payout_allocate(case_id=case_id, amount_fen=yuan_to_fen(payload.amount_yuan),
                                       note=payload.note, actor=request.user)
    return Status(201, [{"id": p.pk, "creditor_id": p.creditor_id, "amount_yuan": fen_to_yuan(p.amount_fen),
                  "status": p.status} for p in payouts])


@router.post("/payouts/{payout_id}/approve", summary="审批发放（与经办人不同的领导）")
def approve_payout(request, payout_id: int, payload: DecisionIn):
    p = services.payout_decide(payout_id=payout_id, approve=True, note=payload.note, actor=request.user)
    return {"id": p.pk, "status": p.status, "paid_on": p.paid_on}


@router.post("/payouts/{payout_id}/reject", summary="退回发放")
def reject_payout(request, payout_id: int, payload: DecisionIn):
    p = services.payout_decide(payout_id=payout_id, approve=False, note=payload.note, actor=request.user)
    return {"id": p.pk, "status": p.status}


@router.post("/cases/{case_id}/enforcement/outflows", response={201: dict}, summary="扣收执行费 / 退还被执行人")
def record_outflow(request, case_id: int, payload: OutflowIn):
    tx = services.outflow_record(case_id=case_id, kind=payload.kind, amount_fen=payload.amount_fen,
                                 party_id=payload.party_id, memo=payload.memo, actor=request.user)
    return Status(201, {"id": tx.pk, "kind": tx.kind})


@router.post("/cases/{case_id}/enforcement/deferrals", response={201: dict}, summary="申请延缓发放")
def request_deferral(request, case_id: int, payload: DeferralIn):
    d = services.deferral_request(case_id=case_id, reason=payload.reason, explanation=payload.explanation,
                                  deferred_until=payload.deferred_until, actor=request.user)
    return Status(201, {"id": d.pk, "status": d.status})


@router.post("/deferrals/{deferral_id}/decide", summary="审批延缓发放")
def decide_deferral(request, deferral_id: int, payload: ApproveIn):
    d = services.deferral_decide(deferral_id=deferral_id, approve=payload.approve, actor=request.user)
    return {"id": d.pk, "status": d.status}


@router.post("/cases/{case_id}/enforcement/round-closure", summary="终结本次执行（条件校验）")
def round_closure(request, case_id: int, payload: DecisionIn):
    services.round_close(case_id=case_id, reason=payload.note, actor=request.user)
    return _summary(access_enforcement(request.user, case_id), request.user)


@router.post("/cases/{case_id}/enforcement/fully-enforced", summary="执行完毕结案")
def fully_enforced(request, case_id: int):
    services.fully_enforced_close(case_id=case_id, actor=request.user)
    return _summary(access_enforcement(request.user, case_id), request.user)


@router.post("/cases/{case_id}/enforcement/messages", response={201: dict}, summary="当事人留言、提供线索")
def post_message(request, case_id: int, payload: MessageIn):
    return Status(201, _message(services.message_post(case_id=case_id, kind=payload.kind, body=payload.body,
                                               actor=request.user)))


@router.post("/enforcement-messages/{message_id}/reply", summary="答复留言（3个工作日内）")
def reply_message(request, message_id: int, payload: ReplyIn):
    return _message(services.message_reply(message_id=message_id, reply=payload.reply, actor=request.user))


@router.post("/cases/{case_id}/enforcement/friendly-measures", response={201: dict}, summary="记录善意文明执行措施")
def friendly(request, case_id: int, payload: FriendlyIn):
    m = services.friendly_measure_record(case_id=case_id, kind=payload.kind, description=payload.description,
                                         decided_on=payload.decided_on, outcome=payload.outcome,
                                         amount_fen=yuan_to_fen(payload.amount_yuan) if payload.amount_yuan else 0,
                                         actor=request.user)
    return Status(201, {"id": m.pk, "kind": m.kind})


@router.post("/cases/{case_id}/enforcement/instalment-plans", response={201: dict}, summary="分期履行计划")
def instalment_plan(request, case_id: int, payload: PlanIn):
    schedule = [domain.Instalment(due_on=i.due_on, amount_fen=yuan_to_fen(i.amount_yuan)) for i in payload.schedule]
    plan = services.instalment_plan_create(case_id=case_id, agreed_on=payload.agreed_on, schedule=schedule,
                                           actor=request.user)
    return Status(201, {"id": plan.pk, "total_yuan": fen_to_yuan(plan.total_fen),
                 "items": [{"id": i.pk, "due_on": i.due_on} for i in plan.items.all()]})


@router.post("/instalments/{item_id}/paid", summary="登记分期履行")
def instalment_paid(request, item_id: int, payload: PaidIn):
    item = services.instalment_item_paid(item_id=item_id, paid_on=payload.paid_on, actor=request.user)
    return {"id": item.pk, "paid_on": item.paid_on}


@router.post("/cases/{case_id}/enforcement/sanctions", response={201: dict}, summary="拒执惩戒（罚款、拘留、移送）")
def sanction(request, case_id: int, payload: SanctionIn):
    s = services.sanction_record(case_id=case_id, target_id=payload.target_id, kind=payload.kind,
                                 decided_on=payload.decided_on, grounds=payload.grounds, days=payload.days,
                                 amount_fen=yuan_to_fen(payload.amount_yuan) if payload.amount_yuan else 0,
                                 is_public=payload.is_public, actor=request.user)
    return Status(201, {"id": s.pk, "kind": s.kind, "outcome": s.outcome})


@router.post("/sanctions/{sanction_id}/outcome", summary="登记拒执惩戒结果")
def sanction_outcome(request, sanction_id: int, payload: OutcomeIn):
    s = services.sanction_outcome_set(sanction_id=sanction_id, outcome=payload.outcome, outcome_on=payload.outcome_on,
                                      actor=request.user)
    return {"id": s.pk, "outcome": s.outcome}


@router.get("/sanctions/public", auth=None, summary="拒执惩戒曝光名单（公开）")
def sanctions_public(request):
    return [{"target": s.target.name, "case_number": s.enforcement.case.case_number, "kind": s.get_kind_display(),
             "decided_on": s.decided_on, "outcome": s.get_outcome_display()} for s in selectors.sanctions_public()]


@router.post("/cases/{case_id}/enforcement/grid-tasks", response={201: dict}, summary="派发网格协助任务")
def grid_task(request, case_id: int, payload: GridTaskIn):
    t = services.grid_task_create(case_id=case_id, worker_id=payload.worker_id, kind=payload.kind,
                                  instructions=payload.instructions, due_on=payload.due_on, actor=request.user)
    return Status(201, {"id": t.pk, "status": t.status})


@router.get("/grid-tasks", summary="我的网格协助任务（网格员）")
def my_grid_tasks(request):
    services.require_grid_worker(request.user)
    return [{"id": t.pk, "case_number": t.enforcement.case.case_number, "kind": t.get_kind_display(),
             "instructions": t.instructions, "due_on": t.due_on, "status": t.status, "outcome": t.outcome}
            for t in selectors.grid_tasks_for_worker(user=request.user)]


@router.post("/grid-tasks/{task_id}/complete", summary="反馈网格任务结果")
def complete_grid_task(request, task_id: int, payload: GridDoneIn):
    t = services.grid_task_complete(task_id=task_id, done=payload.done, outcome=payload.outcome, actor=request.user)
    return {"id": t.pk, "status": t.status}


@router.get("/enforcement/payouts-due", summary="待发放执行款及期限（超期清单）")
def payouts_due(request):
    _staff(request.user)
    return [{"case_number": d.enforcement.case.case_number, "balance_yuan": fen_to_yuan(d.enforcement.balance_fen),
             "oldest_unpaid_on": d.oldest_unpaid_on, "due_on": d.due_on, "deferred_until": d.deferred_until,
             "is_overdue": d.is_overdue} for d in selectors.payouts_due(user=request.user, today=court_today())]


@router.get("/enforcement/reconciliation", summary="执行款日对账")
def reconciliation(request, day: date | None = None):
    _staff(request.user)
    return selectors.reconciliation(day=day or court_today())


@router.get("/enforcement/indicators", summary="执行指标数据（到位率、执行完毕率、用时、答复及时率）")
def indicators(request, date_from: date, date_to: date, department_id: int | None = None):
    _staff(request.user)
    return selectors.indicator_data(date_from=date_from, date_to=date_to, department_id=department_id)


def _staff(user) -> None:
    if not (user.is_court_staff or user.is_superuser):
        raise PermissionDenied("ENFORCEMENT_STAFF_ONLY", "仅限院内人员")


