"""Shared pieces of the filing services: the inputs, the attachment checks and file writing (deleted again if the
service fails after writing), the register counters, party and cause validation, snapshots and notices."""

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from yingshang.calendar.selectors import period_deadline
from yingshang.cases import domain as case_domain
from yingshang.cases.choices import OrganisationKind, PartyKind, PartyRole
from yingshang.cases.errors import CaseError
from yingshang.cases.models import CauseOfAction
from yingshang.cases.services import PartyInput
from yingshang.core.clock import court_now
from yingshang.core.errors import DomainError
from yingshang.filing import conf, domain
from yingshang.filing.choices import AttachmentKind
from yingshang.filing.errors import FilingError
from yingshang.filing.models import Filing, FilingAttachment, FilingSequence
from yingshang.org.models import Court, User


# --- Inputs ------------------------------------------------------------------------------------------------------


@dataclass
class FilingInput:
    """The proposed case as the applicant (or the clerk at the window) enters it."""

    type_code: str
    channel: str
    parties: list[PartyInput] = field(default_factory=list)
    cause_id: int | None = None
    cause_text: str = ""
    claim_amount_fen: int = 0
    claims: str = ""
    summary: str = ""
    receiving_court_name: str = ""
    received_on: date | None = None
    law_firm: str = ""


@dataclass
class AttachmentInput:
    """One uploaded file: its name as uploaded, the kind of material, a binary file object and its size."""

    name: str
    kind: str
    file: IO[bytes]
    size: int


@dataclass
class _CheckedAttachment:
    name: str
    kind: str
    content_type: str
    data: bytes
    sha256: str


def attachments_check(attachments: list[AttachmentInput]) -> list[_CheckedAttachment]:
    """Validate every attachment before anything is written: count, kind, size (conf.attachment_max_bytes), type by
    magic bytes matching the extension, PDFs not encrypted and complete. The first failure raises."""
    if len(attachments) > conf.attachment_max_count():
        raise DomainError(FilingError.ATTACHMENT_TOO_MANY,
                          f"一次最多上传{conf.attachment_max_count()}个文件，本次为{len(attachments)}个",
                          {"count": len(attachments)})
    max_bytes = conf.attachment_max_bytes()
    checked = []
    for item in attachments:
        if item.kind not in AttachmentKind.values:
            raise DomainError(FilingError.ATTACHMENT_KIND_UNKNOWN, "材料类型不在允许范围内", {"kind": item.kind})
        if item.size > max_bytes:  # refused before reading the file
            domain.check_attachment(name=item.name, size=item.size, head=b"", max_bytes=max_bytes)
        item.file.seek(0)
        data = item.file.read(max_bytes + 1)
        content_type = domain.check_attachment(name=item.name, size=len(data), head=data[:16], max_bytes=max_bytes)
        if content_type == domain.PDF:
            domain.check_pdf_body(name=item.name, data=data)
        checked.append(_CheckedAttachment(item.name, item.kind, content_type, data, hashlib.sha256(data).hexdigest()))
    return checked


class FilesWritten:
    """Tracks files written by a service; deletes them if an exception leaves the block."""

    def __init__(self):
        self.names: list[str] = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            for name in self.names:
                default_storage.delete(name)
        return False


def attachments_write(filing: Filing, checked: list[_CheckedAttachment], *, actor: User, is_supplement: bool,
                       written: FilesWritten) -> list[FilingAttachment]:
    rows = []
    now = court_now()
    for item in checked:
        row = FilingAttachment(filing=filing, kind=item.kind, original_name=item.name[:255],
                               content_type=item.content_type, size_bytes=len(item.data), sha256=item.sha256,
                               is_supplement=is_supplement, uploaded_by=actor, uploaded_at=now)
        row.file.save("upload", ContentFile(item.data), save=False)
        written.names.append(row.file.name)
        row.save()
        rows.append(row)
    return rows


# --- Helpers -----------------------------------------------------------------------------------------------------


def next_sequence(court: Court, year: int, kind: str) -> int:
    """Next number on a register (receipts, refusal rulings): the counter row is created if missing and locked, so
    concurrent submissions serialize on it; a rolled-back transaction gives its number back."""
    FilingSequence.objects.bulk_create([FilingSequence(court=court, year=year, kind=kind, last_sequence=0)],
                                       ignore_conflicts=True)
    counter = FilingSequence.objects.select_for_update().get(court=court, year=year, kind=kind)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def decision_deadline(start: date, days: int) -> tuple[date, bool]:
    result = period_deadline(start=start, days=days, rollover=True)
    return result.deadline, result.unconfirmed_calendar


def _clean_party(index: int, data: PartyInput) -> dict:
    """Validate one party as cases.services.party_resolve would at registration, without writing a Party."""
    name = (data.name or "").strip()
    prefix = f"第{index}位当事人{('「' + name + '」') if name else ''}："
    try:
        if not name:
            raise DomainError(CaseError.PARTY_NAME_REQUIRED, "名称或姓名不能为空")
        if data.role not in PartyRole.values:
            raise DomainError(FilingError.PARTY_INVALID, "诉讼地位不在允许范围内", {"role": data.role})
        phone = case_domain.normalise_phone(data.phone) if data.phone else ""
        cleaned = PartyInput(kind=data.kind, name=name, role=data.role, phone=phone,
                             address=(data.address or "").strip(), has_domicile_in_china=data.has_domicile_in_china,
                             legal_representative=(data.legal_representative or "").strip())
        if data.kind == PartyKind.PERSON:
            if data.credit_code:
                raise DomainError(CaseError.PARTY_KIND_MISMATCH, "自然人不应填写统一社会信用代码")
            cleaned.id_number = case_domain.normalise_id_number(data.id_number) if data.id_number else None
        elif data.kind == PartyKind.ORGANISATION:
            if data.id_number:
                raise DomainError(CaseError.PARTY_KIND_MISMATCH, "单位不应填写身份证号")
            if not data.credit_code:
                raise DomainError(CaseError.PARTY_IDENTIFIER_REQUIRED, "单位须填写统一社会信用代码")
            cleaned.credit_code = case_domain.normalise_credit_code(data.credit_code)
            org_kind = data.organisation_kind or OrganisationKind.ENTERPRISE
            if org_kind not in OrganisationKind.values:
                raise DomainError(FilingError.PARTY_INVALID, "单位性质不在允许范围内", {"organisation_kind": org_kind})
            cleaned.organisation_kind = org_kind
            cleaned.enterprise_size = data.enterprise_size if org_kind == OrganisationKind.ENTERPRISE else ""
        else:
            raise DomainError(CaseError.PARTY_KIND_MISMATCH, "当事人类型应为自然人或单位", {"kind": data.kind})
    except DomainError as exc:
        raise DomainError(exc.code, prefix + exc.message, {**exc.detail, "party_index": index}, status=exc.status)
    return asdict(cleaned)


def parties_clean(type_code: str, parties: list[PartyInput]) -> list[dict]:
    cleaned = [_clean_party(i, p) for i, p in enumerate(parties, start=1)]
    seen = set()
    for p in cleaned:
        key = (p["id_number"] or p["credit_code"] or f"name:{p['name']}", p["role"])
        if key in seen:
            raise DomainError(CaseError.PARTY_ALREADY_IN_CASE,
                              f"当事人「{p['name']}」重复列为{PartyRole(p['role']).label}")
        seen.add(key)
    domain.check_parties(type_code, [p["role"] for p in cleaned])
    return cleaned


def cause_for(cause_id: int | None, on: date) -> CauseOfAction | None:
    if cause_id is None:
        return None
    cause = CauseOfAction.objects.filter(pk=cause_id).first()
    if cause is None:
        raise DomainError(CaseError.CAUSE_NOT_FOUND, "案由不存在", {"cause_id": cause_id})
    wanted = case_domain.cause_revision_for(on)
    if cause.revision != wanted:
        raise DomainError(CaseError.CAUSE_WRONG_REVISION,
                          f"收件日期适用{wanted}年版《民事案件案由规定》，所选案由属于{cause.revision}年版",
                          {"cause_id": cause_id, "revision": cause.revision, "expected_revision": wanted})
    return cause


def filing_snapshot(filing: Filing) -> dict:
    return {"status": filing.status, "decision_due_on": filing.decision_due_on, "clock_start_on": filing.clock_start_on,
            "alert_level": filing.alert_level, "case_id": filing.case_id, "decided_on": filing.decided_on,
            "supplement_requested_on": filing.supplement_requested_on,
            "supplements_received_on": filing.supplements_received_on, "batch_id": filing.batch_id}


def notify(*, user: User | None, template_code: str, context: dict, key: str, case=None) -> None:
    """Queue a notice through the notifications outbox (same transaction; sent after commit)."""
    if user is None:
        return
    from yingshang.notifications.services import notification_enqueue

    notification_enqueue(recipient_user=user, template_code=template_code, context=context, case=case,
                         idempotency_key=key)
