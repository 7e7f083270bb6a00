"""Replicable reforms and 小切口 pilots (measures 32, 33): propose → adopt (department, deadline) or not → 落实方案 →
progress reports like a measure; liaison meetings. Permissions, audit, refusals that write nothing."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.audit.models import AuditEvent
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.measures.choices import MeetingKind, ReformKind, ReformStatus
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import LiaisonMeeting, Measure, ProgressReport, Reform
from yingshang.measures.services import (
    meeting_record, meeting_update, progress_report_update, reform_adopt, reform_plan_submit, reform_propose,
    reform_reject, reform_report_file,
)
from yingshang.measures.tests.factories import business_office_staff, import_real_plan, inspector, staff
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SEP_1 = "2023-09-01 09:00:00+08:00"


@pytest.fixture
def plan():
    return import_real_plan()


def _propose(actor, **kwargs):
    args = {"kind": ReformKind.PILOT, "title": "执行案款“一键发放”试点",
            "description": "对具备发放条件的案款，系统自动提示并一键发放。", "actor": actor, **kwargs}
    return reform_propose(**args)


# ---------------------------------------------------------------------------------------------- the flow

@time_machine.travel(SEP_1, tick=False)
def test_pilot_flow_propose_adopt_plan_report_complete(plan):
    officer = staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER)
    reform = _propose(officer, source="2022年“胜诉即退费”改革经验")
    assert (reform.measure.number, reform.status, reform.proposing_department, reform.proposed_on) == (
        33, ReformStatus.PROPOSED, officer.department, date(2023, 9, 1))
    practice = _propose(officer, kind=ReformKind.PRACTICE, title="推广立案材料一次性告知")
    assert practice.measure.number == 32

    office = business_office_staff()
    meeting = meeting_record(kind=MeetingKind.LIAISON, held_on=date(2023, 8, 31), title="营商环境工作联席会议",
                             minutes="研究小切口改革试点。", actor=office,
                             measure_ids=[reform.measure_id])
    adopted = reform_adopt(reform_id=reform.pk, responsible_department_id=officer.department_id,
                           deadline_on=date(2023, 12, 31), review_note="同意试点", meeting_id=meeting.pk,
                           actor=office)
    assert (adopted.status, adopted.responsible_department, adopted.deadline_on, adopted.reviewed_on,
            adopted.meeting, adopted.implementation_plan) == (
        ReformStatus.ADOPTED, officer.department, date(2023, 12, 31), date(2023, 9, 1), meeting, "")
    event = AuditEvent.objects.get(action="measures.reform_adopted")
    assert (event.before["status"], event.after["status"], event.after["deadline_on"]) == (
        "proposed", "adopted", "2023-12-31")

    reform_plan_submit(reform_id=reform.pk, implementation_plan="一、工作目标……二、步骤……", actor=officer)
    reform.refresh_from_db()
    assert (reform.implementation_plan, reform.plan_submitted_on) == ("一、工作目标……二、步骤……", date(2023, 9, 1))

    report = reform_report_file(reform_id=reform.pk, progress_percent=40, summary="已上线试运行。", actor=officer,
                                evidence=[SimpleUploadedFile("试运行.pdf", b"%PDF-1.4 pilot")])
    reform.refresh_from_db()
    measure = Measure.objects.get(number=33)
    assert (report.reform, report.measure, reform.progress_percent, reform.last_reported_on) == (
        reform, measure, 40, date(2023, 9, 1))
    assert (measure.progress_percent, measure.last_reported_on) == (0, None)  # the measure's own progress apart
    progress_report_update(report_id=report.pk, actor=officer, reason="补报完成", progress_percent=100,
                           is_completed=True)
    reform.refresh_from_db()
    assert (reform.progress_percent, reform.completed_on) == (100, date(2023, 9, 1))
    event = AuditEvent.objects.get(action="measures.report_updated")
    assert event.after["reform"] == {"progress_percent": 100, "last_reported_on": "2023-09-01",
                                     "completed_on": "2023-09-01"}
    with pytest.raises(DomainError) as refused:
        reform_report_file(reform_id=reform.pk, progress_percent=100, summary="再报", actor=officer)
    assert refused.value.code == MeasureError.REFORM_ALREADY_COMPLETED
    assert list(AuditEvent.objects.filter(target_type="measures.reform").order_by("id")
                .values_list("action", flat=True)) == [
        "measures.reform_proposed", "measures.reform_proposed", "measures.reform_adopted",
        "measures.reform_plan_submitted", "measures.reform_progress_reported"]


@time_machine.travel(SEP_1, tick=False)
def test_a_leader_rejects_with_a_reason(plan):
    reform = _propose(staff(DepartmentKind.CIVIL))
    leader = staff(DepartmentKind.LEADERSHIP, Role.VICE_PRESIDENT, display_name="胡磊")
    with pytest.raises(DomainError) as refused:
        reform_reject(reform_id=reform.pk, review_note=" ", actor=leader)
    assert refused.value.code == MeasureError.REFORM_NOTE_REQUIRED
    rejected = reform_reject(reform_id=reform.pk, review_note="与第16项重复，并入执行案款管理。", actor=leader)
    assert (rejected.status, rejected.reviewed_by, rejected.responsible_department) == (
        ReformStatus.REJECTED, leader, None)
    with pytest.raises(DomainError) as again:
        reform_adopt(reform_id=reform.pk, responsible_department_id=leader.department_id, is_ongoing=True,
                     actor=leader)
    assert again.value.code == MeasureError.REFORM_NOT_PROPOSED
    with pytest.raises(DomainError) as not_adopted:
        reform_report_file(reform_id=reform.pk, progress_percent=10, summary="x", actor=business_office_staff())
    assert not_adopted.value.code == MeasureError.REFORM_NOT_ADOPTED


# ---------------------------------------------------------------------------------------------- refusals

@time_machine.travel(SEP_1, tick=False)
@pytest.mark.parametrize("kwargs, code", [
    ({"kind": "other"}, MeasureError.REFORM_KIND_INVALID),
    ({"title": " "}, MeasureError.REFORM_TITLE_REQUIRED),
    ({"description": ""}, MeasureError.REFORM_DESCRIPTION_REQUIRED),
    ({"proposed_on": date(2023, 9, 2)}, MeasureError.REFORM_DATE_INVALID),
    ({"measure_id": 999999}, MeasureError.REFORM_MEASURE_UNKNOWN),
])
def test_invalid_proposals_write_nothing(plan, kwargs, code):
    with pytest.raises(DomainError) as refused:
        _propose(staff(DepartmentKind.CIVIL), **kwargs)
    assert refused.value.code == code
    assert not Reform.objects.exists() and not AuditEvent.objects.filter(target_type="measures.reform").exists()


def test_outside_users_cannot_propose(plan):
    with pytest.raises(PermissionDenied):
        _propose(UserFactory(role=Role.LAWYER))
    assert not Reform.objects.exists()


@time_machine.travel(SEP_1, tick=False)
@pytest.mark.parametrize("kwargs, code", [
    ({"responsible_department_id": None}, MeasureError.REFORM_DEPARTMENT_REQUIRED),
    ({"responsible_department_id": 999999}, MeasureError.REFORM_DEPARTMENT_REQUIRED),
    ({"deadline_on": None}, MeasureError.REFORM_DEADLINE_REQUIRED),
    ({"deadline_on": date(2023, 8, 31)}, MeasureError.REFORM_DEADLINE_BEFORE_REVIEW),
    ({"reviewed_on": date(2023, 9, 2)}, MeasureError.REFORM_DATE_INVALID),
    ({"reviewed_on": date(2023, 8, 31)}, MeasureError.REFORM_DATE_INVALID),  # before it was proposed
    ({"meeting_id": 999999}, MeasureError.REFORM_MEETING_INVALID),
])
def test_invalid_adoptions_write_nothing(plan, kwargs, code):
    civil = staff(DepartmentKind.CIVIL)
    reform = _propose(civil)
    audits = AuditEvent.objects.count()
    args = {"reform_id": reform.pk, "responsible_department_id": civil.department_id,
            "deadline_on": date(2023, 12, 31), "actor": inspector(), **kwargs}
    with pytest.raises(DomainError) as refused:
        reform_adopt(**args)
    assert refused.value.code == code
    reform.refresh_from_db()
    assert (reform.status, reform.responsible_department_id, AuditEvent.objects.count()) == (
        ReformStatus.PROPOSED, None, audits)


@time_machine.travel(SEP_1, tick=False)
@pytest.mark.parametrize("make_user", [
    lambda: staff(DepartmentKind.CIVIL, Role.DIVISION_HEAD),
    lambda: staff(DepartmentKind.FINANCE, Role.FINANCE),
])
def test_only_leaders_and_managers_decide(plan, make_user):
    reform = _propose(staff(DepartmentKind.CIVIL))
    with pytest.raises(PermissionDenied):
        reform_adopt(reform_id=reform.pk, responsible_department_id=reform.proposing_department_id,
                     is_ongoing=True, actor=make_user())
    with pytest.raises(NotFound):
        reform_reject(reform_id=reform.pk, review_note="x", actor=UserFactory(role=Role.PARTY))
    reform.refresh_from_db()
    assert reform.status == ReformStatus.PROPOSED
    assert not AuditEvent.objects.filter(action__in=["measures.reform_adopted", "measures.reform_rejected"]).exists()


@time_machine.travel(SEP_1, tick=False)
def test_only_the_responsible_department_writes_the_plan_and_reports(plan):
    civil = staff(DepartmentKind.CIVIL)
    reform = _propose(civil)
    with pytest.raises(DomainError) as early:
        reform_plan_submit(reform_id=reform.pk, implementation_plan="方案", actor=civil)
    assert early.value.code == MeasureError.REFORM_NOT_ADOPTED
    reform_adopt(reform_id=reform.pk, responsible_department_id=civil.department_id, is_ongoing=True,
                 actor=business_office_staff())
    other = staff(DepartmentKind.CRIMINAL)
    with pytest.raises(PermissionDenied):
        reform_plan_submit(reform_id=reform.pk, implementation_plan="方案", actor=other)
    with pytest.raises(PermissionDenied):
        reform_report_file(reform_id=reform.pk, progress_percent=10, summary="x", actor=other)
    with pytest.raises(DomainError) as empty:
        reform_plan_submit(reform_id=reform.pk, implementation_plan=" ", actor=civil)
    assert empty.value.code == MeasureError.REFORM_PLAN_REQUIRED
    reform.refresh_from_db()
    assert (reform.implementation_plan, reform.is_ongoing, reform.deadline_on) == ("", True, None)
    assert not ProgressReport.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["measures.reform_plan_submitted",
                                                     "measures.reform_progress_reported"]).exists()
    reform_plan_submit(reform_id=reform.pk, implementation_plan="方案", actor=civil)
    with pytest.raises(DomainError) as same:
        reform_plan_submit(reform_id=reform.pk, implementation_plan="方案", actor=civil)
    assert same.value.code == MeasureError.REFORM_PLAN_UNCHANGED


# ---------------------------------------------------------------------------------------------- meetings

@time_machine.travel(SEP_1, tick=False)
def test_meetings_are_recorded_and_corrected_with_audit(plan):
    office = business_office_staff()
    eighth, thirteenth = Measure.objects.get(number=8), Measure.objects.get(number=13)
    meeting = meeting_record(kind=MeetingKind.PARTY_GROUP, held_on=date(2023, 7, 5),
                             title="党组会研究第三季度营商环境工作", minutes="听取各部门汇报。",
                             attendees="胡磊、熊国华、刘光辉、胡磊", decisions="调撤率每月通报\n长期未结案件逐案过堂",
                             measure_ids=[eighth.pk, thirteenth.pk], actor=office)
    assert (meeting.plan, meeting.attendees, meeting.decisions, meeting.recorded_by) == (
        plan, ["胡磊", "熊国华", "刘光辉"], ["调撤率每月通报", "长期未结案件逐案过堂"], office)
    assert sorted(meeting.measures.values_list("number", flat=True)) == [8, 13]
    updated = meeting_update(meeting_id=meeting.pk, actor=inspector(), reason="补记", measure_ids=[eighth.pk],
                             minutes="听取各部门汇报，研究部署第三季度工作。")
    event = AuditEvent.objects.get(action="measures.meeting_updated")
    assert (event.before, event.after, event.reason) == (
        {"minutes": "听取各部门汇报。", "measure_ids": sorted([eighth.pk, thirteenth.pk])},
        {"minutes": "听取各部门汇报，研究部署第三季度工作。", "measure_ids": [eighth.pk]}, "补记")
    assert list(updated.measures.values_list("number", flat=True)) == [8]
    with pytest.raises(DomainError) as unchanged:
        meeting_update(meeting_id=meeting.pk, actor=office, minutes="听取各部门汇报，研究部署第三季度工作。")
    assert unchanged.value.code == MeasureError.MEETING_UNCHANGED


@time_machine.travel(SEP_1, tick=False)
@pytest.mark.parametrize("kwargs, code", [
    ({"kind": "lunch"}, MeasureError.MEETING_KIND_INVALID),
    ({"held_on": date(2023, 9, 2)}, MeasureError.MEETING_DATE_IN_FUTURE),
    ({"title": ""}, MeasureError.MEETING_TITLE_REQUIRED),
    ({"minutes": " "}, MeasureError.MEETING_MINUTES_REQUIRED),
    ({"measure_ids": [999999]}, MeasureError.MEETING_MEASURE_UNKNOWN),
])
def test_invalid_meetings_write_nothing(plan, kwargs, code):
    args = {"kind": MeetingKind.LIAISON, "held_on": date(2023, 8, 1), "title": "联席会议", "minutes": "纪要",
            "actor": business_office_staff(), **kwargs}
    with pytest.raises(DomainError) as refused:
        meeting_record(**args)
    assert refused.value.code == code
    assert not LiaisonMeeting.objects.exists()
    assert not AuditEvent.objects.filter(target_type="measures.liaisonmeeting").exists()


@time_machine.travel(SEP_1, tick=False)
def test_only_managers_record_meetings(plan):
    with pytest.raises(PermissionDenied):
        meeting_record(kind=MeetingKind.LIAISON, held_on=date(2023, 8, 1), title="x", minutes="y",
                       actor=staff(DepartmentKind.CIVIL, Role.DIVISION_HEAD))
    assert not LiaisonMeeting.objects.exists() and not AuditEvent.objects.filter(
        target_type="measures.liaisonmeeting").exists()
