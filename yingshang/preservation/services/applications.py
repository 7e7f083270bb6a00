"""Applications, security, ruling and measures. Each service authorises, loads under a lock, validates with the pure rules of
domain.py and only then writes — the change, its audit event and the case's timeline event in one transaction. A
refusal is a coded DomainError and writes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.db.models import Case as SqlCase
from django.db.models import F, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from yingshang.audit.services import audit_record
from yingshang.calendar.selectors import period_deadline
from yingshang.cases.choices import CaseEventKind, CaseStatus
from yingshang.cases.models import Case, CaseParty
from yingshang.cases.services import case_event_write
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.core.money import fen_to_yuan
from yingshang.preservation import conf, domain
from yingshang.preservation.choices import (
    PENDING_RULING, AlertLevel, ApplicationStatus, LiftReason, MeasureMethod, MeasureStatus, PreservationKind,
)
from yingshang.preservation.errors import PreservationError
from yingshang.preservation.models import PreservationApplication, PreservationMeasure
from yingshang.preservation.permissions import (
    access_application, access_application_for_write, access_case_for_preservation, can_handle, is_applicant_user,
)

PRESERVATION_ORDER = "preservation.order"  # the assessment gate's action (assessments template of the 保全 stage)


# --- Helpers -----------------------------------------------------------------------------------------------------

def _lock(application_id: int) -> PreservationApplication:
    return (PreservationApplication.objects.select_for_update(of=("self",))
            .select_related("case", "case__judge", "applicant", "respondent").get(pk=application_id))


def _timeline(case: Case, *, occurred_on: date, actor, description: str, **data) -> None:
    case_event_write(case=case, kind=CaseEventKind.NOTE, occurred_on=occurred_on, actor=actor,
                     description=description, data={"app": "preservation", **data})


def _snapshot(a: PreservationApplication) -> dict:
    return {"status": a.status, "security_required": a.security_required, "security_fen": a.security_fen,
            "waiver_ground": a.waiver_ground, "ruling_due_on": a.ruling_due_on, "ruling_due_at": a.ruling_due_at,
            "granted_amount_fen": a.granted_amount_fen, "preserved_value_fen": a.preserved_value_fen,
            "excess_fen": a.excess_fen, "peak_excess_fen": a.peak_excess_fen, "suit_due_on": a.suit_due_on,
            "suit_filed_on": a.suit_filed_on, "enforcement_due_on": a.enforcement_due_on,
            "enforcement_applied_on": a.enforcement_applied_on}


def _measure_snapshot(m: PreservationMeasure) -> dict:
    return {"status": m.status, "value_fen": m.value_fen, "expires_on": m.expires_on, "renewals": m.renewals,
            "renewal_requested_on": m.renewal_requested_on, "is_live_seal": m.is_live_seal,
            "lifted_on": m.lifted_on, "lift_reason": m.lift_reason}


def _aware(moment: datetime | None) -> datetime | None:
    """A moment without an offset is read in court time (Asia/Shanghai)."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _yuan(fen: int) -> str:
    return fen_to_yuan(fen)


def _party_in_case(case: Case, party_id) -> CaseParty:
    try:
        party_id = int(party_id)
    except (TypeError, ValueError):
        party_id = 0
    row = CaseParty.objects.select_related("party").filter(case=case, party_id=party_id).order_by("pk").first()
    if row is None:
        raise DomainError(PreservationError.PARTY_NOT_IN_CASE, "申请人、被申请人应为本案当事人", {"party_id": party_id},
                          status=422)
    return row


def _check_not_future(on: date, label: str) -> None:
    if on > court_today():
        raise DomainError(PreservationError.DATE_INVALID, f"{label}不能晚于今天", {"date": on.isoformat()}, status=422)


def _ruling_due(application: PreservationApplication, *, start_at: datetime) -> tuple[date, datetime | None]:
    """The ruling deadline from ``start_at`` (the application, or the provision of security): 48 hours as a moment,
    or 5 days on the working-day calendar (domain.ruling_clock)."""
    clock = domain.ruling_clock(kind=application.kind, is_urgent=application.is_urgent)
    if clock.hours:
        due_at = start_at + timedelta(hours=clock.hours)
        return timezone.localtime(due_at).date(), due_at
    start = timezone.localtime(start_at).date()
    return period_deadline(start=start, days=clock.days).deadline, None


def recompute_claim_match(application_ids) -> None:
    """Set-based: the value still preserved (Σ active measures), the current excess over the amount ordered plus
    costs (domain.claim_match, SealProv 19) and the highest excess seen, for the given applications."""
    active = Subquery(PreservationMeasure.objects.filter(application=OuterRef("pk"), status=MeasureStatus.ACTIVE)
                      .order_by().values("application").annotate(s=Sum("value_fen")).values("s")[:1])
    rows = PreservationApplication.objects.filter(pk__in=list(application_ids), granted_amount_fen__isnull=False)
    rows.update(preserved_value_fen=Coalesce(active, Value(0)))
    limit = F("granted_amount_fen") + F("costs_fen")
    rows.update(excess_fen=SqlCase(When(preserved_value_fen__gt=limit, then=F("preserved_value_fen") - limit),
                                 default=Value(0)))
    rows.filter(excess_fen__gt=F("peak_excess_fen")).update(peak_excess_fen=F("excess_fen"))


# --- Applications, security, ruling ------------------------------------------------------------------------------

@transaction.atomic
def application_create(*, case_id: int, kind: str, applicant_id: int, respondent_id: int, amount_fen: int,
                       is_urgent: bool = False, costs_fen: int = 0, applied_at: datetime | None = None,
                       performance_ends_on: date | None = None, actor) -> PreservationApplication:
    """Record an application to preserve the respondent's property (CPL 103, 104; CPL-Interp 163).

    A pre-litigation application waits for the (mandatory) security before its 48 hours run; otherwise the ruling
    clock starts at once (domain.ruling_clock). Before enforcement, the end of the performance period is required:
    the creditor must apply for enforcement within 5 days after it (CPL-Interp 163). Refused, nothing written: a
    case the actor may not change; parties not of the case or the same party on both sides; an amount not above
    zero; in-litigation preservation in a closed case; an application time in the future; a pre-enforcement
    application without the end of the performance period. Audit: preservation.application_created."""
    case = access_case_for_preservation(actor, case_id)
    if kind not in PreservationKind.values:
        raise DomainError(PreservationError.KIND_INVALID, "保全类型不正确", {"kind": kind}, status=422)
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise DomainError(PreservationError.AMOUNT_INVALID, "请求保全数额应大于零", {"amount_fen": amount_fen}, status=422)
    if isinstance(costs_fen, bool) or not isinstance(costs_fen, int) or costs_fen < 0:
        raise DomainError(PreservationError.AMOUNT_INVALID, "费用不能为负数", {"costs_fen": costs_fen}, status=422)
    applicant = _party_in_case(case, applicant_id).party
    respondent = _party_in_case(case, respondent_id).party
    if applicant.pk == respondent.pk:
        raise DomainError(PreservationError.SAME_PARTY, "申请人与被申请人不能是同一当事人", status=422)
    if kind == PreservationKind.LITIGATION and case.status == CaseStatus.CLOSED:
        raise DomainError(PreservationError.CASE_CLOSED, "案件已结案，不能再申请诉讼保全", status=409)
    if kind == PreservationKind.PRE_ENFORCEMENT and performance_ends_on is None:
        raise DomainError(PreservationError.PERFORMANCE_END_REQUIRED,
                          "执行前保全应当填写生效法律文书指定的履行期间届满日（民诉法解释第163条）", status=422)
    now = court_now()
    applied_at = _aware(applied_at) or now
    if applied_at > now:
        raise DomainError(PreservationError.DATE_INVALID, "申请时间不能晚于现在", status=422)
    application = PreservationApplication(
        case=case, kind=kind, is_urgent=bool(is_urgent), applicant=applicant, respondent=respondent,
        amount_fen=amount_fen, costs_fen=costs_fen, applied_at=applied_at,
        applied_on=timezone.localtime(applied_at).date(), recorded_by=actor)
    if kind == PreservationKind.PRE_ENFORCEMENT:
        start, days = domain.enforcement_due_from(performance_ends_on)
        application.performance_ends_on = performance_ends_on
        application.enforcement_due_on = period_deadline(start=start, days=days).deadline
    if kind == PreservationKind.PRE_LITIGATION:
        application.status = ApplicationStatus.AWAITING_SECURITY
    else:
        application.ruling_due_on, application.ruling_due_at = _ruling_due(application, start_at=applied_at)
    application.save()
    audit_record(actor=actor, action="preservation.application_created", target=application, case_id=case.pk,
                 after={"kind": kind, "is_urgent": application.is_urgent, "applicant_id": applicant.pk,
                        "respondent_id": respondent.pk, "amount_fen": amount_fen, "costs_fen": costs_fen,
                        **_snapshot(application)})
    _timeline(case, occurred_on=application.applied_on, actor=actor, application_id=application.pk,
              description=f"{applicant.name}申请{application.get_kind_display()}，请求保全数额{_yuan(amount_fen)}元"
                          f"（被申请人：{respondent.name}）")
    return application


@transaction.atomic
def security_decide(*, application_id: int, is_required: bool, security_fen: int | None = None,
                    waiver_ground: str = "", note: str = "", actor) -> PreservationApplication:
    """Order security (PresProv 5) or dispense with it (PresProv 9). Ordering it stops the ruling clock until the
    security is provided (PresProv 4 ¶1); waiving it keeps the clock from the application.
    Audit: preservation.security_decided."""
    application = _lock(access_application_for_write(actor, application_id).pk)
    if application.status not in PENDING_RULING:
        raise DomainError(PreservationError.STATUS, "该申请已裁定，不能再决定担保", {"status": application.status},
                          status=409)
    if application.security_provided_at is not None:
        raise DomainError(PreservationError.STATUS, "担保已提供，不能再变更担保决定", status=409)
    decision = domain.security_check(kind=application.kind, amount_fen=application.amount_fen, is_required=is_required,
                                     security_fen=security_fen, waiver_ground=waiver_ground or "",
                                     adjustment_reason=note or "")
    before = _snapshot(application)
    application.security_decided = True
    application.security_required = decision.is_required
    application.security_fen = decision.security_fen
    application.waiver_ground = decision.waiver_ground
    application.security_note = (note or "").strip()[:300]
    if decision.is_required:
        application.status = ApplicationStatus.AWAITING_SECURITY
        application.ruling_due_on = application.ruling_due_at = None
    else:
        application.status = ApplicationStatus.APPLIED
        application.ruling_due_on, application.ruling_due_at = _ruling_due(application,
                                                                           start_at=application.applied_at)
    application.ruling_alert = AlertLevel.NONE
    application.save()
    audit_record(actor=actor, action="preservation.security_decided", target=application,
                 case_id=application.case_id, before=before, after=_snapshot(application), reason=application.security_note)
    text = (f"责令申请人提供担保{_yuan(decision.security_fen)}元" if decision.is_required
            else f"免除担保（{application.get_waiver_ground_display()}）")
    _timeline(application.case, occurred_on=court_today(), actor=actor, application_id=application.pk,
              description=f"财产保全：{text}")
    return application


@transaction.atomic
def security_provide(*, application_id: int, provided_at: datetime | None = None, actor) -> PreservationApplication:
    """The applicant provided the security ordered: the ruling clock runs from now (5 days, or 48 hours).
    Audit: preservation.security_provided."""
    application = _lock(access_application_for_write(actor, application_id).pk)
    if application.status != ApplicationStatus.AWAITING_SECURITY or (
            application.kind != PreservationKind.PRE_LITIGATION and not application.security_required):
        raise DomainError(PreservationError.STATUS, "该申请不在等待提供担保的状态", {"status": application.status},
                          status=409)
    if not application.security_decided:
        raise DomainError(PreservationError.SECURITY_NOT_PROVIDED, "请先决定担保数额", status=409)
    now = court_now()
    provided_at = _aware(provided_at) or now
    if provided_at > now or provided_at < application.applied_at:
        raise DomainError(PreservationError.DATE_INVALID, "提供担保的时间应在申请之后、现在之前", status=422)
    before = _snapshot(application)
    application.security_provided_at = provided_at
    application.status = ApplicationStatus.APPLIED
    application.ruling_due_on, application.ruling_due_at = _ruling_due(application, start_at=provided_at)
    application.save()
    audit_record(actor=actor, action="preservation.security_provided", target=application,
                 case_id=application.case_id, before=before, after=_snapshot(application))
    _timeline(application.case, occurred_on=timezone.localtime(provided_at).date(), actor=actor,
              application_id=application.pk,
              description=f"申请人提供保全担保{_yuan(application.security_fen)}元，应于"
                          f"{application.ruling_due_on:%Y年%m月%d日}前作出裁定")
    return application


@transaction.atomic
def ruling_make(*, application_id: int, grant: bool, ruled_on: date, granted_amount_fen: int | None = None,
                reason: str = "", actor) -> PreservationApplication:
    """Rule on the application. Granting orders preservation of at most the amount applied for (CPL 105): on an
    enterprise respondent the order passes the impact-assessment gate first (assessments, action
    "preservation.order"); the application fee is charged to the applicant through the fees ledger, computed by the
    fees calculator on the amount ordered (诉讼费用交纳办法 14(2)). Rejecting needs a reason.
    Audit: preservation.ruled; timeline."""
    application = _lock(access_application_for_write(actor, application_id).pk)
    if application.status == ApplicationStatus.AWAITING_SECURITY:
        raise DomainError(PreservationError.SECURITY_NOT_PROVIDED, "申请人尚未提供担保，不能裁定准许保全", status=409)
    if application.status != ApplicationStatus.APPLIED:
        raise DomainError(PreservationError.STATUS, "该申请已裁定", {"status": application.status}, status=409)
    _check_not_future(ruled_on, "裁定日期")
    if ruled_on < application.applied_on:
        raise DomainError(PreservationError.DATE_INVALID, "裁定日期不能早于申请日期", status=422)
    reason = (reason or "").strip()
    before = _snapshot(application)
    if grant:
        amount = application.amount_fen if granted_amount_fen is None else granted_amount_fen
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise DomainError(PreservationError.AMOUNT_INVALID, "裁定保全数额应大于零", status=422)
        if amount > application.amount_fen:
            raise DomainError(PreservationError.GRANTED_ABOVE_APPLIED, "裁定保全数额不能超过请求保全数额（民事诉讼法第105条）",
                              {"granted_amount_fen": amount, "amount_fen": application.amount_fen}, status=422)
        if application.respondent.is_enterprise:
            from yingshang.assessments.gate import assessment_gate

            assessment_gate(case=application.case, action=PRESERVATION_ORDER, actor=actor)
        from yingshang.fees.services import fee_charge_create

        payer = _party_in_case(application.case, application.applicant_id)
        charge = fee_charge_create(case_id=application.case_id, fee_type="preservation", payer_case_party_id=payer.pk,
                                   amount_fen=amount, actor=actor)
        application.status = ApplicationStatus.GRANTED
        application.granted_amount_fen = amount
        application.fee_fen, application.fee_charge_id = charge.fee_fen, charge.pk
        text = f"裁定准许保全，保全数额{_yuan(amount)}元，申请保全费{_yuan(charge.fee_fen)}元"
    else:
        if not reason:
            raise DomainError(PreservationError.REASON_REQUIRED, "驳回保全申请应当写明理由", status=422)
        application.status = ApplicationStatus.REJECTED
        text = f"裁定驳回保全申请：{reason}"
    application.ruled_on = ruled_on
    application.ruling_reason = reason[:300]
    application.ruling_alert = AlertLevel.NONE
    application.save()
    audit_record(actor=actor, action="preservation.ruled", target=application, case_id=application.case_id,
                 before=before, after=_snapshot(application), reason=reason)
    _timeline(application.case, occurred_on=ruled_on, actor=actor, application_id=application.pk,
              description=f"财产保全：{text}")
    return application


# --- Measures ----------------------------------------------------------------------------------------------------

def _measure_lock(actor, measure_id) -> tuple[PreservationMeasure, PreservationApplication]:
    application_id = PreservationMeasure.objects.filter(pk=measure_id).values_list("application_id", flat=True).first()
    if application_id is None:
        raise NotFound(PreservationError.NOT_FOUND, "未找到该保全措施，或您无权查看")
    application = _lock(access_application_for_write(actor, application_id).pk)
    measure = PreservationMeasure.objects.select_for_update().get(pk=measure_id)
    return measure, application


@transaction.atomic
def measure_take(*, application_id: int, property_kind: str, method: str, description: str, value_fen: int,
                 taken_on: date, expires_on: date | None = None, is_divisible: bool = True,
                 is_factory_or_machinery: bool = False, is_live_seal: bool = False, actor) -> PreservationMeasure:
    """Record a measure taken under a granted application: its term (CPL-Interp 485 — the printed last day, or the
    computed default under PRESERVATION_TERM_END_CONVENTION), 活封 (forced for factory buildings and machinery,
    PresProv 13 ¶2), then the claim-matching check (SealProv 19): the value preserved above the amount ordered plus
    costs is flagged 超标的 with the excess. The first measure of a pre-litigation application starts the 30 days
    within which the applicant must sue (CPL 104 ¶3). Audit: preservation.measure_taken."""
    application = _lock(access_application_for_write(actor, application_id).pk)
    if application.status != ApplicationStatus.GRANTED:
        raise DomainError(PreservationError.STATUS, "只有裁定准许保全的申请才能采取保全措施", {"status": application.status},
                          status=409)
    domain.term_years(property_kind)
    if method not in MeasureMethod.values:
        raise DomainError(PreservationError.METHOD_INVALID, "保全措施应为查封、扣押或冻结", {"method": method}, status=422)
    description = (description or "").strip()
    if not description:
        raise DomainError(PreservationError.DESCRIPTION_REQUIRED, "请写明被保全的财产", status=422)
    if isinstance(value_fen, bool) or not isinstance(value_fen, int) or value_fen <= 0:
        raise DomainError(PreservationError.AMOUNT_INVALID, "财产价值应大于零", {"value_fen": value_fen}, status=422)
    _check_not_future(taken_on, "采取日期")
    if taken_on < application.ruled_on:
        raise DomainError(PreservationError.DATE_INVALID, "采取日期不能早于裁定日期", status=422)
    if expires_on is None:
        expires_on = domain.term_end(property_kind=property_kind, taken_on=taken_on,
                                     convention=conf.term_end_convention())
    else:
        domain.term_check(property_kind=property_kind, taken_on=taken_on, expires_on=expires_on)
    before = _snapshot(application)
    measure = PreservationMeasure.objects.create(
        application=application, property_kind=property_kind, method=method, description=description[:300],
        value_fen=value_fen, original_value_fen=value_fen, is_divisible=bool(is_divisible),
        is_factory_or_machinery=bool(is_factory_or_machinery),
        is_live_seal=domain.is_live_seal(is_factory_or_machinery=bool(is_factory_or_machinery),
                                         requested=bool(is_live_seal)),
        taken_on=taken_on, expires_on=expires_on, recorded_by=actor)
    recompute_claim_match([application.pk])
    application.refresh_from_db()
    if application.kind == PreservationKind.PRE_LITIGATION and application.suit_due_on is None:
        start, days = domain.suit_due_from(taken_on)
        application.suit_due_on = period_deadline(start=start, days=days).deadline
        application.save(update_fields=["suit_due_on", "updated_at"])
    audit_record(actor=actor, action="preservation.measure_taken", target=measure, case_id=application.case_id,
                 after={**_measure_snapshot(measure), "property_kind": property_kind, "method": method,
                        "description": measure.description, "application": _snapshot(application)},
                 before={"application": before})
    # PresProv 18: the court tells the applicant in writing the exact last day and that renewal is asked 7 days before.
    from yingshang.notifications.services import notification_enqueue

    notification_enqueue(recipient_party=application.applicant, template_code="preservation.measure_taken",
                         context={"case_number": application.case.case_number, "description": measure.description,
                                  "method": measure.get_method_display(), "taken_on": taken_on,
                                  "expires_on": expires_on,
                                  "latest_on": expires_on - timedelta(days=domain.RENEWAL_NOTICE_DAYS)},
                         case=application.case, idempotency_key=f"preservation.measure_taken:{measure.pk}")
    flag = (f"；超标的{_yuan(application.excess_fen)}元（保全数额及费用{_yuan(application.granted_amount_fen + application.costs_fen)}元）"
            if application.excess_fen else "")
    _timeline(application.case, occurred_on=taken_on, actor=actor, application_id=application.pk,
              measure_id=measure.pk,
              description=f"{measure.get_method_display()}{measure.description}，价值{_yuan(value_fen)}元，"
                          f"期限至{expires_on:%Y年%m月%d日}{'（活封）' if measure.is_live_seal else ''}{flag}")
    return measure


@transaction.atomic
def renewal_request(*, measure_id: int, requested_on: date, actor) -> PreservationMeasure:
    """The applicant asks to renew a measure (PresProv 18: at least 7 days before expiry; a later request is
    recorded as late, at the applicant's risk; after expiry it is refused). The applicant (its portal account or
    agent) or the court for it. Audit: preservation.renewal_requested."""
    application_id = PreservationMeasure.objects.filter(pk=measure_id).values_list("application_id", flat=True).first()
    if application_id is None:
        raise NotFound(PreservationError.NOT_FOUND, "未找到该保全措施，或您无权查看")
    application = access_application(actor, application_id)
    if not (can_handle(actor, application) or is_applicant_user(actor, application)):
        raise PermissionDenied(PreservationError.WRITE_DENIED, "只有申请人或承办法官可以申请续行保全")
    application = _lock(application.pk)
    measure = PreservationMeasure.objects.select_for_update().get(pk=measure_id)
    if measure.status != MeasureStatus.ACTIVE:
        raise DomainError(PreservationError.MEASURE_NOT_ACTIVE, "该保全措施已失效或已解除", status=409)
    _check_not_future(requested_on, "申请续行日期")
    checked = domain.renewal_request_check(expires_on=measure.expires_on, requested_on=requested_on)
    before = _measure_snapshot(measure)
    measure.renewal_requested_on, measure.renewal_request_is_late = requested_on, checked.is_late
    measure.save(update_fields=["renewal_requested_on", "renewal_request_is_late", "updated_at"])
    audit_record(actor=actor, action="preservation.renewal_requested", target=measure, case_id=application.case_id,
                 before=before, after={**_measure_snapshot(measure), "is_late": checked.is_late})
    _timeline(application.case, occurred_on=requested_on, actor=actor, application_id=application.pk,
              measure_id=measure.pk,
              description=f"申请续行保全：{measure.description}（届满日{measure.expires_on:%Y年%m月%d日}"
                          f"{'，未在届满七日前申请' if checked.is_late else ''}）")
    return measure


@transaction.atomic
def measure_renew(*, measure_id: int, renewed_on: date, new_expires_on: date | None = None,
                  actor) -> PreservationMeasure:
    """Renew a measure before it expires, on request or of the court's own motion (CPL-Interp 485 ¶2–3): the new
    term is at most the same maximum, running on from the old last day. Audit: preservation.measure_renewed."""
    measure, application = _measure_lock(actor, measure_id)
    if measure.status != MeasureStatus.ACTIVE:
        raise DomainError(PreservationError.MEASURE_NOT_ACTIVE, "该保全措施已失效或已解除，不能续行", status=409)
    _check_not_future(renewed_on, "续行日期")
    if renewed_on > measure.expires_on:
        raise DomainError(PreservationError.RENEWAL_AFTER_EXPIRY, "保全期限已届满，不能续行", status=409)
    end = domain.renewal_end(property_kind=measure.property_kind, expires_on=measure.expires_on,
                             new_expires_on=new_expires_on)
    before = _measure_snapshot(measure)
    measure.expires_on = end
    measure.renewals += 1
    measure.renewal_requested_on, measure.renewal_request_is_late, measure.renewal_alert_for = None, False, None
    measure.save()
    audit_record(actor=actor, action="preservation.measure_renewed", target=measure, case_id=application.case_id,
                 before=before, after=_measure_snapshot(measure))
    _timeline(application.case, occurred_on=renewed_on, actor=actor, application_id=application.pk,
              measure_id=measure.pk, description=f"续行保全：{measure.description}，期限至{end:%Y年%m月%d日}")
    return measure


def _lift(measure: PreservationMeasure, *, reason: str, lifted_on: date) -> None:
    measure.status, measure.lifted_on, measure.lift_reason = MeasureStatus.LIFTED, lifted_on, reason
    measure.save(update_fields=["status", "lifted_on", "lift_reason", "updated_at"])


@transaction.atomic
def measure_lift(*, measure_id: int, reason: str, lifted_on: date, actor) -> PreservationMeasure:
    """Lift one measure (PresProv 22–23; CPL 107). Audit: preservation.measure_lifted."""
    measure, application = _measure_lock(actor, measure_id)
    if reason not in LiftReason.values:
        raise DomainError(PreservationError.LIFT_REASON_INVALID, "解除事由不正确", {"reason": reason}, status=422)
    if measure.status != MeasureStatus.ACTIVE:
        raise DomainError(PreservationError.MEASURE_NOT_ACTIVE, "该保全措施已失效或已解除", status=409)
    _check_not_future(lifted_on, "解除日期")
    if lifted_on < measure.taken_on:
        raise DomainError(PreservationError.DATE_INVALID, "解除日期不能早于采取日期", status=422)
    before = _measure_snapshot(measure)
    _lift(measure, reason=reason, lifted_on=lifted_on)
    recompute_claim_match([application.pk])
    audit_record(actor=actor, action="preservation.measure_lifted", target=measure, case_id=application.case_id,
                 before=before, after=_measure_snapshot(measure))
    _timeline(application.case, occurred_on=lifted_on, actor=actor, application_id=application.pk,
              measure_id=measure.pk,
              description=f"解除保全：{measure.description}（{measure.get_lift_reason_display()}）")
    return measure


@transaction.atomic
def application_lift(*, application_id: int, reason: str, lifted_on: date, actor) -> PreservationApplication:
    """Lift every measure of an application and close it — e.g. a pre-litigation applicant who did not sue within
    30 days (CPL 104 ¶3; PresProv 23(1)). Audit: preservation.application_lifted."""
    application = _lock(access_application_for_write(actor, application_id).pk)
    if reason not in LiftReason.values:
        raise DomainError(PreservationError.LIFT_REASON_INVALID, "解除事由不正确", {"reason": reason}, status=422)
    if application.status != ApplicationStatus.GRANTED:
        raise DomainError(PreservationError.STATUS, "只有已裁定保全的申请可以解除", {"status": application.status},
                          status=409)
    _check_not_future(lifted_on, "解除日期")
    if lifted_on < application.ruled_on:
        raise DomainError(PreservationError.DATE_INVALID, "解除日期不能早于裁定日期", status=422)
    before = _snapshot(application)
    lifted = []
    for measure in application.measures.select_for_update().filter(status=MeasureStatus.ACTIVE).order_by("pk"):
        _lift(measure, reason=reason, lifted_on=lifted_on)
        lifted.append(measure.pk)
    recompute_claim_match([application.pk])
    application.refresh_from_db()
    application.status, application.lifted_on = ApplicationStatus.LIFTED, lifted_on
    application.suit_alert = application.enforcement_alert = AlertLevel.NONE
    application.save(update_fields=["status", "lifted_on", "suit_alert", "enforcement_alert", "updated_at"])
    audit_record(actor=actor, action="preservation.application_lifted", target=application,
                 case_id=application.case_id, before=before,
                 after={**_snapshot(application), "lifted_measure_ids": lifted, "reason": reason})
    _timeline(application.case, occurred_on=lifted_on, actor=actor, application_id=application.pk,
              description=f"解除全部保全措施（{LiftReason(reason).label}）")
    return application


@transaction.atomic
def excess_release(*, measure_id: int, release_fen: int, released_on: date, actor) -> PreservationMeasure:
    """The court releases the part of a divisible item that exceeds the amount ordered plus costs (SealProv 19;
    PresProv 15 ¶2). An indivisible item is refused (it may stay whole when the respondent has no other adequate
    property; otherwise lift it and preserve other property). Audit: preservation.excess_released."""
    measure, application = _measure_lock(actor, measure_id)
    if measure.status != MeasureStatus.ACTIVE:
        raise DomainError(PreservationError.MEASURE_NOT_ACTIVE, "该保全措施已失效或已解除", status=409)
    _check_not_future(released_on, "解除日期")
    if isinstance(release_fen, bool) or not isinstance(release_fen, int):
        raise DomainError(PreservationError.AMOUNT_INVALID, "解除数额应为整数（分）", status=422)
    domain.excess_release_check(excess_fen=application.excess_fen, release_fen=release_fen,
                                measure_value_fen=measure.value_fen, is_divisible=measure.is_divisible)
    before = {"measure": _measure_snapshot(measure), "application": _snapshot(application)}
    measure.value_fen -= release_fen
    measure.save(update_fields=["value_fen", "updated_at"])
    PreservationApplication.objects.filter(pk=application.pk).update(
        released_excess_fen=F("released_excess_fen") + release_fen)
    recompute_claim_match([application.pk])
    application.refresh_from_db()
    audit_record(actor=actor, action="preservation.excess_released", target=measure, case_id=application.case_id,
                 before=before, after={"measure": _measure_snapshot(measure), "application": _snapshot(application),
                                       "release_fen": release_fen})
    _timeline(application.case, occurred_on=released_on, actor=actor, application_id=application.pk,
              measure_id=measure.pk,
              description=f"解除超标的保全：{measure.description}解除{_yuan(release_fen)}元，"
                          f"剩余超标的{_yuan(application.excess_fen)}元")
    return measure


@dataclass(frozen=True)
class _FollowUp:
    """The step that must follow a measure taken before a case exists: suing after pre-litigation preservation
    (CPL 104 ¶3, 30 days) or applying for enforcement after preservation before enforcement (CPL-Interp 163, 5 days
    after the performance period)."""

    kind: str
    on_field: str
    case_field: str
    alert_field: str
    due_field: str
    wrong_kind: tuple[str, str]
    already: tuple[str, str]
    date_label: str
    audit_action: str
    case_key: str
    done_text: str
    late_text: str


_SUIT = _FollowUp(
    kind=PreservationKind.PRE_LITIGATION, on_field="suit_filed_on", case_field="suit_case", alert_field="suit_alert",
    due_field="suit_due_on", wrong_kind=(PreservationError.NOT_PRE_LITIGATION, "只有诉前保全需要登记起诉"),
    already=(PreservationError.SUIT_ALREADY_RECORDED, "起诉情况已登记"), date_label="起诉日期",
    audit_action="preservation.suit_recorded", case_key="suit_case_id", done_text="诉前保全申请人已起诉",
    late_text="，已超过30日")
_ENFORCEMENT = _FollowUp(
    kind=PreservationKind.PRE_ENFORCEMENT, on_field="enforcement_applied_on", case_field="enforcement_case",
    alert_field="enforcement_alert", due_field="enforcement_due_on",
    wrong_kind=(PreservationError.NOT_PRE_ENFORCEMENT, "只有执行前保全需要登记申请执行"),
    already=(PreservationError.ENFORCEMENT_ALREADY_RECORDED, "申请执行情况已登记"), date_label="申请执行日期",
    audit_action="preservation.enforcement_applied", case_key="enforcement_case_id",
    done_text="执行前保全申请人已申请执行", late_text="，已超过履行期间届满后5日")


def _follow_up_record(step: _FollowUp, *, application_id: int, on: date, case_id: int | None,
                      actor) -> PreservationApplication:
    application = _lock(access_application_for_write(actor, application_id).pk)
    if application.kind != step.kind:
        raise DomainError(step.wrong_kind[0], step.wrong_kind[1], status=409)
    if getattr(application, step.on_field) is not None:
        raise DomainError(step.already[0], step.already[1], status=409)
    _check_not_future(on, step.date_label)
    if on < application.applied_on:
        raise DomainError(PreservationError.DATE_INVALID, f"{step.date_label}不能早于保全申请日期", status=422)
    linked = None
    if case_id is not None:
        from yingshang.cases.permissions import access_case

        linked = access_case(actor, case_id)
    before = _snapshot(application)
    setattr(application, step.on_field, on)
    setattr(application, step.case_field, linked)
    setattr(application, step.alert_field, AlertLevel.NONE)
    application.save(update_fields=[step.on_field, step.case_field, step.alert_field, "updated_at"])
    due = getattr(application, step.due_field)
    late = due is not None and on > due
    audit_record(actor=actor, action=step.audit_action, target=application, case_id=application.case_id,
                 before=before, after={**_snapshot(application), "is_late": late,
                                       step.case_key: linked.pk if linked else None})
    _timeline(application.case, occurred_on=on, actor=actor, application_id=application.pk,
              description=f"{step.done_text}{'（' + linked.case_number + '）' if linked else ''}"
                          f"{step.late_text if late else ''}")
    return application


@transaction.atomic
def suit_record(*, application_id: int, filed_on: date, suit_case_id: int | None = None,
                actor) -> PreservationApplication:
    """The pre-litigation applicant sued (or started arbitration) — the measures continue as in-litigation
    preservation (PresProv 17). A suit after the 30 days is recorded, but the court must still lift (CPL 104 ¶3).
    Audit: preservation.suit_recorded."""
    return _follow_up_record(_SUIT, application_id=application_id, on=filed_on, case_id=suit_case_id, actor=actor)


@transaction.atomic
def enforcement_application_record(*, application_id: int, applied_on: date, enforcement_case_id: int | None = None,
                                   actor) -> PreservationApplication:
    """The creditor who obtained preservation before enforcement applied for enforcement (CPL-Interp 163): the
    measures continue as enforcement seizures (CPL-Interp 168). An application after the 5 days is recorded, but the
    court must still lift. Audit: preservation.enforcement_applied."""
    return _follow_up_record(_ENFORCEMENT, application_id=application_id, on=applied_on,
                             case_id=enforcement_case_id, actor=actor)
