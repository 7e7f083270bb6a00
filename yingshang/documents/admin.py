"""Read-only admin: documents, service records, consents, decisions and packages change only through the services
(which audit every write)."""

from django.contrib import admin

from yingshang.core.admin import ReadOnlyAdmin
from yingshang.documents.models import (
    Appeal, AppealClock, AppealOutcome, CertificateRequest, Decision, Document, DossierPackage, LitigationActivity,
    ServiceConsent, ServiceRecord,
)


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "kind", "case", "volume", "sequence", "issued_on", "source")
    list_filter = ("kind", "volume", "source")
    search_fields = ("number", "title", "verification_code", "case__case_number")
    list_select_related = ("case",)


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ReadOnlyAdmin):
    list_display = ("document", "party", "method", "status", "served_on", "failed_at")
    list_filter = ("method", "status")
    search_fields = ("document__number", "party__name")
    list_select_related = ("document", "party")


@admin.register(ServiceConsent)
class ServiceConsentAdmin(ReadOnlyAdmin):
    list_display = ("party", "scope", "case", "consented_on", "withdrawn_on", "channel")
    list_select_related = ("party", "case")


class AppealClockInline(admin.TabularInline):
    model = AppealClock
    extra = 0
    can_delete = False
    readonly_fields = ("party", "served_on", "appeal_days", "last_day_on", "unconfirmed_calendar")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("document", "case", "kind", "status", "last_appeal_day", "effective_on", "certificate")
    list_filter = ("status", "kind")
    inlines = [AppealClockInline]
    list_select_related = ("document", "case", "certificate")


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("decision", "party", "filed_on", "is_in_time", "channel", "copy_served_on", "transfer_id")


@admin.register(CertificateRequest)
class CertificateRequestAdmin(ReadOnlyAdmin):
    list_display = ("decision", "party", "requested_by", "requested_on", "channel")


@admin.register(DossierPackage)
class DossierPackageAdmin(ReadOnlyAdmin):
    list_display = ("case", "purpose", "receiving_court", "transferred_on", "entry_count", "sha256", "created_at")


@admin.register(LitigationActivity)
class LitigationActivityAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "mode", "held_on", "platform")
    list_filter = ("kind", "mode")


@admin.register(AppealOutcome)
class AppealOutcomeAdmin(ReadOnlyAdmin):
    list_display = ("second_instance_case_number", "decision", "outcome", "decided_on", "recorded_by")
    list_filter = ("outcome",)
    search_fields = ("second_instance_case_number", "decision__case__case_number")
    list_select_related = ("decision", "recorded_by")
