"""audit_record(): the one way to write an audit event. Call it inside the service's transaction."""

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
import json

from yingshang.audit.models import AuditEvent
from yingshang.core.clock import court_now


class _AuditEncoder(DjangoJSONEncoder):
    """ISO 8601 for dates and moments, strings for Decimals (DjangoJSONEncoder); anything else by str()."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _plain(value: Any) -> Any:
    """JSON-safe copy (dates and moments in ISO 8601, Decimals and enums become strings)."""
    if value is None:
        return None
    # Not json.dumps(default=str): a default= argument replaces the encoder's own default(), so moments came out as
    # "2024-03-15 09:00:00+08:00" instead of ISO 8601.
    return json.loads(json.dumps(value, cls=_AuditEncoder))


def audit_record(*, actor, action: str, target, before: dict | None = None, after: dict | None = None,
                 reason: str = "", case_id: int | None = None) -> AuditEvent:
    """Append one audit event: who (actor), what (action, target), before, after, why (reason)."""
    if case_id is None and target._meta.label_lower == "cases.case":  # not any model that happens to be named Case
        case_id = target.pk
    return AuditEvent.objects.create(
        occurred_at=court_now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        case_id=case_id,
        before=_plain(before),
        after=_plain(after),
        reason=reason or "",
    )
