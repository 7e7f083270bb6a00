"""Reads of the filing app, already scoped to the user (permissions.filing_scope_q): the 立案庭 queue, an
applicant's own filings, the clock of a filing, the triage facts a filing suggests, batch candidates, and the
registration figures per period (网上立案率, 跨域立案, 当场立案, 法定期限内立案) computed from the data."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from yingshang.cases.choices import FilingChannel
from yingshang.cases.models import Case
from yingshang.filing import conf, domain, triage
from yingshang.filing.choices import FilingStatus, PENDING_STATUSES
from yingshang.filing.models import (
    Filing, FilingAttachment, FilingBatch, RefusalRuling, SmallClaimsThreshold, TriageCriterion, TriageRecord,
)
from yingshang.filing.permissions import filing_scope_q


@dataclass
class FilingFilters:
    status: str = ""            # a FilingStatus, or "pending" (default) / "all"
    channel: str = ""
    alert: str = ""             # "due_soon" / "overdue"
    is_priority: bool | None = None
    type_code: str = ""
    q: str = ""
    batch_id: int | None = None


def filing_clock(filing: Filing, *, today: date) -> domain.Clock:
    return domain.filing_clock(status=filing.status, due_on=filing.decision_due_on, today=today,
                               due_soon_days=conf.due_soon_days())


def filing_list_for_user(*, user, filters: FilingFilters | None = None, today: date):
    """Filings the user may see. The queue order: priority (涉企优先立案) first, then the nearest deadline (filings
    waiting for supplements last), then the oldest receipt."""
    f = filters or FilingFilters()
    qs = Filing.objects.filter(filing_scope_q(user))
    if f.status in ("", "pending"):
        qs = qs.filter(status__in=PENDING_STATUSES)
    elif f.status != "all":
        qs = qs.filter(status=f.status)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.alert == "overdue":
        qs = qs.filter(status=FilingStatus.SUBMITTED, decision_due_on__lt=today)
    elif f.alert == "due_soon":
        qs = qs.filter(status=FilingStatus.SUBMITTED, decision_due_on__gte=today,
                       decision_due_on__lte=today + timedelta(days=conf.due_soon_days()))
    if f.is_priority is not None:
        qs = qs.filter(is_priority=f.is_priority)
    if f.type_code:
        qs = qs.filter(type_code=f.type_code)
    if f.batch_id is not None:
        qs = qs.filter(batch_id=f.batch_id)
    if f.q:
        text = f.q.strip()
        qs = qs.filter(Q(receipt_number__icontains=text) | Q(plaintiff_name__icontains=text)
                       | Q(plaintiff_key=text.upper()) | Q(case__case_number__icontains=text))
    return (qs.select_related("cause", "case", "batch", "applicant")
            .order_by("-is_priority", F("decision_due_on").asc(nulls_last=True), "received_at", "id"))


def filing_attachments(*, filing: Filing):
    return FilingAttachment.objects.filter(filing=filing).select_related("uploaded_by").order_by("uploaded_at", "id")


def filing_refusal(*, filing: Filing) -> RefusalRuling | None:
    return RefusalRuling.objects.filter(filing=filing).first()


def triage_records_for_filing(*, filing: Filing):
    return (TriageRecord.objects.filter(filing=filing)
            .select_related("suggested_by", "decided_by", "decided_team__department", "threshold")
            .order_by("-suggested_at", "-id"))


def triage_records_for_case(*, case):
    return (TriageRecord.objects.filter(case=case)
            .select_related("suggested_by", "decided_by", "decided_team__department")
            .order_by("-suggested_at", "-id"))


def triage_facts_for_filing(filing: Filing) -> triage.TriageFacts:
    """The facts a filing already tells: type, amount, parties (count, one side numerous, no domicile in China),
    enterprise and financial flags, a typical simple cause. The clerk confirms or corrects the rest."""
    sides: dict[str, int] = {}
    for p in filing.parties:
        side = "claimant" if p.get("role") in domain.CLAIMANT_ROLES else (
            "respondent" if p.get("role") in domain.RESPONDENT_ROLES else "other")
        sides[side] = sides.get(side, 0) + 1
    cause_name = filing.cause.name if filing.cause_id else filing.cause_text
    return triage.TriageFacts(
        type_code=filing.type_code, claim_amount_fen=filing.claim_amount_fen,
        is_money_claim=filing.claim_amount_fen > 0, party_count=max(len(filing.parties), 1),
        is_numerous_party=any(n >= 10 for side, n in sides.items() if side != "other"),
        has_foreign_element=any(not p.get("has_domicile_in_china", True) for p in filing.parties),
        is_typical_simple_cause=triage.is_typical_simple_cause(cause_name),
        is_enterprise_involved=filing.is_enterprise_involved, is_financial=filing.is_financial,
    )


def batch_candidates(*, user) -> list[dict]:
    """Pending filings not yet in a batch, grouped by plaintiff, type and cause, where a group has two or more:
    one GROUP BY query (plan measure 9: 类案批量处理)."""
    rows = (Filing.objects.filter(filing_scope_q(user), status__in=PENDING_STATUSES, batch__isnull=True)
            .exclude(plaintiff_key="")
            .values("plaintiff_key", "plaintiff_name", "type_code", "cause_id", "cause__name")
            .annotate(count=Count("id")).filter(count__gte=2).order_by("-count", "plaintiff_name"))
    return [dict(r) for r in rows]


def batch_candidate_ids(*, user, plaintiff_key: str, type_code: str, cause_id: int | None) -> list[int]:
    qs = Filing.objects.filter(filing_scope_q(user), status__in=PENDING_STATUSES, batch__isnull=True,
                               plaintiff_key=plaintiff_key, type_code=type_code, cause_id=cause_id)
    return list(qs.order_by("pk").values_list("pk", flat=True))


def batch_list(*, user):
    court_q = Q() if user.is_superuser else Q(court_id=user.court_id)
    return (FilingBatch.objects.filter(court_q).select_related("cause", "created_by")
            .annotate(total=Count("filings"),
                      pending=Count("filings", filter=Q(filings__status__in=PENDING_STATUSES)))
            .order_by("-id"))


def thresholds_list(*, province: str | None = None):
    qs = SmallClaimsThreshold.objects.select_related("updated_by")
    if province:
        qs = qs.filter(province=province)
    return qs.order_by("province", "-effective_from")


def criteria_list():
    return TriageCriterion.objects.select_related("updated_by").order_by("kind", "sort_order", "id")


# --- Registration figures per period ---------------------------------------------------------------------------

FIRST_INSTANCE_TYPES = ("民初", "行初")
FIRST_ENFORCEMENT_TYPES = ("执",)


def _rate(numerator: int, denominator: int) -> str | None:
    if not denominator:
        return None
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"


def _month_key(value) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def filing_statistics(*, court, date_from: date, date_to: date) -> dict:
    """Registration figures per month from the data, in four GROUP BY queries:

    - cases registered (Case.filed_on) by channel → 网上立案率 (online ÷ all), 跨域立案 count; also for civil and
      administrative first instance (民初, 行初) and for first enforcement (执) — the Henan 口径 of indicators.md
      §3.6 without its mediation terms, which this platform does not hold yet;
    - filings received (Filing.received_on) by channel;
    - filings decided (Filing.decided_on): registered, refused, 当场立案, decided within the legal period
      (法定期限内立案率 = registered in time ÷ registered through the filing queue)."""
    cases = (Case.objects.filter(court=court, filed_on__gte=date_from, filed_on__lte=date_to)
             .annotate(month=TruncMonth("filed_on"))
             .values("month", "channel")
             .annotate(total=Count("id"),
                       first_instance=Count("id", filter=Q(type_code__in=FIRST_INSTANCE_TYPES)),
                       enforcement=Count("id", filter=Q(type_code__in=FIRST_ENFORCEMENT_TYPES))))
    received = (Filing.objects.filter(court=court, received_on__gte=date_from, received_on__lte=date_to)
                .annotate(month=TruncMonth("received_on")).values("month", "channel").annotate(total=Count("id")))
    decided = (Filing.objects.filter(court=court, decided_on__gte=date_from, decided_on__lte=date_to)
               .annotate(month=TruncMonth("decided_on")).values("month")
               .annotate(registered=Count("id", filter=Q(status=FilingStatus.REGISTERED)),
                         refused=Count("id", filter=Q(status=FilingStatus.REFUSED)),
                         on_spot=Count("id", filter=Q(status=FilingStatus.REGISTERED, is_on_spot=True)),
                         in_time=Count("id", filter=Q(status=FilingStatus.REGISTERED, is_decided_in_time=True))))

    months: dict[str, dict] = {}

    def month(key: str) -> dict:
        if key not in months:
            months[key] = {"period": key, "cases": {c: 0 for c in FilingChannel.values}, "cases_total": 0,
                           "first_instance": {c: 0 for c in FilingChannel.values},
                           "enforcement": {c: 0 for c in FilingChannel.values},
                           "received": {c: 0 for c in FilingChannel.values}, "received_total": 0,
                           "registered": 0, "refused": 0, "on_spot": 0, "in_time": 0}
        return months[key]

    for row in cases:
        m = month(_month_key(row["month"]))
        m["cases"][row["channel"]] += row["total"]
        m["cases_total"] += row["total"]
        m["first_instance"][row["channel"]] += row["first_instance"]
        m["enforcement"][row["channel"]] += row["enforcement"]
    for row in received:
        m = month(_month_key(row["month"]))
        m["received"][row["channel"]] += row["total"]
        m["received_total"] += row["total"]
    for row in decided:
        m = month(_month_key(row["month"]))
        for key in ("registered", "refused", "on_spot", "in_time"):
            m[key] += row[key]

    def finish(m: dict) -> dict:
        fi_total = sum(m["first_instance"].values())
        enf_total = sum(m["enforcement"].values())
        return {**m,
                "online": m["cases"][FilingChannel.ONLINE], "cross_court": m["cases"][FilingChannel.CROSS_COURT],
                "online_rate": _rate(m["cases"][FilingChannel.ONLINE], m["cases_total"]),
                "first_instance_total": fi_total,
                "first_instance_online_rate": _rate(m["first_instance"][FilingChannel.ONLINE], fi_total),
                "enforcement_total": enf_total,
                "enforcement_online_rate": _rate(m["enforcement"][FilingChannel.ONLINE], enf_total),
                "on_spot_rate": _rate(m["on_spot"], m["registered"]),
                "in_time_rate": _rate(m["in_time"], m["registered"])}

    rows = [finish(months[k]) for k in sorted(months)]
    summed = {"period": "合计", "cases": {c: sum(r["cases"][c] for r in rows) for c in FilingChannel.values},
              "first_instance": {c: sum(r["first_instance"][c] for r in rows) for c in FilingChannel.values},
              "enforcement": {c: sum(r["enforcement"][c] for r in rows) for c in FilingChannel.values},
              "received": {c: sum(r["received"][c] for r in rows) for c in FilingChannel.values}}
    summed["cases_total"] = sum(summed["cases"].values())
    summed["received_total"] = sum(summed["received"].values())
    for key in ("registered", "refused", "on_spot", "in_time"):
        summed[key] = sum(r[key] for r in rows)
    return {"court": court.name, "date_from": date_from, "date_to": date_to, "months": rows,
            "total": finish(summed)}
