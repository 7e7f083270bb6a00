"""The services: exact deadlines on the working-day calendar, security, the ruling through the assessment gate and
the fees calculator, measures with their terms, claim matching and the release of the excess, renewal, lifting,
the pre-litigation suit — each refusal shown to write nothing; permissions through the case gatekeepers."""

from datetime import date, timedelta

import pytest

from yingshang.assessments.models import GateCheck
from yingshang.audit.models import AuditEvent
from yingshang.cases.models import CaseEvent
from yingshang.cases.tests.factories import CaseFactory
from yingshang.core.errors import DomainError
from yingshang.fees.models import FeeCharge
from yingshang.notifications.models import Message
from yingshang.preservation import services
from yingshang.preservation.choices import ApplicationStatus, MeasureStatus
from yingshang.preservation.errors import PreservationError
from yingshang.preservation.models import PreservationApplication, PreservationMeasure
from yingshang.preservation.tests.conftest import at, moment

pytestmark = pytest.mark.django_db

YUAN = 100


def _counts():
    return (PreservationApplication.objects.count(), PreservationMeasure.objects.count(), AuditEvent.objects.count(),
            CaseEvent.objects.count(), FeeCharge.objects.count(), GateCheck.objects.count())


def _apply(case, judge, applicant, respondent, *, kind="litigation", on=date(2024, 9, 27), hour=10, urgent=False,
           amount=200_000 * YUAN, costs=0):
    with at(on, hour + 1):
        return services.application_create(case_id=case.pk, kind=kind, applicant_id=applicant.pk,
                                           respondent_id=respondent.pk, amount_fen=amount, costs_fen=costs,
                                           is_urgent=urgent, applied_at=moment(on, hour), actor=judge)


def _granted(case, judge, plaintiff, respondent, *, on=date(2024, 9, 27), amount=200_000 * YUAN, costs=0):
    application = _apply(case, judge, plaintiff, respondent, on=on, amount=amount, costs=costs)
    with at(on, 12):
        services.security_decide(application_id=application.pk, is_required=False, waiver_ground="clear_facts",
                                 actor=judge)
        return services.ruling_make(application_id=application.pk, grant=True, ruled_on=on, actor=judge)


# --- Applications and the ruling clock ----------------------------------------------------------------------------

def test_a_normal_application_is_due_in_five_days_rolled_past_national_day(case, judge, plaintiff, person_defendant):
    application = _apply(case, judge, plaintiff, person_defendant)
    # 2024-09-27 + 5 days = 2024-10-02, inside the National Day holiday → the first working day after it.
    assert (application.status, application.applied_on, application.ruling_due_on, application.ruling_due_at) == (
        ApplicationStatus.APPLIED, date(2024, 9, 27), date(2024, 10, 8), None)
    event = AuditEvent.objects.get(action="preservation.application_created")
    assert (event.actor_id, event.case_id, event.after["amount_fen"]) == (judge.pk, case.pk, 20_000_000)
    assert CaseEvent.objects.get(case=case).description == \
        "张三申请诉讼保全，请求保全数额200000.00元（被申请人：李四）"


def test_an_urgent_application_is_due_in_48_hours(case, judge, plaintiff, person_defendant):
    application = _apply(case, judge, plaintiff, person_defendant, urgent=True)
    assert (application.ruling_due_on, application.ruling_due_at) == (date(2024, 9, 29), moment(date(2024, 9, 29)))


def test_ordered_security_stops_the_clock_until_it_is_provided(case, judge, plaintiff, person_defendant):
    application = _apply(case, judge, plaintiff, person_defendant)
    with at(date(2024, 9, 27), 12):
        ordered = services.security_decide(application_id=application.pk, is_required=True,
                                           security_fen=60_000 * YUAN, note="保全责任险", actor=judge)
    assert (ordered.status, ordered.security_fen, ordered.ruling_due_on) == (
        ApplicationStatus.AWAITING_SECURITY, 6_000_000, None)
    with at(date(2024, 10, 9), 12), pytest.raises(DomainError) as refused:
        services.ruling_make(application_id=application.pk, grant=True, ruled_on=date(2024, 10, 9), actor=judge)
    assert refused.value.code == PreservationError.SECURITY_NOT_PROVIDED
    with at(date(2024, 10, 9), 15):
        provided = services.security_provide(application_id=application.pk, provided_at=moment(date(2024, 10, 9), 9),
                                             actor=judge)
    assert (provided.status, provided.ruling_due_on) == (ApplicationStatus.APPLIED, date(2024, 10, 14))


def test_security_above_thirty_percent_is_refused_and_writes_nothing(case, judge, plaintiff, person_defendant):
    application = _apply(case, judge, plaintiff, person_defendant)
    before = _counts()
    with at(date(2024, 9, 27), 12), pytest.raises(DomainError) as refused:
        services.security_decide(application_id=application.pk, is_required=True, security_fen=60_000 * YUAN + 1,
                                 actor=judge)
    assert refused.value.code == PreservationError.SECURITY_TOO_HIGH
    assert _counts() == before
    application.refresh_from_db()
    assert (application.status, application.security_decided, application.ruling_due_on) == (
        ApplicationStatus.APPLIED, False, date(2024, 10, 8))


def test_pre_litigation_waits_for_security_then_has_48_hours(case, judge, plaintiff, person_defendant):
    application = _apply(case, judge, plaintiff, person_defendant, kind="pre_litigation", on=date(2024, 6, 3), hour=9)
    assert (application.status, application.ruling_due_on) == (ApplicationStatus.AWAITING_SECURITY, None)
    with at(date(2024, 6, 3), 11), pytest.raises(DomainError) as refused:
        services.security_decide(application_id=application.pk, is_required=False, waiver_ground="clear_facts",
                                 actor=judge)
    assert refused.value.code == PreservationError.SECURITY_WAIVER_NOT_ALLOWED
    with at(date(2024, 6, 3), 11):
        services.security_decide(application_id=application.pk, is_required=True, security_fen=200_000 * YUAN,
                                 actor=judge)
    with at(date(2024, 6, 3), 16):
        provided = services.security_provide(application_id=application.pk, provided_at=moment(date(2024, 6, 3), 15),
                                             actor=judge)
    assert (provided.ruling_due_on, provided.ruling_due_at) == (date(2024, 6, 5), moment(date(2024, 6, 5), 15))


@pytest.mark.parametrize("overrides, code", [
    ({"amount_fen": 0}, PreservationError.AMOUNT_INVALID),
    ({"kind": "arbitration"}, PreservationError.KIND_INVALID),
    ({"respondent_id": "applicant"}, PreservationError.SAME_PARTY),
    ({"respondent_id": 999_999}, PreservationError.PARTY_NOT_IN_CASE),
])
def test_bad_applications_write_nothing(case, judge, plaintiff, person_defendant, overrides, code):
    kwargs = dict(case_id=case.pk, kind="litigation", applicant_id=plaintiff.pk, respondent_id=person_defendant.pk,
                  amount_fen=100 * YUAN, actor=judge)
    kwargs.update(overrides)
    if kwargs["respondent_id"] == "applicant":
        kwargs["respondent_id"] = plaintiff.pk
    before = _counts()
    with at(date(2024, 9, 27)), pytest.raises(DomainError) as refused:
        services.application_create(**kwargs)
    assert refused.value.code == code
    assert _counts() == before


def test_only_the_cases_staff_record_and_handle_applications(case, judge, other_judge, plaintiff, plaintiff_user,
                                                              person_defendant):
    before = _counts()
    for user, code in ((other_judge, "CASE_NOT_FOUND"), (plaintiff_user, "CASE_WRITE_DENIED")):
        with at(date(2024, 9, 27)), pytest.raises(DomainError) as refused:
            services.application_create(case_id=case.pk, kind="litigation", applicant_id=plaintiff.pk,
                                        respondent_id=person_defendant.pk, amount_fen=100 * YUAN, actor=user)
        assert refused.value.code == code
    assert _counts() == before
    application = _apply(case, judge, plaintiff, person_defendant)
    before = _counts()
    for user, code in ((other_judge, PreservationError.NOT_FOUND), (plaintiff_user, PreservationError.WRITE_DENIED)):
        with at(date(2024, 9, 27), 12), pytest.raises(DomainError) as refused:
            services.ruling_make(application_id=application.pk, grant=False, ruled_on=date(2024, 9, 27),
                                 reason="不符合条件", actor=user)
        assert refused.value.code == code
    assert _counts() == before


# --- Ruling: the assessment gate and the fee ---------------------------------------------------------------------

def test_granting_against_an_enterprise_needs_the_preservation_assessment(case, judge, plaintiff, defendant):
    from yingshang.assessments.services import assessment_submit
    from yingshang.assessments.tests.test_domain import FULL

    application = _apply(case, judge, plaintiff, defendant)
    with at(date(2024, 9, 27), 12):
        services.security_decide(application_id=application.pk, is_required=False, waiver_ground="clear_facts",
                                 actor=judge)
    before = _counts()
    with at(date(2024, 9, 30), 12), pytest.raises(DomainError) as refused:
        services.ruling_make(application_id=application.pk, grant=True, ruled_on=date(2024, 9, 30), actor=judge)
    assert (refused.value.code, refused.value.status, refused.value.detail["stage"]) == (
        "ASSESSMENT_REQUIRED", 409, "preservation")
    assert _counts() == before
    assert PreservationApplication.objects.get().status == ApplicationStatus.APPLIED
    with at(date(2024, 9, 30), 12):
        assessment_submit(case_id=case.pk, stage="preservation", answers=FULL, tags=["use_preserving_seal"],
                          actor=judge)
        granted = services.ruling_make(application_id=application.pk, grant=True, ruled_on=date(2024, 9, 30),
                                       actor=judge)
    assert GateCheck.objects.get().action == "preservation.order"
    # 诉讼费用交纳办法 14(2) on 200,000 yuan: 0.005 × 200,000 + 520 = 1,520 yuan (the fees calculator).
    charge = FeeCharge.objects.get()
    assert (granted.status, granted.granted_amount_fen, granted.fee_fen, granted.fee_charge_id) == (
        ApplicationStatus.GRANTED, 20_000_000, 152_000, charge.pk)
    assert (charge.fee_type, charge.fee_fen, charge.basis_amount_fen, charge.payer.party_id) == (
        "preservation", 152_000, 20_000_000, plaintiff.pk)


def test_ruling_refusals_write_nothing(case, judge, plaintiff, person_defendant):
    application = _apply(case, judge, plaintiff, person_defendant)
    with at(date(2024, 9, 27), 12):
        services.security_decide(application_id=application.pk, is_required=False, waiver_ground="clear_facts",
                                 actor=judge)
    before = _counts()
    for kwargs, code in (({"grant": True, "granted_amount_fen": 200_000 * YUAN + 1},
                          PreservationError.GRANTED_ABOVE_APPLIED),
                         ({"grant": False, "reason": " "}, PreservationError.REASON_REQUIRED),
                         ({"grant": True, "ruled_on": date(2024, 9, 26)}, PreservationError.DATE_INVALID)):
        with at(date(2024, 9, 27), 12), pytest.raises(DomainError) as refused:
            services.ruling_make(application_id=application.pk, **{"ruled_on": date(2024, 9, 27), **kwargs},
                                 actor=judge)
        assert refused.value.code == code
    assert _counts() == before


# --- Measures, claim matching, release ---------------------------------------------------------------------------

def test_measures_terms_live_seal_and_the_excess(case, judge, plaintiff, person_defendant):
    application = _granted(case, judge, plaintiff, person_defendant)
    with at(date(2024, 9, 30)):
        deposit = services.measure_take(application_id=application.pk, property_kind="bank_deposit", method="freeze",
                                        description="李四在某银行的账户", value_fen=150_000 * YUAN,
                                        taken_on=date(2024, 9, 30), actor=judge)
        factory = services.measure_take(application_id=application.pk, property_kind="real_estate", method="seal",
                                        description="李四名下厂房", value_fen=300_000 * YUAN,
                                        taken_on=date(2024, 9, 30), is_divisible=False, is_factory_or_machinery=True,
                                        actor=judge)
    assert (deposit.expires_on, deposit.is_live_seal) == (date(2025, 9, 30), False)
    # PresProv 18: the applicant is told the last day and the 7-day rule (SMS and portal inbox).
    told = Message.objects.filter(template_code="preservation.measure_taken", recipient_party=plaintiff)
    assert told.count() == 4 and {m.channel for m in told} == {"sms", "inbox"}
    assert told.order_by("pk").first().body == (f"法院已于2024年9月30日根据您在{case.case_number}案件中的申请冻结李四在某银行的账户，"
                                 "保全期限至2025年9月30日届满。需要继续保全的，请于2025年9月23日前（期限届满七日前）申请续行保全。")
    assert (factory.expires_on, factory.is_live_seal) == (date(2027, 9, 30), True)
    application.refresh_from_db()
    assert (application.preserved_value_fen, application.excess_fen, application.peak_excess_fen,
            application.is_over_limit) == (45_000_000, 25_000_000, 25_000_000, True)
    assert "超标的250000.00元" in CaseEvent.objects.filter(data__measure_id=factory.pk).get().description
    # The indivisible factory cannot be partly released (SealProv 19's exception); the deposit can.
    before = _counts()
    with at(date(2024, 10, 8)), pytest.raises(DomainError) as refused:
        services.excess_release(measure_id=factory.pk, release_fen=100_000 * YUAN, released_on=date(2024, 10, 8),
                                actor=judge)
    assert refused.value.code == PreservationError.INDIVISIBLE
    assert _counts() == before
    with at(date(2024, 10, 8)):
        services.excess_release(measure_id=deposit.pk, release_fen=100_000 * YUAN, released_on=date(2024, 10, 8),
                                actor=judge)
    application.refresh_from_db()
    deposit.refresh_from_db()
    assert deposit.value_fen == 5_000_000
    assert (application.preserved_value_fen, application.excess_fen, application.peak_excess_fen,
            application.released_excess_fen) == (35_000_000, 15_000_000, 25_000_000, 10_000_000)
    # Lifting the factory (other property substituted) ends the excess: 50,000 preserved against 200,000.
    with at(date(2024, 10, 9)):
        services.measure_lift(measure_id=factory.pk, reason="substituted", lifted_on=date(2024, 10, 9), actor=judge)
    application.refresh_from_db()
    assert (application.preserved_value_fen, application.excess_fen, application.peak_excess_fen) == (
        5_000_000, 0, 25_000_000)


def test_measure_refusals_write_nothing(case, judge, plaintiff, person_defendant):
    application = _granted(case, judge, plaintiff, person_defendant)
    before = _counts()
    base = dict(application_id=application.pk, property_kind="bank_deposit", method="freeze", description="账户",
                value_fen=100 * YUAN, taken_on=date(2024, 9, 30), actor=judge)
    for overrides, code in (({"expires_on": date(2025, 10, 1)}, PreservationError.TERM_TOO_LONG),
                            ({"property_kind": "cash"}, PreservationError.PROPERTY_KIND_INVALID),
                            ({"method": "auction"}, PreservationError.METHOD_INVALID),
                            ({"value_fen": 0}, PreservationError.AMOUNT_INVALID),
                            ({"description": " "}, PreservationError.DESCRIPTION_REQUIRED),
                            ({"taken_on": date(2024, 9, 26)}, PreservationError.DATE_INVALID)):
        with at(date(2024, 9, 30)), pytest.raises(DomainError) as refused:
            services.measure_take(**{**base, **overrides})
        assert refused.value.code == code
    assert _counts() == before


def test_renewal_request_renewal_and_refusal_after_expiry(case, judge, plaintiff, plaintiff_user, person_defendant):
    application = _granted(case, judge, plaintiff, person_defendant, on=date(2024, 3, 15))
    with at(date(2024, 3, 15), 14):
        measure = services.measure_take(application_id=application.pk, property_kind="bank_deposit", method="freeze",
                                        description="账户", value_fen=100 * YUAN, taken_on=date(2024, 3, 15),
                                        actor=judge)
    assert measure.expires_on == date(2025, 3, 15)
    with at(date(2025, 3, 9)):  # the applicant itself, through the portal; 6 days before expiry: late
        requested = services.renewal_request(measure_id=measure.pk, requested_on=date(2025, 3, 9),
                                             actor=plaintiff_user)
    assert (requested.renewal_requested_on, requested.renewal_request_is_late) == (date(2025, 3, 9), True)
    with at(date(2025, 3, 12)):
        renewed = services.measure_renew(measure_id=measure.pk, renewed_on=date(2025, 3, 12), actor=judge)
    assert (renewed.expires_on, renewed.renewals, renewed.renewal_requested_on) == (date(2026, 3, 15), 1, None)
    before = _counts()
    with at(date(2026, 3, 16)), pytest.raises(DomainError) as refused:
        services.renewal_request(measure_id=measure.pk, requested_on=date(2026, 3, 16), actor=plaintiff_user)
    assert refused.value.code == PreservationError.RENEWAL_AFTER_EXPIRY
    with at(date(2026, 3, 16)), pytest.raises(DomainError) as refused:
        services.measure_renew(measure_id=measure.pk, renewed_on=date(2026, 3, 16), actor=judge)
    assert refused.value.code == PreservationError.RENEWAL_AFTER_EXPIRY
    with at(date(2026, 3, 16)), pytest.raises(DomainError) as refused:
        services.measure_renew(measure_id=measure.pk, renewed_on=date(2026, 3, 16), actor=plaintiff_user)
    assert refused.value.code == PreservationError.WRITE_DENIED
    assert _counts() == before


# --- Pre-litigation: 30 days to sue ------------------------------------------------------------------------------

def _pre_litigation(case, judge, plaintiff, respondent):
    application = _apply(case, judge, plaintiff, respondent, kind="pre_litigation", on=date(2024, 6, 3), hour=9)
    with at(date(2024, 6, 3), 11):
        services.security_decide(application_id=application.pk, is_required=True, security_fen=200_000 * YUAN,
                                 actor=judge)
        services.security_provide(application_id=application.pk, provided_at=moment(date(2024, 6, 3), 10),
                                  actor=judge)
        services.ruling_make(application_id=application.pk, grant=True, ruled_on=date(2024, 6, 3), actor=judge)
    with at(date(2024, 6, 5)):
        services.measure_take(application_id=application.pk, property_kind="movable", method="seize",
                              description="鄂Q12345号货车", value_fen=80_000 * YUAN, taken_on=date(2024, 6, 5),
                              actor=judge)
    application.refresh_from_db()
    return application


def test_pre_litigation_suit_is_due_thirty_days_after_the_measures(case, judge, plaintiff, person_defendant):
    application = _pre_litigation(case, judge, plaintiff, person_defendant)
    assert application.suit_due_on == date(2024, 7, 5)
    with at(date(2024, 7, 1)):
        recorded = services.suit_record(application_id=application.pk, filed_on=date(2024, 7, 1), actor=judge)
    assert recorded.suit_filed_on == date(2024, 7, 1)
    before = _counts()
    with at(date(2024, 7, 2)), pytest.raises(DomainError) as refused:
        services.suit_record(application_id=application.pk, filed_on=date(2024, 7, 2), actor=judge)
    assert refused.value.code == PreservationError.SUIT_ALREADY_RECORDED
    assert _counts() == before


def test_a_late_suit_is_recorded_as_late_on_the_audit_and_the_timeline(case, judge, plaintiff, person_defendant):
    application = _pre_litigation(case, judge, plaintiff, person_defendant)
    other_case = CaseFactory(court=case.court, department=case.department, judge=judge, filed_on=date(2024, 7, 8),
                             year=2024)
    with at(date(2024, 7, 8)):
        services.suit_record(application_id=application.pk, filed_on=date(2024, 7, 8), suit_case_id=other_case.pk,
                             actor=judge)
    audit = AuditEvent.objects.get(action="preservation.suit_recorded")
    assert (audit.after["is_late"], audit.after["suit_case_id"]) == (True, other_case.pk)
    assert CaseEvent.objects.filter(case=case).order_by("-pk").first().description == \
        f"诉前保全申请人已起诉（{other_case.case_number}），已超过30日"


def test_no_suit_lifts_every_measure(case, judge, plaintiff, person_defendant):
    application = _pre_litigation(case, judge, plaintiff, person_defendant)
    with at(date(2024, 7, 8)):
        lifted = services.application_lift(application_id=application.pk, reason="no_suit",
                                           lifted_on=date(2024, 7, 8), actor=judge)
    assert (lifted.status, lifted.lifted_on, lifted.preserved_value_fen) == (
        ApplicationStatus.LIFTED, date(2024, 7, 8), 0)
    assert list(PreservationMeasure.objects.values_list("status", "lift_reason", "lifted_on")) == [
        (MeasureStatus.LIFTED, "no_suit", date(2024, 7, 8))]
    assert AuditEvent.objects.filter(action="preservation.application_lifted").count() == 1


def test_a_future_date_is_refused(case, judge, plaintiff, person_defendant):
    application = _granted(case, judge, plaintiff, person_defendant)
    before = _counts()
    with at(date(2024, 9, 30)), pytest.raises(DomainError) as refused:
        services.measure_take(application_id=application.pk, property_kind="movable", method="seize",
                              description="车辆", value_fen=100, taken_on=date(2024, 9, 30) + timedelta(days=1),
                              actor=judge)
    assert refused.value.code == PreservationError.DATE_INVALID
    assert _counts() == before


# --- Before enforcement: 5 days to apply for enforcement (CPL-Interp 163) ------------------------------------------

def test_pre_enforcement_needs_the_end_of_the_performance_period(case, judge, plaintiff, person_defendant):
    before = _counts()
    with at(date(2024, 9, 20)), pytest.raises(DomainError) as refused:
        services.application_create(case_id=case.pk, kind="pre_enforcement", applicant_id=plaintiff.pk,
                                    respondent_id=person_defendant.pk, amount_fen=100 * YUAN, actor=judge)
    assert refused.value.code == PreservationError.PERFORMANCE_END_REQUIRED
    assert _counts() == before
    with at(date(2024, 9, 20)):
        application = services.application_create(
            case_id=case.pk, kind="pre_enforcement", applicant_id=plaintiff.pk, respondent_id=person_defendant.pk,
            amount_fen=100 * YUAN, performance_ends_on=date(2024, 9, 27), actor=judge)
    # 2024-09-27 + 5 days = 2024-10-02 (National Day) → 2024-10-08; the ruling clock is the in-litigation one.
    assert (application.enforcement_due_on, application.ruling_due_on) == (date(2024, 10, 8), date(2024, 9, 25))
    with at(date(2024, 10, 8)):
        recorded = services.enforcement_application_record(application_id=application.pk,
                                                           applied_on=date(2024, 10, 8), actor=judge)
    assert recorded.enforcement_applied_on == date(2024, 10, 8)
    assert AuditEvent.objects.get(action="preservation.enforcement_applied").after["is_late"] is False
    before = _counts()
    with at(date(2024, 10, 9)), pytest.raises(DomainError) as again:
        services.enforcement_application_record(application_id=application.pk, applied_on=date(2024, 10, 9),
                                                actor=judge)
    assert again.value.code == PreservationError.ENFORCEMENT_ALREADY_RECORDED
    with at(date(2024, 10, 9)), pytest.raises(DomainError) as wrong_kind:
        services.suit_record(application_id=application.pk, filed_on=date(2024, 10, 9), actor=judge)
    assert wrong_kind.value.code == PreservationError.NOT_PRE_LITIGATION
    assert _counts() == before
