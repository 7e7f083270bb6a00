"""Indicators read from the other apps' tables (enforcement, fees, deadlines, documents, assessments and this app's
appearance records), each on a hand-built dataset with known values, checked against the owning app's own selector
or rule where one exists."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from django.db.models import Q

from yingshang.assessments.models import Assessment
from yingshang.cases.choices import PartyRole
from yingshang.cases.models import CauseOfAction
from yingshang.cases.tests.factories import CasePartyFactory, EnterpriseFactory, PersonFactory
from yingshang.deadlines.models import AppealTransfer
from yingshang.documents import selectors as documents_selectors
from yingshang.documents.models import (
    Appeal, CertificateRequest, Decision, Document, LitigationActivity, ServiceRecord,
)
from yingshang.enforcement import domain as enforcement_domain
from yingshang.enforcement.models import Deferral, EnforcementCase, LedgerTransaction, PartyMessage, Payout
from yingshang.enforcement.selectors import indicator_data
from yingshang.fees.models import FeeAllocation, FeeCharge, RefundOrder
from yingshang.fees.selectors import refund_timeliness
from yingshang.metrics import engine
from yingshang.metrics.models import AgencyHeadAppearance
from yingshang.metrics.tests.conftest import Q1, TODAY, assert_drilldowns_match, figures, link

pytestmark = pytest.mark.django_db
MOMENT = datetime(2024, 1, 1, 9, 0, tzinfo=timezone.utc)


def _value(court, code):
    f = assert_drilldowns_match(court, [code])[code]
    return f.value, f.numerator, f.denominator


# --- Enforcement ---------------------------------------------------------------------------------------------------

def _enforcement(case, applied, paid=0):
    return EnforcementCase.objects.create(case=case, amount_applied_fen=applied, account_number=f"ACC{case.pk}",
                                          received_fen=paid, paid_out_fen=paid)


@pytest.fixture
def enforcement_cases(make_case, bureau, officer):
    def enf(type_code, filed_on, closed_on, manner):
        return make_case(type_code, department=bureau, judge_user=officer, filed_on=filed_on, closed_on=closed_on,
                         closing_manner=manner)

    d1 = enf("执", date(2023, 11, 1), date(2024, 2, 29), "fully_enforced")   # 120 days
    d2 = enf("执", date(2024, 1, 10), date(2024, 3, 20), "round_closure")
    d3 = enf("执恢", date(2024, 2, 5), date(2024, 3, 5), "fully_enforced")   # 29 days
    d4 = enf("执", date(2024, 1, 2), date(2024, 4, 2), "fully_enforced")    # closed after Q1
    _enforcement(d1, 100_000, 100_000)
    _enforcement(d2, 50_000, 10_000)
    _enforcement(d3, 20_000, 20_000)
    _enforcement(d4, 70_000, 70_000)
    return d1, d2, d3, d4


def test_enforcement_recovery_and_days_agree_with_the_enforcement_app(court, enforcement_cases):
    assert _value(court, "enforcement_recovery_rate") == (Decimal("76.47"), 130_000, 170_000)
    assert _value(court, "fully_enforced_average_days") == (Decimal("74.50"), 149, 2)
    assert _value(court, "fully_enforced_rate") == (Decimal("50.00"), 1, 2)           # 执 only: d1 of d1, d2
    assert _value(court, "first_enforcement_round_closure_rate") == (Decimal("50.00"), 1, 2)
    theirs = indicator_data(date_from=Q1.start, date_to=Q1.end)
    assert (theirs["delivered_fen"], theirs["applied_fen"], theirs["fully_enforced_cases"],
            theirs["average_days_to_full_enforcement"]) == (130_000, 170_000, 2, 74.5)


def test_party_messages_answered_late_or_not_at_all_count_against_the_rate(court, make_case, bureau, officer):
    case = make_case("执", department=bureau, judge_user=officer, filed_on=date(2023, 12, 1))
    enforcement = _enforcement(case, 10_000)

    def message(due_on, replied_on=None):
        return PartyMessage.objects.create(enforcement=enforcement, author=officer, body="留言", due_on=due_on,
                                           received_on=date.fromordinal(due_on.toordinal() - 3),
                                           replied_on=replied_on, reply="已答复" if replied_on else "")

    on_time = message(date(2024, 1, 10), date(2024, 1, 9))
    late = message(date(2024, 2, 10), date(2024, 2, 12))
    ignored = message(date(2024, 3, 28))            # overdue on 03-31: late
    message(date(2024, 3, 31))                      # due on the as-of day itself: not late yet, not counted
    message(date(2024, 4, 2), date(2024, 4, 1))     # due after Q1
    assert _value(court, "enforcement_reply_on_time_rate") == (Decimal("33.33"), 1, 3)
    rows = engine.drilldown("enforcement_reply_on_time_rate", "denominator", 0, scope_case_q=Q(court_id=court.pk),
                            period=Q1, today=TODAY).rows
    assert {r.pk for r in rows} == {on_time.pk, late.pk, ignored.pk}


def test_payouts_are_timely_by_first_in_first_out_as_the_enforcement_app_reckons(court, make_case, bureau, officer,
                                                                                  settings):
    settings.ENFORCEMENT_PAYOUT_DAYS = 30
    creditor = PersonFactory()

    def account(label):
        case = make_case("执", department=bureau, judge_user=officer, filed_on=date(2023, 12, 1))
        CasePartyFactory(case=case, party=creditor, role=PartyRole.CREDITOR)
        return EnforcementCase.objects.create(case=case, amount_applied_fen=100_000, account_number=label)

    def tx(enforcement, kind, amount, on, payout=None):
        return LedgerTransaction.objects.create(enforcement=enforcement, kind=kind, amount_fen=amount, occurred_on=on,
                                                payout=payout, created_by=officer, created_at=MOMENT)

    def pay(enforcement, amount, on):
        payout = Payout.objects.create(enforcement=enforcement, creditor=creditor, amount_fen=amount, status="paid",
                                       maker=officer, paid_on=on)
        tx(enforcement, "payout", amount, on, payout)
        return payout

    p = account("ACC-P")
    tx(p, "receipt", 10_000, date(2024, 1, 2))
    first = pay(p, 6_000, date(2024, 1, 20))       # oldest unpaid money arrived 01-02: 18 days — on time
    tx(p, "fee_deduction", 1_000, date(2024, 1, 25))
    tx(p, "receipt", 5_000, date(2024, 2, 20))
    second = pay(p, 3_000, date(2024, 2, 25))      # 7 000 out before; money of 01-02 still there: 54 days — late
    third = pay(p, 5_000, date(2024, 3, 10))       # 10 000 out before: oldest unpaid is of 02-20, 19 days — on time
    q = account("ACC-Q")
    tx(q, "receipt", 8_000, date(2024, 1, 1))
    Deferral.objects.create(enforcement=q, reason="disputed", explanation="案外人异议", deferred_until=date(2024, 3, 31),
                            status="approved", requested_by=officer, decided_by=officer)
    deferred = pay(q, 8_000, date(2024, 3, 25))    # 84 days, but under an approved deferral — on time
    assert _value(court, "payout_on_time_rate") == (Decimal("75.00"), 3, 4)
    rows = engine.drilldown("payout_on_time_rate", "numerator", 0, scope_case_q=Q(court_id=court.pk), period=Q1,
                            today=TODAY).rows
    assert {r.pk for r in rows} == {first.pk, third.pk, deferred.pk}
    # The enforcement app's own rule agrees on the late one.
    oldest = enforcement_domain.oldest_unpaid_arrival([(date(2024, 1, 2), 10_000), (date(2024, 2, 20), 5_000)], 7_000)
    assert enforcement_domain.payout_due_on(oldest, 30) < second.paid_on


# --- Fees ----------------------------------------------------------------------------------------------------------

def _refund(case, case_party, due_on, paid_on=None, kind="winning", user=None):
    return RefundOrder.objects.create(case=case, case_party=case_party, kind=kind, amount_fen=10_000, due_on=due_on,
                                      status="paid" if paid_on else "pending", paid_on=paid_on, created_by=user)


def test_refunds_on_winning_within_one_working_day(court, make_case, judge):
    def winner():
        case = make_case(filed_on=date(2023, 10, 1), closed_on=date(2024, 1, 5), closing_manner="judgment")
        return case, CasePartyFactory(case=case, party=PersonFactory(), role=PartyRole.PLAINTIFF)

    on_time = _refund(*winner(), date(2024, 1, 10), date(2024, 1, 10), user=judge)
    late = _refund(*winner(), date(2024, 2, 5), date(2024, 2, 6), user=judge)
    unpaid = _refund(*winner(), date(2024, 3, 20), user=judge)                       # overdue and unpaid: late
    _refund(*winner(), date(2024, 2, 1), date(2024, 2, 1), kind="halving", user=judge)  # not a refund on winning
    _refund(*winner(), date(2024, 4, 1), date(2024, 3, 31), user=judge)               # due after Q1
    assert _value(court, "fee_refund_on_time_rate") == (Decimal("33.33"), 1, 3)
    rows = engine.drilldown("fee_refund_on_time_rate", "denominator", 0, scope_case_q=Q(court_id=court.pk),
                            period=Q1, today=TODAY).rows
    assert {r.pk for r in rows} == {on_time.pk, late.pk, unpaid.pk}


def test_refund_rate_agrees_with_the_fees_app_when_every_refund_is_paid(court, make_case, judge, president):
    for due, paid in ((date(2024, 1, 10), date(2024, 1, 10)), (date(2024, 2, 5), date(2024, 2, 7))):
        case = make_case(filed_on=date(2023, 10, 1), closed_on=date(2024, 1, 5), closing_manner="judgment")
        _refund(case, CasePartyFactory(case=case, party=PersonFactory(), role=PartyRole.PLAINTIFF), due, paid,
                user=judge)
    theirs = refund_timeliness(user=president, paid_from=Q1.start, paid_to=Q1.end)
    mine = figures(court, ["fee_refund_on_time_rate"])["fee_refund_on_time_rate"]
    assert (mine.numerator, mine.denominator) == (theirs["on_time"], theirs["paid"]) == (1, 2)
    assert str(mine.value) == "50.00" and theirs["on_time_rate"] == 50.0


@pytest.fixture
def contract_cause(db):
    return CauseOfAction.objects.filter(revision=2020, family="合同纠纷", level=3).order_by("sort_order").first()


def test_dispute_resolution_cost_follows_the_worked_example(court, make_case, bureau, officer, judge,
                                                           contract_cause):
    """indicators.md §2.6: claim ¥200,000, simple procedure, preservation and enforcement of ¥200,000, lawyer 8 %:
    受理费 4,300 halved to 2,150 + 保全 1,520 + 执行 2,900 + 律师 16,000 = 22,570 → 11.285 % → 11.29 %."""
    case = make_case(procedure="simple", is_enterprise_involved=True, cause=contract_cause,
                     claim_amount_fen=20_000_000, filed_on=date(2023, 11, 1), closed_on=date(2024, 2, 1),
                     closing_manner="mediation")
    plaintiff = CasePartyFactory(case=case, party=EnterpriseFactory(), role=PartyRole.PLAINTIFF)

    def charge(on_case, payer, fee_type, fee_fen):
        return FeeCharge.objects.create(case=on_case, payer=payer, fee_type=fee_type, fee_fen=fee_fen,
                                        full_fee_fen=fee_fen, basis="诉讼费用交纳办法", created_by=judge)

    charge(case, plaintiff, "acceptance", 430_000)
    charge(case, plaintiff, "preservation", 152_000)
    FeeAllocation.objects.create(case=case, manner="mediation", total_fee_fen=215_000, decided_by=judge)
    enforcement = make_case("执", department=bureau, judge_user=officer, filed_on=date(2024, 2, 20))
    link(case, enforcement, "enforcement")
    charge(enforcement, CasePartyFactory(case=enforcement, party=plaintiff.party, role=PartyRole.CREDITOR),
           "execution", 290_000)
    # Not in the population: no enterprise party; and a contract case closed after Q1.
    make_case(cause=contract_cause, claim_amount_fen=1_000_000, filed_on=date(2023, 11, 1),
              closed_on=date(2024, 2, 1), closing_manner="judgment")
    make_case(is_enterprise_involved=True, cause=contract_cause, claim_amount_fen=1_000_000,
              filed_on=date(2023, 11, 1), closed_on=date(2024, 4, 1), closing_manner="judgment")
    assert _value(court, "dispute_resolution_cost_rate") == (Decimal("11.29"), 2_257_000, 20_000_000)
    f = figures(court, ["dispute_resolution_cost_rate"])["dispute_resolution_cost_rate"]
    # allocated acceptance fee, unallocated acceptance fees, preservation, enforcement, attorney (estimated)
    assert f.numerator_parts == [215_000, 0, 152_000, 290_000, 1_600_000]
    row = engine.drilldown("dispute_resolution_cost_rate", "denominator", 0, scope_case_q=Q(court_id=court.pk),
                           period=Q1, today=TODAY).rows.get()
    assert (row.pk, row.court_fee_fen, row.preservation_fee_fen, row.enforcement_fee_fen, row.attorney_fee_fen,
            row.contribution) == (case.pk, 215_000, 152_000, 290_000, 1_600_000, 20_000_000)


def test_a_division_gets_the_enforcement_fees_of_its_own_disputes(court, civil, bureau, make_case, officer, judge,
                                                                   contract_cause):
    case = make_case(is_enterprise_involved=True, cause=contract_cause, claim_amount_fen=1_000_000,
                     filed_on=date(2023, 11, 1), closed_on=date(2024, 3, 1), closing_manner="judgment")
    enforcement = make_case("执", department=bureau, judge_user=officer, filed_on=date(2024, 3, 5))
    link(case, enforcement, "enforcement")
    payer = CasePartyFactory(case=enforcement, party=EnterpriseFactory(), role=PartyRole.CREDITOR)
    FeeCharge.objects.create(case=enforcement, payer=payer, fee_type="execution", fee_fen=15_000,
                             full_fee_fen=15_000, basis="诉讼费用交纳办法", created_by=officer)
    civil_q = Q(court_id=court.pk, department_id=civil.pk)
    f = figures(court, ["dispute_resolution_cost_rate"], scope_q=civil_q)["dispute_resolution_cost_rate"]
    assert f.numerator_parts == [0, 0, 0, 15_000, 80_000]   # the bureau's fee, counted for the civil dispute
    bureau_q = Q(court_id=court.pk, department_id=bureau.pk)
    assert figures(court, ["dispute_resolution_cost_rate"], scope_q=bureau_q)["dispute_resolution_cost_rate"].value \
        is None


def test_cost_without_an_allocation_uses_the_charged_fee_and_the_attorney_estimate_is_a_setting(
        court, make_case, judge, contract_cause, settings):
    settings.METRICS_ATTORNEY_FEE_ESTIMATE_PERCENT = "5"
    case = make_case(is_enterprise_involved=True, cause=contract_cause, claim_amount_fen=1_000_000,
                     filed_on=date(2023, 11, 1), closed_on=date(2024, 3, 1), closing_manner="judgment")
    payer = CasePartyFactory(case=case, party=EnterpriseFactory(), role=PartyRole.PLAINTIFF)
    FeeCharge.objects.create(case=case, payer=payer, fee_type="acceptance", fee_fen=13_800, full_fee_fen=13_800,
                             basis="诉讼费用交纳办法", created_by=judge)
    # 138 + 500 (5 % of 10,000) = 638 yuan of 10,000 → 6.38 %.
    assert _value(court, "dispute_resolution_cost_rate") == (Decimal("6.38"), 63_800, 1_000_000)


# --- Deadlines: appeal transfers ------------------------------------------------------------------------------------

def test_appeal_files_transferred_within_five_days(court, make_case, judge):
    def transfer(due_on, transferred_on=None, exemption=""):
        case = make_case(filed_on=date(2023, 9, 1), closed_on=date(2023, 12, 1), closing_manner="judgment")
        return AppealTransfer.objects.create(
            case=case, appeal_filed_on=date(2023, 12, 10), served_on=date(2023, 12, 12),
            answer_ends_on=date(2023, 12, 27), due_on=due_on, exemption=exemption,
            status="transferred" if transferred_on else ("exempt" if exemption else "pending"),
            transferred_on=transferred_on, recorded_by=judge)

    on_time = transfer(date(2024, 1, 10), date(2024, 1, 10))
    late = transfer(date(2024, 2, 10), date(2024, 2, 12))
    overdue = transfer(date(2024, 3, 20))
    transfer(None, exemption="public_notice")         # exempt from the 5 days
    transfer(date(2024, 3, 31))                       # due on the as-of day, not yet late
    assert _value(court, "appeal_transfer_on_time_rate") == (Decimal("33.33"), 1, 3)
    rows = engine.drilldown("appeal_transfer_on_time_rate", "denominator", 0, scope_case_q=Q(court_id=court.pk),
                            period=Q1, today=TODAY).rows
    assert {r.pk for r in rows} == {on_time.pk, late.pk, overdue.pk}


# --- Documents ------------------------------------------------------------------------------------------------------

def _document(case, n, **kwargs):
    return Document.objects.create(case=case, kind=kwargs.pop("kind", "summons"), title=kwargs.pop("title", "传票"),
                                   source="generated", number=f"（2024）鄂2826文书第{n:06d}号", sequence=n,
                                   issued_on=kwargs.pop("issued_on", date(2024, 1, 10)), file=f"documents/{n}.pdf",
                                   file_name=f"{n}.pdf", sha256="0" * 64, verification_code=f"V{n:07d}X", **kwargs)


@pytest.fixture
def served(court, make_case, judge):
    case = make_case(filed_on=date(2024, 1, 8), channel="online")
    make_case(filed_on=date(2024, 2, 8))
    party = PersonFactory()
    CasePartyFactory(case=case, party=party, role=PartyRole.PLAINTIFF)
    document = _document(case, 1)

    def service(method, status, served_on):
        return ServiceRecord.objects.create(document=document, party=PersonFactory(), method=method, status=status,
                                            served_on=served_on)

    service("sms", "served", date(2024, 2, 1))
    service("post", "served", date(2024, 2, 2))
    service("inbox", "served", date(2024, 3, 31))
    service("email", "failed", None)
    service("sms", "served", date(2024, 4, 1))
    for kind, mode, on in (("hearing", "online", date(2024, 2, 15)), ("hearing", "offline", date(2024, 3, 1)),
                           ("mediation", "hybrid", date(2024, 3, 5))):
        LitigationActivity.objects.create(case=case, kind=kind, mode=mode, held_on=on, recorded_by=judge)
    judgment = _document(case, 2, kind="judgment", title="判决书")
    decision = Decision.objects.create(document=judgment, case=case, kind="judgment", recorded_by=judge)
    Appeal.objects.create(decision=decision, party=party, filed_on=date(2024, 3, 2), is_in_time=True,
                          channel="online", recorded_by=judge)
    CertificateRequest.objects.create(decision=decision, party=party, requested_by=judge, requested_on=date(2024, 3, 3),
                                      requested_at=MOMENT, channel="offline")
    Document.objects.create(case=case, kind="evidence", title="证据材料", source="uploaded",
                            number="（2024）鄂2826文书第000004号", sequence=4, issued_on=date(2024, 1, 20),
                            file="documents/4.pdf", file_name="4.pdf", sha256="0" * 64, verification_code="V0000004X",
                            submitted_by_party=party, is_channel_online=True)
    return case


def test_electronic_service_rate_agrees_with_the_documents_app(court, served):
    assert _value(court, "electronic_service_rate") == (Decimal("66.67"), 2, 3)
    theirs = documents_selectors.electronic_service_rate(start=Q1.start, end=Q1.end, court_id=court.pk)
    assert (theirs["numerator"], theirs["denominator"], theirs["rate_percent"]) == (2, 3, "66.67")


def test_online_service_utilisation_counts_the_documents_apps_items(court, served):
    # Filing 1 of 2 online; service 2 of 3; activities 2 of 3; appeal 1 of 1; certificate 0 of 1; submission 1 of 1.
    assert _value(court, "online_service_utilisation_rate") == (Decimal("63.64"), 7, 11)
    theirs = documents_selectors.online_service_counts(start=Q1.start, end=Q1.end, court_id=court.pk)
    assert (theirs["online_total"], theirs["all_total"]) == (7, 11)
    f = figures(court, ["online_service_utilisation_rate"])["online_service_utilisation_rate"]
    assert f.numerator_parts == [1, 2, 2, 1, 0, 1] and f.denominator_parts == [2, 3, 3, 1, 1, 1]
    assert _value(court, "online_hearing_rate") == (Decimal("50.00"), 1, 2)


# --- This app's records and the assessments app ---------------------------------------------------------------------

def test_agency_head_appearance_rate_counts_cases_not_hearings(court, make_case, admin_tribunal, admin_judge):
    def admin_case():
        return make_case("行初", department=admin_tribunal, judge_user=admin_judge, filed_on=date(2023, 12, 1))

    def heard(case, on, appearance, name=""):
        return AgencyHeadAppearance.objects.create(case=case, hearing_on=on, defendant_agency="咸丰县自然资源局",
                                                   appearance=appearance, head_name=name, recorded_by=admin_judge)

    first, second, third = admin_case(), admin_case(), admin_case()
    heard(first, date(2024, 2, 1), "deputy_head", "王副局长")
    heard(first, date(2024, 3, 1), "staff_only")
    heard(second, date(2024, 3, 15), "absent")
    heard(third, date(2024, 4, 1), "principal_head", "李局长")   # after Q1
    assert _value(court, "agency_head_appearance_rate") == (Decimal("50.00"), 1, 2)
    rows = engine.drilldown("agency_head_appearance_rate", "denominator", 0, scope_case_q=Q(court_id=court.pk),
                            period=Q1, today=TODAY).rows
    assert {r.pk for r in rows} == {first.pk, second.pk}


def test_impact_assessment_coverage_at_filing(court, make_case, judge):
    def enterprise_case(stage=None, status=None):
        case = make_case(is_enterprise_involved=True, filed_on=date(2024, 2, 1))
        if stage:
            Assessment.objects.create(case=case, stage=stage, status=status,
                                      not_applicable_reason="与企业经营无关" if status == "not_applicable" else "")
        return case

    done = enterprise_case("filing", "completed")
    not_applicable = enterprise_case("filing", "not_applicable")
    enterprise_case("trial", "completed")          # another stage only
    enterprise_case("filing", "draft")             # not finished
    make_case(filed_on=date(2024, 2, 1))           # not an enterprise case
    assert _value(court, "impact_assessment_coverage_rate") == (Decimal("50.00"), 2, 4)
    rows = engine.drilldown("impact_assessment_coverage_rate", "numerator", 0, scope_case_q=Q(court_id=court.pk),
                            period=Q1, today=TODAY).rows
    assert {r.pk for r in rows} == {done.pk, not_applicable.pk}
