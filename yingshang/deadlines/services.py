"""Writes for time limits: deductions, extensions, the rule of a case, 一案一策 plans, appeal transfers, alerts and
the daily scan. Each service authorizes, loads, validates (a refusal writes nothing) and persists in one
transaction, with an audit event and a case timeline event; then it refreshes the case's deadline row with the same
set-based statements as the daily scan (restricted to that case)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from yingshang.assessments.gate import assessment_gate
from yingshang.audit.services import audit_record
from yingshang.cases.choices import CaseEventKind
from yingshang.cases.models import Case
from yingshang.cases.permissions import access_case
from yingshang.cases.services import case_event_write
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError
from yingshang.deadlines import conf, domain, windows
from yingshang.deadlines.choices import (
    DeductionKind, ExtensionDecision, ExtensionReason, ExtensionStatus, PlanStatus, Tier, TransferExemption,
    TransferStatus,
)
from yingshang.deadlines.errors import DeadlineError
from yingshang.deadlines.models import (
    Alert, AppealTransfer, CaseDeadline, CasePlan, CasePlanUpdate, Deduction, ExtensionRequest, ScanRun,
)
from yingshang.deadlines.permissions import (
    access_case_for_plan, access_case_for_time_limit_write, can_decide_extension, require_decide_extension,
)
from yingshang.deadlines.notices import alerts_dispatch, notifications_available
from yingshang.deadlines.scan import ScanCounts, ScanParams, run_scan
from yingshang.org.choices import Role
from yingshang.org.models import User

logger = logging.getLogger(__name__)


def _fmt(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def _lock_open_case(case_id: int) -> Case:
    case = Case.objects.select_for_update().get(pk=case_id)
    if not case.is_open:
        raise DomainError(DeadlineError.CASE_CLOSED, "案件已结案，不能再变更审限", {"case_id": case.pk}, status=409)
    return case


def case_rule(case: Case) -> domain.TimeLimitRule | None:
    """The time-limit rule that governs a case now (the override recorded on its deadline row wins)."""
    override = CaseDeadline.objects.filter(case=case).values_list("rule_override", flat=True).first() or ""
    code = domain.rule_code_for(category=case.category, procedure=case.procedure, type_code=case.type_code,
                                override=override)
    return domain.RULES.get(code)


def _require_rule(case: Case) -> domain.TimeLimitRule:
    rule = case_rule(case)
    if rule is None:
        raise DomainError(DeadlineError.NO_TIME_LIMIT, "本类案件没有法定审限，无需扣除或延长",
                          {"category": case.category, "procedure": case.procedure})
    return rule


def _mark_stale(case: Case) -> None:
    CaseDeadline.objects.filter(case=case).update(is_stale=True)


def _current_end(case: Case) -> date | None:
    """The stored end of the case's limit; a case the scan has not seen yet gets its row now (inside the service's
    transaction, so a refusal later rolls it back with everything else)."""
    rows = CaseDeadline.objects.filter(case=case)
    if not rows.exists():
        deadline_refresh(case_id=case.pk)
    return rows.values_list("time_limit_end_on", flat=True).first()


def _timeline(case: Case, *, occurred_on: date, actor, description: str, action: str, **data) -> None:
    """Time-limit steps go on the case timeline as notes (no new CaseEventKind needed), tagged in ``data``."""
    case_event_write(case=case, kind=CaseEventKind.NOTE, occurred_on=occurred_on, actor=actor,
                     description=description, data={"app": "deadlines", "action": action, **data})


# --- Deductions ----------------------------------------------------------------------------------------------

def _spans(case: Case, exclude_id: int | None = None) -> list[domain.DeductionSpan]:
    rows = Deduction.objects.filter(case=case)
    if exclude_id:
        rows = rows.exclude(pk=exclude_id)
    return [domain.DeductionSpan(kind=d.kind, start_on=d.start_on, end_on=d.end_on) for d in rows]


@transaction.atomic
def deduction_record(*, case_id: int, kind: str, start_on: date, end_on: date | None = None, reason: str,
                     actor: User) -> Deduction:
    """Record a period not counted in the time limit (公告、鉴定、和解、管辖权异议、中止 …; only the kinds the law
    allows for the case: 解释 243, TermProv 9, 行诉解释 50, 刑诉解释 211). An open end pauses the limit until
    deduction_end. Audit: deadlines.deduction_recorded."""
    access_case_for_time_limit_write(actor, case_id)
    case = _lock_open_case(case_id)
    rule = _require_rule(case)
    domain.check_deduction(rule=rule, kind=kind, start_on=start_on, end_on=end_on, filed_on=case.filed_on,
                           today=court_today(), existing=_spans(case), reason=reason)
    before_end = _current_end(case)
    deduction = Deduction.objects.create(case=case, kind=kind, start_on=start_on, end_on=end_on,
                                         reason=reason.strip(), source=domain.allowed_deduction_kinds(rule)[kind],
                                         recorded_by=actor)
    _mark_stale(case)
    deadline_refresh(case_id=case.pk)
    after_end = _current_end(case)
    span = f"{_fmt(start_on)}至{_fmt(end_on)}，共{deduction.days}日" if end_on else f"自{_fmt(start_on)}起（尚未结束）"
    _timeline(case, occurred_on=start_on, actor=actor, action="deduction_recorded", deduction_id=deduction.pk,
              description=f"扣除审限：{DeductionKind(kind).label}，{span}；审限届满日{_fmt(before_end)} → {_fmt(after_end)}")
    audit_record(actor=actor, action="deadlines.deduction_recorded", target=deduction, case_id=case.pk,
                 before={"time_limit_end_on": before_end},
                 after={"kind": kind, "start_on": start_on, "end_on": end_on, "time_limit_end_on": after_end},
                 reason=reason)
    return deduction


@transaction.atomic
def deduction_end(*, deduction_id: int, end_on: date, actor: User) -> Deduction:
    """Close a running deduction (e.g. the suspension ends: 恢复审理); the limit runs again from the next day.
    Audit: deadlines.deduction_ended."""
    found = Deduction.objects.filter(pk=deduction_id).values_list("case_id", flat=True).first()
    if found is None:
        raise DomainError(DeadlineError.DEDUCTION_NOT_FOUND, "扣除记录不存在", status=404)
    access_case_for_time_limit_write(actor, found)
    case = _lock_open_case(found)
    deduction = Deduction.objects.select_for_update().get(pk=deduction_id)
    if deduction.end_on is not None:
        raise DomainError(DeadlineError.DEDUCTION_ALREADY_ENDED, "该扣除期间已经结束", status=409)
    if end_on < deduction.start_on:
        raise DomainError(DeadlineError.DEDUCTION_DATES, "结束日期不能早于开始日期")
    if end_on > court_today():
        raise DomainError(DeadlineError.DEDUCTION_IN_FUTURE, "结束日期不能晚于今天")
    rule = _require_rule(case)
    domain.check_deduction(rule=rule, kind=deduction.kind, start_on=deduction.start_on, end_on=end_on,
                           filed_on=case.filed_on, today=court_today(), existing=_spans(case, exclude_id=deduction.pk),
                           reason=deduction.reason)
    before_end = _current_end(case)
    deduction.end_on = end_on
    deduction.save(update_fields=["end_on", "updated_at"])
    _mark_stale(case)
    deadline_refresh(case_id=case.pk)
    after_end = _current_end(case)
    _timeline(case, occurred_on=end_on, actor=actor, action="deduction_ended", deduction_id=deduction.pk,
              description=f"扣除期间结束：{deduction.get_kind_display()}至{_fmt(end_on)}，共{deduction.days}日；"
                          f"审限届满日为{_fmt(after_end)}")
    audit_record(actor=actor, action="deadlines.deduction_ended", target=deduction, case_id=case.pk,
                 before={"end_on": None, "time_limit_end_on": before_end},
                 after={"end_on": end_on, "time_limit_end_on": after_end})
    return deduction


# --- Extensions ----------------------------------------------------------------------------------------------

def _extension_facts(case: Case, exclude_id: int | None = None) -> list[domain.ExtensionFacts]:
    rows = ExtensionRequest.objects.filter(case=case, procedure=case.procedure)
    if exclude_id:
        rows = rows.exclude(pk=exclude_id)
    return [domain.ExtensionFacts(reason_code=e.reason_code, status=e.status, approver=e.approver,
                                  length=domain.Length(e.length_months, e.length_days)) for e in rows]


def extension_window_for(case: Case, rule: domain.TimeLimitRule) -> windows.ExtensionWindow | None:
    """The extension paperwork days of a case (windows.extension_window) from its stored deadline row; None while a
    deduction is running (the limit is paused: no day can pass) or when the limit has no end."""
    from yingshang.calendar.selectors import workday_calendar

    end_on = _current_end(case)
    paused = CaseDeadline.objects.filter(case=case).values_list("is_paused", flat=True).first()
    if end_on is None or paused:
        return None
    policy = conf.extension_window_policy(rule.family)
    reach = max(policy.apply_days_before, policy.decide_days_before, policy.opens_days_before or 0) + 40
    return windows.extension_window(end_on=end_on, policy=policy,
                                   cal=workday_calendar(end_on - timedelta(days=reach), end_on))


@transaction.atomic
def extension_request(*, case_id: int, reason_code: str, reason: str, length_months: int = 0, length_days: int = 0,
                      override_reason: str = "", late_reason: str = "", actor: User) -> ExtensionRequest:
    """Ask for an extension of the time limit (延长审限): goes to the 院长, or — where the law says so — is to be
    reported to the higher court (domain.route_extension). The court's rule (2023 plan measure 14): the same reason
    cannot support a second extension; refused (nothing written) unless someone who decides extensions asks with
    ``override_reason``.

    In time (windows.check_extension_timing): a trial case applies at least 15 days before its limit expires (2019
    SPC 延长审限和延期开庭规定 art. 1), an enforcement case within the 5 days before (法发〔2006〕35号 art. 1);
    later is refused (EXTENSION_WINDOW_MISSED) unless ``late_reason`` is given (or the court's setting
    DEADLINES_EXTENSION_WINDOW_STRICT is off: then only marked late); after expiry it is refused
    (EXTENSION_LIMIT_EXPIRED). Audit: deadlines.extension_requested."""
    access_case_for_time_limit_write(actor, case_id)
    case = _lock_open_case(case_id)
    rule = _require_rule(case)
    if not reason.strip():
        raise DomainError(DeadlineError.REASON_REQUIRED, "请填写延长审限的具体理由")
    route = domain.route_extension(
        rule=rule, existing=_extension_facts(case), reason_code=reason_code,
        length=domain.Length(int(length_months or 0), int(length_days or 0)),
        same_reason_rule=conf.same_reason_rule_enabled(), override_reason=override_reason,
        by_president=can_decide_extension(actor, case))
    today = court_today()
    window = extension_window_for(case, rule)
    is_late = windows.check_extension_timing(window=window, today=today, step="apply", late_reason=late_reason,
                                            strict=conf.extension_window_strict())
    # Plan measure 5: on an enterprise case the time-limit-management assessment comes first.
    assessment_gate(case=case, action="deadlines.extension_request", actor=actor)
    end_now = _current_end(case)
    ext = ExtensionRequest.objects.create(
        case=case, procedure=case.procedure, rule_code=rule.code, reason_code=reason_code, reason=reason.strip(),
        length_months=int(length_months or 0), length_days=int(length_days or 0), approver=route.approver,
        ordinal=route.ordinal, override_reason=override_reason.strip() if route.needs_override else "",
        requested_by=actor, requested_on=today, end_on_at_request=end_now,
        apply_by_on=window.apply_by_on if window else None, decide_by_on=window.decide_by_on if window else None,
        is_late_request=is_late, late_reason=late_reason.strip() if is_late else "")
    # The timeline is read by the parties too: the late reason stays in the record and the audit trail.
    late = f"；逾期申请（应于{_fmt(ext.apply_by_on)}前提出）" if is_late else ""
    _timeline(case, occurred_on=ext.requested_on, actor=actor, action="extension_requested", extension_id=ext.pk,
              description=f"申请延长审限{ext.length_label}（第{ext.ordinal}次，{ExtensionReason(reason_code).label}），"
                          f"报{ext.get_approver_display()}审批{late}")
    audit_record(actor=actor, action="deadlines.extension_requested", target=ext, case_id=case.pk,
                 after={"reason_code": reason_code, "length_months": ext.length_months,
                        "length_days": ext.length_days, "approver": route.approver, "ordinal": route.ordinal,
                        "override_reason": ext.override_reason, "apply_by_on": ext.apply_by_on,
                        "decide_by_on": ext.decide_by_on, "is_late_request": is_late,
                        "late_reason": ext.late_reason},
                 reason=reason)
    return ext


_DECISION_ACTIONS = {
    ExtensionDecision.APPROVE: "deadlines.extension_approved",
    ExtensionDecision.REJECT: "deadlines.extension_rejected",
    ExtensionDecision.REPORT: "deadlines.extension_reported",
    ExtensionDecision.HIGHER_COURT_APPROVED: "deadlines.extension_approved",
    ExtensionDecision.HIGHER_COURT_REJECTED: "deadlines.extension_rejected",
}


@transaction.atomic
def extension_decide(*, extension_id: int, decision: str, note: str = "", override_reason: str = "",
                     higher_court_reference: str = "", late_reason: str = "", actor: User) -> ExtensionRequest:
    """The 院长's decision on an extension request: approve, reject, report to the higher court, or record the
    higher court's answer. Only this court's 院长 — for an enforcement limit also the 分管副院长 when the court's
    setting allows it (permissions.can_decide_extension). Approving a request with the same reason as an extension
    already granted needs ``override_reason`` (2023 plan measure 14 — 原则上).

    In time (windows.check_extension_timing): the 院长 approves at least 5 days before the limit expires, and a
    further extension is reported to the higher court at least 15 days before (2019 SPC 延长审限和延期开庭规定
    art. 1); later is refused (EXTENSION_WINDOW_MISSED) unless ``late_reason`` is given or the setting is not
    strict; after expiry nothing is approved or reported (EXTENSION_LIMIT_EXPIRED). A rejection is always allowed,
    and so is recording the higher court's answer (it decided on its own day).
    Audit: deadlines.extension_approved / _rejected / _reported."""
    case_id = ExtensionRequest.objects.filter(pk=extension_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise DomainError(DeadlineError.EXTENSION_NOT_FOUND, "延长审限申请不存在", status=404)
    access_case(actor, case_id)
    case = _lock_open_case(case_id)
    require_decide_extension(actor, case)
    ext = ExtensionRequest.objects.select_for_update().get(pk=extension_id)
    if decision not in ExtensionDecision.values:
        raise DomainError(DeadlineError.EXTENSION_DECISION_INVALID, "未知的审批决定", {"decision": decision})
    if ext.procedure != case.procedure and decision in (ExtensionDecision.APPROVE,
                                                        ExtensionDecision.HIGHER_COURT_APPROVED):
        raise DomainError(DeadlineError.EXTENSION_DECISION_INVALID, "案件程序已变更，该申请不再适用，请重新申请",
                          {"requested_under": ext.procedure, "now": case.procedure}, status=409)
    new_status = domain.check_decision(status=ext.status, approver=ext.approver, decision=decision)
    granting = new_status == ExtensionStatus.APPROVED
    timed = {ExtensionDecision.APPROVE: "decide", ExtensionDecision.REPORT: "apply"}.get(decision)
    is_late = False
    if timed:
        is_late = windows.check_extension_timing(window=extension_window_for(case, _require_rule(case)),
                                                today=court_today(), step=timed, late_reason=late_reason,
                                                strict=conf.extension_window_strict())
    if granting and decision == ExtensionDecision.HIGHER_COURT_APPROVED and not higher_court_reference.strip():
        raise DomainError(DeadlineError.REASON_REQUIRED, "请填写上级法院的批复文号")
    if granting and conf.same_reason_rule_enabled() and not ext.override_reason:
        same = [e for e in _extension_facts(case, exclude_id=ext.pk)
                if e.status == ExtensionStatus.APPROVED and e.reason_code == ext.reason_code]
        if same and not override_reason.strip():
            raise DomainError(
                DeadlineError.EXTENSION_SAME_REASON,
                f"本案已因「{ext.get_reason_code_display()}」延长过审限；按本院规定原则上不得再次延长，"
                "确需批准的请填写理由", {"reason_code": ext.reason_code}, status=409)
        if same:
            ext.override_reason = override_reason.strip()
    before = {"status": ext.status, "time_limit_end_on": _current_end(case)}
    ext.status = new_status
    ext.decided_by, ext.decided_on = actor, court_today()
    ext.decision_note = note.strip()
    if higher_court_reference.strip():
        ext.higher_court_reference = higher_court_reference.strip()
    if is_late:
        ext.is_late_decision, ext.decision_late_reason = True, late_reason.strip()
    ext.save(update_fields=["status", "decided_by", "decided_on", "decision_note", "higher_court_reference",
                            "override_reason", "is_late_decision", "decision_late_reason", "updated_at"])
    if granting:
        _mark_stale(case)
        deadline_refresh(case_id=case.pk)
    after_end = _current_end(case)
    label = ExtensionDecision(decision).label
    text = f"延长审限{ext.length_label}：{label}"
    if granting:
        text += f"；审限届满日{_fmt(before['time_limit_end_on'])} → {_fmt(after_end)}"
    if is_late:
        text += "；逾期审批"  # the timeline is read by the parties; the reason stays in the audit trail
    _timeline(case, occurred_on=ext.decided_on, actor=actor, action=_DECISION_ACTIONS[decision].split(".")[1],
              extension_id=ext.pk, description=text)
    audit_record(actor=actor, action=_DECISION_ACTIONS[decision], target=ext, case_id=case.pk, before=before,
                 after={"status": ext.status, "time_limit_end_on": after_end,
                        "higher_court_reference": ext.higher_court_reference, "override_reason": ext.override_reason,
                        "is_late_decision": ext.is_late_decision, "decision_late_reason": ext.decision_late_reason},
                 reason=note or override_reason)
    return ext


@transaction.atomic
def case_time_limit_rule_set(*, case_id: int, rule_code: str, reason: str, actor: User) -> CaseDeadline:
    """Choose the rule for a case whose category and procedure do not decide it (an appeal against a ruling, a
    judicial confirmation, a criminal case with a longer possible sentence …); "" returns to the default.
    Audit: deadlines.rule_set."""
    access_case_for_time_limit_write(actor, case_id)
    case = _lock_open_case(case_id)
    if not reason.strip():
        raise DomainError(DeadlineError.REASON_REQUIRED, "请填写适用该审限规则的理由")
    if rule_code:
        rule = domain.RULES.get(rule_code)
        if rule is None:
            raise DomainError(DeadlineError.RULE_UNKNOWN, f"未知的审限规则：{rule_code}", {"rule_code": rule_code})
        if domain.CATEGORY_FAMILY.get(case.category) != rule.family and not (
                case.category == "administrative" and rule.family == domain.ENFORCEMENT):
            raise DomainError(DeadlineError.RULE_UNKNOWN, f"「{rule.label}」不适用于{case.get_category_display()}案件",
                              {"rule_code": rule_code, "category": case.category})
    deadline_refresh(case_id=case.pk)  # make sure the row exists
    row = CaseDeadline.objects.select_for_update().get(case=case)
    before = {"rule_override": row.rule_override, "rule_code": row.rule_code, "time_limit_end_on": row.time_limit_end_on}
    row.rule_override = rule_code
    row.is_stale = True
    row.save(update_fields=["rule_override", "is_stale", "updated_at"])
    deadline_refresh(case_id=case.pk)
    row.refresh_from_db()
    label = domain.RULES[row.rule_code].label if row.rule_code else "无法定审限"
    _timeline(case, occurred_on=court_today(), actor=actor, action="rule_set", rule_code=rule_code,
              description=f"审限规则调整为「{label}」：{reason.strip()}；审限届满日{_fmt(row.time_limit_end_on)}")
    audit_record(actor=actor, action="deadlines.rule_set", target=row, case_id=case.pk, before=before,
                 after={"rule_override": row.rule_override, "rule_code": row.rule_code,
                        "time_limit_end_on": row.time_limit_end_on}, reason=reason)
    return row


# --- 一案一策 plans ------------------------------------------------------------------------------------------------

def _clean_steps(steps: list[dict]) -> list[dict]:
    cleaned = []
    for s in steps or []:
        due = s.get("due_on")
        if isinstance(due, str) and due:
            try:
                due = date.fromisoformat(due)
            except ValueError:
                raise DomainError(DeadlineError.PLAN_TARGET_DATE, "步骤的完成日期格式不正确", {"due_on": due})
        cleaned.append({"text": str(s.get("text", "")).strip(), "due_on": due or None, "done": bool(s.get("done"))})
    return cleaned


def _steps_json(steps: list[dict]) -> list[dict]:
    return [{**s, "due_on": s["due_on"].isoformat() if s.get("due_on") else None} for s in steps]


@transaction.atomic
def case_plan_create(*, case_id: int, target_on: date, steps: list[dict], owner_id: int, actor: User) -> CasePlan:
    """Make the 一案一策 plan of a long-pending case: target closing date, steps, owner (2023 plan measure 13).
    One active plan per case. Audit: deadlines.case_plan_created."""
    case = access_case_for_plan(actor, case_id)
    case = _lock_open_case(case.pk)
    cleaned = _clean_steps(steps)
    domain.check_plan(target_on=target_on, steps=cleaned, today=court_today())
    owner = User.objects.filter(pk=owner_id, court_id=case.court_id, is_active=True,
                                role__in=[Role.JUDGE, Role.DIVISION_HEAD, Role.PRESIDENT, Role.VICE_PRESIDENT,
                                          Role.ENFORCEMENT_OFFICER, Role.JUDGE_ASSISTANT]).first()
    if owner is None:
        raise DomainError(DeadlineError.PLAN_OWNER_INVALID, "责任人须为本院在职的法官、执行员或院庭领导",
                          {"owner_id": owner_id})
    if CasePlan.objects.filter(case=case, status=PlanStatus.ACTIVE).exists():
        raise DomainError(DeadlineError.PLAN_EXISTS, "本案已有执行中的一案一策，请更新该计划", status=409)
    tier = CaseDeadline.objects.filter(case=case).values_list("tier", flat=True).first() or Tier.NONE
    plan = CasePlan.objects.create(case=case, target_on=target_on, steps=_steps_json(cleaned), owner=owner,
                                   tier_at_creation=tier, created_by=actor)
    _timeline(case, occurred_on=court_today(), actor=actor, action="case_plan_created", plan_id=plan.pk,
              description=f"制定一案一策：目标{_fmt(target_on)}结案，责任人{owner}，共{len(cleaned)}个步骤")
    audit_record(actor=actor, action="deadlines.case_plan_created", target=plan, case_id=case.pk,
                 after={"target_on": target_on, "owner_id": owner.pk, "steps": plan.steps, "tier": tier})
    return plan


@transaction.atomic
def case_plan_update(*, plan_id: int, note: str, progress_percent: int, actor: User,
                     done_steps: list[int] | None = None, target_on: date | None = None,
                     status: str | None = None) -> CasePlanUpdate:
    """Record progress on a 一案一策 plan (清案推进会): a note, the percentage, steps done, a new target date or the
    plan's completion. Audit: deadlines.case_plan_updated."""
    found = CasePlan.objects.filter(pk=plan_id).values_list("case_id", flat=True).first()
    if found is None:
        raise DomainError(DeadlineError.PLAN_NOT_FOUND, "一案一策不存在", status=404)
    access_case_for_plan(actor, found)
    plan = CasePlan.objects.select_for_update().select_related("case").get(pk=plan_id)
    if plan.status != PlanStatus.ACTIVE:
        raise DomainError(DeadlineError.PLAN_CLOSED, "该计划已完成或撤销", status=409)
    if not note.strip():
        raise DomainError(DeadlineError.REASON_REQUIRED, "请填写进展情况")
    if not (0 <= int(progress_percent) <= 100):
        raise DomainError(DeadlineError.PLAN_PROGRESS, "进度应为0到100之间的整数")
    if status is not None and status not in PlanStatus.values:
        raise DomainError(DeadlineError.PLAN_PROGRESS, "未知的计划状态", {"status": status})
    steps = list(plan.steps)
    for index in done_steps or []:
        if not (0 <= index < len(steps)):
            raise DomainError(DeadlineError.PLAN_PROGRESS, "步骤序号不存在", {"index": index})
    if target_on is not None:
        domain.check_plan(target_on=target_on, steps=_clean_steps(steps), today=court_today())
    before = {"progress_percent": plan.progress_percent, "target_on": plan.target_on, "status": plan.status,
              "steps": plan.steps}
    for index in done_steps or []:
        steps[index] = {**steps[index], "done": True}
    plan.steps = steps
    plan.progress_percent = int(progress_percent)
    if target_on is not None:
        plan.target_on = target_on
    if status is not None:
        plan.status = status
    plan.save(update_fields=["steps", "progress_percent", "target_on", "status", "updated_at"])
    update = CasePlanUpdate.objects.create(plan=plan, recorded_on=court_today(), recorded_at=court_now(),
                                           note=note.strip(), progress_percent=plan.progress_percent,
                                           recorded_by=actor)
    _timeline(plan.case, occurred_on=court_today(), actor=actor, action="case_plan_updated", plan_id=plan.pk,
              description=f"一案一策进展（{plan.progress_percent}%）：{note.strip()}")
    audit_record(actor=actor, action="deadlines.case_plan_updated", target=plan, case_id=plan.case_id, before=before,
                 after={"progress_percent": plan.progress_percent, "target_on": plan.target_on,
                        "status": plan.status, "steps": plan.steps}, reason=note)
    return update


# --- Appeal transfers (measure 14) ---------------------------------------------------------------------------

@transaction.atomic
def appeal_transfer_record(*, case_id: int, appeal_filed_on: date, served_on: date, exemption: str = "",
                           note: str = "", actor: User) -> AppealTransfer:
    """Start tracking the transfer of an appealed case's file: due 5 days after the 15-day answer period
    (CPL 174–175; 2023 plan measure 14), unless service was by public notice or abroad (then exempt, no due date).
    Audit: deadlines.appeal_transfer_recorded."""
    from yingshang.calendar.selectors import workday_calendar

    case = access_case_for_time_limit_write(actor, case_id)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if exemption not in TransferExemption.values:
        raise DomainError(DeadlineError.TRANSFER_DATES, "未知的特殊情况", {"exemption": exemption})
    today = court_today()
    if not (case.filed_on <= appeal_filed_on <= served_on <= today):
        raise DomainError(DeadlineError.TRANSFER_DATES, "日期顺序应为：立案日 ≤ 收到上诉状日 ≤ 送达上诉状副本日 ≤ 今天",
                          {"appeal_filed_on": appeal_filed_on.isoformat(), "served_on": served_on.isoformat()})
    if AppealTransfer.objects.filter(case=case).exists():
        raise DomainError(DeadlineError.TRANSFER_EXISTS, "本案已登记上诉移送", status=409)
    answer_days = conf.appeal_answer_days()
    if exemption:
        answer = served_on + timedelta(days=answer_days)
        due, unconfirmed, status = None, False, TransferStatus.EXEMPT
    else:
        cal = workday_calendar(served_on, served_on + timedelta(days=answer_days + conf.appeal_transfer_days() + 20))
        result = domain.appeal_transfer_due(served_on=served_on, answer_days=answer_days,
                                            transfer_days=conf.appeal_transfer_days(), cal=cal,
                                            rollover=conf.time_limit_rolls_over_holidays())
        answer, due, unconfirmed, status = (result.answer_ends_on, result.due_on, result.unconfirmed_calendar,
                                            TransferStatus.PENDING)
    transfer = AppealTransfer.objects.create(
        case=case, appeal_filed_on=appeal_filed_on, served_on=served_on, answer_days=answer_days,
        answer_ends_on=answer, due_on=due, exemption=exemption, status=status, unconfirmed_calendar=unconfirmed,
        note=note.strip(), recorded_by=actor)
    deadline_refresh(case_id=case.pk)
    text = (f"上诉：答辩期至{_fmt(answer)}，应于{_fmt(due)}前移送二审法院" if due else
            f"上诉：{TransferExemption(exemption).label}，不适用答辩期满5日内移送")
    _timeline(case, occurred_on=appeal_filed_on, actor=actor, action="appeal_transfer_recorded",
              transfer_id=transfer.pk, description=text)
    audit_record(actor=actor, action="deadlines.appeal_transfer_recorded", target=transfer, case_id=case.pk,
                 after={"served_on": served_on, "answer_ends_on": answer, "due_on": due, "exemption": exemption})
    return transfer


@transaction.atomic
def appeal_transfer_complete(*, transfer_id: int, transferred_on: date, actor: User) -> AppealTransfer:
    """Record that the file went to the second-instance court. Audit: deadlines.appeal_transfer_completed."""
    case_id = AppealTransfer.objects.filter(pk=transfer_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise DomainError(DeadlineError.TRANSFER_NOT_FOUND, "上诉移送记录不存在", status=404)
    access_case_for_time_limit_write(actor, case_id)
    transfer = AppealTransfer.objects.select_for_update().select_related("case").get(pk=transfer_id)
    if transfer.status == TransferStatus.TRANSFERRED:
        raise DomainError(DeadlineError.TRANSFER_DONE, "案卷已移送", status=409)
    if not (transfer.appeal_filed_on <= transferred_on <= court_today()):
        raise DomainError(DeadlineError.TRANSFER_DATES, "移送日期应在收到上诉状之后、今天之前")
    before = {"status": transfer.status, "transferred_on": None}
    transfer.status, transfer.transferred_on = TransferStatus.TRANSFERRED, transferred_on
    transfer.save(update_fields=["status", "transferred_on", "updated_at"])
    late = f"（超期{(transferred_on - transfer.due_on).days}日）" if transfer.is_late else ""
    _timeline(transfer.case, occurred_on=transferred_on, actor=actor, action="appeal_transfer_completed",
              transfer_id=transfer.pk, description=f"案卷移送二审法院{late}")
    audit_record(actor=actor, action="deadlines.appeal_transfer_completed", target=transfer, case_id=case_id,
                 before=before, after={"status": transfer.status, "transferred_on": transferred_on,
                                       "is_late": transfer.is_late})
    return transfer


# --- Alerts ------------------------------------------------------------------------------------------------------

@transaction.atomic
def alert_acknowledge(*, alert_id: int, actor: User) -> Alert:
    """Mark an alert as seen by its addressee (idempotent). Audit: deadlines.alert_acknowledged."""
    from yingshang.deadlines.selectors import alerts_for_user

    alert = alerts_for_user(actor).select_for_update(of=("self",)).filter(pk=alert_id).first()
    if alert is None:
        raise DomainError(DeadlineError.ALERT_NOT_FOUND, "预警不存在，或您无权查看", status=404)
    if alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = actor, court_now()
        alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
        audit_record(actor=actor, action="deadlines.alert_acknowledged", target=alert, case_id=alert.case_id,
                     after={"kind": alert.kind, "level": alert.level})
    return alert


# --- The scan ----------------------------------------------------------------------------------------------------

@dataclass
class ScanResult:
    today: date
    counts: ScanCounts
    notified: int
    notifications_available: bool


def _params(today: date, case_ids: list[int] | None) -> ScanParams:
    return ScanParams(today=today, now=court_now(), rollover=conf.time_limit_rolls_over_holidays(),
                      lookahead_days=conf.long_pending_lookahead_days(), alert_days=conf.time_limit_alert_days(),
                      transfer_warning_days=conf.appeal_transfer_warning_days(), case_ids=case_ids)


def _settings_fingerprint(p: ScanParams) -> dict:
    return {"rollover": p.rollover, "lookahead_days": p.lookahead_days, "alert_days": list(p.alert_days)}


def deadline_refresh(*, case_id: int, today: date | None = None) -> ScanCounts:
    """Recompute one case's deadline row (and raise its alerts) inside the caller's transaction: the scan's
    statements restricted to that case, so a change shows at once and tomorrow's scan has nothing to redo."""
    today = today or court_today()
    counts = run_scan(_params(today, [case_id]))
    alerts_dispatch(today=today, case_ids=[case_id], digest=False)  # at once, one notice per alert
    return counts


@transaction.atomic
def deadlines_scan(*, today: date | None = None, notify: bool = True, full: bool = False,
                   closed_since: date | None = None) -> ScanResult:
    """The daily scan (issue 3 §6; plan measure 13): recompute what changed, the long-pending tiers and the
    time-limit alert levels of the open cases; raise the alerts once; queue their notifications in the same
    transaction. Idempotent: a second run on the same day writes no row except the day's ScanRun counter.

    A run is incremental (cases changed since the previous run, rows whose next change is due) unless ``full``,
    or there is no previous run, or the settings changed, or ``today`` is not after the last run's day, or it is
    the weekly reconciliation day (conf.full_scan_weekday). When the rollover setting changed every open row is
    recomputed. ``notify=False`` (the first load of an existing case base): the alerts are recorded and shown on
    the pages, but no notice is queued for them, so judges are not flooded with the backlog. ``closed_since``
    (installing over an existing case base): cases closed on or after that day that have no row get one, with their
    time limit as it stood, so 法定审限内结案率 (indicators.md; 2000 审限规定 and the rule table) counts the closures
    made before the install; closed rows get no level and no alert."""
    today = today or court_today()
    started = court_now()
    params = _params(today, None)
    fingerprint = _settings_fingerprint(params)
    previous = ScanRun.objects.order_by("-ran_on").first()
    previous_settings = (previous.counts or {}).get("settings") if previous else None
    if previous_settings and previous_settings.get("rollover") != params.rollover:
        CaseDeadline.objects.filter(is_open=True).update(is_stale=True)
    params.full = bool(full or previous is None or previous_settings != fingerprint or today < previous.ran_on
                       or (today.weekday() == conf.full_scan_weekday() and not (
                           previous.ran_on == today and (previous.counts or {}).get("full"))))
    if not params.full:
        params.cases_since = previous.started_at - timedelta(minutes=conf.watermark_margin_minutes())
    # The run's own alerts are recorded as dispatched when no notice is wanted (a silent first load) or when their
    # notices are queued below in this same transaction (so they need not be rewritten afterwards).
    available = notifications_available()
    params.alerts_dispatched = not notify or available
    params.return_alert_ids = notify and available
    params.closed_since = closed_since
    counts = run_scan(params)
    queued_at = time.perf_counter()
    notified = 0
    if notify:
        notified, available = alerts_dispatch(today=today, case_ids=None, digest=True,
                                              new_alert_ids=counts.new_alert_ids)
    counts.seconds["notifications"] = round(time.perf_counter() - queued_at, 4)
    finished = court_now()
    record = {**counts.as_dict(), "settings": fingerprint, "notified": notified}
    run = ScanRun.objects.select_for_update().filter(ran_on=today).first()
    if run is None:
        ScanRun.objects.create(ran_on=today, started_at=started, finished_at=finished, counts=record)
    else:
        run.runs += 1
        if not record["full"] and (run.counts or {}).get("full"):
            record["full"] = True  # the day already had its full comparison
        run.started_at, run.finished_at, run.counts = started, finished, record
        run.save(update_fields=["runs", "started_at", "finished_at", "counts"])
    logger.info("deadline scan %s: %s; notified %s", today, counts.as_dict(), notified)
    return ScanResult(today=today, counts=counts, notified=notified, notifications_available=available)


def case_status_hook(*, case: Case, actor: User, previous_status: str, on: date, reason: str = "") -> None:
    """Registered in cases.services.CASE_STATUS_HOOKS: suspending a case starts a 中止 deduction (not counted in the
    time limit: 解释 243, TermProv 9) and resuming ends it, in the same transaction. Cases without a time limit,
    or whose rule does not deduct suspension, are left alone."""
    from yingshang.cases.choices import CaseCategory, CaseStatus

    kind = (DeductionKind.ENFORCEMENT_SUSPENSION if case.category == CaseCategory.ENFORCEMENT
            else DeductionKind.SUSPENSION)
    if case.status == CaseStatus.SUSPENDED:
        try:
            deduction_record(case_id=case.pk, kind=kind, start_on=on, reason=reason or "中止", actor=actor)
        except DomainError as exc:
            if exc.code not in (DeadlineError.NO_TIME_LIMIT, DeadlineError.DEDUCTION_KIND_NOT_ALLOWED):
                raise
    elif previous_status == CaseStatus.SUSPENDED:
        running = Deduction.objects.filter(case=case, kind=kind, end_on__isnull=True).order_by("-start_on").first()
        if running is not None:
            deduction_end(deduction_id=running.pk, end_on=max(on - timedelta(days=1), running.start_on), actor=actor)
