"""Writes of the filing app. Each service authorizes, loads, validates and only then persists, in one transaction
with its audit event; refusals raise a coded DomainError and write nothing (no row, no file, no audit event).

Attachment files are written last, inside the transaction; if anything fails after a file was written, the
service deletes the files it wrote before the error leaves it (the database rows roll back with the transaction).
"""

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q

from yingshang.audit.services import audit_record
from yingshang.calendar.selectors import period_deadline
from yingshang.cases import domain as case_domain
from yingshang.cases.choices import FilingChannel, OrganisationKind, PartyKind, PartyRole, Procedure
from yingshang.cases.errors import CaseError
from yingshang.cases.models import Case, CauseOfAction
from yingshang.cases.permissions import access_case_for_write
from yingshang.cases.services import CaseInput, PartyInput, case_assign, case_procedure_change, case_register
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.filing import conf, domain, triage
from yingshang.filing.choices import (
    AlertLevel, AttachmentKind, FilingStatus, PENDING_STATUSES, SequenceKind, TriageStatus,
)
from yingshang.filing.errors import FilingError
from yingshang.filing.models import (
    Filing, FilingAttachment, FilingBatch, FilingSequence, RefusalRuling, SmallClaimsThreshold, TriageCriterion,
    TriageRecord,
)
from yingshang.filing.permissions import (
    access_filing, can_review_filings, can_submit_online, require_edit_triage_tables, require_review,
)
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.models import Court, Team, User

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


class _FilesWritten:
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


def _attachments_write(filing: Filing, checked: list[_CheckedAttachment], *, actor: User, is_supplement: bool,
                       written: _FilesWritten) -> list[FilingAttachment]:
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


def _next_sequence(court: Court, year: int, kind: str) -> int:
    """Next number on a register (receipts, refusal rulings): the counter row is created if missing and locked, so
    concurrent submissions serialize on it; a rolled-back transaction gives its number back."""
    FilingSequence.objects.bulk_create([FilingSequence(court=court, year=year, kind=kind, last_sequence=0)],
                                       ignore_conflicts=True)
    counter = FilingSequence.objects.select_for_update().get(court=court, year=year, kind=kind)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def _deadline(start: date, days: int) -> tuple[date, bool]:
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


def _clean_parties(type_code: str, parties: list[PartyInput]) -> list[dict]:
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


def _cause_for(cause_id: int | None, on: date) -> CauseOfAction | None:
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


def _snapshot(filing: Filing) -> dict:
    return {"status": filing.status, "decision_due_on": filing.decision_due_on, "clock_start_on": filing.clock_start_on,
            "alert_level": filing.alert_level, "case_id": filing.case_id, "decided_on": filing.decided_on,
            "supplement_requested_on": filing.supplement_requested_on,
            "supplements_received_on": filing.supplements_received_on, "batch_id": filing.batch_id}


def _notify(*, user: User | None, template_code: str, context: dict, key: str, case=None) -> None:
    """Queue a notice through the notifications outbox (same transaction; sent after commit)."""
    if user is None:
        return
    from yingshang.notifications.services import notification_enqueue

    notification_enqueue(recipient_user=user, template_code=template_code, context=context, case=case,
                         idempotency_key=key)


# --- Submission --------------------------------------------------------------------------------------------------


def _check_submitter(actor: User, channel: str) -> User | None:
    """Who may use which channel; returns the applicant account that will own the filing (None at the window)."""
    if channel not in FilingChannel.values:
        raise DomainError(FilingError.CHANNEL_UNKNOWN, "立案渠道不在允许范围内", {"channel": channel})
    if channel == FilingChannel.ONLINE:
        if not can_submit_online(actor):
            raise PermissionDenied(FilingError.SUBMIT_DENIED, "网上立案须以当事人或代理律师账号提交")
        return actor
    if channel == FilingChannel.SELF_SERVICE:
        if can_submit_online(actor):
            return actor
        require_review(actor)
        return None
    require_review(actor)  # window and cross-court: entered by the 立案庭
    return None


@transaction.atomic
def filing_submit(*, court: Court, data: FilingInput, attachments: list[AttachmentInput] | None = None,
                  actor: User) -> Filing:
    """Receive a complaint through any channel (现场 / 自助 / 跨域 / 网上) and start its decision clock.

    The receipt date is today for online and self-service filings; at the window and for cross-court filings the
    clerk may give the day the materials arrived (not in the future). The period is 登记立案规定 art 8's (7 days;
    private prosecution 15 …), counted from the day after receipt with holiday rollover (calendar app). For a
    cross-court filing the clock runs from receipt by the collaborating court (the earlier date: protective of
    the party; the national time target is UNCONFIRMED). Enterprise-involved filings are flagged for priority.
    Audit: filing.filing_submitted."""
    applicant = _check_submitter(actor, data.channel)
    today = court_today()
    domain.check_fileable(data.type_code)
    if data.channel == FilingChannel.CROSS_COURT and not data.receiving_court_name.strip():
        raise DomainError(FilingError.RECEIVING_COURT_REQUIRED, "跨域立案须填写代为收件的协作法院名称")
    received_on = today
    if data.channel in (FilingChannel.WINDOW, FilingChannel.CROSS_COURT) and data.received_on:
        received_on = data.received_on
    if received_on > today:
        raise DomainError(FilingError.RECEIVED_DATE_INVALID, "收到材料日期不能晚于今天",
                          {"received_on": received_on.isoformat()})
    if data.claim_amount_fen < 0:
        raise DomainError(FilingError.AMOUNT_NEGATIVE, "标的额不能为负数")
    if not (data.claims or "").strip():
        raise DomainError(FilingError.CLAIMS_REQUIRED, "请填写诉讼请求（或申请事项）（民事诉讼法第122条第3项）")
    parties = _clean_parties(data.type_code, data.parties)
    cause = _cause_for(data.cause_id, received_on)
    checked = attachments_check(attachments or [])
    if applicant is not None and not any(a.kind == AttachmentKind.COMPLAINT for a in checked):
        raise DomainError(FilingError.ATTACHMENT_REQUIRED, "请上传起诉状（申请书）", {"kind": AttachmentKind.COMPLAINT})

    facts = [case_domain.PartyFacts(kind=p["kind"], organisation_kind=p["organisation_kind"],
                                    enterprise_size=p["enterprise_size"]) for p in parties]
    category = case_domain.category_for_type_code(data.type_code)
    flags = case_domain.derive_flags(parties=facts, category=category,
                                     cause_is_financial=bool(cause and cause.is_financial))
    first = next(p for p in parties if p["role"] in domain.CLAIMANT_ROLES)
    period = domain.decision_period_for(type_code=data.type_code, cause_name=cause.name if cause else data.cause_text)
    due_on, unconfirmed = _deadline(received_on, period.days)
    sequence = _next_sequence(court, received_on.year, SequenceKind.RECEIPT)

    with _FilesWritten() as written:
        filing = Filing.objects.create(
            court=court, channel=data.channel, applicant=applicant, submitted_by=actor, submitter_role=actor.role,
            receipt_number=domain.format_number(conf.receipt_number_format(), year=received_on.year,
                                                court_code=court.code, sequence=sequence),
            receiving_court_name=data.receiving_court_name.strip() if data.channel == FilingChannel.CROSS_COURT else "",
            law_firm=(data.law_firm or (actor.organisation_name if actor.role == Role.LAWYER else "")).strip(),
            type_code=data.type_code, cause=cause, cause_text=data.cause_text.strip(),
            claim_amount_fen=data.claim_amount_fen, claims=data.claims.strip(), summary=(data.summary or "").strip(),
            parties=parties, plaintiff_key=first["credit_code"] or first["id_number"] or "",
            plaintiff_name=first["name"], is_enterprise_involved=flags.is_enterprise_involved,
            is_priority=flags.is_enterprise_involved, is_financial=flags.is_financial,
            received_on=received_on, received_at=court_now(), status=FilingStatus.SUBMITTED,
            period_days=period.days, period_basis=period.basis, clock_start_on=received_on, decision_due_on=due_on,
            due_unconfirmed_calendar=unconfirmed,
        )
        files = _attachments_write(filing, checked, actor=actor, is_supplement=False, written=written)
        audit_record(actor=actor, action="filing.filing_submitted", target=filing, before=None,
                     after={**_snapshot(filing), "receipt_number": filing.receipt_number, "channel": filing.channel,
                            "type_code": filing.type_code, "is_priority": filing.is_priority,
                            "attachments": [{"name": f.original_name, "sha256": f.sha256} for f in files]})
    return filing


# --- Supplements (登记立案规定 art 7) ------------------------------------------------------------------------------


@transaction.atomic
def filing_supplement_request(*, filing_id: int, items: list[str], note: str = "", actor: User) -> Filing:
    """Tell the applicant, once and in writing, everything that must be supplemented (登记立案规定 art 7). The
    clock stops; it restarts from receipt of the supplements. Audit: filing.supplement_requested."""
    access_filing(actor, filing_id)
    require_review(actor)
    filing = Filing.objects.select_for_update().get(pk=filing_id)
    today = court_today()
    cleaned = domain.check_supplement_request(status=filing.status, already_requested_on=filing.supplement_requested_on,
                                              due_on=filing.decision_due_on, today=today, items=items)
    before = _snapshot(filing)
    filing.status = FilingStatus.SUPPLEMENT_REQUESTED
    filing.supplement_requested_on = today
    filing.supplement_items = cleaned
    filing.supplement_note = (note or "").strip()
    filing.supplement_requested_by = actor
    filing.decision_due_on = None
    filing.alert_level = AlertLevel.NONE
    filing.save()
    audit_record(actor=actor, action="filing.supplement_requested", target=filing, before=before,
                 after={**_snapshot(filing), "items": cleaned}, reason=filing.supplement_note)
    _notify(user=filing.applicant, template_code="filing.supplement_requested",
            context={"receipt_number": filing.receipt_number, "date": today, "items": "；".join(cleaned)},
            key=f"filing.supplement_requested:{filing.pk}")
    return filing


@transaction.atomic
def filing_supplement_submit(*, filing_id: int, attachments: list[AttachmentInput] | None = None, note: str = "",
                             actor: User, received_on: date | None = None) -> Filing:
    """Receive the supplements: the decision period starts again from their receipt (登记立案规定 art 7; 民诉法
    解释 126). The applicant submits online (received today); the 立案庭 may record supplements handed in at the
    window with the day they arrived. Audit: filing.supplements_received."""
    filing = access_filing(actor, filing_id)
    is_owner = filing.applicant_id is not None and filing.applicant_id == actor.pk
    if not is_owner and not can_review_filings(actor):
        raise PermissionDenied(FilingError.SUBMIT_DENIED, "只有申请人或立案庭工作人员可以提交补正材料")
    filing = Filing.objects.select_for_update().get(pk=filing_id)
    today = court_today()
    domain.check_pending(filing.status, "supplement_submit")
    if filing.status != FilingStatus.SUPPLEMENT_REQUESTED:
        raise DomainError(FilingError.SUPPLEMENT_NOT_REQUESTED, "法院未要求补正，无需提交补正材料", status=409)
    received = received_on if (received_on and not is_owner) else today
    if received > today or received < filing.supplement_requested_on:
        raise DomainError(FilingError.RECEIVED_DATE_INVALID, "收到补正材料日期应在告知补正之日与今天之间",
                          {"received_on": received.isoformat()})
    checked = attachments_check(attachments or [])
    if not checked and not (note or "").strip():
        raise DomainError(FilingError.ATTACHMENT_REQUIRED, "请上传补正材料或填写补正说明")
    due_on, unconfirmed = _deadline(received, filing.period_days)
    before = _snapshot(filing)
    with _FilesWritten() as written:
        filing.status = FilingStatus.SUBMITTED
        filing.supplements_received_on = received
        filing.clock_start_on = received
        filing.decision_due_on = due_on
        filing.due_unconfirmed_calendar = unconfirmed
        filing.alert_level = AlertLevel.NONE
        filing.save()
        files = _attachments_write(filing, checked, actor=actor, is_supplement=True, written=written)
        audit_record(actor=actor, action="filing.supplements_received", target=filing, before=before,
                     after={**_snapshot(filing),
                            "attachments": [{"name": f.original_name, "sha256": f.sha256} for f in files]},
                     reason=(note or "").strip())
    return filing


# --- Decisions ---------------------------------------------------------------------------------------------------


def _latest_decided_triage(filing: Filing) -> TriageRecord | None:
    return (TriageRecord.objects.filter(filing=filing, status=TriageStatus.DECIDED).select_related("decided_team")
            .order_by("-decided_at", "-id").first())


@transaction.atomic
def filing_register(*, filing_id: int, actor: User, filed_on: date | None = None, department_id: int | None = None,
                    judge_id: int | None = None) -> Filing:
    """Register the filing as a case (立案): cases.services.case_register allocates the 案号 and records the channel
    and the parties; the filing is linked to the case. On the day of receipt this is 当场立案; after the period
    ran out it is the 先行立案 the law requires (登记立案规定 art 8). A triage decision taken before registration
    gives the procedure (and, with a judge, the team). The applicant is notified. Audit: filing.filing_registered."""
    access_filing(actor, filing_id)
    require_review(actor)
    filing = Filing.objects.select_for_update(of=("self",)).select_related("court").get(pk=filing_id)
    today = court_today()
    filed_on = filed_on or today
    domain.check_registration(status=filing.status, received_on=filing.received_on, filed_on=filed_on, today=today)
    decided = _latest_decided_triage(filing)
    team = decided.decided_team if decided else None
    assign_with_team = team is not None and judge_id is not None
    summary = "\n".join(part for part in (f"诉讼请求：{filing.claims}" if filing.claims else "",
                                          f"事实与理由：{filing.summary}" if filing.summary else "") if part)
    data = CaseInput(
        type_code=filing.type_code, filed_on=filed_on, channel=filing.channel,
        procedure=decided.decided_procedure if decided else None, cause_id=filing.cause_id,
        cause_text=filing.cause_text, accepted_on=filing.received_on, claim_amount_fen=filing.claim_amount_fen,
        department_id=None if assign_with_team else department_id, judge_id=None if assign_with_team else judge_id,
        summary=summary, parties=[PartyInput(**p) for p in filing.parties],
    )
    case = case_register(court=filing.court, data=data, actor=actor)
    if assign_with_team:
        case = case_assign(case_id=case.pk, department_id=team.department_id, judge_id=judge_id, team_id=team.pk,
                           actor=actor, on=filed_on)
    before = _snapshot(filing)
    filing.status = FilingStatus.REGISTERED
    filing.case = case
    filing.decided_on = filed_on
    filing.decided_by = actor
    filing.is_on_spot = filed_on == filing.received_on and filing.supplement_requested_on is None
    filing.is_decided_in_time = filing.decision_due_on is None or filed_on <= filing.decision_due_on
    filing.alert_level = AlertLevel.NONE
    filing.save()
    TriageRecord.objects.filter(filing=filing, case__isnull=True).update(case=case)
    audit_record(actor=actor, action="filing.filing_registered", target=filing, before=before,
                 after={**_snapshot(filing), "case_number": case.case_number, "channel": case.channel,
                        "is_on_spot": filing.is_on_spot, "is_decided_in_time": filing.is_decided_in_time},
                 case_id=case.pk)
    _notify(user=filing.applicant, template_code="cases.case_registered",
            context={"date": filed_on, "case_number": case.case_number}, key=f"filing.registered:{filing.pk}",
            case=case)
    return filing


@transaction.atomic
def filing_refuse(*, filing_id: int, reason: str, actor: User, legal_basis: str = "") -> RefusalRuling:
    """Refuse to accept the complaint by a written ruling with reasons (登记立案规定 art 9; CPL 126), numbered on the
    court's refusal register; refused without a reason, and refused once the period has run out (then the court
    must register first, art 8). The applicant is notified. Audit: filing.filing_refused."""
    access_filing(actor, filing_id)
    require_review(actor)
    filing = Filing.objects.select_for_update(of=("self",)).select_related("court__parent").get(pk=filing_id)
    today = court_today()
    cleaned = domain.check_refusal(status=filing.status, reason=reason, due_on=filing.decision_due_on, today=today)
    court = filing.court
    form = domain.refusal_ruling_form(type_code=filing.type_code,
                                      appeal_court_name=court.parent.name if court.parent_id else "上一级人民法院")
    sequence = _next_sequence(court, today.year, SequenceKind.REFUSAL)
    number = domain.format_number(conf.refusal_number_format(), year=today.year, court_code=court.code,
                                  sequence=sequence)
    basis = (legal_basis or "").strip() or form.basis
    text = domain.refusal_ruling_text(court_name=court.name, number=number, form=form,
                                      claimants=filing.claimant_names, respondents=filing.respondent_names,
                                      received_on=filing.received_on, claims=filing.claims, reason=cleaned,
                                      legal_basis=basis, decided_on=today)
    ruling = RefusalRuling.objects.create(filing=filing, court=court, year=today.year, sequence=sequence,
                                          number=number, title=form.title, reason=cleaned, legal_basis=basis,
                                          text=text, decided_on=today, decided_by=actor)
    before = _snapshot(filing)
    filing.status = FilingStatus.REFUSED
    filing.decided_on = today
    filing.decided_by = actor
    filing.is_decided_in_time = True
    filing.alert_level = AlertLevel.NONE
    filing.save()
    audit_record(actor=actor, action="filing.filing_refused", target=filing, before=before,
                 after={**_snapshot(filing), "ruling_number": number}, reason=cleaned)
    _notify(user=filing.applicant, template_code="filing.refused",
            context={"receipt_number": filing.receipt_number, "date": today, "ruling_number": number},
            key=f"filing.refused:{filing.pk}")
    return ruling


# --- The deadline scan -------------------------------------------------------------------------------------------


@transaction.atomic
def filing_deadlines_scan(*, today: date | None = None) -> dict:
    """Flag pending filings whose decision period is about to run out (conf.due_soon_days) or has run out (then
    the court must register first, 先行立案), set-based: one UPDATE per level plus one that clears stale flags.
    Each filing whose level changed gets one notice to the 立案庭 head(s) of its court and to the clerk who entered
    it (idempotent per filing, level and deadline). Running it twice on a day changes and queues nothing."""
    today = today or court_today()
    soon_until = today + timedelta(days=conf.due_soon_days())
    running = Filing.objects.filter(status=FilingStatus.SUBMITTED, decision_due_on__isnull=False)
    targets = {
        AlertLevel.OVERDUE: running.filter(decision_due_on__lt=today),
        AlertLevel.DUE_SOON: running.filter(decision_due_on__gte=today, decision_due_on__lte=soon_until),
    }
    changed: dict[str, list[int]] = {}
    for level, qs in targets.items():
        ids = list(qs.exclude(alert_level=level).values_list("pk", flat=True))
        if ids:
            Filing.objects.filter(pk__in=ids).update(alert_level=level, alert_changed_on=today)
        changed[level] = ids
    cleared = (Filing.objects.exclude(alert_level=AlertLevel.NONE)
               .filter(~Q(status=FilingStatus.SUBMITTED) | Q(decision_due_on__isnull=True)
                       | Q(decision_due_on__gt=soon_until))
               .update(alert_level=AlertLevel.NONE, alert_changed_on=today))
    notified = _alerts_notify(changed, today=today)
    return {"overdue": len(changed[AlertLevel.OVERDUE]), "due_soon": len(changed[AlertLevel.DUE_SOON]),
            "cleared": cleared, "notices": notified}


def _alerts_notify(changed: dict[str, list[int]], *, today: date) -> int:
    ids = [pk for level_ids in changed.values() for pk in level_ids]
    if not ids:
        return 0
    filings = list(Filing.objects.filter(pk__in=ids).select_related("submitted_by__department"))
    heads: dict[int, list[User]] = {}
    for head in User.objects.filter(is_active=True, role=Role.DIVISION_HEAD, department__kind=DepartmentKind.FILING,
                                    court_id__in={f.court_id for f in filings}):
        heads.setdefault(head.court_id, []).append(head)
    count = 0
    for filing in filings:
        recipients = {u.pk: u for u in heads.get(filing.court_id, [])}
        clerk = filing.submitted_by
        if clerk.is_court_staff and clerk.is_active and clerk.department_id and \
                clerk.department.kind == DepartmentKind.FILING:
            recipients[clerk.pk] = clerk
        template = ("filing.decision_overdue" if filing.pk in changed[AlertLevel.OVERDUE]
                    else "filing.decision_due_soon")
        for user in recipients.values():
            _notify(user=user, template_code=template,
                    context={"receipt_number": filing.receipt_number, "applicant": filing.plaintiff_name or "申请人",
                             "deadline_on": filing.decision_due_on},
                    key=f"{template}:{filing.pk}:{filing.decision_due_on.isoformat()}:{user.pk}")
            count += 1
    return count


# --- Batches (类案批量处理) -----------------------------------------------------------------------------------------


@transaction.atomic
def filing_batch_create(*, filing_ids: list[int], actor: User, name: str = "") -> FilingBatch:
    """Group pending filings from one plaintiff with the same type and cause for batch handling (plan measure 9).
    Audit: filing.batch_created."""
    require_review(actor)
    ids = sorted({int(pk) for pk in filing_ids})
    if len(ids) < 2:
        raise DomainError(FilingError.BATCH_INVALID, "类案批次至少包含两件立案申请")
    from yingshang.filing.permissions import filing_scope_q

    filings = list(Filing.objects.select_for_update().filter(filing_scope_q(actor), pk__in=ids).order_by("pk"))
    if len(filings) != len(ids):
        raise DomainError(FilingError.BATCH_INVALID, "部分立案申请不存在或您无权处理")
    first = filings[0]
    for f in filings:
        if f.status not in PENDING_STATUSES:
            raise DomainError(FilingError.BATCH_INVALID, f"{f.receipt_number}已{f.get_status_display()}，不能编入批次")
        if f.batch_id is not None:
            raise DomainError(FilingError.BATCH_INVALID, f"{f.receipt_number}已在批次「{f.batch}」中")
        if not f.plaintiff_key or (f.plaintiff_key, f.type_code, f.cause_id, f.court_id) != \
                (first.plaintiff_key, first.type_code, first.cause_id, first.court_id):
            raise DomainError(FilingError.BATCH_INVALID, "同一批次须为同一起诉人、同一类型、同一案由的案件",
                              {"receipt_number": f.receipt_number})
    cause_label = first.cause.name if first.cause_id else (first.cause_text or first.type_code)
    batch = FilingBatch.objects.create(court=first.court, name=(name or "").strip() or
                                       f"{first.plaintiff_name}·{cause_label}（{len(filings)}件）",
                                       plaintiff_key=first.plaintiff_key, plaintiff_name=first.plaintiff_name,
                                       type_code=first.type_code, cause=first.cause, created_by=actor)
    Filing.objects.filter(pk__in=ids).update(batch=batch)
    audit_record(actor=actor, action="filing.batch_created", target=batch, before=None,
                 after={"name": batch.name, "filing_ids": ids})
    return batch


@transaction.atomic
def filing_batch_register(*, batch_id: int, actor: User, filed_on: date | None = None) -> list[Filing]:
    """Register every pending filing of a batch, all or none. Audit: one filing.filing_registered per filing."""
    require_review(actor)
    batch = FilingBatch.objects.filter(pk=batch_id, court_id=actor.court_id).first() if not actor.is_superuser \
        else FilingBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise DomainError("FILING_BATCH_NOT_FOUND", "类案批次不存在", status=404)
    pending = list(batch.filings.filter(status__in=PENDING_STATUSES).order_by("received_at", "pk")
                   .values_list("pk", flat=True))
    if not pending:
        raise DomainError(FilingError.BATCH_INVALID, "该批次没有待立案的申请", status=409)
    return [filing_register(filing_id=pk, actor=actor, filed_on=filed_on) for pk in pending]


# --- Tables: small-claims thresholds and triage criteria -----------------------------------------------------------


def _threshold_snapshot(row: SmallClaimsThreshold) -> dict:
    return {"province": row.province, "wage_year": row.wage_year, "average_wage_fen": row.average_wage_fen,
            "effective_from": row.effective_from.isoformat(), "is_confirmed": row.is_confirmed, "source": row.source}


@transaction.atomic
def threshold_save(*, actor: User, province: str, wage_year: int, average_wage_fen: int, effective_from: date,
                   is_confirmed: bool, source: str = "", note: str = "",
                   threshold_id: int | None = None) -> SmallClaimsThreshold:
    """Create or edit a province's wage row (立案庭 heads, administrators). The figure of year Y is published in
    Y+1, so it cannot apply before 1 January of Y+1. Audit: filing.threshold_saved."""
    require_edit_triage_tables(actor)
    province = (province or "").strip()
    if not province:
        raise DomainError(FilingError.THRESHOLD_INVALID, "请填写省份")
    if not 2000 <= int(wage_year) <= 2100:
        raise DomainError(FilingError.THRESHOLD_INVALID, "工资统计年度应在2000至2100之间", {"wage_year": wage_year})
    if average_wage_fen <= 0:
        raise DomainError(FilingError.THRESHOLD_INVALID, "年平均工资必须大于零")
    if effective_from <= date(int(wage_year), 12, 31):
        raise DomainError(FilingError.THRESHOLD_INVALID,
                          f"{wage_year}年度的工资数据于次年公布，适用起始日应晚于{wage_year}年12月31日",
                          {"effective_from": effective_from.isoformat()})
    if threshold_id is not None:
        row = SmallClaimsThreshold.objects.select_for_update().filter(pk=threshold_id).first()
        if row is None:
            raise DomainError("FILING_THRESHOLD_NOT_FOUND", "该标准不存在", status=404)
        before = _threshold_snapshot(row)
    else:
        row, before = SmallClaimsThreshold(), None
    row.province, row.wage_year, row.average_wage_fen = province, int(wage_year), int(average_wage_fen)
    row.effective_from, row.is_confirmed = effective_from, bool(is_confirmed)
    row.source, row.note, row.updated_by = (source or "").strip(), (note or "").strip(), actor
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise DomainError(FilingError.THRESHOLD_INVALID, f"{province}{wage_year}年度的标准已存在，请修改原记录", status=409)
    audit_record(actor=actor, action="filing.threshold_saved", target=row, before=before,
                 after=_threshold_snapshot(row), reason=row.note)
    return row


def _criterion_snapshot(row: TriageCriterion) -> dict:
    return {"code": row.code, "label": row.label, "kind": row.kind, "fact": row.fact, "operator": row.operator,
            "value": row.value, "weight": row.weight, "is_active": row.is_active, "legal_basis": row.legal_basis}


@transaction.atomic
def criterion_save(*, actor: User, code: str, label: str, kind: str, fact: str, operator: str,
                   value: int | None = None, weight: int = 1, is_active: bool = True, legal_basis: str = "",
                   sort_order: int = 0, criterion_id: int | None = None) -> TriageCriterion:
    """Create or edit one 简案/繁案 indicator (立案庭 heads, administrators). Audit: filing.criterion_saved."""
    require_edit_triage_tables(actor)
    if not (label or "").strip() or not (code or "").strip():
        raise DomainError(FilingError.CRITERION_INVALID, "请填写指标编码和名称")
    triage.check_criterion(triage.Criterion(code=code, label=label, kind=kind, fact=fact, operator=operator,
                                            value=value, weight=int(weight), basis=legal_basis))
    if criterion_id is not None:
        row = TriageCriterion.objects.select_for_update().filter(pk=criterion_id).first()
        if row is None:
            raise DomainError("FILING_CRITERION_NOT_FOUND", "该指标不存在", status=404)
        before = _criterion_snapshot(row)
    else:
        row, before = TriageCriterion(), None
    row.code, row.label, row.kind, row.fact, row.operator = code.strip(), label.strip(), kind, fact, operator
    row.value = value if fact in triage.INTEGER_FACTS else None
    row.weight, row.is_active, row.legal_basis = int(weight), bool(is_active), (legal_basis or "").strip()
    row.sort_order, row.updated_by = int(sort_order), actor
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise DomainError(FilingError.CRITERION_INVALID, f"指标编码「{code}」已存在", status=409)
    audit_record(actor=actor, action="filing.criterion_saved", target=row, before=before,
                 after=_criterion_snapshot(row))
    return row


# --- Triage ------------------------------------------------------------------------------------------------------


def active_criteria() -> list[triage.Criterion]:
    return [triage.Criterion(code=c.code, label=c.label, kind=c.kind, fact=c.fact, operator=c.operator, value=c.value,
                             weight=c.weight, basis=c.legal_basis)
            for c in TriageCriterion.objects.filter(is_active=True).order_by("kind", "sort_order", "id")]


def threshold_row_for(*, province: str, on: date) -> SmallClaimsThreshold | None:
    """The wage row in force on ``on`` (解释 272: the latest published figure)."""
    rows = list(SmallClaimsThreshold.objects.filter(province=province, effective_from__lte=on))
    picked = triage.threshold_pick([_threshold_value(r) for r in rows], province=province, on=on)
    if picked is None:
        return None
    return next(r for r in rows if r.wage_year == picked.wage_year)


def _threshold_value(row: SmallClaimsThreshold) -> triage.Threshold:
    return triage.Threshold(province=row.province, wage_year=row.wage_year, average_wage_fen=row.average_wage_fen,
                            effective_from=row.effective_from, is_confirmed=row.is_confirmed)


ALLOWED_DECISIONS = {
    "民初": {Procedure.SMALL_CLAIMS, Procedure.SIMPLE, Procedure.ORDINARY},
    "刑初": {Procedure.FAST_TRACK, Procedure.SIMPLE, Procedure.ORDINARY},
    "行初": {Procedure.SIMPLE, Procedure.ORDINARY},
    "行赔初": {Procedure.SIMPLE, Procedure.ORDINARY},
}


def _triage_target(actor: User, filing_id: int | None, case_id: int | None) -> tuple[Filing | None, Case | None]:
    if filing_id is None and case_id is None:
        return None, None
    if filing_id is not None:
        filing = access_filing(actor, filing_id)
        require_review(actor)
        return filing, filing.case
    return None, access_case_for_write(actor, case_id)


def triage_suggest(*, facts: triage.TriageFacts, actor: User, filing_id: int | None = None,
                   case_id: int | None = None, on: date | None = None) -> tuple[triage.Suggestion, TriageRecord | None]:
    """Suggest the procedure (triage.suggest) with the court's active criteria and the province's wage row in force
    on the filing date (the receipt date of a filing, the acceptance or filing date of a case, else ``on`` or
    today). With a filing or case the suggestion is recorded (who asked, when, on which facts and reasons);
    without one it is a preview and writes nothing. Audit: filing.triage_suggested."""
    if not (actor and actor.is_authenticated and (actor.is_court_staff or actor.is_superuser)):
        raise PermissionDenied(FilingError.TRIAGE_DENIED, "只有法院工作人员可以进行繁简分流")
    with transaction.atomic():
        filing, case = _triage_target(actor, filing_id, case_id)
        if filing is not None:
            on = filing.received_on
        elif case is not None:
            on = case.accepted_on or case.filed_on
        on = on or court_today()
        row = threshold_row_for(province=conf.province(), on=on)
        suggestion = triage.suggest(facts, criteria=active_criteria(),
                                    threshold=_threshold_value(row) if row else None,
                                    complex_threshold=conf.triage_complex_threshold(),
                                    fast_track_min_score=conf.triage_fast_track_min_simple_score())
        if filing is None and case is None:
            return suggestion, None
        record = TriageRecord.objects.create(
            filing=filing, case=case, facts=facts.as_dict(), threshold=row,
            threshold_snapshot=_threshold_snapshot(row) if row else None,
            suggested_procedure=suggestion.procedure, suggested_team_kind=suggestion.team_kind,
            is_fast_track=suggestion.is_fast_track, reasons=[r.as_dict() for r in suggestion.reasons],
            simple_score=suggestion.simple_score, complex_score=suggestion.complex_score,
            suggested_by=actor, suggested_at=court_now())
        audit_record(actor=actor, action="filing.triage_suggested", target=record, before=None,
                     after={"suggested_procedure": record.suggested_procedure, "team_kind": record.suggested_team_kind,
                            "filing_id": filing.pk if filing else None, "facts": record.facts},
                     case_id=case.pk if case else None)
        return suggestion, record


@transaction.atomic
def triage_decide(*, record_id: int, procedure: str, actor: User, reason: str = "", team_id: int | None = None,
                  judge_id: int | None = None) -> TriageRecord:
    """Record the human decision on a triage suggestion: the procedure (a reason is required when it departs from
    the suggestion), optionally the team. When the case exists and its procedure differs, it is changed through
    cases.services.case_procedure_change; with a team and a judge the case is assigned (case_assign). Before
    registration the decision is kept and registration uses it. Audit: filing.triage_decided."""
    record = TriageRecord.objects.select_related("filing", "case").filter(pk=record_id).first()
    if record is None:
        raise DomainError("FILING_TRIAGE_NOT_FOUND", "繁简分流记录不存在", status=404)
    filing, case = _triage_target(actor, record.filing_id, None if record.filing_id else record.case_id)
    record = TriageRecord.objects.select_for_update().get(pk=record_id)
    case = case or record.case
    if record.status != TriageStatus.SUGGESTED:
        raise DomainError(FilingError.TRIAGE_ALREADY_DECIDED, "该建议已作出决定；如需调整，请重新进行繁简分流", status=409)
    type_code = record.facts.get("type_code", "")
    allowed = ALLOWED_DECISIONS.get(type_code, {record.suggested_procedure})
    if procedure not in allowed:
        labels = "、".join(Procedure(p).label for p in sorted(allowed))
        raise DomainError(FilingError.TRIAGE_PROCEDURE_INVALID, f"该类案件只能选择：{labels}",
                          {"procedure": procedure, "allowed": sorted(allowed)})
    cleaned = (reason or "").strip()
    if procedure != record.suggested_procedure and not cleaned:
        raise DomainError(FilingError.TRIAGE_REASON_REQUIRED,
                          f"决定适用{Procedure(procedure).label}，与建议（{Procedure(record.suggested_procedure).label}）"
                          "不同，须说明理由")
    court_id = (filing.court_id if filing else case.court_id)
    team = None
    if team_id is not None:
        team = Team.objects.select_related("department").filter(pk=team_id, department__court_id=court_id).first()
        if team is None:
            raise DomainError(FilingError.TEAM_NOT_FOUND, "审判团队不存在或不属于本院", {"team_id": team_id})
    before = {"status": record.status, "decided_procedure": record.decided_procedure}
    record.status = TriageStatus.DECIDED
    record.decided_procedure = procedure
    record.decided_team = team
    record.decision_reason = cleaned or "采纳系统建议"
    record.decided_by = actor
    record.decided_at = court_now()
    record.case = case
    record.save()
    if case is not None and case.procedure != procedure:
        case_procedure_change(case_id=case.pk, procedure=procedure, actor=actor,
                              reason=f"繁简分流：{record.decision_reason}")
    if case is not None and team is not None and judge_id is not None:
        case_assign(case_id=case.pk, department_id=team.department_id, judge_id=judge_id, team_id=team.pk, actor=actor)
    audit_record(actor=actor, action="filing.triage_decided", target=record, before=before,
                 after={"status": record.status, "decided_procedure": procedure, "team_id": team.pk if team else None,
                        "suggested_procedure": record.suggested_procedure,
                        "follows_suggestion": record.follows_suggestion},
                 reason=record.decision_reason, case_id=case.pk if case else None)
    return record
