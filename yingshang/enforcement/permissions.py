"""Gatekeepers for enforcement. Reading follows the case scope (cases.permissions); writing needs write access to
the case; approving payouts and deferrals needs a leader who is not the maker."""

from yingshang.cases.permissions import access_case, access_case_for_write
from yingshang.core.errors import NotFound, PermissionDenied
from yingshang.enforcement.errors import EnforcementError
from yingshang.enforcement.models import EnforcementCase
from yingshang.org.choices import Role

APPROVER_ROLES = {Role.DIVISION_HEAD, Role.VICE_PRESIDENT, Role.PRESIDENT}


def access_enforcement(user, case_id) -> EnforcementCase:
    case = access_case(user, case_id)
    enforcement = EnforcementCase.objects.filter(case=case).select_related("case").first()
    if enforcement is None:
        raise NotFound(EnforcementError.NOT_ENFORCEMENT_CASE, "该案件不是执行案件，或尚未建立执行账户")
    return enforcement


def access_enforcement_for_write(user, case_id) -> EnforcementCase:
    access_case_for_write(user, case_id)
    return access_enforcement(user, case_id)


def require_approver(user, enforcement: EnforcementCase) -> None:
    access_case(user, enforcement.case_id)
    if not (user.is_superuser or (user.is_court_staff and user.role in APPROVER_ROLES)):
        raise PermissionDenied(EnforcementError.APPROVER_REQUIRED, "须由执行局局长（庭长）或院领导审批")
