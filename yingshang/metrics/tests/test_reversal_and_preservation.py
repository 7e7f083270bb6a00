"""改判发回率 (documents.AppealOutcome) on a hand-built dataset with known values: period edges, the first-instance
filter, the scope, the drill-down."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Q

from yingshang.documents.models import AppealOutcome, Decision, Document
from yingshang.metrics import engine
from yingshang.metrics.engine import ZERO_DENOMINATOR
from yingshang.metrics.tests.conftest import Q1, TODAY, assert_drilldowns_match, figures

pytestmark = pytest.mark.django_db


def _outcome(case, outcome: str, recorder):
    """The second-instance result of the case's judgment, as documents.services.appeal_outcome_record stores it."""
    document = Document.objects.create(
        case=case, kind="judgment", title="判决书", source="uploaded", number=f"（2024）鄂2826文书第{case.pk}号",
        sequence=1, issued_on=case.closed_on, file_name="j.pdf", sha256="0" * 64, verification_code=f"T{case.pk:09d}")
    decision = Decision.objects.create(document=document, case=case, kind="judgment", status="appealed",
                                       recorded_by=recorder)
    return AppealOutcome.objects.create(decision=decision, outcome=outcome, decided_on=date(2024, 6, 1),
                                        second_instance_case_number=f"（2024）鄂28民终{case.pk}号", recorded_by=recorder)


@pytest.fixture
def appeals(make_case, judge, tribunal, tribunal_judge):
    c = {}
    c["R1"] = make_case(filed_on=date(2023, 11, 1), closed_on=date(2024, 2, 1), closing_manner="judgment")
    c["R2"] = make_case(filed_on=date(2024, 1, 2), closed_on=date(2024, 3, 31), closing_manner="judgment")  # last day
    c["R3"] = make_case("刑初", filed_on=date(2023, 12, 1), closed_on=date(2024, 1, 10), closing_manner="judgment")
    c["R4"] = make_case(filed_on=date(2024, 1, 5), closed_on=date(2024, 3, 1), closing_manner="judgment")
    c["R5"] = make_case(filed_on=date(2024, 1, 5), closed_on=date(2024, 2, 15), closing_manner="ruling")
    c["R6"] = make_case(filed_on=date(2024, 1, 5), closed_on=date(2024, 4, 1), closing_manner="judgment")  # after Q1
    c["R7"] = make_case(filed_on=date(2024, 1, 5), closed_on=date(2024, 1, 20), closing_manner="judgment")  # no appeal
    c["R8"] = make_case("民终", filed_on=date(2024, 1, 5), closed_on=date(2024, 3, 5), closing_manner="judgment")
    c["T1"] = make_case(department=tribunal, judge_user=tribunal_judge, filed_on=date(2024, 1, 5),
                        closed_on=date(2024, 3, 10), closing_manner="judgment")
    for key, outcome in (("R1", "reversed"), ("R2", "remanded"), ("R3", "partly_reversed"), ("R4", "upheld"),
                         ("R5", "withdrawn"), ("R6", "reversed"), ("R8", "reversed"), ("T1", "remanded")):
        _outcome(c[key], outcome, judge)
    return c


def test_reversal_remand_rate_on_a_known_dataset(court, appeals):
    f = figures(court, ["reversal_remand_rate"])["reversal_remand_rate"]
    # First instance closed in Q1: R1, R2, R3, R4, R5, R7, T1 (not R6: 04-01; not R8: 民终).
    # Reversed, partly reversed or remanded among them: R1, R2, R3, T1.
    assert (f.value, f.numerator, f.denominator, f.reason) == (Decimal("57.14"), 4, 7, "")
    rows = engine.drilldown("reversal_remand_rate", "numerator", 0, scope_case_q=Q(court_id=court.pk), period=Q1,
                            today=TODAY).rows
    assert {r.pk for r in rows} == {appeals[k].pk for k in ("R1", "R2", "R3", "T1")}
    assert_drilldowns_match(court, ["reversal_remand_rate"])


def test_reversal_remand_rate_for_one_department(court, appeals, civil):
    f = figures(court, ["reversal_remand_rate"], scope_q=Q(court_id=court.pk, department_id=civil.pk))
    assert (f["reversal_remand_rate"].value, f["reversal_remand_rate"].numerator,
            f["reversal_remand_rate"].denominator) == (Decimal("50.00"), 3, 6)


def test_reversal_remand_rate_without_first_instance_closures_has_no_data(court, make_case, judge):
    _outcome(make_case(filed_on=date(2024, 1, 5), closed_on=date(2024, 4, 2), closing_manner="judgment"),
             "reversed", judge)
    f = figures(court, ["reversal_remand_rate"])["reversal_remand_rate"]
    assert (f.value, f.numerator, f.denominator, f.reason) == (None, 0, 0, ZERO_DENOMINATOR)
