"""改判发回率 (documents.AppealOutcome) and 保全财产超标的比例 (preservation.PreservationApplication) on hand-built
datasets with known values: period edges, the filters, the scope, the drill-down, zero denominators."""

from datetime import date, datetime
from zoneinfo import ZoneInfo
from decimal import Decimal

import pytest
from django.db.models import Q

from yingshang.cases.tests.factories import PersonFactory
from yingshang.documents.models import AppealOutcome, Decision, Document
from yingshang.preservation.models import PreservationApplication
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


# --- 保全财产超标的比例 ------------------------------------------------------------------------------------------------

def _preservation(case, recorder, *, ruled_on, granted_yuan, peak_excess_yuan, status="granted"):
    """An application as preservation.services leave it after the ruling and the measures (peak excess stored)."""
    applied = ruled_on.replace(day=1)
    return PreservationApplication.objects.create(
        case=case, kind="litigation", applicant=PersonFactory(), respondent=PersonFactory(),
        amount_fen=(granted_yuan or 1) * 100, applied_at=datetime(applied.year, applied.month, 1, 9,
                                                                  tzinfo=ZoneInfo("Asia/Shanghai")),
        applied_on=applied, status=status, ruled_on=ruled_on,
        granted_amount_fen=granted_yuan * 100 if granted_yuan else None,
        peak_excess_fen=peak_excess_yuan * 100, excess_fen=peak_excess_yuan * 100, recorded_by=recorder)


@pytest.fixture
def preservations(make_case, judge, tribunal, tribunal_judge):
    civil_case = make_case(filed_on=date(2023, 12, 1))
    tribunal_case = make_case(department=tribunal, judge_user=tribunal_judge, filed_on=date(2023, 12, 1))
    return {
        "P1": _preservation(civil_case, judge, ruled_on=date(2024, 1, 10), granted_yuan=200_000, peak_excess_yuan=50_000),
        "P2": _preservation(civil_case, judge, ruled_on=date(2024, 3, 31), granted_yuan=100_000, peak_excess_yuan=0),
        "P3": _preservation(civil_case, judge, ruled_on=date(2024, 4, 1), granted_yuan=100_000,
                            peak_excess_yuan=30_000),  # after Q1
        "P4": _preservation(civil_case, judge, ruled_on=date(2024, 2, 1), granted_yuan=None, peak_excess_yuan=0,
                            status="rejected"),
        "P5": _preservation(tribunal_case, judge, ruled_on=date(2024, 2, 15), granted_yuan=100_000,
                            peak_excess_yuan=20_000),
    }


def test_preservation_excess_rate_on_a_known_dataset(court, preservations):
    f = figures(court, ["preservation_excess_rate"])["preservation_excess_rate"]
    # Ruled with an amount in Q1: P1, P2, P5 (not P3: 04-01; not P4: rejected). Σ excess 70,000 ÷ Σ ordered 400,000.
    assert (f.value, f.numerator, f.denominator, f.reason) == (Decimal("17.50"), 7_000_000, 40_000_000, "")
    rows = engine.drilldown("preservation_excess_rate", "numerator", 0, scope_case_q=Q(court_id=court.pk),
                            period=Q1, today=TODAY).rows
    # The cases behind it, each with its applications' excess (P1 and P2 are the same case; P3 is after Q1).
    assert sorted((r.pk, r.contribution) for r in rows) == sorted(
        [(preservations["P1"].case_id, 5_000_000), (preservations["P5"].case_id, 2_000_000)])
    denominator = engine.drilldown("preservation_excess_rate", "denominator", 0, scope_case_q=Q(court_id=court.pk),
                                   period=Q1, today=TODAY).rows
    assert sorted(r.contribution for r in denominator) == [10_000_000, 30_000_000]
    assert_drilldowns_match(court, ["preservation_excess_rate"])


def test_preservation_excess_rate_for_one_department(court, preservations, civil):
    f = figures(court, ["preservation_excess_rate"], scope_q=Q(court_id=court.pk, department_id=civil.pk))
    assert (f["preservation_excess_rate"].value, f["preservation_excess_rate"].numerator,
            f["preservation_excess_rate"].denominator) == (Decimal("16.67"), 5_000_000, 30_000_000)


def test_preservation_excess_rate_without_rulings_has_no_data(court, make_case, judge):
    _preservation(make_case(filed_on=date(2024, 1, 5)), judge, ruled_on=date(2024, 4, 2), granted_yuan=1_000,
                  peak_excess_yuan=500)
    f = figures(court, ["preservation_excess_rate"])["preservation_excess_rate"]
    assert (f.value, f.numerator, f.denominator, f.reason) == (None, 0, 0, ZERO_DENOMINATOR)
