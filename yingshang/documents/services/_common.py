"""Shared pieces of the documents services: numbers, verification codes, dossier order, storing a document."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.files.base import ContentFile

from yingshang.cases.models import Case, CaseParty
from yingshang.cases.services import case_event_write
from yingshang.core.errors import DomainError
from yingshang.documents import conf, domain, rendering
from yingshang.documents.choices import DocumentSource, Volume
from yingshang.documents.errors import DocumentError
from yingshang.documents.models import Document, DocumentNumberSequence


def number_allocate(*, court, year: int) -> str:
    """Next document serial of the court's year: no gaps, no duplicates (the counter row is locked)."""
    DocumentNumberSequence.objects.get_or_create(court=court, year=year)
    seq = DocumentNumberSequence.objects.select_for_update().get(court=court, year=year)
    seq.last_sequence += 1
    seq.save(update_fields=["last_sequence"])
    return domain.document_number(court_code=court.code, year=year, sequence=seq.last_sequence)


def code_new() -> str:
    """A fresh verification code not used before (8 random Crockford characters + 2 HMAC check characters)."""
    while True:
        body = "".join(secrets.choice(domain.CODE_ALPHABET) for _ in range(domain.CODE_BODY_LENGTH))
        code = domain.verification_code_make(body=body, key=conf.verification_key())
        if not Document.objects.filter(verification_code=code).exists():
            return code


def case_lock(case_id: int) -> Case:
    """Lock the case row: dossier sequences of one case are allocated one at a time, in arrival order."""
    return Case.objects.select_for_update(of=("self",)).select_related("court", "cause", "judge").get(pk=case_id)


def sequence_next(*, case: Case, volume: str) -> int:
    """The next catalogue number of the case's 正卷 or 副卷 (the caller holds the case lock)."""
    last = (Document.objects.filter(case=case, volume=volume).order_by("-sequence")
            .values_list("sequence", flat=True).first())
    return (last or 0) + 1


def party_in_case(case: Case, party_id) -> CaseParty:
    try:
        party_id = int(party_id)
    except (TypeError, ValueError):
        party_id = 0
    row = CaseParty.objects.select_related("party").filter(case=case, party_id=party_id).first()
    if row is None:
        raise DomainError(DocumentError.PARTY_NOT_IN_CASE, "该当事人不是本案当事人", {"party_id": party_id})
    return row


def document_store(*, case: Case, kind: str, title: str, source: str, volume: str, issued_on: date,
                   content: bytes, file_name: str, content_type: str, actor, number: str | None = None,
                   code: str | None = None, template_name: str = "", data: dict | None = None,
                   addressee_party=None, is_shared_with_parties: bool = False,
                   is_sealed_from_parties: bool = False, is_channel_online: bool = False,
                   submitted_by_party=None) -> Document:
    """Write the file and its dossier entry (the caller holds the case lock and writes the audit event)."""
    if volume not in Volume.values:
        raise DomainError(DocumentError.KIND_UNKNOWN, "卷别应为正卷或副卷", {"volume": volume})
    if volume == Volume.INTERNAL and (is_shared_with_parties or submitted_by_party is not None):
        raise DomainError(DocumentError.INTERNAL_NOT_SERVABLE, "副卷材料不能向当事人公开")
    number = number or number_allocate(court=case.court, year=issued_on.year)
    code = code or code_new()
    sha = rendering.sha256_hex(content)
    document = Document(
        case=case, kind=kind, title=title, source=source, number=number, volume=volume,
        sequence=sequence_next(case=case, volume=volume), issued_on=issued_on, file_name=file_name,
        content_type=content_type, size_bytes=len(content), sha256=sha, verification_code=code,
        template_name=template_name, data=data or {}, addressee_party=addressee_party,
        is_shared_with_parties=is_shared_with_parties, is_sealed_from_parties=is_sealed_from_parties,
        is_channel_online=is_channel_online, uploaded_by=actor if getattr(actor, "pk", None) else None,
        submitted_by_party=submitted_by_party)
    suffix = file_name.rsplit(".", 1)[1][:8] if "." in file_name else "bin"
    document.file.save(f"{code}.{suffix}", ContentFile(content), save=False)
    document.save()
    return document


def timeline(case: Case, *, kind: str, occurred_on: date, actor, description: str, **data) -> None:
    case_event_write(case=case, kind=kind, occurred_on=occurred_on, actor=actor, description=description,
                     data={"app": "documents", **data})


def snapshot(document: Document) -> dict:
    return {"number": document.number, "kind": document.kind, "title": document.title, "volume": document.volume,
            "sequence": document.sequence, "sha256": document.sha256, "source": document.source,
            "is_shared_with_parties": document.is_shared_with_parties,
            "is_sealed_from_parties": document.is_sealed_from_parties}


GENERATED = DocumentSource.GENERATED
UPLOADED = DocumentSource.UPLOADED
