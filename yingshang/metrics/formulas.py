"""How each indicator of the catalogue is computed: its numerator and denominator as filters on the rows of the apps
that hold the data. One definition per part — the engine uses the same filter for the aggregate (conditional
aggregation, one query per source and window) and for the drill-down list, so a figure and its cases cannot differ.

A part counts (or sums) rows of one *source* (a model of another app, reached by its path to the case) that fall in
a *window* (the period filter that makes the query sargable: closed in the period, filed in the period, pending on
the as-of day …) and satisfy ``where``. The texts a reader sees (definitions, targets, notes) live in the versioned
catalogue (models.IndicatorDefinition, seeded by migration 0002); a test keeps the two in step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import connection
from django.db.models import BigIntegerField, Exists, ExpressionWrapper, F, Func, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from yingshang.metrics import domain
from yingshang.metrics.choices import HEAD_APPEARANCES

# --- Building blocks -------------------------------------------------------------------------------------------------


class DaysBetween(Func):
    """Whole calendar days from ``start`` to ``end`` (both dates): end − start. PostgreSQL subtracts dates to an
    integer; SQLite through julianday()."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        end, start = self.source_expressions
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        return f"({end_sql} - {start_sql})", [*end_params, *start_params]

    def as_sqlite(self, compiler, connection, **extra):
        end, start = self.source_expressions
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        return f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)", [*end_params, *start_params]


@dataclass(frozen=True)
class Ctx:
    """Everything a filter may depend on: the period, the as-of day for stock figures, the scope (as a filter on
    Case, already narrowed to what the user may see) and the settings in force."""

    period: domain.Period
    as_of: date
    scope_case_q: Q
    excluded_categories: tuple[str, ...]
    excluded_type_codes: tuple[str, ...]
    cost_cause_families: tuple[str, ...]
    attorney_basis_points: int
    payout_days: int

    def cutoff(self, months: int) -> date:
        return domain.filed_on_cutoff(self.as_of, months)


@dataclass(frozen=True)
class Source:
    """A table the indicators read, and the path from its rows to the case (empty for Case itself)."""

    key: str
    app_label: str
    model_name: str
    case_path: str
    label: str

    def model(self):
        """The model, or None when its app is not installed (the indicator then reports "no data")."""
        if not apps.is_installed(f"yingshang.{self.app_label}"):
            return None
        try:
            return apps.get_model(self.app_label, self.model_name)
        except LookupError:
            return None

    def to_case(self, name: str) -> str:
        """A lookup on the case as seen from this source: "closed_on" → "case__closed_on"."""
        return f"{self.case_path}__{name}" if self.case_path else name

    @property
    def case_id_path(self) -> str:
        return f"{self.case_path}_id" if self.case_path else "pk"


SOURCES = {s.key: s for s in [
    Source("case", "cases", "Case", "", "案件"),
    Source("enforcement", "enforcement", "EnforcementCase", "case", "执行案件"),
    Source("payout", "enforcement", "Payout", "enforcement__case", "执行款发放"),
    Source("message", "enforcement", "PartyMessage", "enforcement__case", "当事人留言"),
    Source("refund", "fees", "RefundOrder", "case", "退费单"),
    Source("fee_charge", "fees", "FeeCharge", "case", "收费项目"),
    Source("allocation", "fees", "FeeAllocation", "case", "诉讼费负担"),
    Source("transfer", "deadlines", "AppealTransfer", "case", "上诉案卷移送"),
    Source("service", "documents", "ServiceRecord", "document__case", "送达记录"),
    Source("activity", "documents", "LitigationActivity", "case", "诉讼活动"),
    Source("appeal", "documents", "Appeal", "decision__case", "上诉"),
    Source("certificate", "documents", "CertificateRequest", "decision__case", "生效证明申请"),
    Source("submission", "documents", "Document", "case", "当事人提交材料"),
    Source("appearance", "metrics", "AgencyHeadAppearance", "case", "负责人出庭应诉记录"),
]}

# Aggregations of a part.
COUNT = "count"      # rows
CASES = "cases"      # distinct cases of the rows
SUM = "sum"          # Σ value(row)
DAYS = "days"        # Σ (end − start) in days


@dataclass(frozen=True)
class Window:
    """The period filter of a part (grouping key of the aggregate queries)."""

    key: str
    q: Callable[[Ctx, Source], Q]


def _closed(c: Ctx, s: Source) -> Q:
    return Q(**{s.to_case("closed_on__gte"): c.period.start, s.to_case("closed_on__lte"): c.period.end})


def _filed(c: Ctx, s: Source) -> Q:
    return Q(**{s.to_case("filed_on__gte"): c.period.start, s.to_case("filed_on__lte"): c.period.end})


def _pending(c: Ctx, s: Source) -> Q:
    """Open on the as-of day: filed by then and not closed by then (dates, not status, so past days can be asked)."""
    return Q(**{s.to_case("filed_on__lte"): c.as_of}) & (
        Q(**{s.to_case("closed_on__isnull"): True}) | Q(**{s.to_case("closed_on__gt"): c.as_of}))


CLOSED = Window("closed", _closed)
EVERYTHING = Window("everything", lambda c, s: Q())
FILED = Window("filed", _filed)
PENDING = Window("pending", _pending)


def _own(field_name: str) -> Window:
    """A window on the source's own date field (paid_on, served_on …)."""
    return Window(f"own:{field_name}", lambda c, s: Q(**{f"{field_name}__gte": c.period.start,
                                                         f"{field_name}__lte": c.period.end}))


@dataclass(frozen=True)
class Part:
    source: str
    window: Window
    where: Callable[[Ctx, Source], Q] = lambda c, s: Q()
    agg: str = COUNT
    value: Callable[[Ctx, Source], object] | None = None  # SUM: the row's amount; DAYS: (end, start) lookups
    label: str = ""
    scoped: bool = True  # False: the scope is applied inside ``where`` (案-件比 counts a family's cases anywhere)
    details: Callable[[Ctx], dict] | None = None  # extra per-row columns of the drill-down (annotations)
    # The part's whole definition as SQL selecting the ids of its rows (counted as they are; drill-down: id IN …),
    # for what the ORM cannot say in one statement — 案-件比's recursive families. Only with scoped=False, COUNT.
    ids_sql: Callable[[Ctx], tuple[str, tuple]] | None = None

    @property
    def src(self) -> Source:
        return SOURCES[self.source]


# Value kinds.
RATE = "rate"                # numerator ÷ denominator × 100
MEAN = "mean"                # Σ ÷ count
RATIO = "ratio"              # numerator ÷ denominator
COUNT_VALUE = "count"        # the numerator itself (no data when the denominator — the whole stock — is empty)
DISPOSITION = "disposition"  # pending ÷ resolved × days in the period (CEPEJ)


@dataclass(frozen=True)
class Formula:
    code: str
    kind: str
    numerator: tuple[Part, ...] = ()
    denominator: tuple[Part, ...] = ()
    unavailable: str = ""            # the capability is not built: always "no data" with this reason
    requires: tuple[str, ...] = ()   # other apps the filters use (assessments …)
    numerator_noun: str = "件"
    denominator_noun: str = "件"
    money: bool = False              # numerator and denominator are sums of fen (shown in yuan)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def parts(self):
        return [*self.numerator, *self.denominator]

    def missing_source(self) -> str:
        """The reason the data does not exist yet, or ''."""
        if self.unavailable:
            return self.unavailable
        for app_label in self.requires:
            if not apps.is_installed(f"yingshang.{app_label}"):
                return f"数据来源（{app_label}）尚未建设或未启用"
        for part in self.parts():
            if part.src.model() is None:
                return f"数据来源「{part.src.label}」（{part.src.app_label}）尚未建设或未启用"
        return ""


# --- Common filters on the case (through the source's path) ----------------------------------------------------------

def _in(s: Source, name: str, values) -> Q:
    return Q(**{s.to_case(f"{name}__in"): list(values)})


def counted(c: Ctx, s: Source) -> Q:
    """Cases inside the statistics: not pre-filing mediation, not preservation reviews, not 执保 (settings)."""
    return ~_in(s, "category", c.excluded_categories) & ~_in(s, "type_code", c.excluded_type_codes)


def litigation(c: Ctx, s: Source) -> Q:
    return counted(c, s) & _in(s, "category", domain.LITIGATION_CATEGORIES)


def civil_first_instance(c: Ctx, s: Source) -> Q:
    return counted(c, s) & _in(s, "type_code", domain.CIVIL_FIRST_INSTANCE)


def first_instance(c: Ctx, s: Source) -> Q:
    return counted(c, s) & _in(s, "type_code", domain.FIRST_INSTANCE)


def first_enforcement(c: Ctx, s: Source) -> Q:
    return counted(c, s) & _in(s, "type_code", domain.FIRST_ENFORCEMENT)


def manner(s: Source, *values: str) -> Q:
    return _in(s, "closing_manner", values)


def _links(*kinds: str):
    CaseLink = apps.get_model("cases", "CaseLink")
    return CaseLink.objects.filter(kind__in=kinds)


def appealed(c: Ctx, s: Source) -> Q:
    """A first-instance case from which an appeal (上诉) was linked (cases.CaseLink kind appeal)."""
    return Q(pk__in=_links("appeal").values("from_case_id"))


def appealed_or_retried(c: Ctx, s: Source) -> Q:
    return Q(pk__in=_links("appeal", "retrial").values("from_case_id"))


# Links that make one dispute's family (案-件比): appeal, enforcement, resumed enforcement, bankruptcy, retrial.
# Not: pre-filing mediation → litigation (the mediation is not a 件 in the statistics), preservation, "related".
FAMILY_LINKS = ("appeal", "enforcement", "resumed_enforcement", "bankruptcy", "retrial")


def family_roots(c: Ctx) -> object:
    """The disputes (案) of the scope and period: counted cases filed in the period into which no family link leads
    (the first case of each dispute)."""
    Case = apps.get_model("cases", "Case")
    s = SOURCES["case"]
    has_parent = _links(*FAMILY_LINKS).filter(to_case_id=OuterRef("pk"))
    return (Case.objects.filter(c.scope_case_q, _filed(c, s), counted(c, s)).filter(~Exists(has_parent))
            .order_by().values("pk"))


def family_roots_sql(c: Ctx) -> tuple[str, tuple]:
    sql, params = family_roots(c).query.sql_with_params()
    return sql, tuple(params)


def family_members_sql(c: Ctx) -> tuple[str, tuple]:
    """The 件 of those disputes: the roots and every case linked down from them at any depth, filed by the period's
    end — wherever they are heard (the enforcement of a civil judgment counts in the civil division's ratio). One
    recursive query: the roots are computed once, each level joins the links."""
    roots_sql, roots_params = family_roots_sql(c)
    Case = apps.get_model("cases", "Case")
    CaseLink = apps.get_model("cases", "CaseLink")
    kinds = ", ".join(["%s"] * len(FAMILY_LINKS))
    # Each level finds the links of the cases found so far. For a scope (a court, a department, a judge) they are
    # looked up by index — LATERAL on PostgreSQL, else the planner hashes every link of every court for one court's
    # families; for everything (a province-wide figure) a hash join over the links is cheaper. The filing date of a
    # linked case is read by its primary key.
    links, cases = CaseLink._meta.db_table, Case._meta.db_table
    step = (f"SELECT l.to_case_id FROM {links} l WHERE l.from_case_id = f.id AND l.kind IN ({kinds}) "
            f"AND (SELECT m.filed_on FROM {cases} m WHERE m.id = l.to_case_id) <= %s")
    if connection.vendor == "postgresql" and c.scope_case_q:
        # OFFSET 0 keeps the planner from flattening the LATERAL subquery back into a hash join.
        recursive = f"SELECT x.to_case_id FROM metrics_family f CROSS JOIN LATERAL ({step} OFFSET 0) x"
    else:
        recursive = step.replace(f"FROM {links} l WHERE", f"FROM {links} l JOIN metrics_family f ON TRUE WHERE")
    sql = f"WITH RECURSIVE metrics_family(id) AS ({roots_sql} UNION {recursive}) SELECT id FROM metrics_family"
    return sql, (*roots_params, *FAMILY_LINKS, c.period.end)


# --- 解决纠纷成本 (indicators.md §2.6) ---------------------------------------------------------------------------------

ACCEPTANCE_FEE_TYPES = ("acceptance", "divorce", "personality_rights", "non_property", "ip", "labour",
                        "administrative", "administrative_special")


def _fee_sum(**filters):
    FeeCharge = apps.get_model("fees", "FeeCharge")
    return Coalesce(Subquery(FeeCharge.objects.filter(**filters).values("case_id").annotate(s=Sum("fee_fen"))
                             .values("s")[:1], output_field=BigIntegerField()), 0)


def cost_components(c: Ctx) -> dict:
    """Per case, in fen, for the drill-down list of the cases (the figure itself is summed set-based, part by part):
    the acceptance fee actually borne (the closing allocation — halved for mediation and withdrawal — else the
    charged fee), the preservation fee, the enforcement application fees of the linked enforcement cases, and the
    attorney fee estimated as a share of the claim (truncated to whole fen)."""
    FeeAllocation = apps.get_model("fees", "FeeAllocation")
    allocated = Subquery(FeeAllocation.objects.filter(case_id=OuterRef("pk")).values("total_fee_fen")[:1],
                         output_field=BigIntegerField())
    charged = Subquery(apps.get_model("fees", "FeeCharge").objects
                       .filter(case_id=OuterRef("pk"), fee_type__in=ACCEPTANCE_FEE_TYPES)
                       .values("case_id").annotate(s=Sum("fee_fen")).values("s")[:1], output_field=BigIntegerField())
    return {
        "court_fee_fen": Coalesce(allocated, charged, 0),
        "preservation_fee_fen": _fee_sum(case_id=OuterRef("pk"), fee_type="preservation"),
        "enforcement_fee_fen": _fee_sum(case__links_in__from_case_id=OuterRef("pk"),
                                        case__links_in__kind="enforcement", fee_type="execution"),
        "attorney_fee_fen": attorney_estimate(c),
    }


def attorney_estimate(c: Ctx, s: Source | None = None):
    return ExpressionWrapper(F("claim_amount_fen") * c.attorney_basis_points / 10000, output_field=BigIntegerField())


def cost_population(c: Ctx, s: Source) -> Q:
    """Closed 涉企 contract disputes at first instance with a claim (indicators.md §2.6 step 1), seen from ``s``."""
    CauseOfAction = apps.get_model("cases", "CauseOfAction")
    return (civil_first_instance(c, s)
            & Q(**{s.to_case("is_enterprise_involved"): True, s.to_case("claim_amount_fen__gt"): 0,
                   s.to_case("cause_id__in"): CauseOfAction.objects.filter(family__in=c.cost_cause_families)
                   .values("pk")}))


def _not_allocated(c: Ctx, s: Source) -> Q:
    return ~Q(case_id__in=apps.get_model("fees", "FeeAllocation").objects.values("case_id"))


def enforcement_fees_of_population(c: Ctx, s: Source) -> Q:
    """Enforcement application fees charged in the enforcement cases linked from the population's cases (the scope
    is the originating case's, through ctx.scope_case_q)."""
    Case = apps.get_model("cases", "Case")
    population = Case.objects.filter(c.scope_case_q, _closed(c, SOURCES["case"]), cost_population(c, SOURCES["case"]))
    return Q(fee_type="execution", case_id__in=_links("enforcement").filter(from_case_id__in=population.values("pk"))
             .values("to_case_id"))


# --- Enforcement money paid out in time (FIFO, as enforcement.selectors.payouts_due) --------------------------------

def payout_late(c: Ctx, s: Source) -> Q:
    """A payout is late when money that arrived more than ``payout_days`` before it was still unpaid when it was
    made — first in, first out. Since the receipts accumulate, that is exactly: the receipts that arrived more than
    ``payout_days`` before the payout exceed what had left the account before it (payouts, fee deductions,
    refunds). Equivalent to enforcement.domain.oldest_unpaid_arrival + payout_due_on; two indexed sums per payout."""
    from django.db.models.lookups import GreaterThan

    LedgerTransaction = apps.get_model("enforcement", "LedgerTransaction")
    early = Coalesce(Subquery(
        LedgerTransaction.objects.filter(enforcement_id=OuterRef("enforcement_id"), kind="receipt")
        .annotate(waited=DaysBetween(OuterRef("paid_on"), F("occurred_on"))).filter(waited__gt=c.payout_days)
        .values("enforcement_id").annotate(s=Sum("amount_fen")).values("s")[:1], output_field=BigIntegerField()), 0)
    out_before = Coalesce(Subquery(
        LedgerTransaction.objects.filter(enforcement_id=OuterRef("enforcement_id"), id__lt=OuterRef("transaction__id"))
        .exclude(kind="receipt").values("enforcement_id").annotate(s=Sum("amount_fen")).values("s")[:1],
        output_field=BigIntegerField()), 0)
    return Q(GreaterThan(early, out_before))


def payout_deferred(c: Ctx, s: Source) -> Q:
    Deferral = apps.get_model("enforcement", "Deferral")
    return Q(Exists(Deferral.objects.filter(enforcement_id=OuterRef("enforcement_id"), status="approved",
                                            deferred_until__gte=OuterRef("paid_on"))))


# --- 审限 (the deadlines app's time-limit rows) ----------------------------------------------------------------------

def with_time_limit(c: Ctx, s: Source, *, on_time: bool = False) -> Q:
    """The case has a statutory time limit whose end the deadlines app has computed (and, with ``on_time``, was
    closed by it). For a scope the row is looked up by the case (an index probe per closed case); for everything a
    join is cheaper than a million probes. Both say the same."""
    if c.scope_case_q:
        CaseDeadline = apps.get_model("deadlines", "CaseDeadline")
        rows = CaseDeadline.objects.filter(case_id=OuterRef("pk"), rule_code__gt="", time_limit_end_on__isnull=False)
        if on_time:
            rows = rows.filter(time_limit_end_on__gte=OuterRef("closed_on"))
        return Q(Exists(rows))
    q = Q(deadline__rule_code__gt="", deadline__time_limit_end_on__isnull=False)
    return q & Q(closed_on__lte=F("deadline__time_limit_end_on")) if on_time else q


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


FORMULAS: dict[str, Formula] = {f.code: f for f in [
    # --- 2023 plan targets ---
    Formula("enterprise_fast_track_mediation_withdrawal_rate", RATE,
            numerator=(_case(CLOSED, _and(_fast_track_enterprise,
                                          lambda c, s: manner(s, "mediation", "withdrawal"))),),
            denominator=(_case(CLOSED, _fast_track_enterprise),)),
    Formula("dispute_resolution_cost_rate", RATE,
            numerator=(
                Part("allocation", CLOSED, cost_population, agg=SUM, value=lambda c, s: F("total_fee_fen"),
                     label="案件受理费（结案分担后）"),
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
    Formula("enforcement_recovery_rate", RATE,
            numerator=(Part("enforcement", CLOSED, agg=SUM, value=lambda c, s: F("paid_out_fen"),
                            label="实际执行到位金额"),),
            denominator=(Part("enforcement", CLOSED, agg=SUM, value=lambda c, s: F("amount_applied_fen"),
                              label="申请执行标的金额"),),
            money=True, numerator_noun="元（到位）", denominator_noun="元（申请执行）"),
    Formula("fully_enforced_average_days", MEAN,
            numerator=(Part("enforcement", CLOSED, lambda c, s: manner(s, "fully_enforced"), agg=DAYS,
                            value=lambda c, s: (s.to_case("closed_on"), s.to_case("filed_on")), label="用时合计"),),
            denominator=(Part("enforcement", CLOSED, lambda c, s: manner(s, "fully_enforced")),),
            numerator_noun="天", denominator_noun="件"),
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
            unavailable="财产保全模块尚未建设：保全标的额与被保全财产价值尚无记录"),
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
            unavailable="二审改判、发回重审的结果尚无记录（结案方式中没有改判、发回，二审案件多在中级法院）"),
    Formula("fully_enforced_rate", RATE,
            numerator=(_case(CLOSED, lambda c, s: first_enforcement(c, s) & manner(s, "fully_enforced")),),
            denominator=(_case(CLOSED, first_enforcement),)),
    Formula("first_enforcement_round_closure_rate", RATE,
            numerator=(_case(CLOSED, lambda c, s: first_enforcement(c, s) & manner(s, "round_closure")),),
            denominator=(_case(CLOSED, first_enforcement),)),
    Formula("case_to_matter_ratio", RATIO,
            numerator=(Part("case", EVERYTHING, ids_sql=family_members_sql, scoped=False,
                            label="件（纠纷产生的全部案件）"),),
            denominator=(Part("case", EVERYTHING, ids_sql=family_roots_sql, scoped=False, label="案（纠纷）"),),
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
