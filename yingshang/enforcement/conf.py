"""Enforcement settings with the rule book's documented defaults (rules-enforcement-credit-bankruptcy.md §2)."""

from django.conf import settings


def payout_days() -> int:
    """Days from the finance department's arrival notice to payout: 30 (法发〔2017〕6号 as reproduced in court rules;
    local rules differ, e.g. 5 days — UNCONFIRMED for 咸丰, hence a setting)."""
    return int(getattr(settings, "ENFORCEMENT_PAYOUT_DAYS", 30))


def message_reply_working_days() -> int:
    """Plan measure 21: party messages answered within 3 working days."""
    return int(getattr(settings, "ENFORCEMENT_MESSAGE_REPLY_WORKING_DAYS", 3))


def round_closure_min_months() -> int:
    """终本 requires more than 3 months since filing (法〔2016〕373号 art. 1)."""
    return int(getattr(settings, "ENFORCEMENT_ROUND_CLOSURE_MIN_MONTHS", 3))
