"""/api/v1/measures — the plan's measures, their status, progress reports (and their corrections), 督察室
inspections, a leader's and a department's own measures, reminders and escalations, liaison meetings, replicable
reforms and pilots (measures 32, 33), the quarterly review pack. Thin: parse, call one service or selector, render."""

from django.conf import settings
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from yingshang.core.clock import court_today
from yingshang.core.errors import NotFound
from yingshang.core.pagination import PageRequest
from yingshang.measures import domain, selectors, services
from yingshang.measures.choices import Comparator, InspectionStatus, MeetingKind, TargetUnit
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import Inspection, LiaisonMeeting, Plan, ProgressReport
from yingshang.measures.permissions import (
    access_measure, access_meeting, access_reform, can_read_measures,
)
from yingshang.measures.schemas import (
    AlertListOut, CloseIn, DepartmentMeasuresOut, EvidenceOut, FollowUpIn, FollowUpOut, ImportOut, InspectionIn,
    InspectionOut, MeasureDetailOut, MeasureListOut, MeetingIn, MeetingListOut, MeetingOut, MeetingUpdateIn,
    PlanListOut, ReformAdoptIn, ReformDetailOut, ReformIn, ReformListOut, ReformPlanIn, ReformRejectIn,
    ReportIn, ReportOut, ReportUpdateIn, ReviewPackOut,
)

router = Router(tags=["measures 营商举措"])
PREFIX = "/measures"


def _require_reader(request) -> None:
    if not can_read_measures(request.user):
        raise NotFound(MeasureError.MEASURE_NOT_FOUND, "未找到该举措，或您无权查看")


def plan_out(plan: Plan) -> dict:
    return {
        "id": plan.pk, "title": plan.title, "year": plan.year, "started_on": plan.started_on,
        "preamble": plan.preamble, "overall_requirements": plan.overall_requirements, "objectives": plan.objectives,
        "work_requirements": plan.work_requirements, "warnings": plan.warnings, "source_name": plan.source_name,
        "imported_at": plan.imported_at, "measure_count": plan.measures.filter(is_active=True).count(),
        "unparsed": [{"line": u.line_number, "text": u.text, "reason": u.reason} for u in plan.unparsed_blocks.all()],
    }


def target_out(view: selectors.TargetView) -> dict:
    target = view.target
    return {"metric": target.metric, "comparator": target.comparator,
            "comparator_label": Comparator(target.comparator).label, "value": format(target.value.normalize(), "f"),
            "unit": target.unit, "unit_label": TargetUnit(target.unit).label, "label": target.label,
            "phrase": target.phrase, "basis": target.basis, "indicator_code": target.indicator_code,
            "live_value": view.live_label}


def row_out(row: selectors.BoardRow) -> dict:
    m, state = row.measure, row.state
    return {
        "id": m.pk, "plan_id": m.plan_id, "number": m.number, "title": m.title, "group": m.group,
        "lead_leaders": row.leaders, "responsible_departments": row.responsible,
        "assisting_departments": row.assisting, "deadline_on": m.deadline_on, "deadline_text": m.deadline_text,
        "is_ongoing": m.is_ongoing, "is_active": m.is_active, "progress_percent": m.progress_percent,
        "last_reported_on": m.last_reported_on, "completed_on": m.completed_on, "status": state.status,
        "status_label": state.status_label, "light": state.light, "light_label": domain.LIGHT_LABELS[state.light],
        "light_text": state.light_text, "days_left": state.days_left, "open_inspections": row.open_inspections,
        "targets": [target_out(t) for t in row.targets],
    }


def evidence_out(evidence) -> dict:
    return {"id": evidence.pk, "original_name": evidence.original_name, "size_bytes": evidence.size_bytes,
            "sha256": evidence.sha256, "download_url": reverse("measures:evidence", args=[evidence.pk])}


def report_out(report: ProgressReport) -> dict:
    return {"id": report.pk, "measure_id": report.measure_id, "reform_id": report.reform_id,
            "department": report.department.name if report.department_id else "", "author": str(report.author),
            "reported_on": report.reported_on, "progress_percent": report.progress_percent,
            "is_completed": report.is_completed, "summary": report.summary, "problems": report.problems,
            "next_steps": report.next_steps, "evidence": [evidence_out(e) for e in report.evidence.all()]}


def inspection_out(inspection: Inspection) -> dict:
    return {"id": inspection.pk, "measure_id": inspection.measure_id, "inspected_on": inspection.inspected_on,
            "inspector": str(inspection.inspector), "findings": inspection.findings,
            "rectification_required": inspection.rectification_required,
            "rectification_deadline_on": inspection.rectification_deadline_on, "status": inspection.status,
            "status_label": InspectionStatus(inspection.status).label, "closed_on": inspection.closed_on,
            "closure_note": inspection.closure_note,
            "follow_ups": [{"id": f.pk, "noted_on": f.noted_on, "note": f.note, "author": str(f.author)}
                           for f in inspection.follow_ups.all()]}


def _detail(request, measure_id: int) -> dict:
    measure = access_measure(request.user, measure_id)
    detail = selectors.measure_detail(user=request.user, measure=measure, today=court_today())
    row = detail["row"]
    return {**row_out(row), "text": row.measure.text, "source_text": row.measure.source_text,
            "line_number": row.measure.line_number, "reports": [report_out(r) for r in detail["reports"]],
            "inspections": [inspection_out(i) for i in detail["inspections"]], "can_report": detail["can_report"],
            "can_manage": detail["can_manage"]}


@router.get("/plans", response=PlanListOut, summary="实施方案列表")
def list_plans(request):
    """Every imported plan, latest year first, with its requirements and the blocks the importer could not read."""
    _require_reader(request)
    plans = list(selectors.plan_list().prefetch_related("unparsed_blocks"))
    return {"items": [plan_out(p) for p in plans], "count": len(plans)}


@router.post("/plans/import", response=ImportOut, summary="导入实施方案（.txt / .docx 或全文）")
def import_plan(request, file: UploadedFile = File(None), text: Form[str] = "", dry_run: Form[bool] = False):
    """审管办、督察室、营商办 only. Multipart: ``file`` (.txt or .docx) or ``text``; ``dry_run`` parses and reports
    without writing. Re-importing a plan with the same title updates its measures and never duplicates them."""
    result = services.plan_import(text=text or None, file=file, actor=request.user, dry_run=dry_run)
    return {"plan_id": result.plan.pk if result.plan else None, **result.summary()}


class MeasureQuery(Schema):
    plan_id: int | None = None
    status: str = ""
    light: str = ""
    department: str = ""
    leader: str = ""
    mine: bool = False
    page: int = 1
    page_size: int = settings.PAGE_SIZE_DEFAULT


@router.get("", response=MeasureListOut, summary="举措列表（督办看板）")
def list_measures(request, query: Query[MeasureQuery]):
    """Measures of a plan (default: the latest) with status and traffic light as of today. Filters: status
    (not_started / in_progress / completed / overdue / ongoing), light (green / amber / red / grey), department
    (as the plan names it, e.g. 各审判部门), leader, mine (led by me or carried by my department)."""
    _require_reader(request)
    plan = selectors.plan_list().filter(pk=query.plan_id).first() if query.plan_id else selectors.plan_current()
    rows = selectors.measure_board(user=request.user, plan=plan, today=court_today(), filters=selectors.BoardFilters(
        status=query.status, light=query.light, department=query.department, leader=query.leader, mine=query.mine))
    page = PageRequest.of(query.page, query.page_size)
    return {"items": [row_out(r) for r in rows[page.offset: page.offset + page.page_size]], "count": len(rows)}


@router.get("/{int:measure_id}", response=MeasureDetailOut, summary="举措详情")
def get_measure(request, measure_id: int):
    """One measure with its targets, progress reports (evidence links) and inspections."""
    return _detail(request, measure_id)


@router.post("/{int:measure_id}/reports", response={201: ReportOut}, summary="报送进展")
def file_report(request, measure_id: int, payload: ReportIn):
    """A responsible or assisting department (or 审管办/督察室/营商办) reports progress. Attach evidence with
    POST /measures/reports/{id}/evidence."""
    report = services.progress_report_file(measure_id=measure_id, actor=request.user, **payload.dict())
    return Status(201, report_out(report))


@router.post("/reports/{int:report_id}/evidence", response={201: list[EvidenceOut]}, summary="上传佐证材料")
def attach_evidence(request, report_id: int, files: list[UploadedFile] = File(...)):
    """Multipart ``files``: evidence for a report, by its author's department or a manager."""
    stored = services.evidence_attach(report_id=report_id, files=files, actor=request.user)
    return Status(201, [evidence_out(e) for e in stored])


@router.post("/{int:measure_id}/inspections", response={201: InspectionOut}, summary="记录督察")
def record_inspection(request, measure_id: int, payload: InspectionIn):
    """督察室 (or 审管办/营商办) records findings and a rectification deadline."""
    inspection = services.inspection_record(measure_id=measure_id, actor=request.user, **payload.dict())
    return Status(201, inspection_out(inspection))


@router.post("/inspections/{int:inspection_id}/follow-ups", response={201: FollowUpOut}, summary="跟踪整改")
def follow_up(request, inspection_id: int, payload: FollowUpIn):
    item = services.inspection_follow_up(inspection_id=inspection_id, actor=request.user, **payload.dict())
    return Status(201, {"id": item.pk, "noted_on": item.noted_on, "note": item.note, "author": str(item.author)})


@router.post("/inspections/{int:inspection_id}/close", response=InspectionOut, summary="督察销号")
def close_inspection(request, inspection_id: int, payload: CloseIn):
    inspection = services.inspection_close(inspection_id=inspection_id, actor=request.user, **payload.dict())
    return inspection_out(inspection)


# --------------------------------------------------------------------------------------------------
# A leader's and a department's own measures; report corrections; reminders and escalations
# --------------------------------------------------------------------------------------------------

def _plan_or_current(plan_id: int | None) -> Plan | None:
    return selectors.plan_list().filter(pk=plan_id).first() if plan_id else selectors.plan_current()


@router.get("/led", response=MeasureListOut, summary="我牵头的举措")
def list_led(request, plan_id: int | None = None):
    """The measures whose 牵头领导/责任领导 is the user (matched by the user's name), with status as of today."""
    _require_reader(request)
    rows = selectors.measure_board(user=request.user, plan=_plan_or_current(plan_id), today=court_today(),
                                   filters=selectors.BoardFilters(led=True))
    return {"items": [row_out(r) for r in rows], "count": len(rows)}


@router.get("/department", response=DepartmentMeasuresOut, summary="本部门的举措")
def list_department(request, plan_id: int | None = None):
    """The measures the user's department carries: as responsible department (named directly, by its kind or
    collectively, e.g. 各审判部门) or as assisting department."""
    _require_reader(request)
    view = selectors.department_view(user=request.user, plan=_plan_or_current(plan_id), today=court_today())
    department = request.user.department.name if request.user.department_id else ""
    return {"department": department, "responsible": [row_out(r) for r in view.responsible],
            "assisting": [row_out(r) for r in view.assisting]}


@router.patch("/reports/{int:report_id}", response=ReportOut, summary="修改进展报告")
def update_report(request, report_id: int, payload: ReportUpdateIn):
    """The reporting department (or 审管办/督察室/营商办) corrects a report; omitted fields keep their value; the
    reason is required and audited with the changed fields before and after. Add files with
    POST /measures/reports/{id}/evidence."""
    report = services.progress_report_update(report_id=report_id, actor=request.user, **payload.dict())
    return report_out(report)


def alert_out(alert) -> dict:
    return {"id": alert.pk, "kind": alert.kind, "kind_label": alert.get_kind_display(), "subject": alert.subject,
            "subject_label": alert.get_subject_display(), "measure_id": alert.measure_id,
            "measure_number": alert.measure.number, "inspection_id": alert.inspection_id,
            "reform_id": alert.reform_id, "due_on": alert.due_on, "raised_on": alert.raised_on,
            "recipients": alert.recipients, "note": alert.note}


@router.get("/alerts", response=AlertListOut, summary="到期提醒与逾期督办记录")
def list_alerts(request, measure_id: int | None = None, kind: str = "", limit: int = 50):
    """Raised by the daily scan (scan_measures): kind reminder / escalation; newest first."""
    _require_reader(request)
    alerts = selectors.alert_list(user=request.user, measure_ids=[measure_id] if measure_id else None, kind=kind,
                                  limit=max(1, min(limit, 200)))
    return {"items": [alert_out(a) for a in alerts], "count": len(alerts)}


# --------------------------------------------------------------------------------------------------
# Liaison meetings
# --------------------------------------------------------------------------------------------------

def meeting_out(meeting: LiaisonMeeting) -> dict:
    measures = sorted(meeting.measures.all(), key=lambda m: m.number)
    return {"id": meeting.pk, "plan_id": meeting.plan_id, "kind": meeting.kind,
            "kind_label": MeetingKind(meeting.kind).label, "held_on": meeting.held_on, "title": meeting.title,
            "attendees": meeting.attendees, "minutes": meeting.minutes, "decisions": meeting.decisions,
            "measure_numbers": [m.number for m in measures], "measure_ids": [m.pk for m in measures],
            "recorded_by": str(meeting.recorded_by)}


@router.get("/meetings", response=MeetingListOut, summary="营商环境会议（党组季度研究、联席会议）")
def list_meetings(request, plan_id: int | None = None, year: int | None = None):
    _require_reader(request)
    meetings = selectors.meeting_list(user=request.user, plan=_plan_or_current(plan_id), year=year)
    return {"items": [meeting_out(m) for m in meetings], "count": len(meetings)}


@router.post("/meetings", response={201: MeetingOut}, summary="记录会议")
def record_meeting(request, payload: MeetingIn):
    """审管办、督察室、营商办 record a meeting already held: minutes, decisions, the measures it dealt with."""
    meeting = services.meeting_record(actor=request.user, **payload.dict())
    return Status(201, meeting_out(meeting))


@router.get("/meetings/{int:meeting_id}", response=MeetingOut, summary="会议详情")
def get_meeting(request, meeting_id: int):
    return meeting_out(access_meeting(request.user, meeting_id))


@router.patch("/meetings/{int:meeting_id}", response=MeetingOut, summary="修改会议记录")
def update_meeting(request, meeting_id: int, payload: MeetingUpdateIn):
    """Omitted fields keep their value; audited with the changed fields before and after."""
    meeting = services.meeting_update(meeting_id=meeting_id, actor=request.user, **payload.dict())
    return meeting_out(meeting)


# --------------------------------------------------------------------------------------------------
# Replicable reforms and pilots (measures 32, 33)
# --------------------------------------------------------------------------------------------------

def reform_out(row: selectors.ReformRow) -> dict:
    r, state = row.reform, row.state
    return {
        "id": r.pk, "measure_id": r.measure_id, "measure_number": r.measure.number, "kind": r.kind,
        "kind_label": r.get_kind_display(), "title": r.title, "description": r.description, "source": r.source,
        "expected_effect": r.expected_effect, "proposed_on": r.proposed_on, "proposed_by": str(r.proposed_by),
        "proposing_department": r.proposing_department.name if r.proposing_department_id else "",
        "status": r.status, "status_label": row.status_label, "tracking_status": state.status if state else None,
        "light": row.light, "light_text": state.light_text if state else "", "reviewed_on": r.reviewed_on,
        "review_note": r.review_note, "meeting_id": r.meeting_id,
        "responsible_department_id": r.responsible_department_id,
        "responsible_department": r.responsible_department.name if r.responsible_department_id else "",
        "deadline_on": r.deadline_on, "is_ongoing": r.is_ongoing, "implementation_plan": r.implementation_plan,
        "plan_submitted_on": r.plan_submitted_on, "progress_percent": r.progress_percent,
        "last_reported_on": r.last_reported_on, "completed_on": r.completed_on,
    }


def _reform_detail(request, reform_id: int) -> dict:
    reform = access_reform(request.user, reform_id)
    detail = selectors.reform_detail(reform=reform, user=request.user, today=court_today())
    return {**reform_out(detail["row"]), "reports": [report_out(r) for r in detail["reports"]]}


class ReformQuery(Schema):
    kind: str = ""
    status: str = ""
    department_id: int | None = None
    plan_id: int | None = None
    page: int = 1
    page_size: int = settings.PAGE_SIZE_DEFAULT


@router.get("/reforms", response=ReformListOut, summary="可复制推广举措与小切口改革试点")
def list_reforms(request, query: Query[ReformQuery]):
    """Filters: kind (practice / pilot), status (proposed / adopted / rejected, or a tracking status such as
    overdue), department_id (proposing or responsible)."""
    _require_reader(request)
    rows = selectors.reform_list(user=request.user, today=court_today(), filters=selectors.ReformFilters(
        kind=query.kind, status=query.status, department_id=query.department_id, plan_id=query.plan_id))
    page = PageRequest.of(query.page, query.page_size)
    return {"items": [reform_out(r) for r in rows[page.offset: page.offset + page.page_size]], "count": len(rows)}


@router.post("/reforms", response={201: ReformDetailOut}, summary="提出改革事项")
def propose_reform(request, payload: ReformIn):
    """Any court staff: a replicable practice (measure 32) or a 小切口 pilot (measure 33)."""
    reform = services.reform_propose(actor=request.user, **payload.dict())
    return Status(201, _reform_detail(request, reform.pk))


@router.get("/reforms/{int:reform_id}", response=ReformDetailOut, summary="改革事项详情")
def get_reform(request, reform_id: int):
    return _reform_detail(request, reform_id)


@router.post("/reforms/{int:reform_id}/adopt", response=ReformDetailOut, summary="采纳并交办")
def adopt_reform(request, reform_id: int, payload: ReformAdoptIn):
    """院领导 or 审管办/督察室/营商办 record the decision: responsible department, deadline (or ongoing)."""
    services.reform_adopt(reform_id=reform_id, actor=request.user, **payload.dict())
    return _reform_detail(request, reform_id)


@router.post("/reforms/{int:reform_id}/reject", response=ReformDetailOut, summary="不予采纳")
def reject_reform(request, reform_id: int, payload: ReformRejectIn):
    services.reform_reject(reform_id=reform_id, actor=request.user, **payload.dict())
    return _reform_detail(request, reform_id)


@router.put("/reforms/{int:reform_id}/plan", response=ReformDetailOut, summary="报送落实方案")
def submit_reform_plan(request, reform_id: int, payload: ReformPlanIn):
    """The responsible department writes or revises the 落实方案 of an adopted reform."""
    services.reform_plan_submit(reform_id=reform_id, actor=request.user, **payload.dict())
    return _reform_detail(request, reform_id)


@router.post("/reforms/{int:reform_id}/reports", response={201: ReportOut}, summary="报送改革事项进展")
def file_reform_report(request, reform_id: int, payload: ReportIn):
    """The responsible department (or a manager) reports progress, as on a measure; evidence through
    POST /measures/reports/{id}/evidence."""
    report = services.reform_report_file(reform_id=reform_id, actor=request.user, **payload.dict())
    return Status(201, report_out(report))


# --------------------------------------------------------------------------------------------------
# Quarterly review pack
# --------------------------------------------------------------------------------------------------

@router.get("/reviews/{int:year}/{int:quarter}", response=ReviewPackOut, summary="季度审查材料")
def get_review(request, year: int, quarter: int, plan_id: int | None = None):
    """Per measure the progress at the start and the end of the quarter with status and light, overdue items,
    targets with live values (暂无数据 when the indicator has none), 督察 findings, meetings, reforms — as of the
    quarter's last day (today while it runs). The same pack as a PDF and a workbook:
    /measures/review/{year}/{quarter}/pack.pdf and pack.xlsx."""
    _require_reader(request)
    try:
        period = domain.Quarter(year, quarter)
    except ValueError:
        raise NotFound(MeasureError.REVIEW_QUARTER_INVALID, "没有这个季度", {"year": year, "quarter": quarter})
    plan = _plan_or_current(plan_id)
    if plan is None:
        raise NotFound(MeasureError.PLAN_NOT_FOUND, "未找到该实施方案")
    pack = selectors.review_pack(plan=plan, quarter=period, today=court_today())
    return {
        "plan_id": plan.pk, "year": period.year, "quarter": period.number, "label": period.label,
        "as_of": pack.as_of, "is_closed": pack.is_closed, "counts": pack.counts,
        "has_party_group_meeting": pack.has_party_group_meeting,
        "measures": [{
            "measure_id": row.measure.pk, "number": row.measure.number, "title": row.measure.title,
            "lead_leaders": row.leaders, "responsible_departments": row.responsible,
            "deadline_on": row.measure.deadline_on, "progress_at_start": row.progress_at_start,
            "progress_at_end": row.progress_at_end, "status": row.state.status,
            "status_label": row.state.status_label, "light": row.state.light, "light_text": row.state.light_text,
            "reports_in_quarter": len(row.reports), "latest_summary": row.latest_summary,
            "open_findings": row.open_findings, "targets": [target_out(t) for t in row.targets]}
            for row in pack.rows],
        "overdue": [vars(item) for item in pack.overdue],
        "findings": [{"inspection_id": f.inspection.pk, "measure_number": f.inspection.measure.number,
                      "inspected_on": f.inspection.inspected_on, "findings": f.inspection.findings,
                      "rectification_deadline_on": f.inspection.rectification_deadline_on, "is_open": f.is_open,
                      "closed_on": None if f.is_open else f.inspection.closed_on} for f in pack.findings],
        "meetings": [meeting_out(m) for m in pack.meetings],
        "reforms": [{"id": line.reform.pk, "kind": line.reform.kind, "title": line.reform.title,
                     "measure_number": line.reform.measure.number, "status_label": line.status_label,
                     "progress_percent": line.progress} for line in pack.reforms],
    }
