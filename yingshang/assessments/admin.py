from django.contrib import admin

from yingshang.assessments.models import (
    Assessment, AssessmentRevision, AssessmentTemplate, GateCheck, SampleAudit, TypicalCase,
)


@admin.register(AssessmentTemplate)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "stage", "domain", "version", "is_active")
    list_filter = ("stage", "domain", "is_active")

    def has_change_permission(self, request, obj=None):
        return False  # publish a new version through the service instead


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("case", "stage", "status", "impact_level", "revision", "completed_at")
    list_filter = ("stage", "status", "impact_level")
    readonly_fields = [f.name for f in Assessment._meta.fields]


for model in (AssessmentRevision, GateCheck, SampleAudit, TypicalCase):
    admin.site.register(model)
