"""Pure rules of the dishonest-debtor list (失信被执行人名单), consumption restriction and credit repair.

Sources (rules-enforcement-credit-bankruptcy.md §2.6, §3): 最高人民法院关于公布失信被执行人名单信息的若干规定
(2013, amended 2017, "DishonestProv"); 关于限制被执行人高消费及有关消费的若干规定 (2015, "ConsumptionProv");
关于在执行工作中进一步强化善意文明执行理念的意见 (法发〔2019〕35号, "GoodFaithOp"). No ORM, settings or clock.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from yingshang.core.errors import DomainError
from yingshang.credit.choices import DeletionGround, ListingGround
from yingshang.credit.errors import CreditError


def add_years(start: date, years: int) -> date:
    """Corresponding day ``years`` later; Feb 29 → Feb 28 in a common year (民法典 202)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = start.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


@dataclass(frozen=True)
class ListingFacts:
    ground: str
    decided_on: date
    debtor_birth_date: date | None = None       # natural persons only
    security_provided: bool = False            # adequate security given
    seized_property_sufficient: bool = False   # seized/frozen property suffices
    ranks_later: bool = False                  # e.g. a general guarantor ranking after the principal debtor
    extra_years: int = 0                       # aggravation: 1–3 more years (art. 2)
    grace_months: int = 0                      # GoodFaithOp item 15: 1–3 months before publication


@dataclass(frozen=True)
class ListingTerms:
    has_fixed_term: bool
    term_years: int | None
    ends_on: date | None
    publish_on: date


def is_minor_on(birth_date: date, on: date) -> bool:
    """Under 18 on the given day (民法典 17)."""
    return add_years(birth_date, 18) > on


def check_listing(facts: ListingFacts) -> ListingTerms:
    """Decide whether a debtor may be listed and on what terms.

    - Never a minor (DishonestProv art. 4).
    - Not on ground (1) where adequate security was given, seized property suffices, or the debtor ranks later in
      the order of performance (art. 3).
    - Term (art. 2): grounds (2)–(6) two years, plus one to three years for aggravating circumstances (at most
      five); ground (1) has no fixed term.
    - Grace period (GoodFaithOp item 15): one to three months before publication; nothing is published during it.
    """
    if facts.debtor_birth_date and is_minor_on(facts.debtor_birth_date, facts.decided_on):
        raise DomainError(CreditError.MINOR, "被执行人为未成年人，不得纳入失信被执行人名单（失信规定第四条）")
    if facts.ground == ListingGround.ABLE_BUT_REFUSES and (
            facts.security_provided or facts.seized_property_sufficient or facts.ranks_later):
        reasons = [text for flag, text in ((facts.security_provided, "已提供充分有效担保"),
                                           (facts.seized_property_sufficient, "已查封、扣押、冻结的财产足以清偿"),
                                           (facts.ranks_later, "依法不需承担或应后位履行责任")) if flag]
        raise DomainError(CreditError.SECURED, "不得以「有履行能力而拒不履行」为由纳入：" + "、".join(reasons),
                          {"reasons": reasons})
    if not 0 <= facts.extra_years <= 3:
        raise DomainError(CreditError.TERM_INVALID, "加重期限应为一至三年", {"extra_years": facts.extra_years})
    if facts.grace_months and not 1 <= facts.grace_months <= 3:
        raise DomainError(CreditError.GRACE_INVALID, "宽限期应为一至三个月", {"grace_months": facts.grace_months})
    publish_on = add_months(facts.decided_on, facts.grace_months) if facts.grace_months else facts.decided_on
    if facts.ground == ListingGround.ABLE_BUT_REFUSES:
        if facts.extra_years:
            raise DomainError(CreditError.TERM_INVALID, "以「有履行能力而拒不履行」纳入的不设期限，不能加重期限")
        return ListingTerms(has_fixed_term=False, term_years=None, ends_on=None, publish_on=publish_on)
    years = 2 + facts.extra_years
    return ListingTerms(has_fixed_term=True, term_years=years, ends_on=add_years(facts.decided_on, years),
                        publish_on=publish_on)


def check_deletion_ground(ground: str, *, has_fixed_term: bool) -> None:
    """Art. 10 ¶1 events apply to ground-(1) listings; fixed-term listings end at term expiry, or earlier at the
    court's discretion after performance or correction (art. 2 ¶2). Credit repair is the court's own decision."""
    if has_fixed_term and ground not in (DeletionGround.TERM_EXPIRED, DeletionGround.EARLY_END,
                                         DeletionGround.CREDIT_REPAIR, DeletionGround.PERFORMED):
        raise DomainError("CREDIT_DELETION_GROUND", "有期限的失信名单应于期限届满后删除，或经履行、纠正后提前删除",
                          {"ground": ground})
    if not has_fixed_term and ground == DeletionGround.TERM_EXPIRED:
        raise DomainError("CREDIT_DELETION_GROUND", "不设期限的失信名单不存在期限届满", {"ground": ground})


REAPPLY_BAR_MONTHS = 6


def reapply_allowed_from(deleted_on: date) -> date:
    """After a deletion the creditor asked for, that creditor's new request is refused for 6 months (art. 10 ¶3)."""
    return add_months(deleted_on, REAPPLY_BAR_MONTHS)


CORRECTION_REVIEW_DAYS = 15       # art. 12: review within 15 days of the written request
RECONSIDERATION_APPLY_DAYS = 10   # apply to the higher court within 10 days of service
DELETION_WORKING_DAYS = 3         # art. 9–10: revoke, correct or delete within 3 working days


def correction_review_due(filed_on: date) -> date:
    return filed_on + timedelta(days=CORRECTION_REVIEW_DAYS)


_ID = re.compile(r"^(\d{4})(\d+)(\d{4}|\d{3}[Xx])$")


def mask_id_number(value: str | None) -> str:
    """4228**********1234: the first four and last four characters stay, every other one is a star."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    """138****8000."""
    if not value:
        return ""
    return value[:3] + "*" * max(len(value) - 7, 0) + value[-4:] if len(value) > 7 else "*" * len(value)


def community_of(address: str) -> str:
    """The community (乡镇/街道) a natural person's address belongs to, for the grid system's export (measure 24):
    the address up to and including its first 镇, 乡 or 街道; "未知社区" when none."""
    match = re.search(r"^.*?(?:街道|镇|乡)", address or "")
    return match.group(0) if match else "未知社区"


@dataclass(frozen=True)
class RepairFacts:
    is_enterprise: bool
    paid_ratio: float          # delivered ÷ applied
    has_active_instalments: bool
    instalments_on_schedule: bool
    in_reorganisation_or_settlement: bool   # an open bankruptcy case (重整/和解) in this court
    months_listed: int


def repair_candidate_reasons(f: RepairFacts) -> list[str]:
    """Why an enterprise listing is a credit-repair candidate (plan measures 19, 29: 能修尽修、应修必修).

    Court policy, not statute: willing-but-unable enterprises — performing an instalment plan on schedule, or having
    paid at least half, or in a court-approved reorganisation or settlement (发改财金规〔2021〕274号). Listings
    older than two years with partial performance are proposed for review too.
    """
    if not f.is_enterprise:
        return []
    reasons = []
    if f.has_active_instalments and f.instalments_on_schedule:
        reasons.append("正在按期履行分期履行计划")
    if f.paid_ratio >= 0.5:
        reasons.append(f"已履行{f.paid_ratio:.0%}")
    if f.in_reorganisation_or_settlement:
        reasons.append("处于本院受理的破产重整或和解程序")
    if f.months_listed >= 24 and f.paid_ratio > 0:
        reasons.append("纳入已满两年且有部分履行")
    return reasons
