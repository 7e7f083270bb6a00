"""Who may do what with assessments."""

from yingshang.core.errors import PermissionDenied
from yingshang.org.choices import Role

TEMPLATE_EDITORS = {Role.TRIAL_MANAGEMENT}
SUPERVISORS = {Role.TRIAL_MANAGEMENT, Role.PRESIDENT, Role.VICE_PRESIDENT, Role.INSPECTOR}
APPROVERS = {Role.PRESIDENT, Role.VICE_PRESIDENT}


def _has(user, roles) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role in roles))


def require_template_editor(user) -> None:
    """审管办 edits the templates (plan measure 5)."""
    if not _has(user, TEMPLATE_EDITORS):
        raise PermissionDenied("ASSESSMENT_TEMPLATE_EDIT_DENIED", "只有审管办可以编辑评估模板")


def require_supervisor(user) -> None:
    """Statistics, sampling and reviews: 审管办, leaders, 督察室."""
    if not _has(user, SUPERVISORS):
        raise PermissionDenied("ASSESSMENT_SUPERVISION_DENIED", "只有审管办、院领导和督察室可以查看统计与抽查")


def require_approver(user) -> None:
    if not _has(user, APPROVERS):
        raise PermissionDenied("ASSESSMENT_APPROVAL_DENIED", "典型案例须由院长或分管院长审定")


def is_supervisor(user) -> bool:
    return _has(user, SUPERVISORS)


def is_administrative_tribunal(user) -> bool:
    """行政审判庭 / 环境资源法庭 staff and 审管办 guide agencies (measure 12)."""
    from yingshang.org.choices import DepartmentKind

    if not (user and user.is_authenticated):
        return False
    if user.is_superuser or user.role == Role.TRIAL_MANAGEMENT:
        return True
    return bool(user.is_court_staff and user.department_id and user.department.kind in (
        DepartmentKind.ADMINISTRATIVE, DepartmentKind.ENVIRONMENT))


def require_administrative_tribunal(user) -> None:
    if not is_administrative_tribunal(user):
        raise PermissionDenied("ASSESSMENT_TRIBUNAL_ONLY", "只有行政审判庭、环境资源法庭或审管办可以办理")


def agencies_of(user):
    """The agencies a user may act for (agency staff) — empty for everyone else."""
    from yingshang.assessments.models import Agency

    if not (user and user.is_authenticated) or user.role != Role.AGENCY:
        return Agency.objects.none()
    return Agency.objects.filter(members=user)
