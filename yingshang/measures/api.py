"""/api/v1/measures — the plan's measures, their status, progress reports and 督察室 inspections. Thin: parse,
call one service or selector, render."""

from django.conf import settings
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from yingshang.core.clock import court_today
from yingshang.core.errors import NotFound
from yingshang.core.pagination import PageRequest
from yingshang.measures import domain, selectors, services
from yingshang.measures.choices import Comparator, InspectionStatus, TargetUnit
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import Inspection, Plan, ProgressReport
from yingshang.measures.permissions import access_measure, can_read_measures
from yingshang.measures.schemas import (
    CloseIn, EvidenceOut, FollowUpIn, FollowUpOut, ImportOut, InspectionIn, InspectionOut, MeasureDetailOut,
    MeasureListOut, PlanListOut, ReportIn, ReportOut,
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
    return {"id": report.pk, "measure_id": report.measure_id,
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
    return 201, report_out(report)


@router.post("/reports/{int:report_id}/evidence", response={201: list[EvidenceOut]}, summary="上传佐证材料")
def attach_evidence(request, report_id: int, files: list[UploadedFile] = File(...)):
    """Multipart ``files``: evidence for a report, by its author's department or a manager."""
    stored = services.evidence_attach(report_id=report_id, files=files, actor=request.user)
    return 201, [evidence_out(e) for e in stored]


@router.post("/{int:measure_id}/inspections", response={201: InspectionOut}, summary="记录督察")
def record_inspection(request, measure_id: int, payload: InspectionIn):
    """督察室 (or 审管办/营商办) records findings and a rectification deadline."""
    inspection = services.inspection_record(measure_id=measure_id, actor=request.user, **payload.dict())
    return 201, inspection_out(inspection)


@router.post("/inspections/{int:inspection_id}/follow-ups", response={201: FollowUpOut}, summary="跟踪整改")
def follow_up(request, inspection_id: int, payload: FollowUpIn):
    item = services.inspection_follow_up(inspection_id=inspection_id, actor=request.user, **payload.dict())
    return 201, {"id": item.pk, "noted_on": item.noted_on, "note": item.note, "author": str(item.author)}


@router.post("/inspections/{int:inspection_id}/close", response=InspectionOut, summary="督察销号")
def close_inspection(request, inspection_id: int, payload: CloseIn):
    inspection = services.inspection_close(inspection_id=inspection_id, actor=request.user, **payload.dict())
    return inspection_out(inspection)
