"""/api/v1/preservation — property preservation: applications, security, ruling, measures, renewal, lifting, the
release of the excess and the pre-litigation suit. Thin: parse, call one service or selector, answer."""

from ninja import Query, Router, Schema, Status

from yingshang.core.money import fen_to_yuan, yuan_to_fen
from yingshang.core.pagination import PageRequest, paginate
from yingshang.preservation import selectors, services
from yingshang.preservation.models import PreservationApplication, PreservationMeasure
from yingshang.preservation.permissions import access_application
from yingshang.preservation.schemas import (
    ApplicationIn, EnforcementAppliedIn, LiftIn, MeasureIn, ReleaseIn, RenewalRequestIn, RenewIn, RulingIn, SecurityIn, SecurityProvidedIn,
    SuitIn,
)

router = Router(tags=["preservation 财产保全"])
PREFIX = "/preservation"


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else fen_to_yuan(fen)


def measure_out(m: PreservationMeasure) -> dict:
    return {"id": m.pk, "application_id": m.application_id, "property_kind": m.property_kind,
            "property_kind_label": m.get_property_kind_display(), "method": m.method,
            "method_label": m.get_method_display(), "description": m.description, "value_yuan": _yuan(m.value_fen),
            "original_value_yuan": _yuan(m.original_value_fen), "is_divisible": m.is_divisible,
            "is_factory_or_machinery": m.is_factory_or_machinery, "is_live_seal": m.is_live_seal,
            "taken_on": m.taken_on, "expires_on": m.expires_on, "renewals": m.renewals,
            "renewal_requested_on": m.renewal_requested_on, "renewal_request_is_late": m.renewal_request_is_late,
            "status": m.status, "status_label": m.get_status_display(), "lifted_on": m.lifted_on,
            "lift_reason": m.lift_reason, "lapsed_on": m.lapsed_on}


def application_out(a: PreservationApplication, *, measures=None) -> dict:
    out = {"id": a.pk, "case_id": a.case_id, "case_number": a.case.case_number, "kind": a.kind,
           "kind_label": a.get_kind_display(), "is_urgent": a.is_urgent, "applicant_id": a.applicant_id,
           "applicant_name": a.applicant.name, "respondent_id": a.respondent_id, "respondent_name": a.respondent.name,
           "amount_yuan": _yuan(a.amount_fen), "costs_yuan": _yuan(a.costs_fen), "applied_at": a.applied_at,
           "status": a.status, "status_label": a.get_status_display(), "security_required": a.security_required,
           "security_yuan": _yuan(a.security_fen), "waiver_ground": a.waiver_ground,
           "security_provided_at": a.security_provided_at, "ruling_due_on": a.ruling_due_on,
           "ruling_due_at": a.ruling_due_at, "ruled_on": a.ruled_on, "granted_amount_yuan": _yuan(a.granted_amount_fen),
           "fee_yuan": _yuan(a.fee_fen), "preserved_value_yuan": _yuan(a.preserved_value_fen),
           "is_over_limit": a.is_over_limit, "excess_yuan": _yuan(a.excess_fen),
           "peak_excess_yuan": _yuan(a.peak_excess_fen), "released_excess_yuan": _yuan(a.released_excess_fen),
           "suit_due_on": a.suit_due_on, "suit_filed_on": a.suit_filed_on,
           "performance_ends_on": a.performance_ends_on, "enforcement_due_on": a.enforcement_due_on,
           "enforcement_applied_on": a.enforcement_applied_on, "lifted_on": a.lifted_on,
           "ruling_alert": a.ruling_alert, "suit_alert": a.suit_alert, "enforcement_alert": a.enforcement_alert}
    if measures is not None:
        out["measures"] = [measure_out(m) for m in measures]
    return out


class ListQuery(Schema):
    status: str = ""
    kind: str = ""
    alert: str = ""
    over_limit: bool = False
    page: int = 1
    page_size: int | None = None


@router.get("", summary="保全申请列表（按权限范围；当事人只见本人提出的申请）")
def application_list(request, query: Query[ListQuery]):
    qs = selectors.applications_list(user=request.user, status=query.status, kind=query.kind, alert=query.alert,
                                     over_limit=query.over_limit)
    items, count = paginate(qs, PageRequest.of(query.page, query.page_size))
    return {"items": [application_out(a, measures=list(a.measures.all())) for a in items], "count": count}


@router.post("", response={201: dict}, summary="登记保全申请（诉讼保全、诉前保全、执行前保全）")
def application_create(request, payload: ApplicationIn):
    a = services.application_create(case_id=payload.case_id, kind=payload.kind, applicant_id=payload.applicant_id,
                                    respondent_id=payload.respondent_id, amount_fen=yuan_to_fen(payload.amount_yuan),
                                    costs_fen=yuan_to_fen(payload.costs_yuan), is_urgent=payload.is_urgent,
                                    applied_at=payload.applied_at, performance_ends_on=payload.performance_ends_on,
                                    actor=request.user)
    return Status(201, application_out(a, measures=[]))


@router.get("/{application_id}", summary="保全申请详情与保全措施")
def application_detail(request, application_id: int):
    a = access_application(request.user, application_id)
    return application_out(a, measures=list(selectors.measures_of(a)))


@router.post("/{application_id}/security", summary="责令提供担保或免除担保（《财产保全规定》第5、9条）")
def security(request, application_id: int, payload: SecurityIn):
    fen = yuan_to_fen(payload.security_yuan) if payload.security_yuan not in (None, "") else None
    a = services.security_decide(application_id=application_id, is_required=payload.is_required, security_fen=fen,
                                 waiver_ground=payload.waiver_ground, note=payload.note, actor=request.user)
    return application_out(a)


@router.post("/{application_id}/security-provided", summary="申请人已提供担保（裁定期限自此起算）")
def security_provided(request, application_id: int, payload: SecurityProvidedIn):
    a = services.security_provide(application_id=application_id, provided_at=payload.provided_at, actor=request.user)
    return application_out(a)


@router.post("/{application_id}/ruling", summary="裁定准许保全（涉企须先完成保全环节经济影响评估）或驳回")
def ruling(request, application_id: int, payload: RulingIn):
    amount = yuan_to_fen(payload.granted_amount_yuan) if payload.granted_amount_yuan not in (None, "") else None
    a = services.ruling_make(application_id=application_id, grant=payload.grant, ruled_on=payload.ruled_on,
                             granted_amount_fen=amount, reason=payload.reason, actor=request.user)
    return application_out(a)


@router.post("/{application_id}/measures", response={201: dict}, summary="登记采取的保全措施（含超标的检查、活封）")
def measure_take(request, application_id: int, payload: MeasureIn):
    m = services.measure_take(application_id=application_id, property_kind=payload.property_kind,
                              method=payload.method, description=payload.description,
                              value_fen=yuan_to_fen(payload.value_yuan), taken_on=payload.taken_on,
                              expires_on=payload.expires_on, is_divisible=payload.is_divisible,
                              is_factory_or_machinery=payload.is_factory_or_machinery,
                              is_live_seal=payload.is_live_seal, actor=request.user)
    return Status(201, {**measure_out(m), "application": application_out(m.application)})


@router.post("/{application_id}/lift", summary="解除全部保全措施（如诉前保全未按期起诉）")
def application_lift(request, application_id: int, payload: LiftIn):
    a = services.application_lift(application_id=application_id, reason=payload.reason, lifted_on=payload.lifted_on,
                                  actor=request.user)
    return application_out(a)


@router.post("/{application_id}/suit", summary="诉前保全申请人已起诉或申请仲裁")
def suit(request, application_id: int, payload: SuitIn):
    a = services.suit_record(application_id=application_id, filed_on=payload.filed_on,
                             suit_case_id=payload.suit_case_id, actor=request.user)
    return application_out(a)


@router.post("/{application_id}/enforcement-application", summary="执行前保全申请人已申请执行（民诉法解释第163条）")
def enforcement_application(request, application_id: int, payload: EnforcementAppliedIn):
    a = services.enforcement_application_record(application_id=application_id, applied_on=payload.applied_on,
                                                enforcement_case_id=payload.enforcement_case_id, actor=request.user)
    return application_out(a)


@router.post("/measures/{measure_id}/renewal-request", summary="申请续行保全（届满七日前）")
def renewal_request(request, measure_id: int, payload: RenewalRequestIn):
    return measure_out(services.renewal_request(measure_id=measure_id, requested_on=payload.requested_on,
                                                actor=request.user))


@router.post("/measures/{measure_id}/renew", summary="续行保全（民诉法解释第485条第2款）")
def renew(request, measure_id: int, payload: RenewIn):
    return measure_out(services.measure_renew(measure_id=measure_id, renewed_on=payload.renewed_on,
                                              new_expires_on=payload.new_expires_on, actor=request.user))


@router.post("/measures/{measure_id}/lift", summary="解除一项保全措施")
def measure_lift(request, measure_id: int, payload: LiftIn):
    return measure_out(services.measure_lift(measure_id=measure_id, reason=payload.reason,
                                             lifted_on=payload.lifted_on, actor=request.user))


@router.post("/measures/{measure_id}/release-excess", summary="解除超标的部分（《查封规定》第19条）")
def release_excess(request, measure_id: int, payload: ReleaseIn):
    m = services.excess_release(measure_id=measure_id, release_fen=yuan_to_fen(payload.release_yuan),
                                released_on=payload.released_on, actor=request.user)
    return {**measure_out(m), "application": application_out(m.application)}
