"""Indicators computed from the cases themselves, each on a small hand-built dataset with known values (exact), with
the period edges, the zero denominators and the drill-downs."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.test.utils import CaptureQueriesContext

from yingshang.cases.models import Case
from yingshang.cases.permissions import case_scope_q
from yingshang.deadlines.models import CaseDeadline
from yingshang.metrics import domain, engine
from yingshang.metrics.engine import ZERO_DENOMINATOR
from yingshang.metrics.formulas import FORMULAS
from yingshang.metrics.tests.conftest import Q1, TODAY, assert_drilldowns_match, figures, link

pytestmark = pytest.mark.django_db

CASE_CODES = ["enterprise_fast_track_mediation_withdrawal_rate", "simple_procedure_rate", "small_claims_rate",
              "fast_track_rate", "closed_to_filed_ratio", "clearance_rate", "average_trial_days", "disposition_time",
              "mediation_withdrawal_rate", "first_instance_acceptance_rate", "appeal_rate", "fully_enforced_rate",
              "first_enforcement_round_closure_rate", "online_filing_rate"]


@pytest.fixture
def dataset_a(make_case, bureau, officer):
    """Ten cases around 2024 Q1 (the comments give each one's part in the figures)."""
    c = {}
    c["A1"] = make_case(procedure="fast_track", is_enterprise_involved=True, filed_on=date(2024, 1, 5),
                        closed_on=date(2024, 3, 31), closing_manner="mediation", channel="online")  # last day: in
    c["A2"] = make_case(procedure="fast_track", is_enterprise_involved=True, filed_on=date(2024, 1, 10),
                        closed_on=date(2024, 4, 1), closing_manner="withdrawal")  # the day after: out, pending
    c["A3"] = make_case(procedure="fast_track", is_enterprise_involved=True, filed_on=date(2024, 1, 3),
                        closed_on=date(2024, 2, 10), closing_manner="judgment")
    c["A4"] = make_case(procedure="fast_track", is_enterprise_involved=True, filed_on=date(2024, 2, 3),
                        closed_on=date(2024, 3, 1), closing_manner="withdrawal", channel="online")
    c["A5"] = make_case(procedure="simple", filed_on=date(2023, 12, 20), closed_on=date(2024, 1, 15),
                        closing_manner="withdrawal")
    c["A6"] = make_case(procedure="small_claims", filed_on=date(2024, 2, 1), closed_on=date(2024, 3, 1),
                        closing_manner="judgment")
    c["A7"] = make_case(filed_on=date(2024, 3, 1))  # open
    c["A8"] = make_case("民诉前调", filed_on=date(2024, 1, 2), closed_on=date(2024, 1, 20),
                        closing_manner="mediation")  # pre-filing mediation: outside the statistics
    c["A9"] = make_case("刑初", filed_on=date(2024, 1, 15), closed_on=date(2024, 3, 15), closing_manner="judgment")
    c["A10"] = make_case("执", department=bureau, judge_user=officer, filed_on=date(2024, 2, 1),
                         closed_on=date(2024, 3, 30), closing_manner="fully_enforced")
    c["X"] = make_case("民终", filed_on=date(2024, 3, 20))  # the appeal of A3, open
    link(c["A3"], c["X"], "appeal")
    return c


def test_case_based_indicators_on_a_known_dataset(court, dataset_a):
    f = figures(court, CASE_CODES)

    def check(code, value, numerator, denominator):
        assert (f[code].value, f[code].numerator, f[code].denominator) == (Decimal(value), numerator, denominator), code

    # Closed in Q1 and counted: A1 (on 03-31), A3, A4, A5, A6, A9, A10 — not A2 (04-01), not A8 (诉前调).
    # Filed in Q1 and counted: A1, A2, A3, A4, A6, A7, A9, A10, X — not A5 (2023), not A8.
    check("closed_to_filed_ratio", "77.78", 7, 9)
    check("clearance_rate", "77.78", 7, 9)
    # Enterprise fast-track closed: A1, A3, A4; mediated or withdrawn: A1, A4.
    check("enterprise_fast_track_mediation_withdrawal_rate", "66.67", 2, 3)
    # 民初 closed: A1, A3, A4, A5, A6.
    check("simple_procedure_rate", "20.00", 1, 5)
    check("small_claims_rate", "20.00", 1, 5)
    check("fast_track_rate", "60.00", 3, 5)
    check("mediation_withdrawal_rate", "60.00", 3, 5)
    # Litigation closed: A1 86 d, A3 38, A4 27, A5 26, A6 29, A9 60 → 266 ÷ 6.
    check("average_trial_days", "44.33", 266, 6)
    # Pending on 03-31: A2, A7, X; resolved 7; Q1 has 91 days → 3 × 91 ÷ 7.
    check("disposition_time", "39.00", 3, 7)
    # First instance closed: A1, A3, A4, A5, A6, A9; A3 was appealed.
    check("first_instance_acceptance_rate", "83.33", 5, 6)
    # Appealable: judgment/ruling/dismissal, not small claims: A3, A9; appealed: A3.
    check("appeal_rate", "50.00", 1, 2)
    # First enforcement closed: A10, fully enforced.
    check("fully_enforced_rate", "100.00", 1, 1)
    check("first_enforcement_round_closure_rate", "0.00", 0, 1)
    # Filed in Q1 (all, as the filing statistics count): 10 incl. A8; online: A1, A4.
    check("online_filing_rate", "20.00", 2, 10)


def test_online_filing_agrees_with_the_filing_apps_statistics(court, dataset_a):
    from yingshang.filing.selectors import filing_statistics

    theirs = filing_statistics(court=court, date_from=Q1.start, date_to=Q1.end)["total"]
    mine = figures(court, ["online_filing_rate"])["online_filing_rate"]
    assert (mine.numerator, mine.denominator) == (theirs["online"], theirs["cases_total"]) == (2, 10)
    assert theirs["online_rate"] == "20.0%" and str(mine.value) == "20.00"


def test_a_case_closed_on_the_last_day_of_the_quarter_counts_in_it_and_the_day_after_does_not(court, dataset_a):
    rows = engine.drilldown("enterprise_fast_track_mediation_withdrawal_rate", "denominator", 0,
                            scope_case_q=Q(court_id=court.pk), period=Q1, today=TODAY).rows
    assert {r.pk for r in rows} == {dataset_a["A1"].pk, dataset_a["A3"].pk, dataset_a["A4"].pk}
    q2 = domain.parse_period("2024-Q2", TODAY)
    rows = engine.drilldown("enterprise_fast_track_mediation_withdrawal_rate", "denominator", 0,
                            scope_case_q=Q(court_id=court.pk), period=q2, today=TODAY).rows
    assert {r.pk for r in rows} == {dataset_a["A2"].pk}
    # And A2, closed on 04-01, was still pending on 03-31.
    pending = engine.drilldown("disposition_time", "numerator", 0, scope_case_q=Q(court_id=court.pk), period=Q1,
                               today=TODAY).rows
    assert {r.pk for r in pending} == {dataset_a["A2"].pk, dataset_a["A7"].pk, dataset_a["X"].pk}


def test_drilldowns_hold_exactly_the_counted_cases(court, dataset_a):
    assert_drilldowns_match(court, CASE_CODES)
    numerator = engine.drilldown("first_instance_acceptance_rate", "numerator", 0,
                                 scope_case_q=Q(court_id=court.pk), period=Q1, today=TODAY).rows
    assert {r.pk for r in numerator} == {dataset_a[k].pk for k in ("A1", "A4", "A5", "A6", "A9")}
    days = engine.drilldown("average_trial_days", "numerator", 0, scope_case_q=Q(court_id=court.pk), period=Q1,
                            today=TODAY).rows
    assert {r.case_number: r.contribution for r in days}[dataset_a["A1"].case_number] == 86


def test_a_month_is_computed_on_its_own_days(court, dataset_a):
    march = domain.parse_period("2024-03", TODAY)
    f = figures(court, ["enterprise_fast_track_mediation_withdrawal_rate", "average_trial_days"], period=march)
    # Closed in March: A1 (mediation), A4 (withdrawal) — both fast-track enterprise.
    assert (f["enterprise_fast_track_mediation_withdrawal_rate"].value,
            f["enterprise_fast_track_mediation_withdrawal_rate"].denominator) == (Decimal("100.00"), 2)
    # A1 86, A4 27, A6 29, A9 60.
    assert (f["average_trial_days"].numerator, f["average_trial_days"].denominator) == (202, 4)


def indicator_queries(captured) -> list[str]:
    """The statements that read data (not PostgreSQL's SET/RESET of the session settings around them)."""
    return [q["sql"] for q in captured if not q["sql"].startswith(("SET jit", "RESET jit"))]


def test_monthly_trend_is_one_query_per_source_whatever_the_number_of_months(court, dataset_a):
    months = domain.months_of(Q1)
    with CaptureQueriesContext(connection) as captured:
        result = engine.compute(["closed_to_filed_ratio"], scope_case_q=Q(court_id=court.pk), periods=months,
                                today=TODAY)
    assert len(indicator_queries(captured)) == 1  # one query on the case table for every window and month
    assert [(result[(None, m.key)]["closed_to_filed_ratio"].numerator,
             result[(None, m.key)]["closed_to_filed_ratio"].denominator) for m in months] == [(1, 4), (1, 3), (5, 2)]


@pytest.fixture
def dataset_b(make_case, bureau, officer):
    """Pending cases of several ages on 2024-03-31."""
    c = {}
    c["B1"] = make_case(filed_on=date(2023, 9, 30))   # 6 months end 2024-03-30: past 6 on 03-31
    c["B2"] = make_case(filed_on=date(2023, 10, 1))   # 6 months end 04-01: not past
    c["B3"] = make_case(filed_on=date(2023, 6, 15))   # past 9, not 12
    c["B4"] = make_case(filed_on=date(2022, 12, 1))   # past 12
    c["B5"] = make_case(filed_on=date(2023, 3, 31), closed_on=date(2024, 4, 1), closing_manner="judgment")
    # ↑ pending on 03-31; 12 months end exactly on 03-31: past 9, not past 12
    c["B6"] = make_case(filed_on=date(2023, 1, 1), closed_on=date(2024, 3, 31), closing_manner="judgment")  # closed
    c["B7"] = make_case("执", department=bureau, judge_user=officer, filed_on=date(2022, 1, 1))  # enforcement, > 12
    c["B8"] = make_case("民诉前调", filed_on=date(2022, 1, 1))  # outside the statistics
    return c


AGE_CODES = ["pending_over_6_months", "pending_over_9_months", "pending_over_12_months",
             "pending_over_12_months_ratio", "pending_age_under_6_months", "pending_age_6_to_9_months",
             "pending_age_9_to_12_months", "pending_age_over_12_months"]


def test_pending_cases_by_age_with_the_plans_cut_offs(court, dataset_b):
    f = assert_drilldowns_match(court, AGE_CODES)
    got = {code: (f[code].value, f[code].numerator, f[code].denominator) for code in AGE_CODES}
    assert got == {
        "pending_over_6_months": (Decimal(5), 5, 6),      # B1 B3 B4 B5 B7 of 6 pending
        "pending_over_9_months": (Decimal(4), 4, 6),      # B3 B4 B5 B7
        "pending_over_12_months": (Decimal(2), 2, 6),     # B4 B7
        "pending_over_12_months_ratio": (Decimal("20.00"), 1, 5),  # litigation only: B4 of B1–B5
        "pending_age_under_6_months": (Decimal("16.67"), 1, 6),    # B2
        "pending_age_6_to_9_months": (Decimal("16.67"), 1, 6),     # B1
        "pending_age_9_to_12_months": (Decimal("33.33"), 2, 6),    # B3 B5
        "pending_age_over_12_months": (Decimal("33.33"), 2, 6),    # B4 B7
    }
    rows = engine.drilldown("pending_over_6_months", "numerator", 0, scope_case_q=Q(court_id=court.pk), period=Q1,
                            today=TODAY).rows
    assert {r.pk for r in rows} == {dataset_b[k].pk for k in ("B1", "B3", "B4", "B5", "B7")}


def test_a_running_period_takes_its_stock_today(court, dataset_b):
    today = date(2024, 4, 1)
    f = figures(court, ["pending_over_6_months"], period=domain.parse_period("2024-Q2", today), today=today)
    # On 04-01: B2 is not yet past 6 (ends 04-01), B5 closed on 04-01; B1 B3 B4 B7 remain.
    assert (f["pending_over_6_months"].value, f["pending_over_6_months"].as_of) == (Decimal(4), today)


def test_on_time_closure_uses_the_time_limit_of_the_deadlines_app(court, make_case):
    def with_limit(closed_on, end_on, rule="civil_simple"):
        case = make_case(filed_on=date(2023, 12, 1), closed_on=closed_on, closing_manner="judgment")
        CaseDeadline.objects.create(case=case, is_open=False, category=case.category, procedure=case.procedure,
                                    filed_on=case.filed_on, rule_code=rule, time_limit_end_on=end_on,
                                    closed_on=closed_on, is_stale=False)
        return case

    on_time = with_limit(date(2024, 2, 1), date(2024, 2, 1))        # closed on the last day: on time
    late = with_limit(date(2024, 3, 10), date(2024, 3, 9))
    with_limit(date(2024, 3, 10), None, rule="")                    # no statutory limit: not counted
    make_case(filed_on=date(2024, 1, 2), closed_on=date(2024, 3, 10), closing_manner="judgment")  # no row yet
    f = assert_drilldowns_match(court, ["on_time_closure_rate"])["on_time_closure_rate"]
    assert (f.value, f.numerator, f.denominator) == (Decimal("50.00"), 1, 2)
    rows = engine.drilldown("on_time_closure_rate", "denominator", 0, scope_case_q=Q(court_id=court.pk), period=Q1,
                            today=TODAY).rows
    assert {r.pk for r in rows} == {on_time.pk, late.pk}
    # Without a scope (every court) the same figure comes from a join instead of a lookup per case.
    f = assert_drilldowns_match(court, ["on_time_closure_rate"], scope_q=Q())["on_time_closure_rate"]
    assert (f.value, f.numerator, f.denominator) == (Decimal("50.00"), 1, 2)


@pytest.fixture
def families(make_case, bureau, officer):
    c = {}
    c["R1"] = make_case(filed_on=date(2024, 1, 10))
    c["X1"] = make_case("民终", filed_on=date(2024, 2, 20))
    c["E1"] = make_case("执", department=bureau, judge_user=officer, filed_on=date(2024, 3, 1))
    c["E2"] = make_case("执恢", department=bureau, judge_user=officer, filed_on=date(2024, 3, 20))
    c["R2"] = make_case(filed_on=date(2024, 2, 1))
    c["R3"] = make_case(filed_on=date(2023, 12, 1))
    c["E3"] = make_case("执", department=bureau, judge_user=officer, filed_on=date(2024, 1, 5))
    c["R4"] = make_case(filed_on=date(2024, 3, 10))
    c["E4"] = make_case("执", department=bureau, judge_user=officer, filed_on=date(2024, 4, 5))
    c["M"] = make_case("民诉前调", filed_on=date(2024, 1, 2))
    c["R5"] = make_case(filed_on=date(2024, 1, 20))
    link(c["R1"], c["X1"], "appeal")
    link(c["R1"], c["E1"], "enforcement")
    link(c["E1"], c["E2"], "resumed_enforcement")
    link(c["R3"], c["E3"], "enforcement")
    link(c["R4"], c["E4"], "enforcement")
    link(c["M"], c["R5"], "mediation_to_litigation")  # not a family link: R5 is a dispute of its own
    return c


def test_case_to_matter_ratio_counts_each_disputes_cases_wherever_they_are_heard(court, civil, bureau, families,
                                                                                 civil_head):
    # Disputes filed in Q1: R1, R2, R4, R5 (E3 comes from R3 of 2023; M is outside the statistics).
    # Their cases by 03-31: R1 X1 E1 E2, R2, R4 (E4 is filed in April), R5 → 7 ÷ 4.
    f = assert_drilldowns_match(court, ["case_to_matter_ratio"])["case_to_matter_ratio"]
    assert (f.value, f.numerator, f.denominator) == (Decimal("1.75"), 7, 4)
    f = assert_drilldowns_match(court, ["case_to_matter_ratio"], scope_q=Q())["case_to_matter_ratio"]  # hash form
    assert (f.numerator, f.denominator) == (7, 4)
    # A period reaching today needs no filing-date check (nothing is filed later): the year 2024 seen on 12-31
    # counts E4 (filed in April) with R4's dispute.
    year = domain.parse_period("2024", date(2024, 12, 31))
    for scope_q in (Q(court_id=court.pk), Q()):
        f = assert_drilldowns_match(court, ["case_to_matter_ratio"], period=year, today=date(2024, 12, 31),
                                    scope_q=scope_q)["case_to_matter_ratio"]
        assert (f.value, f.numerator, f.denominator) == (Decimal("2.00"), 8, 4)
    # The civil division's disputes take their enforcement cases with them (heard by the bureau).
    civil_q = Q(court_id=court.pk, department_id=civil.pk)
    f = figures(court, ["case_to_matter_ratio"], scope_q=civil_q)["case_to_matter_ratio"]
    assert (f.numerator, f.denominator) == (7, 4)
    bureau_q = Q(court_id=court.pk, department_id=bureau.pk)
    f = figures(court, ["case_to_matter_ratio"], scope_q=bureau_q)["case_to_matter_ratio"]
    assert (f.value, f.denominator, f.reason) == (None, 0, ZERO_DENOMINATOR)
    # The civil head sees the dispute's own cases; the two enforcement cases are counted but not shown.
    result = engine.drilldown("case_to_matter_ratio", "numerator", 0, scope_case_q=civil_q & case_scope_q(civil_head),
                              period=Q1, today=TODAY, visible_case_q=case_scope_q(civil_head))
    assert {r.pk for r in result.rows} == {families[k].pk for k in ("R1", "X1", "R2", "R4", "R5")}
    assert result.hidden == 2


def test_case_to_matter_ratio_by_department_is_each_departments_own(court, civil, bureau, families):
    # 案 comes from the case-table pass (grouped by department) and the cases under them from the family statement
    # (one per group): the two add up per department as the department's own figure does.
    grouped = engine.compute(["case_to_matter_ratio"], scope_case_q=Q(court_id=court.pk), periods=[Q1], today=TODAY,
                             group_by="department_id", groups=[civil.pk, bureau.pk])
    f = grouped[(civil.pk, Q1.key)]["case_to_matter_ratio"]
    assert (f.value, f.numerator, f.denominator, f.numerator_parts) == (Decimal("1.75"), 7, 4, [7])
    f = grouped[(bureau.pk, Q1.key)]["case_to_matter_ratio"]
    assert (f.value, f.numerator, f.denominator, f.reason) == (None, 0, 0, ZERO_DENOMINATOR)


def test_with_no_cases_every_rate_says_no_data_and_never_zero(court):
    f = figures(court)
    for code, figure in f.items():
        assert figure.value is None, code
        formula = FORMULAS[code]
        if formula.unavailable:
            assert figure.numerator is None and figure.reason == formula.unavailable
        else:
            assert figure.reason == ZERO_DENOMINATOR and figure.denominator == 0, code


def test_the_number_of_queries_does_not_grow_with_the_cases(court, make_case):
    codes = list(FORMULAS)
    make_case(filed_on=date(2024, 1, 5))
    # One aggregate per table — cases (with their one-to-one enforcement accounts, time limits and fee allocations),
    # payouts, messages, refunds, fee charges, transfers, services, activities, appeals, certificate requests,
    # submissions, appearances — and one per statement that applies the scope itself: 案-件比's families (案 and 件
    # together), the disputes' enforcement fees, the amounts preserved and their excess (保全财产超标的比例): 16
    # one-row aggregates, sent as ONE statement.
    with CaptureQueriesContext(connection) as first:
        figures(court, codes)
    assert len(indicator_queries(first)) == 1
    assert indicator_queries(first)[0].count(") metrics_s") == 16
    for day in range(1, 29):
        make_case(filed_on=date(2024, 2, day), closed_on=date(2024, 3, 1), closing_manner="judgment")
    with CaptureQueriesContext(connection) as second:
        figures(court, codes)
    assert len(indicator_queries(second)) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT setting")
def test_jit_is_off_only_while_the_indicators_are_computed(court, dataset_a):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        before = cursor.fetchone()[0]
        cursor.execute("SHOW random_page_cost")
        cost_before = cursor.fetchone()[0]
        with CaptureQueriesContext(connection) as captured:
            figures(court, ["clearance_rate"])
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == before
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == cost_before
    assert captured.captured_queries[0]["sql"] == "SET jit = off; SET random_page_cost = 1.1"
    assert captured.captured_queries[-1]["sql"] == "RESET jit; RESET random_page_cost"


def test_statements_built_once_per_shape_give_every_call_its_own_values(court, dataset_a, families, civil, bureau):
    """The statements are built once per shape (codes, number of periods, shape of the scope, grouping) with stand-ins
    for the dates and the scope's values: later calls with other courts, departments and periods get exactly what a
    fresh build gives."""
    codes = list(FORMULAS)
    year = domain.parse_period("2024", date(2024, 12, 31))
    calls = [
        (Q(court_id=court.pk), [Q1], TODAY),
        (Q(court_id=court.pk), [domain.parse_period("2024-02", TODAY)], TODAY),
        (Q(court_id=court.pk + 1000), [Q1], TODAY),  # another court: nothing
        (Q(court_id=court.pk), [year], date(2024, 12, 31)),  # the period reaches today
        (Q(court_id=court.pk, department_id=civil.pk), [Q1], TODAY),
        (Q(court_id=court.pk, department_id=bureau.pk), [Q1], TODAY),
        (Q(court_id=court.pk) & (Q(department_id=bureau.pk) | Q(judge_id=None)), [Q1], TODAY),
        (Q(court_id=court.pk, department_id__in=[civil.pk, bureau.pk]), domain.months_of(Q1), TODAY),
        (Q(), [Q1], TODAY),
        (Q(court_id=court.pk), [Q1, Q1], TODAY),  # a period asked twice
        (Q(court_id=court.pk), [Q1, domain.parse_period("2024-02", TODAY)], TODAY),
    ]

    def run(scope_q, periods, today):
        result = engine.compute(codes, scope_case_q=scope_q, periods=periods, today=today)
        return {key: {code: (f.value, f.numerator, f.denominator, f.numerator_parts, f.denominator_parts)
                      for code, f in figures_.items()} for key, figures_ in result.items()}

    engine._PLANS.clear()
    warm = [run(*call) for call in calls]
    shapes = len(engine._PLANS)
    assert shapes < len(calls)  # the same shape was reused (court ↔ court, civil ↔ bureau, month ↔ month)
    assert all(plan is not None for plan in engine._PLANS.values())
    for call, expected in zip(calls, warm, strict=True):
        engine._PLANS.clear()
        assert run(*call) == expected, call
    # A court with the cases against a court without: the stand-ins were replaced.
    assert warm[0] != warm[2]
    # A scope the engine cannot take apart (an expression) is built for every call, and still right.
    engine._PLANS.clear()
    exists_q = Q(court_id=court.pk) & Q(Exists(Case.objects.filter(pk=OuterRef("pk"), department_id=civil.pk)))
    assert run(exists_q, [Q1], TODAY) == run(Q(court_id=court.pk, department_id=civil.pk), [Q1], TODAY)
    assert len(engine._PLANS) == 1  # only the plain scope's statements were kept


def test_a_period_reaching_today_skips_the_filing_date_check_also_from_the_cache(court, families):
    year = domain.parse_period("2024", date(2024, 12, 31))
    engine._PLANS.clear()
    for _ in range(2):  # built, then from the cache
        with CaptureQueriesContext(connection) as captured:
            f = figures(court, ["case_to_matter_ratio"], period=year, today=date(2024, 12, 31))["case_to_matter_ratio"]
        assert (f.numerator, f.denominator) == (8, 4)
        assert "m.filed_on" not in " ".join(indicator_queries(captured))
    with CaptureQueriesContext(connection) as captured:  # the same shape, a period that ended before today
        f = figures(court, ["case_to_matter_ratio"], period=Q1, today=date(2024, 12, 31))["case_to_matter_ratio"]
    assert (f.numerator, f.denominator) == (7, 4)
    assert "m.filed_on" in " ".join(indicator_queries(captured))


def test_a_scope_that_can_hold_no_case_gives_no_data(court, dataset_a, families):
    for _ in range(2):  # built, then from the cache
        f = figures(court, scope_q=Q(pk__in=[]))
        assert all(figure.value is None for figure in f.values())
        assert f["case_to_matter_ratio"].denominator == 0 and f["clearance_rate"].denominator == 0
