"""/api/v1/indicators and /api/v1/agency-head-appearances: values, targets, status, drill-down, refusals and
permissions (anonymous, outside user, wrong department, allowed)."""

from datetime import date

import pytest
import time_machine

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
def fast_track(make_case):
    """Enterprise fast-track cases closed in 2024 Q1: two mediated or withdrawn of three (66.67 %)."""
    cases = [make_case(procedure="fast_track", is_enterprise_involved=True, filed_on=date(2024, 1, 5),
                       closed_on=date(2024, 3, day), closing_manner=manner)
             for day, manner in ((1, "mediation"), (2, "withdrawal"), (3, "judgment"))]
    return cases


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_list_gives_every_indicator_with_value_target_and_status(api_client, president, fast_track):
    response = get(api_client, president, "/api/v1/indicators?period=2024-Q1")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(FORMULAS) == len(body["items"])
    assert body["period"] == {"key": "2024-Q1", "kind": "quarter", "label": "2024年第一季度", "start": "2024-01-01",
                              "end": "2024-03-31"}
    item = next(i for i in body["items"] if i["code"] == "enterprise_fast_track_mediation_withdrawal_rate")
    assert {k: item[k] for k in ("value", "numerator", "denominator", "status", "status_label", "value_label")} == {
        "value": "66.67", "numerator": 2, "denominator": 3, "status": "met", "status_label": "达标",
        "value_label": "66.67%"}
    assert item["target"] == {"comparator": "gte", "value": "60", "label": "≥ 60%",
                              "source": "2023年优化法治化营商环境工作实施方案第8项：调撤率达到60%"}
    assert item["is_unconfirmed"] is True and "速裁" in item["unconfirmed_note"]
    empty = next(i for i in body["items"] if i["code"] == "electronic_service_rate")
    assert (empty["value"], empty["status"], empty["value_label"]) == (None, "no_data", "暂无数据")
    assert empty["reason"].startswith("分母为零")


def test_one_indicator_with_its_definition_and_the_plans_old_code(api_client, president, fast_track):
    body = get(api_client, president, "/api/v1/indicators/enterprise_fast_track_mediation_withdrawal_rate"
                                      "?period=2024-Q1&scope=court").json()
    indicator = body["indicator"]
    assert (indicator["value"], indicator["version"], indicator["numerator_parts"]) == (
        "66.67", 1, [{"item": 0, "label": "", "amount": 2}])
    assert indicator["denominator_definition"].startswith("统计期间内审结的涉企")
    alias = get(api_client, president, "/api/v1/indicators/long_pending_cases?period=2024-Q1").json()
    assert alias["indicator"]["code"] == "pending_over_6_months"


def test_drilldown_lists_exactly_the_counted_cases(api_client, president, fast_track):
    body = get(api_client, president, "/api/v1/indicators/enterprise_fast_track_mediation_withdrawal_rate/drilldown"
                                      "?period=2024-Q1&side=numerator").json()
    assert body["count"] == 2
    assert {i["case_id"] for i in body["items"]} == {fast_track[0].pk, fast_track[1].pk}
    assert body["items"][0]["cells"]["结案方式"] in ("调解", "撤诉")
    body = get(api_client, president, "/api/v1/indicators/average_trial_days/drilldown?period=2024-Q1"
                                      "&side=numerator").json()
    assert sorted(i["contribution"] for i in body["items"]) == ["56", "57", "58"]


def test_the_trend_gives_each_month(api_client, president, fast_track):
    body = get(api_client, president, "/api/v1/indicators/enterprise_fast_track_mediation_withdrawal_rate/trend"
                                      "?period=2024-Q1").json()
    assert [(p["period"]["key"], p["value"]) for p in body["items"]] == [
        ("2024-01", None), ("2024-02", None), ("2024-03", "66.67")]


@pytest.mark.parametrize("url, status, code", [
    ("/api/v1/indicators?period=2024-13", 422, "PERIOD_INVALID"),
    ("/api/v1/indicators?scope=province:1", 422, "SCOPE_INVALID"),
    ("/api/v1/indicators/no_such_indicator", 404, "INDICATOR_UNKNOWN"),
    ("/api/v1/indicators/clearance_rate/drilldown?side=both", 422, "DRILLDOWN_PART_INVALID"),
    ("/api/v1/indicators/clearance_rate/drilldown?item=3", 422, "DRILLDOWN_PART_INVALID"),
    ("/api/v1/indicators?scope=department:999999", 404, "SCOPE_INVALID"),
])
def test_bad_requests_are_refused_with_a_code(api_client, president, url, status, code):
    response = get(api_client, president, url)
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_anonymous_and_outside_users_are_refused(api_client, db):
    assert api_client.get("/api/v1/indicators").status_code == 401
    party = UserFactory(role=Role.PARTY)
    response = get(api_client, party, "/api/v1/indicators")
    assert response.status_code == 403


def test_a_division_head_gets_only_their_department(api_client, civil_head, civil, bureau, make_case, officer):
    make_case(filed_on=date(2024, 1, 5), closed_on=date(2024, 2, 1), closing_manner="judgment")
    make_case("执", department=bureau, judge_user=officer, filed_on=date(2024, 1, 5), closed_on=date(2024, 2, 1),
              closing_manner="fully_enforced")
    body = get(api_client, civil_head, "/api/v1/indicators/closed_to_filed_ratio?period=2024-Q1").json()
    assert body["scope"]["key"] == f"department:{civil.pk}"
    assert (body["indicator"]["numerator"], body["indicator"]["denominator"]) == (1, 1)
    for scope in ("court", f"department:{bureau.pk}", f"judge:{officer.pk}"):
        response = get(api_client, civil_head, f"/api/v1/indicators?scope={scope}")
        assert (response.status_code, response.json()["code"]) == (403, "SCOPE_DENIED")


def test_a_judge_gets_only_their_own_cases(api_client, judge, civil, make_case, tribunal_judge, tribunal):
    make_case(filed_on=date(2024, 1, 5))
    make_case(filed_on=date(2024, 1, 6), judge_user=tribunal_judge, department=tribunal)
    body = get(api_client, judge, "/api/v1/indicators/closed_to_filed_ratio?period=2024-Q1").json()
    assert (body["scope"]["key"], body["indicator"]["denominator"]) == (f"judge:{judge.pk}", 1)
    assert get(api_client, judge, f"/api/v1/indicators?scope=department:{civil.pk}").status_code == 403
    assert get(api_client, judge, f"/api/v1/indicators?scope=judge:{tribunal_judge.pk}").status_code == 403


def test_appearances_are_recorded_and_listed(api_client, make_case, admin_tribunal, admin_judge, judge):
    case = make_case("行初", department=admin_tribunal, judge_user=admin_judge, filed_on=date(2024, 1, 8))
    payload = {"case_id": case.pk, "hearing_on": "2024-03-01", "defendant_agency": "咸丰县市场监督管理局",
               "appearance": "deputy_head", "head_name": "王副局长", "head_title": "副局长"}
    api_client.force_login(admin_judge)
    response = api_client.post("/api/v1/agency-head-appearances", payload, content_type="application/json")
    assert response.status_code == 201
    assert (response.json()["appearance_label"], response.json()["is_head"]) == ("副职（分管）负责人出庭", True)
    listed = api_client.get("/api/v1/agency-head-appearances").json()
    assert listed["count"] == 1 and listed["items"][0]["case_number"] == case.case_number
    refused = api_client.post("/api/v1/agency-head-appearances", {**payload, "hearing_on": "2024-03-02",
                                                                  "head_name": ""},
                              content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (422, "APPEARANCE_HEAD_NAME_REQUIRED")
    invalid = api_client.post("/api/v1/agency-head-appearances", {**payload, "appearance": "someone"},
                              content_type="application/json")
    assert invalid.status_code == 422
    api_client.force_login(judge)  # a civil judge cannot see the administrative case
    other = api_client.post("/api/v1/agency-head-appearances", {**payload, "hearing_on": "2024-03-03"},
                            content_type="application/json")
    assert (other.status_code, other.json()["code"]) == (404, "CASE_NOT_FOUND")
    assert get(api_client, judge, "/api/v1/agency-head-appearances").json()["count"] == 0
    assert AgencyHeadAppearance.objects.count() == 1
