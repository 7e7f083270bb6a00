"""Users of the plan's supervision, and the real plan imported."""

from pathlib import Path

from yingshang.measures.services import plan_import
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

DATA = Path(__file__).parent / "data"
REAL_PLAN_PATH = DATA / "2023-business-environment-plan.txt"
VARIANT_PLAN_PATH = DATA / "variant-plan-2024.txt"


def real_plan_text() -> str:
    return REAL_PLAN_PATH.read_text(encoding="utf-8")


def staff(kind: str, role: str = Role.JUDGE, **kwargs):
    """A court user in a department of the given kind (named by the kind's label, e.g. 执行局)."""
    court = CourtFactory()
    return UserFactory(role=role, court=court, department=DepartmentFactory(court=court, kind=kind), **kwargs)


def inspector(**kwargs):
    return staff(DepartmentKind.INSPECTION, Role.INSPECTOR, **kwargs)


def trial_manager(**kwargs):
    return staff(DepartmentKind.TRIAL_MANAGEMENT, Role.TRIAL_MANAGEMENT, **kwargs)


def business_office_staff(**kwargs):
    return staff(DepartmentKind.BUSINESS_ENVIRONMENT, Role.ADMIN_STAFF, **kwargs)


def import_real_plan(actor=None):
    """The court's real plan, imported by the system (actor None) unless an actor is given."""
    return plan_import(text=real_plan_text(), actor=actor).plan


def plan_by_hand(title: str = "测试法院2023年营商环境实施方案", year: int = 2023):
    from datetime import date

    from yingshang.measures.models import Plan

    return Plan.objects.create(title=title, year=year, started_on=date(year, 1, 1))


def measure_by_hand(plan, number: int, *, deadline_on=None, deadline_text: str = "", leaders=("胡磊",),
                    responsible=("民事审判庭",), assisting=(), title: str = "", is_active: bool = True,
                    completed_on=None):
    """A measure written directly (not parsed), with its leaders and departments."""
    from yingshang.measures.choices import DepartmentRole
    from yingshang.measures.models import Measure, MeasureDepartment, MeasureLeader

    title = title or f"测试举措{number}"
    measure = Measure.objects.create(
        plan=plan, number=number, label=f"{number}.", title=title, text=title, source_text=title,
        line_number=number, deadline_on=deadline_on, deadline_text=deadline_text,
        is_ongoing=deadline_on is None, is_active=is_active, completed_on=completed_on,
        progress_percent=100 if completed_on else 0, last_reported_on=completed_on)
    MeasureLeader.objects.bulk_create(MeasureLeader(measure=measure, name=n, position=i) for i, n in enumerate(leaders))
    MeasureDepartment.objects.bulk_create(
        [MeasureDepartment(measure=measure, role=DepartmentRole.RESPONSIBLE, name=n, position=i)
         for i, n in enumerate(responsible)]
        + [MeasureDepartment(measure=measure, role=DepartmentRole.ASSISTING, name=n, position=i)
           for i, n in enumerate(assisting)])
    return measure
