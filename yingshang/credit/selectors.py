"""Reads for credit: the public query (published only, masked), staff lists, repair candidates, the integrity
department's view, red/black lists, the community export for grid workers."""

from collections import defaultdict
from datetime import date

from django.db.models import Q

from yingshang.cases.choices import OPEN_STATUSES, CaseCategory, PartyKind, PartyRole
from yingshang.cases.models import CaseParty
from yingshang.cases.permissions import case_scope_q
from yingshang.credit import domain
from yingshang.credit.choices import HonourList, ListingStatus
from yingshang.credit.models import HonourEntry, IntegrityPush, Listing, Restriction


def public_listings(*, today: date):
    """What the public may see: published, not shielded, publication date reached. Entries in a grace period,
    deleted, revoked or shielded never appear."""
    return (Listing.objects.filter(status=ListingStatus.PUBLISHED, is_shielded=False, publish_on__lte=today)
            .select_related("debtor", "case"))


def public_query(*, q: str, today: date) -> list[dict]:
    """Search by name (at least two characters), credit code or ID number (exact). Personal data masked."""
    text = (q or "").strip()
    qs = public_listings(today=today)
    upper = text.upper()
    if len(upper) == 18 and upper[:17].isalnum():
        qs = qs.filter(Q(debtor__credit_code=upper) | Q(debtor__id_number=upper))
    else:
        qs = qs.filter(debtor__name__icontains=text)
    out = []
    for listing in qs.order_by("-publish_on", "-id")[:50]:
        debtor = listing.debtor
        out.append({
            "name": debtor.name,
            "kind": debtor.get_kind_display(),
            "credit_code": debtor.credit_code if debtor.kind == PartyKind.ORGANISATION else "",
            "id_number": domain.mask_id_number(debtor.id_number) if debtor.kind == PartyKind.PERSON else "",
            "legal_representative": debtor.legal_representative,
            "case_number": listing.case.case_number,
            "court": listing.case.court.name if listing.case.court_id else "",
            "ground": listing.get_ground_display(),
            "published_on": listing.publish_on,
        })
    return out


def listings_for_user(*, user):
    return Listing.objects.filter(case__in=_cases(user)).select_related("debtor", "case").order_by("-decided_on")


def restrictions_for_user(*, user):
    return Restriction.objects.filter(case__in=_cases(user)).select_related("debtor", "case").prefetch_related("persons")


def _cases(user):
    from yingshang.cases.models import Case

    return Case.objects.filter(case_scope_q(user)).values("pk")


def repair_candidates(*, today: date) -> list[dict]:
    """The bulk review ("能修尽修、应修必修"): every active enterprise listing with the reasons it may be repaired."""
    from yingshang.enforcement.models import EnforcementCase, InstalmentItem

    listings = list(Listing.objects.filter(status__in=[ListingStatus.GRACE, ListingStatus.PUBLISHED],
                                           debtor__organisation_kind="enterprise").select_related("debtor", "case"))
    case_ids = [listing.case_id for listing in listings]
    money = {e.case_id: e for e in EnforcementCase.objects.filter(case_id__in=case_ids)}
    plans = defaultdict(lambda: {"active": False, "missed": False})
    for case_id, due_on, paid_on in InstalmentItem.objects.filter(
            plan__enforcement__case_id__in=case_ids, plan__is_active=True).values_list(
            "plan__enforcement__case_id", "due_on", "paid_on"):
        plans[case_id]["active"] = True
        if paid_on is None and due_on < today:
            plans[case_id]["missed"] = True
    bankrupt = set(CaseParty.objects.filter(role=PartyRole.BANKRUPT_DEBTOR, case__category=CaseCategory.BANKRUPTCY,
                                            case__status__in=OPEN_STATUSES).values_list("party_id", flat=True))
    out = []
    for listing in listings:
        e = money.get(listing.case_id)
        ratio = (e.paid_out_fen / e.amount_applied_fen) if e and e.amount_applied_fen else 0.0
        months = (today.year - listing.decided_on.year) * 12 + today.month - listing.decided_on.month
        reasons = domain.repair_candidate_reasons(domain.RepairFacts(
            is_enterprise=True, paid_ratio=ratio, has_active_instalments=plans[listing.case_id]["active"],
            instalments_on_schedule=not plans[listing.case_id]["missed"],
            in_reorganisation_or_settlement=listing.debtor_id in bankrupt, months_listed=months))
        if reasons:
            out.append({"listing": listing, "reasons": reasons, "paid_ratio": ratio})
    return out


def integrity_pushes(*, period: str | None = None):
    qs = IntegrityPush.objects.select_related("case", "debtor")
    return qs.filter(period=period) if period else qs


def honour_list(*, month: str, published_only: bool = True):
    qs = HonourEntry.objects.filter(month=month).select_related("party", "case")
    if published_only:
        qs = qs.filter(is_published=True)
    return {"red": [e for e in qs if e.kind == HonourList.RED], "black": [e for e in qs if e.kind == HonourList.BLACK]}


def community_export(*, today: date) -> dict[str, list[dict]]:
    """Dishonest natural persons per community (乡镇/街道) for the grid system's community credit records (measure
    24). ID numbers masked."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for listing in public_listings(today=today).filter(debtor__kind=PartyKind.PERSON):
        debtor = listing.debtor
        groups[domain.community_of(debtor.address)].append({
            "name": debtor.name, "id_number": domain.mask_id_number(debtor.id_number),
            "address": debtor.address, "case_number": listing.case.case_number,
            "published_on": listing.publish_on})
    return dict(sorted(groups.items()))
