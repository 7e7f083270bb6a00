"""Pure rules added for supervision: reminder/escalation windows around month ends, quarters, the measure a
reform belongs to. No database."""

from datetime import date

import pytest

from yingshang.measures import domain
from yingshang.measures.domain import AlertKind, Quarter, deadline_alert, quarter_of, reform_measure_number
from yingshang.measures.tests.factories import real_plan_text


@pytest.mark.parametrize("today, expected", [
    (date(2024, 2, 13), None),                    # 16 days before 2024-02-29 (leap year)
    (date(2024, 2, 14), AlertKind.REMINDER),      # 15 days before
    (date(2024, 2, 29), AlertKind.REMINDER),      # the deadline day is still in time
    (date(2024, 3, 1), AlertKind.ESCALATION),     # the day after
    (date(2025, 1, 1), AlertKind.ESCALATION),
])
def test_deadline_alert_at_the_end_of_a_leap_february(today, expected):
    assert deadline_alert(due_on=date(2024, 2, 29), today=today, lead_days=15, is_open=True) == expected


@pytest.mark.parametrize("due_on, today, lead, expected", [
    (date(2023, 8, 31), date(2023, 8, 1), 30, AlertKind.REMINDER),   # 2023年8月底: 30 days ahead
    (date(2023, 8, 31), date(2023, 7, 31), 30, None),
    (date(2023, 12, 31), date(2023, 12, 31), 0, AlertKind.REMINDER),  # lead 0: the day itself only
    (date(2023, 12, 31), date(2023, 12, 30), 0, None),
    (date(2023, 12, 31), date(2024, 1, 1), 0, AlertKind.ESCALATION),  # across the year end
    (None, date(2023, 12, 31), 15, None),                             # 持续推进
])
def test_deadline_alert_windows(due_on, today, lead, expected):
    assert deadline_alert(due_on=due_on, today=today, lead_days=lead, is_open=True) == expected


def test_finished_items_raise_nothing():
    assert deadline_alert(due_on=date(2023, 8, 31), today=date(2023, 9, 5), lead_days=15, is_open=False) is None


def test_horizon_is_the_last_deadline_reminded():
    assert domain.reminder_horizon(date(2023, 2, 13), 15) == date(2023, 2, 28)


@pytest.mark.parametrize("day, year, number, start, end, label", [
    (date(2023, 1, 1), 2023, 1, date(2023, 1, 1), date(2023, 3, 31), "2023年第一季度"),
    (date(2023, 3, 31), 2023, 1, date(2023, 1, 1), date(2023, 3, 31), "2023年第一季度"),
    (date(2023, 4, 1), 2023, 2, date(2023, 4, 1), date(2023, 6, 30), "2023年第二季度"),
    (date(2023, 9, 30), 2023, 3, date(2023, 7, 1), date(2023, 9, 30), "2023年第三季度"),
    (date(2024, 12, 31), 2024, 4, date(2024, 10, 1), date(2024, 12, 31), "2024年第四季度"),
])
def test_quarters(day, year, number, start, end, label):
    quarter = quarter_of(day)
    assert (quarter.year, quarter.number, quarter.start, quarter.end, quarter.label) == (year, number, start, end,
                                                                                          label)


def test_quarter_as_of_and_neighbours():
    q3 = Quarter(2023, 3)
    assert q3.as_of(date(2023, 8, 15)) == date(2023, 8, 15) and not q3.is_closed(date(2023, 9, 30))
    assert q3.as_of(date(2024, 1, 5)) == date(2023, 9, 30) and q3.is_closed(date(2023, 10, 1))
    assert q3.as_of(date(2023, 5, 1)) == date(2023, 7, 1)
    assert (Quarter(2023, 1).previous, Quarter(2023, 4).next) == (Quarter(2022, 4), Quarter(2024, 1))
    with pytest.raises(ValueError):
        Quarter(2023, 5)


def test_reforms_belong_to_measures_32_and_33_of_the_real_plan():
    titles = {m.number: m.title for m in domain.parse_plan(real_plan_text()).measures}
    assert reform_measure_number(domain.ReformKind.PRACTICE, titles) == 32
    assert reform_measure_number(domain.ReformKind.PILOT, titles) == 33
    assert reform_measure_number(domain.ReformKind.PILOT, {1: "推进网上立案"}) is None


def test_short_titles():
    assert domain.short_title("优化涉市场主体案件办理机制，涉企速裁案件调撤率达到60%") == "优化涉市场主体案件办理机制，涉企速裁案件调撤率达到60%"
    assert domain.short_title("一二三四五六七八九十", 4) == "一二三四…"
