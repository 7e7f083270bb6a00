"""Reads for cases, already scoped to the user through permissions.case_scope_q."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q

from yingshang.cases.models import Case, CaseAgent, CaseEvent, CaseLink, CaseParty, CauseOfAction, Party
from yingshang.cases.permissions import case_scope_q


@dataclass
class CaseFilters:
    q: str = ""
    case_number: str = ""
    party_name: str = ""
    credit_code: str = ""
    department_id: int | None = None
    judge_id: int | None = None
    status: str = ""
    procedure: str = ""
    category: str = ""
    channel: str = ""
    filed_from: date | None = None
    filed_to: date | None = None
    is_enterprise_involved: bool | None = None
    is_open: bool | None = None


def case_list_for_user(*, user, filters: CaseFilters | None = None):
    """Cases the user may see, filtered; parties prefetched (no N+1)."""
    f = filters or CaseFilters()
    qs = Case.objects.filter(case_scope_q(user))
    if f.q:
        text = f.q.strip().replace("(", "（").replace(")", "）")
        qs = qs.filter(Q(case_number__icontains=text)
                       | Q(Exists(CaseParty.objects.filter(case=OuterRef("pk"), party__name__icontains=f.q.strip())))
                       | Q(Exists(CaseParty.objects.filter(case=OuterRef("pk"),
                                                           party__credit_code=f.q.strip().upper()))))
    if f.case_number:
        qs = qs.filter(case_number__icontains=f.case_number.strip().replace("(", "（").replace(")", "）"))
    if f.party_name:
        qs = qs.filter(Exists(CaseParty.objects.filter(case=OuterRef("pk"), party__name__icontains=f.party_name)))
    if f.credit_code:
        qs = qs.filter(Exists(CaseParty.objects.filter(case=OuterRef("pk"),
                                                       party__credit_code=f.credit_code.strip().upper())))
    for name in ("department_id", "judge_id"):
        if getattr(f, name) is not None:
            qs = qs.filter(**{name: getattr(f, name)})
    for name in ("status", "procedure", "category", "channel"):
        if getattr(f, name):
            qs = qs.filter(**{name: getattr(f, name)})
    if f.filed_from:
        qs = qs.filter(filed_on__gte=f.filed_from)
    if f.filed_to:
        qs = qs.filter(filed_on__lte=f.filed_to)
    if f.is_enterprise_involved is not None:
        qs = qs.filter(is_enterprise_involved=f.is_enterprise_involved)
    if f.is_open is not None:
        qs = qs.open() if f.is_open else qs.exclude(pk__in=Case.objects.open().values("pk"))
    return (qs.select_related("department", "judge", "cause")
            .prefetch_related(Prefetch("case_parties", queryset=_case_parties_with_agents()))
            .order_by("-filed_on", "-id"))


def _case_parties_with_agents():
    """Case parties with their party and their agents (the list shows both): two queries for any number of cases."""
    return (CaseParty.objects.select_related("party")
            .prefetch_related(Prefetch("agents", queryset=CaseAgent.objects.select_related("agent"))))


def case_parties_list(*, case: Case):
    return (CaseParty.objects.filter(case=case).select_related("party")
            .prefetch_related(Prefetch("agents", queryset=CaseAgent.objects.select_related("agent"))))


def case_events_list(*, case: Case):
    return CaseEvent.objects.filter(case=case).select_related("actor").order_by("occurred_on", "recorded_at", "id")


def case_family(*, case: Case, user) -> list[Case]:
    """The whole family of a dispute (linked cases in both directions, transitively), visible to the user."""
    seen = {case.pk}
    frontier = {case.pk}
    while frontier:
        links = CaseLink.objects.filter(Q(from_case_id__in=frontier) | Q(to_case_id__in=frontier))
        found = {pk for link in links.values_list("from_case_id", "to_case_id") for pk in link} - seen
        seen |= found
        frontier = found
    return list(Case.objects.filter(case_scope_q(user), pk__in=seen)
                .select_related("court", "department", "judge", "cause")
                .prefetch_related(Prefetch("case_parties", queryset=_case_parties_with_agents()))
                .order_by("filed_on", "id"))


def case_links_list(*, case: Case):
    return CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case)).select_related("from_case", "to_case")


def party_list(*, q: str = ""):
    qs = Party.objects.all()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code=q.upper()) | Q(id_number=q.upper()))
    return qs.order_by("name", "id")


def cause_list(*, revision: int, q: str = "", level: int | None = None):
    qs = CauseOfAction.objects.filter(revision=revision)
    if q:
        qs = qs.filter(name__icontains=q)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("sort_order")
