"""The second-instance result of an appeal (改判发回率's input): the pure check, the service (audit, timeline,
refusals that write nothing), permissions, the API and the dossier page's form."""

import json
from datetime import date

import pytest
from django.test import Client

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseEventKind
from yingshang.cases.errors import CaseError
from yingshang.cases.models import CaseEvent
from yingshang.core.errors import DomainError
from yingshang.documents import domain, services
from yingshang.documents.choices import AppealOutcomeKind, DocumentKind, ServiceMethod
from yingshang.documents.errors import DocumentError
from yingshang.documents.models import AppealOutcome, Decision
from yingshang.documents.tests.conftest import at, pdf_bytes
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import DepartmentFactory, UserFactory

APPEALED_ON = date(2024, 10, 8)
TODAY = date(2025, 1, 20)


def _check(**overrides):
    kwargs = dict(outcome="reversed", second_instance_case_number="（2024）鄂28民终1234号", decided_on=date(2024, 12, 30),
                  first_instance_type_code="民初", appealed_on=APPEALED_ON, today=TODAY)
    kwargs.update(overrides)
    return domain.appeal_outcome_check(**kwargs)


# --- Pure rule ------------------------------------------------------------------------------------------------------

def test_a_valid_result_comes_back_with_the_canonical_case_number():
    assert _check(second_instance_case_number=" (2024)鄂28民终１２３４号") == domain.OutcomeCheck(
        outcome="reversed", second_instance_case_number="（2024）鄂28民终1234号")
    assert _check(outcome="upheld", first_instance_type_code="行赔初",
                  second_instance_case_number="（2025）鄂28行终7号").second_instance_case_number == "（2025）鄂28行终7号"


@pytest.mark.parametrize("overrides, code", [
    ({"outcome": "overturned"}, DocumentError.OUTCOME_INVALID),
    ({"second_instance_case_number": "鄂28民终1234号"}, CaseError.CASE_NUMBER_MALFORMED),
    ({"second_instance_case_number": "（2024）鄂28民初1234号"}, DocumentError.OUTCOME_CASE_NUMBER),
    ({"second_instance_case_number": "（2024）鄂28刑终1234号"}, DocumentError.OUTCOME_CASE_NUMBER),
    ({"second_instance_case_number": "（2023）鄂28民终1234号"}, DocumentError.OUTCOME_CASE_NUMBER),
    ({"outcome": "mediated", "first_instance_type_code": "刑初",
      "second_instance_case_number": "（2024）鄂28刑终5号"}, DocumentError.OUTCOME_MEDIATION),
    ({"decided_on": date(2024, 10, 7)}, DocumentError.OUTCOME_DATE_INVALID),
    ({"decided_on": date(2025, 1, 21)}, DocumentError.OUTCOME_DATE_INVALID),
])
def test_bad_results_are_refused_with_a_code(overrides, code):
    with pytest.raises(DomainError) as refused:
        _check(**overrides)
    assert refused.value.code == code


def test_the_edges_of_the_decision_date_are_accepted():
    assert _check(decided_on=APPEALED_ON).outcome == "reversed"
    assert _check(decided_on=TODAY).outcome == "reversed"


# --- Service --------------------------------------------------------------------------------------------------------

def _judgment(case, judge, parties):
    plaintiff, defendant = parties
    with at(date(2024, 9, 9)):
        document = services.document_upload(case_id=case.pk, kind=DocumentKind.JUDGMENT, title="民事判决书",
                                            file_name="判决书.pdf", content=pdf_bytes("判决"),
                                            content_type="application/pdf", issued_on=date(2024, 9, 9), actor=judge)
    for party, on in ((plaintiff, date(2024, 9, 10)), (defendant, date(2024, 9, 20))):
        with at(on):
            services.service_send(document_id=document.pk, party_id=party.pk, method=ServiceMethod.IN_PERSON,
                                  event_on=on, actor=judge)
    return Decision.objects.get(document=document)


@pytest.fixture
def decision(case, parties, judge):
    return _judgment(case, judge, parties)


@pytest.fixture
def appealed(decision, parties, judge):
    _, defendant = parties
    with at(APPEALED_ON):
        services.appeal_record(decision_id=decision.pk, party_id=defendant.pk, filed_on=APPEALED_ON, actor=judge)
    return decision


def _record(decision, actor, **overrides):
    kwargs = dict(decision_id=decision.pk, outcome="remanded", second_instance_case_number="（2024）鄂28民终1234号",
                  decided_on=date(2024, 12, 30), note="事实不清", actor=actor)
    kwargs.update(overrides)
    with at(TODAY):
        return services.appeal_outcome_record(**kwargs)


def _counts():
    return AppealOutcome.objects.count(), AuditEvent.objects.count(), CaseEvent.objects.count()


@pytest.mark.django_db
def test_the_result_is_recorded_with_audit_and_timeline(appealed, judge, case):
    record = _record(appealed, judge)
    assert (record.decision_id, record.outcome, record.second_instance_case_number, record.decided_on, record.note,
            record.recorded_by_id) == (appealed.pk, AppealOutcomeKind.REMANDED, "（2024）鄂28民终1234号",
                                       date(2024, 12, 30), "事实不清", judge.pk)
    event = AuditEvent.objects.get(action="documents.appeal_outcome_recorded")
    assert (event.actor_id, event.case_id, event.after["outcome"], event.after["second_instance_case_number"]) == (
        judge.pk, case.pk, "remanded", "（2024）鄂28民终1234号")
    timeline = CaseEvent.objects.get(case=case, kind=CaseEventKind.APPEALED, occurred_on=date(2024, 12, 30))
    assert timeline.description == "《民事判决书》二审结果：发回重审（（2024）鄂28民终1234号）"


@pytest.mark.django_db
def test_a_decision_without_an_appeal_in_time_has_no_result(decision, parties, judge):
    plaintiff, _ = parties
    with at(date(2024, 9, 26)):  # the plaintiff's period ended 2024-09-25: a late appeal reaches no second instance
        services.appeal_record(decision_id=decision.pk, party_id=plaintiff.pk, filed_on=date(2024, 9, 26), actor=judge)
    before = _counts()
    with pytest.raises(DomainError) as refused:
        _record(decision, judge, decided_on=date(2024, 12, 30))
    assert (refused.value.code, refused.value.status) == (DocumentError.OUTCOME_NO_APPEAL, 409)
    assert _counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("overrides, code", [
    ({"outcome": "bogus"}, DocumentError.OUTCOME_INVALID),
    ({"second_instance_case_number": "（2024）鄂28民初1234号"}, DocumentError.OUTCOME_CASE_NUMBER),
    ({"second_instance_case_number": "2024民终"}, CaseError.CASE_NUMBER_MALFORMED),
    ({"decided_on": date(2024, 10, 1)}, DocumentError.OUTCOME_DATE_INVALID),
])
def test_bad_input_writes_nothing(appealed, judge, overrides, code):
    before = _counts()
    with pytest.raises(DomainError) as refused:
        _record(appealed, judge, **overrides)
    assert refused.value.code == code
    assert _counts() == before


@pytest.mark.django_db
def test_a_second_result_is_refused(appealed, judge):
    _record(appealed, judge)
    before = _counts()
    with pytest.raises(DomainError) as refused:
        _record(appealed, judge, outcome="upheld")
    assert refused.value.code == DocumentError.OUTCOME_EXISTS
    assert _counts() == before
    assert AppealOutcome.objects.get().outcome == "remanded"


@pytest.mark.django_db
def test_only_staff_of_the_case_record_results(appealed, court, defendant_user):
    other_judge = UserFactory(role=Role.JUDGE, court=court,
                              department=DepartmentFactory(court=court, kind=DepartmentKind.CRIMINAL))
    trial_manager = UserFactory(role=Role.TRIAL_MANAGEMENT, court=court,
                                department=DepartmentFactory(court=court, kind=DepartmentKind.TRIAL_MANAGEMENT))
    before = _counts()
    for user, code in ((other_judge, "CASE_NOT_FOUND"), (defendant_user, "CASE_WRITE_DENIED"),
                       (trial_manager, "CASE_WRITE_DENIED")):
        with pytest.raises(DomainError) as refused:
            _record(appealed, user)
        assert refused.value.code == code, user
    assert _counts() == before


# --- API and page ---------------------------------------------------------------------------------------------------

def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_api_records_and_shows_the_result(appealed, judge, case, defendant_user):
    url = f"/api/v1/decisions/{appealed.pk}/appeal-outcome"
    payload = {"outcome": "partly_reversed", "second_instance_case_number": "（2024）鄂28民终88号",
               "decided_on": "2024-12-30"}
    assert _client().post(url, json.dumps(payload), content_type="application/json").status_code == 401
    refused = _client(defendant_user).post(url, json.dumps(payload), content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (403, "CASE_WRITE_DENIED")
    bad = _client(judge).post(url, json.dumps({**payload, "second_instance_case_number": "（2024）鄂28民初88号"}),
                              content_type="application/json")
    assert bad.status_code == 422
    assert bad.json() == {"code": "APPEAL_OUTCOME_NOT_SECOND_INSTANCE_NUMBER", "message": "二审案号应为民终字号（一审为民初）",
                          "detail": {"type_code": "民初", "expected": "民终"}}
    with at(TODAY):
        created = _client(judge).post(url, json.dumps(payload), content_type="application/json")
    assert created.status_code == 201
    assert created.json() == {"id": AppealOutcome.objects.get().pk, "decision_id": appealed.pk,
                              "outcome": "partly_reversed", "outcome_label": "部分改判",
                              "second_instance_case_number": "（2024）鄂28民终88号", "decided_on": "2024-12-30",
                              "note": ""}
    listed = _client(defendant_user).get(f"/api/v1/cases/{case.pk}/decisions").json()["items"][0]
    assert (listed["appeal_outcome"]["outcome"], listed["appeal_outcome"]["outcome_label"]) == (
        "partly_reversed", "部分改判")


@pytest.mark.django_db
def test_the_case_page_panel_offers_the_form_to_the_cases_staff(appealed, judge, case, court, defendant_user):
    page = _client(judge).get(f"/cases/{case.pk}/").content.decode()
    assert "上诉中：</strong>《民事判决书》" in page and "登记二审结果" in page
    reader = UserFactory(role=Role.TRIAL_MANAGEMENT, court=court,
                         department=DepartmentFactory(court=court, kind=DepartmentKind.TRIAL_MANAGEMENT))
    assert "等待二审结果" in _client(reader).get(f"/cases/{case.pk}/").content.decode()
    assert "登记二审结果" not in _client(defendant_user).get(f"/cases/{case.pk}/").content.decode()


@pytest.mark.django_db
def test_the_dossier_page_form_records_the_result(appealed, judge, case):
    page = _client(judge).get(f"/documents/cases/{case.pk}/")
    assert "登记二审结果" in page.content.decode()
    with at(TODAY):
        response = _client(judge).post(f"/documents/cases/{case.pk}/action/", {
            "action": "appeal_outcome", "decision_id": appealed.pk, "outcome": "upheld",
            "second_instance_case_number": "（2024）鄂28民终9号", "decided_on": "2024-12-30"})
    assert response.status_code == 302
    assert AppealOutcome.objects.get().outcome == "upheld"
    page = _client(judge).get(f"/documents/cases/{case.pk}/").content.decode()
    assert "二审结果：" in page and "（2024）鄂28民终9号" in page and "登记二审结果" not in page


@pytest.mark.django_db
def test_the_page_form_shows_a_refusal_and_writes_nothing(appealed, judge, case):
    with at(TODAY):
        response = _client(judge).post(f"/documents/cases/{case.pk}/action/", {
            "action": "appeal_outcome", "decision_id": appealed.pk, "outcome": "upheld",
            "second_instance_case_number": "（2024）鄂28民终9号", "decided_on": "2025-02-01"}, follow=True)
    assert "二审裁判日期应在上诉之后、今天之前" in response.content.decode()
    assert not AppealOutcome.objects.exists()
