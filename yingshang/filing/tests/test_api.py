"""The filing API: multipart submission with attachment refusals, scoping (applicants see only their own), the
立案庭 actions, triage, the wage table and the figures."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.audit.models import AuditEvent
from yingshang.cases.models import Case
from yingshang.filing.models import Filing, FilingAttachment, RefusalRuling
from yingshang.filing.tests.conftest import ENCRYPTED_PDF, PDF, at, id_number_for, stored_files

pytestmark = pytest.mark.django_db

SEP_28 = date(2024, 9, 28)


def payload(**overrides) -> dict:
    body = {"type_code": "民初", "channel": "online", "claim_amount_yuan": "30000.00", "claims": "判令被告归还借款3万元",
            "summary": "2023年被告向原告借款", "parties": [
                {"kind": "person", "name": "张三", "role": "plaintiff", "id_number": id_number_for(1)},
                {"kind": "person", "name": "李四", "role": "defendant", "id_number": id_number_for(2)}]}
    body.update(overrides)
    return body


def post_filing(client, body=None, files=None):
    data = {"data": json.dumps(body or payload(), ensure_ascii=False)}
    data.update(files if files is not None else {"complaint": SimpleUploadedFile("起诉状.pdf", PDF, "application/pdf")})
    return client.post("/api/v1/filings", data=data)


def post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_party_files_online_and_sees_the_clock(client, court, party_user):
    client.force_login(party_user)
    with at(SEP_28):
        response = post_filing(client)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["receipt_number"], body["channel"], body["channel_label"], body["status"]) == \
        ("（2024）鄂2826收1号", "online", "网上立案", "submitted")
    assert (body["decision_due_on"], body["clock"]["label"]) == ("2024-10-08", "剩余10日（2024年10月8日届满）")
    assert body["claim_amount_yuan"] == "30000.00"
    assert body["parties"][0]["id_number_masked"] == id_number_for(1)[:4] + "*" * 10 + id_number_for(1)[-4:]
    assert [a["original_name"] for a in body["attachments"]] == ["起诉状.pdf"]
    download = client.get(body["attachments"][0]["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_encrypted_pdf_refused_by_the_api_and_nothing_saved(client, court, party_user, media):
    client.force_login(party_user)
    with at(SEP_28):
        response = post_filing(client, files={
            "complaint": SimpleUploadedFile("起诉状.pdf", PDF, "application/pdf"),
            "evidence": SimpleUploadedFile("合同.pdf", ENCRYPTED_PDF, "application/pdf")})
    assert response.status_code == 400
    assert response.json()["code"] == "FILING_ATTACHMENT_ENCRYPTED"
    assert "加密" in response.json()["message"]
    assert not Filing.objects.exists() and not FilingAttachment.objects.exists() and stored_files(media) == []


def test_bad_amount_and_bad_data_are_422(client, court, party_user):
    client.force_login(party_user)
    bad_amount = post_filing(client, payload(claim_amount_yuan="12.345"))
    assert bad_amount.status_code == 422
    assert bad_amount.json()["detail"]["errors"][0]["message"] == "金额最多保留两位小数"
    missing = post_filing(client, payload(parties=[]))
    assert missing.status_code == 422
    not_json = client.post("/api/v1/filings", data={"data": "{oops"})
    assert (not_json.status_code, not_json.json()["code"]) == (400, "MALFORMED_JSON")
    assert not Filing.objects.exists()


def test_anonymous_cannot_file(client, court):
    assert post_filing(client).status_code == 401
    assert client.get("/api/v1/filings").status_code == 401


def test_applicants_see_only_their_own_filings(client, court, party_user, other_party):
    client.force_login(party_user)
    with at(SEP_28):
        mine = post_filing(client).json()
    client.force_login(other_party)
    assert client.get(f"/api/v1/filings/{mine['id']}").status_code == 404
    assert client.get(mine["attachments"][0]["download_url"]).status_code == 404
    assert client.get("/api/v1/filings?status=all").json() == {"items": [], "count": 0}
    client.force_login(party_user)
    assert client.get("/api/v1/filings?status=all").json()["count"] == 1


def test_filing_division_registers_and_others_cannot(client, court, party_user, clerk, judge):
    client.force_login(party_user)
    with at(SEP_28):
        filing_id = post_filing(client).json()["id"]
        assert post_json(client, f"/api/v1/filings/{filing_id}/register", {}).status_code == 403
        client.force_login(judge)
        assert post_json(client, f"/api/v1/filings/{filing_id}/register", {}).status_code == 404
        client.force_login(clerk)
        queue = client.get("/api/v1/filings").json()
        assert [f["id"] for f in queue["items"]] == [filing_id]
        response = post_json(client, f"/api/v1/filings/{filing_id}/register", {})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["case_number"], body["is_on_spot"]) == ("registered", "（2024）鄂2826民初1号", True)
    assert Case.objects.get().channel == "online"


def test_supplement_and_refusal_through_the_api(client, court, party_user, clerk):
    client.force_login(party_user)
    with at(SEP_28):
        filing_id = post_filing(client).json()["id"]
    client.force_login(clerk)
    with at(date(2024, 9, 29)):
        no_reason = post_json(client, f"/api/v1/filings/{filing_id}/refuse", {"reason": ""})
        assert (no_reason.status_code, no_reason.json()["code"]) == (400, "FILING_REFUSAL_REASON_REQUIRED")
        assert not RefusalRuling.objects.exists()
        requested = post_json(client, f"/api/v1/filings/{filing_id}/supplement-request", {"items": ["借条原件"]})
        assert requested.json()["clock"]["label"] == "等待补正材料（收到补正材料后重新计算）"
        again = post_json(client, f"/api/v1/filings/{filing_id}/supplement-request", {"items": ["再补"]})
        assert (again.status_code, again.json()["code"]) == (409, "FILING_SUPPLEMENT_ALREADY_REQUESTED")
    client.force_login(party_user)
    with at(date(2024, 10, 9)):
        supplied = client.post(f"/api/v1/filings/{filing_id}/supplements",
                               data={"note": "已补", "files": SimpleUploadedFile("借条.pdf", PDF)})
        assert supplied.status_code == 200, supplied.content
        assert supplied.json()["decision_due_on"] == "2024-10-16"
        client.force_login(clerk)
        refused = post_json(client, f"/api/v1/filings/{filing_id}/refuse", {"reason": "不属于本院管辖"})
    assert refused.status_code == 200
    assert refused.json()["number"] == "（2024）鄂2826立不受1号"


def test_triage_preview_and_record(client, court, clerk, party_user, wage_row):
    client.force_login(clerk)
    with at(SEP_28):
        preview = post_json(client, "/api/v1/triage/suggest", {"claim_amount_yuan": "120000.00"})
        assert preview.status_code == 200, preview.content
        body = preview.json()
        assert (body["procedure"], body["procedure_label"], body["record_id"]) == ("simple", "简易程序", None)
        assert [r["code"] for r in body["reasons"]][-3:] == ["sc_needs_agreement", "mandatory_simple",
                                                             "team_fast_track"]
        assert body["threshold"]["limit_yuan"] == "50000.00" and body["threshold"]["confirmation_label"] == "已核实"
        client.force_login(party_user)
        assert post_json(client, "/api/v1/triage/suggest", {}).status_code == 403
        filing_id = post_filing(client).json()["id"]
        client.force_login(clerk)
        recorded = post_json(client, "/api/v1/triage/suggest", {"filing_id": filing_id, "claim_amount_yuan": "30000"})
        record_id = recorded.json()["record_id"]
        decided = post_json(client, f"/api/v1/triage/{record_id}/decide", {"procedure": "ordinary"})
        assert (decided.status_code, decided.json()["code"]) == (400, "FILING_TRIAGE_REASON_REQUIRED")
        decided = post_json(client, f"/api/v1/triage/{record_id}/decide", {"procedure": "ordinary",
                                                                          "reason": "案情复杂"})
    assert decided.status_code == 200
    assert (decided.json()["decided_procedure"], decided.json()["decided_by"]) == ("ordinary", "立案员甲")


def test_wage_table_is_public_to_read_and_edited_by_filing_heads(client, court, clerk, head):
    listing = client.get("/api/v1/small-claims-thresholds?province=湖北省").json()
    assert listing["count"] == 3
    assert {r["confirmation_label"] for r in listing["items"]} == {"UNCONFIRMED（未核实）"}
    body = {"province": "湖南省", "wage_year": 2022, "average_wage_yuan": "91413.00", "effective_from": "2023-11-01",
            "is_confirmed": True, "source": "湖南高院"}
    client.force_login(clerk)
    assert post_json(client, "/api/v1/small-claims-thresholds", body).status_code == 403
    client.force_login(head)
    created = post_json(client, "/api/v1/small-claims-thresholds", body)
    assert created.status_code == 201
    assert (created.json()["limit_yuan"], created.json()["agreed_limit_yuan"]) == ("45707.00", "182826.00")
    assert AuditEvent.objects.filter(action="filing.threshold_saved").count() == 1


def test_statistics_for_staff_only(client, court, clerk, party_user):
    client.force_login(party_user)
    assert client.get("/api/v1/filing-statistics?date_from=2024-01-01&date_to=2024-12-31").status_code == 403
    client.force_login(clerk)
    response = client.get("/api/v1/filing-statistics?date_from=2024-01-01&date_to=2024-12-31")
    assert response.status_code == 200 and response.json()["months"] == []


def test_queue_list_queries_do_not_grow_with_the_rows(client, court, party_user, clerk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yingshang.filing.tests.conftest import submit

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/filings?status=all").status_code == 200
        return len(captured.captured_queries)

    client.force_login(clerk)
    with at(SEP_28):
        submit(party_user, court)
        few = count_queries()
        for _ in range(5):
            submit(party_user, court)
        assert count_queries() == few
