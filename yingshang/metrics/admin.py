"""Admin: the catalogue is read-only here (a definition changes by a new version in a migration, so published figures
stay traceable); appearance records are read-only too (they are written by the audited service)."""

from django.contrib import admin

from yingshang.core.admin import ReadOnlyAdmin
from yingshang.metrics.models import AgencyHeadAppearance, IndicatorDefinition


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(ReadOnlyAdmin):
    list_display = ("code", "version", "is_current", "name_zh", "group", "unit", "direction", "target_comparator",
                    "target_value", "valid_from")
    list_filter = ("group", "is_current", "unit")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(AgencyHeadAppearance)
class AgencyHeadAppearanceAdmin(ReadOnlyAdmin):
    list_display = ("case", "hearing_on", "defendant_agency", "appearance", "head_name", "recorded_by")
    list_filter = ("appearance",)
    search_fields = ("case__case_number", "defendant_agency", "head_name")
