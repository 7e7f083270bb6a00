"""Reads for the plan: the board (every measure with its status and traffic light on a given day), a measure's
page, the plans. Court staff read everything; the "mine" filter narrows to what the user leads or their
department carries, "led" to what the user leads, "own_department" to what the user's department carries."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils.module_loading import import_string

from yingshang.measures import conf, domain
from yingshang.measures.choices import DepartmentRole, InspectionStatus
from yingshang.measures.models import (
    Inspection, LiaisonMeeting, Measure, MeasureDepartment, MeasureLeader, Plan, ProgressReport, Reform, Target,
)
from yingshang.measures.permissions import (
    can_edit_report, can_manage_measures, can_read_measures, can_report_on, led_measures_q, own_measures_q,
)

logger = logging.getLogger(__name__)
NO_DATA = "暂无数据"


def plan_list():
    return Plan.objects.order_by("-year", "-id")


def plan_current() -> Plan | None:
    """The plan the board shows by default: the latest year, then the latest imported."""
    return plan_list().first()


def indicator_live_value(code: str, today: date) -> dict | None:
    """The live value of an indicator from MEASURES_INDICATOR_VALUE_PROVIDER, or None (no data yet). A provider
    that is not installed or fails is logged and shown as no data: one indicator never takes the board down."""
    path = conf.indicator_value_provider()
    if not code or not path:
        return None
    try:
        provider = import_string(path)
    except ImportError:
        logger.warning("MEASURES_INDICATOR_VALUE_PROVIDER %s cannot be imported; targets show no data", path)
        return None
    try:
        return provider(code, today)
    except Exception:
        logger.exception("indicator provider %s failed for %s on %s", path, code, today)
        return None


@dataclass
class TargetView:
    target: Target
    live: dict | None

    @property
    def live_label(self) -> str:
        if not self.live:
            return NO_DATA
        return f"{self.live['value']}{domain.UNIT_LABELS.get(self.live.get('unit', self.target.unit), '')}"


@dataclass
class BoardRow:
    measure: Measure
    state: domain.MeasureState
    leaders: list[str]
    responsible: list[str]
    assisting: list[str]
    targets: list[TargetView] = field(default_factory=list)
    open_inspections: int = 0


@dataclass(frozen=True)
class BoardFilters:
    status: str = ""
    light: str = ""
    department: str = ""
    leader: str = ""
    mine: bool = False
    led: bool = False
    own_department: bool = False
    include_inactive: bool = False


def measure_state_on(measure: Measure, today: date) -> domain.MeasureState:
    return state_on(measure, started_on=measure.plan.started_on, today=today)


def state_on(item, *, started_on: date, today: date, progress_percent: int | None = None,
             last_reported_on: date | None = None, completed_on: date | None = None,
             as_recorded: bool = True) -> domain.MeasureState:
    """Status and light of a measure or an adopted reform on ``today``: from its recorded progress, or (for a past
    day, ``as_recorded=False``) from the progress given."""
    if as_recorded:
        progress_percent, last_reported_on, completed_on = (
            item.progress_percent, item.last_reported_on, item.completed_on)
    return domain.measure_state(
        deadline_on=item.deadline_on, is_ongoing=item.is_ongoing, progress_percent=progress_percent or 0,
        completed_on=completed_on, last_reported_on=last_reported_on, started_on=started_on, today=today,
        warning_days=conf.warning_days(), stale_days=conf.stale_report_days(),
        lag_tolerance=conf.progress_lag_tolerance())


def _row(measure: Measure, today: date, live_cache: dict) -> BoardRow:
    departments = list(measure.departments.all())
    targets = []
    for target in measure.targets.all():
        if target.indicator_code not in live_cache:
            live_cache[target.indicator_code] = indicator_live_value(target.indicator_code, today)
        targets.append(TargetView(target, live_cache[target.indicator_code]))
    return BoardRow(
        measure=measure, state=measure_state_on(measure, today),
        leaders=[leader.name for leader in measure.leaders.all()],
        responsible=[d.name for d in departments if d.role == DepartmentRole.RESPONSIBLE],
        assisting=[d.name for d in departments if d.role == DepartmentRole.ASSISTING],
        targets=targets, open_inspections=getattr(measure, "open_inspection_count", 0))


def measure_board(*, user, plan: Plan | None, today: date, filters: BoardFilters = BoardFilters()) -> list[BoardRow]:
    """Every measure of the plan with its status and light on ``today``, filtered. Four queries whatever the
    number of measures (measures with open-inspection counts, leaders, departments, targets)."""
    if plan is None or not can_read_measures(user):
        return []
    qs = (Measure.objects.filter(plan=plan).select_related("plan")
          .annotate(open_inspection_count=Count("inspections", filter=Q(inspections__status=InspectionStatus.OPEN)))
          .prefetch_related("leaders", "departments", "targets").order_by("number"))
    if not filters.include_inactive:
        qs = qs.filter(is_active=True)
    if filters.mine:
        qs = qs.filter(own_measures_q(user) | led_measures_q(user))
    if filters.led:
        qs = qs.filter(led_measures_q(user))
    if filters.own_department:
        qs = qs.filter(own_measures_q(user))
    if filters.department:
        qs = qs.filter(departments__name=filters.department).distinct()
    if filters.leader:
        qs = qs.filter(leaders__name=filters.leader).distinct()
    live_cache: dict = {}
    rows = [_row(measure, today, live_cache) for measure in qs]
    if filters.status:
        rows = [row for row in rows if row.state.status == filters.status]
    if filters.light:
        rows = [row for row in rows if row.state.light == filters.light]
    return rows


def board_counts(rows: list[BoardRow]) -> dict:
    """How many measures per status and per light, every status and light listed (zero included)."""
    statuses = {code: 0 for code in domain.STATUS_LABELS}
    lights = {code: 0 for code in domain.LIGHT_LABELS}
    for row in rows:
        statuses[row.state.status] += 1
        lights[row.state.light] += 1
    return {"statuses": statuses, "lights": lights, "total": len(rows)}


def board_choices(plan: Plan | None) -> dict:
    """Leaders and departments named in the plan, for the board's filters."""
    if plan is None:
        return {"leaders": [], "departments": []}
    leaders = (MeasureLeader.objects.filter(measure__plan=plan).order_by("name").values_list("name", flat=True)
               .distinct())
    departments = (MeasureDepartment.objects.filter(measure__plan=plan).order_by("name")
                   .values_list("name", flat=True).distinct())
    return {"leaders": list(leaders), "departments": list(departments)}


def measure_detail(*, user, measure: Measure, today: date) -> dict:
    """A measure's page: its row on the board, reports with evidence (newest first), inspections with
    follow-ups, and what the user may do."""
    measure = (Measure.objects.select_related("plan").prefetch_related(
        "leaders", "departments", "targets",
        Prefetch("reports", queryset=ProgressReport.objects.filter(reform__isnull=True)
                 .select_related("department", "author").prefetch_related("evidence")),
        Prefetch("inspections", queryset=Inspection.objects.select_related("inspector", "closed_by")
                 .prefetch_related("follow_ups__author")),
        Prefetch("reforms", queryset=Reform.objects.select_related("responsible_department")),
        Prefetch("meetings", queryset=LiaisonMeeting.objects.order_by("-held_on", "-id")),
    ).annotate(open_inspection_count=Count("inspections", filter=Q(inspections__status=InspectionStatus.OPEN)))
        .get(pk=measure.pk))
    reports = list(measure.reports.all())
    for report in reports:
        report.can_edit = can_edit_report(user, report) and measure.is_active
    return {
        "row": _row(measure, today, {}),
        "reports": reports,
        "inspections": list(measure.inspections.all()),
        "reforms": list(measure.reforms.all()),
        "meetings": list(measure.meetings.all()),
        "can_report": can_report_on(user, measure) and measure.is_active and measure.completed_on is None,
        "can_manage": can_manage_measures(user),
    }
