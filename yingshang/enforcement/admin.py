from django.contrib import admin

from yingshang.enforcement.models import (
    EnforcementCase, GridTask, LedgerTransaction, Node, PartyMessage, Payout, Sanction,
)


@admin.register(EnforcementCase)
class EnforcementCaseAdmin(admin.ModelAdmin):
    list_display = ("case", "account_number", "amount_applied_fen", "balance_fen", "paid_out_fen")
    readonly_fields = ("balance_fen", "received_fen", "paid_out_fen", "account_number")


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(admin.ModelAdmin):
    list_display = ("enforcement", "kind", "amount_fen", "occurred_on", "created_by")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (Node, Payout, PartyMessage, Sanction, GridTask):
    admin.site.register(model)
