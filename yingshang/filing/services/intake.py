"""Receiving complaints through every channel, and the one-time supplement (登记立案规定 arts 2, 7)."""

from datetime import date

from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.cases import domain as case_domain
from yingshang.cases.choices import FilingChannel
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.filing import conf, domain
from yingshang.filing.choices import AlertLevel, AttachmentKind, FilingStatus, SequenceKind
from yingshang.filing.errors import FilingError
from yingshang.filing.models import Filing
from yingshang.filing.permissions import access_filing, can_review_filings, can_submit_online, require_review
from yingshang.filing.services._common import (
    AttachmentInput, FilesWritten, FilingInput, attachments_check, attachments_write, cause_for, decision_deadline,
    filing_snapshot, next_sequence, notify, parties_clean,
)
from yingshang.org.choices import Role
from yingshang.org.models import Court, User


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
    parties = parties_clean(data.type_code, data.parties)
    cause = cause_for(data.cause_id, received_on)
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
    due_on, unconfirmed = decision_deadline(received_on, period.days)
    sequence = next_sequence(court, received_on.year, SequenceKind.RECEIPT)

    with FilesWritten() as written:
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
        files = attachments_write(filing, checked, actor=actor, is_supplement=False, written=written)
        audit_record(actor=actor, action="filing.filing_submitted", target=filing, before=None,
                     after={**filing_snapshot(filing), "receipt_number": filing.receipt_number, "channel": filing.channel,
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
    before = filing_snapshot(filing)
    filing.status = FilingStatus.SUPPLEMENT_REQUESTED
    filing.supplement_requested_on = today
    filing.supplement_items = cleaned
    filing.supplement_note = (note or "").strip()
    filing.supplement_requested_by = actor
    filing.decision_due_on = None
    filing.alert_level = AlertLevel.NONE
    filing.save()
    audit_record(actor=actor, action="filing.supplement_requested", target=filing, before=before,
                 after={**filing_snapshot(filing), "items": cleaned}, reason=filing.supplement_note)
    notify(user=filing.applicant, template_code="filing.supplement_requested",
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
    due_on, unconfirmed = decision_deadline(received, filing.period_days)
    before = filing_snapshot(filing)
    with FilesWritten() as written:
        filing.status = FilingStatus.SUBMITTED
        filing.supplements_received_on = received
        filing.clock_start_on = received
        filing.decision_due_on = due_on
        filing.due_unconfirmed_calendar = unconfirmed
        filing.alert_level = AlertLevel.NONE
        filing.save()
        files = attachments_write(filing, checked, actor=actor, is_supplement=True, written=written)
        audit_record(actor=actor, action="filing.supplements_received", target=filing, before=before,
                     after={**filing_snapshot(filing),
                            "attachments": [{"name": f.original_name, "sha256": f.sha256} for f in files]},
                     reason=(note or "").strip())
    return filing
