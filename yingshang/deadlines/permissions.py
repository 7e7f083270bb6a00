"""Who may do what with time limits. Cases are loaded only through yingshang.cases.permissions (not-yours answers
"not found"); these add the deadline-specific rules: only the 院长 decides extensions, boards for leaders."""

from django.db.models import Q

from yingshang.cases.models import Case
from yingshang.cases.permissions import access_case, access_case_for_write, can_write_case, case_scope_q
from yingshang.core.errors import PermissionDenied
from yingshang.deadlines.errors import DeadlineError
from yingshang.org.choices import Role

# Roles that see the long-pending board and the weekly report (plan measure 13: 审管办 runs it; leaders supervise).
BOARD_ROLES = {Role.PRESIDENT, Role.VICE_PRESIDENT, Role.DIVISION_HEAD, Role.TRIAL_MANAGEMENT, Role.INSPECTOR}


def can_see_board(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_court_staff
                and (user.role in BOARD_ROLES or user.is_committee_member))


def require_board(user) -> None:
    if not can_see_board(user):
        raise PermissionDenied(DeadlineError.BOARD_DENIED, "只有院领导、庭长、审管办和督察室可以查看长期未结案件通报")


def board_case_ids(user):
    """The cases a board user may see, as a subquery of ids: 庭长 their department (and own cases), 分管院长 the
    departments they supervise, 院长 / 审管办 / 督察室 / 审委会委员 the whole court (cases.permissions.case_scope_q)."""
    return Case.objects.filter(case_scope_q(user)).values("pk")


def _is_enforcement_limit(case: Case) -> bool:
    """Whether the case's time limit is an enforcement limit (执行期限): its rule, with the case's override."""
    from yingshang.deadlines import domain
    from yingshang.deadlines.models import CaseDeadline

    override = CaseDeadline.objects.filter(case=case).values_list("rule_override", flat=True).first() or ""
    rule = domain.RULES.get(domain.rule_code_for(category=case.category, procedure=case.procedure,
                                                 type_code=case.type_code, override=override))
    return rule is not None and rule.family == domain.ENFORCEMENT


def can_decide_extension(user, case: Case) -> bool:
    """This court's 院长 decides an extension (CPL 152, 164, 183; TermProv 2, 5; 2023 plan measure 14: 审限变更须严格
    报送院长审核). For an enforcement limit the court may also let the 分管副院长 of the case's department decide
    (法发〔2006〕35号 art. 1: 院长或副院长; setting DEADLINES_ENFORCEMENT_EXTENSION_APPROVERS, default the 院长 only,
    per TermProv 5)."""
    from yingshang.deadlines import conf

    if not (user and user.is_authenticated and user.is_active and user.court_id == case.court_id):
        return False
    if user.role == Role.PRESIDENT:
        return True
    if user.role == Role.VICE_PRESIDENT and "vice_president" in conf.enforcement_extension_approvers():
        return (case.department_id is not None
                and user.supervised_departments.filter(pk=case.department_id).exists()
                and _is_enforcement_limit(case))
    return False


def require_decide_extension(user, case: Case) -> None:
    if can_decide_extension(user, case):
        return
    from yingshang.deadlines import conf

    if _is_enforcement_limit(case):
        who = "、".join({"president": "本院院长", "vice_president": "分管副院长"}[a]
                       for a in conf.ENFORCEMENT_APPROVER_CHOICES if a in conf.enforcement_extension_approvers())
        raise PermissionDenied(DeadlineError.EXTENSION_APPROVER_ONLY_PRESIDENT, f"延长执行期限只能由{who}审批")
    raise PermissionDenied(DeadlineError.EXTENSION_APPROVER_ONLY_PRESIDENT, "延长审限只能由本院院长审批")


def access_case_for_time_limit_write(user, case_id) -> Case:
    """Record deductions, ask for extensions, record appeal transfers: whoever may change the case (承办法官、
    本部门人员、院长)."""
    return access_case_for_write(user, case_id)


def can_plan(user, case: Case) -> bool:
    """一案一策: the case's writers, the 审管办 (it runs the clearance plan) and the supervising vice-president."""
    if can_write_case(user, case):
        return True
    if not (user.is_authenticated and user.is_court_staff and user.court_id == case.court_id):
        return False
    if user.role == Role.TRIAL_MANAGEMENT:
        return True
    return user.role == Role.VICE_PRESIDENT and user.supervised_departments.filter(pk=case.department_id).exists()


def access_case_for_plan(user, case_id) -> Case:
    case = access_case(user, case_id)
    if not can_plan(user, case):
        raise PermissionDenied(DeadlineError.WRITE_DENIED, "您无权为该案件制定或更新一案一策")
    return case


def scope_q_for_deadline(user) -> Q:
    """case_scope_q translated to CaseDeadline / Alert rows (through their case)."""
    return Q(case__in=board_case_ids(user))
