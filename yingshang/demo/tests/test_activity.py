"""The demo activity runs through the services on a small seeded court, once."""

from datetime import date

import pytest
import time_machine

from yingshang.assessments.models import Assessment
from yingshang.audit.models import AuditEvent
from yingshang.cases.demo.seeding import demo_seed
from yingshang.core.errors import DomainError
from yingshang.credit.models import Listing
from yingshang.demo.activity import demo_activity_seed
from yingshang.enforcement.models import EnforcementCase, LedgerPosting
from yingshang.filing.models import Filing
from yingshang.measures.models import Measure

pytestmark = pytest.mark.django_db


@time_machine.travel(date(2026, 11, 26), tick=False)
def test_demo_activity_writes_through_the_services_once():
    with pytest.raises(DomainError) as refused:
        demo_activity_seed()
    assert refused.value.code == "DEMO_COURT_MISSING"
    demo_seed(cases=1500, seed=7, today=date(2026, 11, 26))
    summary = demo_activity_seed(seed=7)
    assert Measure.objects.count() == 35
    assert summary["done"]["measures.plan_import"] == 1
    assert EnforcementCase.objects.count() == summary["done"]["enforcement.open"] > 0
    assert sum(LedgerPosting.objects.values_list("amount_fen", flat=True)) == 0
    assert Filing.objects.count() == 6
    # every listing of an enterprise-involved case passed the assessment gate
    for listing in Listing.objects.select_related("case"):
        if listing.case.is_enterprise_involved:
            assert Assessment.objects.filter(case=listing.case, stage="enforcement").exists()
    assert AuditEvent.objects.filter(action="demo.activity_seeded").count() == 1
    # preservation written through its services: granted applications with measures, one seal over the limit
    from yingshang.preservation.models import PreservationApplication, PreservationMeasure

    assert PreservationApplication.objects.count() == summary["done"]["preservation.apply"] > 0
    assert PreservationMeasure.objects.count() == summary["done"]["preservation.measure"] > 0
    assert PreservationApplication.objects.filter(peak_excess_fen__gt=0).exists()
    _assert_plan_indicator_activity(summary)
    with pytest.raises(DomainError) as again:
        demo_activity_seed(seed=7)
    assert again.value.code == "DEMO_ACTIVITY_EXISTS"


PLAN_CODES = ("enterprise_fast_track_mediation_withdrawal_rate", "electronic_service_rate", "enforcement_recovery_rate",
              "fully_enforced_average_days", "agency_head_appearance_rate", "enforcement_reply_on_time_rate",
              "fee_refund_on_time_rate", "appeal_transfer_on_time_rate", "online_hearing_rate")


def _assert_plan_indicator_activity(summary):
    """The records the plan indicators read besides the case table, written through the services, on this year's
    dates, so that each of those indicators has a denominator on the 院长's dashboard for 2026."""
    from django.test import Client

    from yingshang.cases.models import Case
    from yingshang.deadlines.models import AppealTransfer
    from yingshang.documents.models import LitigationActivity, ServiceRecord
    from yingshang.enforcement.models import PartyMessage
    from yingshang.fees.models import RefundOrder
    from yingshang.metrics.models import AgencyHeadAppearance
    from yingshang.org.models import Role, User

    done = summary["done"]
    assert summary["skipped"] == {}
    assert {k: done[k] for k in (
        "cases.procedure_fast_track", "cases.close_fast_track", "cases.close_judgment", "fees.allocation",
        "fees.refund_paid", "deadlines.appeal_transfer", "deadlines.appeal_transferred", "enforcement.receipt_full",
        "enforcement.fully_enforced", "enforcement.round_closed", "enforcement.message", "enforcement.message_reply",
        "metrics.agency_appearance", "documents.consent", "documents.service_sent", "documents.service_served",
        "documents.hearing")} == {
        "cases.procedure_fast_track": 2, "cases.close_fast_track": 2, "cases.close_judgment": 5,
        "fees.allocation": 5, "fees.refund_paid": 5, "deadlines.appeal_transfer": 3,
        "deadlines.appeal_transferred": 3, "enforcement.receipt_full": 8, "enforcement.fully_enforced": 8,
        "enforcement.round_closed": 3, "enforcement.message": 3, "enforcement.message_reply": 2,
        "metrics.agency_appearance": 10, "documents.consent": 8, "documents.service_sent": 10,
        "documents.service_served": 8, "documents.hearing": 10}
    assert ServiceRecord.objects.filter(status="served").count() == 10
    assert ServiceRecord.objects.filter(status="served", method="sms").count() == 8
    assert LitigationActivity.objects.filter(kind="hearing").count() == 10
    assert LitigationActivity.objects.filter(kind="hearing", mode__in=("online", "hybrid")).count() == 6
    assert AgencyHeadAppearance.objects.count() == 10
    assert AgencyHeadAppearance.objects.filter(appearance__in=("principal_head", "deputy_head")).count() == 8
    assert PartyMessage.objects.count() == 3
    assert PartyMessage.objects.filter(replied_on__isnull=False).count() == 2
    assert RefundOrder.objects.filter(kind="winning", status="paid").count() == 5
    assert AppealTransfer.objects.filter(status="transferred").count() == 3
    assert Case.objects.filter(procedure="fast_track", category__in=("civil", "commercial", "financial"),
                               closing_manner__in=("mediation", "withdrawal")).count() == 2
    assert Case.objects.filter(enforcement__isnull=False, closing_manner="fully_enforced").count() == 8

    client = Client()
    client.force_login(User.objects.filter(role=Role.PRESIDENT).first())
    items = {i["code"]: i for i in client.get("/api/v1/indicators?period=2026").json()["items"]}
    assert {code: items[code]["value"] for code in PLAN_CODES} == {
        "enterprise_fast_track_mediation_withdrawal_rate": "100.00", "electronic_service_rate": "80.00",
        "enforcement_recovery_rate": "85.85", "fully_enforced_average_days": "129.63",
        "agency_head_appearance_rate": "80.00", "enforcement_reply_on_time_rate": "100.00",
        "fee_refund_on_time_rate": "80.00", "appeal_transfer_on_time_rate": "66.67", "online_hearing_rate": "60.00"}
