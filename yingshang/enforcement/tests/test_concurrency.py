"""Concurrent payouts cannot spend the same money twice (PostgreSQL: real row locks between threads)."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from yingshang.core.errors import DomainError
from yingshang.enforcement import services
from yingshang.enforcement.choices import PayoutStatus
from yingshang.enforcement.models import EnforcementCase, LedgerPosting, Payout
from yingshang.enforcement.tests.conftest import creditor_of
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_threads_approving_payouts_never_overdraw(ecase, officer, head):
    if connection.vendor != "postgresql":
        pytest.skip("row-level locking between threads is exercised on PostgreSQL")
    services.enforcement_open(case_id=ecase.pk, amount_applied_fen=100_000, actor=officer)
    services.receipt_record(case_id=ecase.pk, amount_fen=10_000, source="online", received_on=date(2024, 5, 6),
                            actor=officer)
    creditor = creditor_of(ecase)
    payouts = [services.payout_request(case_id=ecase.pk, creditor_id=creditor.pk, amount_fen=3_000, actor=officer)
               for _ in range(10)]
    approvers = [head] + [UserFactory(role=Role.DIVISION_HEAD, department=ecase.department, court=ecase.court)
                          for _ in range(3)]
    outcomes, barrier = [], threading.Barrier(len(payouts))

    def approve(payout, approver):
        try:
            barrier.wait()
            services.payout_decide(payout_id=payout.pk, approve=True, actor=approver)
            outcomes.append("paid")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(p, approvers[i % len(approvers)]))
               for i, p in enumerate(payouts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ENFORCEMENT_INSUFFICIENT_BALANCE"] * 7 + ["paid"] * 3
    enforcement = EnforcementCase.objects.get(case=ecase)
    assert (enforcement.balance_fen, enforcement.paid_out_fen) == (1_000, 9_000)
    assert Payout.objects.filter(status=PayoutStatus.PAID).count() == 3
    case_sum = sum(LedgerPosting.objects.filter(account="case").values_list("amount_fen", flat=True))
    assert -case_sum == 1_000
