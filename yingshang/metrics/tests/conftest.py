"""Set-up for the indicator tests: one court (鄂2826) with a civil division, a people's tribunal, the enforcement
bureau and the administrative tribunal, their judges and heads, the 院长 and 审管办. The period is 2024 Q1 and
"today" is 2024-06-30, so stock figures are taken on 2024-03-31."""

from datetime import date

import pytest
from django.db.models import Q

from yingshang.cases.choices import CaseCategory, CaseStatus, Procedure
from yingshang.cases.models import CaseLink
from yingshang.cases.services import case_family_roots_rebuild
from yingshang.cases.tests.factories import CaseFactory
from yingshang.metrics import domain, engine
from yingshang.metrics.formulas import COUNT, CASES, DAYS, FORMULAS, SUM
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

TODAY = date(2024, 6, 30)
Q1 = domain.parse_period("2024-Q1", TODAY)


@pytest.fixture
def court(db):
    return CourtFactory()


@pytest.fixture
def civil(court):
    return DepartmentFactory(court=court, kind=DepartmentKind.CIVIL, name="民事审判庭")


@pytest.fixture
def tribunal(court):
    return DepartmentFactory(court=court, kind=DepartmentKind.TRIBUNAL, name="高乐山人民法庭")


@pytest.fixture
def bureau(court):
    return DepartmentFactory(court=court, kind=DepartmentKind.ENFORCEMENT, name="执行局")


@pytest.fixture
def admin_tribunal(court):
    return DepartmentFactory(court=court, kind=DepartmentKind.ADMINISTRATIVE, name="行政审判庭")


@pytest.fixture
def judge(court, civil):
    return UserFactory(role=Role.JUDGE, court=court, department=civil, display_name="民庭法官甲")


@pytest.fixture
def tribunal_judge(court, tribunal):
    return UserFactory(role=Role.JUDGE, court=court, department=tribunal, display_name="法庭法官乙")


@pytest.fixture
def officer(court, bureau):
    return UserFactory(role=Role.ENFORCEMENT_OFFICER, court=court, department=bureau, display_name="执行员丙")


@pytest.fixture
def admin_judge(court, admin_tribunal):
    return UserFactory(role=Role.JUDGE, court=court, department=admin_tribunal, display_name="行政庭法官丁")


@pytest.fixture
def civil_head(court, civil):
    return UserFactory(role=Role.DIVISION_HEAD, court=court, department=civil, display_name="民庭庭长")


@pytest.fixture
def president(court):
    return UserFactory(role=Role.PRESIDENT, court=court, department=None, display_name="院长")


@pytest.fixture
def trial_manager(court):
    dept = DepartmentFactory(court=court, kind=DepartmentKind.TRIAL_MANAGEMENT, name="审判管理办公室")
    return UserFactory(role=Role.TRIAL_MANAGEMENT, court=court, department=dept, display_name="审管办")


@pytest.fixture
def make_case(court, civil, judge):
    """A case with sensible defaults: civil first instance (民初) in the civil division, open."""
    def make(type_code="民初", *, department=None, judge_user=None, closed_on=None, **kwargs):
        defaults = {"category": CaseCategory.CIVIL, "procedure": Procedure.ORDINARY}
        if type_code in ("执", "执恢", "执保"):
            defaults = {"category": CaseCategory.ENFORCEMENT, "procedure": Procedure.ENFORCEMENT}
        elif type_code in ("行初",):
            defaults = {"category": CaseCategory.ADMINISTRATIVE, "procedure": Procedure.ORDINARY}
        elif type_code in ("刑初",):
            defaults = {"category": CaseCategory.CRIMINAL, "procedure": Procedure.ORDINARY}
        elif type_code == "民终":
            defaults = {"category": CaseCategory.CIVIL, "procedure": Procedure.SECOND_INSTANCE}
        elif type_code == "民诉前调":
            defaults = {"category": CaseCategory.PRE_FILING_MEDIATION, "procedure": Procedure.NON_LITIGATION}
        defaults.update(kwargs)
        status = CaseStatus.CLOSED if closed_on else CaseStatus.IN_PROGRESS
        dept = department or civil
        return CaseFactory(court=court, type_code=type_code, department=dept, judge=judge_user or judge,
                           closed_on=closed_on, status=status, **defaults)
    return make


def link(from_case, to_case, kind="appeal"):
    """A link as inserted in bulk (no actor, no access check), with Case.family_root rebuilt as after bulk inserts
    (cases.services.case_link keeps it one link at a time: tested in the cases app)."""
    created = CaseLink.objects.create(from_case=from_case, to_case=to_case, kind=kind)
    case_family_roots_rebuild()
    return created


def figures(court, codes=None, *, period=Q1, today=TODAY, scope_q=None) -> dict:
    """Every indicator (or the ones named) for the court (or scope) and period: {code: Figure}."""
    codes = list(codes or FORMULAS)
    return engine.compute(codes, scope_case_q=scope_q if scope_q is not None else Q(court_id=court.pk),
                          periods=[period], today=today)[(None, period.key)]


def assert_drilldowns_match(court, codes, *, period=Q1, today=TODAY, scope_q=None):
    """Every part of every figure drills down to exactly what it counted: the number of rows (distinct cases for
    case counts) equals the part's amount, and the contributions of sums and day counts add up to it."""
    scope = scope_q if scope_q is not None else Q(court_id=court.pk)
    result = figures(court, codes, period=period, today=today, scope_q=scope)
    for code in codes:
        figure, formula = result[code], FORMULAS[code]
        if figure.numerator is None:
            continue
        for side, parts, amounts in (("numerator", formula.numerator, figure.numerator_parts),
                                     ("denominator", formula.denominator, figure.denominator_parts)):
            for index, (part, amount) in enumerate(zip(parts, amounts)):
                rows = engine.drilldown(code, side, index, scope_case_q=scope, period=period, today=today).rows
                if part.agg in (COUNT, CASES):
                    assert rows.count() == amount, (code, side, index)
                    assert len({r.pk for r in rows}) == amount, (code, side, index)
                elif part.agg in (SUM, DAYS):
                    assert sum(r.contribution for r in rows) == amount, (code, side, index)
    return result
