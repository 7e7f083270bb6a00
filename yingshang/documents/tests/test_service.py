"""Service: consent to electronic service (refused without, nothing written), deemed dates, delivery from the outbox,
failure → fallback to post with a mailing pack and the clerk's follow-up task, the 电子送达率."""

import subprocess
from datetime import date

import pytest

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseEventKind
from yingshang.cases.models import CaseEvent
from yingshang.core.errors import DomainError
from yingshang.documents import selectors, services
from yingshang.documents.choices import DocumentKind, ServiceMethod, ServiceStatus
from yingshang.documents.errors import DocumentError
from yingshang.documents.models import ServiceConsent, ServiceRecord
from yingshang.documents.tests.conftest import at, pdf_bytes
from yingshang.notifications.models import FollowUpTask, Message

pytestmark = pytest.mark.django_db


def _notice(case, judge, on=date(2024, 6, 5)):
    with at(on):
        return services.document_upload(case_id=case.pk, kind=DocumentKind.OTHER, title="举证通知书",
                                        file_name="举证通知书.pdf", content=pdf_bytes(), content_type="application/pdf",
                                        issued_on=on, actor=judge)


def _consent(party, case, judge, methods=("sms", "inbox"), on=date(2024, 6, 4), **kwargs):
    with at(on):
        return services.consent_record(party_id=party.pk, case_id=case.pk, methods=list(methods), consented_on=on,
                                       actor=judge, **kwargs)


def test_electronic_service_without_consent_is_refused_and_writes_nothing(case, parties, judge):
    plaintiff, _ = parties
    document = _notice(case, judge)
    before = AuditEvent.objects.count()
    with at(date(2024, 6, 6)), pytest.raises(DomainError) as refused:
        services.service_send(document_id=document.pk, party_id=plaintiff.pk, method=ServiceMethod.SMS, actor=judge)
    assert refused.value.code == DocumentError.CONSENT_REQUIRED
    assert not ServiceRecord.objects.exists()
    assert not Message.objects.exists()
    assert AuditEvent.objects.count() == before
    assert not CaseEvent.objects.filter(kind=CaseEventKind.SERVED).exists()


def test_consent_that_excludes_decisions_refuses_serving_a_judgment_electronically(case, parties, judge):
    plaintiff, _ = parties
    _consent(plaintiff, case, judge, covers_decisions=False)
    with at(date(2024, 9, 9)):
        judgment = services.document_upload(case_id=case.pk, kind=DocumentKind.JUDGMENT, title="民事判决书",
                                            file_name="j.pdf", content=pdf_bytes(), content_type="application/pdf",
                                            issued_on=date(2024, 9, 9), actor=judge)
    with at(date(2024, 9, 10)), pytest.raises(DomainError) as refused:
        services.service_send(document_id=judgment.pk, party_id=plaintiff.pk, method=ServiceMethod.SMS, actor=judge)
    assert refused.value.code == DocumentError.CONSENT_DECISIONS
    assert not ServiceRecord.objects.exists()


def test_consent_is_recorded_with_date_scope_and_addresses(case, parties, judge):
    plaintiff, _ = parties
    consent = _consent(plaintiff, case, judge, phone="138 0013 8009")
    assert (consent.scope, consent.methods, consent.phone, consent.consented_on, consent.channel,
            consent.covers_decisions) == ("case", ["sms", "inbox"], "13800138009", date(2024, 6, 4), "offline", True)
    assert AuditEvent.objects.filter(action="documents.consent_recorded").count() == 1
    newer = _consent(plaintiff, case, judge, methods=("inbox",), on=date(2024, 6, 10))
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2024, 6, 10)
    assert services.consent_in_force(party_id=plaintiff.pk, case_id=case.pk, on=date(2024, 6, 10)) == newer


def test_consent_needs_a_reachable_address_for_each_method(case, parties, judge):
    _, defendant = parties
    defendant.users.clear()
    with at(date(2024, 6, 4)), pytest.raises(DomainError) as refused:
        services.consent_record(party_id=defendant.pk, case_id=case.pk, methods=["inbox"],
                                consented_on=date(2024, 6, 4), actor=judge)
    assert refused.value.code == DocumentError.CONSENT_ADDRESS
    with at(date(2024, 6, 4)), pytest.raises(DomainError) as email:
        services.consent_record(party_id=defendant.pk, case_id=case.pk, methods=["email"], email="not-an-address",
                                consented_on=date(2024, 6, 4), actor=judge)
    assert email.value.code == DocumentError.CONSENT_ADDRESS
    assert not ServiceConsent.objects.exists()


def test_a_party_gives_its_own_consent_online(case, parties, plaintiff_user, defendant_user):
    plaintiff, defendant = parties
    with at(date(2024, 6, 4)):
        consent = services.consent_record(party_id=plaintiff.pk, case_id=case.pk, methods=["inbox"],
                                          consented_on=date(2024, 6, 4), actor=plaintiff_user)
    assert consent.channel == "online"
    with at(date(2024, 6, 4)), pytest.raises(DomainError) as refused:
        services.consent_record(party_id=defendant.pk, case_id=case.pk, methods=["inbox"],
                                consented_on=date(2024, 6, 4), actor=plaintiff_user)
    assert refused.value.status == 403


def test_inbox_service_is_served_the_day_it_reaches_the_inbox(case, parties, judge, plaintiff_user):
    from yingshang.notifications.dispatch import dispatch_due
    from yingshang.notifications.models import InboxItem

    plaintiff, _ = parties
    _consent(plaintiff, case, judge, methods=("inbox",))
    document = _notice(case, judge)
    with at(date(2024, 6, 6)):
        record = services.service_send(document_id=document.pk, party_id=plaintiff.pk, method=ServiceMethod.INBOX,
                                       actor=judge)
    assert (record.status, record.address, record.served_on) == (ServiceStatus.SENT, "诉讼服务平台", None)
    message = record.message
    assert (message.channel, message.template_code, message.recipient_party_id) == ("inbox", "documents.document_served",
                                                                                     plaintiff.pk)
    assert f"《举证通知书》（文书编号{document.number}）已向您电子送达" in message.body
    with at(date(2024, 6, 7, ), hour=9):
        dispatch_due(message_ids=[message.pk])
        counts = services.service_electronic_sync()
    assert counts == {"served": 1, "failed": 0, "read": 0}
    record.refresh_from_db()
    assert (record.status, record.event_on, record.served_on) == (ServiceStatus.SERVED, date(2024, 6, 7),
                                                                  date(2024, 6, 7))
    assert record.delivered_at is not None and record.read_at is None
    InboxItem.objects.filter(user=plaintiff_user).update(read_at=record.delivered_at)
    with at(date(2024, 6, 8)):
        assert services.service_electronic_sync() == {"served": 0, "failed": 0, "read": 1}
        assert services.service_electronic_sync() == {"served": 0, "failed": 0, "read": 0}
    record.refresh_from_db()
    assert record.read_at == record.delivered_at
    assert CaseEvent.objects.filter(kind=CaseEventKind.SERVED, occurred_on=date(2024, 6, 7)).count() == 1


def test_failed_sms_falls_back_to_post_with_a_mailing_pack_and_a_clerks_task(case, parties, judge, clerk, tmp_path):
    from yingshang.notifications.dispatch import dispatch_due

    plaintiff, _ = parties
    _consent(plaintiff, case, judge, methods=("sms",))
    with at(date(2024, 6, 5)):
        document = services.document_generate(case_id=case.pk, kind=DocumentKind.SUMMONS,
                                              data={"hearing_at": "2024-07-01T09:30", "place": "第一审判庭"},
                                              addressee_party_id=plaintiff.pk, actor=judge)
    with at(date(2024, 6, 6)):
        record = services.service_send(document_id=document.pk, party_id=plaintiff.pk, method=ServiceMethod.SMS,
                                       actor=judge)
        assert record.address == "13800138001"
        dispatch_due(message_ids=[record.message_id])  # the SMS channel is not configured: 通道未启用
        counts = services.service_electronic_sync()
    assert counts == {"served": 0, "failed": 1, "read": 0}
    record.refresh_from_db()
    assert record.status == ServiceStatus.FAILED and record.failure_reason.startswith("电子送达未成功：通道未启用")
    fallback = record.fallback
    assert (fallback.method, fallback.status, fallback.address) == (ServiceMethod.POST, ServiceStatus.PENDING,
                                                                    "咸丰县高乐山镇民族路1号")
    pack = tmp_path / "pack.pdf"
    pack.write_bytes(fallback.mailing_pack.read())
    text = subprocess.run(["pdftotext", str(pack), "-"], capture_output=True, text=True, check=True).stdout
    assert "邮寄送达地址页" in text and "张三" in text and "咸丰县高乐山镇民族路1号" in text
    assert "传　　票" in text or "传票" in text  # the summons itself follows the address page
    task = FollowUpTask.objects.get(source_key=f"documents.service_failed:{record.pk}")
    assert task.assignee == clerk and task.case == case
    assert "已改为邮寄送达" in task.reason
    # The post is then served on the receipt date (CPL 91).
    with at(date(2024, 6, 12)):
        services.service_result_record(record_id=fallback.pk, outcome="served", event_on=date(2024, 6, 11),
                                       tracking_number="1190000000001", actor=clerk)
    fallback.refresh_from_db()
    assert (fallback.status, fallback.served_on, fallback.tracking_number) == (ServiceStatus.SERVED,
                                                                              date(2024, 6, 11), "1190000000001")


def test_public_notice_is_served_30_days_after_publication(case, parties, judge):
    _, defendant = parties
    document = _notice(case, judge)
    with at(date(2024, 6, 6)):
        record = services.service_send(document_id=document.pk, party_id=defendant.pk,
                                       method=ServiceMethod.PUBLIC_NOTICE, event_on=date(2024, 6, 6), actor=judge)
    assert (record.status, record.event_on, record.served_on) == (ServiceStatus.SERVED, date(2024, 6, 6),
                                                                  date(2024, 7, 6))


def test_serving_twice_or_while_open_is_refused(case, parties, judge):
    plaintiff, defendant = parties
    document = _notice(case, judge)
    with at(date(2024, 6, 6)):
        services.service_send(document_id=document.pk, party_id=plaintiff.pk, method=ServiceMethod.IN_PERSON,
                              event_on=date(2024, 6, 6), actor=judge)
        services.service_send(document_id=document.pk, party_id=defendant.pk, method=ServiceMethod.POST, actor=judge)
        with pytest.raises(DomainError) as served:
            services.service_send(document_id=document.pk, party_id=plaintiff.pk, method=ServiceMethod.POST,
                                  actor=judge)
        with pytest.raises(DomainError) as open_:
            services.service_send(document_id=document.pk, party_id=defendant.pk, method=ServiceMethod.GRID,
                                  actor=judge)
    assert (served.value.code, open_.value.code) == (DocumentError.ALREADY_SERVED, DocumentError.IN_PROGRESS)
    assert ServiceRecord.objects.count() == 2


def test_a_party_outside_the_case_and_a_future_date_are_refused(case, parties, judge):
    from yingshang.cases.tests.factories import PersonFactory

    document = _notice(case, judge)
    with at(date(2024, 6, 6)), pytest.raises(DomainError) as outsider:
        services.service_send(document_id=document.pk, party_id=PersonFactory().pk, method=ServiceMethod.POST,
                              actor=judge)
    with at(date(2024, 6, 6)), pytest.raises(DomainError) as future:
        services.service_send(document_id=document.pk, party_id=parties[0].pk, method=ServiceMethod.IN_PERSON,
                              event_on=date(2024, 6, 7), actor=judge)
    assert (outsider.value.code, future.value.code) == (DocumentError.PARTY_NOT_IN_CASE, DocumentError.DATE_INVALID)
    assert not ServiceRecord.objects.exists()


def test_a_judge_of_another_department_cannot_serve(case, parties, court):
    from yingshang.org.choices import DepartmentKind, Role
    from yingshang.org.tests.factories import DepartmentFactory, UserFactory

    other = UserFactory(role=Role.JUDGE, court=court,
                        department=DepartmentFactory(court=court, kind=DepartmentKind.CRIMINAL))
    document = _notice(case, case.judge)
    with at(date(2024, 6, 6)), pytest.raises(DomainError) as refused:
        services.service_send(document_id=document.pk, party_id=parties[0].pk, method=ServiceMethod.POST, actor=other)
    assert refused.value.status == 404
    assert not ServiceRecord.objects.exists()


def test_electronic_service_rate_with_its_definition(case, parties, judge):
    from yingshang.notifications.dispatch import dispatch_due

    plaintiff, defendant = parties
    _consent(plaintiff, case, judge, methods=("inbox",))
    first, second = _notice(case, judge), _notice(case, judge)
    with at(date(2024, 6, 6)):
        record = services.service_send(document_id=first.pk, party_id=plaintiff.pk, method=ServiceMethod.INBOX,
                                       actor=judge)
        dispatch_due(message_ids=[record.message_id])
        services.service_electronic_sync()
        services.service_send(document_id=first.pk, party_id=defendant.pk, method=ServiceMethod.IN_PERSON,
                              event_on=date(2024, 6, 6), actor=judge)
        r = services.service_send(document_id=second.pk, party_id=plaintiff.pk, method=ServiceMethod.INBOX,
                                  actor=judge)
        dispatch_due(message_ids=[r.message_id])
        services.service_electronic_sync()
    rate = selectors.electronic_service_rate(start=date(2024, 6, 1), end=date(2024, 6, 30))
    assert (rate["numerator"], rate["denominator"], rate["rate_percent"]) == (2, 3, "66.67")
    assert rate["by_method"] == {"inbox": 2, "in_person": 1}
    assert rate["definition"]["code"] == "electronic_service_rate" and rate["definition"]["version"] == 1
    assert selectors.electronic_service_rate(start=date(2024, 7, 1), end=date(2024, 7, 31))["rate_percent"] is None
    with pytest.raises(DomainError) as refused:
        selectors.electronic_service_rate(start=date(2024, 7, 2), end=date(2024, 7, 1))
    assert refused.value.code == DocumentError.PERIOD_INVALID


@pytest.mark.django_db
def test_a_judgment_on_an_enterprise_case_needs_the_trial_assessment():
    from yingshang.assessments.services import assessment_mark_not_applicable
    from yingshang.cases.tests.factories import CaseFactory
    from yingshang.documents.models import Document
    from yingshang.documents.services import document_upload

    case = CaseFactory(is_enterprise_involved=True)
    upload = dict(case_id=case.pk, kind="judgment", title="民事判决书", file_name="judgment.pdf",
                  content=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf",
                  issued_on=case.filed_on, actor=case.judge)
    with pytest.raises(DomainError) as refused:
        document_upload(**upload)
    assert refused.value.code == "ASSESSMENT_REQUIRED" and refused.value.detail["stage"] == "trial"
    assert not Document.objects.exists()
    assessment_mark_not_applicable(case_id=case.pk, stage="trial", reason="判决仅确认合同效力", actor=case.judge)
    assert document_upload(**upload).kind == "judgment"
