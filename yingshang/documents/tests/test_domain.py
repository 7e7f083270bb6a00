"""Pure rules: service dates (CPL 87–95), consent (CPL 90), appeal periods (CPL 171, 286; 解释 244), legal effect
(CPL 158), verification codes, generation fields. No database."""

from datetime import date

import pytest

from yingshang.core.errors import DomainError
from yingshang.documents import domain
from yingshang.documents.choices import DocumentKind, ServiceMethod
from yingshang.documents.errors import DocumentError

KEY = b"test-key"


def test_public_notice_is_deemed_served_30_days_after_publication():
    assert domain.deemed_served_on(method=ServiceMethod.PUBLIC_NOTICE, event_on=date(2024, 3, 1)) == date(2024, 3, 31)


def test_public_notice_to_a_party_without_domicile_in_china_takes_60_days():
    assert domain.deemed_served_on(method=ServiceMethod.PUBLIC_NOTICE, event_on=date(2024, 3, 1),
                                   has_domicile_in_china=False) == date(2024, 4, 30)


@pytest.mark.parametrize("method", [ServiceMethod.SMS, ServiceMethod.EMAIL, ServiceMethod.INBOX, ServiceMethod.POST,
                                    ServiceMethod.IN_PERSON, ServiceMethod.LEFT_AT_RESIDENCE,
                                    ServiceMethod.THROUGH_UNIT, ServiceMethod.GRID])
def test_other_methods_are_served_on_the_event_date(method):
    assert domain.deemed_served_on(method=method, event_on=date(2024, 10, 5)) == date(2024, 10, 5)


def test_unknown_method_is_refused():
    with pytest.raises(DomainError) as refused:
        domain.deemed_served_on(method="pigeon", event_on=date(2024, 1, 2))
    assert refused.value.code == DocumentError.METHOD_UNKNOWN


@pytest.mark.parametrize("method", [ServiceMethod.LEFT_AT_RESIDENCE, ServiceMethod.PUBLIC_NOTICE])
def test_mediation_agreement_is_never_left_at_residence_or_published(method):
    with pytest.raises(DomainError) as refused:
        domain.method_allowed_for(method=method, kind=DocumentKind.MEDIATION_AGREEMENT)
    assert refused.value.code == DocumentError.METHOD_NOT_ALLOWED
    domain.method_allowed_for(method=method, kind=DocumentKind.JUDGMENT)


CONSENT = domain.ConsentFacts(methods=("sms", "inbox"), covers_decisions=False, consented_on=date(2024, 6, 1))


def test_electronic_service_without_consent_is_refused():
    with pytest.raises(DomainError) as refused:
        domain.consent_check(consent=None, method=ServiceMethod.SMS, is_decision=False, on=date(2024, 6, 5))
    assert refused.value.code == DocumentError.CONSENT_REQUIRED


def test_consent_given_later_or_withdrawn_does_not_cover_the_day():
    with pytest.raises(DomainError) as early:
        domain.consent_check(consent=CONSENT, method="sms", is_decision=False, on=date(2024, 5, 31))
    assert early.value.code == DocumentError.CONSENT_REQUIRED
    withdrawn = domain.ConsentFacts(methods=("sms",), covers_decisions=True, consented_on=date(2024, 6, 1),
                                    withdrawn_on=date(2024, 6, 10))
    domain.consent_check(consent=withdrawn, method="sms", is_decision=True, on=date(2024, 6, 9))
    with pytest.raises(DomainError) as late:
        domain.consent_check(consent=withdrawn, method="sms", is_decision=True, on=date(2024, 6, 10))
    assert late.value.code == DocumentError.CONSENT_REQUIRED


def test_consent_must_name_the_method_and_include_decisions_when_serving_one():
    with pytest.raises(DomainError) as method:
        domain.consent_check(consent=CONSENT, method="email", is_decision=False, on=date(2024, 6, 5))
    assert method.value.code == DocumentError.CONSENT_METHOD
    with pytest.raises(DomainError) as decisions:
        domain.consent_check(consent=CONSENT, method="sms", is_decision=True, on=date(2024, 6, 5))
    assert decisions.value.code == DocumentError.CONSENT_DECISIONS
    domain.consent_check(consent=CONSENT, method="inbox", is_decision=False, on=date(2024, 6, 5))


def test_non_electronic_methods_need_no_consent():
    domain.consent_check(consent=None, method=ServiceMethod.POST, is_decision=True, on=date(2024, 6, 5))


@pytest.mark.parametrize("kind, domicile, criminal, days", [
    (DocumentKind.JUDGMENT, True, False, 15), (DocumentKind.RULING, True, False, 10),
    (DocumentKind.JUDGMENT, False, False, 30), (DocumentKind.RULING, False, False, 30),
    (DocumentKind.JUDGMENT, True, True, 10), (DocumentKind.RULING, True, True, 5),
])
def test_appeal_days(kind, domicile, criminal, days):
    assert domain.appeal_days(decision_kind=kind, has_domicile_in_china=domicile, is_criminal=criminal) == days


def test_mediation_agreement_has_no_appeal_period():
    with pytest.raises(DomainError) as refused:
        domain.appeal_days(decision_kind=DocumentKind.MEDIATION_AGREEMENT, has_domicile_in_china=True)
    assert refused.value.code == DocumentError.NOT_APPEALABLE


def test_appeal_in_time_is_judged_against_the_appellants_own_last_day():
    assert domain.appeal_in_time(filed_on=date(2024, 10, 8), last_day_on=date(2024, 10, 8)) is True
    assert domain.appeal_in_time(filed_on=date(2024, 10, 9), last_day_on=date(2024, 10, 8)) is False
    assert domain.appeal_in_time(filed_on=date(2024, 10, 9), last_day_on=None) is True


# The rule book's example: served 2024-09-10 and 2024-09-20, 15 days each; the later ends 2024-10-05, a National Day
# holiday, so on 2024-10-08 (the calendar does the rollover; these are its results).
CLOCKS = [domain.PartyClock(1, date(2024, 9, 10), date(2024, 9, 25)),
          domain.PartyClock(2, date(2024, 9, 20), date(2024, 10, 8))]


def test_effective_the_day_after_the_last_period_of_all_parties():
    assert domain.decision_effect(is_appealable=True, clocks=CLOCKS, has_appeal_in_time=False,
                                  today=date(2024, 10, 8), offset_days=1).is_effective is False
    outcome = domain.decision_effect(is_appealable=True, clocks=CLOCKS, has_appeal_in_time=False,
                                     today=date(2024, 10, 9), offset_days=1)
    assert outcome == domain.EffectOutcome(True, date(2024, 10, 8), date(2024, 10, 9), (), "上诉期届满无人上诉")


def test_the_effective_date_convention_is_a_parameter():
    outcome = domain.decision_effect(is_appealable=True, clocks=CLOCKS, has_appeal_in_time=False,
                                     today=date(2024, 10, 20), offset_days=0)
    assert (outcome.last_appeal_day, outcome.effective_on) == (date(2024, 10, 8), date(2024, 10, 8))


def test_an_appeal_in_time_or_an_unserved_party_keeps_it_from_effect():
    assert domain.decision_effect(is_appealable=True, clocks=CLOCKS, has_appeal_in_time=True,
                                  today=date(2024, 12, 1), offset_days=1).is_effective is False
    unserved = CLOCKS + [domain.PartyClock(3, None, None)]
    outcome = domain.decision_effect(is_appealable=True, clocks=unserved, has_appeal_in_time=False,
                                     today=date(2024, 12, 1), offset_days=1)
    assert (outcome.is_effective, outcome.unserved_party_ids) == (False, (3,))


def test_a_final_decision_takes_effect_on_the_last_service():
    clocks = [domain.PartyClock(1, date(2024, 9, 10), None), domain.PartyClock(2, date(2024, 9, 12), None)]
    outcome = domain.decision_effect(is_appealable=False, clocks=clocks, has_appeal_in_time=False,
                                     today=date(2024, 9, 12), offset_days=1)
    assert (outcome.is_effective, outcome.effective_on, outcome.last_appeal_day) == (True, date(2024, 9, 12), None)


def test_verification_code_round_trip_and_typing_forgiveness():
    code = domain.verification_code_make(body="ABCD2345", key=KEY)
    assert len(code) == 10 and code.startswith("ABCD2345")
    typed = domain.verification_code_display(code).lower()
    assert domain.verification_code_check(raw=typed, key=KEY) == code


def test_an_altered_code_fails_its_check_characters():
    code = domain.verification_code_make(body="ABCD2345", key=KEY)
    refused = 0
    for i in range(domain.CODE_BODY_LENGTH):
        for ch in domain.CODE_ALPHABET:
            if ch == code[i]:
                continue
            altered = code[:i] + ch + code[i + 1:]
            try:
                domain.verification_code_check(raw=altered, key=KEY)
            except DomainError as exc:
                assert exc.code == DocumentError.CODE_INVALID
                refused += 1
    # 8 positions × 31 substitutions; two check characters (1 in 1024 collisions) catch nearly all of them.
    assert refused >= 8 * 31 - 2


def test_a_code_made_with_another_key_is_refused():
    forged = domain.verification_code_make(body="ABCD2345", key=b"someone-else")
    with pytest.raises(DomainError) as refused:
        domain.verification_code_check(raw=forged, key=KEY)
    assert refused.value.code == DocumentError.CODE_INVALID


@pytest.mark.parametrize("raw", ["", "ABC", "ABCD2345UU", "ABCD2345ABC"])
def test_malformed_codes_are_refused(raw):
    with pytest.raises(DomainError) as refused:
        domain.verification_code_normalise(raw)
    assert refused.value.code == DocumentError.CODE_INVALID


def test_generation_fields_are_checked_per_kind():
    assert domain.generation_input_check(kind=DocumentKind.PAYMENT_NOTICE, data={"amount_yuan": "50"},
                                         has_addressee=True) == {"amount_yuan": "50.00"}
    with pytest.raises(DomainError) as missing:
        domain.generation_input_check(kind=DocumentKind.SUMMONS, data={"place": "第一法庭"}, has_addressee=True)
    assert missing.value.detail == {"field": "hearing_at"}
    with pytest.raises(DomainError) as unknown:
        domain.generation_input_check(kind=DocumentKind.SUMMONS, data={"hearing_at": "2024-07-01T09:00",
                                                                       "place": "第一法庭", "plcae": "x"},
                                      has_addressee=True)
    assert unknown.value.detail == {"unknown": ["plcae"]}
    with pytest.raises(DomainError) as addressee:
        domain.generation_input_check(kind=DocumentKind.SUMMONS, data={}, has_addressee=False)
    assert addressee.value.code == DocumentError.FIELD_REQUIRED


def test_document_number_and_rates():
    assert domain.document_number(court_code="鄂2826", year=2024, sequence=12) == "（2024）鄂2826文书第000012号"
    assert domain.rate_percent(7, 10) == "70.00"
    assert domain.rate_percent(2, 3) == "66.67"
    assert domain.rate_percent(0, 0) is None


def test_default_appealability():
    assert domain.decision_is_appealable(kind=DocumentKind.JUDGMENT, procedure="simple") is True
    assert domain.decision_is_appealable(kind=DocumentKind.JUDGMENT, procedure="small_claims") is False
    assert domain.decision_is_appealable(kind=DocumentKind.RULING, procedure="second_instance") is False
    assert domain.decision_is_appealable(kind=DocumentKind.MEDIATION_AGREEMENT, procedure="ordinary") is False
