import json

import pytest

from yingshang.assessments.models import Assessment
from yingshang.assessments.tests.test_domain import FULL
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, EnterpriseFactory, PersonFactory
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    case = CaseFactory(is_enterprise_involved=True)
    CasePartyFactory(case=case, party=EnterpriseFactory())
    return case


def put(client, url, body):
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_judge_submits_and_reads_stages_side_by_side(client, case):
    client.force_login(case.judge)
    response = put(client, f"/api/v1/cases/{case.pk}/assessments/preservation",
                   {"answers": FULL, "tags": ["use_preserving_seal"]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["impact_level"], body["score"], body["revision"]) == ("completed", "medium", 18, 1)
    stages = client.get(f"/api/v1/cases/{case.pk}/assessments").json()
    assert [s["stage"] for s in stages] == ["filing", "preservation", "trial", "enforcement", "publicity",
                                           "time_limit"]
    assert [s["status"] for s in stages] == [None, "completed", None, None, None, None]


def test_bad_stage_and_tag_are_422_and_missing_answers_400(client, case):
    client.force_login(case.judge)
    assert put(client, f"/api/v1/cases/{case.pk}/assessments/nowhere", {"answers": FULL}).status_code == 422
    bad_tag = put(client, f"/api/v1/cases/{case.pk}/assessments/trial", {"answers": FULL, "tags": ["x"]})
    assert bad_tag.status_code == 422 and bad_tag.json()["code"] == "VALIDATION_ERROR"
    missing = put(client, f"/api/v1/cases/{case.pk}/assessments/trial", {"answers": {}})
    assert missing.status_code == 400 and missing.json()["code"] == "ASSESSMENT_ANSWER_MISSING"
    assert not Assessment.objects.exists()


def test_parties_cannot_see_the_internal_file(client, case):
    party_user = UserFactory(role=Role.PARTY)
    person = PersonFactory()
    person.users.add(party_user)
    CasePartyFactory(case=case, party=person)
    client.force_login(party_user)
    assert client.get(f"/api/v1/cases/{case.pk}/assessments").status_code == 404
    assert put(client, f"/api/v1/cases/{case.pk}/assessments/trial", {"answers": FULL}).status_code == 403
    client.logout()
    assert client.get(f"/api/v1/cases/{case.pk}/assessments").status_code == 401


def test_statistics_need_a_supervisor(client, case):
    client.force_login(case.judge)
    assert client.get("/api/v1/assessment-statistics").status_code == 403
    client.force_login(UserFactory(role=Role.TRIAL_MANAGEMENT))
    assert client.get("/api/v1/assessment-statistics").json()["total"] == 0


def test_stage_form_page_keeps_input_on_error_and_saves(client, case):
    client.force_login(case.judge)
    url = f"/cases/{case.pk}/assessments/trial/"
    page = client.get(url)
    assert page.status_code == 200 and "审理环节涉企案件经济影响评估表" in page.content.decode()
    refused = client.post(url, {"q_employees": "12"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "以下问题未填写" in html and 'value="12"' in html
    saved = client.post(url, {f"q_{k}": v for k, v in FULL.items()} | {"tags": ["instalments"]})
    assert saved.status_code == 302
    assert Assessment.objects.get().tags == ["instalments"]
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert "涉企案件经济影响评估（副卷）" in detail


def test_sample_report_pdf_and_statistics_excel(client, case):
    import subprocess
    from io import BytesIO

    from openpyxl import load_workbook

    from yingshang.assessments import services

    services.assessment_submit(case_id=case.pk, stage="trial", answers=FULL, actor=case.judge)
    tm = UserFactory(role=Role.TRIAL_MANAGEMENT)
    client.force_login(tm)
    drawn = client.post("/assessments/samples/", {"period_start": "2020-01-01", "period_end": "2099-12-31",
                                                  "size": "5", "seed": "Q4"})
    assert drawn.status_code == 302
    page = client.get(drawn["Location"]).content.decode()
    assert case.case_number in page
    pdf = client.get(drawn["Location"] + "report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
    assert "涉企案件经济影响评估落实情况抽查通报" in text.decode() and case.case_number in text.decode()
    book = load_workbook(BytesIO(client.get("/assessments/statistics/export.xlsx").content))
    assert book.sheetnames[:2] == ["按环节", "按影响程度"]
    assert [c.value for c in book["按环节"][2]] == ["审理", 1, "100.0%"]
    assert book["按环节"].freeze_panes == "A2"
