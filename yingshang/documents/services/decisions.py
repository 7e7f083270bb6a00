"""Decisions and their legal effect (measure 22): each party's appeal period from its own service, the daily scan that
finds decisions whose last period ran out without an appeal and issues the 生效证明 without anyone asking, online
requests, appeals (an appeal in time stops the certificate) and the paperless transfer to the second-instance court
(measures 14 and 21; the 5-day clock itself is yingshang.deadlines)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef

from yingshang.audit.services import audit_record
from yingshang.cases.choices import CaseEventKind, CaseCategory, PartyRole
from yingshang.cases.models import CaseParty
from yingshang.cases.permissions import access_case
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, NotFound
from yingshang.documents import conf, domain, rendering
from yingshang.documents.choices import (
    AppealOutcomeKind, Channel, DecisionStatus, DocumentKind, PackagePurpose, ServiceMethod, ServiceStatus,
)
from yingshang.documents.errors import DocumentError
from yingshang.documents.models import (
    Appeal, AppealClock, AppealOutcome, CertificateRequest, Decision, Document, DossierPackage, ServiceRecord,
)
from yingshang.documents.permissions import access_case_as_party, access_case_for_documents, is_staff
from yingshang.documents.services._common import case_lock, party_in_case, timeline

logger = logging.getLogger(__name__)

# --- Registering decisions and their clocks -------------------------------------------------------------------


def _decision_snapshot(d: Decision) -> dict:
    return {"status": d.status, "is_appealable": d.is_appealable, "last_appeal_day": d.last_appeal_day,
            "effective_on": d.effective_on, "certificate_id": d.certificate_id}


def _clock_fill(clock: AppealClock, *, decision: Decision, party, served_on: date) -> None:
    """One party's period (CPL 171, 286; 解释 244), its end moved past rest days (CPL 85) on the working-day calendar."""
    from yingshang.calendar.selectors import period_deadline

    clock.served_on = served_on
    if decision.is_appealable:
        days = domain.appeal_days(decision_kind=decision.kind, has_domicile_in_china=party.has_domicile_in_china,
                                  is_criminal=decision.case.category == CaseCategory.CRIMINAL)
        result = period_deadline(start=served_on, days=days, rollover=True)
        clock.appeal_days, clock.last_day_on = days, result.deadline
        clock.unconfirmed_calendar = result.unconfirmed_calendar
    clock.save()


def decision_create(*, document: Document, is_appealable: bool | None, actor) -> Decision:
    """Follow a judgment, ruling or mediation agreement: one appeal clock per party of the case (in the caller's
    transaction). Audit: documents.decision_registered."""
    if document.kind not in (DocumentKind.JUDGMENT, DocumentKind.RULING, DocumentKind.MEDIATION_AGREEMENT):
        raise DomainError(DocumentError.NOT_A_DECISION, "只有判决书、裁定书、调解书需要跟踪生效", {"kind": document.kind})
    if Decision.objects.filter(document=document).exists():
        raise DomainError(DocumentError.DECISION_EXISTS, "该裁判文书已登记", status=409)
    if is_appealable is None:
        is_appealable = domain.decision_is_appealable(kind=document.kind, procedure=document.case.procedure)
    if document.kind == DocumentKind.MEDIATION_AGREEMENT:
        is_appealable = False
    decision = Decision.objects.create(document=document, case=document.case, kind=document.kind,
                                       is_appealable=bool(is_appealable), recorded_by=actor)
    party_ids = list(dict.fromkeys(CaseParty.objects.filter(case=document.case).order_by("pk")
                                   .values_list("party_id", flat=True)))
    AppealClock.objects.bulk_create([AppealClock(decision=decision, party_id=pk) for pk in party_ids])
    for record in ServiceRecord.objects.filter(document=document, status=ServiceStatus.SERVED).select_related("party"):
        clock_on_service(document=document, party=record.party, served_on=record.served_on)
    audit_record(actor=actor, action="documents.decision_registered", target=decision, case_id=document.case_id,
                 after={**_decision_snapshot(decision), "document_id": document.pk, "party_ids": party_ids})
    return decision


def clock_on_service(*, document: Document, party, served_on: date) -> None:
    """The decision was served on a party: start its appeal period (called by the service services)."""
    decision = Decision.objects.select_related("case").filter(document=document).first()
    if decision is None:
        return
    clock, _ = AppealClock.objects.get_or_create(decision=decision, party=party)
    _clock_fill(clock, decision=decision, party=party, served_on=served_on)


def clocks_recompute(*, from_day: date) -> int:
    """The working-day calendar changed from ``from_day`` on (a holiday entered, 2027 confirmed …): recompute the
    appeal periods of pending decisions that end on or after it, so a newly declared rest day moves the last day
    (CPL 85). Answers how many clocks changed. Audit: documents.appeal_clock_recomputed (system)."""
    changed = 0
    ids = list(AppealClock.objects.filter(decision__status=DecisionStatus.PENDING, decision__is_appealable=True,
                                          served_on__isnull=False, last_day_on__gte=from_day)
               .values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            clock = (AppealClock.objects.select_for_update(of=("self",))
                     .select_related("decision", "decision__case", "party").get(pk=pk))
            if clock.decision.status != DecisionStatus.PENDING:
                continue
            before = {"last_day_on": clock.last_day_on, "unconfirmed_calendar": clock.unconfirmed_calendar}
            _clock_fill(clock, decision=clock.decision, party=clock.party, served_on=clock.served_on)
            after = {"last_day_on": clock.last_day_on, "unconfirmed_calendar": clock.unconfirmed_calendar}
            if after != before:
                changed += 1
                audit_record(actor=None, action="documents.appeal_clock_recomputed", target=clock.decision,
                             case_id=clock.decision.case_id, before={**before, "party_id": clock.party_id},
                             after={**after, "party_id": clock.party_id}, reason=f"工作日历自{from_day}起变更")
    return changed


def on_calendar_changed(sender, from_day: date, **kwargs) -> None:
    """Receiver of yingshang.calendar.signals.calendar_changed (sent after the calendar's commit). A failure is
    logged, never raised into the calendar edit that already committed; the clocks are then recomputed on the next
    change (or by calling clocks_recompute)."""
    try:
        clocks_recompute(from_day=from_day)
    except Exception:  # noqa: BLE001
        logger.exception("recomputing appeal clocks after a calendar change from %s failed", from_day)


# --- Legal effect and the certificate ---------------------------------------------------------------------------

def effective_candidates(*, today: date) -> list[int]:
    """Set-based: the pending decisions whose every party has been served and whose last appeal period ended before
    ``today`` with no appeal in time (or, not appealable, served on everyone by ``today``). One SQL query."""
    unserved = AppealClock.objects.filter(decision=OuterRef("pk"), served_on__isnull=True)
    in_time = Appeal.objects.filter(decision=OuterRef("pk"), is_in_time=True)
    base = (Decision.objects.filter(status=DecisionStatus.PENDING)
            .annotate(n_clocks=Count("clocks"), last_day=Max("clocks__last_day_on"),
                      last_served=Max("clocks__served_on"))
            .filter(n_clocks__gt=0).exclude(Exists(unserved)))
    appealable = base.filter(is_appealable=True, last_day__lt=today).exclude(Exists(in_time))
    final = base.filter(is_appealable=False, last_served__lte=today)
    return sorted(set(appealable.values_list("pk", flat=True)) | set(final.values_list("pk", flat=True)))


def _make_effective(decision: Decision, *, today: date, actor) -> bool:
    """Re-check under the row lock with the pure rule and, when effective, record it, attach it to the case and
    issue the certificate. Answers whether it became effective now."""
    if decision.status != DecisionStatus.PENDING:
        return False
    clocks = list(decision.clocks.all())
    outcome = domain.decision_effect(
        is_appealable=decision.is_appealable,
        clocks=[domain.PartyClock(c.party_id, c.served_on, c.last_day_on) for c in clocks],
        has_appeal_in_time=decision.appeals.filter(is_in_time=True).exists(), today=today,
        offset_days=conf.effective_date_offset_days())
    if not outcome.is_effective:
        return False
    before = _decision_snapshot(decision)
    decision.status = DecisionStatus.EFFECTIVE
    decision.last_appeal_day, decision.effective_on = outcome.last_appeal_day, outcome.effective_on
    decision.save(update_fields=["status", "last_appeal_day", "effective_on", "updated_at"])
    audit_record(actor=actor, action="documents.decision_effective", target=decision, case_id=decision.case_id,
                 before=before, after=_decision_snapshot(decision), reason=outcome.reason)
    timeline(decision.case, kind=CaseEventKind.NOTE, occurred_on=outcome.effective_on, actor=actor,
             description=f"《{decision.document.title}》{outcome.reason}，于{rendering.cn_date(outcome.effective_on)}"
                         f"发生法律效力", decision_id=decision.pk)
    certificate_issue(decision, today=today, actor=actor)
    return True


def certificate_issue(decision: Decision, *, today: date, actor) -> Document:
    """The 裁判文书生效证明 (court practice, rules §3.3): case, decision, each party's service date and last appeal
    day, the statement that no one appealed (or that it is final), the effective date; generated, numbered, with
    QR code and seal placeholder, shared with every party, and pushed to each party's inbox (and SMS when on file)
    through the outbox. Idempotent: a decision that has one keeps it. Audit: documents.certificate_issued."""
    from yingshang.documents.services.dossier import generated_document_create
    from yingshang.notifications.services import notification_enqueue

    if decision.certificate_id:
        return decision.certificate
    case = case_lock(decision.case_id)
    roles = {}
    for cp in CaseParty.objects.filter(case=case).order_by("pk"):
        roles.setdefault(cp.party_id, PartyRole(cp.role).label)
    clocks = list(decision.clocks.select_related("party").order_by("pk"))
    parties_names = [c.party.name for c in clocks]
    data = {
        "case_number": case.case_number, "cause": case.cause.name if case.cause_id else case.cause_text,
        "cause_phrase": rendering.cause_phrase(case.cause.name if case.cause_id else case.cause_text),
        "parties_line": "、".join(parties_names[:6]) + ("等" if len(parties_names) > 6 else ""),
        "decision_label": DocumentKind(decision.kind).label, "decision_number": decision.document.number,
        "decision_title": decision.document.title,
        "decision_issued_on": rendering.cn_date(decision.document.issued_on),
        "is_appealable": decision.is_appealable,
        "last_appeal_day": rendering.cn_date(decision.last_appeal_day),
        "effective_on": rendering.cn_date(decision.effective_on),
        "parties": [{"name": c.party.name, "role": roles.get(c.party_id, ""),
                     "served_on": rendering.cn_date(c.served_on), "last_day_on": rendering.cn_date(c.last_day_on)}
                    for c in clocks],
    }
    certificate = generated_document_create(case=case, kind=DocumentKind.EFFECTIVENESS_CERTIFICATE, data=data,
                                            issued_on=max(today, decision.effective_on or today), actor=actor,
                                            is_shared_with_parties=True)
    decision.certificate = certificate
    decision.save(update_fields=["certificate", "updated_at"])
    audit_record(actor=actor, action="documents.certificate_issued", target=certificate, case_id=case.pk,
                 after={"decision_id": decision.pk, "number": certificate.number, "sha256": certificate.sha256,
                        "effective_on": decision.effective_on})
    for clock in clocks:
        notification_enqueue(recipient_party=clock.party, template_code="documents.effectiveness_certificate_issued",
                             context={"case_number": case.case_number, "date": certificate.issued_on}, case=case,
                             idempotency_key=f"documents.certificate:{certificate.pk}:{clock.party_id}")
    return certificate


@dataclass
class ScanResult:
    today: date
    electronic: dict = field(default_factory=dict)
    candidates: int = 0
    became_effective: int = 0
    certificates_issued: int = 0

    def as_dict(self) -> dict:
        return {"today": self.today.isoformat(), "electronic": self.electronic, "candidates": self.candidates,
                "became_effective": self.became_effective, "certificates_issued": self.certificates_issued}


def effectiveness_scan(*, today: date | None = None, sync_electronic: bool = True) -> ScanResult:
    """The daily scan (measure 22: 生效证明自动生成和推送). First the outbox's delivery results are carried into the
    electronic services (they start appeal periods); then one query selects every decision that became effective,
    and each is settled in its own transaction under its row lock (status, audit, timeline, certificate, notices).
    A decision effective without a certificate (an interrupted run) gets one. Running it again the same day, or any
    later day, writes nothing new."""
    from yingshang.documents.services.service import service_electronic_sync

    today = today or court_today()
    result = ScanResult(today=today)
    if sync_electronic:
        result.electronic = service_electronic_sync()
    ids = effective_candidates(today=today)
    result.candidates = len(ids)
    for pk in ids:
        with transaction.atomic():
            decision = Decision.objects.select_for_update(of=("self",)).select_related("case", "document").get(pk=pk)
            if _make_effective(decision, today=today, actor=None):
                result.became_effective += 1
                result.certificates_issued += 1
    for pk in list(Decision.objects.filter(status=DecisionStatus.EFFECTIVE, certificate__isnull=True)
                   .values_list("pk", flat=True)):
        with transaction.atomic():
            decision = Decision.objects.select_for_update(of=("self",)).select_related("case", "document").get(pk=pk)
            if decision.certificate_id is None:
                certificate_issue(decision, today=today, actor=None)
                result.certificates_issued += 1
    return result


def _access_decision(actor, decision_id) -> tuple[Decision, list[int]]:
    """A decision of a case the actor can see; for an outside user also the parties it acts for."""
    case_id = Decision.objects.filter(pk=decision_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound("DECISION_NOT_FOUND", "未找到该裁判文书")
    if is_staff(actor):
        access_case(actor, case_id)
        parties = []
    else:
        _, parties = access_case_as_party(actor, case_id)
    return Decision.objects.select_related("case", "document").get(pk=decision_id), parties


@transaction.atomic
def certificate_request(*, decision_id: int, actor) -> Document:
    """A party (or the court for it) asks for the 生效证明 online. If the decision is effective — also when today's
    scan has not run yet — the certificate is issued (once) and returned; otherwise refused with the reason and
    nothing written. The request is recorded (an online service). Audit: documents.certificate_requested."""
    decision, parties = _access_decision(actor, decision_id)
    decision = Decision.objects.select_for_update(of=("self",)).select_related("case", "document").get(pk=decision.pk)
    today = court_today()
    if decision.status == DecisionStatus.APPEALED:
        raise DomainError(DocumentError.DECISION_APPEALED, "当事人已在上诉期内上诉，该裁判文书尚未生效", status=409)
    if decision.status == DecisionStatus.PENDING:
        clocks = list(decision.clocks.all())
        outcome = domain.decision_effect(
            is_appealable=decision.is_appealable,
            clocks=[domain.PartyClock(c.party_id, c.served_on, c.last_day_on) for c in clocks],
            has_appeal_in_time=decision.appeals.filter(is_in_time=True).exists(), today=today,
            offset_days=conf.effective_date_offset_days())
        if not outcome.is_effective:
            raise DomainError(DocumentError.DECISION_NOT_EFFECTIVE, f"该裁判文书尚未生效：{outcome.reason}",
                              {"last_appeal_day": outcome.last_appeal_day.isoformat() if outcome.last_appeal_day
                               else None, "unserved_party_ids": list(outcome.unserved_party_ids)}, status=409)
        _make_effective(decision, today=today, actor=actor)
    elif decision.certificate_id is None:
        certificate_issue(decision, today=today, actor=actor)
    decision.refresh_from_db(fields=["certificate"])
    request = CertificateRequest.objects.create(
        decision=decision, party_id=parties[0] if parties else None, requested_by=actor, requested_on=today,
        requested_at=court_now(), channel=Channel.ONLINE if not is_staff(actor) else Channel.OFFLINE)
    audit_record(actor=actor, action="documents.certificate_requested", target=request, case_id=decision.case_id,
                 after={"decision_id": decision.pk, "certificate_id": decision.certificate_id,
                        "channel": request.channel})
    return decision.certificate


# --- Appeals ----------------------------------------------------------------------------------------------------

@transaction.atomic
def appeal_record(*, decision_id: int, party_id: int, filed_on: date, petition_document_id: int | None = None,
                  actor) -> Appeal:
    """Record an appeal. In time (by the appellant's own last day — CPL 171, 286; 解释 244; a posted petition counts
    from the postmark, CPL 85) it stops the decision from taking effect: no certificate is issued, and one issued
    already (the petition arrived by post after the scan) is revoked. A late appeal is recorded as late and stops
    nothing. A party files online (channel online) or the court records it. Audit: documents.appeal_recorded."""
    decision, parties = _access_decision(actor, decision_id)
    if is_staff(actor):
        access_case_for_documents(actor, decision.case_id)
        channel = Channel.OFFLINE
    else:
        if int(party_id) not in parties:
            raise DomainError(DocumentError.PARTY_NOT_IN_CASE, "您不能代表该当事人上诉", {"party_id": party_id})
        channel = Channel.ONLINE
    decision = Decision.objects.select_for_update(of=("self",)).select_related("case", "document").get(pk=decision.pk)
    if not decision.is_appealable:
        raise DomainError(DocumentError.NOT_APPEALABLE, "该裁判文书依法不准上诉", status=409)
    party = party_in_case(decision.case, party_id).party
    if Appeal.objects.filter(decision=decision, party=party).exists():
        raise DomainError(DocumentError.APPEAL_EXISTS, "该当事人已提起上诉", status=409)
    if filed_on > court_today() or filed_on < decision.document.issued_on:
        raise DomainError(DocumentError.DATE_INVALID, "上诉日期应在裁判文书日期之后、今天之前", {"filed_on": str(filed_on)})
    petition = None
    if petition_document_id is not None:
        petition = Document.objects.filter(pk=petition_document_id, case=decision.case,
                                           kind=DocumentKind.APPEAL_PETITION).first()
        if petition is None:
            raise DomainError(DocumentError.APPEAL_PETITION_REQUIRED, "上诉状应为本案已入卷的上诉状",
                              {"petition_document_id": petition_document_id})
    clock = AppealClock.objects.filter(decision=decision, party=party).first()
    in_time = domain.appeal_in_time(filed_on=filed_on, last_day_on=clock.last_day_on if clock else None)
    appeal = Appeal.objects.create(decision=decision, party=party, filed_on=filed_on, is_in_time=in_time,
                                   channel=channel, petition=petition, recorded_by=actor)
    audit_record(actor=actor, action="documents.appeal_recorded", target=appeal, case_id=decision.case_id,
                 after={"decision_id": decision.pk, "party_id": party.pk, "filed_on": filed_on, "is_in_time": in_time,
                        "last_day_on": clock.last_day_on if clock else None, "channel": channel})
    if in_time:
        before = _decision_snapshot(decision)
        decision.status = DecisionStatus.APPEALED
        decision.effective_on = None
        decision.save(update_fields=["status", "effective_on", "updated_at"])
        if decision.certificate_id:
            certificate = Document.objects.select_for_update().get(pk=decision.certificate_id)
            certificate.revoked_at = court_now()
            certificate.revoked_reason = f"{party.name}于{rendering.cn_date(filed_on)}在上诉期内提起上诉"
            certificate.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
            audit_record(actor=actor, action="documents.certificate_revoked", target=certificate,
                         case_id=decision.case_id, reason=certificate.revoked_reason,
                         after={"revoked_at": certificate.revoked_at})
        audit_record(actor=actor, action="documents.decision_appealed", target=decision, case_id=decision.case_id,
                     before=before, after=_decision_snapshot(decision))
    timeline(decision.case, kind=CaseEventKind.APPEALED, occurred_on=filed_on, actor=actor,
             description=f"{party.name}对《{decision.document.title}》提起上诉" + ("" if in_time else "（已超过上诉期）"),
             appeal_id=appeal.pk)
    return appeal


@transaction.atomic
def appeal_copy_served_register(*, appeal_id: int, actor) -> Appeal:
    """Once the petition's copy is served on every other party, start the answer period and the 5-day transfer clock
    in yingshang.deadlines (appeal_transfer_record) from the last of those service dates; public notice or a party
    abroad makes the transfer exempt from the 5 days (measure 14). Refused while a copy is unserved.
    Audit: documents.appeal_copy_served."""
    from yingshang.deadlines.choices import TransferExemption
    from yingshang.deadlines.services import appeal_transfer_record

    appeal = Appeal.objects.select_related("decision", "decision__case", "petition", "party").filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound("APPEAL_NOT_FOUND", "未找到该上诉")
    case = access_case_for_documents(actor, appeal.decision.case_id)
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("decision", "petition", "party").get(pk=appeal.pk)
    if appeal.petition is None:
        raise DomainError(DocumentError.APPEAL_PETITION_REQUIRED, "请先将上诉状入卷并与上诉关联")
    others = list(dict.fromkeys(CaseParty.objects.filter(case=case).exclude(party=appeal.party)
                                .order_by("pk").values_list("party_id", flat=True)))
    served = {r.party_id: r for r in ServiceRecord.objects.filter(document=appeal.petition, party_id__in=others,
                                                                    status=ServiceStatus.SERVED).select_related("party")}
    missing = [pk for pk in others if pk not in served]
    if missing or not others:
        raise DomainError(DocumentError.APPEAL_COPY_NOT_SERVED, "上诉状副本尚未送达全部对方当事人",
                          {"unserved_party_ids": missing}, status=409)
    served_on = max(r.served_on for r in served.values())
    if any(r.method == ServiceMethod.PUBLIC_NOTICE for r in served.values()):
        exemption = TransferExemption.PUBLIC_NOTICE
    elif any(not r.party.has_domicile_in_china for r in served.values()):
        exemption = TransferExemption.FOREIGN_SERVICE
    else:
        exemption = TransferExemption.NONE
    existing = getattr(case, "appeal_transfer", None)
    if existing is not None:
        transfer_id = existing.pk
    else:
        transfer_id = appeal_transfer_record(case_id=case.pk, appeal_filed_on=appeal.filed_on, served_on=served_on,
                                             exemption=exemption, note=f"上诉人：{appeal.party.name}", actor=actor).pk
    before = {"copy_served_on": appeal.copy_served_on, "transfer_id": appeal.transfer_id}
    appeal.copy_served_on, appeal.transfer_id = served_on, transfer_id
    appeal.save(update_fields=["copy_served_on", "transfer_id", "updated_at"])
    audit_record(actor=actor, action="documents.appeal_copy_served", target=appeal, case_id=case.pk, before=before,
                 after={"copy_served_on": served_on, "transfer_id": transfer_id, "exemption": exemption})
    return appeal


@transaction.atomic
def appeal_transfer_send(*, appeal_id: int, receiving_court: str, transferred_on: date, actor) -> DossierPackage:
    """The paperless transfer (measure 21): the whole electronic dossier — 正卷 and, kept apart, 副卷 — exported as one
    zip with its catalogue PDF, stored with its SHA-256, and the transfer recorded in yingshang.deadlines
    (appeal_transfer_complete), which knows whether it was within 5 days of the answer period.
    Audit: documents.dossier_transferred."""
    from yingshang.deadlines.services import appeal_transfer_complete

    appeal = Appeal.objects.select_related("decision").filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound("APPEAL_NOT_FOUND", "未找到该上诉")
    case = access_case_for_documents(actor, appeal.decision.case_id)
    receiving_court = (receiving_court or "").strip()
    if not receiving_court or len(receiving_court) > 100:
        raise DomainError(DocumentError.COURT_REQUIRED, "请填写接收案卷的二审法院")
    if appeal.transfer_id is None:
        raise DomainError(DocumentError.APPEAL_NOT_TRACKED, "请先登记上诉状副本送达完毕（开始计算答辩期和移送期限）",
                          status=409)
    case = case_lock(case.pk)
    documents = list(Document.objects.filter(case=case).order_by("-volume", "sequence"))
    content = rendering.dossier_zip(case=case, documents=documents, heading=f"上诉移送（接收法院：{receiving_court}）",
                                    generated_on=court_today())
    transfer = appeal_transfer_complete(transfer_id=appeal.transfer_id, transferred_on=transferred_on, actor=actor)
    package = DossierPackage(case=case, purpose=PackagePurpose.APPEAL_TRANSFER, sha256=rendering.sha256_hex(content),
                             size_bytes=len(content), entry_count=len(documents),
                             includes_internal=any(d.volume == "internal" for d in documents),
                             receiving_court=receiving_court, transferred_on=transferred_on, appeal=appeal,
                             created_at=court_now(), created_by=actor)
    package.file.save(f"transfer-{case.pk}-{transferred_on:%Y%m%d}.zip", ContentFile(content), save=False)
    package.save()
    audit_record(actor=actor, action="documents.dossier_transferred", target=package, case_id=case.pk,
                 after={"appeal_id": appeal.pk, "receiving_court": receiving_court, "transferred_on": transferred_on,
                        "sha256": package.sha256, "entry_count": package.entry_count,
                        "is_late": transfer.is_late})
    return package


@transaction.atomic
def appeal_outcome_record(*, decision_id: int, outcome: str, second_instance_case_number: str, decided_on: date,
                          note: str = "", actor) -> AppealOutcome:
    """Record the second-instance court's result on the appeal against a first-instance decision: the outcome
    (维持 / 改判 / 部分改判 / 发回重审 / 撤回上诉 / 按撤回上诉处理 / 调解), the second-instance case number and its
    decision date (validated by domain.appeal_outcome_check).

    Refused, nothing written: a case the actor may not change (staff of the case only); a decision without an
    appeal in time (only an appeal in time reaches the second instance); a result already recorded; bad input.
    Audit: documents.appeal_outcome_recorded; timeline: 上诉 with the result."""
    case_id = Decision.objects.filter(pk=decision_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound("DECISION_NOT_FOUND", "未找到该裁判文书")
    access_case_for_documents(actor, case_id)
    decision = Decision.objects.select_for_update(of=("self",)).select_related("case", "document").get(pk=decision_id)
    first_appeal = decision.appeals.filter(is_in_time=True).order_by("filed_on", "id").first()
    if first_appeal is None:
        raise DomainError(DocumentError.OUTCOME_NO_APPEAL, "该裁判文书没有在上诉期内的上诉，不会有二审结果", status=409)
    if AppealOutcome.objects.filter(decision=decision).exists():
        raise DomainError(DocumentError.OUTCOME_EXISTS, "该裁判文书的二审结果已登记", status=409)
    checked = domain.appeal_outcome_check(
        outcome=outcome, second_instance_case_number=second_instance_case_number, decided_on=decided_on,
        first_instance_type_code=decision.case.type_code, appealed_on=first_appeal.filed_on, today=court_today())
    note = (note or "").strip()[:300]
    record = AppealOutcome.objects.create(
        decision=decision, outcome=checked.outcome, second_instance_case_number=checked.second_instance_case_number,
        decided_on=decided_on, note=note, recorded_by=actor)
    label = AppealOutcomeKind(checked.outcome).label
    timeline(decision.case, kind=CaseEventKind.APPEALED, occurred_on=decided_on, actor=actor,
             description=f"《{decision.document.title}》二审结果：{label}（{checked.second_instance_case_number}）",
             appeal_outcome_id=record.pk, outcome=checked.outcome)
    audit_record(actor=actor, action="documents.appeal_outcome_recorded", target=record, case_id=decision.case_id,
                 after={"decision_id": decision.pk, "outcome": checked.outcome, "decided_on": decided_on,
                        "second_instance_case_number": checked.second_instance_case_number, "note": note})
    return record
