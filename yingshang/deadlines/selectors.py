"""Reads: a case's time-limit explanation, the judge's deadlines, the long-pending board, alerts and the weekly
rolling report. Lists are already scoped to the user (cases.permissions.case_scope_q)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Count, Q

from yingshang.calendar.domain import format_date as _fmt
from yingshang.cases.models import Case
from yingshang.cases.permissions import case_scope_q
from yingshang.deadlines import conf, domain, windows
from yingshang.deadlines.choices import (
    AlertLevel, Approver, Audience, ExtensionStatus, PlanStatus, Tier, TIER_RANK,
)
from yingshang.deadlines.models import (
    Alert, AppealTransfer, CaseDeadline, CasePlan, Deduction, ExtensionRequest, ScanRun,
)
from yingshang.deadlines.permissions import board_case_ids
from yingshang.org.choices import Role


# --- One case ------------------------------------------------------------------------------------------------------

@dataclass
class TimeLimitView:
    case: Case
    rule: domain.TimeLimitRule | None
    result: domain.TimeLimitResult
    today: date
    row: CaseDeadline | None
    deductions: list[Deduction]
    extensions: list[ExtensionRequest]
    plans: list[CasePlan]
    transfer: AppealTransfer | None
    thresholds: domain.Thresholds
    tier: str
    approaching_months: int
    alert_level: str
    allowed_deduction_kinds: dict[str, str] = field(default_factory=dict)
    extension_window: windows.ExtensionWindow | None = None

    @property
    def days_left(self) -> int | None:
        if self.result.end_on is None or self.result.is_paused:
            return None
        return (self.result.end_on - self.today).days

    @property
    def active_plan(self) -> CasePlan | None:
        return next((p for p in self.plans if p.status == PlanStatus.ACTIVE), None)

    @property
    def pending_extension(self) -> ExtensionRequest | None:
        return next((e for e in self.extensions if e.status in (ExtensionStatus.REQUESTED,
                                                                 ExtensionStatus.REPORTED_TO_HIGHER_COURT)), None)


def time_limit_explain(*, case: Case, today: date) -> TimeLimitView:
    """The time limit of one case computed now with its steps (domain.compute_time_limit), plus its deductions,
    extensions, plans and escalation. The caller has loaded ``case`` through access_case."""
    from yingshang.calendar.selectors import workday_calendar

    row = CaseDeadline.objects.filter(case=case).first()
    code = domain.rule_code_for(category=case.category, procedure=case.procedure, type_code=case.type_code,
                                override=row.rule_override if row else "")
    rule = domain.RULES.get(code)
    deductions = list(Deduction.objects.filter(case=case).select_related("recorded_by").order_by("start_on", "pk"))
    extensions = list(ExtensionRequest.objects.filter(case=case)
                      .select_related("requested_by", "decided_by").order_by("requested_on", "pk"))
    granted = [domain.Length(e.length_months, e.length_days) for e in extensions
               if e.status == ExtensionStatus.APPROVED and e.procedure == case.procedure]
    spans = [domain.DeductionSpan(kind=d.kind, start_on=d.start_on, end_on=d.end_on) for d in deductions]
    months = (rule.limit.months if rule else 0) + sum(g.months for g in granted)
    running = sum(s.days_through(today) for s in spans if s.end_on is None)
    days = ((rule.limit.days if rule else 0) + sum(g.days for g in granted) + sum(s.days for s in spans) + running)
    estimate = domain.months_after(case.filed_on, max(months, 12)) + timedelta(days=days)
    cal = workday_calendar(case.filed_on, estimate)
    result = domain.compute_time_limit(rule=rule, filed_on=case.filed_on, extensions=granted, deductions=spans,
                                       cal=cal, rollover=conf.time_limit_rolls_over_holidays(), today=today)
    result = replace(result, steps=_with_recalculations(case, result.steps, extensions))
    window = None
    if case.is_open and rule is not None and rule.approver != Approver.NONE and result.end_on and not result.is_paused:
        window = windows.extension_window(end_on=result.end_on, policy=conf.extension_window_policy(rule.family),
                                         cal=cal)
    thresholds = domain.long_pending_thresholds(case.filed_on)
    if case.is_open:
        tier, approaching = domain.long_pending_tier(thresholds, today, conf.long_pending_lookahead_days())
        level = domain.alert_level(end_on=result.end_on, is_paused=result.is_paused, today=today,
                                   alert_days=conf.time_limit_alert_days())
    else:
        tier, approaching, level = Tier.NONE, 0, AlertLevel.NONE
    return TimeLimitView(
        case=case, rule=rule, result=result, today=today, row=row, deductions=deductions, extensions=extensions,
        plans=list(CasePlan.objects.filter(case=case).select_related("owner").prefetch_related("updates")),
        transfer=AppealTransfer.objects.filter(case=case).first(), thresholds=thresholds, tier=tier,
        approaching_months=approaching, alert_level=level,
        allowed_deduction_kinds=domain.allowed_deduction_kinds(rule) if rule else {}, extension_window=window)


def _with_recalculations(case: Case, steps: list[str], extensions: list[ExtensionRequest]) -> list[str]:
    """The explanation with each change of procedure and what it did to the limit, after the starting step: the
    limit of the new procedure counts from the original filing date and extensions granted under the old one
    lapse (民诉法解释 258; 审限规定（2000）第8条). The parties are told of every recalculation (2019 SPC
    延长审限和延期开庭规定 art. 7)."""
    from yingshang.cases.choices import CaseEventKind, Procedure
    from yingshang.cases.selectors import case_events_list

    changes = [e for e in case_events_list(case=case) if e.kind == CaseEventKind.PROCEDURE_CHANGED]
    if not changes:
        return steps
    added = []
    for event in changes:
        old, new = (event.data or {}).get("from", ""), (event.data or {}).get("to", "")
        label = {v: lbl for v, lbl in Procedure.choices}
        lapsed = [e for e in extensions if e.status == ExtensionStatus.APPROVED and e.procedure == old]
        text = (f"重新计算：{_fmt(event.occurred_on)}审理程序由{label.get(old, old)}变更为{label.get(new, new)}，"
                "审限按变更后的程序自原立案日起连续计算（民诉法解释第258条；审限规定（2000）第8条）")
        if lapsed:
            text += "；原程序下批准的延长（" + "、".join(e.length_label for e in lapsed) + "）不再计入"
        added.append(text)
    return steps[:2] + added + steps[2:]



# --- Lists -----------------------------------------------------------------------------------------------------------

def _open_rows():
    return (CaseDeadline.objects.filter(is_open=True)
            .select_related("case", "case__department", "case__judge"))


def deadlines_for_judge(*, user, level: str = ""):
    """The open cases the user handles (承办法官), soonest deadline first; paused and no-limit cases last."""
    rows = _open_rows().filter(case__judge=user)
    if level:
        rows = rows.filter(alert_level=level)
    return rows.order_by("time_limit_end_on", "case__filed_on", "pk")


def board_rows(*, user, tier: str = "", department_id: int | None = None, approaching: bool = False):
    """Long-pending cases the user supervises (tier ≥ reminder), oldest first."""
    rows = _open_rows().filter(case__in=board_case_ids(user)).exclude(tier=Tier.NONE)
    if tier:
        rows = rows.filter(tier=tier)
    if department_id:
        rows = rows.filter(case__department_id=department_id)
    if approaching:
        rows = rows.filter(approaching_months__gt=0)
    return rows.order_by("case__filed_on", "pk")


@dataclass
class BoardLine:
    department_id: int | None
    department_name: str
    counts: dict[str, int]
    total_open: int

    @property
    def long_pending(self) -> int:
        return sum(n for t, n in self.counts.items() if t in (Tier.WARNING, Tier.SUPERVISION, Tier.COMMITTEE))


def board_summary(*, user) -> list[BoardLine]:
    """Open cases by department and tier (one aggregate query)."""
    rows = (CaseDeadline.objects.filter(is_open=True, case__in=board_case_ids(user))
            .values("case__department_id", "case__department__name", "tier").annotate(n=Count("pk")))
    lines: dict = {}
    for r in rows:
        key = r["case__department_id"]
        line = lines.setdefault(key, BoardLine(key, r["case__department__name"] or "未分案", defaultdict(int), 0))
        line.counts[r["tier"]] += r["n"]
        line.total_open += r["n"]
    return sorted(lines.values(), key=lambda ln: (-ln.long_pending, ln.department_name))


def committee_list(*, user):
    """Cases past 12 months: the 审委会 discusses them one by one (plan measure 13)."""
    return board_rows(user=user, tier=Tier.COMMITTEE)


def alerts_for_user(user):
    """Alerts addressed to the user: the judge's own cases and, by audience, the division head's department, the
    supervising vice-president's departments, the president's and 审管办's court."""
    if not (user and user.is_authenticated and user.is_court_staff):
        return Alert.objects.none()
    q = Q(case__judge=user)
    if user.role == Role.DIVISION_HEAD and user.department_id:
        q |= Q(case__department_id=user.department_id,
               audience__in=[Audience.JUDGE_AND_HEAD, Audience.TRIAL_MANAGEMENT])
    if user.role == Role.VICE_PRESIDENT:
        q |= Q(case__department__in=user.supervised_departments.all(), audience=Audience.SUPERVISING_VP)
    if user.role == Role.PRESIDENT:
        q |= Q(audience__in=[Audience.PRESIDENT, Audience.COMMITTEE])
    if user.role == Role.TRIAL_MANAGEMENT:
        q |= Q(audience__in=[Audience.TRIAL_MANAGEMENT, Audience.COMMITTEE])
    return (Alert.objects.filter(q, case__court_id=user.court_id).select_related("case", "case__judge")
            .order_by("-raised_on", "-pk"))


def last_scan() -> ScanRun | None:
    return ScanRun.objects.order_by("-ran_on").first()


def transfers_pending(*, user):
    return (AppealTransfer.objects.filter(status="pending", case__in=Case.objects.filter(case_scope_q(user)).values("pk"))
            .select_related("case", "case__judge").order_by("due_on"))


# --- Weekly rolling report (每周滚动通报) and monthly summary -------------------------------------------------------

@dataclass
class ReportLine:
    """One line of the report: a department, a judge, or the whole court."""

    name: str
    department: str = ""
    open_total: int = 0
    past_6: int = 0
    past_9: int = 0
    past_12: int = 0
    crossed_6: int = 0
    crossed_9: int = 0
    crossed_12: int = 0
    approaching: int = 0
    closed: int = 0
    closed_long_pending: int = 0
    overdue: int = 0


@dataclass
class WeeklyReport:
    period_start: date
    period_end: date
    title: str
    court: ReportLine
    departments: list[ReportLine]
    judges: list[ReportLine]
    long_pending: dict[str, list[CaseDeadline]]  # tier → rows
    crossed: list[CaseDeadline]
    closed: list[CaseDeadline]
    oldest: list[CaseDeadline]


def _crossed(row: CaseDeadline, start: date, end: date) -> int:
    """The highest threshold (12, 9, 6) whose "past" day (the day after the threshold) fell within the period."""
    for months, on in ((12, row.twelve_months_on), (9, row.nine_months_on), (6, row.six_months_on)):
        if on is not None and start <= on + timedelta(days=1) <= end:
            return months
    return 0


def weekly_report(*, user, period_end: date, days: int = 7, oldest: int = 20) -> WeeklyReport:
    """The rolling report for the ``days`` ending on ``period_end`` (7: weekly; a month for the monthly summary):
    per department and judge, open cases past 6/9/12 months (as of ``period_end``), those that crossed a threshold
    in the period, cases closed in the period (and how many of them were long-pending), the oldest open cases.
    Scoped like the board; reads the rows the daily scan maintains."""
    start = period_end - timedelta(days=days - 1)
    scope = board_case_ids(user)
    rows = list(CaseDeadline.objects.filter(case__in=scope)
                .filter(Q(is_open=True, filed_on__lte=period_end) | Q(is_open=False, closed_on__gte=start,
                                                                      closed_on__lte=period_end))
                .select_related("case", "case__department", "case__judge").order_by("filed_on", "pk"))
    court = ReportLine(name="全院", department="全院")
    departments: dict = {}
    judges: dict = {}
    long_pending: dict[str, list] = {Tier.COMMITTEE: [], Tier.SUPERVISION: [], Tier.WARNING: []}
    crossed, closed, open_rows = [], [], []
    for row in rows:
        dept = row.case.department.name if row.case.department_id else "未分案"
        judge = str(row.case.judge) if row.case.judge_id else "未分案"
        lines = [court, departments.setdefault(dept, ReportLine(name=dept, department=dept)),
                 judges.setdefault((dept, judge), ReportLine(name=judge, department=dept))]
        if not row.is_open:
            was_long = row.six_months_on is not None and row.closed_on > row.six_months_on
            closed.append(row)
            for line in lines:
                line.closed += 1
                line.closed_long_pending += was_long
            continue
        open_rows.append(row)
        past = (12 if period_end > row.twelve_months_on else 9 if period_end > row.nine_months_on
                else 6 if period_end > row.six_months_on else 0) if row.six_months_on else 0
        if past:
            long_pending[{12: Tier.COMMITTEE, 9: Tier.SUPERVISION, 6: Tier.WARNING}[past]].append(row)
        crossing = _crossed(row, start, period_end) if row.six_months_on else 0
        if crossing:
            crossed.append(row)
        for line in lines:
            line.open_total += 1
            line.past_6 += past >= 6
            line.past_9 += past >= 9
            line.past_12 += past >= 12
            line.crossed_6 += crossing == 6
            line.crossed_9 += crossing == 9
            line.crossed_12 += crossing == 12
            line.approaching += row.approaching_months > 0
            line.overdue += row.alert_level == AlertLevel.OVERDUE
    title = "每周滚动通报" if days == 7 else "长期未结案件月度调度"
    return WeeklyReport(
        period_start=start, period_end=period_end, title=title, court=court,
        departments=sorted(departments.values(), key=lambda ln: (-ln.past_6, ln.name)),
        judges=sorted(judges.values(), key=lambda ln: (ln.department, -ln.past_6, ln.name)),
        long_pending=long_pending, crossed=crossed, closed=closed, oldest=open_rows[:oldest])


def tier_rank(tier: str) -> int:
    return TIER_RANK.get(tier, 0)


# --- Monthly summary for the leadership (issue 3 §8) ----------------------------------------------------------------

@dataclass
class MonthlyFigures:
    """The headline figures of the monthly summary, with the weekly report's meaning (weekly_report): open cases
    past 6 / 9 / 12 months at the month's end (cumulative: past 9 are also past 6), open cases that crossed one of
    those thresholds during the month, cases closed during the month."""

    past_6: int = 0
    past_9: int = 0
    past_12: int = 0
    crossed: int = 0
    closed: int = 0

    def add(self, other: "MonthlyFigures") -> None:
        for name in ("past_6", "past_9", "past_12", "crossed", "closed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return {"past_6": self.past_6, "past_9": self.past_9, "past_12": self.past_12, "crossed": self.crossed,
                "closed": self.closed}


def monthly_figures_by_department(*, start: date, end: date) -> dict[tuple[int, int | None], MonthlyFigures]:
    """The monthly figures of every (court, department) for the period ``start``–``end``, in one aggregate query
    over the rows the daily scan maintains (no row reaches Python). Not scoped: the caller picks each leader's
    departments."""
    day = timedelta(days=1)
    crossed = (Q(six_months_on__gte=start - day, six_months_on__lte=end - day)
               | Q(nine_months_on__gte=start - day, nine_months_on__lte=end - day)
               | Q(twelve_months_on__gte=start - day, twelve_months_on__lte=end - day))
    rows = (CaseDeadline.objects
            .filter(Q(is_open=True, filed_on__lte=end) | Q(is_open=False, closed_on__gte=start, closed_on__lte=end))
            .values("case__court_id", "case__department_id")
            .annotate(past_6=Count("pk", filter=Q(is_open=True, six_months_on__lt=end)),
                      past_9=Count("pk", filter=Q(is_open=True, nine_months_on__lt=end)),
                      past_12=Count("pk", filter=Q(is_open=True, twelve_months_on__lt=end)),
                      crossed=Count("pk", filter=Q(is_open=True) & crossed),
                      closed=Count("pk", filter=Q(is_open=False)))
            .order_by())
    return {(r["case__court_id"], r["case__department_id"]): MonthlyFigures(
        past_6=r["past_6"], past_9=r["past_9"], past_12=r["past_12"], crossed=r["crossed"], closed=r["closed"])
        for r in rows}
