"""The fee ledger services: charges, prepayments, sharing at closing, refund on winning, refunds paid, relief."""

from datetime import date

import pytest
import time_machine
from django.test import override_settings

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseEventKind, CaseStatus, ClosingManner, Procedure
from yingshang.cases.models import CaseEvent
from yingshang.cases.services import case_status_change
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.fees import services
from yingshang.fees.choices import EntryKind, RefundKind, RefundStatus, ReliefStatus
from yingshang.fees.errors import FeeError
from yingshang.fees.models import FeeAllocation, FeeCharge, FeeEntry, FeeRelief, FeeShare, RefundOrder
from yingshang.fees.tests.factories import Y, closed_judgment_case, fee_case, finance_user
from yingshang.org.choices import Role
from yingshang.notifications.models import Message
from yingshang.org.choices import DepartmentKind
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory, president

pytestmark = pytest.mark.django_db

SEPT_30_2024 = date(2024, 9, 30)   # Monday before the National Day holiday (10月1日–7日)
OCT_8_2024 = date(2024, 10, 8)     # the first working day after it


def other_division_judge():
    court = CourtFactory()
    return UserFactory(court=court, department=DepartmentFactory(court=court, kind=DepartmentKind.ADMINISTRATIVE))


def fee_audit():
    return AuditEvent.objects.filter(action__startswith="fees.")


def charge_and_prepay(case, plaintiff, *, amount_yuan=1_000_000, prepaid_fen=None, on=date(2024, 3, 15)):
    charge = services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                        amount_fen=amount_yuan * Y, actor=case.judge)
    services.fee_prepayment_record(charge_id=charge.pk, amount_fen=prepaid_fen or charge.fee_fen, received_on=on,
                                   actor=finance_user())
    return charge


# --- Charges and prepayments ----------------------------------------------------------------------------

def test_charge_on_a_simple_case_is_halved_and_audited_with_a_timeline_event():
    case, plaintiff, _ = fee_case(procedure=Procedure.SIMPLE)
    charge = services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                        amount_fen=1_000_000 * Y, actor=case.judge)
    assert (charge.fee_fen, charge.full_fee_fen, charge.procedure, charge.requires_prepayment) == \
        (6_900 * Y, 13_800 * Y, "simple", True)
    assert charge.basis == "《诉讼费用交纳办法》第十三条第（一）项；《诉讼费用交纳办法》第十六条"
    audit = fee_audit().get()
    assert (audit.action, audit.case_id, audit.after["fee_fen"]) == ("fees.charge_created", case.pk, 690_000)
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.description) == (CaseEventKind.NOTE, "开具案件受理费（财产案件） 6900.00 元（预交人：原告张某）")


def test_execution_fee_is_not_prepaid():
    case, plaintiff, _ = fee_case()
    charge = services.fee_charge_create(case_id=case.pk, fee_type="execution", payer_case_party_id=plaintiff.pk,
                                        amount_fen=300_000 * Y, actor=case.judge)
    assert (charge.fee_fen, charge.requires_prepayment) == (4_400 * Y, False)


@pytest.mark.parametrize("who", ["party", "other_judge", "finance"])
def test_charge_refused_for_those_who_cannot_write_the_case_and_nothing_is_written(who):
    case, plaintiff, _ = fee_case()
    actor = {"party": lambda: UserFactory(role=Role.PARTY), "other_judge": other_division_judge,
             "finance": finance_user}[who]()
    with pytest.raises((NotFound, PermissionDenied)):
        services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                   amount_fen=100 * Y, actor=actor)
    assert not FeeCharge.objects.exists() and not fee_audit().exists() and not CaseEvent.objects.exists()


def test_charge_refused_for_a_party_of_another_case_and_for_a_bad_amount():
    case, _, _ = fee_case()
    _, stranger, _ = fee_case()
    with pytest.raises(DomainError) as refused:
        services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=stranger.pk,
                                   amount_fen=100 * Y, actor=case.judge)
    assert refused.value.code == FeeError.PARTY_NOT_IN_CASE
    with pytest.raises(DomainError) as refused:
        services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=case.case_parties.first().pk,
                                   amount_fen=-1, actor=case.judge)
    assert refused.value.code == FeeError.AMOUNT_NEGATIVE
    assert not FeeCharge.objects.exists() and not fee_audit().exists()


def test_prepayment_by_finance_and_overpayment_refused():
    case, plaintiff, _ = fee_case()
    charge = services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                        amount_fen=100_000 * Y, actor=case.judge)
    finance = finance_user()
    services.fee_prepayment_record(charge_id=charge.pk, amount_fen=2_000 * Y, received_on=date(2024, 3, 16),
                                   actor=finance)
    with pytest.raises(DomainError) as refused:
        services.fee_prepayment_record(charge_id=charge.pk, amount_fen=300 * Y + 1, received_on=date(2024, 3, 16),
                                       actor=finance)
    assert (refused.value.code, refused.value.detail["outstanding_fen"]) == (FeeError.OVERPAYMENT, 300 * Y)
    assert FeeEntry.objects.get().amount_fen == 2_000 * Y
    assert list(fee_audit().values_list("action", flat=True)) == ["fees.prepayment_recorded", "fees.charge_created"]


def test_only_finance_records_prepayments():
    case, plaintiff, _ = fee_case()
    charge = services.fee_charge_create(case_id=case.pk, fee_type="acceptance", payer_case_party_id=plaintiff.pk,
                                        amount_fen=100_000 * Y, actor=case.judge)
    with pytest.raises(PermissionDenied) as refused:
        services.fee_prepayment_record(charge_id=charge.pk, amount_fen=100, received_on=date(2024, 3, 16),
                                       actor=case.judge)
    assert refused.value.code == FeeError.FINANCE_ONLY
    assert not FeeEntry.objects.exists() and fee_audit().count() == 1


# --- Sharing and refund on winning -------------------------------------------------------------------------

def test_partial_win_judgment_recorded_before_closing_then_refund_on_judgment_once():
    case, plaintiff, defendant = fee_case(claim_yuan=100_000)
    charge_and_prepay(case, plaintiff, amount_yuan=100_000)
    allocation = services.fee_allocation_record(case_id=case.pk, manner="judgment", awarded_fen=60_000 * Y,
                                                actor=case.judge)
    shares = {s.case_party_id: s for s in allocation.shares.all()}
    assert (shares[plaintiff.pk].borne_fen, shares[plaintiff.pk].refund_fen) == (920 * Y, 1_380 * Y)
    assert (shares[defendant.pk].borne_fen, shares[defendant.pk].receivable_fen) == (1_380 * Y, 1_380 * Y)
    assert not RefundOrder.objects.exists()  # the case is still open
    assert services.refund_on_judgment(case_id=case.pk, actor=case.judge) == []

    with time_machine.travel(date(2024, 9, 30), tick=False):
        # closing through cases.services runs the fees hook: the refund is created in the closing transaction
        case_status_change(case_id=case.pk, status=CaseStatus.CLOSED, closing_manner=ClosingManner.JUDGMENT,
                           actor=case.judge)
        orders = list(RefundOrder.objects.all())
    assert [(o.case_party_id, o.kind, o.amount_fen, o.due_on, o.status) for o in orders] == [
        (plaintiff.pk, RefundKind.WINNING, 1_380 * Y, OCT_8_2024, RefundStatus.PENDING)]
    assert services.refund_on_judgment(case_id=case.pk, actor=case.judge) == []
    assert RefundOrder.objects.count() == 1
    assert fee_audit().filter(action="fees.refund_order_created").count() == 1


def test_sharing_recorded_after_a_judgment_closed_the_case_creates_the_refund_due_one_working_day_later():
    case, plaintiff, _ = closed_judgment_case(SEPT_30_2024, claim_yuan=1_000_000)
    charge_and_prepay(case, plaintiff)
    services.fee_allocation_record(case_id=case.pk, manner="judgment", plaintiff_prevails=True, actor=case.judge)
    order = RefundOrder.objects.get()
    assert (order.amount_fen, order.due_on, order.kind) == (13_800 * Y, OCT_8_2024, RefundKind.WINNING)


def test_refund_due_date_over_a_weekend_and_on_a_weekday():
    case, plaintiff, _ = closed_judgment_case(date(2024, 3, 15))  # Friday
    charge_and_prepay(case, plaintiff)
    services.fee_allocation_record(case_id=case.pk, manner="judgment", plaintiff_prevails=True, actor=case.judge)
    assert RefundOrder.objects.get().due_on == date(2024, 3, 18)


def test_adjusted_working_sunday_counts():
    # 2024-02-09 (Friday, 除夕 eve week): Spring Festival rest 2月10日–17日, 2月18日 (Sunday) is a working day.
    case, plaintiff, _ = closed_judgment_case(date(2024, 2, 9))
    charge_and_prepay(case, plaintiff, on=date(2024, 1, 5))
    services.fee_allocation_record(case_id=case.pk, manner="judgment", plaintiff_prevails=True, actor=case.judge)
    assert RefundOrder.objects.get().due_on == date(2024, 2, 18)


def test_losing_plaintiff_gets_no_refund():
    case, plaintiff, _ = closed_judgment_case(SEPT_30_2024)
    charge_and_prepay(case, plaintiff)
    allocation = services.fee_allocation_record(case_id=case.pk, manner="judgment", plaintiff_prevails=False,
                                                actor=case.judge)
    assert not RefundOrder.objects.exists()
    assert allocation.shares.get(case_party=plaintiff).borne_fen == 13_800 * Y


def test_mediation_halves_and_refunds_the_half_within_fifteen_days():
    closed = date(2024, 5, 6)
    case, plaintiff, _ = fee_case(closed_on=closed, closing_manner=ClosingManner.MEDIATION)
    charge_and_prepay(case, plaintiff)
    allocation = services.fee_allocation_record(case_id=case.pk, manner="mediation", actor=case.judge)
    assert allocation.total_fee_fen == 6_900 * Y
    order = RefundOrder.objects.get()
    assert (order.kind, order.amount_fen, order.due_on) == (RefundKind.HALVING, 6_900 * Y, date(2024, 5, 21))


def test_simple_procedure_mediated_is_halved_once():
    case, plaintiff, _ = fee_case(procedure=Procedure.SIMPLE, closed_on=date(2024, 5, 6),
                                  closing_manner=ClosingManner.MEDIATION)
    charge_and_prepay(case, plaintiff)
    allocation = services.fee_allocation_record(case_id=case.pk, manner="mediation", actor=case.judge)
    assert allocation.total_fee_fen == 6_900 * Y
    assert not RefundOrder.objects.exists()  # 6,900 prepaid, 6,900 borne


def test_court_override_with_reason():
    case, plaintiff, defendant = fee_case(closed_on=date(2024, 5, 6), closing_manner=ClosingManner.MEDIATION)
    charge_and_prepay(case, plaintiff)
    allocation = services.fee_allocation_record(case_id=case.pk, manner="mediation", actor=case.judge,
                                                override={plaintiff.pk: 0, defendant.pk: 6_900 * Y},
                                                reason="调解协议约定由被告负担")
    assert allocation.is_override and allocation.reason == "调解协议约定由被告负担"
    assert RefundOrder.objects.get().amount_fen == 13_800 * Y
    audit = fee_audit().get(action="fees.allocation_recorded")
    assert audit.reason == "调解协议约定由被告负担"


@pytest.mark.parametrize("kwargs, code", [
    (dict(manner="judgment"), FeeError.OUTCOME_REQUIRED),
    (dict(manner="judgment", awarded_fen=2_000_000 * Y), FeeError.AWARD_EXCEEDS_CLAIM),
    (dict(manner="mediation"), FeeError.CASE_NOT_CLOSED),
    (dict(manner="judgment", override={}, reason="x"), FeeError.OVERRIDE_SUM_MISMATCH),
    (dict(manner="settled"), FeeError.MANNER_MISMATCH),
])
def test_allocation_refusals_write_nothing(kwargs, code):
    case, plaintiff, _ = fee_case()
    charge_and_prepay(case, plaintiff)
    before = fee_audit().count()
    with pytest.raises(DomainError) as refused:
        services.fee_allocation_record(case_id=case.pk, actor=case.judge, **kwargs)
    assert refused.value.code == code
    assert not FeeAllocation.objects.exists() and not FeeShare.objects.exists()
    assert fee_audit().count() == before


def test_allocation_is_recorded_once_and_must_match_the_closing():
    case, plaintiff, _ = closed_judgment_case(SEPT_30_2024)
    charge_and_prepay(case, plaintiff)
    with pytest.raises(DomainError) as refused:
        services.fee_allocation_record(case_id=case.pk, manner="mediation", actor=case.judge)
    assert refused.value.code == FeeError.MANNER_MISMATCH
    services.fee_allocation_record(case_id=case.pk, manner="judgment", plaintiff_prevails=True, actor=case.judge)
    with pytest.raises(DomainError) as refused:
        services.fee_allocation_record(case_id=case.pk, manner="judgment", plaintiff_prevails=False, actor=case.judge)
    assert refused.value.code == FeeError.ALLOCATION_EXISTS
    assert FeeAllocation.objects.count() == 1 and RefundOrder.objects.count() == 1


def test_allocation_without_charges_is_refused():
    case, _, _ = fee_case()
    with pytest.raises(DomainError) as refused:
        services.fee_allocation_record(case_id=case.pk, manner="judgment", plaintiff_prevails=True, actor=case.judge)
    assert refused.value.code == FeeError.NO_CHARGES


def test_losing_defendant_pays_what_it_owes():
    case, plaintiff, defendant = closed_judgment_case(SEPT_30_2024, claim_yuan=100_000)
    charge_and_prepay(case, plaintiff, amount_yuan=100_000)
    allocation = services.fee_allocation_record(case_id=case.pk, manner="judgment", awarded_fen=60_000 * Y,
                                                actor=case.judge)
    share = allocation.shares.get(case_party=defendant)
    finance = finance_user()
    with time_machine.travel(date(2024, 10, 10), tick=False):
        with pytest.raises(DomainError) as refused:
            services.fee_payment_record(share_id=share.pk, amount_fen=1_380 * Y + 1, received_on=date(2024, 10, 9),
                                        actor=finance)
        assert refused.value.code == FeeError.OVERPAYMENT
        entry = services.fee_payment_record(share_id=share.pk, amount_fen=1_380 * Y, received_on=date(2024, 10, 9),
                                            actor=finance)
    assert (entry.kind, entry.case_party_id, entry.amount_fen) == (EntryKind.PAYMENT, defendant.pk, 1_380 * Y)


# --- Refund orders paid -------------------------------------------------------------------------------------

def _one_refund():
    case, plaintiff, _ = closed_judgment_case(SEPT_30_2024)
    charge_and_prepay(case, plaintiff)
    services.fee_allocation_record(case_id=case.pk, manner="judgment", plaintiff_prevails=True, actor=case.judge)
    return RefundOrder.objects.get()


def test_finance_marks_a_refund_paid_once():
    order = _one_refund()
    finance = finance_user()
    with time_machine.travel(date(2024, 10, 9), tick=False):
        services.refund_order_mark_paid(refund_id=order.pk, paid_on=OCT_8_2024, actor=finance)
        with pytest.raises(DomainError) as refused:
            services.refund_order_mark_paid(refund_id=order.pk, paid_on=OCT_8_2024, actor=finance)
    assert refused.value.code == FeeError.REFUND_ALREADY_PAID
    order.refresh_from_db()
    assert (order.status, order.paid_on, order.paid_by) == (RefundStatus.PAID, OCT_8_2024, finance)
    entry = FeeEntry.objects.get(kind=EntryKind.REFUND)
    assert (entry.amount_fen, entry.refund_order) == (13_800 * Y, order)
    audit = fee_audit().get(action="fees.refund_order_paid")
    assert audit.after == {"status": "paid", "paid_on": "2024-10-08", "on_time": True}
    notices = Message.objects.filter(template_code="fees.refund_order", recipient_party=order.case_party.party)
    assert list(notices.values_list("channel", flat=True)) == ["sms"]  # no portal account: SMS only
    assert notices.first().body == ("您在" + order.case.case_number + "案件中应退还的诉讼费13800.00元已于2024年10月8日"
                                    "办理退费手续，款项将退至您提供的账户，请注意查收。")


@pytest.mark.parametrize("who", ["judge", "president"])
def test_only_finance_marks_refunds_paid(who):
    order = _one_refund()
    actor = order.case.judge if who == "judge" else president()
    with pytest.raises(PermissionDenied):
        services.refund_order_mark_paid(refund_id=order.pk, paid_on=SEPT_30_2024, actor=actor)
    order.refresh_from_db()
    assert order.status == RefundStatus.PENDING and not FeeEntry.objects.filter(kind=EntryKind.REFUND).exists()
    assert not fee_audit().filter(action="fees.refund_order_paid").exists()
    assert not Message.objects.exists()


def test_refund_paid_date_cannot_be_in_the_future():
    order = _one_refund()
    with time_machine.travel(date(2024, 10, 1), tick=False):
        with pytest.raises(DomainError) as refused:
            services.refund_order_mark_paid(refund_id=order.pk, paid_on=OCT_8_2024, actor=finance_user())
    assert refused.value.code == FeeError.PAID_DATE_IN_FUTURE
    order.refresh_from_db()
    assert order.status == RefundStatus.PENDING


# --- Relief (measure 35) ----------------------------------------------------------------------------------

def test_withdrawal_waiver_on_application_refunds_everything():
    closed = date(2024, 5, 6)
    case, plaintiff, _ = fee_case(closed_on=closed, closing_manner=ClosingManner.WITHDRAWAL)
    charge_and_prepay(case, plaintiff)
    relief = services.fee_relief_apply(case_id=case.pk, case_party_id=plaintiff.pk, kind="waiver", ground="withdrawal",
                                       reason="撤诉，申请免交案件受理费", actor=case.judge)
    services.fee_relief_decide(relief_id=relief.pk, approve=True, actor=case.judge)
    allocation = services.fee_allocation_record(case_id=case.pk, manner="withdrawal", actor=case.judge)
    share = allocation.shares.get(case_party=plaintiff)
    assert (allocation.total_fee_fen, share.borne_fen, share.relieved_fen, share.refund_fen) == \
        (6_900 * Y, 0, 6_900 * Y, 13_800 * Y)
    order = RefundOrder.objects.get()
    assert (order.kind, order.amount_fen) == (RefundKind.WAIVER, 13_800 * Y)
    assert list(fee_audit().filter(action__startswith="fees.relief").values_list("action", flat=True)) == [
        "fees.relief_decided", "fees.relief_applied"]


@override_settings(FEES_WITHDRAWAL_WAIVER_ON_APPLICATION=False)
def test_withdrawal_waiver_disabled_falls_back_to_the_statute_halving():
    case, plaintiff, _ = fee_case(closed_on=date(2024, 5, 6), closing_manner=ClosingManner.WITHDRAWAL)
    charge_and_prepay(case, plaintiff)
    before = fee_audit().count()
    with pytest.raises(DomainError) as refused:
        services.fee_relief_apply(case_id=case.pk, case_party_id=plaintiff.pk, kind="waiver", ground="withdrawal",
                                  reason="撤诉", actor=case.judge)
    assert refused.value.code == FeeError.RELIEF_WITHDRAWAL_WAIVER_DISABLED
    assert not FeeRelief.objects.exists() and fee_audit().count() == before
    services.fee_allocation_record(case_id=case.pk, manner="withdrawal", actor=case.judge)
    assert RefundOrder.objects.get().amount_fen == 6_900 * Y


def test_hardship_waiver_needs_the_president():
    case, plaintiff, defendant = fee_case()
    relief = services.fee_relief_apply(case_id=case.pk, case_party_id=defendant.pk, kind="waiver", ground="hardship",
                                       reason="企业经营困难", actor=case.judge)
    with pytest.raises(PermissionDenied) as refused:
        services.fee_relief_decide(relief_id=relief.pk, approve=True, actor=case.judge)
    assert refused.value.code == FeeError.PRESIDENT_ONLY
    relief.refresh_from_db()
    assert relief.status == ReliefStatus.APPLIED and not fee_audit().filter(action="fees.relief_decided").exists()
    boss = president()
    defendant.party.phone = "13900139000"  # reachable by SMS, so the decision is sent as a notice
    defendant.party.save(update_fields=["phone"])
    services.fee_relief_decide(relief_id=relief.pk, approve=True, actor=boss, reason="院长办公会2024年第3次会议通过")
    relief.refresh_from_db()
    assert (relief.status, relief.decided_by) == (ReliefStatus.APPROVED, boss)
    assert CaseEvent.objects.filter(case=case, description__contains="免交申请：已准许").exists()
    notice = Message.objects.filter(template_code="fees.relief_decided").first()
    assert notice is not None and notice.recipient_party == defendant.party
    assert "免交" in notice.body and "已准许（院长办公会2024年第3次会议通过）" in notice.body


def test_refusal_needs_a_written_reason_and_a_decision_is_final():
    case, plaintiff, defendant = fee_case()
    relief = services.fee_relief_apply(case_id=case.pk, case_party_id=defendant.pk, kind="deferral",
                                       ground="hardship", reason="暂时困难", deferred_until=date(2099, 1, 1),
                                       actor=case.judge)
    boss = president()
    with pytest.raises(DomainError) as refused:
        services.fee_relief_decide(relief_id=relief.pk, approve=False, actor=boss)
    assert refused.value.code == FeeError.RELIEF_REASON_REQUIRED
    services.fee_relief_decide(relief_id=relief.pk, approve=False, actor=boss, reason="不符合缓交条件")
    with pytest.raises(DomainError) as refused:
        services.fee_relief_decide(relief_id=relief.pk, approve=True, actor=boss)
    assert refused.value.code == FeeError.RELIEF_ALREADY_DECIDED


def test_bankruptcy_waiver_only_for_enterprises_and_party_may_apply_for_itself():
    case, plaintiff, defendant = fee_case()
    portal_user = UserFactory(role=Role.PARTY)
    plaintiff.party.users.add(portal_user)
    with pytest.raises(DomainError) as refused:
        services.fee_relief_apply(case_id=case.pk, case_party_id=plaintiff.pk, kind="waiver", ground="bankruptcy",
                                  reason="破产", actor=portal_user)
    assert refused.value.code == FeeError.RELIEF_NOT_ENTERPRISE
    with pytest.raises(PermissionDenied):
        services.fee_relief_apply(case_id=case.pk, case_party_id=defendant.pk, kind="waiver", ground="hardship",
                                  reason="替对方申请", actor=portal_user)
    relief = services.fee_relief_apply(case_id=case.pk, case_party_id=plaintiff.pk, kind="reduction",
                                       ground="hardship", reason="低保户", amount_fen=1, actor=portal_user)
    assert (relief.kind, relief.amount_fen, relief.applied_by) == ("reduction", 1, portal_user)
    assert FeeRelief.objects.count() == 1


def test_reduction_below_thirty_percent_is_refused():
    case, plaintiff, _ = fee_case()
    charge_and_prepay(case, plaintiff)
    with pytest.raises(DomainError) as refused:
        services.fee_relief_apply(case_id=case.pk, case_party_id=plaintiff.pk, kind="reduction", ground="hardship",
                                  reason="困难", amount_fen=4_139 * Y, actor=case.judge)
    assert (refused.value.code, refused.value.detail["minimum_fen"]) == (FeeError.RELIEF_REDUCTION_TOO_SMALL, 4_140 * Y)
    assert not FeeRelief.objects.exists()


def test_pending_relief_blocks_the_sharing():
    case, plaintiff, defendant = closed_judgment_case(SEPT_30_2024)
    charge_and_prepay(case, plaintiff)
    services.fee_relief_apply(case_id=case.pk, case_party_id=defendant.pk, kind="waiver", ground="bankruptcy",
                              reason="已进入破产程序", actor=case.judge)
    with pytest.raises(DomainError) as refused:
        services.fee_allocation_record(case_id=case.pk, manner="judgment", plaintiff_prevails=True, actor=case.judge)
    assert refused.value.code == FeeError.RELIEF_PENDING


def test_approved_bankruptcy_waiver_of_the_losing_enterprise_still_refunds_the_winner():
    case, plaintiff, defendant = closed_judgment_case(SEPT_30_2024)
    charge_and_prepay(case, plaintiff)
    relief = services.fee_relief_apply(case_id=case.pk, case_party_id=defendant.pk, kind="waiver",
                                       ground="bankruptcy", reason="已进入破产程序", actor=case.judge)
    services.fee_relief_decide(relief_id=relief.pk, approve=True, actor=case.judge)
    allocation = services.fee_allocation_record(case_id=case.pk, manner="judgment", plaintiff_prevails=True,
                                                actor=case.judge)
    share = allocation.shares.get(case_party=defendant)
    assert (share.borne_fen, share.relieved_fen, share.receivable_fen) == (0, 13_800 * Y, 0)
    assert RefundOrder.objects.get().amount_fen == 13_800 * Y


def test_refund_on_judgment_refused_for_outside_users():
    case, plaintiff, _ = closed_judgment_case(SEPT_30_2024)
    portal_user = UserFactory(role=Role.PARTY)
    plaintiff.party.users.add(portal_user)
    with pytest.raises(PermissionDenied):
        services.refund_on_judgment(case_id=case.pk, actor=portal_user)
    with pytest.raises(NotFound):
        services.refund_on_judgment(case_id=case.pk, actor=UserFactory(role=Role.PARTY))

