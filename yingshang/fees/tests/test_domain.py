"""The fee calculator and the sharing rules, without a database. The worked examples are those of
../shared/domain/rules-fees-periods-case-numbers.md §1.10, asserted to the fen."""

from fractions import Fraction

import pytest

from yingshang.core.errors import DomainError
from yingshang.fees.choices import AllocationManner, FeeType
from yingshang.fees.domain import (
    LocalFees, ShareInput, acceptance_fee, allocate_fee, bankruptcy_fee, check_reduction,
    conversion_default_refund, execution_fee, fee_quote, payment_order_fee, preservation_fee, property_fee_exact,
    settle_party, split_by_success,
)
from yingshang.fees.errors import FeeError

Y = 100  # fen per yuan


def fee(**kwargs) -> int:
    return fee_quote(**kwargs).fee_fen


# --- FM 13(1): every band, at its end and inside it ------------------------------------------------

@pytest.mark.parametrize("claim_yuan, fee_yuan", [
    (0, 50), (1, 50), (10_000, 50),
    (10_000.01, Fraction(5000025, 100000)),  # 50 + 0.01 × 2.5% → 50.00025
    (50_000, 1_050), (100_000, 2_300),
    (150_000, 3_300), (200_000, 4_300),
    (300_000, 5_800), (500_000, 8_800),
    (800_000, 11_800), (1_000_000, 13_800),
    (1_500_000, 18_300), (2_000_000, 22_800),
    (3_000_000, 30_800), (5_000_000, 46_800),
    (8_000_000, 67_800), (10_000_000, 81_800),
    (15_000_000, 111_800), (20_000_000, 141_800),
    (25_000_000, 166_800), (100_000_000, 541_800),
])
def test_property_fee_in_every_band(claim_yuan, fee_yuan):
    claim_fen = round(claim_yuan * Y)
    assert property_fee_exact(claim_fen)[0] == Fraction(fee_yuan) * Y


@pytest.mark.parametrize("band_end, closed_form", [
    (100_000, lambda x: Fraction(25, 1000) * x - 200), (200_000, lambda x: Fraction(2, 100) * x + 300),
    (500_000, lambda x: Fraction(15, 1000) * x + 1_300), (1_000_000, lambda x: Fraction(1, 100) * x + 3_800),
    (2_000_000, lambda x: Fraction(9, 1000) * x + 4_800), (5_000_000, lambda x: Fraction(8, 1000) * x + 6_800),
    (10_000_000, lambda x: Fraction(7, 1000) * x + 11_800), (20_000_000, lambda x: Fraction(6, 1000) * x + 21_800),
    (40_000_000, lambda x: Fraction(5, 1000) * x + 41_800),
])
def test_band_sums_agree_with_the_closed_forms_just_below_each_band_end(band_end, closed_form):
    x = band_end - 1
    assert property_fee_exact(x * Y)[0] == closed_form(x) * Y


# --- §1.10 worked examples, exactly -------------------------------------------------------------------

def test_example_1_claim_one_million_ordinary():
    quote = fee_quote(fee_type="acceptance", amount_fen=1_000_000 * Y)
    assert quote.fee_fen == 13_800 * Y
    assert quote.steps == (
        "诉讼请求金额 1,000,000.00 元，按财产案件标准分段累计计算",
        "不超过1万元的部分：每件交纳 50 元",
        "超过1万元至10万元的部分 90,000 元 × 2.5% = 2,250 元",
        "超过10万元至20万元的部分 100,000 元 × 2% = 2,000 元",
        "超过20万元至50万元的部分 300,000 元 × 1.5% = 4,500 元",
        "超过50万元至100万元的部分 500,000 元 × 1% = 5,000 元",
        "合计 13,800 元",
        "应交纳 13,800.00 元",
    )
    assert quote.basis == "《诉讼费用交纳办法》第十三条第（一）项"
    assert not quote.is_halved


def test_example_2_simple_procedure_halves():
    quote = fee_quote(fee_type="acceptance", amount_fen=1_000_000 * Y, procedure="simple")
    assert (quote.fee_fen, quote.full_fee_fen, quote.is_halved) == (6_900 * Y, 13_800 * Y, True)
    assert quote.basis == "《诉讼费用交纳办法》第十三条第（一）项；《诉讼费用交纳办法》第十六条"


def test_example_3_simple_then_mediated_halves_only_once():
    quote = fee_quote(fee_type="acceptance", amount_fen=1_000_000 * Y, procedure="simple", outcome="mediated")
    assert quote.fee_fen == 6_900 * Y
    assert "多项减半事由并存，只减半一次（《民诉法解释》第二百零六条）" in quote.steps
    assert quote.basis.endswith("《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百零六条")


def test_example_4_ordinary_mediated_refunds_the_half():
    quote = fee_quote(fee_type="acceptance", amount_fen=1_000_000 * Y, outcome="mediated")
    assert quote.fee_fen == 6_900 * Y
    assert settle_party(prepaid_fen=13_800 * Y, borne_fen=quote.fee_fen).refund_fen == 6_900 * Y


def test_example_5_conversion_not_topped_up_refunds_half_of_what_was_collected():
    assert conversion_default_refund(prepaid_fen=6_900 * Y) == 3_450 * Y


def test_example_6_fen_rounding_half_up_and_halving_before_rounding():
    ordinary = fee_quote(fee_type="acceptance", amount_fen=12_345_678)
    assert ordinary.fee_fen == 276_914
    assert "超过10万元至20万元的部分 23,456.78 元 × 2% = 469.1356 元" in ordinary.steps
    assert "四舍五入至分：2,769.14 元" in ordinary.steps
    simple = fee_quote(fee_type="acceptance", amount_fen=12_345_678, procedure="simple")
    assert simple.fee_fen == 138_457
    assert "2,769.1356 元 ÷ 2 = 1,384.5678 元" in simple.steps


def test_example_7_claim_25_million():
    assert fee(fee_type="acceptance", amount_fen=25_000_000 * Y) == 166_800 * Y


def test_example_8_appeal_on_600k():
    assert fee(fee_type="acceptance", amount_fen=600_000 * Y) == 9_800 * Y


def test_example_9_counterclaim_heard_together_is_halved():
    quote = acceptance_fee(amount_fen=200_000 * Y, is_counterclaim=True)
    assert quote.fee_fen == 2_150 * Y
    assert "《诉讼费用交纳办法》第十八条" in quote.basis


def test_example_10_partial_win_split():
    assert split_by_success(total_fee_fen=2_300 * Y, claimed_fen=100_000 * Y, awarded_fen=60_000 * Y) == \
        (920 * Y, 1_380 * Y)


def test_example_11_execution_300k():
    quote = execution_fee(amount_fen=300_000 * Y)
    assert quote.fee_fen == 4_400 * Y
    assert "超过1万元至50万元的部分 290,000 元 × 1.5% = 4,350 元" in quote.steps


def test_example_12_execution_6m_and_20m():
    assert fee(fee_type="execution", amount_fen=6_000_000 * Y) == 57_400 * Y
    assert fee(fee_type="execution", amount_fen=20_000_000 * Y) == 87_400 * Y


def test_example_13_preservation_cap_and_bands():
    capped = preservation_fee(amount_fen=2_000_000 * Y)
    assert (capped.fee_fen, capped.full_fee_fen, capped.is_capped) == (5_000 * Y, 10_520 * Y, True)
    assert fee(fee_type="preservation", amount_fen=500_000 * Y) == 3_020 * Y
    assert fee(fee_type="preservation", amount_fen=50_000 * Y) == 520 * Y
    assert fee(fee_type="preservation", amount_fen=800 * Y) == 30 * Y


def test_example_14_payment_order_one_third():
    quote = payment_order_fee(amount_fen=90_000 * Y)
    assert quote.fee_fen == 68_333
    assert "比照财产案件受理费的1/3交纳：2,050 元 ÷ 3 = 683.3333… 元" in quote.steps


def test_example_15_bankruptcy_cap():
    quote = bankruptcy_fee(assets_fen=200_000_000 * Y)
    assert (quote.fee_fen, quote.is_capped) == (300_000 * Y, True)
    assert "按财产案件受理费标准减半交纳：1,041,800 元 ÷ 2 = 520,900 元" in quote.steps


def test_example_16_divorce_with_500k_property_is_base_plus_1500():
    for base_yuan in (50, 300):
        local = LocalFees(divorce_base_fen=base_yuan * Y)
        assert fee(fee_type="divorce", amount_fen=500_000 * Y, local=local) == (base_yuan + 1_500) * Y


def test_example_17_personality_rights_with_150k_damages_is_base_plus_750():
    for base_yuan in (100, 500):
        local = LocalFees(personality_base_fen=base_yuan * Y)
        assert fee(fee_type="personality_rights", amount_fen=150_000 * Y, local=local) == (base_yuan + 750) * Y


def test_example_18_labour_and_administrative():
    assert fee(fee_type="labour") == 10 * Y
    assert fee(fee_type="labour", procedure="simple") == 5 * Y
    assert fee(fee_type="administrative") == 50 * Y
    assert fee(fee_type="administrative", procedure="simple") == 25 * Y
    assert fee(fee_type="administrative_special") == 100 * Y


# --- Other bands and types ---------------------------------------------------------------------------

@pytest.mark.parametrize("amount_yuan, fee_yuan", [
    (0, 50), (10_000, 50), (500_000, 7_400), (5_000_000, 52_400), (10_000_000, 77_400), (30_000_000, 97_400),
])
def test_execution_band_ends(amount_yuan, fee_yuan):
    assert fee(fee_type="execution", amount_fen=amount_yuan * Y) == fee_yuan * Y


def test_execution_without_amount_uses_the_local_figure():
    assert fee(fee_type="execution") == 50 * Y
    assert fee(fee_type="execution", local=LocalFees(execution_no_amount_fen=500 * Y)) == 500 * Y


@pytest.mark.parametrize("amount_yuan, fee_yuan, capped", [
    (None, 30, False), (1_000, 30, False), (100_000, 1_020, False), (896_000, 5_000, False), (896_001, 5_000, True),
])
def test_preservation_band_ends_and_where_the_cap_binds(amount_yuan, fee_yuan, capped):
    quote = preservation_fee(amount_fen=None if amount_yuan is None else amount_yuan * Y)
    assert (quote.fee_fen, quote.is_capped) == (fee_yuan * Y, capped)


def test_bankruptcy_below_the_cap_is_half_the_property_fee():
    assert fee(fee_type="bankruptcy", amount_fen=1_000_000 * Y) == 6_900 * Y
    assert bankruptcy_fee(assets_fen=111_640_000 * Y).is_capped is False
    assert bankruptcy_fee(assets_fen=111_640_001 * Y).is_capped is True


def test_divorce_property_up_to_200k_costs_nothing_extra():
    assert fee(fee_type="divorce", amount_fen=200_000 * Y) == 50 * Y
    assert fee(fee_type="divorce") == 50 * Y


def test_personality_rights_damages_bands():
    assert fee(fee_type="personality_rights", amount_fen=50_000 * Y) == 100 * Y
    assert fee(fee_type="personality_rights", amount_fen=100_000 * Y) == 600 * Y


def test_fixed_per_case_fees():
    assert fee(fee_type="non_property") == 50 * Y
    assert fee(fee_type="ip") == 500 * Y
    assert fee(fee_type="jurisdiction_objection") == 50 * Y
    assert fee(fee_type="public_summons") == 100 * Y
    assert fee(fee_type="arbitration_review") == 400 * Y


def test_withdrawal_halves_and_mediated_divorce_halves():
    assert fee(fee_type="acceptance", amount_fen=100_000 * Y, outcome="withdrawn") == 1_150 * Y
    assert fee(fee_type="divorce", amount_fen=500_000 * Y, outcome="mediated") == 775 * Y


def test_small_claims_is_halved_and_marked_unconfirmed():
    quote = fee_quote(fee_type="acceptance", amount_fen=40_000 * Y, procedure="small_claims")
    assert quote.fee_fen == 400 * Y  # (50 + 30,000 × 2.5%) ÷ 2
    assert quote.unconfirmed == ("小额诉讼按简易程序减半收取（是否另有更低标准未经核实）",)
    mediated = fee_quote(fee_type="acceptance", amount_fen=40_000 * Y, procedure="small_claims", outcome="mediated")
    assert mediated.fee_fen == 400 * Y  # still only once


def test_small_claims_factor_is_a_parameter():
    local = LocalFees(small_claims_factor=Fraction(1, 4))
    assert fee(fee_type="acceptance", amount_fen=40_000 * Y, procedure="small_claims", local=local) == 200 * Y


@pytest.mark.parametrize("fee_type", ["divorce", "personality_rights", "non_property", "ip", "administrative"])
def test_small_claims_refused_for_non_money_cases(fee_type):
    with pytest.raises(DomainError) as refused:
        fee_quote(fee_type=fee_type, procedure="small_claims")
    assert (refused.value.code, refused.value.status) == (FeeError.SMALL_CLAIMS_NOT_ELIGIBLE, 422)


def test_round_to_yuan_setting():
    quote = fee_quote(fee_type="acceptance", amount_fen=12_345_678, local=LocalFees(round_to_yuan=True))
    assert quote.fee_fen == 276_900
    assert "四舍五入至元：2,769.00 元" in quote.steps


def test_half_up_at_exactly_half_a_fen():
    # 10,000.20 yuan: 50 + 0.20 × 2.5% = 50.005 → 50.01 (half up); 10,000.02: 50.0005 → 50.00.
    assert fee(fee_type="acceptance", amount_fen=1_000_020) == 5_001
    assert fee(fee_type="acceptance", amount_fen=1_000_002) == 5_000


# --- Refusals -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, code", [
    (dict(fee_type="stamp_duty", amount_fen=1), FeeError.FEE_TYPE_UNKNOWN),
    (dict(fee_type="acceptance"), FeeError.AMOUNT_REQUIRED),
    (dict(fee_type="bankruptcy"), FeeError.AMOUNT_REQUIRED),
    (dict(fee_type="acceptance", amount_fen=-1), FeeError.AMOUNT_NEGATIVE),
    (dict(fee_type="execution", amount_fen=100, procedure="simple"), FeeError.PROCEDURE_NOT_APPLICABLE),
    (dict(fee_type="preservation", amount_fen=100, outcome="mediated"), FeeError.OUTCOME_NOT_APPLICABLE),
    (dict(fee_type="acceptance", amount_fen=100, procedure="summary"), FeeError.PROCEDURE_NOT_APPLICABLE),
])
def test_bad_input_is_refused_with_422(kwargs, code):
    with pytest.raises(DomainError) as refused:
        fee_quote(**kwargs)
    assert (refused.value.code, refused.value.status) == (code, 422)


@pytest.mark.parametrize("local", [LocalFees(divorce_base_fen=301 * Y), LocalFees(ip_base_fen=499 * Y),
                                   LocalFees(small_claims_factor=Fraction(0))])
def test_a_local_figure_outside_the_statutory_range_is_refused(local):
    with pytest.raises(DomainError) as refused:
        fee_quote(fee_type="labour", local=local)
    assert refused.value.code == FeeError.LOCAL_FIGURE_OUT_OF_RANGE


# --- Sharing at closing -------------------------------------------------------------------------------

PLAINTIFF = ShareInput(party_id=1, side="plaintiff", prepaid_fen=2_300 * Y, label="原告甲")
DEFENDANT = ShareInput(party_id=2, side="defendant", label="被告乙")


def test_judgment_partial_win_refunds_the_plaintiff_and_charges_the_defendant():
    result = allocate_fee(total_fee_fen=2_300 * Y, manner=AllocationManner.JUDGMENT, parties=[PLAINTIFF, DEFENDANT],
                          claimed_fen=100_000 * Y, awarded_fen=60_000 * Y)
    assert [(s.party_id, s.borne_fen, s.refund_fen, s.receivable_fen) for s in result.shares] == [
        (1, 920 * Y, 1_380 * Y, 0), (2, 1_380 * Y, 0, 1_380 * Y)]
    assert "诉讼请求 100,000.00 元，判决支持 60,000.00 元（60%）" in result.steps
    assert result.basis == ("《诉讼费用交纳办法》第二十九条；"
                            "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百零七条")


def test_judgment_full_win_refunds_everything_once():
    result = allocate_fee(total_fee_fen=2_300 * Y, manner="judgment", parties=[PLAINTIFF, DEFENDANT],
                          plaintiff_prevails=True)
    assert [(s.borne_fen, s.refund_fen) for s in result.shares] == [(0, 2_300 * Y), (2_300 * Y, 0)]


def test_odd_fen_are_kept_and_co_defendants_share_equally():
    parties = [ShareInput(party_id=1, side="plaintiff", prepaid_fen=1_001),
               ShareInput(party_id=2, side="defendant"), ShareInput(party_id=3, side="defendant"),
               ShareInput(party_id=4, side="other")]
    result = allocate_fee(total_fee_fen=1_001, manner="judgment", parties=parties, claimed_fen=3, awarded_fen=2)
    assert [s.borne_fen for s in result.shares] == [334, 334, 333, 0]
    assert sum(s.borne_fen for s in result.shares) == 1_001


def test_mediation_and_withdrawal_default_to_the_plaintiff():
    for manner in ("mediation", "withdrawal"):
        result = allocate_fee(total_fee_fen=1_150 * Y, manner=manner, parties=[PLAINTIFF, DEFENDANT])
        assert [(s.borne_fen, s.refund_fen) for s in result.shares] == [(1_150 * Y, 1_150 * Y), (0, 0)]


def test_approved_waiver_lowers_only_that_party_and_reduction_is_capped_at_the_share():
    waived = ShareInput(party_id=1, side="plaintiff", prepaid_fen=1_150 * Y, relief="waiver")
    result = allocate_fee(total_fee_fen=1_150 * Y, manner="withdrawal", parties=[waived, DEFENDANT])
    assert [(s.borne_fen, s.refund_fen, s.relieved_fen) for s in result.shares] == [
        (0, 1_150 * Y, 1_150 * Y), (0, 0, 0)]
    reduced = ShareInput(party_id=2, side="defendant", relief="reduction", relief_fen=5_000 * Y)
    result = allocate_fee(total_fee_fen=2_300 * Y, manner="judgment", parties=[PLAINTIFF, reduced],
                          plaintiff_prevails=True)
    assert [(s.borne_fen, s.receivable_fen) for s in result.shares] == [(0, 0), (0, 0)]


def test_court_override_needs_a_reason_and_the_exact_total():
    with pytest.raises(DomainError) as refused:
        allocate_fee(total_fee_fen=2_300 * Y, manner="judgment", parties=[PLAINTIFF, DEFENDANT],
                     override={1: 300 * Y, 2: 2_000 * Y}, override_reason=" ")
    assert refused.value.code == FeeError.OVERRIDE_REASON_REQUIRED
    with pytest.raises(DomainError) as refused:
        allocate_fee(total_fee_fen=2_300 * Y, manner="judgment", parties=[PLAINTIFF, DEFENDANT],
                     override={1: 300 * Y, 2: 1_000 * Y}, override_reason="调解协议约定")
    assert refused.value.code == FeeError.OVERRIDE_SUM_MISMATCH
    with pytest.raises(DomainError) as refused:
        allocate_fee(total_fee_fen=2_300 * Y, manner="judgment", parties=[PLAINTIFF, DEFENDANT],
                     override={9: 2_300 * Y}, override_reason="调解协议约定")
    assert refused.value.code == FeeError.OVERRIDE_UNKNOWN_PARTY
    result = allocate_fee(total_fee_fen=2_300 * Y, manner="mediation", parties=[PLAINTIFF, DEFENDANT],
                          override={1: 300 * Y, 2: 2_000 * Y}, override_reason="调解协议约定")
    assert result.is_override
    assert [(s.refund_fen, s.receivable_fen) for s in result.shares] == [(2_000 * Y, 0), (0, 2_000 * Y)]


def test_judgment_needs_an_outcome_and_an_award_within_the_claim():
    with pytest.raises(DomainError) as refused:
        allocate_fee(total_fee_fen=100, manner="judgment", parties=[PLAINTIFF, DEFENDANT])
    assert refused.value.code == FeeError.OUTCOME_REQUIRED
    with pytest.raises(DomainError) as refused:
        allocate_fee(total_fee_fen=100, manner="judgment", parties=[PLAINTIFF, DEFENDANT], claimed_fen=10,
                     awarded_fen=11)
    assert refused.value.code == FeeError.AWARD_EXCEEDS_CLAIM


def test_reduction_is_at_least_thirty_percent():
    check_reduction(fee_fen=1_000, reduction_fen=300)
    with pytest.raises(DomainError) as refused:
        check_reduction(fee_fen=1_001, reduction_fen=300)
    assert refused.value.detail["minimum_fen"] == 301


def test_every_fee_type_has_a_quote():
    for fee_type in FeeType:
        amount = 123_456_78 if fee_type in ("acceptance", "payment_order", "bankruptcy") else None
        quote = fee_quote(fee_type=fee_type, amount_fen=amount)
        assert quote.fee_fen > 0 and quote.basis.startswith("《诉讼费用交纳办法》") and quote.steps[-1].startswith("应交纳")
