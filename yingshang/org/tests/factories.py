"""factory_boy factories for the court organisation. Use these in every app's tests."""

import factory

from yingshang.org.choices import CourtLevel, DepartmentKind, Role, TeamKind
from yingshang.org.models import Court, Department, Team, User


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court
        django_get_or_create = ("code",)

    name = "咸丰县人民法院"
    code = "鄂2826"
    level = CourtLevel.BASIC


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("court", "name")

    court = factory.SubFactory(CourtFactory)
    kind = DepartmentKind.CIVIL
    name = factory.LazyAttribute(lambda o: DepartmentKind(o.kind).label)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"第{n}审判团队")
    kind = TeamKind.GENERAL


class UserFactory(factory.django.DjangoModelFactory):
    """A court judge in the civil division by default. ``role=Role.PARTY`` etc. for outside users
    (court and department are then cleared)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.JUDGE
    court = factory.LazyAttribute(lambda o: CourtFactory() if o.role in _court_roles() else None)
    department = factory.LazyAttribute(
        lambda o: DepartmentFactory(court=o.court) if o.court is not None and o.role not in
        (Role.PRESIDENT, Role.VICE_PRESIDENT) else None)
    password = factory.PostGenerationMethodCall("set_password", "pass12345")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def _court_roles():
    from yingshang.org.choices import COURT_ROLES

    return COURT_ROLES


def filing_clerk(**kwargs) -> User:
    """A 立案庭 clerk: the role that registers cases."""
    court = CourtFactory()
    return UserFactory(role=Role.CLERK, court=court,
                       department=DepartmentFactory(court=court, kind=DepartmentKind.FILING), **kwargs)


def president(**kwargs) -> User:
    return UserFactory(role=Role.PRESIDENT, **kwargs)
