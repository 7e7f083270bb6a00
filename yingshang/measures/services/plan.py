"""Import a plan (idempotent, audited, with a dry run): the plan found by its title, its measures by number."""

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError
from yingshang.measures import conf, domain
from yingshang.measures.choices import DepartmentRole
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import Measure, MeasureDepartment, MeasureLeader, Plan, Target, UnparsedBlock
from yingshang.measures.permissions import require_manage
from yingshang.measures.sources import plan_text_from_bytes

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
