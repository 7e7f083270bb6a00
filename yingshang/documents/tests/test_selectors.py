"""Selectors other apps call: the online-service counts (在线服务平台综合利用率) and the certificate an enforcement
application cites."""

from datetime import date

import pytest

from yingshang.documents import selectors, services
from yingshang.documents.choices import DocumentKind, ServiceMethod
from yingshang.documents.tests.conftest import at, pdf_bytes

pytestmark = pytest.mark.django_db


def test_online_service_counts_per_item(case, parties, judge, plaintiff_user):
    plaintiff, defendant = parties
    case.channel = "online"
    case.save()
    with at(date(2024, 6, 20)):
        services.activity_record(case_id=case.pk, kind="hearing", mode="online", held_on=date(2024, 6, 20),
                                 actor=judge)
        services.activity_record(case_id=case.pk, kind="hearing", mode="offline", held_on=date(2024, 6, 18),
                                 actor=judge)
        services.activity_record(case_id=case.pk, kind="mediation", mode="hybrid", held_on=date(2024, 6, 19),
                                 actor=judge)
        services.document_submit(case_id=case.pk, party_id=plaintiff.pk, kind=DocumentKind.EVIDENCE, title="证据",
                                 file_name="e.pdf", content=pdf_bytes(), content_type="application/pdf",
                                 actor=plaintiff_user)
        judgment = services.document_upload(case_id=case.pk, kind=DocumentKind.JUDGMENT, title="民事判决书",
                                            file_name="j.pdf", content=pdf_bytes(), content_type="application/pdf",
                                            issued_on=date(2024, 6, 20), actor=judge)
        services.service_send(document_id=judgment.pk, party_id=defendant.pk, method=ServiceMethod.IN_PERSON,
                              event_on=date(2024, 6, 20), actor=judge)
        services.appeal_record(decision_id=judgment.decision.pk, party_id=plaintiff.pk, filed_on=date(2024, 6, 20),
                               actor=plaintiff_user)
    counts = selectors.online_service_counts(start=date(2024, 6, 1), end=date(2024, 6, 30))
    assert counts["items"] == {
        "filing": {"online": 1, "total": 1}, "service": {"online": 0, "total": 1},
        "hearing": {"online": 1, "total": 2}, "mediation": {"online": 1, "total": 1},
        "evidence_exchange": {"online": 0, "total": 0}, "inquiry": {"online": 0, "total": 0},
        "appeal": {"online": 1, "total": 1}, "certificate_request": {"online": 0, "total": 0},
        "party_submission": {"online": 1, "total": 1},
    }
    assert (counts["online_total"], counts["all_total"], counts["unweighted_rate_percent"]) == (5, 7, "71.43")
    assert counts["definition"]["version"] == 1
    assert selectors.online_service_counts(start=date(2024, 7, 1), end=date(2024, 7, 31))["all_total"] == 0


def test_the_certificate_an_enforcement_application_cites(case, parties, judge):
    assert selectors.effectiveness_certificate_for_case(case_id=case.pk) is None
    with at(date(2024, 9, 9)):
        judgment = services.document_upload(case_id=case.pk, kind=DocumentKind.JUDGMENT, title="民事判决书",
                                            file_name="j.pdf", content=pdf_bytes(), content_type="application/pdf",
                                            issued_on=date(2024, 9, 9), actor=judge)
        for party in parties:
            services.service_send(document_id=judgment.pk, party_id=party.pk, method=ServiceMethod.IN_PERSON,
                                  event_on=date(2024, 9, 9), actor=judge)
    with at(date(2024, 9, 30)):
        services.effectiveness_scan(today=date(2024, 9, 30))
    certificate = selectors.effectiveness_certificate_for_case(case_id=case.pk)
    assert certificate.kind == DocumentKind.EFFECTIVENESS_CERTIFICATE
    assert certificate.certified_decision.effective_on == date(2024, 9, 25)  # 9-9 + 15 = 9-24 (Tue), +1
