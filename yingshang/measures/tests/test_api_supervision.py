"""/api/v1/measures: own views (led / department), report corrections, alerts, meetings, reforms, the review pack;
anonymous / outside / wrong department / allowed; refusals write nothing."""

from datetime import date

import pytest
import time_machine

from yingshang.audit.models import AuditEvent
from yingshang.measures.models import LiaisonMeeting, Measure, ProgressReport, Reform
from yingshang.measures.services import measures_scan, progress_report_file
from yingshang.measures.tests.factories import business_office_staff, import_real_plan, inspector, staff
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SEP_1 = "2023-09-01 09:00:00+08:00"
URL = "/api/v1/measures"
JSON = "application/json"


@pytest.fixture
def plan():
    return import_real_plan()


@pytest.mark.parametrize("path", ["/led", "/department", "/alerts", "/meetings", "/reforms", "/reviews/2023/3"])
def test_anonymous_401_and_outside_404(api_client, plan, path):
    assert api_client.get(URL + path).status_code == 401
    api_client.force_login(UserFactory(role=Role.PARTY))
    assert api_client.get(URL + path).status_code == 404


@time_machine.travel(SEP_1, tick=False)
def test_led_and_department_views(api_client, plan):
    api_client.force_login(staff(DepartmentKind.LEADERSHIP, Role.VICE_PRESIDENT, display_name="瞿红光"))
    led = api_client.get(f"{URL}/led").json()
    assert [m["number"] for m in led["items"]] == [7, 25, 26, 27, 28, 29, 30, 31] and led["count"] == 8
    assert [m["status"] for m in led["items"] if m["number"] in (27, 28)] == ["overdue", "overdue"]
    api_client.force_login(staff(DepartmentKind.BANKRUPTCY))
    own = api_client.get(f"{URL}/department").json()
    assert own["department"] == "破产合议庭"
    # 破产合议庭 by name (25–31), through 各审判部门 (2, 9, 10, 13, 22, 32, 34) and 全院各部门 (33); assisting by
    # name on 19 and through 各审判部门 on 4, 5, 14, 20.
    assert [m["number"] for m in own["responsible"]] == [2, 9, 10, 13, 22, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34]
    assert [m["number"] for m in own["assisting"]] == [4, 5, 14, 19, 20]


@time_machine.travel(SEP_1, tick=False)
def test_report_correction_through_the_api(api_client, plan):
    judge = staff(DepartmentKind.CIVIL)
    report = progress_report_file(measure_id=Measure.objects.get(number=2).pk, progress_percent=30,
                                  summary="已派驻。", actor=judge)
    url = f"{URL}/reports/{report.pk}"
    api_client.force_login(staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER))
    refused = api_client.patch(url, {"reason": "改", "progress_percent": 35}, content_type=JSON)
    assert refused.status_code == 403 and refused.json()["code"] == "MEASURES_REPORT_DENIED"
    api_client.force_login(judge)
    missing = api_client.patch(url, {"progress_percent": 35}, content_type=JSON)
    assert missing.status_code == 422
    assert not AuditEvent.objects.filter(action="measures.report_updated").exists()
    done = api_client.patch(url, {"reason": "比例有误", "progress_percent": 35}, content_type=JSON)
    assert done.status_code == 200 and (done.json()["progress_percent"], done.json()["reform_id"]) == (35, None)
    assert api_client.get(f"{URL}/{report.measure_id}").json()["progress_percent"] == 35
    same = api_client.patch(url, {"reason": "再改", "progress_percent": 35}, content_type=JSON)
    assert same.status_code == 400 and same.json()["code"] == "REPORT_UNCHANGED"


def test_alerts_list(api_client, plan):
    UserFactory(role=Role.VICE_PRESIDENT, display_name="胡磊")
    measures_scan(today=date(2023, 9, 1), notify=False)
    api_client.force_login(staff(DepartmentKind.CIVIL))
    data = api_client.get(f"{URL}/alerts", {"kind": "escalation"}).json()
    assert sorted(a["measure_number"] for a in data["items"]) == [8, 17, 20, 27, 28]
    eighth = next(a for a in data["items"] if a["measure_number"] == 8)
    assert (eighth["kind_label"], eighth["subject"], eighth["due_on"], eighth["raised_on"]) == (
        "逾期督办", "measure", "2023-08-31", "2023-09-01")


@time_machine.travel(SEP_1, tick=False)
def test_meetings_through_the_api(api_client, plan):
    body = {"kind": "party_group", "held_on": "2023-07-05", "title": "党组会研究营商环境工作", "minutes": "听取汇报。",
            "attendees": ["胡磊", "熊国华"], "decisions": ["每月通报"],
            "measure_ids": [Measure.objects.get(number=8).pk]}
    api_client.force_login(staff(DepartmentKind.CIVIL, Role.DIVISION_HEAD))
    refused = api_client.post(f"{URL}/meetings", body, content_type=JSON)
    assert refused.status_code == 403 and not LiaisonMeeting.objects.exists()
    api_client.force_login(inspector())
    bad = api_client.post(f"{URL}/meetings", {**body, "kind": "party"}, content_type=JSON)
    assert bad.status_code == 400 and bad.json()["code"] == "MEETING_KIND_INVALID"
    made = api_client.post(f"{URL}/meetings", body, content_type=JSON)
    assert made.status_code == 201
    meeting = made.json()
    assert (meeting["kind_label"], meeting["measure_numbers"], meeting["attendees"]) == ("党组季度研究", [8],
                                                                                          ["胡磊", "熊国华"])
    changed = api_client.patch(f"{URL}/meetings/{meeting['id']}", {"decisions": ["每月通报", "逐案过堂"],
                                                                    "reason": "补记"}, content_type=JSON)
    assert changed.json()["decisions"] == ["每月通报", "逐案过堂"]
    listed = api_client.get(f"{URL}/meetings", {"year": 2023}).json()
    assert listed["count"] == 1 and api_client.get(f"{URL}/meetings", {"year": 2022}).json()["count"] == 0


@time_machine.travel(SEP_1, tick=False)
def test_reform_flow_through_the_api(api_client, plan):
    officer = staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER)
    api_client.force_login(officer)
    made = api_client.post(f"{URL}/reforms", {"kind": "pilot", "title": "执行案款一键发放", "description": "做法"},
                           content_type=JSON)
    assert made.status_code == 201
    reform = made.json()
    assert (reform["measure_number"], reform["status"], reform["status_label"], reform["proposing_department"]) == (
        33, "proposed", "待审议", "执行局")
    rid = reform["id"]
    early = api_client.post(f"{URL}/reforms/{rid}/reports", {"progress_percent": 5, "summary": "x"},
                            content_type=JSON)
    assert early.status_code == 400 and early.json()["code"] == "REFORM_NOT_ADOPTED"
    adopt = {"responsible_department_id": officer.department_id, "deadline_on": "2023-12-31"}
    assert api_client.post(f"{URL}/reforms/{rid}/adopt", adopt, content_type=JSON).status_code == 403
    api_client.force_login(business_office_staff())
    adopted = api_client.post(f"{URL}/reforms/{rid}/adopt", adopt, content_type=JSON).json()
    assert (adopted["status"], adopted["status_label"], adopted["light"], adopted["responsible_department"]) == (
        "adopted", "未开始", "green", "执行局")
    api_client.force_login(officer)
    planned = api_client.put(f"{URL}/reforms/{rid}/plan", {"implementation_plan": "分三步实施。"}, content_type=JSON)
    assert planned.json()["plan_submitted_on"] == "2023-09-01"
    filed = api_client.post(f"{URL}/reforms/{rid}/reports", {"progress_percent": 30, "summary": "已上线。"},
                            content_type=JSON)
    assert filed.status_code == 201 and filed.json()["reform_id"] == rid
    detail = api_client.get(f"{URL}/reforms/{rid}").json()
    assert (detail["status_label"], detail["progress_percent"], len(detail["reports"])) == ("推进中", 30, 1)
    listed = api_client.get(f"{URL}/reforms", {"kind": "pilot", "status": "in_progress"}).json()
    assert [r["id"] for r in listed["items"]] == [rid]
    assert api_client.get(f"{URL}/reforms", {"status": "proposed"}).json()["count"] == 0
    assert ProgressReport.objects.filter(reform_id=rid).count() == 1 and Reform.objects.count() == 1


@time_machine.travel("2023-10-10 09:00:00+08:00", tick=False)
def test_review_pack_json(api_client, plan):
    api_client.force_login(staff(DepartmentKind.CIVIL))
    pack = api_client.get(f"{URL}/reviews/2023/3").json()
    assert (pack["label"], pack["as_of"], pack["is_closed"], len(pack["measures"])) == (
        "2023年第三季度", "2023-09-30", True, 35)
    assert pack["counts"]["statuses"]["overdue"] == 5
    assert [o["measure_number"] for o in pack["overdue"]] == [20, 17, 27, 28, 8]
    assert pack["measures"][21]["targets"][1]["live_value"] == "暂无数据"
    assert api_client.get(f"{URL}/reviews/2023/5").status_code == 404
