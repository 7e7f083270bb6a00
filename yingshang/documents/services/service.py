"""Service of documents on parties (送达): consent to electronic service, sending, results, the date the law deems a
document served, failure → fallback to post with a printable mailing pack and a follow-up task for the clerk."""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yingshang.audit.services import audit_record
from yingshang.cases.choices import CaseEventKind
from yingshang.cases.domain import normalise_phone
from yingshang.cases.models import Party
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.documents import domain, rendering
from yingshang.documents.choices import (
    DECISION_KINDS, ELECTRONIC_METHODS, Channel, ConsentScope, ServiceMethod, ServiceStatus, Volume,
)
from yingshang.documents.errors import DocumentError
from yingshang.documents.models import Document, ServiceConsent, ServiceRecord
from yingshang.documents.permissions import (
    access_case_as_party, access_case_for_documents, access_document_for_write, is_staff,
)
from yingshang.documents.services._common import party_in_case, timeline

# The notifications channel that carries each electronic method.
_CHANNEL_OF = {ServiceMethod.SMS: "sms", ServiceMethod.EMAIL: "email", ServiceMethod.INBOX: "inbox"}
# Methods completed by a signature or a hand-over on a known day.
_HANDED_METHODS = (ServiceMethod.IN_PERSON, ServiceMethod.LEFT_AT_RESIDENCE, ServiceMethod.THROUGH_UNIT,
                   ServiceMethod.GRID)


# --- Consent ---------------------------------------------------------------------------------------------------

def _consent_snapshot(c: ServiceConsent) -> dict:
    return {"party_id": c.party_id, "case_id": c.case_id, "scope": c.scope, "methods": list(c.methods),
            "phone": c.phone, "email": c.email, "covers_decisions": c.covers_decisions,
            "consented_on": c.consented_on, "withdrawn_on": c.withdrawn_on, "channel": c.channel}


def _consent_actor_check(*, actor, case_id: int | None, party: Party) -> str:
    """Staff record consent for a party of a case they may change; a party (or its agent) gives its own online.
    Answers the channel."""
    if case_id is None:
        raise DomainError(DocumentError.FIELD_REQUIRED, "请指定案件（同意书在案件中签署）", {"field": "case_id"})
    if is_staff(actor):
        case = access_case_for_documents(actor, case_id)
        party_in_case(case, party.pk)
        return Channel.OFFLINE
    _, parties = access_case_as_party(actor, case_id)
    if party.pk not in parties:
        raise PermissionDenied("SERVICE_CONSENT_DENIED", "您不能代表该当事人确认送达方式")
    return Channel.ONLINE


@transaction.atomic
def consent_record(*, party_id: int, case_id: int, methods: list[str], consented_on: date,
                   scope: str = ConsentScope.CASE, phone: str = "", email: str = "", covers_decisions: bool = True,
                   actor) -> ServiceConsent:
    """Record a party's consent to electronic service (CPL 90) with its date and scope (this case, or all its cases
    at this court), the methods and addresses agreed and whether judgments/rulings/mediation agreements are
    included. Each method needs its address: a mainland mobile for SMS, a mailbox for e-mail, a portal account for
    the platform inbox. A newer consent of the same scope replaces the older (which is withdrawn the same day).
    Audit: documents.consent_recorded."""
    party = Party.objects.filter(pk=party_id).first()
    if party is None:
        raise NotFound("PARTY_NOT_FOUND", "未找到该当事人")
    channel = _consent_actor_check(actor=actor, case_id=case_id, party=party)
    if scope not in ConsentScope.values:
        raise DomainError(DocumentError.FIELD_REQUIRED, "范围应为本案或全部案件", {"scope": scope})
    methods = list(dict.fromkeys(methods or []))
    if not methods:
        raise DomainError(DocumentError.CONSENT_METHODS_EMPTY, "请至少选择一种电子送达方式")
    unknown = [m for m in methods if m not in ELECTRONIC_METHODS]
    if unknown:
        raise DomainError(DocumentError.METHOD_UNKNOWN, "电子送达方式只能是短信、电子邮件或诉讼服务平台",
                          {"methods": unknown})
    if consented_on > court_today():
        raise DomainError(DocumentError.DATE_INVALID, "同意日期不能晚于今天", {"consented_on": str(consented_on)})
    phone_value = email_value = ""
    if ServiceMethod.SMS in methods:
        try:
            phone_value = normalise_phone(phone or party.phone)
        except DomainError:
            raise DomainError(DocumentError.CONSENT_ADDRESS, "短信送达需要有效的大陆手机号", {"phone": phone})
    if ServiceMethod.EMAIL in methods:
        from yingshang.notifications.domain import email_normalise

        try:
            email_value = email_normalise(email)
        except DomainError:
            raise DomainError(DocumentError.CONSENT_ADDRESS, "电子邮件送达需要有效的邮箱地址", {"email": email})
    if ServiceMethod.INBOX in methods and not party.users.filter(is_active=True).exists():
        raise DomainError(DocumentError.CONSENT_ADDRESS, "诉讼服务平台送达需要当事人已开通门户账号")
    scope_q = Q(scope=ConsentScope.ALL_CASES) if scope == ConsentScope.ALL_CASES else Q(case_id=case_id)
    today = court_today()
    for old in ServiceConsent.objects.select_for_update().filter(scope_q, party=party, withdrawn_on__isnull=True):
        before = _consent_snapshot(old)
        old.withdrawn_on = today
        old.save(update_fields=["withdrawn_on", "updated_at"])
        audit_record(actor=actor, action="documents.consent_withdrawn", target=old, case_id=old.case_id,
                     before=before, after=_consent_snapshot(old), reason="被新的同意书取代")
    consent = ServiceConsent.objects.create(
        party=party, case_id=case_id if scope == ConsentScope.CASE else None, scope=scope, methods=methods,
        phone=phone_value, email=email_value, covers_decisions=bool(covers_decisions), consented_on=consented_on,
        channel=channel, recorded_by=actor)
    audit_record(actor=actor, action="documents.consent_recorded", target=consent, case_id=case_id,
                 after=_consent_snapshot(consent))
    return consent


@transaction.atomic
def consent_withdraw(*, consent_id: int, withdrawn_on: date, actor) -> ServiceConsent:
    """The party withdraws its consent: from that day electronic service is refused. Audit: documents.consent_withdrawn."""
    consent = ServiceConsent.objects.select_for_update(of=("self",)).select_related("party").filter(pk=consent_id).first()
    if consent is None:
        raise NotFound("SERVICE_CONSENT_NOT_FOUND", "未找到该送达同意记录")
    case_id = consent.case_id or (consent.party.case_roles.values_list("case_id", flat=True).first())
    _consent_actor_check(actor=actor, case_id=case_id, party=consent.party)
    if consent.withdrawn_on is not None:
        raise DomainError(DocumentError.CONSENT_WITHDRAWN, "该同意已撤回")
    if withdrawn_on > court_today() or withdrawn_on < consent.consented_on:
        raise DomainError(DocumentError.DATE_INVALID, "撤回日期应在同意日期之后、今天之前")
    before = _consent_snapshot(consent)
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit_record(actor=actor, action="documents.consent_withdrawn", target=consent, case_id=consent.case_id,
                 before=before, after=_consent_snapshot(consent))
    return consent


def consent_in_force(*, party_id: int, case_id: int, on: date) -> ServiceConsent | None:
    """The consent that governs service on ``on``: the case's own if any, else the party's all-cases consent."""
    rows = (ServiceConsent.objects.filter(Q(case_id=case_id) | Q(scope=ConsentScope.ALL_CASES), party_id=party_id,
                                          consented_on__lte=on)
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)).order_by("-scope", "-consented_on", "-pk"))
    return rows.first()  # "case" sorts after "all_cases": descending prefers the case's own


def _consent_facts(consent: ServiceConsent | None) -> domain.ConsentFacts | None:
    if consent is None:
        return None
    return domain.ConsentFacts(methods=tuple(consent.methods), covers_decisions=consent.covers_decisions,
                               consented_on=consent.consented_on, withdrawn_on=consent.withdrawn_on)


# --- Sending ---------------------------------------------------------------------------------------------------

def _record_snapshot(r: ServiceRecord) -> dict:
    return {"document_id": r.document_id, "party_id": r.party_id, "method": r.method, "status": r.status,
            "address": r.address, "sent_at": r.sent_at, "delivered_at": r.delivered_at, "read_at": r.read_at,
            "event_on": r.event_on, "served_on": r.served_on, "failure_reason": r.failure_reason,
            "fallback_of_id": r.fallback_of_id, "message_id": r.message_id}


def _check_event_on(event_on: date, document: Document) -> None:
    if event_on > court_today():
        raise DomainError(DocumentError.DATE_INVALID, "送达事件日期不能晚于今天", {"event_on": str(event_on)})
    if event_on < document.issued_on:
        raise DomainError(DocumentError.DATE_INVALID, "送达事件日期不能早于文书日期", {"event_on": str(event_on)})


def _mailing_pack_attach(record: ServiceRecord) -> None:
    pdf = rendering.mailing_pack_pdf(record=record, party=record.party, document=record.document,
                                     generated_on=court_today())
    record.mailing_pack.save(f"mail-{record.document.verification_code}-{record.party_id}-{record.pk}.pdf",
                             ContentFile(pdf), save=False)
    record.save(update_fields=["mailing_pack", "updated_at"])


@transaction.atomic
def service_send(*, document_id: int, party_id: int, method: str, address: str = "", event_on: date | None = None,
                 actor) -> ServiceRecord:
    """Serve a document on a party of the case.

    - Electronic (SMS link, e-mail, platform inbox): only with the party's consent in force that names the method
      (and includes decisions when the document is one) — otherwise refused with SERVICE_CONSENT_REQUIRED and
      nothing written; the notice goes out through the notifications outbox to the consented address and the
      record waits for delivery (CPL 90: served the day it reaches the recipient's system).
    - Post: a printable mailing pack (address page + document) is made; served on the receipt date (CPL 91).
    - In person, 留置, through a unit, grid-assisted: with ``event_on`` (date signed / left) it is served now,
      otherwise it waits for the result.
    - Public notice: ``event_on`` is the publication date; deemed served 30 days later, 60 for a party without
      a domicile in China (CPL 95, 283).
    A document already served on the party, or with a service still open, is refused. Audit: documents.service_sent.
    """
    document = access_document_for_write(actor, document_id)
    if document.volume == Volume.INTERNAL:
        raise DomainError(DocumentError.INTERNAL_NOT_SERVABLE, "副卷材料不送达当事人")
    if document.is_revoked:
        raise DomainError(DocumentError.REVOKED, "该文书已撤销，不能送达")
    party = party_in_case(document.case, party_id).party
    domain.method_allowed_for(method=method, kind=document.kind)
    document = Document.objects.select_for_update(of=("self",)).select_related("case").get(pk=document.pk)
    existing = ServiceRecord.objects.filter(document=document, party=party)
    if existing.filter(status=ServiceStatus.SERVED).exists():
        raise DomainError(DocumentError.ALREADY_SERVED, "该文书已向该当事人送达", status=409)
    if existing.filter(status__in=[ServiceStatus.PENDING, ServiceStatus.SENT]).exists():
        raise DomainError(DocumentError.IN_PROGRESS, "该文书正在向该当事人送达，请先登记上一次送达的结果", status=409)
    today = court_today()
    consent = None
    if method in ELECTRONIC_METHODS:
        consent = consent_in_force(party_id=party.pk, case_id=document.case_id, on=today)
        domain.consent_check(consent=_consent_facts(consent), method=method,
                             is_decision=document.kind in DECISION_KINDS, on=today)
    if event_on is not None:
        _check_event_on(event_on, document)
    address = (address or "").strip()[:300]
    record = ServiceRecord(document=document, party=party, method=method, consent=consent, recorded_by=actor)
    if method in ELECTRONIC_METHODS:
        record.address = {ServiceMethod.SMS: consent.phone, ServiceMethod.EMAIL: consent.email,
                          ServiceMethod.INBOX: "诉讼服务平台"}[method]
        record.status, record.sent_at = ServiceStatus.SENT, court_now()
    elif method == ServiceMethod.POST:
        record.address = address or party.address
        if not record.address:
            raise DomainError(DocumentError.ADDRESS_REQUIRED, "邮寄送达需要收件地址", {"field": "address"})
        record.status = ServiceStatus.PENDING
    elif method == ServiceMethod.PUBLIC_NOTICE:
        if event_on is None:
            raise DomainError(DocumentError.FIELD_REQUIRED, "公告送达请填写公告发布日期", {"field": "event_on"})
        record.address = address or "公告"
        record.event_on = event_on
        record.served_on = domain.deemed_served_on(method=method, event_on=event_on,
                                                   has_domicile_in_china=party.has_domicile_in_china)
        record.status, record.sent_at = ServiceStatus.SERVED, court_now()
    else:
        record.address = address or party.address
        if event_on is not None:
            record.event_on = event_on
            record.served_on = domain.deemed_served_on(method=method, event_on=event_on)
            record.status = ServiceStatus.SERVED
        else:
            record.status = ServiceStatus.PENDING
    record.save()
    if method in ELECTRONIC_METHODS:
        record.message = _electronic_notice(record=record, document=document, party=party, consent=consent)
        record.save(update_fields=["message", "updated_at"])
    elif method == ServiceMethod.POST:
        _mailing_pack_attach(record)
    audit_record(actor=actor, action="documents.service_sent", target=record, case_id=document.case_id,
                 after=_record_snapshot(record))
    if record.status == ServiceStatus.SERVED:
        _after_served(record, actor=actor)
    return record


def _electronic_notice(*, record: ServiceRecord, document: Document, party: Party, consent: ServiceConsent):
    from yingshang.notifications.services import notification_enqueue

    channel = _CHANNEL_OF[record.method]
    messages = notification_enqueue(
        recipient_party=party, phone=consent.phone if channel == "sms" else None,
        email=consent.email if channel == "email" else None, template_code="documents.document_served",
        context={"case_number": document.case.case_number, "title": document.title, "number": document.number,
                 "code": domain.verification_code_display(document.verification_code),
                 "link": rendering.conf.public_base_url() + "/documents/my/"},
        case=document.case, channels=[channel], idempotency_key=f"documents.served:{record.pk}")
    return messages[0] if messages else None


# --- Results ---------------------------------------------------------------------------------------------------

def _access_record_for_write(actor, record_id) -> ServiceRecord:
    document_id = ServiceRecord.objects.filter(pk=record_id).values_list("document_id", flat=True).first()
    if document_id is None:
        raise NotFound("SERVICE_NOT_FOUND", "未找到该送达记录")
    access_document_for_write(actor, document_id)
    return (ServiceRecord.objects.select_for_update(of=("self",)).select_related("document", "document__case", "party")
            .get(pk=record_id))


@transaction.atomic
def service_result_record(*, record_id: int, outcome: str, event_on: date | None = None,
                          delivered_at: datetime | None = None, reason: str = "", tracking_number: str = "",
                          actor) -> ServiceRecord:
    """Record how an open service ended.

    ``served``: electronic — the moment it reached the recipient's system (``delivered_at``, default now); post —
    the date on the return receipt; in person / 留置 / unit / grid — the date signed or left (``event_on``).
    ``failed``: with a reason; unless it was already by post or public notice, a fallback service by post is opened
    with its mailing pack, and the case's clerk gets a follow-up task either way.
    Audit: documents.service_served / documents.service_failed."""
    record = _access_record_for_write(actor, record_id)
    if record.status not in (ServiceStatus.PENDING, ServiceStatus.SENT):
        raise DomainError(DocumentError.NOT_OPEN, "该送达已办结", {"status": record.status}, status=409)
    if outcome == "served":
        if record.method in ELECTRONIC_METHODS:
            delivered_at = delivered_at or court_now()
            if timezone.is_naive(delivered_at):
                delivered_at = timezone.make_aware(delivered_at)
            event = timezone.localtime(delivered_at).date()
        else:
            if event_on is None:
                raise DomainError(DocumentError.FIELD_REQUIRED, "请填写签收日期或回执日期", {"field": "event_on"})
            event = event_on
        _check_event_on(event, record.document)
        if tracking_number:
            record.tracking_number = tracking_number.strip()[:40]
        return mark_served(record, event_on=event, delivered_at=delivered_at, actor=actor)
    if outcome == "failed":
        return mark_failed(record, reason=reason, actor=actor)
    raise DomainError(DocumentError.OUTCOME_UNKNOWN, "结果应为 served（已送达）或 failed（失败）", {"outcome": outcome})


def mark_served(record: ServiceRecord, *, event_on: date, delivered_at: datetime | None, actor,
                read_at: datetime | None = None) -> ServiceRecord:
    """Served (the caller holds the row lock): the deemed date from the method (CPL 87–95)."""
    before = _record_snapshot(record)
    record.event_on = event_on
    record.served_on = domain.deemed_served_on(method=record.method, event_on=event_on,
                                               has_domicile_in_china=record.party.has_domicile_in_china)
    record.status = ServiceStatus.SERVED
    if delivered_at is not None:
        record.delivered_at = delivered_at
    if read_at is not None and record.read_at is None:
        record.read_at = read_at
    record.save()
    audit_record(actor=actor, action="documents.service_served", target=record, case_id=record.document.case_id,
                 before=before, after=_record_snapshot(record))
    _after_served(record, actor=actor)
    return record


def _after_served(record: ServiceRecord, *, actor) -> None:
    from yingshang.documents.services.decisions import clock_on_service

    document = record.document
    timeline(document.case, kind=CaseEventKind.SERVED, occurred_on=record.served_on, actor=actor,
             description=f"《{document.title}》{record.get_method_display()}送达{record.party.name}",
             document_id=document.pk, service_id=record.pk)
    clock_on_service(document=document, party=record.party, served_on=record.served_on)


def mark_failed(record: ServiceRecord, *, reason: str, actor) -> ServiceRecord:
    """Failed (the caller holds the row lock): fallback to post with a mailing pack, and the clerk's task."""
    from yingshang.notifications.choices import FollowUpKind
    from yingshang.notifications.services import followup_task_open

    reason = (reason or "").strip()
    if not reason:
        raise DomainError(DocumentError.REASON_REQUIRED, "请填写送达失败的原因")
    before = _record_snapshot(record)
    record.status, record.failed_at, record.failure_reason = ServiceStatus.FAILED, court_now(), reason[:500]
    record.save(update_fields=["status", "failed_at", "failure_reason", "updated_at"])
    document, party = record.document, record.party
    audit_record(actor=actor, action="documents.service_failed", target=record, case_id=document.case_id,
                 before=before, after=_record_snapshot(record), reason=reason)
    fallback = None
    if record.method not in (ServiceMethod.POST, ServiceMethod.PUBLIC_NOTICE):
        fallback = ServiceRecord.objects.create(document=document, party=party, method=ServiceMethod.POST,
                                                status=ServiceStatus.PENDING, address=party.address,
                                                fallback_of=record, recorded_by=None)
        _mailing_pack_attach(fallback)
        audit_record(actor=actor, action="documents.service_fallback_opened", target=fallback,
                     case_id=document.case_id, after=_record_snapshot(fallback),
                     reason=f"{record.get_method_display()}失败，改为邮寄送达")
    then = ("已改为邮寄送达，请打印邮寄材料寄出并登记回执" + ("" if party.address else "（当事人地址缺失，请先核实地址）")
            if fallback else "请核实地址，考虑直接送达、留置送达或公告送达")
    followup_task_open(kind=FollowUpKind.DELIVERY_FAILED, case=document.case,
                       source_key=f"documents.service_failed:{record.pk}", template_code="documents.document_served",
                       recipient_label=party.name,
                       reason=f"《{document.title}》（{document.number}）向{party.name}{record.get_method_display()}失败："
                              f"{reason}。{then}。")
    return record


# --- Electronic delivery from the outbox -----------------------------------------------------------------------

def service_electronic_sync() -> dict:
    """Carry the outbox's results into open electronic services: a message delivered (SMS receipt, e-mail accepted,
    inbox item placed) serves the document on the day it arrived (CPL 90); a message failed or whose channel is
    disabled fails the service (→ post, clerk's task); inbox reads set the read moment. One query picks the rows;
    each is then settled in its own short transaction (row lock, re-check), so a re-run changes nothing."""
    from yingshang.notifications.choices import MessageStatus
    from yingshang.notifications.models import InboxItem

    counts = {"served": 0, "failed": 0, "read": 0}
    open_rows = (ServiceRecord.objects.filter(status=ServiceStatus.SENT, method__in=ELECTRONIC_METHODS,
                                              message__isnull=False)
                 .filter(message__status__in=[MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.DISABLED])
                 .values_list("pk", flat=True))
    for pk in list(open_rows):
        with transaction.atomic():
            record = (ServiceRecord.objects.select_for_update(of=("self",)).select_related("document", "document__case", "party",
                                                                               "message").get(pk=pk))
            if record.status != ServiceStatus.SENT:
                continue
            message = record.message
            if message.status == MessageStatus.DELIVERED:
                delivered = message.delivered_at or message.sent_at or court_now()
                read = (InboxItem.objects.filter(message=message, read_at__isnull=False)
                        .order_by("read_at").values_list("read_at", flat=True).first())
                mark_served(record, event_on=timezone.localtime(delivered).date(), delivered_at=delivered,
                            read_at=read, actor=None)
                counts["served"] += 1
            else:
                mark_failed(record, reason=f"电子送达未成功：{message.get_status_display()}"
                                           f"{('（' + message.last_error[:200] + '）') if message.last_error else ''}",
                            actor=None)
                counts["failed"] += 1
    unread = (ServiceRecord.objects.filter(status=ServiceStatus.SERVED, method=ServiceMethod.INBOX,
                                           read_at__isnull=True, message__inbox_items__read_at__isnull=False)
              .values_list("pk", flat=True).distinct())
    for pk in list(unread):
        with transaction.atomic():
            record = ServiceRecord.objects.select_for_update().get(pk=pk)
            if record.read_at is not None:
                continue
            read = (InboxItem.objects.filter(message_id=record.message_id, read_at__isnull=False)
                    .order_by("read_at").values_list("read_at", flat=True).first())
            before = _record_snapshot(record)
            record.read_at = read
            record.save(update_fields=["read_at", "updated_at"])
            audit_record(actor=None, action="documents.service_read", target=record,
                         case_id=Document.objects.filter(pk=record.document_id).values_list("case_id", flat=True)[0],
                         before=before, after=_record_snapshot(record))
            counts["read"] += 1
    return counts


@transaction.atomic
def service_read_by_party(*, document: Document, actor) -> int:
    """A party opened a document served on it electronically: record the first read (not the legal service date,
    which is the arrival). Answers how many records changed. Audit: documents.service_read."""
    from yingshang.documents.permissions import party_ids_of_user_in_case

    parties = party_ids_of_user_in_case(actor, document.case_id)
    changed = 0
    for record in ServiceRecord.objects.select_for_update().filter(
            document=document, party_id__in=parties, method__in=ELECTRONIC_METHODS, read_at__isnull=True,
            status__in=[ServiceStatus.SENT, ServiceStatus.SERVED]):
        before = _record_snapshot(record)
        record.read_at = court_now()
        record.save(update_fields=["read_at", "updated_at"])
        audit_record(actor=actor, action="documents.service_read", target=record, case_id=document.case_id,
                     before=before, after=_record_snapshot(record))
        changed += 1
    return changed
