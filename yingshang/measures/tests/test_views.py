"""Pages: the board (measures:board at /measures/), a measure's page with its forms, the upload page, the Excel
台账, evidence downloads."""

import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yingshang.measures.models import Inspection, Measure, Plan, ProgressReport
from yingshang.measures.tests.factories import (
    REAL_PLAN_PATH, VARIANT_PLAN_PATH, import_real_plan, inspector, staff, trial_manager,
)
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SEP_1 = "2023-09-01 09:00:00+08:00"


@pytest.fixture
def plan():
    return import_real_plan()


def test_board_url_name_and_access(client, plan):
    url = reverse("measures:board")
    assert url == "/measures/"
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(role=Role.PARTY))
    assert client.get(url).status_code == 404
    client.force_login(staff(DepartmentKind.CIVIL))
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 35
    assert "营商举措督办" in response.content.decode()


@time_machine.travel(SEP_1, tick=False)
def test_board_shows_status_light_with_text_and_no_data_for_targets(client, plan):
    client.force_login(staff(DepartmentKind.CIVIL))
    html = client.get("/measures/").content.decode()
    assert "红灯</span><br><span class=\"small\">已逾期1日" in html
    assert "涉企速裁案件调撤率 ≥ 60%" in html and "实时：暂无数据" in html
    assert "2023年8月31日" in html
    counts = client.get("/measures/").context["counts"]
    assert counts["statuses"] == {"not_started": 10, "in_progress": 0, "completed": 0, "overdue": 5, "ongoing": 20}
    assert counts["lights"]["red"] == 5


@time_machine.travel(SEP_1, tick=False)
def test_board_htmx_filter_returns_the_table_only(client, plan):
    client.force_login(staff(DepartmentKind.CIVIL))
    response = client.get("/measures/", {"status": "overdue"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "共 5 项" in html
    assert [row.measure.number for row in response.context["rows"]] == [8, 17, 20, 27, 28]


def test_excel_export_opens_and_lists_the_measures(client, plan):
    from openpyxl import load_workbook

    client.force_login(staff(DepartmentKind.CIVIL))
    response = client.get(reverse("measures:export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "2023年优化法治化营商环境工作实施方案"
    assert rows[1][:6] == ("序号", "举措", "牵头领导", "责任部门", "协助部门", "完成时限")
    assert len(rows) == 37
    assert rows[36][:6] == (35, "依法依规缓减免涉诉企业的诉讼费和执行费", "胡磊、熊国华", "民事审判庭、执行局、各基层法庭", "综合办",
                            "持续推进")
    assert rows[9][5] == "2023-08-31"


@time_machine.travel(SEP_1, tick=False)
def test_detail_page_report_form_saves_with_evidence_and_keeps_input_on_error(client, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    measure = Measure.objects.get(number=2)
    judge = staff(DepartmentKind.CIVIL)
    client.force_login(judge)
    page = client.get(reverse("measures:detail", args=[measure.pk])).content.decode()
    assert "报送进展" in page and "记录督察" not in page
    url = reverse("measures:report_create", args=[measure.pk])
    bad = client.post(url, {"progress_percent": "80", "is_completed": "on", "summary": "我们的进展"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "报告已完成时，完成比例应为 100%" in html and "我们的进展" in html
    assert not ProgressReport.objects.exists()
    good = client.post(url, {"progress_percent": "50", "summary": "已入驻调处中心。",
                             "evidence": [SimpleUploadedFile("入驻通知.pdf", b"%PDF-1.4")]})
    assert good.status_code == 302
    report = ProgressReport.objects.get()
    [evidence] = report.evidence.all()
    detail = client.get(reverse("measures:detail", args=[measure.pk])).content.decode()
    assert "已入驻调处中心。" in detail and "入驻通知.pdf" in detail
    download = client.get(reverse("measures:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    client.force_login(UserFactory(role=Role.PARTY))
    assert client.get(reverse("measures:evidence", args=[evidence.pk])).status_code == 404


@time_machine.travel(SEP_1, tick=False)
def test_a_department_posting_on_a_measure_it_does_not_carry_is_refused(client, plan):
    measure = Measure.objects.get(number=15)
    client.force_login(staff(DepartmentKind.CIVIL))
    page = client.get(reverse("measures:detail", args=[measure.pk])).content.decode()
    assert "报送进展" not in page
    response = client.post(reverse("measures:report_create", args=[measure.pk]), {"progress_percent": "5",
                                                                                  "summary": "x"})
    assert response.status_code == 403 and not ProgressReport.objects.exists()


@time_machine.travel(SEP_1, tick=False)
def test_inspection_forms_on_the_detail_page(client, plan):
    measure = Measure.objects.get(number=13)
    client.force_login(inspector())
    url = reverse("measures:inspection_create", args=[measure.pk])
    bad = client.post(url, {"findings": "未逐案过堂", "rectification_required": "on"})
    assert bad.status_code == 400 and "需要整改的，请填写整改期限" in bad.content.decode()
    assert client.post(url, {"findings": "未逐案过堂", "rectification_required": "on",
                             "rectification_deadline_on": "2023-09-30"}).status_code == 302
    inspection = Inspection.objects.get()
    client.force_login(staff(DepartmentKind.CIVIL))
    assert client.post(reverse("measures:follow_up", args=[inspection.pk]), {"note": "已过堂"}).status_code == 302
    assert client.post(reverse("measures:inspection_close", args=[inspection.pk]),
                       {"closure_note": "x"}).status_code == 403
    client.force_login(trial_manager())
    assert client.post(reverse("measures:inspection_close", args=[inspection.pk]),
                       {"closure_note": "整改到位"}).status_code == 302
    page = client.get(reverse("measures:detail", args=[measure.pk])).content.decode()
    assert "已过堂" in page and "销号：整改到位" in page
    assert "<td class=\"text-nowrap\">≥ 12个月</td>" in page and "12个月以上未结案件" in page


def test_upload_page_is_for_managers(client):
    client.force_login(staff(DepartmentKind.CIVIL))
    response = client.get(reverse("measures:import"))
    assert response.status_code == 403 and "只有审管办、督察室或营商办可以导入实施方案" in response.content.decode()


def test_upload_page_dry_run_then_import(client):
    client.force_login(trial_manager())
    url = reverse("measures:import")
    assert client.get(url).status_code == 200
    with VARIANT_PLAN_PATH.open("rb") as handle:
        preview = client.post(url, {"file": handle, "dry_run": "on"})
    html = preview.content.decode()
    assert preview.status_code == 200 and "试运行结果（未写入）" in html
    assert "第20行（未找到牵头领导、责任部门或完成时限）：6.这是一条没有写明责任信息的举措，需要人工补录。" in html
    assert not Plan.objects.exists()
    with REAL_PLAN_PATH.open("rb") as handle:
        done = client.post(url, {"file": handle})
    assert done.status_code == 200 and "新增 35" in done.content.decode()
    assert Measure.objects.count() == 35
    bad = client.post(url, {"file": SimpleUploadedFile("plan.doc", b"x")})
    assert bad.status_code == 400 and "只支持 .txt 或 .docx" in bad.content.decode()
