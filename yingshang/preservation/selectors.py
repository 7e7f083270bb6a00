"""Reads of the preservation app, already scoped to the user (permissions.applications_visible_q)."""

from __future__ import annotations

from django.db.models import Prefetch

from yingshang.preservation.choices import AlertLevel, ApplicationStatus, PreservationKind
from yingshang.preservation.models import PreservationApplication, PreservationMeasure
from yingshang.preservation.permissions import applications_visible_q


def applications_list(*, user, status: str = "", kind: str = "", alert: str = "", over_limit: bool = False):
    """The applications the user may see, newest first, filtered; measures prefetched (no N+1)."""
    qs = (PreservationApplication.objects.filter(applications_visible_q(user))
          .select_related("case", "case__judge", "applicant", "respondent")
          .prefetch_related(Prefetch("measures", queryset=PreservationMeasure.objects.order_by("taken_on", "pk"))))
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    if kind in PreservationKind.values:
        qs = qs.filter(kind=kind)
    if alert == "ruling":
        qs = qs.exclude(ruling_alert=AlertLevel.NONE)
    elif alert == "suit":
        qs = qs.exclude(suit_alert=AlertLevel.NONE)
    elif alert == "enforcement":
        qs = qs.exclude(enforcement_alert=AlertLevel.NONE)
    if over_limit:
        qs = qs.filter(excess_fen__gt=0)
    return qs.order_by("-applied_at", "-pk")


def applications_for_case(*, case, user):
    return applications_list(user=user).filter(case=case)


def measures_of(application: PreservationApplication):
    return application.measures.order_by("taken_on", "pk")
