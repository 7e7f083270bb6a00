"""/api/v1/calendar: the public deadline endpoint, the day list, and staff edits (permissions, nothing written on
refusal)."""

import json
from datetime import date

import pytest

from yingshang.audit.models import AuditEvent
from yingshang.calendar.models import CalendarDay, CalendarYear
from yingshang.calendar.tests.factories import trial_manager
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/calendar/deadline"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_deadline_national_day_example(api_client):
    response = post(api_client, URL, {"start": "2024-09-20", "days": 15})
    assert response.status_code == 200
    body = response.json()
    assert (body["deadline"], body["nominal_end"], body["unconfirmed_calendar"]) == ("2024-10-08", "2024-10-05", False)
    assert body["deadline_label"] == "2024年10月8日（星期二）"
    assert body["steps"][-1] == ("期间届满日2024年10月5日为国庆节假日，顺延至2024年10月8日（星期二）"
                                 "（民事诉讼法第85条第3款；民法典第203条）")


@pytest.mark.parametrize(("body", "deadline", "unconfirmed"), [
    ({"start": "2024-09-20", "days": 15, "rollover": False}, "2024-10-05", False),
    ({"start": "2024-09-14", "days": 15}, "2024-09-29", False),
    ({"start": "2024-08-31", "months": 6}, "2025-02-28", False),
    ({"start": "2023-08-31", "months": 6}, "2024-02-29", False),
    ({"start": "2026-02-13", "working_days": 5}, "2026-02-27", False),
    ({"start": "2027-01-25", "days": 12}, "2027-02-09", True),
    ({"start": "2024-02-29", "years": 1}, "2025-02-28", False),
])
def test_deadline_examples(api_client, body, deadline, unconfirmed):
    response = post(api_client, URL, body)
    assert response.status_code == 200
    assert (response.json()["deadline"], response.json()["unconfirmed_calendar"]) == (deadline, unconfirmed)


@pytest.mark.parametrize(("body", "status", "code", "message"), [
    ({"start": "2024-09-20"}, 400, "CALENDAR_PERIOD_KIND_REQUIRED", "请填写期间：日数、月数或工作日数（三者之一）"),
    ({"start": "2024-09-20", "days": 5, "months": 1}, 400, "CALENDAR_PERIOD_KIND_AMBIGUOUS",
     "日数、月数、工作日数只能填写其中一项"),
    ({"start": "2024-09-20", "days": -3}, 400, "CALENDAR_PERIOD_NOT_POSITIVE", "期间应为正整数，至少1日"),
    ({"start": "2024-09-20", "days": 0}, 400, "CALENDAR_PERIOD_NOT_POSITIVE", "期间应为正整数，至少1日"),
    ({"start": "2024-09-20", "days": 3651}, 400, "CALENDAR_PERIOD_TOO_LONG", "期间过长：最多3650日"),
    ({"start": "2024-09-20", "months": 121}, 400, "CALENDAR_PERIOD_TOO_LONG", "期间过长：最多120个月"),
    ({"start": "2024-09-20", "working_days": 10 ** 30}, 400, "CALENDAR_PERIOD_TOO_LONG", "期间过长：最多2500个工作日"),
    ({"start": "1800-01-01", "days": 3}, 400, "CALENDAR_DATE_OUT_OF_RANGE",
     "起算日超出可计算范围（1950年1月1日至2100年12月31日）"),
    ({"start": "2024-02-30", "days": 3}, 422, "VALIDATION_ERROR", "请求数据不合法：start：日期不正确，应为 YYYY-MM-DD 的有效日期"),
    ({"start": 20240920, "days": 3}, 422, "VALIDATION_ERROR", "请求数据不合法：start：日期不正确，应为 YYYY-MM-DD 的有效日期"),
    ({"start": "2024-09-20T00:00:00", "days": 3}, 422, "VALIDATION_ERROR",
     "请求数据不合法：start：日期不正确，应为 YYYY-MM-DD 的有效日期"),
    ({"days": 3}, 422, "VALIDATION_ERROR", "请求数据不合法：start：必填项缺失"),
    ({"start": "2024-09-20", "days": "15"}, 422, "VALIDATION_ERROR", "请求数据不合法：days：应为整数"),
    ({"start": "2024-09-20", "days": 1.5}, 422, "VALIDATION_ERROR", "请求数据不合法：days：应为整数"),
])
def test_deadline_errors_are_chinese_4xx(api_client, body, status, code, message):
    response = post(api_client, URL, body)
    assert response.status_code == status
    assert (response.json()["code"], response.json()["message"]) == (code, message)


def test_deadline_malformed_json(api_client):
    response = api_client.post(URL, "{start:", content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "MALFORMED_JSON")


def test_days_of_a_year_are_public(api_client):
    response = api_client.get("/api/v1/calendar/days", {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 365 and len(body["items"]) == 365
    assert body["year"]["is_confirmed"] is True and body["year"]["working_day_count"] == 248
    feb14 = next(d for d in body["items"] if d["day"] == "2026-02-14")
    assert {k: feb14[k] for k in ("weekday", "is_working_day", "is_adjusted_workday", "holiday_name", "source")} == {
        "weekday": 6, "is_working_day": True, "is_adjusted_workday": True, "holiday_name": "春节", "source": "package"}


def test_days_of_2027_say_provisional_and_an_empty_year_answers_empty(api_client):
    body = api_client.get("/api/v1/calendar/days", {"year": 2027}).json()
    assert (body["year"]["is_confirmed"], body["year"]["source"], body["year"]["working_day_count"]) == (
        False, "provisional", 254)
    empty = api_client.get("/api/v1/calendar/days", {"year": 2031}).json()
    assert (empty["year"], empty["items"], empty["count"]) == (None, [], 0)


@pytest.mark.parametrize(("query", "status"), [({"year": 1800}, 400), ({"year": "abc"}, 422), ({}, 422)])
def test_days_bad_year(api_client, query, status):
    assert api_client.get("/api/v1/calendar/days", query).status_code == status


def test_years_list(api_client):
    body = api_client.get("/api/v1/calendar/years").json()
    assert body["count"] == 24
    assert [(y["year"], y["is_confirmed"]) for y in body["items"][-2:]] == [(2026, True), (2027, False)]


PATCH_URL = "/api/v1/calendar/days/2027-02-09"
EDIT = {"is_working_day": False, "holiday_name": "春节", "reason": "国办发明电〔2026〕测试号"}


def test_anonymous_cannot_edit_a_day(api_client):
    response = patch(api_client, PATCH_URL, EDIT)
    assert (response.status_code, response.json()["code"]) == (401, "AUTH_REQUIRED")
    assert CalendarDay.objects.get(day=date(2027, 2, 9)).is_working_day is True
    assert not AuditEvent.objects.exists()


def test_a_judge_cannot_edit_a_day(api_client):
    api_client.force_login(UserFactory(role=Role.JUDGE))
    response = patch(api_client, PATCH_URL, EDIT)
    assert (response.status_code, response.json()["code"]) == (403, "CALENDAR_EDIT_DENIED")
    assert CalendarDay.objects.get(day=date(2027, 2, 9)).is_working_day is True
    assert not AuditEvent.objects.exists()


def test_trial_management_edits_a_day(api_client):
    api_client.force_login(trial_manager())
    before = CalendarDay.objects.get(day=date(2027, 2, 10)).working_ordinal
    response = patch(api_client, PATCH_URL, EDIT)
    assert response.status_code == 200
    body = response.json()
    assert (body["is_working_day"], body["holiday_name"], body["source"]) == (False, "春节", "manual")
    assert CalendarDay.objects.get(day=date(2027, 2, 10)).working_ordinal == before - 1
    assert AuditEvent.objects.filter(action="calendar.day_updated").count() == 1
    after = post(api_client, URL, {"start": "2027-01-30", "days": 10}).json()
    assert after["deadline"] == "2027-02-10"  # 02-09 is now a holiday


@pytest.mark.parametrize(("url", "body", "status", "code"), [
    (PATCH_URL, {**EDIT, "reason": ""}, 400, "CALENDAR_REASON_REQUIRED"),
    (PATCH_URL, {"is_working_day": False, "reason": "通知"}, 400, "CALENDAR_HOLIDAY_NAME_REQUIRED"),
    ("/api/v1/calendar/days/2031-01-01", EDIT, 404, "CALENDAR_DAY_NOT_FOUND"),
    ("/api/v1/calendar/days/2027-13-01", EDIT, 422, "VALIDATION_ERROR"),
    (PATCH_URL, {"holiday_name": "春节", "reason": "通知"}, 422, "VALIDATION_ERROR"),
])
def test_bad_edits_are_refused_and_write_nothing(api_client, url, body, status, code):
    api_client.force_login(trial_manager())
    response = patch(api_client, url, body)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not CalendarDay.objects.filter(source="manual").exists()
    assert not AuditEvent.objects.exists()


def test_confirm_a_year(api_client):
    api_client.force_login(UserFactory(role=Role.JUDGE))
    refused = post(api_client, "/api/v1/calendar/years/2027/confirm", {"note": "通知"})
    assert refused.status_code == 403
    assert CalendarYear.objects.get(year=2027).is_confirmed is False
    api_client.force_login(trial_manager())
    response = post(api_client, "/api/v1/calendar/years/2027/confirm", {"note": "国办发明电〔2026〕测试号"})
    assert response.status_code == 200
    assert (response.json()["is_confirmed"], response.json()["source"]) == (True, "manual")
    again = post(api_client, "/api/v1/calendar/years/2027/confirm", {"note": "再次"})
    assert (again.status_code, again.json()["code"]) == (409, "CALENDAR_YEAR_ALREADY_CONFIRMED")
    assert AuditEvent.objects.filter(action="calendar.year_confirmed").count() == 1
    assert post(api_client, URL, {"start": "2027-01-25", "days": 12}).json()["unconfirmed_calendar"] is False
