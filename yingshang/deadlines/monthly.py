"""The monthly summary for the leadership (issue 3 §8; 2023 plan measure 13: 长期未结案件月度调度): on the 1st, one
in-app notice to each leader with last month's headline figures and a link to the page and the Excel file of that
month. A periodic service like the daily scan (command ``dispatch_monthly_summary``, Celery task, beat entry);
kept apart from services.py, which holds the per-case writes and the scan.

Who receives what (the same scopes as the board, permissions.board_case_ids):
- 院长 and 审管办: the whole court;
- 分管副院长: the departments they supervise (none supervised: no notice).
"""

from __future__ import annotations

import calendar as _pycalendar
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse

from yingshang.core.clock import court_now, court_today
from yingshang.deadlines.models import MonthlySummaryRun
from yingshang.deadlines.selectors import MonthlyFigures, monthly_figures_by_department
from yingshang.org.choices import Role
from yingshang.org.models import User

logger = logging.getLogger(__name__)

TEMPLATE = "deadlines.monthly_summary"
LEADER_ROLES = (Role.PRESIDENT, Role.VICE_PRESIDENT, Role.TRIAL_MANAGEMENT)


def previous_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before ``today``'s."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def month_bounds(first: date) -> tuple[date, date]:
    return first, first.replace(day=_pycalendar.monthrange(first.year, first.month)[1])


def summary_links(first: date) -> tuple[str, str]:
    """The monthly report page of that month and its Excel download (views.weekly with ``?month=YYYY-MM``)."""
    page = reverse("deadlines:weekly") + "?" + urlencode({"month": f"{first:%Y-%m}"})
    return page, page + "&format=xlsx"


@dataclass
class MonthlySummaryResult:
    month_on: date
    notified: int        # leaders notified by this run
    already_notified: int  # leaders notified by an earlier run for the same month (nothing written for them)


def _supervised(leader: User) -> list:
    return sorted((d for d in leader.supervised_departments.all() if d.court_id == leader.court_id),
                  key=lambda d: d.pk)


def _leaders() -> list[User]:
    """Active leaders with something to read: every 院长 and 审管办 member of a court, and each 副院长 who supervises
    at least one department of his court."""
    found = (User.objects.filter(is_active=True, role__in=LEADER_ROLES, court__isnull=False)
             .prefetch_related("supervised_departments").order_by("court_id", "role", "pk"))
    return [u for u in found if u.role != Role.VICE_PRESIDENT or _supervised(u)]


def _scope(leader: User, departments_of_court: dict[int, list[int | None]]) -> tuple[list[int | None], str]:
    """The departments whose figures a leader receives, and how the notice names them."""
    if leader.role == Role.VICE_PRESIDENT:
        supervised = _supervised(leader)
        return [d.pk for d in supervised], "分管部门（" + "、".join(d.name for d in supervised) + "）"
    return departments_of_court.get(leader.court_id, []), "全院"


@transaction.atomic
def monthly_summary_dispatch(*, today: date | None = None) -> MonthlySummaryResult:
    """Queue last month's summary (relative to ``today``) for every leader not yet notified for that month, as one
    in-app notice each through the notifications outbox (idempotency key per month and recipient), and record the
    run (MonthlySummaryRun: who was notified, the court-wide figures).

    Set-based: one aggregate query for the figures of every court and department (selectors.
    monthly_figures_by_department), one for the leaders. Idempotent: a re-run for the same month writes nothing
    unless a leader was added since (then only that leader's notice and the run record)."""
    from yingshang.notifications.services import notification_enqueue

    start, end = previous_month(today or court_today())
    run = MonthlySummaryRun.objects.select_for_update().filter(month_on=start).first()
    done = set(run.recipient_ids) if run else set()
    leaders = [u for u in _leaders() if u.pk not in done]
    if not leaders:
        return MonthlySummaryResult(month_on=start, notified=0, already_notified=len(done))
    by_department = monthly_figures_by_department(start=start, end=end)
    departments_of_court: dict[int, list[int | None]] = {}
    court_totals: dict[int, MonthlyFigures] = {}
    for (court_id, department_id), figures in by_department.items():
        departments_of_court.setdefault(court_id, []).append(department_id)
        court_totals.setdefault(court_id, MonthlyFigures()).add(figures)
    page, xlsx = summary_links(start)
    notified = []
    for leader in leaders:
        departments, label = _scope(leader, departments_of_court)
        figures = MonthlyFigures()
        for department_id in departments:
            figures.add(by_department.get((leader.court_id, department_id), MonthlyFigures()))
        notification_enqueue(
            recipient_user=leader, template_code=TEMPLATE, channels=["inbox"],
            context={"month": f"{start.year}年{start.month}月", "scope": label, **figures.as_dict(),
                     "link": page, "xlsx_link": xlsx},
            idempotency_key=f"deadlines.monthly_summary:{start:%Y-%m}:user:{leader.pk}")
        notified.append(leader.pk)
    now = court_now()
    figures_record = {str(court_id): totals.as_dict() for court_id, totals in sorted(court_totals.items())}
    if run is None:
        MonthlySummaryRun.objects.create(month_on=start, first_run_at=now, last_run_at=now,
                                         recipient_ids=sorted(notified), figures=figures_record)
    else:
        run.recipient_ids = sorted(done | set(notified))
        run.last_run_at = now
        run.save(update_fields=["recipient_ids", "last_run_at"])
    logger.info("monthly summary %s: %s leaders notified", f"{start:%Y-%m}", len(notified))
    return MonthlySummaryResult(month_on=start, notified=len(notified), already_notified=len(done))
