"""Editing a progress report (the reporting department, or 审管办/督察室/营商办; audited before/after with a
reason), evidence kept outside MEDIA_ROOT, and evidence files removed when their transaction does not commit."""

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from yingshang.audit.models import AuditEvent
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import Evidence, Measure, ProgressReport
from yingshang.measures.services import evidence_attach, progress_report_file, progress_report_update
from yingshang.measures.services import reports as report_services
from yingshang.measures.tests.factories import business_office_staff, import_real_plan, staff
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
AUG_1 = "2023-08-01 10:00:00+08:00"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def second():
    import_real_plan()
    return Measure.objects.get(number=2)  # 责任部门：各审判部门


@pytest.fixture
def judge():
    return staff(DepartmentKind.CIVIL)


def _report(measure, judge, **kwargs):
    args = {"measure_id": measure.pk, "progress_percent": 40, "summary": "已派驻调解员。", "actor": judge,
            "reported_on": date(2023, 7, 20), **kwargs}
    return progress_report_file(**args)


# ---------------------------------------------------------------------------------------------- editing

@time_machine.travel(AUG_1, tick=False)
def test_a_colleague_of_the_reporting_department_corrects_the_report_and_the_measure_follows(second, judge):
    report = _report(second, judge)
    colleague = UserFactory(role=Role.CLERK, court=judge.court, department=judge.department)
    progress_report_update(report_id=report.pk, actor=colleague, reason="比例填错", progress_percent=45,
                           summary="已派驻两名调解员。")
    report.refresh_from_db()
    second.refresh_from_db()
    assert (report.progress_percent, report.summary, report.author) == (45, "已派驻两名调解员。", judge)
    assert (second.progress_percent, second.last_reported_on) == (45, date(2023, 7, 20))
    event = AuditEvent.objects.get(action="measures.report_updated")
    assert (event.actor, event.target_type, event.target_id, event.reason) == (
        colleague, "measures.progressreport", str(report.pk), "比例填错")
    assert event.before == {"progress_percent": 40, "summary": "已派驻调解员。",
                            "measure": {"progress_percent": 40, "last_reported_on": "2023-07-20",
                                        "completed_on": None}}
    assert event.after == {"progress_percent": 45, "summary": "已派驻两名调解员。",
                           "measure": {"progress_percent": 45, "last_reported_on": "2023-07-20",
                                       "completed_on": None}}


@time_machine.travel(AUG_1, tick=False)
def test_moving_a_report_date_and_completion_recompute_the_measure(second, judge):
    early = _report(second, judge, progress_percent=30, reported_on=date(2023, 6, 30))
    late = _report(second, judge, progress_percent=100, is_completed=True, reported_on=date(2023, 7, 31))
    second.refresh_from_db()
    assert (second.progress_percent, second.completed_on) == (100, date(2023, 7, 31))
    progress_report_update(report_id=late.pk, actor=judge, reason="尚未全部完成", is_completed=False,
                           progress_percent=90)
    second.refresh_from_db()
    assert (second.progress_percent, second.last_reported_on, second.completed_on) == (90, date(2023, 7, 31), None)
    progress_report_update(report_id=early.pk, actor=judge, reason="日期填错", reported_on=date(2023, 8, 1),
                           progress_percent=95)
    second.refresh_from_db()
    assert (second.progress_percent, second.last_reported_on) == (95, date(2023, 8, 1))
    event = AuditEvent.objects.filter(action="measures.report_updated").order_by("-id").first()
    assert event.before == {"reported_on": "2023-06-30", "progress_percent": 30,
                            "measure": {"progress_percent": 90, "last_reported_on": "2023-07-31",
                                        "completed_on": None}}


@time_machine.travel(AUG_1, tick=False)
def test_managers_may_correct_and_add_evidence_in_the_same_edit(second, judge, evidence_root):
    report = _report(second, judge)
    manager = business_office_staff()
    progress_report_update(report_id=report.pk, actor=manager, reason="补充佐证",
                           evidence=[SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 sign")])
    [added] = report.evidence.all()
    assert added.original_name == "签到表.pdf" and added.file.read() == b"%PDF-1.4 sign"
    event = AuditEvent.objects.get(action="measures.report_updated")
    assert event.before == {} and event.after == {
        "evidence_added": [{"id": added.pk, "name": "签到表.pdf", "sha256": added.sha256}]}
    assert [p.name for p in _files(evidence_root)] == [added.sha256]


@time_machine.travel(AUG_1, tick=False)
@pytest.mark.parametrize("make_user, error", [
    (lambda judge: staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER), PermissionDenied),
    (lambda judge: staff(DepartmentKind.CRIMINAL), PermissionDenied),  # also carries measure 2, not this report
    (lambda judge: UserFactory(role=Role.PARTY), NotFound),
    (lambda judge: UserFactory(role=Role.PRESIDENT, display_name="胡磊"), PermissionDenied),
])
def test_others_cannot_edit_and_nothing_is_written(second, judge, make_user, error):
    report = _report(second, judge)
    audits = AuditEvent.objects.count()
    with pytest.raises(error) as refused:
        progress_report_update(report_id=report.pk, actor=make_user(judge), reason="改", progress_percent=99)
    assert refused.value.code in (MeasureError.REPORT_DENIED, MeasureError.REPORT_NOT_FOUND)
    report.refresh_from_db()
    second.refresh_from_db()
    assert (report.progress_percent, second.progress_percent, AuditEvent.objects.count()) == (40, 40, audits)


@time_machine.travel(AUG_1, tick=False)
@pytest.mark.parametrize("kwargs, code", [
    ({"reason": " ", "progress_percent": 50}, MeasureError.REPORT_EDIT_REASON_REQUIRED),
    ({"reason": "改"}, MeasureError.REPORT_UNCHANGED),
    ({"reason": "改", "progress_percent": 40, "summary": "已派驻调解员。"}, MeasureError.REPORT_UNCHANGED),
    ({"reason": "改", "progress_percent": 101}, MeasureError.PROGRESS_OUT_OF_RANGE),
    ({"reason": "改", "is_completed": True}, MeasureError.PROGRESS_COMPLETED_NOT_100),
    ({"reason": "改", "reported_on": date(2023, 8, 2)}, MeasureError.REPORT_DATE_IN_FUTURE),
    ({"reason": "改", "summary": "  "}, MeasureError.REPORT_SUMMARY_REQUIRED),
    ({"reason": "改", "evidence": [SimpleUploadedFile("a.exe", b"MZ")]}, MeasureError.EVIDENCE_TYPE),
])
def test_invalid_edits_are_refused_and_nothing_is_written(second, judge, evidence_root, kwargs, code):
    report = _report(second, judge)
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        progress_report_update(report_id=report.pk, actor=judge, **kwargs)
    assert refused.value.code == code
    report.refresh_from_db()
    assert (report.progress_percent, report.summary, report.is_completed, report.reported_on) == (
        40, "已派驻调解员。", False, date(2023, 7, 20))
    assert AuditEvent.objects.count() == audits and not Evidence.objects.exists() and _files(evidence_root) == []


# ---------------------------------------------------------------------------------------------- evidence files

@time_machine.travel(AUG_1, tick=False)
def test_evidence_lives_outside_media_root_and_has_no_public_url(second, judge, settings, tmp_path, evidence_root):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    report = _report(second, judge, evidence=[SimpleUploadedFile("台账.pdf", b"%PDF-1.4 x")])
    [evidence] = report.evidence.all()
    stored = Path(evidence.file.path)
    assert stored.is_file() and stored.is_relative_to(evidence_root)
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        evidence.file.url


def test_default_evidence_root_is_a_sibling_of_media_root(settings):
    from yingshang.measures import conf

    del settings.MEASURES_EVIDENCE_ROOT
    settings.MEDIA_ROOT = "/srv/yingshang/media"
    assert conf.evidence_root() == Path("/srv/yingshang/private/measures-evidence")


@time_machine.travel(AUG_1, tick=False)
def test_files_written_before_a_failure_are_removed_with_the_rollback(second, judge, evidence_root, monkeypatch):
    def audit_fails(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(report_services, "audit_record", audit_fails)
    with pytest.raises(RuntimeError):
        _report(second, judge, evidence=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"),
                                         SimpleUploadedFile("b.pdf", b"%PDF-1.4 b")])
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    assert _files(evidence_root) == []


@time_machine.travel(AUG_1, tick=False)
def test_files_of_a_failed_attach_or_edit_are_removed_and_earlier_files_stay(second, judge, evidence_root,
                                                                             monkeypatch):
    report = _report(second, judge, evidence=[SimpleUploadedFile("first.pdf", b"%PDF-1.4 first")])
    kept = _files(evidence_root)
    assert len(kept) == 1
    monkeypatch.setattr(report_services, "audit_record", lambda **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        evidence_attach(report_id=report.pk, files=[SimpleUploadedFile("first.pdf", b"%PDF-1.4 first")],
                        actor=judge)  # same content: stored under another name, removed again
    with pytest.raises(ZeroDivisionError):
        progress_report_update(report_id=report.pk, actor=judge, reason="补充",
                               evidence=[SimpleUploadedFile("c.pdf", b"%PDF-1.4 c")])
    assert _files(evidence_root) == kept and Evidence.objects.count() == 1


@time_machine.travel(AUG_1, tick=False)
def test_a_service_writing_files_refuses_to_run_inside_a_callers_transaction(second, judge, evidence_root):
    with pytest.raises(RuntimeError), transaction.atomic():
        _report(second, judge, evidence=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 a")])
    assert _files(evidence_root) == [] and not ProgressReport.objects.exists()
