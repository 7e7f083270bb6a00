"""Triage suggestions with their reasons on typical cases (no database). The criteria below are the seeded defaults
(migration 0002); the wage row is a test figure (W = 100,000.00 yuan → 50,000 / 200,000)."""

from datetime import date

import pytest

from yingshang.cases.choices import Procedure
from yingshang.core.errors import DomainError
from yingshang.filing.errors import FilingError
from yingshang.filing.triage import (
    Criterion, Threshold, TriageFacts, check_criterion, small_claims_limits, suggest, threshold_pick,
)
from yingshang.org.choices import TeamKind

CRITERIA = [
    Criterion("few_parties", "当事人不超过2人", "simple", "party_count", "at_most", 2, 1),
    Criterion("money_claim", "单纯金钱给付", "simple", "is_money_claim", "is_true", None, 1),
    Criterion("typical_cause", "常见简单案由", "simple", "is_typical_simple_cause", "is_true", None, 1),
    Criterion("many_parties", "当事人5人以上", "complex", "party_count", "at_least", 5, 1),
    Criterion("foreign", "有涉外因素", "complex", "has_foreign_element", "is_true", None, 2),
    Criterion("appraisal", "需要评估、鉴定", "complex", "needs_appraisal", "is_true", None, 1),
    Criterion("counterclaim", "被告提出反诉", "complex", "has_counterclaim", "is_true", None, 1),
    Criterion("novel", "新类型或疑难复杂", "complex", "is_novel_or_difficult", "is_true", None, 2),
]
HUBEI = Threshold("湖北省", 2023, 100_000_00, date(2024, 7, 1), True)
YUAN = 100


def run(threshold=HUBEI, **facts):
    return suggest(TriageFacts(**facts), criteria=CRITERIA, threshold=threshold, complex_threshold=2,
                   fast_track_min_score=2)


def codes(suggestion):
    """The reason codes without the closing team reason (team_financial / team_fast_track)."""
    return [r.code for r in suggestion.reasons if not r.code.startswith("team_")]


def legal(suggestion):
    return [r for r in suggestion.reasons if not r.code.startswith("team_")]


# --- Thresholds --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("wage_yuan, limit_yuan, agreed_yuan", [
    (91_413, 45_707, 182_826),     # Hunan 2023-11 (2022 data)
    (121_724, 60_862, 243_448),    # Jiangsu from 2024-01-06
    (108_645, 54_323, 217_290),    # Zhejiang from 2022-01-11
])
def test_published_thresholds_round_half_up_to_the_yuan(wage_yuan, limit_yuan, agreed_yuan):
    assert small_claims_limits(wage_yuan * YUAN) == (limit_yuan * YUAN, agreed_yuan * YUAN)


def test_threshold_in_force_is_the_latest_published():
    rows = [Threshold("湖北省", 2022, 90_000_00, date(2023, 7, 1), False), HUBEI,
            Threshold("湖南省", 2023, 91_413_00, date(2023, 11, 1), True)]
    assert threshold_pick(rows, province="湖北省", on=date(2024, 6, 30)).wage_year == 2022
    assert threshold_pick(rows, province="湖北省", on=date(2024, 7, 1)).wage_year == 2023
    assert threshold_pick(rows, province="湖北省", on=date(2023, 1, 1)) is None


# --- Civil -------------------------------------------------------------------------------------------------------

def test_amount_below_half_is_small_claims():
    s = run(claim_amount_fen=30_000 * YUAN)
    assert s.procedure == Procedure.SMALL_CLAIMS
    assert codes(s) == ["cpl160", "criterion:few_parties", "criterion:money_claim", "sc_within_50"]
    assert legal(s)[-1].text == ("标的额30000.00元，未超过湖北省2023年度就业人员年平均工资100000.00元（自2024年7月1日起适用）"
                                  "的50%即50000.00元，应当适用小额诉讼程序，一审终审")
    assert legal(s)[-1].basis == "民事诉讼法第165条第1款"
    assert (s.simple_score, s.complex_score, s.is_fast_track, s.team_kind) == (2, 0, True, TeamKind.FAST_TRACK)
    assert s.reasons[-1].text == "简案指标合计2分（≥2）且无繁案指标，建议由速裁团队快速审理"


def test_exactly_half_is_still_small_claims():
    assert run(claim_amount_fen=50_000 * YUAN).procedure == Procedure.SMALL_CLAIMS
    assert run(claim_amount_fen=50_000 * YUAN + 1).procedure == Procedure.SIMPLE


def test_between_half_and_double_without_agreement_is_simple():
    s = run(claim_amount_fen=120_000 * YUAN)
    assert s.procedure == Procedure.SIMPLE
    assert codes(s)[-2:] == ["sc_needs_agreement", "mandatory_simple"]
    assert legal(s)[-1].basis == "最高法延长审限和延期开庭规定第4条"


def test_between_half_and_double_with_agreement_is_small_claims():
    s = run(claim_amount_fen=120_000 * YUAN, parties_agree_small_claims=True)
    assert (s.procedure, codes(s)[-1]) == (Procedure.SMALL_CLAIMS, "sc_agreed")
    assert legal(s)[-1].basis == "民事诉讼法第165条第2款"


def test_above_double_is_simple_not_small_claims_even_with_agreement():
    s = run(claim_amount_fen=200_001 * YUAN, parties_agree_small_claims=True)
    assert (s.procedure, codes(s)[-1]) == (Procedure.SIMPLE, "sc_over_200")


@pytest.mark.parametrize("fact, text", [
    ("is_personal_status_or_ownership", "不适用小额诉讼程序：人身关系、财产确权案件"),
    ("needs_appraisal", "不适用小额诉讼程序：需要评估、鉴定或者对诉前评估、鉴定结果有异议"),
    ("has_counterclaim", "不适用小额诉讼程序：当事人提出反诉"),
])
def test_cpl_166_exclusions_keep_a_small_amount_out_of_small_claims(fact, text):
    s = run(claim_amount_fen=10_000 * YUAN, **{fact: True})
    assert s.procedure == Procedure.SIMPLE
    assert text in [r.text for r in s.reasons]
    assert "sc_within_50" not in codes(s)


def test_foreign_element_weighs_enough_for_the_ordinary_procedure():
    s = run(claim_amount_fen=10_000 * YUAN, has_foreign_element=True)
    assert s.procedure == Procedure.ORDINARY
    assert codes(s)[-1] == "complex_score" and s.complex_score == 2
    assert "criterion:foreign" in codes(s)


def test_two_light_complexity_indicators_add_up():
    s = run(claim_amount_fen=10_000 * YUAN, needs_appraisal=True, has_counterclaim=True)
    assert (s.procedure, s.complex_score) == (Procedure.ORDINARY, 2)


@pytest.mark.parametrize("fact, code", [("party_missing", "party_missing"), ("is_numerous_party", "numerous_party"),
                                        ("needs_public_notice_service", "public_notice"),
                                        ("is_remanded_or_retrial", "remanded_or_retrial"),
                                        ("involves_public_interest", "public_interest")])
def test_legal_exclusions_from_the_simple_procedure(fact, code):
    s = run(claim_amount_fen=5_000 * YUAN, **{fact: True})
    assert s.procedure == Procedure.ORDINARY
    assert codes(s)[0] == code
    assert s.reasons[0].text.startswith("不得适用简易程序：")


def test_unclear_facts_ordinary_unless_the_parties_agree_to_simple():
    s = run(claim_amount_fen=5_000 * YUAN, facts_clear=False, little_dispute=False)
    assert (s.procedure, s.reasons[0].text) == (Procedure.ORDINARY, "不符合简易程序条件：不满足事实清楚、争议不大")
    agreed = run(claim_amount_fen=5_000 * YUAN, facts_clear=False, parties_agree_simple=True)
    assert agreed.procedure == Procedure.SIMPLE
    assert "sc_not_simple" in codes(agreed)  # agreement opens simple procedure, not small claims


def test_unconfirmed_wage_row_is_said_in_the_reasons():
    s = run(threshold=Threshold("湖北省", 2023, 100_000_00, date(2024, 7, 1), False), claim_amount_fen=30_000 * YUAN)
    assert s.procedure == Procedure.SMALL_CLAIMS
    assert "sc_unconfirmed" in codes(s)
    assert "尚未核实（UNCONFIRMED）" in s.reasons[codes(s).index("sc_unconfirmed")].text


def test_no_wage_row_no_small_claims():
    s = run(threshold=None, claim_amount_fen=30_000 * YUAN)
    assert (s.procedure, codes(s)[-1]) == (Procedure.SIMPLE, "sc_no_threshold")


def test_non_money_claim_is_not_small_claims():
    s = run(claim_amount_fen=0, is_money_claim=False)
    assert s.procedure == Procedure.SIMPLE and "sc_not_money" in codes(s)


def test_financial_cases_go_to_the_financial_team():
    s = run(claim_amount_fen=30_000 * YUAN, is_financial=True, is_typical_simple_cause=True)
    assert (s.procedure, s.team_kind) == (Procedure.SMALL_CLAIMS, TeamKind.FINANCIAL)
    assert s.reasons[-1].code == "team_financial"


def test_no_fast_track_below_the_simple_score():
    s = run(claim_amount_fen=30_000 * YUAN, party_count=3)  # only 单纯金钱给付 matches: 1 point
    assert (s.procedure, s.is_fast_track, s.team_kind) == (Procedure.SMALL_CLAIMS, False, TeamKind.GENERAL)


# --- Criminal, administrative, other types ----------------------------------------------------------------------

def test_criminal_fast_track():
    s = run(type_code="刑初", admits_guilt_and_accepts_punishment=True, defendant_agrees_procedure=True)
    assert (s.procedure, s.team_kind, codes(s)) == (Procedure.FAST_TRACK, TeamKind.FAST_TRACK, ["crpl222"])


def test_criminal_over_three_years_is_simple_with_plea():
    s = run(type_code="刑初", possible_sentence_over_3_years=True, admits_guilt_and_accepts_punishment=True,
            defendant_agrees_procedure=True)
    assert (s.procedure, codes(s)) == (Procedure.SIMPLE, ["crpl222_sentence", "crpl214"])


def test_criminal_without_plea_is_ordinary():
    s = run(type_code="刑初")
    assert s.procedure == Procedure.ORDINARY
    assert s.reasons[-1].text == "不满足简易程序条件：被告人认罪、被告人同意"


def test_administrative_simple_only_on_the_listed_grounds_or_agreement():
    assert run(type_code="行初", admin_simple_ground=True).procedure == Procedure.SIMPLE
    assert run(type_code="行初", parties_agree_simple=True).procedure == Procedure.SIMPLE
    assert run(type_code="行初").procedure == Procedure.ORDINARY
    assert run(type_code="行初", admin_simple_ground=True, is_remanded_or_retrial=True).procedure == \
        Procedure.ORDINARY


def test_other_types_keep_their_procedure_and_team_by_rule():
    enforcement = run(type_code="执", is_financial=True)
    assert (enforcement.procedure, enforcement.team_kind) == (Procedure.ENFORCEMENT, TeamKind.ENFORCEMENT_FINANCIAL)
    assert run(type_code="民特").procedure == Procedure.SPECIAL


def test_bad_facts_refused():
    with pytest.raises(DomainError) as caught:
        run(claim_amount_fen=-1)
    assert caught.value.code == FilingError.TRIAGE_FACT_INVALID


# --- Criteria ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("criterion", [
    Criterion("x", "x", "simple", "no_such_fact", "is_true"),
    Criterion("x", "x", "simple", "needs_appraisal", "at_most", 3),
    Criterion("x", "x", "complex", "party_count", "is_true"),
    Criterion("x", "x", "complex", "party_count", "at_least", None),
    Criterion("x", "x", "complex", "party_count", "at_least", 3, weight=11),
    Criterion("x", "x", "other", "party_count", "at_least", 3),
])
def test_bad_criteria_refused(criterion):
    with pytest.raises(DomainError) as caught:
        check_criterion(criterion)
    assert caught.value.code == FilingError.CRITERION_INVALID
