from datetime import date

import pytest
import time_machine

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import ClosingManner, PartyRole
from yingshang.cases.models import Case
from yingshang.core.errors import DomainError
from yingshang.enforcement import selectors, services
from yingshang.enforcement.choices import NodeKind, PayoutStatus
from yingshang.enforcement.models import EnforcementCase, LedgerPosting, LedgerTransaction, Node, PartyMessage, Payout
from yingshang.enforcement.tests.conftest import creditor_of
from yingshang.notifications.models import Message
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_opening_gives_one_account_per_case_and_tells_the_creditor(ecase, opened):
    assert opened.account_number == f"2826{ecase.year}1{ecase.sequence:06d}"
    assert list(Node.objects.values_list("kind", flat=True)) == [NodeKind.REGISTERED]
    message = Message.objects.get(template_code="enforcement.case_registered")
    assert message.recipient_party == creditor_of(ecase)
    assert ecase.case_number in message.body
    with pytest.raises(DomainError) as refused:
        services.enforcement_open(case_id=ecase.pk, amount_applied_fen=1, actor=ecase.judge)
    assert refused.value.code == "ENFORCEMENT_ALREADY_OPEN"


def test_money_in_and_out_keeps_the_books_balanced(ecase, opened, officer, head):
    services.receipt_record(case_id=ecase.pk, amount_fen=60_000, source="online", received_on=date(2024, 5, 6),
                            actor=officer)
    payout = services.payout_request(case_id=ecase.pk, creditor_id=creditor_of(ecase).pk, amount_fen=50_000,
                                     actor=officer)
    services.payout_decide(payout_id=payout.pk, approve=True, actor=head)
    services.outflow_record(case_id=ecase.pk, kind="fee_deduction", amount_fen=2_000, actor=officer)
    enforcement = EnforcementCase.objects.get(pk=opened.pk)
    assert (enforcement.received_fen, enforcement.paid_out_fen, enforcement.balance_fen) == (60_000, 50_000, 8_000)
    assert LedgerTransaction.objects.count() == 3 and LedgerPosting.objects.count() == 6
    recon = selectors.reconciliation(day=date(2024, 5, 6))
    assert recon["receipts_fen"] == 60_000
    assert recon["unbalanced_transactions"] == 0 and recon["balances_match_postings"] is True
    assert Payout.objects.get().status == PayoutStatus.PAID
    assert Message.objects.filter(template_code="enforcement.money_paid_out",
                                  recipient_party=creditor_of(ecase)).exists()


def test_maker_cannot_check_and_non_leaders_cannot_approve(ecase, opened, officer):
    services.receipt_record(case_id=ecase.pk, amount_fen=10_000, source="bank_transfer",
                            received_on=date(2024, 5, 6), actor=officer)
    payout = services.payout_request(case_id=ecase.pk, creditor_id=creditor_of(ecase).pk, amount_fen=10_000,
                                     actor=officer)
    for actor, code in ((officer, "ENFORCEMENT_APPROVER_REQUIRED"),):
        with pytest.raises(DomainError) as refused:
            services.payout_decide(payout_id=payout.pk, approve=True, actor=actor)
        assert refused.value.code == code
    head_maker = UserFactory(role=Role.DIVISION_HEAD, department=ecase.department, court=ecase.court)
    own = services.payout_request(case_id=ecase.pk, creditor_id=creditor_of(ecase).pk, amount_fen=5_000,
                                  actor=head_maker)
    with pytest.raises(DomainError) as refused:
        services.payout_decide(payout_id=own.pk, approve=True, actor=head_maker)
    assert refused.value.code == "ENFORCEMENT_MAKER_CANNOT_CHECK"
    assert EnforcementCase.objects.get().balance_fen == 10_000
    assert Payout.objects.filter(status=PayoutStatus.PAID).count() == 0


def test_overspending_is_refused_at_approval_and_writes_nothing(ecase, opened, officer, head):
    services.receipt_record(case_id=ecase.pk, amount_fen=10_000, source="online", received_on=date(2024, 5, 6),
                            actor=officer)
    first = services.payout_request(case_id=ecase.pk, creditor_id=creditor_of(ecase).pk, amount_fen=8_000,
                                    actor=officer)
    second = services.payout_request(case_id=ecase.pk, creditor_id=creditor_of(ecase).pk, amount_fen=8_000,
                                     actor=officer)
    services.payout_decide(payout_id=first.pk, approve=True, actor=head)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        services.payout_decide(payout_id=second.pk, approve=True, actor=head)
    assert refused.value.code == "ENFORCEMENT_INSUFFICIENT_BALANCE"
    assert Payout.objects.get(pk=second.pk).status == PayoutStatus.PENDING
    assert EnforcementCase.objects.get().balance_fen == 2_000
    assert AuditEvent.objects.count() == audit_before
    assert LedgerTransaction.objects.count() == 2


def test_cash_needs_a_second_officer(ecase, opened, officer, head):
    with pytest.raises(DomainError) as refused:
        services.receipt_record(case_id=ecase.pk, amount_fen=1_000, source="cash", received_on=date(2024, 5, 6),
                                actor=officer)
    assert refused.value.code == "ENFORCEMENT_CASH_NEEDS_TWO_OFFICERS"
    assert not LedgerTransaction.objects.exists()
    tx = services.receipt_record(case_id=ecase.pk, amount_fen=1_000, source="cash", received_on=date(2024, 5, 6),
                                 second_officer_id=head.pk, actor=officer)
    assert tx.second_officer == head


def test_round_closure_refused_without_its_conditions_then_allowed(ecase, opened, officer):
    with time_machine.travel(date(2024, 7, 1), tick=False):
        with pytest.raises(DomainError) as refused:
            services.round_close(case_id=ecase.pk, actor=officer)
        assert refused.value.code == "ENFORCEMENT_ROUND_CLOSURE_CONDITIONS"
        assert Case.objects.get(pk=ecase.pk).is_open
        assert not Node.objects.filter(kind=NodeKind.ROUND_CLOSURE).exists()
        for kind in (NodeKind.NOTICE_SERVED, NodeKind.PROPERTY_REPORT_ORDERED, NodeKind.ASSET_SEARCH,
                     NodeKind.CONSUMPTION_RESTRICTION, NodeKind.CREDITOR_INTERVIEW):
            services.node_record(case_id=ecase.pk, kind=kind, occurred_on=date(2024, 4, 1), actor=officer)
        services.round_close(case_id=ecase.pk, actor=officer)
    case = Case.objects.get(pk=ecase.pk)
    assert (case.status, case.closing_manner, case.closed_on) == ("closed", ClosingManner.ROUND_CLOSURE,
                                                                   date(2024, 7, 1))
    assert Message.objects.filter(template_code="enforcement.round_closed").count() == 1
    assert Message.objects.filter(template_code="enforcement.asset_search_done").count() == 1


def test_fully_enforced_needs_the_whole_amount_paid(ecase, opened, officer, head):
    with pytest.raises(DomainError) as refused:
        services.fully_enforced_close(case_id=ecase.pk, actor=officer)
    assert refused.value.code == "ENFORCEMENT_NOT_FULLY_ENFORCED"
    services.receipt_record(case_id=ecase.pk, amount_fen=100_000, source="online", received_on=date(2024, 5, 6),
                            actor=officer)
    payout = services.payout_request(case_id=ecase.pk, creditor_id=creditor_of(ecase).pk, amount_fen=100_000,
                                     actor=officer)
    services.payout_decide(payout_id=payout.pk, approve=True, actor=head)
    services.fully_enforced_close(case_id=ecase.pk, actor=officer)
    assert Case.objects.get(pk=ecase.pk).closing_manner == ClosingManner.FULLY_ENFORCED


def test_seal_on_an_enterprise_case_passes_the_assessment_gate(ecase, opened, officer):
    Case.objects.filter(pk=ecase.pk).update(is_enterprise_involved=True)
    with pytest.raises(DomainError) as refused:
        services.node_record(case_id=ecase.pk, kind=NodeKind.SEAL, occurred_on=date(2024, 4, 1), actor=officer)
    assert refused.value.code == "ASSESSMENT_REQUIRED"
    assert not Node.objects.filter(kind=NodeKind.SEAL).exists()
    assert not Message.objects.filter(template_code="enforcement.property_sealed").exists()
    from yingshang.assessments.services import assessment_mark_not_applicable
    assessment_mark_not_applicable(case_id=ecase.pk, stage="enforcement", reason="查封的是闲置土地，不影响经营",
                                   actor=officer)
    services.node_record(case_id=ecase.pk, kind=NodeKind.SEAL, occurred_on=date(2024, 4, 1), actor=officer)
    assert "查封" in Message.objects.get(template_code="enforcement.property_sealed").body


def test_message_reply_is_due_in_three_working_days_across_national_day(ecase, opened, officer, head):
    party_user = UserFactory(role=Role.PARTY)
    creditor_of(ecase).users.add(party_user)
    with time_machine.travel(date(2024, 9, 27), tick=False):  # Friday; Sunday 9-29 is a 调休 working day
        message = services.message_post(case_id=ecase.pk, kind="clue", body="被执行人在高乐山镇有一处门面", actor=party_user)
    assert message.due_on == date(2024, 10, 8)  # 9-29, 9-30, then the holiday until 10-7, then 10-8
    assert services.messages_scan(today=date(2024, 10, 8)) == {"officer_alerted": 1, "head_alerted": 0}
    assert services.messages_scan(today=date(2024, 10, 8)) == {"officer_alerted": 0, "head_alerted": 0}
    assert services.messages_scan(today=date(2024, 10, 9)) == {"officer_alerted": 0, "head_alerted": 1}
    assert Message.objects.filter(template_code="enforcement.message_reply_overdue", recipient_user=head).count() == 1
    services.message_reply(message_id=message.pk, reply="已安排核查", actor=officer)
    with pytest.raises(DomainError):
        services.message_reply(message_id=message.pk, reply="again", actor=officer)
    assert PartyMessage.objects.get().replied_by == officer


def test_other_parties_cannot_see_or_post(ecase, opened):
    stranger = UserFactory(role=Role.PARTY)
    with pytest.raises(DomainError) as hidden:
        services.message_post(case_id=ecase.pk, kind="message", body="?", actor=stranger)
    assert hidden.value.status == 404
    assert not PartyMessage.objects.exists()


def test_indicator_data_on_a_hand_built_set(ecase, opened, officer, head):
    services.receipt_record(case_id=ecase.pk, amount_fen=100_000, source="online", received_on=date(2024, 5, 6),
                            actor=officer)
    payout = services.payout_request(case_id=ecase.pk, creditor_id=creditor_of(ecase).pk, amount_fen=100_000,
                                     actor=officer)
    services.payout_decide(payout_id=payout.pk, approve=True, actor=head)
    with time_machine.travel(date(2024, 6, 10), tick=False):
        services.fully_enforced_close(case_id=ecase.pk, actor=officer)
    data = selectors.indicator_data(date_from=date(2024, 6, 1), date_to=date(2024, 6, 30))
    assert data["closed_cases"] == 1 and data["fully_enforced_cases"] == 1
    assert (data["applied_fen"], data["delivered_fen"]) == (100_000, 100_000)
    assert data["average_days_to_full_enforcement"] == 101.0  # 2024-03-01 → 2024-06-10


def test_payouts_due_follow_fifo_and_deferrals(ecase, opened, officer, head):
    services.receipt_record(case_id=ecase.pk, amount_fen=1_000, source="online", received_on=date(2024, 5, 1),
                            actor=officer)
    due = selectors.payouts_due(user=officer, today=date(2024, 6, 1))
    assert [(d.oldest_unpaid_on, d.due_on, d.is_overdue) for d in due] == [(date(2024, 5, 1), date(2024, 5, 31),
                                                                             True)]
    with time_machine.travel(date(2024, 6, 1), tick=False):
        deferral = services.deferral_request(case_id=ecase.pk, reason="frozen_in_other_case", explanation="另案冻结",
                                             deferred_until=date(2024, 7, 1), actor=officer)
        services.deferral_decide(deferral_id=deferral.pk, approve=True, actor=head)
    assert selectors.payouts_due(user=officer, today=date(2024, 6, 2))[0].is_overdue is False


def test_money_shared_pro_rata_among_creditors(ecase, opened, officer, head):
    from yingshang.cases.tests.factories import CasePartyFactory, PersonFactory

    first = creditor_of(ecase)
    second = PersonFactory(name="申请人丙")
    CasePartyFactory(case=ecase, party=second, role="creditor")
    services.receipt_record(case_id=ecase.pk, amount_fen=30_000, source="online", received_on=date(2024, 5, 6),
                            actor=officer)
    with pytest.raises(DomainError) as refused:
        services.payout_allocate(case_id=ecase.pk, amount_fen=30_000, actor=officer)
    assert refused.value.code == "ENFORCEMENT_CLAIMS_MISSING"
    services.creditor_claim_set(case_id=ecase.pk, creditor_id=first.pk, amount_fen=60_000, actor=officer)
    services.creditor_claim_set(case_id=ecase.pk, creditor_id=second.pk, amount_fen=40_000, actor=officer)
    payouts = services.payout_allocate(case_id=ecase.pk, amount_fen=30_000, actor=officer)
    assert sorted((p.creditor.name, p.amount_fen) for p in payouts) == [("申请人丙", 12_000), ("申请人甲", 18_000)]


def test_money_scan_alerts_overdue_payouts_and_missed_instalments_once(ecase, opened, officer, head):
    services.receipt_record(case_id=ecase.pk, amount_fen=1_000, source="online", received_on=date(2024, 5, 1),
                            actor=officer)
    with time_machine.travel(date(2024, 5, 2), tick=False):
        services.instalment_plan_create(case_id=ecase.pk, agreed_on=date(2024, 5, 2), actor=officer,
                                        schedule=[services.domain.Instalment(date(2024, 5, 20), 5_000)])
    assert services.money_scan(today=date(2024, 5, 31)) == {"payouts_overdue": 0, "instalments_missed": 1}
    assert services.money_scan(today=date(2024, 6, 1)) == {"payouts_overdue": 1, "instalments_missed": 1}
    services.money_scan(today=date(2024, 6, 1))
    assert Message.objects.filter(template_code="enforcement.payout_overdue").count() == 2  # officer and head
    assert Message.objects.filter(template_code="enforcement.instalment_missed").count() == 1
