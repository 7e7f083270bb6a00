"""Pure rules, no database: worked examples from rules-fees-periods-case-numbers.md §2, §3.1, §6 and the 2023 plan
measures 13–14, on a calendar built by hand from the rule book's own holiday lists."""

from datetime import date

import pytest

from yingshang.core.errors import DomainError
from yingshang.deadlines import domain
from yingshang.deadlines.choices import (
    AlertLevel, Approver, DeductionKind, ExtensionDecision, ExtensionReason, ExtensionStatus, Tier,
)
from yingshang.deadlines.domain import DeductionSpan, ExtensionFacts, Length, RULES
from yingshang.deadlines.errors import DeadlineError
from yingshang.deadlines.tests.calendars import rule_book_calendar

CAL = rule_book_calendar()
TODAY = date(2024, 5, 1)


def limit(rule_code, filed_on, *, extensions=(), deductions=(), rollover=True, cal=CAL, today=TODAY):
    return domain.compute_time_limit(rule=RULES[rule_code], filed_on=filed_on, extensions=list(extensions),
                                     deductions=list(deductions), cal=cal, rollover=rollover, today=today)


# --- the rule table -------------------------------------------------------------------------------------------

def test_every_rule_names_its_legal_source_and_a_positive_limit():
    for rule in RULES.values():
        assert rule.source.strip(), rule.code
        assert rule.limit, rule.code


@pytest.mark.parametrize("category, procedure, type_code, expected", [
    ("civil", "ordinary", "民初", "civil_ordinary"),
    ("commercial", "simple", "民初", "civil_simple"),
    ("financial", "small_claims", "民初", "civil_small_claims"),
    ("civil", "special", "民特", "civil_special"),
    ("civil", "second_instance", "民终", "civil_second_judgment"),
    ("civil", "retrial", "民申", "civil_retrial_review"),
    ("civil", "retrial", "民再", "civil_retrial_first"),
    ("administrative", "ordinary", "行初", "admin_ordinary"),
    ("administrative", "simple", "行初", "admin_simple"),
    ("administrative", "second_instance", "行终", "admin_second"),
    ("administrative", "non_litigation", "行审", "enforcement_non_litigation"),
    ("criminal", "ordinary", "刑初", "criminal_ordinary"),
    ("criminal", "simple", "刑初", "criminal_simple"),
    ("criminal", "fast_track", "刑初", "criminal_fast_track"),
    ("enforcement", "enforcement", "执", "enforcement"),
    ("enforcement", "non_litigation", "执", "enforcement_non_litigation"),
    ("bankruptcy", "bankruptcy", "破", ""),
    ("preservation", "non_litigation", "财保", ""),
])
def test_rule_lookup_by_category_procedure_and_type_code(category, procedure, type_code, expected):
    assert domain.rule_code_for(category=category, procedure=procedure, type_code=type_code) == expected


def test_override_wins_and_an_unknown_override_is_refused():
    assert domain.rule_code_for(category="civil", procedure="second_instance",
                                override="civil_second_ruling") == "civil_second_ruling"
    with pytest.raises(DomainError) as refused:
        domain.rule_code_for(category="civil", procedure="ordinary", override="nonsense")
    assert refused.value.code == DeadlineError.RULE_UNKNOWN


@pytest.mark.parametrize("code, months, days", [
    ("civil_ordinary", 6, 0), ("civil_simple", 3, 0), ("civil_small_claims", 2, 0), ("civil_special", 0, 30),
    ("civil_second_judgment", 3, 0), ("civil_second_ruling", 0, 30), ("admin_ordinary", 6, 0),
    ("admin_simple", 0, 45), ("admin_second", 3, 0), ("criminal_ordinary", 2, 0), ("criminal_simple", 0, 20),
    ("criminal_fast_track", 0, 10), ("enforcement", 6, 0), ("enforcement_non_litigation", 3, 0),
])
def test_limits_match_the_rule_book(code, months, days):
    assert (RULES[code].limit.months, RULES[code].limit.days) == (months, days)


# --- end of the limit: worked examples ---------------------------------------------------------------------------

def test_second_instance_filed_may_28_ends_aug_28_spc_2014_example():
    result = limit("civil_second_judgment", date(2014, 5, 28))
    assert result.end_on == date(2014, 8, 28)
    assert result.unconfirmed_calendar is True  # 2014 is outside the hand-built table: flagged


def test_month_end_aug_31_plus_six_months_is_feb_29_in_a_leap_year():
    result = limit("civil_ordinary", date(2023, 8, 31))
    assert result.raw_end_on == date(2024, 2, 29)
    assert result.end_on == date(2024, 2, 29)
    assert any("民法典第202条" in s for s in result.steps)


def test_month_end_aug_31_plus_six_months_is_feb_28_otherwise():
    assert limit("civil_ordinary", date(2024, 8, 31)).end_on == date(2025, 2, 28)


def test_simple_procedure_ending_in_spring_festival_rolls_to_the_tiaoxiu_sunday():
    # 2023-11-15 + 3 months = 2024-02-15, inside 春节 2024-02-10…17; 2024-02-18 is a 调休 working Sunday.
    result = limit("civil_simple", date(2023, 11, 15))
    assert result.raw_end_on == date(2024, 2, 15)
    assert result.end_on == date(2024, 2, 18)
    assert any("顺延" in s for s in result.steps)


def test_ordinary_procedure_ending_on_national_day_rolls_to_the_tiaoxiu_saturday():
    # 2023-04-03 + 6 months = 2023-10-03 (国庆 2023-09-29…10-06); 2023-10-07 (Saturday) is a 调休 working day.
    assert limit("civil_ordinary", date(2023, 4, 3)).end_on == date(2023, 10, 7)


def test_national_day_2024_rolls_to_october_8():
    assert limit("civil_ordinary", date(2024, 4, 1)).end_on == date(2024, 10, 8)


def test_without_rollover_the_end_stays_on_the_holiday():
    result = limit("civil_simple", date(2023, 11, 15), rollover=False)
    assert result.end_on == date(2024, 2, 15)
    assert any("不因节假日顺延" in s for s in result.steps)


def test_deduction_days_are_added_after_the_months_both_ends_counted():
    # 2024-03-15 + 3 months = 2024-06-15; 公告 2024-04-01…04-30 = 30 days → 2024-07-15 (Monday).
    result = limit("civil_simple", date(2024, 3, 15),
                   deductions=[DeductionSpan(DeductionKind.PUBLIC_NOTICE, date(2024, 4, 1), date(2024, 4, 30))])
    assert result.deducted_days == 30
    assert result.end_on == date(2024, 7, 15)
    assert any("共30日" in s for s in result.steps)


def test_approved_extension_months_are_added_to_the_limit_months():
    result = limit("civil_ordinary", date(2024, 1, 10), extensions=[Length(months=6)])
    assert result.months_total == 12
    assert result.end_on == date(2025, 1, 10)


def test_day_limits_and_day_extensions():
    # Special procedure: 30 days from 2024-03-01 = 2024-03-31 (Sunday) → Monday 2024-04-01; +30 days extension.
    assert limit("civil_special", date(2024, 3, 1)).end_on == date(2024, 4, 1)
    assert limit("civil_special", date(2024, 3, 1), extensions=[Length(days=30)]).end_on == date(2024, 4, 30)


def test_criminal_simple_over_three_years_is_one_and_a_half_months():
    assert limit("criminal_simple_over_3y", date(2024, 3, 1)).end_on == date(2024, 4, 16)


def test_a_running_deduction_pauses_the_limit():
    running = DeductionSpan(DeductionKind.SUSPENSION, date(2024, 4, 22), None)
    result = limit("civil_simple", date(2024, 3, 15), deductions=[running], today=date(2024, 5, 1))
    assert result.is_paused is True
    assert result.end_on == date(2024, 6, 17)  # 2024-06-15 is a Saturday: Monday 06-17, the pause not counted
    # counted through today: 10 days (04-22…05-01) → 2024-06-25
    assert result.end_if_resumed_today_on == date(2024, 6, 25)


def test_no_rule_means_no_end_and_an_explanation():
    result = domain.compute_time_limit(rule=None, filed_on=date(2024, 1, 1), extensions=[], deductions=[], cal=CAL,
                                       rollover=True, today=TODAY)
    assert result.end_on is None and result.steps


def test_end_in_an_unconfirmed_year_is_flagged():
    cal = rule_book_calendar(2023, 2025, unconfirmed=(2025,))
    assert limit("civil_ordinary", date(2024, 8, 1), cal=cal).unconfirmed_calendar is True
    assert limit("civil_ordinary", date(2024, 1, 2), cal=cal).unconfirmed_calendar is False


def test_simple_to_ordinary_counts_from_the_original_filing_date():
    # 解释 258: after conversion the ordinary 6 months run from the original filing, not from the conversion.
    filed = date(2024, 1, 10)
    assert limit("civil_simple", filed).end_on == date(2024, 4, 10)
    assert limit("civil_ordinary", filed).end_on == date(2024, 7, 10)


# --- deductions -----------------------------------------------------------------------------------------------

def _check(kind, start, end=None, rule="civil_ordinary", existing=(), filed=date(2024, 1, 10), reason="公告送达"):
    domain.check_deduction(rule=RULES[rule], kind=kind, start_on=start, end_on=end, filed_on=filed, today=TODAY,
                           existing=list(existing), reason=reason)


def test_deduction_kinds_follow_the_case_family():
    _check(DeductionKind.PUBLIC_NOTICE, date(2024, 2, 1), date(2024, 3, 1))
    _check(DeductionKind.AUCTION_SALE, date(2024, 2, 1), date(2024, 3, 1), rule="enforcement")
    _check(DeductionKind.MEDIATION, date(2024, 2, 1), date(2024, 3, 1), rule="admin_ordinary")
    for kind, rule in [(DeductionKind.AUCTION_SALE, "civil_ordinary"), (DeductionKind.MEDIATION, "civil_ordinary"),
                       (DeductionKind.APPRAISAL, "criminal_ordinary"),
                       (DeductionKind.APPRAISAL, "civil_retrial_review")]:
        with pytest.raises(DomainError) as refused:
            _check(kind, date(2024, 2, 1), date(2024, 3, 1), rule=rule)
        assert refused.value.code == DeadlineError.DEDUCTION_KIND_NOT_ALLOWED


@pytest.mark.parametrize("start, end, existing, code", [
    (date(2024, 3, 2), date(2024, 3, 1), (), DeadlineError.DEDUCTION_DATES),
    (date(2024, 1, 10), date(2024, 2, 1), (), DeadlineError.DEDUCTION_BEFORE_FILING),
    (date(2024, 5, 2), None, (), DeadlineError.DEDUCTION_IN_FUTURE),
    (date(2024, 2, 10), date(2024, 2, 20),
     (DeductionSpan(DeductionKind.APPRAISAL, date(2024, 2, 1), date(2024, 2, 10)),), DeadlineError.DEDUCTION_OVERLAP),
    (date(2024, 3, 1), None,
     (DeductionSpan(DeductionKind.SUSPENSION, date(2024, 2, 1), None),), DeadlineError.DEDUCTION_OVERLAP),
])
def test_bad_deductions_are_refused(start, end, existing, code):
    with pytest.raises(DomainError) as refused:
        _check(DeductionKind.PUBLIC_NOTICE, start, end, existing=existing)
    assert refused.value.code == code


def test_deduction_needs_a_reason():
    with pytest.raises(DomainError) as refused:
        _check(DeductionKind.PUBLIC_NOTICE, date(2024, 2, 1), date(2024, 3, 1), reason="  ")
    assert refused.value.code == DeadlineError.REASON_REQUIRED


# --- extensions -----------------------------------------------------------------------------------------------

def route(rule_code, existing=(), reason=ExtensionReason.COMPLEX_FACTS, length=Length(months=6), **kw):
    return domain.route_extension(rule=RULES[rule_code], existing=list(existing), reason_code=reason, length=length,
                                  same_reason_rule=kw.pop("same_reason_rule", True), **kw)


def granted(reason, months=6, approver=Approver.PRESIDENT):
    return ExtensionFacts(reason_code=reason, status=ExtensionStatus.APPROVED, length=Length(months=months),
                          approver=approver)


def test_first_ordinary_extension_goes_to_the_president_up_to_six_months():
    r = route("civil_ordinary")
    assert (r.approver, r.cap, r.ordinal, r.needs_override) == (Approver.PRESIDENT, Length(months=6), 1, False)


def test_second_ordinary_extension_goes_to_the_higher_court_up_to_three_months():
    r = route("civil_ordinary", [granted(ExtensionReason.COMPLEX_FACTS)], reason=ExtensionReason.EVIDENCE,
              length=Length(months=3))
    assert (r.approver, r.ordinal) == (Approver.HIGHER_COURT, 2)
    with pytest.raises(DomainError) as refused:
        route("civil_ordinary", [granted(ExtensionReason.COMPLEX_FACTS)], reason=ExtensionReason.EVIDENCE,
              length=Length(months=4))
    assert refused.value.code == DeadlineError.EXTENSION_TOO_LONG


def test_same_reason_cannot_support_a_second_extension():
    with pytest.raises(DomainError) as refused:
        route("civil_ordinary", [granted(ExtensionReason.COMPLEX_FACTS)], length=Length(months=3))
    assert refused.value.code == DeadlineError.EXTENSION_SAME_REASON
    assert "2023年优化营商环境方案第14项" in refused.value.message


def test_same_reason_allowed_only_with_a_presidents_recorded_override():
    with pytest.raises(DomainError):
        route("civil_ordinary", [granted(ExtensionReason.COMPLEX_FACTS)], length=Length(months=3),
              override_reason="确有必要", by_president=False)
    with pytest.raises(DomainError):
        route("civil_ordinary", [granted(ExtensionReason.COMPLEX_FACTS)], length=Length(months=3),
              override_reason="  ", by_president=True)
    r = route("civil_ordinary", [granted(ExtensionReason.COMPLEX_FACTS)], length=Length(months=3),
              override_reason="鉴定机构二次补充鉴定", by_president=True)
    assert r.needs_override is True and r.approver == Approver.HIGHER_COURT


def test_same_reason_rule_can_be_switched_off():
    r = route("civil_ordinary", [granted(ExtensionReason.COMPLEX_FACTS)], length=Length(months=3),
              same_reason_rule=False)
    assert r.needs_override is False


def test_simple_procedure_extends_once_by_one_month_only():
    assert route("civil_simple", length=Length(months=1)).approver == Approver.PRESIDENT
    assert route("civil_simple", length=Length(days=30)).approver == Approver.PRESIDENT
    with pytest.raises(DomainError) as too_long:
        route("civil_simple", length=Length(months=2))
    assert too_long.value.code == DeadlineError.EXTENSION_TOO_LONG
    with pytest.raises(DomainError) as twice:
        route("civil_simple", [granted(ExtensionReason.EVIDENCE, 1)], length=Length(months=1))
    assert twice.value.code == DeadlineError.EXTENSION_NOT_ALLOWED


@pytest.mark.parametrize("code", ["admin_simple", "criminal_simple", "criminal_fast_track"])
def test_final_limits_cannot_be_extended(code):
    with pytest.raises(DomainError) as refused:
        route(code, length=Length(days=5))
    assert refused.value.code == DeadlineError.EXTENSION_NOT_ALLOWED


def test_administrative_extension_goes_to_the_high_court():
    assert route("admin_ordinary", length=Length(months=3)).approver == Approver.HIGH_COURT


def test_enforcement_further_extensions_stay_with_the_president():
    r = route("enforcement", [granted(ExtensionReason.ASSET_DISPOSAL, 3)], reason=ExtensionReason.RELATED_CASE,
              length=Length(months=3))
    assert (r.approver, r.ordinal) == (Approver.PRESIDENT, 2)


def test_one_pending_request_at_a_time():
    pending = ExtensionFacts(ExtensionReason.EVIDENCE, ExtensionStatus.REQUESTED, Length(months=6))
    with pytest.raises(DomainError) as refused:
        route("civil_ordinary", [pending], reason=ExtensionReason.COMPLEX_FACTS)
    assert refused.value.code == DeadlineError.EXTENSION_PENDING


def test_a_rejected_request_does_not_block_the_same_reason():
    rejected = ExtensionFacts(ExtensionReason.COMPLEX_FACTS, ExtensionStatus.REJECTED, Length(months=6))
    assert route("civil_ordinary", [rejected]).ordinal == 1


@pytest.mark.parametrize("status, approver, decision, expected", [
    (ExtensionStatus.REQUESTED, Approver.PRESIDENT, ExtensionDecision.APPROVE, ExtensionStatus.APPROVED),
    (ExtensionStatus.REQUESTED, Approver.PRESIDENT, ExtensionDecision.REJECT, ExtensionStatus.REJECTED),
    (ExtensionStatus.REQUESTED, Approver.HIGHER_COURT, ExtensionDecision.REPORT,
     ExtensionStatus.REPORTED_TO_HIGHER_COURT),
    (ExtensionStatus.REPORTED_TO_HIGHER_COURT, Approver.HIGHER_COURT, ExtensionDecision.HIGHER_COURT_APPROVED,
     ExtensionStatus.APPROVED),
])
def test_decisions(status, approver, decision, expected):
    assert domain.check_decision(status=status, approver=approver, decision=decision) == expected


@pytest.mark.parametrize("status, approver, decision, code", [
    (ExtensionStatus.REQUESTED, Approver.HIGHER_COURT, ExtensionDecision.APPROVE,
     DeadlineError.EXTENSION_NEEDS_HIGHER_COURT),
    (ExtensionStatus.REQUESTED, Approver.PRESIDENT, ExtensionDecision.REPORT, DeadlineError.EXTENSION_DECISION_INVALID),
    (ExtensionStatus.APPROVED, Approver.PRESIDENT, ExtensionDecision.APPROVE, DeadlineError.EXTENSION_ALREADY_DECIDED),
])
def test_refused_decisions(status, approver, decision, code):
    with pytest.raises(DomainError) as refused:
        domain.check_decision(status=status, approver=approver, decision=decision)
    assert refused.value.code == code


# --- long-pending tiers and alert levels --------------------------------------------------------------------------

FILED = date(2024, 1, 10)  # 6 months: 2024-07-10, 9: 2024-10-10, 12: 2025-01-10


@pytest.mark.parametrize("today, tier, approaching", [
    (date(2024, 6, 9), Tier.NONE, 0),
    (date(2024, 6, 10), Tier.REMINDER, 6),       # 30 days before 6 months
    (date(2024, 7, 10), Tier.REMINDER, 6),       # the last day of the 6th month
    (date(2024, 7, 11), Tier.WARNING, 0),        # past 6 months
    (date(2024, 9, 10), Tier.WARNING, 9),        # about to pass 9
    (date(2024, 10, 11), Tier.SUPERVISION, 0),   # past 9 months
    (date(2024, 12, 20), Tier.SUPERVISION, 12),
    (date(2025, 1, 11), Tier.COMMITTEE, 0),      # past 12 months
])
def test_long_pending_tiers(today, tier, approaching):
    th = domain.long_pending_thresholds(FILED)
    assert (th.six_months_on, th.nine_months_on, th.twelve_months_on) == (
        date(2024, 7, 10), date(2024, 10, 10), date(2025, 1, 10))
    assert domain.long_pending_tier(th, today, 30) == (tier, approaching)


@pytest.mark.parametrize("today, level", [
    (date(2024, 6, 9), AlertLevel.NONE), (date(2024, 6, 10), AlertLevel.DAYS_30),
    (date(2024, 6, 25), AlertLevel.DAYS_15), (date(2024, 7, 3), AlertLevel.DAYS_7),
    (date(2024, 7, 10), AlertLevel.DAYS_7), (date(2024, 7, 11), AlertLevel.OVERDUE),
])
def test_alert_levels(today, level):
    assert domain.alert_level(end_on=date(2024, 7, 10), is_paused=False, today=today,
                              alert_days=(30, 15, 7)) == level


def test_paused_and_no_limit_levels():
    assert domain.alert_level(end_on=date(2024, 7, 10), is_paused=True, today=TODAY,
                              alert_days=(30, 15, 7)) == AlertLevel.PAUSED
    assert domain.alert_level(end_on=None, is_paused=False, today=TODAY, alert_days=(30, 15, 7)) == AlertLevel.NO_LIMIT


# --- appeal transfer ------------------------------------------------------------------------------------------

def test_appeal_transfer_due_five_days_after_the_answer_period():
    # Served 2024-09-20: answer period 15 days → 2024-10-05 (国庆) → rolls to 2024-10-08; + 5 days → 2024-10-13
    # (Sunday) → 2024-10-14.
    due = domain.appeal_transfer_due(served_on=date(2024, 9, 20), answer_days=15, transfer_days=5, cal=CAL,
                                     rollover=True)
    assert (due.answer_ends_on, due.due_on) == (date(2024, 10, 8), date(2024, 10, 14))
    assert domain.transfer_alert_level(due_on=due.due_on, today=date(2024, 10, 12), warning_days=2) == "due_soon"
    assert domain.transfer_alert_level(due_on=due.due_on, today=date(2024, 10, 15), warning_days=2) == "overdue"
    assert domain.transfer_alert_level(due_on=due.due_on, today=date(2024, 10, 1), warning_days=2) == "none"


def test_months_after_matches_the_calendar_app():
    from yingshang.calendar.domain import shift_months

    for start in (date(2023, 8, 31), date(2024, 1, 31), date(2024, 2, 29), date(2023, 12, 15)):
        for months in (1, 3, 6, 9, 12, 18):
            assert domain.months_after(start, months) == shift_months(start, months)[0]


def test_plan_checks():
    domain.check_plan(target_on=TODAY, steps=[{"text": "开庭"}], today=TODAY)
    with pytest.raises(DomainError) as past:
        domain.check_plan(target_on=date(2024, 4, 30), steps=[{"text": "开庭"}], today=TODAY)
    assert past.value.code == DeadlineError.PLAN_TARGET_DATE
    with pytest.raises(DomainError) as empty:
        domain.check_plan(target_on=TODAY, steps=[{"text": " "}], today=TODAY)
    assert empty.value.code == DeadlineError.PLAN_STEPS_REQUIRED


@pytest.mark.parametrize("start, today, months", [
    (date(2024, 1, 10), date(2024, 1, 10), 0), (date(2024, 1, 10), date(2024, 2, 9), 0),
    (date(2024, 1, 10), date(2024, 2, 10), 1), (date(2023, 8, 31), date(2024, 2, 29), 6),
    (date(2023, 8, 31), date(2024, 2, 28), 5), (date(2024, 1, 10), date(2025, 1, 11), 12),
])
def test_full_months(start, today, months):
    assert domain.full_months(start, today) == months
