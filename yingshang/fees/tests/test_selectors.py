"""Reads: a constant number of queries whatever the number of rows (no N+1), and scoping."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingshang.fees import selectors, services
from yingshang.fees.tests.factories import Y, closed_judgment_case, finance_user
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def judged(n_prepayments: int = 1):
    case, plaintiff, defendant = closed_judgment_case(date(2024, 9, 30), claim_yuan=100_000)
    charge = services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                        amount_fen=100_000 * Y, actor=case.judge)
    finance = finance_user()
    for _ in range(n_prepayments):
        services.fee_prepayment_record(charge_id=charge.pk, amount_fen=charge.fee_fen // n_prepayments,
                                       received_on=date(2024, 1, 3), actor=finance)
    services.fee_allocation_record(case_id=case.pk, manner="judgment", awarded_fen=60_000 * Y, actor=case.judge)
    return case


def ledger_queries(case) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        ledger = selectors.case_fee_ledger(case=case)
        for entry in ledger.entries:
            str(entry.case_party.party), str(entry.recorded_by)
        for share in ledger.shares:
            str(share.case_party.party)
        for order in ledger.refunds:
            str(order.case_party.party)
    return len(ctx.captured_queries), ledger.totals


def test_case_ledger_query_count_does_not_grow_with_rows():
    few, totals = ledger_queries(judged(1))
    many, _ = ledger_queries(judged(4))
    assert few == many == 6
    assert totals == {"charged_fen": 230_000, "prepaid_fen": 230_000, "outstanding_prepayment_fen": 0,
                      "receivable_fen": 138_000, "received_fen": 0, "owing_fen": 138_000,
                      "refund_ordered_fen": 138_000, "refunded_fen": 0, "refund_pending_fen": 138_000,
                      "pending_reliefs": 0}


def test_refund_list_is_one_query_for_any_number_of_rows():
    for _ in range(3):
        judged()
    finance = finance_user()
    with CaptureQueriesContext(connection) as ctx:
        rows = [(o.case.case_number, o.case_party.party.name, str(o.paid_by))
                for o in selectors.refund_order_list(user=finance, today=date(2024, 10, 9))]
    assert len(rows) == 3 and len(ctx.captured_queries) == 1


def test_refund_list_is_scoped_to_the_users_cases():
    judged()
    assert selectors.refund_order_list(user=UserFactory(role="party"), today=date(2024, 10, 9)).count() == 0
    assert selectors.refund_timeliness(user=UserFactory(role="party")) == \
        {"paid": 0, "on_time": 0, "on_time_rate": None, "paid_fen": 0}
