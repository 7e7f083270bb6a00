"""Departments' progress reports on measures, with evidence files; editing a report.

Evidence files are written inside the service's transaction. If that transaction does not commit, the files it
wrote are removed again (files_removed_unless_committed); the transaction is ``durable`` (never nested in a
caller's), so leaving it by an exception is exactly a rollback and no file outlives its row."""

import hashlib
import os
from contextlib import contextmanager
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Min

from yingshang.audit.services import audit_record
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.measures import conf
from yingshang.measures.errors import MeasureError
from yingshang.measures.choices import ReformStatus
from yingshang.measures.models import Evidence, Measure, ProgressReport, Reform
from yingshang.measures.permissions import (
    access_measure_for_report, access_reform, access_report, can_edit_report, can_work_on_reform,
)
from yingshang.measures.storage import evidence_storage


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


@contextmanager
def files_removed_unless_committed():
    """Collect the names of the evidence files written inside; if the block is left by an exception (the durable
    transaction inside it rolled back, or its commit failed) delete them, then re-raise."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        storage = evidence_storage()
        for name in written:
            storage.delete(name)
        raise


def _store_evidence(report: ProgressReport, checked, written: list[str]) -> list[Evidence]:
    stored = []
    for upload, data in checked:
        digest = hashlib.sha256(data).hexdigest()
        evidence = Evidence(report=report, original_name=os.path.basename(upload.name)[:255],
                            content_type=(getattr(upload, "content_type", "") or "")[:100], size_bytes=len(data),
                            sha256=digest, uploaded_at=court_now())
        evidence.file.save(digest, ContentFile(data), save=False)
        written.append(evidence.file.name)
        evidence.save()
        stored.append(evidence)
    return stored


def _check_report_values(*, progress_percent, is_completed: bool, reported_on: date, summary: str) -> None:
    today = court_today()
    if not isinstance(progress_percent, int) or isinstance(progress_percent, bool) or not 0 <= progress_percent <= 100:
        raise DomainError(MeasureError.PROGRESS_OUT_OF_RANGE, "完成比例应为 0 到 100 之间的整数")
    if is_completed and progress_percent != 100:
        raise DomainError(MeasureError.PROGRESS_COMPLETED_NOT_100, "报告已完成时，完成比例应为 100%")
    if reported_on > today:
        raise DomainError(MeasureError.REPORT_DATE_IN_FUTURE, "报告日期不能晚于今天", {"today": today})
    if not (summary or "").strip():
        raise DomainError(MeasureError.REPORT_SUMMARY_REQUIRED, "请填写工作进展")


def _progress_fields(owner) -> dict:
    return {"progress_percent": owner.progress_percent, "last_reported_on": owner.last_reported_on,
            "completed_on": owner.completed_on}


def _owner_refresh(owner, reports) -> None:
    """The measure shows its latest report (by report date, then filing order) and is complete from the date of
    its first completion report."""
    latest = reports.order_by("-reported_on", "-id").first()
    owner.progress_percent = latest.progress_percent if latest else 0
    owner.last_reported_on = latest.reported_on if latest else None
    owner.completed_on = reports.filter(is_completed=True).aggregate(first=Min("reported_on"))["first"]
    owner.save(update_fields=["progress_percent", "last_reported_on", "completed_on", "updated_at"])


def _owner_reports(owner):
    """The reports that make up an owner's progress: a reform's own, or a measure's without its reforms'."""
    if isinstance(owner, Reform):
        return ProgressReport.objects.filter(reform=owner)
    return ProgressReport.objects.filter(measure=owner, reform__isnull=True)


def progress_report_file(*, measure_id: int, progress_percent: int, summary: str, actor, is_completed: bool = False,
                         problems: str = "", next_steps: str = "", reported_on: date | None = None,
                         evidence=()) -> ProgressReport:
    """A department reports progress on a measure it is responsible for or assists with (or 审管办/督察室/营商办
    on any). The measure shows the latest report's progress; a report marked complete (100%) completes it.
    Audit: measures.progress_reported."""
    with files_removed_unless_committed() as written:
        return _progress_report_file(
            measure_id=measure_id, reform_id=None, progress_percent=progress_percent, summary=summary, actor=actor,
            is_completed=is_completed, problems=problems, next_steps=next_steps, reported_on=reported_on,
            evidence=evidence, written=written)


def reform_report_file(*, reform_id: int, progress_percent: int, summary: str, actor, is_completed: bool = False,
                       problems: str = "", next_steps: str = "", reported_on: date | None = None,
                       evidence=()) -> ProgressReport:
    """The responsible department of an adopted reform (or a manager) reports progress on it, exactly as on a
    measure; the report belongs to the reform's measure (32 or 33) too. Audit: measures.reform_progress_reported."""
    with files_removed_unless_committed() as written:
        return _progress_report_file(
            measure_id=None, reform_id=reform_id, progress_percent=progress_percent, summary=summary, actor=actor,
            is_completed=is_completed, problems=problems, next_steps=next_steps, reported_on=reported_on,
            evidence=evidence, written=written)


def _owner_for_report(actor, *, measure_id, reform_id) -> tuple[Measure, Reform | None]:
    """Authorize, then lock the measure (and the reform) the report is about."""
    if reform_id is None:
        access_measure_for_report(actor, measure_id)
        return Measure.objects.select_for_update().get(pk=measure_id), None
    found = access_reform(actor, reform_id)
    if found.status != ReformStatus.ADOPTED:
        raise DomainError(MeasureError.REFORM_NOT_ADOPTED, "该改革事项尚未采纳，不能报送进展")
    if not can_work_on_reform(actor, found):
        raise PermissionDenied(MeasureError.REPORT_DENIED, "只有该改革事项的责任部门或审管办、督察室、营商办可以报送进展")
    measure = Measure.objects.select_for_update().get(pk=found.measure_id)
    return measure, Reform.objects.select_for_update().get(pk=found.pk)


@transaction.atomic(durable=True)
def _progress_report_file(*, measure_id, reform_id, progress_percent, summary, actor, is_completed, problems,
                          next_steps, reported_on, evidence, written) -> ProgressReport:
    measure, reform = _owner_for_report(actor, measure_id=measure_id, reform_id=reform_id)
    owner = reform or measure
    reported_on = reported_on or court_today()
    if not measure.is_active:
        raise DomainError(MeasureError.MEASURE_INACTIVE, "该举措已不在现行方案中，不能报送进展")
    if owner.completed_on is not None:
        code, what = ((MeasureError.REFORM_ALREADY_COMPLETED, "该改革事项") if reform
                      else (MeasureError.MEASURE_ALREADY_COMPLETED, "该举措"))
        raise DomainError(code, f"{what}已报告完成，不能再报送进展", {"completed_on": owner.completed_on})
    _check_report_values(progress_percent=progress_percent, is_completed=is_completed, reported_on=reported_on,
                         summary=summary)
    checked = _validate_evidence(evidence)
    before = _progress_fields(owner)
    report = ProgressReport.objects.create(
        measure=measure, reform=reform, department=actor.department if actor.department_id else None,
        reported_on=reported_on, progress_percent=progress_percent, is_completed=is_completed,
        summary=summary.strip(), problems=(problems or "").strip(), next_steps=(next_steps or "").strip(),
        author=actor)
    stored = _store_evidence(report, checked, written)
    _owner_refresh(owner, _owner_reports(owner))
    action = "measures.reform_progress_reported" if reform else "measures.progress_reported"
    audit_record(actor=actor, action=action, target=owner, before=before, after={
        "report_id": report.pk, **_progress_fields(owner), "evidence": [e.original_name for e in stored]})
    return report


def evidence_attach(*, report_id: int, files, actor) -> list[Evidence]:
    """Add evidence to a report later: its author, the author's department, or a manager. Audit:
    measures.evidence_attached."""
    with files_removed_unless_committed() as written:
        return _evidence_attach(report_id=report_id, files=files, actor=actor, written=written)


@transaction.atomic(durable=True)
def _evidence_attach(*, report_id, files, actor, written) -> list[Evidence]:
    report = access_report(actor, report_id)
    if not can_edit_report(actor, report):
        raise PermissionDenied(MeasureError.REPORT_DENIED, "只有填报部门可以补充佐证材料")
    checked = _validate_evidence(files)
    if not checked:
        raise DomainError(MeasureError.EVIDENCE_EMPTY, "请选择要上传的佐证材料")
    stored = _store_evidence(report, checked, written)
    audit_record(actor=actor, action="measures.evidence_attached", target=report,
                 after={"evidence": [{"id": e.pk, "name": e.original_name, "sha256": e.sha256} for e in stored]})
    return stored


REPORT_EDITABLE_FIELDS = ("reported_on", "progress_percent", "is_completed", "summary", "problems", "next_steps")


def progress_report_update(*, report_id: int, actor, reason: str, reported_on: date | None = None,
                           progress_percent: int | None = None, is_completed: bool | None = None,
                           summary: str | None = None, problems: str | None = None, next_steps: str | None = None,
                           evidence=()) -> ProgressReport:
    """The reporting department (the author, a colleague of the author's department) or 审管办/督察室/营商办
    corrects a report; fields left None keep their value, new evidence files may be added. A reason is required.
    The measure's (or reform's) progress is recomputed from all its reports. Refused, writing nothing, when
    nothing changes.
    Audit: measures.report_updated with the changed fields before and after and the reason."""
    with files_removed_unless_committed() as written:
        return _progress_report_update(
            report_id=report_id, actor=actor, reason=reason, written=written, evidence=evidence,
            changes={"reported_on": reported_on, "progress_percent": progress_percent, "is_completed": is_completed,
                     "summary": summary, "problems": problems, "next_steps": next_steps})


@transaction.atomic(durable=True)
def _progress_report_update(*, report_id, actor, reason, changes: dict, evidence, written) -> ProgressReport:
    found = access_report(actor, report_id)
    if not can_edit_report(actor, found):
        raise PermissionDenied(MeasureError.REPORT_DENIED, "只有填报部门或审管办、督察室、营商办可以修改进展报告")
    measure = Measure.objects.select_for_update().get(pk=found.measure_id)
    owner = Reform.objects.select_for_update().get(pk=found.reform_id) if found.reform_id else measure
    report = ProgressReport.objects.select_for_update().get(pk=found.pk)
    if not measure.is_active:
        raise DomainError(MeasureError.MEASURE_INACTIVE, "该举措已不在现行方案中，不能修改进展报告")
    if not (reason or "").strip():
        raise DomainError(MeasureError.REPORT_EDIT_REASON_REQUIRED, "请填写修改原因")
    current = {name: getattr(report, name) for name in REPORT_EDITABLE_FIELDS}
    wanted = {**current, **{k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items() if v is not None}}
    _check_report_values(progress_percent=wanted["progress_percent"], is_completed=wanted["is_completed"],
                         reported_on=wanted["reported_on"], summary=wanted["summary"])
    checked = _validate_evidence(evidence)
    changed = [name for name in REPORT_EDITABLE_FIELDS if wanted[name] != current[name]]
    if not changed and not checked:
        raise DomainError(MeasureError.REPORT_UNCHANGED, "没有修改任何内容")
    owner_before = _progress_fields(owner)
    for name in changed:
        setattr(report, name, wanted[name])
    report.save(update_fields=[*changed, "updated_at"])
    stored = _store_evidence(report, checked, written)
    _owner_refresh(owner, _owner_reports(owner))
    before = {name: current[name] for name in changed}
    after = {name: wanted[name] for name in changed}
    if stored:
        after["evidence_added"] = [{"id": e.pk, "name": e.original_name, "sha256": e.sha256} for e in stored]
    owner_after = _progress_fields(owner)
    if owner_after != owner_before:
        key = "reform" if found.reform_id else "measure"
        before[key], after[key] = owner_before, owner_after
    audit_record(actor=actor, action="measures.report_updated", target=report, before=before, after=after,
                 reason=reason.strip())
    return report
