"""Back-office views of cases and parties. Changes that the law needs to reconstruct go through the services
(audit, timeline), so cases, their parties and timelines are read-only here; causes of action are reference data."""

from django.contrib import admin

from yingshang.cases.models import Case, CaseAgent, CaseEvent, CaseLink, CaseParty, CauseOfAction, Party
from yingshang.core.admin import ReadOnlyAdmin


class CasePartyInline(admin.TabularInline):
    model = CaseParty
    extra = 0
    fields = ("role", "party")
    readonly_fields = fields
    can_delete = False


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = ("occurred_on", "kind", "description", "actor")
    readonly_fields = fields
    can_delete = False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("case_number", "category", "procedure", "channel", "department", "judge", "filed_on", "status")
    list_filter = ("status", "category", "procedure", "channel", "department")
    search_fields = ("case_number", "case_parties__party__name", "case_parties__party__credit_code")
    date_hierarchy = "filed_on"
    list_select_related = ("department", "judge")
    inlines = [CasePartyInline, CaseEventInline]


@admin.register(Party)
class PartyAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "organisation_kind", "enterprise_size", "credit_code")
    list_filter = ("kind", "organisation_kind", "enterprise_size")
    search_fields = ("name", "credit_code")
    exclude = ("id_number",)


@admin.register(CauseOfAction)
class CauseOfActionAdmin(ReadOnlyAdmin):
    list_display = ("name", "revision", "level", "number", "family", "is_financial")
    list_filter = ("revision", "level", "is_financial")
    search_fields = ("name",)


for model in (CaseLink, CaseAgent):
    admin.site.register(model, ReadOnlyAdmin)
