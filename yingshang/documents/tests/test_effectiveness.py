"""Measure 22: effectiveness certificates produced automatically — each party's period from its own service, ends
rolled past holidays, the daily scan (idempotent), appeals in time stop it, online requests."""

from datetime import date

import pytest
from django.core.management import call_command

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseEventKind
from yingshang.cases.models import CaseEvent
from yingshang.core.errors import DomainError
from yingshang.documents import services
from yingshang.documents.choices import DecisionStatus, DocumentKind, ServiceMethod
from yingshang.documents.errors import DocumentError
from yingshang.documents.models import Appeal, AppealClock, CertificateRequest, Decision, Document
from yingshang.documents.tests.conftest import at, pdf_bytes
from yingshang.notifications.models import Message

pytestmark = pytest.mark.django_db


def _judgment(case, judge, *, kind=DocumentKind.JUDGMENT, issued_on=date(2024, 9, 9), **kwargs):
    with at(issued_on):
        return services.document_upload(case_id=case.pk, kind=kind, title="民事判决书", file_name="判决书.pdf",
                                        content=pdf_bytes("判决"), content_type="application/pdf",
                                        issued_on=issued_on, actor=judge, **kwargs)


def _serve(document, party, on, judge, method=ServiceMethod.IN_PERSON):
    with at(on):
        return services.service_send(document_id=document.pk, party_id=party.pk, method=method, event_on=on,
                                     actor=judge)


@pytest.fixture
def served_judgment(case, parties, judge):
    """The rule book's example: served 2024-09-10 and 2024-09-20, 15 days each."""
    plaintiff, defendant = parties
    judgment = _judgment(case, judge)
    _serve(judgment, plaintiff, date(2024, 9, 10), judge)
    _serve(judgment, defendant, date(2024, 9, 20), judge)
    return judgment


def test_each_party_has_its_own_period_and_the_later_one_rolls_past_national_day(served_judgment, parties):
    plaintiff, defendant = parties
    clocks = {c.party_id: c for c in AppealClock.objects.filter(decision__document=served_judgment)}
    assert (clocks[plaintiff.pk].served_on, clocks[plaintiff.pk].appeal_days, clocks[plaintiff.pk].last_day_on) == (
        date(2024, 9, 10), 15, date(2024, 9, 25))
    # 2024-09-20 + 15 days = 2024-10-05, inside the National Day holiday → the first working day after it.
    assert (clocks[defendant.pk].served_on, clocks[defendant.pk].last_day_on) == (date(2024, 9, 20), date(2024, 10, 8))


def test_the_scan_makes_the_decision_effective_the_day_after_the_last_period(served_judgment, parties):
    with at(date(2024, 10, 8)):
        assert services.effectiveness_scan(today=date(2024, 10, 8)).became_effective == 0
    decision = Decision.objects.get(document=served_judgment)
    assert decision.status == DecisionStatus.PENDING and decision.certificate_id is None

    with at(date(2024, 10, 9)):
        result = services.effectiveness_scan(today=date(2024, 10, 9))
    assert (result.candidates, result.became_effective, result.certificates_issued) == (1, 1, 1)
    decision.refresh_from_db()
    assert (decision.status, decision.last_appeal_day, decision.effective_on) == (
        DecisionStatus.EFFECTIVE, date(2024, 10, 8), date(2024, 10, 9))
    certificate = decision.certificate
    assert (certificate.kind, certificate.is_shared_with_parties, certificate.issued_on, certificate.volume) == (
        DocumentKind.EFFECTIVENESS_CERTIFICATE, True, date(2024, 10, 9), "main")
    # Pushed to both parties (inbox, as both have portal accounts; SMS as well from the phone on file).
    pushed = Message.objects.filter(template_code="documents.effectiveness_certificate_issued")
    assert sorted({m.recipient_party_id for m in pushed}) == sorted(p.pk for p in parties)
    assert {m.channel for m in pushed} == {"sms", "inbox"}
    body = pushed.first().body
    assert body == f"{served_judgment.case.case_number}案件裁判文书生效证明已于2024年10月9日出具，您可登录诉讼服务平台查看或下载。"
    # Attached to the case: timeline and audit.
    assert CaseEvent.objects.filter(case=served_judgment.case, kind=CaseEventKind.NOTE,
                                    occurred_on=date(2024, 10, 9)).count() == 1
    assert AuditEvent.objects.filter(action="documents.decision_effective", actor__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="documents.certificate_issued").count() == 1


def test_the_scan_is_idempotent(served_judgment):
    with at(date(2024, 10, 9)):
        services.effectiveness_scan(today=date(2024, 10, 9))
    counts = (Document.objects.count(), AuditEvent.objects.count(), Message.objects.count(), CaseEvent.objects.count())
    with at(date(2024, 10, 9)):
        again = services.effectiveness_scan(today=date(2024, 10, 9))
    with at(date(2024, 10, 12)):
        later = services.effectiveness_scan(today=date(2024, 10, 12))
    assert (again.candidates, again.became_effective, again.certificates_issued) == (0, 0, 0)
    assert (later.candidates, later.became_effective, later.certificates_issued) == (0, 0, 0)
    assert (Document.objects.count(), AuditEvent.objects.count(), Message.objects.count(),
            CaseEvent.objects.count()) == counts


def test_the_management_command_runs_the_scan(served_judgment, capsys):
    with at(date(2024, 10, 9)):
        call_command("scan_effectiveness", "--today", "2024-10-09")
    assert "新生效 1" in capsys.readouterr().out
    assert Decision.objects.get(document=served_judgment).status == DecisionStatus.EFFECTIVE


def test_the_celery_task_runs_the_scan(served_judgment):
    from yingshang.documents.tasks import scan_effectiveness

    with at(date(2024, 10, 9)):
        outcome = scan_effectiveness.delay(today="2024-10-09").get()
    assert outcome["became_effective"] == 1


def test_an_appeal_in_time_stops_the_certificate(served_judgment, parties, judge):
    _, defendant = parties
    decision = Decision.objects.get(document=served_judgment)
    with at(date(2024, 10, 8)):
        appeal = services.appeal_record(decision_id=decision.pk, party_id=defendant.pk, filed_on=date(2024, 10, 8),
                                        actor=judge)
    assert appeal.is_in_time is True
    with at(date(2024, 10, 9)):
        result = services.effectiveness_scan(today=date(2024, 10, 9))
    assert (result.candidates, result.became_effective) == (0, 0)
    decision.refresh_from_db()
    assert (decision.status, decision.certificate_id) == (DecisionStatus.APPEALED, None)
    assert not Document.objects.filter(kind=DocumentKind.EFFECTIVENESS_CERTIFICATE).exists()
    assert CaseEvent.objects.filter(kind=CaseEventKind.APPEALED).count() == 1


def test_a_late_appeal_is_recorded_but_does_not_stop_it(served_judgment, parties, judge):
    plaintiff, _ = parties
    decision = Decision.objects.get(document=served_judgment)
    with at(date(2024, 9, 26)):
        appeal = services.appeal_record(decision_id=decision.pk, party_id=plaintiff.pk, filed_on=date(2024, 9, 26),
                                        actor=judge)
    assert appeal.is_in_time is False  # the plaintiff's own period ended 2024-09-25
    with at(date(2024, 10, 9)):
        assert services.effectiveness_scan(today=date(2024, 10, 9)).became_effective == 1


def test_an_in_time_appeal_arriving_after_the_certificate_revokes_it(served_judgment, parties, judge):
    _, defendant = parties
    with at(date(2024, 10, 9)):
        services.effectiveness_scan(today=date(2024, 10, 9))
    decision = Decision.objects.get(document=served_judgment)
    with at(date(2024, 10, 10)):  # posted on the last day (postmark), arrived after the scan
        services.appeal_record(decision_id=decision.pk, party_id=defendant.pk, filed_on=date(2024, 10, 8), actor=judge)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPEALED
    assert decision.certificate.is_revoked is True
    assert decision.certificate.revoked_reason == f"{defendant.name}于2024年10月8日在上诉期内提起上诉"


def test_no_certificate_while_a_party_is_unserved(case, parties, judge):
    plaintiff, _ = parties
    judgment = _judgment(case, judge)
    _serve(judgment, plaintiff, date(2024, 9, 10), judge)
    with at(date(2024, 12, 1)):
        assert services.effectiveness_scan(today=date(2024, 12, 1)).candidates == 0


def test_party_without_domicile_in_china_has_30_days(case, parties, judge):
    plaintiff, defendant = parties
    defendant.has_domicile_in_china = False
    defendant.save()
    ruling = _judgment(case, judge, kind=DocumentKind.RULING)
    _serve(ruling, plaintiff, date(2024, 9, 10), judge)
    _serve(ruling, defendant, date(2024, 9, 10), judge)
    clocks = {c.party_id: c.last_day_on for c in AppealClock.objects.filter(decision__document=ruling)}
    # Ruling 10 days → 2024-09-20 (Friday); 30 days → 2024-10-10 (Thursday).
    assert clocks == {plaintiff.pk: date(2024, 9, 20), defendant.pk: date(2024, 10, 10)}


def test_a_small_claims_judgment_is_effective_on_the_last_service(case, parties, judge):
    case.procedure = "small_claims"
    case.save()
    plaintiff, defendant = parties
    judgment = _judgment(case, judge)
    assert Decision.objects.get(document=judgment).is_appealable is False
    _serve(judgment, plaintiff, date(2024, 9, 10), judge)
    _serve(judgment, defendant, date(2024, 9, 12), judge)
    with at(date(2024, 9, 12)):
        services.effectiveness_scan(today=date(2024, 9, 12))
    decision = Decision.objects.get(document=judgment)
    assert (decision.status, decision.effective_on, decision.last_appeal_day) == (
        DecisionStatus.EFFECTIVE, date(2024, 9, 12), None)


def test_the_effective_date_convention_is_a_setting(served_judgment, settings):
    settings.DOCUMENTS_EFFECTIVE_DATE_OFFSET_DAYS = 0
    with at(date(2024, 10, 9)):
        services.effectiveness_scan(today=date(2024, 10, 9))
    decision = Decision.objects.get(document=served_judgment)
    assert (decision.last_appeal_day, decision.effective_on) == (date(2024, 10, 8), date(2024, 10, 8))


def test_a_party_may_request_the_certificate_online_before_the_scan(served_judgment, plaintiff_user):
    decision = Decision.objects.get(document=served_judgment)
    with at(date(2024, 10, 9)):
        certificate = services.certificate_request(decision_id=decision.pk, actor=plaintiff_user)
    decision.refresh_from_db()
    assert (decision.status, decision.certificate_id) == (DecisionStatus.EFFECTIVE, certificate.pk)
    request = CertificateRequest.objects.get()
    assert (request.channel, request.requested_on, request.requested_by) == ("online", date(2024, 10, 9),
                                                                             plaintiff_user)
    with at(date(2024, 10, 9)):
        assert services.effectiveness_scan(today=date(2024, 10, 9)).certificates_issued == 0


def test_a_request_before_effect_is_refused_and_writes_nothing(served_judgment, plaintiff_user):
    decision = Decision.objects.get(document=served_judgment)
    before = (AuditEvent.objects.count(), Document.objects.count())
    with at(date(2024, 10, 8)), pytest.raises(DomainError) as refused:
        services.certificate_request(decision_id=decision.pk, actor=plaintiff_user)
    assert refused.value.code == DocumentError.DECISION_NOT_EFFECTIVE
    assert refused.value.detail["last_appeal_day"] == "2024-10-08"
    assert not CertificateRequest.objects.exists()
    assert (AuditEvent.objects.count(), Document.objects.count()) == before


def test_an_outsider_cannot_request_or_appeal(served_judgment, parties):
    from yingshang.org.choices import Role
    from yingshang.org.tests.factories import UserFactory

    stranger = UserFactory(role=Role.PARTY)
    decision = Decision.objects.get(document=served_judgment)
    with at(date(2024, 10, 9)), pytest.raises(DomainError) as refused:
        services.certificate_request(decision_id=decision.pk, actor=stranger)
    assert refused.value.status == 404
    with at(date(2024, 10, 1)), pytest.raises(DomainError) as appeal:
        services.appeal_record(decision_id=decision.pk, party_id=parties[0].pk, filed_on=date(2024, 10, 1),
                               actor=stranger)
    assert appeal.value.status == 404
    assert not Appeal.objects.exists()


def test_the_plaintiff_can_appeal_online_only_for_itself(served_judgment, parties, plaintiff_user):
    plaintiff, defendant = parties
    decision = Decision.objects.get(document=served_judgment)
    with at(date(2024, 9, 20)), pytest.raises(DomainError) as refused:
        services.appeal_record(decision_id=decision.pk, party_id=defendant.pk, filed_on=date(2024, 9, 20),
                               actor=plaintiff_user)
    assert refused.value.code == DocumentError.PARTY_NOT_IN_CASE
    with at(date(2024, 9, 20)):
        appeal = services.appeal_record(decision_id=decision.pk, party_id=plaintiff.pk, filed_on=date(2024, 9, 20),
                                        actor=plaintiff_user)
    assert (appeal.channel, appeal.is_in_time) == ("online", True)


def test_a_rest_day_declared_later_moves_the_last_day(served_judgment, parties, django_capture_on_commit_callbacks):
    from yingshang.calendar.services import calendar_day_update
    from yingshang.org.tests.factories import UserFactory
    from yingshang.org.choices import Role

    _, defendant = parties
    manager = UserFactory(role=Role.TRIAL_MANAGEMENT)
    with at(date(2024, 10, 1)), django_capture_on_commit_callbacks(execute=True):
        calendar_day_update(day=date(2024, 10, 8), is_working_day=False, holiday_name="地方节日",
                            reason="测试：本地节日", actor=manager)
    clock = AppealClock.objects.get(decision__document=served_judgment, party=defendant)
    assert clock.last_day_on == date(2024, 10, 9)
    assert AuditEvent.objects.filter(action="documents.appeal_clock_recomputed").count() == 1
    with at(date(2024, 10, 9)):
        assert services.effectiveness_scan(today=date(2024, 10, 9)).became_effective == 0
    with at(date(2024, 10, 10)):
        assert services.effectiveness_scan(today=date(2024, 10, 10)).became_effective == 1
