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
