"""Gatekeepers for cases. A protected case is loaded only through access_case(), which answers
"not found" for both absent and not-yours, so existence does not leak."""

from django.db.models import Exists, OuterRef, Q

from yingshang.cases.models import Case, CaseAgent, CaseParty
from yingshang.core.errors import NotFound, PermissionDenied
from yingshang.org.choices import COURT_WIDE_ROLES, DepartmentKind, Role

# Roles that may change a case they can see (承办、辅助、管理).
CASE_WRITER_ROLES = {Role.PRESIDENT, Role.DIVISION_HEAD, Role.JUDGE, Role.JUDGE_ASSISTANT, Role.CLERK,
                     Role.ENFORCEMENT_OFFICER}


def _is_filing_staff(user) -> bool:
    return bool(user.department_id) and user.department.kind == DepartmentKind.FILING


def sees_whole_court(user) -> bool:
    """院长, 审管办, 督察室, 审委会委员, 立案庭 and finance see every case of their court."""
    return (user.is_superuser or user.role in COURT_WIDE_ROLES or user.is_committee_member
            or user.role == Role.FINANCE or (user.is_court_staff and _is_filing_staff(user)))


def case_scope_q(user) -> Q:
    """The cases a user may read, as a filter on Case."""
    if not user or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_court_staff or user.is_superuser:
        court_q = Q(court_id=user.court_id) if user.court_id else Q()
        if sees_whole_court(user):
            return court_q
        own = Q(judge_id=user.pk)
        if user.role == Role.VICE_PRESIDENT:
            return court_q & (own | Q(department__in=user.supervised_departments.all()))
        if user.department_id:
            own |= Q(department_id=user.department_id)
        if user.team_id:
            own |= Q(team_id=user.team_id)
        return court_q & own
    # Outside users: only cases where they are a party (through a portal account) or an agent.
    as_party = CaseParty.objects.filter(case=OuterRef("pk"), party__users=user)
    as_agent = CaseAgent.objects.filter(case_party__case=OuterRef("pk"), agent=user)
    return Q(Exists(as_party)) | Q(Exists(as_agent))


def access_case(user, case_id) -> Case:
    """Load a case the user may read, or raise NotFound."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise NotFound("CASE_NOT_FOUND", "未找到该案件，或您无权查看")
    case = (Case.objects.select_related("court", "department", "judge", "team", "cause")
            .filter(case_scope_q(user), pk=case_id).first())
    if case is None:
        raise NotFound("CASE_NOT_FOUND", "未找到该案件，或您无权查看")
    return case


def can_write_case(user, case: Case) -> bool:
    if user.is_superuser:
        return True
    if user.role not in CASE_WRITER_ROLES or not user.is_court_staff:
        return False
    if user.role == Role.PRESIDENT or _is_filing_staff(user):
        return True
    return case.judge_id == user.pk or (user.department_id is not None and case.department_id == user.department_id)


def can_decide_case(user, case: Case) -> bool:
    """Suspending, resuming, closing and archiving belong to those who handle the case — its judge, its department,
    the president — not to 立案庭 as such (立案庭 registers, triages and assigns every case, but decides only its own
    department's cases)."""
    if user.is_superuser:
        return True
    if user.role not in CASE_WRITER_ROLES or not user.is_court_staff:
        return False
    if user.role == Role.PRESIDENT:
        return True
    if _is_filing_staff(user) and case.department_id is None:
        return True  # not yet assigned: still in 立案庭's hands (e.g. withdrawn before assignment)
    return case.judge_id == user.pk or (user.department_id is not None and case.department_id == user.department_id)


def access_case_for_decision(user, case_id) -> Case:
    """Load a case whose course the user may decide (status changes): NotFound if unseen, PermissionDenied else."""
    case = access_case_for_write(user, case_id)
    if not can_decide_case(user, case):
        raise PermissionDenied("CASE_DECISION_DENIED", "只有承办法官、承办部门或院长可以中止、结案或归档该案件")
    return case


def access_case_for_write(user, case_id) -> Case:
    """Load a case the user may change: NotFound if they cannot see it, PermissionDenied if read-only."""
    case = access_case(user, case_id)
    if not can_write_case(user, case):
        raise PermissionDenied("CASE_WRITE_DENIED", "您无权变更该案件")
    return case


def can_register_cases(user) -> bool:
    """Only 立案庭 registers cases (and administrators)."""
    return bool(user and user.is_authenticated and (user.is_superuser or (user.is_court_staff and _is_filing_staff(user))))


def require_register(user) -> None:
    if not can_register_cases(user):
        raise PermissionDenied("CASE_REGISTER_DENIED", "只有立案庭工作人员可以立案")
