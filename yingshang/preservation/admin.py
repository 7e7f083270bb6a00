"""Read-only admin: applications and measures change only through the services (which audit every write)."""

from django.contrib import admin

from yingshang.core.admin import ReadOnlyAdmin
from yingshang.preservation.models import PreservationApplication, PreservationMeasure


@admin.register(PreservationApplication)
class PreservationApplicationAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "applicant", "respondent", "amount_fen", "status", "applied_on", "ruling_due_on",
                    "granted_amount_fen", "excess_fen")
    list_filter = ("kind", "status", "is_urgent", "ruling_alert", "suit_alert")
    search_fields = ("case__case_number", "applicant__name", "respondent__name")
    list_select_related = ("case", "applicant", "respondent")


@admin.register(PreservationMeasure)
class PreservationMeasureAdmin(ReadOnlyAdmin):
    list_display = ("application", "property_kind", "method", "description", "value_fen", "taken_on", "expires_on",
                    "status", "is_live_seal")
    list_filter = ("property_kind", "method", "status", "is_live_seal")
    search_fields = ("description", "application__case__case_number")
    list_select_related = ("application", "application__case")
