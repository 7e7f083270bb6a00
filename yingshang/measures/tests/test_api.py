"""/api/v1/measures: board list with status and light, detail, import, reports, evidence, inspections;
anonymous / outside / wrong department / allowed."""

import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.audit.models import AuditEvent
from yingshang.measures.models import Evidence, Inspection, Measure, Plan, ProgressReport
from yingshang.measures.tests.factories import (
    REAL_PLAN_PATH, business_office_staff, import_real_plan, inspector, staff, trial_manager,
)
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SEP_1 = "2023-09-01 09:00:00+08:00"
URL = "/api/v1/measures"


@pytest.fixture
def plan():
    return import_real_plan()


def test_anonymous_gets_401_and_outside_users_404(api_client, plan):
    assert api_client.get(URL).status_code == 401
    api_client.force_login(UserFactory(role=Role.PARTY))
    response = api_client.get(URL)
    assert response.status_code == 404 and response.json()["code"] == "MEASURE_NOT_FOUND"
    assert api_client.get(f"{URL}/{Measure.objects.get(number=1).pk}").status_code == 404


@time_machine.travel(SEP_1, tick=False)
def test_board_list_gives_status_light_and_targets_as_of_today(api_client, plan):
    api_client.force_login(staff(DepartmentKind.CIVIL))
    data = api_client.get(URL, {"page_size": 50}).json()
    assert data["count"] == 35 and [m["number"] for m in data["items"]] == list(range(1, 36))
    eighth = data["items"][7]
    assert {k: eighth[k] for k in ("deadline_on", "status", "status_label", "light", "light_label", "light_text",
                                   "days_left")} == {
        "deadline_on": "2023-08-31", "status": "overdue", "status_label": "逾期", "light": "red",
        "light_label": "红灯", "light_text": "已逾期1日", "days_left": -1}
    assert eighth["targets"][0] == {
        "metric": "涉企速裁案件调撤率", "comparator": "gte", "comparator_label": "≥（不低于）", "value": "60",
        "unit": "percent", "unit_label": "%", "label": "涉企速裁案件调撤率 ≥ 60%", "phrase": "涉企速裁案件调撤率达到60%",
        "basis": "", "indicator_code": "enterprise_fast_track_mediation_withdrawal_rate", "live_value": "暂无数据"}
    second = data["items"][1]
    assert (second["status"], second["light"], second["light_text"]) == ("ongoing", "amber", "已243日未报送进展")
    # Deadlines 2023-05-31, 06-30 (×3), 08-31 have passed on 2023-09-01: 20, 17, 27, 28, 8.
    overdue = api_client.get(URL, {"status": "overdue"}).json()
    assert sorted(m["number"] for m in overdue["items"]) == [8, 17, 20, 27, 28]


def test_board_filters_by_leader_department_and_mine(api_client, plan):
    judge = staff(DepartmentKind.CIVIL)
    api_client.force_login(judge)
    numbers = lambda params: sorted(m["number"] for m in api_client.get(URL, {**params, "page_size": 50})
                                    .json()["items"])
    assert numbers({"leader": "瞿红光"}) == [7, 25, 26, 27, 28, 29, 30, 31]
    assert numbers({"department": "执行局"}) == [5, 15, 16, 17, 18, 19, 21, 23, 24, 25, 27, 28, 30, 35]
    # 民事审判庭 carries what names it, 各审判部门 and 全院各部门.
    assert numbers({"mine": True}) == [2, 4, 5, 8, 9, 10, 13, 14, 20, 22, 32, 33, 34, 35]
    leader = staff(DepartmentKind.LEADERSHIP, Role.VICE_PRESIDENT, display_name="熊国华")
    api_client.force_login(leader)
    assert numbers({"mine": True}) == [15, 16, 17, 18, 19, 21, 23, 35]


def test_list_is_paginated(api_client, plan):
    api_client.force_login(staff(DepartmentKind.CIVIL))
    data = api_client.get(URL, {"page": 2, "page_size": 10}).json()
    assert data["count"] == 35 and [m["number"] for m in data["items"]] == list(range(11, 21))


def test_detail_and_plans(api_client, plan):
    api_client.force_login(staff(DepartmentKind.CIVIL))
    detail = api_client.get(f"{URL}/{Measure.objects.get(number=35).pk}").json()
    assert (detail["lead_leaders"], detail["responsible_departments"], detail["line_number"]) == (
        ["胡磊", "熊国华"], ["民事审判庭", "执行局", "各基层法庭"], 43)
    assert detail["can_report"] is True and detail["can_manage"] is False
    assert api_client.get(f"{URL}/999999").status_code == 404
    plans = api_client.get(f"{URL}/plans").json()
    assert plans["count"] == 1 and plans["items"][0]["measure_count"] == 35
    assert [i["heading"] for i in plans["items"][0]["work_requirements"]] == ["加强组织领导", "强化责任落实", "营造良好氛围"]


def test_import_through_the_api_is_for_managers_and_idempotent(api_client):
    api_client.force_login(staff(DepartmentKind.CIVIL))
    with REAL_PLAN_PATH.open("rb") as handle:
        refused = api_client.post(f"{URL}/plans/import", {"file": handle})
    assert refused.status_code == 403 and refused.json()["code"] == "MEASURES_IMPORT_DENIED"
    assert not Plan.objects.exists() and not AuditEvent.objects.exists()
    api_client.force_login(business_office_staff())
    with REAL_PLAN_PATH.open("rb") as handle:
        dry = api_client.post(f"{URL}/plans/import", {"file": handle, "dry_run": "true"}).json()
    assert (dry["plan_id"], dry["dry_run"], len(dry["created"])) == (None, True, 35)
    assert not Plan.objects.exists()
    for expected_created in (35, 0):
        with REAL_PLAN_PATH.open("rb") as handle:
            done = api_client.post(f"{URL}/plans/import", {"file": handle}).json()
        assert len(done["created"]) == expected_created
    assert Measure.objects.count() == 35
    bad = api_client.post(f"{URL}/plans/import", {"file": SimpleUploadedFile("plan.doc", b"x")})
    assert bad.status_code == 400 and bad.json()["code"] == "PLAN_FILE_TYPE"


@time_machine.travel(SEP_1, tick=False)
def test_reports_and_evidence(api_client, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    second = Measure.objects.get(number=2)
    api_client.force_login(staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER))
    refused = api_client.post(f"{URL}/{second.pk}/reports", {"progress_percent": 10, "summary": "x"},
                              content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "MEASURES_REPORT_DENIED"
    judge = staff(DepartmentKind.CIVIL)
    api_client.force_login(judge)
    invalid = api_client.post(f"{URL}/{second.pk}/reports", {"progress_percent": 101, "summary": "x"},
                              content_type="application/json")
    assert invalid.status_code == 422
    assert not ProgressReport.objects.exists()
    created = api_client.post(f"{URL}/{second.pk}/reports", {"progress_percent": 30, "summary": "已派驻调解员。"},
                              content_type="application/json")
    assert created.status_code == 201
    report = created.json()
    assert (report["reported_on"], report["department"], report["evidence"]) == ("2023-09-01", "民事审判庭", [])
    upload = api_client.post(f"{URL}/reports/{report['id']}/evidence",
                             {"files": [SimpleUploadedFile("台账.xlsx", b"PK..."), SimpleUploadedFile("照片.jpg", b"jpg")]})
    assert upload.status_code == 201
    assert [e["original_name"] for e in upload.json()] == ["台账.xlsx", "照片.jpg"]
    download = api_client.get(upload.json()[0]["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"PK..."
    assert Evidence.objects.count() == 2
    detail = api_client.get(f"{URL}/{second.pk}").json()
    assert (detail["progress_percent"], detail["status"], len(detail["reports"][0]["evidence"])) == (30, "ongoing", 2)


@time_machine.travel(SEP_1, tick=False)
def test_inspection_cycle_through_the_api(api_client, plan):
    measure = Measure.objects.get(number=13)
    api_client.force_login(staff(DepartmentKind.CIVIL, Role.DIVISION_HEAD))
    assert api_client.post(f"{URL}/{measure.pk}/inspections", {"findings": "x", "rectification_deadline_on":
                           "2023-09-30"}, content_type="application/json").status_code == 403
    api_client.force_login(inspector())
    missing = api_client.post(f"{URL}/{measure.pk}/inspections", {"findings": "x"}, content_type="application/json")
    assert missing.status_code == 400 and missing.json()["code"] == "INSPECTION_DEADLINE_REQUIRED"
    assert not Inspection.objects.exists()
    made = api_client.post(f"{URL}/{measure.pk}/inspections", {"findings": "清案推进会未按月召开。",
                           "rectification_deadline_on": "2023-09-30"}, content_type="application/json")
    assert made.status_code == 201
    inspection = made.json()
    assert (inspection["status"], inspection["status_label"]) == ("open", "待整改")
    api_client.force_login(staff(DepartmentKind.CIVIL))
    follow = api_client.post(f"{URL}/inspections/{inspection['id']}/follow-ups", {"note": "已召开。"},
                             content_type="application/json")
    assert follow.status_code == 201
    assert api_client.post(f"{URL}/inspections/{inspection['id']}/close", {"closure_note": "x"},
                           content_type="application/json").status_code == 403
    api_client.force_login(trial_manager())
    closed = api_client.post(f"{URL}/inspections/{inspection['id']}/close", {"closure_note": "整改到位。"},
                             content_type="application/json").json()
    assert (closed["status"], closed["closed_on"], len(closed["follow_ups"])) == ("closed", "2023-09-01", 1)
    assert api_client.get(URL, {"page_size": 50}).json()["items"][12]["open_inspections"] == 0
