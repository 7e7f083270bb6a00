"""Read-only admin: every change to filings, thresholds and criteria goes through the audited services (and the
立案庭 pages), so the admin only looks."""

from django.contrib import admin

from yingshang.core.admin import ReadOnlyAdmin
from yingshang.filing.models import (
    Filing, FilingAttachment, FilingBatch, RefusalRuling, SmallClaimsThreshold, TriageCriterion, TriageRecord,
)


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ("receipt_number", "channel", "type_code", "plaintiff_name", "status", "received_on",
                    "decision_due_on", "is_priority", "case")
    list_filter = ("status", "channel", "is_priority", "alert_level")
    search_fields = ("receipt_number", "plaintiff_name", "plaintiff_key")


@admin.register(FilingAttachment)
class FilingAttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "filing", "kind", "content_type", "size_bytes", "is_supplement")


@admin.register(RefusalRuling)
class RefusalRulingAdmin(ReadOnlyAdmin):
    list_display = ("number", "filing", "decided_on", "decided_by")


@admin.register(SmallClaimsThreshold)
class SmallClaimsThresholdAdmin(ReadOnlyAdmin):
    list_display = ("province", "wage_year", "average_wage_fen", "effective_from", "is_confirmed")


@admin.register(TriageCriterion)
class TriageCriterionAdmin(ReadOnlyAdmin):
    list_display = ("code", "label", "kind", "fact", "operator", "value", "weight", "is_active")


@admin.register(TriageRecord)
class TriageRecordAdmin(ReadOnlyAdmin):
    list_display = ("id", "filing", "case", "suggested_procedure", "decided_procedure", "decided_by", "status")


@admin.register(FilingBatch)
class FilingBatchAdmin(ReadOnlyAdmin):
    list_display = ("name", "plaintiff_name", "type_code", "cause", "created_by")
