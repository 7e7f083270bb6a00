"""Pure rules of property preservation (财产保全). No ORM, no settings, no clock: values in, result or DomainError
out. Source: ../shared/domain/rules-enforcement-credit-bankruptcy.md §1 — CPL (民事诉讼法 2023), CPL-Interp (民诉法解释
2022), PresProv (最高法关于人民法院办理财产保全案件若干问题的规定, 法释〔2016〕22号, 2020), SealProv (最高法关于人民法院民事
执行中查封、扣押、冻结财产的规定, 2020)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from yingshang.calendar.domain import shift_months
from yingshang.core.errors import DomainError
from yingshang.preservation.choices import (
    LITIGATION_WAIVER_GROUNDS, PreservationKind, PropertyKind, WaiverGround,
)
from yingshang.preservation.errors import PreservationError

# --- Ruling deadlines (CPL 103, 104; PresProv 4) -----------------------------------------------------------------

URGENT_RULING_HOURS = 48
RULING_DAYS = 5
PRE_LITIGATION_SUIT_DAYS = 30  # CPL 104 ¶3; PresProv 23(1)
PRE_ENFORCEMENT_APPLICATION_DAYS = 5  # CPL-Interp 163


@dataclass(frozen=True)
class RulingClock:
    """How long the court has to rule: ``hours`` (a moment: 48 hours, no holiday rollover) or ``days`` (a period
    of calendar days under CPL 85 — start day not counted, a last day on a rest day moves to the next working day —
    computed on the working-day calendar)."""

    hours: int | None = None
    days: int | None = None


def ruling_clock(*, kind: str, is_urgent: bool) -> RulingClock:
    """The ruling deadline of a preservation application.

    - Pre-litigation (CPL 104 ¶1): always within 48 hours of accepting the application.
    - In litigation (CPL 103 ¶3; PresProv 4 ¶1) and before enforcement (CPL-Interp 163, handled by the same rules):
      urgent → 48 hours; otherwise 5 days — counted from the application, or from the provision of security when
      security was ordered. "5日" is a period in days under CPL 85, not working days: the calendar matters only for
      moving a last day that falls on a rest day."""
    if kind not in PreservationKind.values:
        raise DomainError(PreservationError.KIND_INVALID, "保全类型不正确", {"kind": kind}, status=422)
    if kind == PreservationKind.PRE_LITIGATION or is_urgent:
        return RulingClock(hours=URGENT_RULING_HOURS)
    return RulingClock(days=RULING_DAYS)


# --- Security (PresProv 5, 9) ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SecurityDecision:
    is_required: bool
    security_fen: int
    waiver_ground: str


def security_check(*, kind: str, amount_fen: int, is_required: bool, security_fen: int | None,
                   waiver_ground: str = "", adjustment_reason: str = "") -> SecurityDecision:
    """The security the court orders, or its waiver.

    - In litigation, security ordered: more than 0 and at most 30% of the amount to be preserved (PresProv 5 ¶1,
      compared exactly: security × 10 ≤ amount × 3). Waived only on a ground of PresProv 9 ¶1.
    - Pre-litigation: security is mandatory (CPL 104 ¶1) and equals the amount to be preserved (PresProv 5 ¶2);
      the court may set it lower in special cases (CPL-Interp 152) only with a stated reason. Never waived.
    - Before enforcement: may be waived (PresProv 9 ¶2, or a ¶1 ground); if ordered, more than 0 and at most the
      amount."""
    if kind not in PreservationKind.values:
        raise DomainError(PreservationError.KIND_INVALID, "保全类型不正确", {"kind": kind}, status=422)
    if not is_required:
        if kind == PreservationKind.PRE_LITIGATION:
            raise DomainError(PreservationError.SECURITY_WAIVER_NOT_ALLOWED,
                              "诉前保全申请人应当提供担保，不能免除（民事诉讼法第104条）", status=422)
        allowed = LITIGATION_WAIVER_GROUNDS if kind == PreservationKind.LITIGATION else WaiverGround.values
        if waiver_ground not in allowed:
            raise DomainError(PreservationError.SECURITY_WAIVER_GROUND,
                              "免除担保应当符合《财产保全规定》第9条规定的情形", {"waiver_ground": waiver_ground},
                              status=422)
        return SecurityDecision(is_required=False, security_fen=0, waiver_ground=waiver_ground)
    if waiver_ground:
        raise DomainError(PreservationError.SECURITY_WAIVER_GROUND, "责令提供担保的，不应同时填写免除担保的理由",
                          status=422)
    if security_fen is None or security_fen <= 0:
        raise DomainError(PreservationError.SECURITY_AMOUNT, "担保数额应大于零", {"security_fen": security_fen},
                          status=422)
    if kind == PreservationKind.LITIGATION and security_fen * 10 > amount_fen * 3:
        raise DomainError(PreservationError.SECURITY_TOO_HIGH,
                          "诉讼中责令提供担保的，担保数额不超过请求保全数额的30%（《财产保全规定》第5条第1款）",
                          {"security_fen": security_fen, "maximum_fen": amount_fen * 3 // 10}, status=422)
    if kind == PreservationKind.PRE_LITIGATION and security_fen != amount_fen and not adjustment_reason.strip():
        raise DomainError(PreservationError.SECURITY_TOO_LOW,
                          "诉前保全的担保数额应当相当于请求保全数额；特殊情况下调整的，应当写明理由（《财产保全规定》第5条第2款）",
                          {"security_fen": security_fen, "amount_fen": amount_fen}, status=422)
    if security_fen > amount_fen:
        raise DomainError(PreservationError.SECURITY_AMOUNT, "担保数额不应超过请求保全数额",
                          {"security_fen": security_fen, "amount_fen": amount_fen}, status=422)
    return SecurityDecision(is_required=True, security_fen=security_fen, waiver_ground="")


# --- Terms of measures (CPL-Interp 485; PresProv 18; SealProv 27) -------------------------------------------------

TERM_YEARS = {PropertyKind.BANK_DEPOSIT: 1, PropertyKind.MOVABLE: 2, PropertyKind.REAL_ESTATE: 3,
              PropertyKind.OTHER_RIGHT: 3}
RENEWAL_NOTICE_DAYS = 7  # PresProv 18: the applicant asks at least 7 days before expiry


def term_years(property_kind: str) -> int:
    """Maximum term of one preservation measure (CPL-Interp 485 ¶1, applied to preservation by CPL-Interp 156):
    bank deposits 1 year, movables 2 years, real estate and other property rights 3 years. The obsolete
    6 months / 1 / 2 years of the deleted SealProv 29 are not used."""
    try:
        return TERM_YEARS[PropertyKind(property_kind)]
    except ValueError:
        raise DomainError(PreservationError.PROPERTY_KIND_INVALID, "财产类别不正确", {"property_kind": property_kind},
                          status=422)


def _corresponding_day(start: date, years: int) -> date:
    return shift_months(start, years * 12)[0]


def term_end(*, property_kind: str, taken_on: date, convention: str = "corresponding_day") -> date:
    """The default last day of a measure taken on ``taken_on``: the corresponding day ``term_years`` later (民法典
    201–202: the start day is not counted; CPL 85), or the day before under the printed-date convention
    ("2024-03-15 to 2025-03-14"). A date printed on the ruling is stored instead (see term_check)."""
    end = _corresponding_day(taken_on, term_years(property_kind))
    return end - timedelta(days=1) if convention == "day_before" else end


def term_check(*, property_kind: str, taken_on: date, expires_on: date) -> date:
    """A printed last day must lie after the day taken and not beyond the maximum term (CPL-Interp 485 ¶1)."""
    maximum = _corresponding_day(taken_on, term_years(property_kind))
    if expires_on <= taken_on or expires_on > maximum:
        raise DomainError(PreservationError.TERM_TOO_LONG,
                          f"保全期限不得超过{term_years(property_kind)}年（民诉法解释第485条），最迟至{maximum.isoformat()}",
                          {"expires_on": expires_on.isoformat(), "maximum": maximum.isoformat()}, status=422)
    return expires_on


@dataclass(frozen=True)
class RenewalRequest:
    is_late: bool  # asked less than 7 days before expiry: at the applicant's risk (PresProv 18)
    latest_timely_on: date


def renewal_request_check(*, expires_on: date, requested_on: date) -> RenewalRequest:
    """The applicant asks to renew: at least 7 days before expiry (PresProv 18 — 届满七日前). A later request is
    accepted but marked late (its risk is the applicant's); after expiry the measure has lapsed (SealProv 27) and
    cannot be renewed."""
    if requested_on > expires_on:
        raise DomainError(PreservationError.RENEWAL_AFTER_EXPIRY, "保全期限已届满，保全措施已失效，不能续行",
                          {"expires_on": expires_on.isoformat()}, status=409)
    latest = expires_on - timedelta(days=RENEWAL_NOTICE_DAYS)
    return RenewalRequest(is_late=requested_on > latest, latest_timely_on=latest)


def renewal_end(*, property_kind: str, expires_on: date, new_expires_on: date | None = None) -> date:
    """The last day of a renewed term: each renewal is at most the same maximum (CPL-Interp 485 ¶2), running on
    from the old last day; a shorter printed date is accepted."""
    maximum = _corresponding_day(expires_on, term_years(property_kind))
    if new_expires_on is None:
        return maximum
    if new_expires_on <= expires_on or new_expires_on > maximum:
        raise DomainError(PreservationError.TERM_TOO_LONG,
                          f"续行期限不得超过{term_years(property_kind)}年（民诉法解释第485条第2款），最迟至{maximum.isoformat()}",
                          {"new_expires_on": new_expires_on.isoformat(), "maximum": maximum.isoformat()}, status=422)
    return new_expires_on


# --- Matching the claim (CPL 105; PresProv 15; SealProv 19) and 活封 (PresProv 13) --------------------------------

@dataclass(frozen=True)
class ClaimMatch:
    limit_fen: int
    preserved_fen: int
    excess_fen: int

    @property
    def is_over_limit(self) -> bool:
        return self.excess_fen > 0


def claim_match(*, granted_fen: int, costs_fen: int, preserved_fen: int) -> ClaimMatch:
    """Preservation is limited to the claim (CPL 105): the property preserved must not clearly exceed the amount
    ordered plus the costs (SealProv 19). The excess is what the court releases (超标的)."""
    limit = granted_fen + costs_fen
    return ClaimMatch(limit_fen=limit, preserved_fen=preserved_fen, excess_fen=max(preserved_fen - limit, 0))


def excess_release_check(*, excess_fen: int, release_fen: int, measure_value_fen: int, is_divisible: bool) -> None:
    """The court releases the excess of a divisible item (SealProv 19; PresProv 15 ¶2: seal only the corresponding
    value). An indivisible item is the exception: it may stay whole when the respondent has no other adequate
    property (SealProv 19) — otherwise lift it and preserve other property instead, not part of it."""
    if excess_fen <= 0:
        raise DomainError(PreservationError.NO_EXCESS, "被保全财产价值未超出保全数额，无超标的部分可解除", status=409)
    if not is_divisible:
        raise DomainError(PreservationError.INDIVISIBLE,
                          "该财产整体不可分，不能部分解除；被申请人无其他财产可供保全的，可以整体保全（《查封规定》第19条）",
                          status=409)
    if release_fen <= 0 or release_fen >= measure_value_fen:
        raise DomainError(PreservationError.AMOUNT_INVALID, "解除数额应大于零且小于该项财产的保全价值",
                          {"release_fen": release_fen, "measure_value_fen": measure_value_fen}, status=422)
    if release_fen > excess_fen:
        raise DomainError(PreservationError.RELEASE_ABOVE_EXCESS, "解除数额不能超过超标的部分",
                          {"release_fen": release_fen, "excess_fen": excess_fen}, status=422)


def is_live_seal(*, is_factory_or_machinery: bool, requested: bool) -> bool:
    """活封: factory buildings and machinery left with the respondent must stay in use (PresProv 13 ¶2); other property
    may be left in use when its value is not materially affected (CPL-Interp 155; SealProv 10) — the court's choice."""
    return bool(is_factory_or_machinery or requested)


def suit_due_from(first_taken_on: date) -> tuple[date, int]:
    """Start and length of the pre-litigation period: the applicant sues or starts arbitration within 30 days after
    the measures are taken, or the court lifts them (CPL 104 ¶3; PresProv 23(1)). A period in days under CPL 85."""
    return first_taken_on, PRE_LITIGATION_SUIT_DAYS


def enforcement_due_from(performance_ends_on: date) -> tuple[date, int]:
    """Start and length of the period within which a creditor who obtained preservation before enforcement must
    apply for enforcement: 5 days after the performance period fixed by the effective document ends, or the court
    lifts the measures (CPL-Interp 163). A period in days under CPL 85."""
    return performance_ends_on, PRE_ENFORCEMENT_APPLICATION_DAYS
