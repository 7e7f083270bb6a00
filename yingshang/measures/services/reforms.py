"""Replicable reforms and 小切口 pilots (plan measures 32, 33): proposal, decision (adopt with a responsible
department, a deadline and optionally the 落实方案; or not adopt), the responsible department's 落实方案. Progress
reports on adopted reforms are filed through reports.reform_report_file, exactly as on measures."""

from datetime import date

from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.measures import domain
from yingshang.measures.choices import ReformKind, ReformStatus
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import LiaisonMeeting, Measure, Plan, Reform
from yingshang.measures.permissions import access_reform, can_read_measures, can_review_reforms, can_work_on_reform
from yingshang.org.models import Department


def _snapshot(reform: Reform) -> dict:
    return {"status": reform.status, "responsible_department_id": reform.responsible_department_id,
            "deadline_on": reform.deadline_on, "is_ongoing": reform.is_ongoing, "reviewed_on": reform.reviewed_on,
            "review_note": reform.review_note, "meeting_id": reform.meeting_id,
            "implementation_plan": reform.implementation_plan, "plan_submitted_on": reform.plan_submitted_on}


def _measure_for(kind: str, measure_id: int | None) -> Measure:
    if measure_id is not None:
        measure = Measure.objects.filter(pk=measure_id, is_active=True).first()
        if measure is None:
            raise DomainError(MeasureError.REFORM_MEASURE_UNKNOWN, "所属举措不存在或已停用", {"measure_id": measure_id})
        return measure
    plan = Plan.objects.order_by("-year", "-id").first()
    titles = dict(plan.measures.filter(is_active=True).values_list("number", "title")) if plan else {}
    number = domain.reform_measure_number(kind, titles)
    if number is None:
        raise DomainError(MeasureError.REFORM_MEASURE_UNKNOWN, "现行方案中没有复制推广或小切口改革举措，请指定所属举措")
    return plan.measures.get(number=number)


@transaction.atomic
def reform_propose(*, kind: str, title: str, description: str, actor, source: str = "", expected_effect: str = "",
                   measure_id: int | None = None, proposed_on: date | None = None) -> Reform:
    """Any court staff registers a replicable practice (measure 32) or proposes a 小切口 pilot (measure 33). The
    measure defaults to the current plan's measure for that kind (复制推广 / 小切口). Audit: measures.reform_proposed."""
    if not can_read_measures(actor):
        raise PermissionDenied(MeasureError.REFORM_DENIED, "只有本院工作人员可以提出改革事项")
    if kind not in ReformKind.values:
        raise DomainError(MeasureError.REFORM_KIND_INVALID, "类型应为可复制推广举措或小切口改革试点",
                          {"allowed": list(ReformKind.values)})
    if not (title or "").strip():
        raise DomainError(MeasureError.REFORM_TITLE_REQUIRED, "请填写名称")
    if not (description or "").strip():
        raise DomainError(MeasureError.REFORM_DESCRIPTION_REQUIRED, "请填写主要内容")
    proposed_on = proposed_on or court_today()
    if proposed_on > court_today():
        raise DomainError(MeasureError.REFORM_DATE_INVALID, "提出日期不能晚于今天")
    measure = _measure_for(kind, measure_id)
    reform = Reform.objects.create(
        measure=measure, kind=kind, title=title.strip(), description=description.strip(),
        source=(source or "").strip(), expected_effect=(expected_effect or "").strip(), proposed_on=proposed_on,
        proposed_by=actor, proposing_department=actor.department if actor.department_id else None)
    audit_record(actor=actor, action="measures.reform_proposed", target=reform, after={
        "measure_id": measure.pk, "kind": kind, "title": reform.title, "proposed_on": proposed_on,
        "proposing_department_id": reform.proposing_department_id})
    return reform


def _decision_checks(actor, reform_id, reviewed_on, meeting_id) -> tuple[Reform, date, LiaisonMeeting | None]:
    found = access_reform(actor, reform_id)
    if not can_review_reforms(actor):
        raise PermissionDenied(MeasureError.REFORM_DENIED, "改革事项由院领导研究确定，由院领导或审管办、督察室、营商办记录")
    reform = Reform.objects.select_for_update().get(pk=found.pk)
    if reform.status != ReformStatus.PROPOSED:
        raise DomainError(MeasureError.REFORM_NOT_PROPOSED, "该改革事项已审议", {"status": reform.status})
    reviewed_on = reviewed_on or court_today()
    if reviewed_on > court_today() or reviewed_on < reform.proposed_on:
        raise DomainError(MeasureError.REFORM_DATE_INVALID, "审议日期应在提出日期之后、不晚于今天")
    meeting = None
    if meeting_id is not None:
        meeting = LiaisonMeeting.objects.filter(pk=meeting_id, plan_id=found.measure.plan_id).first()
        if meeting is None or meeting.held_on > reviewed_on:
            raise DomainError(MeasureError.REFORM_MEETING_INVALID, "研究会议应为本方案在审议日期前召开的会议")
    return reform, reviewed_on, meeting


@transaction.atomic
def reform_adopt(*, reform_id: int, responsible_department_id: int, actor, deadline_on: date | None = None,
                 is_ongoing: bool = False, review_note: str = "", meeting_id: int | None = None,
                 implementation_plan: str = "", reviewed_on: date | None = None) -> Reform:
    """Adopt a proposal (经院领导研究确定): assign the responsible department and a deadline (or 持续推进); the
    落实方案 may come now or later from the department. From then on it is tracked like a measure. Audit:
    measures.reform_adopted."""
    reform, reviewed_on, meeting = _decision_checks(actor, reform_id, reviewed_on, meeting_id)
    department = Department.objects.filter(pk=responsible_department_id).first() \
        if responsible_department_id else None
    if department is None:
        raise DomainError(MeasureError.REFORM_DEPARTMENT_REQUIRED, "请指定责任部门")
    if deadline_on is None and not is_ongoing:
        raise DomainError(MeasureError.REFORM_DEADLINE_REQUIRED, "请填写完成时限，或选择持续推进")
    if deadline_on is not None and deadline_on < reviewed_on:
        raise DomainError(MeasureError.REFORM_DEADLINE_BEFORE_REVIEW, "完成时限不能早于审议日期")
    before = _snapshot(reform)
    reform.status = ReformStatus.ADOPTED
    reform.responsible_department = department
    reform.deadline_on = deadline_on
    reform.is_ongoing = deadline_on is None
    reform.reviewed_on, reform.reviewed_by, reform.meeting = reviewed_on, actor, meeting
    reform.review_note = (review_note or "").strip()
    if (implementation_plan or "").strip():
        reform.implementation_plan = implementation_plan.strip()
        reform.plan_submitted_on = reviewed_on
    reform.save()
    audit_record(actor=actor, action="measures.reform_adopted", target=reform, before=before,
                 after=_snapshot(reform))
    return reform


@transaction.atomic
def reform_reject(*, reform_id: int, review_note: str, actor, meeting_id: int | None = None,
                  reviewed_on: date | None = None) -> Reform:
    """Record that a proposal is not adopted, with the reason. Audit: measures.reform_rejected."""
    reform, reviewed_on, meeting = _decision_checks(actor, reform_id, reviewed_on, meeting_id)
    if not (review_note or "").strip():
        raise DomainError(MeasureError.REFORM_NOTE_REQUIRED, "请填写不予采纳的理由")
    before = _snapshot(reform)
    reform.status = ReformStatus.REJECTED
    reform.reviewed_on, reform.reviewed_by, reform.meeting = reviewed_on, actor, meeting
    reform.review_note = review_note.strip()
    reform.save()
    audit_record(actor=actor, action="measures.reform_rejected", target=reform, before=before,
                 after=_snapshot(reform))
    return reform


@transaction.atomic
def reform_plan_submit(*, reform_id: int, implementation_plan: str, actor) -> Reform:
    """The responsible department writes (or revises) the 落实方案 of an adopted reform (measure 32: 责任部门应及时
    撰写落实方案并具体落实). Audit: measures.reform_plan_submitted with the plan before and after."""
    found = access_reform(actor, reform_id)
    if found.status != ReformStatus.ADOPTED:
        raise DomainError(MeasureError.REFORM_NOT_ADOPTED, "该改革事项尚未采纳")
    if not can_work_on_reform(actor, found):
        raise PermissionDenied(MeasureError.REFORM_DENIED, "只有该改革事项的责任部门可以报送落实方案")
    reform = Reform.objects.select_for_update().get(pk=found.pk)
    text = (implementation_plan or "").strip()
    if not text:
        raise DomainError(MeasureError.REFORM_PLAN_REQUIRED, "请填写落实方案")
    if text == reform.implementation_plan:
        raise DomainError(MeasureError.REFORM_PLAN_UNCHANGED, "落实方案没有修改")
    before = {"implementation_plan": reform.implementation_plan, "plan_submitted_on": reform.plan_submitted_on}
    reform.implementation_plan = text
    reform.plan_submitted_on = court_today()
    reform.save(update_fields=["implementation_plan", "plan_submitted_on", "updated_at"])
    audit_record(actor=actor, action="measures.reform_plan_submitted", target=reform, before=before,
                 after={"implementation_plan": text, "plan_submitted_on": reform.plan_submitted_on})
    return reform

