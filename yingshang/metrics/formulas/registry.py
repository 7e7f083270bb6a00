"""The registry: every indicator of the catalogue as a formula over the filters."""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.db.models import BigIntegerField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from yingshang.metrics import domain
from yingshang.metrics.choices import HEAD_APPEARANCES
from yingshang.metrics.formulas.base import (
    CLOSED, COUNT_VALUE, DAYS, DISPOSITION, EVERYTHING, FILED, MEAN, PENDING, RATE, RATIO, SUM, CASES, Formula, Part,
    Window, _own,
)
from yingshang.metrics.formulas.filters import (
    ACCEPTANCE_FEE_TYPES, _in, _not_allocated, appealed, appealed_or_retried, attorney_estimate, civil_first_instance,
    cost_components, cost_population, counted, dispute_first_case, enforcement_fees_of_population, family_counts_sql,
    family_members_sql, first_enforcement, first_instance, litigation, manner, payout_deferred, payout_late,
    with_time_limit,
)

# --- The registry ------------------------------------------------------------------------------------------------------

def _case(window: Window, where=lambda c, s: Q(), **kw) -> Part:
    return Part("case", window, where, **kw)


def _and(*fns):
    def combined(c, s):
        q = Q()
        for fn in fns:
            q &= fn(c, s)
        return q
    return combined


def _procedure_rate(code: str, procedure: str) -> Formula:
    return Formula(code, RATE,
                   numerator=(_case(CLOSED, _and(civil_first_instance, lambda c, s: Q(procedure=procedure))),),
                   denominator=(_case(CLOSED, civil_first_instance),))


def _pending_past(months: int):
    return lambda c, s: Q(filed_on__lte=c.cutoff(months))


def _pending_between(younger: int | None, older: int | None):
    """Pending cases past ``younger`` months but not past ``older`` months (None: open-ended)."""
    def where(c, s):
        q = Q()
        if younger is not None:
            q &= Q(filed_on__lte=c.cutoff(younger))
        if older is not None:
            q &= Q(filed_on__gt=c.cutoff(older))
        return q
    return where


def _reversed_or_remanded(c, s) -> Q:
    """First-instance cases a decision of which the second instance reversed (wholly or partly) or remanded
    (documents.AppealOutcome; indicators.md §1.2 改判发回率)."""
    AppealOutcome = apps.get_model("documents", "AppealOutcome")
    return Q(pk__in=AppealOutcome.objects.filter(outcome__in=("reversed", "partly_reversed", "remanded"))
             .values("decision__case_id"))


def _preservations_ruled(c):
    """财产保全 (yingshang.preservation): the applications ruled in the period with an amount ordered."""
    PreservationApplication = apps.get_model("preservation", "PreservationApplication")
    return PreservationApplication.objects.filter(ruled_on__gte=c.period.start, ruled_on__lte=c.period.end,
                                                  granted_amount_fen__isnull=False)


def _preservation_cases(c, s) -> Q:
    """The cases of the scope in which preservation was ordered in the period. The part applies the scope itself
    (scoped=False): it is counted in its own small query over those cases, so the per-case sums (correlated
    subqueries) stay out of the one scan of the case table — on PostgreSQL they would make that scan
    parallel-restricted."""
    return c.scope_case_q & Q(pk__in=_preservations_ruled(c).values("case_id"))


def _preservation_sum(field: str):
    """Per case, Σ ``field`` of its applications ruled in the period."""
    def value(c, s):
        return Coalesce(Subquery(_preservations_ruled(c).filter(case_id=OuterRef("pk")).order_by()
                                 .values("case_id").annotate(t=Sum(field)).values("t")[:1],
                                 output_field=BigIntegerField()), 0)
    return value


ELECTRONIC_METHODS = ("sms", "email", "inbox")
ONLINE_MODES = ("online", "hybrid")

_fast_track_enterprise = _and(counted, lambda c, s: _in(s, "category", domain.CIVIL_CATEGORIES)
                              & Q(is_enterprise_involved=True, procedure="fast_track"))

_message_window = Window("message", lambda c, s: Q(due_on__gte=c.period.start, due_on__lte=c.period.end) & (
    Q(replied_on__isnull=False) | Q(due_on__lt=c.as_of)))
_refund_window = Window("refund", lambda c, s: Q(kind="winning", due_on__gte=c.period.start,
                                                 due_on__lte=c.period.end)
                        & (Q(status="paid") | Q(due_on__lt=c.as_of)))
_transfer_window = Window("transfer", lambda c, s: Q(due_on__isnull=False, due_on__gte=c.period.start,
                                                     due_on__lte=c.period.end)
                          & (Q(transferred_on__isnull=False) | Q(due_on__lt=c.as_of)))
_payout_window = Window("payout", lambda c, s: Q(status="paid", paid_on__gte=c.period.start,
                                                 paid_on__lte=c.period.end))
_served_window = Window("served", lambda c, s: Q(status="served", served_on__gte=c.period.start,
                                                 served_on__lte=c.period.end))
_activity_window = _own("held_on")
_hearing_window = _own("hearing_on")


def _online_items(online: bool) -> tuple[Part, ...]:
    """The items of 在线服务平台综合利用率, as documents.selectors.online_service_counts counts them."""
    def pick(q_online: Q):
        return (lambda c, s: q_online) if online else (lambda c, s: Q())
    return (
        Part("case", FILED, pick(Q(channel="online")), label="立案（网上立案）"),
        Part("service", _served_window, pick(Q(method__in=ELECTRONIC_METHODS)), label="送达（电子送达）"),
        Part("activity", _activity_window, pick(Q(mode__in=ONLINE_MODES)),
             label="庭审、调解、证据交换、调查询问（在线或线上线下结合）"),
        Part("appeal", _own("filed_on"), pick(Q(channel="online")), label="上诉（网上上诉）"),
        Part("certificate", _own("requested_on"), pick(Q(channel="online")), label="生效证明申请（线上）"),
        Part("submission", _own("issued_on"), lambda c, s: Q(submitted_by_party__isnull=False),
             label="当事人提交材料（经诉讼服务平台）"),
    )


# 案 of 案-件比: the disputes of the period (the first cases of their families), counted in the case-table pass; 件 adds
# the cases stored under them (family_counts_sql).
_DISPUTES = _case(FILED, dispute_first_case, label="案（纠纷）")

FORMULAS: dict[str, Formula] = {f.code: f for f in [
    # --- 2023 plan targets ---
    Formula("enterprise_fast_track_mediation_withdrawal_rate", RATE,
            numerator=(_case(CLOSED, _and(_fast_track_enterprise,
                                          lambda c, s: manner(s, "mediation", "withdrawal"))),),
            denominator=(_case(CLOSED, _fast_track_enterprise),)),
    Formula("dispute_resolution_cost_rate", RATE,
            numerator=(
                _case(CLOSED, lambda c, s: cost_population(c, s) & Q(fee_allocation__isnull=False), agg=SUM,
                      value=lambda c, s: F("fee_allocation__total_fee_fen"), label="案件受理费（结案分担后）"),
                Part("fee_charge", CLOSED, lambda c, s: cost_population(c, s) & _not_allocated(c, s)
                     & Q(fee_type__in=ACCEPTANCE_FEE_TYPES), agg=SUM, value=lambda c, s: F("fee_fen"),
                     label="案件受理费（尚未分担，按收费）"),
                Part("fee_charge", CLOSED, lambda c, s: cost_population(c, s) & Q(fee_type="preservation"), agg=SUM,
                     value=lambda c, s: F("fee_fen"), label="申请保全费"),
                Part("fee_charge", EVERYTHING, enforcement_fees_of_population, agg=SUM,
                     value=lambda c, s: F("fee_fen"), scoped=False, label="申请执行费（关联执行案件）"),
                _case(CLOSED, cost_population, agg=SUM, value=attorney_estimate, label="律师费（估算）"),
            ),
            denominator=(_case(CLOSED, cost_population, agg=SUM, value=lambda c, s: F("claim_amount_fen"),
                               label="诉讼标的额", details=cost_components),),
            requires=("fees",), money=True, numerator_noun="元（费用）", denominator_noun="元（标的额）",
            notes=("鉴定费尚无数据来源（鉴定模块未建），未计入；律师费按标的额的设定比例估算。",)),
    Formula("online_service_utilisation_rate", RATE, numerator=_online_items(True), denominator=_online_items(False),
            numerator_noun="项（线上）", denominator_noun="项（全部）"),
    Formula("electronic_service_rate", RATE,
            numerator=(Part("service", _served_window, lambda c, s: Q(method__in=ELECTRONIC_METHODS)),),
            denominator=(Part("service", _served_window),), numerator_noun="人次", denominator_noun="人次"),
    # The enforcement account is one-to-one with its case: read through the case, in the same scan as the rest.
    Formula("enforcement_recovery_rate", RATE,
            numerator=(_case(CLOSED, lambda c, s: Q(enforcement__isnull=False), agg=SUM,
                             value=lambda c, s: F("enforcement__paid_out_fen"), label="实际执行到位金额"),),
            denominator=(_case(CLOSED, lambda c, s: Q(enforcement__isnull=False), agg=SUM,
                               value=lambda c, s: F("enforcement__amount_applied_fen"), label="申请执行标的金额"),),
            requires=("enforcement",), money=True, numerator_noun="元（到位）", denominator_noun="元（申请执行）"),
    Formula("fully_enforced_average_days", MEAN,
            numerator=(_case(CLOSED, lambda c, s: Q(enforcement__isnull=False) & manner(s, "fully_enforced"), agg=DAYS,
                             value=lambda c, s: ("closed_on", "filed_on"), label="用时合计"),),
            denominator=(_case(CLOSED, lambda c, s: Q(enforcement__isnull=False) & manner(s, "fully_enforced")),),
            requires=("enforcement",), numerator_noun="天", denominator_noun="件"),
    Formula("agency_head_appearance_rate", RATE,
            numerator=(Part("appearance", _hearing_window, lambda c, s: Q(appearance__in=HEAD_APPEARANCES),
                            agg=CASES),),
            denominator=(Part("appearance", _hearing_window, agg=CASES),)),
    _procedure_rate("simple_procedure_rate", "simple"),
    _procedure_rate("small_claims_rate", "small_claims"),
    _procedure_rate("fast_track_rate", "fast_track"),
    Formula("pending_over_6_months", COUNT_VALUE, numerator=(_case(PENDING, _and(counted, _pending_past(6))),),
            denominator=(_case(PENDING, counted),)),
    Formula("pending_over_9_months", COUNT_VALUE, numerator=(_case(PENDING, _and(counted, _pending_past(9))),),
            denominator=(_case(PENDING, counted),)),
    Formula("pending_over_12_months", COUNT_VALUE, numerator=(_case(PENDING, _and(counted, _pending_past(12))),),
            denominator=(_case(PENDING, counted),)),
    Formula("enforcement_reply_on_time_rate", RATE,
            numerator=(Part("message", _message_window,
                            lambda c, s: Q(replied_on__isnull=False, replied_on__lte=F("due_on"))),),
            denominator=(Part("message", _message_window),), numerator_noun="条", denominator_noun="条"),
    Formula("fee_refund_on_time_rate", RATE,
            numerator=(Part("refund", _refund_window, lambda c, s: Q(status="paid", paid_on__lte=F("due_on"))),),
            denominator=(Part("refund", _refund_window),), numerator_noun="笔", denominator_noun="笔"),
    Formula("payout_on_time_rate", RATE,
            numerator=(Part("payout", _payout_window, lambda c, s: ~payout_late(c, s) | payout_deferred(c, s)),),
            denominator=(Part("payout", _payout_window),), numerator_noun="笔", denominator_noun="笔"),
    Formula("appeal_transfer_on_time_rate", RATE,
            numerator=(Part("transfer", _transfer_window,
                            lambda c, s: Q(transferred_on__isnull=False, transferred_on__lte=F("due_on"))),),
            denominator=(Part("transfer", _transfer_window),)),
    Formula("preservation_excess_rate", RATE,
            numerator=(_case(EVERYTHING, _preservation_cases, agg=SUM, value=_preservation_sum("peak_excess_fen"),
                             scoped=False, label="被保全财产价值超出保全数额的部分"),),
            denominator=(_case(EVERYTHING, _preservation_cases, agg=SUM,
                               value=_preservation_sum("granted_amount_fen"), scoped=False,
                               label="裁定保全数额（保全标的额）"),),
            requires=("preservation",), money=True, numerator_noun="元（超标的）", denominator_noun="元（保全标的额）",
            notes=("按保全裁定日期落入期间、裁定准许保全的申请（preservation.PreservationApplication）；分子取每件申请采取"
                   "措施时出现过的最大超标的数额（其后依《查封规定》第19条解除的不冲减），超标的按裁定保全数额加计入的费用"
                   "计算（费用默认为零）。按 Σ超标的 ÷ Σ保全数额 汇总计算，逐件控制的口径未确认。",)),
    Formula("impact_assessment_coverage_rate", RATE,
            numerator=(_case(FILED, lambda c, s: counted(c, s) & Q(is_enterprise_involved=True) & Q(
                pk__in=apps.get_model("assessments", "Assessment").objects
                .filter(stage="filing", status__in=("completed", "not_applicable")).values("case_id"))),),
            denominator=(_case(FILED, lambda c, s: counted(c, s) & Q(is_enterprise_involved=True)),),
            requires=("assessments",)),
    Formula("online_filing_rate", RATE, numerator=(_case(FILED, lambda c, s: Q(channel="online")),),
            denominator=(_case(FILED),)),
    Formula("online_hearing_rate", RATE,
            numerator=(Part("activity", _activity_window, lambda c, s: Q(kind="hearing", mode__in=ONLINE_MODES)),),
            denominator=(Part("activity", _activity_window, lambda c, s: Q(kind="hearing")),),
            numerator_noun="次", denominator_noun="次"),
    # --- SPC 审判质量管理指标 ---
    Formula("closed_to_filed_ratio", RATE, numerator=(_case(CLOSED, counted),), denominator=(_case(FILED, counted),)),
    Formula("on_time_closure_rate", RATE,
            numerator=(_case(CLOSED, lambda c, s: counted(c, s) & with_time_limit(c, s, on_time=True)),),
            denominator=(_case(CLOSED, lambda c, s: counted(c, s) & with_time_limit(c, s)),),
            requires=("deadlines",)),
    Formula("average_trial_days", MEAN,
            numerator=(_case(CLOSED, litigation, agg=DAYS, value=lambda c, s: ("closed_on", "filed_on"),
                             label="审理天数合计"),),
            denominator=(_case(CLOSED, litigation),), numerator_noun="天"),
    Formula("pending_over_12_months_ratio", RATE,
            numerator=(_case(PENDING, _and(litigation, _pending_past(12))),),
            denominator=(_case(PENDING, litigation),)),
    Formula("mediation_withdrawal_rate", RATE,
            numerator=(_case(CLOSED, _and(civil_first_instance, lambda c, s: manner(s, "mediation", "withdrawal"))),),
            denominator=(_case(CLOSED, civil_first_instance),)),
    Formula("first_instance_acceptance_rate", RATE,
            numerator=(_case(CLOSED, lambda c, s: first_instance(c, s) & ~appealed_or_retried(c, s)),),
            denominator=(_case(CLOSED, first_instance),)),
    Formula("appeal_rate", RATE,
            numerator=(_case(CLOSED, lambda c, s: first_instance(c, s) & manner(s, "judgment", "ruling", "dismissal")
                             & ~Q(procedure="small_claims") & appealed(c, s)),),
            denominator=(_case(CLOSED, lambda c, s: first_instance(c, s)
                               & manner(s, "judgment", "ruling", "dismissal") & ~Q(procedure="small_claims")),)),
    Formula("reversal_remand_rate", RATE,
            numerator=(_case(CLOSED, lambda c, s: first_instance(c, s) & _reversed_or_remanded(c, s)),),
            denominator=(_case(CLOSED, first_instance),), requires=("documents",),
            notes=("二审结果按 documents.AppealOutcome（二审法院退回结果后登记）；改判含部分改判。2024年9月起最高法改称"
                   "“二审改判-发回重审比”，其公式未确认（indicators.md §1.2 注：可能是改判数与发回数之比），"
                   "本指标仍按（改判+发回）÷ 一审结案数计算。",)),
    Formula("fully_enforced_rate", RATE,
            numerator=(_case(CLOSED, lambda c, s: first_enforcement(c, s) & manner(s, "fully_enforced")),),
            denominator=(_case(CLOSED, first_enforcement),)),
    Formula("first_enforcement_round_closure_rate", RATE,
            numerator=(_case(CLOSED, lambda c, s: first_enforcement(c, s) & manner(s, "round_closure")),),
            denominator=(_case(CLOSED, first_enforcement),)),
    Formula("case_to_matter_ratio", RATIO,
            numerator=(Part("case", EVERYTHING, ids_sql=family_members_sql, count_sql=(family_counts_sql, 0),
                            plus=_DISPUTES, scoped=False, label="件（纠纷产生的全部案件）"),),
            denominator=(_DISPUTES,),
            numerator_noun="件", denominator_noun="案"),
    # --- International ---
    Formula("clearance_rate", RATE, numerator=(_case(CLOSED, counted),), denominator=(_case(FILED, counted),)),
    Formula("disposition_time", DISPOSITION, numerator=(_case(PENDING, counted),),
            denominator=(_case(CLOSED, counted),), numerator_noun="件（期末未结）", denominator_noun="件（期内结案）"),
    Formula("pending_age_under_6_months", RATE,
            numerator=(_case(PENDING, _and(counted, _pending_between(None, 6))),),
            denominator=(_case(PENDING, counted),)),
    Formula("pending_age_6_to_9_months", RATE,
            numerator=(_case(PENDING, _and(counted, _pending_between(6, 9))),),
            denominator=(_case(PENDING, counted),)),
    Formula("pending_age_9_to_12_months", RATE,
            numerator=(_case(PENDING, _and(counted, _pending_between(9, 12))),),
            denominator=(_case(PENDING, counted),)),
    Formula("pending_age_over_12_months", RATE,
            numerator=(_case(PENDING, _and(counted, _pending_between(12, None))),),
            denominator=(_case(PENDING, counted),)),
]}

# Codes the plan-supervision app (measures) used before this app existed → the catalogue code that measures them
# (measures/conf.py DEFAULT_INDICATOR_MAP). Codes equal to a catalogue code need no entry.
PLAN_CODE_ALIASES = {
    "long_pending_cases": "pending_over_6_months",
    "litigation_fee_refund_working_days": "fee_refund_on_time_rate",
    "enforcement_app_reply_working_days": "enforcement_reply_on_time_rate",
    "appeal_file_transfer_days": "appeal_transfer_on_time_rate",
}


def formula_for(code: str) -> Formula | None:
    return FORMULAS.get(PLAN_CODE_ALIASES.get(code, code))


def attorney_basis_points(percent: Decimal) -> int:
    """8 % → 800 basis points (the estimate is applied in SQL as claim × bp ÷ 10 000, truncated to the fen)."""
    return int((percent * 100).to_integral_value())
