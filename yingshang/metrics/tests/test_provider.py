"""The link to the plan: the measures board asks MEASURES_INDICATOR_VALUE_PROVIDER for the live value of each target,
under the codes of measures/conf.py; and the catalogue (versioned data) matches the formulas."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings as django_settings

from yingshang.measures import conf as measures_conf
from yingshang.measures import selectors as measures_selectors
from yingshang.measures.tests.factories import import_real_plan
from yingshang.metrics.formulas import FORMULAS, PLAN_CODE_ALIASES, formula_for
from yingshang.metrics.models import IndicatorDefinition
from yingshang.metrics.provider import indicator_value

pytestmark = pytest.mark.django_db
TODAY = date(2024, 3, 31)  # year to date = 2024 Q1


def test_the_setting_points_at_the_provider():
    assert django_settings.MEASURES_INDICATOR_VALUE_PROVIDER == "yingshang.metrics.provider.indicator_value"


def test_every_code_of_the_plans_map_is_answered_by_a_formula():
    for phrase, code in measures_conf.DEFAULT_INDICATOR_MAP.items():
        assert formula_for(code) is not None, (phrase, code)
    assert set(PLAN_CODE_ALIASES.values()) <= set(FORMULAS)


def test_live_values_for_the_plans_codes(court, make_case, bureau, officer):
    for day, manner in ((1, "mediation"), (2, "withdrawal"), (3, "judgment")):
        make_case(procedure="fast_track", is_enterprise_involved=True, filed_on=date(2024, 1, 5),
                  closed_on=date(2024, 3, day), closing_manner=manner)
    make_case(filed_on=date(2023, 9, 1))  # pending past 6 months on 03-31
    assert indicator_value("enterprise_fast_track_mediation_withdrawal_rate", TODAY) == {
        "value": Decimal("66.67"), "unit": "percent", "as_of": TODAY}
    assert indicator_value("long_pending_cases", TODAY) == {"value": Decimal(1), "unit": "cases", "as_of": TODAY}
    # No data (no service records; no preservation ruled in the period; unknown code): None, never zero.
    assert indicator_value("electronic_service_rate", TODAY) is None
    assert indicator_value("preservation_excess_rate", TODAY) is None
    assert indicator_value("no_such_code", TODAY) is None


def test_the_measure_board_shows_the_live_value(court, make_case):
    for day, manner in ((1, "mediation"), (2, "withdrawal"), (3, "judgment")):
        make_case(procedure="fast_track", is_enterprise_involved=True, filed_on=date(2024, 1, 5),
                  closed_on=date(2024, 3, day), closing_manner=manner)
    plan = import_real_plan()
    from yingshang.measures.tests.factories import staff

    rows = measures_selectors.measure_board(user=staff("civil"), plan=plan, today=TODAY)
    eighth = rows[7]
    assert [(t.target.indicator_code, t.live_label) for t in eighth.targets] == [
        ("enterprise_fast_track_mediation_withdrawal_rate", "66.67%"), ("dispute_resolution_cost_rate", "暂无数据")]


def test_the_catalogue_is_versioned_data_matching_the_formulas():
    current = IndicatorDefinition.objects.current()
    assert set(current.values_list("code", flat=True)) == set(FORMULAS)
    assert current.count() == len(FORMULAS) == 38
    # Version 2 of the two indicators whose data arrived later (migration 0003); version 1 kept, not current.
    assert sorted(current.filter(version=2).values_list("code", flat=True)) == [
        "preservation_excess_rate", "reversal_remand_rate"]
    assert set(IndicatorDefinition.objects.filter(is_current=False).values_list("code", "version")) == {
        ("preservation_excess_rate", 1), ("reversal_remand_rate", 1)}
    assert "二审改判-发回重审比" in current.get(code="reversal_remand_rate").unconfirmed_note
    assert "尚未建设" not in current.get(code="preservation_excess_rate").unconfirmed_note
    for d in current:
        assert d.name_zh and d.name_en and d.numerator_definition and d.period_rule and d.source and d.data_sources
        assert d.denominator_definition, d.code
        assert (d.target_value is None) == (d.target_comparator == ""), d.code
    targets = {d.code: d.target_label for d in current if d.target_value is not None}
    assert targets["enterprise_fast_track_mediation_withdrawal_rate"] == "≥ 60%"
    assert targets["dispute_resolution_cost_rate"] == "≤ 14.91%"
    assert targets["online_service_utilisation_rate"] == "≥ 40%"
    assert targets["electronic_service_rate"] == "≥ 70%"
    unconfirmed = {d.code for d in current if d.is_unconfirmed}
    assert {"dispute_resolution_cost_rate", "online_service_utilisation_rate", "electronic_service_rate",
            "case_to_matter_ratio", "agency_head_appearance_rate"} <= unconfirmed
    assert "METRICS_ATTORNEY_FEE_ESTIMATE_PERCENT" in current.get(code="dispute_resolution_cost_rate").numerator_definition


def test_one_current_version_per_code_is_enforced():
    from django.db import IntegrityError, transaction

    first = IndicatorDefinition.objects.get(code="clearance_rate")
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorDefinition.objects.create(**{f.name: getattr(first, f.name) for f in first._meta.fields
                                              if f.name not in ("id", "version", "created_at", "updated_at")},
                                           version=2)
