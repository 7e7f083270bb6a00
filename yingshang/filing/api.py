"""/api/v1/filings, /api/v1/triage, /api/v1/small-claims-thresholds, /api/v1/filing-batches,
/api/v1/filing-statistics — thin: parse, call one service or selector, render."""

import json
from datetime import date

from django.conf import settings
from django.http import FileResponse
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from pydantic import ValidationError as PydanticValidationError

from yingshang.cases.choices import PartyRole, Procedure
from yingshang.cases.domain import TYPE_CODES
from yingshang.cases.services import PartyInput
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.core.money import fen_to_yuan, yuan_to_fen
from yingshang.core.pagination import PageRequest, paginate
from yingshang.filing import selectors, services, triage
from yingshang.filing.choices import AlertLevel, AttachmentKind, CriterionKind, CriterionOperator
from yingshang.filing.models import Filing, FilingAttachment, TriageCriterion, TriageRecord
from yingshang.filing.permissions import access_filing, can_read_court_filings, can_review_filings
from yingshang.filing.schemas import (
    BatchIn, BatchOut, CriterionIn, CriterionOut, DecideIn, FilingIn, FilingListOut, FilingOut, RefuseIn, RefusalOut,
    RegisterIn, StatisticsOut, SuggestionOut, SupplementRequestIn, ThresholdIn, ThresholdListOut, ThresholdOut,
    TriageIn, TriageRecordOut,
)
from yingshang.org.choices import TeamKind
from yingshang.org.selectors import court_get_home

router = Router(tags=["filing 立案登记与繁简分流"])
PREFIX = "/"


# --- Rendering ---------------------------------------------------------------------------------------------------

def mask_id_number(value: str | None) -> str | None:
    if not value:
        return None
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def clock_out(filing: Filing, today: date) -> dict:
    clock = selectors.filing_clock(filing, today=today)
    return {"level": clock.level, "level_label": AlertLevel(clock.level).label, "is_running": clock.is_running,
            "due_on": clock.due_on, "days_left": clock.days_left, "label": clock.label,
            "must_register": clock.must_register}


def attachment_out(row: FilingAttachment) -> dict:
    return {"id": row.pk, "kind": row.kind, "kind_label": row.get_kind_display(), "original_name": row.original_name,
            "content_type": row.content_type, "size_bytes": row.size_bytes, "sha256": row.sha256,
            "is_supplement": row.is_supplement, "uploaded_at": row.uploaded_at,
            "download_url": reverse("api:filing_attachment_download",
                                    kwargs={"filing_id": row.filing_id, "attachment_id": row.pk})}


def refusal_out(ruling) -> dict | None:
    if ruling is None:
        return None
    return {"id": ruling.pk, "number": ruling.number, "title": ruling.title, "reason": ruling.reason,
            "legal_basis": ruling.legal_basis, "text": ruling.text, "decided_on": ruling.decided_on}


def filing_out(filing: Filing, *, today: date, detail: bool = False) -> dict:
    out = {
        "id": filing.pk, "receipt_number": filing.receipt_number, "channel": filing.channel,
        "channel_label": filing.get_channel_display(), "receiving_court_name": filing.receiving_court_name,
        "type_code": filing.type_code, "type_label": TYPE_CODES.get(filing.type_code, ("",))[0],
        "cause_id": filing.cause_id, "cause_name": filing.cause.name if filing.cause_id else filing.cause_text,
        "claim_amount_yuan": fen_to_yuan(filing.claim_amount_fen), "claims": filing.claims, "summary": filing.summary,
        "parties": [{"kind": p["kind"], "name": p["name"], "role": p["role"], "role_label": PartyRole(p["role"]).label,
                     "id_number_masked": mask_id_number(p.get("id_number")), "credit_code": p.get("credit_code"),
                     "organisation_kind": p.get("organisation_kind", "")} for p in filing.parties],
        "plaintiff_name": filing.plaintiff_name, "law_firm": filing.law_firm,
        "is_enterprise_involved": filing.is_enterprise_involved, "is_priority": filing.is_priority,
        "is_financial": filing.is_financial, "received_on": filing.received_on, "received_at": filing.received_at,
        "status": filing.status, "status_label": filing.get_status_display(), "period_days": filing.period_days,
        "period_basis": filing.period_basis, "clock_start_on": filing.clock_start_on,
        "decision_due_on": filing.decision_due_on, "due_unconfirmed_calendar": filing.due_unconfirmed_calendar,
        "clock": clock_out(filing, today), "supplement_requested_on": filing.supplement_requested_on,
        "supplement_items": filing.supplement_items or [], "supplement_note": filing.supplement_note,
        "supplements_received_on": filing.supplements_received_on, "decided_on": filing.decided_on,
        "is_on_spot": filing.is_on_spot, "is_decided_in_time": filing.is_decided_in_time,
        "case_id": filing.case_id, "case_number": filing.case.case_number if filing.case_id else None,
        "batch_id": filing.batch_id,
    }
    if detail:
        out["attachments"] = [attachment_out(a) for a in selectors.filing_attachments(filing=filing)]
        out["refusal"] = refusal_out(selectors.filing_refusal(filing=filing))
    return out


def _detail(user, filing_id: int) -> dict:
    return filing_out(access_filing(user, filing_id), today=court_today(), detail=True)


def threshold_out(row) -> dict:
    return {"id": getattr(row, "pk", None), "province": row.province, "wage_year": row.wage_year,
            "average_wage_yuan": fen_to_yuan(row.average_wage_fen), "limit_yuan": fen_to_yuan(row.limit_fen),
            "agreed_limit_yuan": fen_to_yuan(row.agreed_limit_fen), "effective_from": row.effective_from,
            "is_confirmed": row.is_confirmed,
            "confirmation_label": "已核实" if row.is_confirmed else "UNCONFIRMED（未核实）",
            "source": getattr(row, "source", ""), "note": getattr(row, "note", "")}


def record_out(record: TriageRecord) -> dict:
    return {"id": record.pk, "filing_id": record.filing_id, "case_id": record.case_id, "status": record.status,
            "suggested_procedure": record.suggested_procedure,
            "suggested_procedure_label": Procedure(record.suggested_procedure).label,
            "suggested_team_kind": record.suggested_team_kind, "reasons": record.reasons,
            "decided_procedure": record.decided_procedure,
            "decided_procedure_label": Procedure(record.decided_procedure).label if record.decided_procedure else "",
            "decided_team_id": record.decided_team_id, "decision_reason": record.decision_reason,
            "decided_by": str(record.decided_by) if record.decided_by_id else None, "decided_at": record.decided_at,
            "suggested_by": str(record.suggested_by), "suggested_at": record.suggested_at}


def criterion_out(row: TriageCriterion) -> dict:
    return {"id": row.pk, "code": row.code, "label": row.label, "kind": row.kind,
            "kind_label": CriterionKind(row.kind).label, "fact": row.fact,
            "fact_label": triage.FACT_LABELS.get(row.fact, row.fact), "operator": row.operator,
            "operator_label": CriterionOperator(row.operator).label, "value": row.value, "weight": row.weight,
            "is_active": row.is_active, "legal_basis": row.legal_basis}


def _party_input(p) -> PartyInput:
    return PartyInput(kind=p.kind, name=p.name, role=p.role, id_number=p.id_number, credit_code=p.credit_code,
                      organisation_kind=p.organisation_kind or "", enterprise_size=p.enterprise_size or "",
                      legal_representative=p.legal_representative, phone=p.phone, address=p.address,
                      has_domicile_in_china=p.has_domicile_in_china)


def _uploads(groups: dict[str, list[UploadedFile] | None]) -> list[services.AttachmentInput]:
    items = []
    for kind, files in groups.items():
        for upload in files or []:
            items.append(services.AttachmentInput(name=upload.name or "", kind=kind, file=upload,
                                                  size=upload.size or 0))
    return items


def _parse_filing(data: str) -> FilingIn:
    """The ``data`` field is JSON text of FilingIn; its errors answer 422 like any body."""
    try:
        raw = json.loads(data)
    except (TypeError, ValueError):
        raise DomainError("MALFORMED_JSON", "字段 data 应为 JSON 文本（立案申请内容）")
    try:
        return FilingIn.model_validate(raw)
    except PydanticValidationError as exc:
        raise NinjaValidationError([{**e, "loc": ("data", *e.get("loc", ()))} for e in exc.errors()])


# --- Filings -----------------------------------------------------------------------------------------------------

class FilingQuery(Schema):
    status: str = ""
    channel: str = ""
    alert: str = ""
    is_priority: bool | None = None
    type_code: str = ""
    q: str = ""
    batch_id: int | None = None
    page: int = 1
    page_size: int = settings.PAGE_SIZE_DEFAULT


@router.get("/filings", response=FilingListOut, summary="立案申请列表（立案庭审查队列；申请人只见本人）")
def list_filings(request, query: Query[FilingQuery]):
    """Pending filings by default (``status=all`` for every one). Order: 涉企优先立案 first, then the nearest
    deadline. ``alert=due_soon|overdue`` filters by the clock; overdue means undecided past the legal period,
    which must be registered first (先行立案)."""
    data = query.dict()
    page = PageRequest.of(data.pop("page"), data.pop("page_size"))
    today = court_today()
    qs = selectors.filing_list_for_user(user=request.user, filters=selectors.FilingFilters(**data), today=today)
    items, count = paginate(qs, page)
    return {"items": [filing_out(f, today=today) for f in items], "count": count}


@router.post("/filings", response={201: FilingOut}, summary="提交立案申请（网上、自助；立案庭录入现场、跨域）")
def submit_filing(request, data: Form[str], complaint: File[list[UploadedFile]] = None,
                  identity: File[list[UploadedFile]] = None, evidence: File[list[UploadedFile]] = None,
                  authorisation: File[list[UploadedFile]] = None, other: File[list[UploadedFile]] = None):
    """multipart/form-data: ``data`` = JSON text of the proposed case (FilingIn); files in ``complaint`` (起诉状,
    required online), ``identity``, ``evidence``, ``authorisation``, ``other``. Files: PDF, JPG or PNG, checked by
    content; encrypted PDFs and oversized files are refused with a specific message and nothing is saved."""
    payload = _parse_filing(data)
    court = request.user.court if request.user.is_court_staff and request.user.court_id else court_get_home()
    if court is None:
        raise DomainError("COURT_NOT_CONFIGURED", "系统未配置本院信息", status=503)
    filing = services.filing_submit(
        court=court,
        data=services.FilingInput(
            type_code=payload.type_code, channel=payload.channel, parties=[_party_input(p) for p in payload.parties],
            cause_id=payload.cause_id, cause_text=payload.cause_text, claim_amount_fen=payload.claim_amount_fen,
            claims=payload.claims, summary=payload.summary, receiving_court_name=payload.receiving_court_name,
            received_on=payload.received_on, law_firm=payload.law_firm),
        attachments=_uploads({AttachmentKind.COMPLAINT: complaint, AttachmentKind.IDENTITY: identity,
                              AttachmentKind.EVIDENCE: evidence, AttachmentKind.AUTHORISATION: authorisation,
                              AttachmentKind.OTHER: other}),
        actor=request.user)
    return Status(201, _detail(request.user, filing.pk))


@router.get("/filings/{filing_id}", response=FilingOut, summary="立案申请详情")
def get_filing(request, filing_id: int):
    return _detail(request.user, filing_id)


@router.get("/filings/{filing_id}/attachments/{attachment_id}", url_name="filing_attachment_download",
            summary="下载立案材料")
def download_attachment(request, filing_id: int, attachment_id: int):
    filing = access_filing(request.user, filing_id)
    row = FilingAttachment.objects.filter(pk=attachment_id, filing=filing).first()
    if row is None:
        raise NotFound("FILING_ATTACHMENT_NOT_FOUND", "未找到该材料")
    return FileResponse(row.file.open("rb"), content_type=row.content_type, as_attachment=True,
                        filename=row.original_name)


@router.post("/filings/{filing_id}/register", response=FilingOut, summary="登记立案")
def register_filing(request, filing_id: int, payload: RegisterIn):
    """立案庭: registers the filing as a case (allocates the 案号, records the channel); the case is linked."""
    services.filing_register(filing_id=filing_id, actor=request.user, filed_on=payload.filed_on,
                             department_id=payload.department_id, judge_id=payload.judge_id)
    return _detail(request.user, filing_id)


@router.post("/filings/{filing_id}/supplement-request", response=FilingOut, summary="一次性书面告知补正")
def request_supplement(request, filing_id: int, payload: SupplementRequestIn):
    """立案庭: once, listing everything; the clock restarts from receipt of the supplements (登记立案规定第7条)."""
    services.filing_supplement_request(filing_id=filing_id, items=payload.items, note=payload.note,
                                       actor=request.user)
    return _detail(request.user, filing_id)


@router.post("/filings/{filing_id}/supplements", response=FilingOut, summary="提交补正材料")
def submit_supplements(request, filing_id: int, note: Form[str] = "", files: File[list[UploadedFile]] = None):
    """The applicant (or the 立案庭 for supplements handed in at the window) submits the supplements."""
    services.filing_supplement_submit(filing_id=filing_id, attachments=_uploads({AttachmentKind.OTHER: files}),
                                      note=note, actor=request.user)
    return _detail(request.user, filing_id)


@router.post("/filings/{filing_id}/refuse", response=RefusalOut, summary="裁定不予受理")
def refuse_filing(request, filing_id: int, payload: RefuseIn):
    """立案庭: a written ruling with reasons (required), numbered; not after the legal period ran out."""
    return refusal_out(services.filing_refuse(filing_id=filing_id, reason=payload.reason,
                                              legal_basis=payload.legal_basis, actor=request.user))


class StatisticsQuery(Schema):
    date_from: date
    date_to: date


@router.get("/filing-statistics", response=StatisticsOut, summary="立案渠道统计（网上立案率、跨域立案）")
def filing_statistics(request, query: Query[StatisticsQuery]):
    """Per month: registered cases by channel (网上立案率, 跨域立案 count; 民初+行初 and 执 separately), filings
    received by channel, decisions (当场立案, 法定期限内立案). Court staff who follow registration."""
    if not can_read_court_filings(request.user):
        raise PermissionDenied("FILING_STATISTICS_DENIED", "无权查看立案统计")
    if query.date_to < query.date_from or (query.date_to - query.date_from).days > 3660:
        raise DomainError("FILING_PERIOD_INVALID", "统计期间不正确（截止日不能早于起始日，最长十年）")
    court = request.user.court or court_get_home()
    return selectors.filing_statistics(court=court, date_from=query.date_from, date_to=query.date_to)


# --- Triage ------------------------------------------------------------------------------------------------------

def facts_from(payload: TriageIn) -> triage.TriageFacts:
    values = payload.dict(exclude={"filing_id", "case_id", "claim_amount_yuan", "on"})
    amount = yuan_to_fen(payload.claim_amount_yuan) if payload.claim_amount_yuan not in (None, "") else 0
    return triage.TriageFacts(claim_amount_fen=amount, **values)


def suggestion_out(suggestion: triage.Suggestion, record: TriageRecord | None) -> dict:
    return {"record_id": record.pk if record else None, "procedure": suggestion.procedure,
            "procedure_label": suggestion.procedure_label, "team_kind": suggestion.team_kind,
            "team_kind_label": TeamKind(suggestion.team_kind).label, "is_fast_track": suggestion.is_fast_track,
            "simple_score": suggestion.simple_score, "complex_score": suggestion.complex_score,
            "reasons": [r.as_dict() for r in suggestion.reasons],
            "threshold": threshold_out(suggestion.threshold) if suggestion.threshold else None}


@router.post("/triage/suggest", response=SuggestionOut, summary="繁简分流建议")
def triage_suggest(request, payload: TriageIn):
    """Suggest 小额诉讼 / 简易 / 普通 (and 速裁 where it applies) with every reason and its legal source, and the
    team by rule (金融 → 金融审判团队). With ``filing_id`` or ``case_id`` the suggestion is recorded for the
    decision; otherwise it is a preview. Court staff."""
    suggestion, record = services.triage_suggest(facts=facts_from(payload), actor=request.user,
                                                 filing_id=payload.filing_id, case_id=payload.case_id,
                                                 on=payload.on)
    return suggestion_out(suggestion, record)


@router.post("/triage/{record_id}/decide", response=TriageRecordOut, summary="繁简分流决定")
def triage_decide(request, record_id: int, payload: DecideIn):
    """The human decision (who and why; a reason is required when it departs from the suggestion). Changes the
    case's procedure when the case exists."""
    record = services.triage_decide(record_id=record_id, procedure=payload.procedure, reason=payload.reason,
                                    team_id=payload.team_id, judge_id=payload.judge_id, actor=request.user)
    return record_out(record)


@router.get("/triage/criteria", response=list[CriterionOut], summary="繁简分流指标")
def list_criteria(request):
    if not (request.user.is_court_staff or request.user.is_superuser):
        raise PermissionDenied("FILING_CRITERIA_DENIED", "繁简分流指标仅供院内人员查看")
    return [criterion_out(c) for c in selectors.criteria_list()]


@router.post("/triage/criteria", response={201: CriterionOut}, summary="新增繁简分流指标")
def create_criterion(request, payload: CriterionIn):
    row = services.criterion_save(actor=request.user, **payload.dict())
    return Status(201, criterion_out(row))


@router.put("/triage/criteria/{criterion_id}", response=CriterionOut, summary="修改繁简分流指标")
def update_criterion(request, criterion_id: int, payload: CriterionIn):
    return criterion_out(services.criterion_save(actor=request.user, criterion_id=criterion_id, **payload.dict()))


# --- Small-claims thresholds -------------------------------------------------------------------------------------

@router.get("/small-claims-thresholds", response=ThresholdListOut, auth=None, summary="小额诉讼标的额标准")
def list_thresholds(request, province: str = ""):
    """Each province's average annual wage of employed persons and the 50% / 200% limits (CPL 165). Rows not
    checked against the published figure say UNCONFIRMED. Public."""
    rows = list(selectors.thresholds_list(province=province or None))
    return {"items": [threshold_out(r) for r in rows], "count": len(rows)}


@router.post("/small-claims-thresholds", response={201: ThresholdOut}, summary="新增小额诉讼标准")
def create_threshold(request, payload: ThresholdIn):
    row = services.threshold_save(actor=request.user, province=payload.province, wage_year=payload.wage_year,
                                  average_wage_fen=yuan_to_fen(payload.average_wage_yuan),
                                  effective_from=payload.effective_from, is_confirmed=payload.is_confirmed,
                                  source=payload.source, note=payload.note)
    return Status(201, threshold_out(row))


@router.put("/small-claims-thresholds/{threshold_id}", response=ThresholdOut, summary="修改小额诉讼标准")
def update_threshold(request, threshold_id: int, payload: ThresholdIn):
    row = services.threshold_save(actor=request.user, threshold_id=threshold_id, province=payload.province,
                                  wage_year=payload.wage_year, average_wage_fen=yuan_to_fen(payload.average_wage_yuan),
                                  effective_from=payload.effective_from, is_confirmed=payload.is_confirmed,
                                  source=payload.source, note=payload.note)
    return threshold_out(row)


# --- Batches -----------------------------------------------------------------------------------------------------

def batch_out(batch) -> dict:
    return {"id": batch.pk, "name": batch.name, "plaintiff_name": batch.plaintiff_name, "type_code": batch.type_code,
            "cause_name": batch.cause.name if batch.cause_id else "",
            "filing_ids": list(batch.filings.order_by("pk").values_list("pk", flat=True))}


@router.get("/filing-batches/candidates", response=list[dict], summary="可归并的类案（同一起诉人、同类型、同案由）")
def batch_candidates(request):
    if not can_review_filings(request.user):
        raise PermissionDenied("FILING_REVIEW_DENIED", "只有立案庭工作人员可以处理类案批次")
    return selectors.batch_candidates(user=request.user)


@router.post("/filing-batches", response={201: BatchOut}, summary="建立类案批次")
def create_batch(request, payload: BatchIn):
    batch = services.filing_batch_create(filing_ids=payload.filing_ids, name=payload.name, actor=request.user)
    return Status(201, batch_out(batch))


@router.post("/filing-batches/{batch_id}/register", response=list[FilingOut], summary="批量登记立案")
def register_batch(request, batch_id: int):
    filings = services.filing_batch_register(batch_id=batch_id, actor=request.user)
    today = court_today()
    return [filing_out(access_filing(request.user, f.pk), today=today) for f in filings]
