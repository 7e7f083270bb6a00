"""Who may see which scope of the indicators, and who records agency-head appearances.

A scope is loaded only through scope_resolve(), which checks the role and then narrows every figure to the cases the
user may read (cases.permissions.case_scope_q) — a division head sees only their department, a judge their own
cases, the 院长, 审管办, 督察室 and 审委会委员 the whole court."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from yingshang.cases.permissions import can_write_case, case_scope_q
from yingshang.core.errors import NotFound, PermissionDenied
from yingshang.metrics.choices import ScopeKind
from yingshang.metrics.domain import ScopeRef
from yingshang.metrics.errors import MetricsError
from yingshang.org.choices import COURT_WIDE_ROLES, Role

DENIED = "您无权查看该范围的指标：庭长只能查看本部门，法官只能查看本人，全院指标限院长、审管办、督察室和审委会委员"


@dataclass(frozen=True)
class Scope:
    kind: str
    id: int
    court_id: int
    label: str
    case_q: Q           # the scope, narrowed to what the user may read
    department_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def breakdown(self) -> str | None:
        """The level below this one for the comparison chart: departments of a court, judges of a department."""
        return {ScopeKind.COURT: "department_id", ScopeKind.DEPARTMENT: "judge_id",
                ScopeKind.TEAM: "judge_id"}.get(self.kind)


def can_view_metrics(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.is_court_staff))


def sees_court(user) -> bool:
    """院长, 审管办, 督察室, 审委会委员 (and administrators) see the whole court's indicators."""
    return bool(user.is_superuser or user.role in COURT_WIDE_ROLES or user.is_committee_member)


def _supervises(user, department_id: int | None) -> bool:
    return (user.role == Role.VICE_PRESIDENT and department_id is not None
            and user.supervised_departments.filter(pk=department_id).exists())


def _heads(user, department_id: int | None) -> bool:
    return user.role == Role.DIVISION_HEAD and department_id is not None and user.department_id == department_id


def scope_resolve(user, ref: ScopeRef) -> Scope:
    """The scope a user asked for, if the role allows it: NotFound for an unknown id, PermissionDenied otherwise."""
    from yingshang.org.models import Court, Department, Team, User

    if not can_view_metrics(user):
        raise PermissionDenied(MetricsError.SCOPE_DENIED, DENIED)
    visible = case_scope_q(user)
    if ref.kind == ScopeKind.COURT:
        court_id = ref.id or user.court_id
        court = Court.objects.filter(pk=court_id).first() if court_id else None
        if court is None:
            raise NotFound(MetricsError.SCOPE_INVALID, "未找到该法院")
        if not sees_court(user) or (not user.is_superuser and court.pk != user.court_id):
            raise PermissionDenied(MetricsError.SCOPE_DENIED, DENIED)
        return Scope(ScopeKind.COURT, court.pk, court.pk, court.name, Q(court_id=court.pk) & visible)
    if ref.kind == ScopeKind.DEPARTMENT:
        dept = Department.objects.select_related("court").filter(pk=ref.id).first()
        if dept is None:
            raise NotFound(MetricsError.SCOPE_INVALID, "未找到该部门")
        if not ((sees_court(user) and (user.is_superuser or dept.court_id == user.court_id))
                or _supervises(user, dept.pk) or _heads(user, dept.pk)):
            raise PermissionDenied(MetricsError.SCOPE_DENIED, DENIED)
        return Scope(ScopeKind.DEPARTMENT, dept.pk, dept.court_id, dept.name,
                     Q(court_id=dept.court_id, department_id=dept.pk) & visible, department_id=dept.pk)
    if ref.kind == ScopeKind.TEAM:
        team = Team.objects.select_related("department").filter(pk=ref.id).first()
        if team is None:
            raise NotFound(MetricsError.SCOPE_INVALID, "未找到该审判团队")
        court_id = team.department.court_id
        if not ((sees_court(user) and (user.is_superuser or court_id == user.court_id))
                or _supervises(user, team.department_id) or _heads(user, team.department_id)
                or user.team_id == team.pk):
            raise PermissionDenied(MetricsError.SCOPE_DENIED, DENIED)
        return Scope(ScopeKind.TEAM, team.pk, court_id, f"{team.department.name} · {team.name}",
                     Q(court_id=court_id, team_id=team.pk) & visible, department_id=team.department_id)
    judge = User.objects.filter(pk=ref.id, court__isnull=False).first()
    if judge is None:
        raise NotFound(MetricsError.SCOPE_INVALID, "未找到该法官")
    if not ((sees_court(user) and (user.is_superuser or judge.court_id == user.court_id)) or judge.pk == user.pk
            or _supervises(user, judge.department_id) or _heads(user, judge.department_id)):
        raise PermissionDenied(MetricsError.SCOPE_DENIED, DENIED)
    return Scope(ScopeKind.JUDGE, judge.pk, judge.court_id, str(judge),
                 Q(court_id=judge.court_id, judge_id=judge.pk) & visible, department_id=judge.department_id)


def default_scope_ref(user) -> ScopeRef:
    """The scope a user's dashboard opens on: the court for leaders, the department for a division head (the first
    supervised department for a vice-president), otherwise the user's own cases."""
    if sees_court(user) and user.court_id:
        return ScopeRef(ScopeKind.COURT, user.court_id)
    if user.role == Role.DIVISION_HEAD and user.department_id:
        return ScopeRef(ScopeKind.DEPARTMENT, user.department_id)
    if user.role == Role.VICE_PRESIDENT:
        first = user.supervised_departments.order_by("sort_order", "pk").first()
        if first is not None:
            return ScopeRef(ScopeKind.DEPARTMENT, first.pk)
    return ScopeRef(ScopeKind.JUDGE, user.pk)


def can_record_appearance(user, case) -> bool:
    """The tribunal's judges, assistants and clerks who may change the case (cases.permissions.can_write_case)."""
    return can_write_case(user, case)
