"""/api/v1 — documents: the electronic dossier, generated documents, service and consent, decisions, appeals and
transfer, certificates, online litigation records, indicator data, and the public verification of printed codes."""

from datetime import date

from django.http import HttpResponse
from django.urls import reverse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from yingshang.cases.permissions import access_case
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.core.pagination import PageRequest, paginate
from yingshang.documents import rendering, selectors, services
from yingshang.documents.models import Document, ServiceRecord
from yingshang.documents.permissions import access_document, is_staff
from yingshang.documents.schemas import (
    ActivityIn, AppealIn, AppealOutcomeIn, ConsentIn, GenerateIn, PeriodQuery, ServiceIn, ServiceResultIn, TransferIn, VerificationOut,
    VerifyIn, VisibilityIn, WithdrawIn,
)

router = Router(tags=["documents 送达与电子卷宗"])
PREFIX = "/"


def document_out(d: Document) -> dict:
    return {"id": d.pk, "case_id": d.case_id, "case_number": d.case.case_number, "kind": d.kind,
            "kind_label": d.get_kind_display(), "title": d.title, "number": d.number, "volume": d.volume,
            "volume_label": d.get_volume_display(), "sequence": d.sequence, "issued_on": d.issued_on,
            "source": d.source, "file_name": d.file_name, "size_bytes": d.size_bytes, "sha256": d.sha256,
            "verification_code": d.verification_code, "is_shared_with_parties": d.is_shared_with_parties,
            "is_sealed_from_parties": d.is_sealed_from_parties, "is_revoked": d.is_revoked,
            "download_url": reverse("documents:download", args=[d.pk])}


def service_out(r: ServiceRecord) -> dict:
    return {"id": r.pk, "document_id": r.document_id, "party_id": r.party_id, "party_name": r.party.name,
            "method": r.method, "method_label": r.get_method_display(), "status": r.status,
            "status_label": r.get_status_display(), "address": r.address, "sent_at": r.sent_at,
            "delivered_at": r.delivered_at, "read_at": r.read_at, "event_on": r.event_on, "served_on": r.served_on,
            "failure_reason": r.failure_reason, "fallback_of_id": r.fallback_of_id,
            "mailing_pack_url": reverse("documents:mailing_pack", args=[r.pk]) if r.mailing_pack else ""}


def _staff(request) -> None:
    if not is_staff(request.user):
        raise PermissionDenied("DOCUMENT_STAFF_ONLY", "仅限法院工作人员")


# --- Dossier -----------------------------------------------------------------------------------------------------

@router.get("/cases/{case_id}/dossier", summary="电子卷宗目录（按入卷顺序；当事人只见已送达或公开的正卷材料）")
def dossier(request, case_id: int):
    case = access_case(request.user, case_id)
    items = [document_out(d) for d in selectors.dossier_list(case=case, user=request.user)]
    return {"items": items, "count": len(items)}


@router.get("/cases/{case_id}/dossier.zip", summary="下载电子卷宗（zip：卷内目录 PDF + 文件）")
def dossier_zip(request, case_id: int):
    case = access_case(request.user, case_id)
    content = rendering.dossier_zip(case=case, documents=selectors.dossier_list(case=case, user=request.user),
                                    heading="电子卷宗", generated_on=court_today())
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename=dossier-{case.pk}.zip"
    return response


@router.post("/cases/{case_id}/documents/generate", response={201: dict}, summary="生成文书（PDF，含二维码与验证码）")
def generate(request, case_id: int, payload: GenerateIn):
    d = services.document_generate(case_id=case_id, kind=payload.kind, data=payload.data,
                                   addressee_party_id=payload.addressee_party_id, issued_on=payload.issued_on,
                                   actor=request.user)
    return Status(201, document_out(d))


@router.post("/cases/{case_id}/documents", response={201: dict}, summary="上传材料入卷（法院）")
def upload(request, case_id: int, kind: Form[str], title: Form[str], issued_on: Form[date],
           file: UploadedFile = File(...), volume: Form[str] = "", is_shared_with_parties: Form[bool] = False,
           is_sealed_from_parties: Form[bool] = False, is_appealable: Form[bool | None] = None):
    """Multipart. 判决书/裁定书/调解书 are registered for the effectiveness scan at once."""
    d = services.document_upload(case_id=case_id, kind=kind, title=title, file_name=file.name, content=file.read(),
                                 content_type=file.content_type or "", issued_on=issued_on, volume=volume or None,
                                 is_shared_with_parties=is_shared_with_parties,
                                 is_sealed_from_parties=is_sealed_from_parties, is_appealable=is_appealable,
                                 actor=request.user)
    return Status(201, document_out(d))


@router.post("/cases/{case_id}/submissions", response={201: dict}, summary="当事人在线提交材料")
def submit(request, case_id: int, party_id: Form[int], kind: Form[str], title: Form[str],
           file: UploadedFile = File(...)):
    d = services.document_submit(case_id=case_id, party_id=party_id, kind=kind, title=title, file_name=file.name,
                                 content=file.read(), content_type=file.content_type or "", actor=request.user)
    return Status(201, document_out(d))


@router.get("/documents/{document_id}", summary="文书详情与送达情况")
def document_detail(request, document_id: int):
    d = access_document(request.user, document_id)
    records = d.services.select_related("party").order_by("party_id", "id")
    if not is_staff(request.user):
        from yingshang.documents.permissions import party_ids_of_user

        records = records.filter(party_id__in=party_ids_of_user(request.user))
    return {**document_out(d), "services": [service_out(r) for r in records]}


@router.post("/documents/{document_id}/visibility", summary="对当事人不公开 / 向全体当事人公开")
def visibility(request, document_id: int, payload: VisibilityIn):
    d = services.document_visibility_change(document_id=document_id, reason=payload.reason, actor=request.user,
                                            is_sealed_from_parties=payload.is_sealed_from_parties,
                                            is_shared_with_parties=payload.is_shared_with_parties)
    return document_out(d)


# --- Service -----------------------------------------------------------------------------------------------------

@router.post("/documents/{document_id}/services", response={201: dict}, summary="送达（电子送达须当事人同意）")
def serve(request, document_id: int, payload: ServiceIn):
    r = services.service_send(document_id=document_id, party_id=payload.party_id, method=payload.method,
                              address=payload.address, event_on=payload.event_on, actor=request.user)
    return Status(201, service_out(r))


@router.post("/services/{record_id}/result", summary="登记送达结果（已送达 / 失败→改邮寄并生成跟进任务）")
def service_result(request, record_id: int, payload: ServiceResultIn):
    r = services.service_result_record(record_id=record_id, outcome=payload.outcome, event_on=payload.event_on,
                                       delivered_at=payload.delivered_at, reason=payload.reason,
                                       tracking_number=payload.tracking_number, actor=request.user)
    return service_out(r)


@router.get("/service-desk", summary="书记员送达台（open 待送达 / failed 失败 / served 已送达）")
def service_desk(request, status: str = "open", page: int = 1, page_size: int | None = None):
    _staff(request)
    if status not in ("open", "failed", "served"):
        raise DomainError("SERVICE_DESK_STATUS", "status 应为 open、failed 或 served", {"status": status})
    items, count = paginate(selectors.service_desk_list(user=request.user, status=status),
                            PageRequest.of(page, page_size))
    return {"items": [{**service_out(r), "document_title": r.document.title,
                       "case_number": r.document.case.case_number} for r in items], "count": count}


@router.post("/cases/{case_id}/consents", response={201: dict}, summary="记录电子送达同意（送达地址确认书）")
def consent(request, case_id: int, payload: ConsentIn):
    c = services.consent_record(party_id=payload.party_id, case_id=case_id, methods=list(payload.methods),
                                consented_on=payload.consented_on, scope=payload.scope, phone=payload.phone,
                                email=payload.email, covers_decisions=payload.covers_decisions, actor=request.user)
    return Status(201, _consent_out(c))


def _consent_out(c) -> dict:
    return {"id": c.pk, "party_id": c.party_id, "case_id": c.case_id, "scope": c.scope, "methods": c.methods,
            "phone": c.phone, "email": c.email, "covers_decisions": c.covers_decisions,
            "consented_on": c.consented_on, "withdrawn_on": c.withdrawn_on, "channel": c.channel}


@router.get("/cases/{case_id}/consents", summary="本案当事人的电子送达同意")
def consents(request, case_id: int):
    case = access_case(request.user, case_id)
    rows = selectors.consents_for_case(case=case)
    if not is_staff(request.user):
        from yingshang.documents.permissions import party_ids_of_user_in_case

        rows = rows.filter(party_id__in=party_ids_of_user_in_case(request.user, case.pk))
    items = [_consent_out(c) for c in rows]
    return {"items": items, "count": len(items)}


@router.post("/consents/{consent_id}/withdraw", summary="撤回电子送达同意")
def consent_withdraw(request, consent_id: int, payload: WithdrawIn):
    return _consent_out(services.consent_withdraw(consent_id=consent_id, withdrawn_on=payload.withdrawn_on,
                                                  actor=request.user))


# --- Decisions, appeals, certificates ----------------------------------------------------------------------------

def _decision_out(d) -> dict:
    return {"id": d.pk, "document_id": d.document_id, "title": d.document.title, "kind": d.kind,
            "is_appealable": d.is_appealable, "status": d.status, "status_label": d.get_status_display(),
            "last_appeal_day": d.last_appeal_day, "effective_on": d.effective_on,
            "certificate": document_out(d.certificate) if d.certificate_id else None,
            "clocks": [{"party_id": c.party_id, "party_name": c.party.name, "served_on": c.served_on,
                        "appeal_days": c.appeal_days, "last_day_on": c.last_day_on,
                        "unconfirmed_calendar": c.unconfirmed_calendar} for c in d.clocks.all()],
            "appeals": [{"id": a.pk, "party_id": a.party_id, "party_name": a.party.name, "filed_on": a.filed_on,
                         "is_in_time": a.is_in_time, "channel": a.channel, "copy_served_on": a.copy_served_on,
                         "transfer_id": a.transfer_id} for a in d.appeals.all()],
            "appeal_outcome": _outcome_out(getattr(d, "appeal_outcome", None))}


def _outcome_out(o) -> dict | None:
    if o is None:
        return None
    return {"id": o.pk, "decision_id": o.decision_id, "outcome": o.outcome, "outcome_label": o.get_outcome_display(),
            "second_instance_case_number": o.second_instance_case_number, "decided_on": o.decided_on,
            "note": o.note}


@router.get("/cases/{case_id}/decisions", summary="裁判文书的上诉期与生效情况")
def decisions(request, case_id: int):
    case = access_case(request.user, case_id)
    items = [_decision_out(d) for d in selectors.decisions_for_case(case=case)]
    return {"items": items, "count": len(items)}


@router.post("/decisions/{decision_id}/appeals", response={201: dict}, summary="登记上诉（当事人可在线上诉）")
def appeal(request, decision_id: int, payload: AppealIn):
    a = services.appeal_record(decision_id=decision_id, party_id=payload.party_id, filed_on=payload.filed_on,
                               petition_document_id=payload.petition_document_id, actor=request.user)
    return Status(201, {"id": a.pk, "is_in_time": a.is_in_time, "channel": a.channel, "filed_on": a.filed_on})


@router.post("/decisions/{decision_id}/appeal-outcome", response={201: dict},
             summary="登记二审结果（维持、改判、部分改判、发回重审、撤回上诉、按撤回上诉处理、调解）")
def appeal_outcome(request, decision_id: int, payload: AppealOutcomeIn):
    o = services.appeal_outcome_record(decision_id=decision_id, outcome=payload.outcome,
                                       second_instance_case_number=payload.second_instance_case_number,
                                       decided_on=payload.decided_on, note=payload.note, actor=request.user)
    return Status(201, _outcome_out(o))


@router.post("/appeals/{appeal_id}/copy-served", summary="上诉状副本送达完毕：开始答辩期与移送期限（审限模块计时）")
def appeal_copy_served(request, appeal_id: int):
    a = services.appeal_copy_served_register(appeal_id=appeal_id, actor=request.user)
    return {"id": a.pk, "copy_served_on": a.copy_served_on, "transfer_id": a.transfer_id}


@router.post("/appeals/{appeal_id}/transfer", response={201: dict}, summary="移送二审法院（导出电子卷宗包）")
def appeal_transfer(request, appeal_id: int, payload: TransferIn):
    p = services.appeal_transfer_send(appeal_id=appeal_id, receiving_court=payload.receiving_court,
                                      transferred_on=payload.transferred_on, actor=request.user)
    return Status(201, {"id": p.pk, "sha256": p.sha256, "entry_count": p.entry_count, "size_bytes": p.size_bytes,
                 "receiving_court": p.receiving_court, "transferred_on": p.transferred_on,
                 "download_url": reverse("documents:package", args=[p.pk])})


@router.post("/decisions/{decision_id}/certificate-requests", response={201: dict}, summary="在线申请生效证明")
def certificate_request(request, decision_id: int):
    return Status(201, document_out(services.certificate_request(decision_id=decision_id, actor=request.user)))


# --- Online litigation records and indicators --------------------------------------------------------------------

@router.post("/cases/{case_id}/activities", response={201: dict}, summary="登记庭审、调解、证据交换、调查询问（线上/线下）")
def activity(request, case_id: int, payload: ActivityIn):
    a = services.activity_record(case_id=case_id, kind=payload.kind, mode=payload.mode, held_on=payload.held_on,
                                 platform=payload.platform, note=payload.note,
                                 recording_document_id=payload.recording_document_id, actor=request.user)
    return Status(201, {"id": a.pk, "kind": a.kind, "mode": a.mode, "held_on": a.held_on})


@router.get("/cases/{case_id}/activities", summary="本案诉讼活动记录")
def activities(request, case_id: int):
    case = access_case(request.user, case_id)
    items = [{"id": a.pk, "kind": a.kind, "kind_label": a.get_kind_display(), "mode": a.mode,
              "mode_label": a.get_mode_display(), "held_on": a.held_on, "platform": a.platform}
             for a in selectors.activities_for_case(case=case)]
    return {"items": items, "count": len(items)}


@router.get("/indicators/electronic-service-rate", summary="电子送达率（含口径定义）")
def electronic_service_rate(request, query: Query[PeriodQuery]):
    _staff(request)
    return selectors.electronic_service_rate(start=query.start, end=query.end, court_id=request.user.court_id)


@router.get("/indicators/online-services", summary="在线服务计数（在线服务平台综合利用率的分项，含口径定义）")
def online_services(request, query: Query[PeriodQuery]):
    _staff(request)
    return selectors.online_service_counts(start=query.start, end=query.end, court_id=request.user.court_id)


# --- A party's own documents and public verification -------------------------------------------------------------

@router.get("/my/documents", summary="我的文书（向我送达或向我公开的）")
def my_documents(request, page: int = 1, page_size: int | None = None):
    items, count = paginate(selectors.party_documents(user=request.user), PageRequest.of(page, page_size))
    return {"items": [document_out(d) for d in items], "count": count}


@router.get("/verify/{code}", response=VerificationOut, auth=None, summary="文书验证（公开）：编号、案号、日期与摘要")
def verify(request, code: str):
    return selectors.document_verify(code=code).__dict__


@router.post("/verify/{code}", response=VerificationOut, auth=None, summary="文书验证（公开）：比对文件 SHA-256")
def verify_hash(request, code: str, payload: VerifyIn):
    return selectors.document_verify(code=code, sha256=payload.sha256).__dict__
