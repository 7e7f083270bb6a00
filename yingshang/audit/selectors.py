from yingshang.audit.models import AuditEvent


def audit_list_for_case(*, case_id: int):
    """Every audit event recorded against a case, newest first."""
    return AuditEvent.objects.filter(case_id=case_id).select_related("actor").order_by("-occurred_at", "-id")
