"""督察室 inspections of measures: findings, rectification deadline, follow-ups, closure (销号)."""

from datetime import date

from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError
from yingshang.measures.choices import InspectionStatus
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import Inspection, InspectionFollowUp
from yingshang.measures.permissions import access_inspection, access_measure, can_report_on, require_manage


def _inspection_snapshot(inspection: Inspection) -> dict:
    return {"status": inspection.status, "findings": inspection.findings,
            "rectification_required": inspection.rectification_required,
            "rectification_deadline_on": inspection.rectification_deadline_on, "closed_on": inspection.closed_on,
            "closure_note": inspection.closure_note}


@transaction.atomic
def inspection_record(*, measure_id: int, findings: str, actor, inspected_on: date | None = None,
                      rectification_required: bool = True,
                      rectification_deadline_on: date | None = None) -> Inspection:
    """督察室 records an inspection of a measure (plan 四(二): 定期检查、及时通报、督促落实、跟踪问效). Findings that
    need rectification carry a deadline on or after the inspection. Audit: measures.inspection_recorded."""
    require_manage(actor, MeasureError.INSPECT_DENIED, "只有督察室、审管办或营商办可以记录督察")
    measure = access_measure(actor, measure_id)
    today = court_today()
    inspected_on = inspected_on or today
    if not (findings or "").strip():
        raise DomainError(MeasureError.INSPECTION_FINDINGS_REQUIRED, "请填写检查发现的情况")
    if inspected_on > today:
        raise DomainError(MeasureError.INSPECTION_DATE_IN_FUTURE, "检查日期不能晚于今天", {"today": today})
    if rectification_required and rectification_deadline_on is None:
        raise DomainError(MeasureError.INSPECTION_DEADLINE_REQUIRED, "需要整改的，请填写整改期限")
    if rectification_deadline_on is not None and rectification_deadline_on < inspected_on:
        raise DomainError(MeasureError.INSPECTION_DEADLINE_BEFORE_INSPECTION, "整改期限不能早于检查日期")
    inspection = Inspection.objects.create(
        measure=measure, inspected_on=inspected_on, inspector=actor, findings=findings.strip(),
        rectification_required=rectification_required,
        rectification_deadline_on=rectification_deadline_on if rectification_required else None)
    audit_record(actor=actor, action="measures.inspection_recorded", target=inspection,
                 after={"measure_id": measure.pk, **_inspection_snapshot(inspection)})
    return inspection


@transaction.atomic
def inspection_follow_up(*, inspection_id: int, note: str, actor, noted_on: date | None = None) -> InspectionFollowUp:
    """A follow-up on an open inspection, by a manager or a department of the measure. Audit:
    measures.inspection_followed_up."""
    inspection = access_inspection(actor, inspection_id)
    if not can_report_on(actor, inspection.measure):
        raise DomainError(MeasureError.INSPECT_DENIED, "只有督察室或该举措的责任部门可以记录跟踪情况", status=403)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status == InspectionStatus.CLOSED:
        raise DomainError(MeasureError.INSPECTION_CLOSED, "该督察事项已销号")
    if not (note or "").strip():
        raise DomainError(MeasureError.INSPECTION_NOTE_REQUIRED, "请填写跟踪情况")
    noted_on = noted_on or court_today()
    if noted_on > court_today():
        raise DomainError(MeasureError.INSPECTION_DATE_IN_FUTURE, "日期不能晚于今天")
    follow_up = InspectionFollowUp.objects.create(inspection=inspection, noted_on=noted_on, note=note.strip(),
                                                  author=actor)
    audit_record(actor=actor, action="measures.inspection_followed_up", target=inspection,
                 after={"follow_up_id": follow_up.pk, "noted_on": noted_on, "note": follow_up.note})
    return follow_up


@transaction.atomic
def inspection_close(*, inspection_id: int, closure_note: str, actor, closed_on: date | None = None) -> Inspection:
    """督察室 closes (销号) an inspection once rectified. Audit: measures.inspection_closed."""
    require_manage(actor, MeasureError.INSPECT_DENIED, "只有督察室、审管办或营商办可以销号")
    inspection = access_inspection(actor, inspection_id)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status == InspectionStatus.CLOSED:
        raise DomainError(MeasureError.INSPECTION_CLOSED, "该督察事项已销号")
    if not (closure_note or "").strip():
        raise DomainError(MeasureError.INSPECTION_NOTE_REQUIRED, "请填写销号意见")
    closed_on = closed_on or court_today()
    if closed_on > court_today():
        raise DomainError(MeasureError.INSPECTION_DATE_IN_FUTURE, "销号日期不能晚于今天")
    if closed_on < inspection.inspected_on:
        raise DomainError(MeasureError.INSPECTION_DEADLINE_BEFORE_INSPECTION, "销号日期不能早于检查日期")
    before = _inspection_snapshot(inspection)
    inspection.status = InspectionStatus.CLOSED
    inspection.closed_on = closed_on
    inspection.closure_note = closure_note.strip()
    inspection.closed_by = actor
    inspection.save(update_fields=["status", "closed_on", "closure_note", "closed_by", "updated_at"])
    audit_record(actor=actor, action="measures.inspection_closed", target=inspection, before=before,
                 after=_inspection_snapshot(inspection))
    return inspection
