"""The daily scan: set-based, idempotent, right on a hand-built set, and in agreement with the pure rules."""

from datetime import date, timedelta

import pytest

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseCategory, CaseStatus, Procedure
from yingshang.cases.tests.factories import CaseFactory
from yingshang.deadlines import selectors
from yingshang.deadlines.choices import AlertKind, AlertLevel, Audience, DeductionKind, ExtensionStatus, Tier
from yingshang.deadlines.models import Alert, CaseDeadline, Deduction, ExtensionRequest, ScanRun
from yingshang.deadlines.services import deadlines_scan
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2024, 7, 11)  # a Thursday


@pytest.fixture
def court_set():
    """A hand-built set of open cases, one per situation the scan must get right (today = 2024-07-11)."""
    court = CourtFactory()
    dept = DepartmentFactory(court=court)
    judge = UserFactory(court=court, department=dept)
    make = lambda **kw: CaseFactory(court=court, department=dept, judge=judge, **kw)  # noqa: E731
    cases = {
        # filed 2024-06-01, simple 3 months → 2024-09-01 (Sunday) → 2024-09-02; fresh: no tier, no alert.
        "fresh": make(filed_on=date(2024, 6, 1), procedure=Procedure.SIMPLE),
        # simple filed 2024-04-20 → 2024-07-20 (Saturday) → 07-22: 11 days left → days_15.
        "days_15": make(filed_on=date(2024, 4, 20), procedure=Procedure.SIMPLE),
        # simple filed 2024-04-13 → 07-13 (Saturday) → 07-15: 4 days left → days_7.
        "days_7": make(filed_on=date(2024, 4, 13), procedure=Procedure.SIMPLE),
        # small claims filed 2024-05-01 → 2 months 07-01 → overdue.
        "overdue": make(filed_on=date(2024, 5, 1), procedure=Procedure.SMALL_CLAIMS),
        # ordinary filed 2024-01-20: 6 months 07-20 → days_15 and tier reminder (approaching 6).
        "reminder": make(filed_on=date(2024, 1, 20), procedure=Procedure.ORDINARY),
        # ordinary filed 2024-01-05: past 6 months (07-05) → warning, overdue.
        "warning": make(filed_on=date(2024, 1, 5), procedure=Procedure.ORDINARY),
        # enforcement filed 2023-10-05: 6 months → 2024-04-05 (清明, 04-04…06) → 04-07, a 调休 working Sunday;
        # past 9 months (07-05) → supervision.
        "supervision": make(filed_on=date(2023, 10, 5), procedure=Procedure.ENFORCEMENT,
                            category=CaseCategory.ENFORCEMENT, type_code="执"),
        # bankruptcy filed 2023-06-01: no time limit, past 12 months → committee.
        "committee": make(filed_on=date(2023, 6, 1), procedure=Procedure.BANKRUPTCY,
                          category=CaseCategory.BANKRUPTCY, type_code="破"),
        "closed": make(filed_on=date(2023, 6, 1), status=CaseStatus.CLOSED, closed_on=date(2024, 1, 1),
                       closing_manner="judgment"),
    }
    return cases


def row(case) -> CaseDeadline:
    return CaseDeadline.objects.get(case=case)


def test_first_scan_computes_ends_tiers_and_levels(court_set):
    result = deadlines_scan(today=TODAY)
    assert result.counts.inserted == 8
    assert not CaseDeadline.objects.filter(case=court_set["closed"]).exists()
    expected = {
        "fresh": (date(2024, 9, 2), Tier.NONE, AlertLevel.NONE),
        "days_15": (date(2024, 7, 22), Tier.NONE, AlertLevel.DAYS_15),
        "days_7": (date(2024, 7, 15), Tier.NONE, AlertLevel.DAYS_7),
        "overdue": (date(2024, 7, 1), Tier.NONE, AlertLevel.OVERDUE),
        "reminder": (date(2024, 7, 22), Tier.REMINDER, AlertLevel.DAYS_15),
        "warning": (date(2024, 7, 5), Tier.WARNING, AlertLevel.OVERDUE),
        "supervision": (date(2024, 4, 7), Tier.SUPERVISION, AlertLevel.OVERDUE),
        "committee": (None, Tier.COMMITTEE, AlertLevel.NO_LIMIT),
    }
    got = {name: (row(c).time_limit_end_on, row(c).tier, row(c).alert_level)
           for name, c in court_set.items() if name != "closed"}
    assert got == expected
    assert row(court_set["reminder"]).approaching_months == 6
    assert row(court_set["supervision"]).rule_code == "enforcement"
    assert row(court_set["committee"]).rule_code == ""


def test_first_scan_raises_each_alert_once_with_its_audience(court_set):
    deadlines_scan(today=TODAY)
    alerts = {(a.case_id, a.kind, a.level, a.audience) for a in Alert.objects.all()}
    c = court_set
    assert alerts == {
        (c["days_15"].pk, AlertKind.TIME_LIMIT, AlertLevel.DAYS_15, Audience.JUDGE_AND_HEAD),
        (c["days_7"].pk, AlertKind.TIME_LIMIT, AlertLevel.DAYS_7, Audience.JUDGE_AND_HEAD),
        (c["overdue"].pk, AlertKind.TIME_LIMIT, AlertLevel.OVERDUE, Audience.TRIAL_MANAGEMENT),
        (c["reminder"].pk, AlertKind.TIME_LIMIT, AlertLevel.DAYS_15, Audience.JUDGE_AND_HEAD),
        (c["reminder"].pk, AlertKind.LONG_PENDING, Tier.REMINDER, Audience.JUDGE_AND_HEAD),
        (c["warning"].pk, AlertKind.TIME_LIMIT, AlertLevel.OVERDUE, Audience.TRIAL_MANAGEMENT),
        (c["warning"].pk, AlertKind.LONG_PENDING, Tier.WARNING, Audience.SUPERVISING_VP),
        (c["supervision"].pk, AlertKind.TIME_LIMIT, AlertLevel.OVERDUE, Audience.TRIAL_MANAGEMENT),
        (c["supervision"].pk, AlertKind.LONG_PENDING, Tier.SUPERVISION, Audience.PRESIDENT),
        (c["committee"].pk, AlertKind.LONG_PENDING, Tier.COMMITTEE, Audience.COMMITTEE),
    }


def test_second_run_the_same_day_writes_nothing(court_set):
    deadlines_scan(today=TODAY)
    stamps = dict(CaseDeadline.objects.values_list("pk", "updated_at"))
    alerts = Alert.objects.count()
    again = deadlines_scan(today=TODAY)
    assert again.counts.by_statement == {name: 0 for name in again.counts.by_statement}
    assert Alert.objects.count() == alerts
    assert dict(CaseDeadline.objects.values_list("pk", "updated_at")) == stamps
    assert ScanRun.objects.get(ran_on=TODAY).runs == 2
    assert not AuditEvent.objects.exists()


def test_next_day_writes_only_the_rows_that_changed(court_set):
    deadlines_scan(today=TODAY)
    tomorrow = deadlines_scan(today=TODAY + timedelta(days=1))
    # 2024-07-12: "days_15" (07-22) stays days_15; "days_7" stays; nothing crosses → no write at all.
    assert tomorrow.counts.levels_changed == 0
    # 2024-07-16: "days_7" (07-15) is overdue, days_15 rows (07-22) become days_7.
    later = deadlines_scan(today=date(2024, 7, 16))
    assert later.counts.levels_changed == 3
    assert row(court_set["days_7"]).alert_level == AlertLevel.OVERDUE
    assert row(court_set["days_7"]).alert_since_on == date(2024, 7, 16)
    assert Alert.objects.filter(case=court_set["days_7"], level=AlertLevel.OVERDUE).count() == 1


def test_closing_and_procedure_change_in_the_cases_app_are_picked_up(court_set):
    deadlines_scan(today=TODAY)
    fresh = court_set["fresh"]
    fresh.procedure = Procedure.ORDINARY
    fresh.save()
    overdue = court_set["overdue"]
    overdue.status, overdue.closed_on, overdue.closing_manner = CaseStatus.CLOSED, TODAY, "judgment"
    overdue.save()
    result = deadlines_scan(today=TODAY)
    assert result.counts.synced == 2 and result.counts.recomputed == 1
    # 解释 258: ordinary 6 months from the original filing 2024-06-01 → 2024-12-01 (Sunday) → 12-02.
    assert (row(fresh).time_limit_end_on, row(fresh).rule_code) == (date(2024, 12, 2), "civil_ordinary")
    assert (row(overdue).is_open, row(overdue).closed_on) == (False, TODAY)


def test_extensions_and_deductions_move_the_end(court_set):
    case = court_set["warning"]  # ordinary 2024-01-05 → 2024-07-05
    president = UserFactory(role="president", court=case.court)
    ExtensionRequest.objects.create(case=case, procedure=case.procedure, rule_code="civil_ordinary",
                                    reason_code="complex_facts", reason="疑难", length_months=6,
                                    status=ExtensionStatus.APPROVED, requested_by=case.judge, requested_on=TODAY,
                                    decided_by=president)
    Deduction.objects.create(case=case, kind=DeductionKind.PUBLIC_NOTICE, start_on=date(2024, 2, 1),
                             end_on=date(2024, 3, 1), reason="公告", recorded_by=case.judge)
    deadlines_scan(today=TODAY)
    # 2024-01-05 + 12 months = 2025-01-05, + 30 days = 2025-02-04 (春节 2025-01-28…02-04) → 2025-02-05.
    assert row(case).time_limit_end_on == date(2025, 2, 5)
    assert row(case).deducted_days == 30 and row(case).extension_months == 6


def test_a_running_deduction_pauses_the_alerts(court_set):
    case = court_set["days_7"]
    Deduction.objects.create(case=case, kind=DeductionKind.SUSPENSION, start_on=date(2024, 7, 1), end_on=None,
                             reason="中止", recorded_by=case.judge)
    deadlines_scan(today=TODAY)
    assert (row(case).is_paused, row(case).alert_level) == (True, AlertLevel.PAUSED)
    assert not Alert.objects.filter(case=case, kind=AlertKind.TIME_LIMIT).exists()


def test_scan_agrees_with_the_pure_rules(court_set):
    """The SQL and domain.compute_time_limit give the same end for every case of the set (incl. rollover and
    deductions), over several filing dates that end on holidays, month ends and 调休 days."""
    court = court_set["fresh"].court
    extra = [CaseFactory(court=court, filed_on=d, procedure=p) for d, p in [
        (date(2023, 8, 31), Procedure.ORDINARY), (date(2023, 11, 15), Procedure.SIMPLE),
        (date(2023, 4, 3), Procedure.ORDINARY), (date(2024, 4, 1), Procedure.ORDINARY),
        (date(2024, 1, 31), Procedure.SMALL_CLAIMS), (date(2024, 3, 1), Procedure.SPECIAL)]]
    Deduction.objects.create(case=extra[0], kind=DeductionKind.APPRAISAL, start_on=date(2023, 9, 10),
                             end_on=date(2023, 10, 9), reason="鉴定", recorded_by=extra[0].judge)
    deadlines_scan(today=TODAY)
    for case in [*court_set.values(), *extra]:
        if case.status == CaseStatus.CLOSED:
            continue
        case.refresh_from_db()
        view = selectors.time_limit_explain(case=case, today=TODAY)
        assert row(case).time_limit_end_on == view.result.end_on, case.case_number
        assert row(case).tier == view.tier, case.case_number
        assert row(case).unconfirmed_calendar == view.result.unconfirmed_calendar, case.case_number
    assert row(extra[1]).time_limit_end_on == date(2024, 2, 18)  # 春节 → 调休 Sunday
    assert row(extra[2]).time_limit_end_on == date(2023, 10, 7)  # 国庆 → 调休 Saturday


def test_incremental_days_match_a_full_recomputation_every_day(court_set):
    """Run the scan day after day (incremental: only rows whose next change is due); every day the stored tier,
    approaching threshold and alert level equal the pure rules' answer for that day."""
    from yingshang.deadlines import conf, domain

    deadlines_scan(today=TODAY)
    day = TODAY
    for step in range(1, 200, 3):  # every third day: skipped days must not lose a transition
        day = TODAY + timedelta(days=step)
        result = deadlines_scan(today=day)
        assert result.counts.full is (day.weekday() == 6), day
        for r in CaseDeadline.objects.filter(is_open=True):
            th = domain.Thresholds(r.six_months_on, r.nine_months_on, r.twelve_months_on)
            tier, approaching = domain.long_pending_tier(th, day, conf.long_pending_lookahead_days())
            level = domain.alert_level(end_on=r.time_limit_end_on, is_paused=r.is_paused, today=day,
                                       alert_days=conf.time_limit_alert_days())
            assert (r.tier, r.approaching_months, r.alert_level) == (tier, approaching, level), (day, r.case_id)
            assert r.next_change_on > day


def test_a_change_behind_the_services_back_is_caught_by_the_full_run(court_set):
    from yingshang.cases.models import Case
    from yingshang.core.clock import court_now

    deadlines_scan(today=TODAY)
    fresh = court_set["fresh"]
    Case.objects.filter(pk=fresh.pk).update(procedure=Procedure.ORDINARY)  # no updated_at: invisible to the watermark
    Case.objects.filter(pk=fresh.pk).update(updated_at=court_now() - timedelta(days=2))
    deadlines_scan(today=TODAY + timedelta(days=1))  # a Friday: incremental
    assert row(fresh).procedure == Procedure.SIMPLE
    full = deadlines_scan(today=TODAY + timedelta(days=2), full=True)
    assert full.counts.full is True and row(fresh).procedure == Procedure.ORDINARY


def test_changing_the_rollover_setting_recomputes_every_open_row(court_set, settings):
    deadlines_scan(today=TODAY)
    assert row(court_set["days_15"]).time_limit_end_on == date(2024, 7, 22)
    settings.TIME_LIMIT_ROLLS_OVER_HOLIDAYS = False
    result = deadlines_scan(today=TODAY + timedelta(days=1))
    assert result.counts.full is True and result.counts.recomputed == 8
    assert row(court_set["days_15"]).time_limit_end_on == date(2024, 7, 20)  # the Saturday itself


def test_scanning_an_earlier_day_is_a_full_run(court_set):
    deadlines_scan(today=TODAY)
    earlier = deadlines_scan(today=date(2024, 7, 1))
    assert earlier.counts.full is True
    assert row(court_set["days_7"]).alert_level == AlertLevel.DAYS_15  # 07-15 is 14 days after 07-01
