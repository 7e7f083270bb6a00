from django.contrib import admin

from yingshang.core.admin import ReadOnlyAdmin
from yingshang.deadlines.models import (
    Alert, AppealTransfer, CaseDeadline, CasePlan, CasePlanUpdate, Deduction, ExtensionRequest, MonthlySummaryRun,
    ScanRun,
)


@admin.register(CaseDeadline)
class CaseDeadlineAdmin(ReadOnlyAdmin):
    list_display = ("case", "rule_code", "time_limit_end_on", "alert_level", "tier", "is_open", "is_paused")
    list_filter = ("is_open", "tier", "alert_level", "rule_code")
    search_fields = ("case__case_number",)
    raw_id_fields = ("case",)


@admin.register(Deduction)
class DeductionAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "start_on", "end_on", "recorded_by")
    list_filter = ("kind",)
    search_fields = ("case__case_number",)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ("case", "ordinal", "reason_code", "length_months", "length_days", "approver", "status",
                    "decided_by", "is_late_request", "is_late_decision")
    list_filter = ("status", "approver", "reason_code", "is_late_request", "is_late_decision")
    search_fields = ("case__case_number",)


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "level", "reference_on", "audience", "raised_on", "is_dispatched")
    list_filter = ("kind", "level", "audience", "raised_on")
    search_fields = ("case__case_number",)


@admin.register(CasePlan)
class CasePlanAdmin(ReadOnlyAdmin):
    list_display = ("case", "target_on", "owner", "status", "progress_percent")
    list_filter = ("status",)


@admin.register(CasePlanUpdate)
class CasePlanUpdateAdmin(ReadOnlyAdmin):
    list_display = ("plan", "recorded_on", "progress_percent", "recorded_by")


@admin.register(AppealTransfer)
class AppealTransferAdmin(ReadOnlyAdmin):
    list_display = ("case", "answer_ends_on", "due_on", "status", "transferred_on", "alert_level")
    list_filter = ("status", "alert_level")


@admin.register(ScanRun)
class ScanRunAdmin(ReadOnlyAdmin):
    list_display = ("ran_on", "runs", "started_at", "finished_at", "counts")


@admin.register(MonthlySummaryRun)
class MonthlySummaryRunAdmin(ReadOnlyAdmin):
    list_display = ("month_on", "first_run_at", "last_run_at")
