"""The fee calculator — 诉讼费用交纳办法 (国务院令第481号, in force 2007-04-01; "FM") and the SPC
民事诉讼法解释 (2022; "解释"). No ORM, no settings, no clock.

Money is integer fen at the edges of every function. Inside, amounts are exact fractions of a fen (a band
rate times an amount in fen, a third for the payment order) and are rounded ONCE, at the end, half up
(ROUND_HALF_UP) to the fen — or to the yuan when the court says so (the FM sets no rounding rule; the rule
book marks the court's practice UNCONFIRMED, default: 2 places, half up, halve after computing the full fee).

The figures that the FM leaves to the province inside a statutory range (FM 13 last paragraph: divorce,
personality rights, other non-property cases, IP without an amount, failed jurisdiction objections; FM 14(1):
execution without an amount) are parameters (``LocalFees``) checked against the statutory range. Hubei's
chosen figures are UNCONFIRMED; the app reads them from settings (yingshang/fees/conf.py).
"""

from dataclasses import dataclass, field
from fractions import Fraction
from math import floor

from yingshang.core.errors import DomainError
from yingshang.fees.choices import (
    ACCEPTANCE_FEE_TYPES, AMOUNT_REQUIRED_FEE_TYPES, FeeOutcome, FeeProcedure, FeeType,
)
from yingshang.fees.errors import FeeError

YUAN = 100  # fen per yuan

FM = "《诉讼费用交纳办法》"
INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"

# --- Schedules -------------------------------------------------------------------------------------

# FM 13(1): property cases. ≤ 10,000 yuan: 50 per case; then cumulative rates on the part in each band.
PROPERTY_FLAT = (10_000 * YUAN, 50 * YUAN)
PROPERTY_BANDS: tuple[tuple[int | None, Fraction, str], ...] = (
    (100_000 * YUAN, Fraction(25, 1000), "2.5%"),
    (200_000 * YUAN, Fraction(2, 100), "2%"),
    (500_000 * YUAN, Fraction(15, 1000), "1.5%"),
    (1_000_000 * YUAN, Fraction(1, 100), "1%"),
    (2_000_000 * YUAN, Fraction(9, 1000), "0.9%"),
    (5_000_000 * YUAN, Fraction(8, 1000), "0.8%"),
    (10_000_000 * YUAN, Fraction(7, 1000), "0.7%"),
    (20_000_000 * YUAN, Fraction(6, 1000), "0.6%"),
    (None, Fraction(5, 1000), "0.5%"),
)

# FM 14(1): execution with an amount. ≤ 10,000 yuan: 50; then 1.5% / 1% / 0.5% / 0.1%, cumulative.
EXECUTION_FLAT = (10_000 * YUAN, 50 * YUAN)
EXECUTION_BANDS: tuple[tuple[int | None, Fraction, str], ...] = (
    (500_000 * YUAN, Fraction(15, 1000), "1.5%"),
    (5_000_000 * YUAN, Fraction(1, 100), "1%"),
    (10_000_000 * YUAN, Fraction(5, 1000), "0.5%"),
    (None, Fraction(1, 1000), "0.1%"),
)

# FM 14(2): preservation. ≤ 1,000 yuan or no amount: 30; 1,000–100,000 at 1%; above at 0.5%; cap 5,000.
PRESERVATION_FLAT = (1_000 * YUAN, 30 * YUAN)
PRESERVATION_BANDS: tuple[tuple[int | None, Fraction, str], ...] = (
    (100_000 * YUAN, Fraction(1, 100), "1%"),
    (None, Fraction(5, 1000), "0.5%"),
)
PRESERVATION_CAP_FEN = 5_000 * YUAN

# FM 14(6): bankruptcy — half the property fee on the total bankruptcy assets, at most 300,000.
BANKRUPTCY_CAP_FEN = 300_000 * YUAN

# FM 13(2)–(6), FM 14(4)–(5): fixed statutory figures.
LABOUR_FEN = 10 * YUAN                    # FM 13(4)
ADMINISTRATIVE_FEN = 50 * YUAN            # FM 13(5)2
ADMINISTRATIVE_SPECIAL_FEN = 100 * YUAN   # FM 13(5)1: trademark, patent, maritime
PUBLIC_SUMMONS_FEN = 100 * YUAN           # FM 14(4)
ARBITRATION_REVIEW_FEN = 400 * YUAN       # FM 14(5)

# FM 13(2)1: divorce — nothing extra up to 200,000 of divided property, 0.5% above.
DIVORCE_PROPERTY_FREE_FEN = 200_000 * YUAN
DIVORCE_PROPERTY_RATE = (Fraction(5, 1000), "0.5%")
# FM 13(2)2: personality rights — damages ≤ 50,000 nothing extra; 50,000–100,000 at 1%; above at 0.5%.
PERSONALITY_DAMAGES_BANDS: tuple[tuple[int | None, Fraction, str], ...] = (
    (100_000 * YUAN, Fraction(1, 100), "1%"),
    (None, Fraction(5, 1000), "0.5%"),
)
PERSONALITY_DAMAGES_FREE_FEN = 50_000 * YUAN

# Small claims are simple money claims (CPL 165); personal-status and non-property cases and counterclaims are
# excluded (CPL 166), and administrative cases have no small-claims track.
SMALL_CLAIMS_FEE_TYPES = frozenset({FeeType.ACCEPTANCE, FeeType.LABOUR})

# Statutory ranges of the figures the province fixes (FM 13 last paragraph; FM 14(1)), in fen.
LOCAL_RANGES: dict[str, tuple[int, int, str]] = {
    "divorce_base_fen": (50 * YUAN, 300 * YUAN, f"{FM}第十三条第（二）项第1目"),
    "personality_base_fen": (100 * YUAN, 500 * YUAN, f"{FM}第十三条第（二）项第2目"),
    "non_property_base_fen": (50 * YUAN, 100 * YUAN, f"{FM}第十三条第（二）项第3目"),
    "ip_base_fen": (500 * YUAN, 1_000 * YUAN, f"{FM}第十三条第（三）项"),
    "jurisdiction_objection_fen": (50 * YUAN, 100 * YUAN, f"{FM}第十三条第（六）项"),
    "execution_no_amount_fen": (50 * YUAN, 500 * YUAN, f"{FM}第十四条第（一）项"),
}

BASIS: dict[str, str] = {
    FeeType.ACCEPTANCE: f"{FM}第十三条第（一）项",
    FeeType.DIVORCE: f"{FM}第十三条第（二）项第1目",
    FeeType.PERSONALITY_RIGHTS: f"{FM}第十三条第（二）项第2目",
    FeeType.NON_PROPERTY: f"{FM}第十三条第（二）项第3目",
    FeeType.IP: f"{FM}第十三条第（三）项",
    FeeType.LABOUR: f"{FM}第十三条第（四）项",
    FeeType.ADMINISTRATIVE: f"{FM}第十三条第（五）项第2目",
    FeeType.ADMINISTRATIVE_SPECIAL: f"{FM}第十三条第（五）项第1目",
    FeeType.JURISDICTION_OBJECTION: f"{FM}第十三条第（六）项",
    FeeType.EXECUTION: f"{FM}第十四条第（一）项",
    FeeType.PRESERVATION: f"{FM}第十四条第（二）项",
    FeeType.PAYMENT_ORDER: f"{FM}第十四条第（三）项、第十三条第（一）项",
    FeeType.PUBLIC_SUMMONS: f"{FM}第十四条第（四）项",
    FeeType.ARBITRATION_REVIEW: f"{FM}第十四条第（五）项",
    FeeType.BANKRUPTCY: f"{FM}第十四条第（六）项、第十三条第（一）项",
}


@dataclass(frozen=True)
class LocalFees:
    """Figures the province fixes inside the statutory ranges, and the court's UNCONFIRMED practices.

    The defaults are the statutory minimums (Hubei's figures are UNCONFIRMED, rule book §1.3); the app
    passes the configured values from settings (conf.local_fees()). ``small_claims_factor``: small claims
    are a track of the simple procedure, so FM 16 halving applies; a lower fee is UNCONFIRMED (rule book
    §1.5). ``round_to_yuan``: the FM sets no rounding rule (rule book §1.2); default to the fen.
    """

    divorce_base_fen: int = 50 * YUAN
    personality_base_fen: int = 100 * YUAN
    non_property_base_fen: int = 50 * YUAN
    ip_base_fen: int = 500 * YUAN
    jurisdiction_objection_fen: int = 50 * YUAN
    execution_no_amount_fen: int = 50 * YUAN
    small_claims_factor: Fraction = Fraction(1, 2)
    round_to_yuan: bool = False


def check_local_fees(local: LocalFees) -> None:
    """Refuse a configured figure outside its statutory range (FM 13 last paragraph, FM 14(1))."""
    for name, (low, high, source) in LOCAL_RANGES.items():
        value = getattr(local, name)
        if not isinstance(value, int) or not low <= value <= high:
            raise DomainError(
                FeeError.LOCAL_FIGURE_OUT_OF_RANGE,
                f"本地收费标准 {name} 应在 {_money(low)} 元至 {_money(high)} 元之间（{source}）",
                {"name": name, "value": value, "min_fen": low, "max_fen": high}, status=500)
    factor = Fraction(local.small_claims_factor)
    if not 0 < factor <= 1:
        raise DomainError(FeeError.LOCAL_FIGURE_OUT_OF_RANGE, "小额诉讼收费比例应大于0且不超过1",
                          {"name": "small_claims_factor", "value": str(factor)}, status=500)


@dataclass(frozen=True)
class FeeQuote:
    """One computed fee: the amount in fen, the steps in Chinese, and the legal basis."""

    fee_type: str
    fee_fen: int
    full_fee_fen: int
    steps: tuple[str, ...]
    basis: str
    is_halved: bool = False
    is_capped: bool = False
    unconfirmed: tuple[str, ...] = field(default_factory=tuple)


# --- Formatting (steps are for people: yuan with thousands separators) ------------------------------

def _money(fen: int) -> str:
    """Whole fen as yuan with two decimals and thousands separators: 276914 -> "2,769.14"."""
    return f"{fen // YUAN:,}.{fen % YUAN:02d}"


def _exact(fen: Fraction | int) -> str:
    """An exact amount of fen as yuan without trailing zeros ("469.1356", "2,250"); a non-terminating
    value (a third) shows four decimals and an ellipsis ("683.3333…")."""
    value = Fraction(fen) / YUAN
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        whole, rest = divmod(value.numerator, value.denominator)
        if rest == 0:
            return f"{whole:,}"
        digits = ""
        while rest:
            rest *= 10
            digit, rest = divmod(rest, value.denominator)
            digits += str(digit)
        return f"{whole:,}.{digits}"
    scaled = floor(value * 10_000)
    return f"{scaled // 10_000:,}.{scaled % 10_000:04d}…"


def _bound(fen: int) -> str:
    yuan = fen // YUAN
    return f"{yuan // 10_000}万元" if yuan % 10_000 == 0 and yuan >= 10_000 else f"{yuan}元"


def _round(exact: Fraction, *, to_yuan: bool) -> int:
    """Round half up, once: to the fen (default) or to the yuan (UNCONFIRMED court practice)."""
    unit = YUAN if to_yuan else 1
    return floor(exact / unit + Fraction(1, 2)) * unit


# --- Building blocks (exact, unrounded) -------------------------------------------------------------

def progressive(amount_fen: int, *, flat: tuple[int, int],
                bands: tuple[tuple[int | None, Fraction, str], ...]) -> tuple[Fraction, list[str]]:
    """Cumulative band sum: a flat fee up to the first bound, then each band's rate on the part inside it.

    Shared by FM 13(1) (property), FM 14(1) (execution) and FM 14(2) (preservation). Exact, not rounded.
    """
    flat_upto, flat_fen = flat
    if amount_fen <= flat_upto:
        return Fraction(flat_fen), [f"金额不超过{_bound(flat_upto)}，每件交纳 {_exact(flat_fen)} 元"]
    total = Fraction(flat_fen)
    steps = [f"不超过{_bound(flat_upto)}的部分：每件交纳 {_exact(flat_fen)} 元"]
    lower = flat_upto
    for upper, rate, rate_text in bands:
        if amount_fen <= lower:
            break
        top = amount_fen if upper is None else min(amount_fen, upper)
        part = top - lower
        fee = part * rate
        label = f"超过{_bound(lower)}的部分" if upper is None else f"超过{_bound(lower)}至{_bound(upper)}的部分"
        steps.append(f"{label} {_exact(part)} 元 × {rate_text} = {_exact(fee)} 元")
        total += fee
        lower = top
    steps.append(f"合计 {_exact(total)} 元")
    return total, steps


def property_fee_exact(amount_fen: int) -> tuple[Fraction, list[str]]:
    """FM 13(1): the property-case acceptance fee on the claim amount, exact (band ends: 100k→2,300;
    200k→4,300; 500k→8,800; 1M→13,800; 2M→22,800; 5M→46,800; 10M→81,800; 20M→141,800)."""
    return progressive(amount_fen, flat=PROPERTY_FLAT, bands=PROPERTY_BANDS)


def _halving(*, procedure: str, outcome: str | None, is_counterclaim: bool,
             small_claims_factor: Fraction) -> tuple[Fraction, list[str], list[str]]:
    """Which reductions apply, and the one factor used: FM 15 (mediation, withdrawal), FM 16 (simple
    procedure; small claims are a simple-procedure track, CPL ch. 13), FM 18 (counterclaim heard together);
    解释 206: several grounds together still halve only once."""
    reasons: list[tuple[str, Fraction, str]] = []
    if procedure == FeeProcedure.SIMPLE:
        reasons.append(("适用简易程序审理", Fraction(1, 2), f"{FM}第十六条"))
    elif procedure == FeeProcedure.SMALL_CLAIMS:
        reasons.append(("适用小额诉讼程序审理（属简易程序，按简易程序减半；小额诉讼另有更低标准未经核实）",
                        Fraction(small_claims_factor), f"{FM}第十六条"))
    if outcome == FeeOutcome.MEDIATED:
        reasons.append(("以调解方式结案", Fraction(1, 2), f"{FM}第十五条"))
    elif outcome == FeeOutcome.WITHDRAWN:
        reasons.append(("原告申请撤诉", Fraction(1, 2), f"{FM}第十五条"))
    if is_counterclaim:
        reasons.append(("反诉与本诉合并审理", Fraction(1, 2), f"{FM}第十八条"))
    if not reasons:
        return Fraction(1), [], []
    factor = min(r[1] for r in reasons)
    steps = ["减收事由：" + "、".join(r[0] for r in reasons)]
    bases = list(dict.fromkeys(r[2] for r in reasons))
    if len(reasons) > 1:
        steps.append("多项减半事由并存，只减半一次（《民诉法解释》第二百零六条）")
        bases.append(f"{INTERPRETATION}第二百零六条")
    return factor, steps, bases


def _finish(*, fee_type: str, exact: Fraction, steps: list[str], bases: list[str], local: LocalFees,
            factor: Fraction = Fraction(1), reduction_steps: list[str] | None = None,
            cap_fen: int | None = None, cap_basis: str = "", unconfirmed: list[str] | None = None) -> FeeQuote:
    """Apply the reduction factor and the cap to the exact full fee, then round once."""
    full_fen = _round(exact, to_yuan=local.round_to_yuan)
    value = exact
    is_halved = factor != 1
    if is_halved:
        steps.extend(reduction_steps or [])
        value = exact * factor
        ratio = "÷ 2" if factor == Fraction(1, 2) else f"× {factor.numerator}/{factor.denominator}"
        steps.append(f"{_exact(exact)} 元 {ratio} = {_exact(value)} 元")
    is_capped = cap_fen is not None and value > cap_fen
    if is_capped:
        steps.append(f"超过上限，按上限 {_money(cap_fen)} 元交纳（{cap_basis}）")
        value = Fraction(cap_fen)
    fee_fen = _round(value, to_yuan=local.round_to_yuan)
    if fee_fen != value:
        unit = "元" if local.round_to_yuan else "分"
        steps.append(f"四舍五入至{unit}：{_money(fee_fen)} 元")
    steps.append(f"应交纳 {_money(fee_fen)} 元")
    notes = list(unconfirmed or ())
    if local.round_to_yuan:
        notes.append("按元取整（本院做法未经核实）")
    return FeeQuote(fee_type=str(fee_type), fee_fen=fee_fen, full_fee_fen=full_fen, steps=tuple(steps),
                    basis="；".join(dict.fromkeys(bases)), is_halved=is_halved, is_capped=is_capped,
                    unconfirmed=tuple(notes))


def _local_step(label: str, fen: int, name: str) -> str:
    low, high, _source = LOCAL_RANGES[name]
    return f"{label}：每件 {_exact(fen)} 元（法定幅度 {_exact(low)}–{_exact(high)} 元，本省标准未经核实）"


# --- Acceptance fees (FM 13) -------------------------------------------------------------------------

def _acceptance_exact(*, fee_type: str, amount_fen: int | None, local: LocalFees) -> tuple[Fraction, list[str], list[str], list[str]]:
    """The full (unhalved) acceptance fee, exact: (fee, steps, bases, unconfirmed notes)."""
    amount = amount_fen or 0
    if fee_type == FeeType.ACCEPTANCE:
        exact, steps = property_fee_exact(amount)
        return exact, [f"诉讼请求金额 {_money(amount)} 元，按财产案件标准分段累计计算", *steps], \
            [BASIS[FeeType.ACCEPTANCE]], []
    if fee_type == FeeType.DIVORCE:
        steps = [_local_step("离婚案件", local.divorce_base_fen, "divorce_base_fen")]
        exact = Fraction(local.divorce_base_fen)
        if amount > DIVORCE_PROPERTY_FREE_FEN:
            part = amount - DIVORCE_PROPERTY_FREE_FEN
            extra = part * DIVORCE_PROPERTY_RATE[0]
            steps.append(f"涉及财产分割，财产总额 {_money(amount)} 元，超过20万元的部分 {_exact(part)} 元 × "
                         f"{DIVORCE_PROPERTY_RATE[1]} = {_exact(extra)} 元")
            exact += extra
            steps.append(f"合计 {_exact(exact)} 元")
        elif amount:
            steps.append(f"涉及财产分割，财产总额 {_money(amount)} 元，不超过20万元，不另行交纳")
        return exact, steps, [BASIS[FeeType.DIVORCE]], ["离婚案件每件交纳标准（湖北省标准未经核实）"]
    if fee_type == FeeType.PERSONALITY_RIGHTS:
        steps = [_local_step("侵害人格权案件", local.personality_base_fen, "personality_base_fen")]
        exact = Fraction(local.personality_base_fen)
        if amount > PERSONALITY_DAMAGES_FREE_FEN:
            extra, band_steps = progressive(amount, flat=(PERSONALITY_DAMAGES_FREE_FEN, 0),
                                            bands=PERSONALITY_DAMAGES_BANDS)
            steps.append(f"请求损害赔偿 {_money(amount)} 元：")
            steps.extend(s.replace("每件交纳 0 元", "不另行交纳") for s in band_steps[:-1])
            exact += extra
            steps.append(f"合计 {_exact(exact)} 元")
        elif amount:
            steps.append(f"请求损害赔偿 {_money(amount)} 元，不超过5万元，不另行交纳")
        return exact, steps, [BASIS[FeeType.PERSONALITY_RIGHTS]], ["人格权案件每件交纳标准（湖北省标准未经核实）"]
    if fee_type == FeeType.NON_PROPERTY:
        return (Fraction(local.non_property_base_fen),
                [_local_step("其他非财产案件", local.non_property_base_fen, "non_property_base_fen")],
                [BASIS[FeeType.NON_PROPERTY]], ["其他非财产案件每件交纳标准（湖北省标准未经核实）"])
    if fee_type == FeeType.IP:
        return (Fraction(local.ip_base_fen),
                [_local_step("知识产权民事案件（无争议金额）", local.ip_base_fen, "ip_base_fen"),
                 "有争议金额或价额的，按财产案件标准计算"],
                [BASIS[FeeType.IP]], ["知识产权案件每件交纳标准（湖北省标准未经核实）"])
    if fee_type == FeeType.LABOUR:
        return (Fraction(LABOUR_FEN), [f"劳动争议案件每件交纳 {_exact(LABOUR_FEN)} 元"], [BASIS[FeeType.LABOUR]], [])
    if fee_type == FeeType.ADMINISTRATIVE:
        return (Fraction(ADMINISTRATIVE_FEN), [f"行政案件每件交纳 {_exact(ADMINISTRATIVE_FEN)} 元"],
                [BASIS[FeeType.ADMINISTRATIVE]], [])
    if fee_type == FeeType.ADMINISTRATIVE_SPECIAL:
        return (Fraction(ADMINISTRATIVE_SPECIAL_FEN),
                [f"商标、专利、海事行政案件每件交纳 {_exact(ADMINISTRATIVE_SPECIAL_FEN)} 元"],
                [BASIS[FeeType.ADMINISTRATIVE_SPECIAL]], [])
    raise DomainError(FeeError.FEE_TYPE_UNKNOWN, "不是案件受理费类型", {"fee_type": fee_type}, status=422)


def acceptance_fee(*, fee_type: str = FeeType.ACCEPTANCE, amount_fen: int | None = None,
                   procedure: str = FeeProcedure.ORDINARY, outcome: str | None = None,
                   is_counterclaim: bool = False, local: LocalFees = LocalFees()) -> FeeQuote:
    """案件受理费 (FM 13) with the reductions of FM 15 (mediation, withdrawal), FM 16 (simple procedure,
    including small claims), FM 18 (counterclaim heard together), halved only once (解释 206).

    ``amount_fen``: the claim (property cases, 民诉法解释 201: several claims added), the divided property
    (divorce) or the damages claimed (personality rights). The full fee is computed first, then halved,
    then rounded once (rule book §1.2 default). Example (§1.10-6): 123,456.78 → 2,769.14; simple 1,384.57.
    """
    if procedure == FeeProcedure.SMALL_CLAIMS and (fee_type not in SMALL_CLAIMS_FEE_TYPES or is_counterclaim):
        raise DomainError(FeeError.SMALL_CLAIMS_NOT_ELIGIBLE,
                          "小额诉讼程序只适用于金钱给付案件，人身关系、非财产、行政案件和提出反诉的案件不适用"
                          "（《民事诉讼法》第一百六十五条、第一百六十六条）", {"fee_type": fee_type}, status=422)
    exact, steps, bases, unconfirmed = _acceptance_exact(fee_type=fee_type, amount_fen=amount_fen, local=local)
    factor, reduction_steps, reduction_bases = _halving(
        procedure=procedure, outcome=outcome, is_counterclaim=is_counterclaim,
        small_claims_factor=local.small_claims_factor)
    if procedure == FeeProcedure.SMALL_CLAIMS:
        unconfirmed.append("小额诉讼按简易程序减半收取（是否另有更低标准未经核实）")
    return _finish(fee_type=fee_type, exact=exact, steps=steps, bases=bases + reduction_bases, local=local,
                   factor=factor, reduction_steps=reduction_steps, unconfirmed=unconfirmed)


def jurisdiction_objection_fee(*, local: LocalFees = LocalFees()) -> FeeQuote:
    """FM 13(6): an objection to jurisdiction that FAILS costs 50–100 per case (provincial figure)."""
    return _finish(fee_type=FeeType.JURISDICTION_OBJECTION, exact=Fraction(local.jurisdiction_objection_fen),
                   steps=[_local_step("管辖权异议不成立", local.jurisdiction_objection_fen,
                                      "jurisdiction_objection_fen"), "异议成立的，不交纳"],
                   bases=[BASIS[FeeType.JURISDICTION_OBJECTION]], local=local,
                   unconfirmed=["管辖权异议每件交纳标准（湖北省标准未经核实）"])


# --- Application fees (FM 14) ------------------------------------------------------------------------

def execution_fee(*, amount_fen: int | None, local: LocalFees = LocalFees()) -> FeeQuote:
    """FM 14(1): 申请执行费 on the amount executed (cumulative bands: ≤ 10,000 → 50; 1.5% to 500,000; 1% to
    5M; 0.5% to 10M; 0.1% above). Without an amount: 50–500 per case (provincial figure). Not prepaid; paid
    after execution and borne by the 被执行人 (FM 20, 38). Whether the base is the amount applied for or the
    amount recovered is UNCONFIRMED: pass whichever the court uses. Example: 300,000 → 4,400."""
    if amount_fen is None:
        return _finish(fee_type=FeeType.EXECUTION, exact=Fraction(local.execution_no_amount_fen),
                       steps=[_local_step("没有执行金额或价额", local.execution_no_amount_fen,
                                          "execution_no_amount_fen")],
                       bases=[BASIS[FeeType.EXECUTION]], local=local,
                       unconfirmed=["无执行金额的每件交纳标准（湖北省标准未经核实）"])
    exact, steps = progressive(amount_fen, flat=EXECUTION_FLAT, bands=EXECUTION_BANDS)
    return _finish(fee_type=FeeType.EXECUTION, exact=exact,
                   steps=[f"执行金额 {_money(amount_fen)} 元，分段累计计算", *steps,
                          "执行后交纳，由被执行人负担（《诉讼费用交纳办法》第二十条、第三十八条）"],
                   bases=[BASIS[FeeType.EXECUTION], f"{FM}第二十条、第三十八条"], local=local,
                   unconfirmed=["执行费按申请执行金额还是实际执行到位金额计算未经核实"])


def preservation_fee(*, amount_fen: int | None, local: LocalFees = LocalFees()) -> FeeQuote:
    """FM 14(2): 申请保全费 on the amount actually preserved: ≤ 1,000 or no amount → 30; 1% to 100,000; 0.5%
    above; at most 5,000 (reached at 896,000). Example: 2,000,000 → 10,520 → cap 5,000; 500,000 → 3,020."""
    if amount_fen is None:
        exact, steps = Fraction(PRESERVATION_FLAT[1]), ["不涉及财产数额，每件交纳 30 元"]
    else:
        exact, steps = progressive(amount_fen, flat=PRESERVATION_FLAT, bands=PRESERVATION_BANDS)
        steps = [f"实际保全财产数额 {_money(amount_fen)} 元，分段累计计算", *steps]
    return _finish(fee_type=FeeType.PRESERVATION, exact=exact, steps=steps, bases=[BASIS[FeeType.PRESERVATION]],
                   local=local, cap_fen=PRESERVATION_CAP_FEN, cap_basis=f"{FM}第十四条第（二）项")


def payment_order_fee(*, amount_fen: int, local: LocalFees = LocalFees()) -> FeeQuote:
    """FM 14(3): 支付令 — one third of the property-case fee on the amount. Example: 90,000 → 2,050 ÷ 3 →
    683.33. If an objection turns it into a suit, the creditor tops up the acceptance fee (解释 195)."""
    exact, steps = property_fee_exact(amount_fen)
    fee = exact / 3
    steps = [f"请求给付金额 {_money(amount_fen)} 元，先按财产案件标准计算", *steps,
             f"比照财产案件受理费的1/3交纳：{_exact(exact)} 元 ÷ 3 = {_exact(fee)} 元"]
    return _finish(fee_type=FeeType.PAYMENT_ORDER, exact=fee, steps=steps, bases=[BASIS[FeeType.PAYMENT_ORDER]],
                   local=local)


def public_summons_fee(*, local: LocalFees = LocalFees()) -> FeeQuote:
    """FM 14(4): 公示催告 — 100 per case, borne by the applicant (FM 37)."""
    return _finish(fee_type=FeeType.PUBLIC_SUMMONS, exact=Fraction(PUBLIC_SUMMONS_FEN),
                   steps=[f"申请公示催告每件交纳 {_exact(PUBLIC_SUMMONS_FEN)} 元"],
                   bases=[BASIS[FeeType.PUBLIC_SUMMONS]], local=local)


def arbitration_review_fee(*, local: LocalFees = LocalFees()) -> FeeQuote:
    """FM 14(5): 撤销仲裁裁决 / 认定仲裁协议效力 — 400 per case."""
    return _finish(fee_type=FeeType.ARBITRATION_REVIEW, exact=Fraction(ARBITRATION_REVIEW_FEN),
                   steps=[f"申请撤销仲裁裁决或认定仲裁协议效力每件交纳 {_exact(ARBITRATION_REVIEW_FEN)} 元"],
                   bases=[BASIS[FeeType.ARBITRATION_REVIEW]], local=local)


def bankruptcy_fee(*, assets_fen: int, local: LocalFees = LocalFees()) -> FeeQuote:
    """FM 14(6): 破产申请费 — half the property-case fee on the total bankruptcy assets, at most 300,000
    (the cap binds above about 111.64 M). Paid out of the estate after liquidation (FM 20, 42).
    Example: 200,000,000 → 1,041,800 ÷ 2 = 520,900 → cap 300,000."""
    exact, steps = property_fee_exact(assets_fen)
    half = exact / 2
    steps = [f"破产财产总额 {_money(assets_fen)} 元，先按财产案件标准计算", *steps,
             f"按财产案件受理费标准减半交纳：{_exact(exact)} 元 ÷ 2 = {_exact(half)} 元"]
    return _finish(fee_type=FeeType.BANKRUPTCY, exact=half, steps=steps,
                   bases=[BASIS[FeeType.BANKRUPTCY], f"{FM}第二十条、第四十二条"], local=local,
                   cap_fen=BANKRUPTCY_CAP_FEN, cap_basis=f"{FM}第十四条第（六）项")


# --- One entry point for the API, the page and the ledger ------------------------------------------

def fee_quote(*, fee_type: str, amount_fen: int | None = None, procedure: str | None = None,
              outcome: str | None = None, is_counterclaim: bool = False,
              local: LocalFees = LocalFees()) -> FeeQuote:
    """Compute any fee of the FM: acceptance fees (FM 13, with FM 15/16/18 and 解释 206) and application
    fees (FM 14). ``procedure`` and ``outcome`` apply to acceptance fees only; amounts are integer fen ≥ 0.
    Input problems are refused with status 422."""
    check_local_fees(local)
    try:
        fee_type = FeeType(fee_type)
    except ValueError:
        raise DomainError(FeeError.FEE_TYPE_UNKNOWN, "费用类型不正确", {"fee_type": fee_type}, status=422)
    if amount_fen is not None and amount_fen < 0:
        raise DomainError(FeeError.AMOUNT_NEGATIVE, "金额不能为负数", {"amount_fen": amount_fen}, status=422)
    if fee_type in AMOUNT_REQUIRED_FEE_TYPES and amount_fen is None:
        raise DomainError(FeeError.AMOUNT_REQUIRED, f"计算{fee_type.label}须填写金额", {"fee_type": fee_type},
                          status=422)
    if fee_type in ACCEPTANCE_FEE_TYPES:
        try:
            procedure = FeeProcedure(procedure or FeeProcedure.ORDINARY)
            outcome = FeeOutcome(outcome) if outcome else None
        except ValueError:
            raise DomainError(FeeError.PROCEDURE_NOT_APPLICABLE, "审理程序或结案方式不正确",
                              {"procedure": procedure, "outcome": outcome}, status=422)
        return acceptance_fee(fee_type=fee_type, amount_fen=amount_fen, procedure=procedure, outcome=outcome,
                              is_counterclaim=is_counterclaim, local=local)
    if procedure not in (None, "", FeeProcedure.ORDINARY):
        raise DomainError(FeeError.PROCEDURE_NOT_APPLICABLE,
                          f"审理程序只适用于案件受理费，{fee_type.label}不按程序减半", {"procedure": procedure},
                          status=422)
    if outcome:
        raise DomainError(FeeError.OUTCOME_NOT_APPLICABLE,
                          f"调解、撤诉减半只适用于案件受理费，{fee_type.label}不适用", {"outcome": outcome}, status=422)
    if is_counterclaim:
        raise DomainError(FeeError.OUTCOME_NOT_APPLICABLE, "反诉减半只适用于案件受理费", status=422)
    if fee_type == FeeType.JURISDICTION_OBJECTION:
        return jurisdiction_objection_fee(local=local)
    if fee_type == FeeType.EXECUTION:
        return execution_fee(amount_fen=amount_fen, local=local)
    if fee_type == FeeType.PRESERVATION:
        return preservation_fee(amount_fen=amount_fen, local=local)
    if fee_type == FeeType.PAYMENT_ORDER:
        return payment_order_fee(amount_fen=amount_fen, local=local)
    if fee_type == FeeType.PUBLIC_SUMMONS:
        return public_summons_fee(local=local)
    if fee_type == FeeType.ARBITRATION_REVIEW:
        return arbitration_review_fee(local=local)
    return bankruptcy_fee(assets_fen=amount_fen, local=local)
