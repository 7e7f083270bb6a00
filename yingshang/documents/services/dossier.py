"""Documents entering the electronic dossier as they happen: generated notices (PDF with the seal placeholder, QR code
and verification code), uploads by the court, online submissions by parties, sealing."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from yingshang.assessments.gate import assessment_gate
from yingshang.audit.services import audit_record
from yingshang.cases.models import CaseParty
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError
from yingshang.documents import conf, domain, rendering
from yingshang.documents.choices import (
    DECISION_KINDS, GENERATED_KINDS, DocumentKind, DocumentSource, Volume,
)
from yingshang.documents.errors import DocumentError
from yingshang.documents.models import Document
from yingshang.documents.permissions import access_case_as_party, access_case_for_documents, access_document_for_write
from yingshang.documents.services._common import (
    case_lock, code_new, document_store, number_allocate, party_in_case, snapshot,
)

# What a party may file online (网上立案材料、答辩、举证、上诉).
PARTY_SUBMITTABLE = (DocumentKind.COMPLAINT, DocumentKind.DEFENCE, DocumentKind.EVIDENCE,
                     DocumentKind.APPEAL_PETITION, DocumentKind.OTHER)
# Kinds that belong to the 副卷 unless the clerk says otherwise.
INTERNAL_KINDS = (DocumentKind.DELIBERATION, DocumentKind.INTERNAL_REPORT)


def _parties_line(case, exclude_party_id=None) -> str:
    names = [cp.party.name for cp in CaseParty.objects.filter(case=case).select_related("party").order_by("pk")
             if cp.party_id != exclude_party_id]
    return "、".join(dict.fromkeys(names))


def _body_data(*, kind: str, case, fields: dict, addressee) -> dict:
    """The values the body template prints, from the case and the clerk's fields."""
    data = dict(fields)
    data["case_number"] = case.case_number
    data["cause"] = case.cause.name if case.cause_id else (case.cause_text or "")
    data["cause_phrase"] = rendering.cause_phrase(data["cause"])
    data["filed_on"] = rendering.cn_date(case.filed_on)
    if addressee is not None:
        data["addressee_name"] = addressee.name
        data["addressee_address"] = addressee.address
        data["other_parties"] = _parties_line(case, exclude_party_id=addressee.pk)
    if kind == DocumentKind.ACCEPTANCE_NOTICE and "judge_name" not in data and case.judge_id:
        data["judge_name"] = str(case.judge)
    if kind == DocumentKind.SUMMONS:
        moment = datetime.fromisoformat(fields["hearing_at"])
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        moment = timezone.localtime(moment)
        data["hearing_at_label"] = f"{rendering.cn_date(moment.date())}{moment:%H}时{moment:%M}分"
    if kind == DocumentKind.ENFORCEMENT_NOTICE and "creditor_name" not in data:
        creditors = CaseParty.objects.filter(case=case, role__in=["creditor", "applicant"]).select_related("party")
        data["creditor_name"] = "、".join(cp.party.name for cp in creditors) or "申请执行人"
    return data


def generated_document_create(*, case, kind: str, data: dict, issued_on: date, actor, addressee=None,
                              is_shared_with_parties: bool = False, title: str | None = None) -> Document:
    """Render and store one generated document (the caller holds the case lock and audits). The number and the
    verification code are allocated first, because the PDF prints them; the SHA-256 is of the finished PDF."""
    spec = domain.GENERATED_SPECS[kind]
    number = number_allocate(court=case.court, year=issued_on.year)
    code = code_new()
    body_template = f"documents/pdf/_{kind}.html"
    frame = rendering.frame_context(kind=kind, title=title or spec.title, number=number, code=code, case=case,
                                    issued_on=issued_on, body_template=body_template, data=data,
                                    addressee_name=addressee.name if addressee else "")
    pdf = rendering.document_pdf(frame)
    stored_frame = {k: v for k, v in frame.items() if k != "qr"}
    return document_store(
        case=case, kind=kind, title=title or spec.title, source=DocumentSource.GENERATED, volume=Volume.MAIN,
        issued_on=issued_on, content=pdf, file_name=f"{title or spec.title}.pdf", content_type="application/pdf",
        actor=actor, number=number, code=code, template_name=rendering.FRAME_TEMPLATE,
        data={**data, "_frame": stored_frame}, addressee_party=addressee,
        is_shared_with_parties=is_shared_with_parties)


@transaction.atomic
def document_generate(*, case_id: int, kind: str, data: dict | None = None, addressee_party_id: int | None = None,
                      issued_on: date | None = None, actor) -> Document:
    """Generate 受理通知书 / 缴费通知书 / 传票 / 执行通知书 for a case as a PDF with Chinese text, numbered, with the
    placeholder for the court's seal and a QR code + verification code; it enters the dossier at once.
    (The 生效证明 is generated by the effectiveness scan or on a party's request, never by hand.)
    Audit: documents.document_generated."""
    case = access_case_for_documents(actor, case_id)
    if kind not in GENERATED_KINDS:
        raise DomainError(DocumentError.KIND_NOT_GENERATED, "该类文书不能由系统生成", {"kind": kind})
    if kind == DocumentKind.EFFECTIVENESS_CERTIFICATE:
        raise DomainError(DocumentError.KIND_NOT_GENERATED, "生效证明由系统在裁判文书生效后自动出具，或由当事人在线申请",
                          {"kind": kind})
    today = court_today()
    issued_on = issued_on or today
    if issued_on > today or issued_on < case.filed_on:
        raise DomainError(DocumentError.DATE_INVALID, "文书日期应在立案日之后、今天之前", {"issued_on": str(issued_on)})
    addressee = party_in_case(case, addressee_party_id).party if addressee_party_id is not None else None
    fields = domain.generation_input_check(kind=kind, data=data or {}, has_addressee=addressee is not None)
    case = case_lock(case.pk)
    body = _body_data(kind=kind, case=case, fields=fields, addressee=addressee)
    document = generated_document_create(case=case, kind=kind, data=body, issued_on=issued_on, actor=actor,
                                         addressee=addressee)
    audit_record(actor=actor, action="documents.document_generated", target=document, case_id=case.pk,
                 after=snapshot(document))
    return document


def _check_file(*, file_name: str, content: bytes, content_type: str) -> None:
    if not content:
        raise DomainError(DocumentError.FILE_REQUIRED, "请选择要上传的文件")
    if len(content) > conf.upload_max_bytes():
        raise DomainError(DocumentError.FILE_TOO_LARGE, "文件过大", {"max_bytes": conf.upload_max_bytes()})
    if content_type not in conf.upload_content_types():
        raise DomainError(DocumentError.FILE_TYPE, "不支持该文件类型", {"content_type": content_type})
    if not (file_name or "").strip() or len(file_name) > 200:
        raise DomainError(DocumentError.FILE_REQUIRED, "文件名不能为空，且不超过200个字符")


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise DomainError(DocumentError.FIELD_REQUIRED, "请填写材料名称（不超过200字）", {"field": "title"})
    return title


@transaction.atomic
def document_upload(*, case_id: int, kind: str, title: str, file_name: str, content: bytes, content_type: str,
                    issued_on: date, volume: str | None = None, is_shared_with_parties: bool = False,
                    is_sealed_from_parties: bool = False, is_appealable: bool | None = None, actor) -> Document:
    """A document the court adds to the dossier (判决书, 笔录, 证据 …), in arrival order; 合议庭评议笔录 and 审理报告
    go to the 副卷 by default. A judgment, ruling or mediation agreement is registered for the effectiveness scan at
    once (``is_appealable`` overrides the default of domain.decision_is_appealable). Audit: documents.document_uploaded."""
    from yingshang.documents.services.decisions import decision_create

    case = access_case_for_documents(actor, case_id)
    if kind not in DocumentKind.values or kind in GENERATED_KINDS:
        raise DomainError(DocumentError.KIND_NOT_UPLOADABLE, "该类文书由系统生成，不能上传", {"kind": kind})
    title = _check_title(title)
    _check_file(file_name=file_name, content=content, content_type=content_type)
    if issued_on > court_today():
        raise DomainError(DocumentError.DATE_INVALID, "文书日期不能晚于今天", {"issued_on": str(issued_on)})
    volume = volume or (Volume.INTERNAL if kind in INTERNAL_KINDS else Volume.MAIN)
    if kind in DECISION_KINDS and volume != Volume.MAIN:
        raise DomainError(DocumentError.INTERNAL_NOT_SERVABLE, "裁判文书应归入正卷")
    if kind == DocumentKind.JUDGMENT:
        # Plan measure 5: on an enterprise case the trial-stage impact assessment precedes the judgment.
        assessment_gate(case=case, action="trial.judgment", actor=actor)
    case = case_lock(case.pk)
    document = document_store(case=case, kind=kind, title=title, source=DocumentSource.UPLOADED, volume=volume,
                              issued_on=issued_on, content=content, file_name=file_name.strip(),
                              content_type=content_type, actor=actor,
                              is_shared_with_parties=is_shared_with_parties,
                              is_sealed_from_parties=is_sealed_from_parties)
    audit_record(actor=actor, action="documents.document_uploaded", target=document, case_id=case.pk,
                 after=snapshot(document))
    if kind in DECISION_KINDS:
        decision_create(document=document, is_appealable=is_appealable, actor=actor)
    return document


@transaction.atomic
def document_submit(*, case_id: int, party_id: int, kind: str, title: str, file_name: str, content: bytes,
                    content_type: str, actor) -> Document:
    """A party's online submission (起诉状, 答辩状, 证据, 上诉状): into the 正卷 at once, visible to the submitting
    party; the court decides whom to serve copies on. Audit: documents.document_submitted."""
    case, parties = access_case_as_party(actor, case_id)
    if int(party_id) not in parties:
        raise DomainError(DocumentError.PARTY_NOT_IN_CASE, "您不能代表该当事人提交材料", {"party_id": party_id})
    if kind not in PARTY_SUBMITTABLE:
        raise DomainError(DocumentError.KIND_NOT_UPLOADABLE, "当事人不能提交该类材料", {"kind": kind})
    title = _check_title(title)
    _check_file(file_name=file_name, content=content, content_type=content_type)
    party = party_in_case(case, party_id).party
    case = case_lock(case.pk)
    document = document_store(case=case, kind=kind, title=title, source=DocumentSource.UPLOADED, volume=Volume.MAIN,
                              issued_on=court_today(), content=content, file_name=file_name.strip(),
                              content_type=content_type, actor=actor, is_channel_online=True,
                              submitted_by_party=party)
    audit_record(actor=actor, action="documents.document_submitted", target=document, case_id=case.pk,
                 after={**snapshot(document), "party_id": party.pk})
    return document


@transaction.atomic
def document_visibility_change(*, document_id: int, is_sealed_from_parties: bool | None = None,
                               is_shared_with_parties: bool | None = None, reason: str, actor) -> Document:
    """Seal a 正卷 entry from the parties (or lift the seal) or share it with all parties; the reason is kept.
    Audit: documents.document_visibility_changed."""
    document = access_document_for_write(actor, document_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(DocumentError.REASON_REQUIRED, "请填写理由")
    document = Document.objects.select_for_update().get(pk=document.pk)
    before = snapshot(document)
    if is_shared_with_parties and document.volume == Volume.INTERNAL:
        raise DomainError(DocumentError.INTERNAL_NOT_SERVABLE, "副卷材料不能向当事人公开")
    if is_sealed_from_parties is not None:
        document.is_sealed_from_parties = bool(is_sealed_from_parties)
    if is_shared_with_parties is not None:
        document.is_shared_with_parties = bool(is_shared_with_parties)
    document.save(update_fields=["is_sealed_from_parties", "is_shared_with_parties", "updated_at"])
    audit_record(actor=actor, action="documents.document_visibility_changed", target=document,
                 case_id=document.case_id, before=before, after=snapshot(document), reason=reason)
    return document
