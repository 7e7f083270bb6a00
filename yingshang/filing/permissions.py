"""Who may do what with filings. A filing is loaded only through access_filing(), which answers "not found" for
both absent and not-yours: an applicant sees only their own filings; 立案庭 (and the court-wide roles) see the
court's filings; only 立案庭 registers, refuses and asks for supplements (cases.permissions.can_register_cases)."""

from django.db.models import Q

from yingshang.cases.permissions import can_register_cases
from yingshang.core.errors import NotFound, PermissionDenied
from yingshang.filing.errors import FilingError
from yingshang.org.choices import COURT_WIDE_ROLES, DepartmentKind, Role

OUTSIDE_FILER_ROLES = {Role.PARTY, Role.LAWYER}
# Court roles that follow the registration figures (read-only): 院长, 审管办, 督察室, and the supervising VP.
FILING_READER_ROLES = COURT_WIDE_ROLES | {Role.VICE_PRESIDENT}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_filing_staff(user) -> bool:
    return _active(user) and user.is_court_staff and bool(user.department_id) and \
        user.department.kind == DepartmentKind.FILING


def can_review_filings(user) -> bool:
    """立案庭 registers, refuses and asks for supplements (and triages)."""
    return _active(user) and can_register_cases(user)


def require_review(user) -> None:
    if not can_review_filings(user):
        raise PermissionDenied(FilingError.REVIEW_DENIED, "只有立案庭工作人员可以审查立案申请")


def can_read_court_filings(user) -> bool:
    return _active(user) and (can_review_filings(user) or (user.is_court_staff and user.role in FILING_READER_ROLES))


def can_submit_online(user) -> bool:
    return _active(user) and user.role in OUTSIDE_FILER_ROLES


def can_edit_triage_tables(user) -> bool:
    """The small-claims wage table and the 繁简分流 criteria: 立案庭 heads and administrators."""
    return _active(user) and (user.is_superuser or (is_filing_staff(user) and user.role == Role.DIVISION_HEAD))


def require_edit_triage_tables(user) -> None:
    if not can_edit_triage_tables(user):
        raise PermissionDenied(FilingError.THRESHOLD_EDIT_DENIED, "只有立案庭庭长或系统管理员可以修改该表")


def filing_scope_q(user) -> Q:
    """The filings a user may read, as a filter on Filing."""
    if not _active(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    if can_read_court_filings(user):
        return Q(court_id=user.court_id) if user.court_id else Q(pk__in=[])
    if user.is_court_staff:
        return Q(pk__in=[])
    return Q(applicant_id=user.pk)


def access_filing(user, filing_id):
    """Load a filing the user may read, or raise NotFound."""
    from yingshang.filing.models import Filing

    try:
        filing_id = int(filing_id)
    except (TypeError, ValueError):
        raise NotFound("FILING_NOT_FOUND", "未找到该立案申请，或您无权查看")
    filing = (Filing.objects.select_related("court", "cause", "applicant", "submitted_by", "decided_by", "case",
                                            "batch")
              .filter(filing_scope_q(user), pk=filing_id).first())
    if filing is None:
        raise NotFound("FILING_NOT_FOUND", "未找到该立案申请，或您无权查看")
    return filing


def access_filing_for_review(user, filing_id):
    """A filing of the reviewer's court, for 立案庭 actions: NotFound if not visible, PermissionDenied if read-only."""
    filing = access_filing(user, filing_id)
    require_review(user)
    return filing
