"""The filters the formulas share: which cases are counted, first instance, appeals, 案-件比's families,
解决纠纷成本's population and parts, FIFO payout lateness, the time limits of the deadlines app."""

from __future__ import annotations

from django.apps import apps
from django.db.models import BigIntegerField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from yingshang.cases.choices import FAMILY_LINK_KINDS
from yingshang.metrics import domain
from yingshang.metrics.formulas.base import SOURCES, Ctx, DaysBetween, Source, _closed, _filed

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


# Links that make one dispute's family (案-件比): appeal, enforcement, resumed enforcement, bankruptcy, retrial — the
# ones cases.Case.family_root follows. Not: pre-filing mediation → litigation (the mediation is not a 件 in the
# statistics), preservation, "related".
FAMILY_LINKS = tuple(str(kind) for kind in FAMILY_LINK_KINDS)


def dispute_first_case(c: Ctx, s: Source) -> Q:
    """案 of 案-件比: a counted case into which no family link leads (Case.family_root is empty) — with the FILED window,
    the disputes of the period; counted in the case-table pass."""
    return counted(c, s) & Q(**{s.to_case("family_root__isnull"): True})


def family_roots(c: Ctx) -> object:
    """The disputes (案) of the scope and period: counted cases filed in the period into which no family link leads
    (the first case of each dispute: Case.family_root is empty)."""
    Case = apps.get_model("cases", "Case")
    s = SOURCES["case"]
    return (Case.objects.filter(c.scope_case_q, _filed(c, s), counted(c, s), family_root__isnull=True)
            .order_by().values("pk"))


def family_roots_sql(c: Ctx) -> tuple[str, tuple]:
    sql, params = family_roots(c).query.sql_with_params()
    return sql, tuple(params)


def _family_keep(c: Ctx) -> str:
    """The condition on a case m of a dispute's family, besides its stored root: filed by the period's end."""
    if c.reaches_today:
        return "(TRUE OR %s IS NULL)"  # the period reaches today: no case can have been filed after it
    return "m.filed_on <= %s"


def _cases_table() -> str:
    return apps.get_model("cases", "Case")._meta.db_table


def family_members_sql(c: Ctx) -> tuple[str, tuple]:
    """The 件 of the disputes: the roots and every case whose stored root (Case.family_root, kept by the link
    services) is one of them, filed by the period's end — wherever they are heard (the enforcement of a civil judgment
    counts in the civil division's ratio). A root has no stored root: the two never overlap."""
    roots_sql, roots_params = family_roots_sql(c)
    return (f"{roots_sql} UNION ALL SELECT m.id FROM {_cases_table()} m WHERE m.family_root_id IS NOT NULL "
            f"AND m.family_root_id IN ({roots_sql}) AND {_family_keep(c)}",
            (*roots_params, *roots_params, c.period.end))


def family_counts_sql(c: Ctx) -> tuple[str, tuple]:
    """The cases under the disputes (件 less 案 — the disputes themselves are counted in the case-table pass): the
    cases whose stored root is one of them, filed by the period's end. No walk over the links. For a scope (a court,
    a department, a judge: few disputes) they are counted by index per dispute (the partial index on family_root);
    for everything, the linked cases (the same index) are joined once with the disputes found in one scan — a lookup
    per dispute would probe the index a million times."""
    roots_sql, roots_params = family_roots_sql(c)
    cases, keep = _cases_table(), _family_keep(c)
    if c.scope_case_q:
        return (f"SELECT COALESCE(SUM((SELECT COUNT(*) FROM {cases} m WHERE m.family_root_id = r.pk AND {keep})), 0) "
                f"FROM ({roots_sql}) r", (c.period.end, *roots_params))
    return (f"SELECT COUNT(*) FROM {cases} m WHERE m.family_root_id IS NOT NULL AND m.family_root_id IN ({roots_sql}) "
            f"AND {keep}", (*roots_params, c.period.end))


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
    closed by it), through the one-to-one time-limit row joined to the case. (An EXISTS per case for a scope was
    tried: in a county's own database the join is cheaper; the planner looks the rows up by index for one court of
    a province — conf.postgres_random_page_cost.)"""
    q = Q(deadline__rule_code__gt="", deadline__time_limit_end_on__isnull=False)
    return q & Q(closed_on__lte=F("deadline__time_limit_end_on")) if on_time else q
