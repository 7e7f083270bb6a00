"""Trial and enforcement time limits (审限 / 执行期限), deductions, extensions and long-pending escalation — pure rules.

Sources (paraphrased in ../shared/domain/rules-fees-periods-case-numbers.md §2, §3.1 and
rules-enforcement-credit-bankruptcy.md §0, §2.1):
- 民事诉讼法 (2023) Arts 85, 152, 164, 168, 183, 187, 215; 民诉法解释 (2022) Arts 125, 128, 129, 243, 258, 339;
- 最高人民法院关于严格执行案件审理期限制度的若干规定 (2000, "TermProv") Arts 2, 5, 8, 9;
- 最高人民法院关于审理民事案件适用简易程序 … / 延长审限和延期开庭规定 (2019) art. 1;
- 行政诉讼法 (2017) Arts 81, 83, 88; 行诉解释 (2018) Arts 50, 105;
- 刑事诉讼法 (2018) Arts 206, 208, 212, 220, 225, 243, 258; 刑诉解释 (2021) Arts 210, 211;
- 民法典 Arts 201–203 (counting; month ends);
- the court's 2023 business-environment plan, measures 13 (6/9/12-month escalation) and 14 (the same reason
  cannot support a second extension; appeal files transferred within 5 days after the answer period).

No ORM, no settings, no clock: "today" and every setting are arguments. Calendar arithmetic goes through
yingshang.calendar.domain (a WorkdayCalendar), so holidays and 调休 working weekends are honoured.

Convention for the end of a time limit (documented in docs and on the case page):
  end = filed_on + (limit months + approved extension months)   — corresponding day, month end if none (民法典 202)
        + (limit days + approved extension days + deducted days) — the start day not counted (TermProv 8, 解释 125)
  then, when the court's setting says so, a rest day moves to the next working day (CPL 85 applied to 审限).
The scan (deadlines/scan.py) computes the same formula in SQL; a test checks the two agree.
"""

from __future__ import annotations

import calendar as _pycalendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Protocol

from yingshang.calendar.domain import format_date as _fmt
from yingshang.core.errors import DomainError
from yingshang.deadlines.choices import (
    AlertLevel, Approver, DeductionKind, ExtensionDecision, ExtensionReason, ExtensionStatus, Tier,
)
from yingshang.deadlines.errors import DeadlineError


class WorkdayCalendar(Protocol):
    """The calendar interface of yingshang.calendar.domain (restated so this module type-checks alone)."""

    def is_working_day(self, d: date) -> bool: ...

    def is_confirmed(self, year: int) -> bool: ...


# --- The rule table ------------------------------------------------------------------------------------------

CIVIL, ADMINISTRATIVE, CRIMINAL, ENFORCEMENT = "civil", "administrative", "criminal", "enforcement"

# Case categories (cases.choices.CaseCategory values) → the family whose limits and deductions apply.
CATEGORY_FAMILY = {
    "civil": CIVIL, "commercial": CIVIL, "financial": CIVIL,
    "administrative": ADMINISTRATIVE,
    "criminal": CRIMINAL,
    "enforcement": ENFORCEMENT,
}


@dataclass(frozen=True)
class Length:
    """A length in months and days (either may be zero)."""

    months: int = 0
    days: int = 0

    def __bool__(self) -> bool:
        return bool(self.months or self.days)

    def label(self) -> str:
        parts = []
        if self.months:
            parts.append(f"{self.months}个月")
        if self.days:
            parts.append(f"{self.days}日")
        return "".join(parts) or "0日"

    def fits_within(self, cap: "Length") -> bool:
        """True when this length is not longer than cap. Months are compared as months; days left over may use
        the cap's spare months at 31 days each (so 30 days fits a 1-month cap, 1 month 1 day does not)."""
        return self.months <= cap.months and self.days <= cap.days + 31 * (cap.months - self.months)


@dataclass(frozen=True)
class TimeLimitRule:
    """One row of the time-limit table. ``extension_cap`` None means the law fixes no length."""

    code: str
    label: str
    family: str
    limit: Length
    approver: str                       # who approves the first extension(s): Approver value
    extension_cap: Length | None
    first_extensions: int | None        # how many extensions that approver may grant (None: no limit)
    further_approver: str               # who approves beyond those: Approver value
    further_cap: Length | None
    source: str
    note: str = ""

    @property
    def limit_label(self) -> str:
        return self.limit.label()


def _r(code, label, family, limit, approver, cap, n, further, further_cap, source, note=""):
    return TimeLimitRule(code=code, label=label, family=family, limit=limit, approver=approver,
                         extension_cap=cap, first_extensions=n, further_approver=further,
                         further_cap=further_cap, source=source, note=note)


P, HC, HIGH, NONE = Approver.PRESIDENT, Approver.HIGHER_COURT, Approver.HIGH_COURT, Approver.NONE
M, D = (lambda n: Length(months=n)), (lambda n: Length(days=n))

RULES: dict[str, TimeLimitRule] = {r.code: r for r in [
    _r("civil_ordinary", "民事一审普通程序", CIVIL, M(6), P, M(6), 1, HC, M(3),
       "民事诉讼法第152条；审限规定（2000）第2条",
       "院长批准可延长6个月；还需延长的，报请上级人民法院批准（2000年规定：可再延长3个月）"),
    _r("civil_simple", "民事一审简易程序", CIVIL, M(3), P, M(1), 1, NONE, None,
       "民事诉讼法第164条；民诉法解释第258条", "院长批准可延长1个月，合计不超过4个月"),
    _r("civil_small_claims", "小额诉讼程序", CIVIL, M(2), P, M(1), 1, NONE, None,
       "民事诉讼法第168条", "院长批准可延长1个月"),
    _r("civil_special", "特别程序", CIVIL, D(30), P, None, 1, NONE, None,
       "民事诉讼法第187条", "公告案件自公告期满后30日内审结；院长批准可延长（法律未规定长度，2000年规定为30日）"),
    _r("civil_judicial_confirmation", "司法确认", CIVIL, D(15), P, D(10), 1, NONE, None,
       "司法确认规定（2011）第5条（现行有效性未经确认）；民事诉讼法第187条", "受理后15日内作出裁定，院长批准可延长10日"),
    _r("civil_second_judgment", "民事二审（不服判决）", CIVIL, M(3), P, M(3), 1, NONE, None,
       "民事诉讼法第183条；审限规定（2000）第2条", "自二审立案之日起计算；本院院长批准可延长（2000年规定：3个月）"),
    _r("civil_second_ruling", "民事二审（不服裁定）", CIVIL, D(30), P, None, 1, NONE, None,
       "民事诉讼法第183条；民诉法解释第339条", "院长批准可延长，法律未规定长度"),
    _r("civil_retrial_review", "民事再审审查", CIVIL, M(3), P, None, 1, NONE, None,
       "民事诉讼法第215条；民诉法解释第129条", "自收到再审申请书之日起3个月；公告、和解期间不计入"),
    _r("civil_retrial_first", "民事再审（按一审程序）", CIVIL, M(6), P, M(6), 1, HC, M(3),
       "民诉法解释第128条；民事诉讼法第152条", "自再审立案次日起按一审审限计算"),
    _r("civil_retrial_second", "民事再审（按二审程序）", CIVIL, M(3), P, M(3), 1, NONE, None,
       "民诉法解释第128条；民事诉讼法第183条", "自再审立案次日起按二审审限计算"),
    _r("admin_ordinary", "行政一审普通程序", ADMINISTRATIVE, M(6), HIGH, None, None, NONE, None,
       "行政诉讼法第81条；行诉解释第50条", "有特殊情况需要延长的，由高级人民法院批准（基层法院直接报高院并抄报中院）"),
    _r("admin_simple", "行政一审简易程序", ADMINISTRATIVE, D(45), NONE, None, 0, NONE, None,
       "行政诉讼法第83条；行诉解释第105条", "不得延长；转普通程序的自立案之日起计算"),
    _r("admin_second", "行政二审", ADMINISTRATIVE, M(3), HIGH, None, None, NONE, None,
       "行政诉讼法第88条", "自收到上诉状之日起计算；延长由高级人民法院批准"),
    _r("criminal_ordinary", "刑事一审公诉案件", CRIMINAL, M(2), P, M(1), 1, HC, M(3),
       "刑事诉讼法第208条；刑诉解释第210条",
       "受理后2个月内宣判，至迟不超过3个月（第3个月的审批人未经核实，按院长审批）；"
       "可能判处死刑、附带民事诉讼或第158条情形的，经上一级法院批准可再延长3个月"),
    _r("criminal_private_free", "刑事自诉案件（被告人未被羁押）", CRIMINAL, M(6), NONE, None, 0, NONE, None,
       "刑事诉讼法第212条", "被告人被羁押的适用公诉案件审限"),
    _r("criminal_simple", "刑事简易程序", CRIMINAL, D(20), NONE, None, 0, NONE, None,
       "刑事诉讼法第220条", "可能判处有期徒刑超过3年的，适用“刑事简易程序（超过3年）”"),
    _r("criminal_simple_over_3y", "刑事简易程序（可能判处有期徒刑超过3年）", CRIMINAL, Length(1, 15), NONE, None, 0,
       NONE, None, "刑事诉讼法第220条", "延长至1个半月"),
    _r("criminal_fast_track", "刑事速裁程序", CRIMINAL, D(10), NONE, None, 0, NONE, None,
       "刑事诉讼法第225条", "可能判处有期徒刑超过1年的，适用“刑事速裁程序（超过1年）”"),
    _r("criminal_fast_track_over_1y", "刑事速裁程序（可能判处有期徒刑超过1年）", CRIMINAL, D(15), NONE, None, 0,
       NONE, None, "刑事诉讼法第225条", "15日"),
    _r("criminal_second", "刑事二审", CRIMINAL, M(2), HIGH, M(2), 1, NONE, None,
       "刑事诉讼法第243条", "经高级人民法院批准或决定可延长2个月"),
    _r("criminal_retrial", "刑事再审", CRIMINAL, M(3), P, M(3), 1, NONE, None,
       "刑事诉讼法第258条", "需要延长的，合计不得超过6个月（审批人未经核实，按院长审批）"),
    _r("enforcement", "执行实施案件", ENFORCEMENT, M(6), P, M(3), 1, P, None,
       "审限规定（2000）第5条；法发〔2006〕35号第1条",
       "院长批准可延长3个月；还需延长的，层报高级人民法院备案（2006年规定另允许分管副院长审批，本院按院长审批）"),
    _r("enforcement_non_litigation", "非诉执行案件", ENFORCEMENT, M(3), P, M(3), 1, P, None,
       "审限规定（2000）第5条；法发〔2006〕35号第1条", "院长批准可延长3个月；还需延长的，层报高级人民法院备案"),
]}

# (category, procedure, type_code or "*") → rule code. The most specific key wins; a case-level override (set by
# a service, e.g. an appeal against a ruling) wins over both. Categories without a row (bankruptcy, preservation,
# pre-filing mediation, state compensation) have no trial time limit in this table.
_CIVIL_CATEGORIES = ("civil", "commercial", "financial")
RULE_KEYS: dict[tuple[str, str, str], str] = {}
for _category in _CIVIL_CATEGORIES:
    RULE_KEYS.update({
        (_category, "ordinary", "*"): "civil_ordinary",
        (_category, "simple", "*"): "civil_simple",
        (_category, "small_claims", "*"): "civil_small_claims",
        (_category, "fast_track", "*"): "civil_simple",
        (_category, "special", "*"): "civil_special",
        (_category, "second_instance", "*"): "civil_second_judgment",
        (_category, "retrial", "*"): "civil_retrial_first",
        (_category, "retrial", "民申"): "civil_retrial_review",
        (_category, "retrial", "民监"): "civil_retrial_review",
        (_category, "retrial", "民抗"): "civil_retrial_review",
    })
RULE_KEYS.update({
    ("administrative", "ordinary", "*"): "admin_ordinary",
    ("administrative", "simple", "*"): "admin_simple",
    ("administrative", "second_instance", "*"): "admin_second",
    ("administrative", "non_litigation", "*"): "enforcement_non_litigation",
    ("criminal", "ordinary", "*"): "criminal_ordinary",
    ("criminal", "simple", "*"): "criminal_simple",
    ("criminal", "fast_track", "*"): "criminal_fast_track",
    ("criminal", "second_instance", "*"): "criminal_second",
    ("criminal", "retrial", "*"): "criminal_retrial",
    ("enforcement", "enforcement", "*"): "enforcement",
    ("enforcement", "non_litigation", "*"): "enforcement_non_litigation",
})


def rule_code_for(*, category: str, procedure: str, type_code: str = "", override: str = "") -> str:
    """The rule code that governs a case: the override, else the (category, procedure, type code) row, else the
    (category, procedure) row, else "" (no statutory time limit in the table)."""
    if override:
        if override not in RULES:
            raise DomainError(DeadlineError.RULE_UNKNOWN, f"未知的审限规则：{override}", {"rule_code": override})
        return override
    return RULE_KEYS.get((category, procedure, type_code)) or RULE_KEYS.get((category, procedure, "*"), "")


# --- Deductions ----------------------------------------------------------------------------------------------

DEDUCTION_KINDS_BY_FAMILY: dict[str, dict[str, str]] = {
    # kind → source. Civil: 解释 243; TermProv 9(8)(9); 特邀调解规定 27 / 在线调解规则 24.
    CIVIL: {
        DeductionKind.PUBLIC_NOTICE: "民诉法解释第243条",
        DeductionKind.APPRAISAL: "民诉法解释第243条",
        DeductionKind.SETTLEMENT: "民诉法解释第243条",
        DeductionKind.JURISDICTION_OBJECTION: "民诉法解释第243条",
        DeductionKind.JURISDICTION_DISPUTE: "民诉法解释第243条",
        DeductionKind.AUDIT_VALUATION: "审限规定（2000）第9条第8项",
        DeductionKind.SUSPENSION: "审限规定（2000）第9条第9项",
        DeductionKind.ENTRUSTED_MEDIATION: "特邀调解规定第27条；在线调解规则第24条",
    },
    # Administrative: 行诉解释 50.
    ADMINISTRATIVE: {
        DeductionKind.PUBLIC_NOTICE: "行诉解释第50条",
        DeductionKind.APPRAISAL: "行诉解释第50条",
        DeductionKind.MEDIATION: "行诉解释第50条",
        DeductionKind.SUSPENSION: "行诉解释第50条",
        DeductionKind.JURISDICTION_OBJECTION: "行诉解释第50条",
        DeductionKind.JURISDICTION_DISPUTE: "行诉解释第50条",
        DeductionKind.AUDIT_VALUATION: "审限规定（2000）第9条第8项",
    },
    # Criminal: 刑诉解释 211; TermProv 9(1)(9); CrPL 206 (中止审理).
    CRIMINAL: {
        DeductionKind.PSYCHIATRIC_APPRAISAL: "刑诉解释第211条；审限规定（2000）第9条第1项",
        DeductionKind.SUSPENSION: "刑事诉讼法第206条；审限规定（2000）第9条第9项",
    },
    # Enforcement: TermProv 9(8)–(12).
    ENFORCEMENT: {
        DeductionKind.AUDIT_VALUATION: "审限规定（2000）第9条第8项",
        DeductionKind.ENFORCEMENT_SUSPENSION: "审限规定（2000）第9条第9项",
        DeductionKind.ENFORCEMENT_DEFERRAL: "审限规定（2000）第9条第10项",
        DeductionKind.HIGHER_COURT_SUSPENSION: "审限规定（2000）第9条第11项",
        DeductionKind.AUCTION_SALE: "审限规定（2000）第9条第12项",
    },
}
# 再审审查: only 公告 and 和解 are not counted (解释 129).
RETRIAL_REVIEW_KINDS = {DeductionKind.PUBLIC_NOTICE: "民诉法解释第129条", DeductionKind.SETTLEMENT: "民诉法解释第129条"}


def allowed_deduction_kinds(rule: TimeLimitRule) -> dict[str, str]:
    """The deduction kinds the law allows for a case under this rule, with their sources."""
    if rule.code == "civil_retrial_review":
        return dict(RETRIAL_REVIEW_KINDS)
    return dict(DEDUCTION_KINDS_BY_FAMILY.get(rule.family, {}))


@dataclass(frozen=True)
class DeductionSpan:
    kind: str
    start_on: date
    end_on: date | None  # None: still running (the time limit is paused)

    @property
    def days(self) -> int:
        """Days not counted, both ends included. A running deduction counts 0 until it ends."""
        if self.end_on is None:
            return 0
        return (self.end_on - self.start_on).days + 1

    def days_through(self, today: date) -> int:
        end = self.end_on or today
        return max((end - self.start_on).days + 1, 0)


def check_deduction(*, rule: TimeLimitRule, kind: str, start_on: date, end_on: date | None, filed_on: date,
                    today: date, existing: Iterable[DeductionSpan], reason: str) -> None:
    """Validate a deduction before it is recorded: a kind the law allows for this case (解释 243; TermProv 9;
    行诉解释 50; 刑诉解释 211), dates in order, within the case's life, not overlapping another deduction (a day
    cannot be deducted twice), and a reason."""
    allowed = allowed_deduction_kinds(rule)
    if kind not in allowed:
        raise DomainError(DeadlineError.DEDUCTION_KIND_NOT_ALLOWED,
                          f"「{_kind_label(kind)}」不属于{rule.label}可以扣除审限的情形",
                          {"kind": kind, "allowed": sorted(allowed)})
    if not reason.strip():
        raise DomainError(DeadlineError.REASON_REQUIRED, "请填写扣除审限的事由")
    if start_on <= filed_on:
        raise DomainError(DeadlineError.DEDUCTION_BEFORE_FILING, "扣除期间应在立案之后开始",
                          {"start_on": start_on.isoformat(), "filed_on": filed_on.isoformat()})
    if start_on > today:
        raise DomainError(DeadlineError.DEDUCTION_IN_FUTURE, "扣除期间尚未开始，不能预先登记",
                          {"start_on": start_on.isoformat()})
    if end_on is not None and end_on < start_on:
        raise DomainError(DeadlineError.DEDUCTION_DATES, "扣除期间的结束日期不能早于开始日期",
                          {"start_on": start_on.isoformat(), "end_on": end_on.isoformat()})
    far = date.max
    for other in existing:
        if start_on <= (other.end_on or far) and other.start_on <= (end_on or far):
            raise DomainError(DeadlineError.DEDUCTION_OVERLAP, "与已登记的扣除期间重叠，同一日不能重复扣除",
                              {"other_start_on": other.start_on.isoformat(),
                               "other_end_on": other.end_on.isoformat() if other.end_on else None})


def _kind_label(kind: str) -> str:
    try:
        return DeductionKind(kind).label
    except ValueError:
        return kind


# --- Extensions ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExtensionFacts:
    """An extension already on file for the case, under the procedure it was asked for."""

    reason_code: str
    status: str
    length: Length
    approver: str = Approver.PRESIDENT  # who approved or must approve it


@dataclass(frozen=True)
class ExtensionRoute:
    """Where an extension request goes and how long it may be."""

    approver: str
    cap: Length | None
    ordinal: int  # 1 for the first extension under this procedure, 2 for the second …
    needs_override: bool  # the same reason as an earlier extension, allowed only by a president's override


ACTIVE_EXTENSION_STATUSES = (ExtensionStatus.REQUESTED, ExtensionStatus.APPROVED,
                             ExtensionStatus.REPORTED_TO_HIGHER_COURT)


def route_extension(*, rule: TimeLimitRule, existing: Iterable[ExtensionFacts], reason_code: str,
                    length: Length, same_reason_rule: bool, override_reason: str = "",
                    by_president: bool = False) -> ExtensionRoute:
    """Decide where an extension request goes, or refuse it.

    - No extension for limits the law makes final (行政简易 45 days, ALL 83; 刑事简易/速裁, CrPL 220, 225).
    - One request at a time.
    - The president approves up to ``rule.first_extensions`` extensions of at most ``rule.extension_cap``
      (CPL 152, 164, 168, 183; TermProv 2, 5); beyond that the higher court approves (CPL 152 / TermProv 2), or the
      president again with a report to the High Court for the record (enforcement, TermProv 5); administrative
      limits are extended only by the High Court (ALL 81, 88).
    - The court's own rule (2023 plan measure 14): the same reason cannot support a second extension "原则上" —
      refused unless a president overrides with a recorded reason.
    """
    if reason_code not in ExtensionReason.values:
        raise DomainError(DeadlineError.EXTENSION_LENGTH, "请选择延长审限的事由", {"reason_code": reason_code})
    if length.months < 0 or length.days < 0 or not length:
        raise DomainError(DeadlineError.EXTENSION_LENGTH, "延长期限应为正数（月或日）",
                          {"months": length.months, "days": length.days})
    if rule.approver == Approver.NONE:
        raise DomainError(DeadlineError.EXTENSION_NOT_ALLOWED, f"{rule.label}的审限（{rule.limit_label}）依法不得延长",
                          {"rule_code": rule.code, "source": rule.source})
    on_file = list(existing)
    if any(e.status in (ExtensionStatus.REQUESTED, ExtensionStatus.REPORTED_TO_HIGHER_COURT) for e in on_file):
        raise DomainError(DeadlineError.EXTENSION_PENDING, "已有尚未决定的延长审限申请", status=409)
    granted = [e for e in on_file if e.status == ExtensionStatus.APPROVED]
    needs_override = False
    if same_reason_rule and any(e.reason_code == reason_code for e in on_file
                                if e.status in ACTIVE_EXTENSION_STATUSES):
        if not (by_president and override_reason.strip()):
            raise DomainError(
                DeadlineError.EXTENSION_SAME_REASON,
                f"本案已因「{ExtensionReason(reason_code).label}」延长过审限。按本院规定（2023年优化营商环境方案第14项），"
                "因同一事由原则上不得再次申请延长；确有必要的，须由院长填写理由后决定",
                {"reason_code": reason_code, "rule": "2023年方案第14项"}, status=409)
        needs_override = True
    ordinal = len(granted) + 1
    first_level = len([e for e in granted if e.approver == rule.approver])
    if rule.first_extensions is None or first_level < rule.first_extensions:
        approver, cap = rule.approver, rule.extension_cap
    elif rule.further_approver != Approver.NONE:
        approver, cap = rule.further_approver, rule.further_cap
    else:
        raise DomainError(DeadlineError.EXTENSION_NOT_ALLOWED,
                          f"{rule.label}的审限已延长过，依法不得再延长", {"rule_code": rule.code, "source": rule.source})
    if cap is not None and not length.fits_within(cap):
        raise DomainError(DeadlineError.EXTENSION_TOO_LONG,
                          f"本次延长最多{cap.label()}（{rule.source}）", {"cap_months": cap.months, "cap_days": cap.days})
    return ExtensionRoute(approver=approver, cap=cap, ordinal=ordinal, needs_override=needs_override)


def check_decision(*, status: str, approver: str, decision: str) -> str:
    """The status an extension moves to on a president's decision; refuse what the law does not allow.

    A request that only the higher / High Court may approve cannot be approved by this court's president: it is
    reported (报请) and the higher court's answer is then recorded (CPL 152; ALL 81, 88; 2019 延长审限规定 art. 1).
    """
    if status == ExtensionStatus.REQUESTED:
        if decision == ExtensionDecision.APPROVE:
            if approver in (Approver.HIGHER_COURT, Approver.HIGH_COURT):
                raise DomainError(DeadlineError.EXTENSION_NEEDS_HIGHER_COURT,
                                  f"本次延长须报请{Approver(approver).label}批准，院长不能直接批准",
                                  {"approver": approver}, status=409)
            return ExtensionStatus.APPROVED
        if decision == ExtensionDecision.REJECT:
            return ExtensionStatus.REJECTED
        if decision == ExtensionDecision.REPORT:
            if approver not in (Approver.HIGHER_COURT, Approver.HIGH_COURT):
                raise DomainError(DeadlineError.EXTENSION_DECISION_INVALID, "本次延长由本院院长审批，无需报请上级法院",
                                  status=409)
            return ExtensionStatus.REPORTED_TO_HIGHER_COURT
    elif status == ExtensionStatus.REPORTED_TO_HIGHER_COURT:
        if decision == ExtensionDecision.HIGHER_COURT_APPROVED:
            return ExtensionStatus.APPROVED
        if decision == ExtensionDecision.HIGHER_COURT_REJECTED:
            return ExtensionStatus.REJECTED
    else:
        raise DomainError(DeadlineError.EXTENSION_ALREADY_DECIDED, "该申请已经决定", {"status": status}, status=409)
    raise DomainError(DeadlineError.EXTENSION_DECISION_INVALID, "当前状态下不能作出该决定",
                      {"status": status, "decision": decision}, status=409)


# --- Month arithmetic (also done in SQL by the scan) ---------------------------------------------------------

def months_after(start: date, months: int) -> date:
    """The corresponding day ``months`` months after ``start``; the month's last day when there is none
    (民法典 Art 202: 2023-08-31 + 6 months = 2024-02-29)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, _pycalendar.monthrange(year, month)[1]))


def full_months(start: date, today: date) -> int:
    """Whole months elapsed from ``start`` to ``today`` (start day not counted): 0 until months_after(start, 1)."""
    months = (today.year - start.year) * 12 + today.month - start.month
    if months > 0 and months_after(start, months) > today:
        months -= 1
    return max(months, 0)


# --- The time limit of one case ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TimeLimitResult:
    rule_code: str
    filed_on: date
    months_total: int
    days_total: int
    deducted_days: int
    raw_end_on: date | None        # before any rest-day rollover
    end_on: date | None            # the time limit's last day (None: no statutory limit)
    is_paused: bool                # a deduction is running: the limit does not run (end_on excludes it)
    end_if_resumed_today_on: date | None
    unconfirmed_calendar: bool
    steps: list[str] = field(default_factory=list)


def compute_time_limit(*, rule: TimeLimitRule | None, filed_on: date, extensions: Iterable[Length],
                       deductions: Iterable[DeductionSpan], cal: WorkdayCalendar, rollover: bool,
                       today: date) -> TimeLimitResult:
    """The end of a case's time limit with its explanation.

    end = filed_on + (limit + approved extensions, months) + (limit days + extension days + deducted days), the
    start day not counted (TermProv 8); month ends per 民法典 202; a rest-day end moves to the next working day when
    ``rollover`` (CPL 85, applied to 审限 by the SPC 2014 text; a court setting). A running deduction pauses the
    limit: ``end_on`` leaves it out, ``end_if_resumed_today_on`` counts it through today.
    """
    from yingshang.calendar import domain as calendar_domain

    if rule is None:
        return TimeLimitResult(rule_code="", filed_on=filed_on, months_total=0, days_total=0, deducted_days=0,
                               raw_end_on=None, end_on=None, is_paused=False, end_if_resumed_today_on=None,
                               unconfirmed_calendar=False,
                               steps=["本类案件在审限规则表中没有法定审理期限，只按立案时间计算长期未结（2023年方案第13项）"])
    extensions = list(extensions)
    deductions = sorted(deductions, key=lambda s: s.start_on)
    steps = [f"适用规则：{rule.label}，审限{rule.limit_label}（{rule.source}）",
             f"起算：立案日{_fmt(filed_on)}，审限自次日起计算（审限规定（2000）第8条）"]
    ext_months = sum(e.months for e in extensions)
    ext_days = sum(e.days for e in extensions)
    for n, ext in enumerate(extensions, start=1):
        steps.append(f"已批准第{n}次延长：{ext.label()}")
    months_total = rule.limit.months + ext_months
    day = filed_on
    if months_total:
        day = calendar_domain.add_months(filed_on, months_total, cal, rollover=False).deadline
        steps.append(f"{_fmt(filed_on)}加{months_total}个月（含延长）→ {_fmt(day)}"
                     "（到期月的对应日；无对应日的为该月最后一日，民法典第202条）")
    deducted = sum(s.days for s in deductions)
    for span in deductions:
        if span.end_on is None:
            steps.append(f"扣除：{_kind_label(span.kind)}自{_fmt(span.start_on)}起，尚未结束——审限暂停计算，"
                         f"截至今日已{span.days_through(today)}日")
        else:
            steps.append(f"扣除：{_kind_label(span.kind)}{_fmt(span.start_on)}至{_fmt(span.end_on)}，共{span.days}日")
    days_total = rule.limit.days + ext_days + deducted
    if days_total:
        parts = [f"审限{rule.limit.days}日"] if rule.limit.days else []
        if ext_days:
            parts.append(f"延长{ext_days}日")
        if deducted:
            parts.append(f"扣除{deducted}日")
        before = day
        day = before + timedelta(days=days_total)
        steps.append(f"{_fmt(before)}加{days_total}日（{'、'.join(parts)}）→ {_fmt(day)}")
    raw_end = day
    end, unconfirmed = _roll(raw_end, cal, rollover, steps)
    is_paused = any(s.end_on is None for s in deductions)
    if_resumed = None
    if is_paused:
        running = sum(s.days_through(today) for s in deductions if s.end_on is None)
        if_resumed, _ = _roll(raw_end + timedelta(days=running), cal, rollover, [])
        steps.append(f"扣除期间尚在进行：如今日恢复计算，届满日为{_fmt(if_resumed)}")
    steps.append(f"审限届满日：{_fmt(end)}")
    return TimeLimitResult(rule_code=rule.code, filed_on=filed_on, months_total=months_total,
                           days_total=days_total, deducted_days=deducted, raw_end_on=raw_end, end_on=end,
                           is_paused=is_paused, end_if_resumed_today_on=if_resumed,
                           unconfirmed_calendar=unconfirmed, steps=steps)


def _roll(day: date, cal: WorkdayCalendar, rollover: bool, steps: list[str]) -> tuple[date, bool]:
    """Move a rest-day end to the next working day (CPL 85 ¶3; a 调休 working weekend day is a working day)."""
    unconfirmed = not cal.is_confirmed(day.year)
    if cal.is_working_day(day):
        if unconfirmed:
            steps.append(f"注意：{day.year}年的放假安排尚未确认，届满日可能变化")
        return day, unconfirmed
    if not rollover:
        steps.append(f"{_fmt(day)}为休息日；本院设置审限届满日不因节假日顺延")
        return day, unconfirmed
    moved = day
    while not cal.is_working_day(moved):
        moved += timedelta(days=1)
        unconfirmed = unconfirmed or not cal.is_confirmed(moved.year)
    steps.append(f"{_fmt(day)}为休息日，顺延至下一个工作日{_fmt(moved)}（民事诉讼法第85条）")
    if unconfirmed:
        steps.append(f"注意：{moved.year}年的放假安排尚未确认，届满日可能变化")
    return moved, unconfirmed


# --- Long-pending escalation and alert levels ----------------------------------------------------------------

@dataclass(frozen=True)
class Thresholds:
    six_months_on: date
    nine_months_on: date
    twelve_months_on: date


def long_pending_thresholds(filed_on: date) -> Thresholds:
    """The last day of the 6th, 9th and 12th month counted from filing (start day not counted; 民法典 201–202).
    A case still open the day after is "past" that many months."""
    return Thresholds(months_after(filed_on, 6), months_after(filed_on, 9), months_after(filed_on, 12))


def long_pending_tier(th: Thresholds, today: date, lookahead_days: int) -> tuple[str, int]:
    """(tier, approaching_months) of an open case (2023 plan measure 13; issue 3 §5):

    - committee: past 12 months — put on the 审委会 list, discussed case by case;
    - supervision: past 9 months — 督办 by the 院长;
    - warning: past 6 months — 警告 to the 分管院长 (who supervises it);
    - reminder: within ``lookahead_days`` of 6 months — 提醒 to the judge and the division head;
    - approaching_months: 6, 9 or 12 when that threshold is within ``lookahead_days`` (0 otherwise).
    """
    horizon = today + timedelta(days=lookahead_days)
    if today > th.twelve_months_on:
        tier = Tier.COMMITTEE
    elif today > th.nine_months_on:
        tier = Tier.SUPERVISION
    elif today > th.six_months_on:
        tier = Tier.WARNING
    elif th.six_months_on <= horizon:
        tier = Tier.REMINDER
    else:
        tier = Tier.NONE
    approaching = 0
    for months, on in ((6, th.six_months_on), (9, th.nine_months_on), (12, th.twelve_months_on)):
        if today <= on <= horizon:
            approaching = months
            break
    return tier, approaching


def alert_level(*, end_on: date | None, is_paused: bool, today: date, alert_days: tuple[int, int, int]) -> str:
    """Time-limit alert level: overdue after the last day; 7 / 15 / 30 days before it (inclusive)."""
    if is_paused:
        return AlertLevel.PAUSED
    if end_on is None:
        return AlertLevel.NO_LIMIT
    wide, mid, narrow = alert_days
    if end_on < today:
        return AlertLevel.OVERDUE
    left = (end_on - today).days
    if left <= narrow:
        return AlertLevel.DAYS_7
    if left <= mid:
        return AlertLevel.DAYS_15
    if left <= wide:
        return AlertLevel.DAYS_30
    return AlertLevel.NONE


# --- Appeal file transfer (measure 14) -----------------------------------------------------------------------

@dataclass(frozen=True)
class TransferDue:
    answer_ends_on: date
    due_on: date
    unconfirmed_calendar: bool
    steps: list[str]


def appeal_transfer_due(*, served_on: date, answer_days: int, transfer_days: int, cal: WorkdayCalendar,
                        rollover: bool) -> TransferDue:
    """When the file of an appealed case must reach the second-instance court.

    The appellee answers within ``answer_days`` (15) of receiving the appeal (CPL 174), a party's period that rolls
    over rest days (CPL 85); the court then transfers the file within ``transfer_days`` (5) after the answer period
    ends (2023 plan measure 14; CPL 175) — the court's own period, rolling over only when the court's setting says so.
    Cases with public-notice or foreign service are exempt (measure 14) and are not passed here.
    """
    from yingshang.calendar import domain as calendar_domain

    answer = calendar_domain.add_days(served_on, answer_days, cal, rollover=True)
    due = calendar_domain.add_days(answer.deadline, transfer_days, cal, rollover=rollover)
    steps = [f"上诉状副本送达被上诉人：{_fmt(served_on)}",
             f"答辩期{answer_days}日（民事诉讼法第174条）届满：{_fmt(answer.deadline)}",
             f"答辩期满后{transfer_days}日内移送二审法院（2023年方案第14项）：{_fmt(due.deadline)}"]
    return TransferDue(answer_ends_on=answer.deadline, due_on=due.deadline,
                       unconfirmed_calendar=answer.unconfirmed_calendar or due.unconfirmed_calendar, steps=steps)


def transfer_alert_level(*, due_on: date, today: date, warning_days: int) -> str:
    """"overdue" after the due day, "due_soon" within ``warning_days`` of it, else "none"."""
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= warning_days:
        return "due_soon"
    return "none"


# --- Case plans (一案一策) -------------------------------------------------------------------------------------

def check_plan(*, target_on: date, steps: list[dict], today: date) -> None:
    """A 一案一策 plan needs a target closing date not in the past and at least one step with a text
    (2023 plan measure 13: 倒排工期、挂图作战)."""
    if target_on < today:
        raise DomainError(DeadlineError.PLAN_TARGET_DATE, "目标结案日期不能早于今天", {"target_on": target_on.isoformat()})
    if not steps or not all(str(s.get("text", "")).strip() for s in steps):
        raise DomainError(DeadlineError.PLAN_STEPS_REQUIRED, "请至少填写一个工作步骤，每步须有内容")
    for s in steps:
        due = s.get("due_on")
        if due is not None and isinstance(due, date) and due > target_on:
            raise DomainError(DeadlineError.PLAN_TARGET_DATE, "步骤的完成日期不能晚于目标结案日期",
                              {"step": s.get("text"), "due_on": due.isoformat()})
