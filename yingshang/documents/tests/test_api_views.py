"""API and pages: permissions (anonymous / other party / other department / allowed), the public verification page,
the desk, the dossier page and panel, a party's documents."""

import json
from datetime import date

import pytest
from django.test import Client

from yingshang.documents import domain, services
from yingshang.documents.choices import DocumentKind, ServiceMethod
from yingshang.documents.models import Document, ServiceRecord
from yingshang.documents.tests.conftest import at, pdf_bytes
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def served(case, parties, judge):
    """A summons served on the defendant, an evidence file served on nobody."""
    _, defendant = parties
    with at(date(2024, 6, 5)):
        summons = services.document_generate(case_id=case.pk, kind=DocumentKind.SUMMONS,
                                             data={"hearing_at": "2024-07-01T09:30", "place": "第一审判庭"},
                                             addressee_party_id=defendant.pk, actor=judge)
        services.service_send(document_id=summons.pk, party_id=defendant.pk, method=ServiceMethod.IN_PERSON,
                              event_on=date(2024, 6, 5), actor=judge)
        evidence = services.document_upload(case_id=case.pk, kind=DocumentKind.EVIDENCE, title="证据一",
                                            file_name="e.pdf", content=pdf_bytes(), content_type="application/pdf",
                                            issued_on=date(2024, 6, 5), actor=judge)
    return summons, evidence


def test_dossier_api_scopes_documents_per_user(served, case, judge, plaintiff_user, defendant_user, court):
    summons, evidence = served
    url = f"/api/v1/cases/{case.pk}/dossier"
    assert _client().get(url).status_code == 401
    staff = _client(judge).get(url).json()
    assert [i["title"] for i in staff["items"]] == ["传票", "证据一"] and staff["count"] == 2
    assert [i["id"] for i in _client(defendant_user).get(url).json()["items"]] == [summons.pk]
    assert _client(plaintiff_user).get(url).json() == {"items": [], "count": 0}
    stranger = UserFactory(role=Role.PARTY)
    assert _client(stranger).get(url).status_code == 404
    other_dept = UserFactory(role=Role.JUDGE, court=court,
                             department=DepartmentFactory(court=court, kind=DepartmentKind.CRIMINAL))
    assert _client(other_dept).get(url).status_code == 404


def test_document_api_and_download_permissions(served, judge, plaintiff_user, defendant_user):
    summons, evidence = served
    body = _client(defendant_user).get(f"/api/v1/documents/{summons.pk}").json()
    assert (body["number"], body["services"][0]["method"], body["services"][0]["served_on"]) == (
        summons.number, "in_person", "2024-06-05")
    assert _client(plaintiff_user).get(f"/api/v1/documents/{summons.pk}").status_code == 404
    assert _client(defendant_user).get(f"/documents/{summons.pk}/download/").status_code == 200
    assert _client(plaintiff_user).get(f"/documents/{summons.pk}/download/").status_code == 404
    assert _client().get(f"/documents/{summons.pk}/download/").status_code == 302  # to the login page
    assert _client(judge).get(f"/documents/{evidence.pk}/download/").status_code == 200


def test_electronic_service_refused_over_the_api_without_consent(served, judge, parties):
    _, evidence = served
    plaintiff, _ = parties
    with at(date(2024, 6, 6)):
        response = _client(judge).post(f"/api/v1/documents/{evidence.pk}/services",
                                       data=json.dumps({"party_id": plaintiff.pk, "method": "sms"}),
                                       content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "SERVICE_CONSENT_REQUIRED"
    assert not ServiceRecord.objects.filter(document=evidence).exists()


def test_a_party_cannot_serve_or_generate(served, case, defendant_user, parties):
    _, evidence = served
    with at(date(2024, 6, 6)):
        serve = _client(defendant_user).post(f"/api/v1/documents/{evidence.pk}/services",
                                             data=json.dumps({"party_id": parties[0].pk, "method": "post"}),
                                             content_type="application/json")
        generate = _client(defendant_user).post(f"/api/v1/cases/{case.pk}/documents/generate",
                                                data=json.dumps({"kind": "summons"}), content_type="application/json")
    assert serve.status_code == 404  # the evidence is not visible to the defendant
    assert generate.status_code == 403
    assert Document.objects.count() == 2


def test_generate_and_upload_over_the_api(case, parties, judge):
    with at(date(2024, 6, 7)):
        generated = _client(judge).post(f"/api/v1/cases/{case.pk}/documents/generate", data=json.dumps(
            {"kind": "payment_notice", "addressee_party_id": parties[0].pk, "data": {"amount_yuan": "1275"}}),
            content_type="application/json")
        from django.core.files.uploadedfile import SimpleUploadedFile

        uploaded = _client(judge).post(f"/api/v1/cases/{case.pk}/documents", data={
            "kind": "deliberation", "title": "合议庭评议笔录", "issued_on": "2024-06-07",
            "file": SimpleUploadedFile("评议.pdf", pdf_bytes(), content_type="application/pdf")})
        bad = _client(judge).post(f"/api/v1/cases/{case.pk}/documents/generate", data=json.dumps(
            {"kind": "payment_notice", "addressee_party_id": parties[0].pk, "data": {"amount_yuan": "12.345"}}),
            content_type="application/json")
    assert generated.status_code == 201 and generated.json()["title"] == "交纳诉讼费用通知书"
    assert uploaded.status_code == 201 and (uploaded.json()["volume"], uploaded.json()["sequence"]) == ("internal", 1)
    assert bad.status_code == 400 and bad.json()["code"] == "AMOUNT_TOO_PRECISE"


def test_public_verification_api_and_page(served):
    summons, _ = served
    code = summons.verification_code
    ok = _client().get(f"/api/v1/verify/{domain.verification_code_display(code)}")
    assert ok.status_code == 200
    assert (ok.json()["number"], ok.json()["case_number"], ok.json()["issued_on"], ok.json()["hash_checked"]) == (
        summons.number, summons.case.case_number, "2024-06-05", False)
    matched = _client().post(f"/api/v1/verify/{code}", data=json.dumps({"sha256": summons.sha256}),
                             content_type="application/json").json()
    assert matched["hash_matches"] is True
    altered = code[:-1] + ("0" if code[-1] != "0" else "1")
    refused = _client().get(f"/api/v1/verify/{altered}")
    assert refused.status_code == 400 and refused.json()["code"] == "DOCUMENT_CODE_INVALID"

    page = _client().get(f"/verify/{code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "验证码有效" in html and summons.number in html and "2024年6月5日" in html and summons.sha256 in html
    from django.core.files.uploadedfile import SimpleUploadedFile

    tampered = _client().post("/verify/", data={"code": code, "file": SimpleUploadedFile(
        "x.pdf", summons.file.read() + b"x", content_type="application/pdf")})
    assert "文件摘要不一致" in tampered.content.decode()
    bad_page = _client().get(f"/verify/{altered}/")
    assert bad_page.status_code == 404 and "校验位不符" in bad_page.content.decode()


def test_service_desk_page_and_htmx_result(case, parties, judge, clerk):
    plaintiff, _ = parties
    with at(date(2024, 6, 5)):
        document = services.document_upload(case_id=case.pk, kind=DocumentKind.OTHER, title="举证通知书",
                                            file_name="n.pdf", content=pdf_bytes(), content_type="application/pdf",
                                            issued_on=date(2024, 6, 5), actor=judge)
        record = services.service_send(document_id=document.pk, party_id=plaintiff.pk, method=ServiceMethod.POST,
                                       actor=judge)
    page = _client(clerk).get("/documents/desk/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "举证通知书" in html and "打印邮寄材料" in html and plaintiff.name in html
    assert _client(clerk).get(f"/documents/services/{record.pk}/mailing-pack/").status_code == 200
    with at(date(2024, 6, 9)):
        row = _client(clerk).post(f"/documents/services/{record.pk}/result/",
                                  data={"outcome": "served", "event_on": "2024-06-08"}, HTTP_HX_REQUEST="true")
    assert row.status_code == 200 and "2024年6月8日" in row.content.decode()
    record.refresh_from_db()
    assert (record.status, record.served_on) == ("served", date(2024, 6, 8))
    party_user = UserFactory(role=Role.PARTY)
    assert _client(party_user).get("/documents/desk/").status_code == 404
    assert _client(party_user).get(f"/documents/services/{record.pk}/mailing-pack/").status_code == 404


def test_case_page_panel_and_dossier_page(served, case, judge, defendant_user):
    summons, _ = served
    case_page = _client(judge).get(f"/cases/{case.pk}/")
    assert case_page.status_code == 200 and "电子卷宗与送达" in case_page.content.decode()
    staff_page = _client(judge).get(f"/documents/cases/{case.pk}/").content.decode()
    assert "证据一" in staff_page and "生成 PDF 并入卷" in staff_page
    party_page = _client(defendant_user).get(f"/documents/cases/{case.pk}/").content.decode()
    assert "传票" in party_page and "证据一" not in party_page and "生成 PDF 并入卷" not in party_page
    mine = _client(defendant_user).get("/documents/my/").content.decode()
    assert summons.number in mine and "证据一" not in mine


def test_dossier_page_action_records_an_activity_and_refuses_a_stranger(case, parties, judge):
    with at(date(2024, 6, 20)):
        response = _client(judge).post(f"/documents/cases/{case.pk}/action/", data={
            "action": "activity", "kind": "hearing", "mode": "online", "held_on": "2024-06-20",
            "platform": "人民法院在线服务"})
    assert response.status_code == 302
    from yingshang.documents.models import LitigationActivity

    assert list(LitigationActivity.objects.values_list("kind", "mode")) == [("hearing", "online")]
    stranger = UserFactory(role=Role.PARTY)
    with at(date(2024, 6, 20)):
        _client(stranger).post(f"/documents/cases/{case.pk}/action/", data={
            "action": "activity", "kind": "hearing", "mode": "online", "held_on": "2024-06-20"})
    assert LitigationActivity.objects.count() == 1


def test_indicator_endpoints_are_staff_only(case, parties, judge, plaintiff_user):
    url = "/api/v1/indicators/online-services?start=2024-06-01&end=2024-06-30"
    assert _client(plaintiff_user).get(url).status_code == 403
    body = _client(judge).get(url).json()
    assert body["definition"]["code"] == "online_service_utilisation"
    assert body["items"]["filing"] == {"online": 0, "total": 1}
    assert set(body["items"]) == {"filing", "service", "hearing", "mediation", "evidence_exchange", "inquiry",
                                  "appeal", "certificate_request", "party_submission"}


def test_navigation_entries(judge, plaintiff_user):
    staff_nav = _client(judge).get("/documents/desk/").context["nav_items"]
    assert {"送达台", "文书验证"} <= {i["label"] for i in staff_nav}
    party_nav = _client(plaintiff_user).get("/documents/my/").context["nav_items"]
    labels = {i["label"] for i in party_nav}
    assert "我的文书" in labels and "送达台" not in labels


def test_dossier_list_does_not_grow_queries_with_documents(case, parties, judge, django_assert_max_num_queries):
    with at(date(2024, 6, 5)):
        for n in range(6):
            services.document_upload(case_id=case.pk, kind=DocumentKind.EVIDENCE, title=f"证据{n}", file_name="e.pdf",
                                     content=pdf_bytes(str(n)), content_type="application/pdf",
                                     issued_on=date(2024, 6, 5), actor=judge)
    client = _client(judge)
    client.get(f"/api/v1/cases/{case.pk}/dossier")  # warm the session
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/cases/{case.pk}/dossier").json()["count"] == 6
