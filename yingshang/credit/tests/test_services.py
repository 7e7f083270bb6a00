import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseCategory, ClosingManner, OrganisationKind, PartyRole
from yingshang.cases.models import Case
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, EnterpriseFactory, PersonFactory
from yingshang.core.errors import DomainError
from yingshang.credit import selectors, services
from yingshang.credit.choices import DeletionGround, ListingStatus
from yingshang.credit.models import Correction, HonourEntry, IntegrityPush, Listing, Restriction
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def debtor_of(case):
    return case.case_parties.get(role=PartyRole.DEBTOR).party


def test_only_the_president_decides_and_refusals_write_nothing(ecase, officer, president):
    with pytest.raises(DomainError) as refused:
        services.listing_decide(case_id=ecase.pk, debtor_id=debtor_of(ecase).pk, ground="evasion", facts="转移财产",
                                actor=officer)
    assert refused.value.code == "CREDIT_PRESIDENT_ONLY"
    minor = PersonFactory(name="未成年人丙", id_number="422826201001011232")
    CasePartyFactory(case=ecase, party=minor, role=PartyRole.DEBTOR)
    with time_machine.travel(date(2024, 6, 1), tick=False):
        with pytest.raises(DomainError) as refused:
            services.listing_decide(case_id=ecase.pk, debtor_id=minor.pk, ground="evasion", facts="x",
                                    actor=president)
    assert refused.value.code == "CREDIT_MINOR_NOT_LISTABLE"
    assert not Listing.objects.exists() and not AuditEvent.objects.filter(action__startswith="credit").exists()


def test_grace_period_then_publication_then_term_expiry(ecase, president):
    debtor = debtor_of(ecase)
    with time_machine.travel(date(2024, 6, 3), tick=False):
        listing = services.listing_decide(case_id=ecase.pk, debtor_id=debtor.pk, ground="property_report_breach",
                                          facts="拒不报告财产", grace_months=2, actor=president)
        assert (listing.status, listing.publish_on, listing.ends_on) == ("grace", date(2024, 8, 3), date(2026, 6, 3))
        assert selectors.public_query(q=debtor.name, today=date(2024, 6, 3)) == []
    assert services.listings_scan(today=date(2024, 8, 2)) == {"published": 0, "expired": 0}
    assert services.listings_scan(today=date(2024, 8, 3)) == {"published": 1, "expired": 0}
    assert services.listings_scan(today=date(2024, 8, 3)) == {"published": 0, "expired": 0}
    assert [r["name"] for r in selectors.public_query(q=debtor.name, today=date(2024, 8, 3))] == [debtor.name]
    assert services.listings_scan(today=date(2026, 6, 4)) == {"published": 0, "expired": 1}
    listing.refresh_from_db()
    assert (listing.status, listing.deletion_ground, listing.deletion_due_on) == (
        "deleted", DeletionGround.TERM_EXPIRED, date(2026, 6, 8))  # 6-3 Wed → 6-4, 6-5, 6-8 (3 working days)
    assert selectors.public_query(q=debtor.name, today=date(2026, 6, 4)) == []


def test_deletion_deadline_in_working_days_across_national_day(ecase, president):
    with time_machine.travel(date(2024, 10, 10), tick=False):
        listing = services.listing_decide(case_id=ecase.pk, debtor_id=debtor_of(ecase).pk,
                                          ground="able_but_refuses", facts="有能力拒不履行", actor=president,
                                          decided_on=date(2024, 9, 2))
        deleted = services.listing_delete(listing_id=listing.pk, ground=DeletionGround.PERFORMED,
                                          event_on=date(2024, 9, 27), actor=president)
    # 9-27 Fri → 9-29 (调休 Sunday), 9-30, 10-8
    assert deleted.deletion_due_on == date(2024, 10, 8)
    assert AuditEvent.objects.filter(action="credit.listing_deleted").get().after["on_time"] is False


def test_creditor_reapplication_barred_for_six_months(ecase, president):
    debtor = debtor_of(ecase)
    with time_machine.travel(date(2024, 8, 31), tick=False):
        listing = services.listing_decide(case_id=ecase.pk, debtor_id=debtor.pk, ground="able_but_refuses",
                                          facts="x", actor=president, on_creditor_application=True,
                                          decided_on=date(2024, 5, 1))
        services.listing_delete(listing_id=listing.pk, ground=DeletionGround.CREDITOR_REQUEST,
                                event_on=date(2024, 8, 31), actor=president)
    with time_machine.travel(date(2025, 2, 27), tick=False):
        with pytest.raises(DomainError) as refused:
            services.listing_decide(case_id=ecase.pk, debtor_id=debtor.pk, ground="able_but_refuses", facts="again",
                                    actor=president, on_creditor_application=True)
        assert refused.value.detail == {"allowed_from": "2025-02-28"}
        assert Listing.objects.count() == 1
        # the court may still list on its own motion
        services.listing_decide(case_id=ecase.pk, debtor_id=debtor.pk, ground="able_but_refuses", facts="依职权",
                                actor=president)
    with time_machine.travel(date(2025, 2, 28), tick=False):
        assert Listing.objects.filter(status=ListingStatus.PUBLISHED).count() == 1


def test_correction_review_and_reconsideration_deadlines(ecase, president):
    debtor = debtor_of(ecase)
    rep = UserFactory(role=Role.PARTY)
    debtor.users.add(rep)
    with time_machine.travel(date(2024, 9, 20), tick=False):
        listing = services.listing_decide(case_id=ecase.pk, debtor_id=debtor.pk, ground="evasion", facts="x",
                                          actor=president)
        outsider = UserFactory(role=Role.PARTY)
        with pytest.raises(DomainError):
            services.correction_file(listing_id=listing.pk, reason="data_wrong", statement="?", actor=outsider)
        correction = services.correction_file(listing_id=listing.pk, reason="should_not_list",
                                              statement="已提供担保", actor=rep)
        assert correction.review_due_on == date(2024, 10, 5)
    with time_machine.travel(date(2024, 9, 25), tick=False):
        rejected = services.correction_decide(correction_id=correction.pk, accept=False, decision_text="担保不足",
                                              actor=president)
    # 9-25 + 10 days = 10-05, inside the National Day holiday → the first working day after it
    assert rejected.reconsideration_due_on == date(2024, 10, 8)
    assert Listing.objects.get().status == ListingStatus.PUBLISHED


def test_accepted_correction_revokes(ecase, president):
    debtor = debtor_of(ecase)
    rep = UserFactory(role=Role.PARTY)
    debtor.users.add(rep)
    listing = services.listing_decide(case_id=ecase.pk, debtor_id=debtor.pk, ground="evasion", facts="x",
                                      actor=president)
    correction = services.correction_file(listing_id=listing.pk, reason="should_not_list", statement="错列",
                                          actor=rep)
    services.correction_decide(correction_id=correction.pk, accept=True, decision_text="确属错误纳入",
                               actor=president)
    assert Listing.objects.get().status == ListingStatus.REVOKED
    assert Correction.objects.get().status == "accepted"


def test_restriction_binds_the_unit_and_its_people(ecase, president):
    debtor = debtor_of(ecase)
    with pytest.raises(DomainError) as refused:
        services.restriction_order(case_id=ecase.pk, debtor_id=debtor.pk, persons=[], actor=president)
    assert refused.value.code == "CREDIT_RESTRICTION_PERSONS"
    restriction = services.restriction_order(
        case_id=ecase.pk, debtor_id=debtor.pk, actor=president,
        persons=[{"name": "王某", "role": "legal_representative", "id_number": "422826196304040031"},
                 {"name": "李某", "role": "actual_controller"}])
    assert sorted(restriction.persons.values_list("name", "role")) == [("李某", "actual_controller"),
                                                                      ("王某", "legal_representative")]
    wang = restriction.persons.get(name="王某")
    services.restriction_lift(restriction_id=restriction.pk, ground="person_changed", person_id=wang.pk,
                              actor=president)
    assert Restriction.objects.get().lifted_on is None
    services.restriction_lift(restriction_id=restriction.pk, ground="full_performance", actor=president)
    assert Restriction.objects.get().lift_ground == "full_performance"


def test_repair_application_and_decisions(ecase, president):
    debtor = debtor_of(ecase)
    rep = UserFactory(role=Role.PARTY)
    debtor.users.add(rep)
    with time_machine.travel(date(2024, 6, 1), tick=False):
        listing = services.listing_decide(case_id=ecase.pk, debtor_id=debtor.pk, ground="evasion", facts="x",
                                          actor=president)
        application = services.repair_apply(listing_id=listing.pk, requested="shield", statement="愿意分期履行",
                                            actor=rep)
        with pytest.raises(DomainError):
            services.repair_decide(application_id=application.pk, approve=True, decision="shield",
                                   decision_text="同意", actor=rep)
        services.repair_decide(application_id=application.pk, approve=True, decision="shield",
                               decision_text="积极履行，予以屏蔽", actor=president)
    assert Listing.objects.get().is_shielded is True
    assert selectors.public_query(q=debtor.name, today=date(2024, 6, 1)) == []
    from yingshang.notifications.models import Message
    notice = Message.objects.get(template_code="credit.repair_decided")
    assert notice.recipient_user == rep
    assert "准予屏蔽失信信息（积极履行，予以屏蔽）" in notice.body and "2024年6月1日" in notice.body


class _Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802
        _Hook.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_integrity_push_is_idempotent_and_calls_the_webhook(ecase, settings):
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.CREDIT_INTEGRITY_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/push"
    bureau_party = EnterpriseFactory(name="咸丰县某某局", organisation_kind=OrganisationKind.GOVERNMENT,
                                     enterprise_size="")
    CasePartyFactory(case=ecase, party=bureau_party, role=PartyRole.DEBTOR)
    try:
        first = services.integrity_push(period="2024-11")
        second = services.integrity_push(period="2024-11")
    finally:
        server.shutdown()
    assert [p.debtor.name for p in first] == ["咸丰县某某局"] and len(second) == 1
    assert IntegrityPush.objects.count() == 1
    assert IntegrityPush.objects.get().webhook_status == "HTTP 200"
    assert _Hook.received[0][0]["debtor"] == "咸丰县某某局"
    department = UserFactory(role=Role.INTEGRITY_DEPARTMENT)
    assert services.integrity_status_set(push_id=first[0].pk, status="acknowledged", actor=department).status == \
        "acknowledged"


def test_red_and_black_lists_on_a_hand_built_month(ecase, president):
    prompt = CaseFactory(court=ecase.court, type_code="执", category=CaseCategory.ENFORCEMENT,
                         filed_on=date(2024, 10, 20), closed_on=date(2024, 11, 5), status="closed",
                         closing_manner=ClosingManner.FULLY_ENFORCED)
    CasePartyFactory(case=prompt, party=EnterpriseFactory(name="守信企业"), role=PartyRole.DEBTOR)
    slow = CaseFactory(court=ecase.court, type_code="执", category=CaseCategory.ENFORCEMENT,
                       filed_on=date(2024, 8, 1), closed_on=date(2024, 11, 20), status="closed",
                       closing_manner=ClosingManner.FULLY_ENFORCED)
    CasePartyFactory(case=slow, party=EnterpriseFactory(name="迟延企业"), role=PartyRole.DEBTOR)
    with time_machine.travel(date(2024, 5, 20), tick=False):
        services.listing_decide(case_id=ecase.pk, debtor_id=debtor_of(ecase).pk, ground="evasion", facts="x",
                                actor=president)
    assert services.honour_lists_build(month="2024-11") == {"red": 1, "black": 1}
    assert services.honour_lists_build(month="2024-11") == {"red": 1, "black": 1}
    assert selectors.honour_list(month="2024-11") == {"red": [], "black": []}
    services.honour_lists_publish(month="2024-11", actor=president)
    lists = selectors.honour_list(month="2024-11")
    assert [e.party.name for e in lists["red"]] == ["守信企业"]
    assert [e.party.name for e in lists["black"]] == [debtor_of(ecase).name]
    assert HonourEntry.objects.count() == 2
    assert Case.objects.filter(pk=slow.pk).exists()
