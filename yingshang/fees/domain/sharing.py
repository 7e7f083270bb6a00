"""Sharing the acceptance fee at closing and settling each party against its prepayment — FM 29–34, 44–51,
53; 解释 199, 203, 207. Pure: no ORM, no settings, no clock."""

from dataclasses import dataclass
from fractions import Fraction

from yingshang.core.errors import DomainError
from yingshang.fees.choices import AllocationManner
from yingshang.fees.domain.calculator import FM, INTERPRETATION, YUAN, _exact, _money, _round
from yingshang.fees.errors import FeeError


# --- Refund helpers ----------------------------------------------------------------------------------

def conversion_default_refund(*, prepaid_fen: int) -> int:
    """解释 199: simple procedure converted to ordinary, the plaintiff does not top up without good reason →
    deemed withdrawn, and half of what was collected is refunded. Example: 6,900 prepaid → 3,450."""
    return _round(Fraction(prepaid_fen, 2), to_yuan=False)


@dataclass(frozen=True)
class PartySettlement:
    """What one party has to get back (refund) or still pay (receivable, 应收) once its share is fixed."""

    borne_fen: int
    prepaid_fen: int
    refund_fen: int
    receivable_fen: int


def settle_party(*, prepaid_fen: int, borne_fen: int) -> PartySettlement:
    """A party who prepaid more than it bears is refunded by the court; a party who bears more than it prepaid
    owes the court the difference (解释 207: the court refunds the winner and collects from the loser)."""
    return PartySettlement(borne_fen=borne_fen, prepaid_fen=prepaid_fen,
                           refund_fen=max(prepaid_fen - borne_fen, 0),
                           receivable_fen=max(borne_fen - prepaid_fen, 0))


# --- Sharing the fee at closing (FM 29–34; 解释 203, 207) -----------------------------------------------

PLAINTIFF_SIDE = "plaintiff"
DEFENDANT_SIDE = "defendant"
OTHER_SIDE = "other"


@dataclass(frozen=True)
class ShareInput:
    """One party at closing: which side it is on, what it prepaid towards the acceptance fee, and an approved
    waiver (免交: bears nothing) or reduction (减交: ``relief_fen`` less)."""

    party_id: int
    side: str
    prepaid_fen: int = 0
    label: str = ""
    relief: str | None = None
    relief_fen: int = 0


@dataclass(frozen=True)
class PartyShare:
    party_id: int
    borne_fen: int
    prepaid_fen: int
    refund_fen: int
    receivable_fen: int
    relieved_fen: int = 0


@dataclass(frozen=True)
class Allocation:
    total_fee_fen: int
    shares: tuple[PartyShare, ...]
    steps: tuple[str, ...]
    basis: str
    is_override: bool


def split_by_success(*, total_fee_fen: int, claimed_fen: int, awarded_fen: int) -> tuple[int, int]:
    """Partial win: the defendant bears the share of the fee the plaintiff won, the plaintiff the rest.

    FM 29 leaves the split to the court "according to the circumstances"; proportional to the (un)successful
    amount is common practice, not a legal formula (rule book §1.7). The defendant's share is rounded half up
    and the plaintiff's is the remainder, so the two always add up. Returns (plaintiff_fen, defendant_fen).
    Example (§1.10-10): fee 2,300, claim 100,000, award 60,000 → (920, 1,380).
    """
    if claimed_fen <= 0:
        raise DomainError(FeeError.OUTCOME_REQUIRED, "诉讼请求金额为零，无法按胜诉比例分担，请由法院决定负担",
                          status=422)
    if awarded_fen < 0 or awarded_fen > claimed_fen:
        raise DomainError(FeeError.AWARD_EXCEEDS_CLAIM, "判决支持金额应在零与诉讼请求金额之间",
                          {"claimed_fen": claimed_fen, "awarded_fen": awarded_fen}, status=422)
    defendant = _round(Fraction(total_fee_fen * awarded_fen, claimed_fen), to_yuan=False)
    return total_fee_fen - defendant, defendant


def _split_evenly(amount_fen: int, party_ids: list[int]) -> dict[int, int]:
    """Co-litigants on one side share equally (解释 203 leaves it to their interest; the court can override);
    the odd fen go to the first parties so the sum is exact."""
    if not party_ids:
        return {}
    each, rest = divmod(amount_fen, len(party_ids))
    return {pid: each + (1 if index < rest else 0) for index, pid in enumerate(party_ids)}


def _percent(value: Fraction) -> str:
    pct = value * 100
    return f"{_exact(pct * YUAN)}%"


def allocate_fee(*, total_fee_fen: int, manner: str, parties: list[ShareInput],
                 claimed_fen: int | None = None, awarded_fen: int | None = None,
                 plaintiff_prevails: bool | None = None, override: dict[int, int] | None = None,
                 override_reason: str = "") -> Allocation:
    """Share the acceptance fee among the parties at closing and settle each against what it prepaid.

    - Judgment: the loser pays (FM 29); a partial win is shared in proportion to the amount won
      (``split_by_success``); a non-property judgment needs ``plaintiff_prevails``.
    - Mediation: the parties agree, otherwise the court decides (FM 31); without an agreement entered as an
      override, the plaintiff side bears the (halved) fee.
    - Withdrawal: the plaintiff bears the (halved) fee (FM 34).
    - Override: the court's decision (FM 29, 31) with per-party amounts adding up to the total, and a reason.
    - Approved waivers/reductions (FM 44–51; plan measure 35) lower that party's share; nobody else bears it.
    - Settlement: prepaid above the share is refunded by the court, below it is owed to the court (解释 207).
    """
    if total_fee_fen < 0:
        raise DomainError(FeeError.AMOUNT_NEGATIVE, "诉讼费用不能为负数", status=422)
    ids = [p.party_id for p in parties]
    by_side = {side: [p.party_id for p in parties if p.side == side] for side in (PLAINTIFF_SIDE, DEFENDANT_SIDE)}
    labels = {p.party_id: p.label or f"当事人{p.party_id}" for p in parties}
    steps = [f"应负担的诉讼费用合计 {_money(total_fee_fen)} 元"]
    bases: list[str] = []
    is_override = override is not None
    if is_override:
        if not override_reason.strip():
            raise DomainError(FeeError.OVERRIDE_REASON_REQUIRED, "法院另行决定诉讼费负担的，须写明理由", status=422)
        unknown = sorted(set(override) - set(ids))
        if unknown:
            raise DomainError(FeeError.OVERRIDE_UNKNOWN_PARTY, "负担方案中有不属于本案的当事人",
                              {"party_ids": unknown}, status=422)
        if any(v < 0 for v in override.values()):
            raise DomainError(FeeError.AMOUNT_NEGATIVE, "负担金额不能为负数", status=422)
        if sum(override.values()) != total_fee_fen:
            raise DomainError(FeeError.OVERRIDE_SUM_MISMATCH,
                              f"各方负担金额之和（{_money(sum(override.values()))} 元）应等于诉讼费用合计"
                              f"（{_money(total_fee_fen)} 元）",
                              {"sum_fen": sum(override.values()), "total_fee_fen": total_fee_fen}, status=422)
        borne = {pid: override.get(pid, 0) for pid in ids}
        steps.append(f"法院决定负担方案（理由：{override_reason.strip()}）")
        bases.append(f"{FM}第二十九条、第三十一条")
    else:
        if not by_side[PLAINTIFF_SIDE]:
            raise DomainError(FeeError.NO_SIDE, "本案没有原告（上诉人、申请人）一方当事人，无法分担", status=422)
        if manner == AllocationManner.JUDGMENT:
            if claimed_fen and awarded_fen is not None:
                plaintiff_fen, defendant_fen = split_by_success(total_fee_fen=total_fee_fen, claimed_fen=claimed_fen,
                                                                awarded_fen=awarded_fen)
                ratio = Fraction(awarded_fen, claimed_fen)
                steps.append(f"诉讼请求 {_money(claimed_fen)} 元，判决支持 {_money(awarded_fen)} 元（{_percent(ratio)}）")
                steps.append(f"被告方按支持比例负担 {_money(defendant_fen)} 元，原告方负担其余 {_money(plaintiff_fen)} 元"
                             "（按比例分担为通常做法，由法院酌定）")
            elif plaintiff_prevails is not None:
                plaintiff_fen, defendant_fen = (0, total_fee_fen) if plaintiff_prevails else (total_fee_fen, 0)
                steps.append("原告胜诉，由败诉的被告方负担" if plaintiff_prevails else "原告败诉，由原告方负担")
            else:
                raise DomainError(FeeError.OUTCOME_REQUIRED, "判决结案须填写判决支持金额或胜诉方，或由法院决定负担",
                                  status=422)
            if defendant_fen and not by_side[DEFENDANT_SIDE]:
                raise DomainError(FeeError.NO_SIDE, "本案没有被告（被上诉人、被申请人）一方当事人，无法分担", status=422)
            bases.append(f"{FM}第二十九条")
        elif manner == AllocationManner.MEDIATION:
            plaintiff_fen, defendant_fen = total_fee_fen, 0
            steps.append("调解结案，当事人未约定负担的由法院决定；本方案由原告方负担，如有约定请按法院决定登记")
            bases.append(f"{FM}第三十一条")
        elif manner == AllocationManner.WITHDRAWAL:
            plaintiff_fen, defendant_fen = total_fee_fen, 0
            steps.append("撤诉，由原告方负担")
            bases.append(f"{FM}第三十四条")
        else:
            raise DomainError(FeeError.MANNER_MISMATCH, "结案方式应为判决、调解或撤诉", {"manner": manner}, status=422)
        borne = {pid: 0 for pid in ids}
        borne.update(_split_evenly(plaintiff_fen, by_side[PLAINTIFF_SIDE]))
        borne.update(_split_evenly(defendant_fen, by_side[DEFENDANT_SIDE]))
    shares = []
    for party in parties:
        share = borne[party.party_id]
        relieved = 0
        if party.relief == "waiver" and share:
            relieved = share
            steps.append(f"{labels[party.party_id]} 经准许免交，免交 {_money(relieved)} 元")
        elif party.relief == "reduction" and share:
            relieved = min(party.relief_fen, share)
            steps.append(f"{labels[party.party_id]} 经准许减交 {_money(relieved)} 元")
        if relieved:
            bases.append(f"{FM}第四十四条至第五十一条")
        settled = settle_party(prepaid_fen=party.prepaid_fen, borne_fen=share - relieved)
        steps.append(f"{labels[party.party_id]}：预交 {_money(settled.prepaid_fen)} 元，负担 {_money(settled.borne_fen)} 元"
                     + (f"，应退 {_money(settled.refund_fen)} 元" if settled.refund_fen else "")
                     + (f"，应补交 {_money(settled.receivable_fen)} 元" if settled.receivable_fen else ""))
        shares.append(PartyShare(party_id=party.party_id, borne_fen=settled.borne_fen,
                                 prepaid_fen=settled.prepaid_fen, refund_fen=settled.refund_fen,
                                 receivable_fen=settled.receivable_fen, relieved_fen=relieved))
    if any(s.refund_fen for s in shares):
        bases.append(f"{INTERPRETATION}第二百零七条")
    return Allocation(total_fee_fen=total_fee_fen, shares=tuple(shares), steps=tuple(steps),
                      basis="；".join(dict.fromkeys(bases)), is_override=is_override)


def check_reduction(*, fee_fen: int, reduction_fen: int) -> None:
    """FM 46: a reduction (减交) is at least 30% of the fee."""
    minimum = -(-fee_fen * 3 // 10)
    if reduction_fen < minimum:
        raise DomainError(FeeError.RELIEF_REDUCTION_TOO_SMALL,
                          f"减交的数额不得低于应交诉讼费用的30%（至少 {_money(minimum)} 元）",
                          {"minimum_fen": minimum, "reduction_fen": reduction_fen}, status=422)
