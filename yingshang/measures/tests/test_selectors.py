"""The board's reads: a constant number of queries, live indicator values through the configured provider."""

from datetime import date
from decimal import Decimal

import pytest

from yingshang.measures import selectors
from yingshang.measures.tests.factories import import_real_plan, staff
from yingshang.org.choices import DepartmentKind

pytestmark = pytest.mark.django_db
SEEN: list = []


def fake_indicator(code: str, today: date):
    """A stand-in for the indicators app: one known code, the rest without data."""
    SEEN.append(code)
    if code == "electronic_service_rate":
        return {"value": Decimal("72.5"), "unit": "percent", "as_of": today}
    return None


def test_board_is_four_queries_whatever_the_number_of_measures(django_assert_num_queries):
    plan = import_real_plan()
    user = staff(DepartmentKind.CIVIL)
    user.department  # loaded once, as the request's user would be
    with django_assert_num_queries(4):
        rows = selectors.measure_board(user=user, plan=plan, today=date(2023, 9, 1))
    assert len(rows) == 35


def test_targets_show_live_values_from_the_provider_and_no_data_otherwise(settings):
    settings.MEASURES_INDICATOR_VALUE_PROVIDER = "yingshang.measures.tests.test_selectors.fake_indicator"
    SEEN.clear()
    plan = import_real_plan()
    rows = selectors.measure_board(user=staff(DepartmentKind.CIVIL), plan=plan, today=date(2023, 9, 1))
    twenty_second = rows[21]
    assert [(t.target.metric, t.live_label) for t in twenty_second.targets] == [
        ("在线服务平台综合利用率", "暂无数据"), ("电子送达率", "72.5%")]
    assert len(SEEN) == len(set(SEEN)) == 9  # each mapped code asked once per board


def test_without_a_provider_every_target_says_no_data():
    plan = import_real_plan()
    rows = selectors.measure_board(user=staff(DepartmentKind.CIVIL), plan=plan, today=date(2023, 9, 1))
    labels = {t.live_label for row in rows for t in row.targets}
    assert labels == {"暂无数据"}


def test_board_counts_list_every_status_and_light():
    plan = import_real_plan()
    rows = selectors.measure_board(user=staff(DepartmentKind.CIVIL), plan=plan, today=date(2023, 1, 2))
    counts = selectors.board_counts(rows)
    assert counts == {"statuses": {"not_started": 15, "in_progress": 0, "completed": 0, "overdue": 0, "ongoing": 20},
                      "lights": {"green": 35, "amber": 0, "red": 0, "grey": 0}, "total": 35}
