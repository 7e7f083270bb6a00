"""Pages: a leader's and a department's own measures, correcting a report, meetings, reforms; no page links to
/media/ (evidence only through the permission-checked download)."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yingshang.audit.models import AuditEvent
from yingshang.measures.choices import ReformStatus
from yingshang.measures.models import LiaisonMeeting, Measure, ProgressReport, Reform
from yingshang.measures.services import progress_report_file, reform_propose
from yingshang.measures.tests.factories import business_office_staff, import_real_plan, inspector, staff
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SEP_1 = "2023-09-01 09:00:00+08:00"


@pytest.fixture
def plan():
    return import_real_plan()


@pytest.mark.parametrize("name", ["measures:led", "measures:department", "measures:meetings", "measures:reforms"])
def test_pages_need_a_court_login(client, plan, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(UserFactory(role=Role.PARTY))
    assert client.get(reverse(name)).status_code == 404


@time_machine.travel(SEP_1, tick=False)
def test_leader_page_lists_the_measures_led_with_status(client, plan):
    client.force_login(staff(DepartmentKind.LEADERSHIP, Role.VICE_PRESIDENT, display_name="熊国华"))
    response = client.get(reverse("measures:led"))
    assert [row.measure.number for row in response.context["rows"]] == [15, 16, 17, 18, 19, 21, 23, 35]
    html = response.content.decode()
    assert "与您的姓名（熊国华）匹配" in html and "已逾期63日" in html  # 17: 2023年6月底前, 63 days on 09-01
    client.force_login(staff(DepartmentKind.CIVIL, display_name="无名"))
    assert "方案中没有您牵头的举措" in client.get(reverse("measures:led")).content.decode()


@time_machine.travel(SEP_1, tick=False)
def test_department_page_with_edit_links_for_its_own_reports_only(client, plan):
    judge = staff(DepartmentKind.CIVIL)
    report = progress_report_file(measure_id=Measure.objects.get(number=2).pk, progress_percent=30,
                                  summary="已派驻调解员。", actor=judge,
                                  evidence=[SimpleUploadedFile("台账.pdf", b"%PDF-1.4")])
    client.force_login(judge)
    response = client.get(reverse("measures:department"))
    assert [row.measure.number for row in response.context["view"].responsible] == [
        2, 8, 9, 10, 13, 22, 32, 33, 34, 35]
    html = response.content.decode()
    assert reverse("measures:report_edit", args=[report.pk]) in html and "已派驻调解员。" in html
    assert "/media/" not in html and reverse("measures:evidence", args=[report.evidence.get().pk]) in html
    detail = client.get(reverse("measures:detail", args=[report.measure_id])).content.decode()
    assert reverse("measures:report_edit", args=[report.pk]) in detail and "/media/" not in detail
    client.force_login(staff(DepartmentKind.CRIMINAL))
    detail = client.get(reverse("measures:detail", args=[report.measure_id])).content.decode()
    assert "已派驻调解员。" in detail and reverse("measures:report_edit", args=[report.pk]) not in detail


@time_machine.travel(SEP_1, tick=False)
def test_report_edit_page(client, plan):
    judge = staff(DepartmentKind.CIVIL)
    report = progress_report_file(measure_id=Measure.objects.get(number=2).pk, progress_percent=30,
                                  summary="已派驻调解员。", actor=judge)
    url = reverse("measures:report_edit", args=[report.pk])
    client.force_login(staff(DepartmentKind.CRIMINAL))
    denied = client.get(url)
    assert denied.status_code == 403 and "只有填报部门" in denied.content.decode()
    assert client.post(url, {"progress_percent": "40", "summary": "改", "reason": "x"}).status_code == 403
    client.force_login(UserFactory(role=Role.PARTY))
    assert client.get(url).status_code == 404
    client.force_login(judge)
    page = client.get(url).content.decode()
    assert 'value="30"' in page and "已派驻调解员。" in page
    bad = client.post(url, {"progress_percent": "40", "summary": "已派驻两名调解员。", "reason": ""})
    assert bad.status_code == 400 and "已派驻两名调解员。" in bad.content.decode()
    bad = client.post(url, {"progress_percent": "90", "is_completed": "on", "summary": "x", "reason": "改"})
    assert bad.status_code == 400 and "报告已完成时，完成比例应为 100%" in bad.content.decode()
    assert not AuditEvent.objects.filter(action="measures.report_updated").exists()
    done = client.post(url, {"progress_percent": "40", "summary": "已派驻两名调解员。", "reason": "补充人数",
                             "evidence": [SimpleUploadedFile("名单.pdf", b"%PDF-1.4 list")]})
    assert done.status_code == 302 and done["Location"] == reverse("measures:detail", args=[report.measure_id])
    report.refresh_from_db()
    assert (report.progress_percent, report.summary, report.evidence.count()) == (40, "已派驻两名调解员。", 1)
    assert AuditEvent.objects.get(action="measures.report_updated").reason == "补充人数"


@time_machine.travel(SEP_1, tick=False)
def test_meeting_pages(client, plan):
    url = reverse("measures:meetings")
    form = {"kind": "liaison", "held_on": "2023-08-30", "title": "营商环境工作联席会议", "minutes": "通报进展。",
            "attendees": "胡磊、熊国华", "decisions": "按月通报\n逐案过堂", "measures": [Measure.objects.get(number=13).pk]}
    client.force_login(staff(DepartmentKind.CIVIL))
    page = client.get(url).content.decode()
    assert "记录会议" not in page
    assert client.post(url, form).status_code == 403 and not LiaisonMeeting.objects.exists()
    client.force_login(inspector())
    bad = client.post(url, {**form, "held_on": "2023-09-02"})
    assert bad.status_code == 400 and "会议日期不能晚于今天" in bad.content.decode()
    done = client.post(url, form)
    meeting = LiaisonMeeting.objects.get()
    assert done["Location"] == reverse("measures:meeting_detail", args=[meeting.pk])
    assert (meeting.attendees, meeting.decisions) == (["胡磊", "熊国华"], ["按月通报", "逐案过堂"])
    detail = client.get(done["Location"]).content.decode()
    assert "通报进展。" in detail and "13. 加强长期未结案件清理" in detail
    fixed = client.post(done["Location"], {**form, "minutes": "通报进展并部署清案。", "reason": "补记"})
    assert fixed.status_code == 302
    assert AuditEvent.objects.get(action="measures.meeting_updated").after == {"minutes": "通报进展并部署清案。"}


@time_machine.travel(SEP_1, tick=False)
def test_reform_pages_propose_decide_plan_report(client, plan):
    officer = staff(DepartmentKind.ENFORCEMENT, Role.ENFORCEMENT_OFFICER)
    client.force_login(officer)
    url = reverse("measures:reforms")
    bad = client.post(url, {"kind": "pilot", "title": "执行案款一键发放", "description": ""})
    assert bad.status_code == 400 and not Reform.objects.exists()
    done = client.post(url, {"kind": "pilot", "title": "执行案款一键发放", "description": "案款到账即提示发放。"})
    reform = Reform.objects.get()
    assert done["Location"] == reverse("measures:reform_detail", args=[reform.pk])
    page = client.get(done["Location"]).content.decode()
    assert "待审议" in page and "研究确定：采纳并交办" not in page and "不予采纳" not in page
    assert client.post(reverse("measures:reform_adopt", args=[reform.pk]), {
        "responsible_department": officer.department_id, "deadline_on": "2023-12-31"}).status_code == 403
    client.force_login(staff(DepartmentKind.LEADERSHIP, Role.PRESIDENT, display_name="院长"))
    missing = client.post(reverse("measures:reform_adopt", args=[reform.pk]),
                          {"responsible_department": officer.department_id})
    assert missing.status_code == 400 and "请填写完成时限，或选择持续推进" in missing.content.decode()
    adopted = client.post(reverse("measures:reform_adopt", args=[reform.pk]), {
        "responsible_department": officer.department_id, "deadline_on": "2023-12-31", "review_note": "同意"})
    assert adopted.status_code == 302
    reform.refresh_from_db()
    assert (reform.status, reform.deadline_on) == (ReformStatus.ADOPTED, date(2023, 12, 31))
    client.force_login(officer)
    page = client.get(adopted["Location"]).content.decode()
    assert "责任部门尚未报送落实方案。" in page and "报送进展" in page
    assert client.post(reverse("measures:reform_plan", args=[reform.pk]),
                       {"implementation_plan": "分三步实施。"}).status_code == 302
    assert client.post(reverse("measures:reform_report", args=[reform.pk]),
                       {"progress_percent": "20", "summary": "已上线。"}).status_code == 302
    page = client.get(adopted["Location"]).content.decode()
    assert "分三步实施。" in page and "已上线。" in page and "推进中" in page
    board = client.get(url, {"status": "in_progress"})
    assert [row.reform.pk for row in board.context["rows"]] == [reform.pk]
    measure_page = client.get(reverse("measures:detail", args=[reform.measure_id])).content.decode()
    assert "执行案款一键发放" in measure_page and "已上线。" not in measure_page  # its reports stay on its page
    assert ProgressReport.objects.get().reform == reform


@time_machine.travel(SEP_1, tick=False)
def test_reform_detail_hides_forms_from_others(client, plan):
    reform = reform_propose(kind="practice", title="推广一次性告知", description="x", actor=business_office_staff())
    client.force_login(staff(DepartmentKind.CIVIL))
    page = client.get(reverse("measures:reform_detail", args=[reform.pk])).content.decode()
    assert "研究确定：采纳并交办" not in page and "报送进展" not in page
    assert client.post(reverse("measures:reform_reject", args=[reform.pk]), {"review_note": "x"}).status_code == 403
    reform.refresh_from_db()
    assert reform.status == ReformStatus.PROPOSED
