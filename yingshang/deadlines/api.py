"""/api/v1 time-limit endpoints: a case's time limit with its explanation, deductions, extensions (院长 decides),
the rule of a case, 一案一策 plans, appeal transfers, the judge's deadlines, the board and alerts. Thin."""

from ninja import Query, Router, Schema, Status

from yingshang.cases.permissions import access_case
from yingshang.core.clock import court_today
from yingshang.core.errors import PermissionDenied
from yingshang.core.pagination import PageRequest, paginate
from yingshang.deadlines import domain, selectors, services, windows
from yingshang.deadlines.choices import AlertLevel, ExtensionDecision, Tier
from yingshang.deadlines.errors import DeadlineError
from yingshang.deadlines.models import (
    ALERT_LEVEL_LABELS, AppealTransfer, CaseDeadline, CasePlan, Deduction, ExtensionRequest,
)
from yingshang.deadlines.permissions import require_board
from yingshang.deadlines.schemas import (
    AlertListOut, DecisionIn, DeadlineListOut, DeductionEndIn, DeductionIn, DeductionOut, ExtensionIn,
    ExtensionOut, HigherCourtDecisionIn, PlanIn, PlanOut, PlanUpdateIn, RuleOut, RuleSetIn, TimeLimitOut,
    TransferCompleteIn, TransferIn, TransferOut,
)

router = Router(tags=["deadlines 审限"])
PREFIX = "/"


def _staff(user) -> bool:
    return bool(user.is_court_staff or user.is_superuser)


def rule_out(rule: domain.TimeLimitRule) -> dict:
    from yingshang.deadlines.choices import Approver

    return {"code": rule.code, "label": rule.label, "limit_months": rule.limit.months, "limit_days": rule.limit.days,
            "limit_label": rule.limit_label, "approver": rule.approver, "approver_label": Approver(rule.approver).label,
            "extension_cap_label": rule.extension_cap.label() if rule.extension_cap else None,
            "further_approver": rule.further_approver, "source": rule.source, "note": rule.note}


def deduction_out(d: Deduction, staff: bool) -> dict:
    return {"id": d.pk, "kind": d.kind, "kind_label": d.get_kind_display(), "start_on": d.start_on,
            "end_on": d.end_on, "days": d.days, "reason": d.reason if staff else None, "source": d.source}


def extension_out(e: ExtensionRequest, staff: bool) -> dict:
    return {"id": e.pk, "procedure": e.procedure, "reason_code": e.reason_code,
            "reason_label": e.get_reason_code_display(), "reason": e.reason if staff else None,
            "length_months": e.length_months, "length_days": e.length_days, "length_label": e.length_label,
            "approver": e.approver, "approver_label": e.get_approver_display(), "ordinal": e.ordinal,
            "status": e.status, "status_label": e.get_status_display(), "requested_on": e.requested_on,
            "decided_on": e.decided_on, "decision_note": e.decision_note if staff else None,
            "override_reason": e.override_reason if staff else None,
            "higher_court_reference": e.higher_court_reference, "apply_by_on": e.apply_by_on,
            "decide_by_on": e.decide_by_on, "is_late_request": e.is_late_request,
            "late_reason": e.late_reason if staff else None, "is_late_decision": e.is_late_decision,
            "decision_late_reason": e.decision_late_reason if staff else None}


def window_out(w: windows.ExtensionWindow | None) -> dict | None:
    if w is None:
        return None
    return {"end_on": w.end_on, "opens_on": w.opens_on, "apply_by_on": w.apply_by_on, "decide_by_on": w.decide_by_on,
            "apply_by_working_on": w.apply_by_working_on, "decide_by_working_on": w.decide_by_working_on,
            "source": w.source}


def time_limit_out(view: selectors.TimeLimitView, staff: bool) -> dict:
    r, case = view.result, view.case
    granted = [e for e in view.extensions if e.status == "approved" and e.procedure == case.procedure]
    return {
        "case_id": case.pk, "case_number": case.case_number, "is_open": case.is_open,
        "rule_code": r.rule_code, "rule_label": view.rule.label if view.rule else "无法定审限",
        "rule_source": view.rule.source if view.rule else "", "filed_on": case.filed_on,
        "limit_months": view.rule.limit.months if view.rule else 0,
        "limit_days": view.rule.limit.days if view.rule else 0,
        "extension_months": sum(e.length_months for e in granted),
        "extension_days": sum(e.length_days for e in granted), "deducted_days": r.deducted_days,
        "time_limit_end_on": r.end_on, "raw_end_on": r.raw_end_on, "days_left": view.days_left,
        "is_paused": r.is_paused, "end_if_resumed_today_on": r.end_if_resumed_today_on,
        "unconfirmed_calendar": r.unconfirmed_calendar, "alert_level": view.alert_level, "tier": view.tier,
        "tier_label": Tier(view.tier).label, "approaching_months": view.approaching_months,
        "six_months_on": view.thresholds.six_months_on, "nine_months_on": view.thresholds.nine_months_on,
        "twelve_months_on": view.thresholds.twelve_months_on, "steps": r.steps,
        "deductions": [deduction_out(d, staff) for d in view.deductions],
        "extensions": [extension_out(e, staff) for e in view.extensions],
        "extension_window": window_out(view.extension_window) if staff else None,
        "allowed_deduction_kinds": [{"kind": k, "source": s} for k, s in view.allowed_deduction_kinds.items()],
    }


def plan_out(p: CasePlan) -> dict:
    return {"id": p.pk, "case_id": p.case_id, "target_on": p.target_on, "steps": p.steps, "owner_id": p.owner_id,
            "owner_name": str(p.owner), "status": p.status, "status_label": p.get_status_display(),
            "progress_percent": p.progress_percent, "tier_at_creation": p.tier_at_creation,
            "updates": [{"id": u.pk, "recorded_on": u.recorded_on, "note": u.note,
                         "progress_percent": u.progress_percent, "recorded_by": str(u.recorded_by)}
                        for u in p.updates.all()]}


def row_out(row: CaseDeadline, today) -> dict:
    case = row.case
    left = (row.time_limit_end_on - today).days if row.time_limit_end_on and not row.is_paused else None
    return {"case_id": case.pk, "case_number": case.case_number,
            "department_name": case.department.name if case.department_id else "",
            "judge_name": str(case.judge) if case.judge_id else "", "filed_on": case.filed_on,
            "procedure_label": case.get_procedure_display(), "rule_code": row.rule_code,
            "time_limit_end_on": row.time_limit_end_on, "days_left": left, "is_paused": row.is_paused,
            "alert_level": row.alert_level, "alert_label": AlertLevel(row.alert_level).label, "tier": row.tier,
            "tier_label": Tier(row.tier).label, "approaching_months": row.approaching_months}


def transfer_out(t: AppealTransfer) -> dict:
    return {"id": t.pk, "case_id": t.case_id, "appeal_filed_on": t.appeal_filed_on, "served_on": t.served_on,
            "answer_ends_on": t.answer_ends_on, "due_on": t.due_on, "exemption": t.exemption, "status": t.status,
            "status_label": t.get_status_display(), "transferred_on": t.transferred_on,
            "alert_level": t.alert_level, "is_late": t.is_late}


def _view(user, case_id: int) -> dict:
    case = access_case(user, case_id)
    return time_limit_out(selectors.time_limit_explain(case=case, today=court_today()), _staff(user))


# --- rules and one case --------------------------------------------------------------------------------------------

@router.get("/time-limit-rules", response=list[RuleOut], summary="审限规则表")
def list_rules(request):
    """The table of trial and enforcement time limits, with the legal source of every row."""
    return [rule_out(r) for r in domain.RULES.values()]


@router.get("/cases/{case_id}/time-limit", response=TimeLimitOut, summary="案件审限及计算过程")
def get_time_limit(request, case_id: int):
    """The end of the case's time limit = filing date + limit + approved extensions + deducted days, with each
    step explained (and the long-pending tier). Parties see it too (2019 延长审限规定 art. 7: disclosure); reasons
    and internal notes only court staff."""
    return _view(request.user, case_id)


@router.post("/cases/{case_id}/time-limit/rule", response=TimeLimitOut, summary="指定审限规则")
def set_rule(request, case_id: int, payload: RuleSetIn):
    """Choose the rule where category and procedure do not decide it (e.g. ``civil_second_ruling`` for an appeal
    against a ruling); an empty code returns to the default."""
    services.case_time_limit_rule_set(case_id=case_id, rule_code=payload.rule_code, reason=payload.reason,
                                      actor=request.user)
    return _view(request.user, case_id)


# --- deductions ---------------------------------------------------------------------------------------------------

@router.get("/cases/{case_id}/deductions", response=list[DeductionOut], summary="审限扣除记录")
def list_deductions(request, case_id: int):
    case = access_case(request.user, case_id)
    return [deduction_out(d, _staff(request.user)) for d in Deduction.objects.filter(case=case)]


@router.post("/cases/{case_id}/deductions", response={201: DeductionOut}, summary="登记审限扣除")
def record_deduction(request, case_id: int, payload: DeductionIn):
    """Only the kinds the law allows for the case (解释 243; 2000 审限规定 9; 行诉解释 50; 刑诉解释 211); leave
    ``end_on`` empty for a period still running (the limit pauses)."""
    d = services.deduction_record(case_id=case_id, kind=payload.kind, start_on=payload.start_on,
                                  end_on=payload.end_on, reason=payload.reason, actor=request.user)
    return Status(201, deduction_out(d, True))


@router.post("/deductions/{deduction_id}/end", response=DeductionOut, summary="扣除期间结束")
def end_deduction(request, deduction_id: int, payload: DeductionEndIn):
    d = services.deduction_end(deduction_id=deduction_id, end_on=payload.end_on, actor=request.user)
    return deduction_out(d, True)


# --- extensions -----------------------------------------------------------------------------------------------------

@router.get("/cases/{case_id}/extensions", response=list[ExtensionOut], summary="延长审限申请")
def list_extensions(request, case_id: int):
    """Every request with its status; reasons, notes and late reasons only for court staff (parties are told of
    extensions: 2019 延长审限和延期开庭规定第7条)."""
    case = access_case(request.user, case_id)
    return [extension_out(e, _staff(request.user)) for e in ExtensionRequest.objects.filter(case=case)]


@router.post("/cases/{case_id}/extensions", response={201: ExtensionOut}, summary="申请延长审限")
def request_extension(request, case_id: int, payload: ExtensionIn):
    """Goes to the 院长 (or must be reported to the higher court). The same reason cannot support a second
    extension (本院2023年方案第14项): refused with ``EXTENSION_SAME_REASON`` unless a 院长 gives ``override_reason``.
    In time: at least 15 days before the limit expires (2019 延长审限和延期开庭规定第1条; enforcement: within the 5
    days before, 法发〔2006〕35号第1条) — the days are in ``extension_window`` of ``GET /cases/{id}/time-limit``;
    later is refused with ``EXTENSION_WINDOW_MISSED`` unless ``late_reason`` is given, after expiry with
    ``EXTENSION_LIMIT_EXPIRED``."""
    e = services.extension_request(case_id=case_id, reason_code=payload.reason_code, reason=payload.reason,
                                   length_months=payload.length_months, length_days=payload.length_days,
                                   override_reason=payload.override_reason, late_reason=payload.late_reason,
                                   actor=request.user)
    return Status(201, extension_out(e, True))


def _decide(request, extension_id: int, decision: str, payload: DecisionIn, reference: str = "") -> dict:
    e = services.extension_decide(extension_id=extension_id, decision=decision, note=payload.note,
                                  override_reason=payload.override_reason, higher_court_reference=reference,
                                  late_reason=payload.late_reason, actor=request.user)
    return extension_out(e, True)


@router.post("/extensions/{extension_id}/approve", response=ExtensionOut, summary="院长批准延长审限")
def approve_extension(request, extension_id: int, payload: DecisionIn):
    """Only this court's 院长 (403 ``EXTENSION_APPROVER_ONLY_PRESIDENT`` otherwise; for an enforcement limit also
    the 分管副院长 when the court allows it). At least 5 days before the limit expires (2019 延长审限和延期开庭规定
    第1条): later needs ``late_reason`` (``EXTENSION_WINDOW_MISSED``); after expiry ``EXTENSION_LIMIT_EXPIRED``."""
    return _decide(request, extension_id, ExtensionDecision.APPROVE, payload)


@router.post("/extensions/{extension_id}/reject", response=ExtensionOut, summary="院长不予批准")
def reject_extension(request, extension_id: int, payload: DecisionIn):
    return _decide(request, extension_id, ExtensionDecision.REJECT, payload)


@router.post("/extensions/{extension_id}/report", response=ExtensionOut, summary="报请上级法院批准")
def report_extension(request, extension_id: int, payload: DecisionIn):
    return _decide(request, extension_id, ExtensionDecision.REPORT, payload)


@router.post("/extensions/{extension_id}/higher-court-decision", response=ExtensionOut,
             summary="登记上级法院的批复")
def higher_court_decision(request, extension_id: int, payload: HigherCourtDecisionIn):
    decision = ExtensionDecision.HIGHER_COURT_APPROVED if payload.approved else ExtensionDecision.HIGHER_COURT_REJECTED
    return _decide(request, extension_id, decision, DecisionIn(note=payload.note), payload.higher_court_reference)


# --- plans ----------------------------------------------------------------------------------------------------------

@router.get("/cases/{case_id}/plans", response=list[PlanOut], summary="一案一策")
def list_plans(request, case_id: int):
    case = access_case(request.user, case_id)
    if not _staff(request.user):
        raise PermissionDenied(DeadlineError.WRITE_DENIED, "一案一策仅供院内人员查看")
    return [plan_out(p) for p in CasePlan.objects.filter(case=case).select_related("owner")
            .prefetch_related("updates__recorded_by")]


@router.post("/cases/{case_id}/plans", response={201: PlanOut}, summary="制定一案一策")
def create_plan(request, case_id: int, payload: PlanIn):
    plan = services.case_plan_create(case_id=case_id, target_on=payload.target_on, owner_id=payload.owner_id,
                                     steps=[s.dict() for s in payload.steps], actor=request.user)
    return Status(201, plan_out(plan))


@router.post("/plans/{plan_id}/updates", response={201: PlanOut}, summary="登记一案一策进展")
def update_plan(request, plan_id: int, payload: PlanUpdateIn):
    update = services.case_plan_update(plan_id=plan_id, note=payload.note, progress_percent=payload.progress_percent,
                                       done_steps=payload.done_steps, target_on=payload.target_on,
                                       status=payload.status, actor=request.user)
    return Status(201, plan_out(CasePlan.objects.select_related("owner").get(pk=update.plan_id)))


# --- appeal transfers ---------------------------------------------------------------------------------------------

@router.post("/cases/{case_id}/appeal-transfer", response={201: TransferOut}, summary="登记上诉（案卷移送期限）")
def record_transfer(request, case_id: int, payload: TransferIn):
    """Due 5 days after the answer period ends (本院2023年方案第14项), unless served by public notice or abroad."""
    t = services.appeal_transfer_record(case_id=case_id, appeal_filed_on=payload.appeal_filed_on,
                                        served_on=payload.served_on, exemption=payload.exemption, note=payload.note,
                                        actor=request.user)
    return Status(201, transfer_out(t))


@router.post("/appeal-transfers/{transfer_id}/complete", response=TransferOut, summary="登记案卷已移送")
def complete_transfer(request, transfer_id: int, payload: TransferCompleteIn):
    return transfer_out(services.appeal_transfer_complete(transfer_id=transfer_id,
                                                          transferred_on=payload.transferred_on,
                                                          actor=request.user))


# --- lists ------------------------------------------------------------------------------------------------------------

class ListQuery(Schema):
    page: int = 1
    page_size: int = 20


class BoardQuery(ListQuery):
    tier: Tier | None = None
    department_id: int | None = None
    approaching: bool = False


@router.get("/deadlines/mine", response=DeadlineListOut, summary="我的审限")
def my_deadlines(request, query: Query[ListQuery], level: AlertLevel | None = None):
    """The caller's own open cases (承办法官), soonest deadline first."""
    if not _staff(request.user):
        raise PermissionDenied(DeadlineError.BOARD_DENIED, "仅供院内人员查看")
    items, count = paginate(selectors.deadlines_for_judge(user=request.user, level=level or ""),
                            PageRequest.of(query.page, query.page_size))
    today = court_today()
    return {"items": [row_out(r, today) for r in items], "count": count}


@router.get("/deadlines/board", response=DeadlineListOut, summary="长期未结案件")
def board(request, query: Query[BoardQuery]):
    """Long-pending cases (tier reminder or above) the caller supervises: 庭长 their department, 分管院长 the
    departments they supervise, 院长 / 审管办 / 督察室 the court."""
    require_board(request.user)
    rows = selectors.board_rows(user=request.user, tier=query.tier or "", department_id=query.department_id,
                                approaching=query.approaching)
    items, count = paginate(rows, PageRequest.of(query.page, query.page_size))
    today = court_today()
    return {"items": [row_out(r, today) for r in items], "count": count}


@router.get("/deadlines/alerts", response=AlertListOut, summary="我的审限预警")
def my_alerts(request, query: Query[ListQuery]):
    items, count = paginate(selectors.alerts_for_user(request.user), PageRequest.of(query.page, query.page_size))
    return {"items": [{"id": a.pk, "case_id": a.case_id, "case_number": a.case.case_number, "kind": a.kind,
                       "level": a.level, "level_label": ALERT_LEVEL_LABELS.get((a.kind, a.level), a.level),
                       "reference_on": a.reference_on, "audience": a.audience, "raised_on": a.raised_on,
                       "is_acknowledged": a.acknowledged_at is not None} for a in items], "count": count}


@router.post("/deadlines/alerts/{alert_id}/acknowledge", response={204: None}, summary="确认预警")
def acknowledge_alert(request, alert_id: int):
    services.alert_acknowledge(alert_id=alert_id, actor=request.user)
    return Status(204, None)
