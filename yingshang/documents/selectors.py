"""Reads of the documents app, already scoped to the user: the dossier catalogue, who was served how and when, the
clerk's service desk, a party's documents, the public verification and the indicator data (电子送达率 and the online
service counts) that the indicators app calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q

from yingshang.cases.choices import FilingChannel
from yingshang.cases.models import Case, CaseParty
from yingshang.cases.permissions import case_scope_q
from yingshang.core.errors import DomainError
from yingshang.documents import conf, domain
from yingshang.documents.choices import (
    ELECTRONIC_METHODS, ActivityKind, ActivityMode, Channel, DecisionStatus, ServiceStatus,
)
from yingshang.documents.errors import DocumentError
from yingshang.documents.models import (
    Appeal, CertificateRequest, Decision, Document, LitigationActivity, ServiceConsent, ServiceRecord,
)
from yingshang.documents.permissions import documents_visible_q, is_staff, party_ids_of_user


# --- Dossier ---------------------------------------------------------------------------------------------------

def dossier_list(*, case: Case, user, volume: str | None = None):
    """The case's catalogue as the user may see it, in entry order (正卷 then 副卷). The caller loaded ``case``
    through access_case."""
    qs = (Document.objects.filter(documents_visible_q(user), case=case)
          .select_related("case", "addressee_party", "uploaded_by", "submitted_by_party").order_by("-volume", "sequence"))
    if volume:
        qs = qs.filter(volume=volume)
    return qs


def documents_with_services(*, case: Case, user) -> list[Document]:
    """The visible documents with their service records (staff: all parties; a party: its own), one query each."""
    records = ServiceRecord.objects.select_related("party").order_by("party_id", "id")
    if not is_staff(user):
        records = records.filter(party_id__in=party_ids_of_user(user))
    return list(dossier_list(case=case, user=user).prefetch_related(Prefetch("services", queryset=records)))


@dataclass(frozen=True)
class PartyServiceStatus:
    party_id: int
    party_name: str
    records: list
    served_on: date | None
    method_label: str


def service_matrix(*, document: Document) -> list[PartyServiceStatus]:
    """Per party of the case: every attempt to serve this document, and when and how it was served."""
    rows = {}
    for cp in CaseParty.objects.filter(case_id=document.case_id).select_related("party").order_by("pk"):
        rows.setdefault(cp.party_id, cp.party)
    records = list(ServiceRecord.objects.filter(document=document).select_related("party").order_by("id"))
    out = []
    for party_id, party in rows.items():
        mine = [r for r in records if r.party_id == party_id]
        served = next((r for r in mine if r.status == ServiceStatus.SERVED), None)
        out.append(PartyServiceStatus(party_id=party_id, party_name=party.name, records=mine,
                                      served_on=served.served_on if served else None,
                                      method_label=served.get_method_display() if served else ""))
    return out


def service_desk_list(*, user, status: str = "open"):
    """The clerk's desk: open services (待送达/已发出) or failed ones, of the cases the user can see, oldest first."""
    scope = Case.objects.filter(case_scope_q(user)).values("pk")
    qs = (ServiceRecord.objects.filter(document__case__in=scope)
          .select_related("document", "document__case", "party", "fallback_of", "message"))
    if status == "failed":
        qs = qs.filter(status=ServiceStatus.FAILED)
    elif status == "served":
        qs = qs.filter(status=ServiceStatus.SERVED).order_by("-served_on", "-id")
        return qs
    else:
        qs = qs.filter(status__in=[ServiceStatus.PENDING, ServiceStatus.SENT])
    return qs.order_by("created_at", "id")


def service_desk_counts(*, user) -> dict:
    scope = Case.objects.filter(case_scope_q(user)).values("pk")
    rows = (ServiceRecord.objects.filter(document__case__in=scope).values("status").annotate(n=Count("id")))
    counts = {r["status"]: r["n"] for r in rows}
    return {"open": counts.get(ServiceStatus.PENDING, 0) + counts.get(ServiceStatus.SENT, 0),
            "failed": counts.get(ServiceStatus.FAILED, 0), "served": counts.get(ServiceStatus.SERVED, 0)}


def party_documents(*, user):
    """A party's (or its lawyer's) documents across its cases: served on it, shared with it or submitted by it."""
    return (Document.objects.filter(documents_visible_q(user)).select_related("case")
            .order_by("-issued_on", "-id"))


def consents_for_party(*, party_id: int):
    return ServiceConsent.objects.filter(party_id=party_id).select_related("case").order_by("-consented_on", "-pk")


def consents_for_case(*, case: Case):
    party_ids = CaseParty.objects.filter(case=case).values("party_id")
    return (ServiceConsent.objects.filter(Q(case=case) | Q(scope="all_cases"), party_id__in=party_ids)
            .select_related("party").order_by("party_id", "-consented_on"))


def decisions_for_case(*, case: Case):
    return (Decision.objects.filter(case=case).select_related("document", "certificate", "appeal_outcome")
            .prefetch_related("clocks__party", "appeals__party").order_by("id"))


def activities_for_case(*, case: Case):
    return LitigationActivity.objects.filter(case=case).order_by("held_on", "id")


def effectiveness_certificate_for_case(*, case_id: int) -> Document | None:
    """The effectiveness certificate an enforcement application cites: the latest effective decision's, not revoked."""
    decision = (Decision.objects.filter(case_id=case_id, status=DecisionStatus.EFFECTIVE,
                                        certificate__isnull=False, certificate__revoked_at__isnull=True)
                .select_related("certificate").order_by("-effective_on", "-id").first())
    return decision.certificate if decision else None


# --- Public verification -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verification:
    code: str
    number: str
    title: str
    case_number: str
    issued_on: date
    sha256: str
    is_revoked: bool
    revoked_reason: str
    hash_checked: bool
    hash_matches: bool | None


def document_verify(*, code: str, sha256: str | None = None, content: bytes | None = None) -> Verification:
    """What the public page shows for a printed code: the document's number, title, case number, date and stored
    SHA-256, and — when the visitor gives the file or its SHA-256 — whether it matches. A mistyped, altered or forged
    code is refused (check characters, then lookup) with a coded error; nothing about other documents is revealed."""
    canonical = domain.verification_code_check(raw=code, key=conf.verification_key())
    document = Document.objects.select_related("case").filter(verification_code=canonical).first()
    if document is None:
        raise DomainError(DocumentError.CODE_UNKNOWN, "验证码无效：没有与之对应的文书", {"code": canonical}, status=404)
    given = None
    if content is not None:
        from yingshang.documents.rendering import sha256_hex

        given = sha256_hex(content)
    elif sha256:
        given = domain.sha256_normalise(sha256)
    return Verification(code=canonical, number=document.number, title=document.title,
                        case_number=document.case.case_number, issued_on=document.issued_on,
                        sha256=document.sha256, is_revoked=document.is_revoked,
                        revoked_reason=document.revoked_reason, hash_checked=given is not None,
                        hash_matches=(given == document.sha256) if given is not None else None)


# --- Indicators ----------------------------------------------------------------------------------------------------

def _period_check(start: date, end: date) -> None:
    if start > end:
        raise DomainError(DocumentError.PERIOD_INVALID, "统计期间的开始日期不能晚于结束日期",
                          {"start": start.isoformat(), "end": end.isoformat()})


def electronic_service_rate(*, start: date, end: date, court_id: int | None = None) -> dict:
    """电子送达率 for [start, end] with its stored definition (domain.ELECTRONIC_SERVICE_RATE): documents served
    electronically ÷ documents served, counting each (document, party) service once by its served date."""
    _period_check(start, end)
    qs = ServiceRecord.objects.filter(status=ServiceStatus.SERVED, served_on__gte=start, served_on__lte=end)
    if court_id is not None:
        qs = qs.filter(document__case__court_id=court_id)
    totals = qs.aggregate(served=Count("id"), electronic=Count("id", filter=Q(method__in=ELECTRONIC_METHODS)))
    by_method = {row["method"]: row["n"] for row in qs.values("method").annotate(n=Count("id"))}
    definition = domain.ELECTRONIC_SERVICE_RATE
    return {"definition": definition.__dict__, "start": start, "end": end, "numerator": totals["electronic"],
            "denominator": totals["served"], "rate_percent": domain.rate_percent(totals["electronic"],
                                                                                 totals["served"]),
            "by_method": by_method}


def online_service_counts(*, start: date, end: date, court_id: int | None = None) -> dict:
    """The counts 在线服务平台综合利用率 is built from (domain.ONLINE_SERVICE_UTILISATION), per item {online, total}:
    filings (Case.channel), electronic service, mediation, evidence exchange, inquiries, hearings (hybrid counts as
    online), appeals, certificate requests and party submissions. The weighting is the indicators app's."""
    _period_check(start, end)
    court = {} if court_id is None else {"court_id": court_id}
    doc_court = {} if court_id is None else {"document__case__court_id": court_id}
    case_court = {} if court_id is None else {"case__court_id": court_id}
    dec_court = {} if court_id is None else {"decision__case__court_id": court_id}

    cases = Case.objects.filter(filed_on__gte=start, filed_on__lte=end, **court).aggregate(
        total=Count("id"), online=Count("id", filter=Q(channel=FilingChannel.ONLINE)))
    served = ServiceRecord.objects.filter(status=ServiceStatus.SERVED, served_on__gte=start, served_on__lte=end,
                                          **doc_court).aggregate(
        total=Count("id"), online=Count("id", filter=Q(method__in=ELECTRONIC_METHODS)))
    items = {"filing": cases, "service": served}
    online_modes = [ActivityMode.ONLINE, ActivityMode.HYBRID]
    rows = (LitigationActivity.objects.filter(held_on__gte=start, held_on__lte=end, **case_court).values("kind")
            .annotate(total=Count("id"), online=Count("id", filter=Q(mode__in=online_modes))))
    by_kind = {r["kind"]: {"total": r["total"], "online": r["online"]} for r in rows}
    for kind in ActivityKind.values:
        items[kind] = by_kind.get(kind, {"total": 0, "online": 0})
    items["appeal"] = Appeal.objects.filter(filed_on__gte=start, filed_on__lte=end, **dec_court).aggregate(
        total=Count("id"), online=Count("id", filter=Q(channel=Channel.ONLINE)))
    items["certificate_request"] = CertificateRequest.objects.filter(
        requested_on__gte=start, requested_on__lte=end, **dec_court).aggregate(
        total=Count("id"), online=Count("id", filter=Q(channel=Channel.ONLINE)))
    submissions = Document.objects.filter(submitted_by_party__isnull=False, issued_on__gte=start, issued_on__lte=end,
                                          **case_court).count()
    items["party_submission"] = {"total": submissions, "online": submissions}
    items = {k: {"online": v["online"] or 0, "total": v["total"] or 0} for k, v in items.items()}
    online = sum(v["online"] for v in items.values())
    total = sum(v["total"] for v in items.values())
    return {"definition": domain.ONLINE_SERVICE_UTILISATION.__dict__, "start": start, "end": end, "items": items,
            "online_total": online, "all_total": total, "unweighted_rate_percent": domain.rate_percent(online, total)}


def decision_pending_list(*, user):
    """Decisions of the user's cases still in their appeal period, with the last day once known."""
    scope = Case.objects.filter(case_scope_q(user)).values("pk")
    return (Decision.objects.filter(case__in=scope, status=DecisionStatus.PENDING)
            .select_related("case", "document").order_by("last_appeal_day", "id"))


def open_services_exist(document: Document) -> bool:
    return document.services.filter(status__in=[ServiceStatus.PENDING, ServiceStatus.SENT]).exists()

