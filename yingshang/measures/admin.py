"""Admin: read-only. Plans and measures change only by re-importing the plan; reports, inspections, meetings,
reforms and alerts only through their services and the daily scan — every change is audited there."""

from django.contrib import admin

from yingshang.core.admin import ReadOnlyAdmin
from yingshang.measures.models import (
    DeadlineAlert, Inspection, LiaisonMeeting, Measure, MeasureDepartment, MeasureLeader, Plan, ProgressReport,
    Reform, Target,
)


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
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "started_on", "imported_at", "source_name")
    fields = ("title", "year", "started_on", "preamble", "overall_requirements", "objectives", "work_requirements",
              "warnings", "source_name", "source_sha256", "imported_at", "imported_by")
    readonly_fields = fields


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "deadline_on", "is_ongoing", "progress_percent", "completed_on", "is_active")
    list_filter = ("plan", "is_ongoing", "is_active")
    search_fields = ("title", "text")
    inlines = (LeaderInline, DepartmentInline, TargetInline)


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("measure", "department", "reported_on", "progress_percent", "is_completed", "author")
    list_filter = ("is_completed",)


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("measure", "inspected_on", "inspector", "status", "rectification_deadline_on", "closed_on")
    list_filter = ("status",)


@admin.register(LiaisonMeeting)
class LiaisonMeetingAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "kind", "title", "recorded_by")
    list_filter = ("kind", "plan")
    search_fields = ("title", "minutes")


@admin.register(Reform)
class ReformAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "measure", "status", "responsible_department", "deadline_on", "progress_percent",
                    "completed_on")
    list_filter = ("kind", "status")
    search_fields = ("title", "description")


@admin.register(DeadlineAlert)
class DeadlineAlertAdmin(ReadOnlyAdmin):
    list_display = ("raised_on", "kind", "subject", "measure", "due_on", "is_dispatched", "note")
    list_filter = ("kind", "subject", "is_dispatched")
