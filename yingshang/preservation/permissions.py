"""Who sees and handles preservation applications. Through the case gatekeepers: court staff see the applications
of the cases they can see (yingshang.cases.permissions.case_scope_q) and handle those of the cases they may change
(the case's judge and department, 立案庭, the president); an outside user sees only the applications made by a party
it is or represents — never the respondent's view, since preservation is ordered before the respondent is heard.
A protected row is loaded only through access_application, which answers "not found" for absent and not-yours."""

from django.db.models import Q

from yingshang.cases.models import Case, CaseAgent, Party
from yingshang.cases.permissions import access_case_for_write, can_write_case, case_scope_q
from yingshang.core.errors import NotFound, PermissionDenied
from yingshang.preservation.errors import PreservationError
from yingshang.preservation.models import PreservationApplication


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.is_court_staff))


def own_party_ids(user) -> list[int]:
    own = set(Party.objects.filter(users=user).values_list("pk", flat=True))
    own |= set(CaseAgent.objects.filter(agent=user).values_list("case_party__party_id", flat=True))
    return sorted(own)


def applications_visible_q(user) -> Q:
    """The applications a user may read, as a filter on PreservationApplication."""
    if not user or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    in_scope = Q(case__in=Case.objects.filter(case_scope_q(user)).values("pk"))
    if is_staff(user):
        return in_scope
    return in_scope & Q(applicant_id__in=own_party_ids(user))


def access_application(user, application_id) -> PreservationApplication:
    try:
        application_id = int(application_id)
    except (TypeError, ValueError):
        raise NotFound(PreservationError.NOT_FOUND, "未找到该保全申请，或您无权查看")
    application = (PreservationApplication.objects.select_related("case", "case__judge", "applicant", "respondent")
                   .filter(applications_visible_q(user), pk=application_id).first())
    if application is None:
        raise NotFound(PreservationError.NOT_FOUND, "未找到该保全申请，或您无权查看")
    return application


def can_handle(user, application: PreservationApplication) -> bool:
    return is_staff(user) and can_write_case(user, application.case)


def access_application_for_write(user, application_id) -> PreservationApplication:
    """Court staff who may change the application's case: NotFound if unseen, PermissionDenied if read-only."""
    application = access_application(user, application_id)
    if not can_handle(user, application):
        raise PermissionDenied(PreservationError.WRITE_DENIED, "您无权办理该保全申请（限承办法官、承办部门、立案庭）")
    return application


def access_case_for_preservation(user, case_id) -> Case:
    """Court staff who may record an application in a case."""
    case = access_case_for_write(user, case_id)
    if not is_staff(user):
        raise PermissionDenied(PreservationError.WRITE_DENIED, "保全申请由法院工作人员登记")
    return case


def is_applicant_user(user, application: PreservationApplication) -> bool:
    return bool(user and user.is_authenticated and application.applicant_id in own_party_ids(user))


def can_list_court_applications(user) -> bool:
    """The page list: every court staff member sees the applications of the cases in their scope."""
    return is_staff(user)
