"""API and pages: permissions (anonymous / other department / the respondent / the applicant / the case's judge),
coded 4xx errors, the case-page panel and its forms, the list page, navigation, no N+1 in the list."""

import json
from datetime import date

import pytest
from django.test import Client

from yingshang.preservation import services
from yingshang.preservation.models import PreservationApplication, PreservationMeasure
from yingshang.preservation.tests.conftest import at, moment

pytestmark = pytest.mark.django_db
YUAN = 100


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


@pytest.fixture
def application(case, judge, plaintiff, person_defendant):
    with at(date(2024, 9, 27), 11):
        return services.application_create(case_id=case.pk, kind="litigation", applicant_id=plaintiff.pk,
                                           respondent_id=person_defendant.pk, amount_fen=200_000 * YUAN,
                                           applied_at=moment(date(2024, 9, 27)), actor=judge)


def test_the_api_walks_an_application_through(case, judge, plaintiff, person_defendant):
    client = _client(judge)
    with at(date(2024, 9, 27), 11):
        created = _post(client, "/api/v1/preservation", {
            "case_id": case.pk, "kind": "litigation", "applicant_id": plaintiff.pk,
            "respondent_id": person_defendant.pk, "amount_yuan": "200000.00", "applied_at": "2024-09-27T10:00:00+08:00"})
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["amount_yuan"], body["ruling_due_on"], body["measures"]) == (
        "applied", "200000.00", "2024-10-08", [])
    pk = body["id"]
    with at(date(2024, 9, 27), 12):
        waived = _post(client, f"/api/v1/preservation/{pk}/security",
                       {"is_required": False, "waiver_ground": "clear_facts"})
        assert (waived.status_code, waived.json()["waiver_ground"]) == (200, "clear_facts")
        ruled = _post(client, f"/api/v1/preservation/{pk}/ruling", {"grant": True, "ruled_on": "2024-09-27"})
    assert (ruled.json()["status"], ruled.json()["fee_yuan"]) == ("granted", "1520.00")
    with at(date(2024, 9, 30)):
        taken = _post(client, f"/api/v1/preservation/{pk}/measures", {
            "property_kind": "bank_deposit", "method": "freeze", "description": "账户", "value_yuan": "250000",
            "taken_on": "2024-09-30"})
    assert taken.status_code == 201
    assert (taken.json()["expires_on"], taken.json()["application"]["excess_yuan"],
            taken.json()["application"]["is_over_limit"]) == ("2025-09-30", "50000.00", True)
    with at(date(2024, 10, 8)):
        released = _post(client, f"/api/v1/preservation/measures/{taken.json()['id']}/release-excess",
                         {"release_yuan": "50000.00", "released_on": "2024-10-08"})
    assert (released.json()["value_yuan"], released.json()["application"]["excess_yuan"]) == ("200000.00", "0.00")
    detail = client.get(f"/api/v1/preservation/{pk}").json()
    assert (detail["preserved_value_yuan"], detail["peak_excess_yuan"], detail["released_excess_yuan"]) == (
        "200000.00", "50000.00", "50000.00")


def test_api_errors_are_coded_json_and_write_nothing(application, judge):
    client = _client(judge)
    with at(date(2024, 9, 27), 12):
        high = _post(client, f"/api/v1/preservation/{application.pk}/security",
                     {"is_required": True, "security_yuan": "60000.01"})
    assert high.status_code == 422
    assert high.json() == {"code": "PRESERVATION_SECURITY_ABOVE_30_PERCENT",
                           "message": "诉讼中责令提供担保的，担保数额不超过请求保全数额的30%（《财产保全规定》第5条第1款）",
                           "detail": {"security_fen": 6_000_001, "maximum_fen": 6_000_000}}
    bad_money = _post(client, f"/api/v1/preservation/{application.pk}/security",
                      {"is_required": True, "security_yuan": "abc"})
    assert (bad_money.status_code, bad_money.json()["code"]) == (400, "AMOUNT_INVALID")
    application.refresh_from_db()
    assert (application.security_decided, application.status) == (False, "applied")


def test_who_sees_what(application, judge, other_judge, plaintiff_user, defendant_user, court):
    url = f"/api/v1/preservation/{application.pk}"
    assert _client().get(url).status_code == 401
    assert _client(other_judge).get(url).status_code == 404
    assert _client(defendant_user).get(url).status_code == 404  # the respondent's side is not told
    assert _client(plaintiff_user).get(url).json()["id"] == application.pk
    assert _client(plaintiff_user).get("/api/v1/preservation").json()["count"] == 1
    assert _client(defendant_user).get("/api/v1/preservation").json() == {"items": [], "count": 0}
    assert _client(other_judge).get("/api/v1/preservation").json() == {"items": [], "count": 0}
    with at(date(2024, 9, 27), 12):
        refused = _post(_client(plaintiff_user), f"/api/v1/preservation/{application.pk}/ruling",
                        {"grant": False, "ruled_on": "2024-09-27", "reason": "x"})
    assert (refused.status_code, refused.json()["code"]) == (403, "PRESERVATION_WRITE_DENIED")
    assert PreservationApplication.objects.get().status == "applied"


def test_the_case_panel_and_its_forms(case, judge, plaintiff, person_defendant, plaintiff_user):
    page = _client(judge).get(f"/cases/{case.pk}/").content.decode()
    assert "财产保全" in page and "登记保全申请" in page
    with at(date(2024, 9, 27), 11):
        response = _client(judge).post(f"/preservation/cases/{case.pk}/applications/", {
            "kind": "litigation", "applicant_id": plaintiff.pk, "respondent_id": person_defendant.pk,
            "amount_yuan": "1000"})
    assert response.status_code == 302
    application = PreservationApplication.objects.get()
    assert application.amount_fen == 100_000
    with at(date(2024, 9, 27), 12):
        refused = _client(judge).post(f"/preservation/{application.pk}/action/", {
            "action": "security", "is_required": "1", "security_yuan": "400"}, follow=True)
    assert "担保数额不超过请求保全数额的30%" in refused.content.decode()
    application.refresh_from_db()
    assert application.security_decided is False
    with at(date(2024, 9, 27), 12):
        _client(judge).post(f"/preservation/{application.pk}/action/", {
            "action": "security", "is_required": "0", "waiver_ground": "clear_facts"})
        _client(judge).post(f"/preservation/{application.pk}/action/", {
            "action": "ruling", "grant": "1", "ruled_on": "2024-09-27"})
    with at(date(2024, 9, 30)):
        _client(judge).post(f"/preservation/{application.pk}/action/", {
            "action": "measure", "method": "seal", "property_kind": "real_estate", "description": "厂房",
            "value_yuan": "1500", "taken_on": "2024-09-30", "is_factory_or_machinery": "1", "is_indivisible": "1"})
    measure = PreservationMeasure.objects.get()
    assert (measure.is_live_seal, measure.is_divisible, measure.expires_on) == (True, False, date(2027, 9, 30))
    page = _client(judge).get(f"/cases/{case.pk}/").content.decode()
    assert "活封" in page and "超标的 500.00 元" in page
    # The applicant sees the panel without forms; a stranger's post is a 404.
    party_page = _client(plaintiff_user).get(f"/cases/{case.pk}/").content.decode()
    assert "超标的 500.00 元" in party_page and "登记保全措施" not in party_page
    stranger = _client(person_defendant_user()).post(f"/preservation/{application.pk}/action/", {"action": "lift"})
    assert stranger.status_code == 404


def person_defendant_user():
    from yingshang.org.choices import Role
    from yingshang.org.tests.factories import UserFactory

    return UserFactory(role=Role.PARTY)


def test_the_list_page_navigation_and_queries(application, judge, plaintiff_user, case, django_assert_max_num_queries):
    page = _client(judge).get("/preservation/")
    assert page.status_code == 200 and case.case_number in page.content.decode()
    from io import BytesIO

    from openpyxl import load_workbook

    export = _client(judge).get("/preservation/export.xlsx?status=applied")
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("案号", "类型", "紧急") and len(rows) == 2
    assert rows[1][:8] == (case.case_number, "诉讼保全", "否", "张三", "李四", "200000.00", "2024-09-27", "待裁定")
    assert _client(plaintiff_user).get("/preservation/export.xlsx").status_code == 404
    assert "/preservation/" in _client(judge).get("/cases/").content.decode()
    assert _client(plaintiff_user).get("/preservation/").status_code == 404
    with at(date(2024, 9, 27), 11):
        for _ in range(5):
            services.application_create(case_id=case.pk, kind="litigation", applicant_id=application.applicant_id,
                                        respondent_id=application.respondent_id, amount_fen=100,
                                        applied_at=moment(date(2024, 9, 27)), actor=judge)
    client = _client(judge)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/preservation?page_size=50").json()
    assert body["count"] == 6


def test_a_moment_without_offset_is_court_time_and_bad_input_is_a_coded_4xx(case, judge, plaintiff,
                                                                            person_defendant):
    payload = {"case_id": case.pk, "kind": "litigation", "applicant_id": plaintiff.pk,
               "respondent_id": person_defendant.pk, "amount_yuan": "1000", "applied_at": "2024-09-27T10:00:00"}
    with at(date(2024, 9, 27), 11):
        created = _post(_client(judge), "/api/v1/preservation", payload)
        future = _post(_client(judge), "/api/v1/preservation", {**payload, "applied_at": "2024-09-27T12:00:00"})
        unknown = _post(_client(judge), "/api/v1/preservation", {**payload, "kind": "arbitration"})
        hidden = _post(_client(judge), "/api/v1/preservation", {**payload, "case_id": 999_999})
    assert (created.status_code, created.json()["ruling_due_on"], created.json()["applied_at"]) == (
        201, "2024-10-08", "2024-09-27T10:00:00+08:00")
    assert (future.status_code, future.json()["code"]) == (422, "PRESERVATION_DATE_INVALID")
    assert (unknown.status_code, unknown.json()["code"]) == (422, "PRESERVATION_KIND_INVALID")
    assert (hidden.status_code, hidden.json()["code"]) == (404, "CASE_NOT_FOUND")
    assert PreservationApplication.objects.count() == 1


def test_pre_enforcement_over_the_api(case, judge, plaintiff, person_defendant):
    payload = {"case_id": case.pk, "kind": "pre_enforcement", "applicant_id": plaintiff.pk,
               "respondent_id": person_defendant.pk, "amount_yuan": "1000"}
    with at(date(2024, 9, 20)):
        missing = _post(_client(judge), "/api/v1/preservation", payload)
        created = _post(_client(judge), "/api/v1/preservation", {**payload, "performance_ends_on": "2024-09-27"})
    assert (missing.status_code, missing.json()["code"]) == (422, "PRESERVATION_PERFORMANCE_END_REQUIRED")
    assert (created.status_code, created.json()["enforcement_due_on"]) == (201, "2024-10-08")
    with at(date(2024, 10, 8)):
        applied = _post(_client(judge), f"/api/v1/preservation/{created.json()['id']}/enforcement-application",
                        {"applied_on": "2024-10-08"})
    assert (applied.status_code, applied.json()["enforcement_applied_on"]) == (200, "2024-10-08")
