"""Writes of the documents app (a package: dossier, service, decisions, activities). Import from here:

    from yingshang.documents.services import document_generate, service_send, effectiveness_scan
"""

from yingshang.documents.services.activities import activity_record
from yingshang.documents.services.decisions import (
    ScanResult, appeal_copy_served_register, appeal_outcome_record, appeal_record, appeal_transfer_send, certificate_issue,
    certificate_request, clock_on_service, clocks_recompute, decision_create, effective_candidates, effectiveness_scan,
)
from yingshang.documents.services.dossier import (
    document_generate, document_submit, document_upload, document_visibility_change, generated_document_create,
)
from yingshang.documents.services.service import (
    consent_in_force, consent_record, consent_withdraw, mark_failed, mark_served, service_electronic_sync,
    service_read_by_party, service_result_record, service_send,
)

__all__ = [
    "ScanResult", "activity_record", "appeal_copy_served_register", "appeal_outcome_record", "appeal_record", "appeal_transfer_send",
    "certificate_issue", "certificate_request", "clock_on_service", "clocks_recompute", "consent_in_force", "consent_record",
    "consent_withdraw", "decision_create", "document_generate", "document_submit", "document_upload",
    "document_visibility_change", "effective_candidates", "effectiveness_scan", "generated_document_create",
    "mark_failed", "mark_served", "service_electronic_sync", "service_read_by_party", "service_result_record",
    "service_send",
]
