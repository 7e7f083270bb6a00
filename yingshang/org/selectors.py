from yingshang.org.models import Court, Department, User


def court_get_home() -> Court | None:
    """The court this installation serves (settings.COURT_CODE), or the first court."""
    from django.conf import settings

    return Court.objects.filter(code=settings.COURT_CODE).first() or Court.objects.order_by("id").first()


def department_list(*, court: Court):
    return Department.objects.filter(court=court).order_by("sort_order", "id")


def user_list_by_role(*, role: str):
    return User.objects.filter(role=role, is_active=True).select_related("department")
