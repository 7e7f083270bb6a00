"""Pages: the dashboard for each role, the department head confined to the department, the Excel export holding the
page's numbers, drill-down lists, HTMX partials, the appearance register with its form and the case panel."""

import html
import re
from datetime import date
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from yingshang.metrics.formulas import FORMULAS
from yingshang.metrics.models import AgencyHeadAppearance
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2024-06-30 10:00 +0800", tick=False):
        yield


@pytest.fixture
def data(make_case, bureau, officer, tribunal, tribunal_judge):
    make_case(procedure="fast_track", is_enterprise_involved=True, filed_on=date(2024, 1, 5),
              closed_on=date(2024, 3, 1), closing_manner="mediation")
    make_case(procedure="fast_track", is_enterprise_involved=True, filed_on=date(2024, 1, 5),
              closed_on=date(2024, 3, 2), closing_manner="judgment")
    make_case(procedure="simple", filed_on=date(2023, 3, 1))  # pending past 12 months
    make_case(procedure="small_claims", department=tribunal, judge_user=tribunal_judge, filed_on=date(2024, 2, 1),
              closed_on=date(2024, 3, 1), closing_manner="judgment")
    make_case("执", department=bureau, judge_user=officer, filed_on=date(2024, 2, 1), closed_on=date(2024, 3, 20),
              closing_manner="round_closure")


def page_rows(content: str) -> dict:
    """{code: (value, numerator, denominator)} as the dashboard's indicator table shows them."""
    rows = {}
    for code, body in re.findall(r'<tr id="row-([a-z0-9_]+)">(.*?)</tr>', content, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        text = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]
        rows[code] = (text[1], text[2], text[3])
    return rows


def test_the_leadership_dashboard_shows_every_indicator_with_gauges_trend_and_comparison(client, president, data):
    client.force_login(president)
    response = client.get("/metrics/?period=2024-Q1")
    assert response.status_code == 200
    content = response.content.decode()
    rows = page_rows(content)
    assert set(rows) == set(FORMULAS)
    assert rows["enterprise_fast_track_mediation_withdrawal_rate"] == ("50.00%", "1 件", "2 件")
    assert rows["electronic_service_rate"][0] == "暂无数据"
    assert 'data-chart="gauge"' in content and 'data-chart="line"' in content and 'data-chart="bar"' in content
    assert "vendor/echarts/echarts.min.js" in content and "cdn" not in content.lower()
    assert "未达标" in content and "口径未确认" in content
    assert "按部门对比" in content and "执行局" in content   # comparison by department, with its table
    assert "/metrics/indicators/enterprise_fast_track_mediation_withdrawal_rate/cases/" in content


def test_the_excel_export_holds_the_same_numbers_as_the_page(client, president, data):
    client.force_login(president)
    rows = page_rows(client.get("/metrics/?period=2024-Q1").content.decode())
    response = client.get("/metrics/export/?period=2024-Q1&scope=court")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content))["指标"]
    header = [c.value for c in sheet[1]]
    excel = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row))
        excel[record["代码"]] = (record["值"], record["分子"], record["分母"])
    assert excel == rows


def test_trend_and_comparison_exports_match_their_tables(client, president, data):
    client.force_login(president)
    response = client.get("/metrics/export/?period=2024-Q1&table=trend&code=small_claims_rate")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [r[:2] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("2024年1月", "暂无数据"), ("2024年2月", "暂无数据"), ("2024年3月", "33.33%")]
    response = client.get("/metrics/export/?period=2024-Q1&table=comparison&code=small_claims_rate")
    by_department = {r[0]: r[1] for r in load_workbook(BytesIO(response.content)).active.iter_rows(
        min_row=2, values_only=True)}
    assert by_department["民事审判庭"] == "0.00%" and by_department["高乐山人民法庭"] == "100.00%"
    assert by_department["执行局"] == "暂无数据"


def test_a_division_head_sees_only_their_department(client, civil_head, civil, bureau, tribunal, data):
    client.force_login(civil_head)
    content = client.get("/metrics/?period=2024-Q1").content.decode()
    rows = page_rows(content)
    # Civil division only: its two fast-track cases, not the tribunal's small claim, not the bureau's case.
    assert rows["small_claims_rate"] == ("0.00%", "0 件", "2 件")
    assert rows["first_enforcement_round_closure_rate"][0] == "暂无数据"
    assert "按法官对比" in content
    for url in ("/metrics/?scope=court", f"/metrics/departments/{bureau.pk}/", f"/metrics/departments/{tribunal.pk}/",
                "/metrics/export/?scope=court"):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/metrics/departments/{civil.pk}/?period=2024-Q1").status_code == 200


def test_judges_see_their_own_view_and_outsiders_nothing(client, judge, tribunal_judge, data):
    client.force_login(judge)
    response = client.get("/metrics/?period=2024-Q1")
    assert response.status_code == 200 and "法官范围没有下一级对比" in response.content.decode()
    assert client.get(f"/metrics/judges/{tribunal_judge.pk}/").status_code == 403
    client.force_login(UserFactory(role=Role.PARTY))
    assert client.get("/metrics/").status_code == 403
    client.logout()
    assert client.get("/metrics/").status_code == 302


def test_htmx_requests_get_partials(client, president, data):
    client.force_login(president)
    body = client.get("/metrics/?period=2024-Q1", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body and 'id="row-clearance_rate"' in body
    trend = client.get("/metrics/trend/?scope=court&period=2024-Q1&trend=small_claims_rate").content.decode()
    assert "<html" not in trend and "33.33%" in trend
    comparison = client.get("/metrics/comparison/?period=2024-Q1&compare=small_claims_rate").content.decode()
    assert "高乐山人民法庭" in comparison and "100.00%" in comparison


def test_the_drilldown_page_lists_the_cases_and_exports_them(client, president, data):
    client.force_login(president)
    url = "/metrics/indicators/enterprise_fast_track_mediation_withdrawal_rate/cases/?period=2024-Q1&side=denominator"
    content = client.get(url).content.decode()
    assert len(re.findall(r'href="/cases/\d+/"', content)) == 2 and "共 2 条" in content
    response = client.get(url.replace("/cases/?", "/cases/export/?"))
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 3  # header + the two counted cases


def test_indicator_page_and_catalogue_show_the_definition_and_what_is_unconfirmed(client, president, data):
    client.force_login(president)
    content = client.get("/metrics/indicators/dispute_resolution_cost_rate/?period=2024-Q1").content.decode()
    assert "口径未确认" in content and "METRICS_ATTORNEY_FEE_ESTIMATE_PERCENT" in content and "≤ 14.91%" in content
    catalogue = client.get("/metrics/catalogue/").content.decode()
    assert catalogue.count('<span class="badge bg-warning text-dark">口径未确认</span>') >= 20
    assert client.get("/metrics/indicators/nonexistent/").status_code == 404


def test_the_appearance_form_records_and_shows_errors_beside_the_fields(client, make_case, admin_tribunal,
                                                                       admin_judge):
    case = make_case("行初", department=admin_tribunal, judge_user=admin_judge, filed_on=date(2024, 1, 8))
    client.force_login(admin_judge)
    data = {"case_number": case.case_number, "hearing_on": "2024-03-01", "defendant_agency": "咸丰县自然资源局",
            "appearance": "principal_head", "head_name": "", "head_title": "", "note": ""}
    refused = client.post("/metrics/agency-appearances/", data)
    assert refused.status_code == 422 and "负责人出庭的，请填写出庭负责人姓名" in refused.content.decode()
    assert 'value="咸丰县自然资源局"' in refused.content.decode()  # what was typed is kept
    assert not AgencyHeadAppearance.objects.exists()
    done = client.post("/metrics/agency-appearances/", {**data, "head_name": "李局长"})
    assert done.status_code == 302 and AgencyHeadAppearance.objects.count() == 1
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "行政机关负责人出庭应诉" in page and "李局长" in page


def test_navigation_offers_the_dashboard_to_leaders(client, president):
    client.force_login(president)
    content = client.get("/metrics/catalogue/").content.decode()
    assert 'href="/metrics/"' in content and "质效指标看板" in content


def test_every_part_of_every_indicator_has_a_drilldown_page(client, president, data):
    client.force_login(president)
    for code, formula in FORMULAS.items():
        for side, parts in (("numerator", formula.numerator), ("denominator", formula.denominator)):
            for index in range(len(parts)):
                url = f"/metrics/indicators/{code}/cases/?period=2024-Q1&side={side}&item={index}"
                assert client.get(url).status_code == 200, url
                export = client.get(url.replace("/cases/?", "/cases/export/?"))
                assert export.status_code == 200, url
        if formula.unavailable:  # no data: the page explains instead of listing nothing
            response = client.get(f"/metrics/indicators/{code}/cases/?period=2024-Q1&side=numerator")
            assert response.status_code == 302
