"""The ledger API and pages: permissions (anonymous / other party / wrong role / allowed), refusals write nothing,
the refund ledger with its overdue list, indicator and Excel export."""

import json
from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from yingshang.audit.models import AuditEvent
from yingshang.fees import services
from yingshang.fees.models import FeeAllocation, FeeCharge, FeeEntry, FeeRelief, RefundOrder
from yingshang.fees.tests.factories import Y, closed_judgment_case, fee_case, finance_user
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory, president

pytestmark = pytest.mark.django_db

SEPT_30_2024 = date(2024, 9, 30)


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def login(client, user):
    client.force_login(user)
    return client


def portal_user_for(case_party):
    user = UserFactory(role=Role.PARTY)
    case_party.party.users.add(user)
    return user


def judged_case_with_refund():
    case, plaintiff, defendant = closed_judgment_case(SEPT_30_2024, claim_yuan=100_000)
    charge = services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                        amount_fen=100_000 * Y, actor=case.judge)
    services.fee_prepayment_record(charge_id=charge.pk, amount_fen=charge.fee_fen, received_on=date(2024, 1, 3),
                                   actor=finance_user())
    services.fee_allocation_record(case_id=case.pk, manner="judgment", awarded_fen=60_000 * Y, actor=case.judge)
    return case, plaintiff, defendant, RefundOrder.objects.get(case=case)


# --- Ledger read ---------------------------------------------------------------------------------------------

def test_ledger_anonymous_is_401(api_client):
    case, _, _, _ = judged_case_with_refund()
    assert api_client.get(f"/api/v1/fees/cases/{case.pk}/ledger").status_code == 401


def test_party_sees_its_own_case_ledger_and_not_another(api_client):
    case, plaintiff, _, _ = judged_case_with_refund()
    user = portal_user_for(plaintiff)
    login(api_client, user)
    body = api_client.get(f"/api/v1/fees/cases/{case.pk}/ledger").json()
    assert body["totals"]["charged_yuan"] == "2300.00"
    assert body["totals"]["refund_pending_yuan"] == "1380.00"
    assert body["allocation"]["shares"][1]["receivable_yuan"] == "1380.00"
    assert body["refunds"][0]["due_on"] == "2024-10-08"
    other_case, _, _ = fee_case()
    response = api_client.get(f"/api/v1/fees/cases/{other_case.pk}/ledger")
    assert (response.status_code, response.json()["code"]) == (404, "CASE_NOT_FOUND")


# --- Writes through the API ------------------------------------------------------------------------------------

def test_judge_issues_a_charge_and_finance_records_the_prepayment(api_client):
    case, plaintiff, _ = fee_case(claim_yuan=123_456)
    login(api_client, case.judge)
    response = post(api_client, f"/api/v1/fees/cases/{case.pk}/charges",
                    {"fee_type": "acceptance", "payer_case_party_id": plaintiff.pk, "amount_yuan": "123456.78"})
    assert response.status_code == 201, response.json()
    charge = response.json()
    assert (charge["fee_yuan"], charge["outstanding_yuan"]) == ("2769.14", "2769.14")
    response = post(api_client, f"/api/v1/fees/charges/{charge['id']}/prepayments",
                    {"amount_yuan": "2769.14", "received_on": "2024-03-16"})
    assert (response.status_code, response.json()["code"]) == (403, "FEE_FINANCE_ONLY")
    login(api_client, finance_user())
    response = post(api_client, f"/api/v1/fees/charges/{charge['id']}/prepayments",
                    {"amount_yuan": "2769.14", "received_on": "2024-03-16"})
    assert response.status_code == 201
    assert response.json()["amount_yuan"] == "2769.14"


@pytest.mark.parametrize("amount, status, code", [
    ("-5", 422, "VALIDATION_ERROR"), ("abc", 422, "VALIDATION_ERROR"), ("1.001", 422, "VALIDATION_ERROR"),
    ("99999999999999", 422, "VALIDATION_ERROR"), ("0", 422, "FEE_AMOUNT_NOT_POSITIVE"),
])
def test_bad_prepayment_amounts_are_refused_and_write_nothing(api_client, amount, status, code):
    case, plaintiff, _ = fee_case()
    charge = services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                        amount_fen=100_000 * Y, actor=case.judge)
    login(api_client, finance_user())
    response = post(api_client, f"/api/v1/fees/charges/{charge.pk}/prepayments",
                    {"amount_yuan": amount, "received_on": "2024-03-16"})
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not FeeEntry.objects.exists()
    assert AuditEvent.objects.filter(action="fees.prepayment_recorded").count() == 0


def test_allocation_and_refund_on_judgment_through_the_api(api_client):
    case, plaintiff, defendant = closed_judgment_case(SEPT_30_2024, claim_yuan=100_000)
    charge = services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                        amount_fen=100_000 * Y, actor=case.judge)
    services.fee_prepayment_record(charge_id=charge.pk, amount_fen=charge.fee_fen, received_on=date(2024, 1, 3),
                                   actor=finance_user())
    login(api_client, case.judge)
    response = post(api_client, f"/api/v1/fees/cases/{case.pk}/allocation",
                    {"manner": "judgment", "override": [{"case_party_id": plaintiff.pk, "borne_yuan": "300.00"},
                                                        {"case_party_id": defendant.pk, "borne_yuan": "2000.00"}],
                     "reason": ""})
    assert (response.status_code, response.json()["code"]) == (422, "FEE_OVERRIDE_REASON_REQUIRED")
    assert not FeeAllocation.objects.exists()
    response = post(api_client, f"/api/v1/fees/cases/{case.pk}/allocation",
                    {"manner": "judgment", "awarded_yuan": "60000"})
    assert response.status_code == 201
    assert [s["borne_yuan"] for s in response.json()["shares"]] == ["920.00", "1380.00"]
    response = post(api_client, f"/api/v1/fees/cases/{case.pk}/refund-on-judgment", {})
    assert (response.status_code, response.json()) == (200, [])  # created with the allocation already, once
    assert RefundOrder.objects.count() == 1


def test_finance_marks_refund_paid_via_api_and_the_party_cannot(api_client):
    case, plaintiff, _, order = judged_case_with_refund()
    login(api_client, portal_user_for(plaintiff))
    response = post(api_client, f"/api/v1/fees/refunds/{order.pk}/paid", {"paid_on": "2024-10-08"})
    assert response.status_code == 403
    login(api_client, finance_user())
    with time_machine.travel(date(2024, 10, 9), tick=False):
        response = post(api_client, f"/api/v1/fees/refunds/{order.pk}/paid", {"paid_on": "2024-10-08"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["is_on_time"]) == ("paid", True)


def test_relief_hardship_decided_by_president_only(api_client):
    case, plaintiff, defendant = fee_case()
    login(api_client, portal_user_for(defendant))
    response = post(api_client, f"/api/v1/fees/cases/{case.pk}/reliefs",
                    {"case_party_id": defendant.pk, "kind": "waiver", "ground": "hardship", "reason": "企业停产"})
    assert response.status_code == 201
    relief_id = response.json()["id"]
    for user in (case.judge, finance_user()):
        login(api_client, user)
        response = post(api_client, f"/api/v1/fees/reliefs/{relief_id}/decision", {"approve": True})
        assert response.status_code == 403
    assert FeeRelief.objects.get().status == "applied"
    login(api_client, president())
    response = post(api_client, f"/api/v1/fees/reliefs/{relief_id}/decision",
                    {"approve": True, "reason": "院长办公会通过"})
    assert (response.status_code, response.json()["status"]) == (200, "approved")


# --- Refund ledger --------------------------------------------------------------------------------------------

def test_refund_ledger_roles(api_client):
    judged_case_with_refund()
    assert api_client.get("/api/v1/fees/refunds").status_code == 401
    for user, status in ((UserFactory(), 403), (UserFactory(role=Role.PARTY), 403), (finance_user(), 200),
                         (president(), 200)):
        login(api_client, user)
        assert api_client.get("/api/v1/fees/refunds").status_code == status


def test_overdue_refunds_and_the_on_time_indicator(api_client):
    _, _, _, late = judged_case_with_refund()
    _, _, _, fine = judged_case_with_refund()
    finance = finance_user()
    login(api_client, finance)
    with time_machine.travel(date(2024, 10, 9), tick=False):
        body = api_client.get("/api/v1/fees/refunds", {"is_overdue": "true"}).json()
        assert [item["id"] for item in body["items"]] == [late.pk, fine.pk]
        services.refund_order_mark_paid(refund_id=fine.pk, paid_on=date(2024, 10, 8), actor=finance)
        body = api_client.get("/api/v1/fees/refunds", {"is_overdue": "true"}).json()
        assert (body["count"], body["items"][0]["id"], body["items"][0]["is_overdue"]) == (1, late.pk, True)
        services.refund_order_mark_paid(refund_id=late.pk, paid_on=date(2024, 10, 9), actor=finance)
        body = api_client.get("/api/v1/fees/refunds/timeliness").json()
    assert body == {"paid": 2, "on_time": 1, "on_time_rate": 50.0, "paid_yuan": "2760.00"}


def test_refund_ledger_page_and_excel_export(client):
    case, _, _, order = judged_case_with_refund()
    client.force_login(UserFactory())
    assert client.get(reverse("fees:refunds")).status_code == 404
    assert client.get(reverse("fees:refunds_export")).status_code == 404
    client.force_login(finance_user())
    with time_machine.travel(date(2024, 10, 9), tick=False):
        page = client.get(reverse("fees:refunds"))
        export = client.get(reverse("fees:refunds_export"), {"overdue": "1"})
    html = page.content.decode()
    assert case.case_number in html and "逾期未退" in html and "导出Excel" in html
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(export.content))["退费台账"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("案号", "收款当事人", "退费类型", "金额（元）")
    assert rows[1] == (case.case_number, "原告张某", "胜诉退费", "1380.00", "2024-09-30", "2024-10-08", None,
                       "逾期未退", None, order.note)


def test_refund_ledger_row_marked_paid_by_htmx(client):
    _, _, _, order = judged_case_with_refund()
    client.force_login(finance_user())
    with time_machine.travel(date(2024, 10, 8), tick=False):
        response = client.post(reverse("fees:refund_paid", args=[order.pk]), {"paid_on": "2024-10-08",
                                                                              "from": "ledger"})
    html = response.content.decode()
    assert response.status_code == 200 and f'id="refund-{order.pk}"' in html and "已退付·按期" in html


# --- Case page panel ------------------------------------------------------------------------------------------

def test_case_page_shows_the_fee_panel_to_the_party(client):
    case, plaintiff, _, _ = judged_case_with_refund()
    client.force_login(portal_user_for(plaintiff))
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert '<div class="card-header">诉讼费</div>' in html
    assert "胜诉退费" in html and "1,380.00" in html
    assert "登记预交款" not in html and "收退费流水" not in html


def test_finance_records_a_prepayment_from_the_panel_and_sees_errors_inline(client):
    case, plaintiff, _ = fee_case()
    charge = services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                        amount_fen=100_000 * Y, actor=case.judge)
    client.force_login(finance_user())
    url = reverse("fees:prepayment", args=[charge.pk])
    response = client.post(url, {"amount_yuan": "2400", "received_on": "2024-03-16"}, HTTP_HX_REQUEST="true")
    assert "超过尚未预交的金额（2300.00 元）" in response.content.decode()
    assert not FeeEntry.objects.exists()
    response = client.post(url, {"amount_yuan": "2300", "received_on": "2024-03-16"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and FeeEntry.objects.get().amount_fen == 2_300 * Y
    client.force_login(case.judge)
    response = client.post(url, {"amount_yuan": "1", "received_on": "2024-03-16"})
    assert "只有财务人员可以登记收退费" in response.content.decode()
    assert FeeEntry.objects.count() == 1


def test_panel_actions_404_for_cases_outside_scope(client):
    case, plaintiff, _ = fee_case()
    charge = services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                        amount_fen=100_000 * Y, actor=case.judge)
    client.force_login(UserFactory(role=Role.PARTY))
    assert client.post(reverse("fees:prepayment", args=[charge.pk]), {"amount_yuan": "1"}).status_code == 404
    assert FeeCharge.objects.count() == 1 and not FeeEntry.objects.exists()
