"""The quarterly review pack (plan 四(一): 院党组每季度…统筹谋划、调查研究和安排部署; 联席会议 集体研判、分析和通报
营商环境工作的现状、问题和进展): per measure the progress at the start and the end of the quarter with its status
and light, the quarter's reports, the overdue items, the targets against their live values, the 督察 findings,
the meetings and their minutes, and the reforms — all as of the quarter's last day (or today, while it runs).

Progress "as of" a day is rebuilt from the reports dated up to that day, so a closed quarter's pack does not
change when later reports arrive. A constant number of queries whatever the number of measures."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch

from yingshang.measures import domain
from yingshang.measures.choices import AlertSubject, DepartmentRole, MeetingKind, ReformStatus
from yingshang.measures.models import Inspection, LiaisonMeeting, Measure, Plan, ProgressReport, Reform
from yingshang.measures.selectors.board import TargetView, indicator_live_value, state_on
from yingshang.measures.selectors.supervision import REFORM_STATUS_SHOWN


@dataclass
class Progress:
    """Progress of a measure or reform as of a day, rebuilt from its reports."""

    percent: int = 0
    last_reported_on: date | None = None
    completed_on: date | None = None


@dataclass
class ReviewRow:
    measure: Measure
    leaders: list[str]
    responsible: list[str]
    state: domain.MeasureState
    progress_at_start: int
    progress_at_end: int
    reports: list[ProgressReport]
    targets: list[TargetView]
    open_findings: int

    @property
    def latest_summary(self) -> str:
        return self.reports[0].summary if self.reports else ""


@dataclass
class OverdueItem:
    subject: str
    subject_label: str
    measure_number: int
    title: str
    department: str
    due_on: date
    days_overdue: int


@dataclass
class Finding:
    inspection: Inspection
    is_open: bool  # still open at the pack's date

    @property
    def status_label(self) -> str:
        return "待整改" if self.is_open else "已销号"


@dataclass
class ReformLine:
    reform: Reform
    status_label: str
    progress: int


@dataclass
class ReviewPack:
    plan: Plan
    quarter: domain.Quarter
    today: date
    as_of: date
    rows: list[ReviewRow] = field(default_factory=list)
    overdue: list[OverdueItem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    meetings: list[LiaisonMeeting] = field(default_factory=list)
    reforms: list[ReformLine] = field(default_factory=list)

    @property
    def is_closed(self) -> bool:
        return self.quarter.is_closed(self.today)

    @property
    def counts(self) -> dict:
        statuses = {code: 0 for code in domain.STATUS_LABELS}
        lights = {code: 0 for code in domain.LIGHT_LABELS}
        for row in self.rows:
            statuses[row.state.status] += 1
            lights[row.state.light] += 1
        return {"statuses": statuses, "lights": lights, "total": len(self.rows)}

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        """(label, count) for every status, in the board's order."""
        counts = self.counts["statuses"]
        return [(label, counts[code]) for code, label in domain.STATUS_LABELS.items()]

    @property
    def targets(self) -> list[tuple[ReviewRow, TargetView]]:
        return [(row, target) for row in self.rows for target in row.targets]

    @property
    def has_party_group_meeting(self) -> bool:
        return any(m.kind == MeetingKind.PARTY_GROUP for m in self.meetings)


def _progress_by_owner(reports, day: date) -> dict:
    """(kind, id) → Progress from the reports dated up to ``day`` (the latest by date then filing order; complete
    from the first completion report)."""
    result: dict = defaultdict(Progress)
    for report in reports:  # ordered by reported_on, id
        if report.reported_on > day:
            continue
        key = ("reform", report.reform_id) if report.reform_id else ("measure", report.measure_id)
        progress = result[key]
        progress.percent, progress.last_reported_on = report.progress_percent, report.reported_on
        if report.is_completed and progress.completed_on is None:
            progress.completed_on = report.reported_on
    return result


def review_pack(*, plan: Plan, quarter: domain.Quarter, today: date) -> ReviewPack:
    """The review pack of ``plan`` for ``quarter`` as of min(quarter end, today)."""
    as_of = quarter.as_of(today)
    pack = ReviewPack(plan=plan, quarter=quarter, today=today, as_of=as_of)
    measures = list(Measure.objects.filter(plan=plan, is_active=True).select_related("plan")
                    .prefetch_related("leaders", "departments", "targets").order_by("number"))
    reports = list(ProgressReport.objects.filter(measure__plan=plan, reported_on__lte=as_of)
                   .select_related("department").order_by("reported_on", "id"))
    at_end = _progress_by_owner(reports, as_of)
    at_start = _progress_by_owner(reports, quarter.start - timedelta(days=1))
    in_quarter = defaultdict(list)
    for report in reversed(reports):
        if report.reform_id is None and report.reported_on >= quarter.start:
            in_quarter[report.measure_id].append(report)
    inspections = list(Inspection.objects.filter(measure__plan=plan, inspected_on__lte=as_of)
                       .select_related("measure", "inspector").order_by("inspected_on", "id"))
    open_at_end = {i.pk for i in inspections if i.closed_on is None or i.closed_on > as_of}
    open_per_measure = defaultdict(int)
    for inspection in inspections:
        if inspection.pk in open_at_end:
            open_per_measure[inspection.measure_id] += 1

    live: dict = {}
    for measure in measures:
        departments = list(measure.departments.all())
        responsible = [d.name for d in departments if d.role == DepartmentRole.RESPONSIBLE]
        end = at_end[("measure", measure.pk)]
        targets = []
        for target in measure.targets.all():
            if target.indicator_code not in live:
                live[target.indicator_code] = indicator_live_value(target.indicator_code, as_of)
            targets.append(TargetView(target, live[target.indicator_code]))
        state = state_on(measure, started_on=plan.started_on, today=as_of, progress_percent=end.percent,
                         last_reported_on=end.last_reported_on, completed_on=end.completed_on, as_recorded=False)
        pack.rows.append(ReviewRow(
            measure=measure, leaders=[leader.name for leader in measure.leaders.all()], responsible=responsible,
            state=state, progress_at_start=at_start[("measure", measure.pk)].percent, progress_at_end=end.percent,
            reports=in_quarter[measure.pk], targets=targets, open_findings=open_per_measure[measure.pk]))
        if state.status == domain.MeasureStatus.OVERDUE:
            pack.overdue.append(OverdueItem(
                AlertSubject.MEASURE, AlertSubject.MEASURE.label, measure.number, measure.title,
                "、".join(responsible), measure.deadline_on, (as_of - measure.deadline_on).days))

    by_measure = {m.pk: m for m in measures}
    for inspection in inspections:
        is_open = inspection.pk in open_at_end
        if inspection.inspected_on >= quarter.start or is_open:
            pack.findings.append(Finding(inspection, is_open))
        deadline = inspection.rectification_deadline_on
        if is_open and deadline and deadline < as_of and inspection.measure_id in by_measure:
            measure = by_measure[inspection.measure_id]
            pack.overdue.append(OverdueItem(
                AlertSubject.RECTIFICATION, AlertSubject.RECTIFICATION.label, measure.number,
                f"督察整改：{domain.short_title(inspection.findings, 40)}",
                "、".join(d.name for d in measure.departments.all() if d.role == DepartmentRole.RESPONSIBLE),
                deadline, (as_of - deadline).days))

    reforms = list(Reform.objects.filter(measure__plan=plan, proposed_on__lte=as_of)
                   .select_related("measure", "responsible_department", "proposing_department")
                   .order_by("measure__number", "proposed_on", "id"))
    for reform in reforms:
        progress = at_end[("reform", reform.pk)]
        decided = reform.reviewed_on is not None and reform.reviewed_on <= as_of
        if not decided:
            label = REFORM_STATUS_SHOWN[ReformStatus.PROPOSED]
        elif reform.status != ReformStatus.ADOPTED:
            label = REFORM_STATUS_SHOWN[reform.status]
        else:
            state = state_on(reform, started_on=reform.reviewed_on, today=as_of, progress_percent=progress.percent,
                             last_reported_on=progress.last_reported_on, completed_on=progress.completed_on,
                             as_recorded=False)
            label = state.status_label
            if state.status == domain.MeasureStatus.OVERDUE:
                pack.overdue.append(OverdueItem(
                    AlertSubject.REFORM, AlertSubject.REFORM.label, reform.measure.number,
                    f"{reform.get_kind_display()}：{reform.title}", reform.responsible_department.name,
                    reform.deadline_on, (as_of - reform.deadline_on).days))
        pack.reforms.append(ReformLine(reform, label, progress.percent))

    pack.meetings = list(LiaisonMeeting.objects.filter(plan=plan, held_on__gte=quarter.start, held_on__lte=as_of)
                         .prefetch_related(Prefetch("measures", queryset=Measure.objects.order_by("number")))
                         .order_by("held_on", "id"))
    pack.overdue.sort(key=lambda item: (item.due_on, item.measure_number))
    return pack

