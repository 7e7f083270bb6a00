"""Who may change the working-day calendar: 审管办 and 综合管理人员 (court staff), and superusers."""

from yingshang.calendar.errors import CalendarError
from yingshang.core.errors import PermissionDenied
from yingshang.org.choices import Role

CALENDAR_EDITOR_ROLES = {Role.TRIAL_MANAGEMENT, Role.ADMIN_STAFF}


def can_manage_calendar(user) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in CALENDAR_EDITOR_ROLES


def require_manage_calendar(user) -> None:
    if not can_manage_calendar(user):
        raise PermissionDenied(CalendarError.EDIT_DENIED, "只有审管办或综合管理人员可以修改工作日历")
