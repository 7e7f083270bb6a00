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
    demo_seed(cases=600, seed=7, today=date(2026, 11, 26))
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
    with pytest.raises(DomainError) as again:
        demo_activity_seed(seed=7)
    assert again.value.code == "DEMO_ACTIVITY_EXISTS"
