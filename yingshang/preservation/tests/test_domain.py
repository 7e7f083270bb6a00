"""The pure rules, without a database: ruling clocks, security, terms and renewal, claim matching, 活封."""

from datetime import date

import pytest

from yingshang.core.errors import DomainError
from yingshang.preservation import domain
from yingshang.preservation.errors import PreservationError

AMOUNT = 100_000_000  # 1,000,000 yuan in fen


def test_ruling_clocks():
    assert domain.ruling_clock(kind="litigation", is_urgent=False) == domain.RulingClock(days=5)
    assert domain.ruling_clock(kind="litigation", is_urgent=True) == domain.RulingClock(hours=48)
    assert domain.ruling_clock(kind="pre_litigation", is_urgent=False) == domain.RulingClock(hours=48)
    assert domain.ruling_clock(kind="pre_enforcement", is_urgent=False) == domain.RulingClock(days=5)
    with pytest.raises(DomainError) as refused:
        domain.ruling_clock(kind="arbitration", is_urgent=False)
    assert refused.value.code == PreservationError.KIND_INVALID


def test_in_litigation_security_is_at_most_thirty_percent():
    ok = domain.security_check(kind="litigation", amount_fen=AMOUNT, is_required=True, security_fen=30_000_000)
    assert ok == domain.SecurityDecision(is_required=True, security_fen=30_000_000, waiver_ground="")
    with pytest.raises(DomainError) as refused:
        domain.security_check(kind="litigation", amount_fen=AMOUNT, is_required=True, security_fen=30_000_001)
    assert (refused.value.code, refused.value.detail["maximum_fen"]) == (PreservationError.SECURITY_TOO_HIGH,
                                                                         30_000_000)


def test_waiver_grounds_follow_article_9():
    waived = domain.security_check(kind="litigation", amount_fen=AMOUNT, is_required=False, security_fen=None,
                                   waiver_ground="financial_institution")
    assert waived == domain.SecurityDecision(is_required=False, security_fen=0, waiver_ground="financial_institution")
    # ¶2 (an effective document) is for the time before enforcement, not for litigation.
    with pytest.raises(DomainError) as refused:
        domain.security_check(kind="litigation", amount_fen=AMOUNT, is_required=False, security_fen=None,
                              waiver_ground="effective_document")
    assert refused.value.code == PreservationError.SECURITY_WAIVER_GROUND
    assert domain.security_check(kind="pre_enforcement", amount_fen=AMOUNT, is_required=False, security_fen=None,
                                 waiver_ground="effective_document").waiver_ground == "effective_document"
    with pytest.raises(DomainError) as refused:
        domain.security_check(kind="litigation", amount_fen=AMOUNT, is_required=False, security_fen=None)
    assert refused.value.code == PreservationError.SECURITY_WAIVER_GROUND


def test_pre_litigation_security_is_never_waived_and_equals_the_amount():
    with pytest.raises(DomainError) as refused:
        domain.security_check(kind="pre_litigation", amount_fen=AMOUNT, is_required=False, security_fen=None,
                              waiver_ground="financial_institution")
    assert refused.value.code == PreservationError.SECURITY_WAIVER_NOT_ALLOWED
    assert domain.security_check(kind="pre_litigation", amount_fen=AMOUNT, is_required=True,
                                 security_fen=AMOUNT).security_fen == AMOUNT
    with pytest.raises(DomainError) as refused:
        domain.security_check(kind="pre_litigation", amount_fen=AMOUNT, is_required=True, security_fen=50_000_000)
    assert refused.value.code == PreservationError.SECURITY_TOO_LOW
    # Eased only with a reason (CPL-Interp 152).
    assert domain.security_check(kind="pre_litigation", amount_fen=AMOUNT, is_required=True, security_fen=50_000_000,
                                 adjustment_reason="申请人为小微企业，以厂房抵押").security_fen == 50_000_000


@pytest.mark.parametrize("kind, taken_on, convention, expected", [
    ("bank_deposit", date(2024, 3, 15), "corresponding_day", date(2025, 3, 15)),
    ("bank_deposit", date(2024, 3, 15), "day_before", date(2025, 3, 14)),
    ("movable", date(2024, 3, 15), "corresponding_day", date(2026, 3, 15)),
    ("real_estate", date(2024, 2, 29), "corresponding_day", date(2027, 2, 28)),
    ("other_right", date(2024, 6, 30), "corresponding_day", date(2027, 6, 30)),
])
def test_terms_per_kind_of_property(kind, taken_on, convention, expected):
    assert domain.term_end(property_kind=kind, taken_on=taken_on, convention=convention) == expected


def test_a_printed_term_may_not_exceed_the_maximum():
    assert domain.term_check(property_kind="bank_deposit", taken_on=date(2024, 3, 15),
                             expires_on=date(2025, 3, 14)) == date(2025, 3, 14)
    with pytest.raises(DomainError) as refused:
        domain.term_check(property_kind="bank_deposit", taken_on=date(2024, 3, 15), expires_on=date(2025, 3, 16))
    assert refused.value.code == PreservationError.TERM_TOO_LONG


def test_renewal_request_seven_days_before_expiry():
    expires = date(2025, 3, 15)
    assert domain.renewal_request_check(expires_on=expires, requested_on=date(2025, 3, 8)) == \
        domain.RenewalRequest(is_late=False, latest_timely_on=date(2025, 3, 8))
    assert domain.renewal_request_check(expires_on=expires, requested_on=date(2025, 3, 9)).is_late is True
    assert domain.renewal_request_check(expires_on=expires, requested_on=expires).is_late is True
    with pytest.raises(DomainError) as refused:
        domain.renewal_request_check(expires_on=expires, requested_on=date(2025, 3, 16))
    assert refused.value.code == PreservationError.RENEWAL_AFTER_EXPIRY


def test_a_renewal_runs_on_from_the_old_last_day():
    assert domain.renewal_end(property_kind="bank_deposit", expires_on=date(2025, 3, 15)) == date(2026, 3, 15)
    assert domain.renewal_end(property_kind="movable", expires_on=date(2025, 3, 15),
                              new_expires_on=date(2026, 1, 31)) == date(2026, 1, 31)
    with pytest.raises(DomainError) as refused:
        domain.renewal_end(property_kind="bank_deposit", expires_on=date(2025, 3, 15), new_expires_on=date(2026, 3, 16))
    assert refused.value.code == PreservationError.TERM_TOO_LONG


def test_claim_matching():
    match = domain.claim_match(granted_fen=20_000_000, costs_fen=152_000, preserved_fen=45_000_000)
    assert (match.limit_fen, match.excess_fen, match.is_over_limit) == (20_152_000, 24_848_000, True)
    assert domain.claim_match(granted_fen=20_000_000, costs_fen=0, preserved_fen=20_000_000).excess_fen == 0


@pytest.mark.parametrize("kwargs, code", [
    ({"excess_fen": 0, "release_fen": 1, "measure_value_fen": 10, "is_divisible": True}, PreservationError.NO_EXCESS),
    ({"excess_fen": 5, "release_fen": 1, "measure_value_fen": 10, "is_divisible": False}, PreservationError.INDIVISIBLE),
    ({"excess_fen": 5, "release_fen": 6, "measure_value_fen": 10, "is_divisible": True},
     PreservationError.RELEASE_ABOVE_EXCESS),
    ({"excess_fen": 50, "release_fen": 10, "measure_value_fen": 10, "is_divisible": True},
     PreservationError.AMOUNT_INVALID),
])
def test_excess_release_refusals(kwargs, code):
    with pytest.raises(DomainError) as refused:
        domain.excess_release_check(**kwargs)
    assert refused.value.code == code


def test_factory_buildings_and_machinery_are_always_live_sealed():
    assert domain.is_live_seal(is_factory_or_machinery=True, requested=False) is True
    assert domain.is_live_seal(is_factory_or_machinery=False, requested=False) is False
    assert domain.is_live_seal(is_factory_or_machinery=False, requested=True) is True
