"""Settings of the deadlines app, read with their documented defaults (do not read settings elsewhere).

The rule book leaves these open (rules-fees-periods-case-numbers.md §2, §3.1; 2023 plan measures 13–14);
each is a setting so the court can change it without a release.
"""

from django.conf import settings


def time_limit_rolls_over_holidays() -> bool:
    """Whether a judge's own time limit that ends on a rest day moves to the next working day (§3.1: the SPC
    2014 text applies CPL 85 to 审限; some systems do not). Default: roll over."""
    return bool(getattr(settings, "TIME_LIMIT_ROLLS_OVER_HOLIDAYS", True))


def long_pending_lookahead_days() -> int:
    """How many days before 6/9/12 months a case counts as "about to pass" (issue 3 §5). Default 30."""
    return int(getattr(settings, "LONG_PENDING_LOOKAHEAD_DAYS", 30))


def time_limit_alert_days() -> tuple[int, int, int]:
    """Time-limit alert thresholds in days before expiry, widest first. Default (30, 15, 7)."""
    wide, mid, narrow = getattr(settings, "TIME_LIMIT_ALERT_DAYS", (30, 15, 7))
    return int(wide), int(mid), int(narrow)


def same_reason_rule_enabled() -> bool:
    """The court's own rule (2023 plan measure 14): the same reason cannot support a second extension
    (原则上 — a 院长 may override with a recorded reason). Default: on."""
    return bool(getattr(settings, "EXTENSION_SAME_REASON_RULE", True))


def appeal_answer_days() -> int:
    """The appellee's answer period after service of the appeal (CPL 174: 15 days). Default 15."""
    return int(getattr(settings, "APPEAL_ANSWER_DAYS", 15))


def appeal_transfer_days() -> int:
    """Days after the answer period ends within which the file goes to the second-instance court
    (2023 plan measure 14: 5 days). Default 5."""
    return int(getattr(settings, "APPEAL_TRANSFER_DAYS", 5))


def appeal_transfer_warning_days() -> int:
    """How many days before the transfer is due an alert is raised. Default 2."""
    return int(getattr(settings, "APPEAL_TRANSFER_WARNING_DAYS", 2))


def full_scan_weekday() -> int:
    """The weekday (0 = Monday … 6 = Sunday) on which the daily scan compares every case with its deadline row
    instead of only the cases changed since the previous run (catches changes made behind the services' back).
    Default 6 (Sunday)."""
    return int(getattr(settings, "DEADLINES_FULL_SCAN_WEEKDAY", 6))


def watermark_margin_minutes() -> int:
    """How far before the previous run's start an incremental run looks for changed cases (transactions that
    were open while it ran). Default 60."""
    return int(getattr(settings, "DEADLINES_WATERMARK_MARGIN_MINUTES", 60))
