"""Pure rules: periods, age cut-offs, arithmetic, traffic lights, scopes — no database."""

from datetime import date
from decimal import Decimal

import pytest

from yingshang.core.errors import DomainError
from yingshang.deadlines.domain import months_after
from yingshang.metrics import domain
from yingshang.metrics.errors import MetricsError

TODAY = date(2024, 5, 20)


@pytest.mark.parametrize("text, start, end, key", [
    ("2023-07", date(2023, 7, 1), date(2023, 7, 31), "2023-07"),
    ("2024-2", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
    ("2023-Q3", date(2023, 7, 1), date(2023, 9, 30), "2023-Q3"),
    ("2024q1", date(2024, 1, 1), date(2024, 3, 31), "2024-Q1"),
    ("2023", date(2023, 1, 1), date(2023, 12, 31), "2023"),
    ("ytd", date(2024, 1, 1), date(2024, 5, 20), "ytd"),
    ("", date(2024, 1, 1), date(2024, 5, 20), "ytd"),
    ("ytd-2023", date(2023, 1, 1), date(2023, 5, 20), "ytd-2023"),
    ("2023-01-15..2023-03-31", date(2023, 1, 15), date(2023, 3, 31), "2023-01-15..2023-03-31"),
])
def test_periods_parse_to_closed_intervals(text, start, end, key):
    period = domain.parse_period(text, TODAY)
    assert (period.start, period.end, period.key) == (start, end, key)


def test_year_to_date_of_a_leap_day_in_a_common_year_ends_on_the_28th():
    assert domain.parse_period("ytd-2023", date(2024, 2, 29)).end == date(2023, 2, 28)


@pytest.mark.parametrize("text", ["2023-13", "2023-Q5", "23", "2023-02-30..2023-03-01", "季度", "2023-03-02..2023-03-01",
                                  "2000-01-01..2020-01-01"])
def test_bad_periods_are_refused_with_a_code(text):
    with pytest.raises(DomainError) as refused:
        domain.parse_period(text, TODAY)
    assert refused.value.code == MetricsError.PERIOD_INVALID
    assert refused.value.status == 422


def test_stock_figures_are_taken_on_the_last_day_or_today_while_the_period_runs():
    assert domain.parse_period("2024-Q1", TODAY).as_of(TODAY) == date(2024, 3, 31)
    assert domain.parse_period("2024-Q2", TODAY).as_of(TODAY) == TODAY


def test_months_of_a_period_are_clipped_to_it():
    months = domain.months_of(domain.parse_period("2024-01-15..2024-03-10", TODAY))
    assert [(m.start, m.end, m.key) for m in months] == [
        (date(2024, 1, 15), date(2024, 1, 31), "2024-01"), (date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        (date(2024, 3, 1), date(2024, 3, 10), "2024-03")]


@pytest.mark.parametrize("as_of, months, cutoff", [
    # Filed 2023-08-31: 6 months end 2024-02-29 (民法典 202: the month's last day), so it is past 6 months on 03-01.
    (date(2024, 3, 1), 6, date(2023, 8, 31)),
    # Filed 2023-09-30: 6 months end 2024-03-30; past on 03-31. Filed 10-01: ends 04-01, not past.
    (date(2024, 3, 31), 6, date(2023, 9, 30)),
    (date(2024, 3, 31), 9, date(2023, 6, 30)),
    (date(2024, 3, 31), 12, date(2023, 3, 30)),
    (date(2023, 3, 1), 12, date(2022, 2, 28)),
])
def test_filed_on_cutoff_is_the_last_filing_day_past_n_months(as_of, months, cutoff):
    assert domain.filed_on_cutoff(as_of, months) == cutoff
    assert months_after(cutoff, months) < as_of
    assert months_after(cutoff + (date(2000, 1, 2) - date(2000, 1, 1)), months) >= as_of


def test_the_cutoff_agrees_with_the_deadlines_thresholds_every_day_of_a_year():
    as_of = date(2024, 3, 31)
    cutoff = domain.filed_on_cutoff(as_of, 9)
    day = date(2023, 1, 1)
    while day <= as_of:
        assert (day <= cutoff) == (as_of > months_after(day, 9)), day
        day = date.fromordinal(day.toordinal() + 1)


def test_rates_are_exact_to_two_places_half_up_and_none_without_a_denominator():
    assert domain.rate_percent(2, 3) == Decimal("66.67")
    assert domain.rate_percent(1, 8) == Decimal("12.50")
    assert domain.rate_percent(2257, 20000) == Decimal("11.29")  # 11.285 → 11.29 (half up)
    assert domain.rate_percent(0, 5) == Decimal("0.00")
    assert domain.rate_percent(0, 0) is None
    assert domain.mean(266, 6) == Decimal("44.33")
    assert domain.mean(0, 0) is None


def test_cepej_disposition_time_scales_by_the_days_of_the_period():
    assert domain.disposition_time(3, 7, 91) == Decimal("39.00")
    assert domain.disposition_time(100, 365, 365) == Decimal("100.00")
    assert domain.disposition_time(5, 0, 91) is None


@pytest.mark.parametrize("value, comparator, target, status", [
    ("60", "gte", "60", "met"), ("54", "gte", "60", "near"), ("53.99", "gte", "60", "missed"),
    ("14.91", "lte", "14.91", "met"), ("16.40", "lte", "14.91", "near"), ("16.41", "lte", "14.91", "missed"),
    ("50", "", None, "no_target"), (None, "gte", "60", "no_data"),
])
def test_traffic_lights_have_text(value, comparator, target, status):
    light = domain.status_for(value=Decimal(value) if value else None, comparator=comparator,
                              target=Decimal(target) if target else None, margin_percent=Decimal("10"))
    assert light.status == status
    assert light.label == {"met": "达标", "near": "接近目标", "missed": "未达标", "no_target": "监测（无目标值）",
                           "no_data": "暂无数据"}[status]


def test_values_are_formatted_by_unit():
    assert domain.format_value(Decimal("66.67"), "percent") == "66.67%"
    assert domain.format_value(Decimal("44.33"), "days") == "44.33 天"
    assert domain.format_value(Decimal("17"), "cases") == "17 件"
    assert domain.format_value(Decimal("2.00"), "ratio") == "1 : 2.00"
    assert domain.format_value(None, "percent") == "暂无数据"


def test_scopes_parse_and_refuse():
    assert domain.parse_scope("court") == domain.ScopeRef("court", None)
    assert domain.parse_scope("department:12") == domain.ScopeRef("department", 12)
    for bad in ("department", "province:1", "judge:x", "court:1;drop"):
        with pytest.raises(DomainError) as refused:
            domain.parse_scope(bad)
        assert refused.value.code == MetricsError.SCOPE_INVALID


def test_better_follows_the_direction():
    assert domain.is_better("higher", Decimal("2"), Decimal("1")) is True
    assert domain.is_better("lower", Decimal("2"), Decimal("1")) is False
    assert domain.is_better("lower", None, Decimal("1")) is None
