"""Similar filings from one plaintiff handled together (类案批量处理, plan measure 9)."""

from datetime import date

from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.core.errors import DomainError
from yingshang.filing.choices import PENDING_STATUSES
from yingshang.filing.errors import FilingError
from yingshang.filing.models import Filing, FilingBatch
from yingshang.filing.permissions import filing_scope_q, require_review
from yingshang.filing.services.decisions import filing_register
from yingshang.org.models import User


# --- Batches (类案批量处理) -----------------------------------------------------------------------------------------


@transaction.atomic
def filing_batch_create(*, filing_ids: list[int], actor: User, name: str = "") -> FilingBatch:
    """Group pending filings from one plaintiff with the same type and cause for batch handling (plan measure 9).
    Audit: filing.batch_created."""
    require_review(actor)
    ids = sorted({int(pk) for pk in filing_ids})
    if len(ids) < 2:
        raise DomainError(FilingError.BATCH_INVALID, "类案批次至少包含两件立案申请")
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
