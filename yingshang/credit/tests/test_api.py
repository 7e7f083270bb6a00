import json
from datetime import date

import pytest
import time_machine
from django.core.cache import cache

from yingshang.cases.choices import PartyRole
from yingshang.cases.tests.factories import CasePartyFactory, PersonFactory
from yingshang.credit import services
from yingshang.credit.models import Listing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_public_query_masks_personal_data_and_hides_unpublished(client, ecase, president):
    person = PersonFactory(name="失信人张某", id_number="422826196304040031", phone="13800138000")
    CasePartyFactory(case=ecase, party=person, role=PartyRole.DEBTOR)
    hidden = PersonFactory(name="宽限期李某")
    CasePartyFactory(case=ecase, party=hidden, role=PartyRole.DEBTOR)
    with time_machine.travel(date(2024, 6, 3), tick=False):
        services.listing_decide(case_id=ecase.pk, debtor_id=person.pk, ground="evasion", facts="x", actor=president)
        services.listing_decide(case_id=ecase.pk, debtor_id=hidden.pk, ground="evasion", facts="x", actor=president,
                                grace_months=1)
        body = client.get("/api/v1/credit/public-query", {"q": "422826196304040031"}).json()
        assert [i["name"] for i in body["items"]] == ["失信人张某"]
        assert body["items"][0]["id_number"] == "4228**********0031"
        raw = client.get("/api/v1/credit/public-query", {"q": "某"}).content.decode()
        assert client.get("/api/v1/credit/public-query", {"q": "某"}).status_code == 400
        by_name = client.get("/api/v1/credit/public-query", {"q": "李某"}).json()
        assert by_name["items"] == []
        page = client.get("/credit/query/", {"q": "张某"}).content.decode()
    for text in (raw, json.dumps(body, ensure_ascii=False), page):
        assert "422826196304040031" not in text and "13800138000" not in text
    assert "4228**********0031" in page
    assert Listing.objects.count() == 2


def test_public_query_is_rate_limited(client, settings):
    settings.CREDIT_PUBLIC_QUERY_PER_MINUTE = 3
    codes = [client.get("/api/v1/credit/public-query", {"q": "某某公司"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/credit/public-query", {"q": "某某公司"}).json()["code"] == "CREDIT_RATE_LIMITED"


def test_listing_api_permissions_and_validation(client, ecase, officer, president):
    payload = {"case_id": ecase.pk, "debtor_id": ecase.case_parties.get(role=PartyRole.DEBTOR).party_id,
               "ground": "evasion", "facts": "转移财产"}
    client.force_login(officer)
    assert client.post("/api/v1/listings", json.dumps(payload), content_type="application/json").status_code == 403
    client.force_login(president)
    bad = client.post("/api/v1/listings", json.dumps({**payload, "grace_months": 5}),
                      content_type="application/json")
    assert bad.status_code == 422
    ok = client.post("/api/v1/listings", json.dumps(payload), content_type="application/json")
    assert ok.status_code == 201 and ok.json()["term_years"] == 2
    again = client.post("/api/v1/listings", json.dumps(payload), content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "CREDIT_ALREADY_LISTED"
    client.logout()
    assert client.get("/api/v1/listings").status_code == 401
