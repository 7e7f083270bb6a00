"""Import (idempotent, audited, dry run, .txt/.docx, permissions), progress reports with evidence and 督察室
inspections. Refusals prove nothing was written."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from yingshang.audit.models import AuditEvent
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.measures.choices import DepartmentRole, InspectionStatus
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import (
    Evidence, Inspection, InspectionFollowUp, Measure, MeasureDepartment, MeasureLeader, Plan, ProgressReport,
    Target, UnparsedBlock,
)
from yingshang.measures.services import (
    evidence_attach, inspection_close, inspection_follow_up, inspection_record, plan_import, progress_report_file,
)
from yingshang.measures.tests.factories import (
    REAL_PLAN_PATH, VARIANT_PLAN_PATH, business_office_staff, import_real_plan, inspector, real_plan_text, staff,
    trial_manager,
)
from yingshang.measures.tests.test_domain import EXPECTED
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
AUG_1 = "2023-08-01 10:00:00+08:00"


def _named(data: bytes, name: str):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


# ---------------------------------------------------------------------------------------------- import

def test_import_real_plan_writes_35_measures_with_every_field():
    manager = trial_manager()
    result = plan_import(text=real_plan_text(), actor=manager)
    plan = result.plan
    assert (result.is_new_plan, result.created, result.updated, result.unchanged) == (True, list(range(1, 36)), [], [])
    assert (plan.title, plan.year, plan.started_on, plan.imported_by) == (
        "2023年优化法治化营商环境工作实施方案", 2023, date(2023, 1, 1), manager)
    assert [item["heading"] for item in plan.work_requirements] == ["加强组织领导", "强化责任落实", "营造良好氛围"]
    assert plan.preamble.endswith("特制定如下实施方案。") and plan.overall_requirements.startswith("坚持以习近平")
    assert Measure.objects.count() == 35 and Plan.objects.count() == 1
    assert MeasureLeader.objects.count() == sum(len(e[0]) for e in EXPECTED.values()) == 36
    assert MeasureDepartment.objects.filter(role=DepartmentRole.RESPONSIBLE).count() == 42
    assert MeasureDepartment.objects.filter(role=DepartmentRole.ASSISTING).count() == sum(
        len(e[2]) for e in EXPECTED.values())
    assert Target.objects.count() == 11 and UnparsedBlock.objects.count() == 0
    for measure in Measure.objects.prefetch_related("leaders", "departments"):
        leaders, responsible, assisting, deadline = EXPECTED[measure.number]
        assert [x.name for x in measure.leaders.all()] == leaders
        assert [d.name for d in measure.departments.all() if d.role == DepartmentRole.RESPONSIBLE] == responsible
        assert [d.name for d in measure.departments.all() if d.role == DepartmentRole.ASSISTING] == assisting
        assert (measure.deadline_on, measure.is_ongoing) == (deadline, deadline is None)
    eighth = Measure.objects.get(number=8)
    assert (eighth.deadline_text, eighth.line_number, eighth.label) == ("2023年8月底", 16, "8.")
    assert [(t.metric, t.comparator, t.value, t.unit, t.indicator_code) for t in eighth.targets.all()] == [
        ("涉企速裁案件调撤率", "gte", Decimal("60.00"), "percent", "enterprise_fast_track_mediation_withdrawal_rate"),
        ("解决纠纷成本", "lte", Decimal("14.91"), "percent", "dispute_resolution_cost_rate")]
    assert AuditEvent.objects.filter(action="measures.measure_created").count() == 35
    assert AuditEvent.objects.filter(action="measures.plan_imported", actor=manager).count() == 1


def test_reimporting_the_same_plan_changes_nothing_and_duplicates_nothing():
    first = plan_import(text=real_plan_text(), actor=None)
    ids = dict(Measure.objects.values_list("number", "pk"))
    audits = AuditEvent.objects.count()
    again = plan_import(text=real_plan_text(), actor=None)
    assert again.plan.pk == first.plan.pk and again.is_new_plan is False
    assert (again.created, again.updated, again.unchanged, again.deactivated) == ([], [], list(range(1, 36)), [])
    assert dict(Measure.objects.values_list("number", "pk")) == ids
    assert (Plan.objects.count(), Measure.objects.count(), MeasureLeader.objects.count(), Target.objects.count()) == (
        1, 35, 36, 11)
    assert list(AuditEvent.objects.order_by("-id").values_list("action", flat=True)[: AuditEvent.objects.count()
                                                                                   - audits]) == [
        "measures.plan_imported"]


def test_reimporting_a_changed_plan_updates_creates_and_deactivates_with_audit():
    import_real_plan()
    eighth_id = Measure.objects.get(number=8).pk
    lines = real_plan_text().split("\n")
    lines[15] = lines[15].replace("完成时限：2023年8月底）", "完成时限：2023年10月底）")
    lines[42] = "36.新增举措。（牵头领导：胡磊；责任部门：营商办；完成时限：2023年12月底前）"
    result = plan_import(text="\n".join(lines), actor=None)
    assert (result.created, result.updated, result.deactivated) == ([36], [8], [35])
    eighth = Measure.objects.get(pk=eighth_id)
    assert (eighth.deadline_on, eighth.deadline_text) == (date(2023, 10, 31), "2023年10月底")
    event = AuditEvent.objects.get(action="measures.measure_updated", target_id=str(eighth_id))
    assert event.before == {"source_text": lines[15].replace("10月底", "8月底"), "deadline_on": "2023-08-31",
                            "deadline_text": "2023年8月底"}
    assert event.after == {"source_text": lines[15], "deadline_on": "2023-10-31", "deadline_text": "2023年10月底"}
    assert Measure.objects.get(number=35).is_active is False
    assert Measure.objects.filter(is_active=True).count() == 35 and Measure.objects.count() == 36
    assert AuditEvent.objects.filter(action="measures.measure_deactivated").count() == 1


def test_dry_run_writes_nothing_and_says_what_would_happen():
    result = plan_import(text=real_plan_text(), actor=trial_manager(), dry_run=True)
    assert (result.dry_run, result.plan, result.created) == (True, None, list(range(1, 36)))
    assert not Plan.objects.exists() and not Measure.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize("make_user", [
    lambda: UserFactory(role=Role.JUDGE),
    lambda: staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER),
    lambda: UserFactory(role=Role.PARTY),
    lambda: UserFactory(role=Role.PRESIDENT),
])
def test_import_is_refused_to_others_and_writes_nothing(make_user):
    with pytest.raises(PermissionDenied) as refused:
        plan_import(text=real_plan_text(), actor=make_user())
    assert refused.value.code == MeasureError.IMPORT_DENIED
    assert not Plan.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize("make_user", [trial_manager, inspector, business_office_staff])
def test_import_is_allowed_to_trial_management_inspection_and_business_office(make_user):
    assert plan_import(text=real_plan_text(), actor=make_user()).plan.measures.count() == 35


@pytest.mark.parametrize("text, code", [
    ("", MeasureError.PLAN_TEXT_REQUIRED),
    ("某方案\n主要任务\n1.甲。\n2.乙。\n", MeasureError.PLAN_NO_MEASURES),
    ("为做好工作，制定本方案。\n1.甲。（牵头领导：张三；责任部门：立案庭；完成时限：2024年底）", MeasureError.PLAN_TITLE_MISSING),
])
def test_unusable_plans_are_refused_and_nothing_is_written(text, code):
    with pytest.raises(DomainError) as refused:
        plan_import(text=text, actor=None)
    assert refused.value.code == code
    assert not Plan.objects.exists() and not AuditEvent.objects.exists()


def test_no_measures_refusal_lists_the_unparsed_blocks_with_line_numbers():
    with pytest.raises(DomainError) as refused:
        plan_import(text="某方案\n主要任务\n1.甲。\n2.乙。\n", actor=None)
    assert refused.value.detail["unparsed"] == [
        {"line": 3, "text": "1.甲。", "reason": "未找到牵头领导、责任部门或完成时限"},
        {"line": 4, "text": "2.乙。", "reason": "未找到牵头领导、责任部门或完成时限"}]


def test_unparsed_blocks_are_stored_with_their_line_numbers_and_replaced_on_reimport():
    plan = plan_import(text=VARIANT_PLAN_PATH.read_text(encoding="utf-8"), actor=None).plan
    assert list(plan.unparsed_blocks.values_list("line_number", "text")) == [
        (20, "6.这是一条没有写明责任信息的举措，需要人工补录。")]
    assert plan.warnings == ["举措编号不连续，缺少：6"]
    fixed = VARIANT_PLAN_PATH.read_text(encoding="utf-8").replace(
        "6.这是一条没有写明责任信息的举措，需要人工补录。", "6.补录的举措。（牵头院领导：张三；牵头部门：立案庭；时间节点：2024年底）")
    result = plan_import(text=fixed, actor=None)
    assert result.created == [6]
    assert not UnparsedBlock.objects.exists()


def _docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_variant_plan_imports_like_its_text():
    lines = VARIANT_PLAN_PATH.read_text(encoding="utf-8").split("\n")
    result = plan_import(file=_named(_docx_bytes(lines), "方案.docx"), actor=None)
    measures = result.plan.measures.order_by("number")
    assert [(m.number, m.title, m.deadline_on) for m in measures] == [
        (1, "推进网上立案", date(2024, 6, 30)), (2, "加快案件审理", date(2024, 12, 31)),
        (3, "规范鉴定评估", date(2024, 12, 31)), (4, "强化执行案款发放", date(2024, 9, 30)),
        (5, "长期未结案件清理", None), (7, "推进府院联动", date(2024, 6, 30))]
    assert [x.name for x in measures[1].leaders.all()] == ["李四", "王五"]
    assert list(result.plan.unparsed_blocks.values_list("line_number", flat=True)) == [20]
    assert result.plan.source_name == "方案.docx"


def test_docx_real_plan_gives_the_same_35_measures():
    result = plan_import(file=_named(_docx_bytes(real_plan_text().split("\n")), "plan.docx"), actor=None)
    assert result.plan.measures.count() == 35
    assert list(result.plan.measures.order_by("number").values_list("deadline_on", flat=True)) == [
        EXPECTED[n][3] for n in range(1, 36)]


def test_docx_table_with_a_header_row_is_read_as_measures():
    data = _docx_bytes(["某法院2024年营商环境重点任务清单", "一、重点任务"], [
        ["序号", "工作任务", "牵头院领导", "牵头部门", "配合部门", "时间节点"],
        ["1", "推进网上立案。网上立案率达到80%以上。", "张三", "立案庭", "审管办、信息管理部门", "2024年6月30日前"],
        ["2", "规范保全。", "李四、王五", "各审判部门", "", "长期坚持"],
    ])
    plan = plan_import(file=_named(data, "清单.docx"), actor=None).plan
    rows = [(m.number, m.title, [x.name for x in m.leaders.all()], m.deadline_on, m.is_ongoing)
            for m in plan.measures.order_by("number")]
    assert rows == [(1, "推进网上立案", ["张三"], date(2024, 6, 30), False), (2, "规范保全", ["李四", "王五"], None, True)]
    assert [t.label for t in plan.measures.get(number=1).targets.all()] == ["网上立案率 ≥ 80%"]


def test_gb18030_text_file_is_read():
    data = VARIANT_PLAN_PATH.read_text(encoding="utf-8").encode("gb18030")
    assert plan_import(file=_named(data, "plan.txt"), actor=None).plan.measures.count() == 6


@pytest.mark.parametrize("name, data, code", [
    ("plan.doc", b"\xd0\xcf\x11\xe0", MeasureError.PLAN_FILE_TYPE),
    ("plan.pdf", b"%PDF-1.4", MeasureError.PLAN_FILE_TYPE),
    ("plan.docx", b"not a zip", MeasureError.PLAN_FILE_UNREADABLE),
])
def test_unreadable_files_are_refused(name, data, code):
    with pytest.raises(DomainError) as refused:
        plan_import(file=_named(data, name), actor=None)
    assert refused.value.code == code
    assert not Plan.objects.exists()


# ---------------------------------------------------------------------------------------------- command

def test_command_json_prints_exactly_the_documented_shape_and_imports(capsys):
    call_command("import_plan", str(REAL_PLAN_PATH), "--json")
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["title", "measures", "unparsed"]
    assert data["title"] == "2023年优化法治化营商环境工作实施方案" and data["unparsed"] == []
    assert [m["number"] for m in data["measures"]] == list(range(1, 36))
    eighth = data["measures"][7]
    assert {k: eighth[k] for k in ("title", "lead_leaders", "responsible_departments", "assisting_departments",
                                   "deadline", "is_ongoing")} == {
        "title": "优化涉市场主体案件办理机制，涉企速裁案件调撤率达到60%，解决纠纷成本控制在14.91%"
                 "（2022立案全省营商环境评价最优）以下",
        "lead_leaders": ["胡磊"], "responsible_departments": ["民事审判庭", "人民法庭"],
        "assisting_departments": ["审管办"], "deadline": "2023-08-31", "is_ongoing": False}
    assert eighth["targets"][1] == {"metric": "解决纠纷成本", "comparator": "lte", "value": "14.91", "unit": "percent",
                                    "phrase": "解决纠纷成本控制在14.91%（2022立案全省营商环境评价最优）以下", "basis": "",
                                    "indicator_code": "dispute_resolution_cost_rate"}
    for measure in data["measures"]:
        deadline = EXPECTED[measure["number"]][3]
        assert measure["deadline"] == (deadline.isoformat() if deadline else None)
    assert Measure.objects.count() == 35
    call_command("import_plan", str(REAL_PLAN_PATH), "--json")
    assert Measure.objects.count() == 35 and Plan.objects.count() == 1


def test_command_dry_run_writes_nothing(capsys):
    call_command("import_plan", str(VARIANT_PLAN_PATH), "--dry-run")
    out = capsys.readouterr().out
    assert "【试运行，未写入】某县人民法院2024年持续优化法治化营商环境实施方案：共 6 项举措" in out
    assert "未识别（第20行，未找到牵头领导、责任部门或完成时限）：6.这是一条没有写明责任信息的举措，需要人工补录。" in out
    assert not Plan.objects.exists() and not AuditEvent.objects.exists()


def test_command_refuses_missing_file_and_a_user_without_the_right():
    with pytest.raises(CommandError):
        call_command("import_plan", "/nonexistent/plan.txt")
    judge = UserFactory(role=Role.JUDGE)
    with pytest.raises(CommandError, match="MEASURES_IMPORT_DENIED"):
        call_command("import_plan", str(REAL_PLAN_PATH), "--user", judge.username)
    assert not Plan.objects.exists()


# ---------------------------------------------------------------------------------------------- reports

@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@time_machine.travel(AUG_1, tick=False)
def test_a_division_reports_on_a_measure_of_the_trial_departments_with_evidence(media):
    import_real_plan()
    judge = staff(DepartmentKind.CIVIL)
    second = Measure.objects.get(number=2)  # 责任部门：各审判部门
    upload = SimpleUploadedFile("调解台账.pdf", b"%PDF-1.4 ledger", content_type="application/pdf")
    report = progress_report_file(measure_id=second.pk, progress_percent=40, summary="已派驻两名调解员。",
                                  actor=judge, evidence=[upload])
    second.refresh_from_db()
    assert (second.progress_percent, second.last_reported_on, second.completed_on) == (40, date(2023, 8, 1), None)
    assert (report.department, report.author, report.reported_on) == (judge.department, judge, date(2023, 8, 1))
    [evidence] = report.evidence.all()
    assert (evidence.original_name, evidence.size_bytes, evidence.content_type) == ("调解台账.pdf", 15, "application/pdf")
    assert evidence.file.read() == b"%PDF-1.4 ledger"
    event = AuditEvent.objects.get(action="measures.progress_reported")
    assert event.after["evidence"] == ["调解台账.pdf"] and event.before["progress_percent"] == 0


@time_machine.travel(AUG_1, tick=False)
def test_a_department_cannot_report_on_a_measure_it_does_not_carry(media):
    import_real_plan()
    judge = staff(DepartmentKind.CIVIL)
    fifteenth = Measure.objects.get(number=15)  # 执行局; 审管办、信息管理部门
    with pytest.raises(PermissionDenied) as refused:
        progress_report_file(measure_id=fifteenth.pk, progress_percent=10, summary="x", actor=judge)
    assert refused.value.code == MeasureError.REPORT_DENIED
    assert not ProgressReport.objects.exists()
    assert not AuditEvent.objects.filter(action="measures.progress_reported").exists()
    officer = staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER)
    assert progress_report_file(measure_id=fifteenth.pk, progress_percent=10, summary="已对接网格数据。",
                                actor=officer).pk


@time_machine.travel(AUG_1, tick=False)
def test_collective_all_departments_lets_any_department_report(media):
    import_real_plan()
    thirty_third = Measure.objects.get(number=33)  # 全院各部门
    finance = staff(DepartmentKind.FINANCE, Role.FINANCE)
    assert progress_report_file(measure_id=thirty_third.pk, progress_percent=5, summary="已提出试点建议。",
                                actor=finance).department.kind == DepartmentKind.FINANCE


@time_machine.travel(AUG_1, tick=False)
@pytest.mark.parametrize("kwargs, code", [
    ({"progress_percent": 101}, MeasureError.PROGRESS_OUT_OF_RANGE),
    ({"progress_percent": -1}, MeasureError.PROGRESS_OUT_OF_RANGE),
    ({"progress_percent": 90, "is_completed": True}, MeasureError.PROGRESS_COMPLETED_NOT_100),
    ({"reported_on": date(2023, 8, 2)}, MeasureError.REPORT_DATE_IN_FUTURE),
    ({"summary": "  "}, MeasureError.REPORT_SUMMARY_REQUIRED),
    ({"evidence": [SimpleUploadedFile("a.exe", b"MZ")]}, MeasureError.EVIDENCE_TYPE),
    ({"evidence": [SimpleUploadedFile("a.pdf", b"")]}, MeasureError.EVIDENCE_EMPTY),
])
def test_invalid_reports_are_refused_and_nothing_is_written(media, kwargs, code):
    import_real_plan()
    measure = Measure.objects.get(number=2)
    args = {"measure_id": measure.pk, "progress_percent": 50, "summary": "进展", "actor": staff(DepartmentKind.CIVIL),
            **kwargs}
    with pytest.raises(DomainError) as refused:
        progress_report_file(**args)
    assert refused.value.code == code
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action="measures.progress_reported").exists()
    measure.refresh_from_db()
    assert (measure.progress_percent, measure.last_reported_on) == (0, None)


@time_machine.travel(AUG_1, tick=False)
def test_evidence_too_large_is_refused(media, settings):
    settings.MEASURES_EVIDENCE_MAX_BYTES = 4
    import_real_plan()
    with pytest.raises(DomainError) as refused:
        progress_report_file(measure_id=Measure.objects.get(number=2).pk, progress_percent=5, summary="x",
                             actor=staff(DepartmentKind.CIVIL), evidence=[SimpleUploadedFile("a.pdf", b"12345")])
    assert refused.value.code == MeasureError.EVIDENCE_TOO_LARGE
    assert not ProgressReport.objects.exists()


@time_machine.travel(AUG_1, tick=False)
def test_completion_report_completes_the_measure_and_later_reports_are_refused(media):
    import_real_plan()
    manager = business_office_staff()
    measure = Measure.objects.get(number=8)
    progress_report_file(measure_id=measure.pk, progress_percent=100, is_completed=True, summary="已完成。",
                         reported_on=date(2023, 7, 30), actor=manager)
    measure.refresh_from_db()
    assert (measure.completed_on, measure.progress_percent) == (date(2023, 7, 30), 100)
    with pytest.raises(DomainError) as refused:
        progress_report_file(measure_id=measure.pk, progress_percent=100, summary="再报", actor=manager)
    assert refused.value.code == MeasureError.MEASURE_ALREADY_COMPLETED
    assert ProgressReport.objects.count() == 1


@time_machine.travel(AUG_1, tick=False)
def test_a_backdated_report_does_not_override_a_later_one(media):
    import_real_plan()
    judge = staff(DepartmentKind.CIVIL)
    measure = Measure.objects.get(number=2)
    progress_report_file(measure_id=measure.pk, progress_percent=60, summary="七月底", actor=judge,
                         reported_on=date(2023, 7, 31))
    progress_report_file(measure_id=measure.pk, progress_percent=30, summary="补报六月", actor=judge,
                         reported_on=date(2023, 6, 30))
    measure.refresh_from_db()
    assert (measure.progress_percent, measure.last_reported_on) == (60, date(2023, 7, 31))


@time_machine.travel(AUG_1, tick=False)
def test_reports_on_a_deactivated_measure_are_refused(media):
    import_real_plan()
    lines = real_plan_text().split("\n")
    del lines[42]
    plan_import(text="\n".join(lines), actor=None)
    with pytest.raises(DomainError) as refused:
        progress_report_file(measure_id=Measure.objects.get(number=35).pk, progress_percent=5, summary="x",
                             actor=trial_manager())
    assert refused.value.code == MeasureError.MEASURE_INACTIVE


@time_machine.travel(AUG_1, tick=False)
def test_evidence_can_be_added_later_by_the_reporting_department_only(media):
    import_real_plan()
    judge = staff(DepartmentKind.CIVIL)
    report = progress_report_file(measure_id=Measure.objects.get(number=2).pk, progress_percent=10, summary="x",
                                  actor=judge)
    colleague = UserFactory(role=Role.CLERK, court=judge.court, department=judge.department)
    [added] = evidence_attach(report_id=report.pk, files=[SimpleUploadedFile("照片.jpg", b"\xff\xd8jpeg")],
                              actor=colleague)
    assert added.original_name == "照片.jpg"
    outsider = staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER)
    with pytest.raises(DomainError) as refused:
        evidence_attach(report_id=report.pk, files=[SimpleUploadedFile("b.pdf", b"x")], actor=outsider)
    assert (refused.value.code, refused.value.status) == (MeasureError.REPORT_DENIED, 403)
    assert report.evidence.count() == 1


# ---------------------------------------------------------------------------------------------- inspections

@time_machine.travel(AUG_1, tick=False)
def test_inspection_findings_follow_up_and_closure():
    import_real_plan()
    checker = inspector()
    measure = Measure.objects.get(number=13)
    inspection = inspection_record(measure_id=measure.pk, findings="超9个月未结案件未逐案过堂。",
                                   rectification_deadline_on=date(2023, 8, 31), actor=checker)
    assert (inspection.status, inspection.inspected_on, inspection.rectification_deadline_on) == (
        InspectionStatus.OPEN, date(2023, 8, 1), date(2023, 8, 31))
    division = staff(DepartmentKind.CIVIL)  # 各审判部门
    inspection_follow_up(inspection_id=inspection.pk, note="已制定一案一策。", actor=division)
    closed = inspection_close(inspection_id=inspection.pk, closure_note="整改到位，予以销号。", actor=checker)
    assert (closed.status, closed.closed_on, closed.closed_by) == (InspectionStatus.CLOSED, date(2023, 8, 1), checker)
    assert list(AuditEvent.objects.filter(target_type="measures.inspection").order_by("id")
                .values_list("action", flat=True)) == [
        "measures.inspection_recorded", "measures.inspection_followed_up", "measures.inspection_closed"]
    with pytest.raises(DomainError) as refused:
        inspection_follow_up(inspection_id=inspection.pk, note="再跟踪", actor=checker)
    assert refused.value.code == MeasureError.INSPECTION_CLOSED
    with pytest.raises(DomainError):
        inspection_close(inspection_id=inspection.pk, closure_note="再销号", actor=checker)
    assert InspectionFollowUp.objects.count() == 1


@time_machine.travel(AUG_1, tick=False)
@pytest.mark.parametrize("kwargs, code", [
    ({"findings": ""}, MeasureError.INSPECTION_FINDINGS_REQUIRED),
    ({"rectification_deadline_on": None}, MeasureError.INSPECTION_DEADLINE_REQUIRED),
    ({"rectification_deadline_on": date(2023, 7, 31)}, MeasureError.INSPECTION_DEADLINE_BEFORE_INSPECTION),
    ({"inspected_on": date(2023, 8, 2), "rectification_deadline_on": date(2023, 8, 9)},
     MeasureError.INSPECTION_DATE_IN_FUTURE),
])
def test_invalid_inspections_are_refused_and_nothing_is_written(kwargs, code):
    import_real_plan()
    args = {"measure_id": Measure.objects.get(number=13).pk, "findings": "问题",
            "rectification_deadline_on": date(2023, 8, 31), "actor": inspector(), **kwargs}
    with pytest.raises(DomainError) as refused:
        inspection_record(**args)
    assert refused.value.code == code
    assert not Inspection.objects.exists()
    assert not AuditEvent.objects.filter(target_type="measures.inspection").exists()


@time_machine.travel(AUG_1, tick=False)
def test_only_managers_inspect_and_close():
    import_real_plan()
    measure = Measure.objects.get(number=13)
    with pytest.raises(PermissionDenied):
        inspection_record(measure_id=measure.pk, findings="x", rectification_deadline_on=date(2023, 8, 31),
                          actor=staff(DepartmentKind.CIVIL, Role.DIVISION_HEAD))
    assert not Inspection.objects.exists()
    inspection = inspection_record(measure_id=measure.pk, findings="无问题", rectification_required=False,
                                   actor=trial_manager())
    assert inspection.rectification_deadline_on is None
    with pytest.raises(PermissionDenied):
        inspection_close(inspection_id=inspection.pk, closure_note="销号", actor=staff(DepartmentKind.CIVIL))
    with pytest.raises(DomainError) as refused:
        inspection_follow_up(inspection_id=inspection.pk, note="x",
                             actor=staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER))
    assert refused.value.status == 403
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.OPEN
