"""Notices for the alerts the deadline scan raises, queued through the notifications app's outbox
(notifications.services.notification_enqueue_many), in the scan's transaction.

- The daily scan sends a **morning digest**: the day's new alerts grouped by recipient, one notice per recipient
  listing the cases and what each crossed (time limit 30/15/7 days, overdue; about to pass or past 6/9/12 months;
  appeal file transfer due or late). A judge gets one message a morning, not thirty.
- A single-case refresh after a service call (deadline_refresh: a deduction, an extension, an appeal transfer)
  sends one notice per alert and recipient, at once.

Who is told (plan measure 13, issue 3 §5, as recorded on each alert's ``audience``): 提醒 and time-limit alerts
→ the judge and the division head; 警告 (past 6 months) → the 分管院长 of the department; 督办 (past 9 months) →
the 院长; past 12 months (审委会 list) → the 院长 and the 审管办; overdue time limits and late appeal transfers →
the judge, the division head and the 审管办.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from yingshang.calendar.domain import format_date as _fmt
from yingshang.deadlines import domain
from yingshang.deadlines.choices import AlertKind, AlertLevel, Audience, Tier
from yingshang.deadlines.models import Alert
from yingshang.org.choices import Role
from yingshang.org.models import User

DIGEST_TEMPLATE = "deadlines.daily_digest"
# A digest lists at most this many cases (the most serious first); the rest are counted and are on the pages.
DIGEST_MAX_CASES = 100
# Written reports asked for by the 督办 and 审委会 notices are due this many days after the notice.
REPORT_DUE_DAYS = 7

TIME_LIMIT_TEMPLATES = {
    AlertLevel.DAYS_30: "deadlines.time_limit_30_days",
    AlertLevel.DAYS_15: "deadlines.time_limit_15_days",
    AlertLevel.DAYS_7: "deadlines.time_limit_7_days",
    AlertLevel.OVERDUE: "deadlines.time_limit_overdue",
}
TIER_TEMPLATES = {
    Tier.REMINDER: "deadlines.long_pending_reminder",
    Tier.WARNING: "deadlines.long_pending_warning",
    Tier.SUPERVISION: "deadlines.long_pending_supervision",
    Tier.COMMITTEE: "deadlines.long_pending_committee",
}
APPROACHING_TEMPLATE = "deadlines.long_pending_approaching"
APPROACHING_MONTHS = {"approaching_9": 9, "approaching_12": 12}
TRANSFER_TEMPLATES = {"due_soon": "deadlines.appeal_transfer_due_soon", "overdue": "deadlines.appeal_transfer_overdue"}

# Order of seriousness in a digest (the most serious case first).
_RANK = {
    (AlertKind.TIME_LIMIT, AlertLevel.OVERDUE): 9, (AlertKind.APPEAL_TRANSFER, "overdue"): 9,
    (AlertKind.LONG_PENDING, Tier.COMMITTEE): 8, (AlertKind.LONG_PENDING, Tier.SUPERVISION): 7,
    (AlertKind.LONG_PENDING, Tier.WARNING): 6, (AlertKind.TIME_LIMIT, AlertLevel.DAYS_7): 5,
    (AlertKind.APPEAL_TRANSFER, "due_soon"): 5, (AlertKind.APPROACHING, "approaching_12"): 4,
    (AlertKind.TIME_LIMIT, AlertLevel.DAYS_15): 3, (AlertKind.APPROACHING, "approaching_9"): 2,
    (AlertKind.LONG_PENDING, Tier.REMINDER): 1, (AlertKind.TIME_LIMIT, AlertLevel.DAYS_30): 1,
}


@dataclass(frozen=True)
class AlertFacts:
    """What a notice needs of one alert and its case (read in one query, no model instances)."""

    alert_id: int
    case_id: int
    kind: str
    level: str
    reference_on: date
    audience: str
    case_number: str
    filed_on: date
    court_id: int
    department_id: int | None
    judge_id: int | None


# --- Pure: templates and digest lines --------------------------------------------------------------------------

def template_for(alert: AlertFacts, today: date) -> tuple[str, dict]:
    """The catalogue template and context of a single-alert notice."""
    context: dict = {"case_number": alert.case_number}
    if alert.kind == AlertKind.TIME_LIMIT:
        context["deadline_on"] = alert.reference_on
        if alert.level == AlertLevel.OVERDUE:
            context["days_overdue"] = (today - alert.reference_on).days
        return TIME_LIMIT_TEMPLATES[alert.level], context
    if alert.kind == AlertKind.APPEAL_TRANSFER:
        context["due_on"] = alert.reference_on
        if alert.level == "overdue":
            context["days_overdue"] = (today - alert.reference_on).days
        return TRANSFER_TEMPLATES[alert.level], context
    context["filed_on"] = alert.filed_on
    if alert.kind == AlertKind.APPROACHING:
        months = APPROACHING_MONTHS[alert.level]
        return APPROACHING_TEMPLATE, {**context, "months": months, "threshold_on": alert.reference_on}
    if alert.level == Tier.REMINDER:
        return TIER_TEMPLATES[Tier.REMINDER], {**context, "months": 6,
                                               "threshold_on": domain.months_after(alert.filed_on, 6)}
    if alert.level in (Tier.SUPERVISION, Tier.COMMITTEE):
        context["report_due_on"] = today + timedelta(days=REPORT_DUE_DAYS)
    return TIER_TEMPLATES[alert.level], context


def digest_item(alert: AlertFacts, today: date) -> str:
    """What one alert says in a digest line, e.g. 「已超审限（2024年7月1日届满，已超10日）」."""
    ref = alert.reference_on
    if alert.kind == AlertKind.TIME_LIMIT:
        if alert.level == AlertLevel.OVERDUE:
            return f"已超审限（{_fmt(ref)}届满，已超{(today - ref).days}日）"
        days = {AlertLevel.DAYS_30: 30, AlertLevel.DAYS_15: 15, AlertLevel.DAYS_7: 7}[alert.level]
        return f"审限{days}日内届满（{_fmt(ref)}届满）"
    if alert.kind == AlertKind.APPEAL_TRANSFER:
        if alert.level == "overdue":
            return f"上诉案卷超期未移送（应于{_fmt(ref)}前移送，已超{(today - ref).days}日）"
        return f"上诉案卷应于{_fmt(ref)}前移送二审法院"
    if alert.kind == AlertKind.APPROACHING:
        return f"即将满{APPROACHING_MONTHS[alert.level]}个月未结（{_fmt(ref)}满）"
    if alert.level == Tier.REMINDER:
        return f"即将满6个月未结（{_fmt(domain.months_after(alert.filed_on, 6))}满）"
    return {Tier.WARNING: "已满6个月未结【警告】", Tier.SUPERVISION: "已满9个月未结【院长督办】",
            Tier.COMMITTEE: "已满12个月未结【提交审委会逐案讨论】"}[alert.level]


def digest_context(alerts: list[AlertFacts], today: date) -> dict:
    """The context of one recipient's digest: one numbered line per case, the most serious cases first, each
    listing what it crossed; at most DIGEST_MAX_CASES lines, the rest counted."""
    by_case: dict[int, list[AlertFacts]] = {}
    for alert in sorted(alerts, key=lambda a: a.alert_id):
        by_case.setdefault(alert.case_id, []).append(alert)
    ordered = sorted(by_case.values(),
                     key=lambda group: (-max(_RANK.get((a.kind, a.level), 0) for a in group), group[0].case_number,
                                        group[0].case_id))
    lines = [f"{n}. {group[0].case_number}：" + "；".join(digest_item(a, today) for a in group)
             for n, group in enumerate(ordered[:DIGEST_MAX_CASES], start=1)]
    if len(ordered) > DIGEST_MAX_CASES:
        lines.append(f"……另有{len(ordered) - DIGEST_MAX_CASES}件未列出")
    return {"date": today, "count": len(ordered), "items": "\n".join(lines)}


def digest_key(today: date, user_id: int, alert_ids: list[int]) -> str:
    """One digest per recipient per batch of alerts: a second run the same day with new alerts queues a new
    digest, a re-run over the same alerts answers the one already queued."""
    ids = sorted(alert_ids)
    digest = hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()[:16]
    return f"deadlines.digest:{today.isoformat()}:user:{user_id}:{ids[0]}-{ids[-1]}:{digest}"


# --- Reads -----------------------------------------------------------------------------------------------------

_FACT_FIELDS = ("pk", "case_id", "kind", "level", "reference_on", "audience", "case__case_number", "case__filed_on",
                "case__court_id", "case__department_id", "case__judge_id")


def undispatched_alerts(case_ids: list[int] | None) -> list[AlertFacts]:
    rows = Alert.objects.filter(is_dispatched=False)
    if case_ids is not None:
        rows = rows.filter(case_id__in=case_ids)
    return [AlertFacts(*values) for values in rows.order_by("pk").values_list(*_FACT_FIELDS)]


def alerts_by_id(alert_ids: list[int]) -> list[AlertFacts]:
    found = []
    for start in range(0, len(alert_ids), 1000):
        rows = Alert.objects.filter(pk__in=alert_ids[start:start + 1000]).values_list(*_FACT_FIELDS)
        found.extend(AlertFacts(*values) for values in rows)
    return found


def notifications_available() -> bool:
    """Whether the notifications app (the outbox) is installed; without it alerts stay undispatched."""
    try:
        from yingshang.notifications.services import notification_enqueue_many
    except ImportError:
        return False
    return callable(notification_enqueue_many)


class Recipients:
    """Who an alert goes to. The court's division heads, vice-presidents (with the departments they supervise),
    president and 审管办 staff are read once per court (two queries), then each (audience, department) is
    answered in memory."""

    _ROLES = (Role.DIVISION_HEAD, Role.VICE_PRESIDENT, Role.PRESIDENT, Role.TRIAL_MANAGEMENT)

    def __init__(self):
        self._courts: dict[int, list[tuple[int, str, int | None, frozenset]]] = {}
        self._cache: dict[tuple, list[int]] = {}
        self._per_alert: dict[tuple, list[int]] = {}

    def _court(self, court_id: int) -> list[tuple[int, str, int | None, frozenset]]:
        if court_id not in self._courts:
            staff = list(User.objects.filter(is_active=True, court_id=court_id, role__in=self._ROLES)
                         .order_by("pk").values_list("pk", "role", "department_id"))
            supervised: dict[int, set] = {}
            vps = [pk for pk, role, _dept in staff if role == Role.VICE_PRESIDENT]
            if vps:
                links = User.supervised_departments.through.objects.filter(user_id__in=vps)
                for user_id, department_id in links.values_list("user_id", "department_id"):
                    supervised.setdefault(user_id, set()).add(department_id)
            self._courts[court_id] = [(pk, role, dept, frozenset(supervised.get(pk, ())))
                                      for pk, role, dept in staff]
        return self._courts[court_id]

    def _staff(self, audience: str, court_id: int, department_id: int | None) -> list[int]:
        key = (audience, court_id, department_id)
        if key not in self._cache:
            staff = self._court(court_id)

            def having(*roles):
                return [pk for pk, role, _dept, _sup in staff if role in roles]

            heads = [pk for pk, role, dept, _sup in staff
                     if role == Role.DIVISION_HEAD and department_id and dept == department_id]
            if audience == Audience.JUDGE_AND_HEAD:
                found = heads
            elif audience == Audience.SUPERVISING_VP:
                found = [pk for pk, role, _dept, sup in staff
                         if role == Role.VICE_PRESIDENT and department_id and department_id in sup]
            elif audience == Audience.PRESIDENT:
                found = having(Role.PRESIDENT)
            elif audience == Audience.COMMITTEE:
                found = having(Role.PRESIDENT, Role.TRIAL_MANAGEMENT)
            else:  # trial management: overdue and late transfers go to the 审管办 as well as the judge and head
                found = heads + having(Role.TRIAL_MANAGEMENT)
            self._cache[key] = found
        return self._cache[key]

    def of(self, alert: AlertFacts) -> list[int]:
        key = (alert.audience, alert.court_id, alert.department_id, alert.judge_id)
        found = self._per_alert.get(key)
        if found is None:
            people = self._staff(alert.audience, alert.court_id, alert.department_id)
            if alert.audience in (Audience.JUDGE_AND_HEAD, Audience.TRIAL_MANAGEMENT) and alert.judge_id:
                people = [alert.judge_id, *(pk for pk in people if pk != alert.judge_id)]
            found = self._per_alert[key] = people
        return found


# --- Queuing ---------------------------------------------------------------------------------------------------

def alerts_dispatch(*, today: date, case_ids: list[int] | None, digest: bool,
                    new_alert_ids: list[int] | None = None) -> tuple[int, bool]:
    """Queue the notices of the alerts not yet dispatched (all, or those of ``case_ids``) and of
    ``new_alert_ids`` (alerts the scan has just recorded as dispatched, in this same transaction: marking them
    afterwards would rewrite every one), and mark the former dispatched, in the caller's transaction.
    ``digest``: one notice per recipient listing all his alerts (the daily scan); otherwise one notice per alert
    and recipient (a single-case refresh). Answers (notices queued, whether the notifications app is installed);
    without it the alerts stay undispatched for a later run."""
    if not notifications_available():
        return 0, False
    from yingshang.notifications.services import Notice, notification_enqueue_many

    pending = undispatched_alerts(case_ids)
    seen = {alert.alert_id for alert in pending}
    alerts = pending + [a for a in alerts_by_id(list(new_alert_ids or [])) if a.alert_id not in seen]
    if not alerts:
        return 0, True
    recipients = Recipients()
    per_alert = [(alert, recipients.of(alert)) for alert in sorted(alerts, key=lambda a: a.alert_id)]
    users = User.objects.in_bulk({uid for _alert, uids in per_alert for uid in uids})
    notices = []
    if digest:
        by_user: dict[int, list[AlertFacts]] = {}
        for alert, uids in per_alert:
            for uid in uids:
                by_user.setdefault(uid, []).append(alert)
        for uid in sorted(by_user):
            mine = by_user[uid]
            notices.append(Notice(recipient_user=users[uid], template_code=DIGEST_TEMPLATE,
                                  context=digest_context(mine, today),
                                  idempotency_key=digest_key(today, uid, [a.alert_id for a in mine])))
    else:
        for alert, uids in per_alert:
            template, context = template_for(alert, today)
            notices.extend(Notice(recipient_user=users[uid], template_code=template, context=context,
                                  case=alert.case_id, idempotency_key=f"deadlines.alert:{alert.alert_id}:user:{uid}")
                           for uid in uids)
    notification_enqueue_many(notices)
    ids = [alert.alert_id for alert in pending]
    for start in range(0, len(ids), 1000):
        Alert.objects.filter(pk__in=ids[start:start + 1000]).update(is_dispatched=True)
    return len(notices), True
