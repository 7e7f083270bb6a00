"""Parties are told the time limit of their own case (2019 SPC 延长审限和延期开庭规定 art. 7: filing date, limit,
deductions, extensions and recalculations): a portal user with a party account on the case, and its lawyer, read
the explanation on the case page and at ``GET /api/v1/cases/{id}/time-limit`` — read-only, through the case
gatekeeper; internal reasons and notes, the paperwork days and the forms stay inside."""

from datetime import date

import pytest

from yingshang.cases.choices import Procedure
from yingshang.cases.models import CaseAgent
from yingshang.cases.services import case_procedure_change
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, PersonFactory
from yingshang.deadlines import services
from yingshang.deadlines.choices import DeductionKind, ExtensionDecision, ExtensionReason
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RECALCULATION = ("重新计算：2024年7月11日审理程序由简易程序变更为普通程序，审限按变更后的程序自原立案日起连续计算"
                 "（民诉法解释第258条；审限规定（2000）第8条）；原程序下批准的延长（1个月）不再计入")


@pytest.fixture
def history(time_machine):
    """A simple-procedure case filed 2024-05-06: an appraisal (10 days, not counted), one month granted, then
    converted to ordinary procedure (the limit recomputed from filing, the simple extension lapses), and a new
    request still before the 院长."""
    time_machine.move_to("2024-07-11 10:00:00+08:00", tick=False)
    case = CaseFactory(filed_on=date(2024, 5, 6), procedure=Procedure.SIMPLE)
    judge = case.judge
    president = UserFactory(role=Role.PRESIDENT, court=case.court)
    services.deduction_record(case_id=case.pk, kind=DeductionKind.APPRAISAL, start_on=date(2024, 6, 1),
                              end_on=date(2024, 6, 10), reason="内部：鉴定机构迟延", actor=judge)
    first = services.extension_request(case_id=case.pk, reason_code=ExtensionReason.EVIDENCE, reason="内部：证人未到",
                                       length_months=1, actor=judge)
    services.extension_decide(extension_id=first.pk, decision=ExtensionDecision.APPROVE, note="内部审批意见",
                              actor=president)
    case_procedure_change(case_id=case.pk, procedure=Procedure.ORDINARY, reason="案情复杂", actor=judge)
    services.deadline_refresh(case_id=case.pk)
    services.extension_request(case_id=case.pk, reason_code=ExtensionReason.COMPLEX_FACTS, reason="内部：尚在评议",
                               length_months=6, actor=judge)
    return case


def party_user(case):
    user = UserFactory(role=Role.PARTY, court=None, department=None)
    person = PersonFactory()
    person.users.add(user)
    CasePartyFactory(case=case, party=person)
    return user


def lawyer_of(case):
    lawyer = UserFactory(role=Role.LAWYER, court=None, department=None)
    CaseAgent.objects.create(case_party=CasePartyFactory(case=case, party=PersonFactory()), agent=lawyer,
                             law_firm="咸丰律师事务所")
    return lawyer


def test_the_party_reads_filing_limit_deductions_extensions_and_the_recalculation(api_client, history):
    api_client.force_login(party_user(history))
    res = api_client.get(f"/api/v1/cases/{history.pk}/time-limit")
    assert res.status_code == 200
    body = res.json()
    # 2024-05-06 + 6 months = 11-06, + 10 days = 11-16 (Saturday) → Monday 11-18.
    assert (body["filed_on"], body["rule_label"], body["limit_months"], body["deducted_days"],
            body["extension_months"], body["time_limit_end_on"]) == (
        "2024-05-06", "民事一审普通程序", 6, 10, 0, "2024-11-18")
    assert body["steps"][1] == "起算：立案日2024年5月6日，审限自次日起计算（审限规定（2000）第8条）"
    assert body["steps"][2] == RECALCULATION
    assert [(d["kind_label"], d["days"], d["reason"]) for d in body["deductions"]] == [("鉴定期间", 10, None)]
    assert [(e["procedure"], e["length_label"], e["status"], e["reason_label"], e["reason"], e["decision_note"])
            for e in body["extensions"]] == [("simple", "1个月", "approved", "需要补充调查取证", None, None),
                                             ("ordinary", "6个月", "requested", "案情重大、疑难、复杂", None, None)]
    assert body["extension_window"] is None
    listed = api_client.get(f"/api/v1/cases/{history.pk}/extensions").json()
    assert [(e["status"], e["reason"], e["late_reason"]) for e in listed] == [
        ("approved", None, None), ("requested", None, None)]


def test_the_staff_see_every_request_and_the_same_recalculation(api_client, history):
    api_client.force_login(history.judge)
    body = api_client.get(f"/api/v1/cases/{history.pk}/time-limit").json()
    assert body["steps"][2] == RECALCULATION
    assert [(e["status"], e["reason"]) for e in body["extensions"]] == [
        ("approved", "内部：证人未到"), ("requested", "内部：尚在评议")]


def test_the_party_reads_it_on_the_case_page_without_forms_or_internal_text(client, history):
    client.force_login(party_user(history))
    res = client.get(f"/cases/{history.pk}/")
    assert res.status_code == 200
    page = res.content.decode()
    assert "审限届满日：<strong>2024年11月18日</strong>" in page
    assert RECALCULATION in page and "鉴定期间" in page and "待院长审批" in page
    for hidden in ("内部：", "登记审限扣除", "申请延长审限</div>", "提交决定", "延长审限期限", "一案一策"):
        assert hidden not in page, hidden


def test_the_party_s_lawyer_reads_it_too(api_client, history):
    api_client.force_login(lawyer_of(history))
    body = api_client.get(f"/api/v1/cases/{history.pk}/time-limit").json()
    assert (body["time_limit_end_on"], len(body["extensions"]), body["steps"][2]) == ("2024-11-18", 2, RECALCULATION)


def test_a_party_of_another_case_and_anonymous_see_nothing(api_client, client, history):
    assert api_client.get(f"/api/v1/cases/{history.pk}/time-limit").status_code == 401
    stranger = party_user(CaseFactory(filed_on=date(2024, 5, 6), court=history.court))
    api_client.force_login(stranger)
    res = api_client.get(f"/api/v1/cases/{history.pk}/time-limit")
    assert (res.status_code, res.json()["code"]) == (404, "CASE_NOT_FOUND")
    assert api_client.get(f"/api/v1/cases/{history.pk}/extensions").status_code == 404
    client.force_login(stranger)
    assert client.get(f"/cases/{history.pk}/").status_code == 404


def test_a_party_cannot_write(api_client, history):
    import json

    api_client.force_login(party_user(history))
    res = api_client.post(f"/api/v1/cases/{history.pk}/deductions", content_type="application/json",
                          data=json.dumps({"kind": "appraisal", "start_on": "2024-07-01", "reason": "x"}))
    assert (res.status_code, res.json()["code"]) == (403, "CASE_WRITE_DENIED")
