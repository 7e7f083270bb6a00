"""The daily preservation scan (set-based, idempotent): lapse of expired measures, ruling deadlines, the renewal
window and the pre-litigation 30 days, with notices through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F

from yingshang.audit.services import audit_record
from yingshang.core.clock import court_today
from yingshang.preservation import conf, domain
from yingshang.preservation.choices import AlertLevel, ApplicationStatus, MeasureStatus, PreservationKind
from yingshang.preservation.models import PreservationApplication, PreservationMeasure
from yingshang.preservation.services.applications import recompute_claim_match


@dataclass
class ScanResult:
    lapsed: int = 0
    ruling_due_soon: int = 0
    ruling_overdue: int = 0
    renewal_window: int = 0
    suit_due_soon: int = 0
    suit_overdue: int = 0
    enforcement_due_soon: int = 0
    enforcement_overdue: int = 0
    notices: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _notify(*, template: str, context: dict, key: str, case, user=None, party=None) -> int:
    from yingshang.notifications.services import notification_enqueue

    if user is None and party is None:
        return 0
    if user is not None and not user.is_active:
        return 0
    notification_enqueue(recipient_user=user, recipient_party=party, template_code=template, context=context,
                         case=case, idempotency_key=key)
    return 1


def _flag(qs, field: str, level: str) -> list[int]:
    """Set ``field`` to ``level`` on the rows of ``qs`` that do not have it yet; the ids changed (each is notified
    once: a row already flagged is not notified again)."""
    ids = list(qs.exclude(**{field: level}).values_list("pk", flat=True))
    if ids:
        PreservationApplication.objects.filter(pk__in=ids).update(**{field: level})
    return ids


@transaction.atomic
def preservation_scan(*, today: date | None = None) -> ScanResult:
    """The daily scan, set-based and idempotent (a second run on the same day changes and queues nothing):

    1. measures past their last day lose effect (SealProv 27): one UPDATE per distinct last day, audited;
    2. applications whose ruling falls due within PRESERVATION_RULING_DUE_SOON_DAYS, or is overdue → the judge;
    3. measures expiring within PRESERVATION_RENEWAL_ALERT_DAYS → the applicant (with the expiry date and the
       7-day rule the court must tell it, PresProv 18) and the judge, once per last day;
    4. pre-litigation applications whose 30 days to sue end soon → the applicant; have ended → the judge, who must
       lift (CPL 104 ¶3);
    5. pre-enforcement applications whose 5 days to apply for enforcement end soon → the applicant; have ended →
       the judge, who must lift (CPL-Interp 163)."""
    today = today or court_today()
    result = ScanResult()

    # 1. Lapse.
    expired = PreservationMeasure.objects.filter(status=MeasureStatus.ACTIVE, expires_on__lt=today)
    lapsed = list(expired.select_related("application").order_by("pk"))
    for last_day in sorted({m.expires_on for m in lapsed}):
        expired.filter(expires_on=last_day).update(status=MeasureStatus.LAPSED, lapsed_on=last_day + timedelta(days=1))
    for measure in lapsed:
        audit_record(actor=None, action="preservation.measure_lapsed", target=measure,
                     case_id=measure.application.case_id, before={"status": MeasureStatus.ACTIVE},
                     after={"status": MeasureStatus.LAPSED, "lapsed_on": measure.expires_on + timedelta(days=1)})
    if lapsed:
        recompute_claim_match({m.application_id for m in lapsed})
    result.lapsed = len(lapsed)

    # 2. Ruling deadlines.
    pending = PreservationApplication.objects.filter(status=ApplicationStatus.APPLIED, ruling_due_on__isnull=False)
    soon_until = today + timedelta(days=conf.ruling_due_soon_days())
    overdue = _flag(pending.filter(ruling_due_on__lt=today), "ruling_alert", AlertLevel.OVERDUE)
    soon = _flag(pending.filter(ruling_due_on__gte=today, ruling_due_on__lte=soon_until), "ruling_alert",
                 AlertLevel.DUE_SOON)
    PreservationApplication.objects.exclude(ruling_alert=AlertLevel.NONE).exclude(
        status=ApplicationStatus.APPLIED, ruling_due_on__lte=soon_until).update(ruling_alert=AlertLevel.NONE)
    result.ruling_overdue, result.ruling_due_soon = len(overdue), len(soon)
    for ids, template in ((overdue, "preservation.ruling_overdue"), (soon, "preservation.ruling_due_soon")):
        for a in PreservationApplication.objects.filter(pk__in=ids).select_related("case__judge", "applicant"):
            result.notices += _notify(
                template=template, case=a.case, user=a.case.judge,
                context={"case_number": a.case.case_number, "applicant": a.applicant.name,
                         "deadline_on": a.ruling_due_on},
                key=f"{template}:{a.pk}:{a.ruling_due_on.isoformat()}")

    # 3. Renewal window.
    window_until = today + timedelta(days=conf.renewal_alert_days())
    window = (PreservationMeasure.objects.filter(status=MeasureStatus.ACTIVE, expires_on__gte=today,
                                                 expires_on__lte=window_until)
              .exclude(renewal_alert_for=F("expires_on")))
    due = list(window.select_related("application__case__judge", "application__applicant").order_by("pk"))
    if due:
        PreservationMeasure.objects.filter(pk__in=[m.pk for m in due]).update(renewal_alert_for=F("expires_on"))
    for m in due:
        a = m.application
        context = {"case_number": a.case.case_number, "description": m.description, "expires_on": m.expires_on,
                   "latest_on": m.expires_on - timedelta(days=domain.RENEWAL_NOTICE_DAYS)}
        key = f"{m.pk}:{m.expires_on.isoformat()}"
        result.notices += _notify(template="preservation.renewal_window", context=context, case=a.case,
                                  party=a.applicant, key=f"preservation.renewal_window:{key}")
        result.notices += _notify(template="preservation.renewal_window_staff", context=context, case=a.case,
                                  user=a.case.judge, key=f"preservation.renewal_window_staff:{key}")
    result.renewal_window = len(due)

    # 4. Pre-litigation suits (CPL 104 ¶3) and 5. applying for enforcement after preservation before enforcement
    # (CPL-Interp 163): the applicant is reminded before the day, the judge told once it has passed.
    until = today + timedelta(days=conf.suit_due_soon_days())
    result.suit_due_soon, result.suit_overdue, notices = _follow_up_alerts(
        today, until, kind=PreservationKind.PRE_LITIGATION, done_field="suit_filed_on", due_field="suit_due_on",
        alert_field="suit_alert", template="preservation.suit")
    result.notices += notices
    result.enforcement_due_soon, result.enforcement_overdue, notices = _follow_up_alerts(
        today, until, kind=PreservationKind.PRE_ENFORCEMENT, done_field="enforcement_applied_on",
        due_field="enforcement_due_on", alert_field="enforcement_alert", template="preservation.enforcement")
    result.notices += notices
    return result


def _follow_up_alerts(today: date, until: date, *, kind: str, done_field: str, due_field: str, alert_field: str,
                      template: str) -> tuple[int, int, int]:
    """Flag the granted applications of ``kind`` still waiting for their follow-up step: due by ``until`` → the
    applicant is reminded (``<template>_due_soon``); past due → the judge is told (``<template>_overdue``). Each
    level is flagged and notified once (_flag answers only the rows whose level changes). Answers how many
    applications became due soon, how many overdue, and how many notices were queued."""
    waiting = PreservationApplication.objects.filter(kind=kind, status=ApplicationStatus.GRANTED,
                                                     **{f"{done_field}__isnull": True, f"{due_field}__isnull": False})
    overdue = _flag(waiting.filter(**{f"{due_field}__lt": today}), alert_field, AlertLevel.OVERDUE)
    soon = _flag(waiting.filter(**{f"{due_field}__gte": today, f"{due_field}__lte": until}), alert_field,
                 AlertLevel.DUE_SOON)
    notices = 0
    for level, ids in (("due_soon", soon), ("overdue", overdue)):
        for a in PreservationApplication.objects.filter(pk__in=ids).select_related("case__judge", "applicant"):
            due_on = getattr(a, due_field)
            recipient = {"party": a.applicant} if level == "due_soon" else {"user": a.case.judge}
            notices += _notify(template=f"{template}_{level}", case=a.case,
                               context={"case_number": a.case.case_number, "deadline_on": due_on},
                               key=f"{template}_{level}:{a.pk}:{due_on.isoformat()}", **recipient)
    return len(soon), len(overdue), notices
