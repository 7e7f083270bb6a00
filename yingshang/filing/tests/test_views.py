"""Pages: the online form (errors beside the field, typed values kept), the queue (priority, clock), the filing
page and its HTMX actions, the triage screen, the tables, the figures, the case panel and the navigation."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.filing.models import Filing, TriageRecord
from yingshang.filing.tests.conftest import (
    DOCX, PDF, at, enterprise, id_number_for, person, stored_files, submit,
)
from yingshang.cases.tests.factories import credit_code_for

pytestmark = pytest.mark.django_db

SEP_28 = date(2024, 9, 28)


def form_data(**overrides):
    data = {"type_code": "民初", "channel": "online", "cause_name": "民间借贷纠纷", "claim_amount_yuan": "30000",
            "claims": "判令被告归还借款", "summary": "", "party_total": "2",
            "party-0-role": "plaintiff", "party-0-kind": "person", "party-0-name": "张三",
            "party-0-id_number": id_number_for(1),
            "party-1-role": "defendant", "party-1-kind": "organisation", "party-1-name": "咸丰县某公司",
            "party-1-credit_code": credit_code_for(3), "party-1-organisation_kind": "enterprise"}
    data.update(overrides)
    return data


def test_online_form_for_parties_only(client, court, party_user, judge):
    client.force_login(party_user)
    page = client.get("/filing/new/")
    assert page.status_code == 200 and "网上立案" in page.content.decode()
    client.force_login(judge)
    assert client.get("/filing/new/").status_code == 404


def test_online_form_submits_and_redirects_to_the_filing(client, court, party_user):
    client.force_login(party_user)
    with at(SEP_28):
        response = client.post("/filing/new/", form_data(**{
            "file-complaint": SimpleUploadedFile("起诉状.pdf", PDF, "application/pdf")}))
    filing = Filing.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/filing/{filing.pk}/"
    assert (filing.cause.name, filing.claim_amount_fen, filing.is_priority) == ("民间借贷纠纷", 30_000_00, True)
    page = client.get(response["Location"]).content.decode()
    assert "立案申请已提交，收件编号（2024）鄂2826收1号" in page


def test_online_form_refusal_shows_the_error_beside_the_files_and_keeps_values(client, court, party_user, media):
    client.force_login(party_user)
    with at(SEP_28):
        response = client.post("/filing/new/", form_data(**{
            "file-complaint": SimpleUploadedFile("起诉状.pdf", DOCX, "application/pdf")}))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="attachment-error">文件「起诉状.pdf」的内容不是PDF 文档或 JPG、PNG 图片' in html
    assert 'value="张三"' in html and "判令被告归还借款" in html
    assert not Filing.objects.exists() and stored_files(media) == []


def test_queue_shows_priority_first_and_the_clock(client, court, party_user, clerk):
    with at(date(2024, 9, 20)):
        submit(party_user, court)
    with at(SEP_28):
        submit(party_user, court, parties=[person(1), enterprise(1)])
    client.force_login(clerk)
    with at(date(2024, 9, 30)):
        html = client.get("/filing/queue/").content.decode()
    assert html.index("涉企优先") < html.index("已于2024年9月27日届满，超期3日，应当先行立案")
    assert "剩余8日（2024年10月8日届满）" in html
    client.force_login(party_user)
    assert client.get("/filing/queue/").status_code == 404


def test_queue_export_is_an_excel_ledger(client, court, party_user, clerk):
    with at(SEP_28):
        submit(party_user, court)
    client.force_login(clerk)
    response = client.get("/filing/queue/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_htmx_register_redirects_to_the_filing(client, court, party_user, clerk):
    with at(SEP_28):
        filing = submit(party_user, court)
        client.force_login(clerk)
        page = client.get(f"/filing/{filing.pk}/").content.decode()
        assert "登记立案" in page and "裁定不予受理" in page
        response = client.post(f"/filing/{filing.pk}/register/", {"filed_on": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == f"/filing/{filing.pk}/"
    assert Filing.objects.get(pk=filing.pk).case.case_number == "（2024）鄂2826民初1号"


def test_htmx_refusal_without_reason_shows_the_error(client, court, party_user, clerk):
    with at(SEP_28):
        filing = submit(party_user, court)
        client.force_login(clerk)
        response = client.post(f"/filing/{filing.pk}/refuse/", {"reason": " "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "不予受理必须写明理由（登记立案规定第9条）" in response.content.decode()
    assert Filing.objects.get(pk=filing.pk).status == "submitted"


def test_applicant_page_has_no_review_actions_and_others_get_404(client, court, party_user, other_party):
    with at(SEP_28):
        filing = submit(party_user, court)
    client.force_login(party_user)
    html = client.get(f"/filing/{filing.pk}/").content.decode()
    assert "收件凭证" in html and "裁定不予受理" not in html
    assert client.get(f"/filing/{filing.pk}/receipt/").status_code == 200
    client.force_login(other_party)
    assert client.get(f"/filing/{filing.pk}/").status_code == 404


def test_triage_screen_suggests_with_reasons_and_records(client, court, party_user, clerk, wage_row):
    with at(SEP_28):
        filing = submit(party_user, court, claim_amount_fen=30_000_00)
        client.force_login(clerk)
        page = client.get(f"/filing/{filing.pk}/triage/")
        assert page.status_code == 200 and 'value="30000.00"' in page.content.decode()
        data = {"type_code": "民初", "claim_amount_yuan": "30000.00", "party_count": "2", "is_money_claim": "on",
                "facts_clear": "on", "rights_clear": "on", "little_dispute": "on"}
        response = client.post(f"/filing/{filing.pk}/triage/", data, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert "建议：<strong>小额诉讼程序</strong>" in html
        assert "应当适用小额诉讼程序，一审终审" in html and "民事诉讼法第165条第1款" in html
        record = TriageRecord.objects.get()
        decided = client.post(f"/filing/triage/{record.pk}/decide/", {"procedure": "small_claims", "reason": ""},
                              follow=True)
    assert "已决定适用小额诉讼程序" in decided.content.decode()
    record.refresh_from_db()
    assert (record.status, record.decided_procedure) == ("decided", "small_claims")


def test_triage_preview_is_staff_only(client, court, clerk, party_user):
    client.force_login(party_user)
    assert client.get("/filing/triage/").status_code == 404
    client.force_login(clerk)
    assert client.get("/filing/triage/").status_code == 200


def test_wage_table_page_shows_unconfirmed_rows(client, court, clerk, head):
    client.force_login(clerk)
    with at(SEP_28):
        html = client.get("/filing/small-claims-thresholds/").content.decode()
    assert "UNCONFIRMED：数额未经核实" in html and 'name="threshold_id"' not in html
    client.force_login(head)
    with at(SEP_28):
        response = client.post("/filing/small-claims-thresholds/", {
            "province": "湖北省", "wage_year": "2021", "average_wage_yuan": "90000.00", "effective_from": "2022-07-01",
            "is_confirmed": "on", "source": "测试"})
    assert response.status_code == 302


def test_criteria_page_and_batches_and_statistics(client, court, clerk, party_user):
    client.force_login(clerk)
    assert "有涉外因素" in client.get("/filing/criteria/").content.decode()
    assert client.get("/filing/batches/").status_code == 200
    with at(SEP_28):
        submit(clerk, court, channel="window", attachments=[])
        html = client.get("/filing/statistics/?date_from=2024-09-01&date_to=2024-09-30").content.decode()
    assert "<td>2024-09</td><td class=\"text-end\">0</td>" in html  # one filing received, no case registered yet
    assert client.get("/filing/statistics/export.xlsx").status_code == 200
    client.force_login(party_user)
    assert client.get("/filing/statistics/").status_code == 404


def test_case_page_shows_the_filing_panel(client, court, party_user, clerk):
    with at(SEP_28):
        filing = submit(party_user, court)
        from yingshang.filing.services import filing_register

        filing = filing_register(filing_id=filing.pk, actor=clerk)
        client.force_login(clerk)
        html = client.get(f"/cases/{filing.case_id}/").content.decode()
    assert "立案登记与繁简分流" in html and filing.receipt_number in html


def test_navigation_by_role(client, court, party_user, clerk):
    def menu(response):
        return [item["label"] for item in response.context["nav_items"]]

    client.force_login(party_user)
    labels = menu(client.get("/filing/mine/"))
    assert "网上立案" in labels and "立案审查" not in labels
    client.force_login(clerk)
    labels = menu(client.get("/filing/queue/"))
    assert "立案审查" in labels and "网上立案" not in labels


def test_refusal_ruling_prints_as_pdf(client, court, party_user, clerk):
    from yingshang.filing.services import filing_refuse

    with at(SEP_28):
        filing = submit(party_user, court)
        filing_refuse(filing_id=filing.pk, reason="不属于人民法院受理民事诉讼的范围", actor=clerk)
        client.force_login(party_user)
        response = client.get(f"/filing/{filing.pk}/ruling.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_add_party_row_partial(client, court, party_user):
    client.force_login(party_user)
    html = client.get("/filing/new/party-row/?index=2", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="party-2-name"' in html and 'id="party-2"' in html
