"""yingshang.core: the clock, money (fen ↔ yuan), pagination, errors, schema helpers, navigation."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings
from pydantic_core import PydanticCustomError

from yingshang.core import context_processors
from yingshang.core.clock import court_now, court_today
from yingshang.core.errors import CoreError, DomainError, NotFound, PermissionDenied
from yingshang.core.money import fen_to_yuan, round_fen, yuan_to_fen
from yingshang.core.pagination import PageRequest, paginate
from yingshang.core.schemas import check_yuan, yuan_or_zero_fen

# --- Clock ------------------------------------------------------------------------------------------


def test_today_is_the_date_in_beijing_not_utc(time_machine):
    time_machine.move_to("2024-03-14T16:30:00+00:00", tick=False)  # 00:30 on 15 March in Beijing
    assert court_today() == date(2024, 3, 15)
    assert court_now().utcoffset().total_seconds() == 8 * 3600
    time_machine.move_to("2024-03-14T15:59:59+00:00", tick=False)
    assert court_today() == date(2024, 3, 14)


# --- Money --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, fen", [
    ("0", 0), ("0.01", 1), ("0.1", 10), ("1", 100), ("12.5", 1250), (" 12.50 ", 1250), ("123456.78", 12_345_678),
    (Decimal("2769.14"), 276_914), (7, 700), ("1000000000000", 100_000_000_000_000), ("1e2", 10_000),
])
def test_yuan_to_fen(value, fen):
    assert yuan_to_fen(value) == fen


@pytest.mark.parametrize("value, code, message", [
    ("-0.01", CoreError.AMOUNT_NEGATIVE, "金额不能为负数"),
    ("-1", CoreError.AMOUNT_NEGATIVE, "金额不能为负数"),
    ("1.005", CoreError.AMOUNT_TOO_PRECISE, "金额最多保留两位小数"),
    ("0.001", CoreError.AMOUNT_TOO_PRECISE, "金额最多保留两位小数"),
    ("1.500", CoreError.AMOUNT_TOO_PRECISE, "金额最多保留两位小数"),
    ("abc", CoreError.AMOUNT_INVALID, "金额格式不正确，应为元，最多两位小数"),
    ("", CoreError.AMOUNT_INVALID, "金额格式不正确，应为元，最多两位小数"),
    ("12,000", CoreError.AMOUNT_INVALID, "金额格式不正确，应为元，最多两位小数"),
    ("NaN", CoreError.AMOUNT_INVALID, "金额格式不正确，应为元，最多两位小数"),
    ("Infinity", CoreError.AMOUNT_INVALID, "金额格式不正确，应为元，最多两位小数"),
    ("1000000000000.01", CoreError.AMOUNT_TOO_LARGE, "金额超出允许范围"),
])
def test_yuan_to_fen_refusals(value, code, message):
    with pytest.raises(DomainError) as refused:
        yuan_to_fen(value)
    assert (refused.value.code, refused.value.message, refused.value.status) == (code, message, 400)


@pytest.mark.parametrize("fen, yuan", [(0, "0.00"), (5, "0.05"), (50, "0.50"), (276_914, "2769.14"),
                                       (100_000_000_000_000, "1000000000000.00"), (-150, "-1.50")])
def test_fen_to_yuan(fen, yuan):
    assert fen_to_yuan(fen) == yuan


def test_round_trip_through_yuan():
    for fen in (0, 1, 99, 100, 12_345_678, 10**14):
        assert yuan_to_fen(fen_to_yuan(fen)) == fen


def test_round_fen_is_half_up():
    assert [round_fen(Decimal(v)) for v in ("0.5", "1.5", "2.5", "2.4999", "-0.5")] == [1, 2, 3, 2, -1]


def test_schema_helpers():
    assert check_yuan("12.50") == "12.50"
    assert check_yuan(None) is None and check_yuan("") == ""
    with pytest.raises(PydanticCustomError) as refused:
        check_yuan("-1")
    assert (refused.value.type, refused.value.message()) == ("AMOUNT_NEGATIVE", "金额不能为负数")
    assert yuan_or_zero_fen(None) == 0 and yuan_or_zero_fen("") == 0 and yuan_or_zero_fen("0.07") == 7


# --- Pagination -----------------------------------------------------------------------------------------

@override_settings(PAGE_SIZE_DEFAULT=20, PAGE_SIZE_MAX=200)
@pytest.mark.parametrize("page, size, expected", [
    (None, None, (1, 20)), ("3", "10", (3, 10)), (0, 0, (1, 1)), (-2, -5, (1, 1)), ("abc", "x", (1, 20)),
    (2, 10_000, (2, 200)), ("", "", (1, 20)),
])
def test_page_request_clamps(page, size, expected):
    request = PageRequest.of(page, size)
    assert (request.page, request.page_size) == expected


@pytest.mark.django_db
def test_paginate_returns_items_and_total():
    from yingshang.cases.models import CauseOfAction

    qs = CauseOfAction.objects.filter(revision=2020, level=1).order_by("sort_order")
    names = list(qs.values_list("name", flat=True))
    items, count = paginate(qs, PageRequest(page=2, page_size=4))
    assert count == 11 and [i.name for i in items] == names[4:8]
    items, count = paginate(qs, PageRequest(page=3, page_size=4))
    assert count == 11 and [i.name for i in items] == names[8:]
    assert paginate(qs, PageRequest(page=9, page_size=4)) == ([], 11)


# --- Errors ---------------------------------------------------------------------------------------------

def test_errors_carry_code_message_detail_and_status():
    error = DomainError(CoreError.DATE_INVALID, "日期不正确", {"value": "2023-02-30"})
    assert (error.code, error.message, error.detail, error.status, str(error)) == \
        ("DATE_INVALID", "日期不正确", {"value": "2023-02-30"}, 400, "日期不正确")
    assert DomainError("X", "冲突", status=409).detail == {}
    assert (NotFound().code, NotFound().status, NotFound().message) == ("NOT_FOUND", 404, "未找到该记录，或您无权查看")
    denied = PermissionDenied("CASE_WRITE_DENIED", "您无权变更该案件")
    assert (denied.code, denied.status, isinstance(denied, DomainError)) == ("CASE_WRITE_DENIED", 403, True)


# --- Navigation ----------------------------------------------------------------------------------------

def _nav(user) -> list[str]:
    request = RequestFactory().get("/cases/")
    request.user = user
    return [item["label"] for item in context_processors.navigation(request)["nav_items"]]


@pytest.mark.django_db
def test_navigation_by_role():
    from yingshang.org.choices import Role
    from yingshang.org.tests.factories import UserFactory

    assert _nav(AnonymousUser()) == []
    judge_items = _nav(UserFactory(role=Role.JUDGE))
    party_items = _nav(UserFactory(role=Role.PARTY))
    assert judge_items[0] == "案件查询" and party_items[0] == "案件查询"
    request = RequestFactory().get("/cases/")
    request.user = UserFactory(role=Role.PARTY)
    first = context_processors.navigation(request)["nav_items"][0]
    assert first == {"url": "/cases/", "label": "案件查询", "active": True}


def test_visibility_rules():
    from types import SimpleNamespace

    from yingshang.org.choices import Role

    judge = SimpleNamespace(is_superuser=False, role=Role.JUDGE)
    party = SimpleNamespace(is_superuser=False, role=Role.PARTY)
    president = SimpleNamespace(is_superuser=False, role=Role.PRESIDENT)
    admin = SimpleNamespace(is_superuser=True, role=Role.PARTY)
    visible = context_processors._visible
    assert visible(set(), party)
    assert visible({context_processors.STAFF}, judge) and not visible({context_processors.STAFF}, party)
    assert visible({context_processors.OUTSIDE}, party) and not visible({context_processors.OUTSIDE}, judge)
    assert visible({Role.PRESIDENT}, president) and not visible({Role.PRESIDENT}, judge)
    # a superuser sees the items of its own role only: pages refuse what the role may not do, so the menu must too
    assert not visible({Role.PRESIDENT}, admin)
    assert visible("yingshang.cases.permissions.can_register_cases", SimpleNamespace(
        is_authenticated=True, is_superuser=True, role=Role.ADMIN_STAFF, is_court_staff=True))
    assert not visible("yingshang.cases.permissions.can_register_cases",
                       SimpleNamespace(is_authenticated=True, is_superuser=False, role=Role.PARTY, is_court_staff=False))


def test_scan_commands_share_the_today_argument():
    import argparse
    from datetime import date

    import pytest

    from yingshang.core.commands import court_date

    assert court_date("2024-10-08") == date(2024, 10, 8)
    with pytest.raises(argparse.ArgumentTypeError, match="YYYY-MM-DD"):
        court_date("2023-02-30")
