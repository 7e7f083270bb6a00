"""Helpers shared by the measures pages: refusals shown beside the right field, readers only."""

from django.http import Http404

from yingshang.core.errors import DomainError, NotFound
from yingshang.measures.errors import MeasureError
from yingshang.measures.permissions import can_read_measures

# Which form field shows which refusal; the others show above the form.
FIELD_OF_ERROR = {
    MeasureError.PROGRESS_OUT_OF_RANGE: "progress_percent", MeasureError.PROGRESS_COMPLETED_NOT_100: "is_completed",
    MeasureError.REPORT_DATE_IN_FUTURE: "reported_on", MeasureError.REPORT_SUMMARY_REQUIRED: "summary",
    MeasureError.EVIDENCE_TYPE: "evidence", MeasureError.EVIDENCE_TOO_LARGE: "evidence",
    MeasureError.EVIDENCE_EMPTY: "evidence", MeasureError.INSPECTION_FINDINGS_REQUIRED: "findings",
    MeasureError.INSPECTION_DEADLINE_REQUIRED: "rectification_deadline_on",
    MeasureError.INSPECTION_DEADLINE_BEFORE_INSPECTION: "rectification_deadline_on",
    MeasureError.INSPECTION_DATE_IN_FUTURE: "inspected_on", MeasureError.PLAN_FILE_TYPE: "file",
    MeasureError.PLAN_FILE_UNREADABLE: "file", MeasureError.PLAN_FILE_TOO_LARGE: "file",
    MeasureError.REPORT_EDIT_REASON_REQUIRED: "reason",
    MeasureError.MEETING_KIND_INVALID: "kind", MeasureError.MEETING_DATE_IN_FUTURE: "held_on",
    MeasureError.MEETING_TITLE_REQUIRED: "title", MeasureError.MEETING_MINUTES_REQUIRED: "minutes",
    MeasureError.MEETING_MEASURE_UNKNOWN: "measures",
    MeasureError.REFORM_KIND_INVALID: "kind", MeasureError.REFORM_TITLE_REQUIRED: "title",
    MeasureError.REFORM_DESCRIPTION_REQUIRED: "description", MeasureError.REFORM_MEASURE_UNKNOWN: "measure",
    MeasureError.REFORM_DEPARTMENT_REQUIRED: "responsible_department",
    MeasureError.REFORM_DEADLINE_REQUIRED: "deadline_on", MeasureError.REFORM_DEADLINE_BEFORE_REVIEW: "deadline_on",
    MeasureError.REFORM_DATE_INVALID: "reviewed_on", MeasureError.REFORM_NOTE_REQUIRED: "review_note",
    MeasureError.REFORM_PLAN_REQUIRED: "implementation_plan", MeasureError.REFORM_PLAN_UNCHANGED: "implementation_plan",
    MeasureError.REFORM_MEETING_INVALID: "meeting",
}


def form_error(form, exc: DomainError) -> None:
    field = FIELD_OF_ERROR.get(exc.code)
    form.add_error(field if field in form.fields else None, exc.message)


def require_reader(user) -> None:
    if not can_read_measures(user):
        raise Http404("未找到该页面，或您无权查看")


def or_404(access, user, object_id):
    """Load a protected row through its access_* gatekeeper; "not found or not yours" becomes a 404 page."""
    try:
        return access(user, object_id)
    except NotFound as exc:
        raise Http404(exc.message)
