"""/api/v1 time-limit endpoints: shapes, permissions (anonymous / party / wrong department / allowed), errors."""

import json
from datetime import date

import pytest

from yingshang.cases.choices import Procedure
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, PersonFactory
from yingshang.deadlines.models import ExtensionRequest
from yingshang.org.choices import Role
from yingshang.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to("2024-07-11 10:00:00+08:00", tick=False)


@pytest.fixture
def case():
    return CaseFactory(filed_on=date(2024, 3, 15), procedure=Procedure.SIMPLE)


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_time_limit_explains_each_step(api_client, case):
    api_client.force_login(case.judge)
    res = api_client.get(f"/api/v1/cases/{case.pk}/time-limit")
    assert res.status_code == 200
    body = res.json()
    # 2024-03-15 + 3 months = 2024-06-15 (Saturday) → Monday 2024-06-17; already overdue on 2024-07-11.
    assert (body["rule_code"], body["time_limit_end_on"], body["days_left"], body["alert_level"]) == (
        "civil_simple", "2024-06-17", -24, "overdue")
    assert body["steps"][0].startswith("适用规则：民事一审简易程序，审限3个月")
    assert any("顺延至下一个工作日2024年6月17日" in s for s in body["steps"])
    assert body["six_months_on"] == "2024-09-15"


def test_time_limit_permissions(api_client, case):
    assert api_client.get(f"/api/v1/cases/{case.pk}/time-limit").status_code == 401
    other = UserFactory(court=case.court, department=DepartmentFactory(court=case.court, name="刑事审判庭"))
    api_client.force_login(other)
    res = api_client.get(f"/api/v1/cases/{case.pk}/time-limit")
    assert (res.status_code, res.json()["code"]) == (404, "CASE_NOT_FOUND")


def test_a_party_sees_the_limit_but_not_internal_reasons(api_client, case):
    from yingshang.deadlines import services

    services.deduction_record(case_id=case.pk, kind="public_notice", start_on=date(2024, 4, 1),
                              end_on=date(2024, 4, 30), reason="内部说明：被告下落不明", actor=case.judge)
    user = UserFactory(role=Role.PARTY)
    person = PersonFactory()
    person.users.add(user)
    CasePartyFactory(case=case, party=person)
    api_client.force_login(user)
    body = api_client.get(f"/api/v1/cases/{case.pk}/time-limit").json()
    assert body["time_limit_end_on"] == "2024-07-15"
    assert body["deductions"][0]["days"] == 30 and body["deductions"][0]["reason"] is None
    assert api_client.get(f"/api/v1/cases/{case.pk}/plans").status_code == 403


def test_deduction_and_extension_flow_over_the_api(api_client, case, time_machine):
    time_machine.move_to("2024-06-05 10:00:00+08:00", tick=False)  # limit ends 06-25: apply by 06-10, decide by 06-20
    president = UserFactory(role=Role.PRESIDENT, court=case.court)
    api_client.force_login(case.judge)
    res = post(api_client, f"/api/v1/cases/{case.pk}/deductions",
               {"kind": "appraisal", "start_on": "2024-04-01", "end_on": "2024-04-10", "reason": "鉴定"})
    assert res.status_code == 201 and res.json()["days"] == 10
    res = post(api_client, f"/api/v1/cases/{case.pk}/extensions",
               {"reason_code": "evidence", "reason": "补充调查", "length_months": 1})
    assert res.status_code == 201
    ext_id = res.json()["id"]
    res = post(api_client, f"/api/v1/extensions/{ext_id}/approve", {"note": "同意"})
    assert (res.status_code, res.json()["code"]) == (403, "EXTENSION_APPROVER_ONLY_PRESIDENT")
    api_client.force_login(president)
    res = post(api_client, f"/api/v1/extensions/{ext_id}/approve", {"note": "同意"})
    assert res.status_code == 200 and res.json()["status"] == "approved"
    body = api_client.get(f"/api/v1/cases/{case.pk}/time-limit").json()
    # 2024-03-15 + 4 months = 2024-07-15, + 10 days = 2024-07-25.
    assert (body["time_limit_end_on"], body["extension_months"], body["deducted_days"]) == ("2024-07-25", 1, 10)


def test_same_reason_refusal_over_the_api_writes_nothing(api_client, case):
    case.procedure = Procedure.ORDINARY
    case.save()
    president = UserFactory(role=Role.PRESIDENT, court=case.court)
    ExtensionRequest.objects.create(case=case, procedure=case.procedure, rule_code="civil_ordinary",
                                    reason_code="complex_facts", reason="x", length_months=6, status="approved",
                                    requested_by=case.judge, requested_on=date(2024, 7, 1), decided_by=president)
    api_client.force_login(case.judge)
    res = post(api_client, f"/api/v1/cases/{case.pk}/extensions",
               {"reason_code": "complex_facts", "reason": "仍复杂", "length_months": 3})
    assert (res.status_code, res.json()["code"]) == (409, "EXTENSION_SAME_REASON")
    assert ExtensionRequest.objects.count() == 1


def test_validation_errors_are_422_in_chinese(api_client, case):
    api_client.force_login(case.judge)
    res = post(api_client, f"/api/v1/cases/{case.pk}/deductions",
               {"kind": "holiday", "start_on": "2024-02-30", "reason": "x"})
    assert res.status_code == 422
    assert res.json()["code"] == "VALIDATION_ERROR"


def test_rules_list(api_client, case):
    api_client.force_login(case.judge)
    rules = api_client.get("/api/v1/time-limit-rules").json()
    assert {"code": "civil_ordinary", "limit_months": 6, "source": "民事诉讼法第152条；审限规定（2000）第2条"}.items() \
        <= next(r for r in rules if r["code"] == "civil_ordinary").items()


def test_my_deadlines_board_and_alerts(api_client, case):
    from yingshang.deadlines.services import deadlines_scan

    deadlines_scan()
    api_client.force_login(case.judge)
    mine = api_client.get("/api/v1/deadlines/mine").json()
    assert mine["count"] == 1 and mine["items"][0]["alert_level"] == "overdue"
    assert api_client.get("/api/v1/deadlines/board").status_code == 403
    alerts = api_client.get("/api/v1/deadlines/alerts").json()
    assert [a["level"] for a in alerts["items"]] == ["overdue"]
    res = api_client.post(f"/api/v1/deadlines/alerts/{alerts['items'][0]['id']}/acknowledge")
    assert res.status_code == 204
    head = UserFactory(role=Role.DIVISION_HEAD, court=case.court, department=case.department)
    api_client.force_login(head)
    assert api_client.get("/api/v1/deadlines/board").json()["count"] == 0  # filed 2024-03-15: not yet 6 months
    other_head = UserFactory(role=Role.DIVISION_HEAD, court=case.court,
                             department=DepartmentFactory(court=case.court, name="执行局", kind="enforcement"))
    api_client.force_login(other_head)
    assert api_client.get("/api/v1/deadlines/mine").json()["count"] == 0


def test_plans_and_transfers_over_the_api(api_client, case):
    api_client.force_login(case.judge)
    res = post(api_client, f"/api/v1/cases/{case.pk}/plans",
               {"target_on": "2024-08-30", "owner_id": case.judge.pk, "steps": [{"text": "开庭"}]})
    assert res.status_code == 201
    plan_id = res.json()["id"]
    res = post(api_client, f"/api/v1/plans/{plan_id}/updates", {"note": "已排期", "progress_percent": 30})
    assert res.status_code == 201 and res.json()["updates"][0]["progress_percent"] == 30
    res = post(api_client, f"/api/v1/cases/{case.pk}/appeal-transfer",
               {"appeal_filed_on": "2024-07-01", "served_on": "2024-07-02"})
    assert res.status_code == 201 and res.json()["due_on"] == "2024-07-22"
