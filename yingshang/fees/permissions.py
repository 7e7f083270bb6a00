"""Gatekeepers for fees. Rows are loaded through the case scope (cases.permissions.case_scope_q), so "absent" and
"not yours" answer the same NotFound. Finance (Role.FINANCE) records money; the 院长 approves hardship waivers
(院长办公会, plan measure 35); the judge or 立案庭 (those who may write the case) issue charges and share fees."""

from yingshang.cases.models import CaseAgent, CaseParty
from yingshang.cases.permissions import access_case, can_write_case, case_scope_q
from yingshang.core.errors import NotFound, PermissionDenied
from yingshang.fees.choices import ReliefGround
from yingshang.fees.errors import FeeError
from yingshang.fees.models import FeeCharge, FeeRelief, FeeShare, RefundOrder
from yingshang.org.choices import Role

# Who may read the court-wide refund ledger (退费台账) and its export.
REFUND_LEDGER_ROLES = {Role.FINANCE, Role.PRESIDENT, Role.VICE_PRESIDENT, Role.TRIAL_MANAGEMENT, Role.INSPECTOR}


def is_finance(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.FINANCE))


def require_finance(user) -> None:
    if not is_finance(user):
        raise PermissionDenied(FeeError.FINANCE_ONLY, "只有财务人员可以登记收退费")


def is_president(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.PRESIDENT))


def can_see_refund_ledger(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role in REFUND_LEDGER_ROLES))


def require_refund_ledger(user) -> None:
    if not can_see_refund_ledger(user):
        raise PermissionDenied(FeeError.LEDGER_DENIED, "退费台账仅供财务、院领导和审管办查看")


def can_manage_case_fees(user, case) -> bool:
    """Issue charges and record the fee sharing: whoever may write the case (承办法官、立案庭 …)."""
    return bool(user and user.is_authenticated and can_write_case(user, case))


def access_case_fees_for_write(user, case_id):
    case = access_case(user, case_id)
    if not can_manage_case_fees(user, case):
        raise PermissionDenied(FeeError.WRITE_DENIED, "您无权变更该案件的诉讼费")
    return case


def represents(user, case_party: CaseParty) -> bool:
    """The user is the party (through a portal account) or its registered agent."""
    if not user or not user.is_authenticated:
        return False
    return (case_party.party.users.filter(pk=user.pk).exists()
            or CaseAgent.objects.filter(case_party=case_party, agent=user).exists())


def can_decide_relief(user, relief: FeeRelief) -> bool:
    """Hardship: only the 院长 (after the 院长办公会). Withdrawal and bankruptcy waivers are granted as of course
    (plan measure 35: 应予准许): the 院长 or whoever may write the case."""
    if is_president(user):
        return True
    if relief.ground == ReliefGround.HARDSHIP:
        return False
    return can_write_case(user, relief.case)


def _scoped(model, user, pk, code: str, message: str, *, lock: bool = False):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(code, message)
    if not model.objects.filter(pk=pk, case__in=_case_ids(user)).exists():
        raise NotFound(code, message)
    qs = model.objects.select_related("case")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=pk)


def _case_ids(user):
    from yingshang.cases.models import Case

    return Case.objects.filter(case_scope_q(user)).values("pk")


def access_charge(user, charge_id, *, lock: bool = False) -> FeeCharge:
    return _scoped(FeeCharge, user, charge_id, FeeError.CHARGE_NOT_FOUND, "未找到该收费项目，或您无权查看", lock=lock)


def access_refund(user, refund_id, *, lock: bool = False) -> RefundOrder:
    return _scoped(RefundOrder, user, refund_id, FeeError.REFUND_NOT_FOUND, "未找到该退费单，或您无权查看", lock=lock)


def access_relief(user, relief_id, *, lock: bool = False) -> FeeRelief:
    return _scoped(FeeRelief, user, relief_id, FeeError.RELIEF_NOT_FOUND, "未找到该申请，或您无权查看", lock=lock)


def access_share(user, share_id, *, lock: bool = False) -> FeeShare:
    try:
        share_id = int(share_id)
    except (TypeError, ValueError):
        raise NotFound(FeeError.ALLOCATION_NOT_FOUND, "未找到该负担份额，或您无权查看")
    if not FeeShare.objects.filter(pk=share_id, allocation__case__in=_case_ids(user)).exists():
        raise NotFound(FeeError.ALLOCATION_NOT_FOUND, "未找到该负担份额，或您无权查看")
    qs = FeeShare.objects.select_related("allocation__case", "case_party__party")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=share_id)
