"""Admin: read-only. Plans and measures change only by re-importing the plan, reports and inspections only
through their services — every change is audited there."""

from django.contrib import admin

from yingshang.measures.models import Inspection, Measure, MeasureDepartment, MeasureLeader, Plan, ProgressReport, Target


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LeaderInline(ReadOnlyInline):
    model = MeasureLeader


class DepartmentInline(ReadOnlyInline):
    model = MeasureDepartment


class TargetInline(ReadOnlyInline):
    model = Target


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "started_on", "imported_at", "source_name")
    fields = ("title", "year", "started_on", "preamble", "overall_requirements", "objectives", "work_requirements",
              "warnings", "source_name", "source_sha256", "imported_at", "imported_by")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "deadline_on", "is_ongoing", "progress_percent", "completed_on", "is_active")
    list_filter = ("plan", "is_ongoing", "is_active")
    search_fields = ("title", "text")
    inlines = (LeaderInline, DepartmentInline, TargetInline)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ("measure", "department", "reported_on", "progress_percent", "is_completed", "author")
    list_filter = ("is_completed",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("measure", "inspected_on", "inspector", "status", "rectification_deadline_on", "closed_on")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
