"""The daily scan of deadlines (python manage.py scan_measures, Celery measures.scan_measures): reminders to the
responsible departments before a deadline, escalation to the lead leaders after it — for measures, 督察室
rectification deadlines and adopted reforms — through the notifications outbox.

Set-based: for each kind of item, one SELECT of the items whose deadline falls in the reminder window (or has
passed) and that have no such alert yet, and one INSERT of the new alerts (unique per item, deadline and kind, so a
concurrent or repeated run adds nothing). Then each undispatched alert is queued to its recipients with the
idempotency key measures.alert:<alert>:user:<user>, in the same transaction. Running the scan twice on the same
day queues nothing new."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Replace

from yingshang.core.clock import court_now, court_today
from yingshang.measures import conf, domain
from yingshang.measures.choices import AlertKind, AlertSubject, DepartmentRole, InspectionStatus, ReformStatus
from yingshang.measures.models import DeadlineAlert, Inspection, Measure, Reform
from yingshang.org.choices import COURT_ROLES, Role
from yingshang.org.models import User

logger = logging.getLogger(__name__)

TEMPLATES = {AlertKind.REMINDER: "measures.deadline_reminder", AlertKind.ESCALATION: "measures.overdue_escalation"}


@dataclass
class ScanResult:
    today: date
    raised: dict[str, int] = field(default_factory=dict)  # "reminder:measure" → count
    notified: int = 0
    notes: list[str] = field(default_factory=list)
    notify: bool = True

    @property
    def raised_total(self) -> int:
        return sum(self.raised.values())

    def as_dict(self) -> dict:
        return {"today": self.today.isoformat(), "raised": dict(self.raised), "raised_total": self.raised_total,
                "notified": self.notified, "notes": list(self.notes), "notify": self.notify}


# (subject, open items, field naming the item's measure, deadline field, alert field pointing at the item)
def _open_items():
    return (
        (AlertSubject.MEASURE,
         Measure.objects.filter(is_active=True, completed_on__isnull=True, deadline_on__isnull=False),
         "pk", "deadline_on", "measure"),
        (AlertSubject.RECTIFICATION,
         Inspection.objects.filter(status=InspectionStatus.OPEN, rectification_required=True,
                                   rectification_deadline_on__isnull=False, measure__is_active=True),
         "measure_id", "rectification_deadline_on", "inspection"),
        (AlertSubject.REFORM,
         Reform.objects.filter(status=ReformStatus.ADOPTED, completed_on__isnull=True, deadline_on__isnull=False,
                               measure__is_active=True),
         "measure_id", "deadline_on", "reform"),
    )


def _raise_alerts(today: date, lead_days: int) -> dict[str, int]:
    """INSERT the alerts due today that were not raised before (the same windows as domain.deadline_alert)."""
    horizon = domain.reminder_horizon(today, lead_days)
    now = court_now()
    raised: dict[str, int] = {}
    for subject, items, measure_field, due_field, link in _open_items():
        windows = ((AlertKind.REMINDER, Q(**{f"{due_field}__gte": today, f"{due_field}__lte": horizon})),
                   (AlertKind.ESCALATION, Q(**{f"{due_field}__lt": today})))
        for kind, window in windows:
            already = DeadlineAlert.objects.filter(kind=kind, subject=subject, due_on=OuterRef(due_field),
                                                   **{link: OuterRef("pk")})
            found = items.filter(window).exclude(Exists(already)).values_list("pk", measure_field, due_field)
            rows = [DeadlineAlert(kind=kind, subject=subject, due_on=due_on, raised_on=today, created_at=now,
                                  **{"measure_id": measure_id, f"{link}_id": pk})
                    for pk, measure_id, due_on in found]
            DeadlineAlert.objects.bulk_create(rows, ignore_conflicts=True)
            raised[f"{kind}:{subject}"] = len(rows)
    return raised


class _Recipients:
    """Who hears of an alert, looked up once per department set / leader set during a scan."""

    def __init__(self):
        self._departments: dict = {}
        self._leaders: dict = {}
        self._inspectors: list[User] | None = None

    @staticmethod
    def _staff():
        return User.objects.filter(is_active=True, role__in=COURT_ROLES)

    def departments(self, names: tuple[str, ...]) -> list[User]:
        """Heads (庭长 / 负责人) of the departments the names cover — by their own name, their kind, or a
        collective name such as 各审判部门; every member of a covered department that has no head."""
        if names not in self._departments:
            kinds = set().union(*(domain.DEPARTMENT_ALIASES.get(name, frozenset()) for name in names))
            members = list(self._staff().filter(department__isnull=False)
                           .filter(Q(department__name__in=names) | Q(department__kind__in=kinds))
                           .order_by("department_id", "pk"))
            heads = {u.department_id for u in members if u.role == Role.DIVISION_HEAD}
            self._departments[names] = [u for u in members if u.department_id not in heads
                                        or u.role == Role.DIVISION_HEAD]
        return self._departments[names]

    def department(self, department_id: int) -> list[User]:
        """The heads of one department, or every member when it has no head."""
        key = ("id", department_id)
        if key not in self._departments:
            members = list(self._staff().filter(department_id=department_id).order_by("pk"))
            heads = [u for u in members if u.role == Role.DIVISION_HEAD]
            self._departments[key] = heads or members
        return self._departments[key]

    def leaders(self, names: tuple[str, ...]) -> list[User]:
        """Court staff whose name (display_name, spaces removed as permissions.leader_name does) is a lead
        leader's name as the plan writes it; each carries that name as ``leader_name``."""
        if names not in self._leaders:
            stripped = Replace(Replace("display_name", Value(" "), Value("")), Value("\u3000"), Value(""))
            self._leaders[names] = list(self._staff().annotate(leader_name=stripped)
                                        .filter(leader_name__in=names).order_by("pk"))
        return self._leaders[names]

    def inspectors(self) -> list[User]:
        if self._inspectors is None:
            self._inspectors = list(self._staff().filter(role=Role.INSPECTOR).order_by("pk"))
        return self._inspectors


def _responsible(measure: Measure) -> tuple[str, ...]:
    return tuple(d.name for d in measure.departments.all() if d.role == DepartmentRole.RESPONSIBLE)


def _message(alert: DeadlineAlert) -> tuple[dict, tuple[str, ...]]:
    """The notice context and the responsible department names (the reminder's recipients)."""
    measure = alert.measure
    responsible = _responsible(measure)
    if alert.subject == AlertSubject.REFORM:
        reform = alert.reform
        task = f"{reform.get_kind_display()}：{domain.short_title(reform.title)}"
        department = reform.responsible_department.name
        responsible = (department,)
    elif alert.subject == AlertSubject.RECTIFICATION:
        task = f"督察整改：{domain.short_title(alert.inspection.findings, 24)}"
        department = "、".join(responsible)
    else:
        task = f"完成全部工作（完成时限：{measure.deadline_text}）" if measure.deadline_text else "完成全部工作"
        department = "、".join(responsible)
    context = {"measure_title": f"{measure.number}. {domain.short_title(measure.title)}", "task_title": task,
               "due_on": alert.due_on}
    if alert.kind == AlertKind.ESCALATION:
        context["department"] = department or "未写明"
    return context, responsible


def _people(alert: DeadlineAlert, responsible: tuple[str, ...], lookup: _Recipients) -> tuple[list[User], str]:
    if alert.kind == AlertKind.ESCALATION:
        names = tuple(leader.name for leader in alert.measure.leaders.all())
        people = lookup.leaders(names)
        missing = [n for n in names if n not in {u.leader_name for u in people}]
        note = f"牵头领导{'、'.join(missing)}未匹配到用户" if missing else ("" if names else "未写明牵头领导")
        if not people:
            return _to_inspectors(lookup, note + "，改由督察室督办")
        return people, note
    if alert.subject == AlertSubject.REFORM:
        people = lookup.department(alert.reform.responsible_department_id)
    else:
        people = lookup.departments(responsible)
    if not people:
        return _to_inspectors(lookup, "责任部门无在册人员，改由督察室提醒")
    return people, ""


def _to_inspectors(lookup: _Recipients, note: str) -> tuple[list[User], str]:
    """Nobody named can be reached: 督察室 follows it up (plan 四(二)), so nothing is dropped silently."""
    people = lookup.inspectors()
    return people, note if people else note + "（督察室无在册人员，未能发送）"


def _dispatch(notify: bool) -> tuple[int, list[str]]:
    from yingshang.notifications.services import notification_enqueue

    alerts = list(DeadlineAlert.objects.select_for_update(of=("self",)).filter(is_dispatched=False)
                  .select_related("measure", "inspection", "reform__responsible_department")
                  .prefetch_related("measure__leaders", "measure__departments").order_by("pk"))
    lookup = _Recipients()
    queued, notes = 0, []
    for alert in alerts:
        alert.is_dispatched = True
        if not notify:
            alert.note = "静默扫描：只登记，未发送通知"
            continue
        context, responsible = _message(alert)
        people, note = _people(alert, responsible, lookup)
        for user in people:
            notification_enqueue(recipient_user=user, template_code=TEMPLATES[alert.kind], context=context,
                                 idempotency_key=f"measures.alert:{alert.pk}:user:{user.pk}")
            queued += 1
        alert.recipients = [str(user) for user in people]
        alert.note = note[:300]
        if note:
            notes.append(f"第{alert.measure.number}项 {alert.get_kind_display()}：{note}")
    DeadlineAlert.objects.bulk_update(alerts, ["is_dispatched", "recipients", "note"])
    return queued, notes


@transaction.atomic
def measures_scan(*, today: date | None = None, notify: bool = True) -> ScanResult:
    """The daily scan: raise the reminders (conf.reminder_days() before a deadline, up to the deadline day) and
    escalations (from the day after) not raised before, and queue their notices in the same transaction.
    Idempotent: a second run on the same day raises and queues nothing. ``notify=False`` (first run over a plan
    whose deadlines are long past) records the alerts without queueing notices."""
    today = today or court_today()
    result = ScanResult(today=today, notify=notify)
    result.raised = _raise_alerts(today, conf.reminder_days())
    result.notified, result.notes = _dispatch(notify)
    logger.info("measures scan %s: raised %s, notified %s", today, result.raised, result.notified)
    return result
