"""Writes of the filing app. Each service authorizes, loads, validates and only then persists, in one transaction
with its audit event; refusals raise a coded DomainError and write nothing (no row, no file, no audit event).

Attachment files are written last, inside the transaction; if anything fails after a file was written, the
service deletes the files it wrote before the error leaves it (the database rows roll back with the transaction).

Modules: intake (submission, supplements), decisions (registration, refusal, deadline scan), batches, tables
(wage rows, criteria), triaging (suggestion and decision records); shared pieces in _common.
"""

from yingshang.filing.services._common import AttachmentInput, FilingInput, attachments_check
from yingshang.filing.services.batches import filing_batch_create, filing_batch_register
from yingshang.filing.services.decisions import filing_deadlines_scan, filing_refuse, filing_register
from yingshang.filing.services.intake import filing_submit, filing_supplement_request, filing_supplement_submit
from yingshang.filing.services.tables import active_criteria, criterion_save, threshold_row_for, threshold_save
from yingshang.filing.services.triaging import ALLOWED_DECISIONS, triage_decide, triage_suggest

__all__ = [
    "ALLOWED_DECISIONS", "AttachmentInput", "FilingInput", "active_criteria", "attachments_check", "criterion_save",
    "filing_batch_create", "filing_batch_register", "filing_deadlines_scan", "filing_refuse", "filing_register",
    "filing_submit", "filing_supplement_request", "filing_supplement_submit", "threshold_row_for", "threshold_save",
    "triage_decide", "triage_suggest",
]
