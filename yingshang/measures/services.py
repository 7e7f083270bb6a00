"""Writes for the plan: import (idempotent), progress reports with evidence, 督察室 inspections. Each service
authorizes, validates, then writes in one transaction together with its audit event."""

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError
from yingshang.measures import conf, domain
from yingshang.measures.choices import DepartmentRole, InspectionStatus
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import (
    Evidence, Inspection, InspectionFollowUp, Measure, MeasureDepartment, MeasureLeader, Plan, ProgressReport,
    Target, UnparsedBlock,
)
from yingshang.measures.permissions import (
    access_inspection, access_measure, access_measure_for_report, access_report, can_edit_report, can_report_on,
    require_manage,
)
from yingshang.measures.sources import plan_text_from_bytes

# --------------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did (or, with dry_run, would do): measure numbers created, updated, unchanged, and those
    in the database but no longer in the plan (deactivated, never deleted)."""

    parsed: domain.ParsedPlan
    plan: Plan | None
    dry_run: bool
    is_new_plan: bool
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    deactivated: list[int] = field(default_factory=list)

    def summary(self) -> dict:
        return {"title": self.parsed.title, "dry_run": self.dry_run, "is_new_plan": self.is_new_plan,
                "measures": len(self.parsed.measures), "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "deactivated": self.deactivated,
                "unparsed": [u.as_json() for u in self.parsed.unparsed], "warnings": list(self.parsed.warnings)}


def plan_parse(*, text: str | None = None, file=None) -> tuple[domain.ParsedPlan, str, str]:
    """Read the plan from text or a file-like object (.txt / .docx, with a ``name``): (parsed, text, name)."""
    name = ""
    if file is not None:
        name = os.path.basename(getattr(file, "name", "") or "")
        data = file.read()
        if len(data) > conf.plan_max_bytes():
            raise DomainError(MeasureError.PLAN_FILE_TOO_LARGE, "方案文件过大",
                              {"max_bytes": conf.plan_max_bytes()})
        text = plan_text_from_bytes(name=name, data=data)
    if not text or not text.strip():
        raise DomainError(MeasureError.PLAN_TEXT_REQUIRED, "请上传方案文件或粘贴方案全文")
    parsed = domain.parse_plan(text, indicator_map=conf.indicator_map())
    if not parsed.title:
        raise DomainError(MeasureError.PLAN_TITLE_MISSING, "未找到方案名称：方案第一行应为标题",
                          {"unparsed": [u.as_json() for u in parsed.unparsed]})
    if not parsed.measures:
        raise DomainError(MeasureError.PLAN_NO_MEASURES,
                          "未识别出任何举措：举措应编号并写明牵头领导、责任部门、完成时限",
                          {"unparsed": [u.as_json() for u in parsed.unparsed]})
    return parsed, text, name


def _parsed_snapshot(m: domain.ParsedMeasure) -> dict:
    return {
        "label": m.label, "group": m.group, "title": m.title, "text": m.text, "source_text": m.source_text,
        "line_number": m.line_number, "deadline_on": m.deadline.on, "deadline_text": m.deadline.text,
        "is_ongoing": m.deadline.is_ongoing, "extra": dict(m.extra), "warnings": list(m.warnings), "is_active": True,
        "lead_leaders": list(m.lead_leaders), "responsible_departments": list(m.responsible_departments),
        "assisting_departments": list(m.assisting_departments),
        "targets": [_target_dict(t.metric, t.comparator, t.value, t.unit, t.phrase, t.basis, t.indicator_code)
                    for t in m.targets],
    }


def _target_dict(metric, comparator, value, unit, phrase, basis, indicator_code) -> dict:
    return {"metric": metric, "comparator": comparator, "value": format(value.normalize(), "f"), "unit": unit,
            "phrase": phrase, "basis": basis or "", "indicator_code": indicator_code or ""}


def measure_snapshot(measure: Measure) -> dict:
    """The imported fields of a stored measure, comparable with a parsed one (uses prefetched relations)."""
    departments = list(measure.departments.all())
    return {
        "label": measure.label, "group": measure.group, "title": measure.title, "text": measure.text,
        "source_text": measure.source_text, "line_number": measure.line_number, "deadline_on": measure.deadline_on,
        "deadline_text": measure.deadline_text, "is_ongoing": measure.is_ongoing, "extra": measure.extra,
        "warnings": measure.warnings, "is_active": measure.is_active,
        "lead_leaders": [leader.name for leader in measure.leaders.all()],
        "responsible_departments": [d.name for d in departments if d.role == DepartmentRole.RESPONSIBLE],
        "assisting_departments": [d.name for d in departments if d.role == DepartmentRole.ASSISTING],
        "targets": [_target_dict(t.metric, t.comparator, t.value, t.unit, t.phrase, t.basis, t.indicator_code)
                    for t in measure.targets.all()],
    }


_SCALAR_FIELDS = ("label", "group", "title", "text", "source_text", "line_number", "deadline_on", "deadline_text",
                  "is_ongoing", "extra", "warnings", "is_active")


def _write_relations(measure: Measure, snap: dict, *, replace: bool) -> None:
    if replace:
        measure.leaders.all().delete()
        measure.departments.all().delete()
        measure.targets.all().delete()
    MeasureLeader.objects.bulk_create(
        MeasureLeader(measure=measure, name=name, position=i) for i, name in enumerate(snap["lead_leaders"]))
    MeasureDepartment.objects.bulk_create(
        [MeasureDepartment(measure=measure, role=DepartmentRole.RESPONSIBLE, name=name, position=i)
         for i, name in enumerate(snap["responsible_departments"])]
        + [MeasureDepartment(measure=measure, role=DepartmentRole.ASSISTING, name=name, position=i)
           for i, name in enumerate(snap["assisting_departments"])])
    Target.objects.bulk_create(
        Target(measure=measure, position=i, **t) for i, t in enumerate(snap["targets"]))


@transaction.atomic
def plan_import(*, text: str | None = None, file=None, actor, dry_run: bool = False,
                started_on: date | None = None) -> ImportResult:
    """Import a plan from its text or a .txt/.docx file. Idempotent: the plan is found by its title and its
    measures by number; a measure is updated only when something in the plan changed, one no longer in the plan
    is deactivated (its reports and inspections stay). With ``dry_run`` nothing is written and the result says
    what would change. ``actor`` None is the system (the import_plan command). Audit: measures.plan_imported,
    measures.measure_created, measures.measure_updated, measures.measure_deactivated."""
    if actor is not None:
        require_manage(actor)
    parsed, source, name = plan_parse(text=text, file=file)
    plan = Plan.objects.select_for_update().filter(title=parsed.title).first()
    existing: dict[int, Measure] = {}
    if plan is not None:
        existing = {m.number: m for m in plan.measures.prefetch_related("leaders", "departments", "targets")}
    result = ImportResult(parsed=parsed, plan=plan, dry_run=dry_run, is_new_plan=plan is None)
    changes: list[tuple[domain.ParsedMeasure, dict, Measure | None, dict | None]] = []
    for parsed_measure in parsed.measures:
        snap = _parsed_snapshot(parsed_measure)
        current = existing.get(parsed_measure.number)
        if current is None:
            result.created.append(parsed_measure.number)
            changes.append((parsed_measure, snap, None, None))
            continue
        before = measure_snapshot(current)
        if before == snap:
            result.unchanged.append(parsed_measure.number)
        else:
            result.updated.append(parsed_measure.number)
            changes.append((parsed_measure, snap, current, before))
    numbers = {m.number for m in parsed.measures}
    stale = [m for number, m in sorted(existing.items()) if number not in numbers and m.is_active]
    result.deactivated = [m.number for m in stale]
    if dry_run:
        return result

    now = court_now()
    plan_fields = {
        "year": parsed.year, "preamble": parsed.preamble, "overall_requirements": parsed.overall_requirements,
        "objectives": parsed.objectives,
        "work_requirements": [{"heading": i.heading, "text": i.text, "line": i.line_number}
                              for i in parsed.work_requirements],
        "sections": [{"heading": s.heading, "kind": s.kind, "text": s.text, "line": s.line_number,
                      "items": [{"heading": i.heading, "text": i.text, "line": i.line_number} for i in s.items]}
                     for s in parsed.sections],
        "warnings": list(parsed.warnings), "source_name": name, "source_text": source,
        "source_sha256": hashlib.sha256(source.encode("utf-8")).hexdigest(), "imported_at": now,
        "imported_by": actor if getattr(actor, "pk", None) else None,
    }
    if plan is None:
        default_start = date(parsed.year, 1, 1) if parsed.year else court_today()
        plan = Plan.objects.create(title=parsed.title, started_on=started_on or default_start, **plan_fields)
    else:
        for key, value in plan_fields.items():
            setattr(plan, key, value)
        if started_on:
            plan.started_on = started_on
        plan.save()
    result.plan = plan

    for parsed_measure, snap, current, before in changes:
        scalars = {key: snap[key] for key in _SCALAR_FIELDS}
        if current is None:
            measure = Measure.objects.create(plan=plan, number=parsed_measure.number, **scalars)
            _write_relations(measure, snap, replace=False)
            audit_record(actor=actor, action="measures.measure_created", target=measure, after=snap)
        else:
            for key, value in scalars.items():
                setattr(current, key, value)
            current.save()
            _write_relations(current, snap, replace=True)
            changed = [key for key in snap if snap[key] != before[key]]
            audit_record(actor=actor, action="measures.measure_updated", target=current,
                         before={k: before[k] for k in changed}, after={k: snap[k] for k in changed},
                         reason="重新导入方案")
    for measure in stale:
        measure.is_active = False
        measure.save(update_fields=["is_active", "updated_at"])
        audit_record(actor=actor, action="measures.measure_deactivated", target=measure,
                     before={"is_active": True}, after={"is_active": False}, reason="重新导入的方案不再包含该举措")
    plan.unparsed_blocks.all().delete()
    UnparsedBlock.objects.bulk_create(
        UnparsedBlock(plan=plan, line_number=u.line_number, text=u.text, reason=u.reason) for u in parsed.unparsed)
    audit_record(actor=actor, action="measures.plan_imported", target=plan, after={
        "source_name": name, "source_sha256": plan.source_sha256, "created": result.created,
        "updated": result.updated, "unchanged": len(result.unchanged), "deactivated": result.deactivated,
        "unparsed_lines": [u.line_number for u in parsed.unparsed]})
    return result


# --------------------------------------------------------------------------------------------------
# Progress reports and evidence
# --------------------------------------------------------------------------------------------------


def _validate_evidence(files) -> list[tuple[object, bytes]]:
    checked = []
    for upload in files or ():
        name = os.path.basename(getattr(upload, "name", "") or "")
        if not name.lower().endswith(conf.evidence_extensions()):
            raise DomainError(MeasureError.EVIDENCE_TYPE, "佐证材料格式不支持：" + (name or "未命名文件"),
                              {"name": name, "allowed": list(conf.evidence_extensions())})
        data = upload.read()
        if not data:
            raise DomainError(MeasureError.EVIDENCE_EMPTY, f"佐证材料为空文件：{name}", {"name": name})
        if len(data) > conf.evidence_max_bytes():
            raise DomainError(MeasureError.EVIDENCE_TOO_LARGE, f"佐证材料过大：{name}",
                              {"name": name, "max_bytes": conf.evidence_max_bytes()})
        checked.append((upload, data))
    return checked


def _store_evidence(report: ProgressReport, checked) -> list[Evidence]:
    stored = []
    for upload, data in checked:
        digest = hashlib.sha256(data).hexdigest()
        evidence = Evidence(report=report, original_name=os.path.basename(upload.name)[:255],
                            content_type=(getattr(upload, "content_type", "") or "")[:100], size_bytes=len(data),
                            sha256=digest, uploaded_at=court_now())
        evidence.file.save(digest, ContentFile(data), save=False)
        evidence.save()
        stored.append(evidence)
    return stored


@transaction.atomic
def progress_report_file(*, measure_id: int, progress_percent: int, summary: str, actor, is_completed: bool = False,
                         problems: str = "", next_steps: str = "", reported_on: date | None = None,
                         evidence=()) -> ProgressReport:
    """A department reports progress on a measure it is responsible for or assists with (or 审管办/督察室/营商办
    on any). The measure shows the latest report's progress; a report marked complete (100%) completes it.
    Audit: measures.progress_reported."""
    access_measure_for_report(actor, measure_id)
    measure = Measure.objects.select_for_update().get(pk=measure_id)
    today = court_today()
    reported_on = reported_on or today
    if not measure.is_active:
        raise DomainError(MeasureError.MEASURE_INACTIVE, "该举措已不在现行方案中，不能报送进展")
    if measure.completed_on is not None:
        raise DomainError(MeasureError.MEASURE_ALREADY_COMPLETED, "该举措已报告完成，不能再报送进展",
                          {"completed_on": measure.completed_on})
    if not isinstance(progress_percent, int) or not 0 <= progress_percent <= 100:
        raise DomainError(MeasureError.PROGRESS_OUT_OF_RANGE, "完成比例应为 0 到 100 之间的整数")
    if is_completed and progress_percent != 100:
        raise DomainError(MeasureError.PROGRESS_COMPLETED_NOT_100, "报告已完成时，完成比例应为 100%")
    if reported_on > today:
        raise DomainError(MeasureError.REPORT_DATE_IN_FUTURE, "报告日期不能晚于今天", {"today": today})
    if not (summary or "").strip():
        raise DomainError(MeasureError.REPORT_SUMMARY_REQUIRED, "请填写工作进展")
    checked = _validate_evidence(evidence)
    before = {"progress_percent": measure.progress_percent, "last_reported_on": measure.last_reported_on,
              "completed_on": measure.completed_on}
    report = ProgressReport.objects.create(
        measure=measure, department=actor.department if actor.department_id else None, reported_on=reported_on,
        progress_percent=progress_percent, is_completed=is_completed, summary=summary.strip(),
        problems=(problems or "").strip(), next_steps=(next_steps or "").strip(), author=actor)
    stored = _store_evidence(report, checked)
    if measure.last_reported_on is None or reported_on >= measure.last_reported_on:
        measure.progress_percent = progress_percent
        measure.last_reported_on = reported_on
    if is_completed:
        measure.completed_on = reported_on
    measure.save(update_fields=["progress_percent", "last_reported_on", "completed_on", "updated_at"])
    audit_record(actor=actor, action="measures.progress_reported", target=measure, before=before, after={
        "report_id": report.pk, "progress_percent": measure.progress_percent,
        "last_reported_on": measure.last_reported_on, "completed_on": measure.completed_on,
        "evidence": [e.original_name for e in stored]})
    return report


@transaction.atomic
def evidence_attach(*, report_id: int, files, actor) -> list[Evidence]:
    """Add evidence to a report later: its author, the author's department, or a manager. Audit:
    measures.evidence_attached."""
    report = access_report(actor, report_id)
    if not can_edit_report(actor, report):
        raise DomainError(MeasureError.REPORT_DENIED, "只有填报部门可以补充佐证材料", status=403)
    checked = _validate_evidence(files)
    if not checked:
        raise DomainError(MeasureError.EVIDENCE_EMPTY, "请选择要上传的佐证材料")
    stored = _store_evidence(report, checked)
    audit_record(actor=actor, action="measures.evidence_attached", target=report,
                 after={"evidence": [{"id": e.pk, "name": e.original_name, "sha256": e.sha256} for e in stored]})
    return stored


# --------------------------------------------------------------------------------------------------
# Inspections (督察室)
# --------------------------------------------------------------------------------------------------

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
