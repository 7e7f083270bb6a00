"""Settings of the measures app, read with their documented defaults (config/settings/*.py is not edited;
override any of these there or through config/env.py)."""

from pathlib import Path

from django.conf import settings

# Phrase in a target's metric → indicator code of the indicators app (issue: indicators). The first phrase
# contained in the metric wins. The indicators app does not exist yet, so these codes are provisional: the
# board shows 「暂无数据」 until MEASURES_INDICATOR_VALUE_PROVIDER answers for a code.
DEFAULT_INDICATOR_MAP = {
    "调撤率": "enterprise_fast_track_mediation_withdrawal_rate",
    "解决纠纷成本": "dispute_resolution_cost_rate",
    "综合利用率": "online_service_utilisation_rate",
    "电子送达率": "electronic_service_rate",
    "未结案件": "long_pending_cases",
    "保全财产": "preservation_excess_rate",
    "退还": "litigation_fee_refund_working_days",
    "案卷移送": "appeal_file_transfer_days",
    "通过APP进行回复": "enforcement_app_reply_working_days",
}


def indicator_map() -> dict[str, str]:
    return dict(getattr(settings, "MEASURES_INDICATOR_MAP", DEFAULT_INDICATOR_MAP))


def indicator_value_provider() -> str:
    """Dotted path of a callable (code: str, today: date) -> {"value": Decimal, "unit": str, "as_of": date} | None.
    Empty: no live values yet (the board says 暂无数据)."""
    return getattr(settings, "MEASURES_INDICATOR_VALUE_PROVIDER", "")


def warning_days() -> int:
    """Amber light this many days before a deadline (UNCONFIRMED; the plan names none)."""
    return int(getattr(settings, "MEASURES_WARNING_DAYS", 30))


def stale_report_days() -> int:
    """Amber light for an ongoing measure without a report for this long: the Party group reviews every quarter
    (plan 四(一)), so 90 days by default."""
    return int(getattr(settings, "MEASURES_STALE_REPORT_DAYS", 90))


def progress_lag_tolerance() -> int:
    """Percentage points that reported progress may trail the share of time used before the light turns amber."""
    return int(getattr(settings, "MEASURES_PROGRESS_LAG_TOLERANCE", 20))


def evidence_max_bytes() -> int:
    return int(getattr(settings, "MEASURES_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))


def evidence_extensions() -> tuple[str, ...]:
    return tuple(getattr(settings, "MEASURES_EVIDENCE_EXTENSIONS",
                         (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".txt", ".ofd", ".zip")))


def plan_max_bytes() -> int:
    return int(getattr(settings, "MEASURES_PLAN_MAX_BYTES", 5 * 1024 * 1024))


def evidence_root() -> Path:
    """Directory of the evidence files. Must lie outside MEDIA_ROOT (the development server serves MEDIA_ROOT
    without any permission check). Default: a sibling of MEDIA_ROOT, e.g. var/private/measures-evidence."""
    configured = getattr(settings, "MEASURES_EVIDENCE_ROOT", "")
    if configured:
        return Path(configured)
    return Path(settings.MEDIA_ROOT).parent / "private" / "measures-evidence"


def reminder_days() -> int:
    """A reminder goes to the responsible departments this many days before a deadline (measures, 督察整改,
    adopted reforms). UNCONFIRMED: the plan names no lead time; 15 days leaves half a month to finish."""
    return int(getattr(settings, "MEASURES_REMINDER_DAYS", 15))
