"""Departments' progress reports on measures, with evidence files."""

import hashlib
import os
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import DomainError
from yingshang.measures import conf
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import Evidence, Measure, ProgressReport
from yingshang.measures.permissions import access_measure_for_report, access_report, can_edit_report


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
