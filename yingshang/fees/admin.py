"""Admin: read-mostly views of the fee ledger. Changes go through the services (audited), so money rows are
read-only here."""

from django.contrib import admin

from yingshang.core.admin import ReadOnlyAdmin
from yingshang.fees.models import FeeAllocation, FeeCharge, FeeEntry, FeeRelief, FeeShare, RefundOrder


@admin.register(FeeCharge)
class FeeChargeAdmin(ReadOnlyAdmin):
    list_display = ("case", "fee_type", "payer", "fee_fen", "procedure", "created_at")
    list_filter = ("fee_type", "procedure")
    search_fields = ("case__case_number", "payer__party__name")


@admin.register(FeeEntry)
class FeeEntryAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "case_party", "amount_fen", "occurred_on", "recorded_by")
    list_filter = ("kind",)
    search_fields = ("case__case_number",)


class FeeShareInline(admin.TabularInline):
    model = FeeShare
    extra = 0
    can_delete = False
    readonly_fields = ("case_party", "borne_fen", "prepaid_fen", "refund_fen", "receivable_fen", "relieved_fen")


@admin.register(FeeAllocation)
class FeeAllocationAdmin(ReadOnlyAdmin):
    list_display = ("case", "manner", "total_fee_fen", "is_override", "decided_by", "created_at")
    list_filter = ("manner", "is_override")
    search_fields = ("case__case_number",)
    inlines = [FeeShareInline]


@admin.register(RefundOrder)
class RefundOrderAdmin(ReadOnlyAdmin):
    list_display = ("case", "case_party", "kind", "amount_fen", "due_on", "status", "paid_on")
    list_filter = ("status", "kind")
    search_fields = ("case__case_number", "case_party__party__name")
    date_hierarchy = "due_on"


@admin.register(FeeRelief)
class FeeReliefAdmin(ReadOnlyAdmin):
    list_display = ("case", "case_party", "kind", "ground", "status", "decided_by", "decided_at")
    list_filter = ("kind", "ground", "status")
    search_fields = ("case__case_number", "case_party__party__name")
