import json
from datetime import date

import pytest

from yingshang.enforcement.models import PartyMessage
from yingshang.enforcement.tests.conftest import creditor_of
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_officer_flow_through_the_api(client, ecase, officer, head):
    client.force_login(officer)
    opened = post(client, f"/api/v1/cases/{ecase.pk}/enforcement", {"amount_applied_yuan": "1000.00"})
    assert opened.status_code == 201, opened.content
    assert opened.json()["balance_yuan"] == "0.00"
    bad = post(client, f"/api/v1/cases/{ecase.pk}/enforcement/receipts",
               {"amount_yuan": "10.001", "source": "online", "received_on": "2024-05-06"})
    assert bad.status_code == 422 and "两位小数" in bad.json()["message"]
    ok = post(client, f"/api/v1/cases/{ecase.pk}/enforcement/receipts",
              {"amount_yuan": "600.00", "source": "online", "received_on": "2024-05-06"})
    assert ok.status_code == 201
    payout = post(client, f"/api/v1/cases/{ecase.pk}/enforcement/payouts",
                  {"amount_yuan": "700.00", "creditor_id": creditor_of(ecase).pk})
    assert payout.status_code == 409 and payout.json()["code"] == "ENFORCEMENT_INSUFFICIENT_BALANCE"
    payout = post(client, f"/api/v1/cases/{ecase.pk}/enforcement/payouts",
                  {"amount_yuan": "600.00", "creditor_id": creditor_of(ecase).pk})
    assert post(client, f"/api/v1/payouts/{payout.json()['id']}/approve", {}).status_code == 403
    client.force_login(head)
    approved = post(client, f"/api/v1/payouts/{payout.json()['id']}/approve", {"note": "同意"})
    assert approved.json()["status"] == "paid"
    summary = client.get(f"/api/v1/cases/{ecase.pk}/enforcement").json()
    assert (summary["received_yuan"], summary["paid_out_yuan"], summary["balance_yuan"]) == \
        ("600.00", "600.00", "0.00")
    assert [n["kind"] for n in summary["nodes"]] == ["registered", "money_received", "money_paid_out"]


def test_party_sees_its_case_and_leaves_a_message_but_not_the_ledger(client, ecase, opened):
    party_user = UserFactory(role=Role.PARTY)
    creditor_of(ecase).users.add(party_user)
    client.force_login(party_user)
    summary = client.get(f"/api/v1/cases/{ecase.pk}/enforcement").json()
    assert summary["transactions"] == [] and summary["account_number"] == opened.account_number
    posted = post(client, f"/api/v1/cases/{ecase.pk}/enforcement/messages", {"kind": "clue", "body": "有线索"})
    assert posted.status_code == 201
    assert post(client, f"/api/v1/cases/{ecase.pk}/enforcement/nodes",
                {"kind": "asset_search", "occurred_on": "2024-04-01"}).status_code == 403
    client.force_login(UserFactory(role=Role.PARTY))
    assert client.get(f"/api/v1/cases/{ecase.pk}/enforcement").status_code == 404
    assert PartyMessage.objects.count() == 1


def test_case_page_panel_and_workbench(client, ecase, opened, officer):
    client.force_login(officer)
    page = client.get(f"/cases/{ecase.pk}/").content.decode()
    assert "执行（一案一账号）" in page and opened.account_number in page
    response = client.post(f"/enforcement/cases/{ecase.pk}/action/",
                           {"action": "node", "kind": "asset_search", "occurred_on": "2024-04-01"})
    assert response.status_code == 302
    assert "网络查控" in client.get(f"/cases/{ecase.pk}/").content.decode()
    assert client.get("/enforcement/").status_code == 200
    assert client.get("/enforcement/reconciliation.xlsx?day=2024-05-06").status_code == 200


def test_grid_worker_sees_only_own_tasks(client, ecase, opened, officer):
    worker = UserFactory(role=Role.GRID_WORKER)
    other = UserFactory(role=Role.GRID_WORKER)
    client.force_login(officer)
    created = post(client, f"/api/v1/cases/{ecase.pk}/enforcement/grid-tasks",
                   {"worker_id": worker.pk, "kind": "locate_party", "instructions": "查找被执行人住址",
                    "due_on": "2099-01-01"})
    assert created.status_code == 201
    client.force_login(other)
    assert client.get("/api/v1/grid-tasks").json() == []
    assert post(client, f"/api/v1/grid-tasks/{created.json()['id']}/complete",
                {"done": True, "outcome": "x"}).status_code == 404
    client.force_login(worker)
    assert post(client, f"/api/v1/grid-tasks/{created.json()['id']}/complete",
                {"done": True, "outcome": "已找到，住高乐山镇"}).json()["status"] == "done"
