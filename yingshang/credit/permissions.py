"""Who decides what in credit: listing, extension, deletion and repair decisions are the president's (the
listing decision is signed by the president, DishonestProv art. 5); enforcement staff prepare them."""

from yingshang.core.errors import PermissionDenied
from yingshang.credit.errors import CreditError
from yingshang.org.choices import Role

DECIDERS = {Role.PRESIDENT, Role.VICE_PRESIDENT}
PREPARERS = {Role.ENFORCEMENT_OFFICER, Role.DIVISION_HEAD, Role.JUDGE, Role.JUDGE_ASSISTANT, Role.CLERK,
             Role.PRESIDENT, Role.VICE_PRESIDENT}


def require_decider(user) -> None:
    if not (user.is_superuser or (user.is_court_staff and user.role in DECIDERS)):
        raise PermissionDenied(CreditError.PRESIDENT_ONLY, "失信、限制消费及信用修复决定须由院长（分管院长）批准")


def require_preparer(user) -> None:
    if not (user.is_superuser or (user.is_court_staff and user.role in PREPARERS)):
        raise PermissionDenied("CREDIT_STAFF_ONLY", "仅限执行部门工作人员办理")


def is_integrity_department(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.INTEGRITY_DEPARTMENT))
