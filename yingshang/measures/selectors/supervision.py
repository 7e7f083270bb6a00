"""Reads for the people who carry the plan: a leader's own measures, a department's own measures and reports,
replicable reforms and pilots (with their status and light), liaison meetings, reminders and escalations."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q

from yingshang.measures import domain
from yingshang.measures.choices import AlertKind, InspectionStatus, ReformStatus
from yingshang.measures.models import (
    DeadlineAlert, Inspection, LiaisonMeeting, Measure, Plan, ProgressReport, Reform,
)
from yingshang.measures.permissions import (
    can_edit_report, can_read_measures, department_names,
)
from yingshang.measures.selectors.board import BoardFilters, BoardRow, measure_board, state_on

REFORM_STATUS_SHOWN = {ReformStatus.PROPOSED: "待审议", ReformStatus.REJECTED: "未采纳"}


@dataclass
class ReformRow:
    reform: Reform
    state: domain.MeasureState | None  # adopted reforms only

    @property
    def status_label(self) -> str:
        return self.state.status_label if self.state else REFORM_STATUS_SHOWN[self.reform.status]

    @property
    def light(self) -> str:
        return self.state.light if self.state else domain.Light.GREY


def reform_state(reform: Reform, today: date) -> domain.MeasureState | None:
    """An adopted reform is tracked like a measure, from the day it was adopted."""
    if reform.status != ReformStatus.ADOPTED:
        return None
    return state_on(reform, started_on=reform.reviewed_on, today=today)


@dataclass(frozen=True)
class ReformFilters:
    kind: str = ""
    status: str = ""          # proposed / adopted / rejected, or a tracking status (overdue, in_progress …)
    department_id: int | None = None
    plan_id: int | None = None


def reform_list(*, user, today: date, filters: ReformFilters = ReformFilters()) -> list[ReformRow]:
    """Reforms with their status and light on ``today``: one query."""
    if not can_read_measures(user):
        return []
    qs = Reform.objects.select_related("measure", "measure__plan", "responsible_department", "proposing_department",
                                       "proposed_by").order_by("-proposed_on", "-id")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.plan_id:
        qs = qs.filter(measure__plan_id=filters.plan_id)
    if filters.department_id:
        qs = qs.filter(Q(responsible_department_id=filters.department_id)
                       | Q(proposing_department_id=filters.department_id))
    if filters.status in ReformStatus.values:
        qs = qs.filter(status=filters.status)
    rows = [ReformRow(reform, reform_state(reform, today)) for reform in qs]
    if filters.status and filters.status not in ReformStatus.values:
        rows = [row for row in rows if row.state and row.state.status == filters.status]
    return rows


def reform_detail(*, reform: Reform, user, today: date) -> dict:
    reports = list(ProgressReport.objects.filter(reform=reform).select_related("department", "author")
                   .prefetch_related("evidence").order_by("-reported_on", "-id"))
    for report in reports:
        report.can_edit = can_edit_report(user, report) and reform.measure.is_active
    return {"row": ReformRow(reform, reform_state(reform, today)), "reports": reports}


def meeting_list(*, user, plan: Plan | None, year: int | None = None) -> list[LiaisonMeeting]:
    if plan is None or not can_read_measures(user):
        return []
    qs = (LiaisonMeeting.objects.filter(plan=plan).select_related("recorded_by")
          .prefetch_related(Prefetch("measures", queryset=Measure.objects.order_by("number"))))
    if year:
        qs = qs.filter(held_on__year=year)
    return list(qs.order_by("-held_on", "-id"))


def alert_list(*, user, measure_ids=None, kind: str = "", limit: int = 50) -> list[DeadlineAlert]:
    """The latest reminders and escalations, for the measures given (or all), of one kind (or both)."""
    if not can_read_measures(user):
        return []
    qs = DeadlineAlert.objects.select_related("measure", "inspection", "reform").order_by("-raised_on", "-id")
    if measure_ids is not None:
        qs = qs.filter(measure_id__in=list(measure_ids))
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs[:limit])


def _open_rectifications(measure_ids) -> list[Inspection]:
    return list(Inspection.objects.filter(measure_id__in=list(measure_ids), status=InspectionStatus.OPEN)
                .select_related("measure", "inspector").order_by("rectification_deadline_on", "pk"))


@dataclass
class LeaderView:
    rows: list[BoardRow]
    open_rectifications: list[Inspection] = field(default_factory=list)
    reforms_pending: list[ReformRow] = field(default_factory=list)
    alerts: list[DeadlineAlert] = field(default_factory=list)


def leader_view(*, user, plan: Plan | None, today: date) -> LeaderView:
    """The measures the user leads (牵头领导 matched by name), their open 督察 rectifications, reform proposals
    under them awaiting a decision, and the latest escalations."""
    rows = measure_board(user=user, plan=plan, today=today, filters=BoardFilters(led=True))
    ids = [row.measure.pk for row in rows]
    pending = (Reform.objects.filter(measure_id__in=ids, status=ReformStatus.PROPOSED)
               .select_related("measure", "proposing_department").order_by("proposed_on", "pk"))
    return LeaderView(rows=rows, open_rectifications=_open_rectifications(ids),
                      reforms_pending=[ReformRow(r, None) for r in pending],
                      alerts=alert_list(user=user, measure_ids=ids, kind=AlertKind.ESCALATION, limit=20))


@dataclass
class DepartmentView:
    responsible: list[BoardRow]
    assisting: list[BoardRow]
    reports: list[ProgressReport] = field(default_factory=list)
    open_rectifications: list[Inspection] = field(default_factory=list)
    reforms: list[ReformRow] = field(default_factory=list)
    alerts: list[DeadlineAlert] = field(default_factory=list)


def department_view(*, user, plan: Plan | None, today: date) -> DepartmentView:
    """The measures the user's department carries (as responsible or assisting department, named directly, by
    its kind or collectively), the department's own reports (editable), open rectifications, the reforms it
    proposed or carries, and the latest reminders."""
    if not getattr(user, "department_id", None):
        return DepartmentView(responsible=[], assisting=[])
    rows = measure_board(user=user, plan=plan, today=today, filters=BoardFilters(own_department=True))
    names = department_names(user)
    responsible = [row for row in rows if names & set(row.responsible)]
    assisting = [row for row in rows if not names & set(row.responsible)]
    responsible_ids = [row.measure.pk for row in responsible]
    reports = list(ProgressReport.objects.filter(department_id=user.department_id, measure__plan=plan)
                   .select_related("measure", "reform", "author").prefetch_related("evidence")
                   .order_by("-reported_on", "-id")[:50]) if plan else []
    for report in reports:
        report.can_edit = can_edit_report(user, report) and report.measure.is_active
    reforms = reform_list(user=user, today=today, filters=ReformFilters(department_id=user.department_id))
    return DepartmentView(responsible=responsible, assisting=assisting, reports=reports,
                          open_rectifications=_open_rectifications(responsible_ids), reforms=reforms,
                          alerts=alert_list(user=user, measure_ids=responsible_ids, kind=AlertKind.REMINDER,
                                            limit=20))
