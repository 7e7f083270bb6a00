from datetime import date

import pytest

from yingshang.core.errors import DomainError
from yingshang.enforcement import domain
from yingshang.enforcement.choices import NodeKind


def test_every_transaction_balances():
    for kind in ("receipt", "payout", "refund", "fee_deduction"):
        assert sum(amount for _, amount in domain.postings_for(kind, 12_345)) == 0
    assert domain.postings_for("receipt", 500) == [("bank", 500), ("case", -500)]
    assert domain.postings_for("payout", 500) == [("case", 500), ("paid_out", -500)]


def test_outflow_never_overdraws():
    assert domain.check_outflow(balance_fen=10_000, amount_fen=10_000) == 0
    with pytest.raises(DomainError) as refused:
        domain.check_outflow(balance_fen=10_000, amount_fen=10_001)
    assert refused.value.code == "ENFORCEMENT_INSUFFICIENT_BALANCE"
    with pytest.raises(DomainError):
        domain.check_outflow(balance_fen=10_000, amount_fen=0)


def test_pro_rata_allocation_in_whole_fen():
    # 100.00 yuan among claims of 1, 1 and 1 yuan-thirds: largest remainder, ties to the lower key
    assert domain.allocate_pro_rata(10_000, {1: 30_000, 2: 30_000, 3: 30_000}) == {1: 3_334, 2: 3_333, 3: 3_333}
    assert domain.allocate_pro_rata(10_000, {1: 60_000, 2: 20_000}) == {1: 7_500, 2: 2_500}
    assert domain.allocate_pro_rata(90_000, {1: 60_000, 2: 20_000}) == {1: 60_000, 2: 20_000}
    assert sum(domain.allocate_pro_rata(99_999, {1: 12_345, 2: 67_890, 3: 33_333}).values()) == 99_999


def test_round_closure_lists_every_unmet_condition():
    facts = domain.ClosureFacts(nodes=frozenset({NodeKind.NOTICE_SERVED, NodeKind.ASSET_SEARCH}),
                                filed_on=date(2024, 3, 31), today=date(2024, 6, 30))
    with pytest.raises(DomainError) as refused:
        domain.check_round_closure(facts)
    assert refused.value.detail["missing"] == [
        "已责令被执行人报告财产", "已发出限制消费令", "已约谈申请执行人", "自立案之日起已超过3个月（2024年06月30日之后）"]


def test_round_closure_allowed_the_day_after_three_months():
    nodes = frozenset(kind for kind, _ in domain.ROUND_CLOSURE_REQUIRED_NODES)
    domain.check_round_closure(domain.ClosureFacts(nodes=nodes, filed_on=date(2024, 3, 31), today=date(2024, 7, 1)))
    with pytest.raises(DomainError):
        domain.check_round_closure(domain.ClosureFacts(nodes=nodes, filed_on=date(2024, 3, 31),
                                                       today=date(2024, 6, 30)))


def test_fifo_oldest_unpaid_money():
    receipts = [(date(2024, 5, 1), 1_000), (date(2024, 5, 10), 2_000)]
    assert domain.oldest_unpaid_arrival(receipts, 0) == date(2024, 5, 1)
    assert domain.oldest_unpaid_arrival(receipts, 1_000) == date(2024, 5, 10)
    assert domain.oldest_unpaid_arrival(receipts, 3_000) is None
    assert domain.payout_due_on(date(2024, 5, 10), 30) == date(2024, 6, 9)


def test_instalment_schedule_rules():
    start = date(2024, 1, 10)
    good = [domain.Instalment(date(2024, 2, 1), 500), domain.Instalment(date(2024, 3, 1), 500)]
    assert domain.check_instalment_schedule(good, 1_000, start) == good
    with pytest.raises(DomainError):
        domain.check_instalment_schedule(good, 999, start)
    with pytest.raises(DomainError):
        domain.check_instalment_schedule(list(reversed(good)), 1_000, start)
    with pytest.raises(DomainError):
        domain.check_instalment_schedule([domain.Instalment(date(2024, 1, 1), 1_000)], 1_000, start)
