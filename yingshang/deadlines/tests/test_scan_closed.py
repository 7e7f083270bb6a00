"""Installing over an existing case base: ``closed_since`` gives the closed cases their time limit as it stood, so
法定审限内结案率 counts the closures made before the install. Closed rows get no level and no alert."""

from datetime import date

import pytest
from django.db.models import Q

from yingshang.cases.choices import CaseStatus, Procedure
from yingshang.cases.tests.factories import CaseFactory
from yingshang.deadlines.choices import AlertLevel, Tier
from yingshang.deadlines.models import Alert, CaseDeadline
from yingshang.deadlines.services import deadlines_scan
from yingshang.metrics import domain as metrics_domain
from yingshang.metrics import engine
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2024, 7, 11)


@pytest.fixture
def closed_set():
    court = CourtFactory()
    dept = DepartmentFactory(court=court)
    judge = UserFactory(court=court, department=dept)

    def make(**kw):
        return CaseFactory(court=court, department=dept, judge=judge, status=CaseStatus.CLOSED,
                           closing_manner="judgment", **kw)

    return court, {
        # simple, filed 2024-03-01 → 3 months 2024-06-01 (Saturday) → 06-03; closed 05-20: in time.
        "in_time": make(filed_on=date(2024, 3, 1), procedure=Procedure.SIMPLE, closed_on=date(2024, 5, 20)),
        # small claims, filed 2024-01-10 → 2 months 2024-03-10 (Sunday) → 03-11; closed 04-01: late.
        "late": make(filed_on=date(2024, 1, 10), procedure=Procedure.SMALL_CLAIMS, closed_on=date(2024, 4, 1)),
        # closed before the day asked for: left alone.
        "before": make(filed_on=date(2023, 8, 1), procedure=Procedure.SIMPLE, closed_on=date(2023, 12, 31)),
        "open": CaseFactory(court=court, department=dept, judge=judge, filed_on=date(2024, 6, 1),
                            procedure=Procedure.SIMPLE),
    }


def test_closed_cases_since_the_day_get_their_time_limit_and_nothing_else(closed_set):
    _court, cases = closed_set
    result = deadlines_scan(today=TODAY, closed_since=date(2024, 1, 1))
    assert (result.counts.inserted, result.counts.closed_loaded) == (1, 2)
    rows = {name: CaseDeadline.objects.filter(case=case).first() for name, case in cases.items()}
    assert rows["before"] is None
    got = {name: (r.is_open, r.closed_on, r.rule_code, r.time_limit_end_on, r.tier, r.alert_level, r.next_change_on)
           for name, r in rows.items() if name in ("in_time", "late")}
    assert got == {
        "in_time": (False, date(2024, 5, 20), "civil_simple", date(2024, 6, 3), Tier.NONE, AlertLevel.NONE, None),
        "late": (False, date(2024, 4, 1), "civil_small_claims", date(2024, 3, 11), Tier.NONE, AlertLevel.NONE,
                 None),
    }
    assert list(Alert.objects.filter(case__in=[cases["in_time"], cases["late"]])) == []


def test_loading_again_and_the_next_days_leave_the_closed_rows_alone(closed_set):
    _court, cases = closed_set
    deadlines_scan(today=TODAY, closed_since=date(2024, 1, 1))
    before = list(CaseDeadline.objects.filter(is_open=False).order_by("case_id").values())
    again = deadlines_scan(today=TODAY, closed_since=date(2024, 1, 1))
    assert (again.counts.inserted, again.counts.closed_loaded) == (0, 0)
    deadlines_scan(today=date(2024, 7, 12), full=True)
    assert list(CaseDeadline.objects.filter(is_open=False).order_by("case_id").values()) == before


def test_without_the_day_closed_cases_get_no_row(closed_set):
    _court, cases = closed_set
    result = deadlines_scan(today=TODAY)
    assert (result.counts.inserted, result.counts.closed_loaded) == (1, 0)
    assert CaseDeadline.objects.filter(is_open=False).count() == 0


def test_on_time_closure_rate_counts_the_loaded_closures(closed_set):
    court, _cases = closed_set
    period = metrics_domain.year_period(2024)
    deadlines_scan(today=TODAY, closed_since=date(2024, 1, 1))
    figure = engine.compute(["on_time_closure_rate"], scope_case_q=Q(court_id=court.pk), periods=[period],
                            today=TODAY)[(None, period.key)]["on_time_closure_rate"]
    assert (figure.numerator, figure.denominator) == (1, 2)


def test_the_command_takes_closed_since(closed_set, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("scan_deadlines", "--today", "2024-07-11", "--silent", "--closed-since", "2024-01-01")
    out = capsys.readouterr().out
    assert "2024-07-11 扫描完成：新增 1" in out and "已结案件补算审限 2（全量）" in out
    with pytest.raises(CommandError):
        call_command("scan_deadlines", "--closed-since", "2024-02-30")
    assert CaseDeadline.objects.count() == 3
